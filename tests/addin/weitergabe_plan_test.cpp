// The Weitergabe rules (docs/weitergabe.md) on hand-built workbook descriptions: every expected deletion,
// blank and suppression is written out here. Area structure of the small example (as in
// tests/sharing/calc_rules.py):
//   G1 Alpha (SR 1, PR A), G2 Beta (SR 2, PR B), G3 Gamma (SR 3, PR B), G4 Delta (SR 2, PR B).
#include "weitergabe_plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <ostream>
#include <string>

namespace wg = isp::weitergabe;
using wg::KeyClass;
using wg::Role;

namespace {

wg::Structure structure() {
    return wg::make_structure({{"G1", "Alpha", "1", "A"},
                               {"G2", "Beta", "2", "B"},
                               {"G3", "Gamma", "3", "B"},
                               {"G4", "Delta", "2", "B"}},
                              {});
}

wg::Range range(int sheet, int c0, int r0, int c1, int r1) {
    return wg::Range{sheet, c0, r0, c1, r1};
}

// A sheet whose key column A holds `keys` from row 0 on; every non-empty key line holds a number.
wg::Block rows_block(const std::string& name, int sheet, int first, int last,
                     const std::vector<std::string>& keys, int col1 = 0) {
    wg::Block b;
    b.name = name;
    b.rows = true;
    b.range = range(sheet, 0, first, col1, last);
    for (const auto& k : keys) b.lines.push_back({k, !k.empty(), !k.empty(), !k.empty()});
    return b;
}

wg::Workbook two_sheets() {
    wg::Workbook wb;
    wb.structure = structure();
    wb.sheets = {{"Daten", true, 5, 9, {}, {}}, {"Allgemein", true, 3, 3, {}, {}}};
    wb.descriptions = {{"ISP_WG_ZEILEN_Daten", Role::Zeilen, range(0, 0, 1, 0, 8)},
                       {"ISP_WG_ALLGEMEIN_A", Role::Allgemein, range(1, 0, 0, 0, 0)}};
    return wb;
}

bool has_op(const wg::Plan& p, wg::DeleteOp::Kind kind, const wg::Range& r) {
    for (const auto& op : p.deletions)
        if (op.kind == kind && op.range.sheet == r.sheet && op.range.col0 == r.col0 &&
            op.range.col1 == r.col1 && op.range.row0 == r.row0 && op.range.row1 == r.row1)
            return true;
    return false;
}

std::string notes(const wg::Plan& p) {
    std::string all;
    for (const auto& n : p.notes) all += n + "\n";
    return all;
}

}  // namespace

// ---- roles and keys
// ----------------------------------------------------------------------------------------

TEST(WeitergabeRoles, OneSpellingPerRoleAndNamesParse) {
    EXPECT_EQ(wg::roles().size(), 10u);
    EXPECT_EQ(wg::role_of_name("ISP_WG_ZEILEN_Werte"), Role::Zeilen);
    EXPECT_EQ(wg::role_of_name("isp_wg_spalten_x_2"), Role::Spalten);
    EXPECT_EQ(wg::role_of_name("ISP_WG_GEBIETE"), Role::Gebiete);
    EXPECT_EQ(wg::role_of_name("ISP_WG_ZEILE_Werte"), std::nullopt);
    EXPECT_EQ(wg::role_of_name("Werte"), std::nullopt);
}

struct KeyCase {
    const char* rule;  // docs/weitergabe.md, "Keys"
    const char* key;
    const char* sr;
    KeyClass expected;
};

// Printed into the test names that ctest discovers: stable across builds (the default prints the bytes).
void PrintTo(const KeyCase& c, std::ostream* os) {
    *os << c.rule << " \"" << c.key << "\" for SR " << c.sr;
}

class WeitergabeKeys : public ::testing::TestWithParam<KeyCase> {};

TEST_P(WeitergabeKeys, Classify) {
    const auto& c = GetParam();
    EXPECT_EQ(wg::classify_key(c.key, c.sr, structure()), c.expected)
        << c.rule << ": " << c.key << " for SR " << c.sr;
}

// Rules W1-W5: empty, the whole Landkreis (and its parts, which are not), spelled levels, bare IDs, unknown.
INSTANTIATE_TEST_SUITE_P(
    Rules, WeitergabeKeys,
    ::testing::Values(
        KeyCase{"W1", "", "1", KeyClass::Neutral}, KeyCase{"W1", "  ", "1", KeyClass::Neutral},
        KeyCase{"W2", "Landkreis", "1", KeyClass::Landkreis},
        KeyCase{"W2", "LANDKREIS", "1", KeyClass::Landkreis},
        KeyCase{"W2", "Summe", "1", KeyClass::Landkreis},
        KeyCase{"W2", "Insgesamt", "1", KeyClass::Landkreis},
        KeyCase{"W2", "Gesamt", "1", KeyClass::Landkreis}, KeyCase{"W2", "Kreis", "1", KeyClass::Landkreis},
        KeyCase{"W2", "Landkreis U3", "1", KeyClass::Landkreis},
        KeyCase{"W2", "Landkreis insgesamt", "1", KeyClass::Landkreis},
        KeyCase{"W2", "Landkreis Vorjahr", "1", KeyClass::Landkreis},
        KeyCase{"W2", "Landkreis Süd (PR V)", "1", KeyClass::Unknown},
        KeyCase{"W2", "Landkreis PR B", "2", KeyClass::Unknown},
        KeyCase{"W2", "Landkreis ohne Beta", "1", KeyClass::Unknown},
        KeyCase{"W2", "Landkreis Alpha", "2", KeyClass::Unknown},
        KeyCase{"W2", "Landkreis G3", "2", KeyClass::Unknown},
        KeyCase{"W2", "Landkreis Nord", "1", KeyClass::Unknown},
        KeyCase{"W2", "Landkreis SR 2", "1", KeyClass::Unknown}, KeyCase{"W3", "SR 1", "1", KeyClass::Own},
        KeyCase{"W3", "Sozialraum 1", "1", KeyClass::Own}, KeyCase{"W3", "SR 2", "1", KeyClass::Other},
        // A Planungsraum of the recipient alone equals it; a mixed one reveals the others (PR − own).
        KeyCase{"W3", "PR A", "1", KeyClass::Own}, KeyCase{"W3", "PR B", "2", KeyClass::Other},
        KeyCase{"W3", "Planungsraum B", "3", KeyClass::Other}, KeyCase{"W3", "PR A", "2", KeyClass::Other},
        // A spelled level names only that level: "SR G1" is no Gemeinde, "PR 1" no Sozialraum.
        KeyCase{"W3", "SR G1", "1", KeyClass::Unknown}, KeyCase{"W3", "PR 1", "1", KeyClass::Unknown},
        KeyCase{"W4", "1", "1", KeyClass::Own}, KeyCase{"W4", "2", "1", KeyClass::Other},
        KeyCase{"W4", "G1", "1", KeyClass::Own}, KeyCase{"W4", "G2", "1", KeyClass::Other},
        KeyCase{"W4", "G4", "2", KeyClass::Own}, KeyCase{"W4", " G4 ", "2", KeyClass::Own},
        KeyCase{"W4", "A", "1", KeyClass::Own}, KeyCase{"W4", "B", "3", KeyClass::Other},
        KeyCase{"W5", "Mond", "1", KeyClass::Unknown}, KeyCase{"W5", "SR 9", "1", KeyClass::Unknown},
        KeyCase{"W5", "G9", "1", KeyClass::Unknown}, KeyCase{"W5", "Alpha", "1", KeyClass::Unknown}));

// Rule W4's order: a Gemeinde-ID wins over a Sozialraum-ID, which wins over a Planungsraum-ID of the same
// spelling (IDs are numbers in the sample data, so they can collide).
struct OrderCase {
    const char* key;
    const char* sr;
    KeyClass expected;
    const char* why;
};

class WeitergabeKeyOrder : public ::testing::TestWithParam<OrderCase> {};

void PrintTo(const OrderCase& c, std::ostream* os) {
    *os << "W4 \"" << c.key << "\" for SR " << c.sr;
}

