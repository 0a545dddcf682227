#include "isp/outliers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "isp/error.hpp"
#include "test_errors.hpp"

namespace {

using isp::test::code_of;

using isp::ErrorCode;
using isp::kMissing;
using isp::OutlierOptions;
using isp::OutlierResult;
using isp::Treatment;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kTol = 1e-12;

// The formulas of methods.md §3 written out directly (two passes, no Boost), as an independent check:
// skew = sqrt(n) sum d^3 / (sum d^2)^(3/2) * sqrt(n (n-1)) / (n-2);
// kurt = ((n+1)(r-3) + 6)(n-1) / ((n-2)(n-3)) with r = n sum d^4 / (sum d^2)^2.
double direct_skew(const std::vector<double>& x) {
    const double n = static_cast<double>(x.size());
    double mean = 0.0;
    for (double v : x) mean += v / n;
    double s2 = 0.0, s3 = 0.0;
    for (double v : x) {
        s2 += (v - mean) * (v - mean);
        s3 += (v - mean) * (v - mean) * (v - mean);
    }
    return std::sqrt(n) * s3 / std::pow(s2, 1.5) * std::sqrt(n * (n - 1)) / (n - 2);
}
double direct_kurt(const std::vector<double>& x) {
    const double n = static_cast<double>(x.size());
    double mean = 0.0;
    for (double v : x) mean += v / n;
    double s2 = 0.0, s4 = 0.0;
    for (double v : x) {
        s2 += (v - mean) * (v - mean);
        s4 += std::pow(v - mean, 4);
    }
    const double r = n * s4 / (s2 * s2);
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3));
}

std::vector<double> ones_then(int count, const std::vector<double>& tail) {
    std::vector<double> x(static_cast<std::size_t>(count), 1.0);
    x.insert(x.end(), tail.begin(), tail.end());
    return x;
}

// ---- Skewness and kurtosis ----------------------------------------------------------------------------

TEST(Outliers, SkewnessByHand) {
    // x = 1 2 3 4 10: mean 4, d = -3 -2 -1 0 6, sum d^2 = 50, sum d^3 = 180.
    // g = sqrt(5) * 180 / 50^(3/2) = 0.72 sqrt(5/2); skew = g * sqrt(20) / 3 = 0.24 sqrt(50) = 1.2 sqrt(2)
    // = 1.6970562748. Calc SKEW and e1071 type 2 use this formula (methods §3), so SKEW(1;2;3;4;10) is the
    // same.
    EXPECT_NEAR(isp::sample_skewness({1, 2, 3, 4, 10}), 1.2 * std::sqrt(2.0), kTol);
    // Symmetric: 0.
    EXPECT_NEAR(isp::sample_skewness({1, 2, 3, 4, 5}), 0.0, kTol);
    // Mirrored data mirror the skewness.
    EXPECT_NEAR(isp::sample_skewness({-1, -2, -3, -4, -10}), -1.2 * std::sqrt(2.0), kTol);
}

TEST(Outliers, ExcessKurtosisByHand) {
    // x = 1 2 3 4 10: sum d^4 = 81 + 16 + 1 + 0 + 1296 = 1394, r = 5 * 1394 / 50^2 = 2.788,
    // kurt = (6 * (2.788 - 3) + 6) * 4 / (3 * 2) = 4.728 * 4 / 6 = 3.152 (= Calc KURT(1;2;3;4;10)).
    EXPECT_NEAR(isp::sample_excess_kurtosis({1, 2, 3, 4, 10}), 3.152, kTol);
    // x = 1..5: sum d^2 = 10, sum d^4 = 34, r = 1.7, kurt = (6 * -1.3 + 6) * 4 / 6 = -1.2 (=
    // KURT(1;2;3;4;5)).
    EXPECT_NEAR(isp::sample_excess_kurtosis({1, 2, 3, 4, 5}), -1.2, kTol);
}

TEST(Outliers, MissingValuesAreSkipped) {
    EXPECT_NEAR(isp::sample_skewness({1, kMissing, 2, 3, 4, kMissing, 10}), 1.2 * std::sqrt(2.0), kTol);
    EXPECT_NEAR(isp::sample_excess_kurtosis({kMissing, 1, 2, 3, 4, 10}), 3.152, kTol);
}

