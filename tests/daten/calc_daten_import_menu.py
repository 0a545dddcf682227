"""The menu's import (Sozialplanung ▸ Daten importieren …, docs/import.md) in real headless Calc: the UNO service
de.sozialplanung.isp.DatenImport, called as the dialog calls it, on an OPEN copy of the built
ISP_Sozialstrukturatlas.ods (templates_files fixture) with each sample file of data/import.

Where the expected values come from: the numbers are read off the sample files by hand (the file lines are quoted
next to each check, the same lines as in calc_daten_import.py) and off data/sample/werte.csv (the template's 2023
values); the whole Werte block after the menu's import is also compared with the CLI's path on a second copy
(addin/tools/daten_import.py: state → isp_daten_import → apply), which shares the planner but not the applier.
"Changes nothing" and "undo restores everything" compare the Werte block A–F and every comment of the sheet
before and after.
"""
import os
import shutil
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "calc"))
sys.path.insert(0, os.path.join(ROOT, "addin", "tools"))
import lo  # noqa: E402
import daten_import as di  # noqa: E402
from calc_daten_import import (BA, BEVOELKERUNG, BUILD, CHANGES, KITA, REIHE, SGB2, TOOL,  # noqa: E402
                               Args, spreadsheet_as_csv, template_path)

SERVICE = "de.sozialplanung.isp.DatenImport"
MAPPING = di.DEFAULT_MAPPING  # data/import/zuordnung_zwickau.csv
OXT = os.environ.get("ISP_OXT") or os.path.join(BUILD, "addin", "isp-sozialplanung.oxt")
TIMINGS = []


def setUpModule():
    office = lo.start_module_office("daten_import_menu")
    lo.launcher.register_types(OXT, office.workdir)  # Python must know XDatenImport to call the service


def tearDownModule():
    lo.stop_module_office()
    for name, seconds in TIMINGS:
        print(f"timing {name}: {seconds:.2f} s", file=sys.stderr)


def url(path):
    return lo.file_url(path) if path else ""


def snapshot(doc):
    """The Werte block A–F, every comment of the Werte sheet and the list A–E of the sheet Reihenbrüche."""
    werte = doc.Sheets.getByName("Werte")
    breaks = doc.Sheets.getByName(di.BRUCH_SHEET).getCellRangeByName(f"A{di.B0}:E{di.B1}").getDataArray()
    return (werte.getCellRangeByName(f"A{di.W0}:F{di.W1}").getDataArray(), di.comments_by_cell(werte), breaks)


def without_example_break(doc):
    """The planner deletes the template's fictional example row of Reihenbrüche (18, G04, 2023, Gebietsänderung)."""
    doc.Sheets.getByName(di.BRUCH_SHEET).getCellRangeByName(f"A{di.B0}:E{di.B0}").clearContents(1 | 2 | 4 | 16)


