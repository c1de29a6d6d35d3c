#!/usr/bin/env python3
"""Refresh the vendored JavaScript of the answer finder from npm: exact versions, checked against recorded sha256.

Usage: python scripts/refresh-vendor.py [--check]

For each package below: `npm pack NAME@VERSION` (the registry's own tarball), verify its sha256 against the
one recorded here, and copy the browser build plus its licence into site_templates/assets/vendor/; NAME.VERSION
records the tarball's sha256 and each copied file's (tests/test_vendor_meaning.py checks the files against it).
`stemmer` ships as an ES module only, so its one file is wrapped to set `globalThis.stemmer` (a plain script
works from file:// and in the embedded V8 `journeybook check` uses). `onnxruntime-web` (the meaning layer's
runtime) is taken as three files: the WebAssembly-only build as a classic script (window.ort), the Emscripten
glue it imports and the SIMD .wasm that glue loads; those are what Chromium requests with numThreads=1 and
proxy off (no jsep/jspi/asyncify variants, no source maps). Its tarball holds no licence file, so
onnxruntime-web.LICENSE is ONNX Runtime's MIT licence (what package.json's "license" and the files' own
headers name), written from ORT_LICENCE below. With --check, nothing is written: the script says
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
    (
        "onnxruntime-web",
        "1.31.1",
        "bdccdb9fbb9ab537247c0c734e9b1d2b1b338b4f2a09faa58f0dc1cfa27c312c",
        {
            "package/dist/ort.wasm.min.js": "ort.wasm.min.js",
            "package/dist/ort-wasm-simd-threaded.mjs": "ort-wasm-simd-threaded.mjs",
            "package/dist/ort-wasm-simd-threaded.wasm": "ort-wasm-simd-threaded.wasm",
        },
        None,  # no licence file in the tarball: ORT_LICENCE
    ),
]

# The MIT licence as the onnxruntime wheels on PyPI ship it (onnxruntime/LICENSE, byte for byte), after a paragraph
# saying where it comes from. The runtime's own headers: "Copyright (c) Microsoft Corporation ... MIT License."
ORT_LICENCE = """onnxruntime-web (npm) is published by Microsoft under the MIT License (package.json: "license": "MIT").
Its npm tarball contains no licence file; below is the LICENSE of ONNX Runtime as its PyPI wheels ship it
(https://github.com/microsoft/onnxruntime). Third-party notices for the code compiled into the .wasm:
https://github.com/microsoft/onnxruntime/blob/main/ThirdPartyNotices.txt

MIT License

Copyright (c) Microsoft Corporation

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


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
        record = [f"{name}@{version} sha256:{sha256}"]
        with tarfile.open(workdir / packed) as tar:
            for member, target in files.items():
                data = tar.extractfile(member).read()
                if name == "stemmer":
                    data = wrap_esm(name, version, data.decode("utf-8")).encode("utf-8")
                out[target] = data
            out[f"{name}.LICENSE"] = tar.extractfile(licence).read() if licence else ORT_LICENCE.encode()
        for target in (*files.values(), f"{name}.LICENSE"):  # what the vendored bytes must be, file by file
            record.append(f"sha256:{hashlib.sha256(out[target]).hexdigest()}  {target}")
        out[f"{name}.VERSION"] = "\n".join(record + [""]).encode()
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