TEST(Outliers, ScaleInvariantAtExtremeMagnitudes) {
    // Skewness and kurtosis do not depend on the scale; d^4 of 1e300 would overflow without rescaling.
    EXPECT_NEAR(isp::sample_skewness({1e300, 2e300, 3e300, 4e300, 1e301}), 1.2 * std::sqrt(2.0), 1e-9);
    EXPECT_NEAR(isp::sample_excess_kurtosis({1e300, 2e300, 3e300, 4e300, 1e301}), 3.152, 1e-9);
    EXPECT_NEAR(isp::sample_excess_kurtosis({1e-300, 2e-300, 3e-300, 4e-300, 1e-299}), 3.152, 1e-9);
}

TEST(Outliers, AgreesWithTheDirectFormulaOnLargerData) {
    const std::vector<double> x = ones_then(60, {10, 20, 30, 40, 50, 60});
    EXPECT_NEAR(isp::sample_skewness(x), direct_skew(x), 1e-10);
    EXPECT_NEAR(isp::sample_excess_kurtosis(x), direct_kurt(x), 1e-10);
}

TEST(OutliersErrors, TooFewEmptyConstantInfinite) {
    EXPECT_EQ(code_of([] { isp::sample_skewness({1, 2}); }), ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] { isp::sample_skewness({1, 2, kMissing}); }), ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] { isp::sample_excess_kurtosis({1, 2, 3}); }), ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] { isp::sample_skewness({}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::sample_excess_kurtosis({kMissing}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::sample_skewness({2, 2, 2, 2}); }), ErrorCode::ZeroVariance);
    EXPECT_EQ(code_of([] { isp::sample_excess_kurtosis({2, 2, 2, 2}); }), ErrorCode::ZeroVariance);
    EXPECT_EQ(code_of([] { isp::sample_skewness({1, 2, kInf, 4}); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { isp::treat_outliers({1, 2, -kInf, 4}); }), ErrorCode::NonFiniteInput);
}

TEST(OutliersErrors, BadOptions) {
    OutlierOptions o;
    o.winmax = -1;
    EXPECT_EQ(code_of([&] { isp::treat_outliers({1, 2, 3, 4}, o); }), ErrorCode::InvalidParameter);
    o = {};
    o.skew_threshold = kMissing;
    EXPECT_EQ(code_of([&] { isp::treat_outliers({1, 2, 3, 4}, o); }), ErrorCode::InvalidParameter);
    o = {};
    o.kurt_threshold = kInf;
    EXPECT_EQ(code_of([&] { isp::treat_outliers({1, 2, 3, 4}, o); }), ErrorCode::InvalidParameter);
}

// ---- Treatment (COINr Treat) ------------------------------------------------------------------------

TEST(Outliers, PassingDataStayUnchanged) {
    // 1..5: skew 0 < 2 -> passes.
    const std::vector<double> x = {1, 2, 3, 4, 5};
    const OutlierResult r = isp::treat_outliers(x);
    EXPECT_EQ(r.treatment, Treatment::None);
    EXPECT_EQ(r.values, x);
    EXPECT_EQ(r.points_winsorised, 0);
    EXPECT_NEAR(r.skew_before, 0.0, kTol);
    EXPECT_NEAR(r.kurt_after, -1.2, kTol);
    for (bool t : r.treated) EXPECT_FALSE(t);
}

TEST(Outliers, TreatedOnlyIfSkewAndKurtosisBothFail) {
    // 0 0 0 0 1: d = -.2 x4, .8; sum d^2 = 0.8, sum d^3 = 0.48, sum d^4 = 0.416;
    // g = sqrt(5) * 0.48 / 0.8^1.5 = 1.5, skew = 1.5 * sqrt(20) / 3 = sqrt(5) = 2.236;
    // r = 5 * 0.416 / 0.64 = 3.25, kurt = (6 * 0.25 + 6) * 4 / 6 = 5.
    const std::vector<double> x = {0, 0, 0, 0, 1};
    EXPECT_NEAR(isp::sample_skewness(x), std::sqrt(5.0), kTol);
    EXPECT_NEAR(isp::sample_excess_kurtosis(x), 5.0, 1e-12);
    OutlierOptions skew_passes;
    skew_passes.skew_threshold = 2.5;  // |2.236| < 2.5 passes although kurt 5 >= 3.5
    EXPECT_EQ(isp::treat_outliers(x, skew_passes).treatment, Treatment::None);
    OutlierOptions kurt_passes;
    kurt_passes.kurt_threshold = 6;  // 5 < 6 passes although |skew| >= 2
    EXPECT_EQ(isp::treat_outliers(x, kurt_passes).treatment, Treatment::None);
    // Defaults: both fail -> winsorised; moving the 1 to 0 leaves a constant vector (no outlier left,
    // skewness undefined).
    const OutlierResult r = isp::treat_outliers(x);
    EXPECT_EQ(r.treatment, Treatment::Winsorised);
    EXPECT_EQ(r.points_winsorised, 1);
    EXPECT_EQ(r.values, (std::vector<double>{0, 0, 0, 0, 0}));
    EXPECT_TRUE(std::isnan(r.skew_after));
}

