// The Datenmeldung's rules without Calc (addin/import/datenmeldung.hpp): which rows a Kommune's form holds,
// the input rules, the checksum, and the merge plan (filled, changed, pending, conflicts, refused cells,
// refused files, idempotence). Expected values are written out by hand from the small workbook below.
#include "datenmeldung.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "isp/error.hpp"

namespace {

using namespace isp::daten;

// Two Gemeinden; indicator 18 a rate (Arbeitslose / Einwohner 15–64), 16 a Saldo rate, 2 a sum (km²).
const std::vector<Area> kAreas = {{"G01", "Zwickau"}, {"G04", "Werdau"}};
const std::vector<Indicator> kIndicators = {{2, "Gebietsgröße", "sum", "km²"},
                                            {16, "Wanderungssaldo", "rate", "Saldo je 1.000 Einwohner"},
                                            {18, "Arbeitslose", "rate", "%"}};

CellState num(double v) {
    CellState c;
    c.number = v;
    return c;
}

CellState txt(const std::string& t) {
    CellState c;
    c.text = t;
    return c;
}

WerteRow werte_row(int row, int year, const std::string& area, int ind, CellState d, CellState e,
                   CellState f) {
    WerteRow w;
    w.row = row;
    w.year = year;
    w.area = area;
    w.indicator = ind;
    w.cells = {d, e, f};
    return w;
}

std::vector<WerteRow> landkreis() {
    return {
        werte_row(6, 2023, "G01", 18, num(3000), num(50000), {}),
        werte_row(7, 2023, "G04", 18, num(500), num(12000), {}),
        werte_row(8, 2023, "G04", 2, {}, {}, num(66.6)),
        werte_row(9, 2022, "G04", 18, num(520), num(12100), {}),
        werte_row(10, 2023, "G04", 16, {}, {}, {}),  // still empty: the Kommune fills it
    };
}

// The form as it comes back unchanged: sheets, identity, the visible rows with the prefilled inputs.
Returned returned_of(const Form& form) {
    Returned r;
    r.sheets = {kGuideSheet, kFormSheet, kIdentitySheet};
    r.identity.kind = kFormKind;
    r.identity.version = kFormVersion;
    r.identity.kommune = form.kommune;
    r.identity.kommune_name = form.kommune_name;
    r.identity.source = "Landkreis.ods";
    r.identity.created = "03.12.2026";
    r.identity.checksum = checksum(structure_text(form));
    r.form = form;
    for (const auto& fr : form.rows) {
        ReturnedRow rr;
        rr.form_row = fr.form_row;
        rr.year = std::to_string(fr.year);
        rr.area = fr.area;
        rr.indicator = std::to_string(fr.indicator);
        for (std::size_t k = 0; k < 3; ++k) {
            if (fr.base[k]) {
                rr.input[k].number = fr.base[k];
            }
        }
        r.rows.push_back(rr);
    }
    return r;
}

ReturnedRow& row_of(Returned& r, int year, int ind) {
    return *std::find_if(r.rows.begin(), r.rows.end(), [&](const ReturnedRow& x) {
        return x.year == std::to_string(year) && x.indicator == std::to_string(ind);
    });
}

MergeOptions options(bool apply = false) {
    MergeOptions o;
    o.apply_changes = apply;
    o.source_file = "Datenmeldung_G04_Werdau.xlsx";
    return o;
}

std::string joined(const MergePlan& plan) {
    std::string out;
    for (const auto& l : plan.report) {
        out += l + "\n";
    }
    return out;
}

std::string refusal(const Returned& r, const MergeOptions& o = options()) {
    try {
        plan_merge(r, o, kAreas, kIndicators, landkreis(), {});
    } catch (const isp::Error& e) {
        return e.message_de();
    }
    return "";
}

TEST(Datenmeldung, RulesFollowArtAndSaldo) {
    EXPECT_EQ(field_rules(kIndicators[2]), (std::array<Rule, 3>{Rule::Count, Rule::Positive, Rule::None}));
    EXPECT_EQ(field_rules(kIndicators[1]),
              (std::array<Rule, 3>{Rule::WholeNumber, Rule::Positive, Rule::None}));
    EXPECT_EQ(field_rules(kIndicators[0]), (std::array<Rule, 3>{Rule::None, Rule::None, Rule::NonNegative}));
    EXPECT_EQ(field_rules({5, "Saldo Zuzüge minus Fortzüge", "mean", ""})[2], Rule::Number);
    for (Rule r : {Rule::Count, Rule::WholeNumber, Rule::Positive, Rule::NonNegative, Rule::Number}) {
        EXPECT_EQ(rule_from_code(rule_code(r)), r);
    }
}

TEST(Datenmeldung, FormHoldsOnlyTheKommunesRowsNewestYearFirst) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    EXPECT_EQ(form.kommune_name, "Werdau");
    EXPECT_EQ(form.newest_year, 2023);
    ASSERT_EQ(form.rows.size(), 4u);  // rows 7, 8, 9, 10 of the Werte sheet; G01's row 6 is not there
    // 2023 first (indicators 2, 16, 18 in order), then 2022
    EXPECT_EQ(form.rows[0].werte_row, 8);
    EXPECT_EQ(form.rows[1].werte_row, 10);
    EXPECT_EQ(form.rows[2].werte_row, 7);
    EXPECT_EQ(form.rows[3].werte_row, 9);
    EXPECT_EQ(form.rows[0].form_row, kFormFirstRow);
    EXPECT_EQ(form.rows[3].form_row, kFormFirstRow + 3);
    EXPECT_TRUE(form.rows[2].required);
    EXPECT_FALSE(form.rows[3].required);
    EXPECT_EQ(form.rows[2].base[0], 500.0);
    EXPECT_EQ(form.rows[2].base[1], 12000.0);
    EXPECT_FALSE(form.rows[2].base[2].has_value());
    EXPECT_EQ(form.rows[0].base[2], 66.6);
}

