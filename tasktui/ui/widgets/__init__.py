"""The UI's own widgets, one module each: the task table, the detail pane, the view tabs
and the dashboard."""
