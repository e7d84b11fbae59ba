"""forms screens."""
