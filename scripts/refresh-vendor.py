#!/usr/bin/env python3
"""Refresh the vendored JavaScript of the answer finder from npm: exact versions, checked against recorded sha256.

Usage: python scripts/refresh-vendor.py [--check]

For each package below: `npm pack NAME@VERSION` (the registry's own tarball), verify its sha256 against the
one recorded here, and copy the browser build plus its licence into site_templates/assets/vendor/. `stemmer`
ships as an ES module only, so its one file is wrapped to set `globalThis.stemmer` (a plain script works from
file:// and in the embedded V8 `journeybook check` uses). With --check, nothing is written: the script says
whether the files in the repository are byte-identical to what a refresh would write (exit 1 when not).
Node and npm are needed for this script only, never to build or check a playbook.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "site_templates" / "assets" / "vendor"

# name, version, sha256 of the npm tarball, file in the package → vendored name, licence file in the package
PACKAGES = [
    (
        "minisearch",
        "7.2.0",
        "cb3b8126a3ea65d6b387787294f0792b0ea4a40b70f8f37688066a5638e0218a",
        {"package/dist/umd/index.js": "minisearch.js"},
        "package/LICENSE.txt",
    ),
    (
        "stemmer",
        "2.0.1",
        "e94a3698cc7c6efcd2a9f29e94868c64c03416e86a1eea355bb3e5b059608900",
        {"package/index.js": "stemmer.js"},
        "package/license",
    ),
]


def wrap_esm(name: str, version: str, text: str) -> str:
    """The ES module `export function stemmer` as a plain script that defines globalThis.stemmer."""
    if text.count("export function stemmer(") != 1 or "import " in text:
        raise SystemExit(f"{name} {version}: unexpected module shape; update wrap_esm")
    body = text.replace("export function stemmer(", "function stemmer(")
    return (
        f"/* {name} {version} (npm), wrapped by scripts/refresh-vendor.py to define globalThis.stemmer */\n"
        f"(function () {{\n{body}\nglobalThis.stemmer = stemmer\n}})();\n"
    )


def built_files(workdir: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name, version, sha256, files, licence in PACKAGES:
        packed = subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--silent"], cwd=workdir, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
        data = (workdir / packed).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != sha256:
            raise SystemExit(f"{name}@{version}: sha256 {digest} is not the recorded {sha256}; refusing to vendor it")
        with tarfile.open(workdir / packed) as tar:
            for member, target in files.items():
                text = tar.extractfile(member).read().decode("utf-8")
                if name == "stemmer":
                    text = wrap_esm(name, version, text)
                out[target] = text.encode("utf-8")
            out[f"{name}.LICENSE"] = tar.extractfile(licence).read()
        out[f"{name}.VERSION"] = f"{name}@{version} sha256:{sha256}\n".encode()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = built_files(Path(tmp))
    differ = [
        name for name, data in files.items() if not (VENDOR / name).is_file() or (VENDOR / name).read_bytes() != data
    ]
    if args.check:
        for name in differ:
            print(f"differs: site_templates/assets/vendor/{name}")
        print("vendored files are up to date" if not differ else f"{len(differ)} vendored file(s) differ")
        return 1 if differ else 0
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (VENDOR / name).write_bytes(data)
        print(f"wrote site_templates/assets/vendor/{name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
