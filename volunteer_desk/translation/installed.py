"""An installed translation package folder, as argos will see it (metadata, model, tokenizer, splitter).

Read by the model manager (``packages``) and by the probe child (``probe``), which loads a new model in
a separate process before it is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from volunteer_desk.core.safejson import UnsafeJson, loads_limited, read_limited


@dataclass(frozen=True)
class InstalledModel:
    from_code: str
    to_code: str
    version: str
    path: Path
    splitter: str

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


def read_installed(folder: Path) -> InstalledModel | None:
    """An installed package folder as argos sees it, or None if argos could not load it."""
    if not folder.is_dir() or folder.name.startswith("."):
        return None
    meta_path = folder / "metadata.json"

    try:  # a folder dropped by hand (or by an attacker) into the models folder must not break the list
        meta = loads_limited(read_limited(meta_path, 64 << 10), max_bytes=64 << 10, max_depth=8)
    except (OSError, UnsafeJson):
        return None
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        return None
    from_code, to_code = meta.get("from_code"), meta.get("to_code")
    if not (isinstance(from_code, str) and isinstance(to_code, str)):
        return None
    if not (folder / "model" / "model.bin").is_file():
        return None
    if not ((folder / "sentencepiece.model").is_file() or (folder / "bpe.model").is_file()):
        return None
    if any((folder / "minisbd").glob("*.onnx")):
        splitter = "minisbd"
    elif (folder / "stanza").is_dir():
        splitter = "stanza"
    else:
        return None  # argos would try to download a splitter at first use
    return InstalledModel(from_code, to_code, str(meta.get("package_version", "")), folder, splitter)
