"""Volunteer Desk: offline-first help for volunteers who accompany refugee families."""

__version__ = "0.1.0"
