// ISP_INDEX_EBENEN: every level of an indicator structure in one formula (isp::multilevel_index).
// ISP_KORRELATION: correlations between indicators, Pearson or Spearman (isp::correlation).
#include "isp/multilevel.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "adapter.hpp"
#include "elementwise.hpp"
#include "isp/error.hpp"
#include "isp/messages.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {

std::vector<StructureRow> structure_rows(const Arg& arg, bool& has_polarity) {
    std::size_t rows = 0, cols = 0;
    const std::vector<std::string> text = arg.texts(&rows, &cols);
    if (cols < 2 || cols > 4) {
        throw Error::message(Msg::StructureColumnCount, {cols});
    }
    const Cells numbers = arg.cells();
    has_polarity = cols == 4;
    std::vector<StructureRow> out(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        out[r].code = text[r * cols];
        out[r].parent = text[r * cols + 1];
        // Without a weight column every child weighs 1; a top row's weight is never used.
        out[r].weight = cols >= 3 ? numbers.values[r * cols + 2] : (out[r].parent.empty() ? kMissing : 1.0);
        if (cols == 4) out[r].polarity = numbers.values[r * cols + 3];
    }
    return out;
}

// Which nodes go back to Calc: omitted -> the top groups; a single number -> that level; one or more codes.
std::vector<std::size_t> selected_nodes(const Arg& arg, const MultilevelResult& result) {
    if (arg.omitted()) return result.level_nodes(0);
    if (!arg.is_text()) {
        const Cells c = arg.cells();
        c.require_no_errors();
        if (c.size() == 1 && !is_missing(c.values[0])) {
            const double level = c.values[0];
            if (!(level >= 1 && level <= result.top_level && level == std::floor(level))) {
                throw Error::message(Msg::OutputLevelOutOfRange, {result.top_level});
            }
            return result.level_nodes(static_cast<int>(level));
        }
    }
    std::vector<std::string> codes = arg.texts();
    while (!codes.empty() && codes.back().empty()) codes.pop_back();  // the rest of a longer range
    if (codes.empty())
        throw Error(ErrorCode::MissingValue, "Ausgabe: kein Code angegeben", "output: no code given");
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const int at = result.find(codes[i]);
        if (at < 0) {
            throw Error::message(Msg::OutputCodeUnknown, {codes[i]});
        }
        out.push_back(static_cast<std::size_t>(at));
    }
    return out;
}

std::vector<double> per_level_list(const Arg& arg) {
    const ArgName name = arg.name;
    std::vector<double> list = arg.number_list();
    while (!list.empty() && is_missing(list.back())) list.pop_back();
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (is_missing(list[i])) {
            throw Error::message(Msg::ListValueMissing, {{name.de, name.en}, i + 1});
        }
    }
    return list;
}

// A data range as a matrix with the trailing rows cut that hold no value at all (the rest of a whole column).
Matrix data_matrix(const Cells& c, std::size_t keep_rows) {
    Matrix m(keep_rows, c.cols);
    std::copy(c.values.begin(), c.values.begin() + static_cast<std::ptrdiff_t>(keep_rows * c.cols),
              m.data().begin());
    return m;
}

std::size_t filled_rows(const Cells& c) {
    std::size_t rows = c.rows;
    while (rows > 0) {
        bool empty = true;
        for (std::size_t j = 0; j < c.cols && empty; ++j)
            empty = is_missing(c.values[(rows - 1) * c.cols + j]);
        if (!empty) break;
        --rows;
    }
    return rows;
}

// Why a cell of ISP_INDEX_EBENEN is empty, for ISP_DIAGNOSE.
void note_empty_cell(const MultilevelNode& node, std::size_t row) {
    const Place where = place(Msg::CodeInRow, {node.code, row + 1});
    if (node.value.reason[row] == Reason::InsufficientCoverage) {
        const int share = static_cast<int>(std::lround(node.coverage[row] * 100));
        note_error_value(Error::message(Msg::CoverageBelowMinimum, {share}).at(where), "leer");
    } else if (node.value.reason[row] == Reason::Undefined) {
        note_error_value(Error::message(Msg::NodeScoreUndefined).at(where), "leer");
    } else {
        note_error_value(
            Error::message(node.indicator ? Msg::IndicatorWithoutValue : Msg::NoChildWithValue).at(where),
            "leer");
    }
}

}  // namespace