TEST(Outliers, WinsorisesOneHighOutlier) {
    // 1..19, 1000: skew 4.47, kurt 19.97 (direct formula) -> fails; 1000 -> 19 (the next-highest value);
    // then 1..19, 19 passes.
    std::vector<double> x;
    for (int i = 1; i <= 19; ++i) x.push_back(i);
    x.push_back(1000);
    const OutlierResult r = isp::treat_outliers(x);
    ASSERT_EQ(r.treatment, Treatment::Winsorised);
    EXPECT_EQ(r.points_winsorised, 1);
    EXPECT_EQ(r.values.back(), 19.0);
    EXPECT_TRUE(r.treated.back());
    EXPECT_FALSE(r.treated.front());
    std::vector<double> expected = x;
    expected.back() = 19;
    EXPECT_EQ(r.values, expected);
    EXPECT_NEAR(r.skew_before, direct_skew(x), 1e-10);
    EXPECT_NEAR(r.kurt_before, direct_kurt(x), 1e-10);
    EXPECT_NEAR(r.skew_after, direct_skew(expected), 1e-10);
    EXPECT_LT(std::fabs(r.skew_after), 2.0);
}

TEST(Outliers, TiesMoveTogetherAndAllCount) {
    // 1..18, 1000, 1000: both maxima move to 18 in one step and count as 2 points.
    std::vector<double> x;
    for (int i = 1; i <= 18; ++i) x.push_back(i);
    x.push_back(1000);
    x.push_back(1000);
    const OutlierResult r = isp::treat_outliers(x);
    ASSERT_EQ(r.treatment, Treatment::Winsorised);
    EXPECT_EQ(r.points_winsorised, 2);
    EXPECT_EQ(r.values[18], 18.0);
    EXPECT_EQ(r.values[19], 18.0);
}

TEST(Outliers, NegativeSkewWinsorisesTheMinimum) {
    // The mirror of WinsorisesOneHighOutlier: -1000 -> 1.
    std::vector<double> x = {-1000};
    for (int i = 1; i <= 19; ++i) x.push_back(i);
    const OutlierResult r = isp::treat_outliers(x);
    ASSERT_EQ(r.treatment, Treatment::Winsorised);
    EXPECT_LT(r.skew_before, -2.0);
    EXPECT_EQ(r.points_winsorised, 1);
    EXPECT_EQ(r.values.front(), 1.0);
}

TEST(Outliers, LogWhenWinsorisingUpToWinmaxDoesNotPass) {
    // Sixty 1s and 10, 20, ..., 60 (direct formula: skew 3.88, kurt 14.9). Winsorising the top 5 points
    // (60 -> 50, then 50 -> 40, ...) still fails (skew 2.91, kurt 6.69), so log_CT is applied to the
    // ORIGINAL values: ln(x - 1 + 0.01 * (60 - 1)) = ln(x - 0.41).
    const std::vector<double> x = ones_then(60, {10, 20, 30, 40, 50, 60});
    const OutlierResult r = isp::treat_outliers(x);
    ASSERT_EQ(r.treatment, Treatment::Log);
    EXPECT_EQ(r.points_winsorised, 0);
    EXPECT_NEAR(r.values[0], std::log(0.59), kTol);
    EXPECT_NEAR(r.values.back(), std::log(59.59), kTol);
    EXPECT_NEAR(r.values[60], std::log(9.59), kTol);
    for (bool t : r.treated) EXPECT_TRUE(t);
    std::vector<double> logged(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) logged[i] = std::log(x[i] - 0.41);
    EXPECT_NEAR(r.skew_after, direct_skew(logged), 1e-9);
    // winmax 0: straight to the log.
    OutlierOptions none;
    none.winmax = 0;
    EXPECT_EQ(isp::treat_outliers({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1000}, none).treatment, Treatment::Log);
}

