// ISP_BELASTUNG: one Belastungsindex per row of a matrix (isp::composite).
#include "adapter.hpp"
#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

css::uno::Any ispBelastung(const Args& args) {
    const ArgName matrix_name{"Matrix", "matrix"};
    const Cells m = cells(args[0], matrix_name);
    m.require_no_errors();
    const std::size_t rows = m.rows;
    const std::size_t cols = m.cols;

    std::vector<double> polarities = number_list(args[1], {"Polaritäten", "polarities"});
    std::vector<double> weights = number_list(args[2], {"Gewichte", "weights"});
    const CompositeMethod method = parse_composite_method(keyword(args[3], "mean", {"Methode", "method"}));
    std::vector<double> population = number_list(args[4], {"Einwohner", "population"});
    const NormMethod norm = parse_norm_method(keyword(args[6], "z", {"Normierung", "normalisation"}));

    if (!polarities.empty())
        fit_length(polarities, cols, {"Polaritäten", "polarities"}, {"Spalten der Matrix", "matrix columns"});
    if (!weights.empty())
        fit_length(weights, cols, {"Gewichte", "weights"}, {"Spalten der Matrix", "matrix columns"});
    if (!population.empty())
        fit_length(population, rows, {"Einwohner", "population"}, {"Zeilen der Matrix", "matrix rows"});

    std::vector<IndicatorSpec> specs(cols);
    for (std::size_t c = 0; c < cols; ++c) {
        if (!polarities.empty()) {
            if (is_missing(polarities[c])) {
                throw Error(ErrorCode::MissingValue,
                            "Polarität der Spalte " + std::to_string(c + 1) + " fehlt",
                            "polarity of column " + std::to_string(c + 1) + " is missing");
            }
            specs[c].polarity = checked_polarity(polarities[c]);
        }
        if (!weights.empty()) {
            if (is_missing(weights[c])) {
                throw Error(ErrorCode::MissingValue, "Gewicht der Spalte " + std::to_string(c + 1) + " fehlt",
                            "weight of column " + std::to_string(c + 1) + " is missing");
            }
            specs[c].weight = weights[c];
        }
        specs[c].method = norm;
        // A geometric mean needs scores > 0: min-max scores then run from 1 to 100 instead of 0 to 100.
        if (method == CompositeMethod::GeometricMean && norm == NormMethod::MinMax)
            specs[c].params.lower = 1.0;
    }

    CompositeOptions options;
    options.method = method;
    options.min_population = number(args[5], options.min_population, {"Mindesteinwohner", "min_population"});
    options.min_coverage = number(args[7], options.min_coverage, {"Mindestabdeckung", "min_coverage"});

    Matrix data(rows, cols);
    data.data() = m.values;
    const CompositeResult result = composite(data, specs, options, population);
    return css::uno::Any(to_column(result.index));
}

}  // namespace isp::addin::fn
