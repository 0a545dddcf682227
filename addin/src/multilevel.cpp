// ISP_INDEX_EBENEN: every level of an indicator structure in one formula (isp::multilevel_index).
// ISP_KORRELATION: correlations between indicators, Pearson or Spearman (isp::correlation).
#include "isp/multilevel.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "adapter.hpp"
#include "elementwise.hpp"
#include "isp/error.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {

std::vector<StructureRow> structure_rows(const Arg& arg, bool& has_polarity) {
    std::size_t rows = 0, cols = 0;
    const std::vector<std::string> text = arg.texts(&rows, &cols);
    if (cols < 2 || cols > 4) {
        throw Error(ErrorCode::DimensionMismatch,
                    "die Struktur braucht 2 bis 4 Spalten (Code | Eltern | Gewicht | Polarität), sie hat " +
                        std::to_string(cols),
                    "the structure needs 2 to 4 columns (code | parent | weight | polarity), it has " +
                        std::to_string(cols));
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
                const std::string top = std::to_string(result.top_level);
                throw Error(ErrorCode::InvalidParameter,
                            "Ausgabe: die Ebene muss eine ganze Zahl von 1 (Indikatoren) bis " + top +
                                " (oberste Ebene) sein; einen Code aus Ziffern als Text angeben (\"7\")",
                            "output: the level must be a whole number from 1 (indicators) to " + top +
                                " (top level); give a code made of digits as text (\"7\")");
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
            throw Error(ErrorCode::InvalidParameter,
                        "Ausgabe: der Code „" + codes[i] + "“ steht weder in den Codes noch in der Struktur",
                        "output: code '" + codes[i] + "' is neither among the codes nor in the structure");
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
            throw Error(ErrorCode::MissingValue,
                        std::string(name.de) + ": Wert " + std::to_string(i + 1) + " fehlt",
                        std::string(name.en) + ": value " + std::to_string(i + 1) + " is missing");
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
    const std::string where_de = "„" + node.code + "“ in Zeile " + std::to_string(row + 1);
    const std::string where_en = "'" + node.code + "' in row " + std::to_string(row + 1);
    if (node.value.reason[row] == Reason::InsufficientCoverage) {
        const std::string share = std::to_string(static_cast<int>(std::lround(node.coverage[row] * 100)));
        note_error_value(
            Error(ErrorCode::TooFewValues,
                  where_de + ": nur " + share +
                      " % der Kinder (mit Gewicht > 0) haben einen Wert, weniger als die Mindestabdeckung",
                  where_en + ": only " + share +
                      " % of the children (with weight > 0) have a value, less than the minimum coverage"),
            "leer");
    } else if (node.value.reason[row] == Reason::Undefined) {
        note_error_value(Error(ErrorCode::ZeroDenominator, where_de + ": der Score ist nicht definiert",
                               where_en + ": the score is undefined"),
                         "leer");
    } else {
        note_error_value(Error(ErrorCode::MissingValue,
                               where_de + (node.indicator ? ": kein Wert" : ": kein Kind hat einen Wert"),
                               where_en + (node.indicator ? ": no value" : ": no child has a value")),
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
        const std::string where_de = "Spalten " + std::to_string(i) + " und " + std::to_string(j);
        const std::string where_en = "columns " + std::to_string(i) + " and " + std::to_string(j);
        if (result.reason[k] == Reason::Undefined) {
            note_error_value(Error(ErrorCode::ZeroVariance,
                                   where_de + ": eine Spalte hat auf den gemeinsamen Zeilen "
                                              "keine Streuung",
                                   where_en + ": one column has no spread on the common rows"),
                             "leer");
        } else {
            const std::size_t n = result.pairs[k];
            note_error_value(
                Error(ErrorCode::TooFewValues,
                      where_de + ": nur " + std::to_string(n) + " Zeilen mit beiden Werten, nötig sind " +
                          std::to_string(static_cast<std::size_t>(min_pairs)),
                      where_en + ": only " + std::to_string(n) + " rows with both values, " +
                          std::to_string(static_cast<std::size_t>(min_pairs)) + " needed"),
                "leer");
        }
    }
    return css::uno::Any(to_grid(out, result.r.rows(), result.r.cols()));
}

}  // namespace isp::addin::fn
