"""The subsidy plugin."""
