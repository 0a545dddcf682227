#!/usr/bin/python3
"""Renders a dialog of an installed ISP extension to an image, in headless Calc: the dialog and each control paint
themselves into an off-screen device. The Weitergabe dialog (docs/img/weitergabe-dialog.png), or with the fourth
argument "daten-import" the import dialog (docs/img/daten-import-dialog.png), filled with the sample file
data/import/genesis_sachsen_sgb2_2023.csv and after "Prüfen" (the report shows; the workbook is not changed).

  ISP_PROFILE_TEMPLATE=build/tests/calc/profile-template \
  /usr/bin/python3 addin/tools/dialog_screenshot.py <workbook.ods> <out.bmp> [de-DE|en-US] [daten-import]

The output is a BMP (convert it with any image tool; python3-pil: Image.open(bmp).save(png)).
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "calc"))
import lo  # noqa: E402

TITLE_BAR = 20  # the frame paints its title bar above the client area


LIBRARY = "vnd.sun.star.script:ISPWeitergabe.{}?language=Basic&location=application"


def import_dialog(scripts, doc):
    """The import dialog as a planner fills it for the GENESIS sample (docs/vorlagen.md, Daten importieren)."""
    dlg = scripts.getScript(LIBRARY.format("DatenImport.CreateImportDialog")).invoke((doc,), (), ())[0]
    m = dlg.getModel()
    data = os.path.join(ROOT, "data", "import")
    m.getByName("txtFile").Text = os.path.join(data, "genesis_sachsen_sgb2_2023.csv")
    scripts.getScript(LIBRARY.format("DatenImport.LoadColumns")).invoke((dlg,), (), ())
    m.getByName("txtIndicator").Text = "18"
    m.getByName("txtYear").Text = "2023"
    m.getByName("lstZaehler").SelectedItems = (1,)
    m.getByName("lstNenner").SelectedItems = (2,)
    m.getByName("txtMapping").Text = os.path.join(data, "zuordnung_zwickau.csv")
    scripts.getScript(LIBRARY.format("DatenImport.RunImport")).invoke((dlg, doc, False), (), ())
    return dlg


def main(workbook, out, locale="de-DE", dialog="weitergabe"):
    office = lo.Office("dialog_shot_" + locale, locale=locale).start()
    try:
        doc = office.load(workbook)
        scripts = office.service("com.sun.star.script.provider.MasterScriptProviderFactory").createScriptProvider("")
        if dialog == "daten-import":
            dlg = import_dialog(scripts, doc)
        else:
            dlg = scripts.getScript(LIBRARY.format("Weitergabe.CreateDialog")).invoke((doc,), (), ())[0]
        size = dlg.getPosSize()
        device = office.service("com.sun.star.awt.Toolkit").createScreenCompatibleDevice(
            size.Width, size.Height + TITLE_BAR + 4)
        graphics = device.createGraphics()
        dlg.getPeer().setGraphics(graphics)
        dlg.getPeer().draw(0, 0)
        for control in dlg.getControls():
            peer = control.getPeer()
            pos = control.getPosSize()
            peer.setGraphics(graphics)
            peer.draw(pos.X, pos.Y + TITLE_BAR)
        bitmap = device.createBitmap(0, 0, size.Width, size.Height + TITLE_BAR + 4)
        with open(out, "wb") as f:
            f.write(bytes(bitmap.getDIB().value))  # a complete BMP file
        dlg.dispose()
        doc.close(True)
    finally:
        office.stop()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:])
