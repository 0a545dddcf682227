#include "isp/aggregate.hpp"

#include <algorithm>
#include <boost/math/statistics/univariate_statistics.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "isp/error.hpp"
#include "isp/keywords.hpp"
#include "isp/messages.hpp"

namespace isp {
namespace {

constexpr int kMaxClasses = 1000;

double finite_result(double r, const std::string& group) {
    if (!std::isfinite(r)) {
        throw Error::message(Msg::GroupResultOutOfRange, {group});
    }
    return r;
}

// Neumaier's compensated sum: the rounding error stays independent of the number of rows, which matters for
// whole-column ranges of Gemeinde counts.
class CompensatedSum {
public:
    void add(double x) noexcept {
        const double t = sum_ + x;
        // Selecting the operands instead of branching on them computes the same value but lets the
        // compiler avoid a data-dependent branch, which mispredicts on random data and stalls the memory
        // accesses of the aggregation loops.
        const bool sum_larger = std::fabs(sum_) >= std::fabs(x);
        const double larger = sum_larger ? sum_ : x;
        const double smaller = sum_larger ? x : sum_;
        c_ += (larger - t) + smaller;
        sum_ = t;
    }
    double value() const noexcept { return sum_ + c_; }

private:
    double sum_ = 0.0;
    double c_ = 0.0;
};

// Throws for the first row without a group that carries data (`carries_data(i)`: the row holds anything
// the method would use), then EmptyInput if there is no group at all: the checks, messages and their order
// of the string-keyed grouping.
template <typename CarriesData>
void require_keys_for_data(const GroupIndex& index, CarriesData carries_data) {
    if (index.blank_rows() != 0) {
        const std::vector<std::uint32_t>& code = index.codes();
        for (std::size_t i = 0; i < code.size(); ++i) {
            // Trailing blank rows of whole-column ranges are skipped; data without a key would be lost.
            if (code[i] == GroupIndex::kNoGroup && carries_data(i)) {
                throw Error::message(Msg::RowValueWithoutGroup, {i + 1});
            }
        }
    }
    if (index.groups() == 0) throw Error::message(Msg::NoGroups);
}

// Rows of each group as one flat index list (counting sort), rows ascending within a group, for the methods
// that need all values of a group at once.
struct RowsByGroup {
    std::vector<std::size_t> start;  // rows of group g: row[start[g]] .. row[start[g + 1] - 1]
    std::vector<std::size_t> row;
};

RowsByGroup rows_by_group(const GroupIndex& index) {
    RowsByGroup g;
    const std::vector<std::size_t>& members = index.members();
    g.start.assign(members.size() + 1, 0);
    for (std::size_t k = 0; k < members.size(); ++k) g.start[k + 1] = g.start[k] + members[k];
    g.row.resize(g.start.back());
    std::vector<std::size_t> next(g.start.begin(), g.start.end() - 1);
    const std::vector<std::uint32_t>& code = index.codes();
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (code[i] != GroupIndex::kNoGroup) g.row[next[code[i]]++] = i;
    }
    return g;
}

// The aggregation loops stream over the rows and update the row's group; with randomly ordered groups that
// update is a cache miss. Announcing the group a few rows ahead overlaps those misses.
constexpr std::size_t kPrefetchRows = 16;
template <typename Acc>
void prefetch_group(const std::vector<std::uint32_t>& code, std::size_t i, Acc* acc) {
    if (i + kPrefetchRows < code.size() && code[i + kPrefetchRows] != GroupIndex::kNoGroup)
        __builtin_prefetch(acc + code[i + kPrefetchRows], 1);
}

// Sum and Ratio in one pass over the rows; each group's sums see its rows in ascending order, as a loop
// over the group's rows would, so the results are the same to the bit.
template <bool kRatio>
void sum_or_ratio(const std::vector<double>& values, const std::vector<double>& weights,
                  const GroupIndex& index, Column& out) {
    struct Acc {
        CompensatedSum num, den;
        bool complete = true;
    };
    std::vector<Acc> acc(index.groups());
    const std::vector<std::uint32_t>& code = index.codes();
    for (std::size_t i = 0; i < code.size(); ++i) {
        prefetch_group(code, i, acc.data());
        if (code[i] == GroupIndex::kNoGroup) continue;
        Acc& a = acc[code[i]];
        if (!a.complete) continue;
        // A count or quota of a group with a missing member would be too low, not just less precise.
        if (is_missing(values[i]) || (kRatio && is_missing(weights[i]))) {
            a.complete = false;
            continue;
        }
        a.num.add(values[i]);
        if (kRatio) a.den.add(weights[i]);
    }
    for (std::size_t k = 0; k < acc.size(); ++k) {
        if (!acc[k].complete) continue;  // stays MissingInput
        const std::string& key = index.keys()[k];
        if (!kRatio) {
            out.set(k, finite_result(acc[k].num.value(), key));
        } else if (acc[k].den.value() == 0.0) {
            out.clear(k, Reason::Undefined);
        } else {
            out.set(k, finite_result(finite_result(acc[k].num.value(), key) / acc[k].den.value(), key));
        }
    }
}

// Three passes with weights scaled by their maximum, so that neither sum(w) nor sum(w x) can overflow for
// finite inputs (Boost has no weighted mean). Each pass streams over the rows and updates its group, which
// touches a small per-group table instead of gathering the rows of each group from all over the input.
void weighted_mean(const std::vector<double>& values, const std::vector<double>& weights,
                   const GroupIndex& index, Column& out) {
    struct Acc {
        double wmax = 0.0;
        double total = 0.0;
        bool any = false;
        CompensatedSum wsum, mean;
    };
    std::vector<Acc> acc(index.groups());
    const std::vector<std::uint32_t>& code = index.codes();
    const auto used = [&](std::size_t i) {
        return code[i] != GroupIndex::kNoGroup && !is_missing(values[i]) && !is_missing(weights[i]);
    };
    for (std::size_t i = 0; i < code.size(); ++i) {
        prefetch_group(code, i, acc.data());
        if (!used(i)) continue;
        Acc& a = acc[code[i]];
        a.any = true;
        a.wmax = std::max(a.wmax, weights[i]);
    }
    // A group without a usable member stays MissingInput; weights summing to 0 leave the mean undefined.
    for (std::size_t k = 0; k < acc.size(); ++k) {
        if (acc[k].any && acc[k].wmax == 0.0) out.clear(k, Reason::Undefined);
    }
    const auto active = [](const Acc& a) { return a.any && a.wmax != 0.0; };
    for (std::size_t i = 0; i < code.size(); ++i) {
        prefetch_group(code, i, acc.data());
        if (!used(i)) continue;
        Acc& a = acc[code[i]];
        if (active(a)) a.wsum.add(weights[i] / a.wmax);
    }
    for (Acc& a : acc) a.total = a.wsum.value();
    for (std::size_t i = 0; i < code.size(); ++i) {
        prefetch_group(code, i, acc.data());
        if (!used(i)) continue;
        Acc& a = acc[code[i]];
        if (active(a)) a.mean.add(weights[i] / a.wmax / a.total * values[i]);
    }
    for (std::size_t k = 0; k < acc.size(); ++k) {
        if (active(acc[k])) out.set(k, finite_result(acc[k].mean.value(), index.keys()[k]));
    }
}

// Mean, Median, Min, Max: missing members are skipped, as Calc's AVERAGE, MEDIAN, MIN and MAX skip empty
// cells.
void skip_missing_statistic(const std::vector<double>& values, const GroupIndex& index, AggMethod method,
                            Column& out) {
    const RowsByGroup g = rows_by_group(index);
    std::vector<double> present;
    for (std::size_t k = 0; k < index.groups(); ++k) {
        present.clear();
        for (std::size_t j = g.start[k]; j < g.start[k + 1]; ++j) {
            if (!is_missing(values[g.row[j]])) present.push_back(values[g.row[j]]);
        }
        if (present.empty()) continue;  // MissingInput
        double v = 0.0;
        if (method == AggMethod::Mean)
            v = boost::math::statistics::mean(present);
        else if (method == AggMethod::Median)
            v = boost::math::statistics::median(present);
        else if (method == AggMethod::Min)
            v = *std::min_element(present.begin(), present.end());
        else
            v = *std::max_element(present.begin(), present.end());
        out.set(k, finite_result(v, index.keys()[k]));
    }
}

}  // namespace

