"""families screens."""
