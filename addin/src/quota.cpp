// ISP_QUOTE, ISP_GRUPPENQUOTE, ISP_GEHEIMHALTUNG: quotas from counts with small-number suppression
// (isp/quota.hpp). A suppressed value shows the sign "." of the official statistics ("Zahlenwert unbekannt
// oder geheim zu halten"), or another text the planner chooses: a text is a missing value for every ISP
// function and for COUNT/AVERAGE, never a number.
#include "isp/quota.hpp"

#include "adapter.hpp"
#include "elementwise.hpp"
#include "groups.hpp"
#include "isp/aggregate.hpp"
#include "isp/error.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace uno = css::uno;

namespace {

constexpr const char* kSecret = ".";

std::string marker_argument(const uno::Any& arg) {
    return keyword(arg, kSecret, {"Zeichen", "marker"});
}

QuotaOptions quota_options(const uno::Any& scale, const uno::Any& min_numerator,
                           const uno::Any& min_denominator) {
    QuotaOptions o;
    o.scale = number(scale, o.scale, {"Skala", "scale"});
    o.min_numerator = number(min_numerator, o.min_numerator, {"Mindestzähler", "min_numerator"});
    o.min_denominator = number(min_denominator, o.min_denominator, {"Mindestnenner", "min_denominator"});
    return o;
}

// A group quota with its reason as a cell: the number, "." when suppressed, #DIV/0! when the group's
// denominators sum to 0 (noted for ISP_DIAGNOSE), else empty.
uno::Any reason_cell(double value, Reason reason, const std::string& marker, const std::string& group = {}) {
    switch (reason) {
        case Reason::Ok: return cell(value);
        case Reason::SmallNumber:
        case Reason::BelowMinPopulation: return uno::Any(to_ou(marker));
        case Reason::Undefined:
            if (recording_error_values()) {
                note_error_value(Error(ErrorCode::ZeroDenominator,
                                       "die Nenner der Gruppe „" + group + "“ ergeben zusammen 0",
                                       "the denominators of group '" + group + "' sum to 0"));
            }
            return uno::Any(error_value(kErrDiv0));
        default: return cell(kMissing);
    }
}

// Counts per row and their group keys, cut to the same length (whole columns).
struct CountsByGroup {
    std::vector<double> counts;
    std::vector<std::string> groups;
};

CountsByGroup counts_by_group(const uno::Any& counts_arg, const uno::Any& groups_arg, ArgName counts_name) {
    const ArgName groups_name{"Gruppen", "groups"};
    Cells counts = cells(counts_arg, counts_name);
    counts.require_no_errors();
    CountsByGroup out{std::move(counts.values), texts(groups_arg, groups_name)};
    fit_length(out.groups, out.counts.size(), groups_name, counts_name);
    return out;
}

}  // namespace

uno::Any ispQuote(const Args& args) {
    const QuotaOptions options = quota_options(args[2], args[3], args[4]);
    const std::string marker = marker_argument(args[5]);
    const ArgName a{"Zähler", "numerator"}, b{"Nenner", "denominator"};
    const Cells x = cells(args[0], a);
    const Cells y = cells(args[1], b);
    // A missing count goes to quota() too: it still checks the other one and the options.
    return elementwise<2>(
        {&x, &y}, {a, b},
        [&](const std::array<double, 2>& v) {
            const QuotaResult q = quota(v[0], v[1], options);
            return reason_cell(q.value, q.reason, marker);
        },
        ErrorCode::ZeroDenominator, MissingInput::Passed);
}

uno::Any ispGruppenquote(const Args& args) {
    const ArgName num_name{"Zähler", "numerator"}, den_name{"Nenner", "denominator"};
    CountsByGroup num = counts_by_group(args[0], args[2], num_name);
    Cells den = cells(args[1], den_name);
    den.require_no_errors();
    fit_length(den.values, num.counts.size(), den_name, num_name);
    const QuotaOptions options = quota_options(args[4], args[5], args[6]);
    const std::string marker = marker_argument(args[7]);
    const GroupQuotas q = group_quotas(num.counts, den.values, num.groups, options);

    const GroupCells<uno::Any> out = cells_by_group(
        args[3], q.groups,
        [&](std::size_t g) { return reason_cell(q.quota.value[g], q.quota.reason[g], marker, q.groups[g]); },
        cell(kMissing));
    return uno::Any(to_mixed_grid(out.cells, out.rows, out.cols));
}

uno::Any ispGeheimhaltung(const Args& args) {
    const ArgName counts_name{"Anzahlen", "counts"};
    const CountsByGroup c = counts_by_group(args[0], args[1], counts_name);
    const double k = number(args[2], 3.0, {"Mindestzahl", "min_count"});
    const std::size_t output =
        choose(args[3], "werte", keywords::kGeheimhaltungOutput, {"Ausgabe", "output"});
    const std::string marker = marker_argument(args[4]);
    const SuppressedCounts s = suppress_counts(c.counts, c.groups, k);

    auto flag_text = [](Suppression f) {
        return f == Suppression::Primary ? "primär" : f == Suppression::Secondary ? "sekundär" : "";
    };
    std::vector<uno::Any> out;
    if (output == 0 || output == 1) {
        out.resize(c.counts.size());
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (output == 1)
                out[i] <<= to_ou(flag_text(s.rows[i]));
            else
                out[i] = s.rows[i] == Suppression::None ? cell(c.counts[i]) : uno::Any(to_ou(marker));
        }
    } else {
        // Group totals in the order of ISP_GRUPPEN; a total with a missing member is missing.
        const GroupedResult totals = aggregate(c.counts, c.groups, AggMethod::Sum);
        out.resize(s.groups.size());
        for (std::size_t g = 0; g < out.size(); ++g) {
            if (output == 3)
                out[g] <<= to_ou(flag_text(s.totals[g]));
            else if (s.totals[g] != Suppression::None)
                out[g] <<= to_ou(marker);
            else
                out[g] = cell(totals.value.ok(g) ? totals.value.value[g] : kMissing);
        }
    }
    return uno::Any(to_mixed_grid(out, out.size(), 1));
}

}  // namespace isp::addin::fn