class MenuImportTest(unittest.TestCase):
    counter = 0

    def open_copy(self, prepare=None):
        MenuImportTest.counter += 1
        office = lo.office()
        path = office.path(f"menu_{MenuImportTest.counter}.ods")
        shutil.copyfile(template_path(), path)
        doc = office.load(path)
        self.addCleanup(doc.close, True)
        if prepare:
            prepare(doc)
        return doc

    @classmethod
    def setUpClass(cls):
        cls.service = lo.office().service(SERVICE)

    def call(self, doc, args, apply, mapping=MAPPING):
        t0 = time.monotonic()
        report = self.service.importTable(
            doc, url(args.datei_path), args.indikator, args.jahr or 0, args.zaehler or "", args.nenner or "",
            args.wert or "", url(mapping), url(args.gebietsaenderungen), apply)
        TIMINGS.append((f"{os.path.basename(args.datei_path)} {'übernehmen' if apply else 'prüfen'}",
                        time.monotonic() - t0))
        return report

    def cli_result(self, args, prepare=None):
        """The CLI's path on a fresh copy: read the state, plan with isp_daten_import, apply (Python)."""
        doc = self.open_copy(prepare)
        csv_path = spreadsheet_as_csv(args.datei_path) if args.datei_path.endswith(".xlsx") else None
        plan = di.run_tool(TOOL, di.tool_args(args, csv_path), di.workbook_state(doc))
        di.apply(doc, plan)
        return snapshot(doc)

    def cell(self, doc, col, year, gid, ind):
        werte = doc.Sheets.getByName("Werte")
        data = werte.getCellRangeByName(f"A{di.W0}:F{di.W1}").getDataArray()
        rows = [di.W0 + i for i, r in enumerate(data) if r[:3] == (year, gid, ind)]
        self.assertEqual(len(rows), 1, f"exactly one Werte row for {year}/{gid}/{ind}")
        value = lo.read(werte, f"{col}{rows[0]}")
        comment = di.comments_by_cell(werte).get((rows[0] - 1, "ABCDEF".index(col)), "")
        return value, comment

    def check_undo_and_reimport(self, doc, args, before):
        """Re-import changes nothing; one undo restores the workbook as it was before the import."""
        undo = doc.UndoManager
        steps = len(undo.getAllUndoActionTitles())
        after = snapshot(doc)
        report = self.call(doc, args, True)
        self.assertIn("Keine Änderung", report)
        self.assertEqual(snapshot(doc), after, "re-import changed the workbook")
        self.assertEqual(len(undo.getAllUndoActionTitles()), steps, "re-import added an undo step")
        self.assertEqual(undo.getCurrentUndoActionTitle(), "Daten importieren")
        undo.undo()
        self.assertEqual(snapshot(doc), before, "one undo must restore the whole import")

    def run_import(self, args, mapping=MAPPING, prepare=None):
        """Prüfen (nothing changes), then Übernehmen (one undo step, the same cells as the CLI's path)."""
        doc = self.open_copy(prepare)
        before = snapshot(doc)
        steps = len(doc.UndoManager.getAllUndoActionTitles())
        report = self.call(doc, args, False, mapping)
        self.assertTrue(report.startswith("Nur geprüft: an der Arbeitsmappe wurde nichts geändert."), report)
        self.assertEqual(snapshot(doc), before, "Prüfen changed the workbook")
        applied = self.call(doc, args, True, mapping)
        self.assertIn("Übernommen in das Blatt Werte", applied)
        # the report is the planner's, the same text as for Prüfen but for the closing line
        self.assertEqual(applied.split("\n\n")[0], report.split("\n\n")[1])
        self.assertEqual(len(doc.UndoManager.getAllUndoActionTitles()), steps + 1, "one undo step")
        self.assertEqual(snapshot(doc), self.cli_result(args, prepare), "menu and CLI differ")
        return doc, before, applied

    def test_1_regionalstatistik_by_ags(self):
        args = Args(BEVOELKERUNG, 10, wert="Insgesamt")
        doc, before, report = self.run_import(args)
        # "31.12.2024;14524330;Zwickau, Stadt;85944;…" → G01 (mapping table), a new 2024 row
        self.assertEqual(self.cell(doc, "F", 2024.0, "G01", 10.0), (("value", 85944.0), ""))
        # "14524050;Dennheritz;." → empty (never 0) with the sign as the reason
        value, comment = self.cell(doc, "F", 2024.0, "G09", 10.0)
        self.assertEqual(value, ("empty", None))
        self.assertIn("„.“ Zahlenwert unbekannt oder geheim zu halten", comment)
        self.assertIn("regionalstatistik_12411_bevoelkerung_2024.csv", comment)
        self.assertIn("14523320 Plauen, Stadt – AGS 14523320 gehört zu keiner Gemeinde", report)
        self.assertIn("33 Zeilen angefügt", report)
        self.check_undo_and_reimport(doc, args, before)

    def test_2_genesis_sachsen_updates_2023(self):
        args = Args(SGB2, 18, jahr=2023, zaehler="1", nenner="Einwohner unter 65")
        doc, before, report = self.run_import(args)
        # data/sample/werte.csv "G01,18,7144,62690" → file "14524330;Zwickau, Stadt;6.107;67.860"
        self.assertEqual(self.cell(doc, "D", 2023.0, "G01", 18.0)[0], ("value", 6107.0))
        self.assertEqual(self.cell(doc, "E", 2023.0, "G01", 18.0)[0], ("value", 67860.0))
        self.assertIn("(G01 Zwickau, 2023, Indikator 18) Zähler: 7.144 → 6.107", report)
        # "14524240;Oberwiera;-;2.642": the count becomes missing with its reason
        value, comment = self.cell(doc, "D", 2023.0, "G11", 18.0)
        self.assertEqual(value, ("empty", None))
        self.assertIn("„-“ nichts vorhanden", comment)
        self.check_undo_and_reimport(doc, args, before)
        # after the undo the 2023 values of data/sample/werte.csv are back
        self.assertEqual(self.cell(doc, "D", 2023.0, "G01", 18.0), (("value", 7144.0), ""))

    def test_3_names_through_the_mapping_table(self):
        args = Args(KITA, 53, jahr=2024, zaehler="2", nenner="1")
        doc, before, report = self.run_import(args)
        # "Neukirchen/Pleiße;64;35" → G06 by its official name
        self.assertEqual(self.cell(doc, "D", 2024.0, "G06", 53.0)[0], ("value", 35.0))
        self.assertEqual(self.cell(doc, "E", 2024.0, "G06", 53.0)[0], ("value", 64.0))
        self.assertIn("Name „Bernsdorf“ kommt in der Datei mehrfach vor – Zuordnung nur über den AGS", report)
        self.check_undo_and_reimport(doc, args, before)

    def test_4_without_mapping_table_nothing_matches(self):
        # The atlas's Gemeinde-IDs are G01…G33, not AGS: without the mapping table no line can be matched.
        doc = self.open_copy()
        before = snapshot(doc)
        report = self.call(doc, Args(BEVOELKERUNG, 10, wert="Insgesamt"), True, mapping=None)
        self.assertIn("Nicht zugeordnet", report)
        self.assertIn("Keine Änderung", report)
        self.assertEqual(snapshot(doc), before)

    def test_5_bundesagentur_xlsx(self):
        args = Args(BA, 47, jahr=2024, zaehler="Langzeit", nenner="Arbeitslose insgesamt")
        doc, before, report = self.run_import(args)
        # data/import/make_samples.py, ba(): Zwickau 87000·4 // 100 = 3480 Arbeitslose, 3480·35 // 100 = 1218
        self.assertEqual(self.cell(doc, "D", 2024.0, "G01", 47.0)[0], ("value", 1218.0))
        self.assertEqual(self.cell(doc, "E", 2024.0, "G01", 47.0)[0], ("value", 3480.0))
        value, comment = self.cell(doc, "D", 2024.0, "G09", 47.0)
        self.assertEqual(value, ("empty", None))
        self.assertIn("„*“ Wert anonymisiert", comment)
        self.assertIn("ba_arbeitslose_gemeinden_2024-12.xlsx", comment)
        self.check_undo_and_reimport(doc, args, before)

    def test_6_territorial_changes(self):
        # genesis_sgb2_reihe_2022_2023.csv, by hand: 2022 "Werdau 1.020; 15.210", "Altdorf 85; 1.240",
        # "Niederau 40; 905" → 1145; 17355 on today's territory (gebietsaenderungen_beispiel.csv)
        args = Args(REIHE, 18, jahr=2022, zaehler="1", nenner="2", gebietsaenderungen=CHANGES)
        doc, before, report = self.run_import(args)
        self.assertEqual(self.cell(doc, "D", 2022.0, "G04", 18.0)[0], ("value", 1145.0))
        value, comment = self.cell(doc, "E", 2022.0, "G04", 18.0)
        self.assertEqual(value, ("value", 17355.0))
        self.assertIn("auf heutigen Gebietsstand umgerechnet", comment)
        self.assertIn("Auf heutigen Gebietsstand umgerechnet", report)
        # The template's example row names this break (18, G04, 2023): nothing entered on Reihenbrüche.
        self.assertEqual(snapshot(doc)[2], before[2])
        self.assertIn("Reihenbrüche stehen schon auf dem Blatt Reihenbrüche", report)
        self.check_undo_and_reimport(doc, args, before)

    def test_6b_territorial_changes_enter_the_series_break(self):
        # Without the example row the menu enters the break in row 7 (gebietsaenderungen_beispiel.csv: Altdorf
        # and Niederau joined Werdau G04 on 01.01.2023 → new series of indicator 18 from 2023), the same row as
        # the CLI's path (run_import compares the snapshots, Reihenbrüche included); one undo removes it again.
        args = Args(REIHE, 18, jahr=2022, zaehler="1", nenner="2", gebietsaenderungen=CHANGES)
        doc, before, report = self.run_import(args, prepare=without_example_break)
        self.assertIn("Übernommen in das Blatt Werte und das Blatt Reihenbrüche", report)
        self.assertIn("Zeile 7: Indikator 18, G04 Werdau, neue Reihe ab 2023, Gebietsänderung", report)
        row = snapshot(doc)[2][0]
        self.assertEqual(row[:4], (18.0, "G04", 2023.0, "Gebietsänderung"))
        self.assertTrue(row[4].startswith("Altdorf und Niederau zum 01.01.2023 in Werdau eingegliedert"), row[4])
        self.assertEqual(snapshot(doc)[2][1:], before[2][1:])
        # The row grows to show the wrapped Bemerkung whole (three lines; the template's example row has two).
        two_lines = self.open_copy().Sheets.getByName(di.BRUCH_SHEET).getRows().getByIndex(di.B0 - 1).Height
        self.assertGreater(doc.Sheets.getByName(di.BRUCH_SHEET).getRows().getByIndex(di.B0 - 1).Height, two_lines)
        self.check_undo_and_reimport(doc, args, before)

    def test_6c_full_list_of_series_breaks_refuses_the_import(self):
        # The example row cleared and the 20 rows of Reihenbrüche filled with a planner's Methodenwechsel (indicator
        # 20 + k, G01, 2023): no room for the break of (18, G04, 2023) → both paths refuse, nothing changes.
        def full(doc):
            without_example_break(doc)
            sh = doc.Sheets.getByName(di.BRUCH_SHEET)
            for k in range(di.B1 - di.B0 + 1):
                lo.put(sh, f"A{di.B0 + k}", [[20 + k, "G01", 2023, "Methodenwechsel", "eigene Zeile"]])
        args = Args(REIHE, 18, jahr=2022, zaehler="1", nenner="2", gebietsaenderungen=CHANGES)
        doc = self.open_copy(full)
        before = snapshot(doc)
        steps = len(doc.UndoManager.getAllUndoActionTitles())
        for apply in (False, True):
            with self.assertRaises(Exception) as raised:
                self.call(doc, args, apply)
            self.assertIn("auf dem Blatt Reihenbrüche ist kein Platz für 1 weitere Reihenbrüche (Indikator 18, G04 "
                          "Werdau, neue Reihe ab 2023)", raised.exception.Message)
        self.assertEqual(snapshot(doc), before)
        self.assertEqual(len(doc.UndoManager.getAllUndoActionTitles()), steps)
        with self.assertRaises(di.Abbruch) as refused:  # the CLI's planner: exit 2, German message
            di.run_tool(TOOL, di.tool_args(args), di.workbook_state(doc))
        self.assertIn("kein Platz für 1 weitere Reihenbrüche", str(refused.exception))
        self.assertEqual(refused.exception.code, di.EXIT_AUFRUF)

    def test_7_refused_calls_change_nothing(self):
        doc = self.open_copy()
        before = snapshot(doc)
        steps = len(doc.UndoManager.getAllUndoActionTitles())
        cases = [
            # several value columns and no choice (the CLI's message, choose_targets)
            (Args(BEVOELKERUNG, 10), "mehrere Wertspalten"),
            # indicator 18 is a rate (Indikatoren sheet): a Wert column is refused by the planner
            (Args(SGB2, 18, jahr=2023, wert="1"), "ist eine Quote"),
            (Args(SGB2, 999, jahr=2023, wert="1"), "steht nicht im Indikatorenkatalog"),
            (Args(SGB2, 18, zaehler="1", nenner="2"), "kein Jahr"),
            (Args(SGB2, 18, jahr=2023, zaehler="7", nenner="2"), "Spalte 7 gibt es nicht"),
            (Args(os.path.join(HERE, "gibt_es_nicht.csv"), 18, jahr=2023, zaehler="1"), "lässt sich nicht lesen"),
            (Args(MAPPING, 18, jahr=2023, zaehler="1"), "Datei"),  # not an official table
        ]
        for args, text in cases:
            for apply in (False, True):
                with self.assertRaises(Exception) as raised:
                    self.call(doc, args, apply)
                self.assertIn(text, raised.exception.Message, args.datei_path)
                self.assertNotIn("com.sun.star", raised.exception.Message)
        self.assertEqual(snapshot(doc), before)
        self.assertEqual(len(doc.UndoManager.getAllUndoActionTitles()), steps)

    def test_8_list_columns(self):
        # genesis_sachsen_sgb2_2023.csv, head line "Schlüssel;Gemeinde;Personen in Bedarfsgemeinschaften;Einwohner
        # unter 65 Jahren;Quote in %": three value columns, numbered as --zaehler/--nenner/--wert count them
        self.assertEqual(self.service.listColumns(url(SGB2)),
                         ("1\tPersonen in Bedarfsgemeinschaften", "2\tEinwohner unter 65 Jahren", "3\tQuote in %"))
        # the Bundesagentur's XLSX (first sheet): the columns the test above chooses by name
        columns = self.service.listColumns(url(BA))
        self.assertEqual(len([c for c in columns if "Langzeit" in c]), 1, columns)
        self.assertEqual(len([c for c in columns if "Arbeitslose insgesamt" in c]), 1, columns)
        with self.assertRaises(Exception) as raised:
            self.service.listColumns(url(os.path.join(HERE, "gibt_es_nicht.csv")))
        self.assertIn("lässt sich nicht lesen", raised.exception.Message)


