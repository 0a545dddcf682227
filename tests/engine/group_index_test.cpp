// GroupIndex and Hierarchy::group_up (aggregate.hpp): grouping once must give exactly the results of the
// string-keyed calls, and both must give exactly the results of the straightforward algorithm the engine
// used before (a group's rows gathered in row order), bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/statistics/univariate_statistics.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/error.hpp"
#include "isp/types.hpp"

namespace isp {
namespace {

// ---- The reference: the engine's aggregation before GroupIndex, written out plainly -------------------

class RefSum {
public:
    void add(double x) {
        const double t = sum_ + x;
        if (std::fabs(sum_) >= std::fabs(x))
            c_ += (sum_ - t) + x;
        else
            c_ += (x - t) + sum_;
        sum_ = t;
    }
    double value() const { return sum_ + c_; }

private:
    double sum_ = 0.0;
    double c_ = 0.0;
};

// Assumes valid values and weights (the tests below generate no infinities and no negative weights).
GroupedResult reference_aggregate(const std::vector<double>& values, const std::vector<std::string>& keys,
                                  AggMethod method, const std::vector<double>& weights) {
    const bool ratio = method == AggMethod::Ratio;
    std::map<std::string, std::size_t> code;
    GroupedResult out;
    std::vector<std::vector<std::size_t>> rows;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].empty()) {
            if (is_missing(values[i]) && !(ratio && !is_missing(weights[i]))) continue;
            throw Error(ErrorCode::InvalidParameter, "Zeile " + std::to_string(i + 1),
                        "row " + std::to_string(i + 1));
        }
        const auto [it, inserted] = code.emplace(keys[i], out.groups.size());
        if (inserted) {
            out.groups.push_back(keys[i]);
            rows.emplace_back();
        }
        rows[it->second].push_back(i);
    }
    if (out.groups.empty()) throw Error(ErrorCode::EmptyInput, "keine Gruppen", "no groups");
    out.value = Column(out.groups.size());
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::vector<std::size_t>& r = rows[k];
        out.members.push_back(r.size());
        if (method == AggMethod::Sum || ratio) {
            RefSum num, den;
            bool complete = true;
            for (std::size_t i : r) {
                if (is_missing(values[i]) || (ratio && is_missing(weights[i]))) complete = false;
                if (!complete) break;
                num.add(values[i]);
                if (ratio) den.add(weights[i]);
            }
            if (!complete) continue;
            if (!ratio)
                out.value.set(k, num.value());
            else if (den.value() == 0.0)
                out.value.clear(k, Reason::Undefined);
            else
                out.value.set(k, num.value() / den.value());
        } else if (method == AggMethod::WeightedMean) {
            double wmax = 0.0;
            bool any = false;
            for (std::size_t i : r) {
                if (is_missing(values[i]) || is_missing(weights[i])) continue;
                any = true;
                wmax = std::max(wmax, weights[i]);
            }
            if (!any) continue;
            if (wmax == 0.0) {
                out.value.clear(k, Reason::Undefined);
                continue;
            }
            RefSum wsum, mean;
            for (std::size_t i : r)
                if (!is_missing(values[i]) && !is_missing(weights[i])) wsum.add(weights[i] / wmax);
            const double total = wsum.value();
            for (std::size_t i : r)
                if (!is_missing(values[i]) && !is_missing(weights[i]))
                    mean.add(weights[i] / wmax / total * values[i]);
            out.value.set(k, mean.value());
        } else {
            std::vector<double> present;
            for (std::size_t i : r)
                if (!is_missing(values[i])) present.push_back(values[i]);
            if (present.empty()) continue;
            double v = 0.0;
            if (method == AggMethod::Mean)
                v = boost::math::statistics::mean(present);
            else if (method == AggMethod::Median)
                v = boost::math::statistics::median(present);
            else if (method == AggMethod::Min)
                v = *std::min_element(present.begin(), present.end());
            else
                v = *std::max_element(present.begin(), present.end());
            out.value.set(k, v);
        }
    }
    return out;
}

// ---- Helpers --------------------------------------------------------------------------------------------

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void expect_same(const GroupedResult& a, const GroupedResult& b, const std::string& what) {
    EXPECT_EQ(a.groups, b.groups) << what;
    EXPECT_EQ(a.members, b.members) << what;
    EXPECT_EQ(a.value.reason, b.value.reason) << what;
    EXPECT_TRUE(same_bits(a.value.value, b.value.value)) << what;
}

