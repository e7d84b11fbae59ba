"""A tiny package index and packages served on 127.0.0.1 by the tests themselves (no internet)."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.fixtures.argos_builder import build_argos_package

ROOT = Path(__file__).resolve().parents[2]
MAKE_PACK = ROOT / "installer" / "make_model_pack.py"
SYSTEM_TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requests_seen: list[str] = []

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).requests_seen.append(self.path)
        super().do_GET()


@pytest.fixture(scope="session")
def served_files(tmp_path_factory) -> Path:
    """Index + two real argos packages + real tesseract data, laid out like the public sources."""
    root = tmp_path_factory.mktemp("served")
    build_argos_package(root / "v1" / "translate-fr_en-1_0.argosmodel", "fr", "en", mode="hello",
                        package_version="1.0")
    build_argos_package(root / "v1" / "translate-en_ar-1_0.argosmodel", "en", "ar", mode="random",
                        package_version="1.0")
    (root / "tessdata").mkdir()
    shutil.copyfile(SYSTEM_TESSDATA / "fra.traineddata", root / "tessdata" / "fra.traineddata")
    return root


@pytest.fixture(scope="session")
def pack_server(served_files):
    """http://127.0.0.1:PORT serving ``served_files``; yields (base_url, handler class)."""
    handler = type("Handler", (_QuietHandler,), {"requests_seen": []})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(served_files)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    index = [
        {"package_version": "1.0", "argos_version": "1.9", "from_code": "fr", "from_name": "French",
         "to_code": "en", "to_name": "English", "code": "translate-fr_en",
         # first link is dead (404), the second works; the ipfs one must be skipped
         "links": [f"{base}/missing/translate-fr_en-1_0.argosmodel", "ipfs://QmNotFetched",
                   f"{base}/v1/translate-fr_en-1_0.argosmodel"]},
        {"package_version": "0.9", "argos_version": "1.0", "from_code": "fr", "to_code": "en",
         "links": [f"{base}/v1/old.argosmodel"]},  # older duplicate entry: must not be chosen
        {"package_version": "1.0", "argos_version": "1.0", "from_code": "en", "from_name": "English",
         "to_code": "ar", "to_name": "Arabic", "code": "translate-en_ar",
         "links": [f"{base}/v1/translate-en_ar-1_0.argosmodel"]},
    ]
    (served_files / "index.json").write_text(json.dumps(index))
    try:
        yield base, handler
    finally:
        server.shutdown()
        server.server_close()


def _no_proxy_env() -> dict:
    import os

    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory) -> Path:
    """The tests' own publisher key pair (the project's private key is not in the repository)."""
    folder = tmp_path_factory.mktemp("keys")
    proc = subprocess.run([sys.executable, str(MAKE_PACK), "--new-key", str(folder / "test-publisher.pem")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return folder / "test-publisher.pem"


@pytest.fixture(autouse=True)
def trust_test_publisher(signing_key, _isolated_dirs):
    """Each test's settings trust the test publisher, as an association adds its own key."""
    from volunteer_desk.modelpack.verify import add_trusted_key

    add_trusted_key(signing_key.with_name("test-publisher.pub.pem").read_bytes(), "test-publisher")


def resign(pack: Path, key: Path) -> None:
    """Sign a manifest a test changed, as the publisher would have."""
    from volunteer_desk.modelpack.signing import sign_pack

    sign_pack(pack, key.read_bytes())


@pytest.fixture(scope="session")
def built_pack(pack_server, tmp_path_factory, signing_key) -> Path:
    """A signed model pack made by installer/make_model_pack.py from the local server (session template)."""
    base, _handler = pack_server
    out = tmp_path_factory.mktemp("pack") / "usb"
    proc = subprocess.run(
        [sys.executable, str(MAKE_PACK), "--out", str(out), "--index", f"{base}/index.json",
         "--tessdata-base", f"{base}/tessdata/", "--pairs", "fr-en,en-ar,nl-en", "--langs", "fra",
         "--version", "2026.11.24", "--sign-key", str(signing_key)],
        capture_output=True, text=True, timeout=60, env=_no_proxy_env(),
    )
    assert proc.returncode == 0, proc.stderr
    assert "no package for: nl-en" in proc.stderr
    return out


@pytest.fixture
def pack(built_pack, tmp_path) -> Path:
    """A per-test copy of the pack (tests damage it)."""
    dest = tmp_path / "usb"
    shutil.copytree(built_pack, dest)
    return dest
