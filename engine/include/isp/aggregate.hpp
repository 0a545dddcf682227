// Aggregation of area values to groups and up an area hierarchy (methods.md §5 "Spatial aggregation",
// domain.md D1-D3, F2).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "isp/types.hpp"

namespace isp {

enum class AggMethod {
    Sum,           // sum of values; a group with a missing member value has no result (MissingInput)
    Ratio,         // sum(values) / sum(weights): quotas from numerators and denominators, never a mean of
                   // percentages; a missing numerator or denominator makes the group missing
    WeightedMean,  // sum(w x) / sum(w) over members with both present
    Mean,          // skip missing values (as AVERAGE)
    Median,        // skip missing
    Min,           // skip missing
    Max,           // skip missing
};

// "sum"/"summe" -> Sum; "ratio"/"quote"/"quotient"/"anteil" -> Ratio; "wmean"/"gewichtet"/"gewmittel" ->
// WeightedMean; "mean"/"mittel"/"mittelwert" -> Mean; "median" -> Median; "min"/"minimum" -> Min;
// "max"/"maximum" -> Max. Also accepted: "rate"/"verhältnis" (Ratio), "weightedmean"/"gewichtetes mittel"
// (WeightedMean), "average"/"durchschnitt" (Mean), "zentralwert" (Median). Throws Error(UnknownMethod).
AggMethod parse_agg_method(const std::string& keyword);
const char* agg_method_keyword(AggMethod method);

struct GroupedResult {
    std::vector<std::string> groups;   // distinct group keys in order of first appearance
    Column value;                      // one per group
    std::vector<std::size_t> members;  // number of rows in each group
};

// values, groups and (for Ratio/WeightedMean) weights have one entry per row. Rows whose group key is empty
// and that carry no data (value missing; for Ratio also the denominator missing) are skipped (trailing
// blank rows of whole-column ranges); data with an empty group key is an error (InvalidParameter naming the
// row), since it would be lost silently.
// Per group: Sum/Ratio with a missing member (value or denominator) -> Reason::MissingInput; Ratio with a
// zero sum of denominators -> Reason::Undefined; WeightedMean uses the members with value and weight
// present (none -> MissingInput, their weights summing to 0 -> Undefined); Mean/Median/Min/Max skip missing
// values (all missing -> MissingInput).
// Throws EmptyInput (no rows, or only blank rows), DimensionMismatch, NonFiniteInput (+-inf in the input,
// or a result out of range), NegativeCount (a Ratio denominator < 0), NegativeWeight (a WeightedMean
// weight < 0), InvalidParameter (data without a group key; weights missing for Ratio/WeightedMean, or given
// to a method that does not use them).
GroupedResult aggregate(const std::vector<double>& values, const std::vector<std::string>& groups,
                        AggMethod method, const std::vector<double>& weights = {});

// Area hierarchy keyed by ID (names may repeat). Any number of levels.
class Hierarchy {
public:
    // Declares parent of child (declaring the same link again is allowed). Throws InvalidHierarchy for a
    // contradictory second parent or a cycle (also child == parent), InvalidParameter for an empty ID.
    void add(const std::string& child, const std::string& parent);
    bool contains(const std::string& id) const;
    // The ancestor `levels_up` steps above id (0 = id itself). Throws UnknownArea (id not declared),
    // InvalidHierarchy (fewer levels above id), InvalidParameter (levels_up < 0).
    std::string ancestor(const std::string& id, int levels_up) const;
    // Maps each id to its ancestor `levels_up` above (for aggregate()); an empty id stays empty, so that
    // aggregate() skips it as a blank row.
    std::vector<std::string> map_up(const std::vector<std::string>& ids, int levels_up) const;

private:
    std::map<std::string, std::string> parent_;
    std::set<std::string> ids_;  // every child and parent
};

// Population share in each class per group (the Hamburg practice): result[g][k] = population of areas in
// class k / population of areas with a class in group g. classes: -1 = no class (left out). All shares of a
// group are kMissing when a classed area has no population or the classed population is 0.
// Groups in order of first appearance; blank rows (empty key, class -1, population missing) are skipped.
// Throws EmptyInput, DimensionMismatch, NonFiniteInput, NegativeCount (population < 0), InvalidParameter
// (a class outside -1..n_classes-1, n_classes outside 1..1000, data with an empty key).
struct ClassShares {
    std::vector<std::string> groups;
    std::vector<std::vector<double>> share;  // groups x n_classes
};
ClassShares class_population_shares(const std::vector<int>& classes, const std::vector<double>& population,
                                    const std::vector<std::string>& groups, int n_classes);

}  // namespace isp
