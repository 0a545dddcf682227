"""The Weitergabe description of the templates (docs/weitergabe.md), without Calc: every sheet of every template
carries at least one ISP_WG_ name (safe by default would otherwise remove it), roles are known, block ranges
have the documented shapes, and the area structure is described."""
import os
import sys
import unittest

ROOT = os.environ.get("ISP_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "templates"))

import build  # noqa: E402
from isp_templates import common as C  # noqa: E402
from isp_templates import data as D  # noqa: E402
from isp_templates.odf import parse_range  # noqa: E402

SAMPLE = D.Sample()


class Descriptions(unittest.TestCase):
    def test_roles_are_spelled_as_the_plan_spells_them(self):
        """One spelling of the roles: the plan's table (addin/plan/weitergabe_plan.cpp, roles()) is what the
        template generator accepts, the stamp property is named alike, and the Basic dialog uses only those."""
        import re
        with open(os.path.join(ROOT, "addin", "plan", "weitergabe_plan.cpp"), encoding="utf-8") as f:
            table = re.findall(r'\{Role::\w+, "([A-Z]+)", (?:true|false)\}', f.read())
        self.assertEqual(len(table), 10)
        self.assertEqual(tuple(table), tuple(C.WG_ROLES))
        with open(os.path.join(ROOT, "addin", "plan", "weitergabe_plan.hpp"), encoding="utf-8") as f:
            header = f.read()
        from isp_templates import stamp
        self.assertIn(f'kStampProperty = "{stamp.STAMP_PROPERTY}"', header)
        with open(os.path.join(ROOT, "addin", "ui", "Weitergabe.bas"), encoding="utf-8") as f:
            used = set(re.findall(r"ISP_WG_([A-Z]+)", f.read()))
        self.assertTrue(used <= set(table), used - set(table))

    def test_every_sheet_is_described(self):
        for slug in build.available():
            wb = build.describe(slug, SAMPLE)
            names = {n: v for n, v in wb.names.items() if n.startswith("ISP_WG_")}
            with self.subTest(template=slug):
                described = {sheet for sheet, _ in names.values()}
                self.assertEqual([s.name for s in wb.sheets if s.name not in described], [])
                self.assertIn("ISP_WG_GEBIETE", names)
                self.assertIn("ISP_WG_SOZIALRAEUME", names)
                for name, (sheet, rng) in names.items():
                    role = name[len("ISP_WG_"):].split("_")[0]
                    self.assertIn(role, C.WG_ROLES, name)
                    r0, c0, r1, c1 = parse_range(rng)
                    if role in ("ALLGEMEIN", "INTERN", "OEFFENTLICH"):
                        self.assertEqual((r0, c0, r1, c1), (0, 0, 0, 0), name)
                    if role == "PROFIL":
                        self.assertLessEqual((r1 - r0) + (c1 - c0), 1, name)

    def test_every_sheet_has_one_class(self):
        """A sheet is internal, public, general or filtered by area – never two of these at once."""
        for slug in build.available():
            wb = build.describe(slug, SAMPLE)
            classes = {}
            for name, (sheet, _) in wb.names.items():
                if not name.startswith("ISP_WG_"):
                    continue
                role = name[len("ISP_WG_"):].split("_")[0]
                kind = {"ZEILEN": "area", "SPALTEN": "area", "PROFIL": "area", "ALLGEMEIN": "general",
                        "INTERN": "intern", "OEFFENTLICH": "public"}.get(role)
                if kind:
                    classes.setdefault(sheet, set()).add(kind)
            for sheet, kinds in classes.items():
                with self.subTest(template=slug, sheet=sheet):
                    self.assertEqual(len(kinds), 1, kinds)

    def test_public_sheet_only_in_the_monitor(self):
        for slug in build.available():
            wb = build.describe(slug, SAMPLE)
            public = [sheet for n, (sheet, _) in wb.names.items() if n.startswith("ISP_WG_OEFFENTLICH")]
            # The monitor's sheet and its map (issue 16 item 5): classes and colours only.
            self.assertEqual(public, ["Sozialraummonitor", "Karte"] if slug == "sozialraummonitor" else [], slug)

    def test_pinned_interface(self):
        """The extension's menu/dialog calls exactly this interface: its names and signatures are pinned."""
        with open(os.path.join(ROOT, "idl", "de", "sozialplanung", "isp", "XWeitergabe.idl"), encoding="utf-8") as f:
            idl = " ".join(f.read().split())
        for text in [
            "interface XWeitergabe : com::sun::star::uno::XInterface {",
            "sequence<string> listAreas([in] com::sun::star::frame::XModel document) raises "
            "(com::sun::star::lang::IllegalArgumentException);",
            "string exportCopy([in] com::sun::star::frame::XModel document, [in] string variant, [in] string area, "
            "[in] string targetUrl) raises (com::sun::star::lang::IllegalArgumentException, "
            "com::sun::star::io::IOException);",
            "service Weitergabe : XWeitergabe;",
            "module de { module sozialplanung { module isp {",
        ]:
            self.assertIn(text, idl)
        with open(os.path.join(ROOT, "addin", "pkg", "isp.components"), encoding="utf-8") as f:
            components = f.read()
        self.assertIn('<implementation name="de.sozialplanung.isp.WeitergabeImpl"', components)
        self.assertIn('<service name="de.sozialplanung.isp.Weitergabe"/>', components)

    def test_unknown_role_is_refused(self):
        wb = build.describe("kita", SAMPLE)
        with self.assertRaises(ValueError):
            C.wg(wb, "GEHEIM", "Werte")


if __name__ == "__main__":
    unittest.main()