TEST_P(WeitergabeKeyOrder, GemeindeThenSozialraumThenPlanungsraum) {
    // Gemeinde 7 lies in Sozialraum 8; Sozialraum 7 is another one; Planungsraum 8 holds Sozialraum 7 alone.
    const auto s = wg::make_structure({{"7", "Sieben", "8", "9"}, {"70", "Siebzig", "7", "8"}}, {});
    const auto& c = GetParam();
    EXPECT_EQ(wg::classify_key(c.key, c.sr, s), c.expected) << "W4: " << c.why;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, WeitergabeKeyOrder,
    ::testing::Values(OrderCase{"7", "8", KeyClass::Own, "7 is Gemeinde 7 of SR 8, not SR 7"},
                      OrderCase{"7", "7", KeyClass::Other, "7 is Gemeinde 7 of SR 8, not SR 7"},
                      OrderCase{"8", "8", KeyClass::Own, "8 is SR 8, not PR 8"},
                      OrderCase{"8", "7", KeyClass::Other, "8 is SR 8, not PR 8 (= SR 7 alone)"},
                      OrderCase{"PR 8", "7", KeyClass::Own, "spelled: PR 8 is SR 7 alone"},
                      OrderCase{"SR 7", "7", KeyClass::Own, "spelled: SR 7, not Gemeinde 7"}));

TEST(WeitergabeKeys, AreaSpellings) {
    EXPECT_EQ(wg::area_id_of("SR 3"), "3");
    EXPECT_EQ(wg::area_id_of(" Sozialraum 12 "), "12");
    EXPECT_EQ(wg::area_id_of("4"), "4");
}

TEST(WeitergabeStructure, SozialraeumeDerivedFromGemeindenInOrder) {
    const auto s = structure();
    ASSERT_EQ(s.sozialraeume.size(), 3u);
    EXPECT_EQ(s.sozialraeume[1].id, "2");
    EXPECT_EQ(s.sozialraeume[1].name, "Beta, Delta");
    EXPECT_EQ(s.pr_members.at("B"), (std::set<std::string>{"2", "3"}));
}

// ---- sheets
// -------------------------------------------------------------------------------------------------

// W9, W17: hidden, undescribed and INTERN sheets go, each with its German reason for the notes sheet.
TEST(WeitergabePlanSheets, HiddenUndescribedAndInternalSheetsGo) {
    wg::Workbook wb = two_sheets();
    wb.sheets.push_back({"Geheim", true, 0, 0, {}, {}});
    wb.sheets.push_back({"Versteckt", false, 0, 0, {}, {}});
    wb.sheets.push_back({"Rechenweg", true, 0, 0, {}, {}});
    wb.descriptions.push_back({"ISP_WG_ALLGEMEIN_V", Role::Allgemein, range(3, 0, 0, 0, 0)});
    wb.descriptions.push_back({"ISP_WG_INTERN_R", Role::Intern, range(4, 0, 0, 0, 0)});
    wb.blocks.push_back(rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 8, {"Gebiet", "SR 1", "Landkreis"}));
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.removed_sheets.size(), 3u);
    EXPECT_EQ(p.removed_sheets[0].sheet, 2);
    EXPECT_NE(p.removed_sheets[0].reason.find("nicht für die Weitergabe beschrieben"), std::string::npos);
    EXPECT_EQ(p.removed_sheets[1].sheet, 3);
    EXPECT_NE(p.removed_sheets[1].reason.find("ausgeblendet"), std::string::npos);
    EXPECT_EQ(p.removed_sheets[2].sheet, 4);
    EXPECT_NE(p.removed_sheets[2].reason.find("intern"), std::string::npos);
}

// W18: the public copy keeps only OEFFENTLICH sheets and suppresses nothing (it carries no values).
TEST(WeitergabePlanSheets, PublicVariantKeepsOnlyPublicSheets) {
    wg::Workbook wb = two_sheets();
    wb.sheets.push_back({"Monitor", true, 3, 3, {}, {}});
    wb.descriptions.push_back({"ISP_WG_OEFFENTLICH_M", Role::Oeffentlich, range(2, 0, 0, 0, 0)});
    const auto p = wg::make_plan(wb, wg::Variant::Oeffentlich, "");
    ASSERT_EQ(p.removed_sheets.size(), 2u);
    EXPECT_EQ(p.removed_sheets[0].sheet, 0);
    EXPECT_EQ(p.removed_sheets[1].sheet, 1);
    EXPECT_TRUE(p.suppress.empty());
}

// W19: the values-only copy keeps every sheet (also hidden ones) and every cell.
TEST(WeitergabePlanSheets, ValuesOnlyPlanKeepsEverything) {
    wg::Workbook wb = two_sheets();
    wb.sheets[1].visible = false;
    const auto p = wg::make_plan(wb, wg::Variant::Werte, "");
    EXPECT_TRUE(p.removed_sheets.empty());
    EXPECT_TRUE(p.deletions.empty());
}

// W9, W18: which sheets a variant removes, by the roles that describe the sheet. INTERN wins over OEFFENTLICH
// over ALLGEMEIN over area blocks; a hidden sheet goes whatever describes it.
struct SheetCase {
    const char* rule;
    std::vector<Role> roles;
    bool visible;
    bool removed_per_area;
    bool removed_public;
};

void PrintTo(const SheetCase& c, std::ostream* os) {
    *os << c.rule << " roles";
    for (auto r : c.roles) *os << ' ' << static_cast<int>(r);
    *os << (c.visible ? " visible" : " hidden");
}

class WeitergabeSheetRules : public ::testing::TestWithParam<SheetCase> {};

TEST_P(WeitergabeSheetRules, RemovedOrKept) {
    const auto& c = GetParam();
    std::vector<wg::SheetInfo> sheets = {{"Blatt", c.visible, 3, 3, {}, {}}};
    std::vector<wg::Description> descs;
    for (auto r : c.roles) descs.push_back({"ISP_WG_X", r, range(0, 0, 0, 0, 0)});
    EXPECT_EQ(wg::removed_sheets(sheets, descs, wg::Variant::Sozialraum).size(), c.removed_per_area ? 1u : 0u)
        << c.rule;
    EXPECT_EQ(wg::removed_sheets(sheets, descs, wg::Variant::Oeffentlich).size(), c.removed_public ? 1u : 0u)
        << c.rule;
    EXPECT_TRUE(wg::removed_sheets(sheets, descs, wg::Variant::Werte).empty()) << "W19";
}

INSTANTIATE_TEST_SUITE_P(
    Rules, WeitergabeSheetRules,
    ::testing::Values(SheetCase{"W9", {}, true, true, true},
                      SheetCase{"W9", {Role::Zeilen}, true, false, true},
                      SheetCase{"W9", {Role::Spalten}, true, false, true},
                      SheetCase{"W9", {Role::Profil}, true, false, true},
                      SheetCase{"W9", {Role::Allgemein}, true, false, true},
                      SheetCase{"W9", {Role::Intern}, true, true, true},
                      SheetCase{"W9", {Role::Zeilen, Role::Intern}, true, true, true},
                      SheetCase{"W9", {Role::Allgemein}, false, true, true},
                      SheetCase{"W9", {Role::Anzahl}, true, true, true},  // a count range alone: no class
                      SheetCase{"W18", {Role::Oeffentlich}, true, false, false},
                      SheetCase{"W18", {Role::Oeffentlich, Role::Allgemein}, true, false, false},
                      SheetCase{"W18", {Role::Oeffentlich, Role::Intern}, true, true, true},
                      SheetCase{"W18", {Role::Oeffentlich}, false, true, true}));

