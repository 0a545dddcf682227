"""The first start of the extension in a real office (issue 10, "The first start in a real Calc window").

The GUI office reads the index files of every extension Basic library at each start: script.xlb for the Basic
container and dialog.xlb for the dialog container, which links every Basic library of an extension as a dialog
library too. A missing dialog.xlb gave an error box („Fehler beim Laden von BASIC … dialog.xlb: Allgemeiner
Ein-/Ausgabefehler") on every GUI start; headless starts hide such boxes (the library container reports the
error to a handler that shows nothing and then treats the library as loaded). So these tests load both libraries
through the application's library containers and also read the index file each container links to, through the
office's own file access, as the GUI start does. scripts/check-gui-start.sh shows the same in a real window.

Also here: what the Extension Manager shows (icon, publisher, description, licence), read from the .oxt and
through the office's extension manager."""
import os
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
        self.assertEqual(modules, ["Weitergabe"])
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
        libs = self.check_library("Script", "script.xlb", ["Weitergabe"])
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
