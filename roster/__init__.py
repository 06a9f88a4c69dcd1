"""The roster plugin."""
