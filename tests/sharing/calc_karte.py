"""The map of the Sozialräume in the Weitergabe copies (rule W35, docs/weitergabe.md; docs/karte.md).

The built Sozialraummonitor (its sheet Karte drawn by templates/build.py add_maps) is exported as the public copy
and as the copy for Sozialraum 3, each as XLSX and ODS, and every copy is reopened in Calc WITHOUT the add-in (as
a recipient opens it) and once WITH it (the map job must not recolour a copy: it has no named ranges).

Expected, independently of the export: the map shapes of the original (13 areas ISP_Karte_SR_<n>, 5 borders
ISP_Karte_PR_<X>, 13 labels ISP_Karte_Name_<n>) read from the original document; the class colour of a
Sozialraum is the background colour of the legend cell (named range ISP_Karte_Legende) whose text is the class
the original's table ISP_Karte_Klassen gives it ("k. A.": hatched). Public copy: every area in that colour, as in
the original. Copy for SR 3: SR 3 in its class colour, every other area solid grey 0xD9D9D9 (none of the legend
colours), borders and labels as in the original. Before the exports the test adds a planner's shapes that fake
the map (a shape ISP_Karte_SR_1 on the sheet Sozialraummonitor, ISP_Karte_SR_99 on the Karte sheet, the label of
SR 2 with a value typed into it): none of them may be in a copy. The raw scan (sharing.scan) of every copy finds
nothing (the map shapes are the only drawing objects it lets pass; its own negative control: a fake map name).
"""
import os
import shutil
import tempfile
import unittest
import zipfile

import sharing as S
from sharing import lo

STEM = "ISP_Sozialraummonitor"
SR = "3"
NEUTRAL = 0xD9D9D9  # addin/plan/weitergabe_plan.hpp kMapNeutralFill
HATCH = "HATCH"
FAKE_LABEL = "SR 2: Index 0,87"

office = plain = workdir = None
original = {}
copies = {}  # (variant, fmt) -> {"path", "summary", "shapes", "shapes_addin", "notes", "other_sheets"}


def page_shapes(sheet):
    """{name: (kind, fill, text)} through the interface calls (attribute access on shapes mixed them up in
    LibreOffice 7.4: addin/tools/karte.py set_props)."""
    out = {}
    page = sheet.DrawPage
    for i in range(page.getCount()):
        shape = page.getByIndex(i)
        style = shape.getPropertyValue("FillStyle").value
        fill = HATCH if style == "HATCH" else ("NONE" if style == "NONE" else shape.getPropertyValue("FillColor"))
        text = shape.getString() if hasattr(shape, "getString") else ""
        out[shape.getName()] = (shape.getShapeType(), fill, text)
    return out


def all_shapes(doc):
    """{sheet: {name: (kind, fill, text)}} of the sheets that have drawing objects."""
    out = {}
    for i in range(doc.Sheets.Count):
        sh = doc.Sheets.getByIndex(i)
        found = page_shapes(sh)
        if found:
            out[sh.Name] = found
    return out


def class_colours(doc):
    """{SR id: expected fill}: class label (ISP_Karte_Klassen: "SR n" | name | class) -> the legend cell with
    that text (ISP_Karte_Legende) -> its background colour; no legend cell: hatched."""
    legend = doc.NamedRanges.getByName("ISP_Karte_Legende").getReferredCells()
    colours = {}
    for r in range(legend.getRangeAddress().EndRow - legend.getRangeAddress().StartRow + 1):
        c = legend.getCellByPosition(0, r)
        colours[c.getString()] = c.getPropertyValue("CellBackColor")
    table = doc.NamedRanges.getByName("ISP_Karte_Klassen").getReferredCells().getDataArray()
    return {row[0][3:]: colours.get(row[2], HATCH) for row in table if str(row[0]).startswith("SR ")}, colours


