#!/usr/bin/python3
"""Writes the sample files of the data import (docs/import.md) in the formats of the statistical offices.

FIKTIVE WERTE: every number is made up (derived from the sample population in data/sample/gebiete.csv); only the
layouts are real; the AGS of the Landkreis Zwickau follow its key 14524 (only Zwickau 14524330 and
Hartmannsdorf b. Kirchberg 14524100 checked against a public source: check the mapping table before real
use). Run it to regenerate the committed files; nothing is downloaded.

  regionalstatistik_12411_bevoelkerung_2024.csv  Regionalstatistik (GENESIS) export: ISO-8859-1 (Windows-1252),
      CRLF, Stichtag;AGS;Name;Insgesamt;männlich;weiblich, Land and Kreis rows, a Gemeinde of the
      Vogtlandkreis, special signs "." and "…"
  genesis_sachsen_sgb2_2023.csv  GENESIS-Online Sachsen export: UTF-8 with BOM, LF, no date column, thousands
      dots and decimal commas, special signs "-" "–" "x" "/" "(…)", a Gemeinde twice, an unreadable line
  gemeinden_nach_name_kita_2024.csv  a table keyed by Gemeinde name only (no AGS; Sachsen-wide names: "Bernsdorf"
      occurs twice)
  ba_arbeitslose_gemeinden_2024-12.xlsx  a table of the Statistik der Bundesagentur für Arbeit (XLSX): title
      rows, Gemeindeschlüssel as text, numbers as numbers, "*" for anonymised small values, footer rows
  gebietsaenderungen_beispiel.csv  a table of territorial changes (docs/import.md): two FICTIONAL Gemeinden
      "Altdorf" and "Niederau" (keys 14524990, 14524991 do not exist) joined Werdau on 01.01.2023
  genesis_sgb2_reihe_2022_2023.csv  a GENESIS export with a date column over two years: 2022 on the old
      territory (Werdau without the two, and the two on their own), 2023 on the new one
"""
import csv
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def areas():
    with open(os.path.join(HERE, "zuordnung_zwickau.csv"), encoding="utf-8") as f:
        mapping = list(csv.DictReader(f, delimiter=";"))
    with open(os.path.join(ROOT, "data", "sample", "gebiete.csv"), encoding="utf-8") as f:
        ew = {g["gemeinde_id"]: int(g["einwohner"]) for g in csv.DictReader(f)}
    return [(m["AGS"], m["Gemeinde-ID"], m["Name (amtlich)"], ew[m["Gemeinde-ID"]]) for m in mapping]


def write(name, lines, newline="\n", encoding="utf-8", prefix=""):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write((prefix + newline.join(lines) + newline).encode(encoding))


def de(v, dec=0, group=False):
    s = f"{v:,.{dec}f}" if group else f"{v:.{dec}f}"
    return s.replace(",", "_").replace(".", ",").replace("_", ".")


def bevoelkerung():
    lines = ["GENESIS-Tabelle: 12411-01-01-5",
             "Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale Tiefe: Gemeinden",
             "FIKTIVE BEISPIELDATEN für Tests der ISP-Vorlagen – keine amtlichen Werte",
             "Bevölkerungsstand (Anzahl);;;;;",
             ";;;Insgesamt;männlich;weiblich",
             ";;;Anzahl;Anzahl;Anzahl"]
    rows = [("14", "Sachsen")]
    rows += [("14524", "Zwickau, Landkreis")]
    data = areas()
    total = 0
    out = []
    for ags, gid, name, ew in sorted(data):
        n = ew - 11 * (ew // 900)  # fictional: the 2024 population, a little lower than the sample's
        total += n
        if gid == "G09":
            out.append(f"31.12.2024;{ags};{name};.;.;.")  # kept secret
        elif gid == "G32":
            out.append(f"31.12.2024;{ags};{name};…;…;…")  # later
        else:
            m = n * 49 // 100
            out.append(f"31.12.2024;{ags};{name};{n};{m};{n - m}")
    lines.append(f"31.12.2024;14;Sachsen;4042135;1987634;2054501")
    lines.append(f"31.12.2024;14524;Zwickau, Landkreis;{total};{total * 49 // 100};{total - total * 49 // 100}")
    lines += out
    lines.append("31.12.2024;14523320;Plauen, Stadt;63512;31006;32506")  # Vogtlandkreis: not in the workbook
    lines += ["__________", "Zeichenerklärung: . = Zahlenwert unbekannt oder geheim zu halten; … = Angabe fällt "
              "später an", "(C)opyright Statistische Ämter des Bundes und der Länder (Layout); Werte fiktiv",
              "Stand: 15.03.2025 / 10:41:07"]
    write("regionalstatistik_12411_bevoelkerung_2024.csv", lines, newline="\r\n", encoding="cp1252")


def sgb2():
    lines = ["Statistisches Landesamt des Freistaates Sachsen – GENESIS-Online",
             "Tabelle 22xxx-001: Personen in Bedarfsgemeinschaften nach SGB II – FIKTIVE BEISPIELDATEN",
             "Gebietsstand 01.01.2023;;;;",
             "Schlüssel;Gemeinde;Personen in Bedarfsgemeinschaften;Einwohner unter 65 Jahren;Quote in %"]
    signs = {"G11": "-", "G12": "–", "G15": "x", "G19": "/", "G21": "(14)"}
    for ags, gid, name, ew in areas():
        u65 = ew * 78 // 100
        if gid in signs:
            lines.append(f"{ags};{name};{signs[gid]};{de(u65, group=True)};{signs[gid]}")
            continue
        p = u65 * (6 + int(ags[-2]) % 5) // 100  # fictional
        lines.append(f"{ags};{name};{de(p, group=True)};{de(u65, group=True)};{de(100 * p / u65, 1)}")
    lines.insert(7, "14524210;Neukirchen/Pleiße;151;2.285;6,6")  # the same Gemeinde twice (a correction line)
    lines.append("14524999;Summe Gemeinden ohne Zuordnung;12 Personen;80;15,0")  # unreadable value
    lines += ["", "Fußnote: Quote = Personen in Bedarfsgemeinschaften je 100 Einwohner unter 65 Jahren.",
              "- = nichts vorhanden; x = Tabellenfach gesperrt; / = Zahlenwert nicht sicher genug; ( ) = Aussagewert "
              "eingeschränkt", "© Statistisches Landesamt des Freistaates Sachsen (Layout); Werte fiktiv"]
    write("genesis_sachsen_sgb2_2023.csv", lines, prefix="\ufeff")


def kita():
    lines = ["Kindertagesbetreuung nach Gemeinden, Stichtag 01.03.2024 – FIKTIVE BEISPIELDATEN",
             "Gemeinde;Kinder unter 3 Jahren;Kinder unter 3 Jahren in Tagesbetreuung"]
    for ags, gid, name, ew in areas():
        kids = max(ew * 22 // 1000, 4)
        lines.append(f"{name};{de(kids, group=True)};{de(kids * 55 // 100, group=True)}")
    lines.append("Bernsdorf, Stadt;112;71")  # Landkreis Bautzen: the same name as the Zwickau Gemeinde
    lines.append("Chemnitz, Stadt;6.230;3.601")
    lines += ["", "Quelle: Statistisches Landesamt (Layout); Werte fiktiv"]
    write("gemeinden_nach_name_kita_2024.csv", lines)


def xlsx(path, rows):
    """A minimal XLSX (one sheet, inline strings, numbers as numbers); fixed timestamps keep it reproducible."""
    def cell(ref, v):
        if v is None:
            return ""
        if isinstance(v, (int, float)):
            return f'<c r="{ref}"><v>{v}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'

    body = "".join(f'<row r="{r}">' + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row)) + "</row>"
                   for r, row in enumerate(rows, start=1))
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
        'org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+'
        'xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Gemeinden" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), text.encode("utf-8"))


