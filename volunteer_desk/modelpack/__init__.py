"""Offline model packs: translation packages and tesseract language data from a folder (USB stick).

``manifest`` and ``argos_package`` use only the standard library, so ``installer/make_model_pack.py``
can run on a connected machine with a bare Python; the names below are imported lazily for that reason.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "InstallReport": "volunteer_desk.modelpack.install",
    "ItemOutcome": "volunteer_desk.modelpack.install",
    "install_model_pack": "volunteer_desk.modelpack.install",
    "app_tessdata_dir": "volunteer_desk.modelpack.locations",
    "find_tesseract": "volunteer_desk.modelpack.locations",
    "tessdata_dir_for": "volunteer_desk.modelpack.locations",
}
__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
