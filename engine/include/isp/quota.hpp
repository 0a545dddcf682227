// Quotas from counts, with small-number suppression (methods.md §5 spatial aggregation, §8.8;
// domain.md F2, F12, G2, G3). Documented in docs/methods/classify-aggregate.md.
//
// A quota is always numerator / denominator x scale from counts, never a mean of quotas. Suppression
// (statistical confidentiality) turns a value into Reason::SmallNumber; the value is then kMissing, never 0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "isp/types.hpp"

namespace isp {

struct QuotaOptions {
    double scale = 100.0;          // 100 = per cent, 1000 = per mille, 10000; any finite value > 0
    double min_numerator = 3.0;    // k: a numerator with 0 < numerator < k is suppressed; 0 or 1 = off
    double min_denominator = 0.0;  // n: a denominator below n is suppressed (e.g. 300 inhabitants, G3)
};

// One value and why it is missing. value is kMissing exactly when reason != Ok.
struct QuotaResult {
    double value = kMissing;
    Reason reason = Reason::MissingInput;
    bool ok() const noexcept { return reason == Reason::Ok; }
};

// numerator / denominator x scale.
//  - missing numerator or denominator  -> {kMissing, MissingInput}
//  - 0 < numerator < k or denominator < n -> {kMissing, SmallNumber}; a numerator of 0 is shown (BA rule:
//    only the values 1 and 2 are secret, methods.md §8.8)
// The numerator is a count: a whole number (noise below 1e-9 relative is rounded away), else NonIntegerCount;
// the denominator may be fractional (a mean population). Throws NonFiniteInput (+-inf), NegativeCount (a
// count below 0), NonIntegerCount, ZeroDenominator (denominator 0), InvalidParameter (options out of range).
QuotaResult quota(double numerator, double denominator, const QuotaOptions& options = {});

// Primary and secondary cell suppression of counts.
enum class Suppression : std::uint8_t {
    None = 0,
    Primary,    // 0 < count < k
    Secondary,  // not small itself, hidden so that a primary value cannot be recomputed from the group total
};

// Result of suppress_counts(): flags per row and per group total.
struct SuppressedCounts {
    std::vector<Suppression> rows;    // one per input row
    std::vector<std::string> groups;  // distinct group keys in order of first appearance (as aggregate())
    std::vector<Suppression> totals;  // one per group: Primary if 0 < total < k; Secondary if the hidden
                                      // rows are all primary and no other non-zero row could be hidden,
                                      // so the total would give away their sum (e.g. {2, 2, 0})
};

// counts and groups have one entry per row (groups: e.g. the Sozialraum of each Gemeinde). One published
// table = the rows plus their group totals.
//  - Primary: 0 < count < k (the BA convention hides 1 and 2 for k = 3, methods.md §8.8).
//  - Secondary: a group whose hidden rows are all primary gets its smallest other non-zero row hidden as
//    well (the first one on ties). With one primary row this is the rule "the total minus the published
//    rows must not give the primary value back"; with several primary rows it stops the sum of the hidden
//    rows from pinning them down ({1, 1, 10}: 12 - 10 = 2 would mean 1 and 1).
// Missing counts are never suppressed (nothing to hide) and never chosen as secondary. Rows with an empty
// key and a missing count are skipped (blank rows of whole columns); a count with an empty key is
// InvalidParameter. Protection across more than one level of totals (Gemeinde -> SR -> PR published
// together) is not covered; see docs/methods/classify-aggregate.md.
// Counts are whole numbers (NonIntegerCount naming the row; noise below 1e-9 relative is rounded away).
// Throws DimensionMismatch, EmptyInput, NonFiniteInput, NegativeCount, NonIntegerCount, InvalidParameter
// (also k missing, infinite or < 0).
SuppressedCounts suppress_counts(const std::vector<double>& counts, const std::vector<std::string>& groups,
                                 double k);

// Row quotas numerators[i] / denominators[i] x scale with the rules of quota(), except that a zero
// denominator gives Reason::Undefined for that row instead of throwing. Rows flagged in `suppressed`
// (empty = none; else one flag per row, e.g. from suppress_counts) are SmallNumber as well, since
// quota x denominator would reveal the hidden count.
// Throws DimensionMismatch, NonFiniteInput, NegativeCount, InvalidParameter.
Column quotas(const std::vector<double>& numerators, const std::vector<double>& denominators,
              const QuotaOptions& options = {}, const std::vector<Suppression>& suppressed = {});

// Quota per group from the summed numerators and denominators (domain F2: 10/100 and 50/1000 -> 60/1100).
struct GroupQuotas {
    std::vector<std::string> groups;  // distinct keys in order of first appearance (as aggregate())
    Column numerator;                 // summed numerator; MissingInput if a member is missing,
                                      // SmallNumber if suppressed as a total
    Column denominator;               // summed denominator; MissingInput if a member is missing
    Column quota;                     // sum numerator / sum denominator x scale; SmallNumber if the
                                      // numerator total is suppressed (suppress_counts().totals, so also
                                      // 0 < N < k) or the summed denominator < n; Undefined if the summed
                                      // denominator is 0; MissingInput if a member is missing
};
// Blank rows (empty key, both counts missing) are skipped as in aggregate(); a count with an empty key is
// InvalidParameter. Throws DimensionMismatch, EmptyInput, NonFiniteInput, NegativeCount, InvalidParameter.
GroupQuotas group_quotas(const std::vector<double>& numerators, const std::vector<double>& denominators,
                         const std::vector<std::string>& groups, const QuotaOptions& options = {});

// value / area x scale, e.g. inhabitants per km² (F12: 98,861 / 2,527 km² = 39.12 -> "39 je km²"); scale
// converts units (area in ha, result per km²: scale 100). A missing value or area -> MissingInput.
// Throws NonFiniteInput, NegativeCount (value < 0), ZeroDenominator (area 0), InvalidParameter (area < 0,
// scale not finite or <= 0).
QuotaResult per_area(double value, double area, double scale = 1.0);

}  // namespace isp
