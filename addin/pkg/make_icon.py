#!/usr/bin/python3
"""Draws the extension's icons for the Extension Manager (42 × 42 px, the size LibreOffice shows): a rounded
square with three rising bars on a line, for "index per Sozialraum". Drawn here rather than committed as a
binary so that the picture has a reviewable source; standard library only (zlib PNG writer), 4 × 4 supersampling
for smooth edges.

  make_icon.py <icon.png> <icon-hc.png>
"""
import struct
import sys
import zlib

SIZE = 42
SAMPLES = 4

# (background, foreground) in RGB; the high-contrast icon is black on white with a black frame.
NORMAL = ((0x1f, 0x5f, 0x8b), (0xff, 0xff, 0xff))
HIGH_CONTRAST = ((0xff, 0xff, 0xff), (0x00, 0x00, 0x00))

RADIUS = 7.0
BARS = ((8.0, 25.0), (17.0, 18.0), (26.0, 10.0))  # (left x, top y) of each bar, bars 7 px wide
BAR_WIDTH = 7.0
BASE_Y = 32.0  # bars stand on a line from x 7 to 35, 2 px thick


def inside_rounded_square(x, y, inset=0.0):
    lo, hi, r = inset, SIZE - inset, RADIUS - inset
    if not (lo <= x <= hi and lo <= y <= hi):
        return False
    cx = min(max(x, lo + r), hi - r)
    cy = min(max(y, lo + r), hi - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def foreground(x, y):
    for left, top in BARS:
        if left <= x <= left + BAR_WIDTH and top <= y <= BASE_Y:
            return True
    return 7.0 <= x <= 35.0 and BASE_Y <= y <= BASE_Y + 2.0


def pixel(px, py, colours, framed):
    background, fore = colours
    cover = fore_cover = frame_cover = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x = px + (sx + 0.5) / SAMPLES
            y = py + (sy + 0.5) / SAMPLES
            if not inside_rounded_square(x, y):
                continue
            cover += 1
            if framed and not inside_rounded_square(x, y, inset=1.5):
                frame_cover += 1
            elif foreground(x, y):
                fore_cover += 1
    n = SAMPLES * SAMPLES
    if cover == 0:
        return (0, 0, 0, 0)
    back_cover = cover - fore_cover - frame_cover
    rgb = tuple(round((background[i] * back_cover + fore[i] * (fore_cover + frame_cover)) / cover) for i in range(3))
    return rgb + (round(255 * cover / n),)


def png(rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def draw(path, colours, framed):
    rows = [[pixel(x, y, colours, framed) for x in range(SIZE)] for y in range(SIZE)]
    with open(path, "wb") as f:
        f.write(png(rows))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    draw(sys.argv[1], NORMAL, framed=False)
    draw(sys.argv[2], HIGH_CONTRAST, framed=True)
