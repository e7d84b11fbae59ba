"""The sheet's pictograms (resources/pictograms/*.svg), drawn straight onto a reportlab canvas.

The files use a small SVG subset (see the README there): parsing it here is a few lines and keeps
svglib (and its lxml/tinycss2 chain) out of the dependencies. Anything outside the subset raises
CorruptFile, so a pictogram never prints half-drawn.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from volunteer_desk.core import paths
from volunteer_desk.core.errors import CorruptFile

SVG_NS = "{http://www.w3.org/2000/svg}"
SHAPES = ("rect", "circle", "line", "polyline", "polygon", "path")
_PATH_TOKEN = re.compile(r"[MLHVZmlhvz]|-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Shape:
    tag: str
    attrs: dict[str, str]
    points: tuple[tuple[tuple[float, float], ...], ...] = ()   # sub-paths for path/poly*
    closed: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Pictogram:
    name: str
    size: float          # viewBox width (square)
    shapes: tuple[Shape, ...]


def names() -> list[str]:
    return sorted(p.stem for p in paths.resource("pictograms").glob("*.svg"))


def _points(text: str) -> tuple[tuple[float, float], ...]:
    nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]
    return tuple(zip(nums[0::2], nums[1::2], strict=False))


def _path(d: str, name: str) -> tuple[tuple[tuple[tuple[float, float], ...], ...], tuple[bool, ...]]:
    subs: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    tokens = _PATH_TOKEN.findall(d)
    i, cmd, x, y = 0, "", 0.0, 0.0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isalpha():
            if tok.islower():
                raise CorruptFile(f"Pictogram {name}: relative path commands are not supported.")
            cmd = tok
            i += 1
            if cmd == "Z":
                closed[-1] = True
                continue
        if cmd == "M":
            x, y = float(tokens[i]), float(tokens[i + 1])
            subs.append([(x, y)])
            closed.append(False)
            i += 2
            cmd = "L"  # further pairs after M are line-tos
        elif cmd == "L":
            x, y = float(tokens[i]), float(tokens[i + 1])
            subs[-1].append((x, y))
            i += 2
        elif cmd == "H":
            x = float(tokens[i])
            subs[-1].append((x, y))
            i += 1
        elif cmd == "V":
            y = float(tokens[i])
            subs[-1].append((x, y))
            i += 1
        else:
            raise CorruptFile(f"Pictogram {name}: bad path data.")
    return tuple(tuple(s) for s in subs), tuple(closed)


@lru_cache(maxsize=64)
def load(name: str) -> Pictogram:
    path = paths.resource("pictograms", f"{name}.svg")
    try:
        root = ET.fromstring(path.read_text(encoding="utf-8"))
    except (OSError, ET.ParseError) as exc:
        raise CorruptFile(f"Pictogram {name} is missing or damaged.") from exc
    box = [float(v) for v in root.get("viewBox", "0 0 64 64").split()]
    shapes = []
    for el in root:
        tag = el.tag.removeprefix(SVG_NS)
        if tag == "title":
            continue
        if tag not in SHAPES:
            raise CorruptFile(f"Pictogram {name}: <{tag}> is outside the supported SVG subset.")
        attrs = dict(el.attrib)
        if tag == "path":
            subs, closed = _path(attrs.get("d", ""), name)
            shapes.append(Shape(tag, attrs, subs, closed))
        elif tag in ("polyline", "polygon"):
            shapes.append(Shape(tag, attrs, (_points(attrs.get("points", "")),), (tag == "polygon",)))
        else:
            shapes.append(Shape(tag, attrs))
    return Pictogram(name, box[2], tuple(shapes))


def _colour(value: str | None) -> Any:
    # lazy: keeps PIL, reportlab out of start-up until this runs
    from reportlab.lib.colors import HexColor

    if not value or value == "none":
        return None
    return HexColor(value)


def draw(canvas: Any, name: str, x: float, y: float, size: float) -> None:
    """Draw pictogram ``name`` in the square whose lower-left corner is (x, y), ``size`` points wide."""
    pic = load(name)
    scale = size / pic.size
    canvas.saveState()
    canvas.translate(x, y + size)
    canvas.scale(scale, -scale)          # SVG's y axis points down
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    for s in pic.shapes:
        a = s.attrs
        fill, stroke = _colour(a.get("fill", "#000000")), _colour(a.get("stroke"))
        if fill is not None:
            canvas.setFillColor(fill)
        if stroke is not None:
            canvas.setStrokeColor(stroke)
            canvas.setLineWidth(float(a.get("stroke-width", "1")))
        f, st = int(fill is not None), int(stroke is not None)
        if s.tag == "rect":
            rx = float(a.get("rx", "0"))
            args = (float(a["x"]), float(a["y"]), float(a["width"]), float(a["height"]))
            if rx:
                canvas.roundRect(*args, rx, stroke=st, fill=f)
            else:
                canvas.rect(*args, stroke=st, fill=f)
        elif s.tag == "circle":
            canvas.circle(float(a["cx"]), float(a["cy"]), float(a["r"]), stroke=st, fill=f)
        elif s.tag == "line":
            canvas.line(float(a["x1"]), float(a["y1"]), float(a["x2"]), float(a["y2"]))
        else:
            p = canvas.beginPath()
            for sub, closed in zip(s.points, s.closed, strict=True):
                p.moveTo(*sub[0])
                for pt in sub[1:]:
                    p.lineTo(*pt)
                if closed:
                    p.close()
            canvas.drawPath(p, stroke=st, fill=f if s.tag != "polyline" else 0)
    canvas.restoreState()
