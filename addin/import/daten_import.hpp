// Import of official tables (domain X3, issue 15 item 1) as pure functions without UNO types: parsing a
// GENESIS / Regionalstatistik CSV export and planning what changes on the Werte sheet of an ISP template
// (templates/isp_templates/common.py, `werte`: one row per Jahr × Gemeinde-ID × Indikator-Nr., input columns
// A–F). The applier (addin/tools/daten_import.py, UNO) reads the sheet, hands it to the command-line tool
// isp_daten_import (daten_import_main.cpp) and carries out the plan. Tests:
// tests/daten/daten_import_test.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace isp::daten {

// ---- Parsing ---------------------------------------------------------------------------------------------

// One value cell of the file: a number, or missing with the official special sign as its reason.
struct Value {
    std::optional<double> number;  // set: a number (German format: "1.234,5")
    std::string sign;    // the official sign when there is no number ("." "x" "-" …); "" = empty cell
    std::string reason;  // German reason when there is no number ("„.“ Zahlenwert unbekannt …")
    std::string raw;     // the cell as written in the file
};

// One data line of the table.
struct Line {
    int line = 0;               // 1-based line number in the file
    std::optional<int> year;    // from a leading date or year column ("31.12.2023", "2023")
    std::string code;           // region code as text (leading zeros kept): AGS, ARS, Kreis, Land; "" = none
    std::string name;           // area name as printed
    std::vector<Value> values;  // one per value column
};

struct Table {
    std::string title;                 // the first header line
    std::vector<std::string> columns;  // value column names (header cells above the data, joined with " / ")
    std::vector<Line> lines;
    std::vector<std::string> problems;  // German, one per line that could not be read ("Dateizeile 17: …")
};

// Bytes as in the file → UTF-8: a UTF-8 byte order mark is dropped; a file that is not valid UTF-8 is read as
// Windows-1252 (GENESIS offers ISO-8859-1 exports; "…" and "–" are 0x85 and 0x96 there).
std::string to_utf8(std::string_view bytes);

// German number: "1234", "1.234", "1.234,5", "-12,5", "+3". A dot without a comma must group thousands
// ("12.345"); "12.5" is not read (ambiguous). nullopt when not a number.
std::optional<double> parse_german_number(std::string_view text);

// The meaning of an official special sign (Zeichenerklärung of the statistical offices) or nullopt:
// "-" "–" nichts vorhanden, "." unbekannt oder geheim, "x" gesperrt, "/" nicht sicher genug, "…"/"..." fällt
// später an, "*" anonymisiert (Bundesagentur für Arbeit); a value in parentheses "(12,3)" has limited
// reliability and is kept as missing with the value named in the reason.
std::optional<std::string> special_sign_meaning(std::string_view cell);

// Parses a GENESIS / Regionalstatistik CSV export: ";"-separated, header block (title, column heads), data
// lines "[Datum;] [Schlüssel;] Name; Wert; …", footer block (copyright, Stand, footnotes). Throws isp::Error
// (EmptyInput, German message) when the file holds no data line.
Table parse_genesis_csv(std::string_view bytes);

// ---- Planning the import into the Werte sheet -------------------------------------------------------------

// Werte columns (0-based: A = 0) that an import writes.
enum class Field { Zaehler = 3, Nenner = 4, Wert = 5 };
const char* field_name(Field field);  // "Zähler", "Nenner", "Wert"

struct Area {  // a Gemeinde of the Gebiete sheet
    std::string id;
    std::string name;
};

struct Mapping {  // one line of the mapping table: official key and name → Gemeinde-ID of the workbook
    std::string ags;
    std::string id;
    std::string name;
};

// A territorial change (Gebietsänderung, issue 15 item 4) from the table a planner keeps
// (data/import/gebietsaenderungen_beispiel.csv): from `valid_from` on, the Gemeinde old_ags / old_name
// belongs to new_ags. Figures of an earlier year that a file gives on the old territory are converted to the
// current one, so that a series stays comparable; the converted cells carry the change as their reason
// comment.
enum class ChangeKind {
    Eingliederung,  // the old Gemeinde joins an existing one (whose earlier figures cover only its own part)
    Zusammenschluss,  // several Gemeinden form a new one (which has no figures before)
    Umbenennung       // new name or key, same territory
};

