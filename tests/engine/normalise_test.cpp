#include "isp/normalise.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "isp/error.hpp"
#include "test_errors.hpp"

namespace {

using isp::test::code_of;

using isp::ErrorCode;
using isp::kMissing;
using isp::Normaliser;
using isp::NormMethod;
using isp::NormParams;
using isp::Reason;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTol = 1e-12;

// The textbook set: mean 5, sum of squared deviations 9+1+1+1+0+0+4+16 = 32, population SD sqrt(32/8) = 2,
// sample SD sqrt(32/7).
const std::vector<double> kR = {2, 4, 4, 4, 5, 5, 7, 9};

// Uniform doubles from mt19937_64 (whose output sequence the standard fixes), so the data are the same on
// every platform.
std::vector<double> random_values(std::size_t n, std::uint64_t seed, double lo, double hi) {
    std::mt19937_64 gen(seed);
    std::vector<double> v(n);
    for (double& x : v) x = lo + (hi - lo) * (static_cast<double>(gen() >> 11) * 0x1.0p-53);
    return v;
}

// ---- Keywords -----------------------------------------------------------------------------------------

TEST(Normalise, KeywordsWithGermanSynonyms) {
    EXPECT_EQ(isp::parse_norm_method("z"), NormMethod::ZScore);
    EXPECT_EQ(isp::parse_norm_method("Z-Score"), NormMethod::ZScore);
    EXPECT_EQ(isp::parse_norm_method("standard"), NormMethod::ZScore);
    EXPECT_EQ(isp::parse_norm_method("ZPOP"), NormMethod::ZScorePopulation);
    EXPECT_EQ(isp::parse_norm_method("zp"), NormMethod::ZScorePopulation);
    EXPECT_EQ(isp::parse_norm_method("z-Grundgesamtheit"), NormMethod::ZScorePopulation);
    EXPECT_EQ(isp::parse_norm_method("z gewichtet"), NormMethod::ZScoreWeighted);
    EXPECT_EQ(isp::parse_norm_method("z_weighted"), NormMethod::ZScoreWeighted);
    EXPECT_EQ(isp::parse_norm_method("Min-Max"), NormMethod::MinMax);
    EXPECT_EQ(isp::parse_norm_method("Perzentil"), NormMethod::PercentRank);
    EXPECT_EQ(isp::parse_norm_method("Rang"), NormMethod::PercentRank);
    EXPECT_EQ(isp::parse_norm_method("percentrank"), NormMethod::PercentRank);
    EXPECT_EQ(isp::parse_norm_method("VERHÄLTNIS"), NormMethod::Ratio);
    EXPECT_EQ(isp::parse_norm_method("verhaeltnis"), NormMethod::Ratio);
    EXPECT_EQ(isp::parse_norm_method("Index"), NormMethod::Ratio);
    EXPECT_EQ(isp::parse_norm_method("Zielpfosten"), NormMethod::Goalposts);
    EXPECT_EQ(isp::parse_norm_method("goalposts"), NormMethod::Goalposts);
    EXPECT_EQ(isp::parse_norm_method("Zielabstand"), NormMethod::DistanceToTarget);
    EXPECT_EQ(isp::parse_norm_method("dist2targ"), NormMethod::DistanceToTarget);
    EXPECT_EQ(isp::parse_norm_method("keine"), NormMethod::None);
    EXPECT_EQ(isp::parse_norm_method("none"), NormMethod::None);
}

TEST(Normalise, CanonicalKeywordsRoundTrip) {
    const NormMethod all[] = {NormMethod::ZScore,    NormMethod::ZScorePopulation, NormMethod::ZScoreWeighted,
                              NormMethod::MinMax,    NormMethod::PercentRank,      NormMethod::Ratio,
                              NormMethod::Goalposts, NormMethod::DistanceToTarget, NormMethod::None};
    for (NormMethod m : all) EXPECT_EQ(isp::parse_norm_method(isp::norm_method_keyword(m)), m);
}

TEST(Normalise, UnknownKeywordListsTheAcceptedOnes) {
    try {
        isp::parse_norm_method("zscroe");
        FAIL() << "no error";
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::UnknownMethod);
        EXPECT_NE(e.message_de().find("zscroe"), std::string::npos);
        // German messages list the German keywords, English ones the English keywords (isp/keywords.hpp).
        for (const char* word : {"zpop", "minmax", "rang", "verhaeltnis", "zielpfosten", "keine"})
            EXPECT_NE(e.message_de().find(word), std::string::npos) << word;
        for (const char* word : {"zpop", "minmax", "rank", "ratio", "goalposts", "none"})
            EXPECT_NE(e.message_en().find(word), std::string::npos) << word;
    }
    EXPECT_EQ(code_of([] { isp::parse_norm_method(""); }), ErrorCode::UnknownMethod);
}