// W18, W14: a formula on the public sheet that reads a removed sheet is blanked unless it is the template's.
TEST(WeitergabePlanSheets, PublicSheetFormulasReadingRemovedSheetsAreBlankedUnlessTheTemplatesOwn) {
    wg::Workbook wb = two_sheets();
    wb.sheets.push_back({"Monitor", true, 3, 3, {}, {}});
    wb.descriptions.push_back({"ISP_WG_OEFFENTLICH_M", Role::Oeffentlich, range(2, 0, 0, 0, 0)});
    wb.formulas = {{{2, 1, 1}, "Daten!R2C2", {range(0, 1, 1, 1, 1)}},
                   {{2, 1, 2}, "Allgemein!R1C1", {range(1, 0, 0, 0, 0)}}};
    auto p = wg::make_plan(wb, wg::Variant::Oeffentlich, "");
    ASSERT_EQ(p.blank.size(), 2u);
    EXPECT_EQ(p.blank[0], (wg::Cell{2, 1, 1}));
    wb.vetted = std::set<std::uint64_t>{wg::fingerprint("Daten!R2C2")};
    p = wg::make_plan(wb, wg::Variant::Oeffentlich, "");
    ASSERT_EQ(p.blank.size(), 1u);
    EXPECT_EQ(p.blank[0], (wg::Cell{2, 1, 2}));
}

// ---- rows and columns of other areas
// --------------------------------------------------------------------------

// W10, W17: other areas, unknown keys and mixed Planungsräume go; the Landkreis stays; counted on the notes.
TEST(WeitergabePlanBlocks, WholeRowsOfOtherAreasUnknownKeysAndMixedPlanungsraeumeGoBottomUp) {
    wg::Workbook wb = two_sheets();
    // Row 0 header; rows 1..8 the block: SR 1, SR 2, SR 3, PR A, PR B, G1, G2, Landkreis; row 9 "Mond".
    wb.blocks.push_back(
        rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 9,
                   {"Gebiet", "SR 1", "SR 2", "SR 3", "PR A", "PR B", "G1", "G2", "Landkreis", "Mond"}));
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.deletions.size(), 4u);
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 9, 0, 9)));  // Mond
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 7, 0, 7)));  // G2
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 5, 0, 5)));  // PR B (SR 2 + SR 3)
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 2, 0, 3)));  // SR 2, SR 3 (PR A stays)
    EXPECT_EQ(p.deletions[0].range.row0, 9);
    EXPECT_EQ(p.deletions[3].range.row0, 2);
    EXPECT_NE(notes(p).find("5 Zeilen anderer"), std::string::npos);
    // For SR 2: PR A goes (another Sozialraum's), PR B too (mixed with SR 3).
    const auto p2 = wg::make_plan(wb, wg::Variant::Sozialraum, "2");
    EXPECT_TRUE(has_op(p2, wg::DeleteOp::Kind::Rows, range(0, 0, 3, 0, 6)));  // SR 3, PR A, PR B, G1
    EXPECT_TRUE(has_op(p2, wg::DeleteOp::Kind::Rows, range(0, 0, 1, 0, 1)));  // SR 1
}

// W10: a multi-column ZEILEN range deletes only its cells (cells below move up); SPALTEN whole columns.
TEST(WeitergabePlanBlocks, SideBySideTableDeletesOnlyItsCellsAndColumnsGoRightToLeft) {
    wg::Workbook wb = two_sheets();
    // A table in columns C..E keyed in C, rows 1..3, next to others.
    wb.blocks.push_back(rows_block("ISP_WG_ZEILEN_Neben", 0, 1, 3, {"", "G1", "G2", "G3"}, 4));
    wb.blocks.back().range.col0 = 2;
    // A column block keyed in row 0 of sheet 1: columns B..E = G1, G2, G3, Landkreis.
    wg::Block cols;
    cols.name = "ISP_WG_SPALTEN_S";
    cols.rows = false;
    cols.range = range(1, 1, 0, 4, 0);
    cols.lines = {{"Gebiet", false, true},
                  {"G1", true, true},
                  {"G2", true, true},
                  {"G3", true, true},
                  {"Landkreis", true, true}};
    wb.blocks.push_back(cols);
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::CellsUp, range(0, 2, 2, 4, 3)));
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Columns, range(1, 2, 0, 3, 0)));
}

// W11, W17: lines appended below a block are area lines; further away only other areas' lines go.
TEST(WeitergabePlanBlocks, RowsAppendedBelowTheBlockAreAreaRows) {
    wg::Workbook wb = two_sheets();
    // Block rows 1..3 (SR 1, SR 2, Landkreis), then appended directly: G2 values, a row without key, SR 1
    // again, Landkreis again, a text-only note; an empty line; then far below a heading with numbers, a G3
    // row and a row with an unknown key.
    auto b = rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 3, {"Gebiet", "SR 1", "SR 2", "Landkreis"});
    b.lines.push_back({"G2", true, true});                  // 4: goes
    b.lines.push_back({"", true, true});                    // 5: goes (no key)
    b.lines.push_back({"SR 1", true, true});                // 6: stays
    b.lines.push_back({"Landkreis", true, true});           // 7: stays
    b.lines.push_back({"Quelle: Landesamt", false, true});  // 8: text only, stays
    b.lines.push_back({"", false, false});                  // 9: empty
    b.lines.push_back({"Jahr", true, true});                // 10: heading with years, stays
    b.lines.push_back({"G3", true, true});                  // 11: another area, goes
    b.lines.push_back({"Mond", true, true});  // 12: unknown key far below: stays (free text limit)
    wb.blocks.push_back(b);
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 11, 0, 11)));
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 4, 0, 5)));
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 2, 0, 2)));
    EXPECT_EQ(p.deletions.size(), 3u);
    EXPECT_NE(notes(p).find("3 Zeilen mit Werten außerhalb der beschriebenen Tabelle"), std::string::npos);
}

// W11, W14: a line made only of the template's own formulas stays beside the block.
TEST(WeitergabePlanBlocks, TheTemplatesOwnColumnBesideTheBlockStaysAPlannersColumnGoes) {
    // Atlas layout: key row 0 = "Gebiet", G1, G2, Landkreis; column E (4) "Veränderung" holds the template's
    // formula (the Landkreis's change), column F (5) a planner's formula, column G (6) a typed number.
    wg::Workbook wb = two_sheets();
    wg::Block cols;
    cols.name = "ISP_WG_SPALTEN_Atlas";
    cols.rows = false;
    cols.range = range(0, 1, 0, 3, 0);
    cols.lines = {{"Gebiet", false, true, false},     {"G1", true, true, true},
                  {"G2", true, true, true},           {"Landkreis", true, true, true},
                  {"Veränderung", true, true, false}, {"Max", true, true, false},
                  {"Notiz", true, true, true}};
    wb.blocks.push_back(cols);
    wb.sheets[0].last_col = 6;
    wb.sheets[0].last_row = 1;
    const std::string change = "RC[-1]/RC[-2]-1";
    wb.vetted = std::set<std::uint64_t>{wg::fingerprint(change)};
    wb.formulas = {{{0, 4, 1}, change, {range(0, 2, 1, 3, 1)}},
                   {{0, 5, 1}, "MAX(RC[-4]:RC[-2])", {range(0, 1, 1, 3, 1)}}};
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    // G2 (column C) goes; E stays; F and G go (to the right of the table, no key of the own area).
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Columns, range(0, 5, 0, 6, 0)));
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Columns, range(0, 2, 0, 2, 0)));
    EXPECT_EQ(p.deletions.size(), 2u);
    // Without the stamp the change column is not vouched for and goes too.
    wb.vetted.reset();
    EXPECT_TRUE(has_op(wg::make_plan(wb, wg::Variant::Sozialraum, "1"), wg::DeleteOp::Kind::Columns,
                       range(0, 4, 0, 6, 0)));
}

// W11: a block's neighbour lines are not judged when they belong to another block.
TEST(WeitergabePlanBlocks, StackedBlocksDoNotJudgeEachOthersLines) {
    wg::Workbook wb = two_sheets();
    // Two blocks in column A: rows 1..2 and rows 5..6, header with years in row 4.
    std::vector<std::string> keys = {"Gebiet", "SR 1", "Landkreis U3", "", "Sozialraum", "SR 1", "SR 2"};
    auto a = rows_block("ISP_WG_ZEILEN_A", 0, 1, 2, keys);
    a.lines[3] = {"", false, false};
    auto b = rows_block("ISP_WG_ZEILEN_B", 0, 5, 6, keys);
    b.lines[3] = {"", false, false};
    wb.blocks = {a, b};
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.deletions.size(), 1u);
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 6, 0, 6)));
}

