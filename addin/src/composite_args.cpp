#include "composite_args.hpp"

#include "elementwise.hpp"
#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp::addin {

namespace {
const css::uno::Any kOmitted;
// A parameter the function does not have: omitted, so its (empty) names never reach a message.
const Arg kOmittedArg{kOmitted, {"", ""}};

const Arg& arg(const Arg* a) {
    return a != nullptr ? *a : kOmittedArg;
}

// The keyword of an argument the function may not have; absent is omitted: the table's first entry.
std::string keyword_of(const Arg* a, const KeywordChoice& table) {
    return a != nullptr ? a->keyword() : table.entries.front().de;
}

std::vector<std::string> label_list(const Arg& a) {
    std::size_t rows = 0, cols = 0;
    std::vector<std::string> labels = a.texts(&rows, &cols);
    if (rows > 1 && cols > 1) {
        throw Error(ErrorCode::DimensionMismatch, "Beschriftungen müssen eine Zeile oder Spalte sein",
                    "labels must be one row or one column");
    }
    // The empty cells after the last label of a longer selected range (or a whole column) do not count.
    while (!labels.empty() && labels.back().empty()) labels.pop_back();
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i].empty()) {
            throw Error::message(Msg::LabelEmpty, {i + 1});
        }
    }
    return labels;
}

// ISP_BELASTUNG's "Bezugspunkt": omitted -> each method's default; a keyword -> that mean for every column;
// numbers -> one given reference value (the Landkreis) per column, required where the weight is > 0.
void reference_argument(const Arg& a, CompositeInput& in) {
    if (a.omitted()) return;
    const std::size_t cols = in.specs.size();
    if (a.is_text()) {
        const Centre centre = centre_keyword(a);
        if (centre == Centre::WeightedMean && in.population.empty()) {
            throw Error(ErrorCode::InvalidParameter,
                        "Bezugspunkt „gewichtet“ braucht die Einwohner je Zeile (Argument Einwohner)",
                        "reference point 'weighted' needs the population per row (argument population)");
        }
        for (IndicatorSpec& spec : in.specs) spec.params.centre = centre;
        return;
    }
    std::vector<double> values = a.number_list();
    fit_length(values, cols, a.name, {"Spalten der Matrix", "matrix columns"});
    for (std::size_t c = 0; c < cols; ++c) {
        if (in.specs[c].weight == 0.0) continue;  // left out of the index: needs no reference value
        if (is_missing(values[c])) {
            throw Error::message(Msg::ColumnReferenceMissing, {c + 1});
        }
        in.specs[c].params.reference = values[c];
    }
}
}  // namespace

Centre centre_keyword(const Arg& arg) {
    // An empty text (a formula cell showing "") keeps the default, as an omitted argument does.
    if (normalise_keyword(arg.keyword("")).empty()) return Centre::Default;
    return arg.choice_index() == 1 ? Centre::WeightedMean : Centre::Mean;
}

bool yes_no(const Arg& arg, bool fallback) {
    if (arg.omitted()) return fallback;
    if (arg.is_text()) {
        // An empty text (a formula cell showing "") keeps the default, as an omitted argument does.
        if (normalise_keyword(arg.keyword("")).empty()) return fallback;
        return arg.choice_index() == 0;
    }
    const double v = arg.number(fallback ? 1.0 : 0.0);
    if (v != 0.0 && v != 1.0) {
        throw Error::message(Msg::YesOrNo, {{arg.name.de, arg.name.en}});
    }
    return v == 1.0;
}

