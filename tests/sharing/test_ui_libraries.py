"""The first start of the extension in a real office (issue 10, "The first start in a real Calc window").

The GUI office reads the index files of every extension Basic library at each start: script.xlb for the Basic
container and dialog.xlb for the dialog container, which links every Basic library of an extension as a dialog
library too. A missing dialog.xlb gave an error box („Fehler beim Laden von BASIC … dialog.xlb: Allgemeiner
Ein-/Ausgabefehler") on every GUI start; headless starts hide such boxes (the library container reports the
error to a handler that shows nothing and then treats the library as loaded). So these tests load both libraries
through the application's library containers and also read the index file each container links to, through the
office's own file access, as the GUI start does. scripts/check-gui-start.sh shows the same in a real window.

Also here: what the Extension Manager shows (icon, publisher, description, licence), read from the .oxt and
through the office's extension manager; and the menu paths that the templates' sheets and the planner docs name
(„Extras ▸ Erweiterungsverwaltung…"), checked against the menus of the installed Calc."""
import glob
import os
import re
import struct
import unittest
import xml.etree.ElementTree as ET
import zipfile

import sharing as S
from sharing import lo

LIBRARY = "ISPWeitergabe"
LIB_NS = "{http://openoffice.org/2000/library}"
DESC_NS = "{http://openoffice.org/extensions/description/2006}"
XLINK = "{http://www.w3.org/1999/xlink}href"
MANIFEST_NS = "{http://openoffice.org/2001/manifest}"
EXTENSION_ID = "de.sozialplanung.isp"
PUBLISHER_DE = "ISP-Projekt Integrierte Sozialplanung"
# LibreOffice's extension guide: the Extension Manager shows icons at 42 × 42 pixels.
ICON_SIZE = (42, 42)


def paragraphs_with_breaks(text):
    """Paragraphs (separated by a blank line) that contain a line break: the Extension Manager shows the
    description file as it is, so a break inside a paragraph is a break in the middle of a sentence."""
    return [p for p in text.strip().split("\n\n") if "\n" in p.strip()]


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def index_of(xml_bytes):
    """(library name, element names, readonly) of a script.xlb/dialog.xlb."""
    root = ET.fromstring(xml_bytes)
    if root.tag != LIB_NS + "library":
        raise AssertionError(f"not a library index: {root.tag}")
    names = [e.get(LIB_NS + "name") for e in root.findall(LIB_NS + "element")]
    return root.get(LIB_NS + "name"), names, root.get(LIB_NS + "readonly")