struct AreaChange {
    int line = 0;            // line of the table, for messages
    std::string valid_from;  // "01.01.2023" as written
    int first_year = 0;      // first year whose figures (reference date 31.12.) are on the new territory
    ChangeKind kind = ChangeKind::Eingliederung;
    std::string old_ags;  // 8 digits, or "" when only the name is known
    std::string old_name;
    std::string new_ags;  // 8 digits: a Gemeinde of the workbook (directly or through the mapping table)
    std::string new_name;
};

// Parses the table "Gültig ab;Art;AGS alt;Name alt;AGS neu;Name neu" (";"-separated, UTF-8 or Windows-1252,
// header line first). Throws isp::Error (InvalidParameter, German message naming the line) for a bad date, an
// unknown Art, a key that is not 8 digits, a Gemeinde that changes twice on the same day, a chain
// (a successor that is itself dissolved later) or Eingliederung and Zusammenschluss into the same Gemeinde.
std::vector<AreaChange> parse_area_changes(std::string_view bytes);

struct Target {  // value column of the file (0-based) → Werte column
    Field field;
    std::size_t column;
};

struct ImportSpec {
    int indicator = 0;
    std::string indicator_art;  // "rate", "mean", "sum" from the Indikatoren sheet; "" = not in the catalogue
    std::optional<int> year;    // required when the file has no date column; else a filter
    std::vector<Target> targets;
    std::string source;               // file name, named in the reason comments
    std::vector<AreaChange> changes;  // territorial changes (empty: none applied)
};

// A cell of Werte columns D–F as the sheet holds it.
struct CellState {
    std::optional<double> number;
    std::string text;     // a text cell ("" for numbers and empty cells): missing in the templates
    std::string comment;  // the cell's comment ("" = none)
};

struct WerteRow {
    int row = 0;  // sheet row, 1-based
    std::optional<int> year;
    std::string area;  // Gemeinde-ID (text; a number cell as its integer text)
    std::optional<int> indicator;
    std::array<CellState, 3> cells;  // D, E, F
};

// Every reason comment written by the import starts with this, so that a later import knows it may replace
// it; other comments (the planner's) are never changed.
inline constexpr const char* kCommentPrefix = "ISP-Import: ";

// The sheet Reihenbrüche (series breaks) of a workbook that has it (the Sozialstrukturatlas:
// templates/isp_templates/t_sozialstrukturatlas.py, `reihenbrueche`; input columns A–E: Indikator-Nr.,
// Gemeinde-ID, Jahr (neue Reihe ab), Art, Bemerkung). The atlas's year comparison reads it; the import enters
// each break it makes by converting earlier years to today's territory (see plan_import).
inline constexpr const char* kBreakSheet = "Reihenbrüche";
inline constexpr const char* kBreakKindAreaChange = "Gebietsänderung";

struct BreakRow {                  // a used row of the list (any of A–E filled)
    int row = 0;                   // sheet row, 1-based
    std::optional<int> indicator;  // nullopt: empty = every indicator
    std::string area;              // Gemeinde-ID; "" = the whole Landkreis
    std::optional<int> year;       // first year of the new series
};

struct BreakList {
    bool present = false;        // the workbook has the sheet; false: no break is planned
    std::vector<BreakRow> rows;  // the used rows
    std::vector<int> free_rows;  // rows whose A–E are empty, in order (new breaks go there)
};

struct NewBreak {  // a row the import enters on the sheet Reihenbrüche
    int row = 0;
    int indicator = 0;
    std::string area;
    int year = 0;
    std::string kind;  // kBreakKindAreaChange
    std::string note;  // German Bemerkung naming the predecessors
};

struct NewRow {
    int row = 0;
    int year = 0;
    std::string area;
    int indicator = 0;
};

enum class CommentAction { Keep, Set, Remove };

struct CellWrite {
    int row = 0;
    Field field = Field::Wert;
    std::optional<double> number;  // nullopt: the cell becomes empty (missing)
    CommentAction comment_action = CommentAction::Keep;
    std::string comment;
};

