"""Text that came from outside: what a terminal may print, and what a name may contain.

Two dangers, one module. A family name holding an escape sequence clears the volunteer's terminal, a
newline fakes a second family in ``family list``; a right-to-left override makes "txt.exe" read as
"exe.txt". Names refuse these characters when they are entered (``name_problem``); everything
printed on a terminal goes through ``terminal_safe``, which shows them as visible ``\\u202e``-style
escapes instead (data written before the checks existed still prints as one harmless line).
"""

from __future__ import annotations

import re
import unicodedata

from volunteer_desk.core.errors import BadInput

# C0 and C1 controls (DEL included). Tab and newline are handled by the callers that allow them.
_CONTROLS = "\x00-\x1f\x7f-\x9f"
# Bidi embeddings/overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI): they reorder what
# follows them. The plain marks LRM/RLM/ALM are harmless and common in Arabic text: allowed.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Line/paragraph separators end a line in some terminals and editors.
_SEPARATORS = "\u2028\u2029"
_SURROGATES = "\ud800-\udfff"
# The only invisible format characters (category Cf) a name may hold: ZWNJ, ZWJ and the bidi marks.
_NAME_FORMAT_CHARS = frozenset("\u200c\u200d\u200e\u200f\u061c")

_UNSAFE_TERMINAL = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}{_SEPARATORS}{_SURROGATES}]")
_UNSAFE_TERMINAL_KEEP_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}{_SEPARATORS}{_SURROGATES}]")
_UNSAFE_NAME = re.compile(f"[{_CONTROLS}{BIDI_CONTROLS}{_SEPARATORS}{_SURROGATES}]")
_UNSAFE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_SEPARATORS}{_SURROGATES}]")  # tab allowed
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_SURROGATES}]")  # \t \n \r allowed
_LONE_SURROGATE = re.compile(f"[{_SURROGATES}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` as one harmless printable string: controls, bidi overrides and lone surrogates escaped.

    ``keep_newlines`` keeps ``\\n`` and ``\\t`` (for whole blocks of output, never for a single value).
    """
    value = text if isinstance(text, str) else str(text)
    pattern = _UNSAFE_TERMINAL_KEEP_LINES if keep_newlines else _UNSAFE_TERMINAL
    return pattern.sub(_escape, value)


def has_lone_surrogate(text: str) -> bool:
    """A lone UTF-16 surrogate (``"\\ud800"`` in JSON): not a character, and not encodable as UTF-8."""
    return _LONE_SURROGATE.search(text) is not None


def name_problem(text: str) -> str:
    """Empty when ``text`` may be a name (volunteer, family, member, directory entry); else the kind of
    problem: ``"control"`` (control, bidi override/isolate, separator, or another invisible format
    character such as U+200B or U+FEFF) or ``"surrogate"``. The joiners ZWNJ/ZWJ (Persian, Dari,
    Kurdish spelling) and the marks LRM/RLM/ALM are allowed: they reorder nothing."""
    if has_lone_surrogate(text):
        return "surrogate"
    if _UNSAFE_NAME.search(text):
        return "control"
    if any(unicodedata.category(ch) == "Cf" and ch not in _NAME_FORMAT_CHARS for ch in text):
        return "control"
    return ""


def line_problem(text: str) -> str:
    """Like ``name_problem`` for any one-line field (tab and bidi overrides allowed, newline not)."""
    if has_lone_surrogate(text):
        return "surrogate"
    if _UNSAFE_LINE.search(text):
        return "control"
    return ""


def multiline_problem(text: str) -> str:
    """Like ``line_problem`` for free text (notes): newlines and tabs allowed."""
    if has_lone_surrogate(text):
        return "surrogate"
    if _UNSAFE_MULTILINE.search(text):
        return "control"
    return ""


def replace_surrogates(text: str) -> str:
    """Lone surrogates become U+FFFD, so the text can be printed and encoded."""
    return _LONE_SURROGATE.sub("\ufffd", text) if has_lone_surrogate(text) else text


def check_name(text: str, what: str = "name") -> str:
    """The name stripped of outer spaces; raises BadInput when it holds control/bidi characters, is
    empty or longer than 200 characters. ``what`` names the field in the message (e.g. "volunteer name")."""
    # lazy: keeps `volunteer-desk --version` start-up free of core.i18n (issue 21)
    from volunteer_desk.core.i18n import _

    if not isinstance(text, str):
        raise BadInput(_("{field}: must be text.").format(field=what))
    value = text.strip()
    if not value:
        raise BadInput(_("{field}: must not be empty.").format(field=what))
    if len(value) > MAX_NAME:
        raise BadInput(_("{field}: too long (at most {n} characters).").format(field=what, n=MAX_NAME))
    if name_problem(value):
        raise BadInput(_("{field}: holds control or text-direction characters; type it again.").format(field=what))
    return value


MAX_NAME = 200
