#include "isp/composite.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "isp/error.hpp"
#include "test_errors.hpp"

namespace {

using isp::test::code_of;
using isp::test::error_of;

using isp::CompositeMethod;
using isp::CompositeOptions;
using isp::CompositeResult;
using isp::ErrorCode;
using isp::IndicatorSpec;
using isp::kMissing;
using isp::Matrix;
using isp::NormMethod;
using isp::Reason;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTol = 1e-12;

Matrix matrix(const std::vector<std::vector<double>>& rows) {
    Matrix m(rows.size(), rows.empty() ? 0 : rows[0].size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) m(r, c) = rows[r][c];
    }
    return m;
}

std::vector<IndicatorSpec> specs(std::size_t n, NormMethod method = NormMethod::ZScore) {
    std::vector<IndicatorSpec> s(n);
    for (IndicatorSpec& spec : s) spec.method = method;
    return s;
}

// An independent z-score for the expected values: two passes, sample SD (STANDARDIZE with AVERAGE and
// STDEV), missing values skipped.
std::vector<double> z_by_hand(const std::vector<double>& x, int polarity = 1) {
    double sum = 0.0, n = 0.0;
    for (double v : x) {
        if (!std::isnan(v)) {
            sum += polarity * v;
            n += 1;
        }
    }
    const double mean = sum / n;
    double ss = 0.0;
    for (double v : x) {
        if (!std::isnan(v)) ss += (polarity * v - mean) * (polarity * v - mean);
    }
    const double sd = std::sqrt(ss / (n - 1));
    std::vector<double> z(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        z[i] = std::isnan(x[i]) ? kMissing : (polarity * x[i] - mean) / sd;
    return z;
}

double sample_sd(const std::vector<double>& v) {
    double mean = 0.0;
    for (double x : v) mean += x;
    mean /= static_cast<double>(v.size());
    double ss = 0.0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

std::vector<double> uniform(std::size_t n, std::uint64_t seed, double lo, double hi) {
    std::mt19937_64 gen(seed);
    std::vector<double> v(n);
    for (double& x : v) x = lo + (hi - lo) * (static_cast<double>(gen() >> 11) * 0x1.0p-53);
    return v;
}

// ---- Keywords -----------------------------------------------------------------------------------------

TEST(Composite, Keywords) {
    EXPECT_EQ(isp::parse_composite_method("mean"), CompositeMethod::Mean);
    EXPECT_EQ(isp::parse_composite_method("Mittelwert"), CompositeMethod::Mean);
    EXPECT_EQ(isp::parse_composite_method("mittel"), CompositeMethod::Mean);
    EXPECT_EQ(isp::parse_composite_method("AMEAN"), CompositeMethod::Mean);
    EXPECT_EQ(isp::parse_composite_method("Summe"), CompositeMethod::Sum);
    EXPECT_EQ(isp::parse_composite_method("sum"), CompositeMethod::Sum);
    EXPECT_EQ(isp::parse_composite_method("geometrisch"), CompositeMethod::GeometricMean);
    EXPECT_EQ(isp::parse_composite_method("g-mean"), CompositeMethod::GeometricMean);
    EXPECT_EQ(isp::parse_composite_method("geo"), CompositeMethod::GeometricMean);
    EXPECT_EQ(isp::parse_composite_method("MSS"), CompositeMethod::Mss);
    EXPECT_EQ(isp::parse_composite_method("Berlin"), CompositeMethod::Mss);
    for (CompositeMethod m : {CompositeMethod::Mean, CompositeMethod::Sum, CompositeMethod::GeometricMean,
                              CompositeMethod::Mss}) {
        EXPECT_EQ(isp::parse_composite_method(isp::composite_method_keyword(m)), m);
    }
    const isp::Error e = error_of([] { isp::parse_composite_method("median"); });
    EXPECT_EQ(e.code(), ErrorCode::UnknownMethod);
    EXPECT_NE(e.message_de().find("summe"), std::string::npos);
    EXPECT_NE(e.message_en().find("mss"), std::string::npos);
}

// ---- Aggregation rules (NormMethod::None passes the values through, so the rule is seen alone) --------

TEST(Composite, MeanReweightsMissingValues) {
    // methods §12: a_amean(c(1, NA, 3), w = c(1, 1, 2)) = (1*1 + 2*3) / (1 + 2) = 7/3 = 2.333.
    std::vector<IndicatorSpec> s = specs(3, NormMethod::None);
    s[0].weight = 1;
    s[1].weight = 1;
    s[2].weight = 2;
    const Matrix m = matrix({{1, kMissing, 3}, {1, 2, 3}});
    const CompositeResult r = isp::composite(m, s);
    ASSERT_TRUE(r.index.ok(0));
    EXPECT_NEAR(r.index.value[0], 7.0 / 3.0, kTol);
    EXPECT_NEAR(r.coverage[0], 2.0 / 3.0, kTol);
    // Complete row: (1 + 2 + 6) / 4 = 2.25.
    EXPECT_NEAR(r.index.value[1], 2.25, kTol);
    EXPECT_EQ(r.coverage[1], 1.0);
}

TEST(Composite, CoverageThreshold) {
    // methods §12: with dat_thresh = 0.7 the same area has no value (2/3 available < 0.7).
    std::vector<IndicatorSpec> s = specs(3, NormMethod::None);
    s[2].weight = 2;
    const Matrix m = matrix({{1, kMissing, 3}, {kMissing, kMissing, kMissing}, {1, 2, 3}});
    CompositeOptions o;
    o.min_coverage = 0.7;
    const CompositeResult r = isp::composite(m, s, o);
    EXPECT_EQ(r.index.reason[0], Reason::InsufficientCoverage);
    EXPECT_TRUE(std::isnan(r.index.value[0]));
    EXPECT_EQ(r.index.reason[1], Reason::MissingInput);
    EXPECT_EQ(r.coverage[1], 0.0);
    EXPECT_TRUE(r.index.ok(2));
    // Exactly at the threshold counts: 2/3 >= 2/3 (the default).
    o.min_coverage = 2.0 / 3.0;
    EXPECT_TRUE(isp::composite(m, s, o).index.ok(0));
    // min_coverage 0: any value is enough, none is still no value.
    o.min_coverage = 0.0;
    const CompositeResult any = isp::composite(m, s, o);
    EXPECT_TRUE(any.index.ok(0));
    EXPECT_EQ(any.index.reason[1], Reason::MissingInput);
}

TEST(Composite, SumScalesUpForMissingValues) {
    // Weights 1, 1, 2 (total 4). Complete: 1 + 2 + 2*3 = 9. Missing the 2nd: (1 + 6) * 4/3 = 28/3.
    std::vector<IndicatorSpec> s = specs(3, NormMethod::None);
    s[2].weight = 2;
    CompositeOptions o;
    o.method = CompositeMethod::Sum;
    const CompositeResult r = isp::composite(matrix({{1, 2, 3}, {1, kMissing, 3}}), s, o);
    EXPECT_NEAR(r.index.value[0], 9.0, kTol);
    EXPECT_NEAR(r.index.value[1], 28.0 / 3.0, kTol);
}

TEST(Composite, GeometricMean) {
    // exp((ln 1 + ln 4 + ln 16) / 3) = 64^(1/3) = 4; missing the 2nd: sqrt(1 * 16) = 4;
    // weights 1, 1, 2 on 1, 4, 16: (1 * 4 * 16^2)^(1/4) = 1024^(1/4) = 4 sqrt(2).
    CompositeOptions o;
    o.method = CompositeMethod::GeometricMean;
    const CompositeResult r =
        isp::composite(matrix({{1, 4, 16}, {1, kMissing, 16}}), specs(3, NormMethod::None), o);
    EXPECT_NEAR(r.index.value[0], 4.0, kTol);
    EXPECT_NEAR(r.index.value[1], 4.0, kTol);
    std::vector<IndicatorSpec> w = specs(3, NormMethod::None);
    w[2].weight = 2;
    EXPECT_NEAR(isp::composite(matrix({{1, 4, 16}}), w, o).index.value[0], 4.0 * std::sqrt(2.0), 1e-12);
}

TEST(Composite, GeometricMeanNeedsPositiveScoresAndNamesTheIndicator) {
    CompositeOptions o;
    o.method = CompositeMethod::GeometricMean;
    const isp::Error e = error_of([&] {
        isp::composite(matrix({{1, 4, 16}, {2, 0, 3}}), specs(3, NormMethod::None), o);
    });
    EXPECT_EQ(e.code(), ErrorCode::NonPositiveInput);
    EXPECT_NE(e.message_de().find("Indikator 2"), std::string::npos) << e.message_de();
    EXPECT_NE(e.message_de().find("Gebiet 2"), std::string::npos) << e.message_de();
    EXPECT_NE(e.message_en().find("indicator 2"), std::string::npos) << e.message_en();
    // z-scores are negative for about half of the areas: the geometric mean rejects them.
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 5}, {3, 1}}), specs(2), o);
              }),
              ErrorCode::NonPositiveInput);
    // Min-max onto [1, 100] keeps every score positive.
    std::vector<IndicatorSpec> mm = specs(2, NormMethod::MinMax);
    for (IndicatorSpec& spec : mm) spec.params.lower = 1;
    const CompositeResult ok = isp::composite(matrix({{1, 2}, {2, 5}, {3, 1}}), mm, o);
    // Area 1: min-max scores 1 and (2 - 1) / 4 * 99 + 1 = 25.75 -> sqrt(25.75).
    EXPECT_NEAR(ok.index.value[0], std::sqrt(25.75), 1e-12);
}

