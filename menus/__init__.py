"""The menus plugin."""
