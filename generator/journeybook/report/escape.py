"""Characters no report may carry as they are: controls, bidirectional overrides, undecodable file-name bytes.

A YAML escape can put an ESC or a U+202E (right-to-left override) into a message, and a file or key name can
hold them too; a terminal, a pull-request annotation or a code-scanning view would then be rewritten or show a
line that reads differently from what it is. File names that are not UTF-8 reach us as lone surrogates
(surrogateescape), which no UTF-8 writer accepts. Every report shows all of these as visible escapes.
"""

from __future__ import annotations

import re

_BIDI_AND_SEPARATORS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
# In JSON text (json.dumps already escapes U+0000-U+001F): everything else that is unsafe, as \\uXXXX escapes.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI_AND_SEPARATORS}\ud800-\udfff]")
# In one line of text that keeps its line breaks for the caller to encode (GitHub workflow commands).
_LINE_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}\ud800-\udfff]")


def json_text(serialised: str) -> str:
    """Serialised JSON with every unsafe character as a \\uXXXX escape (they can only be inside strings)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", serialised)


def visible(text: str) -> str:
    """Text with unsafe characters written as Python-style escapes (\\x1b, \\u202e, \\udcff); line breaks kept."""
    return _LINE_UNSAFE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)