// ---- z-score composite and MSS ------------------------------------------------------------------------

TEST(Composite, MeanOfZScoresByHand) {
    // Two indicators over 5 areas, the second a resource (polarity -1): index = (z1 + z2') / 2.
    const std::vector<double> a = {3, 7, 1, 9, 5};
    const std::vector<double> b = {40, 20, 35, 10, 25};
    Matrix m(5, 2);
    for (std::size_t i = 0; i < 5; ++i) {
        m(i, 0) = a[i];
        m(i, 1) = b[i];
    }
    std::vector<IndicatorSpec> s = specs(2);
    s[1].polarity = -1;
    const CompositeResult r = isp::composite(m, s);
    const std::vector<double> za = z_by_hand(a), zb = z_by_hand(b, -1);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_NEAR(r.index.value[i], (za[i] + zb[i]) / 2.0, kTol);
        EXPECT_NEAR(r.scores(i, 0), za[i], kTol);
        EXPECT_NEAR(r.scores(i, 1), zb[i], kTol);
    }
    // The fitted normalisers are kept: a has mean 5, sample SD sqrt(40/4) = sqrt(10).
    EXPECT_NEAR(r.normalisers[0].mean(), 5.0, kTol);
    EXPECT_NEAR(r.normalisers[0].sd(), std::sqrt(10.0), kTol);
    EXPECT_EQ(r.normalisers[1].polarity(), -1);
    EXPECT_EQ(r.treatments[0], isp::Treatment::None);
}