TEST(Datenmeldung, NewYearAddsOneRowPerIndicator) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis(), 2024);
    EXPECT_EQ(form.newest_year, 2024);
    ASSERT_EQ(form.rows.size(), 7u);  // 3 indicators for 2024 + the 4 rows above
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(form.rows[i].year, 2024);
        EXPECT_EQ(form.rows[i].werte_row, 0);
        EXPECT_TRUE(form.rows[i].required);
    }
    EXPECT_FALSE(form.rows[3].required);  // 2023 is no longer the reporting year
}

TEST(Datenmeldung, UnknownKommuneIsRefused) {
    try {
        plan_form("G99", kAreas, kIndicators, landkreis());
        FAIL();
    } catch (const isp::Error& e) {
        EXPECT_NE(e.message_de().find("„G99“ steht nicht auf dem Blatt Gebiete"), std::string::npos);
    }
}

TEST(Datenmeldung, ChecksumIsFnv1a64AndCoversTheStructure) {
    // Published FNV-1a 64 test vectors: "" → cbf29ce484222325, "a" → af63dc4c8601ec8c.
    EXPECT_EQ(checksum(""), "cbf29ce484222325");
    EXPECT_EQ(checksum("a"), "af63dc4c8601ec8c");
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    const std::string base = checksum(structure_text(form));
    Form moved = form;
    std::swap(moved.rows[0].indicator, moved.rows[1].indicator);
    EXPECT_NE(checksum(structure_text(moved)), base);
    Form rebased = form;
    rebased.rows[2].base[0] = 501;
    EXPECT_NE(checksum(structure_text(rebased)), base);
    Form other = form;
    other.kommune = "G01";
    EXPECT_NE(checksum(structure_text(other)), base);
}

TEST(Datenmeldung, UnchangedReturnChangesNothing) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    const MergePlan plan = plan_merge(returned_of(form), options(), kAreas, kIndicators, landkreis(), {});
    EXPECT_TRUE(plan.writes.empty());
    EXPECT_EQ(plan.unchanged, 5);         // 500, 12000, 66,6, 520, 12100
    EXPECT_EQ(plan.missing_required, 2);  // indicator 16 (2023): Zähler and Nenner empty
    EXPECT_NE(joined(plan).find("Keine Änderung"), std::string::npos);
}

TEST(Datenmeldung, FillsEmptyCellsAndLogsThem) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned r = returned_of(form);
    row_of(r, 2023, 16).input = {num(-35), num(12000), {}};
    const MergePlan plan = plan_merge(r, options(), kAreas, kIndicators, landkreis(), {});
    ASSERT_EQ(plan.writes.size(), 2u);
    EXPECT_EQ(plan.writes[0].row, 10);
    EXPECT_EQ(plan.writes[0].field, Field::Zaehler);
    EXPECT_EQ(plan.writes[0].number, -35.0);  // a Saldo may be negative
    EXPECT_EQ(plan.filled, 2);
    ASSERT_EQ(plan.log.size(), 2u);
    EXPECT_EQ(plan.log[0].cell, "D10");
    EXPECT_EQ(plan.log[1].cell, "E10");
    EXPECT_EQ(plan.log[0].what, "neu");
    EXPECT_FALSE(plan.log[0].old_number.has_value());
    EXPECT_EQ(plan.log[0].area, "G04");
    EXPECT_EQ(plan.log[0].year, 2023);
    EXPECT_EQ(plan.missing_required, 0);
}