AggMethod parse_agg_method(const std::string& keyword) {
    return static_cast<AggMethod>(choose_keyword(keywords::kAggMethod, keyword));
}

const char* agg_method_keyword(AggMethod method) {
    return keywords::kAggMethod.entries.at(static_cast<std::size_t>(method)).en;
}

GroupedResult aggregate(const std::vector<double>& values, const std::vector<std::string>& groups,
                        AggMethod method, const std::vector<double>& weights) {
    return aggregate(values, GroupIndex(groups), method, weights);
}

GroupedResult aggregate(const std::vector<double>& values, const GroupIndex& index, AggMethod method,
                        const std::vector<double>& weights) {
    const std::size_t rows = index.rows();
    if (values.empty() && rows == 0) throw Error(ErrorCode::EmptyInput, "Werte", "values");
    require_same_size({{values.size(), "Werte", "values"}, {rows, "Gruppen", "groups"}});
    const bool ratio = method == AggMethod::Ratio;
    const bool weighted = ratio || method == AggMethod::WeightedMean;
    if (weighted && weights.empty()) {
        throw Error::message(ratio ? Msg::RatioNeedsDenominators : Msg::WeightedMeanNeedsWeights);
    }
    // Weights given to an unweighted method would be ignored silently.
    if (!weighted && !weights.empty()) {
        throw Error::message(Msg::WeightsNotUsedByMethod, {agg_method_keyword(method)});
    }
    if (weighted)
        require_same_size({{values.size(), "Werte", "values"}, {weights.size(), "Gewichte", "weights"}});
    require_no_infinity(values, "Werte", "values");
    require_no_infinity(weights, ratio ? "Nenner" : "Gewichte", ratio ? "denominators" : "weights");
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] < 0.0) {
            // Denominators of a quota are counts (population, cases); weights of a mean are weights.
            if (ratio) throw Error::message(Msg::NegativeDenominatorInRow, {i + 1});
            throw Error::message(Msg::NegativeWeightInRow, {i + 1});
        }
    }

    require_keys_for_data(
        index, [&](std::size_t i) { return !is_missing(values[i]) || (ratio && !is_missing(weights[i])); });

    GroupedResult out;
    out.groups = index.keys();
    out.value = Column(index.groups());
    out.members = index.members();
    switch (method) {
        case AggMethod::Sum: sum_or_ratio<false>(values, weights, index, out.value); break;
        case AggMethod::Ratio: sum_or_ratio<true>(values, weights, index, out.value); break;
        case AggMethod::WeightedMean: weighted_mean(values, weights, index, out.value); break;
        case AggMethod::Mean:
        case AggMethod::Median:
        case AggMethod::Min:
        case AggMethod::Max: skip_missing_statistic(values, index, method, out.value); break;
    }
    return out;
}