// ---- z family -----------------------------------------------------------------------------------------

TEST(Normalise, ZScoreEqualsCalcStandardize) {
    // STANDARDIZE(x; AVERAGE(r); STDEV(r)) with AVERAGE = 5, STDEV = sqrt(32/7):
    //   x = 9: 4 / sqrt(32/7) = sqrt(16 * 7 / 32) = sqrt(3.5)
    //   x = 2: -3 / sqrt(32/7) = -sqrt(9 * 7 / 32) = -sqrt(1.96875)
    //   x = 5: 0
    const Normaliser n = Normaliser::fit(kR, 1, NormMethod::ZScore);
    EXPECT_EQ(n.count(), 8u);
    EXPECT_NEAR(n.mean(), 5.0, kTol);
    EXPECT_NEAR(n.sd(), std::sqrt(32.0 / 7.0), kTol);
    EXPECT_NEAR(n.apply(9), std::sqrt(3.5), kTol);
    EXPECT_NEAR(n.apply(2), -std::sqrt(1.96875), kTol);
    EXPECT_NEAR(n.apply(5), 0.0, kTol);
    // A value outside the reference still gets a score: (12 - 5) / sqrt(32/7) = sqrt(49 * 7 / 32).
    EXPECT_NEAR(n.apply(12), std::sqrt(49.0 * 7.0 / 32.0), kTol);
    EXPECT_TRUE(std::isnan(n.apply(kMissing)));
    double out = 0.0;
    EXPECT_EQ(n.apply_checked(kMissing, out), Reason::MissingInput);
    EXPECT_TRUE(std::isnan(out));
}

TEST(Normalise, ZScorePopulationUsesStdevp) {
    // STDEVP(r) = sqrt(32/8) = 2: (9 - 5) / 2 = 2, (2 - 5) / 2 = -1.5.
    const Normaliser n = Normaliser::fit(kR, 1, NormMethod::ZScorePopulation);
    EXPECT_NEAR(n.sd(), 2.0, kTol);
    EXPECT_NEAR(n.apply(9), 2.0, kTol);
    EXPECT_NEAR(n.apply(2), -1.5, kTol);
}

TEST(Normalise, SdTypeFactorForThirteenAreas) {
    // methods §2 and §12: for n = 13, z_pop / z = sqrt(13/12) = 1.0408.
    std::vector<double> x;
    for (int i = 1; i <= 13; ++i) x.push_back(i * 1.7 + (i % 3));
    const Normaliser z = Normaliser::fit(x, 1, NormMethod::ZScore);
    const Normaliser zp = Normaliser::fit(x, 1, NormMethod::ZScorePopulation);
    const double factor = std::sqrt(13.0 / 12.0);
    EXPECT_NEAR(factor, 1.0408, 5e-5);
    for (double v : x) {
        if (std::fabs(z.apply(v)) > 1e-9) {
            EXPECT_NEAR(zp.apply(v) / z.apply(v), factor, kTol);
        }
    }
}

TEST(Normalise, WeightedZScoreByHand) {
    // r = {1, 2, 3}, w = {1, 1, 2}: m_w = (1 + 2 + 6) / 4 = 2.25;
    // sigma_w^2 = (1 * 1.25^2 + 1 * 0.25^2 + 2 * 0.75^2) / 4 = (1.5625 + 0.0625 + 1.125) / 4 = 0.6875;
    // z(3) = 0.75 / sqrt(0.6875), z(1) = -1.25 / sqrt(0.6875).
    const Normaliser n = Normaliser::fit({1, 2, 3}, 1, NormMethod::ZScoreWeighted, {}, {1, 1, 2});
    EXPECT_NEAR(n.mean(), 2.25, kTol);
    EXPECT_NEAR(n.sd(), std::sqrt(0.6875), kTol);
    EXPECT_NEAR(n.apply(3), 0.75 / std::sqrt(0.6875), kTol);
    EXPECT_NEAR(n.apply(1), -1.25 / std::sqrt(0.6875), kTol);
    // A value whose weight is missing is left out: the same as without the 4th value.
    const Normaliser left_out =
        Normaliser::fit({1, 2, 3, 100}, 1, NormMethod::ZScoreWeighted, {}, {1, 1, 2, kMissing});
    EXPECT_NEAR(left_out.apply(3), n.apply(3), kTol);
    EXPECT_EQ(left_out.count(), 3u);
}

