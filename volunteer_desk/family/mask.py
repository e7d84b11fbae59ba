"""Masking of sensitive identifiers for screens and listings (printed only where a form asks)."""

from __future__ import annotations


def masked_niss(niss: str) -> str:
    digits = "".join(c for c in niss if c.isdigit())
    if not digits:
        return ""
    return "•" * max(0, len(digits) - 2) + digits[-2:]
