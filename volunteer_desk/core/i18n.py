"""One translation system: gettext. UI language and document language are separate parameters.

Use ``_("… {name}").format(name=…)``; never an f-string inside ``_()``.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

from volunteer_desk.core.paths import locale_dir

DOMAIN = "volunteer_desk"
_ui_language = "en"


@lru_cache(maxsize=16)
def translator(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, locale_dir(), languages=[language], fallback=True)


def set_ui_language(language: str) -> None:
    global _ui_language
    _ui_language = language


def ui_language() -> str:
    return _ui_language


def _(message: str) -> str:
    """Translate into the UI language."""
    return translator(_ui_language).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction where it is translated later, e.g. in a table of labels."""
    return message


def tr(message: str, language: str) -> str:
    """Translate into an explicit language (documents: packets, sheets)."""
    return translator(language).gettext(message)


def C_(context: str, message: str) -> str:  # noqa: N802 - gettext-style marker
    """Mark a string for extraction with its context (msgctxt); translated later with ``pgettext_in``."""
    return message


def pgettext_in(context: str, message: str, language: str) -> str:
    """The entry with this context (msgctxt) in the catalogue of ``language``, not of the UI language:
    a document is written in the language asked for."""
    return translator(language).pgettext(context, message)
