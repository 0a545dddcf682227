// Fachplan calculations (isp/fachplan.hpp): supply ratios, demand and coverage, Eckwert, projections,
// Wertekorridor, trends, Verweildauer, demographic ratios. Ratios are fractions (0.9 = 90 %).
#include "isp/fachplan.hpp"

#include <cmath>

#include "adapter.hpp"
#include "elementwise.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace uno = css::uno;

namespace {

// A list of numbers from a data argument (one row or column); error cells are passed on.
std::vector<double> data_list(const Arg& arg) {
    Cells c = arg.cells();
    c.require_no_errors();
    if (!c.is_vector() && c.size() > 0) {
        throw Error::message(Msg::ArgMustBeRowOrColumn, {place(Msg::Quoted, {{arg.name.de, arg.name.en}})});
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

uno::Any ispEckwert(const Args& args) {
    const args::Eckwert a(args);
    const double per = a.per.number();
    return pairwise(a.cases, a.population,
                    [per](double cases, double population) { return eckwert(cases, population, per); });
}

uno::Any ispCagr(const Args& args) {
    const args::Cagr a(args);
    const double periods = a.periods.required_number();
    return pairwise(a.first, a.last,
                    [periods](double first, double last) { return cagr(first, last, periods); });
}

uno::Any ispDeckung(const Args& args) {
    const args::Deckung a(args);
    const DeckungOutput output = a.output.choice_as<DeckungOutput>();
    const Cells x = a.stock.cells();
    const Cells y = a.demand.cells();
    if (output == DeckungOutput::Status) {
        return elementwise<2>({&x, &y}, {a.stock.name, a.demand.name}, [](const std::array<double, 2>& v) {
            return text(deckung(v[0], v[1]).gedeckt ? "gedeckt" : "offener Bedarf");
        });
    }
    return elementwise<2>({&x, &y}, {a.stock.name, a.demand.name}, [output](const std::array<double, 2>& v) {
        const Deckung d = deckung(v[0], v[1]);
        return output == DeckungOutput::Ratio  ? d.deckungsgrad
               : output == DeckungOutput::Open ? d.offener_bedarf
                                               : d.luecke;
    });
}

uno::Any ispKorridor(const Args& args) {
    const args::Korridor a(args);
    const KorridorOutput output = a.output.choice_as<KorridorOutput>();
    const Cells v = a.value.cells();
    const Cells l = a.lower.cells();
    const Cells u = a.upper.cells();
    const std::array<ArgName, 3> names{a.value.name, a.lower.name, a.upper.name};
    if (output == KorridorOutput::Position) {
        return elementwise<3>({&v, &l, &u}, names, [](const std::array<double, 3>& x) {
            return text(corridor_text_de(wertekorridor(x[0], x[1], x[2]).position));
        });
    }
    return elementwise<3>({&v, &l, &u}, names, [output](const std::array<double, 3>& x) {
        return output == KorridorOutput::Deviation ? wertekorridor(x[0], x[1], x[2]).deviation
                                                   : corridor_relative_deviation(x[0], x[1], x[2]);
    });
}

uno::Any ispTrendrichtung(const Args& args) {
    const args::Trendrichtung a(args);
    const double tolerance = a.tolerance.number();
    const Cells c = a.change.cells();
    return elementwise<1>({&c}, {a.change.name}, [tolerance](const std::array<double, 1>& x) {
        switch (trend_direction(x[0], tolerance)) {
            case TrendDirection::Rising: return text("steigend");
            case TrendDirection::Falling: return text("fallend");
            default: return text("stabil");
        }
    });
}

uno::Any ispKlassenzahl(const Args& args) {
    const args::Klassenzahl a(args);
    const double guide = a.guide.number(kMissing);
    const double min_size = a.minSize.number(kMissing);
    const double max_size = a.maxSize.number(kMissing);
    if (is_missing(guide)) throw missing_argument(a.guide.name);
    const Cells p = a.pupils.cells();
    return elementwise<1>({&p}, {a.pupils.name}, [&](const std::array<double, 1>& x) {
        return static_cast<double>(classes_needed(x[0], guide, min_size, max_size));
    });
}

uno::Any ispBedarf(const Args& args) {
    const args::Bedarf a(args);
    std::vector<double> population = data_list(a.population);
    std::vector<double> quota = data_list(a.quota);
    const double buffer = a.buffer.number();
    // One quota for every age group.
    if (quota.size() == 1 && population.size() > 1) quota.assign(population.size(), quota[0]);
    if (quota.size() == population.size()) trim_common_tail({&population, &quota});
    return uno::Any(single(bedarf(population, quota, buffer)));
}

uno::Any ispPflegeprognose(const Args& args) {
    const args::Pflegeprognose a(args);
    std::vector<double> rates = data_list(a.rates);
    std::vector<double> population = data_list(a.population);
    // One rate (a typed number, too) for every age group, as ISP_BEDARF's quota.
    if (rates.size() == 1 && population.size() > 1) rates.assign(population.size(), rates[0]);
    if (rates.size() == population.size()) trim_common_tail({&rates, &population});
    return uno::Any(single(pflege_projection(rates, population)));
}

uno::Any ispSchuelerprognose(const Args& args) {
    const args::Schuelerprognose a(args);
    std::vector<double> base = data_list(a.basePupils);
    std::vector<double> entrants = data_list(a.entrants);
    std::vector<double> quotas = data_list(a.transitionQuotas);
    const Matrix m = cohort_projection(base, entrants, quotas);
    return uno::Any(to_grid(m.data(), m.rows(), m.cols()));
}

uno::Any ispTrendmittel(const Args& args) {
    const args::Trendmittel a(args);
    const std::vector<double> values = data_list(a.values);
    const std::vector<double> weights = a.weights.number_list();
    return uno::Any(single(trend_weighted_mean(values, weights)));
}

uno::Any ispVerweildauer(const Args& args) {
    const args::Verweildauer a(args);
    std::vector<double> start = data_list(a.start);
    std::vector<double> end = data_list(a.end);
    const double stichtag = a.cutoff.number(kMissing);
    const DurationUnit unit = a.unit.choice_as<DurationUnit>();
    const VerweildauerOutput output = a.output.choice_as<VerweildauerOutput>();
    if (start.size() == end.size()) trim_common_tail({&start, &end});
    const DurationStats s = verweildauer(start, end, stichtag, unit);
    switch (output) {
        case VerweildauerOutput::Median: return uno::Any(single(s.median));
        case VerweildauerOutput::Cases: return uno::Any(single(static_cast<double>(s.cases)));
        case VerweildauerOutput::Open: return uno::Any(single(static_cast<double>(s.open_cases)));
        default: return uno::Any(single(s.mean));
    }
}

uno::Any ispDemografie(const Args& args) {
    const args::Demografie a(args);
    const DemografieKind kind = a.kind.choice_as<DemografieKind>();
    const Cells x = a.a.cells();
    const Cells y = a.b.cells();
    if (kind == DemografieKind::Total) {
        const Cells z = a.c.cells();
        return elementwise<3>(
            {&x, &y, &z}, {a.a.name, a.b.name, a.c.name},
            [](const std::array<double, 3>& v) { return total_dependency_ratio(v[0], v[1], v[2]); });
    }
    return elementwise<2>({&x, &y}, {a.a.name, a.b.name}, [kind](const std::array<double, 2>& v) {
        return kind == DemografieKind::Youth    ? youth_dependency_ratio(v[0], v[1])
               : kind == DemografieKind::OldAge ? old_age_dependency_ratio(v[0], v[1])
                                                : ageing_index(v[0], v[1]);
    });
}

uno::Any ispDurchschnittsalter(const Args& args) {
    const args::Durchschnittsalter a(args);
    std::vector<double> counts = data_list(a.counts);
    std::vector<double> ages = data_list(a.ages);
    if (counts.size() == ages.size()) trim_common_tail({&counts, &ages});
    return uno::Any(single(mean_age(counts, ages)));
}

}  // namespace isp::addin::fn
