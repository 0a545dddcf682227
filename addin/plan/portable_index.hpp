// The portable copy's native form of ISP_BELASTUNG (docs/weitergabe.md, section "ohne Add-in"): the index is
// computed step by step in helper cells on a sheet of its own – per indicator the SD over the reference
// areas, per area the z-scores, their weighted sums, the coverage and the index – with functions that Excel
// and LibreOffice both have (IF, ISNUMBER, AND, STDEV, AVERAGE, SUMPRODUCT, SUMIF), so that a changed weight
// or value recalculates at the Kommune. Pure text in, text out (no UNO types), tested without Calc
// (tests/addin/portable_formula_test.cpp) and against the add-in in Calc (tests/sharing/calc_portable.py).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace isp::portable {

// A cell range written as a formula reference: "C10:S22", "$Werte.$H$6:$H$40", "$'2 Bedarf'.E5".
struct RangeRef {
    std::string sheet;                           // empty: the sheet of the formula
    int col0 = 0, row0 = 0, col1 = 0, row1 = 0;  // 0-based, inclusive
    int rows() const { return row1 - row0 + 1; }
    int cols() const { return col1 - col0 + 1; }
};
// nullopt when `text` is not exactly one cell or range reference (a name, an expression, a constant array).
std::optional<RangeRef> parse_range(const std::string& text);
// "$'Sheet'.$C$10" (absolute, sheet always named and quoted).
std::string absolute_cell(const std::string& sheet, int col, int row);

// One formula (or text) for a cell of the helper sheet, 0-based.
struct HelperCell {
    int row = 0, col = 0;
    std::string content;  // a formula ("=…") or a label
};

struct IndexTranslation {
    bool ok = false;
    std::string reason;                // German, when !ok: why the cells are frozen
    std::vector<HelperCell> helpers;   // to write on the helper sheet
    std::vector<std::string> results;  // one formula per row of the result column
    int rows_used = 0;                 // helper rows the block takes (the next block starts below)
};

// The value an argument (formula text, references made absolute) has in the open workbook, as text; nullopt
// when it cannot be evaluated. Used only for keywords given by reference (the method on the Parameter sheet).
using ArgumentValue = std::function<std::optional<std::string>(const std::string& argument)>;

// Where the call stands and where its helper block goes.
struct IndexPlace {
    std::string sheet;         // sheet of the result cells (for unqualified references)
    int rows = 0, cols = 0;    // shape of the array formula
    std::string helper_sheet;  // name of the helper sheet
    int helper_row = 0;        // first helper row of this block (0-based)
    std::string title;         // German title of the block (where the result stands)
};

// ISP_BELASTUNG(args) as helper cells and one result formula per row; ok = false (with reason) for the
// forms that have no native counterpart here (other normalisations than z, outlier treatment, a weighted
// reference point, the geometric mean, arguments that are not ranges, names or plain values).
IndexTranslation translate_index(const std::vector<std::string>& args, const IndexPlace& place,
                                 const ArgumentValue& value);

// ISP_KREUZTABELLE(args) over an array formula of rows × cols cells (on `sheet`) as one native formula per
// cell, row-major: SUMIFS over the same rows with "=key" criteria, empty (not 0) when COUNTIFS finds no
// number, as the add-in gives it. Differences (documented in docs/weitergabe.md): SUMIFS does not trim spaces
// and reads
// "<5" or "a*" as conditions. ok = false (with reason) when a key list or range is not a plain cell range or
// the shape differs from the result's.
struct CellsTranslation {
    bool ok = false;
    std::string reason;                 // German, when !ok
    std::vector<std::string> formulas;  // rows × cols, row-major
};
CellsTranslation translate_cross_table(const std::vector<std::string>& args, const std::string& sheet,
                                       int rows, int cols);

}  // namespace isp::portable
