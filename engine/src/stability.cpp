#include "isp/stability.hpp"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <string>

#include "isp/error.hpp"
#include "isp/keywords.hpp"
#include "isp/messages.hpp"

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
    if (so.runs < 1 || so.runs > kMaxRuns) throw Error::message(Msg::RunsOutOfRange, {so.runs});
    // The negated comparison also rejects NaN.
    if (!(so.weight_variation >= 0.0 && so.weight_variation < 1.0))
        throw Error::message(Msg::WeightVariationOutOfRange);
    if (so.vary_weighted_z && !has_population) throw Error::message(Msg::StabilityWeightedZNeedsPopulation);
}

// classify() is noexcept and trusts its scheme; a malformed scheme must not turn into out-of-range class
// indices here.
std::vector<std::string> checked_labels(const ClassScheme& scheme) {
    for (std::size_t i = 0; i < scheme.cuts.size(); ++i) {
        if (!std::isfinite(scheme.cuts[i]) || (i > 0 && !(scheme.cuts[i - 1] < scheme.cuts[i])))
            throw Error(ErrorCode::InvalidCutPoints);
    }
    if (scheme.equal_goes_up.size() != scheme.cuts.size()) throw Error::message(Msg::EqualityRuleMissing);
    const std::size_t classes = scheme.cuts.size() + 1;
    if (scheme.labels.empty()) {
        std::vector<std::string> labels;
        for (std::size_t k = 0; k < classes; ++k) labels.push_back("Klasse " + std::to_string(k + 1));
        return labels;
    }
    if (scheme.labels.size() != classes)
        throw Error::message(Msg::LabelsInsteadOfClasses, {scheme.labels.size(), classes});
    return scheme.labels;
}

// Applies the resolution rules of class_stability (stability.hpp) to one run's raw draws.
void resolve(StabilityRun& run, CompositeMethod nominal_method) {
    if (run.aggregation == CompositeMethod::GeometricMean) {
        // The geometric mean needs scores > 0: z-scores and percent ranks (0 for the lowest area) are not,
        // the nominal normalisation is only known to be positive when the nominal run was geometric.
        const bool positive =
            run.normalisation == NormVariant::MinMax ||
            (run.normalisation == NormVariant::Nominal && nominal_method == CompositeMethod::GeometricMean);
        if (!positive) run.normalisation = NormVariant::MinMax;
    }
    if (run.normalisation != NormVariant::Nominal) {
        run.z_variant = ZVariant::Nominal;  // no z-scores in this run
        if (run.aggregation == CompositeMethod::Mss) run.aggregation = CompositeMethod::Mean;
    }
    run.rescaled = run.normalisation != NormVariant::Nominal || run.aggregation != nominal_method;
}