TEST(Composite, MssStatusIndexIsTheSumOverItsSd) {
    // Berlin MSS (methods §8.1): Statussumme = z1 + z2 + z3; Status-Index = Statussumme / SD(Statussumme).
    // Published tables have Statussumme / Status-Index constant across PLR; here: = SD of the sums.
    const std::vector<std::vector<double>> cols = {{5.1, 7.9, 3.2, 12.4, 6.6, 4.0, 9.3, 8.8},
                                                   {10, 14, 6, 22, 12, 9, 18, 15},
                                                   {2, 3.5, 1, 7, 2.5, 2, 4, 3.1}};
    Matrix m(8, 3);
    for (std::size_t c = 0; c < 3; ++c) {
        for (std::size_t i = 0; i < 8; ++i) m(i, c) = cols[c][i];
    }
    CompositeOptions o;
    o.method = CompositeMethod::Mss;
    const CompositeResult mss = isp::composite(m, specs(3), o);
    o.method = CompositeMethod::Sum;
    const CompositeResult sum = isp::composite(m, specs(3), o);

    std::vector<double> summe(8, 0.0);
    for (const auto& col : cols) {
        const std::vector<double> z = z_by_hand(col);
        for (std::size_t i = 0; i < 8; ++i) summe[i] += z[i];
    }
    const double sd = sample_sd(summe);
    for (std::size_t i = 0; i < 8; ++i) {
        EXPECT_NEAR(sum.index.value[i], summe[i], kTol);
        EXPECT_NEAR(mss.index.value[i], summe[i] / sd, kTol);
        EXPECT_NEAR(sum.index.value[i] / mss.index.value[i], sd, 1e-10);
    }
    // The Status-Index has sample SD 1 over the reference areas.
    EXPECT_NEAR(sample_sd(mss.index.value), 1.0, kTol);
}

TEST(Composite, MssScalesSumsWithMissingValuesLikeSum) {
    // Area 2 lacks indicator 3: its sum is (z1 + z2) * 3/2 (all weights / available weights), and the SD
    // is taken over these scaled sums.
    const std::vector<std::vector<double>> cols = {
        {5.1, 7.9, 3.2, 12.4, 6.6, 4.0}, {10, 14, 6, 22, 12, 9}, {2, 3.5, kMissing, 7, 2.5, 2}};
    Matrix m(6, 3);
    for (std::size_t c = 0; c < 3; ++c) {
        for (std::size_t i = 0; i < 6; ++i) m(i, c) = cols[c][i];
    }
    std::vector<double> sums(6, 0.0), present(6, 0.0);
    for (const auto& col : cols) {
        const std::vector<double> z = z_by_hand(col);
        for (std::size_t i = 0; i < 6; ++i) {
            if (!std::isnan(z[i])) {
                sums[i] += z[i];
                present[i] += 1;
            }
        }
    }
    for (std::size_t i = 0; i < 6; ++i) sums[i] *= 3.0 / present[i];
    const double sd = sample_sd(sums);
    CompositeOptions o;
    o.method = CompositeMethod::Mss;
    const CompositeResult r = isp::composite(m, specs(3), o);
    for (std::size_t i = 0; i < 6; ++i) EXPECT_NEAR(r.index.value[i], sums[i] / sd, kTol) << i;
}

