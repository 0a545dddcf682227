// The data import's parser and planner (addin/import/daten_import.hpp, docs/import.md) without Calc. Expected
// values are read off the test input by hand (the file lines are written out in each test).
#include "daten_import.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "isp/error.hpp"

using namespace isp::daten;

namespace {

std::string read_file(const std::string& name) {
    std::ifstream in(std::string(ISP_IMPORT_DATA_DIR) + "/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::vector<Area> kAreas = {{"G01", "Zwickau"},
                                  {"G06", "Neukirchen"},
                                  {"G20", "Bernsdorf"},
                                  {"G30", "Hartmannsdorf"},
                                  {"G16", "Callenberg"}};
const std::vector<Mapping> kMapping = {{"14524330", "G01", "Zwickau, Stadt"},
                                       {"14524210", "G06", "Neukirchen/Pleiße"},
                                       {"14524010", "G20", "Bernsdorf"},
                                       {"14524100", "G30", "Hartmannsdorf b. Kirchberg"},
                                       {"14524020", "G16", "Callenberg"}};

ImportSpec wert_spec(int year = 2024) {
    ImportSpec s;
    s.indicator = 10;
    s.indicator_art = "sum";
    s.year = year;
    s.targets = {{Field::Wert, 0}};
    s.source = "test.csv";
    return s;
}

const CellWrite* write_for(const Plan& p, int row, Field f) {
    for (const auto& w : p.writes) {
        if (w.row == row && w.field == f) {
            return &w;
        }
    }
    return nullptr;
}

WerteRow werte_row(int row, const std::string& area, std::optional<double> wert,
                   const std::string& comment = {}) {
    WerteRow w;
    w.row = row;
    w.year = 2024;
    w.area = area;
    w.indicator = 10;
    w.cells[2].number = wert;
    w.cells[2].comment = comment;
    return w;
}

bool report_has(const Plan& p, const std::string& part) {
    for (const auto& r : p.report) {
        if (r.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST(DatenImportNumbers, GermanFormat) {
    EXPECT_EQ(parse_german_number("1234"), 1234.0);
    EXPECT_EQ(parse_german_number("1.234"), 1234.0);  // thousands dot
    EXPECT_EQ(parse_german_number("1.234.567,5"), 1234567.5);
    EXPECT_EQ(parse_german_number("-12,5"), -12.5);
    EXPECT_EQ(parse_german_number("0,05"), 0.05);
    EXPECT_EQ(parse_german_number("0"), 0.0);   // "0" is a real (rounded) zero, not a sign
    EXPECT_FALSE(parse_german_number("12.5"));  // a dot that cannot group thousands: ambiguous
    EXPECT_FALSE(parse_german_number("1.23,4"));
    EXPECT_FALSE(parse_german_number("1,2,3"));
    EXPECT_FALSE(parse_german_number("12 Personen"));
    EXPECT_FALSE(parse_german_number(""));
    EXPECT_FALSE(parse_german_number("."));
    EXPECT_EQ(german_number(1234567.5), "1.234.567,5");
    EXPECT_EQ(german_number(-12.25), "-12,25");
}

TEST(DatenImportSigns, EveryOfficialSignIsMissingWithReason) {
    for (const char* s : {"-", "–", ".", "x", "/", "…", "...", "()", "(12,3)", "*"}) {
        EXPECT_TRUE(special_sign_meaning(s).has_value()) << s;
    }
    EXPECT_NE(special_sign_meaning("(12,3)")->find("12,3"),
              std::string::npos);  // the value stays in the reason
    EXPECT_FALSE(special_sign_meaning("0"));
    EXPECT_FALSE(special_sign_meaning("abc"));
    EXPECT_FALSE(special_sign_meaning("(abc)"));
}

TEST(DatenImportParse, HeaderFooterLeadingZerosAndSigns) {
    const std::string csv =
        "GENESIS-Tabelle: 12411-01-01-4\n"
        "Bevölkerung;;;\n"
        ";;;Insgesamt;männlich\n"
        ";;;Anzahl;Anzahl\n"
        "31.12.2023;01001000;Flensburg, Stadt;91.113;45.000\n"
        "31.12.2023;14524330;Zwickau, Stadt;.;x\n"
        "31.12.2023;14524210;Neukirchen/Pleiße;(12,5);…\n"
        "__________\n"
        "(C)opyright Statistische Ämter des Bundes und der Länder\n"
        "Stand: 01.02.2024;12\n";
    const Table t = parse_genesis_csv(csv);
    ASSERT_EQ(t.lines.size(), 3u);
    EXPECT_EQ(t.title, "GENESIS-Tabelle: 12411-01-01-4");
    ASSERT_EQ(t.columns.size(), 2u);
    EXPECT_EQ(t.columns[0], "Insgesamt / Anzahl");
    EXPECT_EQ(t.lines[0].code, "01001000");  // leading zero kept
    EXPECT_EQ(t.lines[0].year, 2023);
    EXPECT_EQ(t.lines[0].line, 5);
    EXPECT_EQ(t.lines[0].values[0].number, 91113.0);
    EXPECT_FALSE(t.lines[1].values[0].number);  // "." is missing, never 0
    EXPECT_EQ(t.lines[1].values[0].sign, ".");
    EXPECT_NE(t.lines[1].values[0].reason.find("geheim"), std::string::npos);
    EXPECT_EQ(t.lines[1].values[1].sign, "x");
    EXPECT_FALSE(t.lines[2].values[0].number);
    EXPECT_EQ(t.lines[2].values[1].sign, "…");
    EXPECT_TRUE(t.problems.empty());  // the footer is not read as data
}

TEST(DatenImportParse, BomCrlfAndWindows1252) {
    // UTF-8 with BOM and CRLF
    const Table a = parse_genesis_csv("\xEF\xBB\xBFTitel\r\n;;Wert\r\n14524330;Zwickau;5\r\n");
    ASSERT_EQ(a.lines.size(), 1u);
    EXPECT_EQ(a.title, "Titel");
    EXPECT_EQ(a.lines[0].name, "Zwickau");
    EXPECT_EQ(a.lines[0].values[0].number, 5.0);
    // Windows-1252: "Mülsen" (ü = 0xFC) and the sign "–" (0x96)
    const Table b = parse_genesis_csv("Titel\r\n14524200;M\xFClsen;\x96\r\n");
    ASSERT_EQ(b.lines.size(), 1u);
    EXPECT_EQ(b.lines[0].name, "Mülsen");
    EXPECT_EQ(b.lines[0].values[0].sign, "–");
}

TEST(DatenImportParse, BadLinesGiveGermanMessages) {
    const Table t = parse_genesis_csv(
        "T\n;;A;B\n14524330;Zwickau;1;2\n14524210;Neukirchen;12 Personen;3\n"
        "14524010;Bernsdorf;1;2;3\n14524020;Callenberg;4;5\n");
    ASSERT_EQ(t.lines.size(), 2u);
    ASSERT_EQ(t.problems.size(), 2u);
    EXPECT_NE(t.problems[0].find("Dateizeile 4"), std::string::npos);
    EXPECT_NE(t.problems[0].find("„12 Personen“ ist weder eine Zahl"), std::string::npos);
    EXPECT_NE(t.problems[1].find("Dateizeile 5: 5 Felder statt 4"), std::string::npos);
}

TEST(DatenImportParse, NoDataIsAGermanError) {
    try {
        parse_genesis_csv("nur ein Titel\n\n__________\n");
        FAIL() << "expected isp::Error";
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.code(), isp::ErrorCode::EmptyInput);
        EXPECT_NE(e.message_de().find("keine Datenzeile"), std::string::npos);
    }
}

TEST(DatenImportParse, SampleFiles) {
    // data/import/make_samples.py: 33 Gemeinden + Land + Kreis + Plauen; Dennheritz ".", Hirschfeld "…".
    const Table pop = parse_genesis_csv(read_file("regionalstatistik_12411_bevoelkerung_2024.csv"));
    EXPECT_EQ(pop.lines.size(), 36u);
    EXPECT_TRUE(pop.problems.empty());
    EXPECT_EQ(pop.columns.size(), 3u);
    EXPECT_EQ(pop.columns[1], "männlich / Anzahl");
    // 33 Gemeinden, Neukirchen twice, one unreadable line (line 40: "12 Personen").
    const Table sgb = parse_genesis_csv(read_file("genesis_sachsen_sgb2_2023.csv"));
    EXPECT_EQ(sgb.lines.size(), 34u);
    ASSERT_EQ(sgb.problems.size(), 1u);
    EXPECT_NE(sgb.problems[0].find("12 Personen"), std::string::npos);
    EXPECT_EQ(sgb.columns[0], "Personen in Bedarfsgemeinschaften");
    const Table kita = parse_genesis_csv(read_file("gemeinden_nach_name_kita_2024.csv"));
    EXPECT_EQ(kita.lines.size(), 35u);
    EXPECT_TRUE(kita.lines[0].code.empty());
    EXPECT_EQ(kita.lines[0].name, "Zwickau, Stadt");
    EXPECT_EQ(kita.lines[0].values[0].number, 1914.0);
}

TEST(DatenImportColumns, ByNumberOrName) {
    const Table t = parse_genesis_csv("T\n;;Insgesamt;männlich;weiblich\n14524330;Zwickau;1;2;3\n");
    EXPECT_EQ(find_column(t, "2"), 1u);
    EXPECT_EQ(find_column(t, "weiblich"), 2u);
    EXPECT_EQ(find_column(t, "Insges"), 0u);
    EXPECT_THROW(find_column(t, "4"), isp::Error);
    EXPECT_THROW(find_column(t, "99999999999999999999"), isp::Error);  // German message, no std::out_of_range
    EXPECT_THROW(find_column(t, "lich"), isp::Error);                  // männlich and weiblich
}

std::string german_message(const std::function<void()>& call) {
    try {
        call();
    } catch (const isp::Error& e) {
        return e.message_de();
    }
    return "(no error)";
}

// choose_targets: the one rule of the CLI and the menu for which file column goes where.
TEST(DatenImportColumns, ChoiceOfTheCallerOrTheOneColumn) {
    const Table three = parse_genesis_csv("T\n;;Insgesamt;männlich;weiblich\n14524330;Zwickau;1;2;3\n");
    const Table one = parse_genesis_csv("T\n;;Insgesamt\n14524330;Zwickau;1\n");
    const auto t = choose_targets(three, {{Field::Zaehler, "weiblich"}, {Field::Nenner, "1"}}, 18, "rate");
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[0].field, Field::Zaehler);
    EXPECT_EQ(t[0].column, 2u);
    EXPECT_EQ(t[1].field, Field::Nenner);
    EXPECT_EQ(t[1].column, 0u);
    // one column, no choice: Wert for a sum or mean, refused for a rate (which field is it?)
    const auto w = choose_targets(one, {}, 10, "sum");
    ASSERT_EQ(w.size(), 1u);
    EXPECT_EQ(w[0].field, Field::Wert);
    EXPECT_EQ(w[0].column, 0u);
    EXPECT_NE(
        german_message([&] { choose_targets(one, {}, 18, "rate"); }).find("Indikator 18 ist eine Quote"),
        std::string::npos);
    // several columns, no choice: refused, naming them
    EXPECT_NE(
        german_message([&] { choose_targets(three, {}, 10, "sum"); })
            .find("mehrere Wertspalten – mit --zaehler, --nenner oder --wert eine wählen (1 = Insgesamt; 2 = "
                  "männlich; 3 = weiblich)"),
        std::string::npos);
    EXPECT_THROW(choose_targets(three, {{Field::Wert, "4"}}, 10, "sum"), isp::Error);
}

// parse_mapping: the bundled table (34 lines: the header and the 33 Gemeinden of Landkreis Zwickau) and its
// refusals.
TEST(DatenImportMapping, SampleTableAndBadLines) {
    const auto m = parse_mapping(read_file("zuordnung_zwickau.csv"), "zuordnung_zwickau.csv");
    ASSERT_EQ(m.size(), 33u);
    // line 2: "14524330;G01;Zwickau, Stadt"
    EXPECT_EQ(m[0].ags, "14524330");
    EXPECT_EQ(m[0].id, "G01");
    EXPECT_EQ(m[0].name, "Zwickau, Stadt");
    // BOM, CRLF, an empty line, a quoted name with ";", a line without name
    const auto q = parse_mapping(
        "\xEF\xBB\xBF"
        "AGS;ID;Name\r\n\r\n01001000;X1;\"Flensburg; Stadt\"\r\n01002000;X2\r\n",
        "q.csv");
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(q[0].ags, "01001000");  // leading zero kept
    EXPECT_EQ(q[0].name, "Flensburg; Stadt");
    EXPECT_EQ(q[1].name, "");
    EXPECT_EQ(german_message([] { parse_mapping("AGS;ID;Name\nZwickau;G01;Zwickau\n", "z.csv"); }),
              "Ungültiger Parameter: Zuordnungstabelle „z.csv“, Zeile 2: erwartet AGS;Gemeinde-ID;Name");
    EXPECT_THROW(parse_mapping("AGS;ID;Name\n14524330\n", "z.csv"), isp::Error);  // no Gemeinde-ID
}

// sheet_as_text: a spreadsheet's cells as the parser's text (the Bundesagentur's XLSX).
TEST(DatenImportSheet, CellsAsParserText) {
    const std::vector<std::vector<SheetCell>> rows = {
        {{std::nullopt, "Stichtag"},
         {std::nullopt, "Schlüssel"},
         {std::nullopt, "Name"},
         {std::nullopt, "Anzahl"}},
        // 45657 = 31.12.2024 (days since 30.12.1899); "01001000" stored as text keeps its zero
        {{45657.0, ""}, {std::nullopt, "01001000"}, {std::nullopt, "Flensburg; Stadt"}, {1234.5, ""}},
        {{45291.0, ""}, {std::nullopt, "14524330"}, {std::nullopt, "Zwickau \"Stadt\""}, {3480.0, ""}},
        {{std::nullopt, ""}, {std::nullopt, ""}, {std::nullopt, "Quelle: BA"}, {std::nullopt, "*"}},
    };
    EXPECT_EQ(sheet_as_text(rows, {true, false, false, false}),
              "Stichtag;Schlüssel;Name;Anzahl\n"
              "31.12.2024;01001000;\"Flensburg; Stadt\";1234,5\n"
              "31.12.2023;14524330;\"Zwickau \"\"Stadt\"\"\";3480\n"
              ";;Quelle: BA;*\n");
    // without the date flag the serial stays a number; 0,1 without binary noise; 29.02.2024 = 45351
    EXPECT_EQ(sheet_as_text({{{45657.0, ""}, {0.1, ""}, {45351.0, ""}}}, {false, false, true}),
              "45657;0,1;29.02.2024\n");
    // what the parser makes of it: the year from the date, the key as text
    const Table t = parse_genesis_csv(sheet_as_text(rows, {true, false, false, false}));
    ASSERT_EQ(t.lines.size(), 2u);
    EXPECT_EQ(t.lines[0].year, 2024);
    EXPECT_EQ(t.lines[0].code, "01001000");
    EXPECT_EQ(t.lines[0].values[0].number, 1234.5);
}

TEST(DatenImportPlan, AppendsMatchesByAgsAndNameAndReportsTheRest) {
    const Table t = parse_genesis_csv(
        "T\n;;;Wert\n"
        "31.12.2024;14;Sachsen;100\n"
        "31.12.2024;14524330;Zwickau, Stadt;87.000\n"
        "31.12.2024;14524210;Neukirchen/Pleiße;.\n"
        "31.12.2024;14523320;Plauen, Stadt;5\n"
        "31.12.2024;1452410;Hartmannsdorf;7\n");
    const Plan p = plan_import(t, wert_spec(), kAreas, kMapping, {}, {100, 101, 102});
    ASSERT_EQ(p.new_rows.size(), 2u);
    EXPECT_EQ(p.new_rows[0].area, "G01");
    EXPECT_EQ(p.new_rows[0].row, 100);
    EXPECT_EQ(p.new_rows[1].area, "G06");
    const auto* w = write_for(p, 100, Field::Wert);
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->number, 87000.0);
    const auto* m = write_for(p, 101, Field::Wert);
    ASSERT_NE(m, nullptr);
    EXPECT_FALSE(m->number);  // missing, never 0
    EXPECT_EQ(m->comment_action, CommentAction::Set);
    EXPECT_EQ(m->comment.rfind(kCommentPrefix, 0), 0u);
    EXPECT_NE(m->comment.find("„.“"), std::string::npos);
    EXPECT_NE(m->comment.find("test.csv"), std::string::npos);
    EXPECT_EQ(p.imported, 1);
    EXPECT_EQ(p.missing, 1);
    EXPECT_EQ(p.unmatched, 2);
    EXPECT_TRUE(report_has(p, "AGS 14523320 gehört zu keiner Gemeinde"));
    EXPECT_TRUE(report_has(p, "7 Stellen – führende Null verloren?"));
    EXPECT_TRUE(report_has(p, "14 Sachsen (kein Gemeindeschlüssel"));
}

TEST(DatenImportPlan, UpdatesReportOldToNewAndReimportChangesNothing) {
    const Table t = parse_genesis_csv("T\n;;Wert\n14524330;Zwickau;1.250\n14524020;Callenberg;x\n");
    WerteRow zwickau = werte_row(7, "G01", 1200.0);
    WerteRow callenberg = werte_row(8, "G16", 33.0);
    const Plan p = plan_import(t, wert_spec(), kAreas, kMapping, {zwickau, callenberg}, {});
    EXPECT_TRUE(p.new_rows.empty());
    EXPECT_EQ(p.changed, 2);
    EXPECT_TRUE(report_has(p, "Werte-Zeile 7 (G01 Zwickau, 2024, Indikator 10) Wert: 1.200 → 1.250"));
    EXPECT_TRUE(report_has(p, "Werte-Zeile 8 (G16 Callenberg, 2024, Indikator 10) Wert: 33 → leer („x“"));
    // The sheet after the import: re-importing changes nothing.
    zwickau.cells[2].number = 1250.0;
    callenberg.cells[2].number.reset();
    callenberg.cells[2].comment = write_for(p, 8, Field::Wert)->comment;
    const Plan again = plan_import(t, wert_spec(), kAreas, kMapping, {zwickau, callenberg}, {});
    EXPECT_TRUE(again.writes.empty());
    EXPECT_TRUE(again.new_rows.empty());
    EXPECT_EQ(again.changed, 0);
    EXPECT_EQ(again.unchanged, 2);
    EXPECT_TRUE(report_has(again, "Keine Änderung"));
}

TEST(DatenImportPlan, NumberReplacesMissingAndRemovesOnlyItsOwnComment) {
    const Table t = parse_genesis_csv("T\n;;Wert\n14524330;Zwickau;5\n14524020;Callenberg;6\n");
    const WerteRow a =
        werte_row(7, "G01", std::nullopt, std::string(kCommentPrefix) + "„.“ Zahlenwert unbekannt");
    // b: the planner's own comment
    const WerteRow b = werte_row(8, "G16", std::nullopt, "Wert von Frau M. telefonisch bestätigt");
    const Plan p = plan_import(t, wert_spec(), kAreas, kMapping, {a, b}, {});
    EXPECT_EQ(write_for(p, 7, Field::Wert)->comment_action, CommentAction::Remove);
    EXPECT_EQ(write_for(p, 8, Field::Wert)->comment_action, CommentAction::Keep);
}

TEST(DatenImportPlan, NamesThatOccurTwiceNeedTheAgs) {
    // "Bernsdorf" (Landkreis Zwickau) and "Bernsdorf, Stadt" (Landkreis Bautzen) in one Sachsen table.
    const Table t = parse_genesis_csv(
        "T\nGemeinde;Wert\nBernsdorf;5\nBernsdorf, Stadt;6\nHartmannsdorf b. "
        "Kirchberg;7\nNeukirchen;8\n");
    const Plan p = plan_import(t, wert_spec(), kAreas, kMapping, {}, {1, 2, 3, 4});
    ASSERT_EQ(p.new_rows.size(), 2u);
    EXPECT_EQ(p.new_rows[0].area, "G06");  // by the workbook's own name
    EXPECT_EQ(p.new_rows[1].area, "G30");  // by the official name in the mapping table
    EXPECT_EQ(p.unmatched, 2);
    EXPECT_TRUE(
        report_has(p, "Name „Bernsdorf“ kommt in der Datei mehrfach vor – Zuordnung nur über den AGS"));
    // A name that two Gemeinden of the workbook share cannot be used either.
    std::vector<Area> areas = kAreas;
    areas.push_back({"G99", "Neukirchen"});
    const Plan q = plan_import(parse_genesis_csv("T\nGemeinde;Wert\nNeukirchen;8\n"), wert_spec(), areas,
                               kMapping, {}, {1});
    EXPECT_TRUE(q.new_rows.empty());
    EXPECT_TRUE(report_has(q, "passt zu mehreren Gemeinden (G06, G99)"));
}

TEST(DatenImportPlan, DuplicateKeysAreConflictsNotLastWins) {
    const Table t =
        parse_genesis_csv("T\n;;Wert\n14524210;Neukirchen/Pleiße;151\n14524210;Neukirchen/Pleiße;159\n");
    const Plan p = plan_import(t, wert_spec(), kAreas, kMapping, {}, {1, 2});
    EXPECT_TRUE(p.writes.empty());
    EXPECT_TRUE(report_has(p, "kommt in der Datei mehrfach vor (Dateizeilen 3, 4) – nicht übernommen"));
}

TEST(DatenImportPlan, RefusesCallsThatCannotWork) {
    const Table t = parse_genesis_csv("T\n;;A;B\n14524330;Zwickau;1;2\n");
    ImportSpec rate = wert_spec();
    rate.indicator = 18;
    rate.indicator_art = "rate";
    EXPECT_THROW(plan_import(t, rate, kAreas, kMapping, {}, {1}), isp::Error);  // Wert for a rate
    rate.targets = {{Field::Zaehler, 0}, {Field::Nenner, 1}};
    EXPECT_NO_THROW(plan_import(t, rate, kAreas, kMapping, {}, {1}));
    ImportSpec unknown = wert_spec();
    unknown.indicator_art = "";
    EXPECT_THROW(plan_import(t, unknown, kAreas, kMapping, {}, {1}), isp::Error);
    ImportSpec no_year = wert_spec();
    no_year.year.reset();
    EXPECT_THROW(plan_import(t, no_year, kAreas, kMapping, {}, {1}), isp::Error);
    EXPECT_THROW(plan_import(t, wert_spec(), kAreas, kMapping, {}, {}), isp::Error);  // no free row
}

TEST(DatenImportPlan, YearFromTheFileFiltersOtherYears) {
    const Table t =
        parse_genesis_csv("T\n;;;W\n31.12.2023;14524330;Zwickau;1\n31.12.2024;14524330;Zwickau;2\n");
    const Plan p = plan_import(t, wert_spec(2024), kAreas, kMapping, {}, {50});
    ASSERT_EQ(p.new_rows.size(), 1u);
    EXPECT_EQ(p.new_rows[0].year, 2024);
    EXPECT_EQ(write_for(p, 50, Field::Wert)->number, 2.0);
    EXPECT_TRUE(report_has(p, "1 Zeilen anderer Jahre"));
}

// ---- Territorial changes (issue 15 item 4; data/import/gebietsaenderungen_beispiel.csv: the FICTIONAL
// Gemeinden Altdorf 14524990 and Niederau 14524991 joined Werdau 14524300 = G04 on 01.01.2023) -------------

namespace {

const std::vector<Area> kWithWerdau = {{"G01", "Zwickau"}, {"G04", "Werdau"}};
const std::vector<Mapping> kMappingWerdau = {{"14524330", "G01", "Zwickau, Stadt"},
                                             {"14524300", "G04", "Werdau, Stadt"}};

ImportSpec rate_spec(int year, const std::vector<AreaChange>& changes) {
    ImportSpec s;
    s.indicator = 18;
    s.indicator_art = "rate";
    s.year = year;
    s.targets = {{Field::Zaehler, 0}, {Field::Nenner, 1}};
    s.source = "reihe.csv";
    s.changes = changes;
    return s;
}

// The plan's writes carried out on a sheet state (what the applier does), for re-import checks.
std::vector<WerteRow> applied(const Plan& p, std::vector<WerteRow> werte, int indicator) {
    for (const auto& n : p.new_rows) {
        WerteRow w;
        w.row = n.row;
        w.year = n.year;
        w.area = n.area;
        w.indicator = indicator;
        werte.push_back(w);
    }
    for (const auto& w : p.writes) {
        for (auto& r : werte) {
            if (r.row == w.row) {
                auto& c = r.cells[static_cast<std::size_t>(static_cast<int>(w.field) - 3)];
                c.number = w.number;
                if (w.comment_action == CommentAction::Set) c.comment = w.comment;
                if (w.comment_action == CommentAction::Remove) c.comment.clear();
            }
        }
    }
    return werte;
}

const WerteRow* row_of(const std::vector<WerteRow>& werte, int year, const std::string& area) {
    for (const auto& w : werte) {
        if (w.year == year && w.area == area) return &w;
    }
    return nullptr;
}

}  // namespace

TEST(DatenImportAreaChanges, SampleTableAndItsRules) {
    const auto changes = parse_area_changes(read_file("gebietsaenderungen_beispiel.csv"));
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0].old_ags, "14524990");
    EXPECT_EQ(changes[0].old_name, "Altdorf");
    EXPECT_EQ(changes[0].new_ags, "14524300");
    EXPECT_EQ(changes[0].first_year, 2023);
    EXPECT_EQ(changes[0].kind, ChangeKind::Eingliederung);
    const std::string head = "Gültig ab;Art;AGS alt;Name alt;AGS neu;Name neu\n";
    auto refused = [&](const std::string& body, const std::string& part) {
        try {
            parse_area_changes(head + body);
        } catch (const isp::Error& e) {
            return e.message_de().find(part) != std::string::npos;
        }
        return false;
    };
    EXPECT_TRUE(refused("2023-01-01;Eingliederung;14524990;A;14524300;W\n", "ist kein Datum TT.MM.JJJJ"));
    EXPECT_TRUE(refused("01.01.2023;Teilung;14524990;A;14524300;W\n", "Art „Teilung“ unbekannt"));
    EXPECT_TRUE(refused("01.01.2023;Eingliederung;1452499;A;14524300;W\n", "nicht 8 Ziffern"));
    EXPECT_TRUE(
        refused("01.01.2023;Eingliederung;14524990;A;14524300;W\n"
                "01.01.2024;Eingliederung;14524990;A;14524330;Z\n",
                "steht schon in Zeile 2"));
    EXPECT_TRUE(
        refused("01.01.2021;Eingliederung;14524990;A;14524991;N\n"
                "01.01.2023;Eingliederung;14524991;N;14524300;W\n",
                "selbst aufgelöst"));
    EXPECT_TRUE(
        refused("01.01.2023;Eingliederung;14524990;A;14524300;W\n"
                "01.01.2023;Zusammenschluss;14524991;N;14524300;W\n",
                "passen nicht zusammen"));
}