TEST(Normalise, WeightedZWithEqualWeightsIsPopulationZ) {
    // sum w (x - m)^2 / sum w with w = c is sum (x - m)^2 / n: the population SD.
    const std::vector<double> x = random_values(50, 7, -3, 11);
    const std::vector<double> w(x.size(), 3.5);
    const Normaliser zw = Normaliser::fit(x, 1, NormMethod::ZScoreWeighted, {}, w);
    const Normaliser zp = Normaliser::fit(x, 1, NormMethod::ZScorePopulation);
    for (double v : x) EXPECT_NEAR(zw.apply(v), zp.apply(v), kTol);
}

TEST(Normalise, ReferenceCentredZ) {
    // methods §8.6: z_ref = (x' - x'_ref) / s. x_ref = 6: (9 - 6) / sqrt(32/7) = sqrt(9 * 7 / 32).
    NormParams p;
    p.reference = 6;
    const Normaliser n = Normaliser::fit(kR, 1, NormMethod::ZScore, p);
    EXPECT_NEAR(n.apply(9), std::sqrt(9.0 * 7.0 / 32.0), kTol);
    EXPECT_NEAR(n.apply(6), 0.0, kTol);
    EXPECT_NEAR(n.reference_value(), 6.0, 0.0);
    // A resource: x' = -x, centre -6: (-9 + 6) / s.
    const Normaliser r = Normaliser::fit(kR, -1, NormMethod::ZScore, p);
    EXPECT_NEAR(r.apply(9), -std::sqrt(9.0 * 7.0 / 32.0), kTol);
}

TEST(Normalise, CentreOnTheWeightedMean) {
    // Values 10, 20 with weights 3, 1: weighted mean (30 + 20) / 4 = 12.5; sample SD of {10, 20} = sqrt(50).
    NormParams p;
    p.centre = isp::Centre::WeightedMean;
    const Normaliser z = Normaliser::fit({10, 20}, 1, NormMethod::ZScore, p, {3, 1});
    EXPECT_NEAR(z.apply(20), 7.5 / std::sqrt(50.0), kTol);
    EXPECT_NEAR(z.apply(12.5), 0.0, kTol);
    // A resource: x' = -x, centre -12.5: (-10 + 12.5) / sqrt(50).
    EXPECT_NEAR(Normaliser::fit({10, 20}, -1, NormMethod::ZScore, p, {3, 1}).apply(10), 2.5 / std::sqrt(50.0),
                kTol);
    // zpop keeps its population SD sqrt(25) = 5.
    EXPECT_NEAR(Normaliser::fit({10, 20}, 1, NormMethod::ZScorePopulation, p, {3, 1}).apply(20), 7.5 / 5.0,
                kTol);
    // Ratio: 20 / 12.5 * 100 = 160, also without the weights being the default.
    EXPECT_NEAR(Normaliser::fit({10, 20}, 1, NormMethod::Ratio, p, {3, 1}).apply(20), 160.0, kTol);
    // Without weights: InvalidParameter.
    EXPECT_EQ(code_of([&] {
                  Normaliser::fit({10, 20}, 1, NormMethod::ZScore, p);
              }),
              ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([&] {
                  Normaliser::fit({10, 20}, 1, NormMethod::Ratio, p);
              }),
              ErrorCode::InvalidParameter);
}

