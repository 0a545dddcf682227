#include "isp/fachplan.hpp"

#include <algorithm>
#include <boost/math/statistics/univariate_statistics.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp {
namespace {

// German and English name of an argument, used as the error context; the plural names its values when a
// size does not fit ("3 Bevölkerungszahlen, 4 Quoten").
struct Arg {
    const char* de;
    const char* en;
    const char* plural_de = de;
    const char* plural_en = en;
};

// The place of element i of an argument: "Gewichte, Wert 3".
Place nth(Arg a, std::size_t i) {
    return place(Msg::NthValue, {{a.de, a.en}, i + 1});
}

double require_value(double v, Arg a) {
    if (is_missing(v)) throw Error(ErrorCode::MissingValue, a.de, a.en);
    if (std::isinf(v)) throw Error(ErrorCode::NonFiniteInput, a.de, a.en);
    return v;
}

double require_count(double v, Arg a) {
    require_value(v, a);
    if (v < 0.0) throw Error(ErrorCode::NegativeCount, a.de, a.en);
    return v;
}

// A required vector element: same checks as the scalars, with the position in the message so that the
// planner finds the cell.
double require_element(double v, std::size_t i, Arg a, bool count) {
    if (is_missing(v)) throw Error(ErrorCode::MissingValue).at(nth(a, i));
    if (std::isinf(v)) throw Error(ErrorCode::NonFiniteInput).at(nth(a, i));
    if (count && v < 0.0) throw Error(ErrorCode::NegativeCount).at(nth(a, i));
    return v;
}

double require_parameter_at_least_zero(double v, Arg a) {
    require_value(v, a);
    if (v < 0.0) throw Error::message(Msg::BelowZero, {{a.de, a.en}});
    return v;
}

double require_positive_parameter(double v, Arg a) {
    require_value(v, a);
    if (v <= 0.0) throw Error::message(Msg::NotAboveZero, {{a.de, a.en}});
    return v;
}

// Finite inputs can still overflow (1e300 / 1e-300); report that instead of handing back inf.
double finite_result(double r) {
    if (!std::isfinite(r)) throw Error::message(Msg::ResultOutOfRange);
    return r;
}

double divide(double numerator, double denominator, Arg den) {
    if (denominator == 0.0) throw Error(ErrorCode::ZeroDenominator, den.de, den.en);
    return finite_result(numerator / denominator);
}

double ratio_of_counts(double numerator, Arg num, double denominator, Arg den) {
    require_count(numerator, num);
    require_count(denominator, den);
    return divide(numerator, denominator, den);
}

// Persons per 100: the scaling can overflow on its own (1 / 1e-308 is finite, times 100 is not).
double per_hundred(double numerator, Arg num, double denominator, Arg den) {
    return finite_result(100.0 * ratio_of_counts(numerator, num, denominator, den));
}

// sum_i counts[i] * factors[i], shared by bedarf() and pflege_projection().
double weighted_sum(const std::vector<double>& counts, Arg count_arg, const std::vector<double>& factors,
                    Arg factor_arg) {
    if (counts.empty()) throw Error(ErrorCode::EmptyInput, count_arg.de, count_arg.en);
    require_same_size({{counts.size(), count_arg.plural_de, count_arg.plural_en},
                       {factors.size(), factor_arg.plural_de, factor_arg.plural_en}});
    double sum = 0.0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double c = require_element(counts[i], i, count_arg, true);
        const double f = require_element(factors[i], i, factor_arg, false);
        if (f < 0.0) throw Error::message(Msg::BelowZero, {nth(factor_arg, i)});
        sum += c * f;
    }
    return finite_result(sum);
}

constexpr Arg kPlaces{"Plätze", "places"};
constexpr Arg kAgeGroup{"Altersgruppe", "age group"};
constexpr Arg kPopulation{"Bevölkerung", "population", "Bevölkerungszahlen", "population figures"};

}  // namespace

// ---- Supply ratios ------------------------------------------------------------------------------------

double versorgungsgrad(double places, double age_group) {
    return ratio_of_counts(places, kPlaces, age_group, kAgeGroup);
}

