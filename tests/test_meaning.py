"""The finder's meaning layer (site.meaning) without a browser: vectors, check's search tests, the site's files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT
from journeybook import meaning
from journeybook.check import run_check
from journeybook.finder import MEANING, VECTORS, Engine, WordPiece, documents, meaning_index, run_search_tests
from test_site import build, finder_data

TODAY = date(2026, 6, 1)
# Words of a caller that the playbook's words alone do not put in the top 3, and meaning does.
UNWORDED = ("if I stop the insurance now do I get anything back", "cancellation-refund")


@pytest.fixture(scope="module")
def harbor():
    return run_check(ROOT / "playbooks", today=TODAY)


def questions(engine: Engine, said: str) -> list[str]:
    return [i for kind, i in engine.search(said, 10) if kind == "q"]


@pytest.fixture(scope="module")
def engines(harbor):
    """The example's finder on words alone, and with meaning."""
    data = documents(harbor.playbook, "staff", TODAY)
    with Engine(data) as words, Engine(data) as both:
        both.use_meaning()
        yield words, both


def test_an_engine_closes_its_tokenizer_even_when_embedding_fails(harbor, monkeypatch) -> None:
    """A MiniRacer left open keeps Python from exiting: a model that cannot load must not leave one behind."""
    from journeybook import finder

    closed = []
    real_close = finder.WordPiece.close
    monkeypatch.setattr(finder.WordPiece, "close", lambda self: closed.append(self) or real_close(self))

    def no_model(data, tokenize):
        raise RuntimeError("no model here")

    monkeypatch.setattr(finder, "meaning_index", no_model)
    with pytest.raises(RuntimeError, match="no model here"), Engine(documents(harbor.playbook, "staff", TODAY)) as e:
        e.use_meaning()
    assert len(closed) == 1


def test_example_playbook_turns_meaning_on(harbor) -> None:
    assert harbor.playbook.settings.site.meaning is True


def test_meaning_finds_what_the_words_miss(engines) -> None:
    words, both = engines
    assert questions(words, "a van reversed into me")[0] == "courtesy-car"
    assert questions(both, "a van reversed into me")[0] == "report-accident"
    said, question = UNWORDED
    assert question not in questions(words, said)[:3]
    assert question in questions(both, said)[:3]


def test_the_yamls_own_phrasings_still_come_first(harbor, engines) -> None:
    both = engines[1]
    own = [(said, q.id) for q in harbor.playbook.questions.values() for said in (q.ask, *q.also_asked)]
    assert len(own) > 100
    assert [(said, i) for said, i in own if questions(both, said)[:1] != [i]] == []


def test_nonsense_finds_nothing_even_with_meaning(engines) -> None:
    assert engines[1].search("asdfgh qwerty") == []


def example(playbook_dir, journeybook: str | None = None, **files: str) -> Path:
    """The example playbook in a folder of the test's, with journeybook.yaml's `site:` replaced."""
    settings = (ROOT / "playbooks" / "journeybook.yaml").read_text(encoding="utf-8")
    if journeybook is not None:
        settings = settings[: settings.index("\nsite:")] + "\nsite:\n" + journeybook
    return playbook_dir({"journeybook.yaml": settings, **files}, base=ROOT / "playbooks")


def test_search_tests_rank_with_meaning_when_the_site_has_it(playbook_dir) -> None:
    tests = f"- say: {UNWORDED[0]}\n  expect: {UNWORDED[1]}\n"
    on = run_check(example(playbook_dir, **{"search-tests.yaml": tests}), today=TODAY)
    assert [rank for _, rank, _ in run_search_tests(on.playbook, TODAY)][0] <= 3
    assert not [f for f in on.findings if f.rule == "search-miss"]

    off = run_check(example(playbook_dir, "  meaning: false\n", **{"search-tests.yaml": tests}), today=TODAY)
    missed = [f for f in off.findings if f.rule == "search-miss"]
    assert len(missed) == 1 and f'should find question "{UNWORDED[1]}" in the top 3' in missed[0].message


def test_a_site_with_meaning_ships_the_model_and_one_vector_per_document(tmp_path: Path) -> None:
    site = build(ROOT / "playbooks", tmp_path / "site").site_dir
    for path, name in MEANING.items():
        assert (site / path).read_bytes() == (ROOT / "site_templates/assets" / name).read_bytes(), path
    data = finder_data(site)
    n = len(data["docs"])
    assert data["meaning"] == {"dims": 128, "size": 384, "docs": n, "tokens": 128, "file": VECTORS}
    assert (site / VECTORS).stat().st_size == 4 * (384 + 128 * 384 + n) + 128 * n


