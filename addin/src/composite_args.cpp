#include "composite_args.hpp"

#include "elementwise.hpp"
#include "isp/error.hpp"

namespace isp::addin {

namespace {
const css::uno::Any kOmitted;

const css::uno::Any& arg(const css::uno::Any* a) {
    return a != nullptr ? *a : kOmitted;
}

std::vector<std::string> label_list(const css::uno::Any& a) {
    const ArgName name{"Beschriftungen", "labels"};
    std::size_t rows = 0, cols = 0;
    std::vector<std::string> labels = texts(a, name, &rows, &cols);
    if (rows > 1 && cols > 1) {
        throw Error(ErrorCode::DimensionMismatch, "Beschriftungen müssen eine Zeile oder Spalte sein",
                    "labels must be one row or one column");
    }
    // The empty cells after the last label of a longer selected range (or a whole column) do not count.
    while (!labels.empty() && labels.back().empty()) labels.pop_back();
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i].empty()) {
            throw Error(ErrorCode::LabelCountMismatch, "Beschriftung " + std::to_string(i + 1) + " ist leer",
                        "label " + std::to_string(i + 1) + " is empty");
        }
    }
    return labels;
}

// ISP_BELASTUNG's "Bezugspunkt": omitted -> each method's default; a keyword -> that mean for every column;
// numbers -> one given reference value (the Landkreis) per column, required where the weight is > 0.
void reference_argument(const css::uno::Any& a, CompositeInput& in) {
    if (is_omitted(a)) return;
    const std::size_t cols = in.specs.size();
    if (is_text(a)) {
        const Centre centre = centre_keyword(a);
        if (centre == Centre::WeightedMean && in.population.empty()) {
            throw Error(ErrorCode::InvalidParameter,
                        "Bezugspunkt „gewichtet“ braucht die Einwohner je Zeile (Argument Einwohner)",
                        "reference point 'weighted' needs the population per row (argument population)");
        }
        for (IndicatorSpec& spec : in.specs) spec.params.centre = centre;
        return;
    }
    const ArgName name{"Bezugspunkt", "reference"};
    std::vector<double> values = number_list(a, name);
    fit_length(values, cols, name, {"Spalten der Matrix", "matrix columns"});
    for (std::size_t c = 0; c < cols; ++c) {
        if (in.specs[c].weight == 0.0) continue;  // left out of the index: needs no reference value
        if (is_missing(values[c])) {
            throw Error(ErrorCode::MissingValue,
                        "Bezugspunkt der Spalte " + std::to_string(c + 1) +
                            " fehlt (leer oder Text); nötig für jede Spalte mit Gewicht > 0",
                        "reference value of column " + std::to_string(c + 1) +
                            " is missing (empty or text); needed for every column with weight > 0");
        }
        in.specs[c].params.reference = values[c];
    }
}
}  // namespace

Centre centre_keyword(const css::uno::Any& arg) {
    const ArgName name{"Bezugspunkt", "reference"};
    // An empty text (a formula cell showing "") keeps the default, as an omitted argument does.
    if (normalise_keyword(keyword(arg, "", name)).empty()) return Centre::Default;
    const std::size_t k = choose(arg, "", keywords::kCentre, name);
    return k == 1 ? Centre::WeightedMean : Centre::Mean;
}

bool yes_no(const css::uno::Any& arg, bool fallback, ArgName name) {
    if (is_omitted(arg)) return fallback;
    if (is_text(arg)) {
        // An empty text (a formula cell showing "") keeps the default, as an omitted argument does.
        if (normalise_keyword(keyword(arg, "", name)).empty()) return fallback;
        return choose(arg, "", keywords::kYesNo, name) == 0;
    }
    const double v = number(arg, fallback ? 1.0 : 0.0, name);
    if (v != 0.0 && v != 1.0) {
        throw Error(ErrorCode::InvalidParameter,
                    std::string(name.de) + " muss \"ja\" oder \"nein\" (WAHR oder FALSCH) sein",
                    std::string(name.en) + " must be \"yes\" or \"no\" (TRUE or FALSE)");
    }
    return v == 1.0;
}

