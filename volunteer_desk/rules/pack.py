"""Install a rules pack from a folder (USB stick) without a new install of the app.

A rules pack is a model-pack folder (``modelpack.manifest``: ``manifest.json`` listing each file with
its sha256, ``manifest.sig`` its Ed25519 signature by a trusted publisher) whose items have kind ``rules``: one TOML file per domain, the format of
``resources/rules``. Each file is checked (size, sha256, a complete rule file), then written to
``data_dir()/rules/<domain>.toml``; it is used instead of the shipped file only when it is fresher
(``meta.version``, then ``meta.last_reviewed``), so an old stick never rolls the law back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from volunteer_desk.core.atomic import atomic_write
from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound
from volunteer_desk.modelpack.manifest import ManifestError, load_manifest, sha256_file
from volunteer_desk.modelpack.verify import verify_pack

from .store import installed_dir, parse_rule_file, reload, rule_files

KIND = "rules"
MAX_BYTES = 2 * 1024 * 1024  # a rules file is a few kilobytes; refuse anything absurd


@dataclass
class Outcome:
    name: str
    version: str
    status: str  # installed | already | refused
    reason: str = ""


@dataclass
class RulesPackReport:
    pack_name: str = ""
    pack_version: str = ""
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(o.status != "refused" for o in self.outcomes)

    def to_dict(self) -> dict:
        return {"pack": {"name": self.pack_name, "version": self.pack_version}, "ok": self.ok,
                "items": [asdict(o) for o in self.outcomes]}


def install_rules_pack(folder: str | Path, allow_unsigned: bool = False) -> RulesPackReport:
    """Install the rules files of a pack. The manifest must carry a signature by a trusted publisher
    (the project's key, or one the association added with 'modelpack trust add'), the same check as
    model packs: a matching sha256 alone proves nothing about who wrote the law we show families."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NotFound("The rules pack folder does not exist.")
    verify_pack(folder, allow_unsigned=allow_unsigned)  # UntrustedPack / CorruptFile in one line
    try:
        manifest, bad = load_manifest(folder)
    except ManifestError as exc:
        raise BadInput(f"This is not a usable rules pack: {exc}.") from exc
    report = RulesPackReport(manifest.name, manifest.version)
    for raw, reason in bad:
        name = raw.get("name", "?") if isinstance(raw, dict) else "?"
        report.outcomes.append(Outcome(str(name), "", "refused", reason))
    in_force = {rf.domain: rf for rf in rule_files()}
    for item in manifest.items:
        if item.kind != KIND:
            report.outcomes.append(Outcome(item.name, item.version, "refused", "not a rules file"))
            continue
        path = folder / item.file
        try:
            if not path.is_file() or path.stat().st_size != item.size or item.size > MAX_BYTES:
                raise CorruptFile("the file is missing or its size differs from the manifest")
            if sha256_file(path) != item.sha256:
                raise CorruptFile("the checksum differs from the manifest (damaged or altered)")
            data = path.read_bytes()
            parsed = parse_rule_file(data.decode("utf-8"), Path(f"{item.name}.toml"), "installed")
        except (OSError, UnicodeDecodeError, CorruptFile) as exc:
            report.outcomes.append(Outcome(item.name, item.version, "refused", str(exc)))
            continue
        current = in_force.get(parsed.domain)
        if current is not None and parsed.freshness <= current.freshness:
            report.outcomes.append(Outcome(parsed.domain, item.version, "already",
                                           f"reviewed {current.last_reviewed.isoformat()} (version {current.version})"))
            continue
        target = installed_dir()
        target.mkdir(parents=True, exist_ok=True)
        atomic_write(target / f"{parsed.domain}.toml", data, mode=0o644)
        report.outcomes.append(Outcome(parsed.domain, item.version, "installed",
                                       f"reviewed {parsed.last_reviewed.isoformat()} (version {parsed.version})"))
    reload()
    return report
