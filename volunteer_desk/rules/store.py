"""Load the rule files (shipped in resources/rules, or newer ones installed from a rules pack) and
look rules up by id, date and region.

An installed file (``data_dir()/rules/<domain>.toml``) replaces the shipped file of the same domain
only when its ``meta.version`` is higher, or equal with a later ``meta.last_reviewed``: an old USB
stick can never roll the law back.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from volunteer_desk.core.dates import add_months
from volunteer_desk.core.errors import CorruptFile, NotFound
from volunteer_desk.core.paths import data_dir, resource

from .model import Duration, Rule

LANGS = ("fr", "nl", "en", "ar")
REGIONS = ("be", "wallonia", "brussels")
_KNOWN = {"id", "value", "unit", "region", "valid_from", "valid_to", "source", "article", "last_reviewed",
          "explain", "url", "starts", "body", "verify"}


def shipped_dir() -> Path:
    return resource("rules")


def installed_dir() -> Path:
    return data_dir() / "rules"


@dataclass
class RuleFile:
    domain: str
    version: int
    last_reviewed: date
    reviewed_by: str
    path: Path
    origin: str  # shipped | installed
    rules: list[Rule] = field(default_factory=list)

    @property
    def freshness(self) -> tuple[int, date]:
        return (self.version, self.last_reviewed)


def _date(value: Any, what: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CorruptFile(f"A legal rule has a bad date ({what}).") from exc


def parse_rule_file(text: str, path: Path, origin: str) -> RuleFile:
    """Parse and check one rules file; CorruptFile says what is wrong (no personal data here)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CorruptFile(f"The legal rules file {path.name} is not valid TOML.") from exc
    meta = data.get("meta", {})
    domain = str(meta.get("domain") or path.stem)
    version = meta.get("version")
    reviewed = _date(meta.get("last_reviewed"), "meta.last_reviewed")
    if not isinstance(version, int) or reviewed is None:
        raise CorruptFile(f"The legal rules file {path.name} lacks meta.version or meta.last_reviewed.")
    out = RuleFile(domain, version, reviewed, str(meta.get("reviewed_by", "")), path, origin)
    for raw in data.get("rule", []):
        rid = raw.get("id")
        missing = [k for k in ("id", "value", "unit", "region", "source", "last_reviewed") if k not in raw]
        if missing:
            raise CorruptFile(f"A rule in {path.name} lacks {', '.join(missing)}.")
        explain = raw.get("explain", {})
        absent = [lang for lang in LANGS if not explain.get(lang)]
        if absent:
            raise CorruptFile(f"Rule {rid} in {path.name} has no explanation in {', '.join(absent)}.")
        if raw["region"] not in REGIONS:
            raise CorruptFile(f"Rule {rid} in {path.name} has an unknown region.")
        rule = Rule(id=rid, value=raw["value"], unit=raw["unit"], region=raw["region"],
                    valid_from=_date(raw.get("valid_from"), rid), valid_to=_date(raw.get("valid_to"), rid),
                    source=raw["source"], article=str(raw.get("article", "")),
                    last_reviewed=_date(raw["last_reviewed"], rid) or reviewed, explain=dict(explain),
                    url=str(raw.get("url", "")), starts=str(raw.get("starts", "")), body=str(raw.get("body", "")),
                    verify=bool(raw.get("verify", False)),
                    extra={k: v for k, v in raw.items() if k not in _KNOWN}, domain=domain)
        if rule.unit == "duration":
            try:
                rule.duration  # noqa: B018 - validates the value
            except ValueError as exc:
                raise CorruptFile(f"Rule {rid} in {path.name} has a bad duration.") from exc
        out.rules.append(rule)
    return out


def _read_dir(folder: Path, origin: str) -> dict[str, RuleFile]:
    out: dict[str, RuleFile] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.toml")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CorruptFile(f"The legal rules file {path.name} cannot be read.") from exc
        rf = parse_rule_file(text, path, origin)
        out[rf.domain] = rf
    return out


@lru_cache(maxsize=1)
def rule_files() -> tuple[RuleFile, ...]:
    """The files in force: shipped, each replaced by a fresher installed one."""
    files = _read_dir(shipped_dir(), "shipped")
    if not files:
        raise CorruptFile("The packaged legal rules are missing.")
    try:
        installed = _read_dir(installed_dir(), "installed")
    except CorruptFile:
        installed = {}  # a damaged installed file never hides the shipped rules
    for domain, rf in installed.items():
        if domain not in files or rf.freshness > files[domain].freshness:
            files[domain] = rf
    return tuple(files[d] for d in sorted(files))


def reload() -> None:
    """Forget the cached files (after a rules pack is installed, or in tests)."""
    rule_files.cache_clear()


def all_rules() -> list[Rule]:
    return [r for rf in rule_files() for r in rf.rules]


def get(rule_id: str, on: date | None = None, region: str | None = None) -> Rule:
    """The rule ``rule_id`` in force on ``on`` (default today) in ``region`` ('wallonia', 'brussels';
    a regional rule wins over a federal one). NotFound when no rule applies."""
    day = on or date.today()
    candidates = [r for r in all_rules() if r.id == rule_id and r.applies_on(day)]
    if region in ("wallonia", "brussels"):
        regional = [r for r in candidates if r.region == region]
        candidates = regional or [r for r in candidates if r.region == "be"]
    elif candidates and any(r.region == "be" for r in candidates):
        candidates = [r for r in candidates if r.region == "be"]
    if not candidates:
        raise NotFound(f"No legal rule {rule_id} applies on {day.isoformat()}"
                       + (f" in {region}." if region else "."))
    return candidates[0]


def duration(rule_id: str, on: date | None = None, region: str | None = None) -> Duration:
    return get(rule_id, on, region).duration


def reviewed_on() -> date:
    """The oldest review date of the rule files in force: what the app shows."""
    return min(rf.last_reviewed for rf in rule_files())


STALE_AFTER_MONTHS = 6  # project policy (not law): rules older than this are shown with a warning


def is_stale(today: date | None = None) -> bool:
    return add_months(reviewed_on(), STALE_AFTER_MONTHS) < (today or date.today())
