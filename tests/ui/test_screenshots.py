"""``--screenshots DIR`` writes the README's screens at 1366×768 and again at 1024×600."""

from __future__ import annotations

from PySide6.QtGui import QImage


def test_screenshots_in_two_sizes(qapp, tmp_path, monkeypatch):
    from volunteer_desk.ui.language import apply_language
    from volunteer_desk.ui.screenshots import SIZE, SMALL_DIR, SMALL_SIZE, take_screenshots

    monkeypatch.setenv("VOLUNTEER_DESK_CONFIG", str(tmp_path / "config"))
    try:
        paths = take_screenshots(tmp_path / "shots")
    finally:
        apply_language(qapp, "en")
    big = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    small = sorted(p.name for p in (tmp_path / "shots" / SMALL_DIR).glob("*.png"))
    assert big == small and len(big) >= 15 and len(paths) == 2 * len(big)
    for name in ("03-families.png", "04-household.png", "08-tasks.png"):
        assert QImage(str(tmp_path / "shots" / name)).size().toTuple() == SIZE
        assert QImage(str(tmp_path / "shots" / SMALL_DIR / name)).size().toTuple() == SMALL_SIZE
