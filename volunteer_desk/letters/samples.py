"""Synthetic letter pages with KNOWN text, for tests, the benchmark and the app's demo.

Variants imitate what volunteers bring: a clean 300 dpi scan, a skewed noisy scan, a phone photo on
a table under a lamp (uneven light, shadow, slight perspective, JPEG artefacts) and pages turned
sideways. Everything is rendered in memory; ``render_page`` returns encoded image bytes.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

VARIANTS = ("clean", "scan_skewed", "phone", "sideways_90", "sideways_180", "sideways_270")
KINDS = ("cpas_decision", "cpas_convocation", "ocmw_beslissing", "jobcenter_bescheid", "rent_notice")

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"))
_FONTS = ("DejaVuSerif.ttf", "DejaVuSans.ttf", "NotoSerif-Regular.ttf", "NotoSans-Regular.ttf")

_TEXTS: dict[str, str] = {
    "cpas_decision": """CPAS de Namur - Service social
Rue de Dave 165, 5100 Jambes
Notre référence : RIS/2024/08731
Namur, le 14 mars 2024

Madame, Monsieur,

Objet : décision relative à votre demande de revenu d'intégration

Le Comité spécial du service social, en sa séance du 12 mars 2024, a décidé de vous octroyer le revenu d'intégration au taux personne avec famille à charge, soit un montant mensuel de 1.626,61 € à partir du 1er février 2024.

Ce montant sera versé chaque mois sur le compte IBAN BE68 5390 0754 7034 au nom du bénéficiaire.

Vous êtes tenu de signaler sans délai tout changement de votre situation familiale, de vos revenus ou de votre adresse. Un projet individualisé d'intégration sociale sera établi avec votre assistante sociale.

Si vous n'êtes pas d'accord avec cette décision, vous pouvez introduire un recours auprès du tribunal du travail de Liège, division Namur, Place du Palais de Justice 5, 5000 Namur, dans les trois mois de la notification de la présente décision. Le recours est gratuit.

Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.

La Directrice générale                Le Président""",
    "cpas_convocation": """CPAS d'Ixelles - Département de l'action sociale
Chaussée de Boondael 92, 1050 Ixelles
Dossier : 2024/11452
Ixelles, le 3 avril 2024

Madame,

Nous vous invitons à un entretien avec votre assistante sociale le mardi 16 avril 2024 à 10 h 30, bureau 2.14.

Veuillez apporter votre carte d'identité, vos trois derniers extraits de compte, le contrat de bail et la composition de ménage. Sans ces documents, votre demande d'aide au loyer de 350,00 € ne pourra pas être examinée.

En cas d'empêchement, prévenez-nous au 02 641 54 11 au moins deux jours avant le rendez-vous.

Nous vous prions d'agréer, Madame, nos salutations distinguées.

L'assistante sociale""",
    "ocmw_beslissing": """OCMW Antwerpen - Sociale dienst
Lange Gasthuisstraat 39, 2000 Antwerpen
Ons kenmerk : LL/2024/5521
Antwerpen, 5 februari 2024

Geachte mevrouw, geachte heer,

Betreft : beslissing over uw aanvraag van een leefloon

Het Bijzonder Comité voor de Sociale Dienst heeft op 2 februari 2024 beslist u een leefloon toe te kennen als persoon met gezinslast, voor een bedrag van 1.626,61 euro per maand vanaf 1 januari 2024.

Het bedrag wordt elke maand gestort op rekening BE68 5390 0754 7034.

Als u niet akkoord gaat met deze beslissing, kunt u binnen de drie maanden beroep aantekenen bij de arbeidsrechtbank. Het beroep is kosteloos.

Met vriendelijke groeten,

De algemeen directeur""",
    "jobcenter_bescheid": """Öffentliches Sozialhilfezentrum Eupen
Aachener Straße 2, 4700 Eupen
Aktenzeichen : SH/2024/0412
Eupen, den 7. Mai 2024

Sehr geehrte Frau, sehr geehrter Herr,

Betreff : Entscheidung über Ihren Antrag auf Eingliederungseinkommen

Der Sonderausschuss für den Sozialdienst hat in seiner Sitzung vom 6. Mai 2024 beschlossen, Ihnen das Eingliederungseinkommen in Höhe von 1.626,61 Euro monatlich zu gewähren.

Gegen diese Entscheidung können Sie innerhalb von drei Monaten Einspruch beim Arbeitsgericht einlegen.

Mit freundlichen Grüßen

Die Generaldirektorin""",
    "rent_notice": """Foyer Namurois SCRL
Rue des Brasseurs 7, 5000 Namur
Locataire n° 48213
Namur, le 28 juin 2024

Madame, Monsieur,

Suite à l'indexation annuelle, votre loyer mensuel passera de 512,40 € à 528,17 € à partir du 1er août 2024. Les charges restent fixées à 85,00 € par mois.

Merci d'adapter votre ordre permanent vers le compte BE71 0961 2345 6769 avant le 25 juillet 2024.

Pour toute question, notre service locataires est joignable du lundi au vendredi de 9 h à 12 h.

Le service gestion locative""",
}


