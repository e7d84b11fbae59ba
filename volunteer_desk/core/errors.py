"""User-facing errors: one clear, translatable sentence, never a traceback.

Every error a person can cause or meet (wrong passphrase, broken file, missing language data, full
disk) is a subclass of ``UserError``. The CLI prints ``str(err)`` on one line and exits non-zero; the
UI shows it in a dialog. Messages never contain family data, so they may be logged.
"""

from __future__ import annotations


class UserError(Exception):
    """An error the user can understand and act on."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class BadInput(UserError):
    """The user gave something we cannot use (bad JSON, unknown option value, bad id)."""


class NotFound(UserError):
    """A family, volunteer, letter or file that does not exist (or is not visible to this volunteer)."""


class WrongPassphrase(UserError):
    """Passphrase (or recovery kit, or raw key) does not open this vault or file."""


class AccessDenied(UserError):
    """The volunteer is known but may not do this (not an admin, no wrap for this family)."""


class CorruptFile(UserError):
    """A file is damaged or was tampered with. We never delete or re-create it."""


class OpenedElsewhere(UserError):
    """Another instance holds the family file open for writing."""


class UnmergedChanges(UserError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


class MissingDependency(UserError):
    """A program or data file is missing (tesseract language, model, font). Says what to install."""


class EncryptionUnavailable(UserError):
    """Real SQLCipher is not present or not working: we refuse to store anything."""

    exit_code = 3


class DiskFull(UserError):
    """Writing failed for lack of space; the original file is unchanged."""


class Cancelled(UserError):
    """The user cancelled a long job."""

    exit_code = 130

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
