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
#include "test_errors.hpp"

namespace isp {
namespace {

using isp::test::code_of;

std::string label(double v, const ClassScheme& s) {
    const int k = classify(v, s);
    return k < 0 ? std::string("<none>") : s.labels.at(static_cast<std::size_t>(k));
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
    for (const char* k : {"mss-status", "MSS_Status", "mssstatus", "Status", "statusindex", "MSS"})
        EXPECT_EQ(preset_scheme(k).name, "mss-status") << k;
    for (const char* k : {"mss-dynamik", "MSS_Dynamik", "dynamik", "Dynamik-Index", "dynamics"})
        EXPECT_EQ(preset_scheme(k).name, "mss-dynamik") << k;
    // The default (an empty keyword) reads right for the add-in's own index: higher = more Belastung.
    for (const char* k : {"belastung", "BELASTUNG", "Belastungsindex", "Sozialraum-Monitor", "burden", ""})
        EXPECT_EQ(preset_scheme(k).name, "belastung") << k;
    EXPECT_EQ(code_of([] { preset_scheme("ampel"); }), ErrorCode::UnknownScheme);
    // Quantile keywords need data: not a preset, but recognised for quantile_scheme().
    EXPECT_EQ(code_of([] { preset_scheme("quintile"); }), ErrorCode::UnknownScheme);
}

// ---- Boundary values of every named scheme -----------------------------------------------------------
// Expected classes are written from the published rules, not computed: MSS (methods.md §8.1) and the
// Sozialraummonitor (§8.6, "classes follow MSS, renamed"): a value equal to a cut-point belongs to the class
// nearer to 0. Each cut-point is checked exactly and 1e-12 on either side.

struct BoundaryCase {
    double value;
    const char* label;
};

void expect_labels(const ClassScheme& s, const std::vector<BoundaryCase>& cases) {
    for (const BoundaryCase& c : cases) EXPECT_EQ(label(c.value, s), c.label) << s.name << " at " << c.value;
}

constexpr double kEps = 1e-12;

TEST(ClassifyBoundary, Belastung) {
    expect_labels(preset_scheme("belastung"), {
                                                  {-1.0 - kEps, "unterdurchschnittlich"},
                                                  {-1.0, "durchschnittlich"},
                                                  {-1.0 + kEps, "durchschnittlich"},
                                                  {1.0 - kEps, "durchschnittlich"},
                                                  {1.0, "durchschnittlich"},
                                                  {1.0 + kEps, "erhöht"},
                                                  {1.5 - kEps, "erhöht"},
                                                  {1.5, "erhöht"},
                                                  {1.5 + kEps, "stark erhöht"},
                                              });
}

TEST(ClassifyBoundary, MssStatusKeepsTheBerlinRule) {
    expect_labels(preset_scheme("mss-status"), {
                                                   {-1.0 - kEps, "hoch"},
                                                   {-1.0, "mittel"},
                                                   {-1.0 + kEps, "mittel"},
                                                   {1.0 - kEps, "mittel"},
                                                   {1.0, "mittel"},
                                                   {1.0 + kEps, "niedrig"},
                                                   {1.5 - kEps, "niedrig"},
                                                   {1.5, "niedrig"},
                                                   {1.5 + kEps, "sehr niedrig"},
                                               });
}

TEST(ClassifyBoundary, MssDynamik) {
    expect_labels(preset_scheme("mss-dynamik"), {
                                                    {-1.0 - kEps, "positiv"},
                                                    {-1.0, "stabil"},
                                                    {-1.0 + kEps, "stabil"},
                                                    {1.0 - kEps, "stabil"},
                                                    {1.0, "stabil"},
                                                    {1.0 + kEps, "negativ"},
                                                });
}

TEST(ClassifyBoundary, DefaultIsBelastung) {
    const ClassScheme s = scheme_by_keyword("", nullptr);
    EXPECT_EQ(s.name, "belastung");
    EXPECT_EQ(label(1.2, s), "erhöht");  // the issue: 1,2 read "niedrig" under the old default
    EXPECT_EQ(label(2.0, s), "stark erhöht");
}

TEST(ClassifyBoundary, CutPointListsAbBisMitte) {
    const std::vector<double> cuts{-1.0, 1.0, 1.5};
    const std::vector<std::string> names{"k1", "k2", "k3", "k4"};
    ClassScheme s = custom_scheme(cuts, names);
    // Default "ab": as MATCH(v; cuts; 1), the templates' legend "ab 1,5 stark erhöht".
    expect_labels(s, {{-1.0 - kEps, "k1"},
                      {-1.0, "k2"},
                      {1.0 - kEps, "k2"},
                      {1.0, "k3"},
                      {1.5 - kEps, "k3"},
                      {1.5, "k4"},
                      {1.5 + kEps, "k4"}});
    set_boundary_rule(s, parse_boundary_rule("bis"));
    expect_labels(s, {{-1.0, "k1"},
                      {-1.0 + kEps, "k2"},
                      {1.0, "k2"},
                      {1.0 + kEps, "k3"},
                      {1.5, "k3"},
                      {1.5 + kEps, "k4"}});
    set_boundary_rule(s, parse_boundary_rule("mitte"));
    expect_labels(s, {{-1.0 - kEps, "k1"},
                      {-1.0, "k2"},
                      {1.0, "k2"},
                      {1.0 + kEps, "k3"},
                      {1.5, "k3"},
                      {1.5 + kEps, "k4"}});
    EXPECT_EQ(s.equal_goes_up, preset_scheme("belastung").equal_goes_up);
    // One rule per cut-point: "ab" -1, "bis" 1, "ab" 1.5.
    set_boundary_rules(s, {BoundaryRule::Upper, BoundaryRule::Lower, BoundaryRule::Upper});
    expect_labels(s, {{-1.0 - kEps, "k1"},
                      {-1.0, "k2"},
                      {1.0, "k2"},
                      {1.0 + kEps, "k3"},
                      {1.5 - kEps, "k3"},
                      {1.5, "k4"}});
    // A preset takes another rule too: belastung with "ab" puts 1,0 into "erhöht".
    ClassScheme b = preset_scheme("belastung");
    set_boundary_rule(b, BoundaryRule::Upper);
    EXPECT_EQ(label(1.0, b), "erhöht");
    EXPECT_EQ(label(1.5, b), "stark erhöht");
    EXPECT_EQ(label(-1.0, b), "durchschnittlich");
}

TEST(ClassifyBoundary, MitteAtZeroGoesUp) {
    // A cut-point at 0 has no side nearer to 0: "mitte" puts 0 into the upper class, as "ab".
    ClassScheme s = custom_scheme({-2.0, 0.0, 3.0});
    set_boundary_rule(s, BoundaryRule::Middle);
    EXPECT_EQ(classify(-2.0, s), 1);
    EXPECT_EQ(classify(-kEps, s), 1);
    EXPECT_EQ(classify(0.0, s), 2);
    EXPECT_EQ(classify(3.0, s), 2);
    EXPECT_EQ(classify(3.0 + kEps, s), 3);
}

TEST(ClassifyBoundary, Keywords) {
    for (const char* k : {"ab", "AB", "oben", "Oben", "upper", " Upper "})
        EXPECT_EQ(parse_boundary_rule(k), BoundaryRule::Upper) << k;
    for (const char* k : {"bis", "Bis", "unten", "lower", "LOWER"})
        EXPECT_EQ(parse_boundary_rule(k), BoundaryRule::Lower) << k;
    for (const char* k : {"mitte", "Mitte", "innen", "middle"})
        EXPECT_EQ(parse_boundary_rule(k), BoundaryRule::Middle) << k;
    EXPECT_EQ(code_of([] { parse_boundary_rule("über"); }), ErrorCode::UnknownMethod);
    EXPECT_EQ(code_of([] { parse_boundary_rule(""); }), ErrorCode::UnknownMethod);
    EXPECT_STREQ(boundary_rule_keyword(BoundaryRule::Upper), "ab");
    EXPECT_STREQ(boundary_rule_keyword(BoundaryRule::Lower), "bis");
    EXPECT_STREQ(boundary_rule_keyword(BoundaryRule::Middle), "mitte");
    EXPECT_EQ(code_of([] {
                  ClassScheme s = custom_scheme({1.0, 2.0});
                  set_boundary_rules(s, {BoundaryRule::Upper});
              }),
              ErrorCode::DimensionMismatch);
}

TEST(ClassifyBoundary, QuantilesWithBis) {
    // 1..8, k = 4: h = 7/4 = 1.75 -> 2.75, h = 3.5 -> 4.5, h = 5.25 -> 6.25 (PERCENTILE(1..8; 0.25) etc.):
    // no value sits on a cut. 1..9: h = 2, 4, 6 -> 3, 5, 7 exactly; "ab" puts 5 into Quartil 3, "bis" into 2.
    std::vector<double> v{9, 8, 7, 6, 5, 4, 3, 2, 1};
    ClassScheme q = scheme_by_keyword("Quartil", &v);
    EXPECT_EQ(q.cuts, (std::vector<double>{3, 5, 7}));
    EXPECT_EQ(label(5.0, q), "Quartil 3");
    set_boundary_rule(q, BoundaryRule::Lower);
    EXPECT_EQ(label(5.0, q), "Quartil 2");
    EXPECT_EQ(label(5.0 + kEps, q), "Quartil 3");
    EXPECT_EQ(code_of([] { scheme_by_keyword("quintil", nullptr); }), ErrorCode::UnknownScheme);
}

TEST(ClassifyQuantile, HandComputedTercilesAndQuartiles) {
    // Sorted 1, 2, 4, 5, 7, 9, 12 (n = 7), type 7: h = (n - 1) p.
    // Terciles: h = 2 -> 4; h = 4 -> 7. Quartiles: h = 1.5 -> 2 + 0.5 (4 - 2) = 3; h = 3 -> 5;
    // h = 4.5 -> 7 + 0.5 (9 - 7) = 8. (Calc: PERCENTILE({2;9;4;7;1;12;5}; 1/3) = 4 etc.)
    const std::vector<double> v{2, 9, 4, kMissing, 7, 1, 12, 5};
    EXPECT_EQ(scheme_by_keyword("terzil", &v).cuts, (std::vector<double>{4, 7}));
    EXPECT_EQ(scheme_by_keyword("tertile", &v).cuts, (std::vector<double>{4, 7}));
    EXPECT_EQ(scheme_by_keyword("Quartile", &v).cuts, (std::vector<double>{3, 5, 8}));
    const ClassScheme q = scheme_by_keyword("quartil", &v);
    EXPECT_EQ(label(2.0, q), "Quartil 1");
    EXPECT_EQ(label(3.0, q), "Quartil 2");  // equal goes up ("ab")
    EXPECT_EQ(label(12.0, q), "Quartil 4");
}

// ---- Legend ---------------------------------------------------------------------------------------------

TEST(ClassifyLegend, GermanNumbers) {
    EXPECT_EQ(german_number(-1.0), "−1,0");
    EXPECT_EQ(german_number(1.5), "1,5");
    EXPECT_EQ(german_number(3.25), "3,25");
    EXPECT_EQ(german_number(0.1), "0,1");
    EXPECT_EQ(german_number(-0.0), "0,0");
    EXPECT_EQ(german_number(12500.0), "12.500,0");
    EXPECT_EQ(german_number(-1234567.5), "−1.234.567,5");
    EXPECT_EQ(german_number(999.0), "999,0");
    EXPECT_EQ(german_number(0.001), "0,001");
    EXPECT_EQ(german_number(1.0 / 3.0), "0,3333333333333333");  // the shortest digits that give 1/3 back
    EXPECT_EQ(german_number(kMissing), "");
}

std::vector<std::string> legend_texts(const ClassScheme& s) {
    std::vector<std::string> out;
    for (std::size_t k = 0; k <= s.cuts.size(); ++k) out.push_back(class_range(s, k).text);
    return out;
}

TEST(ClassifyLegend, TextsSayWhereTheCutPointsGo) {
    const ClassScheme b = preset_scheme("belastung");
    EXPECT_EQ(legend_texts(b),
              (std::vector<std::string>{"unter −1,0", "−1,0 bis 1,0", "über 1,0 bis 1,5", "über 1,5"}));
    const ClassRange first = class_range(b, 0);
    EXPECT_TRUE(std::isnan(first.lower));
    EXPECT_EQ(first.upper, -1.0);
    EXPECT_FALSE(first.upper_included);
    const ClassRange last = class_range(b, 3);
    EXPECT_EQ(last.lower, 1.5);
    EXPECT_FALSE(last.lower_included);
    EXPECT_TRUE(std::isnan(last.upper));
    const ClassRange second = class_range(b, 1);
    EXPECT_TRUE(second.lower_included);
    EXPECT_TRUE(second.upper_included);

    ClassScheme ab = custom_scheme({-1.0, 1.0, 1.5});
    EXPECT_EQ(legend_texts(ab),
              (std::vector<std::string>{"unter −1,0", "−1,0 bis unter 1,0", "1,0 bis unter 1,5", "ab 1,5"}));
    set_boundary_rule(ab, BoundaryRule::Lower);
    EXPECT_EQ(legend_texts(ab),
              (std::vector<std::string>{"bis −1,0", "über −1,0 bis 1,0", "über 1,0 bis 1,5", "über 1,5"}));
    EXPECT_EQ(code_of([&] { class_range(ab, 4); }), ErrorCode::InvalidParameter);
}

TEST(ClassifyLegend, TextAgreesWithClassifyAtEveryCut) {
    // Property: the class whose text claims a cut-point ("ab c", "bis c", "c bis", ...) is the class of c.
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> pick(0, 2);
    ClassScheme s = custom_scheme({-2.0, -0.5, 0.0, 0.75, 4.0});
    for (int rep = 0; rep < 50; ++rep) {
        std::vector<BoundaryRule> rules;
        for (std::size_t i = 0; i < s.cuts.size(); ++i) rules.push_back(static_cast<BoundaryRule>(pick(rng)));
        set_boundary_rules(s, rules);
        for (std::size_t i = 0; i < s.cuts.size(); ++i) {
            const int k = classify(s.cuts[i], s);
            const ClassRange below = class_range(s, i), above = class_range(s, i + 1);
            EXPECT_EQ(below.upper_included, k == static_cast<int>(i));
            EXPECT_EQ(above.lower_included, k == static_cast<int>(i) + 1);
            EXPECT_NE(below.upper_included, above.lower_included);
        }
    }
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
