// The portable copy's ISP_BELASTUNG in helper cells (addin/plan/portable_index.hpp): references, the layout
// of a block, the forms that are refused. Whether the helper cells compute the add-in's index is checked in
// Calc against the add-in itself (tests/sharing/calc_portable.py: every template and the sample workbook,
// also after a weight change).
#include "portable_index.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pf = isp::portable;

TEST(PortableIndex, ParsesRangesAsCalcWritesThem) {
    auto r = pf::parse_range("C10:S22");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->sheet, "");
    EXPECT_EQ(r->col0, 2);
    EXPECT_EQ(r->row0, 9);
    EXPECT_EQ(r->cols(), 17);
    EXPECT_EQ(r->rows(), 13);
    r = pf::parse_range("$Werte.$H$6:$H$4005");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->sheet, "Werte");
    EXPECT_EQ(r->rows(), 4000);
    r = pf::parse_range("$'2 Bedarf''s'.E52");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->sheet, "2 Bedarf's");
    EXPECT_EQ(r->cols(), 1);
    r = pf::parse_range("$Sozialräume.$F$21:$BI$21");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->sheet, "Sozialräume");
    EXPECT_EQ(r->col1, 60);  // BI
    for (const char* not_a_range : {"Methode", "\"z\"", "1", "{1;2}", "A1+1", "SUM(A1:A3)", "A0", "B2:A1"})
        EXPECT_FALSE(pf::parse_range(not_a_range)) << not_a_range;
    EXPECT_EQ(pf::absolute_cell("Sozialraumanalyse", 27, 9), "$'Sozialraumanalyse'.$AB$10");
}

namespace {

pf::IndexPlace place(int rows) {
    pf::IndexPlace p;
    p.sheet = "SA";
    p.rows = rows;
    p.cols = 1;
    p.helper_sheet = "H";
    p.helper_row = 4;
    p.title = "Titel";
    return p;
}

std::map<std::pair<int, int>, std::string> cells(const pf::IndexTranslation& t) {
    std::map<std::pair<int, int>, std::string> out;
    for (const auto& c : t.helpers) {
        EXPECT_TRUE(out.emplace(std::make_pair(c.row, c.col), c.content).second)
            << "two contents for one cell";
    }
    return out;
}

}  // namespace

// The Fachplan form: 3 areas × 2 indicators, centred on a Landkreis row, method on the Parameter sheet.
// W31
TEST(PortableIndex, FachplanFormStepByStep) {
    const std::vector<std::string> args{
        "C10:D12",          "C7:D7", "C8:D8",  "Methode", "B10:B12", "Mindesteinwohner", "\"z\"",
        "Mindestabdeckung", "1",     "C13:D13"};
    std::vector<std::string> asked;
    const pf::ArgumentValue value = [&](const std::string& e) -> std::optional<std::string> {
        asked.push_back(e);
        return std::string("mean");
    };
    const pf::IndexTranslation t = pf::translate_index(args, place(3), value);
    ASSERT_TRUE(t.ok) << t.reason;
    EXPECT_EQ(asked, std::vector<std::string>{"Methode"});
    const auto c = cells(t);
    EXPECT_EQ(c.at({4, 0}), "Titel");
    // weights, polarities, centre (the Landkreis row), SD over the reference areas' values (rows 12..14)
    EXPECT_EQ(c.at({6, 1}), "=$'SA'.$C$8");
    EXPECT_EQ(c.at({7, 2}), "=IF($'SA'.$D$7<0;-1;1)");
    EXPECT_EQ(c.at({8, 1}), "=$'SA'.$C$13");
    EXPECT_EQ(c.at({9, 1}), "=IF($'H'.$B$7>0;STDEV($'H'.$B$13:$B$15);\"\")");
    // a reference area: population ≥ the minimum (when a minimum > 0 is set)
    EXPECT_EQ(
        c.at({12, 3}),
        "=IF((Mindesteinwohner)>0;IF(ISNUMBER($'SA'.$B$10);IF($'SA'.$B$10>=(Mindesteinwohner);1;0);0);1)");
    EXPECT_EQ(c.at({12, 1}),
              "=IF(ISNUMBER($'SA'.$C$10);IF($'H'.$D$13=1;$'SA'.$C$10;\"\");IF(ISERROR($'SA'.$C$10);$'SA'.$C$"
              "10;\"\"))");
    // z of area 1, indicator 2 (rows of the z block start at 4 + 8 + 3 + 2 = 17)
    EXPECT_EQ(c.at({17, 2}),
              "=IF(AND($'H'.$C$7>0;$'H'.$D$13=1;ISNUMBER(($'SA'.$D$10)));$'H'.$C$8*($'SA'.$D$10-"
              "$'H'.$C$9)/$'H'.$C$10;\"\")");
    // mean of the present z weighted, coverage, SD scaling
    EXPECT_EQ(c.at({17, 6}),
              "=IF($'H'.$D$13<>1;\"\";IF($'H'.$F$18=0;\"\";IF($'H'.$F$18/$'H'.$B$11<(Mindestabdeckung);"
              "\"\";$'H'.$E$18/$'H'.$D$18)))");
    EXPECT_EQ(c.at({17, 8}),
              "=IF(ISNUMBER($'H'.$H$18);IF((1);$'H'.$H$18/STDEV($'H'.$H$18:$H$20);$'H'.$H$18);\"\")");
    ASSERT_EQ(t.results.size(), 3u);
    // the method is fixed at export: a changed method cell shows why instead of a number
    EXPECT_EQ(t.results[0],
              "=IF(Methode=\"mean\";$'H'.$I$18;\"Methode nur in der Arbeitsmappe mit Add-in änderbar\")");
    EXPECT_EQ(t.rows_used, 17);
}

