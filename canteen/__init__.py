"""The canteen plugin."""
