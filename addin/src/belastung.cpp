// ISP_BELASTUNG: one Belastungsindex per row of a matrix (isp::composite).
// ISP_STABILITAET: how stable each row's class is when weights, normalisation, aggregation, outlier treatment
// and the SD type vary (isp::class_stability).
#include "adapter.hpp"
#include "composite_args.hpp"
#include "elementwise.hpp"
#include "isp/error.hpp"
#include "isp/stability.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

css::uno::Any ispBelastung(const Args& args) {
    const args::Belastung a(args);
    CompositeInput in =
        composite_input({&a.matrix, &a.polarities, &a.weights, &a.method, &a.population, &a.minPopulation,
                         &a.normalisation, &a.minCoverage, &a.rescaleBySd, &a.reference, &a.outliers});
    in.options.keep_scores = false;  // only the index goes back to Calc
    const CompositeResult result = composite(in.data, in.specs, in.options, in.population);
    return css::uno::Any(to_column(result.index));
}

namespace {

// The variation argument: omitted or a number f (the weight variation; weights and SD type vary, as before
// the keywords existed), or keywords (a text, an inline array or a range) naming what varies, optionally
// with one number f among them, which needs "gewichte" or "alle". Empty cells of a range are skipped.
void variation_argument(const Arg& arg, StabilityOptions& so) {
    if (arg.omitted()) return;
    if (!arg.is_text() && arg.value.getValueTypeClass() != css::uno::TypeClass_SEQUENCE) {
        so.weight_variation = arg.number(so.weight_variation);
        return;
    }
    Cells values = arg.cells();
    values.require_no_errors();
    const std::vector<std::string> words = arg.texts();
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
    const args::Stabilitaet a(args);
    const CompositeInput in = composite_input({&a.matrix, &a.polarities, &a.weights, &a.method});
    const ClassScheme scheme = scheme_argument(a.scheme, nullptr);
    StabilityOptions so;
    const double runs = a.runs.number(so.runs);
    if (!(runs >= 1 && runs <= 1e6 && runs == static_cast<double>(static_cast<int>(runs)))) {
        throw Error(ErrorCode::InvalidParameter, "Läufe muss eine ganze Zahl von 1 bis 1.000.000 sein",
                    "runs must be a whole number from 1 to 1,000,000");
    }
    so.runs = static_cast<int>(runs);
    variation_argument(a.variation, so);
    const StabilitaetOutput output = a.output.choice_as<StabilitaetOutput>();
    const double seed = a.seed.number(static_cast<double>(so.seed));
    if (!(seed >= 0 && seed < 9.007199254740992e15 &&
          seed == static_cast<double>(static_cast<long long>(seed)))) {
        throw Error(ErrorCode::InvalidParameter, "Startwert muss eine ganze Zahl ≥ 0 sein",
                    "seed must be a whole number >= 0");
    }
    so.seed = static_cast<std::uint64_t>(seed);

    const StabilityResult r = class_stability(in.data, in.specs, in.options, scheme, so, in.population);
    switch (output) {
        case StabilitaetOutput::Class: {
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
        case StabilitaetOutput::Probabilities:
            return css::uno::Any(to_grid(r.probability.data(), r.probability.rows(), r.probability.cols()));
        case StabilitaetOutput::Index: return css::uno::Any(to_column(r.nominal_index));
        case StabilitaetOutput::Summary: return css::uno::Any(summary_grid(r));
        case StabilitaetOutput::Runs: return css::uno::Any(runs_grid(r));
        default: return css::uno::Any(to_column(r.stability));
    }
}

}  // namespace isp::addin::fn
