"""packet screens."""
