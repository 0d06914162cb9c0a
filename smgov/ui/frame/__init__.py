"""The frame every section is built on: section and pane bases, forms, dialogs, tables, printing,
background work, message boxes and small widgets."""