// W12, W18: hidden rows and columns of kept sheets are deleted, also in the public copy.
TEST(WeitergabePlanBlocks, HiddenRowsAndColumnsGoFromKeptSheets) {
    wg::Workbook wb = two_sheets();
    wb.sheets[0].hidden_cols = {6, 7};
    wb.sheets[1].hidden_rows = {2};
    wb.blocks.push_back(rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 2, {"Gebiet", "SR 1", "SR 2"}));
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Columns, range(0, 6, 0, 7, 0)));
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(1, 0, 2, 0, 2)));
    EXPECT_NE(notes(p).find("2 ausgeblendete Spalten entfernt"), std::string::npos);
    // Also in the public copy.
    wb.descriptions.push_back({"ISP_WG_OEFFENTLICH_A", Role::Oeffentlich, range(1, 0, 0, 0, 0)});
    const auto pub = wg::make_plan(wb, wg::Variant::Oeffentlich, "");
    EXPECT_TRUE(has_op(pub, wg::DeleteOp::Kind::Rows, range(1, 0, 2, 0, 2)));
}

// W10: deletions are ordered and shifted so that each one's coordinates hold when it runs.
TEST(WeitergabePlanBlocks, ColumnCutsOfASideBySideTableFollowTheRowsDeletedAbove) {
    wg::Workbook wb = two_sheets();
    wb.blocks.push_back(rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 3, {"Gebiet", "SR 2", "SR 2", "SR 1"}));
    wg::Block cols;
    cols.name = "ISP_WG_SPALTEN_T";
    cols.rows = false;
    cols.range = range(0, 3, 5, 5, 6);  // keys in row 5, table rows 5..6, columns D..F
    cols.lines = {{"", false, false}, {"", false, false}, {"", false, false},
                  {"G1", true, true}, {"G2", true, true}, {"G1", true, true}};
    wb.blocks.push_back(cols);
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.deletions.size(), 2u);
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 1, 0, 2)));
    // Two rows above went: the table's rows 5..6 are now 3..4.
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::CellsLeft, range(0, 4, 3, 4, 4)));
}

// ---- counts
// ---------------------------------------------------------------------------------------------------

// W15: counts 1 <= v < k become "."; 0 and k stay; text stays; k follows ISP_WG_SCHWELLE.
TEST(WeitergabePlanCounts, OneAndTwoBecomeDotsZeroAndThreeStayRemovedRowsNotCounted) {
    wg::Workbook wb = two_sheets();
    wb.blocks.push_back(
        rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 5, {"Gebiet", "SR 1", "SR 1", "SR 1", "SR 1", "SR 2"}));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    wb.counts.push_back({"ISP_WG_ANZAHL_Daten", range(0, 1, 1, 1, 5), {1, 2, 0, 3, 1}});
    wb.counts.push_back({"ISP_WG_ANZAHL_Text", range(0, 2, 1, 2, 1), {nan}});
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.suppress.size(), 2u);
    EXPECT_EQ(p.suppress[0], (wg::Cell{0, 1, 1}));
    EXPECT_EQ(p.suppress[1], (wg::Cell{0, 1, 2}));
    wb.threshold = 5.0;
    EXPECT_EQ(wg::make_plan(wb, wg::Variant::Sozialraum, "1").suppress.size(), 3u);
}

// ---- cells derived from removed cells
// ---------------------------------------------------------------------------

// W14, W17: derived cells are blanked unless the formula is the template's own; listed on the notes.
TEST(WeitergabePlanDerived, PlannerFormulasOnOtherAreasAreBlankedTemplateFormulasStay) {
    wg::Workbook wb = two_sheets();
    wb.blocks.push_back(rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 3, {"Gebiet", "SR 1", "SR 2", "Landkreis"}));
    const std::string landkreis_sum = "SUM(R[-2]C:R[-1]C)";
    wb.vetted = std::set<std::uint64_t>{wg::fingerprint(landkreis_sum)};
    wb.formulas = {
        {{0, 1, 3}, landkreis_sum, {range(0, 1, 3, 1, 3), range(0, 1, 1, 1, 2)}},  // Landkreis: template's
        {{0, 2, 1}, "MAX(C[-1])", {range(0, 2, 1, 2, 1), range(0, 1, 0, 1, 1048575)}},  // own row: =MAX(B:B)
        {{0, 3, 1}, "RC[-1]*2", {range(0, 2, 1, 2, 1)}},    // from the blanked MAX
        {{0, 4, 1}, "RC[-3]*2", {range(0, 1, 1, 1, 1)}},    // own value only: stays
        {{0, 5, 1}, "R[2]C[-4]", {range(0, 1, 3, 1, 3)}},   // from the vetted Landkreis: stays
        {{1, 0, 0}, "Daten!R3C2", {range(0, 1, 2, 1, 2)}},  // general sheet -> SR 2's value
    };
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.blank.size(), 3u);
    EXPECT_EQ(p.blank[0], (wg::Cell{0, 2, 1}));
    EXPECT_EQ(p.blank[1], (wg::Cell{0, 3, 1}));
    EXPECT_EQ(p.blank[2], (wg::Cell{1, 0, 0}));
    EXPECT_NE(notes(p).find("C2, D2"), std::string::npos) << notes(p);
    EXPECT_NE(notes(p).find("nicht zur Vorlage gehört: A1"), std::string::npos);
    // Without the template's stamp, the Landkreis sum goes too (and what reads it).
    wb.vetted.reset();
    EXPECT_EQ(wg::make_plan(wb, wg::Variant::Sozialraum, "1").blank.size(), 5u);
}

// W14: a template formula that reads a blanked cell is blanked too.
TEST(WeitergabePlanDerived, TemplateFormulasReadingABlankedCellAreBlankedToo) {
    // A planner inserted a row into a table: the Landkreis sum (B4) now spans it and is no longer the
    // template's formula; the template's ratio beside it (C4) reads the altered sum and goes as well; D4
    // reads only the Landkreis's own input and stays.
    wg::Workbook wb = two_sheets();
    wb.blocks.push_back(rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 3, {"Gebiet", "SR 1", "SR 2", "Landkreis"}));
    wb.vetted = std::set<std::uint64_t>{wg::fingerprint("SUM(R[-2]C:R[-1]C)"),
                                        wg::fingerprint("RC[-1]/RC[2]"), wg::fingerprint("RC[1]*2")};
    wb.formulas = {{{0, 1, 3}, "SUM(R[-3]C:R[-1]C)", {range(0, 1, 0, 1, 2)}},
                   {{0, 2, 3}, "RC[-1]/RC[2]", {range(0, 1, 3, 1, 3), range(0, 4, 3, 4, 3)}},
                   {{0, 3, 3}, "RC[1]*2", {range(0, 4, 3, 4, 3)}}};
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.blank.size(), 2u);
    EXPECT_EQ(p.blank[0], (wg::Cell{0, 1, 3}));
    EXPECT_EQ(p.blank[1], (wg::Cell{0, 2, 3}));
}

// W14: INDIRECT and OFFSET can read anything: they count as reading removed cells.
TEST(WeitergabePlanDerived, IndirectAndOffsetCountAsReadingRemovedCells) {
    wg::Workbook wb = two_sheets();
    wb.formulas = {{{1, 0, 0}, "INDIRECT(\"Daten!B\"&R1C2)", {range(1, 1, 0, 1, 0)}},
                   {{1, 0, 1}, "SUM(OFFSET(Daten!R1C1;1;0;5;1))", {range(0, 0, 0, 0, 0)}},
                   {{1, 0, 2}, "R1C2*2", {range(1, 1, 0, 1, 0)}}};
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.blank.size(), 2u);
    EXPECT_EQ(p.blank[0], (wg::Cell{1, 0, 0}));
    EXPECT_EQ(p.blank[1], (wg::Cell{1, 0, 1}));
}