TEST(Composite, MssNeedsZScores) {
    CompositeOptions o;
    o.method = CompositeMethod::Mss;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 5}, {3, 1}}), specs(2, NormMethod::MinMax), o);
              }),
              ErrorCode::InvalidParameter);
    // The population-SD z-score only rescales every z by the same factor: the MSS index does not change.
    const Matrix m = matrix({{1, 2}, {2, 5}, {3, 1}, {7, 3}});
    const CompositeResult z = isp::composite(m, specs(2), o);
    const CompositeResult zp = isp::composite(m, specs(2, NormMethod::ZScorePopulation), o);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(zp.index.value[i], z.index.value[i], kTol);
}

TEST(Composite, RescaleBySdDoesNotRecentre) {
    // Raw values (None) 1, 2, 3, 6 -> index / SD(1, 2, 3, 6); SD = sqrt(14/3) (mean 3, squares 4+1+0+9).
    CompositeOptions o;
    o.rescale_by_sd = true;
    const CompositeResult r = isp::composite(matrix({{1}, {2}, {3}, {6}}), specs(1, NormMethod::None), o);
    const double sd = std::sqrt(14.0 / 3.0);
    EXPECT_NEAR(r.index.value[0], 1.0 / sd, kTol);
    EXPECT_NEAR(r.index.value[3], 6.0 / sd, kTol);
}

// ---- Pinneberg Sozialformel reconstruction (methods §8.5, domain F3) ----------------------------------

struct Pinneberg {
    Matrix data{49, 5};
    std::vector<IndicatorSpec> spec = specs(5);
};

// 49 Kommunen, five Kennzahlen: Kinderarmut, Jugendarmut, SGB-II-Anteil (%), Medianeinkommen (EUR, a
// resource: polarity -1), Altersarmut (%). Deterministic fictional data with a common deprivation factor.
Pinneberg pinneberg() {
    Pinneberg p;
    const std::vector<double> factor = uniform(49, 2024, -1, 1);
    const std::vector<double> noise = uniform(49 * 5, 2025, -1, 1);
    const double base[5] = {12, 10, 7, 2400, 4};
    const double spread[5] = {6, 5, 3, -500, 2};
    for (std::size_t i = 0; i < 49; ++i) {
        for (std::size_t k = 0; k < 5; ++k) {
            p.data(i, k) = base[k] + spread[k] * factor[i] + 0.4 * std::fabs(spread[k]) * noise[i * 5 + k];
        }
    }
    p.spec[3].polarity = -1;
    return p;
}

TEST(Composite, PinnebergSozialformelEqualWeights) {
    // Sozialformel_i = (1/5) sum_k z(d_k x_ik), z over the 49 Kommunen, d = -1 for Medianeinkommen.
    const Pinneberg p = pinneberg();
    const CompositeResult r = isp::composite(p.data, p.spec);
    std::vector<double> expected(49, 0.0);
    for (std::size_t k = 0; k < 5; ++k) {
        const std::vector<double> z = z_by_hand(p.data.column(k), p.spec[k].polarity);
        for (std::size_t i = 0; i < 49; ++i) expected[i] += z[i] / 5.0;
    }
    for (std::size_t i = 0; i < 49; ++i) EXPECT_NEAR(r.index.value[i], expected[i], kTol) << i;
    // A high Medianeinkommen lowers the index: the Kommune with the highest income has a negative score.
    std::size_t richest = 0;
    for (std::size_t i = 1; i < 49; ++i) {
        if (p.data(i, 3) > p.data(richest, 3)) richest = i;
    }
    EXPECT_LT(r.scores(richest, 3), 0.0);
}

TEST(Composite, WeightZeroEqualsLeavingTheIndicatorOut) {
    Pinneberg p = pinneberg();
    p.spec[2].weight = 0;
    const CompositeResult with_zero = isp::composite(p.data, p.spec);
    Matrix four(49, 4);
    std::vector<IndicatorSpec> four_spec;
    for (std::size_t k = 0, c = 0; k < 5; ++k) {
        if (k == 2) continue;
        for (std::size_t i = 0; i < 49; ++i) four(i, c) = p.data(i, k);
        four_spec.push_back(p.spec[k]);
        ++c;
    }
    const CompositeResult without = isp::composite(four, four_spec);
    for (std::size_t i = 0; i < 49; ++i) EXPECT_EQ(with_zero.index.value[i], without.index.value[i]) << i;
    // The left-out indicator is not scored and does not count for coverage.
    EXPECT_TRUE(std::isnan(with_zero.scores(0, 2)));
    EXPECT_EQ(with_zero.coverage[0], 1.0);
    // Its values are not even checked: zero variance or a context polarity 0 do not matter.
    for (std::size_t i = 0; i < 49; ++i) p.data(i, 2) = 5.0;
    p.spec[2].polarity = 0;
    EXPECT_EQ(isp::composite(p.data, p.spec).index.value[7], without.index.value[7]);
}

