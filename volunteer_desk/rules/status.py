"""'Legal rules reviewed on DATE' and the staleness warning, for the self-test, the app and the packet."""

from __future__ import annotations

from datetime import date
from typing import Any

from volunteer_desk.core.i18n import _

from .store import STALE_AFTER_MONTHS, is_stale, reviewed_on, rule_files


def status(today: date | None = None) -> dict[str, Any]:
    return {"reviewed_on": reviewed_on().isoformat(), "stale": is_stale(today),
            "stale_after_months": STALE_AFTER_MONTHS,
            "files": [{"domain": rf.domain, "version": rf.version, "last_reviewed": rf.last_reviewed.isoformat(),
                       "origin": rf.origin, "rules": len(rf.rules)} for rf in rule_files()]}


def staleness_line(today: date | None = None) -> tuple[str, bool]:
    """(the sentence to show, whether it is a warning)."""
    line = _("Legal rules reviewed on {date}.").format(date=reviewed_on().isoformat())
    if is_stale(today):
        return line + " " + _("This is more than {n} months ago: the law may have changed. Check with the BAJ "
                              "or a lawyer, and install a newer rules pack.").format(n=STALE_AFTER_MONTHS), True
    return line, False