// W9, W14: a kept formula reading a removed sheet is blanked unless it is the template's own.
TEST(WeitergabePlanDerived, FormulasOnRemovedSheetsTaintKeptCells) {
    wg::Workbook wb = two_sheets();
    wb.sheets.push_back({"Rechenweg", true, 3, 3, {}, {}});
    wb.descriptions.push_back({"ISP_WG_INTERN_R", Role::Intern, range(2, 0, 0, 0, 0)});
    wb.formulas = {{{1, 1, 1}, "Rechenweg!R1C1", {range(2, 0, 0, 0, 0)}}};
    EXPECT_EQ(wg::make_plan(wb, wg::Variant::Sozialraum, "1").blank.size(), 1u);
    wb.vetted = std::set<std::uint64_t>{wg::fingerprint("Rechenweg!R1C1")};
    EXPECT_TRUE(wg::make_plan(wb, wg::Variant::Sozialraum, "1").blank.empty());
}

// W12, W14: what reads a hidden (removed) column is blanked.
TEST(WeitergabePlanDerived, HiddenColumnsAreRemovedAndWhatReadsThemIsBlanked) {
    wg::Workbook wb = two_sheets();
    wb.sheets[0].hidden_cols = {9};
    wb.formulas = {{{1, 0, 0}, "Daten!R1C10", {range(0, 9, 0, 9, 0)}}};
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    EXPECT_EQ(p.blank.size(), 1u);
}

// W13, W14: pivot tables go with their output; what reads the output is blanked.
TEST(WeitergabePlanDerived, PivotTablesGoAndTheirOutputTaints) {
    wg::Workbook wb = two_sheets();
    wb.pivots = {{"Pivot1", range(1, 0, 5, 2, 40)}};
    wb.formulas = {{{1, 4, 0}, "R6C1", {range(1, 0, 5, 0, 5)}}};
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.pivots.size(), 1u);
    EXPECT_EQ(p.pivots[0].name, "Pivot1");
    EXPECT_EQ(p.blank.size(), 1u);
    EXPECT_NE(notes(p).find("Pivot-Tabelle"), std::string::npos);
}

// ---- conditional formats
// ---------------------------------------------------------------------------------------

wg::Scalar num(double v) {
    wg::Scalar s;
    s.is_number = true;
    s.number = v;
    return s;
}

wg::Scalar text(const std::string& t) {
    wg::Scalar s;
    s.text = t;
    return s;
}

// W7: one condition against one cell value; every expected result is the comparison read aloud.
struct ConditionCase {
    wg::ConditionOp op;
    wg::Scalar value, first;
    std::optional<wg::Scalar> second;
    bool holds;
};

void PrintTo(const ConditionCase& c, std::ostream* os) {
    *os << "W7 op " << static_cast<int>(c.op) << " value "
        << (c.value.is_number ? std::to_string(c.value.number) : '"' + c.value.text + '"');
}

class WeitergabeConditions : public ::testing::TestWithParam<ConditionCase> {};

TEST_P(WeitergabeConditions, Holds) {
    const auto& c = GetParam();
    EXPECT_EQ(wg::condition_holds(c.op, c.value, c.first, c.second), c.holds) << "W7";
}

using Op = wg::ConditionOp;
INSTANTIATE_TEST_SUITE_P(
    Rules, WeitergabeConditions,
    ::testing::Values(
        ConditionCase{Op::Equal, num(3), num(3), std::nullopt, true},
        ConditionCase{Op::Equal, num(3), num(3.5), std::nullopt, false},
        ConditionCase{Op::Equal, text("Erhöht"), text("erhöht"), std::nullopt, true},  // ASCII case only
        ConditionCase{Op::Equal, text("ERHÖHT"), text("erhöht"), std::nullopt,
                      false},                                              // Ö is no ASCII letter
        ConditionCase{Op::Equal, num(3), text("3"), std::nullopt, false},  // a number is no text
        ConditionCase{Op::Equal, text(""), text(""), std::nullopt, true},  // an empty cell equals ""
        ConditionCase{Op::NotEqual, num(3), text("3"), std::nullopt, true},
        ConditionCase{Op::NotEqual, text("a"), text("A"), std::nullopt, false},
        ConditionCase{Op::Greater, num(2), num(1), std::nullopt, true},
        ConditionCase{Op::Greater, num(1), num(1), std::nullopt, false},
        ConditionCase{Op::GreaterEqual, num(1), num(1), std::nullopt, true},
        ConditionCase{Op::Less, num(-1), num(0), std::nullopt, true},
        ConditionCase{Op::LessEqual, num(0.5), num(0), std::nullopt, false},
        ConditionCase{Op::Greater, text("9"), num(1), std::nullopt, false},  // order needs numbers
        ConditionCase{Op::Between, num(1.5), num(1), num(2), true},
        ConditionCase{Op::Between, num(2), num(2), num(1), true},  // inclusive, operands in either order
        ConditionCase{Op::Between, num(2.5), num(1), num(2), false},
        ConditionCase{Op::Between, num(1.5), num(1), std::nullopt, false},  // no second operand
        ConditionCase{Op::NotBetween, num(2.5), num(1), num(2), true},
        ConditionCase{Op::NotBetween, num(1), num(1), num(2), false},
        ConditionCase{Op::Other, num(1), num(1), std::nullopt, false}));

// W7: the first condition that holds gives the style; an operand that cannot be evaluated stops the search
// (the cell keeps its own style and is counted).
TEST(WeitergabeConditions, FirstConditionThatHoldsWinsUnevaluableStops) {
    const std::vector<wg::Condition> classes = {{Op::Greater, num(1.5), std::nullopt, "ISP Klasse 4"},
                                                {Op::Greater, num(1.0), std::nullopt, "ISP Klasse 3"},
                                                {Op::GreaterEqual, num(-1.0), std::nullopt, "ISP Klasse 2"}};
    EXPECT_EQ(wg::baked_style(num(2.0), classes).style, "ISP Klasse 4");
    EXPECT_EQ(wg::baked_style(num(1.5), classes).style, "ISP Klasse 3");
    EXPECT_EQ(wg::baked_style(num(-1.0), classes).style, "ISP Klasse 2");
    const auto none = wg::baked_style(num(-3.0), classes);
    EXPECT_EQ(none.style, std::nullopt);
    EXPECT_FALSE(none.unevaluable);
    const std::vector<wg::Condition> relative = {{Op::Equal, num(1.0), std::nullopt, "ISP Klasse 1"},
                                                 {Op::Greater, std::nullopt, std::nullopt, "ISP Klasse 2"},
                                                 {Op::Greater, num(0.0), std::nullopt, "ISP Klasse 3"}};
    EXPECT_EQ(wg::baked_style(num(1.0), relative).style, "ISP Klasse 1");
    const auto stopped = wg::baked_style(num(5.0), relative);
    EXPECT_EQ(stopped.style, std::nullopt);
    EXPECT_TRUE(stopped.unevaluable);
}

// ---- single-area views and the stamp
// ------------------------------------------------------------------------

// W6: single-area views are switched to the recipient's Sozialraum, only in per-area copies.
TEST(WeitergabePlanProfiles, SwitchedOnlyInPerAreaCopies) {
    wg::Workbook wb = two_sheets();
    wb.descriptions.push_back({"ISP_WG_PROFIL_P", Role::Profil, range(0, 1, 5, 1, 6)});
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "3");
    ASSERT_EQ(p.profiles.size(), 1u);
    EXPECT_EQ(p.profiles[0].area, "3");
    EXPECT_EQ(p.profiles[0].range.row1, 6);
    EXPECT_TRUE(wg::make_plan(wb, wg::Variant::Oeffentlich, "").profiles.empty());
}

// W14: the template stamp's fingerprint is FNV-1a 64.
TEST(WeitergabeStamp, FingerprintIsFnv1a64AndStampsParse) {
    // Reference values of FNV-1a 64 (the algorithm's published test vectors: "" and "a").
    EXPECT_EQ(wg::fingerprint(""), 0xcbf29ce484222325ull);
    EXPECT_EQ(wg::fingerprint("a"), 0xaf63dc4c8601ec8cull);
    const auto s = wg::parse_stamp("af63dc4c8601ec8c  cbf29ce484222325 junk 12");
    EXPECT_EQ(s, (std::set<std::uint64_t>{0xaf63dc4c8601ec8cull, 0xcbf29ce484222325ull}));
    EXPECT_EQ(wg::cell_name(0, 0), "A1");
    EXPECT_EQ(wg::cell_name(27, 9), "AB10");
}

