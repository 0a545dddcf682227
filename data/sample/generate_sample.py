#!/usr/bin/python3
"""Generates the FICTIONAL sample values for the Landkreis Zwickau structure.

The area structure (33 Gemeinden, 13 Sozialräume, 5 Planungsräume) is real and copied from
shared/data/zwickau; every number this script writes is invented. The output is committed so that builds
do not depend on Python; rerun this script after changing it (it is deterministic: fixed seed).

Outputs (UTF-8 CSV, comma separated):
  gebiete.csv      gemeinde_id, gemeinde, sozialraum_id, planungsraum_id, einwohner, flaeche_km2
  indikatoren.csv  the 56-indicator catalogue with the sample's Zähler/Nenner definitions
  werte.csv        gemeinde_id, indikator, zaehler, nenner, wert (long format; empty = missing)
"""
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
STRUCTURE = os.path.join(HERE, "zwickau")
SEED = 20240115  # the Leitpapier's date; any fixed seed will do

# Invented populations of the larger towns (rough orders of magnitude only); others are drawn below.
TOWN_SIZES = {"G01": 87000, "G05": 18000, "G04": 20500, "G10": 22000, "G07": 14000, "G14": 24000,
              "G17": 14500, "G22": 11000, "G25": 9500, "G29": 8000, "G23": 10500, "G18": 5800,
              "G21": 4000, "G24": 7600, "G27": 4500, "G26": 3500, "G13": 4100}

# Sample definition per indicator number: (kind, scale, denominator group, denominator share of the
# population, Landkreis base value, relative spread). kind: "rate" = Zähler/Nenner × scale (aggregated as a
# ratio of sums), "mean" = a value per Gemeinde aggregated population-weighted. Indicators not listed
# (descriptive, vectors, denominators) get no sample values.
DEFINITIONS = {
    7: ("rate", 100, "Einwohner unter 15", 0.12, 260.0, 0.15),       # Ageing-Index: 65+ per 100 under 15
    9: ("rate", 100, "Einwohner", 1.0, 4.5, 0.45),
    12: ("mean", 1, "", 0, 49.5, 0.04),
    13: ("rate", 100, "Einwohner 20 bis 64", 0.55, 29.0, 0.08),
    14: ("rate", 1000, "Einwohner", 1.0, -8.5, 0.25),
    15: ("rate", 100, "Haushalte", 0.55, 41.0, 0.12),
    16: ("rate", 1000, "Einwohner", 1.0, -5.0, 0.45),
    17: ("rate", 1000, "Einwohner", 1.0, 3.0, 0.6),
    18: ("rate", 100, "Einwohner unter 65", 0.70, 7.8, 0.35),
    19: ("rate", 1000, "Einwohner", 1.0, 6.0, 0.5),
    20: ("rate", 1000, "Minderjährige", 0.14, 22.0, 0.3),
    21: ("rate", 100, "Einwohner unter 25", 0.20, 14.0, 0.3),
    22: ("rate", 1000, "Minderjährige", 0.14, 6.0, 0.4),
    23: ("rate", 100, "Einwohner 65 und älter", 0.30, 2.6, 0.35),
    24: ("rate", 1000, "Einwohner unter 21", 0.16, 28.0, 0.35),
    25: ("rate", 1000, "Einwohner", 1.0, 1.2, 0.5),
    26: ("rate", 1000, "Einwohner", 1.0, 3.5, 0.4),
    27: ("rate", 1000, "Einwohner 65 und älter", 0.30, 9.0, 0.35),
    28: ("rate", 1000, "Einwohner 14 bis 21", 0.055, 18.0, 0.4),
    29: ("mean", 1, "", 0, 410.0, 0.1),
    30: ("rate", 1000, "Einwohner unter 18", 0.14, 55.0, 0.3),
    31: ("rate", 1000, "Haushalte", 0.55, 28.0, 0.3),
    35: ("mean", 1, "", 0, 5.6, 0.1),
    36: ("mean", 1, "", 0, 45.0, 0.06),
    37: ("rate", 100, "Einwohner", 1.0, 11.5, 0.15),
    38: ("rate", 100, "Einwohner", 1.0, 6.8, 0.18),
    39: ("rate", 100, "Einwohner", 1.0, 3.1, 0.25),
    40: ("rate", 100, "Einschüler", 0.008, 11.0, 0.3),
    41: ("rate", 100, "Einschüler", 0.008, 14.0, 0.3),
    42: ("rate", 100, "Einschüler", 0.008, 12.0, 0.3),
    43: ("rate", 100, "Kinder 0 bis 6", 0.05, 88.0, 0.05),
    44: ("rate", 10000, "Einwohner", 1.0, 14.0, 0.35),
    45: ("rate", 100, "Erwerbspersonen", 0.48, 6.1, 0.3),
    46: ("rate", 100, "Erwerbspersonen unter 25", 0.04, 7.5, 0.35),
    47: ("rate", 100, "Arbeitslose", 0.03, 34.0, 0.2),
    48: ("rate", 100, "Schulabgänger", 0.009, 28.0, 0.25),
    49: ("rate", 100, "Schulabgänger", 0.009, 8.5, 0.4),
    51: ("rate", 100, "Einschüler", 0.008, 24.0, 0.3),
    52: ("rate", 100, "Einschüler", 0.008, 9.0, 0.35),
    53: ("rate", 100, "Kinder 0 bis 3", 0.025, 52.0, 0.15),
    54: ("rate", 100, "Wahlberechtigte", 0.82, 62.0, 0.08),
    55: ("rate", 1000, "Einwohner", 1.0, 590.0, 0.08),
    56: ("rate", 100, "Einwohner", 1.0, 78.0, 0.15),
}

