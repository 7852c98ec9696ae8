"""The Textual terminal UI. Only this package imports textual; everything it shows or
changes goes through `tasktui.store.service.Service`."""