def ba():
    rows = [["Statistik der Bundesagentur für Arbeit – Arbeitslose nach Gemeinden – FIKTIVE BEISPIELDATEN"],
            ["Berichtsmonat: Dezember 2024; Gebietsstand: Landkreis Zwickau"],
            [],
            ["Gemeindeschlüssel", "Gemeinde", "Arbeitslose insgesamt", "darunter Rechtskreis SGB II",
             "darunter Langzeitarbeitslose"]]
    for ags, gid, name, ew in areas():
        alo = ew * 4 // 100  # fictional
        if gid in ("G09", "G11"):
            rows.append([ags, name, alo, "*", "*"])  # anonymised small values
        else:
            rows.append([ags, name, alo, alo * 6 // 10, alo * 35 // 100])
    rows += [[], ["*) Daten anonymisiert (Werte kleiner 3 oder Rückschluss möglich)"],
             ["© Statistik der Bundesagentur für Arbeit (Layout); Werte fiktiv"]]
    xlsx(os.path.join(HERE, "ba_arbeitslose_gemeinden_2024-12.xlsx"), rows)


def gebietsaenderungen():
    lines = ["Gültig ab;Art;AGS alt;Name alt;AGS neu;Name neu;Bemerkung",
             "01.01.2023;Eingliederung;14524990;Altdorf;14524300;Werdau, Stadt;FIKTIV – Beispiel, keine amtliche "
             "Gebietsänderung",
             "01.01.2023;Eingliederung;14524991;Niederau;14524300;Werdau, Stadt;FIKTIV – Beispiel, keine amtliche "
             "Gebietsänderung"]
    write("gebietsaenderungen_beispiel.csv", lines)


def reihe():
    lines = ["GENESIS-Tabelle: 22xxx-002 – FIKTIVE BEISPIELDATEN (Gebietsänderung zum 01.01.2023, fiktiv)",
             "Personen in Bedarfsgemeinschaften nach SGB II und Einwohner unter 65 Jahren – jeweiliger Gebietsstand",
             ";;;Personen in Bedarfsgemeinschaften;Einwohner unter 65 Jahren",
             ";;;Anzahl;Anzahl"]
    data = {2022: [("14524300", "Werdau, Stadt", 1020, 15210), ("14524990", "Altdorf", 85, 1240),
                   ("14524991", "Niederau", 40, 905), ("14524330", "Zwickau, Stadt", 6050, 67900)],
            2023: [("14524300", "Werdau, Stadt", 1150, 17300), ("14524330", "Zwickau, Stadt", 6107, 67860)]}
    for year, rows in data.items():
        for ags, name, p, u65 in rows:
            lines.append(f"31.12.{year};{ags};{name};{de(p, group=True)};{de(u65, group=True)}")
    lines += ["__________", "Werte fiktiv; Altdorf und Niederau sind erfundene Gemeinden"]
    write("genesis_sgb2_reihe_2022_2023.csv", lines)


if __name__ == "__main__":
    bevoelkerung()
    sgb2()
    kita()
    ba()
    gebietsaenderungen()
    reihe()
