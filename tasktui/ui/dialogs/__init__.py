"""Modal dialogs, one module each, on the shared frame in `base`: assign/triage, deadline
with live preview, notes (progress, done, verify…), confirm, kind, filter, import and the
weekly report. Each returns its result with `dismiss`; the main screen does the write
(through the service) so every write goes one way."""