double betreuungsquote(double cared, double age_group) {
    return ratio_of_counts(cared, {"betreute Personen", "cared-for persons"}, age_group, kAgeGroup);
}

double auslastung(double occupied, double capacity) {
    return ratio_of_counts(occupied, {"belegte Plätze", "occupied places"}, capacity,
                           {"Kapazität", "capacity"});
}

// ---- Demand and coverage ------------------------------------------------------------------------------

double bedarf(const std::vector<double>& population, const std::vector<double>& quota, double buffer) {
    require_parameter_at_least_zero(buffer, {"Puffer", "buffer"});
    const double base = weighted_sum(population, kPopulation, quota, {"Quote", "quota", "Quoten", "quotas"});
    return finite_result(base * (1.0 + buffer));
}

Deckung deckung(double bestand, double bedarf_value) {
    require_count(bestand, {"Bestand", "supply"});
    require_count(bedarf_value, {"Bedarf", "demand"});
    Deckung d;
    d.deckungsgrad = divide(bestand, bedarf_value, {"Bedarf", "demand"});
    d.luecke = bedarf_value - bestand;
    d.offener_bedarf = std::max(0.0, d.luecke);
    d.gedeckt = bestand >= bedarf_value;
    return d;
}

// ---- Rates per population -----------------------------------------------------------------------------

double eckwert(double cases, double population, double per) {
    require_positive_parameter(per, {"Bezugsgröße (je ...)", "scale (per ...)"});
    return finite_result(ratio_of_counts(cases, {"Fälle", "cases"}, population, kPopulation) * per);
}

double population_density(double population, double area_km2) {
    require_count(population, kPopulation);
    const Arg area{"Fläche (km²)", "area (km²)"};
    require_value(area_km2, area);
    if (area_km2 < 0.0) throw Error::message(Msg::AreaKm2Negative);
    return divide(population, area_km2, area);
}

// ---- Projections --------------------------------------------------------------------------------------

double pflege_projection(const std::vector<double>& rates, const std::vector<double>& population) {
    return weighted_sum(population, kPopulation, rates,
                        {"Pflegequote", "care rate", "Pflegequoten", "care rates"});
}

std::vector<double> school_entrants(const std::vector<double>& age_cohort, double eingangsquote) {
    require_parameter_at_least_zero(eingangsquote, {"Eingangsquote", "entry quota"});
    if (age_cohort.empty()) throw Error(ErrorCode::EmptyInput, "Jahrgang", "age cohort");
    std::vector<double> out(age_cohort.size());
    for (std::size_t t = 0; t < age_cohort.size(); ++t)
        out[t] = finite_result(require_element(age_cohort[t], t, {"Jahrgang", "age cohort"}, true) *
                               eingangsquote);
    return out;
}

double transition_quota(double pupils_from, double pupils_to) {
    return ratio_of_counts(pupils_to, {"Schüler Folgejahrgang", "pupils in the next grade"}, pupils_from,
                           {"Schüler Ausgangsjahrgang", "pupils in the starting grade"});
}

Matrix cohort_projection(const std::vector<double>& base_pupils, const std::vector<double>& entrants,
                         const std::vector<double>& transition_quotas) {
    const Arg base{"Schüler im Basisjahr", "pupils in the base year"};
    const Arg ent{"Einschüler", "entrants"};
    const Arg quota{"Übergangsquote", "transition quota"};
    if (base_pupils.empty()) throw Error(ErrorCode::EmptyInput, base.de, base.en);
    const std::size_t grades = base_pupils.size();
    require_same_size({{transition_quotas.size(), "Übergangsquoten", "transition quotas"},
                       {grades - 1, "Übergänge zwischen den Klassenstufen", "transitions between grades"}});
    for (std::size_t g = 0; g < grades; ++g) require_element(base_pupils[g], g, base, true);
    for (std::size_t t = 0; t < entrants.size(); ++t) require_element(entrants[t], t, ent, true);
    for (std::size_t g = 0; g + 1 < grades; ++g) {
        require_element(transition_quotas[g], g, quota, false);
        if (transition_quotas[g] < 0.0) throw Error::message(Msg::BelowZero, {nth(quota, g)});
    }
    Matrix s(entrants.size() + 1, grades);
    for (std::size_t g = 0; g < grades; ++g) s(0, g) = base_pupils[g];
    for (std::size_t t = 1; t <= entrants.size(); ++t) {
        s(t, 0) = entrants[t - 1];
        for (std::size_t g = 0; g + 1 < grades; ++g)
            s(t, g + 1) = finite_result(transition_quotas[g] * s(t - 1, g));
    }
    return s;
}

