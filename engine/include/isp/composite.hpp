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
    Mss,            // Berlin MSS: z-score each indicator (sample SD), sum per area, divide by the sample SD
                    // of the sums over the reference areas
};

// "mean"/"mittel"/"mittelwert"/"amean" -> Mean; "sum"/"summe" -> Sum; "geo"/"gmean"/"geometrisch" ->
// GeometricMean; "mss"/"berlin" -> Mss. Throws Error(UnknownMethod).
CompositeMethod parse_composite_method(const std::string& keyword);
const char* composite_method_keyword(CompositeMethod method);

struct IndicatorSpec {
    int polarity = 1;     // +1 burden, -1 resource
    double weight = 1.0;  // >= 0; 0 leaves the indicator out
    NormMethod method = NormMethod::ZScore;
    NormParams params;
    bool treat_outliers = false;  // COINr rule before normalising (off by default)
};

struct CompositeOptions {
    CompositeMethod method = CompositeMethod::Mean;
    double min_coverage = 2.0 / 3.0;  // share of indicators (weight > 0) an area needs, in [0, 1]
    double min_population = 300.0;    // areas below are left out of the reference statistics and get
                                      // Reason::BelowMinPopulation; only when a population is given; 0 = off
    bool rescale_by_sd = false;       // divide the composite by its sample SD over reference areas
                                      // (no re-centring): the Sozialraummonitor default (§8.6)
    OutlierOptions outliers;
};

struct CompositeResult {
    Column index;                         // one per area
    Matrix scores;                        // normalised, polarity-aligned score per area and indicator
    std::vector<double> coverage;         // available share of indicators per area
    std::vector<Normaliser> normalisers;  // one per indicator (fitted on the reference areas)
    std::vector<Treatment> treatments;    // one per indicator
};

// data: areas x indicators (missing = kMissing). population: empty or one per area.
// Throws DimensionMismatch, EmptyInput, NonFiniteInput, NegativeWeight, ZeroWeightSum, InvalidParameter,
// NegativeCount (population), and the errors of Normaliser::fit (e.g. ZeroVariance of one indicator),
// NonPositiveInput (GeometricMean).
CompositeResult composite(const Matrix& data, const std::vector<IndicatorSpec>& indicators,
                          const CompositeOptions& options = {}, const std::vector<double>& population = {});

}  // namespace isp