def add_fakes(doc):
    """A planner's shapes that pretend to be the map: only the template's map may stay."""
    import uno
    from com.sun.star.awt import Point, Size
    monitor = doc.Sheets.getByName("Sozialraummonitor")
    karte = doc.Sheets.getByName("Karte")
    fake = doc.createInstance("com.sun.star.drawing.RectangleShape")
    monitor.DrawPage.add(fake)
    fake.setName("ISP_Karte_SR_1")
    fake.setPosition(Point(1000, 1000))
    fake.setSize(Size(2000, 1000))
    unknown = doc.createInstance("com.sun.star.drawing.PolyPolygonShape")
    karte.DrawPage.add(unknown)
    unknown.setName("ISP_Karte_SR_99")
    shapes = {karte.DrawPage.getByIndex(i).getName(): karte.DrawPage.getByIndex(i)
              for i in range(karte.DrawPage.getCount())}
    uno.invoke(unknown, "setPropertyValue", ("PolyPolygon", uno.Any(
        "[][]com.sun.star.awt.Point", shapes["ISP_Karte_SR_5"].getPropertyValue("PolyPolygon"))))
    shapes["ISP_Karte_Name_2"].setString(FAKE_LABEL)


def setUpModule():
    global office, plain, workdir
    workdir = tempfile.mkdtemp(prefix="isp-wg-karte-")
    office = lo.Office("wg_karte").start()
    try:
        S.register_types(workdir)
        service = office.service(S.SERVICE)
        doc = office.load(S.private_copy(S.template_path(STEM, "ods"), workdir))
        original["info"] = S.read_doc(doc)
        original["shapes"] = page_shapes(doc.Sheets.getByName("Karte"))
        original["colours"], original["legend"] = class_colours(doc)
        add_fakes(doc)
        out = os.path.join(workdir, "out")
        os.makedirs(out)
        for variant, area in (("oeffentlich", ""), ("sozialraum", SR)):
            for fmt in ("xlsx", "ods"):
                path = os.path.join(out, f"{STEM}_{variant}.{fmt}")
                copies[(variant, fmt)] = {"path": path,
                                          "summary": service.exportCopy(doc, variant, area, lo.file_url(path))}
        doc.close(True)
        for c in copies.values():  # with the add-in: the map job runs on load and must find nothing to colour
            d = office.load(c["path"])
            c["shapes_addin"] = all_shapes(d)
            d.close(True)
        office.stop()
        plain = lo.Office("wg_karte_plain", with_addin=False).start()
        for c in copies.values():
            d = plain.load(c["path"])
            c["shapes"] = all_shapes(d)
            c["info"] = S.read_doc(d)
            d.close(True)
        keep = os.environ.get("ISP_WG_KARTE_KEEP")  # to look at the copies (render them)
        if keep:
            os.makedirs(keep, exist_ok=True)
            for c in copies.values():
                shutil.copy(c["path"], keep)
    except Exception:
        tearDownModule()
        raise


def tearDownModule():
    S.stop_all((office, plain), workdir)


