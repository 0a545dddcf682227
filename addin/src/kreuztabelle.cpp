// ISP_KREUZTABELLE: sums per row and column key over a long table, one call per grid (isp::cross_table).
#include "adapter.hpp"
#include "isp/cross_table.hpp"
#include "isp/error.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {

// The cells of a key argument as cross-table keys (numbers without formatting them).
std::vector<std::string> keys(const Arg& arg) {
    std::vector<std::string> out;
    for (const KeyCell& k : arg.key_cells())
        out.push_back(k.number ? cross_key(k.x) : cross_key(std::string_view(k.text)));
    return out;
}

}  // namespace

css::uno::Any ispKreuztabelle(const Args& args) {
    const args::Kreuztabelle a(args);
    const Cells values = a.values.cells();
    CrossTableInput in;
    in.values = values.values;
    in.row_of = keys(a.rowKey);
    in.wanted_rows = keys(a.rows);
    in.column_of = keys(a.columnKey);
    in.wanted_columns = keys(a.columns);
    in.condition_of = keys(a.conditionKey);
    const std::vector<std::string> condition = keys(a.condition);
    if (condition.size() != 1) {
        throw Error(ErrorCode::InvalidParameter, "Bedingung: genau ein Wert (z. B. das Jahr)",
                    "condition: exactly one value (e.g. the year)");
    }
    in.condition = condition[0];
    // What a cell without a value shows: empty by default; a number on request (0 for MMULT over the grid).
    const double empty = a.empty.number(kMissing);
    const CrossTable table = cross_table(in);
    std::vector<double> out = table.sums;
    for (double& v : out)
        if (is_missing(v)) v = empty;
    // An error cell of the data shows in the cell it belongs to, as SUMIFS shows it.
    for (const auto& [row, code] : values.errors) {
        if (table.cell_of_row[row] != kNoCell) out[table.cell_of_row[row]] = error_value(code);
    }
    return css::uno::Any(to_grid(out, table.rows, table.cols));
}

}  // namespace isp::addin::fn
