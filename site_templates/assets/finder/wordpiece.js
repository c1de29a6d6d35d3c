/* journeybook answer finder: the sentence model's tokenizer (BERT uncased WordPiece, as HuggingFace `tokenizers`
   runs all-MiniLM-L6-v2's tokenizer.json). One file, run by the browser and by `journeybook check` (embedded V8),
   so the model sees the same token ids in both. Plain ES2017, no DOM: it must run where there is no `window`.

   new JBWordPiece.Tokenizer(vocabText)   vocabText: the vocab file, one token per line, id = line number
   tokenizer.encode(text, maxTokens)      [101 ([CLS]), ...ids, 102 ([SEP])], at most maxTokens (default 128) */
(function (root) {
  "use strict";

  // The special tokens tokenizer.json declares as added tokens: found in the raw text before anything else,
  // case and all ("[SEP]" typed by someone is the separator, "[sep]" is three words).
  var SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
  var SPECIAL_RE = /\[(?:PAD|UNK|CLS|SEP|MASK)\]/;
  var MAX_WORD = 100; // max_input_chars_per_word: a longer word is one [UNK]

  /* Character classes exactly as the Rust `tokenizers` crate sees them, so the ids do not depend on the Unicode
     version of the JavaScript engine running this. The crate takes "other" (removed by clean_text),
     punctuation and nonspacing marks from the unicode_categories crate's tables, older than today's Unicode:
     unassigned then, a character is a letter to it. These ranges (hexadecimal code points, beyond ASCII) are
     what `tokenizers` 0.23 does to each code point, written by benchmarks/wordpiece_cases.py. */
  function ranges(text) {
    var parts = text.split(",");
    var bounds = new Int32Array(parts.length * 2);
    for (var i = 0; i < parts.length; i++) {
      var ends = parts[i].split("-");
      bounds[2 * i] = parseInt(ends[0], 16);
      bounds[2 * i + 1] = parseInt(ends[ends.length - 1], 16);
    }
    return bounds;
  }
  function within(bounds, cp) { // binary search over sorted [start, end] pairs
    var lo = 0;
    var hi = bounds.length / 2 - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cp < bounds[2 * mid]) hi = mid - 1;
      else if (cp > bounds[2 * mid + 1]) lo = mid + 1;
      else return true;
    }
    return false;
  }
  // removed by clean_text (with U+FFFD): control, format and private use characters the crate knew of
  var OTHER = ranges(
    "80-9f,ad,600-605,61c,6dd,70f,180e,200b-200f,202a-202e,2060-2064,2066-206f,e000-f8ff,feff,fff9-fffb,fffd," +
    "110bd,1bca0-1bca3,1d173-1d17a,e0001,e0020-e007f,f0000-ffffd,100000-10fffd"
  );
  // whitespace (Rust's char::is_whitespace) that clean_text turns into " " (U+0085 is a control: removed)
  var WHITE = ranges(
    "a0,1680,2000-200a,2028-2029,202f,205f,3000"
  );
  // punctuation (Unicode P*): each one a word of its own
  var PUNCT = ranges(
    "a1,a7,ab,b6-b7,bb,bf,37e,387,55a-55f,589-58a,5be,5c0,5c3,5c6,5f3-5f4,609-60a,60c-60d,61b,61e-61f,66a-66d," +
    "6d4,700-70d,7f7-7f9,830-83e,85e,964-965,970,af0,df4,e4f,e5a-e5b,f04-f12,f14,f3a-f3d,f85,fd0-fd4,fd9-fda," +
    "104a-104f,10fb,1360-1368,1400,166d-166e,169b-169c,16eb-16ed,1735-1736,17d4-17d6,17d8-17da,1800-180a," +
    "1944-1945,1a1e-1a1f,1aa0-1aa6,1aa8-1aad,1b5a-1b60,1bfc-1bff,1c3b-1c3f,1c7e-1c7f,1cc0-1cc7,1cd3,2010-2027," +
    "2030-2043,2045-2051,2053-205e,207d-207e,208d-208e,2308-230b,2329-232a,2768-2775,27c5-27c6,27e6-27ef," +
    "2983-2998,29d8-29db,29fc-29fd,2cf9-2cfc,2cfe-2cff,2d70,2e00-2e2e,2e30-2e42,3001-3003,3008-3011,3014-301f," +
    "3030,303d,30a0,30fb,a4fe-a4ff,a60d-a60f,a673,a67e,a6f2-a6f7,a874-a877,a8ce-a8cf,a8f8-a8fa,a8fc,a92e-a92f," +
    "a95f,a9c1-a9cd,a9de-a9df,aa5c-aa5f,aade-aadf,aaf0-aaf1,abeb,fd3e-fd3f,fe10-fe19,fe30-fe52,fe54-fe61,fe63," +
    "fe68,fe6a-fe6b,ff01-ff03,ff05-ff0a,ff0c-ff0f,ff1a-ff1b,ff1f-ff20,ff3b-ff3d,ff3f,ff5b,ff5d,ff5f-ff65," +
    "10100-10102,1039f,103d0,1056f,10857,1091f,1093f,10a50-10a58,10a7f,10af0-10af6,10b39-10b3f,10b99-10b9c," +
    "11047-1104d,110bb-110bc,110be-110c1,11140-11143,11174-11175,111c5-111c9,111cd,111db,111dd-111df," +
    "11238-1123d,112a9,114c6,115c1-115d7,11641-11643,1173c-1173e,12470-12474,16a6e-16a6f,16af5,16b37-16b3b," +
    "16b44,1bc9f,1da87-1da8b"
  );
  // nonspacing marks (Mn), dropped after NFD: the accents of "café"
  var MARK = ranges(
    "300-33f,342,345-36f,483-487,591-5bd,5bf,5c1-5c2,5c4-5c5,5c7,610-61a,64b-65f,670,6d6-6dc,6df-6e4,6e7-6e8," +
    "6ea-6ed,711,730-74a,7a6-7b0,7eb-7f3,816-819,81b-823,825-827,829-82d,859-85b,8e3-902,93a,93c,941-948,94d," +
    "951-957,962-963,981,9bc,9c1-9c4,9cd,9e2-9e3,a01-a02,a3c,a41-a42,a47-a48,a4b-a4d,a51,a70-a71,a75,a81-a82," +
    "abc,ac1-ac5,ac7-ac8,acd,ae2-ae3,b01,b3c,b3f,b41-b44,b4d,b56,b62-b63,b82,bc0,bcd,c00,c3e-c40,c46-c47," +
    "c4a-c4d,c55-c56,c62-c63,c81,cbc,cbf,cc6,ccc-ccd,ce2-ce3,d01,d41-d44,d4d,d62-d63,dca,dd2-dd4,dd6,e31," +
    "e34-e3a,e47-e4e,eb1,eb4-eb9,ebb-ebc,ec8-ecd,f18-f19,f35,f37,f39,f71-f72,f74,f77,f79-f7e,f80,f82-f84," +
    "f86-f87,f8d-f92,f94-f97,f99-f9c,f9e-fa1,fa3-fa6,fa8-fab,fad-fb8,fba-fbc,fc6,102d-1030,1032-1037,1039-103a," +
    "103d-103e,1058-1059,105e-1060,1071-1074,1082,1085-1086,108d,109d,135d-135f,1712-1714,1732-1734,1752-1753," +
    "1772-1773,17b4-17b5,17b7-17bd,17c6,17c9-17d3,17dd,180b-180d,18a9,1920-1922,1927-1928,1932,1939-193b," +
    "1a17-1a18,1a1b,1a56,1a58-1a5e,1a60,1a62,1a65-1a6c,1a73-1a7c,1a7f,1ab0-1abd,1b00-1b03,1b34,1b36-1b3a,1b3c," +
    "1b42,1b6b-1b73,1b80-1b81,1ba2-1ba5,1ba8-1ba9,1bab-1bad,1be6,1be8-1be9,1bed,1bef-1bf1,1c2c-1c33,1c36-1c37," +
    "1cd0-1cd2,1cd4-1ce0,1ce2-1ce8,1ced,1cf4,1cf8-1cf9,1dc0-1df5,1dfc-1dff,20d0-20dc,20e1,20e5-20f0,2cef-2cf1," +
    "2d7f,2de0-2dff,302a-302d,3099-309a,a66f,a674-a67d,a69e-a69f,a6f0-a6f1,a802,a806,a80b,a825-a826,a8c4," +
    "a8e0-a8f1,a926-a92d,a947-a951,a980-a982,a9b3,a9b6-a9b9,a9bc,a9e5,aa29-aa2e,aa31-aa32,aa35-aa36,aa43,aa4c," +
    "aa7c,aab0,aab2-aab4,aab7-aab8,aabe-aabf,aac1,aaec-aaed,aaf6,abe5,abe8,abed,fb1e,fe00-fe0f,fe20-fe2f,101fd," +
    "102e0,10376-1037a,10a01-10a03,10a05-10a06,10a0c-10a0f,10a38-10a3a,10a3f,10ae5-10ae6,11001,11038-11046," +
    "1107f-11081,110b3-110b6,110b9-110ba,11100-11102,11127-1112b,1112d,11130-11134,11173,11180-11181," +
    "111b6-111be,111ca-111cc,1122f-11231,11234,11236-11237,112df,112e3-112ea,11300-11301,1133c,11340," +
    "11366-1136c,11370-11374,114b3-114b8,114ba,114bf-114c0,114c2-114c3,115b2-115b5,115bc-115bd,115bf-115c0," +
    "115dc-115dd,11633-1163a,1163d,1163f-11640,116ab,116ad,116b0-116b5,116b7,1171d-1171f,11722-11725," +
    "11727-1172b,16af0-16af4,16b30-16b36,16f8f-16f92,1bc9d-1bc9e,1d167-1d169,1d17b-1d182,1d185-1d18b," +
    "1d1aa-1d1ad,1d242-1d244,1da00-1da36,1da3b-1da6c,1da75,1da84,1da9b-1da9f,1daa1-1daaf,1e8d0-1e8d6," +
    "e0100-e01ef"
  );

  function isChinese(cp) {
    return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
      (cp >= 0x2a700 && cp <= 0x2b73f) || (cp >= 0x2b740 && cp <= 0x2b81f) || (cp >= 0x2b920 && cp <= 0x2ceaf) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);
  }

  // ASCII: 0 letter or digit, 1 whitespace, 2 removed (control), 3 punctuation (33-47, 58-64, 91-96, 123-126).
  var ASCII = new Uint8Array(128);
  (function () {
    for (var c = 0; c < 128; c++) {
      if (c === 9 || c === 10 || c === 13 || c === 32) ASCII[c] = 1;
      else if (c < 32 || c === 127) ASCII[c] = 2;
      else if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) {
        ASCII[c] = 3;
      }
    }
  })();

  /* BertNormalizer: clean_text (controls, U+FFFD and U+0000 go, whitespace becomes " "), spaces around CJK
     ideographs, NFD without nonspacing marks, then lowercase one code point at a time (as Rust's
     char::to_lowercase: no final-sigma rule). Characters beyond the BMP are one code point each, as in Rust. */
  function normalize(text) {
    var out = "";
    var plain = true; // only ASCII so far: NFD and lowercasing can take the quick way
    for (var i = 0; i < text.length; i++) {
      var cp = text.charCodeAt(i);
      if (cp < 128) {
        var kind = ASCII[cp];
        if (kind !== 2) out += kind === 1 ? " " : text[i];
        continue;
      }
      var ch = text[i];
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        var low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          ch = text.slice(i, i + 2);
          i++;
        }
      }
      if (cp >= 0xd800 && cp <= 0xdfff) continue; // a lone surrogate: Rust strings cannot hold one
      plain = false;
      if (within(OTHER, cp)) continue;
      if (within(WHITE, cp)) out += " ";
      else if (isChinese(cp)) out += " " + ch + " ";
      else out += ch;
    }
    if (plain) return out.toLowerCase();
    var lower = "";
    for (var c of out.normalize("NFD")) {
      var code = c.codePointAt(0);
      if (code < 128) lower += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c;
      else if (!within(MARK, code)) lower += c.toLowerCase(); // one code point: "Σ" is always "σ", as in Rust
    }
    return lower;
  }

  function isPunct(cp) {
    return cp < 128 ? ASCII[cp] === 3 : within(PUNCT, cp);
  }

  /* BertPreTokenizer: split on whitespace (dropped), then every punctuation character is a word of its own. */
  function words(normalized) {
    var found = [];
    var parts = normalized.split(" ");
    for (var p = 0; p < parts.length; p++) {
      var part = parts[p];
      if (!part) continue;
      var start = 0;
      for (var i = 0; i < part.length; i++) {
        var cp = part.charCodeAt(i);
        var size = 1;
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < part.length) {
          cp = part.codePointAt(i);
          size = cp > 0xffff ? 2 : 1;
        }
        if (isPunct(cp)) {
          if (i > start) found.push(part.slice(start, i));
          found.push(part.slice(i, i + size));
          start = i + size;
        }
        i += size - 1;
      }
      if (start < part.length) found.push(part.slice(start));
    }
    return found;
  }

  function codePoints(word) {
    var n = 0;
    for (var i = 0; i < word.length; i++) {
      var cp = word.charCodeAt(i);
      if (!(cp >= 0xdc00 && cp <= 0xdfff && i > 0 && word.charCodeAt(i - 1) >= 0xd800 && word.charCodeAt(i - 1) <= 0xdbff)) n++;
    }
    return n;
  }

  function Tokenizer(vocabText) {
    var lines = String(vocabText).split("\n");
    if (lines.length && lines[lines.length - 1] === "") lines.pop(); // the file's last line end
    var vocab = new Map();
    var longest = 0;
    for (var i = 0; i < lines.length; i++) {
      var token = lines[i];
      if (token.charCodeAt(token.length - 1) === 13) token = token.slice(0, -1); // a checkout with CRLF ends
      if (!vocab.has(token)) vocab.set(token, i);
      if (token.length > longest) longest = token.length;
    }
    this.vocab = vocab;
    this.longest = longest; // no substring longer than this (in UTF-16 units) can be a token
    this.unk = this.id("[UNK]");
    this.cls = this.id("[CLS]");
    this.sep = this.id("[SEP]");
    this.cache = new Map(); // word → ids: callers' words repeat a great deal
  }

  Tokenizer.prototype.id = function (token) {
    var id = this.vocab.get(token);
    if (id === undefined) throw new Error("wordpiece: the vocabulary has no " + token);
    return id;
  };

  /* WordPiece: greedy longest match first, "##" before every piece but the first; a word with any part not
     in the vocabulary, or longer than 100 characters, is a single [UNK]. */
  Tokenizer.prototype.word = function (word, ids) {
    var cached = this.cache.get(word);
    if (cached === undefined) {
      cached = this.pieces(word);
      if (this.cache.size > 50000) this.cache.clear();
      this.cache.set(word, cached);
    }
    for (var i = 0; i < cached.length; i++) ids.push(cached[i]);
  };

  Tokenizer.prototype.pieces = function (word) {
    if (word.length > MAX_WORD && codePoints(word) > MAX_WORD) return [this.unk];
    var ids = [];
    var start = 0;
    while (start < word.length) {
      var end = Math.min(word.length, start + this.longest);
      var found;
      while (start < end) {
        var piece = word.slice(start, end);
        found = this.vocab.get(start > 0 ? "##" + piece : piece);
        if (found !== undefined) break;
        var last = word.charCodeAt(end - 1);
        end -= last >= 0xdc00 && last <= 0xdfff && end - 2 >= start && word.charCodeAt(end - 2) >= 0xd800 &&
          word.charCodeAt(end - 2) <= 0xdbff ? 2 : 1;
      }
      if (found === undefined) return [this.unk];
      ids.push(found);
      start = end;
    }
    return ids;
  };

  /* The words of `text` as BertNormalizer and BertPreTokenizer make them (for tests and for looking). */
  Tokenizer.prototype.words = function (text) {
    return words(normalize(String(text == null ? "" : text)));
  };

  Tokenizer.prototype.encode = function (text, maxTokens) {
    var limit = maxTokens === undefined || maxTokens === null ? 128 : Math.max(2, maxTokens | 0);
    text = String(text == null ? "" : text);
    var ids = [this.cls];
    var rest = text;
    // Special tokens first, on the raw text (they are "not normalised" added tokens); the text between them
    // goes through the normaliser, the pre-tokenizer and WordPiece.
    while (rest) {
      var hit = SPECIAL_RE.exec(rest);
      var before = hit ? rest.slice(0, hit.index) : rest;
      var split = words(normalize(before));
      for (var w = 0; w < split.length && ids.length < limit - 1; w++) this.word(split[w], ids);
      if (!hit || ids.length >= limit - 1) break;
      ids.push(this.id(hit[0]));
      rest = rest.slice(hit.index + hit[0].length);
    }
    if (ids.length > limit - 1) ids.length = limit - 1;
    ids.push(this.sep);
    return ids;
  };

  /* Many texts in one call: an array of id arrays (what `journeybook check` asks V8 for). */
  Tokenizer.prototype.encodeAll = function (texts, maxTokens) {
    var all = [];
    for (var i = 0; i < texts.length; i++) all.push(this.encode(texts[i], maxTokens));
    return all;
  };

  root.JBWordPiece = { Tokenizer: Tokenizer, special: SPECIAL };
})(typeof globalThis !== "undefined" ? globalThis : this);
