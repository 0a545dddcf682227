// Fachplanung arithmetic (methods.md §9, domain.md F5-F9, F11, F12, F14, D7): supply ratios, demand and its
// coverage, Eckwerte, Pflege and pupil projections, value corridors, trends, length of stay, density and
// demographic ratios. Documented in docs/methods/fachplan-stability.md.
//
// Conventions of every function here:
//  - Ratios are fractions (0.9 = 90 %); scale them in the sheet. Eckwert and the demographic ratios carry
//    their own scale (per 1,000 / per 100) because that scale is part of their definition.
//  - A missing value (kMissing, NaN) where a number is required throws Error(MissingValue); +-inf throws
//    NonFiniteInput; a count below 0 throws NegativeCount; a zero denominator throws ZeroDenominator.
//    Nothing here returns a silent 0 or NaN for bad input.
#pragma once

#include <cstddef>
#include <vector>

#include "isp/types.hpp"

namespace isp {

// ---- Supply ratios (F6, D7) ---------------------------------------------------------------------------

// Versorgungsgrad = places / children of the age group. For a target year pass the projected count of
// that year (D7). 45 places / 50 children -> 0.9.
double versorgungsgrad(double places, double age_group);
// Betreuungsquote = cared-for persons (facilities + Kindertagespflege) / persons of the same age group.
double betreuungsquote(double cared, double age_group);
// Auslastung = occupied places / capacity. May exceed 1 (overbooking).
double auslastung(double occupied, double capacity);

// ---- Demand and coverage (methods §9.1, F5, F14) ----------------------------------------------------

// Bedarf = sum_g population[g] * quota[g] * (1 + buffer). quota[g] >= 0 (a fraction, e.g. 0.35 for the
// U3 target), buffer >= 0 (Pufferplätze as a fraction, 0.05 = 5 %).
// Throws EmptyInput, DimensionMismatch, MissingValue, NonFiniteInput, NegativeCount (population),
// InvalidParameter (negative quota or buffer).
double bedarf(const std::vector<double>& population, const std::vector<double>& quota, double buffer = 0.0);

struct Deckung {
    double deckungsgrad = kMissing;    // bestand / bedarf
    double offener_bedarf = kMissing;  // max(0, bedarf - bestand)
    double luecke = kMissing;          // bedarf - bestand, signed: > 0 shortfall, < 0 surplus
    bool gedeckt = false;              // bestand >= bedarf
};
// 80 / 100 -> {0.8, 20, 20, false}; 120 / 100 -> {1.2, 0, -20, true}. Bedarf 0 -> ZeroDenominator.
Deckung deckung(double bestand, double bedarf);

// ---- Rates per population (methods §9.2, §9.5, F12) --------------------------------------------------

// Eckwert = cases / population * per; per is the scale (1,000 for a local Eckwert, 10,000 for the
// HzE-Monitor Inanspruchnahmequote). per must be > 0.
double eckwert(double cases, double population, double per = 1000.0);

// Inhabitants per km²: 98,861 / 2,527 km² = 39.12 (F12). area_km2 must be > 0.
double population_density(double population, double area_km2);

// ---- Projections (methods §9.3, §9.4) ---------------------------------------------------------------

// Pflegebedürftige_t = sum_a rate[a] * population_t[a] (status-quo projection; rates from the base year).
// 0.05 * 1,000 + 0.30 * 200 = 110. Same errors as bedarf().
double pflege_projection(const std::vector<double>& rates, const std::vector<double>& population);

// Entrants per future year from the school-age cohort: entrants[t] = cohort[t] * eingangsquote.
std::vector<double> school_entrants(const std::vector<double>& age_cohort, double eingangsquote);

// Übergangsquote q = S_{g+1,t+1} / S_{g,t} from two observed counts.
double transition_quota(double pupils_from, double pupils_to);

// Pupil projection by cohort shifting (Schülerprognose). base_pupils[g]: pupils in grade g (g = 0 is the
// first grade) in the base year; entrants[t]: first-grade pupils in year t + 1 (one per projected year);
// transition_quotas[g]: q_g for grade g -> g + 1 (one fewer than grades). Returns a
// (entrants.size() + 1) x grades matrix, row 0 = the base year, row t = year t:
//   S_{0,t} = entrants[t - 1],  S_{g+1,t} = q_g * S_{g,t-1}.
// Counts are not rounded. Throws EmptyInput (no grades), DimensionMismatch (quotas != grades - 1),
// MissingValue, NonFiniteInput, NegativeCount, InvalidParameter (negative quota).
Matrix cohort_projection(const std::vector<double>& base_pupils, const std::vector<double>& entrants,
                         const std::vector<double>& transition_quotas);

// Number of classes for a grade: ceil(pupils / class_size_guide) (Klassenfrequenzrichtwert), then bounded
// by the optional minimum and maximum class size (kMissing = no bound): at most floor(pupils / min_size)
// classes (no class below the minimum) but at least ceil(pupils / max_size) (no class above the maximum;
// the maximum wins when both cannot hold). 0 pupils -> 0 classes. 98 pupils at 25 -> 4.
// Throws MissingValue (pupils, guide), NegativeCount, InvalidParameter (sizes <= 0, min > max).
int classes_needed(double pupils, double class_size_guide, double min_size = kMissing,
                   double max_size = kMissing);

// Trend-weighted mean of past quotas, oldest first: sum w_i x_i / sum w_i. weights empty -> 1, 2, ..., n
// (1:2:3 for three years, methods §9.4). Missing values are skipped and the remaining weights renormalised.
// Throws EmptyInput (no non-missing value), DimensionMismatch, NonFiniteInput, NegativeWeight,
// ZeroWeightSum.
double trend_weighted_mean(const std::vector<double>& values, const std::vector<double>& weights = {});

// ---- Wertekorridor (F8) -----------------------------------------------------------------------------

enum class CorridorPosition { Below = -1, Within = 0, Above = 1 };

struct Corridor {
    CorridorPosition position = CorridorPosition::Within;
    double deviation = 0.0;           // v - lower (below), v - upper (above), 0 within
    double relative_deviation = 0.0;  // deviation / |bound|; kMissing if that bound is 0 (undefined)
};
// Inclusive bounds: lower <= value <= upper is Within. Throws MissingValue, NonFiniteInput,
// InvalidParameter (lower > upper).
Corridor wertekorridor(double value, double lower, double upper);
// The relative deviation alone: deviation / |bound| (0 within the corridor). A value outside a bound of 0
// throws ZeroDenominator naming that bound (ISP_KORRIDOR shows #DIV/0!, as documented, not an empty cell).
double corridor_relative_deviation(double value, double lower, double upper);
const char* corridor_text_de(CorridorPosition p) noexcept;  // "unterhalb", "im Korridor", "oberhalb"
const char* corridor_text_en(CorridorPosition p) noexcept;  // "below", "within", "above"

// ---- Trends (F9; COINr get_trends) ------------------------------------------------------------------

// current / previous - 1. previous = 0 -> ZeroDenominator; previous < 0 -> NonPositiveInput (a change
// relative to a negative base has no meaning).
double yoy_change(double previous, double current);
// 100 * value / base. base = 0 -> ZeroDenominator; base < 0 -> NonPositiveInput.
double index_to_base(double value, double base);
// Compound annual growth rate (last / first)^(1 / periods) - 1; 100 -> 121 over 2 periods = 0.10.
// first = 0 -> ZeroDenominator; first or last < 0 -> NonPositiveInput; periods <= 0 -> InvalidParameter.
double cagr(double first, double last, double periods);

enum class TrendDirection { Falling = -1, Stable = 0, Rising = 1 };
// Trend flag of a relative change (e.g. yoy_change or cagr): Rising if change > tolerance, Falling if
// change < -tolerance, else Stable. tolerance >= 0.
TrendDirection trend_direction(double change, double tolerance = 0.0);

// ---- Verweildauer (F7) ------------------------------------------------------------------------------

enum class DurationUnit {
    Days,    // end - start in days
    Months,  // days / (365.25 / 12)
    Years,   // days / 365.25
};

struct DurationStats {
    double mean = kMissing;
    double median = kMissing;
    std::size_t cases = 0;       // cases counted
    std::size_t open_cases = 0;  // of those: without an end, counted to the Stichtag
};
// start/end: day numbers (Calc serial dates) per case. end missing -> open case, duration = stichtag -
// start. Rows with start and end both missing are skipped (blank rows). Throws DimensionMismatch,
// EmptyInput (no case), MissingValue (start missing while end given; stichtag missing while open cases
// exist), NonFiniteInput, InvalidParameter (end before start, open case starting after the Stichtag).
DurationStats verweildauer(const std::vector<double>& start, const std::vector<double>& end,
                           double stichtag = kMissing, DurationUnit unit = DurationUnit::Days);

// ---- Demographic ratios (F11) -----------------------------------------------------------------------
// The age bands are the caller's definition parameters; the defaults named here are the project's (D5).

// Ageing index: persons 65+ per 100 persons under 15.
double ageing_index(double aged_65_plus, double under_15);
// Jugendquotient: persons under 20 per 100 persons aged 20-64.
double youth_dependency_ratio(double under_20, double aged_20_64);
// Altenquotient: persons 65+ per 100 persons aged 20-64.
double old_age_dependency_ratio(double aged_65_plus, double aged_20_64);
// Gesamtquotient: (young + old) per 100 of working age.
double total_dependency_ratio(double young, double old, double working_age);
// Natürlicher Saldo = births - deaths; Wanderungssaldo = in - out; Gesamtsaldo = natural + net migration.
double natural_balance(double births, double deaths);
double net_migration(double moved_in, double moved_out);
double total_balance(double natural, double net_migration_balance);
// Durchschnittsalter from counts per age (single years or band midpoints): sum c_a * a / sum c_a.
// Throws EmptyInput, DimensionMismatch, MissingValue, NegativeCount, ZeroDenominator (all counts 0).
double mean_age(const std::vector<double>& counts, const std::vector<double>& ages);

}  // namespace isp