// ---- Hierarchy ---------------------------------------------------------------------------------------

void Hierarchy::add(const std::string& child, const std::string& parent) {
    if (child.empty() || parent.empty()) {
        throw Error::message(Msg::EmptyAreaId);
    }
    const std::uint32_t child_node = node_.find(child);
    const bool child_known = child_node != detail::KeyTable::kAbsent;
    if (child_known && parent_[child_node] != kRoot) {
        const std::string& existing = node_.keys()[parent_[child_node]];
        if (existing == parent) return;  // the same link twice is harmless
        throw Error::message(Msg::AreaHasTwoParents, {child, existing, parent});
    }
    // The hierarchy is acyclic before this link, so walking up from parent ends at a root; a child that is
    // not declared yet cannot lie above parent.
    bool cycle = child == parent;
    if (child_known) {
        for (std::uint32_t n = node_.find(parent); n != detail::KeyTable::kAbsent && n != kRoot && !cycle;
             n = parent_[n])
            cycle = n == child_node;
    }
    if (cycle) {
        throw Error::message(Msg::AreaCycle, {parent, child});
    }
    // Nodes are created only now, so that a refused link leaves no trace.
    const auto intern = [this](const std::string& id) {
        bool inserted = false;
        const std::uint32_t node = node_.insert(id, detail::KeyTable::hash(id), inserted);
        if (inserted) parent_.push_back(kRoot);
        return node;
    };
    const std::uint32_t node = intern(child);
    parent_[node] = intern(parent);
}

