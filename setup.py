"""Packaging hook (metadata lives in pyproject.toml): a wheel carries the top-level resources/ inside the
package as volunteer_desk/_resources (where core/paths.py looks first), with the gettext catalogues
compiled from translations/*.po into _resources/locale. An editable install reads the checkout's
resources/ directly; there the catalogues are compiled into resources/locale.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _compile_catalogues(out: Path) -> None:
    spec = importlib.util.spec_from_file_location("compile_translations",
                                                  ROOT / "installer" / "compile_translations.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not module.compile_all(out, quiet=True):
        raise SystemExit(f"no gettext catalogue found in {module.TRANSLATIONS}")


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            _compile_catalogues(ROOT / "resources" / "locale")
            return
        target = Path(self.build_lib) / "volunteer_desk" / "_resources"
        shutil.rmtree(target, ignore_errors=True)
        # locale/ is a checkout's build output: the wheel gets freshly compiled catalogues instead
        shutil.copytree(ROOT / "resources", target, ignore=shutil.ignore_patterns("locale", "__pycache__"))
        _compile_catalogues(target / "locale")


setup(cmdclass={"build_py": BuildWithResources})