TEST(DatenImportAreaChanges, MergerKeepsATwoYearSeriesComparable) {
    // data/import/genesis_sgb2_reihe_2022_2023.csv, Werdau lines (Zähler; Nenner):
    //   2022 Werdau 1.020; 15.210 · Altdorf 85; 1.240 · Niederau 40; 905   2023 Werdau 1.150; 17.300
    // 2022 on today's territory, by hand: 1020 + 85 + 40 = 1145; 15210 + 1240 + 905 = 17355.
    const Table t = parse_genesis_csv(read_file("genesis_sgb2_reihe_2022_2023.csv"));
    const auto changes = parse_area_changes(read_file("gebietsaenderungen_beispiel.csv"));
    const Plan y2022 =
        plan_import(t, rate_spec(2022, changes), kWithWerdau, kMappingWerdau, {}, {10, 11, 12, 13});
    std::vector<WerteRow> sheet = applied(y2022, {}, 18);
    const Plan y2023 = plan_import(t, rate_spec(2023, changes), kWithWerdau, kMappingWerdau, sheet, {12, 13});
    sheet = applied(y2023, sheet, 18);
    const WerteRow* w22 = row_of(sheet, 2022, "G04");
    const WerteRow* w23 = row_of(sheet, 2023, "G04");
    ASSERT_NE(w22, nullptr);
    ASSERT_NE(w23, nullptr);
    EXPECT_EQ(w22->cells[0].number, 1145.0);
    EXPECT_EQ(w22->cells[1].number, 17355.0);
    EXPECT_EQ(w23->cells[0].number, 1150.0);
    EXPECT_EQ(w23->cells[1].number, 17300.0);
    // The series break is flagged on the converted cells, not on the 2023 ones.
    EXPECT_NE(w22->cells[0].comment.find("auf heutigen Gebietsstand umgerechnet: Summe aus 14524990 Altdorf "
                                         "(Eingliederung zum 01.01.2023), 14524991 Niederau"),
              std::string::npos);
    EXPECT_EQ(w22->cells[0].comment.rfind(kCommentPrefix, 0), 0u);
    EXPECT_TRUE(w23->cells[0].comment.empty());
    EXPECT_EQ(y2022.converted, 1);
    EXPECT_EQ(y2022.unmatched, 0);
    EXPECT_TRUE(report_has(y2022, "Auf heutigen Gebietsstand umgerechnet (Gebietsänderungen) (1):"));
    EXPECT_EQ(row_of(sheet, 2022, "G01")->cells[0].number, 6050.0);  // untouched by the change
    // Re-importing 2022 changes nothing.
    const Plan again = plan_import(t, rate_spec(2022, changes), kWithWerdau, kMappingWerdau, sheet, {});
    EXPECT_TRUE(again.writes.empty());
    EXPECT_TRUE(again.new_rows.empty());
    // Without the table the two fictional Gemeinden are not matched and Werdau 2022 keeps its old part only:
    // the series would not be comparable (1020 against 1150), which is why the table exists.
    const Plan without = plan_import(t, rate_spec(2022, {}), kWithWerdau, kMappingWerdau, {}, {10, 11});
    EXPECT_EQ(without.unmatched, 2);
    EXPECT_EQ(row_of(applied(without, {}, 18), 2022, "G04")->cells[0].number, 1020.0);
}