TEST(Normalise, CentreOnThePlainMean) {
    // Ratio with weights defaults to the weighted mean (12.5); Centre::Mean asks for the plain mean 15.
    NormParams p;
    p.centre = isp::Centre::Mean;
    EXPECT_NEAR(Normaliser::fit({10, 20}, 1, NormMethod::Ratio, p, {3, 1}).apply(30), 200.0, kTol);
    // zw with Centre::Mean: centre 15, weighted SD sqrt((3 * 2.5^2 + 7.5^2) / 4) = sqrt(18.75).
    EXPECT_NEAR(Normaliser::fit({10, 20}, 1, NormMethod::ZScoreWeighted, p, {3, 1}).apply(20),
                5.0 / std::sqrt(18.75), kTol);
}

TEST(Normalise, ReferencePointOnlyForMethodsWithACentre) {
    NormParams given;
    given.reference = 5;
    NormParams weighted;
    weighted.centre = isp::Centre::WeightedMean;
    for (NormMethod m : {NormMethod::MinMax, NormMethod::PercentRank, NormMethod::None}) {
        EXPECT_EQ(code_of([&] { Normaliser::fit(kR, 1, m, given); }), ErrorCode::InvalidParameter);
        EXPECT_EQ(code_of([&] { Normaliser::fit(kR, 1, m, weighted, std::vector<double>(kR.size(), 1.0)); }),
                  ErrorCode::InvalidParameter);
    }
    try {
        Normaliser::fit(kR, 1, NormMethod::MinMax, given);
    } catch (const isp::Error& e) {
        EXPECT_NE(std::string(e.what()).find("minmax"), std::string::npos) << e.what();
    }
}

// ---- MinMax, percent rank, ratio, goalposts, distance to target, none --------------------------------

TEST(Normalise, MinMaxByHand) {
    // min 2, max 9: (5 - 2) / 7 * 100 = 300/7; the minimum maps to 0 exactly, the maximum to 100 (up to
    // the rounding of the precomputed 100/7).
    const Normaliser n = Normaliser::fit(kR, 1, NormMethod::MinMax);
    EXPECT_NEAR(n.apply(5), 300.0 / 7.0, kTol);
    EXPECT_EQ(n.apply(2), 0.0);
    EXPECT_NEAR(n.apply(9), 100.0, kTol);
    // [1, 100] (for a geometric mean): (5 - 2) / 7 * 99 + 1.
    NormParams p;
    p.lower = 1;
    p.upper = 100;
    const Normaliser g = Normaliser::fit(kR, 1, NormMethod::MinMax, p);
    EXPECT_NEAR(g.apply(5), 3.0 / 7.0 * 99.0 + 1.0, kTol);
    EXPECT_EQ(g.apply(2), 1.0);
    EXPECT_NEAR(g.apply(9), 100.0, kTol);
}

TEST(Normalise, PercentRankEqualsCalcPercentrankForMembers) {
    // Sorted r = 2 4 4 4 5 5 7 9, n - 1 = 7. PERCENTRANK(r; x; 15) (15 digits, i.e. without Calc's default
    // rounding to 3 significant digits) = number of smaller values / 7:
    //   2 -> 0, 4 -> 1/7, 5 -> 4/7, 7 -> 6/7, 9 -> 1.
    const Normaliser n = Normaliser::fit(kR, 1, NormMethod::PercentRank);
    EXPECT_EQ(n.apply(2), 0.0);
    EXPECT_NEAR(n.apply(4), 1.0 / 7.0, kTol);
    EXPECT_NEAR(n.apply(5), 4.0 / 7.0, kTol);
    EXPECT_NEAR(n.apply(7), 6.0 / 7.0, kTol);
    EXPECT_EQ(n.apply(9), 1.0);
    // The same as COINr n_prank: (rank_min - 1) / (n - 1); rank_min(5) = 5 -> 4/7.
}

TEST(Normalise, PercentRankInterpolatesLikeCalcForNonMembers) {
    // Calc GetPercentrank: x between members a[i-1] < x < a[i] gives (i - 1 + (x - a[i-1]) / (a[i] - a[i-1]))
    // / 7.
    //   x = 6: i = 6 (a[5] = 5, a[6] = 7): (5 + 0.5) / 7 = 5.5/7 (Calc with 3 digits: 0.786)
    //   x = 3: i = 1 (a[0] = 2, a[1] = 4): (0 + 0.5) / 7 = 0.5/7 (Calc: 0.0714)
    //   x = 8: i = 7: (6 + 0.5) / 7
    const Normaliser n = Normaliser::fit(kR, 1, NormMethod::PercentRank);
    EXPECT_NEAR(n.apply(6), 5.5 / 7.0, kTol);
    EXPECT_NEAR(n.apply(3), 0.5 / 7.0, kTol);
    EXPECT_NEAR(n.apply(8), 6.5 / 7.0, kTol);
    // Outside the reference range Calc gives #N/A: Reason::Undefined.
    double out = 0.0;
    EXPECT_EQ(n.apply_checked(1.9, out), Reason::Undefined);
    EXPECT_EQ(n.apply_checked(9.1, out), Reason::Undefined);
    EXPECT_TRUE(std::isnan(out));
}