// ---- charts (rule W34)
// -----------------------------------------------------------------------------------------

namespace {

// The workbook every chart case runs on (expected fates worked out by hand from the rule text):
//   sheet 0 "Daten" (area sheet): A2:A9 keys SR 1, SR 2, SR 3, PR A, PR B, G1, G2, Landkreis (rows 1..8),
//     B2:B9 counts (1 in SR 1's row 1: suppressed for SR 1), column H hidden, a side-by-side table J..K keyed
//     in J, rows 12..14 = SR 1, SR 2, Landkreis (its SR 2 cell goes up), a formula in D12 reading SR 2's row;
//   sheet 1 "Allgemein" (general), sheet 2 "Intern" (INTERN), sheet 3 "Klassen" (OEFFENTLICH, text only).
wg::Workbook chart_book() {
    wg::Workbook wb;
    wb.structure = structure();
    wb.sheets = {{"Daten", true, 11, 14, {}, {7}},
                 {"Allgemein", true, 5, 9, {}, {}},
                 {"Intern", true, 3, 3, {}, {}},
                 {"Klassen", true, 3, 9, {}, {}}};
    wb.descriptions = {{"ISP_WG_ZEILEN_Daten", Role::Zeilen, range(0, 0, 1, 0, 8)},
                       {"ISP_WG_ZEILEN_Neben", Role::Zeilen, range(0, 9, 12, 10, 14)},
                       {"ISP_WG_ALLGEMEIN_A", Role::Allgemein, range(1, 0, 0, 0, 0)},
                       {"ISP_WG_INTERN_I", Role::Intern, range(2, 0, 0, 0, 0)},
                       {"ISP_WG_OEFFENTLICH_K", Role::Oeffentlich, range(3, 0, 0, 0, 0)}};
    wb.blocks.push_back(
        rows_block("ISP_WG_ZEILEN_Daten", 0, 1, 8,
                   {"Gebiet", "SR 1", "SR 2", "SR 3", "PR A", "PR B", "G1", "G2", "Landkreis"}));
    wg::Block side = rows_block("ISP_WG_ZEILEN_Neben", 0, 12, 14, {}, 10);
    side.range.col0 = 9;
    side.lines.assign(15, {"", false, false, false});
    side.lines[12] = {"SR 1", true, true, true};
    side.lines[13] = {"SR 2", true, true, true};
    side.lines[14] = {"Landkreis", true, true, true};
    wb.blocks.push_back(side);
    wb.counts.push_back({"ISP_WG_ANZAHL_Daten", range(0, 1, 1, 1, 1), {1}});
    wb.formulas = {{{0, 3, 11}, "R3C2", {range(0, 1, 2, 1, 2)}}};
    return wb;
}

struct ChartCase {
    const char* what;
    wg::Variant variant;
    int sheet;  // where the chart stands
    std::vector<wg::Range> reads;
    bool all_read, numbers;
    bool keep;
    const char* reason;  // part of the German reason when it goes
};

std::ostream& operator<<(std::ostream& os, const ChartCase& c) {
    return os << c.what;
}

class WeitergabeCharts : public ::testing::TestWithParam<ChartCase> {};

const auto kSR = wg::Variant::Sozialraum;
const auto kPub = wg::Variant::Oeffentlich;

}  // namespace

// W34: a chart stays in a Sozialraum or public copy exactly when every range it reads stays whole with its
// values unchanged; otherwise it goes with its reason on the notes sheet (W16 no longer removes charts).
TEST_P(WeitergabeCharts, KeptOnlyWhenEveryRangeStaysUnchanged) {
    const ChartCase& c = GetParam();
    wg::Workbook wb = chart_book();
    wb.charts.push_back({c.sheet, "Diagramm", c.reads, c.all_read, c.numbers});
    const auto p = wg::make_plan(wb, c.variant, "1");
    ASSERT_EQ(p.charts.size(), 1u);
    EXPECT_EQ(p.charts[0].keep, c.keep);
    EXPECT_EQ(p.charts[0].name, "Diagramm");
    if (c.keep) {
        EXPECT_TRUE(p.charts[0].reason.empty());
        EXPECT_NE(notes(p).find("Diagramm \xE2\x80\x9E"
                                "Diagramm\xE2\x80\x9C behalten"),
                  std::string::npos);
    } else {
        EXPECT_NE(p.charts[0].reason.find(c.reason), std::string::npos) << p.charts[0].reason;
        EXPECT_NE(notes(p).find("Diagramm\xE2\x80\x9C entfernt: " + p.charts[0].reason), std::string::npos);
    }
}

INSTANTIATE_TEST_SUITE_P(
    W34, WeitergabeCharts,
    ::testing::Values(
        // The own row (SR 1 = row 1, column C; column B row 1 is a suppressed count) and the Landkreis row.
        ChartCase{"own and Landkreis values",
                  kSR,
                  0,
                  {range(0, 2, 1, 2, 1), range(0, 2, 8, 2, 8)},
                  true,
                  true,
                  true,
                  ""},
        // Header row 0 (labels) + the own row, columns C..F (hidden column H not included).
        ChartCase{"labels and own row", kSR, 0, {range(0, 2, 0, 5, 1)}, true, true, true, ""},
        // Every Sozialraum's row: SR 2, SR 3, PR B, G2 go from the range.
        ChartCase{"all areas", kSR, 0, {range(0, 0, 1, 2, 8)}, true, true, false, "entfernte Zeilen"},
        // A range that crosses the hidden column H.
        ChartCase{"hidden column", kSR, 0, {range(0, 6, 1, 8, 1)}, true, true, false, "entfernte Zeilen"},
        // The suppressed count B2 (1 < k = 3).
        ChartCase{"suppressed count", kSR, 0, {range(0, 1, 1, 1, 1)}, true, true, false, "geheim"},
        // D12 reads SR 2's row and is not the template's own: blanked.
        ChartCase{"blanked cell", kSR, 0, {range(0, 3, 11, 3, 11)}, true, true, false, "geleert"},
        // Column K below the side-by-side table's deleted SR 2 cell (row 13) moves up: part of the range
        // shifts.
        ChartCase{"cells moved up", kSR, 0, {range(0, 10, 14, 10, 20)}, true, true, false, "verschiebt"},
        // The same column above the deleted cell: nothing moves.
        ChartCase{"above moved cells", kSR, 0, {range(0, 10, 10, 10, 12)}, true, true, true, ""},
        // Column L, right of the side-by-side table: untouched by its cells moving up.
        ChartCase{"beside moved cells", kSR, 0, {range(0, 11, 12, 11, 20)}, true, true, true, ""},
        // A general sheet's cells: kept; on a chart standing on the area sheet too.
        ChartCase{"general sheet", kSR, 1, {range(1, 0, 0, 5, 9)}, true, true, true, ""},
        ChartCase{"general data on area sheet", kSR, 0, {range(1, 0, 0, 1, 3)}, true, true, true, ""},
        // An INTERN sheet's data, plotted on a general sheet.
        ChartCase{"internal data", kSR, 1, {range(2, 0, 0, 1, 1)}, true, true, false, "Blatt"},
        // A range that could not be read; a chart without data.
        ChartCase{"unreadable range", kSR, 1, {range(1, 0, 0, 1, 1)}, false, true, false, "nicht lesbar"},
        ChartCase{"no range", kSR, 1, {}, true, false, false, "nicht lesbar"},
        // Public copy: only the OEFFENTLICH sheet stays, and no number goes out.
        ChartCase{"public sheet, numbers", kPub, 3, {range(3, 0, 0, 1, 5)}, true, true, false, "keine Werte"},
        ChartCase{"public sheet, text only", kPub, 3, {range(3, 0, 0, 1, 5)}, true, false, true, ""},
        ChartCase{
            "public chart on general data", kPub, 3, {range(1, 0, 0, 1, 5)}, true, false, false, "Blatt"}));

