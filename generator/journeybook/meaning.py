"""The answer finder's meaning layer: a sentence model's vector per document, made at build time.

With `site: {meaning: true}`, all-MiniLM-L6-v2 (int8 ONNX, vendored under site_templates/assets/vendor/minilm/)
embeds every phrasing of every document here, through onnxruntime; the browser runs the same file through
onnxruntime-web on what the caller said, and finder-core.js adds the cosine to the words' score. Token ids come
from one tokenizer, wordpiece.js, run here in V8 as in the browser. The index keeps one vector per document: the
mean of its phrasings', reduced to DIMS directions (a PCA fitted on the playbook's own phrasings) and kept as
int8 with one scale per vector, 1.3 MB at 10,000 questions instead of 15 MB of float32.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

SIZE = 384  # the model's vector
DIMS = 128  # what the index keeps of it
MAX_TOKENS = 128  # [CLS] … [SEP]: longer phrasings are cut (a phrasing is a sentence or two)
CACHE_LIMIT = 200_000  # vectors kept between builds (768 bytes each)


def phrasings(doc: dict) -> list[str]:
    """The ways a document is asked: a question's ask and also_asked; a journey's title and problem."""
    texts = [doc["a"], *doc.get("aa", ())] if doc["k"] == "q" else [doc["a"], doc.get("p", "")]
    return [t for t in texts if t.strip()]


class Model:
    """all-MiniLM-L6-v2 in onnxruntime: token ids in, a unit-length 384-float vector out."""

    def __init__(self, path: Path) -> None:
        # onnxruntime's official wheels send usage events to Microsoft unless told not to before it loads (on
        # Linux and macOS since 1.2x, with a device id kept in ~/.cache): a build never phones home.
        os.environ["ORT_DISABLE_TELEMETRY"] = "1"
        import onnxruntime

        onnxruntime.disable_telemetry_events()  # Windows: its event tracing
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # no warnings about the graph on stderr
        self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.name = hashlib.sha256(path.read_bytes()).hexdigest()[:16]

    def embed(self, ids: Sequence[int]) -> np.ndarray:
        """One text's ids, one at a time: int8 activations are quantised per run, so a batch would make a
        text's vector depend on what it was batched with."""
        row = np.asarray([ids], dtype=np.int64)
        return self._session.run(["embedding"], {"input_ids": row, "attention_mask": np.ones_like(row)})[0][0]


class Cache:
    """Vectors by text between builds, in the user's cache folder: a rebuild embeds only what changed."""

    def __init__(self, model: str) -> None:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        self.path = root / "journeybook" / f"meaning-{model}.npz"
        self.vectors: dict[bytes, np.ndarray] = {}
        self.used: set[bytes] = set()
        try:
            with np.load(self.path, allow_pickle=False) as stored:
                keys, values = stored["keys"], stored["vectors"]
            if keys.dtype == np.uint8 and keys.shape == (len(values), 16) and values.shape[1:] == (SIZE,):
                self.vectors = dict(zip((k.tobytes() for k in keys), values, strict=True))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            pass  # none yet, or unreadable: embed again
        self.added = False

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8")).digest()[:16]

    def get(self, text: str) -> np.ndarray | None:
        key = self.key(text)
        self.used.add(key)
        return self.vectors.get(key)

    def put(self, text: str, vector: np.ndarray) -> None:
        self.vectors[self.key(text)] = vector.astype(np.float16)
        self.added = True

    def save(self) -> None:
        if not self.added:
            return
        keep = self.vectors
        if len(keep) > CACHE_LIMIT:  # too many: keep this build's
            keep = {k: v for k, v in keep.items() if k in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            part = self.path.with_name(f"{self.path.stem}.{os.getpid()}.tmp.npz")
            keys = np.frombuffer(b"".join(keep), np.uint8).reshape(-1, 16)
            values = np.stack(list(keep.values())) if keep else np.zeros((0, SIZE), np.float16)
            np.savez(part, keys=keys, vectors=values)
            os.replace(part, self.path)
        except OSError:
            pass  # a read-only home: the next build embeds again


def vectors(
    texts: Sequence[str], tokenize: Callable[[list[str]], list[list[int]]], model: Model, cache: Cache | None
) -> np.ndarray:
    """The model's vector of each text (float32, unit length), from the cache where it has them."""
    out = np.zeros((len(texts), SIZE), np.float32)
    missing = []
    for i, text in enumerate(texts):
        found = cache.get(text) if cache is not None else None
        if found is None:
            missing.append(i)
        else:
            out[i] = found
    if missing:
        ids = tokenize([texts[i] for i in missing])
        for i, row in zip(missing, ids, strict=True):
            out[i] = model.embed(row).astype(np.float16)  # as the cache keeps it: the same index, cached or not
            if cache is not None:
                cache.put(texts[i], out[i])
    return out


def index(docs: list[dict], embed: Callable[[list[str]], np.ndarray]) -> tuple[dict, bytes]:
    """(what finder-core.js's useMeaning needs besides the arrays, the arrays as one little-endian blob:
    centre float32[SIZE], basis float32[DIMS × SIZE], scales float32[docs], vectors int8[docs × DIMS])."""
    texts = sorted({t for d in docs for t in phrasings(d)})
    where = {t: i for i, t in enumerate(texts)}
    found = embed(texts) if texts else np.zeros((0, SIZE), np.float32)
    centre = found.mean(0) if len(texts) else np.zeros(SIZE, np.float32)
    spread = (found - centre).astype(np.float64)
    _, axes = np.linalg.eigh(spread.T @ spread)  # ascending: the last DIMS are the directions kept
    basis = axes[:, ::-1][:, :DIMS].T
    basis *= np.where(basis[np.arange(DIMS), np.abs(basis).argmax(1)] < 0, -1, 1)[:, None]  # one sign, every build
    projected = _unit((found - centre) @ basis.T)
    quantised = np.zeros((len(docs), DIMS), np.int8)
    scales = np.zeros(len(docs), np.float32)
    for n, doc in enumerate(docs):
        rows = [where[t] for t in phrasings(doc)]
        if not rows:
            continue
        mean = _unit(projected[rows].mean(0))
        scales[n] = np.abs(mean).max() / 127 or 1.0
        quantised[n] = np.round(mean / scales[n]).astype(np.int8)
    blob = b"".join(
        (centre.astype("<f4").tobytes(), basis.astype("<f4").tobytes(), scales.astype("<f4").tobytes()),
    )
    # tokens: the page cuts what was said where the phrasings were cut (finder-meaning.js reads it here)
    return {"dims": DIMS, "size": SIZE, "docs": len(docs), "tokens": MAX_TOKENS}, blob + quantised.tobytes()


def arrays(meta: dict, blob: bytes) -> dict:
    """The blob as useMeaning's lists (for V8 in `check`, which gets them as JSON)."""
    size, dims, n = meta["size"], meta["dims"], meta["docs"]
    floats = np.frombuffer(blob, "<f4", count=size + dims * size + n)
    return {
        "dims": dims,
        "size": size,
        "centre": floats[:size].tolist(),
        "basis": floats[size : size + dims * size].tolist(),
        "scales": floats[size + dims * size :].tolist(),
        "vectors": np.frombuffer(blob, np.int8, offset=floats.nbytes).tolist(),
    }


def _unit(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(norm == 0, 1, norm)