bool Hierarchy::contains(const std::string& id) const {
    return node_.find(id) != detail::KeyTable::kAbsent;
}

std::uint32_t Hierarchy::walk_up(const std::string& id, std::uint32_t node, int levels_up) const {
    if (levels_up < 0) {
        throw Error::message(Msg::LevelsUpNegative, {levels_up});
    }
    if (node == detail::KeyTable::kAbsent) throw Error::keyword(ErrorCode::UnknownArea, id);
    for (int step = 0; step < levels_up; ++step) {
        if (parent_[node] == kRoot) {
            throw Error::message(Msg::TooFewLevelsAbove, {id, step, levels_up});
        }
        node = parent_[node];
    }
    return node;
}

std::string Hierarchy::ancestor(const std::string& id, int levels_up) const {
    return node_.keys()[walk_up(id, node_.find(id), levels_up)];
}

std::vector<std::string> Hierarchy::map_up(const std::vector<std::string>& ids, int levels_up) const {
    std::vector<std::string> out;
    out.reserve(ids.size());
    // A blank ID stays blank, so that aggregate() skips the row like a blank row of a whole column.
    for (const auto& id : ids)
        out.push_back(id.empty() ? std::string() : node_.keys()[walk_up(id, node_.find(id), levels_up)]);
    return out;
}

// ---- Population shares per class ------------------------------------------------------------------------

ClassShares class_population_shares(const std::vector<int>& classes, const std::vector<double>& population,
                                    const std::vector<std::string>& groups, int n_classes) {
    if (n_classes < 1 || n_classes > kMaxClasses) {
        throw Error::message(Msg::ClassCountOutOfRange, {n_classes});
    }
    if (classes.empty() && groups.empty() && population.empty())
        throw Error(ErrorCode::EmptyInput, "Klassen", "classes");
    require_same_size({{classes.size(), "Klassen", "classes"},
                       {population.size(), "Einwohnerzahlen", "populations"},
                       {groups.size(), "Gruppen", "groups"}});
    require_no_infinity(population, "Bevölkerung", "population");
    for (std::size_t i = 0; i < classes.size(); ++i) {
        if (classes[i] < -1 || classes[i] >= n_classes) {
            throw Error::message(Msg::ClassOutOfRangeInRow, {classes[i], i + 1, n_classes - 1});
        }
        if (population[i] < 0.0) throw Error::message(Msg::NegativePopulationInRow, {i + 1});
    }
    const GroupIndex index(groups);
    require_keys_for_data(index,
                          [&](std::size_t i) { return classes[i] >= 0 || !is_missing(population[i]); });
    const RowsByGroup g = rows_by_group(index);

    ClassShares out;
    out.groups = index.keys();
    const auto nc = static_cast<std::size_t>(n_classes);
    out.share.assign(index.groups(), std::vector<double>(nc, kMissing));
    std::vector<CompensatedSum> in_class(nc);
    for (std::size_t k = 0; k < index.groups(); ++k) {
        std::fill(in_class.begin(), in_class.end(), CompensatedSum());
        CompensatedSum total;
        bool complete = true;
        for (std::size_t j = g.start[k]; j < g.start[k + 1]; ++j) {
            const std::size_t r = g.row[j];
            if (classes[r] < 0) continue;  // no class: left out of numerator and denominator
            // A classed area without a population makes every share of its group unknown, not smaller.
            if (is_missing(population[r])) {
                complete = false;
                break;
            }
            in_class[static_cast<std::size_t>(classes[r])].add(population[r]);
            total.add(population[r]);
        }
        if (!complete) continue;  // shares stay missing
        const double t = finite_result(total.value(), index.keys()[k]);
        if (t == 0.0) continue;  // no classed population: shares undefined, stay missing
        for (std::size_t c = 0; c < nc; ++c) out.share[k][c] = in_class[c].value() / t;
    }
    return out;
}

}  // namespace isp
