#!/usr/bin/python3
"""Generates the FICTIONAL sample values for the Landkreis Zwickau structure.

The area structure (33 Gemeinden, 13 Sozialräume, 5 Planungsräume) is real and copied from
shared/data/zwickau; every number this script writes is invented. The output is committed so that builds
do not depend on Python; rerun this script after changing it (it is deterministic: fixed seed).

Every one of the 56 indicators gets sample values and a decided polarity. The catalogue leaves some open
("+/-" = set per Fachplan, "0" = descriptive text, vector or denominator); the sample decides them (POLARITY)
and gives the descriptive ones a measurable, invented operationalisation (the unit column says what is
measured). Three pure counts stay context (polarity 0, kind "sum"): Gebietsgröße, Bevölkerung insgesamt and
Haushalte insgesamt are shown in the atlas but enter no Dimension and no Lebenslage – a count measures the size
of an area, not its Belastung.

Outputs (UTF-8 CSV, comma separated):
  gebiete.csv      gemeinde_id, gemeinde, sozialraum_id, planungsraum_id, einwohner, flaeche_km2
  indikatoren.csv  the 56-indicator catalogue with the sample's polarity, kind (rate = Zähler/Nenner × Skala,
                   mean = population-weighted mean, sum = sum over the Gemeinden), Nenner and unit
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

# Indicators the first version of the sample left without values (descriptive texts, vectors, counts), with
# the invented operationalisation the sample uses. Drawn from their own random stream (SEED + 1) after the
# others, so that the values of DEFINITIONS above stay as they were. Tuple: (kind, scale, denominator group,
# base value, relative spread, weight of the latent Belastung). kind "sum" sums a per-Gemeinde count
# (source: "einwohner", "flaeche" or a denominator group); scale 100 with a "ha" denominator gives % of area.
EXTRA_DEFINITIONS = {
    1: ("mean", 1, "", 14.0, 0.5, 0.0),            # km to the nearest Mittel- or Oberzentrum
    2: ("sum", 1, "flaeche", 0, 0, 0),              # Gebietsgröße km²
    3: ("rate", 100, "Fläche ha", 38.0, 0.25, 0.4),  # % Wald-, Grün- und Erholungsfläche
    4: ("rate", 100, "Wohnungen", 55.0, 0.2, 0.7),   # % Wohnungen in Mehrfamilienhäusern
    5: ("rate", 100, "Einwohner", 6.5, 0.4, 0.5),    # % Einwohner an lärmbelasteten Hauptverkehrsstraßen
    6: ("rate", 100, "Gewerbefläche ha", 12.0, 0.4, 0.6),  # % brachliegende Gewerbe- und Industriefläche
    8: ("rate", 100, "Einwohner", 8.5, 0.2, 0.5),    # % Einwohner 80 Jahre und älter
    10: ("sum", 1, "einwohner", 0, 0, 0),           # Bevölkerung insgesamt
    11: ("rate", 100, "Fläche ha", 0, 0, 0),        # Einwohner je km² (Zähler = Einwohner, exact)
    32: ("rate", 100, "Siedlungs- und Verkehrsfläche ha", 0, 0, 0),  # Einwohner je km² Siedlungsfläche
    33: ("sum", 1, "Haushalte", 0, 0, 0),           # Haushalte insgesamt
    34: ("rate", 100, "Haushalte", 4.5, 0.3, 0.8),   # % Haushalte Alleinerziehender
    50: ("rate", 100, "Schüler", 4.8, 0.35, 0.8),    # % Schüler an Förderschulen
}

# The sample's decision for every catalogue polarity that is not "+" or "-" (domain: "+/-" must be set before
# use; "0" = context). Documented in the unit column and in docs/vorlagen.md.
POLARITY = {
    1: "+",   # farther from a centre = longer ways to services
    2: "0",   # count: context only
    3: "-",   # green and recreation space is a resource
    4: "+",   # large multi-family housing estates concentrate Belastung (sample assumption)
    5: "+",   # traffic noise
    6: "+",   # derelict commercial land
    8: "+",   # more very old people = more need for care and support
    9: "+",   # demand signal for integration services (not a deficit in itself)
    10: "0",  # count: context only
    11: "-",  # sparse settlement = longer ways, thinner infrastructure (sample assumption)
    32: "+",  # crowding on the settled area
    33: "0",  # count: context only
    34: "+",  # single-parent households
    35: "+",  # high rents = affordability burden
    50: "+",  # share of pupils at Förderschulen
    55: "-",  # cars as a mobility resource
}

# Unit / what the sample measures, shown in the atlas ("Einheit").
EINHEIT = {
    1: "km zum nächsten Mittel- oder Oberzentrum", 2: "km²",
    3: "% Wald-, Grün- und Erholungsfläche an der Fläche", 4: "% der Wohnungen in Mehrfamilienhäusern",
    5: "% der Einwohner an lärmbelasteten Hauptstraßen", 6: "% brachliegende Gewerbe- und Industriefläche",
    7: "Einwohner ab 65 je 100 unter 15", 8: "% der Einwohner ab 80 Jahren", 9: "% der Einwohner",
    10: "Einwohner", 11: "Einwohner je km²", 12: "Jahre", 13: "unter 20-Jährige je 100 Einwohner 20–64",
    14: "Geburten minus Sterbefälle je 1.000 Einwohner", 15: "% der Haushalte",
    16: "Saldo je 1.000 Einwohner", 17: "Wanderungssaldo je 1.000 Einwohner",
    18: "% der Einwohner unter 65", 19: "je 1.000 Einwohner", 20: "je 1.000 Minderjährige",
    21: "% der Einwohner unter 25", 22: "Fälle je 1.000 Minderjährige", 23: "% der Einwohner ab 65",
    24: "Fälle je 1.000 Einwohner unter 21", 25: "je 1.000 Einwohner", 26: "je 1.000 Einwohner",
    27: "je 1.000 Einwohner ab 65", 28: "Fälle je 1.000 Einwohner 14–21",
    29: "EUR je Bedarfsgemeinschaft und Monat", 30: "je 1.000 Einwohner unter 18", 31: "je 1.000 Haushalte",
    32: "Einwohner je km² Siedlungs- und Verkehrsfläche", 33: "Haushalte",
    34: "% Haushalte Alleinerziehender", 35: "EUR je m² (Angebotsmiete)", 36: "m² je Einwohner",
    37: "% der Einwohner", 38: "% der Einwohner", 39: "% der Einwohner", 40: "% der Einschüler",
    41: "% der Einschüler mit Befund", 42: "% der Einschüler mit Befund", 43: "% der Kinder 0–6 vollständig",
    44: "je 10.000 Einwohner", 45: "% der Erwerbspersonen", 46: "% der Erwerbspersonen unter 25",
    47: "% der Arbeitslosen", 48: "% der Schulabgänger", 49: "% der Schulabgänger",
    50: "% der Schüler an Förderschulen", 51: "% der Einschüler mit Befund", 52: "% der Einschüler",
    53: "% der Kinder 0–3 mit Platz", 54: "% der Wahlberechtigten", 55: "Pkw je 1.000 Einwohner",
    56: "% der Einwohner mit Haltestelle in 300 m",
}

# Cells left empty on purpose, to show missing-value handling in every output (gemeinde_id, indicator). Only
# population-weighted means: their Sozialraum and Landkreis values skip a missing Gemeinde in every workbook
# and in the engine alike. A rate (Σ Zähler ÷ Σ Nenner) with a missing Gemeinde would be missing for its
# Sozialraum and for the Landkreis in the engine (ISP_AGGREGATE), and without a Landkreis value the index
# cannot be centred on it.
MISSING_CELLS = {("G12", 12), ("G20", 29), ("G31", 36), ("G09", 35)}


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

    polarity = {int(r["number"]): POLARITY.get(int(r["number"]), r["polarity_inferred"]) for r in catalogue}
    if any(p not in ("+", "-", "0") for p in polarity.values()):
        raise SystemExit("every indicator needs a decided polarity (+, - or 0)")
    with open(os.path.join(HERE, "indikatoren.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indikator", "dimension", "name", "polaritaet", "lebenslage", "art", "skala", "nenner", "einheit"])
        for row in catalogue:
            number = int(row["number"])
            if number in DEFINITIONS:
                kind, scale, denominator, *_ = DEFINITIONS[number]
            else:
                kind, scale, denominator, *_ = EXTRA_DEFINITIONS[number]
                if kind == "sum":
                    scale, denominator = "", ""
            w.writerow([number, row["dimension"], row["name"], polarity[number], row["lebenslage_inferred"], kind,
                        scale, denominator, EINHEIT[number]])

    rows = {}
    denominators_of = {}
    for g, population, _, latent in areas:
        gid = g["gemeinde_id"]
        # One size per denominator group and Gemeinde, so that e.g. every per-Einwohner rate shares it.
        denominators = {}
        for _, _, group, share, _, _ in DEFINITIONS.values():
            if group and group not in denominators:
                denominators[group] = population if share == 1.0 else max(
                    1, round(population * share * rng.uniform(0.9, 1.1)))
        denominators_of[gid] = denominators
        for number, (kind, scale, group, share, base, spread) in sorted(DEFINITIONS.items()):
            sign = {"+": 1.0, "-": -1.0}.get(polarity[number], 0.0)
            factor = math.exp(spread * (0.7 * sign * latent + 0.7 * rng.gauss(0.0, 1.0)))
            if (gid, number) in MISSING_CELLS:
                rows[(gid, number)] = [gid, number, "", "", ""]
                continue
            if kind == "mean":
                rows[(gid, number)] = [gid, number, "", "", round(base * factor, 2)]
                continue
            denominator = denominators[group]
            value = base * factor if base > 0 else base * (2.0 - factor)
            numerator = round(value / scale * denominator)
            if base > 0:
                numerator = max(0, min(numerator, denominator) if scale == 100 and base < 100 else numerator)
            rows[(gid, number)] = [gid, number, numerator, denominator, ""]

    # The indicators added later, from their own stream (see EXTRA_DEFINITIONS).
    extra = random.Random(SEED + 1)
    for g, population, area, latent in areas:
        gid = g["gemeinde_id"]
        hectares = round(area * 100)
        settled = round(hectares * (0.38 if gid == "G01" else extra.uniform(0.08, 0.2)))
        denominators = dict(denominators_of[gid])
        denominators.update({"Fläche ha": hectares, "Siedlungs- und Verkehrsfläche ha": settled,
                             "Gewerbefläche ha": max(5, round(hectares * extra.uniform(0.02, 0.06))),
                             "Wohnungen": round(population * 0.58 * extra.uniform(0.93, 1.07)),
                             "Schüler": max(1, round(population * 0.085 * extra.uniform(0.9, 1.1)))})
        for number, (kind, scale, group, base, spread, weight) in sorted(EXTRA_DEFINITIONS.items()):
            sign = {"+": 1.0, "-": -1.0}.get(polarity[number], 0.0)
            factor = math.exp(spread * (weight * sign * latent + 0.7 * extra.gauss(0.0, 1.0)))
            if kind == "sum":
                total = {"einwohner": population, "flaeche": area}.get(group) or denominators.get(group)
                rows[(gid, number)] = [gid, number, "", "", total]
            elif kind == "mean":
                rows[(gid, number)] = [gid, number, "", "", round(base * factor, 2)]
            elif number in (11, 32):  # densities: Einwohner per area (ha × 100 = per km²)
                rows[(gid, number)] = [gid, number, population, denominators[group], ""]
            else:
                denominator = denominators[group]
                numerator = min(denominator, max(0, round(base * factor / scale * denominator)))
                rows[(gid, number)] = [gid, number, numerator, denominator, ""]

    with open(os.path.join(HERE, "werte.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["gemeinde_id", "indikator", "zaehler", "nenner", "wert"])
        for g, _, _, _ in areas:
            for number in sorted(int(r["number"]) for r in catalogue):
                w.writerow(rows[(g["gemeinde_id"], number)])


if __name__ == "__main__":
    main()