TEST(Normalise, PercentRankOfAResourceRanksTheMirroredValues) {
    // x' = -x: the largest x is the smallest x' -> 0; x = 2 -> 1; x = 7 -> one smaller x' (-9) -> 1/7.
    const Normaliser n = Normaliser::fit(kR, -1, NormMethod::PercentRank);
    EXPECT_EQ(n.apply(9), 0.0);
    EXPECT_EQ(n.apply(2), 1.0);
    EXPECT_NEAR(n.apply(7), 1.0 / 7.0, kTol);
}

TEST(Normalise, RatioToReference) {
    // Default x_ref = AVERAGE(r) = 5: 4 / 5 * 100 = 80; a resource: 5 / 4 * 100 = 125.
    const Normaliser burden = Normaliser::fit(kR, 1, NormMethod::Ratio);
    EXPECT_NEAR(burden.reference_value(), 5.0, kTol);
    EXPECT_NEAR(burden.apply(4), 80.0, kTol);
    const Normaliser resource = Normaliser::fit(kR, -1, NormMethod::Ratio);
    EXPECT_NEAR(resource.apply(4), 125.0, kTol);
    EXPECT_NEAR(resource.apply(5), 100.0, kTol);
    // x = 0 of a resource: x_ref / 0 is undefined.
    double out = 0.0;
    EXPECT_EQ(resource.apply_checked(0.0, out), Reason::Undefined);
    // With population weights the default is the weighted mean: (3 * 10 + 1 * 20) / 4 = 12.5; 25 -> 200.
    const Normaliser weighted = Normaliser::fit({10, 20}, 1, NormMethod::Ratio, {}, {3, 1});
    EXPECT_NEAR(weighted.reference_value(), 12.5, kTol);
    EXPECT_NEAR(weighted.apply(25), 200.0, kTol);
    // A given x_ref (the Landkreis value): 25 / 50 * 100 = 50.
    NormParams p;
    p.reference = 50;
    EXPECT_NEAR(Normaliser::fit({}, 1, NormMethod::Ratio, p).apply(25), 50.0, kTol);
}

TEST(Normalise, GoalpostsByHand) {
    // COINr n_goalposts with l = 0, u = 10, scale 100: '+' (2.5 - 0) / 10 * 100 = 25; '-' (10 - 2.5) / 10 *
    // 100 = 75; 12 is clipped to 1 -> 100 with trunc2posts, 120 without.
    NormParams p;
    p.goal_low = 0;
    p.goal_high = 10;
    p.scale = 100;
    const Normaliser up = Normaliser::fit({}, 1, NormMethod::Goalposts, p);
    EXPECT_NEAR(up.apply(2.5), 25.0, kTol);
    EXPECT_NEAR(up.apply(12), 100.0, kTol);
    EXPECT_NEAR(up.apply(-3), 0.0, kTol);
    EXPECT_FALSE(up.is_affine());
    const Normaliser down = Normaliser::fit({}, -1, NormMethod::Goalposts, p);
    EXPECT_NEAR(down.apply(2.5), 75.0, kTol);
    p.truncate = false;
    const Normaliser open = Normaliser::fit({}, 1, NormMethod::Goalposts, p);
    EXPECT_NEAR(open.apply(12), 120.0, kTol);
    EXPECT_TRUE(open.is_affine());
}

