"""A QR code as SVG path data, drawn by the template inline: no image request, no inline style."""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
import qrcode.constants

QUIET_ZONE = 4


@dataclass(frozen=True)
class QrDrawing:
    size: int
    path: str


def qr_drawing(data: str) -> QrDrawing:
    """The modules of `data`'s QR code as one SVG path (a 1x1 square per dark module).

    The path holds only numbers and path commands, so it is safe in an autoescaped template.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    squares = [f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark]
    return QrDrawing(size=len(matrix), path="".join(squares))
