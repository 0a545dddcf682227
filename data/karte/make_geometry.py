#!/usr/bin/python3
"""Writes gemeinden_fiktiv.geojson: a FICTIONAL geometry of the 33 Gemeinden of the sample hierarchy
(data/sample/gebiete.csv) for the map of the Sozialräume (docs/karte.md), its tests and the sample workbooks.

Deterministic (fixed seed, no network, Python standard library only). Not the real boundaries: the centres are
rough, jittered positions in the south-west of Saxony, the cells are Voronoi cells of those centres clipped to
an irregular convex outline, and every edge is bent by midpoint displacement (the same bend on both sides of a
shared edge, so neighbours stay seamless). To test what real files contain, one Gemeinde gets an exclave cut
out of a neighbour of another Sozialraum: a MultiPolygon for the one and a hole (enclave) for the other.
Real boundaries are the planner's input (VG250 of the BKG or the Land's open data).

    /usr/bin/python3 data/karte/make_geometry.py     # rewrites data/karte/gemeinden_fiktiv.geojson
"""
import csv
import hashlib
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "gemeinden_fiktiv.geojson")
NOTE = ("FIKTIVE GEOMETRIE – erzeugt von data/karte/make_geometry.py (Voronoi-Zellen gejitterter Mittelpunkte), "
        "nicht die echten Gemeindegrenzen. Für die eigene Karte die Gemeindegrenzen des Landkreises verwenden "
        "(z. B. VG250 des BKG).")

# Rough centres (lon, lat), jittered below; fictional geometry, not survey data.
CENTRES = {
    "G01": (12.496, 50.718), "G02": (12.350, 50.695), "G03": (12.320, 50.760), "G04": (12.378, 50.732),
    "G05": (12.387, 50.815), "G06": (12.410, 50.780), "G07": (12.464, 50.848), "G08": (12.400, 50.862),
    "G09": (12.462, 50.805), "G10": (12.538, 50.818), "G11": (12.540, 50.892), "G12": (12.565, 50.852),
    "G13": (12.610, 50.878), "G14": (12.760, 50.860), "G15": (12.700, 50.885), "G16": (12.635, 50.840),
    "G17": (12.710, 50.805), "G18": (12.695, 50.778), "G19": (12.620, 50.790), "G20": (12.665, 50.762),
    "G21": (12.725, 50.752), "G22": (12.628, 50.752), "G23": (12.575, 50.750), "G24": (12.560, 50.700),
    "G25": (12.515, 50.675), "G26": (12.600, 50.665), "G27": (12.668, 50.660), "G28": (12.625, 50.622),
    "G29": (12.525, 50.622), "G30": (12.470, 50.598), "G31": (12.495, 50.575), "G32": (12.455, 50.632),
    "G33": (12.430, 50.690),
}
EXCLAVE = ("G24", "G01")  # Reinsdorf (SR 11) owns a piece inside Zwickau (SR 1)
DIGITS = 5  # ~1 m: shared vertices of neighbours compare equal after rounding


def rnd(p):
    return (round(p[0], DIGITS), round(p[1], DIGITS))


def clip(poly, a, b, c):
    """Sutherland–Hodgman: the part of the convex polygon poly with a·x + b·y <= c."""
    out = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def convex_hull(points):
    pts = sorted(set(points))

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]  # counter-clockwise


def bend(a, b, depth=3):
    """The bent edge from a to b (without b): midpoint displacement seeded by the edge itself, so that the
    neighbour on the other side gets the same points in reverse order."""
    key = "|".join(f"{x:.{DIGITS}f}" for x in (min(a, b) + max(a, b)))
    rng = random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))
    first, last = (a, b) if a <= b else (b, a)
    pts = [first, last]
    amp = 0.07
    for _ in range(depth):
        nxt = [pts[0]]
        for p, q in zip(pts, pts[1:]):
            dx, dy = q[0] - p[0], q[1] - p[1]
            s = rng.uniform(-amp, amp)
            nxt += [rnd((p[0] + dx / 2 - dy * s, p[1] + dy / 2 + dx * s)), q]
        pts = nxt
        amp /= 2
    if (a, b) != (first, last):
        pts.reverse()
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    return [a] if length < 0.004 else pts[:-1]  # short edges stay straight