TEST(DatenImportAreaChanges, IncompleteOrUncombinableFiguresBecomeMissingWithTheReason) {
    const auto changes = parse_area_changes(read_file("gebietsaenderungen_beispiel.csv"));
    // Niederau missing from the file, Altdorf secret ("."): never a partial sum.
    const Table t = parse_genesis_csv(
        "T\n;;;Z;N\n31.12.2022;14524300;Werdau;1.020;15.210\n"
        "31.12.2022;14524990;Altdorf;.;1.240\n");
    const Plan p = plan_import(t, rate_spec(2022, changes), kWithWerdau, kMappingWerdau, {}, {10});
    const auto* z = write_for(p, 10, Field::Zaehler);
    ASSERT_NE(z, nullptr);
    EXPECT_FALSE(z->number);
    EXPECT_NE(z->comment.find("Gebietsänderung: 14524990 Altdorf: „.“"), std::string::npos);
    const auto* n = write_for(p, 10, Field::Nenner);
    EXPECT_FALSE(n->number);
    EXPECT_NE(n->comment.find("14524991 Niederau fehlt in der Datei"), std::string::npos);
    // A mean cannot be added up.
    ImportSpec mean = rate_spec(2022, changes);
    mean.indicator_art = "mean";
    mean.targets = {{Field::Wert, 0}};
    const Plan m = plan_import(t, mean, kWithWerdau, kMappingWerdau, {}, {10});
    EXPECT_FALSE(write_for(m, 10, Field::Wert)->number);
    EXPECT_NE(write_for(m, 10, Field::Wert)->comment.find("Mittelwerte lassen sich"), std::string::npos);
}