def test_an_offline_site_matches_words_only_and_leaves_the_model_out(playbook_dir, tmp_path: Path) -> None:
    source = example(playbook_dir, "  meaning: true\n  offline: true\n")
    messages: list[str] = []
    site = build(source, tmp_path / "site", messages=messages).site_dir
    assert "The finder matches words only: site.meaning needs a served site, and site.offline is on" in messages
    assert "meaning" not in finder_data(site)
    assert not (site / VECTORS).exists() and not (site / "assets/journeybook/vendor/minilm").exists()


def test_public_vectors_are_made_from_public_content_only(harbor, tmp_path: Path) -> None:
    data = finder_data(build(ROOT / "playbooks", tmp_path / "site", "public").site_dir)
    staff = documents(harbor.playbook, "staff", TODAY)["docs"]
    assert data["meaning"]["docs"] == len(data["docs"]) < len(staff)


def test_vectors_are_the_same_from_the_cache_and_without(harbor, tmp_path: Path, monkeypatch) -> None:
    data = documents(harbor.playbook, "staff", TODAY)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with WordPiece() as tokenize:
        cold = meaning_index(data, tokenize)[2]
        assert len(list((tmp_path / "journeybook").glob("meaning-*.npz"))) == 1
        warm = meaning_index(data, tokenize)[2]
    assert cold == warm


def test_a_cache_that_cannot_be_written_or_read_only_costs_time(harbor, tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    data = documents(harbor.playbook, "staff", TODAY)
    with WordPiece() as tokenize:
        first = meaning_index(data, tokenize)[2]
    garbage = tmp_path / "garbage"
    (garbage / "journeybook").mkdir(parents=True)
    model = meaning.Model(ROOT / "site_templates/assets/vendor/minilm/minilm-int8.onnx")
    (garbage / "journeybook" / f"meaning-{model.name}.npz").write_bytes(b"PK\x03\x04 not a zip")
    monkeypatch.setenv("XDG_CACHE_HOME", str(garbage))
    with WordPiece() as tokenize:
        assert meaning_index(data, tokenize)[2] == first


def test_the_vectors_blob_is_what_the_browser_reads() -> None:
    docs = [
        {"k": "q", "a": "Can I get my money back?", "aa": ["refund please"]},
        {"k": "j", "a": "Crash", "p": "A van reversed into me"},
        {"k": "q", "a": " ", "aa": []},  # no phrasing: a zero vector, never a match
    ]
    rng = np.random.default_rng(1)
    meta, blob = meaning.index(docs, lambda texts: meaning._unit(rng.normal(size=(len(texts), 384))))
    arrays = meaning.arrays(meta, blob)
    assert (meta["dims"], meta["size"], meta["docs"]) == (128, 384, 3)
    assert len(arrays["centre"]) == 384 and len(arrays["basis"]) == 128 * 384 and len(arrays["vectors"]) == 3 * 128
    assert arrays["scales"][2] == 0.0 and set(arrays["vectors"][256:]) == {0}
    unit = np.array(arrays["vectors"][:128]) * arrays["scales"][0]
    assert abs(np.linalg.norm(unit) - 1) < 0.02 and max(map(abs, arrays["vectors"][:256])) == 127


def test_building_with_meaning_sends_nothing_and_writes_only_its_cache(tmp_path: Path) -> None:
    """onnxruntime's wheels keep a device id and queue usage events for Microsoft unless told not to before they
    load; a build must write nothing but journeybook's own cache (a process of its own: the import is once)."""
    import subprocess
    import sys

    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "PATH": "/usr/bin:/bin"}
    script = (
        "from datetime import date; from pathlib import Path\n"
        "from journeybook.check import run_check\n"
        "from journeybook.finder import WordPiece, documents, meaning_index\n"
        f"book = run_check(Path({str(ROOT / 'playbooks')!r}), today=date(2026, 6, 1)).playbook\n"
        "data = documents(book, 'staff', date(2026, 6, 1))\n"
        "with WordPiece() as tokenize:\n"
        "    meaning_index(data, tokenize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    written = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    assert written and all(name.startswith(".cache/journeybook/meaning-") for name in written), written
