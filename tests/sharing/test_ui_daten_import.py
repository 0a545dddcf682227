"""The menu command Sozialplanung ▸ Daten importieren … (addin/ui/DatenImport.bas, docs/import.md): packaged in the
.oxt, registered in Calc after installing it, and the dialog run in real Calc with a German user interface (and its
English texts once).

As for the Weitergabe dialog (test_ui_dialog.py), a modal dialog cannot be answered in headless Calc, so the tests
call the halves around Execute: CreateImportDialog (the dialog a planner sees) and RunImport (reads the dialog and
calls the service), setting the controls' models between them as a click would. The import itself (every sample
file, undo, refusals) is tested in tests/daten/calc_daten_import_menu.py; here the question is whether the dialog
hands the planner's choices to the service and shows its report. Expected cell values: the file line quoted.
"""
import os
import shutil
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

import sharing as S
from sharing import lo
from test_ui_dialog import MENU_NODE, OOR, XML_LANG, layout_problems, overlap_problems

SCRIPT = "vnd.sun.star.script:ISPWeitergabe.DatenImport.{}?language=Basic&location=application"
DATA = os.path.join(S.ROOT, "data", "import")
SGB2 = os.path.join(DATA, "genesis_sachsen_sgb2_2023.csv")
MAPPING = os.path.join(DATA, "zuordnung_zwickau.csv")
WERTE_FIRST, WERTE_LAST = 6, 4005  # the Werte block of the templates (templates/isp_templates/common.py)


