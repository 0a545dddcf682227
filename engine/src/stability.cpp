#include "isp/stability.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <string>

#include "isp/error.hpp"

namespace isp {
namespace {

constexpr int kMaxRuns = 1000000;

bool is_z_family(NormMethod m) noexcept {
    return m == NormMethod::ZScore || m == NormMethod::ZScorePopulation || m == NormMethod::ZScoreWeighted;
}

NormMethod method_of(ZVariant v, NormMethod nominal) noexcept {
    switch (v) {
        case ZVariant::Sample: return NormMethod::ZScore;
        case ZVariant::Population: return NormMethod::ZScorePopulation;
        case ZVariant::Weighted: return NormMethod::ZScoreWeighted;
        case ZVariant::Nominal: break;
    }
    return nominal;
}

void check_options(const StabilityOptions& so, bool has_population) {
    if (so.runs < 1 || so.runs > kMaxRuns)
        throw Error(ErrorCode::InvalidParameter,
                    "Läufe " + std::to_string(so.runs) + " (erlaubt 1 bis 1.000.000)",
                    "runs " + std::to_string(so.runs) + " (allowed 1 to 1,000,000)");
    // The negated comparison also rejects NaN.
    if (!(so.weight_variation >= 0.0 && so.weight_variation < 1.0))
        throw Error(ErrorCode::InvalidParameter, "Gewichtsvariation muss in [0, 1) liegen",
                    "weight variation must lie in [0, 1)");
    if (so.vary_weighted_z && !has_population)
        throw Error(ErrorCode::InvalidParameter, "gewichteter z-Wert braucht eine Bevölkerung",
                    "the weighted z-score needs a population");
}

// classify() is noexcept and trusts its scheme; a malformed scheme must not turn into out-of-range class
// indices here.
std::vector<std::string> checked_labels(const ClassScheme& scheme) {
    for (std::size_t i = 0; i < scheme.cuts.size(); ++i) {
        if (!std::isfinite(scheme.cuts[i]) || (i > 0 && !(scheme.cuts[i - 1] < scheme.cuts[i])))
            throw Error(ErrorCode::InvalidCutPoints);
    }
    if (scheme.equal_goes_up.size() != scheme.cuts.size())
        throw Error(ErrorCode::InvalidCutPoints, "Regel für Gleichheit fehlt",
                    "rule for equal values missing");
    const std::size_t classes = scheme.cuts.size() + 1;
    if (scheme.labels.empty()) {
        std::vector<std::string> labels;
        for (std::size_t k = 0; k < classes; ++k) labels.push_back("Klasse " + std::to_string(k + 1));
        return labels;
    }
    if (scheme.labels.size() != classes)
        throw Error(ErrorCode::LabelCountMismatch,
                    std::to_string(scheme.labels.size()) + " statt " + std::to_string(classes),
                    std::to_string(scheme.labels.size()) + " instead of " + std::to_string(classes));
    return scheme.labels;
}

}  // namespace

const char* z_variant_keyword(ZVariant v) noexcept {
    switch (v) {
        case ZVariant::Nominal: return "nominal";
        case ZVariant::Sample: return "z";
        case ZVariant::Population: return "zpop";
        case ZVariant::Weighted: return "zw";
    }
    return "?";
}

StabilityResult class_stability(const Matrix& data, const std::vector<IndicatorSpec>& indicators,
                                const CompositeOptions& options, const ClassScheme& scheme,
                                const StabilityOptions& so, const std::vector<double>& population) {
    check_options(so, !population.empty());
    StabilityResult out;
    out.class_labels = checked_labels(scheme);
    const std::size_t classes = out.class_labels.size();
    const auto runs = static_cast<std::size_t>(so.runs);
    out.runs = so.runs;

    // The nominal run validates data, indicators and options before any random draw.
    // Only the index is used: not writing the areas x indicators score matrix saves time in every run.
    CompositeOptions run_options = options;
    run_options.keep_scores = false;
    out.nominal_index = composite(data, indicators, run_options, population).index;
    const std::size_t areas = out.nominal_index.size();

    // Draw every run's parameters first, in a fixed order (z variant, then one weight factor per indicator,
    // also for weight 0), so that the stream and thus the result depend on the seed alone.
    std::vector<ZVariant> candidates;
    if (so.vary_sd_type) {
        candidates.push_back(ZVariant::Sample);
        candidates.push_back(ZVariant::Population);
    }
    if (so.vary_weighted_z) {
        if (candidates.empty()) candidates.push_back(ZVariant::Nominal);
        candidates.push_back(ZVariant::Weighted);
    }
    bool any_z = false;
    for (const IndicatorSpec& spec : indicators) any_z = any_z || is_z_family(spec.method);
    // Boost's uniform_real_distribution never returns for min == max, so f = 0 draws nothing.
    const bool vary_weights = so.weight_variation > 0.0;
    const bool vary_z = candidates.size() >= 2 && any_z;

    boost::random::mt19937_64 rng(so.seed);
    // Boost asserts min < max; the placeholder range for f = 0 is never drawn from.
    boost::random::uniform_real_distribution<double> noise(vary_weights ? -so.weight_variation : 0.0,
                                                           vary_weights ? so.weight_variation : 1.0);
    boost::random::uniform_int_distribution<std::size_t> pick(0,
                                                              candidates.empty() ? 0 : candidates.size() - 1);
    out.run_parameters.resize(runs);
    for (StabilityRun& run : out.run_parameters) {
        if (vary_z) run.z_variant = candidates[pick(rng)];
        run.weights.resize(indicators.size());
        for (std::size_t j = 0; j < indicators.size(); ++j) {
            const double factor = vary_weights ? 1.0 + noise(rng) : 1.0;
            run.weights[j] = indicators[j].weight * factor;
        }
    }

    out.nominal_class.assign(areas, -1);
    for (std::size_t i = 0; i < areas; ++i) {
        const int k = out.nominal_index.ok(i) ? classify(out.nominal_index.value[i], scheme) : -1;
        out.nominal_class[i] = (k >= 0 && static_cast<std::size_t>(k) < classes) ? k : -1;
    }

    // counts[i * classes + k]: runs with area i in class k.
    std::vector<std::size_t> counts(areas * classes, 0);
    if (!vary_weights && !vary_z) {
        // Nothing varies: every run is the nominal run, no need to recompute it `runs` times.
        for (std::size_t i = 0; i < areas; ++i)
            if (out.nominal_class[i] >= 0)
                counts[i * classes + static_cast<std::size_t>(out.nominal_class[i])] = runs;
    } else {
        std::vector<IndicatorSpec> varied = indicators;
        for (const StabilityRun& run : out.run_parameters) {
            for (std::size_t j = 0; j < varied.size(); ++j) {
                varied[j].weight = run.weights[j];
                if (is_z_family(indicators[j].method))
                    varied[j].method = method_of(run.z_variant, indicators[j].method);
            }
            const Column index = composite(data, varied, run_options, population).index;
            for (std::size_t i = 0; i < areas && i < index.size(); ++i) {
                if (!index.ok(i)) continue;
                const int k = classify(index.value[i], scheme);
                if (k >= 0 && static_cast<std::size_t>(k) < classes)
                    ++counts[i * classes + static_cast<std::size_t>(k)];
            }
        }
    }

    const double n = static_cast<double>(runs);
    out.stability = Column(areas);
    out.probability = Matrix(areas, classes);
    out.unclassified.assign(areas, kMissing);
    for (std::size_t i = 0; i < areas; ++i) {
        if (out.nominal_class[i] < 0) {
            out.stability.clear(i, out.nominal_index.ok(i) ? Reason::Undefined : out.nominal_index.reason[i]);
            continue;
        }
        std::size_t classified = 0;
        for (std::size_t k = 0; k < classes; ++k) {
            out.probability(i, k) = static_cast<double>(counts[i * classes + k]) / n;
            classified += counts[i * classes + k];
        }
        out.unclassified[i] = static_cast<double>(runs - classified) / n;
        out.stability.set(i, out.probability(i, static_cast<std::size_t>(out.nominal_class[i])));
    }
    return out;
}

}  // namespace isp
