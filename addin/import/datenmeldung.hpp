// Data return from the Kommunen (domain X2, issue 15 item 2) as pure functions without UNO types: which rows
// a Kommune's *Datenmeldung* workbook holds (its Gemeinden's Werte rows, indicator × Gemeinde × year), the
// rule of each input cell, a checksum of the form's structure, and the plan for merging a returned form into
// the Werte sheet of the Landkreis workbook (what is filled, changed, refused, logged). The applier
// (addin/tools/datenmeldung.py, UNO) lays the form out, reads returned forms and carries out the plan; it
// talks to these functions through the process isp_datenmeldung (datenmeldung_main.cpp). Tests:
// tests/daten/datenmeldung_test.cpp; docs/import.md, section "Datenmeldung".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daten_import.hpp"

namespace isp::daten {

// ---- The form
// -----------------------------------------------------------------------------------------------

// Layout of the sheet "Meldung" (rows 1-based, columns 0-based). The key columns A–D identify a row; G–I show
// the Landkreis's values when the form was made; J–L are the input cells (prefilled with the same values).
inline constexpr const char* kFormSheet = "Meldung";
inline constexpr const char* kGuideSheet = "Anleitung";
inline constexpr const char* kIdentitySheet = "ISP_Kennung";
inline constexpr const char* kFormKind = "ISP-Datenmeldung";
inline constexpr const char* kFormVersion = "1";
inline constexpr int kFormFirstRow = 6;
inline constexpr int kFormInputColumn = 9;  // J: Zähler, K: Nenner, L: Wert
// Inputs of this size or more are refused as typing errors (a Kommune's counts, Euro sums and km² stay far
// below; the same bound as the form's validation of whole numbers).
inline constexpr double kInputLimit = 1e12;

// What an input cell accepts (the form's Calc validation and the merge's check are the same rule).
enum class Rule {
    None,         // the field is not asked for this indicator (locked, grey)
    Count,        // whole number ≥ 0 (numerators: Fälle, Personen)
    WholeNumber,  // whole number, may be negative (numerators of a Saldo: Zuzüge minus Fortzüge)
    Positive,     // number > 0 (denominators: a rate with denominator 0 is undefined)
    NonNegative,  // number ≥ 0 (Wert of mean and sum indicators: km, km², Euro, Jahre)
    Number,       // any number (Wert of a Saldo indicator)
};
const char* rule_code(Rule rule);  // "anzahl", "ganzzahl", "positiv", "nichtneg", "zahl", ""
Rule rule_from_code(const std::string& code);
std::string rule_text(Rule rule);  // German, for the instructions and messages ("ganze Zahl ≥ 0")

struct Indicator {  // a row of the Indikatoren sheet
    int nr = 0;
    std::string name;
    std::string art;   // rate, mean, sum
    std::string unit;  // Einheit ("je 1.000 Einwohner", "Saldo je 1.000 Einwohner")
};

// The rules of an indicator's three fields (Zähler, Nenner, Wert): rate → Zähler + Nenner, mean/sum → Wert;
// a Saldo (the unit or name says "Saldo" or "minus") allows negative numerators / values.
std::array<Rule, 3> field_rules(const Indicator& indicator);

struct FormRow {
    int form_row = 0;   // row on the Meldung sheet
    int werte_row = 0;  // row on the Landkreis's Werte sheet; 0 = a row of a new year (appended on merge)
    int year = 0;
    std::string area;
    std::string area_name;
    int indicator = 0;
    std::string indicator_name;
    std::string unit;
    std::array<Rule, 3> rules{};
    bool required = false;                        // the newest year's cells must be filled
    std::array<std::optional<double>, 3> base{};  // the Landkreis's values when the form was made
};

struct Form {
    std::string kommune;  // Gemeinde-ID of the Kommune
    std::string kommune_name;
    int newest_year = 0;
    std::vector<FormRow> rows;
};

// The rows of one Kommune's form: every Werte row of its Gemeinden (by year, then Gemeinde, then indicator)
// whose indicator is in the catalogue; with new_year, one more row per indicator and Gemeinde for that year
// (unless the Werte sheet has it already). Throws isp::Error (InvalidParameter, German) when the Kommune is
// not on the Gebiete sheet or has no rows.
Form plan_form(const std::string& kommune, const std::vector<Area>& areas,
               const std::vector<Indicator>& indicators, const std::vector<WerteRow>& werte,
               std::optional<int> new_year = std::nullopt);

// The structure text that the checksum covers: kind, version, Kommune, the sheet names and per row its form
// row, keys, rules, required flag and base values. Anything a tamperer might change (renamed sheet, moved or
// rekeyed rows, edited hidden values) changes it.
std::string structure_text(const Form& form);
std::string checksum(
    const std::string& text);  // 16 hex digits (FNV-1a, 64 bit): against accidents, not attacks

// ---- Merging a returned form
// ----------------------------------------------------------------------------------

struct Identity {  // the hidden sheet ISP_Kennung as read back
    std::string kind;
    std::string version;
    std::string kommune;
    std::string kommune_name;
    std::string source;  // the Landkreis workbook's file name
    std::string template_name;
    std::string created;  // date
    std::string checksum;
};

struct ReturnedRow {  // a row of the Meldung sheet as read back (keys as shown, input cells J–L)
    int form_row = 0;
    std::string year;  // as text (a number as its integer text)
    std::string area;
    std::string indicator;
    std::array<CellState, 3> input{};  // number, text or empty
};

struct Returned {
    std::vector<std::string> sheets;  // the workbook's sheet names, in order
    Identity identity;
    Form form;                      // rebuilt from the hidden key list (kommune from the identity)
    std::vector<ReturnedRow> rows;  // from the visible Meldung sheet
};

struct MergeOptions {
    std::optional<std::string> expected_kommune;  // --kommune: refuse the file of another Kommune
    bool apply_changes = false;                   // --uebernehmen: replace existing values too
    std::string source_file;                      // the returned file's name (report, change log)
};

struct LogEntry {      // a row of the Änderungsprotokoll sheet
    std::string cell;  // Werte cell, e.g. "D17"
    int indicator = 0;
    std::string indicator_name;
    std::string area;
    std::string area_name;
    int year = 0;
    Field field = Field::Wert;
    std::optional<double> old_number;
    std::string old_text;  // a text that stood in the cell (missing in the templates)
    double new_number = 0;
    std::string what;  // "neu" (the cell was empty) or "geändert"
};

struct MergePlan {
    std::vector<NewRow> new_rows;
    std::vector<CellWrite> writes;
    std::vector<LogEntry> log;
    std::vector<std::string> report;  // German
    int filled = 0;                   // empty cells filled
    int changed = 0;                  // existing values replaced (--uebernehmen)
    int pending = 0;                  // changes reported, not applied (no --uebernehmen)
    int conflicts = 0;                // the Landkreis value changed since the form was made: not applied
    int invalid = 0;                  // refused cells (not a number, out of range)
    int missing_required = 0;         // required cells left empty
    int unchanged = 0;
    int kept_newer = 0;  // of unchanged: the Kommune left the shown value, the Landkreis has a newer one
};

// Checks a returned form and plans the merge into the Werte sheet. Throws isp::Error (InvalidParameter,
// German message) and plans nothing when the file as a whole is refused: not a Datenmeldung, another Kommune
// than expected, a Kommune the workbook does not know, a renamed / missing sheet, a changed hidden key list
// (checksum), moved, inserted, deleted or rekeyed rows. Single cells that are not numbers or break their rule
// are refused one by one (German message with the cell), the rest is merged:
//   empty input → nothing (a required cell is reported); input = current value → unchanged;
//   current empty and base empty → filled ("neu");
//   current ≠ base (the Landkreis changed the value after the form was made): input = base (the Kommune left
//   the shown value) → unchanged (kept_newer), else → conflict, never applied;
//   |input| ≥ kInputLimit → refused (a typing error);
//   else a change: applied with apply_changes, otherwise reported as pending.
// Every applied value gets a LogEntry (old → new). Rows of a new year go to free_rows.
MergePlan plan_merge(const Returned& returned, const MergeOptions& options, const std::vector<Area>& areas,
                     const std::vector<Indicator>& indicators, const std::vector<WerteRow>& werte,
                     const std::vector<int>& free_rows);

// "A1"-style name of a Werte cell (field column, 1-based row).
std::string werte_cell(Field field, int row);

}  // namespace isp::daten
