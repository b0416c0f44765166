"""Bytes of an article file as text: UTF-8 first, any other encoding detected, and only real binary refused.

Why detection: news archives hold Latin-1, Windows-125x and UTF-16 files (a Windows export starts with a
UTF-16 byte-order mark and so is full of NUL bytes). Refusing all of them as "not UTF-8" or "binary" lost
readable articles. UTF-8 (with or without a BOM) is tried first because it is what nearly every file is and
its check is strict; otherwise charset-normalizer picks the encoding under which the bytes read as the most
plausible text, and bytes that read as text under none are binary. NUL bytes without a UTF-16/32 byte-order
mark mean binary, as they always did.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Detection reads this much: enough to tell encodings apart, bounded so a 10 MB file costs no more than 1 MB.
SAMPLE_BYTES = 1_000_000


class NotText(ValueError):
    """The bytes are no text in any encoding we can tell; `str()` is the reason."""


def decode_text(data: bytes) -> str:
    """`data` decoded: by its byte-order mark, else as UTF-8, else in the encoding detected; NotText if binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise NotText(f"not {encoding} text despite its byte-order mark ({error.reason})") from None
    if b"\x00" in data[:SAMPLE_BYTES]:  # no text but UTF-16/32 has NULs, and those carry a byte-order mark
        raise NotText("binary content (NUL bytes), not a text article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = from_bytes(data[:SAMPLE_BYTES]).best()
    if match is None:
        raise NotText("binary content: not text in UTF-8 or any encoding detected")
    try:
        return data.decode(match.encoding)
    except (UnicodeDecodeError, LookupError):  # the sample decoded, a later byte does not
        return data.decode(match.encoding, errors="replace")
