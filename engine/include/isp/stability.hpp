// Class stability of the composite index (methods.md §7 "ISP adaptation", issue item 2j). Zwickau forbids
// rankings, so instead of COINr's rank intervals this reports, per area, the share of Monte Carlo runs in
// which the area falls into each class when the weights and the SD type of the z-scores vary.
// Documented in docs/methods/fachplan-stability.md.
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
};

// Which z-score the z-family indicators used in one run.
enum class ZVariant : std::uint8_t {
    Nominal,     // as specified (nothing drawn, or the draw kept the nominal choice)
    Sample,      // ZScore (sample SD, n - 1)
    Population,  // ZScorePopulation (population SD, n)
    Weighted,    // ZScoreWeighted (population-weighted mean and SD)
};
const char* z_variant_keyword(ZVariant v) noexcept;  // "nominal", "z", "zpop", "zw"

// The parameters of one run, for the audit sheet ("keep every run's parameters", methods §7).
struct StabilityRun {
    std::vector<double> weights;  // one per indicator
    ZVariant z_variant = ZVariant::Nominal;
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
// weights and z-variants, classifies every result and counts class membership per area.
// Only z-family normalisations (ZScore, ZScorePopulation, ZScoreWeighted) are varied, because SD-unit
// cut-points only make sense for them; other indicators keep their method (their weights still vary).
// Throws InvalidParameter (runs outside 1..1,000,000, weight_variation outside [0, 1) or missing,
// vary_weighted_z without population), InvalidCutPoints / LabelCountMismatch (malformed scheme), and
// every error of isp::composite.
StabilityResult class_stability(const Matrix& data, const std::vector<IndicatorSpec>& indicators,
                                const CompositeOptions& options, const ClassScheme& scheme,
                                const StabilityOptions& so, const std::vector<double>& population = {});

}  // namespace isp
