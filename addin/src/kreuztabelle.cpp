// ISP_KREUZTABELLE: sums per row and column key over a long table, one call per grid (isp::cross_table).
#include "adapter.hpp"
#include "isp/cross_table.hpp"
#include "isp/error.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {
const ArgName kValues{"Werte", "values"};

// The keys of an optional argument; empty when omitted.
std::vector<std::string> optional_keys(const css::uno::Any& arg, ArgName name) {
    return is_omitted(arg) ? std::vector<std::string>{} : texts(arg, name);
}
}  // namespace

css::uno::Any ispKreuztabelle(const Args& args) {
    const Cells values = cells(args[0], kValues);
    CrossTableInput in;
    in.values = values.values;
    in.row_of = texts(args[1], {"Zeilenmerkmal", "row key"});
    std::size_t rows = 0, cols = 0;
    in.wanted_rows = texts(args[2], {"Zeilen", "rows"}, &rows, &cols);
    in.column_of = optional_keys(args[3], {"Spaltenmerkmal", "column key"});
    in.wanted_columns = optional_keys(args[4], {"Spalten", "columns"});
    if (in.column_of.empty() != in.wanted_columns.empty()) {
        throw Error(ErrorCode::InvalidParameter, "Spaltenmerkmal und Spalten nur zusammen angeben",
                    "give column key and columns together");
    }
    in.condition_of = optional_keys(args[5], {"Bedingungsmerkmal", "condition key"});
    if (!in.condition_of.empty()) {
        const std::vector<std::string> condition = optional_keys(args[6], {"Bedingung", "condition"});
        if (condition.size() != 1) {
            throw Error(ErrorCode::InvalidParameter, "Bedingung: genau ein Wert (z. B. das Jahr)",
                        "condition: exactly one value (e.g. the year)");
        }
        in.condition = condition[0];
    } else if (!is_omitted(args[6])) {
        throw Error(ErrorCode::InvalidParameter, "Bedingung ohne Bedingungsmerkmal",
                    "condition without condition key");
    }
    const CrossTable table = cross_table(in);
    std::vector<double> out = table.sums;
    // An error cell of the data shows in the cell it belongs to, as SUMIFS shows it.
    for (const auto& [row, code] : values.errors) {
        if (table.cell_of_row[row] != kNoCell) out[table.cell_of_row[row]] = error_value(code);
    }
    // Without columns the result has the shape of the row keys (a column, or a row for a row of keys).
    if (in.column_of.empty()) return css::uno::Any(to_grid(out, rows, cols));
    return css::uno::Any(to_grid(out, table.rows, table.cols));
}

}  // namespace isp::addin::fn