class InterruptedImportTest(unittest.TestCase):
    """A failure after every change is made (test hook ISP_DATEN_IMPORT_ABBRUCH=nach-anwenden, read by the
    service in the office's process): the changes are undone, the workbook is as before, the message German."""

    def test_interrupted_import_changes_nothing(self):
        office = lo.Office("daten_import_menu_abbruch")
        office.extra_env["ISP_DATEN_IMPORT_ABBRUCH"] = "nach-anwenden"
        office.start()
        try:
            path = office.path("abbruch.ods")
            shutil.copyfile(template_path(), path)
            doc = office.load(path)
            before = snapshot(doc)
            service = office.service(SERVICE)
            with self.assertRaises(Exception) as raised:
                service.importTable(doc, url(SGB2), 18, 2023, "1", "2", "", url(MAPPING), "", True)
            self.assertIn("Der Import ist gescheitert", raised.exception.Message)
            self.assertIn("die Arbeitsmappe ist unverändert", raised.exception.Message)
            self.assertEqual(snapshot(doc), before)
            # Prüfen is unaffected by the hook
            report = service.importTable(doc, url(SGB2), 18, 2023, "1", "2", "", url(MAPPING), "", False)
            self.assertIn("Nur geprüft", report)
            doc.close(True)
        finally:
            office.stop()


if __name__ == "__main__":
    unittest.main()
