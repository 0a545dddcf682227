#include "isp/quota.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

void check_options(const QuotaOptions& o) {
    // The negated comparisons also reject NaN.
    if (!(std::isfinite(o.scale) && o.scale > 0.0)) throw Error::message(Msg::ScaleInvalid);
    if (!(std::isfinite(o.min_numerator) && o.min_numerator >= 0.0))
        throw Error::message(Msg::MinCountInvalid);
    if (!(std::isfinite(o.min_denominator) && o.min_denominator >= 0.0))
        throw Error::message(Msg::MinDenominatorInvalid);
}

// +-inf and negative counts are errors; a missing count passes (the caller decides what missing means).
void check_count(double v, const char* what_de, const char* what_en) {
    if (std::isinf(v)) throw Error(ErrorCode::NonFiniteInput, what_de, what_en);
    if (v < 0.0) throw Error(ErrorCode::NegativeCount, what_de, what_en);
}

// A count that gets suppressed (a numerator, a case number) is a whole number: 2.5 cases would be compared
// with k as if it were a count, and a quota of it published. Floating-point noise of a formula
// (2.9999999999998) is forgiven and the count taken as the whole number Calc shows; a missing count passes.
bool whole(double v) noexcept {
    return std::fabs(v - std::round(v)) <= 1e-9 * std::max(1.0, std::fabs(v));
}

double whole_count(double v, const char* what_de, const char* what_en) {
    if (is_missing(v) || std::isinf(v)) return v;
    if (!whole(v)) throw Error::message(Msg::CountNotWhole, {{what_de, what_en}, MsgArg::exact(v)});
    return std::round(v);
}

// whole_count for every row of a column, naming the row.
std::vector<double> whole_counts(const std::vector<double>& counts, const char* what_de,
                                 const char* what_en) {
    std::vector<double> out(counts);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!is_missing(out[i]) && !std::isinf(out[i]) && !whole(out[i])) {
            throw Error::message(Msg::CountNotWholeInRow, {{what_de, what_en}, i + 1, MsgArg::exact(out[i])});
        }
        if (!is_missing(out[i]) && !std::isinf(out[i])) out[i] = std::round(out[i]);
    }
    return out;
}

// The same for row i of a column; the message is only built on failure (whole columns have 10^6 rows).
void check_count_at(double v, std::size_t i, const char* what_de, const char* what_en) {
    if (std::isinf(v) || v < 0.0) {
        const Place where = place(Msg::WhatInRow, {{what_de, what_en}, i + 1});
        check_count(v, where.de.c_str(), where.en.c_str());
    }
}

double finite_result(double r) {
    if (!std::isfinite(r)) throw Error::message(Msg::ResultOutOfRange);
    return r;
}

bool small(double count, double k) noexcept {
    return count > 0.0 && count < k;
}

// The rules of quota() for one pair of checked counts; a zero denominator is left to the caller.
Reason quota_reason(double num, double den, const QuotaOptions& o) noexcept {
    if (is_missing(num) || is_missing(den)) return Reason::MissingInput;
    if (den == 0.0) return Reason::Undefined;
    if (small(num, o.min_numerator) || den < o.min_denominator) return Reason::SmallNumber;
    return Reason::Ok;
}

}  // namespace

QuotaResult quota(double numerator, double denominator, const QuotaOptions& options) {
    check_options(options);
    check_count(numerator, "Zähler", "numerator");
    numerator = whole_count(numerator, "Zähler", "numerator");
    check_count(denominator, "Nenner", "denominator");
    const Reason why = quota_reason(numerator, denominator, options);
    if (why == Reason::Undefined) throw Error(ErrorCode::ZeroDenominator, "Nenner", "denominator");
    if (why != Reason::Ok) return {kMissing, why};
    return {finite_result(numerator / denominator * options.scale), Reason::Ok};
}

SuppressedCounts suppress_counts(const std::vector<double>& counts, const std::vector<std::string>& groups,
                                 double k) {
    if (!(std::isfinite(k) && k >= 0.0)) throw Error::message(Msg::MinCountInvalid);
    for (std::size_t i = 0; i < counts.size(); ++i) check_count_at(counts[i], i, "Anzahl", "count");
    const std::vector<double> rounded = whole_counts(counts, "Anzahl", "count");
    // aggregate() gives the group list, the blank-row rule and the totals (missing if a member is missing);
    // the index gives each row's group with the keys trimmed as aggregate() sees them.
    const GroupIndex index(groups);
    const GroupedResult totals = aggregate(rounded, index, AggMethod::Sum);

    SuppressedCounts out;
    out.groups = totals.groups;
    out.rows.assign(counts.size(), Suppression::None);
    out.totals.assign(totals.groups.size(), Suppression::None);

    std::vector<bool> hidden_large(out.groups.size(), false);     // a hidden row >= k in the group
    std::vector<bool> hidden_small(out.groups.size(), false);     // a primary row in the group
    std::vector<std::size_t> smallest(out.groups.size(), kNone);  // smallest non-zero unsuppressed row
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (index.codes()[i] == GroupIndex::kNoGroup) continue;  // blank row (aggregate() threw for data)
        const std::size_t g = index.codes()[i];
        const double c = rounded[i];
        if (is_missing(c)) continue;
        if (small(c, k)) {
            out.rows[i] = Suppression::Primary;
            hidden_small[g] = true;
        } else if (c > 0.0 && (smallest[g] == kNone || c < rounded[smallest[g]])) {
            smallest[g] = i;
        }
    }
    // Secondary: while the hidden rows of a group are all primary, each lies in (0, k) and their sum is the
    // total minus the published rows; one more hidden row >= k makes that sum uninformative.
    for (std::size_t g = 0; g < out.groups.size(); ++g) {
        if (!hidden_small[g] || hidden_large[g]) continue;
        if (smallest[g] != kNone) {
            out.rows[smallest[g]] = Suppression::Secondary;
            hidden_large[g] = true;
        }
    }
    for (std::size_t g = 0; g < out.groups.size(); ++g) {
        if (!totals.value.ok(g)) continue;  // a missing total is not published anyway
        const double t = totals.value.value[g];
        if (small(t, k))
            out.totals[g] = Suppression::Primary;
        else if (hidden_small[g] && !hidden_large[g])
            out.totals[g] = Suppression::Secondary;  // e.g. {2, 2, 0}: 4 would mean 2 and 2
    }
    return out;
}