// ---- Minimum population (methods §8.8: 300 inhabitants) -----------------------------------------------

TEST(Composite, AreaBelowMinimumPopulationIsLeftOutOfTheReference) {
    const Pinneberg p = pinneberg();
    std::vector<double> population(49, 1000.0);
    population[17] = 250;  // below 300
    const CompositeResult r = isp::composite(p.data, p.spec, {}, population);
    EXPECT_EQ(r.index.reason[17], Reason::BelowMinPopulation);
    EXPECT_TRUE(std::isnan(r.index.value[17]));
    EXPECT_TRUE(std::isnan(r.scores(17, 0)));
    // The others are scored exactly as if area 17 did not exist.
    Matrix without(48, 5);
    for (std::size_t i = 0, j = 0; i < 49; ++i) {
        if (i == 17) continue;
        for (std::size_t k = 0; k < 5; ++k) without(j, k) = p.data(i, k);
        ++j;
    }
    const CompositeResult ref = isp::composite(without, p.spec);
    for (std::size_t i = 0, j = 0; i < 49; ++i) {
        if (i == 17) continue;
        EXPECT_NEAR(r.index.value[i], ref.index.value[j], kTol);
        ++j;
    }
    // Including it changes the others (it shifts the means): the exclusion is real.
    const CompositeResult all = isp::composite(p.data, p.spec);
    EXPECT_NE(all.index.value[0], r.index.value[0]);
    // With the rule off (0) it is included again.
    CompositeOptions off;
    off.min_population = 0;
    EXPECT_EQ(isp::composite(p.data, p.spec, off, population).index.value[0], all.index.value[0]);
    // Exactly 300 is enough.
    population[17] = 300;
    EXPECT_TRUE(isp::composite(p.data, p.spec, {}, population).index.ok(17));
    // A missing population cannot show the minimum: no index, reason "no data".
    population[17] = kMissing;
    EXPECT_EQ(isp::composite(p.data, p.spec, {}, population).index.reason[17], Reason::MissingInput);
}

TEST(Composite, PopulationWeightedZ) {
    // ZScoreWeighted with the population as weights: equals Normaliser::fit on the same data.
    const std::vector<double> x = {3, 7, 1, 9, 5, 4};
    const std::vector<double> pop = {500, 1500, 800, 400, 2000, 900};
    Matrix m(6, 1);
    for (std::size_t i = 0; i < 6; ++i) m(i, 0) = x[i];
    const CompositeResult r = isp::composite(m, specs(1, NormMethod::ZScoreWeighted), {}, pop);
    const isp::Normaliser n = isp::Normaliser::fit(x, 1, NormMethod::ZScoreWeighted, {}, pop);
    for (std::size_t i = 0; i < 6; ++i) EXPECT_NEAR(r.index.value[i], n.apply(x[i]), kTol);
    EXPECT_EQ(code_of([&] { isp::composite(m, specs(1, NormMethod::ZScoreWeighted)); }),
              ErrorCode::InvalidParameter);
}

TEST(Composite, GeneralMethodsMatchNormalise) {
    // Percent rank and ratio (non-affine) per indicator equal isp::normalise on the same column.
    const std::vector<double> a = {3, 7, 1, 9, 5, 4, 7};
    const std::vector<double> b = {20, 35, 25, 40, 30, 28, 33};
    Matrix m(7, 2);
    for (std::size_t i = 0; i < 7; ++i) {
        m(i, 0) = a[i];
        m(i, 1) = b[i];
    }
    std::vector<IndicatorSpec> s = specs(2);
    s[0].method = NormMethod::PercentRank;
    s[1].method = NormMethod::Ratio;
    s[1].polarity = -1;
    const CompositeResult r = isp::composite(m, s);
    const isp::Column ra = isp::normalise(a, 1, NormMethod::PercentRank);
    const isp::Column rb = isp::normalise(b, -1, NormMethod::Ratio);
    for (std::size_t i = 0; i < 7; ++i) {
        EXPECT_NEAR(r.scores(i, 0), ra.value[i], kTol);
        EXPECT_NEAR(r.scores(i, 1), rb.value[i], kTol);
        EXPECT_NEAR(r.index.value[i], (ra.value[i] + rb.value[i]) / 2.0, kTol);
    }
}

TEST(Composite, RatioDefaultsToThePopulationWeightedMean) {
    // Ratio without x_ref and with a population: x_ref = sum(P x) / sum(P) over the reference areas
    // = (500*4 + 1500*6 + 1000*5) / 3000 = 16000 / 3000; the area with 100 inhabitants is left out.
    Matrix m(4, 1);
    const std::vector<double> x = {4, 6, 5, 50};
    for (std::size_t i = 0; i < 4; ++i) m(i, 0) = x[i];
    const CompositeResult r = isp::composite(m, specs(1, NormMethod::Ratio), {}, {500, 1500, 1000, 100});
    const double x_ref = 16000.0 / 3000.0;
    EXPECT_NEAR(r.normalisers[0].reference_value(), x_ref, kTol);
    EXPECT_NEAR(r.index.value[1], 6.0 / x_ref * 100.0, kTol);
    EXPECT_EQ(r.index.reason[3], Reason::BelowMinPopulation);
}