TEST(DatenImportAreaChanges, OldKeyAfterTheChangeAndMixedTerritoriesAndUnknownSuccessor) {
    const auto changes = parse_area_changes(read_file("gebietsaenderungen_beispiel.csv"));
    // 2023: a file that still lists Altdorf is read for Werdau (the only Werdau line).
    const Table late = parse_genesis_csv("T\n;;;Z;N\n31.12.2023;14524990;Altdorf;85;1.240\n");
    const Plan p = plan_import(late, rate_spec(2023, changes), kWithWerdau, kMappingWerdau, {}, {10});
    ASSERT_EQ(p.new_rows.size(), 1u);
    EXPECT_EQ(p.new_rows[0].area, "G04");
    EXPECT_TRUE(report_has(p, "14524990 Altdorf → G04 Werdau (Eingliederung zum 01.01.2023)"));
    // A Zusammenschluss: the new Gemeinde has no figures of its own before; a file with both is refused.
    const auto merged = parse_area_changes(
        "Gültig ab;Art;AGS alt;Name alt;AGS neu;Name neu\n"
        "01.01.2023;Zusammenschluss;14524990;Altdorf;14524300;Werdau\n"
        "01.01.2023;Zusammenschluss;14524991;Niederau;14524300;Werdau\n");
    const Table mixed = parse_genesis_csv(
        "T\n;;;Z;N\n31.12.2022;14524300;Werdau;1.020;15.210\n"
        "31.12.2022;14524990;Altdorf;85;1.240\n"
        "31.12.2022;14524991;Niederau;40;905\n");
    const Plan c = plan_import(mixed, rate_spec(2022, merged), kWithWerdau, kMappingWerdau, {}, {10});
    EXPECT_TRUE(c.writes.empty());
    EXPECT_TRUE(report_has(c, "alter und neuer Gebietsstand gemischt – nicht übernommen"));
    // A successor that is not in the workbook: reported, not applied, the old lines stay unmatched.
    const auto elsewhere = parse_area_changes(
        "Gültig ab;Art;AGS alt;Name alt;AGS neu;Name neu\n"
        "01.01.2023;Eingliederung;14524990;Altdorf;14523320;Plauen\n");
    const Plan u = plan_import(late, rate_spec(2023, elsewhere), kWithWerdau, kMappingWerdau, {}, {10});
    EXPECT_TRUE(report_has(u, "die neue Gemeinde gehört nicht zur Arbeitsmappe – nicht angewendet"));
    EXPECT_EQ(u.unmatched, 1);
}