struct Plan {
    std::vector<NewRow> new_rows;
    std::vector<CellWrite> writes;
    std::vector<NewBreak> new_breaks;  // rows for the sheet Reihenbrüche (only when BreakList::present)
    std::vector<std::string> report;   // German, one line each
    int imported = 0;                  // values written or confirmed (numbers)
    int missing = 0;                   // special signs / empty cells taken over as missing
    int changed = 0;                   // cells whose content changed from a previous value
    int unchanged = 0;
    int unmatched = 0;  // data lines whose area was not found
    int converted = 0;  // Gemeinden × years whose figures were converted to the current territory
};

// Plans the import. free_rows: Werte rows whose columns A–F are empty, in order (appended rows go there).
// breaks: the workbook's sheet Reihenbrüche (absent: nothing planned for it). Each series break the import
// makes by converting a year to today's territory – one per (indicator, successor Gemeinde, first year of
// the new series) – becomes a NewBreak (Art Gebietsänderung, a Bemerkung naming the predecessors) in the
// list's first free row, unless the list has a row with the same Gemeinde and year and the same indicator or
// none (= every indicator); a planner's row is never changed.
// Throws isp::Error (InvalidParameter, German message) for a call that cannot work: no target, a target
// column outside the table, a rate indicator given a Wert column or a mean/sum indicator given Zähler/Nenner,
// an indicator missing from the catalogue, no year anywhere, too few free rows (on Werte or, for the breaks,
// on Reihenbrüche: nothing is imported then, as for Werte).
Plan plan_import(const Table& table, const ImportSpec& spec, const std::vector<Area>& areas,
                 const std::vector<Mapping>& mapping, const std::vector<WerteRow>& werte,
                 const std::vector<int>& free_rows, const BreakList& breaks = {});

// German text of a number as the report shows it ("1.234,5").
std::string german_number(double value);

// Appends a report section: "<indent><title> (n):" and each item two spaces further in; nothing for no items.
void report_section(std::vector<std::string>& report, const std::string& indent, const std::string& title,
                    const std::vector<std::string>& items);

// The column of the table named by `selector`: a 1-based number or a column name (exact, or a unique part of
// it, ignoring case). Throws isp::Error (InvalidParameter) naming the columns when nothing or several match.
std::size_t find_column(const Table& table, const std::string& selector);

// ---- What a caller (the CLI isp_daten_import, the menu's UNO service) hands over --------------------------

// A file column chosen for a Werte field: a 1-based number or (a unique part of) the column's name.
struct ColumnChoice {
    Field field = Field::Wert;
    std::string selector;
};

// The targets of the import from the caller's choices, after the indicator's Art is known (one rule for the
// CLI and the menu): each choice through find_column; no choice and one value column → that column, into Wert
// unless the indicator is a rate (then refused: Zähler or Nenner must be said); no choice and several columns
// → refused, naming the columns. Throws isp::Error (InvalidParameter, German).
std::vector<Target> choose_targets(const Table& table, const std::vector<ColumnChoice>& choices,
                                   int indicator, const std::string& indicator_art);

// The mapping table "AGS;Gemeinde-ID;Name (amtlich)" (data/import/zuordnung_zwickau.csv): ";"-separated,
// UTF-8 (with or without BOM) or Windows-1252, the first line is the header, empty lines are skipped. Throws
// isp::Error (InvalidParameter) naming `name` and the line when a line does not start with a numeric AGS and
// a Gemeinde-ID.
std::vector<Mapping> parse_mapping(std::string_view bytes, const std::string& name);

// A cell of a spreadsheet table (the Bundesagentur's XLSX) as the reader hands it over.
struct SheetCell {
    std::optional<double> number;  // a number cell (also a date: its serial number)
    std::string text;              // a text cell ("" = empty)
};

// A spreadsheet's sheet as the ";"-separated text parse_genesis_csv reads: numbers in German notation
// without grouping, the numbers of the date columns (date_columns[c] set: the reader found a date format on
// the column's last number) as dd.mm.yyyy (else a date serial like 45657 would pass for a Kreis key), texts
// as they are, quoted when they hold ";" or '"' (a line break becomes a blank) – a Gemeindeschlüssel stored
// as text keeps its leading zeros.
std::string sheet_as_text(const std::vector<std::vector<SheetCell>>& rows,
                          const std::vector<bool>& date_columns);

}  // namespace isp::daten
