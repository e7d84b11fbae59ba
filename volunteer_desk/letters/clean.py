"""Page cleaning before OCR: paper and dark borders, uneven light and shadows, orientation, skew,
binarisation. Pure numpy/OpenCV in memory; every geometric step updates a 3×3 matrix that maps the
original page image to the cleaned one, so OCR word boxes can be drawn on the photo.

Orientation is decided here cheaply, from projection profiles: sideways when text lines run
vertically, upside down when there is more ink below the baseline than above the x-height (Latin
ascenders outnumber descenders). When that is too close to call, ``ocr.py`` asks tesseract OSD, which
costs about as much as recognising the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import cv2
import numpy as np

# Pages are cleaned in parallel, one per core, next to their tesseract: OpenCV's own thread pool would
# only oversubscribe the cores (and starve the app's main thread of the GIL holder's time).
cv2.setNumThreads(1)

# Tesseract reads best around 300 dpi; a photo of an A4 page narrower than this gets enlarged.
TARGET_PAGE_WIDTH_PX = 2480  # A4 at 300 dpi
MIN_UPSCALE_WIDTH_PX = 1900
MAX_SKEW_DEG = 8.0
# Paper whose brightness varies less than this (1st to 99th percentile) is evenly lit: no light step.
EVEN_LIGHT = 0.06


@dataclass(frozen=True)
class CleanOptions:
    """Each step can be switched off (the benchmark measures what each one is worth)."""

    paper: bool = True  # find the sheet in a photo, straighten its perspective, cut dark borders
    light: bool = True  # divide by the background: uneven lamp light and shadows
    orientation: bool = True  # sideways (90/270) and upside-down pages
    deskew: bool = True
    binarise: bool = True
    rescale: bool = True


@dataclass
class CleanedPage:
    image: np.ndarray  # uint8 greyscale (0/255 when binarised)
    transform: np.ndarray  # 3×3, original page pixels → cleaned pixels
    orientation: int = 0  # degrees the page was turned clockwise to make it upright
    skew: float = 0.0  # degrees of skew corrected
    steps: list[str] = field(default_factory=list)

    def map_box_to_original(self, x: int, y: int, w: int, h: int) -> list[list[float]]:
        """Corners of a cleaned-page box in original-page coordinates (a quadrilateral)."""
        inv = np.linalg.inv(self.transform)
        pts = np.array([[x, y, 1], [x + w, y, 1], [x + w, y + h, 1], [x, y + h, 1]], dtype=np.float64).T
        out = inv @ pts
        out = out[:2] / out[2]
        return [[round(float(px), 1), round(float(py), 1)] for px, py in out.T]


def shrink(grey: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """``cv2.resize(grey, size, INTER_AREA)`` for a reduction, about 4× cheaper on a full page.

    OpenCV's area filter is fast only for a whole-number factor; for any other it costs ~35 ms on a
    12 Mpx photo (five of them were half of a page's cleaning). So: first the largest whole-number
    reduction that stays above ``size`` (the page cropped by under that many pixels at its right and
    bottom, which keeps coordinates exact), then the area filter on that much smaller copy.
    """
    h, w = grey.shape[:2]
    k = min(w // max(1, size[0]), h // max(1, size[1]))
    if k >= 2:
        grey = cv2.resize(grey[: h - h % k, : w - w % k], (w // k, h // k), interpolation=cv2.INTER_AREA)
        if grey.shape[1] == size[0] and grey.shape[0] == size[1]:
            return grey
    return cv2.resize(grey, size, interpolation=cv2.INTER_AREA)


def decode_grey(image: bytes) -> np.ndarray:
    """Decode our own re-encoded page bytes (from intake's sandbox) to greyscale."""
    arr = cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_GRAYSCALE | cv2.IMREAD_IGNORE_ORIENTATION)
    if arr is None:
        raise ValueError("undecodable page image")
    return arr


def clean_page(grey: np.ndarray, options: CleanOptions | None = None) -> CleanedPage:
    options = options or CleanOptions()
    page = CleanedPage(grey, np.eye(3))
    if options.paper:
        page = _find_paper(page)
    if options.rescale:
        page = _rescale(page)
    if options.light:
        page = _flatten_light(page)
    if options.orientation:
        page = _fix_sideways(page)
    if options.deskew:
        page = _deskew(page)
    if options.orientation:
        page = _fix_upside_down(page)
    if options.binarise:
        page = _binarise(page)
    return page


def rotate_quarter(page: CleanedPage, degrees_cw: int) -> CleanedPage:
    """Turn the page clockwise by 90/180/270 degrees, keeping the transform."""
    degrees_cw %= 360
    if degrees_cw == 0:
        return page
    h, w = page.image.shape[:2]
    code = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}[degrees_cw]
    if degrees_cw == 90:
        m = np.array([[0, -1, h - 1], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    elif degrees_cw == 180:
        m = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], dtype=np.float64)
    else:
        m = np.array([[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]], dtype=np.float64)
    return replace(
        page,
        image=cv2.rotate(page.image, code),
        transform=m @ page.transform,
        orientation=(page.orientation + degrees_cw) % 360,
        steps=[*page.steps, f"rotate{degrees_cw}"],
    )


