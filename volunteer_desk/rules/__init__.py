"""The law as dated, sourced data: delays, amounts, age limits and conditions per region and period.

``get(id, on=DATE, region=...)`` is the one lookup; letters, trajectory, glossary, forms, packet and
sheet read every legal figure through it. Data: ``resources/rules/*.toml`` (one file per domain),
replaced by fresher files from a rules pack (``rules.pack``). No Qt, no vault.
"""

from .model import Duration, Rule
from .status import staleness_line, status
from .store import (
    STALE_AFTER_MONTHS,
    RuleFile,
    all_rules,
    duration,
    get,
    installed_dir,
    is_stale,
    reload,
    reviewed_on,
    rule_files,
)

__all__ = [
    "STALE_AFTER_MONTHS", "Duration", "Rule", "RuleFile", "all_rules", "duration", "get", "installed_dir",
    "is_stale", "reload", "reviewed_on", "rule_files", "staleness_line", "status",
]
