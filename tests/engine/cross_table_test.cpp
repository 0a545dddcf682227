// cross_table (isp/cross_table.hpp): sums per row and column key in one pass. Expected values are hand sums
// of the rows listed in each comment.
#include "isp/cross_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "isp/error.hpp"
#include "isp/types.hpp"

namespace isp {
namespace {

std::vector<std::string> keys(std::initializer_list<const char*> texts) {
    std::vector<std::string> out;
    for (const char* t : texts) out.push_back(cross_key(std::string_view(t)));
    return out;
}

CrossTableInput sample() {
    CrossTableInput in;
    // row:          0     1     2         3     4     5     6
    in.values = {10.0, 20.0, kMissing, 5.0, 1.5, 7.0, 100.0};
    in.row_of = keys({"1", "1", "1", "2", "2", "1", "3"});                             // indicator
    in.column_of = keys({"A", "B", "A", "A", "A", "A", "A"});                          // area
    in.condition_of = keys({"2024", "2024", "2024", "2024", "2024", "2023", "2024"});  // year
    in.condition = cross_key(std::string_view("2024"));
    in.wanted_rows = keys({"1", "2", "4"});
    in.wanted_columns = keys({"A", "B"});
    return in;
}

TEST(CrossTable, SumsPerRowAndColumnKeyUnderTheCondition) {
    const CrossTable t = cross_table(sample());
    ASSERT_EQ(t.rows, 3u);
    ASSERT_EQ(t.cols, 2u);
    EXPECT_EQ(t.sums[0], 10.0);          // (1, A): rows 0 and 2 (missing); row 5 is 2023
    EXPECT_EQ(t.sums[1], 20.0);          // (1, B): row 1
    EXPECT_EQ(t.sums[2], 6.5);           // (2, A): rows 3 + 4 = 5 + 1.5
    EXPECT_TRUE(is_missing(t.sums[3]));  // (2, B): no row
    EXPECT_TRUE(is_missing(t.sums[4]));  // (4, A): no row (indicator 3 is not wanted)
    EXPECT_TRUE(is_missing(t.sums[5]));
    EXPECT_EQ(t.cell_of_row[2], 0u);  // the missing value belongs to (1, A)
    EXPECT_EQ(t.cell_of_row[5], kNoCell);
    EXPECT_EQ(t.cell_of_row[6], kNoCell);
}

TEST(CrossTable, WithoutColumnsOneColumnWithoutConditionAllRows) {
    CrossTableInput in = sample();
    in.column_of.clear();
    in.wanted_columns.clear();
    in.condition_of.clear();
    const CrossTable t = cross_table(in);
    ASSERT_EQ(t.cols, 1u);
    EXPECT_EQ(t.sums[0], 37.0);  // indicator 1: 10 + 20 + 7 (rows 0, 1, 5)
    EXPECT_EQ(t.sums[1], 6.5);
    EXPECT_TRUE(is_missing(t.sums[2]));
}

TEST(CrossTable, OnlyMissingValuesGiveMissingNotZero) {
    CrossTableInput in;
    in.values = {kMissing, kMissing};
    in.row_of = keys({"1", "1"});
    in.wanted_rows = keys({"1"});
    EXPECT_TRUE(is_missing(cross_table(in).sums[0]));
    in.values = {2.0, -2.0};  // a true zero sum stays 0
    EXPECT_EQ(cross_table(in).sums[0], 0.0);
}

TEST(CrossTable, KeysCompareTrimmedAndCaseInsensitiveLikeMatch) {
    CrossTableInput in;
    in.values = {1.0, 2.0, 4.0, 8.0};
    in.row_of = keys({" sr 1", "SR 1 ", "SR1", "\xC3\xA4rzte"});  // "ärzte"
    in.wanted_rows = keys({"Sr 1", "SR1", "\xC3\x84RZTE", ""});   // "ÄRZTE", an empty key
    const CrossTable t = cross_table(in);
    EXPECT_EQ(t.sums[0], 3.0);  // rows 0 + 1: inner space kept
    EXPECT_EQ(t.sums[1], 4.0);
    EXPECT_EQ(t.sums[2], 8.0);
    EXPECT_TRUE(is_missing(t.sums[3]));
    EXPECT_EQ(lookup_key(" \xC3\x96L \xC3\x97 "), "\xC3\xB6l \xC3\x97");  // Ö -> ö, × stays
}

TEST(CrossTable, ANumberEqualsOnlyTheSameNumberAsMatchCompares) {
    CrossTableInput in;
    in.values = {1.0, 2.0, 4.0};
    in.row_of = {cross_key(5.0), cross_key(std::string_view("5")), cross_key(-0.0)};
    in.wanted_rows = {cross_key(5.0), cross_key(std::string_view(" 5 ")), cross_key(0.0)};
    const CrossTable t = cross_table(in);
    EXPECT_EQ(t.sums[0], 1.0);                         // the number 5 only
    EXPECT_EQ(t.sums[1], 2.0);                         // the text "5" only
    EXPECT_EQ(t.sums[2], 4.0);                         // -0 is 0
    EXPECT_EQ(cross_key(std::string_view("  ")), "");  // blank: no key
}

TEST(CrossTable, AWantedKeyListedTwiceGetsTheSameSums) {
    CrossTableInput in = sample();
    in.wanted_rows = keys({"2", "1", "2"});
    in.wanted_columns = keys({"A", "A"});
    const CrossTable t = cross_table(in);
    EXPECT_EQ(t.sums[0], 6.5);
    EXPECT_EQ(t.sums[1], 6.5);
    EXPECT_EQ(t.sums[2], 10.0);
    EXPECT_EQ(t.sums[3], 10.0);
    EXPECT_EQ(t.sums[4], 6.5);
    EXPECT_EQ(t.sums[5], 6.5);
}

TEST(CrossTable, SizesMustAgreeAndInfinityIsRefused) {
    CrossTableInput in = sample();
    in.row_of.pop_back();
    try {
        cross_table(in);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::DimensionMismatch);
        EXPECT_NE(e.message_de().find("7 Werte, 6 Zeilenmerkmale"), std::string::npos) << e.message_de();
    }
    in = sample();
    in.values[1] = 1.0 / 0.0;
    EXPECT_THROW(cross_table(in), Error);
}

}  // namespace
}  // namespace isp
