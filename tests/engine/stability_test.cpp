#include "isp/stability.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "isp/error.hpp"
#include "test_errors.hpp"

namespace {

using isp::test::code_of;

using isp::ErrorCode;
using isp::kMissing;

// Two burden indicators whose value sets are the same multiset {3, 3, -3, -3, 0, 1, -1, 2, -2}, so both have
// mean 0 and the same SD: sample s = sqrt(46 / 8) = 2.39792, population sigma = sqrt(46 / 9) = 2.26078.
// With equal weights the mean composite of area i is (x_i + y_i) / (2 s):
//   area 0 ( 3, -3): 0, and sign(w_x - w_y) under weight noise -> exactly on a cut-point at 0
//   area 1 ( 3,  3): 3 / s = 1.25109 (sample SD) or 3 / sigma = 1.32697 (population SD), whatever the weights
//   area 2 (-3,  3): 0 (mirror of area 0)
//   area 3 (-3, -3): -1.25109 or -1.32697
//   area 4 ( 0,  0): 0 for every parameter
//   area 5 ( 1, -1): 0 nominally, at most (1.25 - 0.75) / 2 * 1 / sigma = 0.111 away under 25 % noise
//   areas 6-8: 0 nominally, like area 5 with 1 and 2
isp::Matrix symmetric_data() {
    const double x[] = {3, 3, -3, -3, 0, 1, -1, 2, -2};
    const double y[] = {-3, 3, 3, -3, 0, -1, 1, -2, 2};
    isp::Matrix m(9, 2);
    for (std::size_t i = 0; i < 9; ++i) {
        m(i, 0) = x[i];
        m(i, 1) = y[i];
    }
    return m;
}

std::vector<isp::IndicatorSpec> two_z_indicators() {
    isp::IndicatorSpec spec;
    spec.method = isp::NormMethod::ZScore;
    return {spec, spec};
}

isp::StabilityOptions options(int runs, double f, bool vary_sd, std::uint64_t seed = 20240115) {
    isp::StabilityOptions so;
    so.runs = runs;
    so.weight_variation = f;
    so.vary_sd_type = vary_sd;
    so.seed = seed;
    return so;
}

// Deterministic, irregular data without a random generator: a Weyl sequence.
isp::Matrix irregular_data(std::size_t areas, std::size_t indicators) {
    isp::Matrix m(areas, indicators);
    for (std::size_t i = 0; i < areas; ++i)
        for (std::size_t j = 0; j < indicators; ++j) {
            const double u = std::fmod(0.6180339887 * static_cast<double>(i * indicators + j + 1), 1.0);
            m(i, j) = 10.0 * u * u + static_cast<double>(j);
        }
    return m;
}

TEST(Stability, RejectsBadOptions) {
    const isp::Matrix d = symmetric_data();
    const auto ind = two_z_indicators();
    const isp::ClassScheme s = isp::preset_scheme("mss-status");
    auto run = [&](isp::StabilityOptions so, std::vector<double> pop = {}) {
        return code_of([&] { isp::class_stability(d, ind, {}, s, so, pop); });
    };
    EXPECT_EQ(run(options(0, 0.25, true)), ErrorCode::InvalidParameter);
    EXPECT_EQ(run(options(-3, 0.25, true)), ErrorCode::InvalidParameter);
    EXPECT_EQ(run(options(1000001, 0.25, true)), ErrorCode::InvalidParameter);
    EXPECT_EQ(run(options(10, -0.01, true)), ErrorCode::InvalidParameter);
    EXPECT_EQ(run(options(10, 1.0, true)), ErrorCode::InvalidParameter);
    EXPECT_EQ(run(options(10, kMissing, true)), ErrorCode::InvalidParameter);
    isp::StabilityOptions weighted = options(10, 0.25, true);
    weighted.vary_weighted_z = true;
    EXPECT_EQ(run(weighted), ErrorCode::InvalidParameter);  // needs a population
}

TEST(Stability, RejectsMalformedScheme) {
    const isp::Matrix d = symmetric_data();
    const auto ind = two_z_indicators();
    isp::ClassScheme s = isp::custom_scheme({-1.0, 1.0});
    s.cuts = {1.0, -1.0};
    EXPECT_EQ(code_of([&] { isp::class_stability(d, ind, {}, s, options(5, 0.1, true)); }),
              ErrorCode::InvalidCutPoints);
    s = isp::custom_scheme({-1.0, 1.0});
    s.labels = {"a", "b"};
    EXPECT_EQ(code_of([&] { isp::class_stability(d, ind, {}, s, options(5, 0.1, true)); }),
              ErrorCode::LabelCountMismatch);
}

TEST(Stability, NoVariationMeansStabilityOne) {
    // Weight variation 0 and a fixed SD type: every run is the nominal run.
    const isp::StabilityResult r =
        isp::class_stability(irregular_data(40, 5), std::vector<isp::IndicatorSpec>(5), {},
                             isp::preset_scheme("mss-status"), options(50, 0.0, false));
    ASSERT_EQ(r.stability.size(), 40u);
    for (std::size_t i = 0; i < 40; ++i) {
        ASSERT_TRUE(r.stability.ok(i));
        EXPECT_DOUBLE_EQ(r.stability.value[i], 1.0) << i;
        EXPECT_DOUBLE_EQ(r.probability(i, static_cast<std::size_t>(r.nominal_class[i])), 1.0);
    }
    EXPECT_EQ(r.runs, 50);
    ASSERT_EQ(r.run_parameters.size(), 50u);
    EXPECT_EQ(r.run_parameters[7].z_variant, isp::ZVariant::Nominal);
    EXPECT_EQ(r.run_parameters[7].weights, (std::vector<double>{1, 1, 1, 1, 1}));
}

TEST(Stability, NominalIndexIsTheCompositeWithNominalParameters) {
    const isp::Matrix d = irregular_data(30, 4);
    const std::vector<isp::IndicatorSpec> ind(4);
    const isp::CompositeResult c = isp::composite(d, ind, {});
    const isp::StabilityResult r =
        isp::class_stability(d, ind, {}, isp::preset_scheme("mss-status"), options(20, 0.25, true));
    ASSERT_EQ(r.nominal_index.size(), 30u);
    for (std::size_t i = 0; i < 30; ++i) {
        EXPECT_DOUBLE_EQ(r.nominal_index.value[i], c.index.value[i]);
        EXPECT_EQ(r.nominal_class[i], isp::classify(c.index.value[i], isp::preset_scheme("mss-status")));
    }
}

TEST(Stability, SameSeedSameResultOtherSeedDiffers) {
    const isp::Matrix d = irregular_data(60, 3);
    const std::vector<isp::IndicatorSpec> ind(3);
    const isp::ClassScheme s = isp::preset_scheme("mss-status");
    const isp::StabilityResult a = isp::class_stability(d, ind, {}, s, options(200, 0.25, true, 7));
    const isp::StabilityResult b = isp::class_stability(d, ind, {}, s, options(200, 0.25, true, 7));
    const isp::StabilityResult c = isp::class_stability(d, ind, {}, s, options(200, 0.25, true, 8));
    EXPECT_EQ(a.probability.data(), b.probability.data());
    EXPECT_EQ(a.stability.value, b.stability.value);
    EXPECT_EQ(a.nominal_class, c.nominal_class);  // the nominal run does not depend on the seed
    bool differs = false;
    for (std::size_t r = 0; r < 200; ++r) {
        EXPECT_EQ(a.run_parameters[r].weights, b.run_parameters[r].weights);
        EXPECT_EQ(a.run_parameters[r].z_variant, b.run_parameters[r].z_variant);
        differs = differs || a.run_parameters[r].weights != c.run_parameters[r].weights;
    }
    EXPECT_TRUE(differs);
    // Area 0 of symmetric_data() sits on the cut-point 0, so its class share follows the draws: two seeds
    // give the same share of 1,000 fair coin flips with probability about 0.025.
    const isp::ClassScheme zero = isp::custom_scheme({0.0});
    const isp::StabilityResult p =
        isp::class_stability(symmetric_data(), two_z_indicators(), {}, zero, options(1000, 0.25, true, 7));
    const isp::StabilityResult q =
        isp::class_stability(symmetric_data(), two_z_indicators(), {}, zero, options(1000, 0.25, true, 8));
    EXPECT_NE(p.stability.value[0], q.stability.value[0]);
}

TEST(Stability, SeedPinsTheFirstDraws) {
    // Pins the random stream (boost::random::mt19937_64 + uniform_real_distribution, both fully specified
    // by Boost, unlike std:: distributions): a change of generator, distribution or draw order fails here.
    // Expected values recorded from this implementation on x86-64 (they must hold on every platform).
    // Draw order per run: the z variant (uniform_int_distribution over {z, zpop}), then one factor
    // 1 + U(-0.25, 0.25) per indicator.
    const isp::StabilityResult r = isp::class_stability(symmetric_data(), two_z_indicators(), {},
                                                        isp::custom_scheme({0.0}), options(3, 0.25, true));
    ASSERT_EQ(r.run_parameters.size(), 3u);
    for (const isp::StabilityRun& run : r.run_parameters) {
        for (double w : run.weights) {
            EXPECT_GE(w, 0.75);
            EXPECT_LT(w, 1.25);
        }
    }
    EXPECT_DOUBLE_EQ(r.run_parameters[0].weights[0], 0.79261006384187582);
    EXPECT_DOUBLE_EQ(r.run_parameters[0].weights[1], 0.88521209537125578);
    EXPECT_DOUBLE_EQ(r.run_parameters[1].weights[0], 1.1059691735190804);
    EXPECT_DOUBLE_EQ(r.run_parameters[1].weights[1], 1.2340409002807156);
    EXPECT_DOUBLE_EQ(r.run_parameters[2].weights[0], 0.96385814286933036);
    EXPECT_DOUBLE_EQ(r.run_parameters[2].weights[1], 0.93512656644317593);
    for (const isp::StabilityRun& run : r.run_parameters) EXPECT_EQ(run.z_variant, isp::ZVariant::Sample);
}

TEST(Stability, AreaOnACutPointIsUnstableAreaFarFromCutsIsStable) {
    // Cut-point 0 (scheme "custom", equal goes up). See symmetric_data() for the hand computation.
    const isp::StabilityResult r = isp::class_stability(symmetric_data(), two_z_indicators(), {},
                                                        isp::custom_scheme({0.0}), options(1000, 0.25, true));
    // Area 0 lands above 0 exactly when w_x > w_y: probability 1/2 per run; 1,000 runs put the share
    // within 0.5 +- 0.1 (more than 6 binomial SDs of 0.0158).
    ASSERT_TRUE(r.stability.ok(0));
    EXPECT_GT(r.stability.value[0], 0.4);
    EXPECT_LT(r.stability.value[0], 0.6);
    EXPECT_NEAR(r.probability(0, 0) + r.probability(0, 1), 1.0, 1e-12);
    // Area 2 mirrors area 0: it is above 0 exactly in the runs where area 0 is below.
    EXPECT_NEAR(r.probability(2, 1), r.probability(0, 0), 1e-12);
    // Area 1 (1.25 or 1.33) and area 3 (-1.25 or -1.33) never cross 0.
    EXPECT_DOUBLE_EQ(r.stability.value[1], 1.0);
    EXPECT_EQ(r.nominal_class[1], 1);
    EXPECT_DOUBLE_EQ(r.stability.value[3], 1.0);
    EXPECT_EQ(r.nominal_class[3], 0);
}

TEST(Stability, AreasFarFromEveryCutPointStayUnderModerateNoise) {
    // mss-status cuts -1.0, +1.0, +1.5. Areas 4-8 stay within 0.111 of 0 (see symmetric_data()), area 1
    // stays in (1.0, 1.5] and area 3 below -1.0 under 25 % weight noise and either SD type.
    const isp::StabilityResult r =
        isp::class_stability(symmetric_data(), two_z_indicators(), {}, isp::preset_scheme("mss-status"),
                             options(1000, 0.25, true));
    for (std::size_t i = 0; i < 9; ++i) {
        ASSERT_TRUE(r.stability.ok(i)) << i;
        EXPECT_DOUBLE_EQ(r.stability.value[i], 1.0) << i;
    }
    EXPECT_EQ(r.nominal_class[1], 2);  // "niedrig"
    EXPECT_EQ(r.nominal_class[3], 0);  // "hoch"
    EXPECT_EQ(r.nominal_class[5], 1);  // "mittel"
}

TEST(Stability, SdTypeAloneMovesAnAreaBetweenTwoCutValues) {
    // Area 1 has 3/s = 1.25109 with the sample SD (nominal, ZScore) and 3/sigma = 1.32697 with the population
    // SD. A cut at 1.3 separates the two; with no weight noise the class depends on the SD draw alone,
    // a fair coin: share 0.5 +- 0.1 over 1,000 runs.
    const isp::StabilityResult r = isp::class_stability(symmetric_data(), two_z_indicators(), {},
                                                        isp::custom_scheme({1.3}), options(1000, 0.0, true));
    EXPECT_EQ(r.nominal_class[1], 0);
    EXPECT_GT(r.stability.value[1], 0.4);
    EXPECT_LT(r.stability.value[1], 0.6);
    std::size_t population_runs = 0;
    for (const isp::StabilityRun& run : r.run_parameters) {
        EXPECT_TRUE(run.z_variant == isp::ZVariant::Sample || run.z_variant == isp::ZVariant::Population);
        if (run.z_variant == isp::ZVariant::Population) ++population_runs;
    }
    // Area 1 leaves its nominal class exactly in the population-SD runs.
    EXPECT_DOUBLE_EQ(r.probability(1, 1), static_cast<double>(population_runs) / 1000.0);
    // Area 4 (index 0) cannot move.
    EXPECT_DOUBLE_EQ(r.stability.value[4], 1.0);
}

TEST(Stability, ProbabilitiesSumToOnePerArea) {
    // Property over several seeds and data sizes: sum_k P(area in class k) + P(no class) = 1, every share in
    // [0, 1], the stability equals the probability of the nominal class.
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        for (std::size_t areas : {12u, 45u}) {
            const isp::StabilityResult r =
                isp::class_stability(irregular_data(areas, 2), std::vector<isp::IndicatorSpec>(2), {},
                                     isp::preset_scheme("mss-status"), options(100, 0.6, true, seed));
            ASSERT_EQ(r.probability.rows(), areas);
            ASSERT_EQ(r.probability.cols(), 4u);
            std::size_t moving = 0;
            for (std::size_t i = 0; i < areas; ++i) {
                double sum = r.unclassified[i];
                for (std::size_t k = 0; k < 4; ++k) {
                    EXPECT_GE(r.probability(i, k), 0.0);
                    EXPECT_LE(r.probability(i, k), 1.0);
                    sum += r.probability(i, k);
                }
                EXPECT_NEAR(sum, 1.0, 1e-12) << seed << "/" << i;
                EXPECT_DOUBLE_EQ(r.stability.value[i],
                                 r.probability(i, static_cast<std::size_t>(r.nominal_class[i])));
                if (r.stability.value[i] < 1.0) ++moving;
            }
            EXPECT_GT(moving, 0u) << "the property needs areas that change class";
        }
    }
}

