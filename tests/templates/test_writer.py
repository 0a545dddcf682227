"""The template writer's file without Calc: odfpy writes well-formed ODF whatever the texts contain, and no
formula text goes into the file (Calc enters the formulas after loading: calc_writer.py)."""
import os
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

ROOT = os.environ.get("ISP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "templates"))

from isp_templates.odf import Workbook  # noqa: E402

NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
      "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0"}
AWKWARD = 'A & B <"x"> \'y\''


class Layout(unittest.TestCase):
    def test_awkward_texts_round_trip_and_formulas_stay_out(self):
        wb = Workbook(AWKWARD)
        wb.style("ISP_X", AWKWARD, bg="#ffffff")
        wb.validation("v", "of:cell-content-is-decimal-number()", AWKWARD, AWKWARD, AWKWARD)
        sh = wb.sheet(AWKWARD)
        sh.set("A1", AWKWARD, "ISP_X", note=AWKWARD)
        sh.set("B1", "=A1&\"<&>\"", "ISP_X")
        sh.set("C1", 2.5, validation="v")
        sh.row("A2", [None, None, "zwei\nZeilen"])
        wb.name("N", AWKWARD, "A1:C1")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "t.fods")
            wb.write_layout(path)
            root = ET.parse(path).getroot()  # well-formed, or this raises
        table = root.find(".//table:table", NS)
        self.assertEqual(table.get(f"{{{NS['table']}}}name"), AWKWARD)
        rows = table.findall("table:table-row", NS)
        first = rows[0].findall("table:table-cell", NS)
        self.assertEqual([p.text for p in first[0].findall("text:p", NS)], [AWKWARD])
        self.assertEqual(first[2].get("{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value"), "2.5")
        self.assertEqual([p.text for p in rows[1].findall("table:table-cell", NS)[-1].findall("text:p", NS)],
                         ["zwei", "Zeilen"])
        self.assertNotIn(f"{{{NS['table']}}}formula", first[1].attrib)  # Calc enters it after loading
        self.assertEqual(root.find(".//table:named-range", NS).get(f"{{{NS['table']}}}cell-range-address"),
                         "$'A & B <\"x\"> ''y'''.$A$1:.$C$1")
        self.assertEqual([s.get(f"{{{NS['style']}}}display-name") for s in root.iter(f"{{{NS['style']}}}style")
                          if s.get(f"{{{NS['style']}}}name") == "ISP_X"], [AWKWARD])


if __name__ == "__main__":
    unittest.main()