TEST(Outliers, LogOfExtremeValuesStaysFinite) {
    // x - min + 0.01 (max - min) overflows for max = 1.8e308 and min < 0; the log is computed on x / 4 and
    // ln 4 added back: ln(max + 1000 + 0.01 (max + 1000)) = ln(1.01 max) (the 1000 is below max's ulp).
    OutlierOptions straight_to_log;
    straight_to_log.winmax = 0;
    const double big = std::numeric_limits<double>::max();
    const OutlierResult r = isp::treat_outliers({-1000, 0, 0, 0, 0, 0, 0, 0, big}, straight_to_log);
    ASSERT_EQ(r.treatment, Treatment::Log);
    for (double v : r.values) EXPECT_TRUE(std::isfinite(v)) << v;
    EXPECT_NEAR(r.values.back(), std::log(big / 4 * 1.01) + std::log(4.0), 1e-12);
    // The minimum maps to ln(0.01 (max - min)) as in COINr.
    EXPECT_NEAR(r.values.front(), std::log(0.01 * (big / 4)) + std::log(4.0), 1e-12);
}

TEST(Outliers, TreatLikeMovesAnotherValueTheSameWay) {
    // Winsorised 1..19, 1000 -> range [1, 19]: 500 -> 19, 0 -> 1, 7.5 stays.
    std::vector<double> x;
    for (int i = 1; i <= 19; ++i) x.push_back(i);
    x.push_back(1000);
    const OutlierResult w = isp::treat_outliers(x);
    ASSERT_EQ(w.treatment, Treatment::Winsorised);
    EXPECT_EQ(isp::treat_like(w, 500), 19.0);
    EXPECT_EQ(isp::treat_like(w, 0), 1.0);
    EXPECT_EQ(isp::treat_like(w, 7.5), 7.5);
    // Log (sixty 1s and 10..60, see above): ln(x - 0.41); below 0.41 undefined -> missing.
    const OutlierResult l = isp::treat_outliers(ones_then(60, {10, 20, 30, 40, 50, 60}));
    ASSERT_EQ(l.treatment, Treatment::Log);
    EXPECT_NEAR(isp::treat_like(l, 5), std::log(4.59), kTol);
    EXPECT_TRUE(std::isnan(isp::treat_like(l, 0.41)));
    EXPECT_TRUE(std::isnan(isp::treat_like(l, -3)));
    // Untreated: unchanged; missing stays missing.
    const OutlierResult none = isp::treat_outliers({1, 2, 3, 4, 5});
    EXPECT_EQ(isp::treat_like(none, 123.0), 123.0);
    EXPECT_TRUE(std::isnan(isp::treat_like(w, kMissing)));
}

TEST(Outliers, UntestableBelowFourValuesOrWithoutSpread) {
    const OutlierResult small = isp::treat_outliers({1, 2, 1000, kMissing});
    EXPECT_EQ(small.treatment, Treatment::Untestable);
    EXPECT_EQ(small.values[2], 1000.0);
    EXPECT_TRUE(std::isnan(small.skew_before));
    EXPECT_EQ(isp::treat_outliers({5, 5, 5, 5, 5}).treatment, Treatment::Untestable);
    EXPECT_EQ(isp::treat_outliers({}).treatment, Treatment::Untestable);
}

TEST(Outliers, MissingValuesStayMissingAndUntreated) {
    std::vector<double> x;
    for (int i = 1; i <= 19; ++i) x.push_back(i);
    x.push_back(1000);
    x.insert(x.begin() + 3, kMissing);
    const OutlierResult r = isp::treat_outliers(x);
    ASSERT_EQ(r.treatment, Treatment::Winsorised);
    EXPECT_TRUE(std::isnan(r.values[3]));
    EXPECT_FALSE(r.treated[3]);
    EXPECT_EQ(r.values.back(), 19.0);
}

}  // namespace