def sample_letter_text(kind: str = "cpas_decision") -> str:
    """Realistic letter text (French CPAS decision by default; also Dutch and German kinds)."""
    try:
        return _TEXTS[kind]
    except KeyError:
        raise ValueError(f"unknown sample kind {kind!r}; choose from {', '.join(KINDS)}") from None


@dataclass(frozen=True)
class SamplePage:
    text: str  # the known text as laid out (lines joined by "\n")
    image: bytes
    variant: str


@lru_cache(maxsize=8)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for folder in _FONT_DIRS:
        path = folder / name
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            lines.append("")
            continue
        current = ""
        for word in paragraph.split(" "):
            trial = f"{current} {word}" if current else word
            if font.getlength(trial) <= width or not current:
                current = trial
            else:
                lines.append(current)
                current = word
        lines.append(current)
    return lines


def render_clean(text: str, *, dpi: int = 300, font_name: str = _FONTS[0], pt: float = 11.0) -> tuple[Image.Image, str]:
    """A4 page, black text on white, greyscale. Returns the image and the text as laid out."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    margin = round(0.9 * dpi)
    font = _font(font_name, round(pt * dpi / 72))
    line_h = round(pt * dpi / 72 * 1.45)
    lines = _wrap(text, font, width - 2 * margin)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    y = margin
    for line in lines:
        if line:
            draw.text((margin, y), line, font=font, fill=0)
        y += line_h
    return img, "\n".join(lines)


def _encode(img: Image.Image, fmt: str = "PNG", quality: int = 90) -> bytes:
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB" if img.mode not in ("L", "RGB") else img.mode).save(buf, "JPEG", quality=quality)
    else:
        img.save(buf, fmt)
    return buf.getvalue()


def _scan_skewed(img: Image.Image, rng: random.Random) -> Image.Image:
    angle = rng.choice([-1, 1]) * rng.uniform(1.5, 4.0)
    out = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    arr: np.ndarray = np.asarray(out, dtype=np.float32)
    nprng = np.random.default_rng(rng.randrange(2**32))
    arr = arr * rng.uniform(0.85, 0.95) + nprng.normal(0, 14, arr.shape)
    # Salt-and-pepper specks, as on a dusty scanner glass.
    specks = nprng.random(arr.shape) < 0.0015
    arr[specks] = 0
    # A dark scanner-lid border on two sides.
    b = rng.randint(25, 70)
    arr[:, :b] = nprng.normal(40, 10, (arr.shape[0], b))
    bb = b // 2
    arr[-bb:, :] = nprng.normal(45, 10, (bb, arr.shape[1]))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")


def _phone(img: Image.Image, rng: random.Random) -> Image.Image:
    """Paper on a darker table, small rotation and perspective, lamp gradient and a hand shadow."""
    nprng = np.random.default_rng(rng.randrange(2**32))
    page = img.convert("RGB")
    w, h = page.size
    # Paper is slightly warm, not pure white.
    paper = Image.new("RGB", page.size, (238, 232, 220))
    page = Image.composite(page, paper, img.point(lambda v: 255 if v < 128 else 0))
    pad_x, pad_y = round(w * 0.08), round(h * 0.06)
    cw, ch = w + 2 * pad_x, h + 2 * pad_y
    table = Image.new("RGB", (cw, ch), (92, 70, 52))
    table.paste(page, (pad_x, pad_y))
    # Perspective: move the corners a little (the phone is not held exactly parallel).
    j = lambda s: rng.uniform(-s, s)  # noqa: E731
    src = [(pad_x, pad_y), (pad_x + w, pad_y), (pad_x + w, pad_y + h), (pad_x, pad_y + h)]
    dst = [
        (pad_x + j(w * 0.03), pad_y + j(h * 0.02)),
        (pad_x + w + j(w * 0.03), pad_y + j(h * 0.02)),
        (pad_x + w + j(w * 0.02), pad_y + h + j(h * 0.02)),
        (pad_x + j(w * 0.02), pad_y + h + j(h * 0.02)),
    ]
    coeffs = _perspective_coeffs(dst, src)
    table = table.transform((cw, ch), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC, fillcolor=(92, 70, 52))
    table = table.rotate(rng.uniform(-2.5, 2.5), resample=Image.Resampling.BICUBIC, fillcolor=(92, 70, 52))
    arr = np.asarray(table, dtype=np.float32)
    # Lamp: strong light falling off from one corner, plus a soft shadow band (hand / phone).
    # Computed on a coarse grid and enlarged: the light field is smooth and this is 50x faster.
    gw, gh = cw // 8, ch // 8
    yy, xx = np.mgrid[0:gh, 0:gw].astype(np.float32) * 8
    lx, ly = rng.uniform(-0.2, 0.4) * cw, rng.uniform(-0.2, 0.3) * ch
    dist = np.sqrt((xx - lx) ** 2 + (yy - ly) ** 2) / np.hypot(cw, ch)
    light = 1.05 - 0.75 * dist
    sx = rng.uniform(0.45, 0.8) * cw
    shadow = 1 - 0.4 / (1 + np.exp(-(xx + 0.35 * yy - sx) / (0.03 * cw)))
    light = cv2.resize(np.clip(light * shadow, 0.2, 1.1), (cw, ch), interpolation=cv2.INTER_LINEAR)
    arr = arr * light[..., None]
    arr += nprng.normal(0, 6, arr.shape[:2]).astype(np.float32)[..., None]
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    return out.filter(ImageFilter.GaussianBlur(0.8))


def _perspective_coeffs(dst: Sequence[tuple[float, float]], src: Sequence[tuple[float, float]]) -> list[float]:
    """Coefficients for PIL's PERSPECTIVE transform mapping output points dst to input points src."""
    a = []
    b = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.extend([u, v])
    return [float(c) for c in np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64))]


