"""Formulas: the templates are written in Calc's A1 notation; the flat ODF file needs OpenFormula.

Source notation (what the template modules write):
  =SUMIFS(Werte.$D$5:$D$2000; Werte.$C$5:$C$2000; $A7)      references, ';' as separator, '.' decimals
  ='1 Bestandserfassung'.B4                                   quoted sheet names
  =ISP_BELASTUNG(B5:G17; Parameter.$D$5:$D$10)                add-in functions by their display name
ODF notation (what the file stores):
  of:=SUMIFS([$Werte.$D$5:.$D$2000];[$Werte.$C$5:.$C$2000];[.$A7])
  of:=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPBELASTUNG([.B5:.G17];[$Parameter.$D$5:.$D$10])

Add-in names are looked up in addin/functions.json, the add-in's single source of truth: a template that uses
a function the add-in does not have fails to build instead of showing #NAME? later.
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FUNCTIONS_JSON = os.path.join(ROOT, "addin", "functions.json")

_SHEET = r"(?:\$?(?:'[^']+'|[^\W\d]\w*)\.)"
_CELL = r"\$?[A-Z]{1,3}\$?[0-9]+"
_REF = re.compile(rf"(?<![\w.$'\]])({_SHEET}?{_CELL})(?::({_SHEET}?{_CELL}))?(?![\w(.])")
_ISP = re.compile(r"(?<![\w.])(ISP_[A-Z]+)\s*\(")


class AddinCatalogue:
    """Display name -> stored (programmatic) name, from functions.json."""

    def __init__(self, path=FUNCTIONS_JSON):
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        service = spec["service"].upper()
        self.stored = {fn["name"]: f"{service}.{fn['method'].upper()}" for fn in spec["functions"]}
        self.spec = {fn["name"]: fn for fn in spec["functions"]}

    def has(self, name):
        return name in self.stored


_catalogue = None


def catalogue():
    global _catalogue
    if _catalogue is None:
        _catalogue = AddinCatalogue()
    return _catalogue


def _split_strings(text):
    """Yields (is_string, chunk); string literals keep their quotes ("" inside is an escaped quote)."""
    out, i, n = [], 0, len(text)
    start = 0
    while i < n:
        if text[i] == '"':
            if start < i:
                out.append((False, text[start:i]))
            j = i + 1
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        j += 2
                        continue
                    break
                j += 1
            out.append((True, text[i:j + 1]))
            i = j + 1
            start = i
        else:
            i += 1
    if start < n:
        out.append((False, text[start:]))
    return out


def _odf_part(ref, first):
    if "." in ref and not ref.endswith("."):
        sheet, cell = ref.rsplit(".", 1)
        if not sheet.startswith("$"):
            sheet = "$" + sheet
        return f"{sheet}.{cell}"
    return "." + ref


def _odf_ref(m):
    a, b = m.group(1), m.group(2)
    if b is None:
        return "[" + _odf_part(a, True) + "]"
    return "[" + _odf_part(a, True) + ":" + _odf_part(b, False) + "]"


def used_addin_functions(text):
    return set(_ISP.findall(text))


def to_odf(text):
    """Converts one source formula (starting with '=') into the value of table:formula."""
    if not text.startswith("="):
        raise ValueError("a formula starts with '=': " + text)
    parts = []
    for is_string, chunk in _split_strings(text[1:]):
        if is_string:
            parts.append(chunk)
            continue
        chunk = _REF.sub(_odf_ref, chunk)

        def isp(m):
            name = m.group(1)
            if not catalogue().has(name):
                raise KeyError(f"the add-in has no function {name} (addin/functions.json)")
            return catalogue().stored[name] + "("

        chunk = _ISP.sub(isp, chunk)
        parts.append(chunk)
    return "of:=" + "".join(parts)


def condition_value(text):
    """A conditional-format operand (calcext:value) in ODF notation, e.g. '="erhöht"'."""
    return "=" + to_odf("=" + text)[4:]
