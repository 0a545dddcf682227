#!/usr/bin/python3
"""Renders the Weitergabe dialog of an installed ISP extension to an image (docs/img/weitergabe-dialog.png),
in headless Calc: the dialog and each control paint themselves into an off-screen device.

  ISP_PROFILE_TEMPLATE=build/tests/calc/profile-template \
  /usr/bin/python3 addin/tools/dialog_screenshot.py <workbook.ods> <out.bmp> [de-DE|en-US]

The output is a BMP (convert it with any image tool; python3-pil: Image.open(bmp).save(png)).
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "calc"))
import lo  # noqa: E402

TITLE_BAR = 20  # the frame paints its title bar above the client area


def main(workbook, out, locale="de-DE"):
    office = lo.Office("dialog_shot_" + locale, locale=locale).start()
    try:
        doc = office.load(workbook)
        scripts = office.service("com.sun.star.script.provider.MasterScriptProviderFactory").createScriptProvider("")
        url = "vnd.sun.star.script:ISPWeitergabe.Weitergabe.CreateDialog?language=Basic&location=application"
        dlg = scripts.getScript(url).invoke((doc,), (), ())[0]
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
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