CompositeInput composite_input(const CompositeArgs& a) {
    const Cells m = cells(arg(a.matrix), {"Matrix", "matrix"});
    m.require_no_errors();
    const std::size_t rows = m.rows;
    const std::size_t cols = m.cols;

    std::vector<double> polarities = number_list(arg(a.polarities), {"Polaritäten", "polarities"});
    std::vector<double> weights = number_list(arg(a.weights), {"Gewichte", "weights"});
    const CompositeMethod method =
        parse_composite_method(keyword(arg(a.method), "mean", {"Methode", "method"}));
    CompositeInput in;
    in.population = number_list(arg(a.population), {"Einwohner", "population"});
    const NormMethod norm =
        parse_norm_method(keyword(arg(a.normalisation), "z", {"Normierung", "normalisation"}));

    const ArgName columns{"Spalten der Matrix", "matrix columns"};
    if (!polarities.empty()) fit_length(polarities, cols, {"Polaritäten", "polarities"}, columns);
    if (!weights.empty()) fit_length(weights, cols, {"Gewichte", "weights"}, columns);
    if (!in.population.empty())
        fit_length(in.population, rows, {"Einwohner", "population"}, {"Zeilen der Matrix", "matrix rows"});

    in.specs.resize(cols);
    for (std::size_t c = 0; c < cols; ++c) {
        if (!polarities.empty()) {
            if (is_missing(polarities[c])) {
                throw Error(ErrorCode::MissingValue,
                            "Polarität der Spalte " + std::to_string(c + 1) + " fehlt",
                            "polarity of column " + std::to_string(c + 1) + " is missing");
            }
            in.specs[c].polarity = checked_polarity(polarities[c]);
        }
        if (!weights.empty()) {
            if (is_missing(weights[c])) {
                throw Error(ErrorCode::MissingValue, "Gewicht der Spalte " + std::to_string(c + 1) + " fehlt",
                            "weight of column " + std::to_string(c + 1) + " is missing");
            }
            in.specs[c].weight = weights[c];
        }
        in.specs[c].method = norm;
        // A geometric mean needs scores > 0: min-max scores then run from 1 to 100 instead of 0 to 100.
        if (method == CompositeMethod::GeometricMean && norm == NormMethod::MinMax)
            in.specs[c].params.lower = 1.0;
    }

    in.options.method = method;
    in.options.min_population =
        number(arg(a.min_population), in.options.min_population, {"Mindesteinwohner", "min_population"});
    in.options.min_coverage =
        number(arg(a.min_coverage), in.options.min_coverage, {"Mindestabdeckung", "min_coverage"});

    const double rescale = number(arg(a.rescale_by_sd), 0.0, {"SD-Skalierung", "rescale_by_sd"});
    if (rescale != 0.0 && rescale != 1.0) {
        throw Error(ErrorCode::InvalidParameter, "SD-Skalierung muss 0 oder 1 (FALSCH oder WAHR) sein",
                    "rescale_by_sd must be 0 or 1 (FALSE or TRUE)");
    }
    in.options.rescale_by_sd = rescale == 1.0;

    const bool outliers = yes_no(arg(a.outliers), false, {"Ausreißer", "outliers"});
    for (IndicatorSpec& spec : in.specs) spec.treat_outliers = outliers;
    reference_argument(arg(a.reference), in);

    in.data = Matrix(rows, cols);
    in.data.data() = m.values;
    return in;
}

namespace {
void boundary_argument(const css::uno::Any& boundary, ClassScheme& scheme) {
    const ArgName name{"Grenzwert", "boundary"};
    if (is_omitted(boundary)) return;
    if (is_text(boundary)) {
        set_boundary_rule(scheme, parse_boundary_rule(keyword(boundary, "", name)));
        return;
    }
    // One rule per cut-point, from a range or an inline array {"ab";"bis";"bis"}.
    std::size_t rows = 0, cols = 0;
    std::vector<std::string> words = texts(boundary, name, &rows, &cols);
    if (rows > 1 && cols > 1) {
        throw Error(ErrorCode::DimensionMismatch, "Grenzwert-Regeln müssen eine Zeile oder Spalte sein",
                    "boundary rules must be one row or one column");
    }
    while (!words.empty() && words.back().empty()) words.pop_back();  // the rest of a longer range
    std::vector<BoundaryRule> rules;
    rules.reserve(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].empty()) {
            throw Error(ErrorCode::MissingValue,
                        "Grenzwert-Regel für Grenze " + std::to_string(i + 1) + " fehlt",
                        "boundary rule of cut-point " + std::to_string(i + 1) + " is missing");
        }
        rules.push_back(parse_boundary_rule(words[i]));
    }
    set_boundary_rules(scheme, rules);
}
}  // namespace

ClassScheme scheme_argument(const css::uno::Any& scheme, const css::uno::Any* labels_arg,
                            const css::uno::Any* boundary, const std::vector<double>* values) {
    const std::vector<std::string> labels = labels_arg == nullptr || is_omitted(*labels_arg)
                                                ? std::vector<std::string>{}
                                                : label_list(*labels_arg);
    ClassScheme s;
    if (is_omitted(scheme) || is_text(scheme)) {
        // Omitted: the engine's default scheme ("belastung").
        s = scheme_by_keyword(keyword(scheme, "", {"Schema", "scheme"}), values);
        if (!labels.empty()) {
            if (labels.size() != s.labels.size()) {
                throw Error(ErrorCode::LabelCountMismatch,
                            "das Schema „" + s.name + "“ hat " + std::to_string(s.labels.size()) +
                                " Klassen, angegeben sind " + std::to_string(labels.size()) +
                                " Beschriftungen",
                            "scheme '" + s.name + "' has " + std::to_string(s.labels.size()) + " classes, " +
                                std::to_string(labels.size()) + " labels given");
            }
            s.labels = labels;
        }
    } else {
        std::vector<double> cuts = number_list(scheme, {"Schema", "scheme"});
        while (!cuts.empty() && is_missing(cuts.back())) cuts.pop_back();  // trailing empty cells
        s = custom_scheme(cuts, labels);
    }
    if (boundary != nullptr) boundary_argument(*boundary, s);
    return s;
}

}  // namespace isp::addin
