// Quotas, small-number suppression and densities (methods.md §5, §8.8; domain.md F2, F12, G2, G3).
#include "isp/quota.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/error.hpp"
#include "isp/types.hpp"
#include "test_errors.hpp"

namespace isp {
namespace {

using isp::test::code_of;

const double kInf = std::numeric_limits<double>::infinity();

QuotaOptions opts(double scale, double k, double n) {
    QuotaOptions o;
    o.scale = scale;
    o.min_numerator = k;
    o.min_denominator = n;
    return o;
}

// ---- quota() ------------------------------------------------------------------------------------------

TEST(Quota, PerCentPerMilleAndF2) {
    // F2: 60 / 1100 x 100 = 5.4545 %.
    const QuotaResult q = quota(60, 1100);
    ASSERT_TRUE(q.ok());
    EXPECT_DOUBLE_EQ(q.value, 6000.0 / 1100.0);
    EXPECT_NEAR(q.value, 5.4545, 5e-5);
    EXPECT_DOUBLE_EQ(quota(60, 1100, opts(1000, 3, 0)).value, 60000.0 / 1100.0);  // per mille: 54.545
    EXPECT_DOUBLE_EQ(quota(7, 20000, opts(10000, 3, 0)).value, 3.5);              // per 10,000
    EXPECT_DOUBLE_EQ(quota(30, 20).value, 150.0);  // a numerator above the denominator is allowed
}

TEST(Quota, G2SmallNumbersAreSuppressed) {
    // G2: a count of 2 with k = 3 is suppressed; 3 is shown; 0 is shown (the BA hides 1 and 2 only,
    // methods.md §8.8).
    const QuotaResult two = quota(2, 100);
    EXPECT_EQ(two.reason, Reason::SmallNumber);
    EXPECT_TRUE(std::isnan(two.value));
    EXPECT_EQ(quota(1, 100).reason, Reason::SmallNumber);
    EXPECT_TRUE(quota(3, 100).ok());
    EXPECT_DOUBLE_EQ(quota(3, 100).value, 3.0);
    const QuotaResult zero = quota(0, 100);
    EXPECT_TRUE(zero.ok());
    EXPECT_EQ(zero.value, 0.0);
    // k = 0 switches suppression off.
    EXPECT_DOUBLE_EQ(quota(2, 100, opts(100, 0, 0)).value, 2.0);
    // Minimum denominator (e.g. 300 inhabitants, methods.md §8.8): 50 / 250 is suppressed, 50 / 300 not.
    EXPECT_EQ(quota(50, 250, opts(100, 3, 300)).reason, Reason::SmallNumber);
    EXPECT_DOUBLE_EQ(quota(50, 300, opts(100, 3, 300)).value, 50.0 / 3.0);
}

TEST(Quota, CountsAreWholeNumbers) {
    // Issue 10: 2.5 "cases" were compared with k and published as a quota. A count is a whole number.
    EXPECT_EQ(code_of([] { quota(2.5, 100); }), ErrorCode::NonIntegerCount);
    EXPECT_EQ(code_of([] { quotas({3, 0.4}, {100, 100}); }), ErrorCode::NonIntegerCount);
    EXPECT_EQ(code_of([] { suppress_counts({5, 1.5}, {"A", "A"}, 3); }), ErrorCode::NonIntegerCount);
    EXPECT_EQ(code_of([] { group_quotas({5, 7.25}, {100, 100}, {"A", "B"}); }), ErrorCode::NonIntegerCount);
    try {
        suppress_counts({5, 1.5}, {"A", "A"}, 3);
    } catch (const Error& e) {
        EXPECT_EQ(e.message_de(), "Anzahlen müssen ganze Zahlen sein: Anzahl in Zeile 2: 1.5");
        EXPECT_EQ(std::string(error_id(e.code())), "ISP-E22");
    }
    // A denominator may be fractional (a mean population of two reference dates).
    EXPECT_DOUBLE_EQ(quota(3, 150.5).value, 300.0 / 150.5);
    // Noise of a formula is the whole number Calc shows: 2.9999999999999996 is 3, not secret for k = 3.
    const double three = 0.1 * 3 * 10;  // 3.0000000000000004
    EXPECT_TRUE(quota(three, 100).ok());
    EXPECT_EQ(suppress_counts({2.9999999999999996, 10}, {"A", "A"}, 3).rows[0], Suppression::None);
    EXPECT_EQ(quota(kMissing, 100).reason, Reason::MissingInput);  // missing stays missing
}

TEST(Quota, MissingAndErrors) {
    EXPECT_EQ(quota(kMissing, 100).reason, Reason::MissingInput);
    EXPECT_EQ(quota(5, kMissing).reason, Reason::MissingInput);
    EXPECT_EQ(code_of([] { quota(5, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { quota(0, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { quota(-1, 10); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { quota(1, -10); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { quota(kInf, 10); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { quota(1, kInf); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { quota(1e308, 1e-10); }), ErrorCode::NonFiniteInput);  // overflow, not inf
    EXPECT_EQ(code_of([] { quota(5, 10, opts(0, 3, 0)); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { quota(5, 10, opts(kMissing, 3, 0)); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { quota(5, 10, opts(100, -1, 0)); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { quota(5, 10, opts(100, kMissing, 0)); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { quota(5, 10, opts(100, 3, kInf)); }), ErrorCode::InvalidParameter);
}

// ---- suppress_counts() --------------------------------------------------------------------------------

TEST(SuppressCounts, PrimaryAndSecondaryByHand) {
    // Group A {2, 7, 15, 0}: 2 is primary; without more, 24 - 7 - 15 - 0 = 2 gives it back, so the smallest
    // other non-zero row (7) is secondary. 0 and 15 stay. Total 24 is published: 24 - 15 - 0 = 9 = 2 + 7.
    // Group B {1, 1, 10}: two primaries; 12 - 10 = 2 would mean 1 + 1, so 10 is secondary.
    // Group C {2, 5, 5}: ties -> the first 5.
    // Group D {4, 8}: nothing small.
    const SuppressedCounts s =
        suppress_counts({2, 7, 15, 0, 1, 1, 10, 2, 5, 5, 4, 8},
                        {"A", "A", "A", "A", "B", "B", "B", "C", "C", "C", "D", "D"}, 3);
    using S = Suppression;
    EXPECT_EQ(s.rows, (std::vector<S>{S::Primary, S::Secondary, S::None, S::None, S::Primary, S::Primary,
                                      S::Secondary, S::Primary, S::Secondary, S::None, S::None, S::None}));
    EXPECT_EQ(s.groups, (std::vector<std::string>{"A", "B", "C", "D"}));
    EXPECT_EQ(s.totals, (std::vector<S>{S::None, S::None, S::None, S::None}));
}

TEST(SuppressCounts, GroupTotals) {
    using S = Suppression;
    // {2, 0}: the total 2 is itself < k (primary). {2, 2, 0}: no non-zero row left to hide, and the
    // published total 4 would mean 2 + 2, so the total is hidden (secondary). {0, 0}: nothing to hide.
    const SuppressedCounts s = suppress_counts({2, 0, 2, 2, 0, 0, 0}, {"a", "a", "b", "b", "b", "c", "c"}, 3);
    EXPECT_EQ(s.rows,
              (std::vector<S>{S::Primary, S::None, S::Primary, S::Primary, S::None, S::None, S::None}));
    EXPECT_EQ(s.totals, (std::vector<S>{S::Primary, S::Secondary, S::None}));
}

TEST(SuppressCounts, MissingBlankAndErrors) {
    using S = Suppression;
    // A missing count is never hidden nor chosen as secondary; blank rows are skipped.
    const SuppressedCounts s = suppress_counts({2, kMissing, 9, kMissing}, {"a", "a", "a", ""}, 3);
    EXPECT_EQ(s.rows, (std::vector<S>{S::Primary, S::None, S::Secondary, S::None}));
    EXPECT_EQ(s.totals, std::vector<S>{S::None});  // the total is missing, not published
    EXPECT_EQ(code_of([] { suppress_counts({1, 2}, {"a"}, 3); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { suppress_counts({1, -2}, {"a", "a"}, 3); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { suppress_counts({1, kInf}, {"a", "a"}, 3); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { suppress_counts({1, 2}, {"a", "a"}, kMissing); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { suppress_counts({1, 2}, {"a", ""}, 3); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { suppress_counts({}, {}, 3); }), ErrorCode::EmptyInput);
}

TEST(SuppressCounts, PropertyPublishedTotalsNeverRevealAHiddenValue) {
    // G2 "totals stay consistent", checked as an attacker would: for every group whose total is published,
    // the hidden rows sum to R = total - published rows. A hidden value is pinned down when one row is
    // hidden (it equals R) or when R equals the number m of hidden rows (all are 1, the only non-zero
    // split). Also: every 0 < c < k is hidden, no 0 is hidden, and a group with a hidden primary row has
    // a hidden row >= k or a hidden total (so the hidden sum says nothing about the primary values); a total
    // is hidden as secondary only when no non-zero row was left to hide instead.
    std::mt19937 rng(31337);
    for (int rep = 0; rep < 2000; ++rep) {
        const int n = std::uniform_int_distribution<int>(1, 9)(rng);
        const double k = std::uniform_int_distribution<int>(2, 5)(rng);
        std::vector<double> c(static_cast<std::size_t>(n));
        std::vector<std::string> g(c.size());
        for (std::size_t i = 0; i < c.size(); ++i) {
            // Many small values and zeros, so that suppression happens often.
            c[i] = std::uniform_int_distribution<int>(0, 12)(rng) * (rng() % 3 == 0 ? 1 : 0) +
                   std::uniform_int_distribution<int>(0, 3)(rng);
            g[i] = std::string(1, static_cast<char>('a' + rng() % 3));
        }
        const SuppressedCounts s = suppress_counts(c, g, k);
        std::map<std::string, std::size_t> gi;
        for (std::size_t j = 0; j < s.groups.size(); ++j) gi[s.groups[j]] = j;
        std::vector<double> total(s.groups.size(), 0.0), published(s.groups.size(), 0.0);
        std::vector<int> hidden(s.groups.size(), 0);
        std::vector<bool> primary(s.groups.size(), false), large(s.groups.size(), false);
        std::vector<bool> published_nonzero(s.groups.size(), false);
        for (std::size_t i = 0; i < c.size(); ++i) {
            const std::size_t j = gi.at(g[i]);
            total[j] += c[i];
            ASSERT_EQ(s.rows[i] == Suppression::Primary, c[i] > 0 && c[i] < k) << "row " << i;
            if (s.rows[i] == Suppression::None) {
                published[j] += c[i];
                if (c[i] > 0) published_nonzero[j] = true;
            } else {
                ASSERT_GT(c[i], 0.0);
                ++hidden[j];
                if (s.rows[i] == Suppression::Primary) primary[j] = true;
                if (c[i] >= k) large[j] = true;
            }
        }
        for (std::size_t j = 0; j < s.groups.size(); ++j) {
            if (primary[j]) {
                EXPECT_TRUE(large[j] || s.totals[j] != Suppression::None);
            }
            // Hiding the total is the last resort: only when no non-zero row was left to hide instead.
            if (s.totals[j] == Suppression::Secondary) {
                EXPECT_FALSE(published_nonzero[j]);
            }
            if (s.totals[j] != Suppression::None || hidden[j] == 0) continue;  // total not published
            const double r = total[j] - published[j];
            EXPECT_GE(hidden[j], 2);
            EXPECT_GT(r, hidden[j]) << "the hidden rows would all be 1";
        }
    }
}

// ---- quotas() and group_quotas() ----------------------------------------------------------------------

TEST(Quotas, RowsFollowTheSuppression) {
    // Secondary-hidden rows lose their quota too: quota x denominator would give the count back.
    const std::vector<double> num{2, 7, 15, 0, 4};
    const std::vector<double> den{100, 200, 300, 50, 0};
    const std::vector<std::string> grp{"A", "A", "A", "A", "B"};
    const SuppressedCounts s = suppress_counts(num, grp, 3);
    const Column q = quotas(num, den, QuotaOptions{}, s.rows);
    EXPECT_EQ(q.reason[0], Reason::SmallNumber);
    EXPECT_EQ(q.reason[1], Reason::SmallNumber);  // secondary
    EXPECT_DOUBLE_EQ(q.value[2], 5.0);            // 15 / 300 x 100
    EXPECT_EQ(q.value[3], 0.0);
    EXPECT_EQ(q.reason[4], Reason::Undefined);  // zero denominator: per row, no exception
    // Without flags only the primary rule applies.
    const Column plain = quotas(num, den);
    EXPECT_EQ(plain.reason[0], Reason::SmallNumber);
    EXPECT_DOUBLE_EQ(plain.value[1], 3.5);
    EXPECT_EQ(code_of([&] { quotas(num, {1, 2}); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([&] { quotas(num, den, QuotaOptions{}, {Suppression::None}); }),
              ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { quotas({-1}, {5}); }), ErrorCode::NegativeCount);
}

TEST(GroupQuotas, F2AndSuppressedTotals) {
    // A: 10/100 + 50/1000 -> 60/1100 = 5.4545 % (F2). B: 1/40 + 1/60 -> 2/100, total 2 < 3 suppressed.
    // C: 2/10 + 2/10 + 0/5 -> 4/25 hidden (the total would reveal 2 + 2). D: zero denominators -> Undefined.
    // E: a missing member -> MissingInput.
    const GroupQuotas q =
        group_quotas({10, 50, 1, 1, 2, 2, 0, 5, 5, kMissing}, {100, 1000, 40, 60, 10, 10, 5, 0, 0, 10},
                     {"A", "A", "B", "B", "C", "C", "C", "D", "E", "E"});
    ASSERT_EQ(q.groups, (std::vector<std::string>{"A", "B", "C", "D", "E"}));
    EXPECT_NEAR(q.quota.value[0], 5.4545, 5e-5);
    EXPECT_DOUBLE_EQ(q.numerator.value[0], 60.0);
    EXPECT_DOUBLE_EQ(q.denominator.value[0], 1100.0);
    EXPECT_EQ(q.quota.reason[1], Reason::SmallNumber);
    EXPECT_EQ(q.numerator.reason[1], Reason::SmallNumber);
    EXPECT_DOUBLE_EQ(q.denominator.value[1], 100.0);  // denominators (population) are not secret
    EXPECT_EQ(q.quota.reason[2], Reason::SmallNumber);
    EXPECT_EQ(q.quota.reason[3], Reason::Undefined);
    EXPECT_EQ(q.quota.reason[4], Reason::MissingInput);
    EXPECT_EQ(q.numerator.reason[4], Reason::MissingInput);
    // Minimum denominator on the summed denominator (G3-style, here 1,000).
    const GroupQuotas m = group_quotas({10, 50}, {100, 1000}, {"A", "B"}, opts(100, 3, 1000));
    EXPECT_EQ(m.quota.reason[0], Reason::SmallNumber);
    EXPECT_DOUBLE_EQ(m.quota.value[1], 5.0);
    EXPECT_EQ(code_of([] { group_quotas({1, 2}, {1}, {"a", "a"}); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { group_quotas({kMissing}, {5}, {""}); }), ErrorCode::InvalidParameter);
}

TEST(GroupQuotas, PropertyEqualsRatioOfSumsWhereShown) {
    // Property: every published group quota equals aggregate(Ratio) x scale, and a group quota is hidden
    // exactly when its summed numerator is 0 < N < k or suppress_counts hides the total.
    std::mt19937 rng(2718);
    for (int rep = 0; rep < 200; ++rep) {
        const std::size_t n = 12;
        std::vector<double> num(n), den(n);
        std::vector<std::string> g(n);
        for (std::size_t i = 0; i < n; ++i) {
            den[i] = std::uniform_int_distribution<int>(1, 5000)(rng);
            num[i] = std::uniform_int_distribution<int>(0, 6)(rng);
            g[i] = "SR " + std::to_string(rng() % 4);
        }
        const GroupQuotas q = group_quotas(num, den, g, opts(1000, 3, 0));
        const GroupedResult r = aggregate(num, g, AggMethod::Ratio, den);
        const GroupedResult sums = aggregate(num, g, AggMethod::Sum);
        const SuppressedCounts s = suppress_counts(num, g, 3);
        ASSERT_EQ(q.groups, r.groups);
        for (std::size_t j = 0; j < q.groups.size(); ++j) {
            const double total = sums.value.value[j];
            const bool hide = (total > 0 && total < 3) || s.totals[j] != Suppression::None;
            EXPECT_EQ(q.quota.ok(j), !hide);
            if (q.quota.ok(j)) {
                EXPECT_DOUBLE_EQ(q.quota.value[j], r.value.value[j] * 1000.0);
            }
        }
    }
}

// ---- per_area() ---------------------------------------------------------------------------------------

TEST(PerArea, F12Ostprignitz) {
    // domain.md F12: 98,861 inhabitants / 2,527 km² = 39.1219... -> "39 je km²".
    const QuotaResult d = per_area(98861, 2527);
    ASSERT_TRUE(d.ok());
    EXPECT_NEAR(d.value, 39.12, 0.005);
    char text[32];
    std::snprintf(text, sizeof text, "%.0f je km²", d.value);
    EXPECT_STREQ(text, "39 je km²");
    // Area in hectares, result per km²: 2,527 km² = 252,700 ha, scale 100.
    EXPECT_DOUBLE_EQ(per_area(98861, 252700, 100).value, d.value);
}

TEST(PerArea, MissingAndErrors) {
    EXPECT_EQ(per_area(kMissing, 10).reason, Reason::MissingInput);
    EXPECT_EQ(per_area(10, kMissing).reason, Reason::MissingInput);
    EXPECT_EQ(code_of([] { per_area(10, 0); }), ErrorCode::ZeroDenominator);
    EXPECT_EQ(code_of([] { per_area(10, -1); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { per_area(-10, 1); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { per_area(kInf, 1); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { per_area(1, kInf); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] { per_area(1, 1, 0); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { per_area(1e308, 1e-300); }), ErrorCode::NonFiniteInput);
}

}  // namespace
}  // namespace isp
