"""Charts that explain (issue 16 item 4), read through the chart model in headless Calc with the add-in.

Raumprofil (Sozialstrukturatlas): the bars are the deviation from the Landkreis, index − 100 with the index
computed here from the table's value (D) and Landkreis value (H) cells, not read from the sheet's index column;
one series per polarity, the polarity of each row taken from data/sample/indikatoren.csv (the catalogue the
template is built from); categories in the table's order on a reversed category axis (first row on top).

Sozialraumanalyse (every Fachplan): categories "<Nr>: <Bezeichnung>" of the Gebiete sheet (their Gemeinden
compared with data/sample/gebiete.csv), one series per class in the order of the class legend, each Sozialraum's
bar in the series of its class (the class cell, its position in the legend on Parameter) with the index as value,
the series colour equal to the background of the cell style "ISP Klasse k"; after a what-if edit chosen by hand
(Kita: the weight of indicator 18, ALG II, from 1 to 3 moves Sozialraum 10 alone from "durchschnittlich" to
"erhöht", a class no bar had before; found by trying each weight) the bar is in the other series. The XLSX copy
keeps both charts and their data.

Verlauf (below the Raumprofil): see the class Verlauf.
"""
import os
import sys
import unittest

import calc_templates as T
from calc_klassenwechsel import find, prior_rows
from calc_templates import GEBIETE, KATALOG, cell, named
from isp_templates import common as C
from isp_templates import data as D
from isp_templates.fachplan import PAR
from isp_templates.t_sozialstrukturatlas import TREND_INDIKATOR

sys.path.insert(0, os.path.join(T.ROOT, "tests", "calc"))
from chart_model import categories, chart_of, reversed_axis, series_of  # noqa: E402

FACHPLAENE = ("jugendhilfe", "kita", "schule", "senioren", "teilhabe", "psychiatrie", "bildung")
POLARITY = {int(k["indikator"]): k["polaritaet"] for k in KATALOG}
NAME = {int(k["indikator"]): k["name"] for k in KATALOG}
PROFILE_TOP = 14  # header row of the Raumprofil table (t_sozialstrukturatlas.raumprofil)


def setUpModule():
    T.setUpModule()


def tearDownModule():
    T.tearDownModule()


class Raumprofil(T.TemplatesTest):
    def table(self, doc):
        """[(nr, name, expected deviation or None)] of the table rows, deviations from the D and H cells."""
        sh = doc.Sheets.getByName("Raumprofil")
        rows = []
        r = PROFILE_TOP  # 0-based index of the first data row
        while sh.getCellByPosition(0, r).getValue():
            nr = int(sh.getCellByPosition(0, r).getValue())
            d, h = (sh.getCellByPosition(c, r) for c in (3, 7))
            dev = None
            if d.getString() != "" and h.getString() != "" and h.getValue() > 0 and d.getValue() >= 0:
                dev = d.getValue() / h.getValue() * 100 - 100
            rows.append((nr, sh.getCellByPosition(1, r).getString(), dev))
            r += 1
        self.assertGreater(len(rows), 40)
        return rows

    def check(self, doc):
        rows = self.table(doc)
        model = chart_of(doc, "Raumprofil", 1, 2)
        self.assertEqual(categories(model), [NAME[nr] for nr, _, _ in rows], "categories in the table's order")
        self.assertEqual(categories(model), [name for _, name, _ in rows])
        self.assertTrue(reversed_axis(model), "first row on top")
        series = series_of(model)
        self.assertEqual([s[0] for s in series], [label for _, label, _ in C.POLARITAETEN])
        with_bar = 0
        for (code, _, colour), (label, values, shown) in zip(C.POLARITAETEN, series):
            self.assertEqual(shown, int(colour[1:], 16), label)
            for (nr, _, dev), v in zip(rows, values):
                if POLARITY[nr] != code or dev is None:
                    self.assertIsNone(v, f"{label}, indicator {nr}")
                else:
                    self.assertAlmostEqual(v, dev, delta=1e-9, msg=f"{label}, indicator {nr}")
                    with_bar += 1
        self.assertEqual(with_bar, sum(1 for _, _, dev in rows if dev is not None), "every deviation one bar")
        return rows

    def test_bars_are_deviations_by_polarity_in_table_order(self):
        doc = self.load("sozialstrukturatlas")
        rows = self.check(doc)
        self.assertTrue(any(POLARITY[nr] == "-" and dev is not None for nr, _, dev in rows), "a resource shown")

    def test_chart_follows_the_area_cells(self):
        doc = self.load("sozialstrukturatlas", edit=True)
        before = series_of(chart_of(doc, "Raumprofil", 1, 2))
        cell(doc, "Raumprofil", "B6").setString("Planungsraum")
        cell(doc, "Raumprofil", "B7").setString("II")
        doc.calculateAll()
        self.check(doc)
        self.assertNotEqual(series_of(chart_of(doc, "Raumprofil", 1, 2)), before)


