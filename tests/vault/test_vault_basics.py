"""The vault opens exactly what a volunteer may open, and fails closed on everything else."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import ADMIN, ADMIN_PASS, VOLUNTEER, VOLUNTEER_PASS
from volunteer_desk.core.errors import AccessDenied, BadInput, CorruptFile, NotFound, WrongPassphrase
from volunteer_desk.vault import Vault
from volunteer_desk.vault.crypto import FLOOR_MEMORY_KIB, KdfParams
from volunteer_desk.vault.sqlcipher import SQLITE_PLAIN_HEADER, connect


def digest_tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_family_file_is_named_by_random_id_and_encrypted(admin_session, demo_family_id):
    files = [p.name for p in (admin_session.layout.families).iterdir()]
    assert f"{demo_family_id}.vdf" in files
    assert not any("Haddad" in name for name in files)
    head = admin_session.layout.family(demo_family_id).read_bytes()[:16]
    assert head != SQLITE_PLAIN_HEADER


def test_volunteer_sees_only_their_families(vault_dir, demo_family_id):
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    sam = Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    assert [f.id for f in sam.list_families()] == []
    own, _ = sam.create_family("Famille K.")
    assert [f.name for f in sam.list_families()] == ["Famille K."]
    # the admin holds a wrap for every family (association responsibility), sam only for hers
    assert {f.id for f in admin.list_families()} == {demo_family_id, own}
    with pytest.raises(NotFound):
        sam.open_family(demo_family_id)


def test_wrong_passphrase_is_clear_and_touches_nothing(vault_dir):
    before = digest_tree(vault_dir)
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        Vault(vault_dir).unlock(ADMIN, "not the passphrase")
    with pytest.raises(WrongPassphrase):
        Vault(vault_dir).unlock("nobody", ADMIN_PASS)
    assert digest_tree(vault_dir) == before


def test_wrong_raw_key_never_deletes_or_recreates(admin_session, demo_family_id):
    path = admin_session.layout.family(demo_family_id)
    before = path.read_bytes()
    with pytest.raises(WrongPassphrase):
        connect(path, b"\x01" * 32)
    assert path.read_bytes() == before


def test_truncated_file_gives_clear_error_and_stays(admin_session, demo_family_id):
    path = admin_session.layout.family(demo_family_id)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    truncated = path.read_bytes()
    with pytest.raises(CorruptFile, match="truncated or damaged"):
        admin_session.open_family(demo_family_id)
    assert path.read_bytes() == truncated


def test_kdf_floor_is_enforced():
    weak = KdfParams(2, FLOOR_MEMORY_KIB, 1, "AAAAAAAAAAAAAAAAAAAAAA==")
    with pytest.raises(CorruptFile, match="weaker"):
        weak.derive("x")
    with pytest.raises(CorruptFile):
        KdfParams.from_dict({"time_cost": 3, "memory_kib": 1024, "parallelism": 1, "salt": "AA=="})


def test_weakened_volunteer_record_is_refused(vault_dir):
    vol = next((vault_dir / "volunteers").glob("*.json"))
    rec = json.loads(vol.read_text())
    rec["kdf"]["memory_kib"] = 8
    vol.write_text(json.dumps(rec))
    with pytest.raises(CorruptFile):
        Vault(vault_dir).unlock(rec["name"], "whatever")


def test_revoke_rekeys_so_a_copied_key_stops_working(vault_dir, demo_family_id):
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    admin.grant(demo_family_id, VOLUNTEER)
    sam = Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    stolen_key = sam.data_key(demo_family_id)
    with sam.open_family(demo_family_id, read_only=True) as ff:
        assert ff.get("household", "household")["display_name"].startswith("Famille")
    admin.revoke(demo_family_id, VOLUNTEER)
    assert demo_family_id not in [f.id for f in sam.list_families()]
    with pytest.raises(WrongPassphrase):
        connect(admin.layout.family(demo_family_id), stolen_key, read_only=True)
    with admin.open_family(demo_family_id) as ff:  # everyone else still opens it
        assert len(ff.all("members")) == 3
        actions = [e["action"] for e in ff.audit_log()]
    assert actions.count("family.grant") == 1 and actions.count("family.revoke") == 1


def test_recovery_kit_opens_and_catches_typos(vault_dir, demo_family_id, recovery_code):
    vault = Vault(vault_dir)
    with vault.open_with_recovery(demo_family_id, recovery_code.lower()) as ff:
        assert len(ff.all("members")) == 3
    typo = recovery_code[:5] + ("A" if recovery_code[5] != "A" else "B") + recovery_code[6:]
    with pytest.raises(BadInput, match="typo"):
        vault.open_with_recovery(demo_family_id, typo)


def test_recovery_survives_revocation_and_can_be_reissued(vault_dir, demo_family_id, recovery_code):
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    admin.grant(demo_family_id, VOLUNTEER)
    admin.revoke(demo_family_id, VOLUNTEER)
    with admin.vault.open_with_recovery(demo_family_id, recovery_code) as ff:
        assert ff.all("members")
    new_code = admin.new_recovery_kit(demo_family_id)
    with pytest.raises(WrongPassphrase):
        admin.vault.open_with_recovery(demo_family_id, recovery_code)
    with admin.vault.open_with_recovery(demo_family_id, new_code) as ff:
        assert ff.all("members")


def test_only_admin_grants(vault_dir, demo_family_id):
    sam = Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    with pytest.raises(AccessDenied):
        sam.grant(demo_family_id, ADMIN)
    with pytest.raises(AccessDenied):
        sam.add_volunteer("eve", "passphrase")


def test_listing_uses_index_and_sees_grants(vault_dir, demo_family_id):
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    admin.grant(demo_family_id, VOLUNTEER)
    sam = Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    assert [f.name for f in sam.list_families()] == ["Famille Haddad (démo)"]
    # an index exists for both volunteers, and it is encrypted: the family name is not in it in clear
    idx = sorted((vault_dir / "index").glob("*.idx"))
    assert {p.stem for p in idx} >= {admin.volunteer.id, sam.volunteer.id}
    assert all(b"Haddad" not in p.read_bytes() for p in idx)
    # the next listing takes the name from the index, not from the family file
    path = sam.layout.family(demo_family_id)
    away = path.with_name(path.name + ".away")
    path.rename(away)
    try:
        assert [f.name for f in sam.list_families()] == ["Famille Haddad (démo)"]
    finally:
        away.rename(path)


def test_corrupt_index_is_rebuilt_not_fatal(admin_session, demo_family_id):
    idx = admin_session.layout.index_file(admin_session.volunteer.id)
    idx.write_text("{broken")
    assert [f.id for f in admin_session.list_families()] == [demo_family_id]


def test_tuned_kdf_is_slow_enough_on_this_machine():
    import time

    from volunteer_desk.vault.crypto import tune_kdf

    params = tune_kdf()
    start = time.perf_counter()
    params.derive("a passphrase")
    assert time.perf_counter() - start >= 0.25
    assert params.time_cost >= 3 and params.memory_kib >= 64 * 1024
