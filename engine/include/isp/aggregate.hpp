// Aggregation of area values to groups and up an area hierarchy (methods.md §5 "Spatial aggregation",
// domain.md D1-D3, F2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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

// The keywords of keywords::kAggMethod (isp/keywords.hpp: "summe", "quote", "gewmittel", "mittel", "median",
// "min", "max" and their synonyms). Throws Error(UnknownMethod). agg_method_keyword gives the English one.
AggMethod parse_agg_method(const std::string& keyword);
const char* agg_method_keyword(AggMethod method);

struct GroupedResult {
    std::vector<std::string> groups;   // distinct group keys in order of first appearance
    Column value;                      // one per group
    std::vector<std::size_t> members;  // number of rows in each group
};

// ---- Group keys -------------------------------------------------------------------------------------------
// Keys are what a planner typed: "SR 2 " is "SR 2" with a typing slip, but "SR 1", "SR1" and "sr 1" are
// either one group written three ways or three groups; the engine cannot know which and never merges or
// splits them silently.

// The key without leading and trailing whitespace (ASCII whitespace, no-break and other Unicode spaces).
std::string_view trim_key(std::string_view key) noexcept;

// The form in which keys are compared for near-duplicates: no whitespace at all, letters in lower case
// (ASCII and Latin-1, so "ÄRZTE" and "ärzte" fold alike). "SR 1", "SR1", "sr 1" and " Sr 1 " fold to "sr1".
std::string fold_key(std::string_view key);

// Throws Error(AmbiguousGroupKeys) naming the first set of distinct keys (already trimmed) that fold alike,
// e.g. „SR 1“, „SR1“ und „sr 1“. Cost: one folded copy per distinct key.
void require_distinct_keys(const std::vector<std::string>& keys);

// For each wanted key (trimmed) its position in groups (distinct, trimmed keys, as GroupedResult::groups);
// an empty wanted key gives kNotFound. An unknown key throws Error(UnknownArea); the message names a group
// that differs only in case or whitespace, if there is one ("gemeint ist wohl „SR 1“").
inline constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);
std::vector<std::size_t> locate_groups(const std::vector<std::string>& groups,
                                       const std::vector<std::string>& wanted);

// The value of each wanted group, looked up by key as locate_groups does: value_of(g) for the position g of
// its group, `absent` for an empty key. The one lookup by key the add-in's per-group functions share.
template <class T, class ValueOf>
std::vector<T> values_by_key(const std::vector<std::string>& groups, const std::vector<std::string>& wanted,
                             ValueOf value_of, const T& absent) {
    const std::vector<std::size_t> at = locate_groups(groups, wanted);
    std::vector<T> out(wanted.size(), absent);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        if (at[i] != kNotFound) out[i] = value_of(at[i]);
    }
    return out;
}

namespace detail {
// Interned strings: a dense code per distinct string, in order of insertion. Open addressing with linear
// probing over one 64-bit word per slot (upper half: upper half of the hash; lower half: code + 1, 0 =
// empty), so that a probe reads one cache line and compares strings only when 32 hash bits agree.
// std::unordered_map allocates a node per key and chases pointers per lookup: with a million randomly
// ordered keys that is several cache misses each. Used by GroupIndex and Hierarchy (group_index.cpp).
class KeyTable {
public:
    static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

    static std::uint64_t hash(std::string_view key) noexcept;
    // Prefetch hints for a lookup a few keys later: the home slot, then (once that has arrived) the key the
    // slot points to. Lookups of randomly ordered keys would otherwise wait on memory twice each.
    void prefetch_slot(std::uint64_t hash) const noexcept;
    void prefetch_key(std::uint64_t hash) const noexcept;
    std::uint32_t find(std::string_view key, std::uint64_t hash) const noexcept;  // kAbsent if absent
    std::uint32_t find(std::string_view key) const noexcept { return find(key, hash(key)); }
    // The code of key; a new key gets the next code (inserted = true).
    std::uint32_t insert(std::string_view key, std::uint64_t hash, bool& inserted);
    const std::vector<std::string>& keys() const noexcept { return key_; }     // by code
    std::vector<std::string> take_keys() noexcept { return std::move(key_); }  // leaves the table unusable

private:
    void grow();

    std::vector<std::uint64_t> slot_ = std::vector<std::uint64_t>(16, 0);
    std::vector<std::uint64_t> hash_;  // per code, for growing without hashing the strings again
    std::vector<std::string> key_;     // per code
};
}  // namespace detail

// The rows of a key column grouped once: a dense code per row and the distinct keys in order of first
// appearance (the order of GroupedResult::groups). Keys are trimmed (trim_key) before grouping, so "SR 2 " is
// the group "SR 2"; a key of whitespace only is empty. Distinct keys that differ only in case or whitespace
// throw Error(AmbiguousGroupKeys) naming them and the row where each first appears. Building it hashes every
// key once; aggregating by it afterwards never looks at a string again, so several columns aggregated by the
// same keys (an index and its population) pay for the strings only once. An empty key is no group (code
// kNoGroup): aggregate() skips such a row if it carries no data and rejects it if it does, exactly as with
// string keys.
class GroupIndex {
public:
    static constexpr std::uint32_t kNoGroup = 0xFFFFFFFFu;

    // No default constructor: it would make aggregate({}, {}, ...) ambiguous between keys and an index.
    // Throws InvalidParameter for 2^32 - 1 rows or more (codes are 32 bits to halve their memory traffic),
    // AmbiguousGroupKeys for near-duplicate keys.
    explicit GroupIndex(const std::vector<std::string>& keys);

    std::size_t rows() const noexcept { return code_.size(); }
    std::size_t groups() const noexcept { return key_.size(); }
    const std::vector<std::uint32_t>& codes() const noexcept { return code_; }     // one per row
    const std::vector<std::string>& keys() const noexcept { return key_; }         // one per group
    const std::vector<std::size_t>& members() const noexcept { return members_; }  // rows per group
    std::size_t blank_rows() const noexcept { return blank_; }                     // rows with kNoGroup

private:
    friend class Hierarchy;  // builds an index from ancestor nodes without going through strings
    void count_members();
    std::vector<std::uint32_t> code_;
    std::vector<std::string> key_;
    std::vector<std::size_t> members_;
    std::size_t blank_ = 0;
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
// The same by a prebuilt index (index.rows() entries per column); results, errors and their order are those
// of the string form with the keys the index was built from.
GroupedResult aggregate(const std::vector<double>& values, const GroupIndex& index, AggMethod method,
                        const std::vector<double>& weights = {});

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
    // GroupIndex(map_up(ids, levels_up)) without the intermediate strings: one lookup per id.
    GroupIndex group_up(const std::vector<std::string>& ids, int levels_up) const;

private:
    static constexpr std::uint32_t kRoot = 0xFFFFFFFFu;

    // The ancestor node of a looked-up id (node = node_.find(id)); the checks and messages of ancestor().
    std::uint32_t walk_up(const std::string& id, std::uint32_t node, int levels_up) const;

    // IDs are interned once, so that walking up is integer work and an ID is hashed once per lookup.
    detail::KeyTable node_;              // every child and parent; node_.keys() = the ID of each node
    std::vector<std::uint32_t> parent_;  // per node; kRoot for a node without parent
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
