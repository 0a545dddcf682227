// The portable ("ohne Add-in") copy: rewrites the add-in calls in one formula into native formulas that Excel
// and LibreOffice both compute (docs/weitergabe.md, section "ohne Add-in"). Pure text in, text out (no UNO
// types), tested without Calc (tests/addin/portable_formula_test.cpp).
//
// The formula is in Calc's API spelling (XCell::getFormula: English function names, ';' between arguments,
// add-in calls by their stored name DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPxxx, or by the display name ISP_xxx).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace isp::portable {

// True when the formula calls a function of the add-in.
bool uses_addin(const std::string& formula);

// A class scheme as the engine defines it (ISP_KLASSEN and ISP_KLASSE asked at export time, never a copy of
// the numbers): ascending cut-points, one label per class, and per cut-point whether a value equal to it
// belongs to the upper class ("ab") or the lower one ("bis").
struct ClassScheme {
    std::vector<double> cuts;
    std::vector<std::string> labels;  // cuts.size() + 1
    std::vector<bool> upper;          // cuts.size()
};
// Answers for the scheme, labels and boundary arguments of an ISP_KLASSE call (their formula text; empty when
// omitted): the scheme, or nullopt when it has no fixed cut-points (quantiles of the values) or cannot be
// asked.
using SchemeOracle = std::function<std::optional<ClassScheme>(const std::vector<std::string>& args)>;

struct Translation {
    bool ok = false;      // true: `formula` computes the same without the add-in
    std::string formula;  // the native formula (ok) or the input unchanged
    std::string reason;   // German, when !ok: why the cell is frozen to its value (for the notes sheet)
};

// Replaces every add-in call of `formula` by a native expression with the same result for valid inputs
// (missing values -> "", division by 0 -> #DIV/0!). A formula with a call that has no native form here is
// not translated (ok = false) and is frozen by the caller.
// ISP_KLASSE is rewritten only with an oracle (an IF chain over the engine's cut-points and labels).
Translation translate(const std::string& formula, const SchemeOracle& oracle = {});

// The arguments of `formula` when it is exactly one call of the add-in function `key` ("ISPBELASTUNG"), as in
// "=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPBELASTUNG(…)" or "=ISP_BELASTUNG(…)"; nullopt otherwise.
std::optional<std::vector<std::string>> single_call(const std::string& formula, const std::string& key);

// Formula-text helpers of the rewriters (also portable_index.cpp).
// `s` between two `q` with every `q` inside doubled: a text literal ('"') or a quoted sheet name ('\'').
std::string quoted(const std::string& s, char q);
std::string trim(const std::string& s);  // without leading and trailing spaces
// True when argument i is there and not empty.
bool given(const std::vector<std::string>& args, std::size_t i);
// The text of a text-literal argument ("Mean" -> Mean), nullopt for anything else.
std::optional<std::string> text_value(const std::string& argument);

// A number as a formula literal that reads back as the same double ("%.17g").
std::string number_literal(double v);

}  // namespace isp::portable
