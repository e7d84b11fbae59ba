"""run_parallel reports items as they finish, whatever their order, and keeps results in order."""

from __future__ import annotations

import threading

from volunteer_desk.core.progress import CancelToken, run_parallel


def test_a_slow_first_item_does_not_hold_the_progress_at_zero() -> None:
    first_may_end = threading.Event()
    seen: list[int] = []

    def work(item: int, stop: CancelToken) -> int:
        if item == 0:
            assert first_may_end.wait(10)
        return item * 10

    def progress(done: int, total: int, message: str = "") -> None:
        seen.append(done)
        if done == 1:  # the second item finished while the first still runs
            first_may_end.set()

    assert run_parallel(work, [0, 1], workers=2, message="", progress=progress) == [0, 10]
    assert seen == [0, 1, 2]
