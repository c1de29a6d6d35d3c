"""The answer finder's index, built from the model, and its ranking run in embedded V8 for `journeybook check`.

The site's finder (site_templates/assets/finder/) ranks with finder-core.js on top of the vendored MiniSearch;
`journeybook check` runs that very file in V8 through mini-racer (a PyPI wheel, no Node needed), so a search
test passes in CI exactly when the site would put the question in its top 3.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from . import meaning
from .answering import conditions_in_words
from .finder_vocabulary import BASE_VOCABULARY
from .model import Answer, Playbook
from .schema import ID_PATTERN

FINDER = Path(__file__).resolve().parents[2] / "site_templates" / "assets"  # a checkout (as pages.TEMPLATES)
if not FINDER.is_dir():  # installed: pyproject.toml ships site_templates/ as journeybook.site_templates
    FINDER = Path(__file__).resolve().parent / "site_templates" / "assets"
# Site paths of the finder's files (the docs folder); the index script is generated per build.
SCRIPTS = {
    "assets/journeybook/vendor/minisearch.js": "vendor/minisearch.js",
    "assets/journeybook/vendor/stemmer.js": "vendor/stemmer.js",
    "assets/journeybook/finder-core.js": "finder/finder-core.js",
    "assets/journeybook/finder-meaning.js": "finder/finder-meaning.js",
    "assets/journeybook/finder.js": "finder/finder.js",
}
CSS = ("assets/journeybook/finder.css", "finder/finder.css")
LICENCES = {
    "assets/journeybook/vendor/minisearch.LICENSE.txt": "vendor/minisearch.LICENSE",
    "assets/journeybook/vendor/stemmer.LICENSE.txt": "vendor/stemmer.LICENSE",
}
INDEX = "assets/journeybook/finder-index.js"  # loaded by finder.js with a <script> tag (works from file://)
# The meaning layer (site.meaning): what finder-meaning.js loads after the index, only on a served site.
MEANING = {
    "assets/journeybook/wordpiece.js": "finder/wordpiece.js",
    "assets/journeybook/vendor/ort.wasm.min.js": "vendor/ort.wasm.min.js",
    "assets/journeybook/vendor/ort-wasm-simd-threaded.mjs": "vendor/ort-wasm-simd-threaded.mjs",
    "assets/journeybook/vendor/ort-wasm-simd-threaded.wasm": "vendor/ort-wasm-simd-threaded.wasm",
    "assets/journeybook/vendor/onnxruntime-web.LICENSE.txt": "vendor/onnxruntime-web.LICENSE",
    "assets/journeybook/vendor/minilm/minilm-int8.onnx": "vendor/minilm/minilm-int8.onnx",
    "assets/journeybook/vendor/minilm/vocab.txt": "vendor/minilm/vocab.txt",
    "assets/journeybook/vendor/minilm/minilm.LICENSE.txt": "vendor/minilm/minilm.LICENSE",
}
VECTORS = "assets/journeybook/finder-meaning.bin"  # meaning.index's blob: one vector per document
ENGINE = ("vendor/minisearch.js", "vendor/stemmer.js", "finder/finder-core.js")
TOP = 3  # a search test passes when its question ranks this high or higher

_ID = re.compile(ID_PATTERN)


def documents(book: Playbook, audience: str, today: date) -> dict:
    """What the finder searches and shows, for one audience: questions with their answers, journeys.

    A public index holds only `audience: public` questions and journeys, without decisions (public pages do not
    show them), internal notes, owners or journey steps: the same as the public pages.
    """
    staff = audience == "staff"
    departments = {d.id: d.name for d in book.departments.values()}
    segments = {s.id: s.name for s in book.segments.values()}
    topics = {t.id: t.title or t.id for t in book.topics if t.id}
    docs: list[dict] = []
    for question in book.questions.values():
        if not _ID.fullmatch(question.id) or not (staff or question.audience == "public"):
            continue
        answers = [a for a in book.answers_to(question.id) if a.effective is None or not _ended(a, today)]
        doc = {
            "k": "q",
            "id": question.id,
            "a": question.ask,
            "aa": list(question.also_asked),
            "t": topics.get(question.topic or "", ""),
            "u": f"questions/{question.id}/",
            "an": [_answer(a, staff, segments) for a in answers],
        }
        docs.append(doc)
    for journey in book.journeys.values():
        if not _ID.fullmatch(journey.id) or not (staff or journey.audience == "public"):
            continue
        doc = {
            "k": "j",
            "id": journey.id,
            "a": journey.title,
            "p": journey.problem or "",
            "o": journey.outcome or "",
            "u": f"journeys/{journey.id}/",
            "sg": list(journey.segments),
            "ch": list(journey.channels),
        }
        if staff:
            doc["dp"] = sorted({s.department for s in journey.steps if s.department})
        docs.append(doc)
    used = {a["by"] for d in docs for a in d.get("an", ())} | {p for d in docs for p in d.get("dp", ())}
    return {
        "version": 1,
        "audience": audience,
        "html": book.settings.site.offline,  # the offline plugin builds page.html links, not page/ folders
        "vocabulary": [list(group) for group in (*BASE_VOCABULARY, *book.settings.vocabulary)],
        "departments": sorted(([i, n] for i, n in departments.items() if i in used), key=lambda p: p[1].casefold()),
        "segments": sorted(([i, n] for i, n in segments.items()), key=lambda p: p[1].casefold()),
        "channels": sorted(book.channels),
        "docs": docs,
    }


def _ended(answer: Answer, today: date) -> bool:
    return answer.effective is not None and answer.effective.end is not None and answer.effective.end < today


def _answer(answer: Answer, staff: bool, segments: dict[str, str]) -> dict:
    entry: dict = {
        "by": answer.by or "",
        "s": answer.say,
        "w": conditions_in_words(answer, lambda v: segments.get(v, v), staff),
    }
    if staff:
        entry["dc"] = answer.decision
        if answer.internal:
            entry["n"] = answer.internal
    for dimension, key in (("segment", "sg"), ("channel", "ch")):
        if answer.when.get(dimension):
            entry[key] = list(answer.when[dimension])
    if answer.effective is not None:
        start, end = answer.effective.start, answer.effective.end
        entry["e"] = [start.isoformat() if start else "", end.isoformat() if end else ""]
    return entry


def index_script(data: dict, prebuilt: bool = True) -> bytes:
    """The index as a script: a <script> tag loads it from http and file:// alike (no fetch of file://).

    It sets window.JB_FINDER_DATA (the documents the results show) and window.JB_FINDER_INDEX, the MiniSearch
    index finder-core.js built from them here, in V8: a page loads it in a fraction of the time analysing
    every text again would take (at 10,000 questions, seconds). Both are JSON.parse of a string literal, which
    browsers read several times faster than the same data written as object literals.

    `prebuilt=False` (serve's quick rebuilds) leaves the index out: the page then indexes the documents itself,
    in slices between frames.
    """
    index = "null"
    if prebuilt:
        with Engine(data) as engine:
            index = f"JSON.parse({_js_string(engine.serialised_index())})"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        f"window.JB_FINDER_DATA=JSON.parse({_js_string(text)});\n"
        f"window.JB_FINDER_INDEX={index};\n"
        "if (window.__jbFinderIndexLoaded) window.__jbFinderIndexLoaded();\n"  # finder.js ran first: tell it
    ).encode()


def _js_string(text: str) -> str:
    """`text` as a single-quoted JavaScript string. U+2028/2029 (line ends to old engines) and "<" (so the text
    can never close a script element, wherever someone pastes it) are written as escapes."""
    quoted = text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return "'" + quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("<", "\\u003c") + "'"


def site_files(book: Playbook, audience: str, today: date) -> list[tuple[str, bytes]]:
    """(site path, bytes) of every file the finder needs in the docs folder."""
    shipped = {**SCRIPTS, **LICENCES, **(MEANING if meaning_on(book) else {})}
    files = [(path, (FINDER / name).read_bytes()) for path, name in shipped.items()]
    files.append((CSS[0], (FINDER / CSS[1]).read_bytes()))
    return files + index_files(book, audience, today)


def index_files(book: Playbook, audience: str, today: date, prebuilt: bool = True) -> list[tuple[str, bytes]]:
    """The index script and, with the meaning layer, its vectors: what a change to the playbook changes."""
    data = documents(book, audience, today)
    files = []
    if meaning_on(book):
        with WordPiece() as tokenize:
            meta, blob = meaning_index(data, tokenize)[1:]
        data["meaning"] = {**meta, "file": VECTORS}
        files.append((VECTORS, blob))
    return [(INDEX, index_script(data, prebuilt)), *files]


def meaning_on(book: Playbook) -> bool:
    """Whether the finder matches meaning: asked for, and the site is served (a page opened from disk may not
    load the model: browsers block fetch and import() of file:// addresses)."""
    return book.settings.site.meaning and not book.settings.site.offline


def meaning_index(data: dict, tokenize: WordPiece) -> tuple[meaning.Model, dict, bytes]:
    """The model, and meaning.index of the documents, embedded through the tokenizer and the cache."""
    model = meaning.Model(FINDER / "vendor/minilm/minilm-int8.onnx")
    cache = meaning.Cache(model.name)
    meta, blob = meaning.index(data["docs"], lambda texts: meaning.vectors(texts, tokenize, model, cache))
    cache.save()
    return model, meta, blob


# --- the same ranking in embedded V8 ---------------------------------------------------------


class Engine:
    """finder-core.js over one index, in mini-racer's V8: `search(text)` → question and journey ids, best first.

    Use it as a context manager: a MiniRacer left open when Python exits keeps the process from ending.
    """

    def __init__(self, data: dict) -> None:
        from py_mini_racer import MiniRacer

        self._v8 = MiniRacer()
        self._v8.eval("var window = globalThis;")
        for name in ENGINE:
            self._v8.eval((FINDER / name).read_text(encoding="utf-8"))
        self._v8.eval(f"var JB_FINDER = new JBFinder.Finder({json.dumps(data)}).indexAll();")
        self._v8.eval(
            "function jbSearch(text, limit, typing, vector) {"
            " var found = JB_FINDER.search(text, {limit: limit, typing: typing, vector: vector || undefined});"
            " return JSON.stringify(found.map(r => [r.doc.k, r.doc.id])); }"
        )
        self._data = data
        self._tokenize: WordPiece | None = None  # the meaning layer's (use_meaning)
        self._model: meaning.Model | None = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._v8.close()
        if self._tokenize is not None:
            self._tokenize.close()

    def serialised_index(self) -> str:
        """MiniSearch's JSON of the index (what the site's finder loads with MiniSearch.loadJS)."""
        return self._v8.eval("JSON.stringify(JB_FINDER.index)")

    def use_meaning(self) -> None:
        """Search with the meaning layer too, as the site does once its model has loaded: the documents embedded
        as the build embeds them."""
        self._tokenize = WordPiece()  # the engine's from here: closed with it, even if embedding fails
        self._model, meta, blob = meaning_index(self._data, self._tokenize)
        self._v8.eval(f"JB_FINDER.useMeaning({json.dumps(meaning.arrays(meta, blob))});")

    def search(self, text: str, limit: int = 10, typing: bool = False) -> list[tuple[str, str]]:
        """(kind, id) of the results, "q" for a question and "j" for a journey, in rank order. `typing`: as the
        site's search box while a word is being typed (its last word may be unfinished)."""
        vector = None
        if self._model is not None and self._tokenize is not None:
            vector = self._model.embed(self._tokenize([text])[0]).tolist()
        return [tuple(pair) for pair in json.loads(self._v8.call("jbSearch", text, limit, typing, vector))]


class WordPiece:
    """The meaning layer's tokenizer: the site's wordpiece.js over the vendored vocabulary, in its own V8.
    Call it with texts for their token ids. A context manager, as Engine."""

    def __init__(self) -> None:
        from py_mini_racer import MiniRacer

        self._v8 = MiniRacer()
        self._v8.eval((FINDER / "finder/wordpiece.js").read_text(encoding="utf-8"))
        vocab = (FINDER / "vendor/minilm/vocab.txt").read_text(encoding="utf-8")
        self._v8.eval(f"var JB_WORDPIECE = new JBWordPiece.Tokenizer({_js_string(vocab)});")
        self._v8.eval("function jbTokenize(texts, max) { return JSON.stringify(JB_WORDPIECE.encodeAll(texts, max)); }")

    def __call__(self, texts: list[str]) -> list[list[int]]:
        return json.loads(self._v8.call("jbTokenize", texts, meaning.MAX_TOKENS))

    def __enter__(self) -> WordPiece:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._v8.close()


def run_search_tests(book: Playbook, today: date) -> list[tuple[object, int | None, list[str]]]:
    """Each search test with its expected question's rank (1-based, None when not in the first 10) and the
    question ids that ranked first. Computed once per playbook (the rule and the health page share it)."""
    cached = getattr(book, "_jb_search_results", None)
    if cached is not None:
        return cached
    results: list[tuple[object, int | None, list[str]]] = []
    if book.search_tests:
        data = documents(book, "staff", today)
        with Engine(data) as engine:
            if meaning_on(book):
                engine.use_meaning()
            for test in book.search_tests:
                found = [i for kind, i in engine.search(test.say, 10) if kind == "q"]
                rank = found.index(test.expect) + 1 if test.expect in found else None
                results.append((test, rank, found))
    book._jb_search_results = results  # type: ignore[attr-defined]
    return results