TEST(Datenmeldung, ChangesNeedUebernehmenAndAreLoggedWithTheOldValue) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned r = returned_of(form);
    row_of(r, 2023, 18).input[0] = num(510);
    const MergePlan reported = plan_merge(r, options(false), kAreas, kIndicators, landkreis(), {});
    EXPECT_TRUE(reported.writes.empty());
    EXPECT_EQ(reported.pending, 1);
    EXPECT_NE(joined(reported).find("Zähler: 500 → 510 (nicht übernommen: dafür --uebernehmen angeben)"),
              std::string::npos)
        << joined(reported);
    const MergePlan applied = plan_merge(r, options(true), kAreas, kIndicators, landkreis(), {});
    ASSERT_EQ(applied.writes.size(), 1u);
    EXPECT_EQ(applied.writes[0].row, 7);
    EXPECT_EQ(applied.changed, 1);
    ASSERT_EQ(applied.log.size(), 1u);
    EXPECT_EQ(applied.log[0].cell, "D7");
    EXPECT_EQ(applied.log[0].old_number, 500.0);
    EXPECT_EQ(applied.log[0].new_number, 510.0);
    EXPECT_EQ(applied.log[0].what, "geändert");
}

TEST(Datenmeldung, ValueChangedInTheLandkreisMeanwhileIsAConflict) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned r = returned_of(form);
    row_of(r, 2023, 18).input[0] = num(510);
    auto werte = landkreis();
    werte[1].cells[0] = num(505);  // the planner corrected D7 after the form was sent
    const MergePlan plan = plan_merge(r, options(true), kAreas, kIndicators, werte, {});
    EXPECT_TRUE(plan.writes.empty());
    EXPECT_EQ(plan.conflicts, 1);
    EXPECT_NE(joined(plan).find("Landkreis 505, beim Erzeugen 500, Kommune 510"), std::string::npos)
        << joined(plan);
}

TEST(Datenmeldung, InvalidCellsAreRefusedOneByOne) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned r = returned_of(form);
    row_of(r, 2023, 18).input = {txt("zwölf"), num(0), {}};  // not a number; denominator 0
    row_of(r, 2022, 18).input = {num(-3), num(12100), {}};   // a negative count
    row_of(r, 2023, 16).input = {
        num(2.5), txt(" 12.000 "), {}};     // a count with decimals; a German number as text
    row_of(r, 2023, 2).input[2] = num(-1);  // km² below 0
    const MergePlan plan = plan_merge(r, options(true), kAreas, kIndicators, landkreis(), {});
    const std::string rep = joined(plan);
    EXPECT_EQ(plan.invalid, 5) << rep;
    EXPECT_NE(rep.find("„zwölf“ ist keine Zahl"), std::string::npos) << rep;
    EXPECT_NE(rep.find("Nenner: 0 ist nicht größer als 0"), std::string::npos) << rep;
    EXPECT_NE(rep.find("-3 ist keine ganze Zahl ≥ 0"), std::string::npos) << rep;
    EXPECT_NE(rep.find("2,5 ist keine ganze Zahl"), std::string::npos) << rep;
    EXPECT_NE(rep.find("Wert: -1 ist negativ"), std::string::npos) << rep;
    // Only the Nenner typed as text "12.000" arrives (E10 was empty).
    ASSERT_EQ(plan.writes.size(), 1u);
    EXPECT_EQ(plan.writes[0].row, 10);
    EXPECT_EQ(plan.writes[0].number, 12000.0);
    EXPECT_NE(rep.find("als Text eingetragen"), std::string::npos);
}

TEST(Datenmeldung, RepeatedMergeIsIdempotent) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned r = returned_of(form);
    row_of(r, 2023, 16).input = {num(-35), num(12000), {}};
    row_of(r, 2023, 18).input[0] = num(510);
    auto werte = landkreis();
    const MergePlan first = plan_merge(r, options(true), kAreas, kIndicators, werte, {});
    ASSERT_EQ(first.writes.size(), 3u);
    for (const auto& w : first.writes) {  // carry the plan out as the applier does
        for (auto& row : werte) {
            if (row.row == w.row) {
                row.cells[static_cast<std::size_t>(w.field) - 3].number = w.number;
            }
        }
    }
    const MergePlan second = plan_merge(r, options(true), kAreas, kIndicators, werte, {});
    EXPECT_TRUE(second.writes.empty()) << joined(second);
    EXPECT_TRUE(second.log.empty());
    EXPECT_EQ(second.conflicts, 0);
}