// W34: a chart on a sheet that goes is no decision of its own (it goes with the sheet); the values-only copy
// keeps every chart (empty plan).
TEST(WeitergabeCharts, ChartsOnRemovedSheetsAndTheValuesOnlyCopy) {
    wg::Workbook wb = chart_book();
    wb.charts.push_back({2, "Intern", {range(2, 0, 0, 1, 1)}, true, true});
    wb.charts.push_back({1, "Allgemein", {range(1, 0, 0, 1, 1)}, true, true});
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    ASSERT_EQ(p.charts.size(), 1u);
    EXPECT_EQ(p.charts[0].name, "Allgemein");
    EXPECT_TRUE(wg::make_plan(wb, wg::Variant::Werte, "1").charts.empty());
    // Public copy: the general sheet goes, so does its chart.
    EXPECT_TRUE(wg::make_plan(wb, wg::Variant::Oeffentlich, "").charts.empty());
}

// W34: whole rows deleted above a chart's range only move it (Calc moves chart ranges with deleted rows); the
// same rows inside the range remove the chart. For SR 2 the own row is row 2; rows 1 (SR 1), 3, 4, 5 (SR 3,
// PR A, PR B: mixed with SR 3), 6 (G1) go.
TEST(WeitergabeCharts, RowsDeletedAboveMoveTheRangeRowsInsideRemoveTheChart) {
    wg::Workbook wb = chart_book();
    wb.charts.push_back({0, "Unten", {range(0, 2, 7, 3, 8)}, true, true});  // G2 (of SR 2) and Landkreis
    wb.charts.push_back({0, "Quer", {range(0, 2, 2, 3, 3)}, true, true});   // SR 2 and SR 3
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "2");
    ASSERT_EQ(p.charts.size(), 2u);
    EXPECT_TRUE(p.charts[0].keep);
    EXPECT_FALSE(p.charts[1].keep);
    EXPECT_TRUE(has_op(p, wg::DeleteOp::Kind::Rows, range(0, 0, 3, 0, 6)));
}

// W34: chart ranges in the ODF spelling of the chart's data provider.
TEST(WeitergabeCharts, RangesParseFromTheOdfSpelling) {
    const std::vector<std::string> sheets = {"Daten", "Mein Blatt", "O'Neil"};
    auto r = wg::parse_ranges(
        "Daten.A1:Daten.B5 'Mein Blatt'.$C$3 $Daten.$AA$10:.$AB$12;'O''Neil'.D4:'O''Neil'.D2", sheets);
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(r->size(), 4u);
    EXPECT_EQ((*r)[0].sheet, 0);
    EXPECT_EQ((*r)[0].col1, 1);
    EXPECT_EQ((*r)[0].row1, 4);
    EXPECT_EQ((*r)[1].sheet, 1);
    EXPECT_EQ((*r)[1].col0, 2);
    EXPECT_EQ((*r)[1].row0, 2);
    EXPECT_EQ((*r)[2].col0, 26);
    EXPECT_EQ((*r)[2].col1, 27);
    EXPECT_EQ((*r)[2].row1, 11);
    EXPECT_EQ((*r)[3].sheet, 2);
    EXPECT_EQ((*r)[3].row0, 1);  // ends in either order
    EXPECT_EQ((*r)[3].row1, 3);
    EXPECT_TRUE(wg::parse_ranges("", sheets)->empty());
    for (const char* bad :
         {"Fremd.A1", "Daten.A1:'Mein Blatt'.B2", "A1:B2", "Daten.1:Daten.3", "Daten.A:Daten.C", "'Daten.A1",
          "Daten.A1x", "file:///x.ods#Daten.A1", "Daten.A0"})
        EXPECT_FALSE(wg::parse_ranges(bad, sheets).has_value()) << bad;
}

// ---- the map of the Sozialräume (rule W35)
// -------------------------------------------------------------------------

namespace {

// The map book (expected fates worked out by hand from the rule text): sheet 0 "Karte" (OEFFENTLICH) with the
// frame (1000, 1000)–(11000, 9000) and the map of structure(): areas ISP_Karte_SR_1..3, borders
// ISP_Karte_PR_A/B, labels ISP_Karte_Name_1..3 reading "SR n", and a planner's logo; sheet 1 "Daten" (area
// sheet), sheet 2 "Intern" (INTERN).
wg::Shape shape(int sheet, const std::string& name, wg::ShapeKind kind, const std::string& text = "",
                long x0 = 2000, long y0 = 2000, long x1 = 4000, long y1 = 3000) {
    wg::Shape s;
    s.sheet = sheet;
    s.name = name;
    s.kind = kind;
    s.text = text;
    s.x0 = x0;
    s.y0 = y0;
    s.x1 = x1;
    s.y1 = y1;
    return s;
}

wg::Workbook map_book() {
    wg::Workbook wb;
    wb.structure = structure();
    wb.sheets = {
        {"Karte", true, 3, 20, {}, {}}, {"Daten", true, 3, 9, {}, {}}, {"Intern", true, 3, 3, {}, {}}};
    wb.descriptions = {{"ISP_WG_OEFFENTLICH_Karte", Role::Oeffentlich, range(0, 0, 0, 0, 0)},
                       {"ISP_WG_ZEILEN_Daten", Role::Zeilen, range(1, 0, 1, 0, 4)},
                       {"ISP_WG_INTERN_I", Role::Intern, range(2, 0, 0, 0, 0)}};
    wb.blocks.push_back(
        rows_block("ISP_WG_ZEILEN_Daten", 1, 1, 4, {"Gebiet", "SR 1", "SR 2", "SR 3", "Landkreis"}));
    wb.map_frame = wg::MapFrame{0, 1000, 1000, 11000, 9000};
    const auto area = wg::ShapeKind::Area;
    for (const char* id : {"1", "2", "3"}) {
        wb.shapes.push_back(shape(0, std::string("ISP_Karte_SR_") + id, area));
        wb.shapes.push_back(
            shape(0, std::string("ISP_Karte_Name_") + id, wg::ShapeKind::Text, std::string("SR ") + id));
    }
    wb.shapes.push_back(shape(0, "ISP_Karte_PR_A", area, "", 1000, 1000, 11000, 9000));  // the frame's edges
    wb.shapes.push_back(shape(0, "ISP_Karte_PR_B", area));
    wb.shapes.push_back(shape(0, "Logo", wg::ShapeKind::Other));
    return wb;
}

// name -> neutral of the kept map shapes.
std::map<std::string, bool> kept_map(const wg::Plan& p) {
    std::map<std::string, bool> out;
    for (const auto& m : p.map) {
        EXPECT_EQ(m.sheet, 0) << m.name;
        EXPECT_TRUE(out.emplace(m.name, m.neutral).second) << m.name << " twice";
    }
    return out;
}

const std::map<std::string, bool> kWholeMap = {{"ISP_Karte_SR_1", false},   {"ISP_Karte_SR_2", false},
                                               {"ISP_Karte_SR_3", false},   {"ISP_Karte_Name_1", false},
                                               {"ISP_Karte_Name_2", false}, {"ISP_Karte_Name_3", false},
                                               {"ISP_Karte_PR_A", false},   {"ISP_Karte_PR_B", false}};

}  // namespace

// W35: the public copy keeps the whole map in its colours; the Sozialraum copy keeps it too, but only the own
// Sozialraum's area keeps its class colour (the two others: neutral); borders and names stay. The logo goes
// (W16), without a note of the map's.
TEST(WeitergabeMap, PublicCopyKeepsTheMapSozialraumCopyNeutralisesOtherAreas) {
    const wg::Workbook wb = map_book();
    const auto pub = wg::make_plan(wb, wg::Variant::Oeffentlich, "");
    EXPECT_EQ(kept_map(pub), kWholeMap);
    EXPECT_NE(
        notes(pub).find("Karte der Sozialräume behalten (3 Flächen, 2 Grenzen der Planungsräume, 3 Namen)"),
        std::string::npos)
        << notes(pub);
    EXPECT_EQ(notes(pub).find("grau"), std::string::npos);
    EXPECT_EQ(notes(pub).find("Logo"), std::string::npos);

    const auto own = wg::make_plan(wb, wg::Variant::Sozialraum, "2");
    auto expected = kWholeMap;
    expected["ISP_Karte_SR_1"] = true;
    expected["ISP_Karte_SR_3"] = true;
    EXPECT_EQ(kept_map(own), expected);
    EXPECT_NE(notes(own).find("Nur Sozialraum 2 ist in der Farbe seiner Klasse gefärbt; die 2 anderen "
                              "Sozialräume sind grau, ohne Klasse."),
              std::string::npos)
        << notes(own);
    // The values-only copy keeps everything anyway (empty plan).
    EXPECT_TRUE(wg::make_plan(wb, wg::Variant::Werte, "").map.empty());
}