class Package(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with zipfile.ZipFile(S.OXT) as z:
            cls.parts = {n: z.read(n) for n in z.namelist()}

    def test_menu_entry_calls_the_import_start(self):
        root = ET.fromstring(self.parts["Addons.xcu"])
        items = [n for n in root.iter("node") if n.get(OOR + "name") == "m02_daten_import"]
        self.assertEqual(len(items), 1)
        props = {p.get(OOR + "name"): p for p in items[0].findall("prop")}
        self.assertEqual(props["URL"].find("value").text, SCRIPT.format("Start"))
        self.assertEqual(props["Context"].find("value").text, "com.sun.star.sheet.SpreadsheetDocument")
        titles = {v.get(XML_LANG): v.text for v in props["Title"].findall("value")}
        self.assertEqual(titles["de"], "Daten importieren …")
        self.assertIn("en-US", titles)
        # the Weitergabe entry keeps its pinned node name
        self.assertEqual(len([n for n in root.iter("node") if n.get(OOR + "name") == "m01_weitergabe"]), 1)

    def test_basic_module_is_the_committed_source(self):
        lib = ET.fromstring(self.parts["ISPWeitergabe/script.xlb"])
        names = [e.get("{http://openoffice.org/2000/library}name") for e in lib]
        self.assertEqual(names, ["Weitergabe", "DatenImport"])
        xba = ET.fromstring(self.parts["ISPWeitergabe/DatenImport.xba"])
        with open(os.path.join(S.ROOT, "addin", "ui", "DatenImport.bas"), encoding="utf-8") as f:
            self.assertEqual(xba.text, f.read())


class DialogInCalc(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="isp-di-ui-")
        cls.office = lo.Office("di_ui", locale="de-DE").start()
        try:
            S.register_types(cls.workdir)
            cls.scripts = cls.office.service("com.sun.star.script.provider.MasterScriptProviderFactory") \
                .createScriptProvider("")
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "office", None) is not None:
            cls.office.stop()
        shutil.rmtree(getattr(cls, "workdir", ""), ignore_errors=True)

    def call(self, name, *args):
        return self.scripts.getScript(SCRIPT.format(name)).invoke(args, (), ())[0]

    def atlas(self):
        path = os.path.join(self.workdir, f"atlas_{self.id().rsplit('.', 1)[1]}.ods")
        shutil.copyfile(S.template_path("ISP_Sozialstrukturatlas", "ods"), path)
        doc = self.office.load(path)
        self.addCleanup(doc.close, True)
        return doc

    def dialog(self, doc):
        dlg = self.call("CreateImportDialog", doc)
        self.addCleanup(dlg.dispose)
        return dlg

    @staticmethod
    def werte(doc):
        return doc.Sheets.getByName("Werte").getCellRangeByName(f"A{WERTE_FIRST}:F{WERTE_LAST}").getDataArray()

    def test_menu_is_registered_in_the_installed_office(self):
        provider = self.office.service("com.sun.star.configuration.ConfigurationProvider")
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess", (lo.prop("nodepath", MENU_NODE),))
        submenu = access.getByName("Submenu")
        self.assertEqual(submenu.getByName("m02_daten_import").getByName("URL"), SCRIPT.format("Start"))
        self.assertEqual(submenu.getByName("m02_daten_import").getByName("Title"), "Daten importieren …")
        self.assertEqual(submenu.getByName("m01_weitergabe").getByName("Title"), "Weitergabe …")

    def test_menu_command_is_dispatchable_from_a_calc_window(self):
        """Headless Calc cancels the modal dialog at once, so Start returns; a broken URL, module or Start would
        fail the dispatch."""
        doc = self.atlas()
        frame = doc.getCurrentController().getFrame()
        helper = self.office.service("com.sun.star.frame.DispatchHelper")
        result = helper.executeDispatch(frame, SCRIPT.format("Start"), "_self", 0, ())
        self.assertTrue(result.State, "the menu command failed")
        self.assertFalse(doc.isModified())

    def test_dialog_texts_are_german_and_fit(self):
        dlg = self.dialog(self.atlas())
        m = dlg.getModel()
        self.assertEqual(m.Title, "Daten importieren – amtliche Tabelle in das Blatt Werte")
        self.assertEqual(m.getByName("btnCheck").Label, "Prüfen")
        self.assertEqual(m.getByName("btnApply").Label, "Übernehmen")
        self.assertEqual(m.getByName("btnClose").Label, "Schließen")
        self.assertEqual(m.getByName("lstZaehler").StringItemList, ("(keine)",))
        self.assertEqual(layout_problems(dlg), [])
        self.assertEqual(overlap_problems(dlg), [])

    def test_check_then_apply_through_the_dialog(self):
        doc = self.atlas()
        before = self.werte(doc)
        dlg = self.dialog(doc)
        m = dlg.getModel()
        m.getByName("txtFile").Text = SGB2
        self.assertTrue(self.call("LoadColumns", dlg))
        # the file's head line "Schlüssel;Gemeinde;Personen in Bedarfsgemeinschaften;Einwohner unter 65 Jahren;
        # Quote in %"
        self.assertEqual(m.getByName("lstZaehler").StringItemList,
                         ("(keine)", "1 – Personen in Bedarfsgemeinschaften", "2 – Einwohner unter 65 Jahren",
                          "3 – Quote in %"))
        m.getByName("txtIndicator").Text = "18"
        # no column chosen: the planner's refusal reaches the planner in German, without UNO noise
        ok, message = self.call("RunImport", dlg, doc, False)
        self.assertFalse(ok)
        self.assertIn("mehrere Wertspalten", message)
        self.assertNotIn("com.sun.star", message)
        self.assertEqual(m.getByName("txtReport").Text, message)
        m.getByName("lstZaehler").SelectedItems = (1,)
        m.getByName("lstNenner").SelectedItems = (2,)
        m.getByName("txtYear").Text = "2023"
        m.getByName("txtMapping").Text = MAPPING
        ok, report = self.call("RunImport", dlg, doc, False)
        self.assertTrue(ok, report)
        self.assertIn("Nur geprüft", report)
        self.assertEqual(m.getByName("txtReport").Text, report)
        self.assertEqual(self.werte(doc), before, "Prüfen changed the workbook")
        ok, report = self.call("RunImport", dlg, doc, True)
        self.assertTrue(ok, report)
        self.assertIn("Übernommen in das Blatt Werte", report)
        # "14524330;Zwickau, Stadt;6.107;67.860" → G01, 2023, Indikator 18 (data/sample/werte.csv had 7144/62690)
        rows = [r for r in self.werte(doc) if r[:3] == (2023.0, "G01", 18.0)]
        self.assertEqual([r[3:5] for r in rows], [(6107.0, 67860.0)])
        doc.UndoManager.undo()
        self.assertEqual(self.werte(doc), before)

    def test_leaving_the_file_field_keeps_the_chosen_columns(self):
        """The file field's focus listener reloads the lists only when the file changed."""
        dlg = self.dialog(self.atlas())
        m = dlg.getModel()
        m.getByName("txtFile").Text = SGB2
        event = lo.uno.createUnoStruct("com.sun.star.awt.FocusEvent")
        event.Source = dlg.getControl("txtFile")
        self.call("ImportFileText_focusLost", event)  # a new file: the lists are filled
        self.assertEqual(len(m.getByName("lstZaehler").StringItemList), 4)
        m.getByName("lstZaehler").SelectedItems = (1,)
        self.call("ImportFileText_focusLost", event)  # the same file: the choice stays
        self.assertEqual(m.getByName("lstZaehler").SelectedItems, (1,))
        m.getByName("txtFile").Text = os.path.join(DATA, "gemeinden_nach_name_kita_2024.csv")
        self.call("ImportFileText_focusLost", event)  # another file: its columns, nothing chosen
        self.assertEqual(m.getByName("lstZaehler").SelectedItems, (0,))
        self.assertNotIn("1 – Personen in Bedarfsgemeinschaften", m.getByName("lstZaehler").StringItemList)

    def test_input_mistakes_are_named(self):
        doc = self.atlas()
        dlg = self.dialog(doc)
        m = dlg.getModel()
        self.assertEqual(self.call("RunImport", dlg, doc, False)[1], "Bitte die Datei mit den Daten wählen.")
        m.getByName("txtFile").Text = SGB2
        self.assertEqual(self.call("RunImport", dlg, doc, False)[1],
                         "Bitte die Indikator-Nr. angeben (Blatt Indikatoren).")
        m.getByName("txtIndicator").Text = "18"
        m.getByName("txtYear").Text = "23"
        self.assertEqual(self.call("RunImport", dlg, doc, False)[1],
                         "Jahr: bitte vierstellig angeben (z. B. 2024) oder leer lassen.")
        m.getByName("txtFile").Text = os.path.join(self.workdir, "fehlt.csv")
        self.assertFalse(self.call("LoadColumns", dlg))
        self.assertIn("lässt sich nicht lesen", m.getByName("txtReport").Text)
        self.assertFalse(doc.isModified())


class DialogInEnglishCalc(unittest.TestCase):
    def test_english_ui_gets_english_texts(self):
        office = lo.Office("di_ui_en", locale="en-US").start()
        workdir = tempfile.mkdtemp(prefix="isp-di-ui-en-")
        try:
            doc = office.load(S.private_copy(S.template_path("ISP_Sozialstrukturatlas", "ods"), workdir))
            scripts = office.service("com.sun.star.script.provider.MasterScriptProviderFactory") \
                .createScriptProvider("")
            dlg = scripts.getScript(SCRIPT.format("CreateImportDialog")).invoke((doc,), (), ())[0]
            m = dlg.getModel()
            self.assertEqual(m.Title, "Import data – an official table into the Werte sheet")
            self.assertEqual(m.getByName("btnApply").Label, "Import")
            self.assertEqual(layout_problems(dlg), [])
            self.assertEqual(overlap_problems(dlg), [])
            dlg.dispose()
        finally:
            office.stop()
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
