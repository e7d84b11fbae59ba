#!/usr/bin/env python3
"""Gather translation packages and tesseract language data into one model-pack folder (for a USB stick).

Run on a CONNECTED machine, from a checkout of the repository (standard library only):

    python3 installer/make_model_pack.py --out /media/usb/volunteer-desk-models
    python3 installer/make_model_pack.py --out pack --pairs fr-en,en-fr,en-ar,ar-en --langs fra,ara

It reads an Argos Translate package index (a JSON list of {from_code, to_code, package_version,
argos_version, links: [url, ...], ...}), downloads the chosen pairs and ``<lang>.traineddata`` files
(from ``--tessdata-base``), checks every translation package's layout, and writes ``manifest.json``
(name, version, sha256, size, licence, kind). The app installs it offline with
``volunteer-desk modelpack install FOLDER``. Files already in the folder are re-used, so a re-run only
fetches what is missing. URLs come from installer/model_pack_sources.json unless given.

Signing (needs the ``cryptography`` package): ``--sign-key KEY.pem`` writes ``manifest.sig``, an Ed25519
signature over ``manifest.json``; the app installs a pack without a question only when a key it trusts
signed it. ``--new-key KEY.pem`` makes a key pair (KEY.pem private, KEY.pub.pem public) and stops.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the repository root: volunteer_desk.modelpack.{manifest,argos_package}

from volunteer_desk.modelpack.argos_package import inspect_package  # noqa: E402
from volunteer_desk.modelpack.manifest import (  # noqa: E402
    MANIFEST_NAME,
    Manifest,
    ManifestError,
    PackItem,
    sha256_file,
)

FAMILY_LANGUAGES = ("ar", "fa", "uk", "ru", "tr", "es")
DEFAULT_PAIRS = [("fr", "en"), ("en", "fr"), ("nl", "en"), ("en", "nl")] + [
    pair for lang in FAMILY_LANGUAGES for pair in (("en", lang), (lang, "en"))
]
DEFAULT_LANGS = ["fra", "nld", "deu", "eng", "osd", "ara", "fas", "ukr", "rus", "tur", "spa"]
TIMEOUT_S = 60
USER_AGENT = "volunteer-desk-model-pack/1"


class PackError(Exception):
    """Something the person running the script must fix (bad index, nothing downloadable)."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_sources(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def read_index(location: str) -> list[dict]:
    """The argos index from a URL or a local file."""
    if "://" in location:
        with urllib.request.urlopen(_request(location), timeout=TIMEOUT_S) as resp:
            raw = resp.read()
    else:
        raw = Path(location).read_bytes()
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise PackError("the package index is not JSON") from exc
    if not isinstance(data, list):
        raise PackError("the package index is not a list of packages")
    return [entry for entry in data if isinstance(entry, dict)]


