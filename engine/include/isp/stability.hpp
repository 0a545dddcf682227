// Class stability of the composite index (methods.md §7 "ISP adaptation", issue item 2j). Zwickau forbids
// rankings, so instead of COINr's rank intervals this reports, per area, the share of Monte Carlo runs in
// which the area falls into each class when the weights, the normalisation, the aggregation, the outlier
// treatment and the SD type of the z-scores vary. Documented in docs/methods/fachplan-stability.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isp/classify.hpp"
#include "isp/composite.hpp"
#include "isp/types.hpp"

namespace isp {

struct StabilityOptions {
    int runs = 1000;                // Monte Carlo runs, 1 .. 1,000,000
    std::uint64_t seed = 20240115;  // same seed, same result on every platform (Boost.Random)
    // Each weight w' = w * (1 + U(-f, f)) per run (COINr get_noisy_weights); 0 <= f < 1 so weights stay
    // >= 0 and a weight of 0 stays 0.
    double weight_variation = 0.25;
    // Per run, z-family indicators use either the sample SD (ZScore) or the population SD
    // (ZScorePopulation), drawn with equal probability.
    bool vary_sd_type = true;
    // Adds the population-weighted z-score (ZScoreWeighted) to the draw; needs a population.
    bool vary_weighted_z = false;
    // The weights vary only if this is set and weight_variation > 0.
    bool vary_weights = true;
    // Per run one of {nominal, minmax onto [1, 100], percent rank} for every indicator (NormVariant).
    bool vary_normalisation = false;
    // Per run the nominal aggregation or the other one of {arithmetic, geometric} (see class_stability).
    bool vary_aggregation = false;
    // Per run the COINr outlier treatment on for every indicator or off for every indicator.
    bool vary_outliers = false;
};

// Selects what varies from the keywords of keywords::kVariation (isp/keywords.hpp: "gewichte", "normierung",
// "aggregation", "ausreisser", "sd", "alle" and their synonyms). Every listed dimension varies,
// every other one is off; vary_weighted_z, weight_variation, runs and seed are left as they are. An empty
// list changes nothing (the default: weights and SD type). Throws Error(UnknownMethod) naming the accepted
// keywords.
void select_variations(const std::vector<std::string>& keywords, StabilityOptions& so);

// Which z-score the z-family indicators used in one run.
enum class ZVariant : std::uint8_t {
    Nominal,     // as specified (nothing drawn, or the draw kept the nominal choice)
    Sample,      // ZScore (sample SD, n - 1)
    Population,  // ZScorePopulation (population SD, n)
    Weighted,    // ZScoreWeighted (population-weighted mean and SD)
};
const char* z_variant_keyword(ZVariant v) noexcept;  // "nominal", "z", "zpop", "zw"

// Which normalisation every indicator used in one run.
enum class NormVariant : std::uint8_t {
    Nominal,      // as specified per indicator (the z variant may still replace a z-family method)
    MinMax,       // min-max onto [1, 100] (positive, so the geometric mean is defined)
    PercentRank,  // percent rank 0..1
};
const char* norm_variant_keyword(NormVariant v) noexcept;  // "nominal", "minmax", "rang"

// Outlier treatment in one run.
enum class OutlierVariant : std::uint8_t {
    Nominal,  // as specified per indicator
    On,       // every indicator treated (COINr rule, CompositeOptions::outliers)
    Off,      // no indicator treated
};
const char* outlier_variant_keyword(OutlierVariant v) noexcept;  // "nominal", "an", "aus"

// The parameters of one run, for the audit sheet ("keep every run's parameters", methods §7). The fields
// hold what the run used after the resolution rules of class_stability, not the raw draws.
struct StabilityRun {
    std::vector<double> weights;             // one per indicator
    ZVariant z_variant = ZVariant::Nominal;  // Nominal also where the run did not use z-scores
    NormVariant normalisation = NormVariant::Nominal;
    CompositeMethod aggregation = CompositeMethod::Mean;
    OutlierVariant outliers = OutlierVariant::Nominal;
    // The run's index was mapped onto the nominal index's centre and spread before classifying (its
    // normalisation or aggregation differs from the nominal one).
    bool rescaled = false;
};

struct StabilityResult {
    Column nominal_index;              // composite with the nominal parameters
    std::vector<int> nominal_class;    // per area; -1 = no nominal class (index missing)
    Column stability;                  // share of runs in the nominal class; missing where no nominal class
    Matrix probability;                // areas x classes: share of runs in each class; a row of kMissing
                                       // where the area has no nominal class
    std::vector<double> unclassified;  // share of runs without a class (0 unless a variant drops the area);
                                       // kMissing where no nominal class. Row of probability + this = 1
    std::vector<std::string> class_labels;     // the scheme's labels, one per column of probability
    std::vector<StabilityRun> run_parameters;  // one per run
    int runs = 0;
};

// data, indicators, options, population: as for isp::composite (composite.hpp). scheme: as for
// isp::classify. Runs the composite with the nominal parameters and then `so.runs` times with varied
// parameters, classifies every result and counts class membership per area.
// Per run (draws in this order, each only if its dimension varies): the z variant of the z-family
// indicators, one weight factor per indicator, the normalisation, the aggregation, the outlier switch.
// Resolution: the aggregation alternative is GeometricMean, or Mean when the nominal one is GeometricMean;
// a geometric run whose normalisation is not positive by construction (percent rank, or the nominal one
// when the nominal aggregation is not geometric) uses MinMax onto [1, 100]; a run with a non-nominal
// normalisation under a nominal Mss aggregates with Mean (Mss needs z-scores); the z variant only applies
// where the run keeps the nominal normalisation.
// Rescaling: the cut-points are in the nominal index's units (SD units for the presets). A run whose
// normalisation or aggregation differs from the nominal one is mapped affinely onto the nominal index's
// mean and sample SD over the areas where both have an index: v' = m_nom + (v - m_run) * s_nom / s_run.
// Runs with the nominal normalisation and aggregation (weights, SD type, outliers varied) are classified as
// computed. A rescaled run with fewer than 2 common areas or without spread classifies no area.
// Throws InvalidParameter (runs outside 1..1,000,000, weight_variation outside [0, 1) or missing,
// vary_weighted_z without population), InvalidCutPoints / LabelCountMismatch (malformed scheme), and
// every error of isp::composite (also from a varied run).
StabilityResult class_stability(const Matrix& data, const std::vector<IndicatorSpec>& indicators,
                                const CompositeOptions& options, const ClassScheme& scheme,
                                const StabilityOptions& so, const std::vector<double>& population = {});

}  // namespace isp