class MapInCopies(unittest.TestCase):
    def expected_names(self):
        names = {n for n in original["shapes"] if n.startswith("ISP_Karte_")}
        self.assertEqual(len([n for n in names if n.startswith("ISP_Karte_SR_")]), 13)
        self.assertEqual(len([n for n in names if n.startswith("ISP_Karte_PR_")]), 5)
        self.assertEqual(len([n for n in names if n.startswith("ISP_Karte_Name_")]), 13)
        return names - {"ISP_Karte_Name_2"}  # its text was changed to carry a value: it goes

    def test_original_has_classes_to_tell_apart(self):
        colours = original["colours"]
        self.assertGreater(len(set(colours.values())), 1, "one class everywhere would test nothing")
        self.assertNotIn(NEUTRAL, original["legend"].values())
        # The original's areas carry their class colours (the template as built: KarteJob).
        for sr, want in colours.items():
            self.assertEqual(original["shapes"][f"ISP_Karte_SR_{sr}"][1], want, f"SR {sr}")

    def check_copy(self, variant, fmt, fills):
        c = copies[(variant, fmt)]
        for where in ("shapes", "shapes_addin"):
            with self.subTest(where=where):
                found = c[where]
                # Only the sheet Karte has drawing objects: the fake on Sozialraummonitor went.
                self.assertEqual(sorted(found), ["Karte"])
                karte = found["Karte"]
                self.assertEqual(set(karte), self.expected_names())
                for name, (_, fill, text) in karte.items():
                    part, aid = name.split("_")[2:4]
                    if part == "SR":
                        self.assertEqual(fill, fills[aid], f"{variant} {fmt} {where} {name}")
                    elif part == "PR":
                        self.assertEqual(fill, original["shapes"][name][1], f"{name}: a border, no fill")
                        self.assertEqual(text, "")
                    else:
                        self.assertEqual(text, f"SR {aid}", name)

    def test_public_copy_keeps_the_map_in_the_original_colours(self):
        for fmt in ("xlsx", "ods"):
            with self.subTest(fmt=fmt):
                self.check_copy("oeffentlich", fmt, original["colours"])

    def test_sozialraum_copy_shows_only_its_own_class(self):
        fills = {sr: (colour if sr == SR else NEUTRAL) for sr, colour in original["colours"].items()}
        self.assertNotEqual(fills, original["colours"], "SR 3 alone in the colour of a class would test nothing")
        for fmt in ("xlsx", "ods"):
            with self.subTest(fmt=fmt):
                self.check_copy("sozialraum", fmt, fills)

    def test_notes_say_what_became_of_the_map(self):
        for (variant, fmt), c in copies.items():
            with self.subTest(variant=variant, fmt=fmt):
                notes = "\n".join(str(r[0]) for r in c["info"]["grids"]["Hinweise zur Weitergabe"] if r and r[0])
                self.assertIn("Blatt „Karte“: Karte der Sozialräume behalten (13 Flächen, 5 Grenzen der "
                              "Planungsräume, 12 Namen)", notes)
                self.assertIn("Zeichenobjekte „ISP_Karte_Name_2“, „ISP_Karte_SR_99“ entfernt: kein Teil der Karte",
                              notes)
                self.assertIn("Blatt „Sozialraummonitor“: Zeichenobjekte „ISP_Karte_SR_1“ entfernt", notes)
                self.assertIn("30 Zeichenobjekte der Karte behalten", c["summary"])
                if variant == "sozialraum":
                    self.assertIn("Nur Sozialraum 3 ist in der Farbe seiner Klasse gefärbt; die 12 anderen "
                                  "Sozialräume sind grau, ohne Klasse.", notes)
                else:
                    self.assertNotIn("grau", notes)

    def test_raw_scan_finds_nothing(self):
        """W35 in the raw file: the map shapes are the only drawing objects besides charts, none carries a value
        (the fake label's text is gone); the per-Sozialraum copy holds no value or name of another area."""
        info = original["info"]
        shows = {}
        for name, (sheet, c0, r0, c1, r1) in info["descs"].items():
            if S.role(name) == "PROFIL":
                shows[sheet] = S.key_of(S.cell(info["grids"][sheet], r1, c1))
        numbers, texts = S.ownership(info, SR, shows)
        self.assertGreater(len(numbers), 50, "the scan must have something to look for")
        for (variant, fmt), c in copies.items():
            with self.subTest(variant=variant, fmt=fmt):
                problems = S.scan(c["path"], *((numbers, texts) if variant == "sozialraum" else ()))
                self.assertEqual(problems[:10], [])
                with zipfile.ZipFile(c["path"]) as z:
                    raw = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
                self.assertNotIn(FAKE_LABEL.encode("utf-8"), raw)

    def test_scan_lets_only_map_shapes_pass(self):
        """Negative control of the scan's map rule (sharing.map_shape_ok)."""
        self.assertTrue(S.map_shape_ok("ISP_Karte_SR_3", "", False))
        self.assertTrue(S.map_shape_ok("ISP_Karte_Name_3", "SR 3", False))
        self.assertTrue(S.map_shape_ok("ISP_Karte_PR_IV", "", False))
        for name, text, alt in (("ISP_Karte_Name_3", FAKE_LABEL, False), ("ISP_Karte_Name_3", "SR 4", False),
                                ("ISP_Karte_SR_3", "0,87", False), ("ISP_Karte_SR_3", "", True),
                                ("ISP_Karte_Wert_3", "", False), ("Logo", "", False), ("ISP_Karte_SR_3x", "", False)):
            self.assertFalse(S.map_shape_ok(name, text, alt), (name, text, alt))


if __name__ == "__main__":
    unittest.main()
