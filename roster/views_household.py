"""(placeholder: filled in by the module's own change)."""
