"""Schema upgrades: backup first, every released schema upgrades, data kept."""

from __future__ import annotations

import json

from volunteer_desk.vault import schema
from volunteer_desk.vault.sqlcipher import connect
from volunteer_desk.vault.store import FamilyFile


def _make_v1_file(session):
    """Build a family file exactly as schema v1 released it."""
    import secrets

    fid, _ = session.create_family("Famille V1")
    path = session.layout.family(fid)
    key = session.data_key(fid)
    path.unlink()
    conn = connect(path, key, create=True)
    schema.migrate(conn, upto=1)
    conn.execute("INSERT INTO meta VALUES('family_id', ?)", (fid,))
    conn.execute("INSERT INTO meta VALUES('generation', '0')")
    conn.execute("INSERT INTO household VALUES('household', '2025-01-01T00:00:00Z', 'x', 0, ?)",
                 (json.dumps({"display_name": "Famille V1"}),))
    conn.execute("INSERT INTO notes VALUES(?, '2025-01-01T00:00:00Z', 'x', 0, ?)",
                 (secrets.token_hex(4), json.dumps({"text": "kept across upgrades"})))
    conn.close()
    return fid


def test_v1_file_upgrades_with_a_backup(admin_session):
    fid = _make_v1_file(admin_session)
    with admin_session.open_family(fid) as ff:
        assert ff.schema_version == schema.SCHEMA_VERSION
        assert [n["text"] for n in ff.all("notes")] == ["kept across upgrades"]
        ff.put("trajectory", {"step": "cri_registration", "status": "todo"})
    backups = list(admin_session.layout.backups.glob(f"{fid}.v1.*.vdf"))
    assert len(backups) == 1
    old = FamilyFile(backups[0], fid, admin_session.data_key(fid), "x", read_only=True)
    try:
        assert old.schema_version == 1
    finally:
        old.close()


def test_new_files_are_at_the_current_schema(admin_session, demo_family_id):
    with admin_session.open_family(demo_family_id, read_only=True) as ff:
        assert ff.schema_version == schema.SCHEMA_VERSION
