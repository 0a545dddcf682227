"""The map of the Sozialräume (issue 16 item 5, docs/karte.md) in headless Calc with the add-in of this build.

Expected classes: the hand computation of calc_templates (composite centred on the Landkreis, classed with the
"belastung" scheme) from data/sample/werte.csv, for the Lebenslage the sheet Karte shows by default (the first
of data.LEBENSLAGEN). Expected colours: templates/isp_templates/common.py KLASSEN_FARBEN (the colours the class
cell styles are written with), by the position of the expected class among the scheme's labels; "k. A." is
hatched. The what-if edit is chosen here from the hand computation: the first count (catalogue order, Gemeinden
in file order) whose tripling moves a Sozialraum to another class.

Needs the installed extension's job (addin/src/karte_job.cpp) for the live colours, and isp_karte
(ISP_KARTE_TOOL or <build>/addin/karte/isp_karte) for the command scripts/karte.sh.
"""
import json
import os
import subprocess
import tempfile
import unittest

import calc_templates as T
from calc_templates import composite, klasse, tagged
from isp_templates import common as C
from isp_templates import data as D

NSR = 13
LABELS = ("unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht")  # calc_templates.klasse
LAGE = D.LEBENSLAGEN[0]  # (code, name): the Karte sheet's default choice
GEOJSON = os.path.join(T.ROOT, "data", "karte", "gemeinden_fiktiv.geojson")
HATCH = "HATCH"


def setUpModule():
    T.setUpModule()


def tearDownModule():
    T.tearDownModule()


def expected_colour(label):
    return int(C.KLASSEN_FARBEN[LABELS.index(label)][1:], 16) if label in LABELS else HATCH


def hand_classes(rows=None, code=LAGE[0]):
    idx = composite(tagged(code), "lk", rows=rows)
    return {sr: "k. A." if v is None else klasse(v) for sr, v in idx.items()}


def shapes(doc):
    page = doc.Sheets.getByName("Karte").DrawPage
    out = {}
    for i in range(page.getCount()):  # interface calls: attribute access mixed shapes up (karte.py set_props)
        shape = page.getByIndex(i)
        out[shape.getName()] = shape
    return out


def fill(shape):
    """Through getPropertyValue: PyUNO's attribute access (shape.FillColor) read other shapes' colours
    (addin/tools/karte.py set_props)."""
    style = shape.getPropertyValue("FillStyle").value
    return HATCH if style == "HATCH" else shape.getPropertyValue("FillColor")


