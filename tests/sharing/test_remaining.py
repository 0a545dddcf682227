"""sharing.check_remaining, the per-Sozialraum Calc tests' check of what an export keeps, on hand-made grids
(no Calc): it accepts a correct export and catches each fault it exists for – a missing own or Landkreis row, a
changed value, another area's row left in, a count not suppressed, rows or cells out of order, a side-by-side
table moved wrongly, a sheet of other areas left in. Every grid is written out here."""
import unittest

import sharing as S

AREAS = [["G1", "Alpha", 1.0, "A"], ["G2", "Beta", 2.0, "B"], ["G3", "Gamma", 3.0, "B"], ["G4", "Delta", 2.0, "B"]]
DATEN = [["Gebiet", "Wert", "Anzahl"],
         ["SR 1", 10.25, 2.0],
         ["SR 2", 20.5, 1.0],
         ["PR B", 30.75, 5.0],
         ["Landkreis", 61.5, 8.0]]
# A general table in A:B beside an area table in D:E (keys in D), as on the templates' sheet "Gebiete".
NEBEN = [["Hinweis", 7.0, "", "Gemeinde", "Wert"],
         ["Quelle", 8.0, "", "G2", 2.5],
         ["", "", "", "G1", 1.5],
         ["", "", "", "Landkreis", 4.0]]
INFO = {
    "order": ["Gebiete", "Daten", "Neben"],
    "visible": {"Gebiete": True, "Daten": True, "Neben": True},
    "grids": {"Gebiete": [a + ["", "1", "Alpha"] if i == 0 else a + ["", "", ""] for i, a in enumerate(AREAS)],
              "Daten": DATEN, "Neben": NEBEN},
    "descs": {"ISP_WG_GEBIETE": ("Gebiete", 0, 0, 3, 3),
              "ISP_WG_SOZIALRAEUME": ("Gebiete", 5, 0, 6, 0),
              "ISP_WG_ZEILEN_Daten": ("Daten", 0, 1, 0, 4),
              "ISP_WG_ANZAHL_Daten": ("Daten", 2, 1, 2, 4),
              "ISP_WG_ALLGEMEIN_Neben": ("Neben", 0, 0, 0, 0),
              "ISP_WG_ZEILEN_Neben": ("Neben", 3, 1, 4, 3)},
}
# Sozialraum 1's export of "Daten": SR 2 and the mixed PR B go, the count 2 becomes ".".
GOOD = [["Gebiet", "Wert", "Anzahl"], ["SR 1", 10.25, "."], ["Landkreis", 61.5, 8.0]]
# ... and of "Neben": G2's cells go, the cells below move up inside D:E only.
GOOD_NEBEN = [["Hinweis", 7.0, "", "Gemeinde", "Wert"],
              ["Quelle", 8.0, "", "G1", 1.5],
              ["", "", "", "Landkreis", 4.0]]


class CheckRemaining(unittest.TestCase):
    def check(self, sheet, exported):
        owned = S.owned_by_others(INFO, "1")
        S.check_remaining(self, INFO, sheet, INFO["grids"][sheet], owned[sheet], exported, sheet)

    def fails(self, sheet, exported):
        with self.assertRaises(AssertionError):
            self.check(sheet, exported)

    def test_sheets_of_other_areas(self):
        owned = S.owned_by_others(INFO, "1")
        self.assertEqual(owned["Gebiete"], S.ALL)  # described by GEBIETE alone: no class, removed
        self.assertEqual(owned["Daten"], {(r, c) for r in (2, 3) for c in range(3)})

    def test_a_correct_export_passes(self):
        self.check("Daten", GOOD)
        self.check("Neben", GOOD_NEBEN)

    def test_own_or_landkreis_row_missing(self):
        self.fails("Daten", [GOOD[0], GOOD[2]])
        self.fails("Daten", GOOD[:2])

    def test_changed_value(self):
        self.fails("Daten", [GOOD[0], GOOD[1], ["Landkreis", 61.4, 8.0]])

    def test_another_areas_row_left_in(self):
        self.fails("Daten", GOOD + [["SR 2", 20.5, "."]])
        self.fails("Daten", [GOOD[0], GOOD[1], ["PR B", 30.75, 5.0], GOOD[2]])

    def test_count_not_suppressed_or_suppressed_too_much(self):
        self.fails("Daten", [GOOD[0], ["SR 1", 10.25, 2.0], GOOD[2]])
        self.fails("Daten", [GOOD[0], GOOD[1], ["Landkreis", 61.5, "."]])

    def test_rows_or_cells_out_of_order(self):
        self.fails("Daten", [GOOD[0], GOOD[2], GOOD[1]])
        self.fails("Daten", [GOOD[0], ["SR 1", ".", 10.25], GOOD[2]])
        self.fails("Daten", [GOOD[0], ["SR 1", 61.5, "."], ["Landkreis", 10.25, 8.0]])

    def test_side_by_side_table_moved_wrongly(self):
        # Whole rows deleted instead of the table's cells: the general cell "Quelle" is lost.
        self.fails("Neben", [NEBEN[0], NEBEN[2], NEBEN[3]])
        # The cells moved up in one column only.
        self.fails("Neben", [GOOD_NEBEN[0], ["Quelle", 8.0, "", "G1", 2.5], ["", "", "", "Landkreis", 1.5],
                             ["", "", "", "", 4.0]])


if __name__ == "__main__":
    unittest.main()