# --- paper and borders --------------------------------------------------------------------------


def _order_corners(pts: np.ndarray) -> np.ndarray:
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype=np.float32)


def _paper_quad(grey: np.ndarray) -> np.ndarray | None:
    """The sheet's four corners when the photo shows it on a darker surface, else None."""
    h, w = grey.shape
    scale = 700 / max(h, w)
    small = shrink(grey, (round(w * scale), round(h * scale)))
    small = cv2.GaussianBlur(small, (5, 5), 0)
    # Text strokes would join the outline: close them away first (paper is lighter than text).
    small = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    edges = cv2.Canny(small, 20, 60)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    area_img = small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        hull = cv2.convexHull(contour)
        area = cv2.contourArea(hull)
        if area < 0.3 * area_img:
            break
        if area > 0.97 * area_img:
            continue  # the whole frame: a scan or a cropped photo, no table around the sheet
        approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            return _order_corners(approx.reshape(4, 2).astype(np.float32) / scale)
    return None


def _find_paper(page: CleanedPage) -> CleanedPage:
    grey = page.image
    quad = _paper_quad(grey)
    if quad is not None:
        tl, tr, br, bl = quad
        width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
        height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
        if width > 200 and height > 200 and 0.4 < width / height < 2.5:
            dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
            # Inset by 0.5% so the table's edge does not survive as a dark line.
            inset = 0.005 * min(width, height)
            dst_in = dst + np.array([[-inset, -inset], [inset, -inset], [inset, inset], [-inset, inset]], dtype=np.float32)
            m = cv2.getPerspectiveTransform(quad, dst_in)
            warped = cv2.warpPerspective(grey, m, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
            return replace(page, image=warped, transform=m @ page.transform, steps=[*page.steps, "paper"])
    return _cut_dark_borders(page)


def _cut_dark_borders(page: CleanedPage) -> CleanedPage:
    """Scanner-lid borders: dark bands along the edges. Crop them off (at most 15% a side)."""
    grey = page.image
    h, w = grey.shape
    # The 90th percentile from a histogram and the means by cv2.reduce: ~10× faster than numpy on 9 Mpx.
    cumulative = np.cumsum(cv2.calcHist([grey], [0], None, [256], [0, 256]).ravel())
    paper = float(np.searchsorted(cumulative, 0.9 * cumulative[-1]))
    dark = paper * 0.55
    rows = cv2.reduce(grey, 1, cv2.REDUCE_AVG, dtype=cv2.CV_32F).ravel()
    cols = cv2.reduce(grey, 0, cv2.REDUCE_AVG, dtype=cv2.CV_32F).ravel()

    def run(values: np.ndarray, limit: int) -> int:
        n = 0
        while n < limit and values[n] < dark:
            n += 1
        return n

    top, bottom = run(rows, h // 7), run(rows[::-1], h // 7)
    left, right = run(cols, w // 7), run(cols[::-1], w // 7)
    if not (top or bottom or left or right):
        return page
    # A little extra: the band's edge is blurred.
    pad = max(2, round(0.002 * max(h, w)))
    top, bottom, left, right = (v + pad if v else 0 for v in (top, bottom, left, right))
    cropped = grey[top : h - bottom, left : w - right]
    m = np.array([[1, 0, -left], [0, 1, -top], [0, 0, 1]], dtype=np.float64)
    return replace(page, image=np.ascontiguousarray(cropped), transform=m @ page.transform, steps=[*page.steps, "borders"])


# --- scale, light, orientation, skew, binarisation ---------------------------------------------------


def _rescale(page: CleanedPage) -> CleanedPage:
    h, w = page.image.shape
    short = min(h, w)  # the page's width whether it lies portrait or sideways
    if short >= MIN_UPSCALE_WIDTH_PX:
        return page
    f = min(2.0, TARGET_PAGE_WIDTH_PX / short)
    image = cv2.resize(page.image, (round(w * f), round(h * f)), interpolation=cv2.INTER_CUBIC)
    m = np.diag([f, f, 1.0])
    return replace(page, image=image, transform=m @ page.transform, steps=[*page.steps, f"scale{f:.2f}"])


def _background_small(grey: np.ndarray) -> np.ndarray:
    """Paper brightness on a 1/8 copy: text removed by a max filter, then smoothed."""
    h, w = grey.shape
    f = 8
    small = shrink(grey, (max(1, w // f), max(1, h // f)))
    small = cv2.dilate(small, np.ones((7, 7), np.uint8))
    small = cv2.medianBlur(small, 21)
    return cv2.GaussianBlur(small, (0, 0), 3)


def _flatten_light(page: CleanedPage) -> CleanedPage:
    grey = page.image
    small = _background_small(grey)
    low, high = np.percentile(small, (1, 99))
    if high - low <= EVEN_LIGHT * high:
        # A scan's even paper: dividing by it changes nothing Otsu would not (measured: 0.00 CER point).
        return page
    h, w = grey.shape
    bg = np.maximum(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), 1)
    flat = cv2.divide(grey, bg, scale=255.0)  # uint8 with saturation: paper → 255
    return replace(page, image=flat, steps=[*page.steps, "light"])


def _ink_mask_small(grey: np.ndarray, width: int = 900) -> tuple[np.ndarray, float]:
    h, w = grey.shape
    scale = width / max(h, w)
    small = shrink(grey, (max(1, round(w * scale)), max(1, round(h * scale))))
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink, scale


def _line_score(ink: np.ndarray) -> float:
    """How strongly ink forms horizontal lines: variance of row sums' differences."""
    rows = ink.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def _ink_points(ink: np.ndarray) -> np.ndarray:
    """Coordinates (x, y) of the ink pixels, centred on the image, as float32 rows."""
    ys, xs = np.nonzero(ink)
    h, w = ink.shape
    return np.stack([xs.astype(np.float32) - w // 2, ys.astype(np.float32) - h // 2])  # whole pixels: no .5 ties


def _projected_line_score(points: np.ndarray, angle: float) -> float:
    """``_line_score`` of the ink turned by ``angle`` degrees (as ``cv2.getRotationMatrix2D``), computed
    from the ink's coordinates instead of warping the image: the same row profile, ~10× less work."""
    if points.shape[1] == 0:
        return 0.0
    a = np.deg2rad(angle)
    rows = np.rint(points[1] * np.float32(np.cos(a)) - points[0] * np.float32(np.sin(a))).astype(np.int32)
    # One empty row at each end, as the image's own border gives the warped profile.
    counts = np.bincount(rows - rows.min() + 1, minlength=int(rows.max() - rows.min()) + 3).astype(np.float64) * 255.0
    return float(np.square(np.diff(counts)).sum())


def _best_line_score(ink: np.ndarray) -> float:
    """Line score at the best of a few tilts, so a skewed page still shows its lines."""
    points = _ink_points(ink)
    return max(_projected_line_score(points, angle) for angle in (-6, -3, 0, 3, 6))


def upside_down_score(ink: np.ndarray) -> float:
    """> 0 when text is upright, < 0 when upside down, near 0 when unsure.

    Latin script has more ink above the x-height band (capitals, accents, b d f h k l t) than below
    the baseline (g j p q y); turned 180° this flips. Measured per text line on row profiles.
    """
    rows = ink.sum(axis=1, dtype=np.float64)
    if rows.max() <= 0:
        return 0.0
    on = rows > 0.02 * rows.max()
    above = below = 0.0
    start = None
    for i, flag in enumerate([*on, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            line = rows[start:i]
            start = None
            if len(line) < 4:
                continue
            core = np.nonzero(line >= 0.5 * line.max())[0]
            top, bottom = core[0], core[-1]
            above += line[:top].sum()
            below += line[bottom + 1 :].sum()
    total = above + below
    return float((above - below) / total) if total else 0.0


def _fix_sideways(page: CleanedPage) -> CleanedPage:
    ink, _ = _ink_mask_small(page.image, 600)
    if ink.mean() < 0.5:  # blank page
        return page
    horizontal = _best_line_score(ink)
    vertical = _best_line_score(np.ascontiguousarray(ink.T))
    if vertical > 1.5 * horizontal:
        page = replace(rotate_quarter(page, 90), steps=[*page.steps, "sideways"])
    return page


def _fix_upside_down(page: CleanedPage) -> CleanedPage:
    """After deskew (skew smears the line profiles): 0° or 180°?"""
    ink, _ = _ink_mask_small(page.image, 1600)
    if ink.mean() < 0.5:
        return page
    score = upside_down_score(ink)
    if score < -0.1:
        page = rotate_quarter(page, 180)
    elif score < 0.1:
        # Too close to call (few lines, no ascenders): ocr.py asks tesseract OSD.
        page = replace(page, steps=[*page.steps, "orientation?"])
    return page


def _deskew(page: CleanedPage) -> CleanedPage:
    ink, _ = _ink_mask_small(page.image, 800)
    if ink.mean() < 0.5:
        return page
    points = _ink_points(ink)

    def score(angle: float) -> float:
        return _projected_line_score(points, angle)

    coarse = np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 0.01, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    angle = float(max(fine, key=score))
    if abs(angle) < 0.15:
        return page
    gh, gw = page.image.shape
    m = cv2.getRotationMatrix2D((gw / 2, gh / 2), angle, 1.0)
    # Grow the canvas so rotated corners are not cut off.
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(gh * sin + gw * cos), int(gh * cos + gw * sin)
    m[0, 2] += nw / 2 - gw / 2
    m[1, 2] += nh / 2 - gh / 2
    rotated = cv2.warpAffine(page.image, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)
    m3 = np.vstack([m, [0, 0, 1]])
    return replace(
        page, image=rotated, transform=m3 @ page.transform, skew=round(-angle, 2), steps=[*page.steps, "deskew"]
    )


def _binarise(page: CleanedPage) -> CleanedPage:
    # A 3×3 median removes scanner specks and sensor noise without eating 300 dpi strokes.
    smooth = cv2.medianBlur(page.image, 3)
    _, binary = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return replace(page, image=binary, steps=[*page.steps, "binarise"])
