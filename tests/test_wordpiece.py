"""wordpiece.js, run in V8 as `journeybook check` runs it, gives exactly the token ids HuggingFace `tokenizers` gives.

The expected ids (tests/search/wordpiece-cases.json) were written by benchmarks/wordpiece_cases.py with
`tokenizers` and all-MiniLM-L6-v2's tokenizer.json; the vocabulary is the vendored
site_templates/assets/vendor/minilm/vocab.txt.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORDPIECE = ROOT / "site_templates" / "assets" / "finder" / "wordpiece.js"
VOCAB = ROOT / "site_templates" / "assets" / "vendor" / "minilm" / "vocab.txt"
CASES = json.loads((ROOT / "tests" / "search" / "wordpiece-cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def v8():
    from py_mini_racer import MiniRacer

    assert VOCAB.is_file(), (
        f"{VOCAB.relative_to(ROOT)} is missing: the sentence model's vocabulary is vendored there "
        "(one token a line, 30522 lines); wordpiece.js cannot be checked without it"
    )
    engine = MiniRacer()
    engine.eval(WORDPIECE.read_text(encoding="utf-8"))  # no `window`: as the check's V8 and a worker see it
    engine.eval(f"var T = new JBWordPiece.Tokenizer({json.dumps(VOCAB.read_text(encoding='utf-8'))});")
    engine.eval(
        "function encodeAll(texts, max) { return JSON.stringify(T.encodeAll(JSON.parse(texts), max)); }"
        "function encodeOne(text, max) { return JSON.stringify(T.encode(text, max)); }"
    )
    yield engine
    engine.close()


def _encode_all(v8, texts: list[str], max_tokens: int | None = None) -> list[list[int]]:
    return json.loads(v8.call("encodeAll", json.dumps(texts), max_tokens))


def test_the_vocabulary_is_the_models(v8):
    assert v8.eval("T.vocab.size") == 30522
    special = v8.eval("JSON.stringify([T.id('[PAD]'), T.unk, T.cls, T.sep, T.id('[MASK]')])")
    assert json.loads(special) == [0, 100, 101, 102, 103]


def test_every_case_gives_the_ids_huggingface_tokenizers_gives(v8):
    assert len(CASES) >= 300
    got = _encode_all(v8, [case["text"] for case in CASES])
    wrong = [
        f"{case['text']!r}:\n  expected {case['ids']}\n  got      {ids}"
        for case, ids in zip(CASES, got, strict=True)
        if ids != case["ids"]
    ]
    assert not wrong, f"{len(wrong)} of {len(CASES)} texts tokenized unlike HuggingFace tokenizers:\n" + "\n".join(
        wrong[:20]
    )


def test_one_call_per_text_gives_the_same_ids_as_many_at_once(v8):
    # encode() is what the browser calls for each query; the word cache must not make a text depend on others
    for case in CASES[::7]:
        assert json.loads(v8.call("encodeOne", case["text"], 128)) == case["ids"], case["text"]


def test_truncation_keeps_cls_the_first_tokens_and_sep(v8):
    text = " ".join(f"word{n}" for n in range(100))
    full = _encode_all(v8, [text], 1000)[0]
    assert len(full) > 128 and full[0] == 101 and full[-1] == 102
    assert _encode_all(v8, [text])[0] == full[:127] + [102]  # the default is 128, the model's maximum
    assert _encode_all(v8, [text], 16)[0] == full[:15] + [102]
    assert _encode_all(v8, ["hello"], 2)[0] == [101, 102]
    assert _encode_all(v8, [""])[0] == [101, 102]


def test_text_outside_the_basic_plane_is_one_code_point_and_lone_surrogates_vanish(v8):
    # JSON from Python carries a lone surrogate as the escape "\ud83d", which V8 keeps as one UTF-16 unit
    assert v8.eval('JSON.stringify(T.encode("a\\ud83d b"))') == v8.eval('JSON.stringify(T.encode("a b"))')
    assert v8.eval('JSON.stringify(T.encode("\\ude00x"))') == v8.eval('JSON.stringify(T.encode("x"))')
    assert json.loads(v8.eval('JSON.stringify(T.words("x\\ud83d\\ude00y,z"))')) == ["x\U0001f600y", ",", "z"]
