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

// The keywords of keywords::kNormMethod (isp/keywords.hpp: "z", "zpop", "zw", "minmax", "rang",
// "verhaeltnis", "zielpfosten", "zielabstand", "keine" and their synonyms). Throws Error(UnknownMethod)
// listing them.
NormMethod parse_norm_method(const std::string& keyword);
const char* norm_method_keyword(NormMethod method);  // the English keyword, e.g. "z", "rank", "ratio"

// Which mean a z-score centres on and a ratio divides by, when no reference value is given (ISP_SCORE's and
// ISP_BELASTUNG's "Bezugspunkt"). Only the z family and Ratio have a centre; the other methods accept
// Default and Mean (which change nothing there).
enum class Centre {
    Default,       // z, zpop: the plain mean; zw: the weighted mean; Ratio: the weighted mean if weights are
                   // given, else the plain mean (the behaviour before Centre existed)
    Mean,          // the plain (unweighted) mean of the reference values
    WeightedMean,  // the population-weighted mean (needs weights); the SD stays the method's own
};

struct NormParams {
    double lower = 0.0;  // MinMax target range
    double upper = 100.0;
    double reference = kMissing;      // Ratio: x_ref (> 0); missing -> the mean `centre` chooses.
                                      // z family: if given, the centre instead of the mean
                                      // (reference-centred z, methods §8.6): (x' - d·x_ref) / s
                                      // Other methods: must stay missing (InvalidParameter otherwise).
    Centre centre = Centre::Default;  // used when reference is missing
    double goal_low = kMissing;       // Goalposts l, u (required for Goalposts)
    double goal_high = kMissing;
    double scale = 1.0;        // Goalposts: multiply by this (e.g. 100)
    bool truncate = true;      // Goalposts: clip to [0, 1] before scaling
    double target = kMissing;  // DistanceToTarget: target (required)
    bool cap = true;           // DistanceToTarget: cap at 1
};

// Statistics of the raw reference values (before polarity), as a fused pass over a matrix computes them.
struct ReferenceMoments {
    std::size_t n = 0;       // non-missing values
    double mean = kMissing;  // of x
    double m2 = kMissing;    // sum of squared deviations from mean
    double min = kMissing, max = kMissing;
    bool weighted = false;            // weights (population) were given
    std::size_t weighted_n = 0;       // values with x and weight present
    double weight_sum = kMissing;     // sum of those weights
    double weighted_mean = kMissing;  // sum(w x) / sum(w)
    double weighted_m2 = kMissing;    // sum(w (x - weighted_mean)^2)
};

// Statistics of a reference distribution, fitted once and applied to any value: ISP_SCORE(x; reference),
// the pipeline, and a fixed base year (fit on the base year, apply to later years).
class Normaliser {
public:
    // For the methods where the score is an affine map of x' = d·x:
    //   score = (x' - shift) / divisor * factor + offset
    // (z family, MinMax, None, Goalposts without truncation, DistanceToTarget without cap). apply()
    // evaluates exactly this expression, so a caller may inline it and get bit-identical scores (the
    // composite's fused pass does). Every method here sets divisor = 1 and puts the reciprocal into factor
    // (z: factor = 1/s), so no value needs a division, the slowest arithmetic operation; the result
    // differs from STANDARDIZE's (x - m) / s by at most a rounding step.
    struct Affine {
        double shift = 0.0, divisor = 1.0, factor = 1.0, offset = 0.0;
    };

    // reference: values of the comparison areas (missing skipped). weights: empty, or one per reference value
    // (population; used by ZScoreWeighted and by Ratio's default reference, which leave out a value whose
    // weight is missing; the other methods only validate them).
    // Methods that need no statistics of the reference (None, Goalposts, Ratio with a given x_ref) accept an
    // empty reference.
    // Throws: EmptyInput (no value where statistics are needed), TooFewValues (z family, PercentRank:
    // n < 2), ZeroVariance (z family: s = 0, or s below 1e-12 of the largest |x'| where the deviations are
    // rounding noise; MinMax: max = min), NonFiniteInput (+-inf in reference, weights or a parameter; a
    // statistic that overflows), NegativeWeight, ZeroWeightSum, DimensionMismatch, InvalidPolarity,
    // InvalidParameter (MinMax lower >= upper; goalposts/target missing or degenerate; ZScoreWeighted or
    // Centre::WeightedMean without weights; a reference value or centre for a method without a centre;
    // Ratio x_ref < 0), ZeroDenominator (Ratio with x_ref = 0).
    static Normaliser fit(const std::vector<double>& reference, int polarity, NormMethod method,
                          const NormParams& params = {}, const std::vector<double>& weights = {});

    // The same from precomputed statistics; same validation and errors as fit(). PercentRank needs the
    // values themselves and throws InvalidParameter here.
    static Normaliser from_moments(const ReferenceMoments& moments, int polarity, NormMethod method,
                                   const NormParams& params = {});

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
    bool is_affine() const noexcept { return affine_ok_; }
    const Affine& affine() const noexcept { return affine_; }  // meaningful when is_affine()

private:
    NormMethod method_ = NormMethod::ZScore;
    int polarity_ = 1;
    NormParams params_;
    std::size_t n_ = 0;
    double mean_ = kMissing, sd_ = kMissing, min_ = kMissing, max_ = kMissing, ref_ = kMissing;
    std::vector<double> sorted_;  // PercentRank only: sorted x' of the reference
    Affine affine_;
    bool affine_ok_ = false;
    double low_ = kMissing, high_ = kMissing;  // on the x' scale: Goalposts l', u'; DistanceToTarget min', t'

    Reason general_score(double x_aligned, double x_raw, double& out) const noexcept;
};

// Normalise x against itself (reference = the areas with in_reference[i] true, or all areas when
// in_reference is empty). Areas outside the reference still get a score. Missing x -> Reason::MissingInput.
Column normalise(const std::vector<double>& x, int polarity, NormMethod method, const NormParams& params = {},
                 const std::vector<double>& weights = {}, const std::vector<bool>& in_reference = {});

}  // namespace isp
