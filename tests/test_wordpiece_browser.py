"""wordpiece.js in headless Chromium gives the same ids as HuggingFace `tokenizers` (the fixture test_wordpiece.py
checks in V8), so the browser's meaning layer and `journeybook check` feed the model the same tokens."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import test_browser  # noqa: E402
from search_timing import CHROMIUM, open_page  # noqa: E402 - benchmarks/ is not a package
from test_wordpiece import CASES, VOCAB, WORDPIECE  # noqa: E402

chromium = test_browser.chromium  # one browser for the session, shared with the other browser tests

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"{CHROMIUM} is missing: apt-get install chromium"),
]


def test_chromium_tokenizes_every_case_as_huggingface_tokenizers(chromium) -> None:
    assert VOCAB.is_file(), f"{VOCAB.relative_to(ROOT)} is missing: the sentence model's vocabulary is vendored there"
    with open_page(chromium) as (page, watch):
        page.set_content("<!doctype html><title>wordpiece</title>")
        page.add_script_tag(content=WORDPIECE.read_text(encoding="utf-8"))
        got = page.evaluate(
            "([vocab, texts]) => JSON.stringify(new JBWordPiece.Tokenizer(vocab).encodeAll(texts))",
            [VOCAB.read_text(encoding="utf-8"), [case["text"] for case in CASES]],
        )
        assert not watch.console_errors and not watch.page_errors
    wrong = [
        f"{case['text']!r}: expected {case['ids']}, got {ids}"
        for case, ids in zip(CASES, json.loads(got), strict=True)
        if ids != case["ids"]
    ]
    assert not wrong, f"{len(wrong)} of {len(CASES)} texts tokenized unlike HuggingFace tokenizers:\n" + "\n".join(
        wrong[:20]
    )
