// Aggregation of area values to groups and up an area hierarchy (methods.md §5 "Spatial aggregation",
// domain.md D1-D3, F2).
#pragma once

#include <map>
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
// "max"/"maximum" -> Max. Throws Error(UnknownMethod).
AggMethod parse_agg_method(const std::string& keyword);
const char* agg_method_keyword(AggMethod method);

struct GroupedResult {
    std::vector<std::string> groups;   // distinct group keys in order of first appearance
    Column value;                      // one per group
    std::vector<std::size_t> members;  // number of rows in each group
};

// values, groups and (for Ratio/WeightedMean) weights have one entry per row. Rows whose group key is empty
// and whose value is missing are skipped (trailing blank rows of whole-column ranges); a value with an
// empty group key is an error (InvalidParameter), since it would be lost silently.
// Throws DimensionMismatch, NonFiniteInput, NegativeWeight, ZeroDenominator (Ratio with a zero sum of
// weights is reported per group as Reason::Undefined instead), EmptyInput.
GroupedResult aggregate(const std::vector<double>& values, const std::vector<std::string>& groups,
                        AggMethod method, const std::vector<double>& weights = {});

// Area hierarchy keyed by ID (names may repeat). Any number of levels.
class Hierarchy {
public:
    // Declares parent of child. Throws InvalidHierarchy for a contradictory second parent or a cycle.
    void add(const std::string& child, const std::string& parent);
    bool contains(const std::string& id) const;
    // The ancestor `levels_up` steps above id (0 = id itself). Throws UnknownArea / InvalidHierarchy.
    std::string ancestor(const std::string& id, int levels_up) const;
    // Maps each id to its ancestor `levels_up` above (for aggregate()).
    std::vector<std::string> map_up(const std::vector<std::string>& ids, int levels_up) const;

private:
    std::map<std::string, std::string> parent_;
};

// Population share in each class per group (the Hamburg practice): result[g][k] = population of areas in
// class k / population of areas with a class in group g. classes: -1 = no class (left out).
struct ClassShares {
    std::vector<std::string> groups;
    std::vector<std::vector<double>> share;  // groups x n_classes
};
ClassShares class_population_shares(const std::vector<int>& classes, const std::vector<double>& population,
                                    const std::vector<std::string>& groups, int n_classes);

}  // namespace isp
