"""Reading an embedded chart through its chart2 model (tests of the templates' charts and of the Weitergabe)."""
import math


def chart_of(doc, sheet, number=1, count=1, by_name=True):
    """The number-th chart of the sheet (templates/build.py names them Diagramm_<sheet>_<n>), as its chart2 model;
    count: the charts the sheet must have; by_name=False: the number-th in the sheet's order (an XLSX file does
    not keep the names)."""
    charts = doc.Sheets.getByName(sheet).Charts
    assert charts.Count == count, f"{sheet}: {charts.Count} charts"
    if not by_name:
        return charts.getByIndex(number - 1).EmbeddedObject
    name = "Diagramm_" + "".join(ch for ch in sheet if ch.isalnum()) + f"_{number}"
    return charts.getByName(name).EmbeddedObject


def series_of(model):
    """[(label, values, colour)] of every series (values: None where the cell is empty)."""
    out = []
    for cs in model.getFirstDiagram().CoordinateSystems:
        for ct in cs.ChartTypes:
            for s in ct.DataSeries:
                seq = s.DataSequences[0]
                label = "".join(str(x) for x in seq.Label.Data)
                values = [None if (isinstance(v, float) and math.isnan(v)) or v in ("", None) else v
                          for v in seq.Values.Data]
                out.append((label, values, s.Color))
    return out


def category_axis(model):
    return model.getFirstDiagram().CoordinateSystems[0].getAxisByDimension(0, 0)


def categories(model):
    return [str(c) for c in category_axis(model).ScaleData.Categories.Values.Data]


def reversed_axis(model):
    from com.sun.star.chart2.AxisOrientation import REVERSE
    return category_axis(model).ScaleData.Orientation == REVERSE