TEST(Stability, AreaWithoutNominalClassIsMissing) {
    // Area 9 has no value at all: no composite (coverage 0 < 2/3), no class, so no stability either.
    isp::Matrix d(10, 2);
    const isp::Matrix s = symmetric_data();
    for (std::size_t i = 0; i < 9; ++i) {
        d(i, 0) = s(i, 0);
        d(i, 1) = s(i, 1);
    }
    const isp::StabilityResult r = isp::class_stability(
        d, two_z_indicators(), {}, isp::preset_scheme("mss-status"), options(100, 0.25, true));
    EXPECT_EQ(r.nominal_class[9], -1);
    EXPECT_FALSE(r.stability.ok(9));
    EXPECT_TRUE(isp::is_missing(r.stability.value[9]));
    EXPECT_EQ(r.stability.reason[9], r.nominal_index.reason[9]);
    EXPECT_NE(r.stability.reason[9], isp::Reason::Ok);
    for (std::size_t k = 0; k < r.probability.cols(); ++k) EXPECT_TRUE(isp::is_missing(r.probability(9, k)));
    EXPECT_TRUE(isp::is_missing(r.unclassified[9]));
    EXPECT_DOUBLE_EQ(r.stability.value[4], 1.0);  // the others are unaffected
}

TEST(Stability, WeightNoiseStaysInItsBandAndKeepsZeroWeights) {
    std::vector<isp::IndicatorSpec> ind(3);
    ind[0].weight = 2.0;
    ind[2].weight = 0.0;
    const isp::StabilityResult r = isp::class_stability(
        irregular_data(20, 3), ind, {}, isp::preset_scheme("mss-status"), options(300, 0.25, false));
    double sum = 0.0;
    for (const isp::StabilityRun& run : r.run_parameters) {
        EXPECT_EQ(run.z_variant, isp::ZVariant::Nominal);  // SD type not varied
        EXPECT_GE(run.weights[0], 2.0 * 0.75);
        EXPECT_LT(run.weights[0], 2.0 * 1.25);
        EXPECT_DOUBLE_EQ(run.weights[2], 0.0);
        sum += run.weights[1];
    }
    // U(-0.25, 0.25) has mean 0 and SD 0.25/sqrt(3) = 0.144; the mean of 300 factors is 1 +- 0.05 (6 SD).
    EXPECT_NEAR(sum / 300.0, 1.0, 0.05);
}