def inside(p, ring):
    x, y, n, res = p[0], p[1], len(ring), False
    for i in range(n):
        (x1, y1), (x2, y2) = ring[i], ring[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            res = not res
    return res


def main():
    with open(os.path.join(ROOT, "data", "sample", "gebiete.csv"), newline="", encoding="utf-8") as f:
        gebiete = list(csv.DictReader(f))
    rng = random.Random(16)
    seeds = {g["gemeinde_id"]: (CENTRES[g["gemeinde_id"]][0] + rng.uniform(-0.006, 0.006),
                                CENTRES[g["gemeinde_id"]][1] + rng.uniform(-0.004, 0.004)) for g in gebiete}
    # The outline: the seeds' hull pushed outwards by ~5 km with a jittered radius per corner.
    cx = sum(p[0] for p in seeds.values()) / len(seeds)
    cy = sum(p[1] for p in seeds.values()) / len(seeds)
    ring = []
    for p in convex_hull(list(seeds.values())):
        d = math.hypot((p[0] - cx) * 0.63, p[1] - cy)
        f = 1 + rng.uniform(0.035, 0.06) / d
        ring.append((cx + (p[0] - cx) * f, cy + (p[1] - cy) * f))
    outline = convex_hull(ring)
    cells = {}
    for gid, s in seeds.items():
        poly = outline
        for other, t in seeds.items():
            if other == gid:
                continue
            # Bisector in the projected plane (longitude shortened by cos 50.7°), so cells look right on the map.
            k = 0.633
            a, b = (t[0] - s[0]) * k * k, t[1] - s[1]
            c = (a * (t[0] + s[0]) + b * (t[1] + s[1])) / 2
            poly = clip(poly, a, b, c)
        cells[gid] = [rnd(p) for p in poly]
    bent = {}
    for gid, poly in cells.items():
        out = []
        for i, p in enumerate(poly):
            out += bend(p, poly[(i + 1) % len(poly)])
        bent[gid] = out
    # The exclave: a small hexagon near Zwickau's centre, towards Reinsdorf.
    owner, host = EXCLAVE
    hx = seeds[host][0] + 0.35 * (seeds[owner][0] - seeds[host][0])
    hy = seeds[host][1] + 0.35 * (seeds[owner][1] - seeds[host][1])
    hexagon = [rnd((hx + 0.009 * math.cos(math.pi * k / 3), hy + 0.0057 * math.sin(math.pi * k / 3)))
               for k in range(6)]
    assert all(inside(p, bent[host]) for p in hexagon), "the exclave must lie inside its host"
    features = []
    for g in gebiete:
        gid = g["gemeinde_id"]
        outer = bent[gid] + [bent[gid][0]]
        if gid == host:
            geometry = {"type": "Polygon", "coordinates": [outer, list(reversed(hexagon)) + [hexagon[-1]]]}
        elif gid == owner:
            geometry = {"type": "MultiPolygon", "coordinates": [[outer], [hexagon + [hexagon[0]]]]}
        else:
            geometry = {"type": "Polygon", "coordinates": [outer]}
        features.append({"type": "Feature",
                         "properties": {"gemeinde_id": gid, "name": g["gemeinde"], "fiktiv": True},
                         "geometry": geometry})
    doc = {"type": "FeatureCollection", "name": "gemeinden_fiktiv", "fiktiv": NOTE, "features": features}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"{OUT}: {len(features)} Gemeinden, {sum(len(x) for x in bent.values())} Punkte")


if __name__ == "__main__":
    main()