TEST(Datenmeldung, NewYearRowsGoToFreeRows) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis(), 2024);
    Returned r = returned_of(form);
    row_of(r, 2024, 18).input = {num(480), num(11900), {}};
    row_of(r, 2024, 2).input[2] = num(66.6);
    const MergePlan plan = plan_merge(r, options(), kAreas, kIndicators, landkreis(), {11, 12, 13});
    ASSERT_EQ(plan.new_rows.size(), 2u);
    EXPECT_EQ(plan.new_rows[0].row, 11);  // indicator 2 comes first on the form
    EXPECT_EQ(plan.new_rows[0].indicator, 2);
    EXPECT_EQ(plan.new_rows[1].row, 12);
    EXPECT_EQ(plan.new_rows[1].year, 2024);
    EXPECT_EQ(plan.writes.size(), 3u);
    const MergePlan full = plan_merge(r, options(), kAreas, kIndicators, landkreis(), {});
    EXPECT_TRUE(full.writes.empty());
    EXPECT_NE(joined(full).find("keine freie Zeile"), std::string::npos);
}

TEST(Datenmeldung, FillingRemovesAStaleImportReason) {
    auto werte = landkreis();
    werte[4].cells[0].comment = std::string(kCommentPrefix) + "„.“ Zahlenwert unbekannt";
    const Form form = plan_form("G04", kAreas, kIndicators, werte);
    Returned r = returned_of(form);
    row_of(r, 2023, 16).input[0] = num(-35);
    const MergePlan plan = plan_merge(r, options(), kAreas, kIndicators, werte, {});
    ASSERT_EQ(plan.writes.size(), 1u);
    EXPECT_EQ(plan.writes[0].comment_action, CommentAction::Remove);
}

TEST(Datenmeldung, WrongKommuneIsRefused) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    MergeOptions o = options();
    o.expected_kommune = "G01";
    const std::string msg = refusal(returned_of(form), o);
    EXPECT_NE(msg.find("ist die Datenmeldung von G04 Werdau, nicht von G01 Zwickau"), std::string::npos)
        << msg;
}

TEST(Datenmeldung, KommuneOfAnotherWorkbookIsRefused) {
    const std::vector<Area> other = {{"G77", "Plauen"}};
    const Form form = plan_form("G77", other, kIndicators, {werte_row(6, 2023, "G77", 2, {}, {}, num(1))});
    const std::string msg = refusal(returned_of(form));
    EXPECT_NE(msg.find("gehört zu einer anderen Arbeitsmappe"), std::string::npos) << msg;
}

TEST(Datenmeldung, TamperedStructureIsRefused) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    {
        Returned r = returned_of(form);
        r.sheets[1] = "Meldung Werdau";
        const std::string msg = refusal(r);
        EXPECT_NE(msg.find("Das Blatt „Meldung“ fehlt – wurde es umbenannt oder gelöscht?"),
                  std::string::npos)
            << msg;
        EXPECT_NE(msg.find("„Meldung Werdau“"), std::string::npos) << msg;
    }
    {
        Returned r = returned_of(form);
        std::swap(r.rows[0].indicator, r.rows[1].indicator);  // rows sorted by the Kommune
        const std::string msg = refusal(r);
        EXPECT_NE(msg.find("Zeile 6: erwartet 2023 / G04 / Indikator 2, gefunden 2023 / G04 / Indikator 16"),
                  std::string::npos)
            << msg;
    }
    {
        Returned r = returned_of(form);
        r.rows[2].area = "G01";  // a key changed
        EXPECT_NE(refusal(r).find("Schlüssel geändert"), std::string::npos);
    }
    {
        Returned r = returned_of(form);
        r.rows.pop_back();  // a row deleted
        EXPECT_NE(refusal(r).find("3 Zeilen statt 4"), std::string::npos);
    }
    {
        Returned r = returned_of(form);
        r.form.rows[0].base[2] = 70;  // the hidden base value edited
        EXPECT_NE(refusal(r).find("passt nicht zu ihrer Prüfsumme"), std::string::npos);
    }
    {
        Returned r = returned_of(form);
        r.identity.kind = "";
        EXPECT_NE(refusal(r).find("ist keine Datenmeldung"), std::string::npos);
    }
}