TEST(Stability, WeightedZVariantNeedsAndUsesPopulation) {
    isp::StabilityOptions so = options(200, 0.1, true);
    so.vary_weighted_z = true;
    const std::vector<double> population(30, 1000.0);
    const isp::StabilityResult r =
        isp::class_stability(irregular_data(30, 4), std::vector<isp::IndicatorSpec>(4), {},
                             isp::preset_scheme("mss-status"), so, population);
    std::size_t seen[4] = {0, 0, 0, 0};
    for (const isp::StabilityRun& run : r.run_parameters) ++seen[static_cast<int>(run.z_variant)];
    EXPECT_EQ(seen[static_cast<int>(isp::ZVariant::Nominal)], 0u);
    EXPECT_GT(seen[static_cast<int>(isp::ZVariant::Sample)], 0u);
    EXPECT_GT(seen[static_cast<int>(isp::ZVariant::Population)], 0u);
    EXPECT_GT(seen[static_cast<int>(isp::ZVariant::Weighted)], 0u);
    for (std::size_t i = 0; i < 30; ++i) EXPECT_TRUE(r.stability.ok(i));
}

// ---- Plain reference formulas for the variation tests (independent of the engine) ----

double plain_mean(const std::vector<double>& v) {
    double sum = 0.0;
    for (double x : v) sum += x;
    return sum / static_cast<double>(v.size());
}