// W31
TEST(PortableIndex, SumAndMssScaleByAllWeights) {
    const pf::ArgumentValue none;
    auto t = pf::translate_index({"A1:B3", "", "", "\"mss\""}, place(3), none);
    ASSERT_TRUE(t.ok) << t.reason;
    auto c = cells(t);
    // no weights given: 1 each; MSS = Σ w z × (Σ w ÷ Σ w present), then ÷ SD of the sums
    EXPECT_EQ(c.at({6, 1}), "=1");
    EXPECT_NE(c.at({17, 6}).find("$'H'.$E$18*(SUMIF($'H'.$B$7:$C$7;\">0\")/$'H'.$D$18)"), std::string::npos);
    EXPECT_EQ(c.at({17, 7}), "=IF(ISNUMBER($'H'.$G$18);$'H'.$G$18/STDEV($'H'.$G$18:$G$20);\"\")");
    EXPECT_EQ(t.results[0], "=$'H'.$I$18");  // a literal method needs no guard
    // no reference row: the centre is the mean of the reference areas
    EXPECT_EQ(c.at({8, 1}), "=IF($'H'.$B$7>0;AVERAGE($'H'.$B$13:$B$15);\"\")");
}

// W31, W33: other forms of ISP_BELASTUNG are frozen.
TEST(PortableIndex, FormsWithoutNativeCounterpartAreRefused) {
    const pf::ArgumentValue none;
    auto reason = [&](const std::vector<std::string>& args, int rows = 3) {
        const auto t = pf::translate_index(args, place(rows), none);
        EXPECT_FALSE(t.ok);
        EXPECT_TRUE(t.helpers.empty());
        return t.reason;
    };
    EXPECT_NE(reason({"A1:B3", "", "", "\"geo\""}).find("geometrischen"), std::string::npos);
    EXPECT_NE(reason({"A1:B3", "", "", "", "", "", "\"minmax\""}).find("Normierung"), std::string::npos);
    EXPECT_NE(reason({"A1:B3", "", "", "", "", "", "", "", "", "", "\"ja\""}).find("Ausreißer"),
              std::string::npos);
    EXPECT_NE(reason({"A1:B3", "", "", "", "", "", "", "", "", "\"gewichtet\""}).find("Bezugspunkt"),
              std::string::npos);
    EXPECT_NE(reason({"A1:B3", "{1;-1}"}).find("Polaritäten"), std::string::npos);
    EXPECT_NE(reason({"A1:B3", "", "", "Methode"}).find("Methode"), std::string::npos);  // cannot be asked
    EXPECT_NE(reason({"A1:B3"}, 4).find("Größe"), std::string::npos);  // 4 result rows, 3 areas
    EXPECT_FALSE(reason({"Matrix"}).empty());
}