// The result of f, or the error it throws (code and messages), as one comparable text.
template <typename F>
std::string outcome_error(F f, GroupedResult& result) {
    try {
        result = f();
    } catch (const Error& e) {
        return std::to_string(static_cast<int>(e.code())) + "|" + e.message_de() + "|" + e.message_en();
    }
    return "";
}

const AggMethod kMethods[] = {AggMethod::Sum,    AggMethod::Ratio, AggMethod::WeightedMean, AggMethod::Mean,
                              AggMethod::Median, AggMethod::Min,   AggMethod::Max};

bool uses_weights(AggMethod m) {
    return m == AggMethod::Ratio || m == AggMethod::WeightedMean;
}

// Random rows: `n_keys` distinct keys (some names differing only in their ID suffix), optionally sorted (the
// run-length path), empty keys, missing values and weights, zero weights.
struct Rows {
    std::vector<std::string> keys;
    std::vector<double> values, weights;
};

Rows random_rows(std::mt19937& rng, std::size_t n, std::size_t n_keys, double blank_share, bool sorted) {
    Rows r;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = std::uniform_int_distribution<std::size_t>(0, n_keys - 1)(rng);
        // "Hartmannsdorf|G30" and "Hartmannsdorf|SG4.5": one name, different IDs, different groups.
        r.keys.push_back(u(rng) < blank_share
                             ? std::string()
                             : "Hartmannsdorf|" + std::to_string(k % 7) + "." + std::to_string(k / 7));
        r.values.push_back(u(rng) < 0.15 ? kMissing : std::floor(u(rng) * 2000.0) / 8.0 - 50.0);
        const double w = u(rng);
        r.weights.push_back(w < 0.1 ? kMissing : (w < 0.15 ? 0.0 : std::floor(w * 3000.0)));
    }
    if (sorted) std::stable_sort(r.keys.begin(), r.keys.end());
    // A blank key carries no data unless the test wants the error: values and weights missing there.
    for (std::size_t i = 0; i < n; ++i) {
        if (r.keys[i].empty() && u(rng) < 0.9) {
            r.values[i] = kMissing;
            r.weights[i] = kMissing;
        }
    }
    return r;
}

// ---- Tests ----------------------------------------------------------------------------------------------

TEST(GroupIndex, CodesKeysAndMembers) {
    const GroupIndex g({"b", "a", "", "b", "c", "a", "a", ""});
    EXPECT_EQ(g.rows(), 8u);
    EXPECT_EQ(g.groups(), 3u);
    EXPECT_EQ(g.keys(), (std::vector<std::string>{"b", "a", "c"}));  // first appearance
    const std::uint32_t none = GroupIndex::kNoGroup;
    EXPECT_EQ(g.codes(), (std::vector<std::uint32_t>{0, 1, none, 0, 2, 1, 1, none}));
    EXPECT_EQ(g.members(), (std::vector<std::size_t>{2, 3, 1}));
    EXPECT_EQ(g.blank_rows(), 2u);

    const GroupIndex empty(std::vector<std::string>{});
    EXPECT_EQ(empty.rows(), 0u);
    EXPECT_EQ(empty.groups(), 0u);
}

TEST(GroupIndex, ManyDistinctKeysGrowTheTable) {
    // 100,000 distinct keys, each twice (all distinct, then again in reverse): every row gets its key back.
    std::vector<std::string> keys;
    for (int i = 0; i < 100000; ++i) keys.push_back("area " + std::to_string(i * 7919 % 100003));
    for (int i = 99999; i >= 0; --i) keys.push_back(keys[static_cast<std::size_t>(i)]);
    const GroupIndex g(keys);
    ASSERT_EQ(g.groups(), 100000u);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        ASSERT_EQ(g.keys()[g.codes()[i]], keys[i]) << i;
        if (i < 100000) {
            ASSERT_EQ(g.codes()[i], i);
        }
    }
    for (std::size_t m : g.members()) ASSERT_EQ(m, 2u);
}

