// Group keys (aggregate.hpp): "SR 2 " is "SR 2" with a typing slip (trimmed), while "SR 1", "SR1" and "sr 1"
// are refused with a message naming them (issue 10: they used to become separate groups without a word).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/error.hpp"
#include "isp/quota.hpp"
#include "isp/types.hpp"
#include "test_errors.hpp"

namespace isp {
namespace {

using isp::test::message_de;

TEST(GroupKeys, TrimRemovesWhitespaceAtBothEndsOnly) {
    EXPECT_EQ(trim_key("SR 2"), "SR 2");
    EXPECT_EQ(trim_key(" SR 2 "), "SR 2");
    EXPECT_EQ(trim_key("\tSR 2\r\n"), "SR 2");
    EXPECT_EQ(trim_key("\xC2\xA0SR 2\xC2\xA0"), "SR 2");    // no-break spaces (pasted from the web)
    EXPECT_EQ(trim_key("SR 2\xE2\x80\xAF"), "SR 2");        // narrow no-break space
    EXPECT_EQ(trim_key("   "), "");                         // only spaces: no key
    EXPECT_EQ(trim_key("\xC3\x84rzte "), "\xC3\x84rzte");   // Ä at the start is a letter
    EXPECT_EQ(trim_key("Zone \xC3\xA0"), "Zone \xC3\xA0");  // à (C3 A0) ends in the byte A0 of NBSP
    EXPECT_EQ(trim_key(""), "");
}

TEST(GroupKeys, FoldIgnoresCaseAndEveryWhitespace) {
    EXPECT_EQ(fold_key("SR 1"), "sr1");
    EXPECT_EQ(fold_key("SR1"), "sr1");
    EXPECT_EQ(fold_key("sr 1"), "sr1");
    EXPECT_EQ(fold_key(" Sr\t1\xC2\xA0"), "sr1");
    EXPECT_EQ(fold_key("\xC3\x84RZTE"), "\xC3\xA4rzte");  // ÄRZTE -> ärzte
    EXPECT_EQ(fold_key("STRA\xE1\xBA\x9E"
                       "E"),
              "stra\xC3\x9F"
              "e");  // capital ẞ -> ß
    EXPECT_EQ(fold_key("2\xC3\x97"
                       "3"),
              "2\xC3\x97"
              "3");                                 // × is not a capital letter
    EXPECT_NE(fold_key("SR-1"), fold_key("SR 1"));  // only case and whitespace fold
}

TEST(GroupKeys, TrailingSpaceIsTheSameGroup) {
    // Before: three groups "SR 1", "SR 2 ", "SR 2" and the sum of "SR 2" was 3 instead of 5.
    const GroupedResult r = aggregate({1, 2, 3}, {"SR 1", "SR 2 ", " SR 2"}, AggMethod::Sum);
    EXPECT_EQ(r.groups, (std::vector<std::string>{"SR 1", "SR 2"}));
    EXPECT_EQ(r.value.value[1], 5.0);
    EXPECT_EQ(r.members, (std::vector<std::size_t>{1, 2}));
}

TEST(GroupKeys, WhitespaceOnlyKeyIsNoGroup) {
    EXPECT_EQ(aggregate({1, kMissing}, {"A", "  "}, AggMethod::Sum).groups, (std::vector<std::string>{"A"}));
    const std::string m = message_de(
        [] {
            aggregate({1, 2}, {"A", "  "}, AggMethod::Sum);
        },
        ErrorCode::InvalidParameter);
    EXPECT_NE(m.find("Zeile 2 hat einen Wert, aber keine Gruppe"), std::string::npos) << m;
}

TEST(GroupKeys, NearDuplicatesAreRefusedWithTheirNamesAndRows) {
    // Before: four groups, each "Sozialraum 1" variant summed apart.
    const std::vector<std::string> groups{"SR 1", "SR 2", "SR1", "SR 2 ", "sr 1"};
    const std::string m = message_de(
        [&] {
            aggregate({1, 2, 3, 4, 5}, groups, AggMethod::Sum);
        },
        ErrorCode::AmbiguousGroupKeys);
    EXPECT_EQ(
        m,
        "Gruppen unterscheiden sich nur in Groß-/Kleinschreibung oder Leerzeichen: „SR 1“, „SR1“ und "
        "„sr 1“ (Zeile 1, 3, 5) wären verschiedene Gruppen. Bitte einheitlich schreiben (Leerzeichen am "
        "Anfang und Ende zählen nicht)");
    EXPECT_EQ(std::string(error_id(ErrorCode::AmbiguousGroupKeys)), "ISP-E21");
    EXPECT_THROW(GroupIndex({"Mitte", "MITTE"}), Error);
    EXPECT_THROW(GroupIndex({"\xC3\x84rzte", "\xC3\xA4rzte"}), Error);  // Ärzte / ärzte
    EXPECT_NO_THROW(GroupIndex({"SR 1", "SR 11", "SR-1"}));
    EXPECT_NO_THROW(require_distinct_keys({"a", "b"}));
    EXPECT_THROW(require_distinct_keys({"a b", "ab"}), Error);
}

TEST(GroupKeys, EveryGroupingFunctionRefusesNearDuplicates) {
    const std::vector<std::string> groups{"SR 1", "sr 1"};
    EXPECT_EQ(message_de(
                  [&] {
                      suppress_counts({5, 6}, groups, 3);
                  },
                  ErrorCode::AmbiguousGroupKeys)
                  .empty(),
              false);
    EXPECT_EQ(message_de(
                  [&] {
                      group_quotas({5, 6}, {50, 60}, groups);
                  },
                  ErrorCode::AmbiguousGroupKeys)
                  .empty(),
              false);
    EXPECT_EQ(message_de(
                  [&] {
                      class_population_shares({0, 1}, {10, 20}, groups, 2);
                  },
                  ErrorCode::AmbiguousGroupKeys)
                  .empty(),
              false);
}

TEST(GroupKeys, SuppressionAndGroupQuotasTrimLikeAggregate) {
    // suppress_counts looked its groups up untrimmed; every grouping function now sees the same groups.
    const SuppressedCounts s = suppress_counts({2, 10, 7}, {"A ", "A", "B"}, 3);
    EXPECT_EQ(s.groups, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(s.rows[0], Suppression::Primary);
    EXPECT_EQ(s.rows[1], Suppression::Secondary);
    const GroupQuotas q = group_quotas({10, 50}, {100, 1000}, {"A", " A"});
    ASSERT_EQ(q.groups, (std::vector<std::string>{"A"}));
    EXPECT_DOUBLE_EQ(q.quota.value[0], 60.0 / 1100.0 * 100.0);
}

TEST(GroupKeys, LocateTrimsAndPointsToTheNearDuplicate) {
    const std::vector<std::string> groups{"SR 1", "SR 2"};
    EXPECT_EQ(locate_groups(groups, {"SR 2", " SR 1 ", ""}), (std::vector<std::size_t>{1, 0, kNotFound}));
    const std::string m = message_de([&] { locate_groups(groups, {"sr2"}); }, ErrorCode::UnknownArea);
    EXPECT_EQ(m,
              "Unbekanntes Gebiet: die Gruppe „sr2“ kommt in den Gruppen nicht vor; gemeint ist wohl „SR 2“ "
              "(Groß-/Kleinschreibung und Leerzeichen zählen)");
    const std::string plain = message_de([&] { locate_groups(groups, {"SR 3"}); }, ErrorCode::UnknownArea);
    EXPECT_EQ(plain, "Unbekanntes Gebiet: die Gruppe „SR 3“ kommt in den Gruppen nicht vor");
}

}  // namespace
}  // namespace isp