int classes_needed(double pupils, double class_size_guide, double min_size, double max_size) {
    require_count(pupils, {"Schüler", "pupils"});
    require_positive_parameter(class_size_guide, {"Klassenfrequenzrichtwert", "class size guide"});
    const bool has_min = !is_missing(min_size);
    const bool has_max = !is_missing(max_size);
    if (has_min) require_positive_parameter(min_size, {"Mindestklassengröße", "minimum class size"});
    if (has_max) require_positive_parameter(max_size, {"Höchstklassengröße", "maximum class size"});
    if (has_min && has_max && min_size > max_size) throw Error::message(Msg::MinClassSizeAboveMax);
    if (pupils == 0.0) return 0;
    // Projected pupil numbers carry floating-point noise (0.98 * ... = 75.00000000001); a class must not be
    // opened or closed for a billionth of a pupil.
    constexpr double eps = 1e-9;
    double c = std::ceil(pupils / class_size_guide - eps);
    if (has_min) c = std::min(c, std::floor(pupils / min_size + eps));
    if (has_max) c = std::max(c, std::ceil(pupils / max_size - eps));
    c = std::max(c, 1.0);  // pupils > 0 always need a class, even below the minimum size
    if (!(c <= static_cast<double>(std::numeric_limits<int>::max())))
        throw Error::message(Msg::TooManyClasses);
    return static_cast<int>(c);
}

double trend_weighted_mean(const std::vector<double>& values, const std::vector<double>& weights) {
    if (!weights.empty())
        require_same_size({{values.size(), "Werte", "values"}, {weights.size(), "Gewichte", "weights"}});
    require_no_infinity(values, "Werte", "values");
    require_no_infinity(weights, "Gewichte", "weights");
    double sum_w = 0.0, sum_wx = 0.0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double w = weights.empty() ? static_cast<double>(i + 1) : weights[i];
        if (is_missing(w)) throw Error(ErrorCode::MissingValue).at(nth({"Gewichte", "weights"}, i));
        if (w < 0.0) throw Error(ErrorCode::NegativeWeight).at(nth({"Gewichte", "weights"}, i));
        if (is_missing(values[i])) continue;
        sum_w += w;
        sum_wx += w * values[i];
        ++n;
    }
    if (n == 0) throw Error(ErrorCode::EmptyInput, "Werte", "values");
    // Weights near the double limit sum to inf and would turn the mean into a silent 0.
    if (!std::isfinite(sum_w)) throw Error(ErrorCode::NonFiniteInput, "Summe der Gewichte", "sum of weights");
    if (sum_w == 0.0) throw Error(ErrorCode::ZeroWeightSum);
    return finite_result(sum_wx / sum_w);
}

// ---- Wertekorridor ------------------------------------------------------------------------------------

Corridor wertekorridor(double value, double lower, double upper) {
    require_value(value, {"Wert", "value"});
    require_value(lower, {"Untergrenze", "lower bound"});
    require_value(upper, {"Obergrenze", "upper bound"});
    if (lower > upper) throw Error::message(Msg::LowerAboveUpper);
    Corridor c;
    double bound = 0.0;
    if (value < lower) {
        c.position = CorridorPosition::Below;
        bound = lower;
    } else if (value > upper) {
        c.position = CorridorPosition::Above;
        bound = upper;
    } else {
        return c;
    }
    c.deviation = finite_result(value - bound);
    // |bound| keeps the sign meaningful (below < 0, above > 0) for negative bounds; for positive bounds
    // it is the (v - a)/a of methods §9.6.
    c.relative_deviation = bound == 0.0 ? kMissing : finite_result(c.deviation / std::fabs(bound));
    return c;
}

