// Fachplan calculations (isp/fachplan.hpp): supply ratios, demand and coverage, Eckwert, projections,
// Wertekorridor, trends, Verweildauer, demographic ratios. Ratios are fractions (0.9 = 90 %).
#include "isp/fachplan.hpp"

#include <cmath>

#include "adapter.hpp"
#include "elementwise.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace uno = css::uno;

namespace {

// The two-input element-wise shape shared by most functions here.
template <class F>
uno::Any pairwise(const Args& args, ArgName a, ArgName b, F f,
                  ErrorCode as_missing = ErrorCode::ZeroDenominator) {
    const Cells x = cells(args[0], a);
    const Cells y = cells(args[1], b);
    return elementwise<2>(
        {&x, &y}, {a, b}, [&](const std::array<double, 2>& v) { return f(v[0], v[1]); }, as_missing);
}

// A list of numbers from a data argument (one row or column); error cells are passed on.
std::vector<double> data_list(const uno::Any& arg, ArgName name) {
    Cells c = cells(arg, name);
    c.require_no_errors();
    if (!c.is_vector() && c.size() > 0) {
        throw Error(ErrorCode::DimensionMismatch,
                    std::string("„") + name.de + "“ muss eine Zeile oder Spalte sein",
                    std::string("'") + name.en + "' must be one row or one column");
    }
    return std::move(c.values);
}

TextCell text(const char* s) {
    TextCell t;
    t.text = s;
    t.present = true;
    return t;
}

}  // namespace

uno::Any ispVersorgungsgrad(const Args& args) {
    return pairwise(args, {"Plätze", "places"}, {"Altersgruppe", "age_group"}, versorgungsgrad);
}

uno::Any ispBetreuungsquote(const Args& args) {
    return pairwise(args, {"Betreute", "cared"}, {"Altersgruppe", "age_group"}, betreuungsquote);
}

uno::Any ispAuslastung(const Args& args) {
    return pairwise(args, {"Belegt", "occupied"}, {"Kapazität", "capacity"}, auslastung);
}

uno::Any ispDichte(const Args& args) {
    return pairwise(args, {"Einwohner", "population"}, {"Fläche", "area"}, population_density);
}

uno::Any ispVeraenderung(const Args& args) {
    // A negative base (a Saldo) has no change in per cent: that element stays empty, ISP_DIAGNOSE says why.
    return pairwise(args, {"Vorher", "previous"}, {"Aktuell", "current"}, yoy_change,
                    ErrorCode::NonPositiveInput);
}

uno::Any ispBasisindex(const Args& args) {
    return pairwise(args, {"Wert", "value"}, {"Basis", "base"}, index_to_base, ErrorCode::NonPositiveInput);
}

uno::Any ispEckwert(const Args& args) {
    const double per = number(args[2], 1000.0, {"je", "per"});
    return pairwise(args, {"Fälle", "cases"}, {"Bevölkerung", "population"},
                    [per](double cases, double population) { return eckwert(cases, population, per); });
}

uno::Any ispCagr(const Args& args) {
    const double periods = number(args[2], kMissing, {"Perioden", "periods"});
    if (is_missing(periods)) {
        throw Error(ErrorCode::MissingValue, "Argument „Perioden“ fehlt", "argument 'periods' is missing");
    }
    return pairwise(args, {"Erster", "first"}, {"Letzter", "last"},
                    [periods](double first, double last) { return cagr(first, last, periods); });
}

uno::Any ispDeckung(const Args& args) {
    const std::size_t output = choose(args[2], "grad", keywords::kDeckungOutput, {"Ausgabe", "output"});
    const ArgName a{"Bestand", "stock"}, b{"Bedarf", "demand"};
    const Cells x = cells(args[0], a);
    const Cells y = cells(args[1], b);
    if (output == 3) {
        return elementwise<2>({&x, &y}, {a, b}, [](const std::array<double, 2>& v) {
            return text(deckung(v[0], v[1]).gedeckt ? "gedeckt" : "offener Bedarf");
        });
    }
    return elementwise<2>({&x, &y}, {a, b}, [output](const std::array<double, 2>& v) {
        const Deckung d = deckung(v[0], v[1]);
        return output == 0 ? d.deckungsgrad : output == 1 ? d.offener_bedarf : d.luecke;
    });
}

uno::Any ispKorridor(const Args& args) {
    const std::size_t output = choose(args[3], "lage", keywords::kKorridorOutput, {"Ausgabe", "output"});
    const ArgName a{"Wert", "value"}, lo{"Untergrenze", "lower"}, hi{"Obergrenze", "upper"};
    const Cells v = cells(args[0], a);
    const Cells l = cells(args[1], lo);
    const Cells u = cells(args[2], hi);
    if (output == 0) {
        return elementwise<3>({&v, &l, &u}, {a, lo, hi}, [](const std::array<double, 3>& x) {
            return text(corridor_text_de(wertekorridor(x[0], x[1], x[2]).position));
        });
    }
    return elementwise<3>({&v, &l, &u}, {a, lo, hi}, [output](const std::array<double, 3>& x) {
        return output == 1 ? wertekorridor(x[0], x[1], x[2]).deviation
                           : corridor_relative_deviation(x[0], x[1], x[2]);
    });
}