class Package(unittest.TestCase):
    """What the .oxt carries, without an office."""

    @classmethod
    def setUpClass(cls):
        with zipfile.ZipFile(S.OXT) as z:
            cls.parts = {n: z.read(n) for n in z.namelist()}
        cls.description = ET.fromstring(cls.parts["description.xml"])

    def test_basic_library_has_both_indexes(self):
        self.assertIn(f"{LIBRARY}/script.xlb", list(self.parts))
        self.assertIn(f"{LIBRARY}/dialog.xlb", list(self.parts), "the GUI office reads it at every start")
        name, modules, readonly = index_of(self.parts[f"{LIBRARY}/script.xlb"])
        self.assertEqual((name, readonly), (LIBRARY, "true"))
        self.assertEqual(modules, ["Weitergabe", "DatenImport"])
        for module in modules:
            self.assertIn(f"{LIBRARY}/{module}.xba", list(self.parts))
        # the dialog is built at run time (addin/ui/Weitergabe.bas): an index without dialogs, same library name
        self.assertEqual(index_of(self.parts[f"{LIBRARY}/dialog.xlb"]), (LIBRARY, [], "true"))

    def test_library_folder_is_registered_once(self):
        """One basic-library entry covers script.xlb and dialog.xlb; a second dialog-library entry for the same
        folder would register the dialog library twice."""
        manifest = ET.fromstring(self.parts["META-INF/manifest.xml"])
        entries = [(e.get(MANIFEST_NS + "full-path"), e.get(MANIFEST_NS + "media-type")) for e in manifest]
        library_entries = [e for e in entries if e[0].startswith(LIBRARY)]
        self.assertEqual(library_entries, [(f"{LIBRARY}/", "application/vnd.sun.star.basic-library")])

    def test_icons_are_png_files_in_the_package(self):
        icon = self.description.find(DESC_NS + "icon")
        self.assertIsNotNone(icon, "description.xml names no icon: the Extension Manager shows a generic one")
        for kind in ("default", "high-contrast"):
            href = icon.find(DESC_NS + kind).get(XLINK)
            self.assertIn(href, list(self.parts))
            self.assertEqual(png_size(self.parts[href]), ICON_SIZE, href)
        self.assertLess(len(self.parts[icon.find(DESC_NS + "default").get(XLINK)]), 4096)

    def test_publisher_is_named_in_german_and_english(self):
        publisher = self.description.find(DESC_NS + "publisher")
        self.assertIsNotNone(publisher, "description.xml names no publisher")
        names = {n.get("lang"): (n.text or "").strip() for n in publisher.findall(DESC_NS + "name")}
        self.assertEqual(names.get("de"), PUBLISHER_DE)
        self.assertTrue(names.get("en"))

    def test_descriptions_flow_without_hard_line_breaks(self):
        sources = self.description.find(DESC_NS + "extension-description").findall(DESC_NS + "src")
        self.assertEqual(sorted(s.get("lang") for s in sources), ["de", "en"])
        for src in sources:
            text = self.parts[src.get(XLINK)].decode("utf-8")
            self.assertEqual(paragraphs_with_breaks(text), [], src.get(XLINK))
            self.assertIn("ISP_BELASTUNG", text)

    def test_licence_only_as_the_repository_states_it(self):
        """The package shows a licence exactly when the repository has one (LICENSE at the top); it must not
        claim terms the project has not stated."""
        registration = self.description.find(DESC_NS + "registration")
        licence_file = os.path.join(S.ROOT, "LICENSE")
        if not os.path.exists(licence_file):
            self.assertIsNone(registration, "a licence in the package, but none in the repository")
            return
        self.assertIsNotNone(registration, "the repository has a LICENSE, the Extension Manager shows none")
        simple = registration.find(DESC_NS + "simple-license")
        self.assertEqual(simple.get("accept-by"), "admin")
        href = simple.find(DESC_NS + "license-text").get(XLINK)
        with open(licence_file, "rb") as f:
            self.assertEqual(self.parts[href], f.read())


