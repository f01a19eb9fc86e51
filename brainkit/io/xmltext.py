"""The text of an XML model file, read and checked before any XML parser sees it.

- Only a regular file is opened (a pipe or a device such as ``/dev/stdin``
  would block), and at most ``MAX_BYTES`` of it.
- Its encoding is found as the XML specification says (a byte order mark,
  else the first bytes, else the ``encoding="..."`` of the declaration) and
  must be UTF-8, UTF-16, UTF-32 or ASCII. A parser would decode any other
  (UTF-7, EBCDIC, ...) into markup that a check of the bytes cannot see.
- The decoded text may hold no DOCTYPE, ENTITY or other DTD declaration, so
  no DTD, external entity or parameter entity can name another file.
- The parser is given this decoded text, without the declaration, so it
  reads exactly what was checked.

PyBrain's files are UTF-8 without an encoding declaration.
"""

import os
import re

from brainkit.filechecks import not_regular
from brainkit.io.errors import ModelFileError

MAX_BYTES = 64 * 2**20

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"),
         (b"\xfe\xff", "utf-16-be"))
# without a byte order mark, the first '<' shows the width and byte order
_FIRST_BYTES = ((b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
                (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))
# declared name -> the codecs it may be written in
_DECLARED = {"utf-8": ("utf-8",), "utf8": ("utf-8",), "ascii": ("utf-8",),
             "us-ascii": ("utf-8",), "utf-16": ("utf-16-le", "utf-16-be"),
             "utf-16le": ("utf-16-le",), "utf-16be": ("utf-16-be",),
             "utf-32": ("utf-32-le", "utf-32-be"), "utf-32le": ("utf-32-le",),
             "utf-32be": ("utf-32-be",)}
_ENCODING = re.compile(r"""encoding\s*=\s*["']([^"']{0,40})["']""")
_DTD_DECLARATION = re.compile(r"<![A-Za-z]")     # <!DOCTYPE, <!ENTITY, <!ELEMENT, ...


def read_bytes(filename):
    """The bytes of a regular file of at most MAX_BYTES, opened without blocking."""
    fd = os.open(filename, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    st = os.fstat(fd)
    wrong = not_regular(st)
    if wrong:
        os.close(fd)
        raise ModelFileError(f"{filename}: {wrong}; a model file is read from a file")
    with os.fdopen(fd, "rb") as f:
        data = f.read(min(st.st_size, MAX_BYTES) + 1)
    if max(st.st_size, len(data)) > MAX_BYTES:
        raise ModelFileError(f"{filename}: the file has {max(st.st_size, len(data))} bytes; "
                             f"model files are read only up to {MAX_BYTES} bytes")
    return data


def _codec(data):
    """(codec, length of the byte order mark) from the first bytes."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec, len(mark)
    for start, codec in _FIRST_BYTES:
        if data.startswith(start):
            return codec, 0
    return "utf-8", 0


def _declaration(text, filename):
    """The XML declaration at the start of ``text`` ('' if there is none)."""
    if not text.startswith("<?xml") or text[5:6] not in (" ", "\t", "\n", "\r"):
        return ""
    end = text.find("?>", 0, 500)
    if end < 0:
        raise ModelFileError(f"{filename}: malformed XML (the declaration <?xml ... has no "
                             "end in its first 500 characters); the file may be truncated or "
                             "not a model file")
    return text[:end + 2]


def decoded_text(data, filename):
    """The checked text of an XML file's bytes, its declaration blanked out."""
    codec, bom = _codec(data)
    try:
        text = data[bom:].decode(codec)
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"{filename}: not valid {codec.upper()} text (byte {exc.start + bom} "
                             "cannot be decoded); model files are UTF-8") from None
    declaration = _declaration(text, filename)
    found = _ENCODING.search(declaration)
    if found:
        declared = found.group(1)
        allowed = _DECLARED.get(declared.lower().replace("_", "-"))
        if allowed is None:
            raise ModelFileError(f"{filename}: the file declares the encoding {declared!r}; "
                                 "model files are read in UTF-8, UTF-16, UTF-32 or ASCII only")
        if codec not in allowed:
            raise ModelFileError(f"{filename}: the file declares the encoding {declared!r} "
                                 f"but is written in {codec.upper()}")
        if declared.lower() in ("ascii", "us-ascii") and not text.isascii():
            raise ModelFileError(f"{filename}: the file declares the encoding {declared!r} "
                                 "but holds other characters")
    if _DTD_DECLARATION.search(text):
        raise ModelFileError(f"{filename}: the file declares a DOCTYPE or entities; PyBrain "
                             "model files have none, and they are refused for safety")
    # the parser takes text without a declaration; its lines keep their numbers
    return "\n" * declaration.count("\n") + text[len(declaration):]
