// ISP_BELASTUNG: one Belastungsindex per row of a matrix (isp::composite).
// ISP_STABILITAET: how stable each row's class is when weights, normalisation, aggregation, outlier treatment
// and the SD type vary (isp::class_stability).
#include "adapter.hpp"
#include "composite_args.hpp"
#include "elementwise.hpp"
#include "isp/error.hpp"
#include "isp/stability.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

css::uno::Any ispBelastung(const Args& args) {
    CompositeInput in = composite_input({&args[0], &args[1], &args[2], &args[3], &args[4], &args[5], &args[6],
                                         &args[7], &args[8], &args[9], &args[10]});
    in.options.keep_scores = false;  // only the index goes back to Calc
    const CompositeResult result = composite(in.data, in.specs, in.options, in.population);
    return css::uno::Any(to_column(result.index));
}

namespace {

// The variation argument: omitted or a number f (the weight variation; weights and SD type vary, as before
// the keywords existed), or keywords (a text, an inline array or a range) naming what varies, optionally
// with one number f among them, which needs "gewichte" or "alle". Empty cells of a range are skipped.
void variation_argument(const css::uno::Any& arg, StabilityOptions& so) {
    const ArgName name{"Variation", "variation"};
    if (is_omitted(arg)) return;
    if (!is_text(arg) && arg.getValueTypeClass() != css::uno::TypeClass_SEQUENCE) {
        so.weight_variation = number(arg, so.weight_variation, name);
        return;
    }
    Cells values = cells(arg, name);
    values.require_no_errors();
    const std::vector<std::string> words = texts(arg, name);
    std::vector<std::string> keywords;
    std::vector<double> numbers;
    for (std::size_t i = 0; i < values.size() && i < words.size(); ++i) {
        if (!is_missing(values.values[i]))
            numbers.push_back(values.values[i]);
        else if (!words[i].empty())
            keywords.push_back(words[i]);
    }
    if (numbers.size() > 1) {
        throw Error(ErrorCode::InvalidParameter, "Variation: höchstens eine Zahl (die Gewichtsvariation)",
                    "variation: at most one number (the weight variation)");
    }
    select_variations(keywords, so);
    if (numbers.empty()) return;
    if (!keywords.empty() && !so.vary_weights) {
        throw Error(ErrorCode::InvalidParameter,
                    "Variation: eine Zahl (Gewichtsvariation) nur zusammen mit \"gewichte\" oder \"alle\"",
                    "variation: a number (weight variation) only together with \"gewichte\" or \"alle\"");
    }
    so.weight_variation = numbers[0];
}

css::uno::Any text_cell(const std::string& text) {
    return css::uno::Any(to_ou(text));
}

// Per area: nominal class, stability, then the share of runs in each class.
AnyGrid summary_grid(const StabilityResult& r) {
    const std::size_t areas = r.nominal_class.size(), classes = r.class_labels.size();
    AnyGrid out(static_cast<sal_Int32>(areas));
    css::uno::Sequence<css::uno::Any>* rows = out.getArray();
    for (std::size_t i = 0; i < areas; ++i) {
        css::uno::Sequence<css::uno::Any> row(static_cast<sal_Int32>(2 + classes));
        css::uno::Any* cellp = row.getArray();
        const int k = r.nominal_class[i];
        cellp[0] = text_cell(k >= 0 ? r.class_labels[static_cast<std::size_t>(k)] : std::string());
        cellp[1] = cell(r.stability.ok(i) ? r.stability.value[i] : kMissing);
        for (std::size_t c = 0; c < classes; ++c) cellp[2 + c] = cell(r.probability(i, c));
        rows[i] = row;
    }
    return out;
}

// Per run what it used: normalisation, aggregation, outlier treatment, SD type, then one weight per column.
AnyGrid runs_grid(const StabilityResult& r) {
    AnyGrid out(static_cast<sal_Int32>(r.run_parameters.size()));
    css::uno::Sequence<css::uno::Any>* rows = out.getArray();
    for (std::size_t n = 0; n < r.run_parameters.size(); ++n) {
        const StabilityRun& run = r.run_parameters[n];
        css::uno::Sequence<css::uno::Any> row(static_cast<sal_Int32>(4 + run.weights.size()));
        css::uno::Any* cellp = row.getArray();
        cellp[0] = text_cell(norm_variant_keyword(run.normalisation));
        cellp[1] = text_cell(composite_method_keyword(run.aggregation));
        cellp[2] = text_cell(outlier_variant_keyword(run.outliers));
        cellp[3] = text_cell(z_variant_keyword(run.z_variant));
        for (std::size_t j = 0; j < run.weights.size(); ++j) cellp[4 + j] = cell(run.weights[j]);
        rows[n] = row;
    }
    return out;
}

}  // namespace

css::uno::Any ispStabilitaet(const Args& args) {
    const CompositeInput in = composite_input({&args[0], &args[1], &args[2], &args[3]});
    const ClassScheme scheme = scheme_argument(args[4], nullptr);
    StabilityOptions so;
    const double runs = number(args[5], so.runs, {"Läufe", "runs"});
    if (!(runs >= 1 && runs <= 1e6 && runs == static_cast<double>(static_cast<int>(runs)))) {
        throw Error(ErrorCode::InvalidParameter, "Läufe muss eine ganze Zahl von 1 bis 1.000.000 sein",
                    "runs must be a whole number from 1 to 1,000,000");
    }
    so.runs = static_cast<int>(runs);
    variation_argument(args[6], so);
    const std::size_t output =
        choose(args[7], "stabilitaet", keywords::kStabilitaetOutput, {"Ausgabe", "output"});
    const double seed = number(args[8], static_cast<double>(so.seed), {"Startwert", "seed"});
    if (!(seed >= 0 && seed < 9.007199254740992e15 &&
          seed == static_cast<double>(static_cast<long long>(seed)))) {
        throw Error(ErrorCode::InvalidParameter, "Startwert muss eine ganze Zahl ≥ 0 sein",
                    "seed must be a whole number >= 0");
    }
    so.seed = static_cast<std::uint64_t>(seed);

    const StabilityResult r = class_stability(in.data, in.specs, in.options, scheme, so, in.population);
    switch (output) {
        case 1: {
            std::vector<TextCell> labels(r.nominal_class.size());
            for (std::size_t i = 0; i < labels.size(); ++i) {
                const int k = r.nominal_class[i];
                if (k >= 0 && static_cast<std::size_t>(k) < r.class_labels.size()) {
                    labels[i].text = r.class_labels[static_cast<std::size_t>(k)];
                    labels[i].present = true;
                }
            }
            return css::uno::Any(to_text_grid(labels, labels.size(), 1));
        }
        case 2:
            return css::uno::Any(to_grid(r.probability.data(), r.probability.rows(), r.probability.cols()));
        case 3: return css::uno::Any(to_column(r.nominal_index));
        case 4: return css::uno::Any(summary_grid(r));
        case 5: return css::uno::Any(runs_grid(r));
        default: return css::uno::Any(to_column(r.stability));
    }
}

}  // namespace isp::addin::fn