uno::Any ispTrendrichtung(const Args& args) {
    const double tolerance = number(args[1], 0.0, {"Toleranz", "tolerance"});
    const ArgName a{"Veränderung", "change"};
    const Cells c = cells(args[0], a);
    return elementwise<1>({&c}, {a}, [tolerance](const std::array<double, 1>& x) {
        switch (trend_direction(x[0], tolerance)) {
            case TrendDirection::Rising: return text("steigend");
            case TrendDirection::Falling: return text("fallend");
            default: return text("stabil");
        }
    });
}

uno::Any ispKlassenzahl(const Args& args) {
    const double guide = number(args[1], kMissing, {"Richtwert", "guide"});
    const double min_size = number(args[2], kMissing, {"Mindestgröße", "min_size"});
    const double max_size = number(args[3], kMissing, {"Höchstgröße", "max_size"});
    if (is_missing(guide)) {
        throw Error(ErrorCode::MissingValue, "Argument „Richtwert“ fehlt", "argument 'guide' is missing");
    }
    const ArgName a{"Schüler", "pupils"};
    const Cells p = cells(args[0], a);
    return elementwise<1>({&p}, {a}, [&](const std::array<double, 1>& x) {
        return static_cast<double>(classes_needed(x[0], guide, min_size, max_size));
    });
}

uno::Any ispBedarf(const Args& args) {
    std::vector<double> population = data_list(args[0], {"Bevölkerung", "population"});
    std::vector<double> quota = data_list(args[1], {"Quote", "quota"});
    const double buffer = number(args[2], 0.0, {"Puffer", "buffer"});
    // One quota for every age group.
    if (quota.size() == 1 && population.size() > 1) quota.assign(population.size(), quota[0]);
    if (quota.size() == population.size()) trim_common_tail({&population, &quota});
    return uno::Any(single(bedarf(population, quota, buffer)));
}

uno::Any ispPflegeprognose(const Args& args) {
    std::vector<double> rates = data_list(args[0], {"Quoten", "rates"});
    std::vector<double> population = data_list(args[1], {"Bevölkerung", "population"});
    // One rate (a typed number, too) for every age group, as ISP_BEDARF's quota.
    if (rates.size() == 1 && population.size() > 1) rates.assign(population.size(), rates[0]);
    if (rates.size() == population.size()) trim_common_tail({&rates, &population});
    return uno::Any(single(pflege_projection(rates, population)));
}

uno::Any ispSchuelerprognose(const Args& args) {
    std::vector<double> base = data_list(args[0], {"Basisjahr", "base_year"});
    std::vector<double> entrants = data_list(args[1], {"Einschulungen", "entrants"});
    std::vector<double> quotas = data_list(args[2], {"Übergangsquoten", "transition_quotas"});
    const Matrix m = cohort_projection(base, entrants, quotas);
    return uno::Any(to_grid(m.data(), m.rows(), m.cols()));
}

uno::Any ispTrendmittel(const Args& args) {
    const std::vector<double> values = data_list(args[0], {"Werte", "values"});
    const std::vector<double> weights = number_list(args[1], {"Gewichte", "weights"});
    return uno::Any(single(trend_weighted_mean(values, weights)));
}

uno::Any ispVerweildauer(const Args& args) {
    std::vector<double> start = data_list(args[0], {"Beginn", "start"});
    std::vector<double> end = data_list(args[1], {"Ende", "end"});
    const double stichtag = number(args[2], kMissing, {"Stichtag", "cutoff"});
    const std::size_t unit = choose(args[3], "tage", keywords::kVerweildauerUnit, {"Einheit", "unit"});
    const std::size_t output =
        choose(args[4], "mittel", keywords::kVerweildauerOutput, {"Ausgabe", "output"});
    if (start.size() == end.size()) trim_common_tail({&start, &end});
    const DurationUnit units[] = {DurationUnit::Days, DurationUnit::Months, DurationUnit::Years};
    const DurationStats s = verweildauer(start, end, stichtag, units[unit]);
    const double out[] = {s.mean, s.median, static_cast<double>(s.cases), static_cast<double>(s.open_cases)};
    return uno::Any(single(out[output]));
}

uno::Any ispDemografie(const Args& args) {
    const std::size_t kind = choose(args[0], "", keywords::kDemografieKind, {"Art", "kind"});
    const ArgName a{"A", "a"}, b{"B", "b"}, c{"C", "c"};
    const Cells x = cells(args[1], a);
    const Cells y = cells(args[2], b);
    if (kind == 2) {
        const Cells z = cells(args[3], c);
        return elementwise<3>({&x, &y, &z}, {a, b, c}, [](const std::array<double, 3>& v) {
            return total_dependency_ratio(v[0], v[1], v[2]);
        });
    }
    return elementwise<2>({&x, &y}, {a, b}, [kind](const std::array<double, 2>& v) {
        return kind == 0   ? youth_dependency_ratio(v[0], v[1])
               : kind == 1 ? old_age_dependency_ratio(v[0], v[1])
                           : ageing_index(v[0], v[1]);
    });
}

uno::Any ispDurchschnittsalter(const Args& args) {
    std::vector<double> counts = data_list(args[0], {"Anzahl", "counts"});
    std::vector<double> ages = data_list(args[1], {"Alter", "ages"});
    if (counts.size() == ages.size()) trim_common_tail({&counts, &ages});
    return uno::Any(single(mean_age(counts, ages)));
}

}  // namespace isp::addin::fn