class Karte(unittest.TestCase):
    def check_colours(self, doc, classes, when):
        found = shapes(doc)
        table = doc.NamedRanges.getByName("ISP_Karte_Klassen").ReferredCells.getDataArray()
        for sr in range(1, NSR + 1):
            self.assertEqual(table[sr - 1][0], f"SR {sr}")
            self.assertEqual(table[sr - 1][2], classes[sr], f"{when}: class of SR {sr} on the sheet Karte")
            self.assertEqual(fill(found[f"ISP_Karte_SR_{sr}"]), expected_colour(classes[sr]),
                             f"{when}: colour of SR {sr} ({classes[sr]})")

    def test_built_map_carries_the_class_colours(self):
        doc = T.office.load(T.private_copy("sozialraummonitor"))
        self.addCleanup(doc.close, True)
        found = shapes(doc)
        self.assertEqual(sorted(n for n in found if n.startswith("ISP_Karte_SR_")),
                         sorted(f"ISP_Karte_SR_{sr}" for sr in range(1, NSR + 1)))
        self.assertEqual(sorted(n for n in found if n.startswith("ISP_Karte_PR_")),
                         sorted(f"ISP_Karte_PR_{pr}" for pr in D.PR_NAMES))
        # The fictional geometry's enclave and exclave (data/karte/make_geometry.py EXCLAVE): Zwickau (SR 1) has
        # a hole, Reinsdorf's Sozialraum 11 two parts; the others one ring each.
        rings = {sr: len(found[f"ISP_Karte_SR_{sr}"].getPropertyValue("PolyPolygon")) for sr in range(1, NSR + 1)}
        self.assertEqual(rings, {sr: 2 if sr in (1, 11) else 1 for sr in range(1, NSR + 1)})
        self.check_colours(doc, hand_classes(), "as built")
        self.assertGreater(len(set(hand_classes().values())), 1, "one class everywhere would test nothing")
        # Names and texts carry IDs only (the public sheet shows no value and no rank).
        for name, shape in found.items():
            self.assertRegex(name, r"^ISP_Karte_(SR|PR|Name)_[0-9IVX]+$")
            self.assertFalse(shape.getPropertyValue("Description"))
            if name.startswith("ISP_Karte_Name_"):
                self.assertEqual(shape.getString(), "SR " + name.rsplit("_", 1)[1])

    def test_what_if_edit_recolours_the_map(self):
        before = hand_classes()
        rows = [dict(w) for w in T.WERTE]
        chosen = None
        for k in tagged(LAGE[0]):
            for i, w in enumerate(rows):
                if int(w["indikator"]) != k or not w["zaehler"]:
                    continue
                trial = [dict(x) for x in rows]
                trial[i]["zaehler"] = repr(float(w["zaehler"]) * 3)
                after = hand_classes(trial)
                if after != before:
                    chosen = (w, float(w["zaehler"]) * 3, after)
                    break
            if chosen:
                break
        self.assertIsNotNone(chosen, "no single count moves a class (nothing to test)")
        w, value, after = chosen
        doc = T.office.load(T.private_copy("sozialraummonitor"))
        self.addCleanup(doc.close, True)
        sheet = doc.Sheets.getByName("Werte")
        data = sheet.getCellRangeByName("A6:C4005").getDataArray()
        row = next(r for r, (y, g, n) in enumerate(data)
                   if y == D.BASE_YEAR and g == w["gemeinde_id"] and n == float(w["indikator"]))
        sheet.getCellByPosition(3, 5 + row).setValue(value)  # column D = Zähler; no calculateAll: as a planner
        moved = [sr for sr in after if after[sr] != before[sr]]
        self.check_colours(doc, after, f"after Zähler ×3 of indicator {w['indikator']} in {w['gemeinde_id']} "
                                       f"(SR {moved} move)")
        # Another Lebenslage chosen on the sheet (B6, Karte_Gruppe): its classes and colours, same edited values.
        code, name = D.LEBENSLAGEN[2]
        doc.NamedRanges.getByName("Karte_Gruppe").ReferredCells.getCellByPosition(0, 0).setString(name)
        trial = [dict(x) for x in rows]
        next(x for x in trial if x is not w and x["indikator"] == w["indikator"]
             and x["gemeinde_id"] == w["gemeinde_id"])["zaehler"] = repr(value)
        self.check_colours(doc, hand_classes(trial, code), f"after choosing {name}")

    def run_command(self, geojson, workbook, target):
        tool = os.environ.get("ISP_KARTE_TOOL") or os.path.join(os.path.dirname(os.environ["ISP_OXT"]), "karte",
                                                                "isp_karte")
        env = dict(os.environ, ISP_KARTE_TOOL=tool)
        return subprocess.run(["bash", os.path.join(T.ROOT, "scripts", "karte.sh"), workbook, geojson, "--ziel",
                               target, "--oxt", os.environ["ISP_OXT"]], capture_output=True, text=True, env=env,
                              timeout=600)

    def test_command_handles_holes_exclaves_and_refuses_bad_files_in_german(self):
        folder = tempfile.mkdtemp(dir=T.workdir)
        workbook = T.private_copy("sozialraummonitor")
        with open(GEOJSON, encoding="utf-8") as f:
            good = json.load(f)
        # A Gemeinde of another Landkreis in the file: left out and named; the map is drawn.
        extra = json.loads(json.dumps(good))
        stranger = json.loads(json.dumps(good["features"][0]))
        stranger["properties"] = {"gemeinde_id": "G99", "name": "Irgendwo"}
        extra["features"].append(stranger)
        cases = {
            "extra": extra,
            # Meerane (G07) missing: refused, named.
            "missing": dict(good, features=[f for f in good["features"] if f["properties"]["gemeinde_id"] != "G07"]),
        }
        paths = {}
        for name, doc in cases.items():
            paths[name] = os.path.join(folder, name + ".geojson")
            with open(paths[name], "w", encoding="utf-8") as f:
                json.dump(doc, f)
        paths["kaputt"] = os.path.join(folder, "kaputt.geojson")
        with open(paths["kaputt"], "w", encoding="utf-8") as f:
            f.write('{"type": "FeatureCollection",\n "features": [ }\n')

        target = os.path.join(folder, "mit_karte.ods")
        r = self.run_command(paths["extra"], workbook, target)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("13 Sozialräume und 5 Planungsräume gezeichnet", r.stdout)
        self.assertIn("1 Gebiete der Datei gehören nicht zur Gebietsgliederung und bleiben weg: Irgendwo (G99)",
                      r.stdout)
        doc = T.office.load(target)
        self.addCleanup(doc.close, True)
        self.check_colours(doc, hand_classes(), "drawn by scripts/karte.sh")

        r = self.run_command(paths["missing"], workbook, os.path.join(folder, "fehlt.ods"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("Gemeinden der Gebietsgliederung ohne Umrisse in der Datei: Meerane (G07)", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(folder, "fehlt.ods")))
        r = self.run_command(paths["kaputt"], workbook, os.path.join(folder, "kaputt.ods"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("die Datei ist kein gültiges JSON (Zeile 2", r.stderr)


if __name__ == "__main__":
    unittest.main()
