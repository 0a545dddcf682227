#!/usr/bin/python3
"""Wraps the Basic sources addin/ui/*.bas (Weitergabe.bas, DatenImport.bas) into the extension's Basic library
ISPWeitergabe (script.xlb and one <Module>.xba per source, the XML files LibreOffice reads), so that the committed
sources stay plain, diffable Basic. The library keeps its stored name; every module is one menu command.

It also writes the library's dialog.xlb, an index without dialogs (the dialog is built at run time): the
application's dialog library container links every Basic library of an extension as a dialog library too and
reads <library>/dialog.xlb when the GUI office starts; without the file every start shows „Fehler beim Laden von
BASIC … dialog.xlb: Allgemeiner Ein-/Ausgabefehler" (issue 10).

  make_xba.py <Weitergabe.bas> [<DatenImport.bas> …] <output folder ISPWeitergabe/>
"""
import os
import sys
from xml.sax.saxutils import escape

LIBRARY = "ISPWeitergabe"


def main(sources, folder):
    os.makedirs(folder, exist_ok=True)
    modules = []
    for source in sources:
        module = os.path.splitext(os.path.basename(source))[0]
        modules.append(module)
        with open(source, encoding="utf-8") as f:
            code = f.read()
        with open(os.path.join(folder, module + ".xba"), "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
                    f'<script:module xmlns:script="http://openoffice.org/2000/script" script:name="{module}" '
                    f'script:language="StarBasic" script:moduleType="normal">{escape(code, {chr(34): "&quot;"})}'
                    '</script:module>\n')
    with open(os.path.join(folder, "script.xlb"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n'
                f'<library:library xmlns:library="http://openoffice.org/2000/library" library:name="{LIBRARY}" '
                'library:readonly="true" library:passwordprotected="false">\n'
                + "".join(f' <library:element library:name="{m}"/>\n' for m in modules)
                + '</library:library>\n')
    with open(os.path.join(folder, "dialog.xlb"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">\n'
                f'<library:library xmlns:library="http://openoffice.org/2000/library" library:name="{LIBRARY}" '
                'library:readonly="true" library:passwordprotected="false"/>\n')


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1:-1], sys.argv[-1])
