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
#include "isp/messages.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace uno = css::uno;

namespace {

constexpr const char* kSecret = ".";

QuotaOptions quota_options(const Arg& scale, const Arg& min_numerator, const Arg& min_denominator) {
    QuotaOptions o;
    o.scale = scale.number(o.scale);
    o.min_numerator = min_numerator.number(o.min_numerator);
    o.min_denominator = min_denominator.number(o.min_denominator);
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
                note_error_value(Error::message(Msg::GroupDenominatorsSumToZero, {group}));
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

CountsByGroup counts_by_group(const Arg& counts_arg, const Arg& groups_arg) {
    Cells counts = counts_arg.cells();
    counts.require_no_errors();
    CountsByGroup out{std::move(counts.values), groups_arg.texts()};
    fit_length(out.groups, out.counts.size(), groups_arg.name, counts_arg.name);
    return out;
}

}  // namespace

uno::Any ispQuote(const Args& args) {
    const args::Quote a(args);
    const QuotaOptions options = quota_options(a.scale, a.minNumerator, a.minDenominator);
    const std::string marker = a.marker.keyword(kSecret);
    const Cells x = a.numerator.cells();
    const Cells y = a.denominator.cells();
    // A missing count goes to quota() too: it still checks the other one and the options.
    return elementwise<2>(
        {&x, &y}, {a.numerator.name, a.denominator.name},
        [&](const std::array<double, 2>& v) {
            const QuotaResult q = quota(v[0], v[1], options);
            return reason_cell(q.value, q.reason, marker);
        },
        ErrorCode::ZeroDenominator, MissingInput::Passed);
}

uno::Any ispGruppenquote(const Args& args) {
    const args::Gruppenquote a(args);
    CountsByGroup num = counts_by_group(a.numerator, a.groups);
    Cells den = a.denominator.cells();
    den.require_no_errors();
    fit_length(den.values, num.counts.size(), a.denominator.name, a.numerator.name);
    const QuotaOptions options = quota_options(a.scale, a.minNumerator, a.minDenominator);
    const std::string marker = a.marker.keyword(kSecret);
    const GroupQuotas q = group_quotas(num.counts, den.values, num.groups, options);

    const GroupCells<uno::Any> out = cells_by_group(
        a.group, q.groups,
        [&](std::size_t g) { return reason_cell(q.quota.value[g], q.quota.reason[g], marker, q.groups[g]); },
        cell(kMissing));
    return uno::Any(to_mixed_grid(out.cells, out.rows, out.cols));
}

uno::Any ispGeheimhaltung(const Args& args) {
    const args::Geheimhaltung a(args);
    const CountsByGroup c = counts_by_group(a.counts, a.groups);
    const double k = a.minCount.number();
    const GeheimhaltungOutput output = a.output.choice_as<GeheimhaltungOutput>();
    const std::string marker = a.marker.keyword(kSecret);
    const SuppressedCounts s = suppress_counts(c.counts, c.groups, k);

    auto flag_text = [](Suppression f) {
        return f == Suppression::Primary ? "primär" : f == Suppression::Secondary ? "sekundär" : "";
    };
    std::vector<uno::Any> out;
    if (output == GeheimhaltungOutput::Values || output == GeheimhaltungOutput::Flags) {
        out.resize(c.counts.size());
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (output == GeheimhaltungOutput::Flags)
                out[i] <<= to_ou(flag_text(s.rows[i]));
            else
                out[i] = s.rows[i] == Suppression::None ? cell(c.counts[i]) : uno::Any(to_ou(marker));
        }
    } else {
        // Group totals in the order of ISP_GRUPPEN; a total with a missing member is missing.
        const GroupedResult totals = aggregate(c.counts, c.groups, AggMethod::Sum);
        out.resize(s.groups.size());
        for (std::size_t g = 0; g < out.size(); ++g) {
            if (output == GeheimhaltungOutput::TotalFlags)
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
