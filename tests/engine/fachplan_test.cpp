#include "isp/fachplan.hpp"

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

constexpr double kInf = std::numeric_limits<double>::infinity();

// Runs f and returns the code of the isp::Error it throws; fails the test if it throws nothing.

// ---- Supply ratios ------------------------------------------------------------------------------------

TEST(Fachplan, VersorgungsgradF6) {
    // domain.md F6: 45 places / 50 projected children -> 90 %.
    EXPECT_DOUBLE_EQ(isp::versorgungsgrad(45, 50), 0.9);
    // Bottrop U3 (methods §12): published 32.11 %; P ≈ 800 and K ≈ 2,491 are rounded reconstructions
    // from the published gap (K = 72 / (0.35 - 0.3211) = 2,491.3), so 800 / 2,491 = 0.32116 agrees to 1e-4.
    EXPECT_NEAR(isp::versorgungsgrad(800, 2491), 0.3211, 1e-4);
    EXPECT_DOUBLE_EQ(isp::versorgungsgrad(0, 50), 0.0);
}

TEST(Fachplan, BetreuungsquoteAndAuslastung) {
    // 30 cared-for children of 120 in the age group: 30/120 = 0.25.
    EXPECT_DOUBLE_EQ(isp::betreuungsquote(30, 120), 0.25);
    // 55 occupied of 50 places = 1.1: overbooking is reported, not capped.
    EXPECT_DOUBLE_EQ(isp::auslastung(55, 50), 1.1);
}

