"""The encrypted store: one SQLCipher file per family, key wraps per volunteer."""

from volunteer_desk.vault.store import FamilyFile
from volunteer_desk.vault.vault import FamilySummary, Session, Vault, Volunteer

__all__ = ["FamilyFile", "FamilySummary", "Session", "Vault", "Volunteer"]