class Verlauf(T.TemplatesTest):
    """The Verlauf below the Raumprofil: Vergleichsjahr and Datenjahr of the chosen indicator for the area and
    the Landkreis, equal to the ratio-of-sums hand computation of calc_templates (area_value) on werte.csv (the
    Datenjahr) and on Sample.werte_prior (the Vergleichsjahr, as the template's Werte sheet holds it)."""

    def check(self, doc, nr, sr):
        model = chart_of(doc, "Raumprofil", 2, 2)
        self.assertEqual([float(c) for c in categories(model)], [D.PRIOR_YEAR, D.BASE_YEAR])
        prior = prior_rows()
        (area, a, _), (lk, b, _) = series_of(model)
        self.assertTrue(area.startswith(f"Sozialraum {sr}: "), area)
        self.assertEqual(lk, "Landkreis")
        for got, want in zip(a, (T.area_value(nr, sr, prior), T.area_value(nr, sr))):
            self.assertAlmostEqual(got, want, delta=1e-9, msg=f"indicator {nr}, SR {sr}")
        for got, want in zip(b, (T.area_value(nr, None, prior), T.area_value(nr))):
            self.assertAlmostEqual(got, want, delta=1e-9, msg=f"indicator {nr}, Landkreis")

    def test_chart_of_the_chosen_indicator_and_area(self):
        doc = self.load("sozialstrukturatlas", edit=True)
        self.check(doc, TREND_INDIKATOR, 3)  # the template's Kennung: Sozialraum 3
        sh = doc.Sheets.getByName("Raumprofil")
        r, c = find(sh, "Indikator-Nr.")
        sh.getCellByPosition(c + 1, r).setValue(24)  # Hilfen zur Erziehung
        cell(doc, "Raumprofil", "B7").setValue(5)
        doc.calculateAll()
        self.check(doc, 24, 5)


def sr_names(doc):
    """{sr: "<Nr>: <Bezeichnung>"} from the Gebiete sheet; the names' Gemeinden checked against gebiete.csv."""
    out = {}
    for i in range(13):
        name = cell(doc, "Gebiete", f"J{C.S0 + i}").getString()
        want = {g["gemeinde"] for g in GEBIETE if int(g["sozialraum_id"]) == i + 1}
        assert set(name.split(", ")) == want, (i + 1, name, want)
        out[i + 1] = f"{i + 1}: {name}"
    return out


class Sozialraumanalyse(T.TemplatesTest):
    def legend(self, doc):
        return [cell(doc, "Parameter", f"A{PAR['kl0'] + k}").getString() for k in range(len(C.KLASSEN_FARBEN))]

    def style_colour(self, doc, k):
        return doc.StyleFamilies.getByName("CellStyles").getByName(f"ISP Klasse {k + 1}").CellBackColor

    def check(self, doc, slug):
        """{sr: class position} after checking categories, series, values and colours."""
        model = chart_of(doc, "Sozialraumanalyse")
        names = sr_names(doc)
        self.assertEqual(categories(model), [names[sr] for sr in range(1, 14)], slug)
        self.assertTrue(reversed_axis(model), "Sozialraum 1 on top")
        legend = self.legend(doc)
        series = series_of(model)
        self.assertEqual([s[0] for s in series], legend, "one series per class, named by the legend")
        classes = named(doc, "Klasse_SR").DataArray
        index = named(doc, "Index_SR").DataArray
        out = {}
        for i in range(13):
            label, value = classes[i][0], index[i][0]
            k = legend.index(label) if label else None
            out[i + 1] = k
            for j, (name, values, colour) in enumerate(series):
                if j == k:
                    self.assertAlmostEqual(values[i], value, delta=1e-12, msg=f"{slug} SR {i + 1}")
                    self.assertEqual(colour, self.style_colour(doc, j), f"{slug}: colour of {name}")
                else:
                    self.assertIsNone(values[i], f"{slug} SR {i + 1} in series {name}")
        for j, (name, _, colour) in enumerate(series):
            self.assertEqual(colour, self.style_colour(doc, j), f"{slug}: colour of {name}")
        return out

    def test_bars_in_class_colours_with_names(self):
        for slug in FACHPLAENE:
            with self.subTest(slug=slug):
                doc = self.load(slug)
                classes = self.check(doc, slug)
                self.assertGreater(len(set(classes.values()) - {None}), 1, "more than one class shown")

    def test_what_if_moves_the_bar_to_the_other_class(self):
        doc = self.load("kita", edit=True)
        before = self.check(doc, "kita")
        par = doc.Sheets.getByName("Parameter")
        found = par.getCellRangeByName(f"A{PAR['ind0']}:A{PAR['ind0'] + 20}").DataArray
        row = PAR["ind0"] + [r[0] for r in found].index(18.0)
        self.assertEqual(par.getCellRangeByName(f"G{row}").getValue(), 1.0)
        par.getCellRangeByName(f"G{row}").setValue(3)
        doc.calculateAll()
        after = self.check(doc, "kita")
        legend = self.legend(doc)
        self.assertEqual([sr for sr in before if before[sr] != after[sr]], [10])
        self.assertEqual(legend[before[10]], "durchschnittlich")
        self.assertEqual(legend[after[10]], "erhöht")
        self.assertNotIn(after[10], set(before.values()), "the bar went to a series that had none")


class XlsxRoundTrip(T.TemplatesTest):
    def test_charts_survive(self):
        for slug, sheet, count in (("sozialstrukturatlas", "Raumprofil", 2), ("kita", "Sozialraumanalyse", 1)):
            with self.subTest(slug=slug):
                want = series_of(chart_of(self.load(slug), sheet, 1, count, by_name=False))
                doc = T.office.load(T.private_copy(slug, "xlsx"))
                self.addCleanup(doc.close, True)
                model = chart_of(doc, sheet, 1, count, by_name=False)
                got = series_of(model)
                self.assertEqual([s[0] for s in got], [s[0] for s in want])
                self.assertEqual([s[2] for s in got], [s[2] for s in want], "colours")
                for (label, a, _), (_, b, _) in zip(got, want):
                    self.assertEqual([v is None for v in a], [v is None for v in b], label)
                    for x, y in zip(a, b):
                        if y is not None:
                            self.assertAlmostEqual(x, y, delta=1e-9, msg=label)
                self.assertTrue(reversed_axis(model), "order kept")
                self.assertTrue(model.getFirstDiagram().IncludeHiddenCells or sheet == "Raumprofil",
                                "hidden helper columns still plotted")


if __name__ == "__main__":
    unittest.main()