TEST(Composite, OutlierTreatmentBeforeNormalising) {
    // 1..19, 1000 winsorises to 1..19, 19 (outliers_test); the z-scores are those of the treated values.
    std::vector<double> x;
    for (int i = 1; i <= 19; ++i) x.push_back(i);
    x.push_back(1000);
    Matrix m(20, 1);
    for (std::size_t i = 0; i < 20; ++i) m(i, 0) = x[i];
    std::vector<IndicatorSpec> s = specs(1);
    s[0].treat_outliers = true;
    const CompositeResult r = isp::composite(m, s);
    EXPECT_EQ(r.treatments[0], isp::Treatment::Winsorised);
    std::vector<double> treated = x;
    treated.back() = 19;
    const std::vector<double> z = z_by_hand(treated);
    for (std::size_t i = 0; i < 20; ++i) EXPECT_NEAR(r.index.value[i], z[i], kTol);
    // Off by default: the raw values.
    const CompositeResult raw = isp::composite(m, specs(1));
    EXPECT_NEAR(raw.index.value[19], z_by_hand(x)[19], kTol);
    EXPECT_EQ(raw.treatments[0], isp::Treatment::None);
}

TEST(Composite, ReferenceRowCentresEachIndicator) {
    // Two indicators, the second a resource; given Landkreis values 4 and 10 (methods §8.6):
    // z = d (x - x_LK) / s, s the sample SD over the areas. Column 1: 2, 4, 9 (mean 5, SD sqrt(13));
    // column 2: 8, 12, 13 (mean 11, SD sqrt(7)). Index = mean of the two z.
    const Matrix m = matrix({{2, 8}, {4, 12}, {9, 13}});
    std::vector<IndicatorSpec> s = specs(2);
    s[1].polarity = -1;
    s[0].params.reference = 4;
    s[1].params.reference = 10;
    const CompositeResult r = isp::composite(m, s);
    const double z1[3] = {-2 / std::sqrt(13.0), 0.0, 5 / std::sqrt(13.0)};
    const double z2[3] = {2 / std::sqrt(7.0), -2 / std::sqrt(7.0), -3 / std::sqrt(7.0)};
    for (std::size_t i = 0; i < 3; ++i) EXPECT_NEAR(r.index.value[i], (z1[i] + z2[i]) / 2, kTol);
}

TEST(Composite, WeightedCentreUsesThePopulation) {
    // x = 2, 4, 9 with population 1000, 3000, 1000: weighted mean (2000 + 12000 + 9000) / 5000 = 4.6;
    // SD stays the plain sample SD sqrt(13).
    const Matrix m = matrix({{2}, {4}, {9}});
    std::vector<IndicatorSpec> s = specs(1);
    s[0].params.centre = isp::Centre::WeightedMean;
    const CompositeResult r = isp::composite(m, s, {}, {1000, 3000, 1000});
    EXPECT_NEAR(r.index.value[2], (9 - 4.6) / std::sqrt(13.0), kTol);
    // Without a population: InvalidParameter naming the indicator.
    EXPECT_EQ(code_of([&] { isp::composite(m, s); }), ErrorCode::InvalidParameter);
}

TEST(Composite, GivenReferenceFollowsTheOutlierTreatment) {
    // 1..19, 1000 winsorises to [1, 19]; a Landkreis value of 50 moves with it to 19, so the area with 1000
    // (treated: 19) sits exactly at the reference: z = 0.
    Matrix m(20, 1);
    for (std::size_t i = 0; i < 19; ++i) m(i, 0) = static_cast<double>(i + 1);
    m(19, 0) = 1000;
    std::vector<IndicatorSpec> s = specs(1);
    s[0].treat_outliers = true;
    s[0].params.reference = 50;
    const CompositeResult r = isp::composite(m, s);
    ASSERT_EQ(r.treatments[0], isp::Treatment::Winsorised);
    EXPECT_NEAR(r.index.value[19], 0.0, kTol);
    EXPECT_NEAR(r.normalisers[0].reference_value(), 19.0, 0.0);
}

// ---- Large inputs: threads, keep_scores -------------------------------------------------------------

struct Big {
    Matrix data;
    std::vector<double> population;
};

Big big_random(std::size_t rows, std::size_t cols) {
    Big b{Matrix(rows, cols), uniform(rows, 77, 100, 3000)};
    const std::vector<double> v = uniform(rows * cols, 78, 0, 1);
    const std::vector<double> gaps = uniform(rows * cols, 79, 0, 1);
    for (std::size_t i = 0; i < rows * cols; ++i)
        b.data.data()[i] = gaps[i] < 0.03 ? kMissing : 50 + 900 * v[i] * v[i];
    return b;
}