struct MapCase {
    const char* what;
    wg::Shape shape;
    bool keep, neutral;
};

std::ostream& operator<<(std::ostream& os, const MapCase& c) {
    return os << c.what;
}

class WeitergabeMapShapes : public ::testing::TestWithParam<MapCase> {};

// W35: one more shape beside the map, Sozialraum copy for SR 1: it stays only when it is exactly a map shape
// of a known area inside the frame on the public sheet; a name that fakes the prefix goes, with a note.
TEST_P(WeitergabeMapShapes, OnlyExactMapShapesStay) {
    const MapCase& c = GetParam();
    wg::Workbook wb = map_book();
    // Replace the base shape of the same name (if any), so that each case judges one shape.
    wb.shapes.erase(std::remove_if(wb.shapes.begin(), wb.shapes.end(),
                                   [&](const wg::Shape& s) { return s.name == c.shape.name; }),
                    wb.shapes.end());
    wb.shapes.push_back(c.shape);
    const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
    const auto kept = kept_map(p);
    const auto it = kept.find(c.shape.name);
    EXPECT_EQ(it != kept.end(), c.keep);
    if (c.keep && it != kept.end()) {
        EXPECT_EQ(it->second, c.neutral);
    }
    const bool noted = notes(p).find("\xE2\x80\x9E" + c.shape.name +
                                     "\xE2\x80\x9C entfernt: kein Teil der Karte") != std::string::npos;
    // A shape on a removed sheet goes with its sheet; every other name with the map's prefix that goes is
    // named on the notes (any other drawing object goes silently under W16, counted by the applier).
    EXPECT_EQ(noted, !c.keep && c.shape.sheet != 2 && c.shape.name.rfind("ISP_Karte_", 0) == 0) << notes(p);
}

INSTANTIATE_TEST_SUITE_P(
    W35, WeitergabeMapShapes,
    ::testing::Values(
        MapCase{"own area", shape(0, "ISP_Karte_SR_1", wg::ShapeKind::Area), true, false},
        MapCase{"other area", shape(0, "ISP_Karte_SR_3", wg::ShapeKind::Area), true, true},
        MapCase{"border", shape(0, "ISP_Karte_PR_B", wg::ShapeKind::Area), true, false},
        MapCase{"label of another area", shape(0, "ISP_Karte_Name_2", wg::ShapeKind::Text, "SR 2"), true,
                false},
        MapCase{"label with a value", shape(0, "ISP_Karte_Name_2", wg::ShapeKind::Text, "SR 2: 1,23"), false,
                false},
        MapCase{"label of another id", shape(0, "ISP_Karte_Name_2", wg::ShapeKind::Text, "SR 3"), false,
                false},
        MapCase{"area with a text", shape(0, "ISP_Karte_SR_2", wg::ShapeKind::Area, "0,87"), false, false},
        MapCase{"area as a text shape", shape(0, "ISP_Karte_SR_2", wg::ShapeKind::Text), false, false},
        MapCase{"label as an area", shape(0, "ISP_Karte_Name_2", wg::ShapeKind::Area, "SR 2"), false, false},
        MapCase{"unknown Sozialraum", shape(0, "ISP_Karte_SR_9", wg::ShapeKind::Area), false, false},
        MapCase{"unknown Planungsraum", shape(0, "ISP_Karte_PR_C", wg::ShapeKind::Area), false, false},
        MapCase{"Gemeinde id", shape(0, "ISP_Karte_SR_G1", wg::ShapeKind::Area), false, false},
        MapCase{"no id", shape(0, "ISP_Karte_SR_", wg::ShapeKind::Area), false, false},
        MapCase{"id with a space", shape(0, "ISP_Karte_SR_2 ", wg::ShapeKind::Area), false, false},
        MapCase{"other part", shape(0, "ISP_Karte_Wert_2", wg::ShapeKind::Area), false, false},
        MapCase{"lower case prefix", shape(0, "isp_karte_SR_2", wg::ShapeKind::Area), false, false},
        MapCase{"outside the frame",
                shape(0, "ISP_Karte_SR_2", wg::ShapeKind::Area, "", 10000, 2000, 11001, 3000), false, false},
        MapCase{"above the frame", shape(0, "ISP_Karte_PR_B", wg::ShapeKind::Area, "", 2000, 999, 3000, 3000),
                false, false},
        // A planner's shape faking the prefix on a kept sheet that is not the map's: it goes.
        MapCase{"fake on an area sheet", shape(1, "ISP_Karte_SR_1", wg::ShapeKind::Area), false, false},
        // On a removed sheet it goes with the sheet.
        MapCase{"on a removed sheet", shape(2, "ISP_Karte_SR_1", wg::ShapeKind::Area), false, false}));

// W35: alternative text (title, description) can carry anything: such a shape goes. A name twice (the applier
// finds shapes by name) makes both go.
TEST(WeitergabeMap, AlternativeTextAndDoubleNamesGo) {
    wg::Workbook wb = map_book();
    wb.shapes[0].alt_text = true;  // ISP_Karte_SR_1
    wb.shapes.push_back(shape(0, "ISP_Karte_PR_B", wg::ShapeKind::Area));
    const auto kept = kept_map(wg::make_plan(wb, wg::Variant::Oeffentlich, ""));
    EXPECT_EQ(kept.count("ISP_Karte_SR_1"), 0u);
    EXPECT_EQ(kept.count("ISP_Karte_PR_B"), 0u);
    EXPECT_EQ(kept.size(), kWholeMap.size() - 2);
}

// W35: the map stays only with its public sheet: on a hidden, internal or area sheet (a map of classes on a
// sheet the rules do not mark public), or without its frame, it goes.
TEST(WeitergabeMap, MapOnARemovedOrNonPublicSheetOrWithoutFrameGoes) {
    {
        wg::Workbook wb = map_book();
        wb.sheets[0].visible = false;
        for (auto v : {wg::Variant::Sozialraum, wg::Variant::Oeffentlich}) {
            const auto p = wg::make_plan(wb, v, "1");
            EXPECT_TRUE(p.map.empty());
            EXPECT_EQ(notes(p).find("Karte der Sozialräume"), std::string::npos);
        }
    }
    {
        wg::Workbook wb = map_book();
        wb.descriptions.push_back({"ISP_WG_INTERN_Karte", Role::Intern, range(0, 0, 0, 0, 0)});
        EXPECT_TRUE(wg::make_plan(wb, wg::Variant::Sozialraum, "1").map.empty());
    }
    {
        wg::Workbook wb = map_book();  // the Karte sheet described as an area sheet instead of public
        wb.descriptions[0] = {"ISP_WG_ZEILEN_Karte", Role::Zeilen, range(0, 0, 1, 0, 3)};
        wb.blocks.push_back(rows_block("ISP_WG_ZEILEN_Karte", 0, 1, 3, {"", "SR 1", "SR 2", "SR 3"}));
        const auto p = wg::make_plan(wb, wg::Variant::Sozialraum, "1");
        EXPECT_TRUE(p.map.empty());
        EXPECT_NE(notes(p).find("\xE2\x80\x9EISP_Karte_SR_1\xE2\x80\x9C, "), std::string::npos) << notes(p);
    }
    {
        wg::Workbook wb = map_book();
        wb.map_frame.reset();
        EXPECT_TRUE(wg::make_plan(wb, wg::Variant::Oeffentlich, "").map.empty());
    }
}
