"""Text from outside (articles, file names, rule files) made safe to print on a terminal.

Why: an article title is written by whoever published it. An escape sequence in it ("ESC ] 0 ; ... BEL"
sets the terminal's title; others move the cursor, rewrite earlier lines or, on some terminals, answer
back) reaches the analyst's terminal through `alerts show` or `analyze --format table` unless it is removed
first. Two helpers, for two uses:

- `for_terminal` removes escape sequences and control characters (keeping newline and tab), for article
  text shown in views: nothing of what a reader needs is lost.
- `one_line` shows them as visible escapes (`\\x1b`, `\\ud800`) and folds line breaks, for diagnostics
  (`file:line:col: reason`), where the exact bytes matter and a message must stay on one line.
"""

from __future__ import annotations

import re

#: ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings (up to BEL or ESC \), and
#: two-character escapes; also their 8-bit C1 forms (CSI U+009B, OSC U+009D, ...).
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?             # CSI ... final byte
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])       # OSC, DCS, SOS, PM, APC ...
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?        # ... up to their terminator
    | \x1b[ -/]*[0-~]?                             # any other escape
    """,
    re.VERBOSE,
)
#: C0 controls but tab and newline, DEL, C1 controls, and lone surrogates (unencodable, so unprintable).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def for_terminal(text: str) -> str:
    """`text` without terminal escape sequences and control characters (newline and tab are kept)."""
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def one_line(text: str) -> str:
    """`text` on one line with every unprintable character shown as an escape: safe for any diagnostic."""
    text = " ".join(part.strip(" ") for part in text.split("\n") if part.strip(" "))
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