TEST(Composite, BitIdenticalForEveryThreadCount) {
    const Big b = big_random(40000, 13);  // more than one chunk of rows, 13 = 3 lanes of 4 + a tail
    std::vector<IndicatorSpec> s = specs(13);
    for (std::size_t c = 0; c < 13; ++c) {
        s[c].polarity = c % 4 == 1 ? -1 : 1;
        s[c].weight = 0.5 + static_cast<double>(c % 3);
    }
    s[5].method = NormMethod::MinMax;
    for (CompositeMethod method : {CompositeMethod::Mean, CompositeMethod::Sum}) {
        CompositeOptions o;
        o.method = method;
        o.threads = 1;
        const CompositeResult one = isp::composite(b.data, s, o, b.population);
        for (int t : {2, 3, 4}) {
            o.threads = t;
            const CompositeResult many = isp::composite(b.data, s, o, b.population);
            ASSERT_EQ(many.index.size(), one.index.size());
            EXPECT_EQ(std::memcmp(many.index.value.data(), one.index.value.data(),
                                  one.index.size() * sizeof(double)),
                      0)
                << "threads " << t;
            EXPECT_EQ(many.index.reason, one.index.reason);
            EXPECT_EQ(std::memcmp(many.scores.data().data(), one.scores.data().data(),
                                  one.scores.data().size() * sizeof(double)),
                      0);
            EXPECT_EQ(many.coverage, one.coverage);
        }
    }
    // Mss over threads too (its SD pass runs after the rows).
    std::vector<IndicatorSpec> z = specs(13);
    CompositeOptions o;
    o.method = CompositeMethod::Mss;
    o.threads = 1;
    const CompositeResult one = isp::composite(b.data, z, o, b.population);
    o.threads = 2;
    const CompositeResult two = isp::composite(b.data, z, o, b.population);
    EXPECT_EQ(std::memcmp(two.index.value.data(), one.index.value.data(), one.index.size() * sizeof(double)),
              0);
}

TEST(Composite, KeepScoresOffGivesTheSameIndex) {
    const Big b = big_random(5000, 9);
    CompositeOptions o;
    const CompositeResult with = isp::composite(b.data, specs(9), o, b.population);
    o.keep_scores = false;
    const CompositeResult without = isp::composite(b.data, specs(9), o, b.population);
    EXPECT_EQ(without.scores.rows(), 0u);
    EXPECT_EQ(
        std::memcmp(with.index.value.data(), without.index.value.data(), with.index.size() * sizeof(double)),
        0);
    EXPECT_EQ(with.coverage, without.coverage);
}

TEST(Composite, ScoresMatchTheNormaliserOnLargeData) {
    // The fused column statistics (blocks merged with Chan's update) agree with Boost's Welford pass in
    // Normaliser::fit, and every score is the normaliser's apply().
    const Big b = big_random(20000, 5);
    std::vector<IndicatorSpec> s = specs(5);
    s[2].polarity = -1;
    const CompositeResult r = isp::composite(b.data, s, {}, b.population);
    for (std::size_t c = 0; c < 5; ++c) {
        std::vector<double> ref;
        for (std::size_t i = 0; i < 20000; ++i) {
            if (b.population[i] >= 300) ref.push_back(b.data(i, c));
        }
        const isp::Normaliser n = isp::Normaliser::fit(ref, s[c].polarity, NormMethod::ZScore);
        EXPECT_NEAR(r.normalisers[c].mean(), n.mean(), 1e-11 * std::fabs(n.mean()));
        EXPECT_NEAR(r.normalisers[c].sd(), n.sd(), 1e-11 * n.sd());
        for (std::size_t i = 0; i < 20000; i += 97) {
            if (b.population[i] < 300) continue;
            const double expected = r.normalisers[c].apply(b.data(i, c));
            if (std::isnan(expected)) {
                EXPECT_TRUE(std::isnan(r.scores(i, c)));
            } else {
                EXPECT_EQ(r.scores(i, c), expected);
            }
        }
    }
}

// ---- Errors -------------------------------------------------------------------------------------------

TEST(CompositeErrors, Dimensions) {
    EXPECT_EQ(code_of([] { isp::composite(Matrix(), {}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::composite(Matrix(3, 0), {}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] {
                  isp::composite(matrix({{1, 2}, {3, 4}}), specs(3));
              }),
              ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] {
                  isp::composite(matrix({{1, 2}, {3, 4}}), specs(2), {}, {500});
              }),
              ErrorCode::DimensionMismatch);
}