// A form made from an older state of the Landkreis workbook comes back untouched in a cell the planner has
// corrected since: the Kommune did not change it, so the newer Landkreis value stays and no conflict is
// raised (before: "Landkreis 505, beim Erzeugen 500, Kommune 500" for every such cell).
TEST(Datenmeldung, UntouchedCellOfAnOlderFormKeepsTheNewerLandkreisValue) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned r = returned_of(form);  // D7 comes back as shown: 500
    auto werte = landkreis();
    werte[1].cells[0] = num(505);  // the planner corrected D7 after the form was sent
    const MergePlan plan = plan_merge(r, options(true), kAreas, kIndicators, werte, {});
    EXPECT_TRUE(plan.writes.empty()) << joined(plan);
    EXPECT_EQ(plan.conflicts, 0) << joined(plan);
    EXPECT_EQ(plan.kept_newer, 1);
    EXPECT_EQ(plan.unchanged, 5);  // 500 (kept newer 505), 12000, 66,6, 520, 12100
    EXPECT_NE(joined(plan).find("1 Wert hat der Landkreis nach dem Erzeugen der Datenmeldung geändert"),
              std::string::npos)
        << joined(plan);
}

// Two different returns of the same Kommune merged one after the other: the second one's different value for
// a cell the first one filled is a reported conflict, never a silent "last one wins".
TEST(Datenmeldung, SecondReturnOfTheSameKommuneConflictsInsteadOfOverwriting) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned first = returned_of(form);
    row_of(first, 2023, 16).input = {num(-35), num(12000), {}};
    Returned second = returned_of(form);
    row_of(second, 2023, 16).input = {num(-40), num(12000), {}};
    auto werte = landkreis();
    const MergePlan one = plan_merge(first, options(true), kAreas, kIndicators, werte, {});
    ASSERT_EQ(one.writes.size(), 2u);
    werte[4].cells[0] = num(-35);  // carried out as the applier does (row 10, D and E)
    werte[4].cells[1] = num(12000);
    const MergePlan two = plan_merge(second, options(true), kAreas, kIndicators, werte, {});
    EXPECT_TRUE(two.writes.empty()) << joined(two);
    EXPECT_EQ(two.conflicts, 1) << joined(two);
    EXPECT_EQ(two.unchanged, 6);  // the equal Nenner and the five untouched values
    EXPECT_NE(joined(two).find("Zähler: Landkreis -35, beim Erzeugen (leer), Kommune -40"), std::string::npos)
        << joined(two);
}

// A huge number (a slip of the keyboard, 1e15 pasted past the form's validation) is refused, not stored.
TEST(Datenmeldung, ImplausiblyLargeInputIsRefused) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned r = returned_of(form);
    row_of(r, 2023, 16).input = {num(-1e12), num(1e15), {}};
    row_of(r, 2023, 2).input[2] = num(999999999999);  // just below the limit: accepted (a change, pending)
    const MergePlan plan = plan_merge(r, options(), kAreas, kIndicators, landkreis(), {});
    const std::string rep = joined(plan);
    EXPECT_TRUE(plan.writes.empty()) << rep;
    EXPECT_EQ(plan.invalid, 2) << rep;
    EXPECT_EQ(plan.pending, 1) << rep;
    EXPECT_NE(rep.find("Nenner: 1e+15 ist unplausibel groß (Tippfehler?) – nicht übernommen"),
              std::string::npos)
        << rep;
    EXPECT_NE(rep.find("Zähler: -1e+12 ist unplausibel groß"), std::string::npos) << rep;
}

// Text a Kommune types into a cell formatted as text: thousands dots, decimal comma, blanks around.
TEST(Datenmeldung, GermanNumbersTypedAsTextAreRead) {
    const Form form = plan_form("G04", kAreas, kIndicators, landkreis());
    Returned r = returned_of(form);
    row_of(r, 2023, 16).input = {txt(" 17 "), txt("1.234"), {}};
    row_of(r, 2023, 2).input[2] = txt("12,5");
    row_of(r, 2022, 18).input[0] = txt("12,5");  // a count with decimals
    const MergePlan plan = plan_merge(r, options(true), kAreas, kIndicators, landkreis(), {});
    const std::string rep = joined(plan);
    ASSERT_EQ(plan.writes.size(), 3u) << rep;
    EXPECT_EQ(plan.writes[0].number, 12.5);  // indicator 2 first on the form (km², a Wert)
    EXPECT_EQ(plan.writes[1].number, 17.0);
    EXPECT_EQ(plan.writes[2].number, 1234.0);
    EXPECT_EQ(plan.invalid, 1) << rep;
    EXPECT_NE(rep.find("12,5 ist keine ganze Zahl ≥ 0"), std::string::npos) << rep;
}

}  // namespace
