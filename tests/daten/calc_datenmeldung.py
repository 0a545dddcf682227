"""The Datenmeldung round trip (docs/import.md, "Datenmeldung der Kommunen") in real headless Calc, one office for
the module: the 33 forms of the built ISP_Sozialstrukturatlas.ods generated (XLSX, two also as ODS), some filled as
a Kommune would (valid values, text, out of range, a renamed sheet, sorted rows, the wrong Kommune's file), merged
back through the functions the CLI uses (addin/tools/datenmeldung.py), and a merge interrupted before storing.

Expected values come from the Landkreis's Werte sheet read here cell by cell (not from the code under test) and from
the numbers typed into the forms below.
"""
import os
import shutil
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "calc"))
sys.path.insert(0, os.path.join(ROOT, "addin", "tools"))
import lo  # noqa: E402
import datenmeldung as dm  # noqa: E402
from calc_daten_import import BUILD, read_bytes, template_path  # noqa: E402  (the same built template)

TOOL = os.environ.get("ISP_DATENMELDUNG_TOOL") or os.path.join(BUILD, "addin", "import", "isp_datenmeldung")
W0, W1 = 6, 4005
WHEN = "2026-12-03 10:00"


def setUpModule():
    lo.start_module_office("datenmeldung")


def tearDownModule():
    lo.stop_module_office()


def werte_rows(doc):
    """{(year, gid, indicator): (sheet row, [D, E, F])} read straight off the Werte sheet."""
    data = doc.Sheets.getByName("Werte").getCellRangeByName(f"A{W0}:F{W1}").getDataArray()
    out = {}
    for i, (year, gid, ind, *cells) in enumerate(data):
        if isinstance(year, float) and gid:
            out[(int(year), gid, int(ind))] = (W0 + i, [c if isinstance(c, float) else None for c in cells])
    return out


def form_row(form_doc, year, ind):
    """The Meldung sheet row (1-based) of a year and indicator, found by its key cells."""
    sh = form_doc.Sheets.getByName("Meldung")
    data = sh.getCellRangeByName("A6:D200").getDataArray()
    for i, (y, _gid, _name, nr) in enumerate(data):
        if y == float(year) and nr == float(ind):
            return 6 + i
    raise AssertionError(f"no form row for {year}/{ind}")


class DatenmeldungTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        office = lo.office()
        cls.dir = office.path("runde")
        shutil.rmtree(cls.dir, ignore_errors=True)
        os.makedirs(cls.dir)
        cls.workbook = os.path.join(cls.dir, "Landkreis.ods")
        shutil.copyfile(template_path(), cls.workbook)
        cls.doc = dm.load_copy(office.desktop, cls.workbook, office.path("kopie"))
        before = werte_rows(cls.doc)
        cls.year = max(k[0] for k in before)
        # A rate indicator of the newest year, emptied in the Landkreis so that Werdau's form asks for it.
        cls.rate = next(k[2] for k, (_r, cells) in sorted(before.items())
                        if k[0] == cls.year and k[1] == "G04" and cells[0] is not None and cells[1] is not None)
        row, cells = before[(cls.year, "G04", cls.rate)]
        werte = cls.doc.Sheets.getByName("Werte")
        werte.getCellByPosition(3, row - 1).setString("")
        werte.getCellByPosition(4, row - 1).setString("")
        cls.emptied = (row, cells)
        cls.before = werte_rows(cls.doc)
        cls.out = os.path.join(cls.dir, "meldungen")
        os.makedirs(cls.out)
        start = time.time()
        cls.forms, cls.written = dm.generate(office.desktop, cls.doc, TOOL, cls.out, ("xlsx",),
                                             source_name="Landkreis.ods", created="03.12.2026")
        _, ods = dm.generate(office.desktop, cls.doc, TOOL, cls.out, ("ods",), kommunen=["G05", "G11"],
                             source_name="Landkreis.ods", created="03.12.2026")
        cls.written += ods
        cls.generate_seconds = time.time() - start
        print(f"\n33 Datenmeldungen (XLSX) + 2 (ODS): {cls.generate_seconds:.1f} s", file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.doc.close(True)

    def form_path(self, gid, ext="xlsx"):
        name = [f for f in os.listdir(self.out) if f.startswith(f"Datenmeldung_{gid}_") and f.endswith("." + ext)]
        self.assertEqual(len(name), 1, name)
        return os.path.join(self.out, name[0])

    def fill(self, gid, edits, ext="xlsx", tamper=None):
        """Opens the form as the Kommune would, types values (year, indicator, column letter J/K/L, value) into
        the unlocked cells, optionally tampers with it, and saves it under a new name."""
        office = lo.office()
        src = self.form_path(gid, ext)
        form_doc = office.load(src)
        try:
            sh = form_doc.Sheets.getByName("Meldung")
            for year, ind, col, value in edits:
                cell = sh.getCellRangeByName(f"{col}{form_row(form_doc, year, ind)}")
                if isinstance(value, str):
                    cell.setString(value)
                else:
                    cell.setValue(value)
            if tamper:
                tamper(form_doc)
            path = os.path.join(self.dir, "zurueck_" + os.path.basename(src))
            office.save(form_doc, path, dm.FORMATS["." + ext])
        finally:
            form_doc.close(True)
        return path

    # ---- generation ----------------------------------------------------------------------------------------------

    def test_1_thirty_three_forms(self):
        self.assertEqual(len(self.forms), 33)
        self.assertEqual(len([p for p in self.written if p.endswith(".xlsx")]), 33)
        self.assertEqual(len([p for p in self.written if p.endswith(".ods")]), 2)
        self.assertTrue(os.path.isfile(os.path.join(self.out, "Datenmeldung_G19_St_Egidien.xlsx")))
        self.assertLess(self.generate_seconds, 75)  # measured 31 s on the shared 2-core machine

    def check_form(self, path, gid):
        form_doc = lo.office().load(path)
        try:
            sheets = form_doc.Sheets
            self.assertEqual(list(sheets.ElementNames), ["Anleitung", "Meldung", "ISP_Kennung"])
            self.assertFalse(sheets.getByName("ISP_Kennung").IsVisible)
            self.assertTrue(sheets.getByName("Meldung").isProtected())
            if path.endswith(".ods"):  # Calc keeps a workbook protection without password in ODS only (measured)
                self.assertTrue(form_doc.isProtected(), "structure protected (no renaming of sheets)")
            ident = sheets.getByName("ISP_Kennung").getCellRangeByName("A1:B8").getDataArray()
            self.assertEqual(dict(ident)["Kommune"], gid)
            self.assertEqual(dict(ident)["Quelle"], "Landkreis.ods")
            self.assertRegex(dict(ident)["Prüfsumme"], r"^[0-9a-f]{16}$")
            sh = sheets.getByName("Meldung")
            data = sh.getCellRangeByName("A6:N400").getDataArray()
            rows = [r for r in data if r[0] != ""]
            own = {k: v for k, v in self.before.items() if k[1] == gid}
            self.assertEqual(len(rows), len(own), "one form row per Werte row of the Kommune")
            self.assertEqual({r[1] for r in rows}, {gid}, "only the Kommune's own Gemeinde")
            for r in rows:
                _row, cells = own[(int(r[0]), r[1], int(r[3]))]
                for k in range(3):
                    shown = r[9 + k] if isinstance(r[9 + k], float) else None
                    if cells[k] is not None and shown is not None:
                        self.assertEqual(shown, cells[k], f"current value shown in {r[:4]}")
            # Zähler of a rate row: unlocked, whole number ≥ 0; Wert of the same row: locked.
            first_rate = next(i for i, r in enumerate(rows) if r[13].startswith("Zähler"))
            zaehler = sh.getCellByPosition(9, 5 + first_rate)
            wert = sh.getCellByPosition(11, 5 + first_rate)
            self.assertFalse(zaehler.CellProtection.IsLocked)
            self.assertTrue(wert.CellProtection.IsLocked)
            v = zaehler.Validation
            self.assertEqual(v.Type.value, "WHOLE")
            self.assertEqual(v.getOperator().value, "GREATER_EQUAL")
            self.assertEqual(v.getFormula1(), "0")
            self.assertIn("ganze Zahl ≥ 0", v.ErrorMessage)
            # A required input cell turns darker while empty (conditional format, kept in XLSX and ODS).
            required = next(i for i, r in enumerate(rows) if r[12] == "ja" and r[13].startswith("Zähler"))
            entries = sh.getCellByPosition(9, 5 + required).ConditionalFormat
            self.assertEqual(entries.Count, 1)
            style = entries.getByIndex(0).StyleName  # XLSX brings it back as "ConditionalStyle_1" (a dxf)
            self.assertEqual(form_doc.StyleFamilies.getByName("CellStyles").getByName(style).CellBackColor,
                             dm.MISSING_COLOUR)
            self.assertIn("LEN(", entries.getByIndex(0).getFormula1())
            # Printed, a row stays on one page: landscape, one page wide, headings repeated (was 10 pages, keys and
            # input cells apart).
            page = form_doc.StyleFamilies.getByName("PageStyles").getByName(sh.PageStyle)
            self.assertTrue(page.IsLandscape)
            self.assertEqual(page.ScaleToPagesX, 1)
            self.assertTrue(sh.PrintTitleRows)
            guide = sheets.getByName("Anleitung").getCellRangeByName("A1:A20").getDataArray()
            self.assertIn("nie 0 eintragen", " ".join(g[0] for g in guide))
        finally:
            form_doc.close(True)

    def test_2_xlsx_form_layout(self):
        self.check_form(self.form_path("G04"), "G04")

    def test_3_ods_form_layout(self):
        self.check_form(self.form_path("G05", "ods"), "G05")

    # ---- merging ---------------------------------------------------------------------------------------------------

    def test_4_round_trip(self):
        office = lo.office()
        year, rate = self.year, self.rate
        others = sorted(k for k, (_r, c) in self.before.items() if k[0] == year and k[1] == "G05" and c[0] is not None
                        and c[1] is not None)
        ind_a, ind_b = others[0][2], others[1][2]
        old_a = self.before[(year, "G05", ind_a)][1][0]
        werdau = self.fill("G04", [(year, rate, "J", 412), (year, rate, "K", 9876)])
        crimmitschau = self.fill("G05", [(year, ind_a, "J", old_a + 7),    # a valid change of an existing value
                                         (year, ind_b, "J", "zwölf"),       # text
                                         (year, ind_b, "K", 0),             # a denominator 0
                                         (year, ind_a, "K", -5)], "ods")    # out of range

        def rename(form_doc):
            form_doc.unprotect("")
            form_doc.Sheets.getByName("Meldung").setName("Meldung Neukirchen")

        renamed = self.fill("G06", [], tamper=rename)

        def sort_rows(form_doc):
            sh = form_doc.Sheets.getByName("Meldung")
            sh.unprotect("")
            a = sh.getCellRangeByName("A6:N6").getDataArray()
            b = sh.getCellRangeByName("A7:N7").getDataArray()
            sh.getCellRangeByName("A6:N6").setDataArray(b)
            sh.getCellRangeByName("A7:N7").setDataArray(a)

        moved = self.fill("G09", [], tamper=sort_rows)
        report, count, refused = dm.merge_files(office.desktop, self.doc, TOOL, [werdau, crimmitschau, renamed, moved],
                                                when=WHEN)
        text = "\n".join(report)
        after = werte_rows(self.doc)
        # Werdau's two values arrive in the emptied cells.
        row, _ = self.emptied
        self.assertEqual(after[(year, "G04", rate)][1][:2], [412.0, 9876.0], text)
        self.assertEqual(count, 2, text)
        # Crimmitschau: the change waits for --uebernehmen; text, 0 and -5 are refused with German messages.
        self.assertEqual(after[(year, "G05", ind_a)][1], self.before[(year, "G05", ind_a)][1])
        self.assertEqual(after[(year, "G05", ind_b)][1], self.before[(year, "G05", ind_b)][1])
        self.assertIn("(nicht übernommen: dafür --uebernehmen angeben)", text)
        self.assertIn("„zwölf“ ist keine Zahl – nicht übernommen", text)
        self.assertIn("Nenner: 0 ist nicht größer als 0", text)
        self.assertIn("-5 ist nicht größer als 0", text)
        # Renamed sheet and moved rows: the whole file refused.
        self.assertEqual(sorted(refused), sorted([os.path.basename(renamed), os.path.basename(moved)]))
        self.assertIn("Das Blatt „Meldung“ fehlt – wurde es umbenannt oder gelöscht?", text)
        self.assertIn("Zeilen wurden verschoben, sortiert oder ihre Schlüssel geändert", text)
        # Every other Werte cell is as before.
        changed = {k for k in after if after[k] != self.before.get(k)}
        self.assertEqual(changed, {(year, "G04", rate)})
        log = self.log_rows()
        self.assertEqual(len(log), 2)
        self.assertEqual(log[0][:5], (WHEN, "G04", "Werdau", "Werte", f"D{row}"))
        self.assertEqual(log[0][9:14], (float(year), "Zähler", "", 412.0, "neu"))
        self.assertEqual(log[1][4], f"E{row}")
        self.assertEqual(log[0][14], os.path.basename(werdau))

        # With --uebernehmen the change arrives and is logged with its old value; repeating changes nothing.
        report, count, refused = dm.merge_files(office.desktop, self.doc, TOOL, [crimmitschau], apply_changes=True,
                                                when=WHEN)
        self.assertEqual(count, 1, "\n".join(report))
        self.assertEqual(werte_rows(self.doc)[(year, "G05", ind_a)][1][0], old_a + 7)
        log = self.log_rows()
        self.assertEqual(len(log), 3, "every replaced value is kept")
        r = self.before[(year, "G05", ind_a)][0]
        self.assertEqual(log[2][1:5], ("G05", "Crimmitschau", "Werte", f"D{r}"))
        self.assertEqual(log[2][11:14], (old_a, old_a + 7, "geändert"))
        report, count, refused = dm.merge_files(office.desktop, self.doc, TOOL, [werdau, crimmitschau],
                                                apply_changes=True, when=WHEN)
        self.assertEqual(count, 0, "\n".join(report))
        self.assertEqual(len(self.log_rows()), 3)

    def log_rows(self):
        sh = self.doc.Sheets.getByName("Änderungsprotokoll")
        self.assertEqual(sh.getCellRangeByName("A4:O4").getDataArray()[0], dm.LOG_HEAD)
        return [r for r in sh.getCellRangeByName("A5:O200").getDataArray() if r[0] != ""]

    def test_5_wrong_kommune(self):
        office = lo.office()
        path = self.fill("G07", [(self.year, self.rate, "J", 1)])
        report, count, refused = dm.merge_files(office.desktop, self.doc, TOOL, [path], kommune="G08", when=WHEN)
        self.assertEqual(refused, [os.path.basename(path)])
        self.assertIn("ist die Datenmeldung von G07 Meerane, nicht von G08 Schönberg", report[0])
        self.assertEqual(count, 0)

    def test_6_interrupted_merge_leaves_the_workbook_unchanged(self):
        office = lo.office()
        files = {"nach-anwenden": self.fill("G10", [(self.year, self.rate, "J", 1234)]),
                 "beim-speichern": self.fill("G13", [(self.year, self.rate, "J", 4321)])}
        original = read_bytes(self.workbook)
        # One private copy for both stages (a load costs ~10 s here): each stage merges its own file, so each has
        # a change to store; the workbook itself is the target (as with --mappe-aendern).
        doc = dm.load_copy(office.desktop, self.workbook, office.path("kopie-abbruch"))
        try:
            for stage, path in files.items():
                os.environ["ISP_DATENMELDUNG_ABBRUCH"] = stage
                try:
                    with self.assertRaises(dm.Abbruch):
                        dm.merge_into_file(office.desktop, doc, TOOL, [path], self.workbook, apply_changes=True,
                                           when=WHEN)
                finally:
                    del os.environ["ISP_DATENMELDUNG_ABBRUCH"]
                self.assertEqual(read_bytes(self.workbook), original, stage)
                self.assertEqual([f for f in os.listdir(self.dir) if f.startswith(".~isp-tmp-")], [], stage)
        finally:
            doc.close(True)

    def test_8_new_reporting_year_appends_rows(self):
        office = lo.office()
        out = os.path.join(self.dir, "neues-jahr")
        os.makedirs(out)
        new_year = self.year + 1
        forms, written = dm.generate(office.desktop, self.doc, TOOL, out, ("xlsx",), kommunen=["G12"], year=new_year,
                                     source_name="Landkreis.ods", created="03.12.2026")
        own = [k for k in self.before if k[1] == "G12"]
        indicators = {k[2] for k in own}
        self.assertEqual(len(forms[0]["zeilen"]), len(own) + len(indicators), "one new row per indicator")
        self.out, saved = out, self.out
        try:
            path = self.fill("G12", [(new_year, self.rate, "J", 77), (new_year, self.rate, "K", 7000)])
        finally:
            self.out = saved
        free_before = sum(1 for r in self.doc.Sheets.getByName("Werte").getCellRangeByName(f"A{W0}:F{W1}")
                          .getDataArray() if all(v == "" for v in r))
        report, count, refused = dm.merge_files(office.desktop, self.doc, TOOL, [path], when=WHEN)
        self.assertEqual((count, refused), (2, []), "\n".join(report))
        after = werte_rows(self.doc)
        self.assertEqual(after[(new_year, "G12", self.rate)][1][:2], [77.0, 7000.0])
        free_after = sum(1 for r in self.doc.Sheets.getByName("Werte").getCellRangeByName(f"A{W0}:F{W1}")
                         .getDataArray() if all(v == "" for v in r))
        self.assertEqual(free_after, free_before - 1, "the row went to a free row of the Werte block")
        self.assertIn("Pflichtangabe fehlt", "\n".join(report), "the other indicators of the new year are empty")

    def test_9_kommune_and_planner_attacks(self):
        """Found by attacking the merge as a Kommune and a planner would (docs/import.md, Datenmeldung)."""
        office = lo.office()
        year, rate = self.year, self.rate
        werte = self.doc.Sheets.getByName("Werte")
        row = self.before[(year, "G14", rate)][0]
        old = werte.getCellByPosition(3, row - 1).getValue()

        def formulas(form_doc):  # a failing formula in the Zähler, a working one in the Nenner
            sh = form_doc.Sheets.getByName("Meldung")
            r = form_row(form_doc, year, rate)
            sh.getCellRangeByName(f"J{r}").setFormula("=A1*2")  # A1 is the title: #VALUE!
            sh.getCellRangeByName(f"K{r}").setFormula(f"=H{r}+1")  # the shown Nenner (H) + 1

        path = self.fill("G14", [], tamper=formulas)
        csv = os.path.join(self.dir, "Datenmeldung_G14.csv")  # saved as CSV by the Kommune
        with open(csv, "w", encoding="utf-8") as f:
            f.write("Jahr;Gemeinde-ID\n")
        # Before: the failing formula (None from getDataArray) crashed the whole merge ("unerwarteter Fehler").
        report, count, refused = dm.merge_files(office.desktop, self.doc, TOOL, [path, csv], apply_changes=True,
                                                when=WHEN)
        text = "\n".join(report)
        self.assertIn("„=A1*2 (Formel ergibt keine Zahl)“ ist keine Zahl – nicht übernommen", text)
        self.assertEqual(werte.getCellByPosition(3, row - 1).getValue(), old, "the Zähler stays")
        nenner = self.before[(year, "G14", rate)][1][1]
        self.assertEqual(werte.getCellByPosition(4, row - 1).getValue(), nenner + 1, "a formula counts by its number")
        self.assertEqual(count, 1, text)
        self.assertEqual(refused, ["Datenmeldung_G14.csv"])
        self.assertIn("ist keine Datenmeldung im Format .xlsx oder .ods", text)

        # The planner: a workbook open in another Calc (lock file) or read-only is not replaced; the result file
        # may not be one of the returned files.
        import argparse
        args = argparse.Namespace(mappe_aendern=True, ziel=None, ueberschreiben=False, pruefen=False)
        lock = os.path.join(self.dir, ".~lock.Landkreis.ods#")
        with open(lock, "w") as f:
            f.write(",Frau Planerin,pc7,03.12.2026 10:00,file:///home/planerin/.config/libreoffice/4;")
        try:
            with self.assertRaises(dm.Abbruch) as c:
                dm.merge_target(args, self.workbook, [path])
            self.assertIn("ist gerade in LibreOffice geöffnet (von „Frau Planerin“)", str(c.exception))
        finally:
            os.unlink(lock)
        readonly = os.path.join(self.dir, "schreibgeschützt.ods")
        shutil.copyfile(path, readonly)
        os.chmod(readonly, 0o444)
        with self.assertRaises(dm.Abbruch) as c:
            dm.merge_target(args, readonly, [path])
        self.assertIn("ist schreibgeschützt", str(c.exception))
        args = argparse.Namespace(mappe_aendern=False, ziel=path, ueberschreiben=True, pruefen=False)
        with self.assertRaises(dm.Abbruch) as c:
            dm.merge_target(args, self.workbook, [path])
        self.assertIn("ist eine der Rückmeldungen", str(c.exception))

        # Ctrl-C while the result is stored: no temporary file stays (before: left beside the target).
        small = office.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                                    (dm.wg.prop("Hidden", True),))
        replace = dm.os.replace

        def interrupted(*_args):
            raise KeyboardInterrupt

        try:
            dm.os.replace = interrupted
            with self.assertRaises(KeyboardInterrupt):
                dm.store_atomic(small, os.path.join(self.dir, "Ergebnis.ods"))
        finally:
            dm.os.replace = replace
            small.close(True)
        self.assertEqual([f for f in os.listdir(self.dir) if f.startswith(".~isp-tmp-") or f == "Ergebnis.ods"], [])

    def test_7_cli_refuses_before_office_starts(self):
        r = subprocess.run([os.path.join(ROOT, "scripts", "datenmeldung.sh"), "zusammenfuehren", self.workbook,
                            os.path.join(self.dir, "gibt-es-nicht.xlsx")], capture_output=True, text=True,
                           timeout=60, env=dict(os.environ, ISP_DATENMELDUNG_TOOL=TOOL))
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("Rückmeldung", r.stderr)
        self.assertIn("gibt es nicht", r.stderr)


if __name__ == "__main__":
    unittest.main()
