// Sums per row key and column key over a long table (a cross table, as a pivot table or SUMIFS over a whole
// grid would give), computed in one pass: the templates look every Gemeinde, Sozialraum and Planungsraum
// value up in one long data sheet, and one SUMIFS per cell scanned all its rows each time
// (docs/performance.md, "Templates").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace isp {

// The form in which cross-table keys are compared, as Calc's MATCH compares cells: a number equals only the
// same number (not the same digits as text); a text is trimmed (trim_key) and compared without regard to
// letter case (ASCII and the Latin-1 range of UTF-8, so "Ärzte" and "ÄRZTE" match), inner spaces kept ("SR 1"
// and "SR1" differ). An empty or blank text is no key (""). The keys are short strings that are compared
// byte by byte; a number's key is made without formatting it (long key columns cost little).
std::string cross_key(double number);
std::string cross_key(std::string_view text);
std::string lookup_key(std::string_view text);  // the text part of cross_key: trimmed, lower case

struct CrossTableInput {
    std::vector<double> values;  // one per data row, kMissing for an empty or text cell
    // Keys made by cross_key.
    std::vector<std::string> row_of;          // the row key of each data row
    std::vector<std::string> wanted_rows;     // the keys of the result rows
    std::vector<std::string> column_of;       // the column key of each data row; empty: one result column
    std::vector<std::string> wanted_columns;  // the keys of the result columns (ignored without column_of)
    std::vector<std::string> condition_of;    // per data row; empty: no condition
    std::string condition;                    // the value condition_of must have
};

struct CrossTable {
    std::size_t rows = 0;
    std::size_t cols = 0;
    // Row-major: Σ of the present values of the data rows with that row key and column key (and the
    // condition); kMissing when no such row has a value, and for an empty wanted key.
    std::vector<double> sums;
    // Per data row, the result cell it was added to (or would have been, for a missing value); kNoCell when
    // it belongs to none. Lets a caller pass an error cell of the data on to the cell it belongs to.
    std::vector<std::size_t> cell_of_row;
};
inline constexpr std::size_t kNoCell = static_cast<std::size_t>(-1);

// Throws Error(DimensionMismatch) when row_of, column_of or condition_of do not have one entry per value,
// Error(NonFiniteInput) for an infinite value. Keys that occur twice among the wanted keys get the same sums.
CrossTable cross_table(const CrossTableInput& in);

}  // namespace isp