// The sheet Reihenbrüche (issue 16 item 2): the series break a conversion makes is entered once, in the
// list's first free row, never over a planner's row; a full list refuses the import. Expected rows by hand
// from gebietsaenderungen_beispiel.csv: Altdorf and Niederau joined Werdau (G04) on 01.01.2023, so importing
// 2022 into indicator 18 starts a new series of (18, G04) in 2023.
TEST(DatenImportAreaChanges, SeriesBreakEnteredOnceIntoTheListReihenbrueche) {
    const Table t = parse_genesis_csv(read_file("genesis_sgb2_reihe_2022_2023.csv"));
    const auto changes = parse_area_changes(read_file("gebietsaenderungen_beispiel.csv"));
    // Planner's rows that are NOT this break: another indicator, another Gemeinde, another year.
    BreakList list;
    list.present = true;
    list.rows = {{7, 20, "G04", 2023}, {8, 18, "G01", 2023}, {9, 18, "G04", 2022}};
    list.free_rows = {10, 11};
    const Plan p = plan_import(t, rate_spec(2022, changes), kWithWerdau, kMappingWerdau, {}, {50, 51}, list);
    ASSERT_EQ(p.new_breaks.size(), 1u);
    const NewBreak& b = p.new_breaks[0];
    EXPECT_EQ(b.row, 10);
    EXPECT_EQ(b.indicator, 18);
    EXPECT_EQ(b.area, "G04");
    EXPECT_EQ(b.year, 2023);
    EXPECT_EQ(b.kind, "Gebietsänderung");
    EXPECT_EQ(
        b.note,
        "Altdorf und Niederau zum 01.01.2023 in Werdau eingegliedert; frühere Jahre beim Import umgerechnet");
    EXPECT_TRUE(report_has(p, "Reihenbrüche in das Blatt Reihenbrüche eingetragen (Gebietsänderungen) (1):"));
    EXPECT_TRUE(report_has(p,
                           "  Zeile 10: Indikator 18, G04 Werdau, neue Reihe ab 2023, Gebietsänderung – "
                           "Altdorf und Niederau"));
    // The Werte part is the same with or without the sheet (a workbook without it: unchanged behaviour).
    const Plan without = plan_import(t, rate_spec(2022, changes), kWithWerdau, kMappingWerdau, {}, {50, 51});
    EXPECT_TRUE(without.new_breaks.empty());
    EXPECT_EQ(without.writes.size(), p.writes.size());
    EXPECT_EQ(without.new_rows.size(), p.new_rows.size());
    EXPECT_FALSE(report_has(without, "Reihenbr"));

    // Re-import with the break entered and the values in place: nothing new, "Keine Änderung".
    const std::vector<WerteRow> sheet = applied(p, {}, 18);
    BreakList after = list;
    after.rows.push_back({10, 18, "G04", 2023});
    after.free_rows = {11};
    const Plan again =
        plan_import(t, rate_spec(2022, changes), kWithWerdau, kMappingWerdau, sheet, {}, after);
    EXPECT_TRUE(again.new_breaks.empty());
    EXPECT_TRUE(again.writes.empty());
    EXPECT_TRUE(report_has(again, "Keine Änderung"));
    EXPECT_TRUE(report_has(again, "  Zeile 10: Indikator 18, G04 Werdau, neue Reihe ab 2023"));
    // A planner's row for every indicator (Indikator-Nr. empty) of that Gemeinde and year covers it too.
    BreakList all = list;
    all.rows.push_back({11, std::nullopt, "G04", 2023});
    all.free_rows = {10};
    EXPECT_TRUE(plan_import(t, rate_spec(2022, changes), kWithWerdau, kMappingWerdau, {}, {50, 51}, all)
                    .new_breaks.empty());
    // 2023 alone is on today's territory: no conversion, no break.
    EXPECT_TRUE(plan_import(t, rate_spec(2023, changes), kWithWerdau, kMappingWerdau, {}, {50, 51}, list)
                    .new_breaks.empty());
    // A full list: refused (like a full Werte block), the break named; nothing is planned.
    BreakList full = list;
    full.free_rows.clear();
    try {
        plan_import(t, rate_spec(2022, changes), kWithWerdau, kMappingWerdau, {}, {50, 51}, full);
        ADD_FAILURE() << "a full list of Reihenbrüche must refuse the import";
    } catch (const isp::Error& e) {
        EXPECT_NE(e.message_de().find("auf dem Blatt Reihenbrüche ist kein Platz für 1 weitere Reihenbrüche "
                                      "(Indikator 18, G04 Werdau, neue Reihe ab 2023)"),
                  std::string::npos)
            << e.message_de();
    }
    // A conversion that is not taken over (old and new territory mixed) enters no break.
    const auto merged = parse_area_changes(
        "Gültig ab;Art;AGS alt;Name alt;AGS neu;Name neu\n"
        "01.01.2023;Zusammenschluss;14524990;Altdorf;14524300;Werdau\n"
        "01.01.2023;Zusammenschluss;14524991;Niederau;14524300;Werdau\n");
    EXPECT_TRUE(plan_import(t, rate_spec(2022, merged), kWithWerdau, kMappingWerdau, {}, {50, 51}, list)
                    .new_breaks.empty());
    // Two changes to the same Gemeinde on different days of one year are one break naming both days.
    const auto two_days = parse_area_changes(
        "Gültig ab;Art;AGS alt;Name alt;AGS neu;Name neu\n"
        "01.01.2023;Eingliederung;14524990;Altdorf;14524300;Werdau\n"
        "01.07.2023;Eingliederung;14524991;Niederau;14524300;Werdau\n");
    const Plan d = plan_import(t, rate_spec(2022, two_days), kWithWerdau, kMappingWerdau, {}, {50, 51}, list);
    ASSERT_EQ(d.new_breaks.size(), 1u);
    EXPECT_EQ(d.new_breaks[0].note.rfind(
                  "Altdorf zum 01.01.2023, Niederau zum 01.07.2023 in Werdau eingegliedert;", 0),
              0u);
}
