"""The nutrition plugin."""