TEST(Normalise, DistanceToTargetByHand) {
    // COINr n_dist2targ, min 2, max 9. '+', target 12: (7 - 2) / (12 - 2) = 0.5; x = 20 -> 1.8, capped at 1.
    NormParams p;
    p.target = 12;
    const Normaliser up = Normaliser::fit(kR, 1, NormMethod::DistanceToTarget, p);
    EXPECT_NEAR(up.apply(7), 0.5, kTol);
    EXPECT_NEAR(up.apply(20), 1.0, kTol);
    p.cap = false;
    EXPECT_NEAR(Normaliser::fit(kR, 1, NormMethod::DistanceToTarget, p).apply(20), 1.8, kTol);
    // '-', target 0: (max - x) / (max - target) = (9 - 7) / 9.
    p.target = 0;
    p.cap = true;
    EXPECT_NEAR(Normaliser::fit(kR, -1, NormMethod::DistanceToTarget, p).apply(7), 2.0 / 9.0, kTol);
}

TEST(Normalise, NoneKeepsAlignedValue) {
    const Normaliser up = Normaliser::fit(kR, 1, NormMethod::None);
    const Normaliser down = Normaliser::fit(kR, -1, NormMethod::None);
    EXPECT_EQ(up.apply(4.25), 4.25);
    EXPECT_EQ(down.apply(4.25), -4.25);
}

// ---- normalise() ------------------------------------------------------------------------------------

TEST(Normalise, MissingValuesAreSkippedAndReported) {
    // Reference {1, 3, 5}: mean 3, s = sqrt(8/2) = 2 -> -1, (missing), 0, 1.
    const isp::Column c = isp::normalise({1, kMissing, 3, 5}, 1, NormMethod::ZScore);
    ASSERT_EQ(c.size(), 4u);
    EXPECT_NEAR(c.value[0], -1.0, kTol);
    EXPECT_EQ(c.reason[1], Reason::MissingInput);
    EXPECT_TRUE(std::isnan(c.value[1]));
    EXPECT_NEAR(c.value[2], 0.0, kTol);
    EXPECT_NEAR(c.value[3], 1.0, kTol);
}

TEST(Normalise, AreasOutsideTheReferenceGetAScoreButDoNotShapeIt) {
    // Reference = areas 0..2 ({1, 3, 5}: mean 3, s = 2); area 3 (x = 100) is scored against it: 48.5.
    const isp::Column c =
        isp::normalise({1, 3, 5, 100}, 1, NormMethod::ZScore, {}, {}, {true, true, true, false});
    EXPECT_NEAR(c.value[0], -1.0, kTol);
    EXPECT_NEAR(c.value[3], 48.5, kTol);
}

// ---- Properties ---------------------------------------------------------------------------------------

TEST(NormaliseProperty, FlippingPolarityMirrorsZScores) {
    // x' = -x: the mean and the deviations change sign, the SD does not, so z(-x) = -z(x).
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        const std::vector<double> x = random_values(40, seed, -50, 120);
        for (NormMethod m : {NormMethod::ZScore, NormMethod::ZScorePopulation}) {
            const isp::Column up = isp::normalise(x, 1, m);
            const isp::Column down = isp::normalise(x, -1, m);
            for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(down.value[i], -up.value[i], kTol);
        }
    }
}

TEST(NormaliseProperty, FlippingPolarityMirrorsMinMax) {
    // min' = -max, max' = -min: (-x + max) / (max - min) * 100 = 100 - (x - min) / (max - min) * 100.
    for (std::uint64_t seed = 11; seed <= 15; ++seed) {
        const std::vector<double> x = random_values(40, seed, 0, 1000);
        const isp::Column up = isp::normalise(x, 1, NormMethod::MinMax);
        const isp::Column down = isp::normalise(x, -1, NormMethod::MinMax);
        for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(down.value[i], 100.0 - up.value[i], 1e-10);
    }
}

TEST(NormaliseProperty, ZScoresInvariantToAffineRescaling) {
    // z(a x + b) = z(x) for a > 0: mean -> a m + b, s -> a s, deviations -> a (x - m).
    const std::vector<double> x = random_values(60, 99, 0, 40);
    const isp::Column base = isp::normalise(x, 1, NormMethod::ZScore);
    for (const auto& [a, b] : std::vector<std::pair<double, double>>{{2.5, -7}, {0.001, 1e4}, {1000, 3}}) {
        std::vector<double> y(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) y[i] = a * x[i] + b;
        const isp::Column scaled = isp::normalise(y, 1, NormMethod::ZScore);
        for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(scaled.value[i], base.value[i], 1e-9);
    }
}

// ---- Errors -------------------------------------------------------------------------------------------

