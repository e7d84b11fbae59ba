"""letters screens."""