def _request(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": USER_AGENT})


def _version_key(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in str(text).split("."))


def choose_packages(index: list[dict], pairs: list[tuple[str, str]]) -> tuple[list[dict], list[tuple[str, str]]]:
    """Newest index entry per wanted pair; and the pairs the index does not have."""
    chosen, missing = [], []
    for src, dst in pairs:
        matches = [e for e in index if e.get("from_code") == src and e.get("to_code") == dst
                   and e.get("type", "translate") == "translate"]
        if not matches:
            missing.append((src, dst))
            continue
        chosen.append(max(matches, key=lambda e: _version_key(e.get("package_version", "0"))))
    return chosen, missing


def download(urls: list[str], dest: Path) -> str:
    """Fetch the first URL that works into ``dest`` (atomically); return the URL used."""
    errors = []
    for url in urls:
        if not url.startswith(("http://", "https://")):
            continue  # ipfs:// and other schemes in the argos index
        tmp = dest.with_name(dest.name + ".part")
        try:
            with urllib.request.urlopen(_request(url), timeout=TIMEOUT_S) as resp, open(tmp, "wb") as fh:
                shutil.copyfileobj(resp, fh, 1 << 20)
            os.replace(tmp, dest)
            return url
        except OSError as exc:  # URLError and HTTPError are OSErrors
            tmp.unlink(missing_ok=True)
            errors.append(f"{url}: {exc}")
    raise PackError("could not download " + dest.name + ("; " + "; ".join(errors) if errors else ": no http link"))


def package_file_name(entry: dict) -> str:
    version = str(entry.get("package_version", "0")).replace(".", "_")
    return f"translate-{entry['from_code']}_{entry['to_code']}-{version}.argosmodel"


def fetch_argos(entry: dict, out: Path, default_licence: str, reuse: bool) -> PackItem:
    rel = f"argos/{package_file_name(entry)}"
    dest = out / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = (entry.get("links") or [""])[0]
    if not (reuse and dest.is_file()):
        log(f"  fetching {rel}")
        source = download(list(entry.get("links") or []), dest)
    try:
        _top, metadata = inspect_package(dest)
    except ManifestError as exc:
        dest.unlink(missing_ok=True)
        raise PackError(f"{rel}: {exc}") from exc
    if (metadata["from_code"], metadata["to_code"]) != (entry["from_code"], entry["to_code"]):
        dest.unlink(missing_ok=True)
        raise PackError(f"{rel}: the package's own metadata names another pair")
    licence = str(entry.get("license") or metadata.get("license") or default_licence)
    return PackItem(kind="argos", name=f"translate-{entry['from_code']}_{entry['to_code']}",
                    version=str(entry.get("package_version", metadata.get("package_version", "0"))),
                    file=rel, sha256=sha256_file(dest), size=dest.stat().st_size, licence=licence,
                    source=source, from_code=entry["from_code"], to_code=entry["to_code"])


def fetch_tessdata(lang: str, base: str, version: str, licence: str, out: Path, reuse: bool) -> PackItem:
    rel = f"tessdata/{lang}.traineddata"
    dest = out / rel
    dest.parent.mkdir(parents=True, exist_ok=True)
    url = base.rstrip("/") + f"/{lang}.traineddata"
    if not (reuse and dest.is_file()):
        log(f"  fetching {rel}")
        download([url], dest)
    if dest.stat().st_size < 1024:
        raise PackError(f"{rel}: implausibly small, not tesseract data")
    return PackItem(kind="tessdata", name=lang, version=version, file=rel, sha256=sha256_file(dest),
                    size=dest.stat().st_size, licence=licence, source=url)


def make_pack(out: Path, index_location: str, pairs: list[tuple[str, str]], langs: list[str],
              tessdata_base: str, sources: dict, name: str, version: str, reuse: bool = True,
              strict: bool = False) -> Manifest:
    out.mkdir(parents=True, exist_ok=True)
    index = read_index(index_location) if pairs else []  # OCR-only packs need no index
    chosen, missing = choose_packages(index, pairs)
    if missing:
        text = ", ".join(f"{a}-{b}" for a, b in missing)
        if strict:
            raise PackError(f"the index has no package for: {text}")
        log(f"warning: the index has no package for: {text}")
    manifest = Manifest(name=name, version=version,
                        created=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    log(f"{len(chosen)} translation packages, {len(langs)} OCR languages")
    for entry in chosen:
        manifest.items.append(fetch_argos(entry, out, sources.get("argos_licence_default", "unknown"), reuse))
    for lang in langs:
        manifest.items.append(fetch_tessdata(lang, tessdata_base, sources.get("tessdata_version", "unknown"),
                                             sources.get("tessdata_licence", "Apache-2.0"), out, reuse))
    tmp = out / (MANIFEST_NAME + ".tmp")
    tmp.write_text(manifest.to_json(), encoding="utf-8")
    os.replace(tmp, out / MANIFEST_NAME)
    total = sum(item.size for item in manifest.items)
    log(f"model pack written to {out}: {len(manifest.items)} files, {total / 1e6:.1f} MB")
    return manifest


def parse_pairs(text: str) -> list[tuple[str, str]]:
    if text == "default":
        return list(DEFAULT_PAIRS)
    pairs = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        src, sep, dst = part.partition("-")
        if not sep or not src or not dst:
            raise PackError(f"a pair looks like fr-en, not {part!r}")
        pairs.append((src, dst))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="folder to fill (created if needed)")
    parser.add_argument("--sources", type=Path, default=HERE / "model_pack_sources.json")
    parser.add_argument("--index", help="argos package index: URL or file (default: from --sources)")
    parser.add_argument("--tessdata-base", help="URL folder holding <lang>.traineddata (default: from --sources)")
    parser.add_argument("--pairs", default="default", help="fr-en,en-fr,… or 'default' (%(default)s)")
    parser.add_argument("--langs", default=",".join(DEFAULT_LANGS), help="tesseract languages (%(default)s)")
    parser.add_argument("--name", default="Volunteer Desk model pack")
    parser.add_argument("--version", default=dt.date.today().strftime("%Y.%m.%d"))
    parser.add_argument("--fresh", action="store_true", help="download again even if a file is present")
    parser.add_argument("--strict", action="store_true", help="fail when the index lacks a wanted pair")
    parser.add_argument("--sign-key", type=Path, metavar="KEY.pem",
                        help="sign the manifest with this Ed25519 private key (PEM, unencrypted)")
    parser.add_argument("--new-key", type=Path, metavar="KEY.pem",
                        help="write a new key pair (KEY.pem and KEY.pub.pem) and stop")
    args = parser.parse_args(argv)
    if args.new_key:
        return new_key(args.new_key)
    if args.out is None:
        parser.error("the following arguments are required: --out")
    signing_key = None
    if args.sign_key:
        try:
            signing_key = args.sign_key.read_bytes()
        except OSError as exc:
            log(f"make_model_pack: cannot read the signing key: {exc.strerror}")
            return 1
    try:
        sources = load_sources(args.sources)
        langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]
        make_pack(args.out, args.index or sources["argos_index"], parse_pairs(args.pairs), langs,
                  args.tessdata_base or sources["tessdata_base"], sources, args.name, args.version,
                  reuse=not args.fresh, strict=args.strict)
        if signing_key is not None:
            sign(args.out, signing_key)
    except (PackError, OSError, KeyError) as exc:
        log(f"make_model_pack: {exc}")
        return 1
    return 0