double corridor_relative_deviation(double value, double lower, double upper) {
    const Corridor c = wertekorridor(value, lower, upper);
    if (c.position == CorridorPosition::Within) return 0.0;
    if (!is_missing(c.relative_deviation)) return c.relative_deviation;
    const bool below = c.position == CorridorPosition::Below;
    // The deviation from a bound of 0 has no relative size: 5 above 0 is no percentage of 0.
    throw Error::message(below ? Msg::BelowLowerBoundZero : Msg::AboveUpperBoundZero);
}

const char* corridor_text_de(CorridorPosition p) noexcept {
    switch (p) {
        case CorridorPosition::Below: return "unterhalb";
        case CorridorPosition::Within: return "im Korridor";
        case CorridorPosition::Above: return "oberhalb";
    }
    return "?";
}

const char* corridor_text_en(CorridorPosition p) noexcept {
    switch (p) {
        case CorridorPosition::Below: return "below";
        case CorridorPosition::Within: return "within";
        case CorridorPosition::Above: return "above";
    }
    return "?";
}

// ---- Trends -------------------------------------------------------------------------------------------

// A change (or index) relative to a negative base has no meaning: from -10 to -5 is "-50 %" although the
// value rose, and from -10 to +10 "-200 %". A base of 0 stays a division by 0 (#DIV/0! in Calc).
namespace {
void require_non_negative_base(double base, Arg a) {
    if (base < 0.0) {
        throw Error::message(Msg::NegativeBase, {{a.de, a.en}, MsgArg::exact(base)});
    }
}
}  // namespace

double yoy_change(double previous, double current) {
    require_value(previous, {"Vorjahreswert", "previous value"});
    require_value(current, {"aktueller Wert", "current value"});
    require_non_negative_base(previous, {"Vorjahreswert", "previous value"});
    return finite_result(divide(current, previous, {"Vorjahreswert", "previous value"}) - 1.0);
}

double index_to_base(double value, double base) {
    require_value(value, {"Wert", "value"});
    require_value(base, {"Basiswert", "base value"});
    require_non_negative_base(base, {"Basiswert", "base value"});
    return finite_result(100.0 * divide(value, base, {"Basiswert", "base value"}));
}

double cagr(double first, double last, double periods) {
    const Arg a_first{"Anfangswert", "first value"};
    const Arg a_last{"Endwert", "last value"};
    require_value(first, a_first);
    require_value(last, a_last);
    require_positive_parameter(periods, {"Perioden", "periods"});
    if (first < 0.0) throw Error(ErrorCode::NonPositiveInput, a_first.de, a_first.en);
    if (last < 0.0) throw Error(ErrorCode::NonPositiveInput, a_last.de, a_last.en);
    const double growth = divide(last, first, a_first);
    return finite_result(std::pow(growth, 1.0 / periods) - 1.0);
}

TrendDirection trend_direction(double change, double tolerance) {
    require_value(change, {"Veränderung", "change"});
    require_parameter_at_least_zero(tolerance, {"Toleranz", "tolerance"});
    if (change > tolerance) return TrendDirection::Rising;
    if (change < -tolerance) return TrendDirection::Falling;
    return TrendDirection::Stable;
}

// ---- Verweildauer -------------------------------------------------------------------------------------