TEST(Fachplan, RatiosRejectBadInput) {
    // F6: "division by zero is a defined error, not 0".
    EXPECT_EQ(code_of([] { isp::versorgungsgrad(45, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::versorgungsgrad(0, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::auslastung(3, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::versorgungsgrad(-1, 50); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { isp::betreuungsquote(10, -5); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { isp::versorgungsgrad(kMissing, 50); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::betreuungsquote(10, kMissing); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::auslastung(kInf, 50); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { isp::auslastung(5, -kInf); }), ErrorCode::NonFiniteInput);
    // Finite inputs whose quotient overflows are an error, not inf.
    EXPECT_EQ(code_of([] { isp::versorgungsgrad(1e300, 1e-300); }), ErrorCode::NonFiniteInput);
}

TEST(Fachplan, ErrorMessagesNameTheArgumentInBothLanguages) {
    try {
        isp::versorgungsgrad(45, 0);
        FAIL();
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.message_de(), "Division durch einen Nenner von 0: Altersgruppe");
        EXPECT_EQ(e.message_en(), "Division by a zero denominator: age group");
    }
    try {
        isp::bedarf({100, kMissing}, {0.3, 0.3});
        FAIL();
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.message_de(), "Ein benötigter Wert fehlt (leere Zelle oder Text): Bevölkerung, Wert 2");
        EXPECT_EQ(e.message_en(), "A required value is missing (empty or text cell): population, value 2");
    }
}

// ---- Demand and coverage ------------------------------------------------------------------------------

TEST(Fachplan, BedarfSumsBandsTimesQuotaAndBuffer) {
    // Bottrop U3 (methods §9.1, §12): 0.35 * 2,491 = 871.85; with P = 800 the gap is 71.85, published as
    // "rechnerisch fehlen 72 Plätze".
    EXPECT_DOUBLE_EQ(isp::bedarf({2491}, {0.35}), 871.85);
    EXPECT_NEAR(isp::deckung(800, isp::bedarf({2491}, {0.35})).luecke, 72.0, 0.5);
    // Two bands, methods §9.1: (200 * 0.4 + 300 * 0.95) * (1 + 0.1) = (80 + 285) * 1.1 = 401.5.
    EXPECT_DOUBLE_EQ(isp::bedarf({200, 300}, {0.4, 0.95}, 0.1), 401.5);
    // Buffer 0 is the default: 80 + 285 = 365.
    EXPECT_DOUBLE_EQ(isp::bedarf({200, 300}, {0.4, 0.95}), 365.0);
}

TEST(Fachplan, BedarfErrors) {
    EXPECT_EQ(code_of([] { isp::bedarf({200, 300}, {0.4}); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { isp::bedarf({}, {}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::bedarf({200, -1}, {0.4, 0.5}); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { isp::bedarf({200, 300}, {0.4, -0.5}); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::bedarf({200, 300}, {0.4, 0.5}, -0.1); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::bedarf({200, 300}, {0.4, kMissing}); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::bedarf({200, 300}, {0.4, 0.5}, kMissing); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::bedarf({200, kInf}, {0.4, 0.5}); }), ErrorCode::NonFiniteInput);
}

TEST(Fachplan, DeckungF5) {
    // domain.md F5: 80/100 -> 80 %, offener Bedarf 20, "offener Bedarf".
    const isp::Deckung a = isp::deckung(80, 100);
    EXPECT_DOUBLE_EQ(a.deckungsgrad, 0.8);
    EXPECT_DOUBLE_EQ(a.offener_bedarf, 20.0);
    EXPECT_DOUBLE_EQ(a.luecke, 20.0);
    EXPECT_FALSE(a.gedeckt);
    // 120/100 -> 120 %, 0, "gedeckt"; the signed gap shows the surplus of 20.
    const isp::Deckung b = isp::deckung(120, 100);
    EXPECT_DOUBLE_EQ(b.deckungsgrad, 1.2);
    EXPECT_DOUBLE_EQ(b.offener_bedarf, 0.0);
    EXPECT_DOUBLE_EQ(b.luecke, -20.0);
    EXPECT_TRUE(b.gedeckt);
    // Bestand = Bedarf is "gedeckt" (Bestand >= Bedarf).
    EXPECT_TRUE(isp::deckung(100, 100).gedeckt);
}

TEST(Fachplan, WhatIfF14) {
    // domain.md F14: +5 places move the Deckungsgrad from 80 % to 85 % at Bedarf 100.
    EXPECT_DOUBLE_EQ(isp::deckung(80, 100).deckungsgrad, 0.80);
    EXPECT_DOUBLE_EQ(isp::deckung(80 + 5, 100).deckungsgrad, 0.85);
    EXPECT_DOUBLE_EQ(isp::deckung(85, 100).offener_bedarf, 15.0);
}

TEST(Fachplan, DeckungErrors) {
    EXPECT_EQ(code_of([] { isp::deckung(10, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::deckung(-10, 100); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { isp::deckung(10, kMissing); }), ErrorCode::MissingValue);
}

// ---- Rates --------------------------------------------------------------------------------------------

TEST(Fachplan, Eckwert) {
    // 45 HzE cases / 9,000 under 21: per 1,000 = 5.0; per 10,000 (HzE-Monitor scale) = 50.0.
    EXPECT_DOUBLE_EQ(isp::eckwert(45, 9000), 5.0);
    EXPECT_DOUBLE_EQ(isp::eckwert(45, 9000, 10000), 50.0);
    EXPECT_EQ(code_of([] { isp::eckwert(45, 9000, 0); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::eckwert(45, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::eckwert(-1, 9000); }), ErrorCode::NegativeCount);
}

TEST(Fachplan, PopulationDensityF12) {
    // domain.md F12: 98,861 / 2,527 km² = 39.12 -> published "39 je km²".
    const double d = isp::population_density(98861, 2527);
    EXPECT_NEAR(d, 39.12, 0.005);
    EXPECT_EQ(std::lround(d), 39);
    EXPECT_EQ(code_of([] { isp::population_density(100, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::population_density(100, -3); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::population_density(kMissing, 3); }), ErrorCode::MissingValue);
}

// ---- Projections --------------------------------------------------------------------------------------

TEST(Fachplan, PflegeProjectionFixture) {
    // methods §12: quotas 0.05 and 0.30, populations 1,000 and 200 -> 50 + 60 = 110 Pflegebedürftige.
    EXPECT_DOUBLE_EQ(isp::pflege_projection({0.05, 0.30}, {1000, 200}), 110.0);
    EXPECT_EQ(code_of([] { isp::pflege_projection({0.05}, {1000, 200}); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] {
                  isp::pflege_projection({0.05, 0.3}, {1000, kMissing});
              }),
              ErrorCode::MissingValue);
}

TEST(Fachplan, CohortProjectionFixture) {
    // methods §12: S1 = 100, q = 0.98 -> S2 = 98 in the next year.
    const isp::Matrix s = isp::cohort_projection({100, 90}, {110}, {0.98});
    ASSERT_EQ(s.rows(), 2u);
    ASSERT_EQ(s.cols(), 2u);
    EXPECT_DOUBLE_EQ(s(0, 0), 100.0);  // base year unchanged
    EXPECT_DOUBLE_EQ(s(0, 1), 90.0);
    EXPECT_DOUBLE_EQ(s(1, 0), 110.0);  // entrants of year 1
    EXPECT_DOUBLE_EQ(s(1, 1), 98.0);   // 0.98 * 100
}

TEST(Fachplan, CohortProjectionShiftsDiagonally) {
    // Four grades, three projected years; hand computation with quotas 0.98, 1.0, 0.5:
    //   year 0: 100  90  80  70
    //   year 1: 110  98  90  40      (0.98*100, 1.0*90, 0.5*80)
    //   year 2: 120 107.8 98 45      (0.98*110, 1.0*98, 0.5*90)
    //   year 3: 130 117.6 107.8 49   (0.98*120, 1.0*107.8, 0.5*98)
    const isp::Matrix s = isp::cohort_projection({100, 90, 80, 70}, {110, 120, 130}, {0.98, 1.0, 0.5});
    ASSERT_EQ(s.rows(), 4u);
    ASSERT_EQ(s.cols(), 4u);
    const double expected[4][4] = {
        {100, 90, 80, 70}, {110, 98, 90, 40}, {120, 107.8, 98, 45}, {130, 117.6, 107.8, 49}};
    for (std::size_t t = 0; t < 4; ++t)
        for (std::size_t g = 0; g < 4; ++g) EXPECT_NEAR(s(t, g), expected[t][g], 1e-12) << t << "," << g;
}

TEST(Fachplan, CohortProjectionPropertyQuotaOneKeepsCohortsConstant) {
    // With every quota 1, a cohort keeps its size as it moves up: S(t, g) = S(t - g, 0) for t >= g.
    const std::vector<double> base{50, 60, 70, 80, 90};
    const std::vector<double> entrants{11, 12, 13, 14, 15, 16, 17};
    const isp::Matrix s = isp::cohort_projection(base, entrants, {1, 1, 1, 1});
    for (std::size_t t = 0; t < s.rows(); ++t)
        for (std::size_t g = 0; g < s.cols(); ++g)
            EXPECT_DOUBLE_EQ(s(t, g), t >= g ? s(t - g, 0) : base[g - t]) << t << "," << g;
}

TEST(Fachplan, CohortProjectionEdgeCasesAndErrors) {
    // One grade needs no quotas; no entrants gives just the base year.
    const isp::Matrix one = isp::cohort_projection({40}, {41, 42}, {});
    ASSERT_EQ(one.rows(), 3u);
    EXPECT_DOUBLE_EQ(one(2, 0), 42.0);
    EXPECT_EQ(isp::cohort_projection({40, 30}, {}, {0.9}).rows(), 1u);
    EXPECT_EQ(code_of([] { isp::cohort_projection({}, {1}, {}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::cohort_projection({1, 2, 3}, {1}, {0.9}); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { isp::cohort_projection({1, 2}, {1}, {-0.9}); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::cohort_projection({1, kMissing}, {1}, {0.9}); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::cohort_projection({1, 2}, {kMissing}, {0.9}); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::cohort_projection({1, 2}, {-4}, {0.9}); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { isp::cohort_projection({1, 2}, {4}, {kInf}); }), ErrorCode::NonFiniteInput);
}

TEST(Fachplan, SchoolEntrantsAndTransitionQuota) {
    // Herdecke-like Eingangsquote 0.98 (methods §9.4): 100 and 150 six-year-olds -> 98 and 147 entrants.
    const std::vector<double> e = isp::school_entrants({100, 150}, 0.98);
    ASSERT_EQ(e.size(), 2u);
    EXPECT_DOUBLE_EQ(e[0], 98.0);
    EXPECT_DOUBLE_EQ(e[1], 147.0);
    // q = S_{g+1,t+1} / S_{g,t} = 98 / 100.
    EXPECT_DOUBLE_EQ(isp::transition_quota(100, 98), 0.98);
    EXPECT_EQ(code_of([] { isp::transition_quota(0, 98); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::school_entrants({100}, -0.1); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::school_entrants({}, 0.98); }), ErrorCode::EmptyInput);
}

TEST(Fachplan, ClassesNeeded) {
    // methods §12: 98 pupils at Richtwert 25 -> ceil(3.92) = 4 classes (4-zügig).
    EXPECT_EQ(isp::classes_needed(98, 25), 4);
    EXPECT_EQ(isp::classes_needed(100, 25), 4);  // exactly 4.0 -> 4, not 5
    EXPECT_EQ(isp::classes_needed(101, 25), 5);
    EXPECT_EQ(isp::classes_needed(0, 25), 0);
    // A projection 0.98 * (75 / 0.98) is 75 up to rounding noise; that must not open a fourth class.
    EXPECT_EQ(isp::classes_needed(0.98 * (75.0 / 0.98), 25), 3);
    // Minimum size: 26 pupils at guide 25 would be 2 classes of 13; with minimum 15 only floor(26/15) = 1.
    EXPECT_EQ(isp::classes_needed(26, 25, 15), 1);
    // Maximum size: guide 30 gives ceil(58/30) = 2 classes of 29, above a maximum of 28 -> ceil(58/28) = 3.
    EXPECT_EQ(isp::classes_needed(58, 30, kMissing, 28), 3);
    // Below the minimum a grade with pupils still gets one class: 10 pupils, minimum 15 -> 1.
    EXPECT_EQ(isp::classes_needed(10, 25, 15), 1);
    // Min and max conflict (29 pupils, min 15, max 28: 1 class is too big, 2 too small): the maximum wins.
    EXPECT_EQ(isp::classes_needed(29, 25, 15, 28), 2);
    EXPECT_EQ(code_of([] { isp::classes_needed(98, 0); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::classes_needed(98, 25, 30, 20); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::classes_needed(-1, 25); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { isp::classes_needed(kMissing, 25); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::classes_needed(1e300, 1e-10); }), ErrorCode::InvalidParameter);
}

TEST(Fachplan, TrendWeightedMean) {
    // Weights 1:2:3 (methods §9.4), quotas oldest first 0.96, 0.97, 0.99:
    // (0.96 + 2*0.97 + 3*0.99) / 6 = (0.96 + 1.94 + 2.97) / 6 = 5.87 / 6 = 0.978333...
    EXPECT_NEAR(isp::trend_weighted_mean({0.96, 0.97, 0.99}), 5.87 / 6.0, 1e-15);
    // Explicit equal weights give the plain mean 0.973333...
    EXPECT_NEAR(isp::trend_weighted_mean({0.96, 0.97, 0.99}, {1, 1, 1}), 2.92 / 3.0, 1e-15);
    // A missing year is skipped, the rest renormalised: (1*0.96 + 3*0.99) / 4 = 3.93 / 4 = 0.9825.
    EXPECT_NEAR(isp::trend_weighted_mean({0.96, kMissing, 0.99}), 0.9825, 1e-15);
    EXPECT_EQ(code_of([] { isp::trend_weighted_mean({kMissing}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::trend_weighted_mean({}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::trend_weighted_mean({1, 2}, {1}); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { isp::trend_weighted_mean({1, 2}, {1, -1}); }), ErrorCode::NegativeWeight);
    EXPECT_EQ(code_of([] { isp::trend_weighted_mean({1, 2}, {0, 0}); }), ErrorCode::ZeroWeightSum);
    EXPECT_EQ(code_of([] { isp::trend_weighted_mean({1, kInf}); }), ErrorCode::NonFiniteInput);
    // Weights summing to inf would give 2e298 / inf = 0 instead of 1e-10.
    EXPECT_EQ(code_of([] {
                  isp::trend_weighted_mean({1e-10, 1e-10}, {1e308, 1e308});
              }),
              ErrorCode::NonFiniteInput);
}

// ---- Wertekorridor ------------------------------------------------------------------------------------

TEST(Fachplan, WertekorridorF8) {
    // domain.md F8: value = min -> within (inclusive bounds); value = max -> within too.
    EXPECT_EQ(isp::wertekorridor(10, 10, 20).position, isp::CorridorPosition::Within);
    EXPECT_EQ(isp::wertekorridor(20, 10, 20).position, isp::CorridorPosition::Within);
    EXPECT_DOUBLE_EQ(isp::wertekorridor(15, 10, 20).relative_deviation, 0.0);
    // Below: v = 8, a = 10 -> deviation -2, relative (8 - 10)/10 = -0.2 (methods §9.6).
    const isp::Corridor below = isp::wertekorridor(8, 10, 20);
    EXPECT_EQ(below.position, isp::CorridorPosition::Below);
    EXPECT_DOUBLE_EQ(below.deviation, -2.0);
    EXPECT_DOUBLE_EQ(below.relative_deviation, -0.2);
    // Above: v = 25, b = 20 -> +5, (25 - 20)/20 = 0.25.
    const isp::Corridor above = isp::wertekorridor(25, 10, 20);
    EXPECT_EQ(above.position, isp::CorridorPosition::Above);
    EXPECT_DOUBLE_EQ(above.deviation, 5.0);
    EXPECT_DOUBLE_EQ(above.relative_deviation, 0.25);
    // A zero bound: the relative deviation is undefined (missing), the absolute one still given.
    const isp::Corridor zero = isp::wertekorridor(-1, 0, 5);
    EXPECT_DOUBLE_EQ(zero.deviation, -1.0);
    EXPECT_TRUE(isp::is_missing(zero.relative_deviation));
    // Negative bounds: below stays negative: (-12 - -10) / |-10| = -0.2.
    EXPECT_DOUBLE_EQ(isp::wertekorridor(-12, -10, -5).relative_deviation, -0.2);
    // A corridor of one point is allowed.
    EXPECT_EQ(isp::wertekorridor(3, 3, 3).position, isp::CorridorPosition::Within);
    EXPECT_STREQ(isp::corridor_text_de(isp::CorridorPosition::Within), "im Korridor");
    EXPECT_STREQ(isp::corridor_text_en(isp::CorridorPosition::Below), "below");
    EXPECT_EQ(code_of([] { isp::wertekorridor(5, 20, 10); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::wertekorridor(kMissing, 10, 20); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::wertekorridor(5, kMissing, 20); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::wertekorridor(5, 10, kInf); }), ErrorCode::NonFiniteInput);
}

TEST(Fachplan, WertekorridorRelativeAtAZeroBoundIsADivisionByZero) {
    // ISP_KORRIDOR(...;"relativ") showed an empty cell here; its documentation promises #DIV/0! for a
    // division by 0, which the add-in shows for ZeroDenominator.
    EXPECT_EQ(code_of([] { isp::corridor_relative_deviation(-1, 0, 5); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::corridor_relative_deviation(3, -5, 0); }), ErrorCode::ZeroDenominator);
    try {
        isp::corridor_relative_deviation(-1, 0, 5);
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.message_de(),
                  "Division durch einen Nenner von 0: Untergrenze 0, der Wert liegt darunter");
    }
    // Within the corridor the deviation is 0, whatever the bounds; other bounds as wertekorridor().
    EXPECT_DOUBLE_EQ(isp::corridor_relative_deviation(0, 0, 5), 0.0);
    EXPECT_DOUBLE_EQ(isp::corridor_relative_deviation(3, 0, 5), 0.0);
    EXPECT_DOUBLE_EQ(isp::corridor_relative_deviation(-1, -5, 0), 0.0);
    EXPECT_DOUBLE_EQ(isp::corridor_relative_deviation(8, 10, 20), -0.2);
    EXPECT_DOUBLE_EQ(isp::corridor_relative_deviation(6, 0, 5), 0.2);  // (6 - 5) / 5
    EXPECT_EQ(code_of([] { isp::corridor_relative_deviation(kMissing, 0, 5); }), ErrorCode::MissingValue);
}

// ---- Trends -------------------------------------------------------------------------------------------

TEST(Fachplan, ChangeAndIndexNeedANonNegativeBase) {
    // Issue 10: -10 -> -5 gave "-50 %" (the value rose) and an index of -50 without a word.
    EXPECT_EQ(code_of([] { isp::yoy_change(-10, -5); }), ErrorCode::NonPositiveInput);
    EXPECT_EQ(code_of([] { isp::yoy_change(-10, 10); }), ErrorCode::NonPositiveInput);
    EXPECT_EQ(code_of([] { isp::index_to_base(50, -100); }), ErrorCode::NonPositiveInput);
    try {
        isp::yoy_change(-10, -5);
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.message_de(),
                  "Die Methode braucht Werte größer als 0: Vorjahreswert -10 ist negativ; eine "
                  "Veränderung gegenüber einer negativen Basis hat keine Bedeutung");
    }
    // A negative current value relative to a positive base is a change (of more than -100 %).
    EXPECT_DOUBLE_EQ(isp::yoy_change(10, -5), -1.5);
    EXPECT_DOUBLE_EQ(isp::index_to_base(-50, 100), -50.0);
    EXPECT_EQ(code_of([] { isp::yoy_change(0, 5); }), ErrorCode::ZeroDenominator);  // still #DIV/0!
}

TEST(Fachplan, TrendsF9) {
    // domain.md F9: 100 -> 110 -> 121 gives +10 % a year.
    EXPECT_NEAR(isp::yoy_change(100, 110), 0.10, 1e-15);
    EXPECT_NEAR(isp::yoy_change(110, 121), 0.10, 1e-15);
    EXPECT_NEAR(isp::cagr(100, 121, 2), 0.10, 1e-15);
    EXPECT_DOUBLE_EQ(isp::index_to_base(121, 100), 121.0);
    EXPECT_DOUBLE_EQ(isp::index_to_base(100, 100), 100.0);
    // A halving over one period: -50 %; a fall to 0 is -100 %.
    EXPECT_DOUBLE_EQ(isp::cagr(200, 100, 1), -0.5);
    EXPECT_DOUBLE_EQ(isp::cagr(200, 0, 3), -1.0);
    EXPECT_EQ(isp::trend_direction(isp::cagr(100, 121, 2)), isp::TrendDirection::Rising);
    EXPECT_EQ(isp::trend_direction(-0.004, 0.005), isp::TrendDirection::Stable);
    EXPECT_EQ(isp::trend_direction(-0.006, 0.005), isp::TrendDirection::Falling);
    EXPECT_EQ(code_of([] { isp::yoy_change(0, 5); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::index_to_base(5, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::cagr(0, 5, 2); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::cagr(-1, 5, 2); }), ErrorCode::NonPositiveInput);
    EXPECT_EQ(code_of([] { isp::cagr(1, -5, 2); }), ErrorCode::NonPositiveInput);
    EXPECT_EQ(code_of([] { isp::cagr(1, 5, 0); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::yoy_change(kMissing, 5); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::trend_direction(0.1, -1); }), ErrorCode::InvalidParameter);
}

TEST(Fachplan, TrendPropertyCagrCompoundsBackToTheLastValue) {
    // first * (1 + cagr)^T = last for a range of series.
    for (double first : {1.0, 37.5, 1000.0})
        for (double last : {0.5, 37.5, 4711.0})
            for (double periods : {1.0, 3.0, 10.0})
                EXPECT_NEAR(first * std::pow(1.0 + isp::cagr(first, last, periods), periods), last,
                            last * 1e-12);
}

// ---- Verweildauer -------------------------------------------------------------------------------------

TEST(Fachplan, VerweildauerF7) {
    // domain.md F7: cases of 6 and 12 months plus one open for 3 months at the Stichtag -> mean 7 months.
    // A month is 365.25/12 = 30.4375 days, so 6, 12 and 3 months are 182.625, 365.25 and 91.3125 days.
    const double m = 365.25 / 12.0;
    const double stichtag = 45291.0;  // 31.12.2023 as a Calc serial date
    const isp::DurationStats s =
        isp::verweildauer({45000.0, 44800.0, stichtag - 3 * m}, {45000.0 + 6 * m, 44800.0 + 12 * m, kMissing},
                          stichtag, isp::DurationUnit::Months);
    EXPECT_NEAR(s.mean, 7.0, 1e-9);    // (6 + 12 + 3) / 3
    EXPECT_NEAR(s.median, 6.0, 1e-9);  // median of 3, 6, 12
    EXPECT_EQ(s.cases, 3u);
    EXPECT_EQ(s.open_cases, 1u);
}

TEST(Fachplan, VerweildauerInDaysFromRealDates) {
    // Calc serial dates: 01.01.2023 = 44927, 01.07.2023 = 45108, 01.01.2024 = 45292, 01.10.2023 = 45200,
    // Stichtag 31.12.2023 = 45291. Durations 181, 365 and (open) 91 days; a blank row is skipped.
    const isp::DurationStats s =
        isp::verweildauer({44927, 44927, 45200, kMissing}, {45108, 45292, kMissing, kMissing}, 45291);
    EXPECT_DOUBLE_EQ(s.mean, (181.0 + 365.0 + 91.0) / 3.0);
    EXPECT_DOUBLE_EQ(s.median, 181.0);
    EXPECT_EQ(s.cases, 3u);
    // Even count: median of 181, 365 = 273; years: 365 days = 365/365.25 years.
    const isp::DurationStats two = isp::verweildauer({44927, 44927}, {45108, 45292});
    EXPECT_DOUBLE_EQ(two.median, 273.0);
    EXPECT_DOUBLE_EQ(isp::verweildauer({0}, {365}, kMissing, isp::DurationUnit::Years).mean, 365.0 / 365.25);
}

TEST(Fachplan, VerweildauerErrors) {
    EXPECT_EQ(code_of([] { isp::verweildauer({1, 2}, {3}); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { isp::verweildauer({}, {}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::verweildauer({kMissing}, {kMissing}); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { isp::verweildauer({kMissing}, {5}); }), ErrorCode::MissingValue);
    // An open case needs a Stichtag.
    EXPECT_EQ(code_of([] { isp::verweildauer({1}, {kMissing}); }), ErrorCode::MissingValue);
    EXPECT_EQ(code_of([] { isp::verweildauer({10}, {5}); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::verweildauer({10}, {kMissing}, 5); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::verweildauer({kInf}, {5}); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { isp::verweildauer({1}, {kMissing}, kInf); }), ErrorCode::NonFiniteInput);
    // Finite dates whose difference overflows.
    EXPECT_EQ(code_of([] { isp::verweildauer({-1e308}, {1e308}); }), ErrorCode::NonFiniteInput);
}

// ---- Demographic ratios -------------------------------------------------------------------------------

TEST(Fachplan, DemographicRatiosF11) {
    // Ageing index: 2,600 aged 65+ per 2,000 under 15 -> 100 * 2600/2000 = 130.
    EXPECT_DOUBLE_EQ(isp::ageing_index(2600, 2000), 130.0);
    // Jugendquotient: 1,800 under 20 per 6,000 aged 20-64 -> 30; Altenquotient 2,400 / 6,000 -> 40.
    EXPECT_DOUBLE_EQ(isp::youth_dependency_ratio(1800, 6000), 30.0);
    EXPECT_DOUBLE_EQ(isp::old_age_dependency_ratio(2400, 6000), 40.0);
    EXPECT_DOUBLE_EQ(isp::total_dependency_ratio(1800, 2400, 6000), 70.0);
    // F11: total balance = natural balance + net migration: (80 - 120) + (500 - 430) = -40 + 70 = 30.
    const double natural = isp::natural_balance(80, 120);
    const double migration = isp::net_migration(500, 430);
    EXPECT_DOUBLE_EQ(natural, -40.0);
    EXPECT_DOUBLE_EQ(migration, 70.0);
    EXPECT_DOUBLE_EQ(isp::total_balance(natural, migration), 30.0);
    EXPECT_EQ(code_of([] { isp::ageing_index(100, 0); }), ErrorCode::ZeroDenominator);
    // 1 / 1e-308 is finite, the per-100 scaling overflows: an error, not inf (fuzz finding).
    EXPECT_EQ(code_of([] { isp::ageing_index(1, 1e-308); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { isp::natural_balance(-1, 5); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { isp::total_balance(kMissing, 5); }), ErrorCode::MissingValue);
}

TEST(Fachplan, MeanAge) {
    // Band midpoints 10, 40, 70 with 100, 200, 100 persons: (1000 + 8000 + 7000) / 400 = 40.
    EXPECT_DOUBLE_EQ(isp::mean_age({100, 200, 100}, {10, 40, 70}), 40.0);
    EXPECT_EQ(code_of([] { isp::mean_age({0, 0}, {10, 40}); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { isp::mean_age({1, 2}, {10}); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { isp::mean_age({1, 2}, {10, -1}); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { isp::mean_age({}, {}); }), ErrorCode::EmptyInput);
}

}  // namespace