TEST(GroupIndex, SameResultsAsStringKeysAndTheReference) {
    std::mt19937 rng(20240115);
    struct Shape {
        std::size_t n, n_keys;
        double blank_share;
        bool sorted;
    };
    const Shape shapes[] = {
        {1, 1, 0.0, false},      {7, 1, 0.0, false},        // one group
        {50, 50000, 0.0, false}, {200, 100000, 0.1, true},  // (nearly) all distinct
        {300, 20, 0.05, false},  {300, 20, 0.05, true},     // sorted: the run-length path
        {400, 3, 0.3, false},    {40, 5, 0.9, false},       // many blank rows
        {5, 2, 1.0, false},                                 // only blank rows
    };
    int compared = 0, errors = 0;
    for (const Shape& s : shapes) {
        for (int rep = 0; rep < 20; ++rep) {
            const Rows r = random_rows(rng, s.n, s.n_keys, s.blank_share, s.sorted);
            const GroupIndex index(r.keys);
            for (AggMethod m : kMethods) {
                const std::vector<double> w = uses_weights(m) ? r.weights : std::vector<double>{};
                const std::string what = std::string(agg_method_keyword(m)) + " n=" + std::to_string(s.n) +
                                         " keys=" + std::to_string(s.n_keys) + " rep " + std::to_string(rep);
                GroupedResult by_string, by_index, by_reference;
                const std::string e1 =
                    outcome_error([&] { return aggregate(r.values, r.keys, m, w); }, by_string);
                const std::string e2 =
                    outcome_error([&] { return aggregate(r.values, index, m, w); }, by_index);
                const std::string e3 = outcome_error(
                    [&] { return reference_aggregate(r.values, r.keys, m, r.weights); }, by_reference);
                EXPECT_EQ(e1, e2) << what;
                // The reference names the row, the engine says more: compare the error code and the row.
                EXPECT_EQ(e1.empty(), e3.empty()) << what << ": " << e1 << " / " << e3;
                if (!e1.empty()) {
                    EXPECT_EQ(e1.substr(0, e1.find('|')), e3.substr(0, e3.find('|'))) << what;
                    ++errors;
                    continue;
                }
                expect_same(by_string, by_index, what + " (string vs index)");
                expect_same(by_string, by_reference, what + " (engine vs reference)");
                ++compared;
            }
        }
    }
    // Both kinds of case did occur.
    EXPECT_GT(compared, 500);
    EXPECT_GT(errors, 10);
}

TEST(GroupIndex, ErrorsAsWithStringKeys) {
    // The same error (code and both messages) from keys and from their index.
    const double inf = std::numeric_limits<double>::infinity();
    struct Case {
        std::vector<double> values;
        std::vector<std::string> keys;
        AggMethod method;
        std::vector<double> weights;
        ErrorCode expected;
    };
    const Case cases[] = {
        {{1, 2, 3}, {"a", "a"}, AggMethod::Sum, {}, ErrorCode::DimensionMismatch},
        {{1, 2, 3}, {"a", "a", ""}, AggMethod::Sum, {}, ErrorCode::InvalidParameter},
        {{kMissing, 2}, {"", ""}, AggMethod::Ratio, {1, kMissing}, ErrorCode::InvalidParameter},
        {{kMissing, kMissing}, {"", ""}, AggMethod::Sum, {}, ErrorCode::EmptyInput},
        {{}, {}, AggMethod::Sum, {}, ErrorCode::EmptyInput},
        {{1, inf}, {"a", "b"}, AggMethod::Sum, {}, ErrorCode::NonFiniteInput},
        {{1, 2}, {"a", "b"}, AggMethod::WeightedMean, {1, -1}, ErrorCode::NegativeWeight},
        {{1, 2}, {"a", "b"}, AggMethod::Ratio, {1, -1}, ErrorCode::NegativeCount},
        {{1, 2}, {"a", "b"}, AggMethod::Ratio, {}, ErrorCode::InvalidParameter},
        {{1, 2}, {"a", "b"}, AggMethod::Max, {1, 1}, ErrorCode::InvalidParameter},
        {{1e308, 1e308}, {"a", "a"}, AggMethod::Sum, {}, ErrorCode::NonFiniteInput},
    };
    for (const Case& c : cases) {
        GroupedResult unused;
        const std::string by_string =
            outcome_error([&] { return aggregate(c.values, c.keys, c.method, c.weights); }, unused);
        const std::string by_index = outcome_error(
            [&] { return aggregate(c.values, GroupIndex(c.keys), c.method, c.weights); }, unused);
        EXPECT_EQ(by_string, by_index);
        EXPECT_EQ(by_string.substr(0, by_string.find('|')), std::to_string(static_cast<int>(c.expected)))
            << by_string;
    }
    // The index is reused: several columns, several methods, one grouping.
    const GroupIndex g({"x", "y", "x"});
    EXPECT_EQ(aggregate({1, 2, 3}, g, AggMethod::Sum).value.value, (std::vector<double>{4, 2}));
    EXPECT_EQ(aggregate({5, 6, 7}, g, AggMethod::Max).value.value, (std::vector<double>{7, 6}));
    EXPECT_EQ(aggregate({5, 6, 7}, g, AggMethod::Ratio, {1, 2, 1}).value.value, (std::vector<double>{6, 3}));
}

