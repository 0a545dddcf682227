// Conversion between Calc's arguments (UNO Any values) and the engine's types, and back.
//
// Measured in LibreOffice 7.4 (tests/calc, docs/performance.md, section Calc) and read in
// sc/source/core/tool/interpr4.cxx and rangeseq.cxx:
// - A data argument declared as table::XCellRange arrives as the range itself. getDataArray() gives a double
//   per number cell, a string per text cell, an EMPTY STRING per empty cell and a VOID per error cell, also
//   for a single cell. It is the fastest path (616,000 cells in 0.04 s) and the only one that keeps a single
//   empty cell missing. Only references are accepted there (Calc shows Err:504 for a number or an
//   expression).
// - A range passed to an `any` parameter (optional arguments, ISP_DIAGNOSE's arguments) arrives as
//   sequence<sequence<any>>: empty cells as empty strings, an error cell makes Calc fail the call (Err:504).
//   A single cell arrives as a number or a string: an EMPTY single cell arrives as the number 0.
// - A 3-D reference ($D.A1:$E.A13, several sheets) arrives at an XCellRange argument as a range whose address
//   and data are those of the first sheet; only its AbsoluteName shows both sheets, so cells()/texts() refuse
//   it (ISP-E20). At an `any` argument (and ISP_DIAGNOSE's arguments) it arrives as the first sheet's
//   sequence<sequence<any>>, indistinguishable from a one-sheet range; in an array formula Calc itself
//   refuses it there (Err:504).
// - An omitted argument arrives as a VOID any.
// - Results: a VOID element shows as 0 (!), an empty string as an empty cell, a NaN whose low bits carry a
//   Calc error code as that error (#N/A, #DIV/0!, ...), a plain NaN as #NUM!.
#pragma once

#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/Sequence.hxx>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "isp/error.hpp"
#include "isp/types.hpp"

namespace isp::addin {

using AnyGrid = css::uno::Sequence<css::uno::Sequence<css::uno::Any>>;

// Calc error codes (FormulaError) used here.
inline constexpr int kErrNoValue = 519;  // #VALUE!
inline constexpr int kErrNum = 503;      // #NUM!
inline constexpr int kErrNA = 32767;     // #N/A
inline constexpr int kErrDiv0 = 532;     // #DIV/0!

// Thrown by an adapter to make the result a Calc error value (not an Err:502 with a message): used to pass
// on the error of an input cell, as Calc's own functions do.
struct CalcError {
    int code;
};

// What an argument is called in German and English error messages ("Bezug" / "reference").
struct ArgName {
    const char* de;
    const char* en;
};

// A rectangular block of cells in row-major order. Missing (empty or text) and error cells are kMissing in
// `values`; `errors` lists the error cells (index into values, Calc error code).
struct Cells {
    std::size_t rows = 0;
    std::size_t cols = 0;
    std::vector<double> values;
    std::vector<std::pair<std::size_t, int>> errors;