Column quotas(const std::vector<double>& numerators, const std::vector<double>& denominators,
              const QuotaOptions& options, const std::vector<Suppression>& suppressed) {
    check_options(options);
    require_same_size(
        {{numerators.size(), "Zähler", "numerators"}, {denominators.size(), "Nenner", "denominators"}});
    if (!suppressed.empty()) {
        require_same_size({{numerators.size(), "Zähler", "numerators"},
                           {suppressed.size(), "Geheimhaltungsmarken", "suppression flags"}});
    }
    for (std::size_t i = 0; i < numerators.size(); ++i) {
        check_count_at(numerators[i], i, "Zähler", "numerator");
        check_count_at(denominators[i], i, "Nenner", "denominator");
    }
    const std::vector<double> num = whole_counts(numerators, "Zähler", "numerator");
    Column out(numerators.size());
    for (std::size_t i = 0; i < numerators.size(); ++i) {
        Reason why = quota_reason(num[i], denominators[i], options);
        if (why == Reason::Ok && !suppressed.empty() && suppressed[i] != Suppression::None)
            why = Reason::SmallNumber;
        if (why != Reason::Ok)
            out.clear(i, why);
        else
            out.set(i, finite_result(num[i] / denominators[i] * options.scale));
    }
    return out;
}

GroupQuotas group_quotas(const std::vector<double>& numerators, const std::vector<double>& denominators,
                         const std::vector<std::string>& groups, const QuotaOptions& options) {
    check_options(options);
    require_same_size(
        {{numerators.size(), "Zähler", "numerators"}, {denominators.size(), "Nenner", "denominators"}});
    for (std::size_t i = 0; i < denominators.size(); ++i)
        check_count_at(denominators[i], i, "Nenner", "denominator");
    // All sums come from aggregate(), so blank rows, keys and group order are those of ISP_AGGREGATE. The
    // denominators go first: a denominator without a key is an error even when its numerator is missing.
    const GroupedResult den = aggregate(denominators, groups, AggMethod::Sum);
    const SuppressedCounts sc = suppress_counts(numerators, groups, options.min_numerator);  // checks counts
    const GroupedResult num =
        aggregate(whole_counts(numerators, "Zähler", "numerator"), groups, AggMethod::Sum);
    if (den.groups != num.groups) {
        // A row with a numerator but neither key nor denominator was rejected above, and the reverse by the
        // first aggregate(); this guards the invariant, not input.
        throw Error::message(Msg::NumeratorDenominatorGroupsDiffer);
    }

    GroupQuotas out;
    out.groups = num.groups;
    out.numerator = num.value;
    out.denominator = den.value;
    out.quota = Column(out.groups.size());
    for (std::size_t g = 0; g < out.groups.size(); ++g) {
        const bool hidden = sc.totals[g] != Suppression::None;
        if (hidden) out.numerator.clear(g, Reason::SmallNumber);
        if (!num.value.ok(g) || !den.value.ok(g)) continue;  // MissingInput
        const double n = num.value.value[g];
        const double d = den.value.value[g];
        if (d == 0.0)
            out.quota.clear(g, Reason::Undefined);
        else if (hidden || d < options.min_denominator)
            out.quota.clear(g, Reason::SmallNumber);
        else
            out.quota.set(g, finite_result(n / d * options.scale));
    }
    return out;
}

QuotaResult per_area(double value, double area, double scale) {
    if (!(std::isfinite(scale) && scale > 0.0)) throw Error::message(Msg::ScaleInvalid);
    check_count(value, "Wert", "value");
    if (std::isinf(area)) throw Error(ErrorCode::NonFiniteInput, "Fläche", "area");
    if (area < 0.0) throw Error::message(Msg::AreaNegative);
    if (is_missing(value) || is_missing(area)) return {kMissing, Reason::MissingInput};
    if (area == 0.0) throw Error(ErrorCode::ZeroDenominator, "Fläche", "area");
    return {finite_result(value / area * scale), Reason::Ok};
}

}  // namespace isp
