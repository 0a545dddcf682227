// Classes with cut-points and labels (methods.md §8.1, §8.6; domain.md F4).
#include "isp/classify.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "isp/error.hpp"
#include "isp/types.hpp"

namespace isp {
namespace {

std::string label(double v, const ClassScheme& s) {
    const int k = classify(v, s);
    return k < 0 ? std::string("<none>") : s.labels.at(static_cast<std::size_t>(k));
}

template <typename F>
ErrorCode code_of(F f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    ADD_FAILURE() << "no isp::Error thrown";
    return ErrorCode::InvalidPolarity;
}

// ---- Presets ----------------------------------------------------------------------------------------

TEST(ClassifyPreset, MssStatusBoundariesFromTheIssue) {
    // methods.md §8.1: hoch < -1.0 <= mittel <= +1.0 < niedrig <= +1.5 < sehr niedrig, unrounded values.
    const ClassScheme s = preset_scheme("mss-status");
    EXPECT_EQ(label(1.00, s), "mittel");        // SI <= +1.0 is mittel
    EXPECT_EQ(label(1.02, s), "niedrig");       // +1.0 < SI
    EXPECT_EQ(label(1.51, s), "sehr niedrig");  // SI > +1.5
    EXPECT_EQ(label(-1.01, s), "hoch");         // SI < -1.0
    EXPECT_EQ(label(-1.00, s), "mittel");       // -1.0 <= SI
    EXPECT_EQ(label(1.50, s), "niedrig");       // SI <= +1.5 is niedrig
    EXPECT_EQ(label(0.0, s), "mittel");
    EXPECT_EQ(label(-7.3, s), "hoch");
    EXPECT_EQ(label(9.0, s), "sehr niedrig");
    // A published 1.00 may be 1.004 unrounded: the rule uses the unrounded value (methods.md §8.1).
    EXPECT_EQ(label(1.004, s), "niedrig");
    EXPECT_EQ(label(std::nextafter(1.0, 2.0), s), "niedrig");
    EXPECT_EQ(label(std::nextafter(-1.0, -2.0), s), "hoch");
    EXPECT_EQ(s.labels, (std::vector<std::string>{"hoch", "mittel", "niedrig", "sehr niedrig"}));
}

TEST(ClassifyPreset, MssDynamikBoundaries) {
    // positiv < -1.0 <= stabil <= +1.0 < negativ
    const ClassScheme s = preset_scheme("mss-dynamik");
    EXPECT_EQ(label(-1.0, s), "stabil");
    EXPECT_EQ(label(1.0, s), "stabil");
    EXPECT_EQ(label(-1.01, s), "positiv");
    EXPECT_EQ(label(1.01, s), "negativ");
    EXPECT_EQ(s.labels.size(), 3u);
}

TEST(ClassifyPreset, BelastungHasTheMssCutsWithBurdenLabels) {
    // methods.md §8.6
    const ClassScheme s = preset_scheme("belastung");
    const ClassScheme m = preset_scheme("mss-status");
    EXPECT_EQ(s.cuts, m.cuts);
    EXPECT_EQ(s.equal_goes_up, m.equal_goes_up);
    EXPECT_EQ(label(-1.01, s), "unterdurchschnittlich");
    EXPECT_EQ(label(-1.0, s), "durchschnittlich");
    EXPECT_EQ(label(1.0, s), "durchschnittlich");
    EXPECT_EQ(label(1.02, s), "erhöht");
    EXPECT_EQ(label(1.5, s), "erhöht");
    EXPECT_EQ(label(1.51, s), "stark erhöht");
}

TEST(ClassifyPreset, KeywordsAndSynonyms) {
    for (const char* k : {"mss-status", "MSS_Status", "mssstatus", "Status", "statusindex", "MSS", ""})
        EXPECT_EQ(preset_scheme(k).name, "mss-status") << k;
    for (const char* k : {"mss-dynamik", "MSS_Dynamik", "dynamik", "Dynamik-Index", "dynamics"})
        EXPECT_EQ(preset_scheme(k).name, "mss-dynamik") << k;
    for (const char* k : {"belastung", "BELASTUNG", "Belastungsindex", "Sozialraum-Monitor", "burden"})
        EXPECT_EQ(preset_scheme(k).name, "belastung") << k;
    EXPECT_EQ(code_of([] { preset_scheme("ampel"); }), ErrorCode::UnknownScheme);
    // Quantile keywords need data: not a preset, but recognised for quantile_scheme().
    EXPECT_EQ(code_of([] { preset_scheme("quintile"); }), ErrorCode::UnknownScheme);
}

TEST(ClassifyPreset, QuantileKeywords) {
    int k = -1;
    EXPECT_TRUE(is_quantile_keyword("Quintil", k));
    EXPECT_EQ(k, 5);
    EXPECT_TRUE(is_quantile_keyword("quintile", k));
    EXPECT_EQ(k, 5);
    EXPECT_TRUE(is_quantile_keyword("Terzile", k));
    EXPECT_EQ(k, 3);
    EXPECT_TRUE(is_quantile_keyword("tertil", k));
    EXPECT_EQ(k, 3);
    EXPECT_TRUE(is_quantile_keyword("Quartile", k));
    EXPECT_EQ(k, 4);
    EXPECT_TRUE(is_quantile_keyword("Dezil", k));
    EXPECT_EQ(k, 10);
    k = 42;
    EXPECT_FALSE(is_quantile_keyword("mss-status", k));
    EXPECT_FALSE(is_quantile_keyword("", k));
    EXPECT_EQ(k, 42);  // untouched
}

TEST(ClassifyPreset, MissingAndInfiniteGetNoClass) {
    const ClassScheme s = preset_scheme("mss-status");
    EXPECT_EQ(classify(kMissing, s), -1);
    EXPECT_EQ(classify(std::numeric_limits<double>::infinity(), s), -1);
    EXPECT_EQ(classify(-std::numeric_limits<double>::infinity(), s), -1);
}

// ---- Custom ---------------------------------------------------------------------------------------

TEST(ClassifyCustom, EqualValuesGoUpAsMatch) {
    // Calc: MATCH(v; {0; 10}; 1) gives #N/A for v < 0 (class 0), 1 for 0 <= v < 10, 2 for v >= 10.
    const ClassScheme s = custom_scheme({0.0, 10.0}, {"wenig", "mittel", "viel"});
    EXPECT_EQ(label(-0.5, s), "wenig");
    EXPECT_EQ(label(0.0, s), "mittel");
    EXPECT_EQ(label(9.99, s), "mittel");
    EXPECT_EQ(label(10.0, s), "viel");
    EXPECT_EQ(s.name, "custom");
}

TEST(ClassifyCustom, DefaultLabels) {
    const ClassScheme s = custom_scheme({1.0});
    EXPECT_EQ(s.labels, (std::vector<std::string>{"Klasse 1", "Klasse 2"}));
}

TEST(ClassifyCustom, Errors) {
    EXPECT_EQ(code_of([] { custom_scheme({}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { custom_scheme({1.0, 0.0}); }), ErrorCode::InvalidCutPoints);
    EXPECT_EQ(code_of([] { custom_scheme({1.0, 1.0}); }), ErrorCode::InvalidCutPoints);
    EXPECT_EQ(code_of([] { custom_scheme({0.0, kMissing}); }), ErrorCode::InvalidCutPoints);
    EXPECT_EQ(code_of([] {
                  custom_scheme({0.0, std::numeric_limits<double>::infinity()});
              }),
              ErrorCode::InvalidCutPoints);
    EXPECT_EQ(code_of([] { custom_scheme({0.0, 1.0}, {"a", "b"}); }), ErrorCode::LabelCountMismatch);
    EXPECT_EQ(code_of([] { custom_scheme({0.0}, {"a", ""}); }), ErrorCode::LabelCountMismatch);
    try {
        custom_scheme({0.0, 5.0, 3.0});
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(e.message_de().find("Grenze 3"), std::string::npos) << e.message_de();
        EXPECT_NE(e.message_en().find("cut-point 3"), std::string::npos) << e.message_en();
    }
}

// ---- Quantiles ------------------------------------------------------------------------------------

TEST(ClassifyQuantile, QuintilesAtExactOrderStatistics) {
    // 1..11: h = 10 j / 5 = 2, 4, 6, 8 -> x = 3, 5, 7, 9; Calc PERCENTILE(A1:A11; 0.2) = 3 etc.
    std::vector<double> v;
    for (int i = 11; i >= 1; --i) v.push_back(i);  // unsorted input
    v.push_back(kMissing);                         // skipped
    const ClassScheme s = quantile_scheme(v, 5);
    EXPECT_EQ(s.cuts, (std::vector<double>{3, 5, 7, 9}));
    EXPECT_EQ(s.name, "quintile");
    EXPECT_EQ(s.labels.front(), "Quintil 1");
    EXPECT_EQ(s.labels.back(), "Quintil 5");
    // Equal goes up: 3 is in Quintil 2, as MATCH(3; cuts; 1) = 1.
    EXPECT_EQ(label(3.0, s), "Quintil 2");
    EXPECT_EQ(label(2.9, s), "Quintil 1");
    EXPECT_EQ(label(11.0, s), "Quintil 5");
}

TEST(ClassifyQuantile, InterpolatesLikeCalcPercentile) {
    // 1..10, k = 4: h = 9/4 = 2.25 -> 3 + 0.25 (4 - 3) = 3.25 = PERCENTILE(A1:A10; 0.25);
    // h = 4.5 -> 5.5 = PERCENTILE(..; 0.5); h = 6.75 -> 7.75 = PERCENTILE(..; 0.75).
    std::vector<double> v{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    const ClassScheme s = quantile_scheme(v, 4);
    ASSERT_EQ(s.cuts.size(), 3u);
    EXPECT_DOUBLE_EQ(s.cuts[0], 3.25);
    EXPECT_DOUBLE_EQ(s.cuts[1], 5.5);
    EXPECT_DOUBLE_EQ(s.cuts[2], 7.75);
    EXPECT_EQ(s.labels[0], "Quartil 1");
    // Terciles of 1..10: h = 3 and 6 -> 4 and 7 (PERCENTILE(..; 1/3) = 4, PERCENTILE(..; 2/3) = 7).
    const ClassScheme t = quantile_scheme(v, 3);
    EXPECT_EQ(t.cuts, (std::vector<double>{4, 7}));
    EXPECT_EQ(t.labels, (std::vector<std::string>{"Tertil 1", "Tertil 2", "Tertil 3"}));
    EXPECT_EQ(quantile_scheme(v, 6).labels[5], "Klasse 6");
}

TEST(ClassifyQuantile, HugeValuesDoNotOverflow) {
    const double big = std::numeric_limits<double>::max();
    const ClassScheme s = quantile_scheme({-big, big}, 2);  // h = 0.5: the midpoint, 0
    ASSERT_EQ(s.cuts.size(), 1u);
    EXPECT_TRUE(std::isfinite(s.cuts[0]));
    EXPECT_EQ(s.cuts[0], 0.0);
}

TEST(ClassifyQuantile, Errors) {
    EXPECT_EQ(code_of([] { quantile_scheme({1, 2, 3}, 1); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { quantile_scheme({1, 2, kMissing}, 3); }), ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] { quantile_scheme({}, 3); }), ErrorCode::TooFewValues);
    EXPECT_EQ(code_of([] { quantile_scheme({1, 1, 1, 1, 1, 2}, 3); }), ErrorCode::InvalidCutPoints);
    EXPECT_EQ(code_of([] {
                  quantile_scheme({1, 2, std::numeric_limits<double>::infinity()}, 2);
              }),
              ErrorCode::NonFiniteInput);
}

TEST(ClassifyProperty, ClassIsMonotoneAndInRange) {
    // Property: for any scheme, a larger value never gets a lower class, and classes stay in 0..n.
    std::mt19937 rng(20240611);
    std::normal_distribution<double> z(0.0, 1.5);
    for (int rep = 0; rep < 50; ++rep) {
        std::vector<double> v(40);
        for (double& x : v) x = z(rng);
        const ClassScheme schemes[] = {preset_scheme("mss-status"), preset_scheme("mss-dynamik"),
                                       quantile_scheme(v, 5)};
        std::sort(v.begin(), v.end());
        for (const ClassScheme& s : schemes) {
            int last = 0;
            for (double x : v) {
                const int k = classify(x, s);
                ASSERT_GE(k, last);
                ASSERT_LE(k, static_cast<int>(s.cuts.size()));
                last = k;
            }
        }
        // Quintiles of 40 distinct values hold 8 values each (h = 7.8 j: cut inside each gap).
        const ClassScheme q = quantile_scheme(v, 5);
        std::vector<int> n(5, 0);
        for (double x : v) ++n[static_cast<std::size_t>(classify(x, q))];
        EXPECT_EQ(n, (std::vector<int>{8, 8, 8, 8, 8}));
    }
}

}  // namespace
}  // namespace isp
