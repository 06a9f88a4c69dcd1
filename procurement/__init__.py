"""The procurement plugin."""