def render_sample(
    text: str, variant: str = "clean", seed: int = 0, *, dpi: int = 300, font_name: str | None = None
) -> SamplePage:
    """Render ``text`` as a page in one of ``VARIANTS``; same seed → same bytes."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    rng = random.Random(f"{variant}:{seed}")
    font = font_name or _FONTS[seed % len(_FONTS)]
    img, laid_out = render_clean(text, dpi=dpi, font_name=font)
    if variant == "clean":
        return SamplePage(laid_out, _encode(img), variant)
    if variant == "scan_skewed":
        return SamplePage(laid_out, _encode(_scan_skewed(img, rng)), variant)
    if variant == "phone":
        return SamplePage(laid_out, _encode(_phone(img, rng), "JPEG", quality=rng.randint(55, 70)), variant)
    degrees = int(variant.split("_")[1])
    return SamplePage(laid_out, _encode(img.rotate(degrees, expand=True)), variant)


def render_page(text: str, variant: str = "clean", seed: int = 0, *, dpi: int = 300) -> bytes:
    """Encoded page image (PNG, or JPEG for phone photos) showing ``text``."""
    return render_sample(text, variant, seed, dpi=dpi).image


# --- measuring OCR against the known text ---------------------------------------------------------

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def normalise_for_cer(text: str) -> str:
    """Whitespace runs become one space; typographic quotes and dashes become plain ones."""
    return " ".join(text.translate(_QUOTES).split())


def levenshtein(a: str, b: str) -> int:
    """Edit distance, bit-parallel (Myers/Hyyrö) on Python integers: fast for whole pages."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << len(a)) - 1
    high = 1 << (len(a) - 1)
    pv, mv, score = mask, 0, len(a)
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate of ``hypothesis`` against ``reference`` (0.0 = perfect)."""
    ref, hyp = normalise_for_cer(reference), normalise_for_cer(hypothesis)
    return levenshtein(ref, hyp) / max(1, len(ref))
