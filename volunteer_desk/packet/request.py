"""What the volunteer asks for when making a packet: for whom, in which language, which letters and
forms, and what to say. One value passed from the CLI, the packet tab, the demo and the tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from volunteer_desk.core.errors import BadInput
from volunteer_desk.packet.labels import PACKET_LANGUAGES

RECIPIENTS = ("cpas", "cri", "lawyer")


@dataclass(frozen=True)
class FormPdf:
    """A form ready to append: its title and its PDF."""

    title: str
    pdf: bytes


@dataclass(frozen=True)
class PacketRequest:
    """``letter_ids``: letters to enclose (default none: the note alone). ``form_ids``: forms to fill
    and enclose (None: those addressed to the recipient not asked for yet); ``forms``: ready PDFs
    instead. ``show_niss``: national numbers in full (masked otherwise, forms included)."""

    recipient: str = "cpas"
    lang: str = "fr"
    today: date = field(default_factory=date.today)
    # a name, a mapping (name, organisation, address, phone, email) or a record with those attributes
    volunteer: str | Mapping[str, object] | object | None = None
    association: str | Mapping[str, object] | object | None = None
    letter_ids: tuple[str, ...] = ()
    form_ids: tuple[str, ...] | None = None
    forms: tuple[FormPdf, ...] | None = None
    show_niss: bool = False
    reason: str = ""
    questions: str = ""

    def __post_init__(self) -> None:
        if self.recipient not in RECIPIENTS:
            raise BadInput("Unknown recipient: choose cpas, cri or lawyer.")
        if self.lang not in PACKET_LANGUAGES:
            raise BadInput("The packet can be written in French (fr) or Dutch (nl).")
        # lists given by callers are kept as tuples: a request does not change once made
        object.__setattr__(self, "letter_ids", tuple(self.letter_ids or ()))
        for name in ("form_ids", "forms"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, tuple(value))