namespace isp::portable {
namespace {

// W30
TEST(PortableCrossTable, OneSumifsPerCellWithTheKeysOfItsRowAndColumn) {
    const auto t =
        translate_cross_table({"$Werte.$H$6:$H$9", "$Werte.$C$6:$C$9", "$Indikatoren.$A$6:$A$7",
                               "$Werte.$B$6:$B$9", "$Gebiete.$A$6:$A$8", "$Werte.$A$6:$A$9", "Jahr"},
                              "Summen", 2, 3);
    ASSERT_TRUE(t.ok) << t.reason;
    ASSERT_EQ(t.formulas.size(), 6u);
    const std::string crit =
        "$'Werte'.$C$6:$C$9;\"=\"&$'Indikatoren'.$A$7;$'Werte'.$B$6:$B$9;\"=\"&$'Gebiete'.$A$8;"
        "$'Werte'.$A$6:$A$9;\"=\"&Jahr";
    // Row 2 (second indicator), column 3 (third Gemeinde).
    EXPECT_EQ(t.formulas[5],
              "=IF(OR($'Indikatoren'.$A$7=\"\";$'Gebiete'.$A$8=\"\");\"\";IF(COUNTIFS(" + crit +
                  ";$'Werte'.$H$6:$H$9;\">-1E+307\")=0;\"\";SUMIFS($'Werte'.$H$6:$H$9;" + crit + ")))");
}

TEST(PortableCrossTable, RelativeReferencesBecomeAbsolute) {
    const auto t =
        translate_cross_table({"D2:D9", "C2:C9", "F2:G2", "B2:B9", "H1", "A2:A9", "2024"}, "T", 2, 1);
    ASSERT_TRUE(t.ok) << t.reason;
    EXPECT_EQ(t.formulas[1],
              "=IF(OR($'T'.$G$2=\"\";$'T'.$H$1=\"\");\"\";IF(COUNTIFS($'T'.$C$2:$C$9;\"=\"&$'T'.$G$2;"
              "$'T'.$B$2:$B$9;\"=\"&$'T'.$H$1;$'T'.$A$2:$A$9;\"=\"&2024;$'T'.$D$2:$D$9;\">-1E+307\")=0;"
              "\"\";SUMIFS($'T'.$D$2:$D$9;$'T'.$C$2:$C$9;\"=\"&$'T'.$G$2;$'T'.$B$2:$B$9;\"=\"&$'T'.$H$1;"
              "$'T'.$A$2:$A$9;\"=\"&2024)))");
}

TEST(PortableCrossTable, TheValueForNoDataCanBeANumber) {
    const auto t =
        translate_cross_table({"D2:D9", "C2:C9", "F2:G2", "B2:B9", "H1", "A2:A9", "2024", "0"}, "T", 2, 1);
    ASSERT_TRUE(t.ok) << t.reason;
    EXPECT_NE(t.formulas[0].find(";\">-1E+307\")=0;0;SUMIFS("), std::string::npos) << t.formulas[0];
    // An empty key gives Leer too, as the add-in does (MMULT over the block needs numbers).
    EXPECT_EQ(t.formulas[0].rfind("=IF(OR($'T'.$F$2=\"\";$'T'.$H$1=\"\");0;IF(COUNTIFS(", 0), 0u)
        << t.formulas[0];
}

// W30, W33: ranges and key lists must be plain cell ranges, else frozen.
TEST(PortableCrossTable, KeysThatAreNotRangesOrAnotherShapeAreFrozen) {
    EXPECT_FALSE(
        translate_cross_table({"D2:D9", "C2:C9", "{1;2}", "B2:B9", "H1", "A2:A9", "1"}, "T", 2, 1).ok);
    EXPECT_FALSE(
        translate_cross_table({"D2:D9", "C2:C9", "F2:F3", "B2:B9", "H1", "A2:A9", "1"}, "T", 3, 1).ok);
    const auto t = translate_cross_table({"D2:D9", "C2:C9", "F2:F3", "B2:B9"}, "T", 2, 1);
    EXPECT_FALSE(t.ok);
    EXPECT_NE(t.reason.find("ISP_KREUZTABELLE"), std::string::npos);
}

}  // namespace
}  // namespace isp::portable