TEST(CompositeErrors, InfinitiesAnywhere) {
    EXPECT_EQ(code_of([] {
                  isp::composite(matrix({{1, 2}, {kInf, 4}, {2, 2}}), specs(2));
              }),
              ErrorCode::NonFiniteInput);
    // In an area outside the reference, and in an indicator with weight 0: still bad input.
    EXPECT_EQ(
        code_of([] {
            isp::composite(matrix({{1, 2}, {-kInf, 4}, {2, 3}, {4, 1}}), specs(2), {}, {500, 100, 500, 500});
        }),
        ErrorCode::NonFiniteInput);
    std::vector<IndicatorSpec> s = specs(2);
    s[1].weight = 0;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, kInf}, {3, 3}}), s);
              }),
              ErrorCode::NonFiniteInput);
    const isp::Error e = error_of([] { isp::composite(matrix({{1, 2}, {2, kInf}, {3, 3}}), specs(2)); });
    EXPECT_NE(e.message_de().find("Indikator 2"), std::string::npos) << e.message_de();
    EXPECT_EQ(code_of([] {
                  isp::composite(matrix({{1, 2}, {2, 1}}), specs(2), {}, {500, kInf});
              }),
              ErrorCode::NonFiniteInput);
}

TEST(CompositeErrors, Weights) {
    std::vector<IndicatorSpec> s = specs(2);
    s[0].weight = -1;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 1}, {3, 3}}), s);
              }),
              ErrorCode::NegativeWeight);
    s[0].weight = kMissing;
    EXPECT_EQ(code_of([&] { isp::composite(matrix({{1, 2}, {2, 1}, {3, 3}}), s); }), ErrorCode::MissingValue);
    s[0].weight = kInf;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 1}, {3, 3}}), s);
              }),
              ErrorCode::NonFiniteInput);
    s[0].weight = 0;
    s[1].weight = 0;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 1}, {3, 3}}), s);
              }),
              ErrorCode::ZeroWeightSum);
}

TEST(CompositeErrors, PolarityPopulationAndOptions) {
    std::vector<IndicatorSpec> s = specs(2);
    s[1].polarity = 0;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 1}, {3, 3}}), s);
              }),
              ErrorCode::InvalidPolarity);
    EXPECT_EQ(code_of([] {
                  isp::composite(matrix({{1, 2}, {2, 1}}), specs(2), {}, {500, -1});
              }),
              ErrorCode::NegativeCount);
    CompositeOptions o;
    o.min_coverage = 1.5;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 1}}), specs(2), o);
              }),
              ErrorCode::InvalidParameter);
    o = {};
    o.min_coverage = kMissing;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 1}}), specs(2), o);
              }),
              ErrorCode::InvalidParameter);
    o = {};
    o.min_population = -1;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 1}}), specs(2), o);
              }),
              ErrorCode::InvalidParameter);
    o = {};
    o.threads = -1;
    EXPECT_EQ(code_of([&] {
                  isp::composite(matrix({{1, 2}, {2, 1}}), specs(2), o);
              }),
              ErrorCode::InvalidParameter);
    // No area reaches the minimum population.
    EXPECT_EQ(code_of([] {
                  isp::composite(matrix({{1, 2}, {2, 1}}), specs(2), {}, {100, 200});
              }),
              ErrorCode::EmptyInput);
}

TEST(CompositeErrors, NormalisationErrorsNameTheIndicator) {
    const isp::Error zero = error_of([] { isp::composite(matrix({{1, 2}, {2, 2}, {3, 2}}), specs(2)); });
    EXPECT_EQ(zero.code(), ErrorCode::ZeroVariance);
    EXPECT_NE(zero.message_de().find("Indikator 2"), std::string::npos) << zero.message_de();
    EXPECT_NE(zero.message_en().find("indicator 2"), std::string::npos) << zero.message_en();
    EXPECT_EQ(code_of([] {
                  isp::composite(matrix({{1, 2}, {2, kMissing}, {3, kMissing}}), specs(2));
              }),
              ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] {
                  isp::composite(matrix({{1, kMissing}, {2, kMissing}}), specs(2));
              }),
              ErrorCode::EmptyInput);
    std::vector<IndicatorSpec> g = specs(1, NormMethod::Goalposts);
    EXPECT_EQ(code_of([&] { isp::composite(matrix({{1}, {2}}), g); }), ErrorCode::InvalidParameter);
    // MSS with a single area that has both indicators (min_coverage 1): the SD of the sums is undefined.
    CompositeOptions o;
    o.method = CompositeMethod::Mss;
    o.min_coverage = 1.0;
    const isp::Error mss = error_of([&] {
        isp::composite(matrix({{1, 2}, {kMissing, 5}, {3, kMissing}, {4, kMissing}}), specs(2), o);
    });
    EXPECT_EQ(mss.code(), ErrorCode::TooFewValues);
    EXPECT_NE(mss.message_de().find("MSS"), std::string::npos) << mss.message_de();
}

}  // namespace