TEST(NormaliseErrors, ZeroVariance) {
    EXPECT_EQ(code_of([] { Normaliser::fit({3, 3, 3}, 1, NormMethod::ZScore); }), ErrorCode::ZeroVariance);
    EXPECT_EQ(code_of([] { Normaliser::fit({3, 3, 3}, 1, NormMethod::MinMax); }), ErrorCode::ZeroVariance);
    // Thirteen equal values 0.1: the computed spread must not turn rounding noise into scores.
    const std::vector<double> tenths(13, 0.1);
    EXPECT_EQ(code_of([&] { Normaliser::fit(tenths, 1, NormMethod::ZScore); }), ErrorCode::ZeroVariance);
    EXPECT_EQ(code_of([&] {
                  Normaliser::fit(tenths, 1, NormMethod::ZScoreWeighted, {}, std::vector<double>(13, 7));
              }),
              ErrorCode::ZeroVariance);
    // A percent rank of equal values is defined (all 0, as Calc).
    EXPECT_EQ(Normaliser::fit({3, 3, 3}, 1, NormMethod::PercentRank).apply(3), 0.0);
}

TEST(NormaliseErrors, TooFewOrNoValues) {
    EXPECT_EQ(code_of([] { Normaliser::fit({4}, 1, NormMethod::ZScore); }), ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({4, kMissing}, 1, NormMethod::ZScorePopulation);
              }),
              ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] { Normaliser::fit({4}, 1, NormMethod::PercentRank); }), ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] { Normaliser::fit({}, 1, NormMethod::ZScore); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({kMissing, kMissing}, 1, NormMethod::MinMax);
              }),
              ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { Normaliser::fit({}, 1, NormMethod::Ratio); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::normalise({}, 1, NormMethod::ZScore); }), ErrorCode::EmptyInput);
}

TEST(NormaliseErrors, Infinities) {
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({1, kInf, 3}, 1, NormMethod::ZScore);
              }),
              ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({1, 2, 3}, 1, NormMethod::ZScoreWeighted, {}, {1, -kInf, 1});
              }),
              ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] {
                  isp::normalise({1, 2, -kInf}, 1, NormMethod::MinMax);
              }),
              ErrorCode::NonFiniteInput);
    NormParams p;
    p.reference = kInf;
    EXPECT_EQ(code_of([&] { Normaliser::fit({1, 2}, 1, NormMethod::Ratio, p); }), ErrorCode::NonFiniteInput);
    // apply() on an infinite value cannot throw; it reports Undefined.
    double out = 0.0;
    EXPECT_EQ(Normaliser::fit(kR, 1, NormMethod::ZScore).apply_checked(kInf, out), Reason::Undefined);
}

TEST(NormaliseErrors, HugeAndTinyValuesFailCleanly) {
    // Squared deviations of 1e200 overflow: an error, not a silent 0 or infinity.
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({1e200, 2e200, 3e200}, 1, NormMethod::ZScore);
              }),
              ErrorCode::NonFiniteInput);
    // Squares of deviations near 1e-200 underflow to 0: reported as zero spread, not scored as noise.
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({1e-200, 2e-200, 3e-200}, 1, NormMethod::ZScore);
              }),
              ErrorCode::ZeroVariance);
    // Min-max needs no squares: fine.
    EXPECT_NEAR(Normaliser::fit({1e200, 2e200, 3e200}, 1, NormMethod::MinMax).apply(2e200), 50.0, kTol);
    // A range that overflows (1e308 - (-1e308)).
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({-1e308, 1e308}, 1, NormMethod::MinMax);
              }),
              ErrorCode::NonFiniteInput);
    // Far outside the reference a score can overflow: Undefined, not inf.
    double out = 0.0;
    EXPECT_EQ(Normaliser::fit({0, 1e-300}, 1, NormMethod::MinMax).apply_checked(1e300, out),
              Reason::Undefined);
}

TEST(NormaliseErrors, NegativeWeightsAndZeroWeightSum) {
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({1, 2, 3}, 1, NormMethod::ZScoreWeighted, {}, {1, -1, 1});
              }),
              ErrorCode::NegativeWeight);
    EXPECT_EQ(code_of([] {
                  isp::normalise({1, 2, 3}, 1, NormMethod::ZScore, {}, {1, -1, 1});
              }),
              ErrorCode::NegativeWeight);
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({1, 2, 3}, 1, NormMethod::ZScoreWeighted, {}, {0, 0, 0});
              }),
              ErrorCode::ZeroWeightSum);
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({1, 2}, 1, NormMethod::Ratio, {}, {0, 0});
              }),
              ErrorCode::ZeroWeightSum);
}