    std::size_t size() const noexcept { return values.size(); }
    bool is_vector() const noexcept { return rows == 1 || cols == 1; }
    // Throws CalcError with the first error cell's code, if any.
    void require_no_errors() const;
};

// Numbers of a data argument (an XCellRange, a sequence<sequence<any>>, or a single value). Numbers stay,
// empty and text cells become kMissing, error cells are recorded. An omitted argument throws
// Error(MissingValue). Whole columns or rows are cut to the sheet's used area (rows and columns after it are
// empty anyway), so A:A costs what the filled part costs.
Cells cells(const css::uno::Any& arg, ArgName name);

// The cells of a data argument as text keys: text stays, numbers are written as Calc shows them in the
// standard format ("3", "2.5"), empty cells become "". An error cell throws CalcError.
std::vector<std::string> texts(const css::uno::Any& arg, ArgName name, std::size_t* rows = nullptr,
                               std::size_t* cols = nullptr);

// The cells of a key argument as they are, without formatting numbers (cheaper than texts() for long key
// columns): a number as a number, a text as text, an empty cell as an empty text. An error cell throws
// CalcError.
struct KeyCell {
    bool number = false;
    double x = 0.0;
    std::string text;
};
std::vector<KeyCell> key_cells(const css::uno::Any& arg, ArgName name, std::size_t* rows = nullptr,
                               std::size_t* cols = nullptr);

// The error for a required argument that is missing: "Argument „Perioden“ fehlt".
Error missing_argument(ArgName name);

// The error for a reference that spans several sheets ($D.A1:$E.A13): cells() and texts() throw it for such a
// range argument (Calc would pass the first sheet only), ISP_DIAGNOSE for such a reference in a formula text.
Error multi_sheet_error(ArgName name, const std::string& reference);

// Per-element problems that a function shows as an error value (#DIV/0! for a division by 0) or as an empty
// cell (a change relative to a negative base) instead of failing the whole call: the adapter notes the reason
// here, so that ISP_DIAGNOSE can name it instead of describing the result as OK. `shown` is what the cell
// shows ("#DIV/0!", "leer"). Nothing is recorded outside ISP_DIAGNOSE (no cost in normal calls).
void note_error_value(const Error& reason, const char* shown = "#DIV/0!");
bool recording_error_values() noexcept;  // true inside ISP_DIAGNOSE: build a reason only then
struct ErrorValueNotes {
    std::size_t count = 0;      // error values with a noted reason
    std::string first_id;       // "ISP-E15"
    std::string first_shown;    // "#DIV/0!" or "leer"
    std::string first_message;  // German message of the first one
};
// Records notes while it lives (one per ISP_DIAGNOSE call; Calc calls add-ins on one thread).
class ErrorValueRecorder {
public:
    ErrorValueRecorder();
    ~ErrorValueRecorder();
    ErrorValueRecorder(const ErrorValueRecorder&) = delete;
    ErrorValueRecorder& operator=(const ErrorValueRecorder&) = delete;
    const ErrorValueNotes& notes() const noexcept { return notes_; }

private:
    ErrorValueNotes notes_;
    ErrorValueNotes* previous_;
};

bool is_omitted(const css::uno::Any& arg) noexcept;

// Is the argument a single text (a keyword such as "z") rather than numbers?
bool is_text(const css::uno::Any& arg) noexcept;

// An optional keyword: omitted -> fallback; a text -> that text; a number -> Error(InvalidParameter) (an
// empty cell referenced for a keyword arrives as the number 0 and must not silently mean "default").
std::string keyword(const css::uno::Any& arg, const char* fallback, ArgName name);

// An optional number: omitted -> fallback; a number -> it; a text -> Error(InvalidParameter).
double number(const css::uno::Any& arg, double fallback, ArgName name);

// An optional list of numbers (one row or one column, or a single value; an inline array {1;-1} works).
// Omitted -> empty vector. Empty and text cells are kMissing.
std::vector<double> number_list(const css::uno::Any& arg, ArgName name);

// Makes an optional per-row (or per-column) list fit n entries: a longer list whose surplus is entirely
// missing (the empty rows of a whole column such as C:C) is cut; any other mismatch throws
// Error(DimensionMismatch) naming both sizes.
void fit_length(std::vector<double>& list, std::size_t n, ArgName name, ArgName other);
void fit_length(std::vector<std::string>& list, std::size_t n, ArgName name, ArgName other);

// Results. kMissing (a plain NaN) becomes an empty cell (an empty string), error_value(code) that error,
// +-inf #NUM!.
AnyGrid to_grid(const std::vector<double>& values, std::size_t rows, std::size_t cols);
AnyGrid to_column(const std::vector<double>& values);
AnyGrid to_column(const isp::Column& column);
AnyGrid to_text_column(const std::vector<std::string>& texts, const std::vector<bool>& present);
AnyGrid single(double value);
AnyGrid single(const std::string& text);
AnyGrid error_grid(int code);
// A grid of texts; an entry with code != 0 becomes that Calc error, an absent entry an empty cell.
struct TextCell {
    std::string text;
    bool present = false;
    int error = 0;
};
AnyGrid to_text_grid(const std::vector<TextCell>& cells, std::size_t rows, std::size_t cols);
double error_value(int code);  // a NaN that Calc shows as the error `code`
int error_code_in(double v);   // the Calc error code a NaN carries; 0 for a number or a plain NaN (kMissing)
css::uno::Any cell(double value);

rtl::OUString to_ou(const std::string& utf8);
std::string to_utf8(const rtl::OUString& s);

}  // namespace isp::addin