// A small hierarchy: areas a0..a59 -> districts d0..d11 -> regions r0..r2 -> "top"; names repeat across IDs
// in the keys' text only ("Mitte|..."), the IDs are distinct.
Hierarchy test_hierarchy(std::vector<std::string>& areas) {
    Hierarchy h;
    for (int r = 0; r < 3; ++r) h.add("r" + std::to_string(r), "top");
    for (int d = 0; d < 12; ++d) h.add("Mitte|d" + std::to_string(d), "r" + std::to_string(d % 3));
    for (int a = 0; a < 60; ++a) {
        areas.push_back("Mitte|a" + std::to_string(a));
        h.add(areas.back(), "Mitte|d" + std::to_string((a * 5) % 12));
    }
    return h;
}

TEST(HierarchyGroupUp, SameAsGroupIndexOfMapUp) {
    std::vector<std::string> areas;
    const Hierarchy h = test_hierarchy(areas);
    std::mt19937 rng(7);
    for (int rep = 0; rep < 50; ++rep) {
        std::vector<std::string> ids;
        const std::size_t n = std::uniform_int_distribution<std::size_t>(0, 150)(rng);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = std::uniform_int_distribution<std::size_t>(0, areas.size())(rng);
            ids.push_back(k == areas.size() ? std::string() : areas[k]);  // some blank IDs
        }
        if (rep % 3 == 0) std::sort(ids.begin(), ids.end());
        for (int levels = 0; levels <= 3; ++levels) {
            const GroupIndex direct = h.group_up(ids, levels);
            const GroupIndex via_strings(h.map_up(ids, levels));
            EXPECT_EQ(direct.keys(), via_strings.keys());
            EXPECT_EQ(direct.codes(), via_strings.codes());
            EXPECT_EQ(direct.members(), via_strings.members());
            EXPECT_EQ(direct.blank_rows(), via_strings.blank_rows());
        }
    }
    // Level 2 of the aggregation, as the pipeline does it: group values per district, then per region.
    std::vector<double> pop;
    for (std::size_t i = 0; i < areas.size(); ++i) pop.push_back(static_cast<double>(100 + 37 * i));
    const GroupedResult districts = aggregate(pop, h.group_up(areas, 1), AggMethod::Sum);
    expect_same(aggregate(districts.value.value, h.group_up(districts.groups, 1), AggMethod::Sum),
                aggregate(districts.value.value, h.map_up(districts.groups, 1), AggMethod::Sum), "level 2");
}

TEST(HierarchyGroupUp, ErrorsAsMapUp) {
    std::vector<std::string> areas;
    const Hierarchy h = test_hierarchy(areas);
    const auto code = [](auto f) {
        try {
            f();
        } catch (const Error& e) {
            return e.code();
        }
        ADD_FAILURE() << "no error";
        return ErrorCode::InvalidPolarity;
    };
    EXPECT_EQ(code([&] { h.group_up({areas[0], "nowhere"}, 1); }), ErrorCode::UnknownArea);
    EXPECT_EQ(code([&] { h.group_up({areas[0]}, 4); }), ErrorCode::InvalidHierarchy);
    EXPECT_EQ(code([&] { h.group_up({areas[0]}, -1); }), ErrorCode::InvalidParameter);
    // As map_up: only IDs are checked, so blank IDs alone pass even with a bad level.
    EXPECT_EQ(h.group_up({"", ""}, -1).blank_rows(), 2u);
    EXPECT_EQ(h.map_up({"", ""}, -1), (std::vector<std::string>{"", ""}));
}

TEST(HierarchyGroupUp, HomonymsStayApartById) {
    // Two areas with the same name but different IDs lie in different districts.
    Hierarchy h;
    h.add("G30", "SR 13");
    h.add("SG4.5", "SG4");
    h.add("SG4", "SR 1");
    const GroupIndex g = h.group_up({"G30", "SG4.5", "G30"}, 1);
    EXPECT_EQ(g.keys(), (std::vector<std::string>{"SR 13", "SG4"}));
    EXPECT_EQ(g.members(), (std::vector<std::size_t>{2, 1}));
}

}  // namespace
}  // namespace isp