// Maps index affinely onto the mean and sample SD that nominal has over the areas where both have a value
// (v' = m_nom + (v - m_run) * s_nom / s_run). False (nothing to classify) with fewer than 2 such areas or
// without spread in index. Two-pass sums in area order: the same result for every thread count.
bool onto_nominal_scale(Column& index, const Column& nominal) {
    std::size_t n = 0;
    double sum_run = 0.0, sum_nom = 0.0;
    for (std::size_t i = 0; i < index.size() && i < nominal.size(); ++i) {
        if (!index.ok(i) || !nominal.ok(i)) continue;
        ++n;
        sum_run += index.value[i];
        sum_nom += nominal.value[i];
    }
    if (n < 2) return false;
    const double mean_run = sum_run / static_cast<double>(n);
    const double mean_nom = sum_nom / static_cast<double>(n);
    double ss_run = 0.0, ss_nom = 0.0;
    for (std::size_t i = 0; i < index.size() && i < nominal.size(); ++i) {
        if (!index.ok(i) || !nominal.ok(i)) continue;
        ss_run += (index.value[i] - mean_run) * (index.value[i] - mean_run);
        ss_nom += (nominal.value[i] - mean_nom) * (nominal.value[i] - mean_nom);
    }
    // The (n - 1) of both sample SDs cancels in the ratio.
    if (!(ss_run > 0.0) || !std::isfinite(ss_run)) return false;
    const double ratio = std::sqrt(ss_nom) / std::sqrt(ss_run);
    for (std::size_t i = 0; i < index.size(); ++i)
        if (index.ok(i)) index.value[i] = mean_nom + (index.value[i] - mean_run) * ratio;
    return true;
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

const char* norm_variant_keyword(NormVariant v) noexcept {
    switch (v) {
        case NormVariant::Nominal: return "nominal";
        case NormVariant::MinMax: return "minmax";
        case NormVariant::PercentRank: return "rang";
    }
    return "?";
}

const char* outlier_variant_keyword(OutlierVariant v) noexcept {
    switch (v) {
        case OutlierVariant::Nominal: return "nominal";
        case OutlierVariant::On: return "an";
        case OutlierVariant::Off: return "aus";
    }
    return "?";
}

void select_variations(const std::vector<std::string>& keywords, StabilityOptions& so) {
    if (keywords.empty()) return;
    bool weights = false, normalisation = false, aggregation = false, outliers = false, sd = false;
    for (const std::string& word : keywords) {
        switch (choose_keyword(isp::keywords::kVariation, word, "Variation", "variation")) {
            case 0: weights = true; break;
            case 1: normalisation = true; break;
            case 2: aggregation = true; break;
            case 3: outliers = true; break;
            case 4: sd = true; break;
            default: weights = normalisation = aggregation = outliers = sd = true; break;
        }
    }
    so.vary_weights = weights;
    so.vary_normalisation = normalisation;
    so.vary_aggregation = aggregation;
    so.vary_outliers = outliers;
    so.vary_sd_type = sd;
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

    // Draw every run's parameters first, in a fixed order (z variant, one weight factor per indicator, also
    // for weight 0, then normalisation, aggregation, outliers; each only if it varies), so that the stream
    // and thus the result depend on the seed alone, and the default (weights and SD type) draws exactly
    // what it drew before the other dimensions existed.
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
    const bool vary_weights = so.vary_weights && so.weight_variation > 0.0;
    const bool vary_z = candidates.size() >= 2 && any_z;

    boost::random::mt19937_64 rng(so.seed);
    // Boost asserts min < max; the placeholder range for f = 0 is never drawn from.
    boost::random::uniform_real_distribution<double> noise(vary_weights ? -so.weight_variation : 0.0,
                                                           vary_weights ? so.weight_variation : 1.0);
    boost::random::uniform_int_distribution<std::size_t> pick(0,
                                                              candidates.empty() ? 0 : candidates.size() - 1);
    boost::random::uniform_int_distribution<int> pick_norm(0, 2);  // NormVariant order
    boost::random::uniform_int_distribution<int> coin(0, 1);
    const CompositeMethod nominal_method = options.method;
    const CompositeMethod other_method = nominal_method == CompositeMethod::GeometricMean
                                             ? CompositeMethod::Mean
                                             : CompositeMethod::GeometricMean;
    out.run_parameters.resize(runs);
    for (StabilityRun& run : out.run_parameters) {
        if (vary_z) run.z_variant = candidates[pick(rng)];
        run.weights.resize(indicators.size());
        for (std::size_t j = 0; j < indicators.size(); ++j) {
            const double factor = vary_weights ? 1.0 + noise(rng) : 1.0;
            run.weights[j] = indicators[j].weight * factor;
        }
        if (so.vary_normalisation) run.normalisation = static_cast<NormVariant>(pick_norm(rng));
        run.aggregation = nominal_method;
        if (so.vary_aggregation && coin(rng) == 1) run.aggregation = other_method;
        if (so.vary_outliers) run.outliers = coin(rng) == 1 ? OutlierVariant::On : OutlierVariant::Off;
        resolve(run, nominal_method);
    }

    out.nominal_class.assign(areas, -1);
    for (std::size_t i = 0; i < areas; ++i) {
        const int k = out.nominal_index.ok(i) ? classify(out.nominal_index.value[i], scheme) : -1;
        out.nominal_class[i] = (k >= 0 && static_cast<std::size_t>(k) < classes) ? k : -1;
    }

    // counts[i * classes + k]: runs with area i in class k.
    std::vector<std::size_t> counts(areas * classes, 0);
    const bool anything_varies =
        vary_weights || vary_z || so.vary_normalisation || so.vary_aggregation || so.vary_outliers;
    if (!anything_varies) {
        // Nothing varies: every run is the nominal run, no need to recompute it `runs` times.
        for (std::size_t i = 0; i < areas; ++i)
            if (out.nominal_class[i] >= 0)
                counts[i * classes + static_cast<std::size_t>(out.nominal_class[i])] = runs;
    } else {
        std::vector<IndicatorSpec> varied = indicators;
        CompositeOptions varied_options = run_options;
        NormParams minmax_params;
        minmax_params.lower = 1.0;
        minmax_params.upper = 100.0;
        for (const StabilityRun& run : out.run_parameters) {
            for (std::size_t j = 0; j < varied.size(); ++j) {
                varied[j].weight = run.weights[j];
                switch (run.normalisation) {
                    case NormVariant::Nominal:
                        varied[j].method = is_z_family(indicators[j].method)
                                               ? method_of(run.z_variant, indicators[j].method)
                                               : indicators[j].method;
                        varied[j].params = indicators[j].params;
                        break;
                    case NormVariant::MinMax:
                        varied[j].method = NormMethod::MinMax;
                        varied[j].params = minmax_params;
                        break;
                    case NormVariant::PercentRank:
                        varied[j].method = NormMethod::PercentRank;
                        varied[j].params = NormParams{};
                        break;
                }
                varied[j].treat_outliers = run.outliers == OutlierVariant::Nominal
                                               ? indicators[j].treat_outliers
                                               : run.outliers == OutlierVariant::On;
            }
            varied_options.method = run.aggregation;
            Column index = composite(data, varied, varied_options, population).index;
            if (run.rescaled && !onto_nominal_scale(index, out.nominal_index)) continue;
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