TEST(NormaliseErrors, MismatchedSizes) {
    EXPECT_EQ(code_of([] {
                  Normaliser::fit({1, 2, 3}, 1, NormMethod::ZScoreWeighted, {}, {1, 1});
              }),
              ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] {
                  isp::normalise({1, 2, 3}, 1, NormMethod::ZScore, {}, {}, {true, false});
              }),
              ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] {
                  isp::normalise({1, 2, 3}, 1, NormMethod::ZScore, {}, {1, 2});
              }),
              ErrorCode::DimensionMismatch);
}

TEST(NormaliseErrors, BadPolarityAndParameters) {
    EXPECT_EQ(code_of([] { Normaliser::fit(kR, 0, NormMethod::ZScore); }), ErrorCode::InvalidPolarity);
    EXPECT_EQ(code_of([] { Normaliser::fit(kR, 2, NormMethod::ZScore); }), ErrorCode::InvalidPolarity);
    EXPECT_EQ(code_of([] { Normaliser::fit(kR, 1, NormMethod::ZScoreWeighted); }),
              ErrorCode::InvalidParameter);
    NormParams bounds;
    bounds.lower = 100;
    bounds.upper = 0;
    EXPECT_EQ(code_of([&] { Normaliser::fit(kR, 1, NormMethod::MinMax, bounds); }),
              ErrorCode::InvalidParameter);
    bounds.lower = kMissing;
    EXPECT_EQ(code_of([&] { Normaliser::fit(kR, 1, NormMethod::MinMax, bounds); }),
              ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { Normaliser::fit(kR, 1, NormMethod::Goalposts); }), ErrorCode::InvalidParameter);
    NormParams posts;
    posts.goal_low = 5;
    posts.goal_high = 5;
    EXPECT_EQ(code_of([&] { Normaliser::fit(kR, 1, NormMethod::Goalposts, posts); }),
              ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { Normaliser::fit(kR, 1, NormMethod::DistanceToTarget); }),
              ErrorCode::InvalidParameter);
    NormParams target;
    target.target = 1;  // below the minimum 2 of a burden indicator
    EXPECT_EQ(code_of([&] { Normaliser::fit(kR, 1, NormMethod::DistanceToTarget, target); }),
              ErrorCode::InvalidParameter);
    NormParams zero_ref;
    zero_ref.reference = 0;
    EXPECT_EQ(code_of([&] { Normaliser::fit(kR, 1, NormMethod::Ratio, zero_ref); }),
              ErrorCode::ZeroDenominator);
    zero_ref.reference = -2;
    EXPECT_EQ(code_of([&] { Normaliser::fit(kR, 1, NormMethod::Ratio, zero_ref); }),
              ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { Normaliser::from_moments({}, 1, NormMethod::PercentRank); }),
              ErrorCode::InvalidParameter);
}

TEST(Normalise, FromMomentsMatchesFit) {
    // The moments of kR: n 8, mean 5, sum of squared deviations 32, min 2, max 9.
    isp::ReferenceMoments m;
    m.n = 8;
    m.mean = 5;
    m.m2 = 32;
    m.min = 2;
    m.max = 9;
    const Normaliser a = Normaliser::from_moments(m, -1, NormMethod::ZScore);
    const Normaliser b = Normaliser::fit(kR, -1, NormMethod::ZScore);
    for (double v : kR) EXPECT_NEAR(a.apply(v), b.apply(v), kTol);
    EXPECT_TRUE(a.is_affine());
    // x' = -x: (x' + 5) / 1 * (1 / sqrt(32/7)) + 0; the reciprocal saves a division per value.
    EXPECT_NEAR(a.affine().shift, -5.0, kTol);
    EXPECT_EQ(a.affine().divisor, 1.0);
    EXPECT_NEAR(a.affine().factor, 1.0 / std::sqrt(32.0 / 7.0), kTol);
    EXPECT_EQ(a.affine().offset, 0.0);
}

}  // namespace
