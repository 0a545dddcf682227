"""Sample data for the templates: the committed FICTIONAL sample (data/sample) plus invented Fachplan data.

Everything numeric here is invented. The area structure (33 Gemeinden, 13 Sozialräume, 5 Planungsräume)
follows the Landkreis Zwickau. Fachplan data (places, cases, pupils, age groups …) are derived from the
sample's populations with a fixed seed, so every build writes the same workbooks.
"""
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLE = os.path.join(ROOT, "data", "sample")

FIKTIV = ("FIKTIVE BEISPIELDATEN – Gebietsstruktur Landkreis Zwickau, alle Zahlen erfunden. "
          "Vor Gebrauch durch eigene Daten ersetzen.")
BASE_YEAR = 2023
PRIOR_YEAR = 2022

LEBENSLAGEN = [("K", "Sozialisation Kindheit und Jugend"), ("T", "Teilhabe"), ("S", "Senioren"), ("B", "Bildung")]
DIMENSIONEN = ["Räumliche Beschaffenheit", "Bevölkerung", "Administrative Intervention", "Wohnung", "Gesundheit",
               "Arbeitsmarkt und Beschäftigungsbedingungen", "Bildung", "Partizipation", "Verkehr"]
PR_NAMES = {"I": "Mittlerer LK", "II": "Westlicher LK", "III": "Nördlicher LK", "IV": "Östlicher LK",
            "V": "Südlicher LK"}


def _read(name):
    with open(os.path.join(SAMPLE, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _num(text):
    return None if text in ("", None) else float(text)


class Sample:
    def __init__(self):
        self.gebiete = []
        for g in _read("gebiete.csv"):
            self.gebiete.append({"id": g["gemeinde_id"], "name": g["gemeinde"], "sr": int(g["sozialraum_id"]),
                                 "pr": g["planungsraum_id"], "ew": int(g["einwohner"]),
                                 "flaeche": float(g["flaeche_km2"])})
        self.indikatoren = []
        for r in _read("indikatoren.csv"):
            self.indikatoren.append({"nr": int(r["indikator"]), "dimension": r["dimension"], "name": r["name"],
                                     "polaritaet": r["polaritaet"], "lebenslage": r["lebenslage"],
                                     "art": r["art"], "skala": _num(r["skala"]), "nenner": r["nenner"],
                                     "einheit": r.get("einheit", "")})
        self.werte = []
        for r in _read("werte.csv"):
            self.werte.append({"jahr": BASE_YEAR, "gid": r["gemeinde_id"], "nr": int(r["indikator"]),
                               "z": _num(r["zaehler"]), "n": _num(r["nenner"]), "w": _num(r["wert"])})
        self.werte_prior = self._prior_year()

    def _prior_year(self):
        """An invented previous year, so that trends can be shown: every value moved by a few per cent."""
        rng = random.Random(2022)
        art = {i["nr"]: i["art"] for i in self.indikatoren}
        out = []
        for v in self.werte:
            f = math.exp(rng.gauss(0.0, 0.05))
            if art.get(v["nr"]) == "sum":  # counts and areas move slowly; the area of a Gemeinde not at all
                f = 1.0 if v["nr"] == 2 else math.exp(math.log(f) / 5)
            z = n = w = None
            if v["n"] is not None:
                n = max(1.0, round(v["n"] * rng.uniform(0.985, 1.01)))
            if v["z"] is not None:
                z = round(v["z"] / f) if v["z"] >= 0 else round(v["z"] * f)
                if v["n"] is not None and v["z"] <= v["n"] and z > n:
                    z = n
            if v["w"] is not None:
                w = round(v["w"] / f, 2) if art.get(v["nr"]) != "sum" else round(v["w"] / f, 1 if v["nr"] == 2 else 0)
            out.append({"jahr": PRIOR_YEAR, "gid": v["gid"], "nr": v["nr"], "z": z, "n": n, "w": w})
        return out

    @property
    def sozialraeume(self):
        out = {}
        for g in self.gebiete:
            sr = out.setdefault(g["sr"], {"id": g["sr"], "pr": g["pr"], "gemeinden": [], "ew": 0})
            sr["gemeinden"].append(g["name"])
            sr["ew"] += g["ew"]
        return [out[k] for k in sorted(out)]

    def sr_label(self, sr):
        return ", ".join(sr["gemeinden"])


# ---- invented Fachplan data ---------------------------------------------------------------------------

def _rng(name):
    return random.Random(sum(ord(c) * (i + 1) for i, c in enumerate(name)))


def age_shares():
    """Invented shares of the population per age band (roughly an East German Landkreis)."""
    return {"0-2": 0.024, "3-5": 0.026, "6-9": 0.036, "10-17": 0.072, "18-20": 0.024, "21-64": 0.52,
            "65-69": 0.075, "70-74": 0.065, "75-79": 0.055, "80-84": 0.05, "85-89": 0.03, "90+": 0.013,
            # the target groups of Fachpläne that plan for a broader age group
            "6-26": 0.19, "18-64": 0.56, "18+": 0.84}


def sr_age_groups(sample, bands, years, seed):
    """Population per Sozialraum, age band and year: base-year shares with a small SR-specific tilt and an
    invented trend per band (fewer children, more very old people)."""
    rng = _rng(seed)
    shares = age_shares()
    trend = {"0-2": -0.018, "3-5": -0.015, "6-9": -0.01, "10-17": 0.002, "18-20": 0.004, "21-64": -0.012,
             "65-69": 0.01, "70-74": 0.012, "75-79": -0.004, "80-84": 0.02, "85-89": 0.025, "90+": 0.03,
             "6-26": -0.006, "18-64": -0.014, "18+": -0.004}
    out = {}
    for sr in sample.sozialraeume:
        tilt = {b: math.exp(rng.gauss(0, 0.08)) for b in bands}
        for b in bands:
            base = sr["ew"] * shares[b] * tilt[b]
            for y in years:
                out[(sr["id"], b, y)] = round(base * (1 + trend[b] + rng.gauss(0, 0.003)) ** (y - years[0]))
    return out
