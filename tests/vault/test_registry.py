"""A hostile vault folder: forged or edited volunteer records are refused, out-of-range settings are one line."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import time

import pytest

from tests.conftest import ADMIN, ADMIN_PASS, VOLUNTEER, VOLUNTEER_PASS
from volunteer_desk.core.errors import BadInput, CorruptFile, NotFound
from volunteer_desk.vault import Vault, crypto, registry
from volunteer_desk.vault.check import check_vault
from volunteer_desk.vault.crypto import FLOOR_COST


def _record_path(vault_dir, name):
    vault = Vault(vault_dir)
    return vault.layout.volunteer(vault.find_volunteer(name).id)


def _plant_admin(vault_dir, name="mallory", passphrase="attacker pass"):
    """What someone with write access to the folder can do: a self-made record with their own keys."""
    vault = Vault(vault_dir)
    vid = os.urandom(16).hex()
    private = crypto.new_private_key()
    signing = registry.new_signing_key()
    kdf = crypto.KdfParams.floor()
    rec = {"id": vid, "name": name, "role": "admin", "created_at": "2026-12-01T00:00:00Z",
           "public_key": crypto.public_b64(private), "kdf": kdf.to_dict(),
           "signing_key": registry.signing_public_b64(signing)}
    rec["signature"] = registry.sign(vault.id, rec, vid, signing)  # self-signed: a root of their own
    secrets_ = registry.Secrets(crypto.private_bytes(private), registry.signing_private_bytes(signing),
                                rec["signing_key"])
    rec["private"] = crypto.seal(kdf.derive(passphrase), secrets_.to_bytes(), vault._volunteer_aad(vid))
    vault.layout.volunteer(vid).write_text(json.dumps(rec))
    return vid


def test_a_planted_admin_gets_no_wrap_of_new_families(vault_dir):
    mallory = _plant_admin(vault_dir)
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    fid, _ = admin.create_family("Famille nouvelle")
    assert mallory not in admin.vault.header(fid)["wraps"]
    with pytest.raises(NotFound):
        admin.grant(fid, "mallory")
    with pytest.raises(NotFound):  # the attacker's own session opens nothing
        Vault(vault_dir).unlock("mallory", "attacker pass").open_family(fid, read_only=True)
    report = check_vault(admin)
    assert any("not signed by an admin" in p for r in report for p in r.problems)


def test_a_role_edited_to_admin_in_the_folder_is_ignored(vault_dir, demo_family_id):
    path = _record_path(vault_dir, VOLUNTEER)
    rec = json.loads(path.read_text())
    rec["role"] = "admin"
    path.write_text(json.dumps(rec))
    sam = Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    assert not sam.volunteer.is_admin
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    fid, _ = admin.create_family("Famille après l'attaque")
    assert sam.volunteer.id not in admin.vault.header(fid)["wraps"]


def test_a_swapped_public_key_cannot_receive_a_grant(vault_dir, demo_family_id):
    path = _record_path(vault_dir, VOLUNTEER)
    rec = json.loads(path.read_text())
    rec["public_key"] = crypto.public_b64(crypto.new_private_key())  # the attacker's key under sam's name
    path.write_text(json.dumps(rec))
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    with pytest.raises(NotFound):
        admin.grant(demo_family_id, VOLUNTEER)


def test_volunteers_signed_by_the_admin_are_verified_and_the_safety_number_is_shared(vault_dir):
    admin = Vault(vault_dir, kdf_cost=FLOOR_COST).unlock(ADMIN, ADMIN_PASS)
    admin.add_volunteer("nadia", "another pass", role="admin")
    nadia = Vault(vault_dir, kdf_cost=FLOOR_COST).unlock("nadia", "another pass")
    assert nadia.volunteer.is_admin  # signed by a verified admin: a chain to the root
    nadia.add_volunteer("omar", "omar pass")
    omar = Vault(vault_dir).unlock("omar", "omar pass")
    assert omar.volunteer.id in admin.verified_ids()
    fp = admin.registry_fingerprint()
    assert fp == nadia.registry_fingerprint() == omar.registry_fingerprint()
    assert len(fp.split()) == 6 and all(len(g) == 5 and g.isdigit() for g in fp.split())


def test_names_with_control_or_direction_characters_are_refused(vault_dir):
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    for bad in ("ali\u202eevil", "two\nlines", "\x1b[2Jclear", ""):
        with pytest.raises(BadInput):
            admin.add_volunteer(bad, "some pass")


@pytest.mark.parametrize("kdf", [
    {"salt": ""}, {"memory_kib": 2**32 - 1}, {"parallelism": 2**24}, {"time_cost": 2**31},
    {"time_cost": "many"}, {"salt": base64.b64encode(b"x" * 4).decode()},
])
def test_argon2_settings_out_of_range_are_refused_at_once(vault_dir, kdf):
    path = _record_path(vault_dir, VOLUNTEER)
    rec = json.loads(path.read_text())
    rec["kdf"].update(kdf)
    path.write_text(json.dumps(rec))
    started = time.monotonic()
    with pytest.raises(CorruptFile):
        Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    assert time.monotonic() - started < 5  # refused before any derivation, no hang
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run([sys.executable, "-m", "volunteer_desk", "family", "list", "--vault", str(vault_dir),
                          "--volunteer", VOLUNTEER, "--passphrase-stdin"], input=VOLUNTEER_PASS + "\n",
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode != 0 and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("header", [
    '{"wraps": [], "epoch": 1}', '{"wraps": {}}', '[]', '{"wraps": {}, "epoch": true}', "",
])
def test_damaged_key_headers_are_one_line(vault_dir, demo_family_id, header):
    Vault(vault_dir).layout.header(demo_family_id).write_text(header)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run([sys.executable, "-m", "volunteer_desk", "family", "show", demo_family_id,
                          "--vault", str(vault_dir), "--volunteer", ADMIN, "--passphrase-stdin"],
                         input=ADMIN_PASS + "\n", capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_a_vault_made_before_signing_is_signed_by_its_admin_on_first_unlock(vault_dir, demo_family_id):
    vault = Vault(vault_dir)
    admin_vid, sam_vid = vault.find_volunteer(ADMIN).id, vault.find_volunteer(VOLUNTEER).id
    for vid, pw in ((admin_vid, ADMIN_PASS), (sam_vid, VOLUNTEER_PASS)):  # make both records legacy
        path = vault.layout.volunteer(vid)
        rec = json.loads(path.read_text())
        kdf = crypto.KdfParams.from_dict(rec["kdf"])
        key = kdf.derive(pw)
        found = registry.Secrets.from_bytes(crypto.open_sealed(key, rec["private"], vault._volunteer_aad(vid)))
        rec["private"] = crypto.seal(key, found.private, vault._volunteer_aad(vid))
        for k in ("signature", "signing_key"):
            rec.pop(k, None)
        path.write_text(json.dumps(rec))
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    assert admin.volunteer.is_admin and admin.root
    sam = Vault(vault_dir).unlock(VOLUNTEER, VOLUNTEER_PASS)
    assert sam.root == admin.root and sam_vid in admin.verified_ids()
    with admin.open_family(demo_family_id, read_only=True) as ff:
        assert ff.get("household", "household")


DARI_NAME = "علی\u200cاکبر"  # Ali-Akbar: Persian/Dari spelling needs the zero-width non-joiner


def test_one_rule_for_names_a_dari_name_with_zwnj_passes_and_an_override_fails(vault_dir):
    from volunteer_desk.family import schema
    from volunteer_desk.family.schema import Invalid

    # the family file (member names)…
    assert schema.name(DARI_NAME, "members[0].first_name") == DARI_NAME
    with pytest.raises(Invalid):
        schema.name("علی\u202eاکبر", "members[0].first_name")
    with pytest.raises(Invalid):  # an invisible zero-width space is not a joiner
        schema.name("Ali\u200bAkbar", "members[0].first_name")
    # …and the vault (volunteer and family names) apply the same rule
    admin = Vault(vault_dir).unlock(ADMIN, ADMIN_PASS)
    admin.add_volunteer(DARI_NAME, "some pass")
    assert admin.find_verified(DARI_NAME) is not None
    fid, _code = admin.create_family("Famille " + DARI_NAME)
    assert any(f.id == fid for f in admin.list_families())
    with pytest.raises(BadInput):
        admin.add_volunteer("علی\u202eاکبر", "some pass")
    with pytest.raises(BadInput):
        admin.create_family("Famille \u202eرکبا")
    # a login name may not carry an invisible direction mark: "Sam" and "Sam"+LRM look the same in the list
    with pytest.raises(BadInput):
        admin.add_volunteer("sam\u200e", "some pass")