css::uno::Any ispIndexEbenen(const Args& args) {
    const args::IndexEbenen a(args);
    const Cells m = a.matrix.cells();
    m.require_no_errors();
    std::vector<std::string> codes = a.codes.texts();
    fit_length(codes, m.cols, a.codes.name, {"Spalten der Matrix", "matrix columns"});
    bool has_polarity = false;
    const std::vector<StructureRow> structure = structure_rows(a.structure, has_polarity);

    MultilevelOptions options;
    options.require_polarity = has_polarity;
    options.method = parse_norm_method(a.normalisation.keyword());
    options.min_coverage = per_level_list(a.minCoverage);
    for (double v : per_level_list(a.rescaleBySd)) {
        if (v != 0.0 && v != 1.0) {
            throw Error(ErrorCode::InvalidParameter,
                        "SD-Skalierung muss je Ebene 0 oder 1 (FALSCH oder WAHR) sein",
                        "rescale_by_sd must be 0 or 1 (FALSE or TRUE) per level");
        }
        options.rescale_by_sd.push_back(v == 1.0);
    }

    Matrix data(m.rows, m.cols);
    data.data() = m.values;
    const MultilevelResult result = multilevel_index(data, codes, structure, options);
    const std::vector<std::size_t> chosen = selected_nodes(a.output, result);

    std::vector<double> out(m.rows * chosen.size(), kMissing);
    for (std::size_t r = 0; r < m.rows; ++r) {
        for (std::size_t k = 0; k < chosen.size(); ++k) {
            const MultilevelNode& node = result.nodes[chosen[k]];
            if (node.value.ok(r))
                out[r * chosen.size() + k] = node.value.value[r];
            else if (recording_error_values())
                note_empty_cell(node, r);
        }
    }
    return css::uno::Any(to_grid(out, m.rows, chosen.size()));
}

css::uno::Any ispKorrelation(const Args& args) {
    const args::Korrelation arg(args);
    const Cells a = arg.values.cells();
    a.require_no_errors();
    const bool pair = !arg.values2.omitted();
    const Cells b = pair ? arg.values2.cells() : Cells{};
    b.require_no_errors();
    const CorrelationMethod method = parse_correlation_method(arg.method.keyword());
    const double min_pairs = arg.minPairs.number();
    if (!(min_pairs >= 2 && min_pairs <= 1e9 && min_pairs == std::floor(min_pairs))) {
        throw Error(ErrorCode::InvalidParameter, "Mindestpaare muss eine ganze Zahl ≥ 2 sein",
                    "min_pairs must be a whole number >= 2");
    }

    // Two ranges of different length are fine when the surplus rows of the longer one are empty (whole
    // columns next to a fixed range).
    std::size_t rows = a.rows;
    if (pair && a.rows != b.rows) {
        const std::size_t keep = std::max(filled_rows(a), filled_rows(b));
        if (keep > std::min(a.rows, b.rows)) {
            throw Error::sizes({{a.rows, "Zeilen im ersten Bereich", "rows in the first range"},
                                {b.rows, "Zeilen im zweiten Bereich", "rows in the second range"}});
        }
        rows = keep;
    }
    const Matrix x = data_matrix(a, rows);
    const Matrix y = pair ? data_matrix(b, rows) : x;
    const CorrelationResult result = correlation(x, y, method, static_cast<std::size_t>(min_pairs));
    if (arg.output.choice_as<KorrelationOutput>() == KorrelationOutput::Pairs) {
        const std::vector<double> pairs(result.pairs.begin(), result.pairs.end());
        return css::uno::Any(to_grid(pairs, result.r.rows(), result.r.cols()));
    }

    std::vector<double> out(result.r.data());
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (result.reason[k] == Reason::Ok || !recording_error_values()) continue;
        const std::size_t i = k / y.cols() + 1, j = k % y.cols() + 1;
        const Place where = place(Msg::ColumnPair, {i, j});
        if (result.reason[k] == Reason::Undefined) {
            note_error_value(Error::message(Msg::PairWithoutSpread).at(where), "leer");
        } else {
            const std::size_t n = result.pairs[k];
            note_error_value(
                Error::message(Msg::TooFewPairs, {n, static_cast<std::size_t>(min_pairs)}).at(where), "leer");
        }
    }
    return css::uno::Any(to_grid(out, result.r.rows(), result.r.cols()));
}

}  // namespace isp::addin::fn