def sign(out: Path, private_pem: bytes) -> None:
    try:
        from volunteer_desk.modelpack import signing
    except ImportError as exc:  # pragma: no cover - bare Python without cryptography
        raise PackError("signing needs the 'cryptography' package (pip install cryptography)") from exc
    try:
        kid = signing.sign_pack(out, private_pem)
    except (signing.SigningError, ImportError) as exc:
        raise PackError(str(exc)) from exc
    log(f"manifest signed (key {' '.join(kid[i:i + 4] for i in range(0, 16, 4))})")


def new_key(path: Path) -> int:
    try:
        from volunteer_desk.modelpack import signing

        private_pem, public_pem = signing.new_key_pair()
    except ImportError:
        log("make_model_pack: making a key needs the 'cryptography' package (pip install cryptography)")
        return 1
    public_path = path.with_name(path.name.removesuffix(".pem") + ".pub.pem")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never overwrite a key
        with os.fdopen(fd, "wb") as fh:
            fh.write(private_pem)
        public_path.write_bytes(public_pem)
    except OSError as exc:
        log(f"make_model_pack: cannot write the key: {exc.strerror}")
        return 1
    raw = signing.public_key_raw(public_pem)
    log(f"private key: {path} (keep it offline); public key: {public_path} (fingerprint {signing.fingerprint(raw)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
