"""Small shared primitives. Never imports Qt."""
