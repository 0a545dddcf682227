// Normalising one indicator across areas (methods.md §2). Polarity is applied first (x' = d·x), so a
// higher score always means more Belastung.
#pragma once

#include <string>
#include <vector>

#include "isp/types.hpp"

namespace isp {

enum class NormMethod {
    ZScore,            // (x' - m) / s, sample SD (n-1): equals STANDARDIZE(x; AVERAGE(r); STDEV(r))
    ZScorePopulation,  // (x' - m) / sigma, population SD (n): STDEVP
    ZScoreWeighted,    // population-weighted mean and SD (weights = population)
    MinMax,            // (x' - min) / (max - min) * (upper - lower) + lower, default [0, 100]
    PercentRank,       // share of reference values below x', 0..1; equals Calc PERCENTRANK for members
    Ratio,             // (x / x_ref)^d * 100: "Landkreis = 100"; x_ref default population-weighted mean
    Goalposts,  // '+': (x - l)/(u - l), '-': (u - x)/(u - l), optionally clipped to [0, 1], times scale
    DistanceToTarget,  // '+': (x - min)/(target - min), '-': (max - x)/(max - target), optional cap at 1
    None,              // x' unchanged (polarity still applied)
};

// Keywords (case-insensitive, umlauts folded): "z"/"zscore"/"standard" -> ZScore; "zpop"/"zp" ->
// ZScorePopulation; "zw"/"zgewichtet"/"zweighted" -> ZScoreWeighted; "minmax" -> MinMax;
// "rank"/"prank"/"perzentil"/"rang" -> PercentRank; "ratio"/"verhaeltnis"/"index" -> Ratio;
// "goalposts"/"zielpfosten" -> Goalposts; "dist2targ"/"zielabstand" -> DistanceToTarget; "none"/"keine"
// -> None. Throws Error(UnknownMethod) listing the accepted keywords.
NormMethod parse_norm_method(const std::string& keyword);
const char* norm_method_keyword(NormMethod method);  // canonical keyword, e.g. "z", "zpop", "minmax"

struct NormParams {
    double lower = 0.0;  // MinMax target range
    double upper = 100.0;
    double reference = kMissing;  // Ratio: x_ref; missing -> (population-)weighted mean of the reference set
    double goal_low = kMissing;   // Goalposts l, u (required for Goalposts)
    double goal_high = kMissing;
    double scale = 1.0;        // Goalposts: multiply by this (e.g. 100)
    bool truncate = true;      // Goalposts: clip to [0, 1] before scaling
    double target = kMissing;  // DistanceToTarget: target (required)
    bool cap = true;           // DistanceToTarget: cap at 1
};

// Statistics of a reference distribution, fitted once and applied to any value: ISP_SCORE(x; reference),
// the pipeline, and a fixed base year (fit on the base year, apply to later years).
class Normaliser {
public:
    // reference: values of the comparison areas (missing skipped). weights: empty, or one per reference value
    // (population; used by ZScoreWeighted and by Ratio's default reference; missing weight = area left out).
    // Throws: EmptyInput, TooFewValues (z: n < 2), ZeroVariance (z: s = 0; MinMax: max = min),
    // NonFiniteInput, NegativeWeight, ZeroWeightSum, DimensionMismatch, InvalidPolarity, InvalidParameter
    // (goalposts/target missing or degenerate), ZeroDenominator (Ratio with x_ref = 0).
    static Normaliser fit(const std::vector<double>& reference, int polarity, NormMethod method,
                          const NormParams& params = {}, const std::vector<double>& weights = {});

    // Score of one value; a missing x gives kMissing. A value where the score is undefined (Ratio of a
    // resource with x = 0) gives kMissing too; use apply_checked to learn why.
    double apply(double x) const noexcept;
    Reason apply_checked(double x, double& out) const noexcept;

    NormMethod method() const noexcept { return method_; }
    int polarity() const noexcept { return polarity_; }
    std::size_t count() const noexcept { return n_; }         // non-missing reference values used
    double mean() const noexcept { return mean_; }            // of x' (weighted for ZScoreWeighted)
    double sd() const noexcept { return sd_; }                // the SD the method divides by
    double min() const noexcept { return min_; }              // of x'
    double max() const noexcept { return max_; }              // of x'
    double reference_value() const noexcept { return ref_; }  // Ratio: x_ref (raw scale)

private:
    NormMethod method_ = NormMethod::ZScore;
    int polarity_ = 1;
    NormParams params_;
    std::size_t n_ = 0;
    double mean_ = kMissing, sd_ = kMissing, min_ = kMissing, max_ = kMissing, ref_ = kMissing;
    std::vector<double> sorted_;  // PercentRank only: sorted x' of the reference
};

// Normalise x against itself (reference = the areas with in_reference[i] true, or all areas when
// in_reference is empty). Areas outside the reference still get a score. Missing x -> Reason::MissingInput.
Column normalise(const std::vector<double>& x, int polarity, NormMethod method, const NormParams& params = {},
                 const std::vector<double>& weights = {}, const std::vector<bool>& in_reference = {});

}  // namespace isp
