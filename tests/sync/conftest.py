"""The ``sync_pair`` fixture: two running Syncthing instances sharing ``side_a`` <-> ``side_b``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sync.syncthing import SyncPair, syncthing_binary


@pytest.fixture
def sync_pair(tmp_path) -> Iterator[SyncPair]:
    if syncthing_binary() is None:
        pytest.skip("the syncthing binary is not installed (installer/bootstrap.sh installs the Debian package)")
    with SyncPair(tmp_path / "syncthing") as pair:
        yield pair
