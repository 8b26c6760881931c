"""Draws the toolbar icons (extension/icons/icon-N.png) without any image library.

The icon: a blue rounded square holding two white form lines and a check mark,
antialiased by supersampling. Run it again after changing the drawing.
"""

import math
import struct
import zlib
from pathlib import Path

BLUE = (47, 111, 222)
WHITE = (255, 255, 255)


def inside_rounded_square(x, y, radius):
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def near_segment(x, y, a, b, width):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= width / 2


STROKES = [
    ((0.22, 0.30), (0.78, 0.30), 0.09),
    ((0.22, 0.50), (0.58, 0.50), 0.09),
    ((0.50, 0.72), (0.60, 0.81), 0.10),
    ((0.60, 0.81), (0.80, 0.60), 0.10),
]


def pixel(x, y):
    if not inside_rounded_square(x, y, 0.22):
        return None
    if any(near_segment(x, y, a, b, w) for a, b, w in STROKES):
        return WHITE
    return BLUE


def render(size, samples=4):
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    color = pixel((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)
                    if color:
                        acc[0] += color[0]
                        acc[1] += color[1]
                        acc[2] += color[2]
                        acc[3] += 1
            n = acc[3]
            row += bytes([acc[0] // n, acc[1] // n, acc[2] // n] if n else [0, 0, 0])
            row.append(255 * n // (samples * samples))
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


out = Path(__file__).resolve().parent.parent / "extension" / "icons"
out.mkdir(parents=True, exist_ok=True)
for size in (16, 32, 48, 128):
    (out / f"icon-{size}.png").write_bytes(render(size))