CompositeInput composite_input(const CompositeArgs& a) {
    const Cells m = arg(a.matrix).cells();
    m.require_no_errors();
    const std::size_t rows = m.rows;
    const std::size_t cols = m.cols;

    std::vector<double> polarities = arg(a.polarities).number_list();
    std::vector<double> weights = arg(a.weights).number_list();
    const CompositeMethod method = parse_composite_method(keyword_of(a.method, keywords::kCompositeMethod));
    CompositeInput in;
    in.population = arg(a.population).number_list();
    const NormMethod norm = parse_norm_method(keyword_of(a.normalisation, keywords::kNormMethod));

    const ArgName columns{"Spalten der Matrix", "matrix columns"};
    if (!polarities.empty()) fit_length(polarities, cols, arg(a.polarities).name, columns);
    if (!weights.empty()) fit_length(weights, cols, arg(a.weights).name, columns);
    if (!in.population.empty())
        fit_length(in.population, rows, arg(a.population).name, {"Zeilen der Matrix", "matrix rows"});

    in.specs.resize(cols);
    for (std::size_t c = 0; c < cols; ++c) {
        if (!polarities.empty()) {
            if (is_missing(polarities[c])) {
                throw Error::message(Msg::ColumnPolarityMissing, {c + 1});
            }
            in.specs[c].polarity = checked_polarity(polarities[c]);
        }
        if (!weights.empty()) {
            if (is_missing(weights[c])) {
                throw Error::message(Msg::ColumnWeightMissing, {c + 1});
            }
            in.specs[c].weight = weights[c];
        }
        in.specs[c].method = norm;
        // A geometric mean needs scores > 0: min-max scores then run from 1 to 100 instead of 0 to 100.
        if (method == CompositeMethod::GeometricMean && norm == NormMethod::MinMax)
            in.specs[c].params.lower = 1.0;
    }

    in.options.method = method;
    in.options.min_population = arg(a.min_population).number(in.options.min_population);
    in.options.min_coverage = arg(a.min_coverage).number(in.options.min_coverage);

    const double rescale = arg(a.rescale_by_sd).number(in.options.rescale_by_sd ? 1.0 : 0.0);
    if (rescale != 0.0 && rescale != 1.0) {
        throw Error(ErrorCode::InvalidParameter, "SD-Skalierung muss 0 oder 1 (FALSCH oder WAHR) sein",
                    "rescale_by_sd must be 0 or 1 (FALSE or TRUE)");
    }
    in.options.rescale_by_sd = rescale == 1.0;

    const bool outliers = yes_no(arg(a.outliers), false);
    for (IndicatorSpec& spec : in.specs) spec.treat_outliers = outliers;
    reference_argument(arg(a.reference), in);

    in.data = Matrix(rows, cols);
    in.data.data() = m.values;
    return in;
}

namespace {
void boundary_argument(const Arg& boundary, ClassScheme& scheme) {
    if (boundary.omitted()) return;
    if (boundary.is_text()) {
        set_boundary_rule(scheme, parse_boundary_rule(boundary.keyword("")));
        return;
    }
    // One rule per cut-point, from a range or an inline array {"ab";"bis";"bis"}.
    std::size_t rows = 0, cols = 0;
    std::vector<std::string> words = boundary.texts(&rows, &cols);
    if (rows > 1 && cols > 1) {
        throw Error(ErrorCode::DimensionMismatch, "Grenzwert-Regeln müssen eine Zeile oder Spalte sein",
                    "boundary rules must be one row or one column");
    }
    while (!words.empty() && words.back().empty()) words.pop_back();  // the rest of a longer range
    std::vector<BoundaryRule> rules;
    rules.reserve(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].empty()) {
            throw Error::message(Msg::BoundaryRuleMissing, {i + 1});
        }
        rules.push_back(parse_boundary_rule(words[i]));
    }
    set_boundary_rules(scheme, rules);
}
}  // namespace

ClassScheme scheme_argument(const Arg& scheme, const Arg* labels_arg, const Arg* boundary,
                            const std::vector<double>* values) {
    const std::vector<std::string> labels =
        labels_arg == nullptr || labels_arg->omitted() ? std::vector<std::string>{} : label_list(*labels_arg);
    ClassScheme s;
    if (scheme.omitted() || scheme.is_text()) {
        // Omitted: the engine's default scheme ("belastung").
        s = scheme_by_keyword(scheme.keyword(""), values);
        if (!labels.empty()) {
            if (labels.size() != s.labels.size()) {
                throw Error::message(Msg::SchemeLabelCount, {s.name, s.labels.size(), labels.size()});
            }
            s.labels = labels;
        }
    } else {
        std::vector<double> cuts = scheme.number_list();
        while (!cuts.empty() && is_missing(cuts.back())) cuts.pop_back();  // trailing empty cells
        s = custom_scheme(cuts, labels);
    }
    if (boundary != nullptr) boundary_argument(*boundary, s);
    return s;
}

}  // namespace isp::addin
