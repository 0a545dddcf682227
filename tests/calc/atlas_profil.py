"""What the Sozialstrukturatlas's Raumprofil shows for an area, read through UNO (shared by the Calc tests of the
templates and of the data import)."""


def raumprofil_trend(doc, level, area, nr=18):
    """The trend cell (column G) of indicator nr on the Raumprofil after choosing the area: level "Gemeinde",
    "Sozialraum" or "Planungsraum" in B6, the area's ID in B7 (a Sozialraum as its number)."""
    sh = doc.Sheets.getByName("Raumprofil")
    sh.unprotect("")
    sh.getCellRangeByName("B6").setString(level)
    if isinstance(area, int):
        sh.getCellRangeByName("B7").setValue(area)
    else:
        sh.getCellRangeByName("B7").setString(area)
    doc.calculateAll()
    for r in range(14, 80):
        if sh.getCellByPosition(0, r).getValue() == nr:
            return sh.getCellByPosition(6, r).getString()
    raise AssertionError(f"indicator {nr} not in the Raumprofil")