double plain_sample_sd(const std::vector<double>& v) {
    const double m = plain_mean(v);
    double ss = 0.0;
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

std::vector<double> plain_z(const std::vector<double>& v) {
    const double m = plain_mean(v), s = plain_sample_sd(v);
    std::vector<double> out;
    for (double x : v) out.push_back((x - m) / s);
    return out;
}

// Moment matching as documented (fachplan-stability.md): onto the mean and sample SD of `target`.
std::vector<double> plain_match(const std::vector<double>& v, const std::vector<double>& target) {
    const double mv = plain_mean(v), sv = plain_sample_sd(v);
    const double mt = plain_mean(target), st = plain_sample_sd(target);
    std::vector<double> out;
    for (double x : v) out.push_back(mt + (x - mv) * st / sv);
    return out;
}

// Class for cut-points where equal values go up (custom_scheme): the number of cuts <= v.
int plain_class(double v, const std::vector<double>& cuts) {
    int k = 0;
    for (double c : cuts) k += v >= c ? 1 : 0;
    return k;
}

isp::Matrix column_matrix(const std::vector<std::vector<double>>& columns) {
    isp::Matrix m(columns[0].size(), columns.size());
    for (std::size_t j = 0; j < columns.size(); ++j)
        for (std::size_t i = 0; i < columns[j].size(); ++i) m(i, j) = columns[j][i];
    return m;
}

isp::StabilityOptions only(const std::vector<std::string>& keywords, int runs = 1000) {
    isp::StabilityOptions so;
    so.runs = runs;
    isp::select_variations(keywords, so);
    return so;
}

// Checks P(area, class) = sum over the run variants of [class under variant] * share of runs of that
// variant, with the run shares counted from the audit (run_parameters).
void expect_mixture(const isp::StabilityResult& r, const std::vector<std::vector<int>>& class_per_variant,
                    const std::vector<double>& share_per_variant) {
    for (std::size_t i = 0; i < r.probability.rows(); ++i) {
        for (std::size_t k = 0; k < r.probability.cols(); ++k) {
            double expected = 0.0;
            for (std::size_t v = 0; v < class_per_variant.size(); ++v)
                if (class_per_variant[v][i] == static_cast<int>(k)) expected += share_per_variant[v];
            EXPECT_NEAR(r.probability(i, k), expected, 1e-12) << "area " << i << ", class " << k;
        }
        EXPECT_DOUBLE_EQ(r.unclassified[i], 0.0);
    }
}

TEST(StabilityVariation, KeywordsSelectDimensions) {
    isp::StabilityOptions so;
    isp::select_variations({}, so);  // empty: today's default stays
    EXPECT_TRUE(so.vary_weights);
    EXPECT_TRUE(so.vary_sd_type);
    EXPECT_FALSE(so.vary_normalisation || so.vary_aggregation || so.vary_outliers);
    isp::select_variations({"Normierung", "AUSREISSER"}, so);
    EXPECT_FALSE(so.vary_weights || so.vary_sd_type || so.vary_aggregation);
    EXPECT_TRUE(so.vary_normalisation && so.vary_outliers);
    isp::select_variations({"Ausreißer"}, so);
    EXPECT_TRUE(so.vary_outliers);
    EXPECT_FALSE(so.vary_normalisation);
    isp::select_variations({"alle"}, so);
    EXPECT_TRUE(so.vary_weights && so.vary_normalisation && so.vary_aggregation && so.vary_outliers &&
                so.vary_sd_type);
    isp::select_variations({"sd", "Gewichte"}, so);
    EXPECT_TRUE(so.vary_weights && so.vary_sd_type);
    EXPECT_FALSE(so.vary_normalisation || so.vary_aggregation || so.vary_outliers);
    EXPECT_EQ(code_of([&] { isp::select_variations({"gewichte", "rang"}, so); }), ErrorCode::UnknownMethod);
    try {
        isp::select_variations({"ranking"}, so);
    } catch (const isp::Error& e) {
        EXPECT_NE(e.message_de().find("normierung"), std::string::npos) << e.message_de();
    }
}

TEST(StabilityVariation, WeightsAndSdKeywordsAreTodaysDefault) {
    // Selecting "gewichte" and "sd" explicitly must reproduce the default run for run, bit for bit.
    const isp::Matrix d = irregular_data(40, 4);
    const std::vector<isp::IndicatorSpec> ind(4);
    const isp::ClassScheme s = isp::preset_scheme("mss-status");
    const isp::StabilityResult a = isp::class_stability(d, ind, {}, s, options(300, 0.25, true));
    isp::StabilityOptions so = options(300, 0.25, false);
    isp::select_variations({"gewichte", "sd"}, so);
    const isp::StabilityResult b = isp::class_stability(d, ind, {}, s, so);
    EXPECT_EQ(a.probability.data(), b.probability.data());
    for (std::size_t r = 0; r < 300; ++r) {
        EXPECT_EQ(a.run_parameters[r].weights, b.run_parameters[r].weights);
        EXPECT_FALSE(b.run_parameters[r].rescaled);
        EXPECT_EQ(b.run_parameters[r].normalisation, isp::NormVariant::Nominal);
    }
}

TEST(StabilityVariation, SdKeywordAloneGivesHalfAndHalfWithKnownClasses) {
    // symmetric_data(): area 1 has 3/s = 1.25109 (sample SD) or 3/sigma = 1.32697 (population SD), hand
    // computation at symmetric_data(). Cut 1.3: class 0 under "z", class 1 under "zpop"; every other area
    // is below 1.3 under both. Only the SD type varies, so the shares are those of the two variants.
    const isp::StabilityResult r = isp::class_stability(symmetric_data(), two_z_indicators(), {},
                                                        isp::custom_scheme({1.3}), only({"sd"}));
    std::size_t population_runs = 0;
    for (const isp::StabilityRun& run : r.run_parameters) {
        EXPECT_EQ(run.weights, (std::vector<double>{1.0, 1.0}));
        if (run.z_variant == isp::ZVariant::Population) ++population_runs;
    }
    const double share = static_cast<double>(population_runs) / 1000.0;
    EXPECT_NEAR(share, 0.5, 0.06);  // 1,000 fair coin flips: SD 0.016
    std::vector<int> sample_classes(9, 0), population_classes(9, 0);
    population_classes[1] = 1;
    expect_mixture(r, {sample_classes, population_classes}, {1.0 - share, share});
}

TEST(StabilityVariation, NormalisationRunsAreRescaledOntoTheNominalScale) {
    // One indicator x = {1, 2, 3, 4, 10}. Nominal: z-scores (sample SD). Min-max is affine in x, so after
    // rescaling onto the nominal mean and SD it gives the nominal z again. Percent ranks of distinct values
    // are (rank - 1) / (n - 1) = 0, 0.25, ..., 1 (Calc PERCENTRANK), rescaled onto the z-scores' mean 0 and
    // SD 1: -1.2649, -0.6325, 0, 0.6325, 1.2649. Cuts -1, 1: area 0 is "mid" nominally (-0.8485) and "low"
    // under ranks; area 4 (z 1.6971) stays high; the others stay mid.
    const std::vector<double> x = {1, 2, 3, 4, 10};
    const std::vector<double> cuts = {-1.0, 1.0};
    const std::vector<double> nominal = plain_z(x);
    const std::vector<double> ranks = plain_match({0.0, 0.25, 0.5, 0.75, 1.0}, nominal);
    std::vector<int> nominal_classes, rank_classes;
    for (std::size_t i = 0; i < x.size(); ++i) {
        nominal_classes.push_back(plain_class(nominal[i], cuts));
        rank_classes.push_back(plain_class(ranks[i], cuts));
    }
    ASSERT_EQ(nominal_classes, (std::vector<int>{1, 1, 1, 1, 2}));
    ASSERT_EQ(rank_classes, (std::vector<int>{0, 1, 1, 1, 2}));

    const isp::StabilityResult r =
        isp::class_stability(column_matrix({x}), std::vector<isp::IndicatorSpec>(1), {},
                             isp::custom_scheme(cuts), only({"normierung"}));
    std::size_t seen[3] = {0, 0, 0};
    for (const isp::StabilityRun& run : r.run_parameters) {
        ++seen[static_cast<int>(run.normalisation)];
        EXPECT_EQ(run.rescaled, run.normalisation != isp::NormVariant::Nominal);
        EXPECT_EQ(run.aggregation, isp::CompositeMethod::Mean);
        EXPECT_EQ(run.z_variant, isp::ZVariant::Nominal);
    }
    const double rank_share = static_cast<double>(seen[2]) / 1000.0;
    // Three equally likely normalisations: each about 1/3 (binomial SD 0.015).
    for (std::size_t v = 0; v < 3; ++v) EXPECT_NEAR(static_cast<double>(seen[v]) / 1000.0, 1.0 / 3.0, 0.06);
    expect_mixture(r, {nominal_classes, rank_classes}, {1.0 - rank_share, rank_share});
    EXPECT_NEAR(r.stability.value[0], 1.0 - rank_share, 1e-12);
}

TEST(StabilityVariation, GeometricRunsUseMinMaxOneToHundredAndAreRescaled) {
    // Two indicators, equal weights. Nominal: mean of the z-scores. Geometric run: min-max onto [1, 100],
    // geometric mean sqrt(a b), rescaled onto the nominal composite's mean and sample SD. Reference values
    // computed here with plain formulas; cuts -0.5, 0 put areas 0 and 3 into another class under the
    // geometric mean (nominal -0.4461 / 0.0504, geometric -0.6823 / -0.0719).
    const std::vector<double> x = {1, 4, 2, 8, 5, 7, 3, 9};
    const std::vector<double> y = {6, 1, 5, 2, 9, 3, 8, 4};
    const std::vector<double> cuts = {-0.5, 0.0};
    const std::vector<double> zx = plain_z(x), zy = plain_z(y);
    std::vector<double> nominal, geometric;
    auto minmax = [](const std::vector<double>& v, double value) {
        double lo = v[0], hi = v[0];
        for (double a : v) {
            lo = std::min(lo, a);
            hi = std::max(hi, a);
        }
        return 1.0 + (value - lo) / (hi - lo) * 99.0;
    };
    for (std::size_t i = 0; i < x.size(); ++i) {
        nominal.push_back((zx[i] + zy[i]) / 2.0);
        geometric.push_back(std::sqrt(minmax(x, x[i]) * minmax(y, y[i])));
    }
    geometric = plain_match(geometric, nominal);
    std::vector<int> nominal_classes, geometric_classes;
    for (std::size_t i = 0; i < x.size(); ++i) {
        nominal_classes.push_back(plain_class(nominal[i], cuts));
        geometric_classes.push_back(plain_class(geometric[i], cuts));
    }
    ASSERT_EQ(nominal_classes, (std::vector<int>{1, 0, 1, 2, 2, 2, 2, 2}));
    ASSERT_EQ(geometric_classes, (std::vector<int>{0, 0, 1, 1, 2, 2, 2, 2}));

    const isp::StabilityResult r = isp::class_stability(column_matrix({x, y}), two_z_indicators(), {},
                                                        isp::custom_scheme(cuts), only({"aggregation"}));
    std::size_t geometric_runs = 0;
    for (const isp::StabilityRun& run : r.run_parameters) {
        const bool geo = run.aggregation == isp::CompositeMethod::GeometricMean;
        geometric_runs += geo ? 1 : 0;
        EXPECT_EQ(run.normalisation, geo ? isp::NormVariant::MinMax : isp::NormVariant::Nominal);
        EXPECT_EQ(run.rescaled, geo);
    }
    const double share = static_cast<double>(geometric_runs) / 1000.0;
    EXPECT_NEAR(share, 0.5, 0.06);
    expect_mixture(r, {nominal_classes, geometric_classes}, {1.0 - share, share});
}

TEST(StabilityVariation, OutlierSwitchWinsorisesTheTopValue) {
    // x = 1..9, 100: skew 3.12 >= 2 and excess kurtosis 9.80 >= 3.5 (Calc SKEW / KURT), so the COINr rule
    // winsorises the top value to the next one, 9; then skew -0.15 passes. z-scores (sample SD) untreated:
    // -0.4477 .. -0.1824, 2.8356; treated: -1.5303, -1.1825, ..., 0.9043, 1.2521, 1.2521. Cuts -1, 1: areas
    // 0, 1 (low) and 8 (high) change class when the treatment is on; nothing is rescaled (still z-scores).
    const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
    std::vector<double> winsorised = x;
    winsorised[9] = 9.0;
    const std::vector<double> cuts = {-1.0, 1.0};
    std::vector<int> off_classes, on_classes;
    const std::vector<double> z_off = plain_z(x), z_on = plain_z(winsorised);
    for (std::size_t i = 0; i < x.size(); ++i) {
        off_classes.push_back(plain_class(z_off[i], cuts));
        on_classes.push_back(plain_class(z_on[i], cuts));
    }
    ASSERT_EQ(off_classes, (std::vector<int>{1, 1, 1, 1, 1, 1, 1, 1, 1, 2}));
    ASSERT_EQ(on_classes, (std::vector<int>{0, 0, 1, 1, 1, 1, 1, 1, 2, 2}));

    const isp::StabilityResult r =
        isp::class_stability(column_matrix({x}), std::vector<isp::IndicatorSpec>(1), {},
                             isp::custom_scheme(cuts), only({"ausreisser"}));
    std::size_t on_runs = 0;
    for (const isp::StabilityRun& run : r.run_parameters) {
        EXPECT_NE(run.outliers, isp::OutlierVariant::Nominal);
        EXPECT_FALSE(run.rescaled);
        on_runs += run.outliers == isp::OutlierVariant::On ? 1 : 0;
    }
    const double share = static_cast<double>(on_runs) / 1000.0;
    EXPECT_NEAR(share, 0.5, 0.06);
    expect_mixture(r, {off_classes, on_classes}, {1.0 - share, share});
}

TEST(StabilityVariation, MssWithOtherNormalisationsAggregatesWithMean) {
    // MSS needs z-scores; a min-max or rank run under a nominal MSS uses the mean (then rescaled).
    isp::CompositeOptions o;
    o.method = isp::CompositeMethod::Mss;
    const isp::StabilityResult r =
        isp::class_stability(irregular_data(25, 3), std::vector<isp::IndicatorSpec>(3), o,
                             isp::preset_scheme("mss-status"), only({"alle"}, 300));
    std::size_t kinds[3] = {0, 0, 0};
    for (const isp::StabilityRun& run : r.run_parameters) {
        ++kinds[static_cast<int>(run.normalisation)];
        if (run.normalisation == isp::NormVariant::Nominal) {
            EXPECT_EQ(run.aggregation, isp::CompositeMethod::Mss);
        } else {
            EXPECT_NE(run.aggregation, isp::CompositeMethod::Mss);
        }
        if (run.aggregation == isp::CompositeMethod::GeometricMean) {
            EXPECT_EQ(run.normalisation, isp::NormVariant::MinMax);
        }
        EXPECT_EQ(run.rescaled, run.normalisation != isp::NormVariant::Nominal ||
                                    run.aggregation != isp::CompositeMethod::Mss);
    }
    EXPECT_GT(kinds[0], 0u);
    EXPECT_GT(kinds[1], 0u);
    EXPECT_GT(kinds[2], 0u);
    for (std::size_t i = 0; i < 25; ++i) EXPECT_NEAR(r.unclassified[i], 0.0, 1e-12);
}

TEST(StabilityVariation, NominalGeometricVariesTowardsTheMean) {
    // Nominal geometric mean over min-max [1, 100] scores: the alternative aggregation is the mean.
    std::vector<isp::IndicatorSpec> ind(3);
    for (isp::IndicatorSpec& spec : ind) {
        spec.method = isp::NormMethod::MinMax;
        spec.params.lower = 1.0;
        spec.params.upper = 100.0;
    }
    isp::CompositeOptions o;
    o.method = isp::CompositeMethod::GeometricMean;
    const isp::StabilityResult r = isp::class_stability(
        irregular_data(20, 3), ind, o, isp::custom_scheme({50.0}), only({"aggregation", "normierung"}, 200));
    bool mean_seen = false;
    for (const isp::StabilityRun& run : r.run_parameters) {
        mean_seen = mean_seen || run.aggregation == isp::CompositeMethod::Mean;
        // The nominal min-max scores are positive, so a geometric run may keep them; ranks are not.
        if (run.aggregation == isp::CompositeMethod::GeometricMean) {
            EXPECT_NE(run.normalisation, isp::NormVariant::PercentRank);
        }
        EXPECT_EQ(run.rescaled, run.normalisation != isp::NormVariant::Nominal ||
                                    run.aggregation != isp::CompositeMethod::GeometricMean);
    }
    EXPECT_TRUE(mean_seen);
}

TEST(StabilityVariation, AllIsReproducibleAndBitIdenticalAcrossThreadCounts) {
    const isp::Matrix d = irregular_data(80, 4);
    const std::vector<isp::IndicatorSpec> ind(4);
    const isp::ClassScheme s = isp::custom_scheme({-0.5, 0.0, 0.5});
    isp::CompositeOptions one, four;
    one.threads = 1;
    four.threads = 4;
    const isp::StabilityResult a = isp::class_stability(d, ind, one, s, only({"alle"}, 200));
    const isp::StabilityResult b = isp::class_stability(d, ind, four, s, only({"alle"}, 200));
    const isp::StabilityResult c = isp::class_stability(d, ind, one, s, only({"alle"}, 200));
    EXPECT_EQ(a.probability.data(), b.probability.data());
    EXPECT_EQ(a.probability.data(), c.probability.data());
    bool moved = false;
    for (std::size_t i = 0; i < 80; ++i) moved = moved || a.stability.value[i] < 1.0;
    EXPECT_TRUE(moved) << "the comparison needs areas that change class";
    for (std::size_t r = 0; r < 200; ++r) {
        EXPECT_EQ(a.run_parameters[r].normalisation, b.run_parameters[r].normalisation);
        EXPECT_EQ(a.run_parameters[r].aggregation, b.run_parameters[r].aggregation);
        EXPECT_EQ(a.run_parameters[r].outliers, b.run_parameters[r].outliers);
        EXPECT_EQ(a.run_parameters[r].weights, b.run_parameters[r].weights);
    }
}

TEST(StabilityVariation, KeywordsForTheAudit) {
    EXPECT_STREQ(isp::norm_variant_keyword(isp::NormVariant::MinMax), "minmax");
    EXPECT_STREQ(isp::norm_variant_keyword(isp::NormVariant::PercentRank), "rang");
    EXPECT_STREQ(isp::outlier_variant_keyword(isp::OutlierVariant::On), "an");
    EXPECT_STREQ(isp::outlier_variant_keyword(isp::OutlierVariant::Off), "aus");
}

TEST(Stability, ZVariantKeywords) {
    EXPECT_STREQ(isp::z_variant_keyword(isp::ZVariant::Sample), "z");
    EXPECT_STREQ(isp::z_variant_keyword(isp::ZVariant::Population), "zpop");
    EXPECT_STREQ(isp::z_variant_keyword(isp::ZVariant::Weighted), "zw");
    EXPECT_STREQ(isp::z_variant_keyword(isp::ZVariant::Nominal), "nominal");
}

}  // namespace
