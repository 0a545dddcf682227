// The portable ("ohne Add-in") copy: rewrites the add-in calls in one formula into native formulas that Excel
// and LibreOffice both compute (docs/weitergabe.md, section "ohne Add-in"). Pure text in, text out (no UNO
// types), tested without Calc (tests/addin/portable_formula_test.cpp).
//
// The formula is in Calc's API spelling (XCell::getFormula: English function names, ';' between arguments,
// add-in calls by their stored name DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPxxx, or by the display name ISP_xxx).
#pragma once

#include <string>

namespace isp::portable {

// True when the formula calls a function of the add-in.
bool uses_addin(const std::string& formula);

struct Translation {
    bool ok = false;      // true: `formula` computes the same without the add-in
    std::string formula;  // the native formula (ok) or the input unchanged
    std::string reason;   // German, when !ok: why the cell is frozen to its value (for the notes sheet)
};

// Replaces every add-in call of `formula` by a native expression with the same result for valid inputs
// (missing values -> "", division by 0 -> #DIV/0!). A formula with a call that has no native form here is
// not translated (ok = false) and is frozen by the caller.
Translation translate(const std::string& formula);

}  // namespace isp::portable
