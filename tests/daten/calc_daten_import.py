"""The data import (docs/import.md) in real headless Calc: each sample file of data/import into a built template's
Werte sheet (ISP_Sozialstrukturatlas.ods from the templates_files fixture), through the same functions the CLI
uses (addin/tools/daten_import.py: read the state, plan with isp_daten_import, apply), and the CLI itself once.

Expected numbers are read off the sample files by hand (the file lines are quoted next to each check) and off
data/sample/werte.csv (the template's 2023 values), not computed by the code under test.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "calc"))
sys.path.insert(0, os.path.join(ROOT, "addin", "tools"))
import lo  # noqa: E402
from atlas_profil import raumprofil_trend  # noqa: E402
import daten_import as di  # noqa: E402

DATA = os.path.join(ROOT, "data", "import")
BEVOELKERUNG = os.path.join(DATA, "regionalstatistik_12411_bevoelkerung_2024.csv")
SGB2 = os.path.join(DATA, "genesis_sachsen_sgb2_2023.csv")
KITA = os.path.join(DATA, "gemeinden_nach_name_kita_2024.csv")
BA = os.path.join(DATA, "ba_arbeitslose_gemeinden_2024-12.xlsx")
REIHE = os.path.join(DATA, "genesis_sgb2_reihe_2022_2023.csv")
CHANGES = os.path.join(DATA, "gebietsaenderungen_beispiel.csv")
TEMPLATE = "ISP_Sozialstrukturatlas.ods"
BUILD = os.environ.get("ISP_BUILD_DIR") or os.path.join(ROOT, "build")
TOOL = os.environ.get("ISP_DATEN_IMPORT_TOOL") or os.path.join(BUILD, "addin", "import", "isp_daten_import")


def setUpModule():
    lo.start_module_office("daten_import")


def tearDownModule():
    lo.stop_module_office()


def template_path():
    out = os.environ.get("ISP_TEMPLATES_OUT") or os.path.join(BUILD, "templates")
    return os.path.join(out, TEMPLATE)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def spreadsheet_as_csv(path):
    """The CLI's text of a spreadsheet table (its first sheet, di.sheet_as_csv) in a file of the office's folder."""
    table = lo.office().load(path)
    try:
        csv_path = lo.office().path(os.path.basename(path) + ".csv")
        with open(csv_path, "w", encoding="utf-8") as f:
            f.write(di.sheet_as_csv(table))
    finally:
        table.close(True)
    return csv_path


class Args:
    """The CLI's arguments as daten_import.tool_args reads them."""

    def __init__(self, datei, indikator, jahr=None, zaehler=None, nenner=None, wert=None, gebietsaenderungen=None):
        self.datei_path, self.indikator, self.jahr = datei, indikator, jahr
        self.zaehler, self.nenner, self.wert = zaehler, nenner, wert
        self.gebietsaenderungen = gebietsaenderungen
        self.zuordnung = None  # the CLI's default, data/import/zuordnung_zwickau.csv


class ImportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        office = lo.office()
        cls.copy = office.path("vorlage.ods")
        shutil.copyfile(template_path(), cls.copy)
        cls.doc = office.load(cls.copy)
        cls.werte = cls.doc.Sheets.getByName("Werte")

    @classmethod
    def tearDownClass(cls):
        cls.doc.close(True)

    def do_import(self, args):
        plan = di.run_tool(TOOL, di.tool_args(args), di.workbook_state(self.doc))
        di.apply(self.doc, plan)
        return plan, "\n".join(r[1] for r in plan if r[0] == "report")

    def do_import_xlsx(self, args):
        """As the CLI does for spreadsheets: the first sheet as ';'-text, the comments name the XLSX."""
        csv_path = spreadsheet_as_csv(args.datei_path)
        plan = di.run_tool(TOOL, di.tool_args(args, csv_path), di.workbook_state(self.doc))
        di.apply(self.doc, plan)
        return plan, "\n".join(r[1] for r in plan if r[0] == "report")

    def find_row(self, year, gid, ind):
        data = self.werte.getCellRangeByName(f"A{di.W0}:C{di.W1}").getDataArray()
        rows = [di.W0 + i for i, (a, b, c) in enumerate(data) if a == year and b == gid and c == ind]
        self.assertEqual(len(rows), 1, f"exactly one Werte row for {year}/{gid}/{ind}")
        return rows[0]

    def cell(self, col, row):
        return lo.read(self.werte, f"{col}{row}")

    def comment(self, col, row):
        return di.comments_by_cell(self.werte).get((row - 1, "ABCDEF".index(col)), "")

    def assert_reimport_changes_nothing(self, args):
        plan, report = self.do_import(args)
        self.assertEqual([r for r in plan if r[0] in ("new", "set", "break")], [], report)
        self.assertIn("Keine Änderung", report)

    def test_1_regionalstatistik_by_ags_appends_2024(self):
        args = Args(BEVOELKERUNG, 10, wert="Insgesamt")
        plan, report = self.do_import(args)
        # "31.12.2024;14524330;Zwickau, Stadt;85944;…" → G01 (mapping table), a new 2024 row
        row = self.find_row(2024.0, "G01", 10.0)
        self.assertEqual(self.cell("F", row), ("value", 85944.0))
        self.assertEqual(self.cell("B", row), ("text", "G01"))
        self.assertEqual(self.cell("D", row), ("empty", None))
        # "31.12.2024;14524100;Hartmannsdorf b. Kirchberg;1883" → G30
        self.assertEqual(self.cell("F", self.find_row(2024.0, "G30", 10.0)), ("value", 1883.0))
        # "14524050;Dennheritz;." → empty (never 0) with the sign as the reason
        row = self.find_row(2024.0, "G09", 10.0)
        self.assertEqual(self.cell("F", row), ("empty", None))
        self.assertIn("„.“ Zahlenwert unbekannt oder geheim zu halten", self.comment("F", row))
        self.assertIn("regionalstatistik_12411_bevoelkerung_2024.csv", self.comment("F", row))
        # "14524110;Hirschfeld;…" → empty, "fällt später an"
        row = self.find_row(2024.0, "G32", 10.0)
        self.assertEqual(self.cell("F", row), ("empty", None))
        self.assertIn("„…“ Angabe fällt später an", self.comment("F", row))
        # Plauen (Vogtlandkreis) not matched; Land and Kreis rows skipped
        self.assertIn("14523320 Plauen, Stadt – AGS 14523320 gehört zu keiner Gemeinde", report)
        self.assertIn("14 Sachsen (kein Gemeindeschlüssel", report)
        self.assertIn("33 Zeilen angefügt", report)
        self.assert_reimport_changes_nothing(args)

    def test_2_genesis_sachsen_updates_2023_old_to_new(self):
        args = Args(SGB2, 18, jahr=2023, zaehler="1", nenner="Einwohner unter 65")  # no date column
        plan, report = self.do_import(args)
        # data/sample/werte.csv "G01,18,7144,62690" → file "14524330;Zwickau, Stadt;6.107;67.860"
        row = self.find_row(2023.0, "G01", 18.0)
        self.assertEqual(self.cell("D", row), ("value", 6107.0))
        self.assertEqual(self.cell("E", row), ("value", 67860.0))
        self.assertIn(f"Werte-Zeile {row} (G01 Zwickau, 2023, Indikator 18) Zähler: 7.144 → 6.107", report)
        self.assertIn(f"Werte-Zeile {row} (G01 Zwickau, 2023, Indikator 18) Nenner: 62.690 → 67.860", report)
        # "14524240;Oberwiera;-;2.642" (was 277): the count becomes missing with the reason, the Nenner is read
        row = self.find_row(2023.0, "G11", 18.0)
        self.assertEqual(self.cell("D", row), ("empty", None))
        self.assertEqual(self.cell("E", row), ("value", 2642.0))
        self.assertIn("„-“ nichts vorhanden", self.comment("D", row))
        self.assertIn("Zähler: 277 → leer", report)
        for gid, sign in (("G12", "„–“"), ("G15", "„x“"), ("G19", "„/“"), ("G21", "„(14)“")):
            row = self.find_row(2023.0, gid, 18.0)
            self.assertEqual(self.cell("D", row), ("empty", None), gid)
            self.assertIn(sign, self.comment("D", row), gid)
        # Neukirchen twice in the file (151 and 159): a conflict, the sheet keeps 150 (data/sample/werte.csv)
        self.assertEqual(self.cell("D", self.find_row(2023.0, "G06", 18.0)), ("value", 150.0))
        self.assertIn("kommt in der Datei mehrfach vor", report)
        self.assertIn("„12 Personen“ ist weder eine Zahl", report)
        self.assertIn("0 Zeilen angefügt", report)
        self.assert_reimport_changes_nothing(args)

    def test_3_names_through_the_mapping_table(self):
        args = Args(KITA, 53, jahr=2024, zaehler="2", nenner="1")
        plan, report = self.do_import(args)
        # "Neukirchen/Pleiße;64;35" → G06 by its official name; "Hartmannsdorf b. Kirchberg;41;22" → G30
        row = self.find_row(2024.0, "G06", 53.0)
        self.assertEqual((self.cell("D", row), self.cell("E", row)), (("value", 35.0), ("value", 64.0)))
        row = self.find_row(2024.0, "G30", 53.0)
        self.assertEqual((self.cell("D", row), self.cell("E", row)), (("value", 22.0), ("value", 41.0)))
        # "Zwickau, Stadt;1.914;1.052": thousands dot
        row = self.find_row(2024.0, "G01", 53.0)
        self.assertEqual(self.cell("E", row), ("value", 1914.0))
        # Bernsdorf (Landkreis Zwickau) and "Bernsdorf, Stadt" (Bautzen): only the AGS could tell them apart
        self.assertIn("Name „Bernsdorf“ kommt in der Datei mehrfach vor – Zuordnung nur über den AGS", report)
        self.assertIn("Chemnitz, Stadt", report)
        data = self.werte.getCellRangeByName(f"A{di.W0}:C{di.W1}").getDataArray()
        self.assertFalse([r for r in data if r == (2024.0, "G20", 53.0)], "Bernsdorf must not be guessed")
        self.assert_reimport_changes_nothing(args)

    def test_5_bundesagentur_xlsx(self):
        # Indikator 47 Langzeitarbeitslosigkeit (rate): Zähler = Langzeitarbeitslose, Nenner = Arbeitslose.
        args = Args(BA, 47, jahr=2024, zaehler="Langzeit", nenner="Arbeitslose insgesamt")
        plan, report = self.do_import_xlsx(args)
        # data/import/make_samples.py, ba(): Zwickau (87000 Einwohner) → 87000·4 // 100 = 3480 Arbeitslose,
        # 3480·35 // 100 = 1218 Langzeitarbeitslose
        row = self.find_row(2024.0, "G01", 47.0)
        self.assertEqual((self.cell("D", row), self.cell("E", row)), (("value", 1218.0), ("value", 3480.0)))
        # Dennheritz: "*" (anonymised) → empty with the reason, the Nenner is a number
        row = self.find_row(2024.0, "G09", 47.0)
        self.assertEqual(self.cell("D", row), ("empty", None))
        self.assertEqual(self.cell("E", row)[0], "value")
        self.assertIn("„*“ Wert anonymisiert", self.comment("D", row))
        self.assertIn("ba_arbeitslose_gemeinden_2024-12.xlsx", self.comment("D", row))
        self.assertIn("33 Zeilen angefügt", report)
        self.assertNotIn("Nicht zugeordnet", report)
        plan, report = self.do_import_xlsx(args)
        self.assertEqual([r for r in plan if r[0] in ("new", "set")], [], report)

    def test_4_leading_zeros_of_an_ags_used_as_gemeinde_id(self):
        # A workbook whose Gemeinde-IDs are AGS: the ID "01001000" (text) in a free Gebiete row.
        gebiete = self.doc.Sheets.getByName("Gebiete")
        free = next(r for r in range(di.G0, di.G1 + 1) if gebiete.getCellRangeByName(f"A{r}").getString() == "")
        gebiete.getCellRangeByName(f"A{free}").setString("01001000")
        gebiete.getCellRangeByName(f"B{free}").setString("Flensburg")
        path = lo.office().path("ags.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("Test;;\n;;;Wert\n31.12.2024;01001000;Flensburg, Stadt;42\n")
        plan, report = self.do_import(Args(path, 10, wert="1"))
        row = self.find_row(2024.0, "01001000", 10.0)
        self.assertEqual(self.cell("B", row), ("text", "01001000"))
        self.assertEqual(self.cell("F", row), ("value", 42.0))

    def breaks(self):
        """The list of the sheet Reihenbrüche (t_sozialstrukturatlas.BRUCH0 = 7, 20 rows): its A–E rows."""
        sh = self.doc.Sheets.getByName("Reihenbrüche")
        return [list(r) for r in sh.getCellRangeByName(f"A{di.B0}:E{di.B1}").getDataArray()]

    def profile_trend(self, level, area, nr=18):
        return raumprofil_trend(self.doc, level, area, nr)

    def test_6_merger_keeps_a_two_year_series_comparable(self):
        # data/import/gebietsaenderungen_beispiel.csv: the fictional Altdorf and Niederau joined Werdau (G04) on
        # 01.01.2023. genesis_sgb2_reihe_2022_2023.csv, by hand: 2022 "Werdau 1.020; 15.210", "Altdorf 85; 1.240",
        # "Niederau 40; 905" → 1145; 17355 on today's territory; 2023 "Werdau 1.150; 17.300".
        # The series break of (indicator 18, G04) starts in 2023 (Gültig ab 01.01.2023). The template's list
        # Reihenbrüche holds exactly that break as its fictional example in row 7: first it is not entered twice.
        empty = ["", "", "", "", ""]
        example = self.breaks()[0]
        two_lines = self.doc.Sheets.getByName("Reihenbrüche").getRows().getByIndex(di.B0 - 1).Height  # the example
        self.assertEqual(example[:4], [18.0, "G04", 2023.0, "Gebietsänderung"])
        self.assertEqual(self.breaks()[1:], [empty] * 19)
        args22 = Args(REIHE, 18, jahr=2022, zaehler="1", nenner="2", gebietsaenderungen=CHANGES)
        plan, report = self.do_import(args22)
        self.assertEqual([r for r in plan if r[0] == "break"], [], report)
        self.assertIn("Reihenbrüche stehen schon auf dem Blatt Reihenbrüche", report)
        self.assertEqual(self.breaks()[0], example)
        self.assertEqual(self.breaks()[1:], [empty] * 19)
        # The planner removes the fictional example: the comparison no longer shows a break for Werdau ...
        sh = self.doc.Sheets.getByName("Reihenbrüche")
        sh.getCellRangeByName(f"A{di.B0}:E{di.B0}").clearContents(1 | 2 | 4 | 16)  # VALUE, DATETIME, STRING, FORMULA
        self.assertNotEqual(self.profile_trend("Gemeinde", "G04"), "Reihenbruch")
        # ... and the re-import of 2022 (values unchanged) enters the break in the first free row, 7.
        plan, report = self.do_import(args22)
        self.assertEqual([r for r in plan if r[0] in ("new", "set")], [], report)
        self.assertIn("Reihenbrüche in das Blatt Reihenbrüche eingetragen (Gebietsänderungen) (1):", report)
        self.assertIn("Zeile 7: Indikator 18, G04 Werdau, neue Reihe ab 2023, Gebietsänderung – Altdorf und "
                      "Niederau zum 01.01.2023 in Werdau eingegliedert", report)
        entered = self.breaks()
        self.assertEqual(entered[0][:4], [18.0, "G04", 2023.0, "Gebietsänderung"])
        self.assertEqual(entered[0][4], "Altdorf und Niederau zum 01.01.2023 in Werdau eingegliedert; frühere Jahre "
                                        "beim Import umgerechnet")
        # The list's row grows to show the whole Bemerkung (wrapped in column E: three lines, the example's two).
        self.assertTrue(sh.getRows().getByIndex(di.B0 - 1).OptimalHeight)
        self.assertGreater(sh.getRows().getByIndex(di.B0 - 1).Height, two_lines)
        self.assertEqual(entered[1:], [empty] * 19)
        # The year comparison shows it: "Reihenbruch" in the Raumprofil's trend of Werdau and of its Sozialraum
        # (data/sample/gebiete.csv: G04 is in Sozialraum 3), not of Zwickau (G01); the Landkreis change of
        # Atlas Sozialräume stays a number (a Gebietsänderung keeps the Landkreis total comparable).
        self.assertEqual(self.profile_trend("Gemeinde", "G04"), "Reihenbruch")
        self.assertEqual(self.profile_trend("Sozialraum", 3), "Reihenbruch")
        self.assertNotEqual(self.profile_trend("Gemeinde", "G01"), "Reihenbruch")
        atlas = self.doc.Sheets.getByName("Atlas Sozialräume")
        head = atlas.getCellRangeByName("A5:AF5").getDataArray()[0]
        row18 = next(r for r in range(5, 61) if atlas.getCellByPosition(1, r).getValue() == 18)
        self.assertNotEqual(atlas.getCellByPosition(head.index("Veränderung"), row18).getString(), "Bruch")
        for year in (2022, 2023):
            args = Args(REIHE, 18, jahr=year, zaehler="1", nenner="2", gebietsaenderungen=CHANGES)
            plan, report = self.do_import(args)
            self.assertNotIn("Nicht zugeordnet", report)
            self.assert_reimport_changes_nothing(args)
        self.assertEqual(self.breaks(), entered, "a second import adds no row to Reihenbrüche")
        r22, r23 = self.find_row(2022.0, "G04", 18.0), self.find_row(2023.0, "G04", 18.0)
        self.assertEqual((self.cell("D", r22), self.cell("E", r22)), (("value", 1145.0), ("value", 17355.0)))
        self.assertEqual((self.cell("D", r23), self.cell("E", r23)), (("value", 1150.0), ("value", 17300.0)))
        self.assertIn("auf heutigen Gebietsstand umgerechnet: Summe aus 14524990 Altdorf", self.comment("D", r22))
        self.assertEqual(self.comment("D", r23), "")


class CliTest(unittest.TestCase):
    """scripts/daten-import.sh end to end: a new file, the workbook untouched, re-import changes nothing."""

    def test_cli(self):
        work = tempfile.mkdtemp(prefix="daten-import-cli-", dir=lo.office().workdir)
        workbook = os.path.join(work, TEMPLATE)
        shutil.copyfile(template_path(), workbook)
        before = read_bytes(workbook)
        profile = os.path.join(work, "profil")
        env = dict(os.environ, ISP_DATEN_IMPORT_TOOL=TOOL)
        oxt = os.environ.get("ISP_OXT") or os.path.join(BUILD, "addin", "isp-sozialplanung.oxt")
        cmd = [os.path.join(ROOT, "scripts", "daten-import.sh"), workbook, BEVOELKERUNG, "--indikator", "10",
               "--oxt", oxt, "--profile", profile]
        # Several value columns and no choice: refused before LibreOffice starts, in German.
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("mehrere Wertspalten", r.stderr)
        r = subprocess.run(cmd + ["--wert", "Insgesamt"], capture_output=True, text=True, env=env, timeout=600)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        result = os.path.join(work, "ISP_Sozialstrukturatlas_import.ods")
        self.assertTrue(os.path.isfile(result), r.stdout)
        self.assertEqual(read_bytes(workbook), before, "the workbook itself is never written")
        self.assertIn("33 Zeilen angefügt", r.stdout)
        # The stored file holds the values and the reason comments.
        doc = lo.office().load(result)
        try:
            werte = doc.Sheets.getByName("Werte")
            data = werte.getCellRangeByName(f"A{di.W0}:F{di.W1}").getDataArray()
            rows = {(a, b, c): (di.W0 + i, f) for i, (a, b, c, d, e, f) in enumerate(data)}
            self.assertEqual(rows[(2024.0, "G01", 10.0)][1], 85944.0)
            row = rows[(2024.0, "G09", 10.0)][0]
            self.assertEqual(rows[(2024.0, "G09", 10.0)][1], "")
            self.assertIn("„.“", di.comments_by_cell(werte).get((row - 1, 5), ""))
        finally:
            doc.close(True)
        # The result exists now: the same call is refused before LibreOffice starts, nothing is written.
        r = subprocess.run(cmd + ["--wert", "Insgesamt"], capture_output=True, text=True, env=env, timeout=600)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("gibt es schon", r.stderr)
        mtime = os.path.getmtime(result)
        # The Bundesagentur's XLSX through the CLI, only checked (--pruefen): report, no file.
        r = subprocess.run([os.path.join(ROOT, "scripts", "daten-import.sh"), workbook, BA, "--indikator", "47",
                            "--jahr", "2024", "--zaehler", "Langzeit", "--nenner", "1", "--pruefen", "--oxt", oxt,
                            "--profile", profile], capture_output=True, text=True, env=env, timeout=600)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("33 Zeilen angefügt", r.stdout)
        self.assertIn("„*“ Wert anonymisiert", r.stdout)
        self.assertIn("Nur geprüft", r.stdout)
        self.assertEqual(read_bytes(workbook), before)
        # Again into the result itself: nothing changes, nothing is written.
        r = subprocess.run([os.path.join(ROOT, "scripts", "daten-import.sh"), result, BEVOELKERUNG, "--indikator",
                            "10", "--wert", "Insgesamt", "--mappe-aendern", "--oxt", oxt, "--profile", profile],
                           capture_output=True, text=True, env=env, timeout=600)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Keine Änderung", r.stdout)
        self.assertEqual(os.path.getmtime(result), mtime)


if __name__ == "__main__":
    unittest.main()
