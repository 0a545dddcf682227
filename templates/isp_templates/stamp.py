"""The template stamp for the Weitergabe (docs/weitergabe.md, "Zellen, die aus entfernten Werten rechnen").

A per-Sozialraum export blanks every kept cell whose formula reads cells that the export removes (other areas'
rows, internal sheets, hidden columns, pivot output) – unless the formula is one of the template's own (the
Landkreis sum, the own area's score). Their fingerprints are stored in the user-defined document property
ISP_WG_Formeln when the template is built; a formula a planner adds later has none and is blanked.

The add-in computes the fingerprints in the office (XWeitergabeVorlage.stampTemplate, addin/src/weitergabe.cpp):
FNV-1a (64 bit) of each formula as Calc's FormulaParser prints it in R1C1 with English names. In-process, because
tens of thousands of formula cells over the Python bridge take minutes.
"""
from .office import register_types

STAMP_PROPERTY = "ISP_WG_Formeln"
SERVICE = "de.sozialplanung.isp.Weitergabe"


def stamp(office, doc, oxt, workdir):
    """Stores the fingerprints of every formula of `doc` in its property ISP_WG_Formeln; returns them."""
    register_types(oxt, workdir)
    return office.service(SERVICE).stampTemplate(doc)
