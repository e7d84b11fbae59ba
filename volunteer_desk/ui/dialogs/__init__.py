"""dialogs screens."""
