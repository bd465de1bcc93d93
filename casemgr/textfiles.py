"""Reading the text files people give the system (the cases JSON, the timetable CSVs) as UTF-8.

A leading byte-order mark, as Excel and other Windows tools write, is accepted and dropped. A byte
that is not UTF-8 is reported at its own line and column: decoding the file through a buffered reader
reported the line the buffer happened to start on ("line 1" for a bad byte far down).
"""

from __future__ import annotations

from pathlib import Path

BOM = b"\xef\xbb\xbf"


class NotUtf8(ValueError):
    """The text is not UTF-8; `line` and `column` (from 1) locate the first bad byte, `byte` is its value."""

    def __init__(self, *, line: int, column: int, byte: int) -> None:
        self.line = line
        self.column = column
        self.byte = byte
        super().__init__(f"line {line}, column {column}: not UTF-8 text (byte 0x{byte:02x})")


def decode_utf8(data: bytes) -> str:
    """`data` decoded as UTF-8, without a leading byte-order mark. Raises NotUtf8."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line_start = before.rfind(b"\n") + 1
        # The column counts characters; the line up to the bad byte is valid UTF-8.
        column = len(before[line_start:].decode("utf-8")) + 1
        raise NotUtf8(line=before.count(b"\n") + 1, column=column, byte=data[error.start]) from None


def read_utf8(path: Path) -> str:
    """The file's text (see decode_utf8). Raises OSError if it cannot be read, NotUtf8 if it is not UTF-8."""
    return decode_utf8(path.read_bytes())