# Cells left empty on purpose, to show missing-value handling in every output (gemeinde_id, indicator).
MISSING_CELLS = {("G12", 40), ("G20", 29), ("G31", 41), ("G09", 54)}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    rng = random.Random(SEED)
    gemeinden = read_csv(os.path.join(STRUCTURE, "gemeinden.csv"))
    catalogue = read_csv(os.path.join(STRUCTURE, "indicators_56.csv"))

    areas = []
    for g in gemeinden:
        gid = g["gemeinde_id"]
        population = TOWN_SIZES.get(gid) or int(rng.uniform(1300, 4200))
        area = round(rng.uniform(12.0, 60.0) if gid != "G01" else 102.5, 1)
        # A latent "Belastung" per Gemeinde makes the burden indicators correlate, as in real data.
        latent = rng.gauss(0.0, 1.0) + (0.8 if gid in ("G01", "G05", "G10", "G17") else 0.0)
        areas.append((g, population, area, latent))

    with open(os.path.join(HERE, "gebiete.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["gemeinde_id", "gemeinde", "sozialraum_id", "planungsraum_id", "einwohner", "flaeche_km2"])
        for g, population, area, _ in areas:
            w.writerow([g["gemeinde_id"], g["gemeinde"], g["sozialraum_id"], g["planungsraum_id"], population, area])

    with open(os.path.join(HERE, "indikatoren.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indikator", "dimension", "name", "polaritaet", "lebenslage", "art", "skala", "nenner"])
        for row in catalogue:
            number = int(row["number"])
            kind, scale, denominator, *_ = DEFINITIONS.get(number, ("", "", "", 0, 0, 0))
            w.writerow([number, row["dimension"], row["name"], row["polarity_inferred"],
                        row["lebenslage_inferred"], kind, scale, denominator])

    polarity = {int(r["number"]): r["polarity_inferred"] for r in catalogue}
    with open(os.path.join(HERE, "werte.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["gemeinde_id", "indikator", "zaehler", "nenner", "wert"])
        for g, population, _, latent in areas:
            gid = g["gemeinde_id"]
            # One size per denominator group and Gemeinde, so that e.g. every per-Einwohner rate shares it.
            denominators = {}
            for _, _, group, share, _, _ in DEFINITIONS.values():
                if group and group not in denominators:
                    denominators[group] = population if share == 1.0 else max(
                        1, round(population * share * rng.uniform(0.9, 1.1)))
            for number, (kind, scale, group, share, base, spread) in sorted(DEFINITIONS.items()):
                sign = {"+": 1.0, "-": -1.0}.get(polarity[number], 0.0)
                factor = math.exp(spread * (0.7 * sign * latent + 0.7 * rng.gauss(0.0, 1.0)))
                if (gid, number) in MISSING_CELLS:
                    w.writerow([gid, number, "", "", ""])
                    continue
                if kind == "mean":
                    w.writerow([gid, number, "", "", round(base * factor, 2)])
                    continue
                denominator = denominators[group]
                value = base * factor if base > 0 else base * (2.0 - factor)
                numerator = round(value / scale * denominator)
                if base > 0:
                    numerator = max(0, min(numerator, denominator) if scale == 100 and base < 100 else numerator)
                w.writerow([gid, number, numerator, denominator, ""])


if __name__ == "__main__":
    main()