DurationStats verweildauer(const std::vector<double>& start, const std::vector<double>& end, double stichtag,
                           DurationUnit unit) {
    require_same_size({{start.size(), "Beginndaten", "start dates"}, {end.size(), "Enddaten", "end dates"}});
    require_no_infinity(start, "Beginn", "start");
    require_no_infinity(end, "Ende", "end");
    if (std::isinf(stichtag)) throw Error(ErrorCode::NonFiniteInput, "Stichtag", "reference date");
    DurationStats out;
    std::vector<double> days;
    days.reserve(start.size());
    for (std::size_t i = 0; i < start.size(); ++i) {
        const bool no_start = is_missing(start[i]);
        const bool open = is_missing(end[i]);
        if (no_start && open) continue;  // blank row of a whole-column range
        if (no_start) throw Error(ErrorCode::MissingValue).at(nth({"Beginn", "start"}, i));
        double stop = end[i];
        if (open) {
            if (is_missing(stichtag))
                throw Error(ErrorCode::MissingValue, "Stichtag (für offene Fälle)",
                            "reference date (for open cases)");
            if (start[i] > stichtag) throw Error::message(Msg::CaseStartsAfterReferenceDate, {i + 1});
            stop = stichtag;
            ++out.open_cases;
        } else if (stop < start[i]) {
            throw Error::message(Msg::CaseEndsBeforeStart, {i + 1});
        }
        days.push_back(finite_result(stop - start[i]));
    }
    if (days.empty()) throw Error(ErrorCode::EmptyInput, "Fälle", "cases");
    double per_unit = 1.0;
    if (unit == DurationUnit::Months)
        per_unit = 365.25 / 12.0;
    else if (unit == DurationUnit::Years)
        per_unit = 365.25;
    for (double& d : days) d /= per_unit;
    out.cases = days.size();
    out.mean = finite_result(boost::math::statistics::mean(days));
    out.median = finite_result(boost::math::statistics::median(days));  // reorders days; read no more
    return out;
}

// ---- Demographic ratios -------------------------------------------------------------------------------

double ageing_index(double aged_65_plus, double under_15) {
    return per_hundred(aged_65_plus, {"65 und älter", "aged 65+"}, under_15, {"unter 15", "under 15"});
}

double youth_dependency_ratio(double under_20, double aged_20_64) {
    return per_hundred(under_20, {"unter 20", "under 20"}, aged_20_64, {"20 bis 64", "aged 20-64"});
}

double old_age_dependency_ratio(double aged_65_plus, double aged_20_64) {
    return per_hundred(aged_65_plus, {"65 und älter", "aged 65+"}, aged_20_64, {"20 bis 64", "aged 20-64"});
}

double total_dependency_ratio(double young, double old, double working_age) {
    require_count(young, {"Junge", "young"});
    require_count(old, {"Alte", "old"});
    return per_hundred(finite_result(young + old), {"Junge und Alte", "young and old"}, working_age,
                       {"Erwerbsalter", "working age"});
}

double natural_balance(double births, double deaths) {
    require_count(births, {"Geburten", "births"});
    require_count(deaths, {"Sterbefälle", "deaths"});
    return finite_result(births - deaths);
}

double net_migration(double moved_in, double moved_out) {
    require_count(moved_in, {"Zuzüge", "moved in"});
    require_count(moved_out, {"Fortzüge", "moved out"});
    return finite_result(moved_in - moved_out);
}

double total_balance(double natural, double net_migration_balance) {
    require_value(natural, {"natürlicher Saldo", "natural balance"});
    require_value(net_migration_balance, {"Wanderungssaldo", "net migration"});
    return finite_result(natural + net_migration_balance);
}

double mean_age(const std::vector<double>& counts, const std::vector<double>& ages) {
    const Arg a_counts{"Personen je Alter", "persons per age"};
    const Arg a_ages{"Alter", "ages"};
    if (counts.empty()) throw Error(ErrorCode::EmptyInput, a_counts.de, a_counts.en);
    require_same_size(
        {{counts.size(), "Personenzahlen", "person counts"}, {ages.size(), "Altersangaben", "ages"}});
    double persons = 0.0;
    double years = 0.0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double c = require_element(counts[i], i, a_counts, true);
        const double a = require_element(ages[i], i, a_ages, false);
        if (a < 0.0) throw Error::message(Msg::BelowZero, {nth(a_ages, i)});
        persons += c;
        years += c * a;
    }
    return divide(finite_result(years), finite_result(persons), a_counts);
}

}  // namespace isp