LO_PROGRAM = "/usr/lib/libreoffice"
OOR = "{http://openoffice.org/2001/registry}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MENU_NS = "{http://openoffice.org/2001/menu}"
# A chain of menu names joined by " ▸ ", ended by markup or punctuation that no menu name contains.
CHAIN = re.compile(r"[^▸\n*(),;:„“`]+(?: ▸ [^▸\n*(),;:„“`]+)+")


def command_labels(files, lang):
    """Command URL -> the label a menu shows (ContextLabel before Label; Calc's own commands before the generic
    ones), from the office's registry files of one language."""
    labels = {}
    for path in files:
        root = ET.parse(path).getroot()
        for comp in root.iter(OOR + "component-data"):
            group = comp.get(OOR + "name")
            if group not in ("CalcCommands", "GenericCommands"):
                continue
            for node in comp.iter("node"):
                cmd = node.get(OOR + "name") or ""
                if not cmd.startswith((".uno:", "service:")):
                    continue
                for prop in node.findall("prop"):
                    for value in prop.findall("value"):
                        if value.get(XML_LANG) == lang and value.text:
                            labels.setdefault((group, cmd), {})[prop.get(OOR + "name")] = value.text
    result = {}
    for group in ("GenericCommands", "CalcCommands"):  # Calc's labels override the generic ones
        for (g, cmd), props in labels.items():
            text = props.get("ContextLabel") or props.get("Label")
            if g == group and text:
                result[cmd] = text
    return result


def normal(name):
    return name.replace("~", "").replace("...", "…").strip()


def calc_menus(lang, addon_titles):
    """Every menu path of Calc's menu bar in one UI language: a tuple of names per item, from the installed
    office's menubar.xml and its registry (the labels the GUI shows, compared with the running German GUI by
    scripts/check-gui-start.sh), plus the extension's own menu."""
    registry = os.path.join(LO_PROGRAM, "share", "registry")
    if lang == "de":
        files = [os.path.join(registry, "res", "registry_de.xcd")]
    else:
        files = [os.path.join(registry, "main.xcd"), os.path.join(registry, "calc.xcd")]
    labels = command_labels(files, lang)
    paths = set()

    def walk(element, path):
        for child in element:
            if child.tag in (MENU_NS + "menu", MENU_NS + "menuitem"):
                cmd = child.get(MENU_NS + "id")
                name = child.get(MENU_NS + "label") or labels.get(cmd)
                if not name:
                    continue
                here = path + (normal(name),)
                paths.add(here)
                for popup in child:
                    walk(popup, here)

    menubar = os.path.join(LO_PROGRAM, "share", "config", "soffice.cfg", "modules", "scalc", "menubar",
                           "menubar.xml")
    walk(ET.parse(menubar).getroot(), ())
    for path in addon_titles:
        paths.add(tuple(normal(t) for t in path))
    return paths


def menu_chains(text):
    """The "A ▸ B ▸ C" chains in a text, each as a tuple of names."""
    return [tuple(part.strip() for part in m.group(0).split(" ▸ ")) for m in CHAIN.finditer(text)]


def top_menu(chain, menus):
    """The top-level menu a chain starts with (its first name may carry words before it), else None."""
    tops = {p[0] for p in menus if len(p) == 1}
    first = chain[0]
    return next((t for t in sorted(tops, key=len, reverse=True) if first == t or first.endswith(" " + t)), None)


def menu_path_problems(chain, menus):
    """None when the chain starts with a real menu path: its first two names are a top-level menu and one of its
    items, and as long as the chain goes on through submenus, each next name is an item there. Names after a
    menu item (a dialog's button or field, a file) are not menus and are not checked."""
    path = (top_menu(chain, menus),)
    for name in chain[1:]:
        if path + (normal(name),) not in menus:
            return f"{' ▸ '.join(chain)}: no item „{name}“ in {' ▸ '.join(path)}"
        path += (normal(name),)
        if not any(len(p) > len(path) and p[:len(path)] == path for p in menus):
            return None  # a menu item: what follows happens in its dialog
    return None if len(path) > 1 else f"{' ▸ '.join(chain)}: a menu without an item"


class MenuPaths(unittest.TestCase):
    """Issue 10: the Anleitung sheets said „Extras ▸ Extension-Manager", which German LibreOffice 7.4 calls
    „Extras ▸ Erweiterungsverwaltung…". Every menu path in the built templates' texts and in the planner docs is
    checked against Calc's menus in the language of its first name."""

    @classmethod
    def setUpClass(cls):
        with zipfile.ZipFile(S.OXT) as z:
            addons = ET.fromstring(z.read("Addons.xcu"))
        def title(node, lang):
            for prop in node.findall("prop"):
                if prop.get(OOR + "name") == "Title":
                    for value in prop.findall("value"):
                        if value.get(XML_LANG) == lang:
                            return value.text
            return None

        # The extension's menus as a tree: each top menu (OfficeMenuBar/<node>) and each item of its Submenu.
        paths = {"de": [], "en-US": []}
        for bar in addons.iter("node"):
            if bar.get(OOR + "name") != "OfficeMenuBar":
                continue
            for top in bar.findall("node"):
                for lang in paths:
                    paths[lang].append((title(top, lang),))
                    for sub in top.findall("node"):
                        if sub.get(OOR + "name") == "Submenu":
                            paths[lang] += [(title(top, lang), title(item, lang)) for item in sub.findall("node")]
        cls.menus = {"de": calc_menus("de", paths["de"]), "en": calc_menus("en-US", paths["en-US"])}

    def problems(self, text):
        found = []
        for chain in menu_chains(text):
            # checked in each UI language whose menu bar has its first name („Format" is in both)
            results = [menu_path_problems(chain, menus) for menus in self.menus.values() if top_menu(chain, menus)]
            if results and all(r is not None for r in results):
                found.append(results[0])
        return found

    def test_the_menus_are_read(self):
        """The check itself: paths the German GUI shows (seen in scripts/check-gui-start.sh's run) are found, the
        old wrong ones are not."""
        de = self.menus["de"]
        for path in [("Extras", "Erweiterungsverwaltung…"), ("Extras", "Tabelle schützen…"),
                     ("Formatvorlagen", "Formatvorlagen verwalten"), ("Datei", "Als PDF exportieren…"),
                     ("Tabelle", "Benannte Bereiche", "Festlegen…"), ("Sozialplanung", "Weitergabe …"),
                     ("Sozialplanung", "Daten importieren …")]:
            self.assertIn(path, de)
        self.assertIn(("Tools", "Extension Manager…"), self.menus["en"])
        self.assertEqual(len(self.problems("Installation: Extras ▸ Extension-Manager ▸ Hinzufügen ▸ x.oxt")), 1)
        self.assertEqual(self.problems("*Extras ▸ Erweiterungsverwaltung… ▸ Hinzufügen…*"), [])

    def test_templates_name_real_menus(self):
        ods = sorted(glob.glob(os.path.join(S.OUT, "*.ods")))
        self.assertGreaterEqual(len(ods), 8)
        chains = 0
        for path in ods:
            with zipfile.ZipFile(path) as z:
                root = ET.fromstring(z.read("content.xml"))
            text = "\n".join("".join(p.itertext()) for p in root.iter(
                "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"))
            chains += len(menu_chains(text))
            self.assertEqual(self.problems(text), [], os.path.basename(path))
        self.assertGreater(chains, 8)  # every template's Anleitung names the installation path

    def test_planner_docs_name_real_menus(self):
        for doc in ("README.md", "docs/vorlagen.md", "docs/install.md"):
            with open(os.path.join(S.ROOT, doc), encoding="utf-8") as f:
                # a path may wrap onto the next line of the Markdown source
                text = re.sub(r"\s*\n\s*", " ", f.read())
            self.assertEqual(self.problems(text), [], doc)


class LibrariesInOffice(unittest.TestCase):
    """The installed extension as the office sees it (German UI, the profile with this build's .oxt)."""

    @classmethod
    def setUpClass(cls):
        cls.office = lo.Office("wg_libraries", locale="de-DE").start()
        cls.files = cls.office.service("com.sun.star.ucb.SimpleFileAccess")

    @classmethod
    def tearDownClass(cls):
        cls.office.stop()

    def container(self, kind):
        return self.office.service(f"com.sun.star.script.Application{kind}LibraryContainer")

    def read_linked_index(self, libs):
        """The index file the container links for the library, read through the office's file access."""
        url = libs.getLibraryLinkURL(LIBRARY)
        self.assertTrue(self.files.exists(url), f"the linked index does not exist: {url}")
        stream = self.files.openFileRead(url)
        try:
            data = b""
            while True:
                n, chunk = stream.readBytes(None, 65536)
                if n == 0:
                    break
                data += chunk.value
        finally:
            stream.closeInput()
        return url, index_of(data)

    def check_library(self, kind, index_file, elements):
        libs = self.container(kind)
        self.assertIn(LIBRARY, libs.getElementNames())
        self.assertTrue(libs.isLibraryLink(LIBRARY))
        url, (name, listed, _) = self.read_linked_index(libs)
        self.assertTrue(url.endswith(f"/{LIBRARY}/{index_file}"), url)
        self.assertEqual((name, listed), (LIBRARY, elements))
        libs.loadLibrary(LIBRARY)
        self.assertTrue(libs.isLibraryLoaded(LIBRARY))
        self.assertEqual(list(libs.getByName(LIBRARY).getElementNames()), elements)
        return libs

    def test_basic_library_loads(self):
        libs = self.check_library("Script", "script.xlb", ["Weitergabe", "DatenImport"])
        self.assertIn("Sub Start", libs.getByName(LIBRARY).getByName("Weitergabe"))

    def test_dialog_library_loads(self):
        """The finding: the dialog container links ISPWeitergabe/dialog.xlb, which the package did not have."""
        self.check_library("Dialog", "dialog.xlb", [])

    def test_extension_manager_entry(self):
        """What the Extension Manager shows, read through the office's extension manager."""
        manager = self.office.ctx.getValueByName("/singletons/com.sun.star.deployment.ExtensionManager")
        packages = [p for p in manager.getDeployedExtensions("user", None, None)
                    if p.getIdentifier().Value == EXTENSION_ID]
        self.assertEqual(len(packages), 1)
        package = packages[0]
        self.assertEqual(package.getPublisherInfo().First, PUBLISHER_DE)
        self.assertIsNotNone(package.getIcon(False), "no icon: the Extension Manager shows a generic one")
        self.assertIsNotNone(package.getIcon(True), "no high-contrast icon")
        description = package.getDescription()
        self.assertTrue(description.startswith("Funktionen für die Integrierte Sozialplanung"), description)
        self.assertEqual(paragraphs_with_breaks(description), [])


if __name__ == "__main__":
    unittest.main()
