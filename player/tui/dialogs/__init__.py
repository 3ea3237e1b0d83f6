"""Modal dialogs of the Textual player; each returns its answer with `dismiss(value)`."""
