// The composite index (Belastungsindex) per area (methods.md §5, §8.1, §8.6).
#pragma once

#include <string>
#include <vector>

#include "isp/normalise.hpp"
#include "isp/outliers.hpp"
#include "isp/types.hpp"

namespace isp {

enum class CompositeMethod {
    Mean,           // weighted arithmetic mean of the scores, missing scores re-weight the rest
    Sum,            // weighted sum, scaled up by (sum of all weights / sum of available weights)
    GeometricMean,  // exp(sum w ln s / sum w); needs every available score > 0 (e.g. MinMax onto [1, 100])
    Mss,            // Berlin MSS: z-score each indicator (sample SD), sum per area (weighted, scaled for
                    // missing scores as Sum), divide by the sample SD of the sums over the reference areas
};

// The keywords of keywords::kCompositeMethod (isp/keywords.hpp: "mittel", "summe", "geometrisch", "mss" and
// their synonyms). Throws Error(UnknownMethod). composite_method_keyword gives the English one.
CompositeMethod parse_composite_method(const std::string& keyword);
const char* composite_method_keyword(CompositeMethod method);

struct IndicatorSpec {
    int polarity = 1;  // +1 burden, -1 resource (not checked for weight 0: a context indicator may carry 0)
    double weight = 1.0;  // >= 0, relative (only ratios matter, except for Sum); 0 leaves the indicator out
    NormMethod method = NormMethod::ZScore;
    NormParams params;
    bool treat_outliers = false;  // COINr rule on the raw values of the reference areas before normalising
                                  // (off by default)
};

struct CompositeOptions {
    CompositeMethod method = CompositeMethod::Mean;
    double min_coverage = 2.0 / 3.0;  // share of indicators (weight > 0) an area needs, in [0, 1]
    double min_population = 300.0;    // areas below are left out of the reference statistics and get
                                      // Reason::BelowMinPopulation; only when a population is given; 0 = off
    bool rescale_by_sd = false;       // divide the composite by its sample SD over reference areas
                                      // (no re-centring): the Sozialraummonitor default (§8.6)
    OutlierOptions outliers;
    bool keep_scores = true;  // fill CompositeResult::scores; false leaves it empty and saves writing an
                              // areas x indicators matrix (large inputs: the benchmark, the add-in's index)
    int threads = 0;          // 0 = automatic (1 for small inputs, up to 4 from about 1M matrix cells);
                              // 1..64 = that many. Results are bit-identical for every thread count.
};

struct CompositeResult {
    Column index;   // one per area
    Matrix scores;  // normalised, polarity-aligned score per area and indicator (areas x indicators);
                    // kMissing where the value is missing or its score undefined, for indicators with weight
                    // 0 and for areas outside the reference; empty when keep_scores is false
    std::vector<double> coverage;         // available share of indicators (weight > 0) per area
    std::vector<Normaliser> normalisers;  // one per indicator (fitted on the reference areas); a default
                                          // Normaliser (scores nothing) for indicators with weight 0
    std::vector<Treatment> treatments;    // one per indicator (None where treatment is off)
};

// data: areas x indicators (missing = kMissing). population: empty or one per area.
// Reference areas: all, or with a population those with population >= min_population (when > 0). The
// others get Reason::BelowMinPopulation (Reason::MissingInput if their population is missing) and no
// scores, and do not enter any statistic.
// Throws DimensionMismatch, EmptyInput (also: no reference area), NonFiniteInput, NegativeWeight,
// ZeroWeightSum, MissingValue (a weight is missing), InvalidPolarity (weight > 0 with polarity not +-1),
// InvalidParameter (options out of range; Mss with a non-z normalisation), NegativeCount (population), the
// errors of Normaliser::fit (e.g. ZeroVariance of one indicator), NonPositiveInput (GeometricMean), and for
// Mss / rescale_by_sd TooFewValues / ZeroVariance of the index over the reference areas. Messages name the
// indicator (column, counted from 1) and, where it matters, the area (row).
CompositeResult composite(const Matrix& data, const std::vector<IndicatorSpec>& indicators,
                          const CompositeOptions& options = {}, const std::vector<double>& population = {});

}  // namespace isp
