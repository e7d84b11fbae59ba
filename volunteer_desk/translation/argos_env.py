"""Import argostranslate lazily, pointed at app-owned folders and unable to reach the network.

argostranslate reads its settings once, at import: it creates folders under the user's
``~/.local/share``/``~/.config``/``~/.local/cache`` and may pick an online provider from the
environment. We set its environment only for the duration of the import (so the app's own
platformdirs are untouched), then pin the settings that matter: packages folder, offline provider,
no package index. ``argostranslate/sbd.py`` does a bare ``import stanza``; the lean install has
no stanza, so a stand-in module is registered first (packages whose splitter is stanza use our
own splitter instead, see ``sentences.py``).
"""

from __future__ import annotations

import os
import sys
import threading
import types
from pathlib import Path
from typing import Any

from volunteer_desk.core import paths
from volunteer_desk.core.errors import MissingDependency

_lock = threading.Lock()
_modules: types.SimpleNamespace | None = None


def argos_home() -> Path:
    """Where argos may keep its own settings/cache: inside the app's data folder."""
    return paths.data_dir() / "argos"


def _stanza_stand_in() -> types.ModuleType:
    module = types.ModuleType("stanza")

    def Pipeline(*_args: Any, **_kwargs: Any) -> Any:  # noqa: N802 - mirrors stanza's API
        raise MissingDependency("This translation package needs stanza, which is not installed.")

    module.Pipeline = Pipeline  # type: ignore[attr-defined]
    module.__volunteer_desk_stand_in__ = True  # type: ignore[attr-defined]
    return module


def _refuse_network(*_args: Any, **_kwargs: Any) -> None:
    raise MissingDependency("Volunteer Desk never downloads translation models; install a model pack from a file.")


def _import() -> types.SimpleNamespace:
    home = argos_home()
    models = paths.models_dir()
    env = {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(models),
        "ARGOS_MODEL_PROVIDER": "OPENNMT",
        "ARGOS_CHUNK_TYPE": "DEFAULT",
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_PACKAGE_INDEX": "offline://disabled/",
        "ARGOS_DEBUG": "0",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        if "stanza" not in sys.modules:
            try:
                # lazy: stanza is optional: a stand-in replaces it when absent
                import stanza  # noqa: F401  (a full install may have it; fine)
            except ImportError:
                sys.modules["stanza"] = _stanza_stand_in()
        try:
            # lazy: argostranslate needs the offline environment set just above before it is imported
            from argostranslate import networking, package, sbd, settings
        except ImportError as exc:  # pragma: no cover - installer problem
            raise MissingDependency("The translation engine (argostranslate) is not installed.") from exc
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    # Belt and braces: nothing in argos may fetch anything, whatever a caller does.
    networking.get = _refuse_network
    networking.get_from = _refuse_network
    package.update_package_index = _refuse_network
    settings.remote_package_index = "offline://disabled/index.json"
    settings.model_provider = settings.ModelProvider.OPENNMT
    sbd.minisbd_models.cache_dir = str(home / "minisbd")
    return types.SimpleNamespace(package=package, sbd=sbd, settings=settings)


def argos() -> types.SimpleNamespace:
    """The argostranslate modules (package, sbd, settings), pointed at the current models folder."""
    global _modules
    with _lock:
        if _modules is None:
            _modules = _import()
        models = paths.private_dir(paths.models_dir())
        # The models folder can change during a run (tests, portable mode): re-point every time.
        _modules.settings.package_data_dir = models
        _modules.settings.package_dirs = [models]
        return _modules
