#include "args.hpp"

#include <algorithm>
#include <cmath>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSheetCellRange.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp::addin {

namespace uno = css::uno;
namespace sheet = css::sheet;
namespace table = css::table;

rtl::OUString to_ou(const std::string& utf8) {
    return rtl::OUString(utf8.data(), static_cast<sal_Int32>(utf8.size()), RTL_TEXTENCODING_UTF8);
}

std::string to_utf8(const rtl::OUString& s) {
    const rtl::OString o = rtl::OUStringToOString(s, RTL_TEXTENCODING_UTF8);
    return std::string(o.getStr(), static_cast<std::size_t>(o.getLength()));
}

double error_value(int code) {
    // Calc keeps error codes in the low bits of a quiet NaN (formula::CreateDoubleError) and shows such a
    // value as that error; tests/calc checks this for #N/A and #DIV/0!.
    const std::uint64_t bits = 0x7FF8000000000000ULL | static_cast<std::uint32_t>(code & 0xFFFF);
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

int error_code_in(double v) {
    if (!std::isnan(v)) return 0;
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return static_cast<int>(bits & 0xFFFF);
}

namespace {

// The Calc error code in a NaN from Calc (an error element of an inline array or an expression result).
int error_code_of(double nan) {
    const int code = error_code_in(nan);
    return code != 0 ? code : kErrNum;
}

// "Argument „Bezug“" / "argument 'reference'", the subject of the argument's messages.
Place argument(ArgName name) {
    return place(Msg::ArgumentNamed, {{name.de, name.en}});
}

enum class Kind { Number, Missing, Error };

// One element of a sequence<sequence<any>> or a scalar argument.
Kind element(const uno::Any& a, double& out, int& error, ArgName name) {
    switch (a.getValueTypeClass()) {
        case uno::TypeClass_DOUBLE:
            out = *static_cast<const double*>(a.getValue());
            if (std::isnan(out)) {
                error = error_code_of(out);
                return Kind::Error;
            }
            return Kind::Number;
        case uno::TypeClass_STRING:
        case uno::TypeClass_VOID: return Kind::Missing;
        case uno::TypeClass_BOOLEAN:
            out = *static_cast<const sal_Bool*>(a.getValue()) ? 1.0 : 0.0;
            return Kind::Number;
        case uno::TypeClass_BYTE:
        case uno::TypeClass_SHORT:
        case uno::TypeClass_UNSIGNED_SHORT:
        case uno::TypeClass_LONG:
        case uno::TypeClass_UNSIGNED_LONG:
        case uno::TypeClass_HYPER:
        case uno::TypeClass_FLOAT:
            if (a >>= out) return Kind::Number;
            break;
        default: break;
    }
    throw Error::message(Msg::ArgNeitherNumberNorText, {argument(name)});
}

const AnyGrid* as_grid(const uno::Any& arg) {
    if (arg.getValueType() == cppu::UnoType<AnyGrid>::get())
        return static_cast<const AnyGrid*>(arg.getValue());
    return nullptr;
}

void check_rectangular(const AnyGrid& g, ArgName name) {
    const sal_Int32 cols = g.getLength() > 0 ? g[0].getLength() : 0;
    for (const auto& row : g) {
        if (row.getLength() != cols) {
            throw Error::message(Msg::ArgNotRectangular, {argument(name)});
        }
    }
}

// Ranges larger than this are cut to the used area of their sheet first. Finding the used area costs a few
// microseconds, so small ranges skip it.
constexpr sal_Int64 kShrinkCells = 100000;

// What getDataArray gives for a range argument, cut to the used area of its sheet when it is large.
struct RangeBlock {
    uno::Reference<table::XCellRange> cells;  // the (cut) range, to ask error cells for their code
    AnyGrid data;                             // empty when nothing but empty cells remain
};

// Calc (7.4, sc/source/core/tool/interpr4.cxx, ScInterpreter::ScExternal) hands a 3-D reference such as
// $D.A1:$E.A13 to a range argument as one ScCellRangeObj whose getRangeAddress() and getDataArray() cover the
// first sheet only: the result would silently be that of $D.A1:$D.A13. Only its property AbsoluteName names
// both sheets ("$D.$A$1:$E.$A$13"; one sheet: "$D.$A$1:$A$13", measured). Sheet names cannot contain ':', so
// a '.' after the last ':' means a second sheet. Cost: one property read and one formatted address per range
// argument; 20,000 calls with two references each took 0.24-0.31 s with and without it (machine under load,
// difference within the noise).
void require_one_sheet(const uno::Reference<table::XCellRange>& range, ArgName name) {
    uno::Reference<css::beans::XPropertySet> props(range, uno::UNO_QUERY);
    if (!props.is()) return;
    rtl::OUString absolute;
    if (!(props->getPropertyValue("AbsoluteName") >>= absolute)) return;
    const sal_Int32 colon = absolute.lastIndexOf(':');
    if (colon < 0 || absolute.indexOf('.', colon) < 0) return;
    throw multi_sheet_error(name, to_utf8(absolute));
}

RangeBlock read_block(const uno::Reference<table::XCellRange>& range, ArgName name) {
    require_one_sheet(range, name);
    RangeBlock out{range, AnyGrid()};
    uno::Reference<sheet::XCellRangeAddressable> addressable(range, uno::UNO_QUERY_THROW);
    const table::CellRangeAddress a = addressable->getRangeAddress();
    const sal_Int32 rows = a.EndRow - a.StartRow + 1;
    const sal_Int32 cols = a.EndColumn - a.StartColumn + 1;
    uno::Reference<sheet::XSheetCellRange> sheet_range(range, uno::UNO_QUERY);
    if (static_cast<sal_Int64>(rows) * cols > kShrinkCells && sheet_range.is()) {
        uno::Reference<sheet::XSheetCellCursor> cursor = sheet_range->getSpreadsheet()->createCursor();
        uno::Reference<sheet::XUsedAreaCursor>(cursor, uno::UNO_QUERY_THROW)->gotoEndOfUsedArea(false);
        const table::CellRangeAddress used =
            uno::Reference<sheet::XCellRangeAddressable>(cursor, uno::UNO_QUERY_THROW)->getRangeAddress();
        const sal_Int32 used_rows = std::min(a.EndRow, used.EndRow) - a.StartRow + 1;
        const sal_Int32 used_cols = std::min(a.EndColumn, used.EndColumn) - a.StartColumn + 1;
        if (used_rows <= 0 || used_cols <= 0) return out;  // nothing but empty cells
        out.cells = range->getCellRangeByPosition(0, 0, used_cols - 1, used_rows - 1);
    }
    out.data = uno::Reference<sheet::XCellRangeData>(out.cells, uno::UNO_QUERY_THROW)->getDataArray();
    return out;
}

// getDataArray leaves error cells VOID; the cell itself knows its code.
int error_code_at(const RangeBlock& b, sal_Int32 row, sal_Int32 col) {
    const sal_Int32 code = b.cells->getCellByPosition(col, row)->getError();
    return code != 0 ? static_cast<int>(code) : kErrNoValue;
}

Cells from_range(const uno::Reference<table::XCellRange>& range, ArgName name) {
    const RangeBlock b = read_block(range, name);
    Cells out;
    out.rows = static_cast<std::size_t>(b.data.getLength());
    out.cols = out.rows > 0 ? static_cast<std::size_t>(b.data[0].getLength()) : 0;
    out.values.resize(out.rows * out.cols);
    double* v = out.values.data();
    std::size_t index = 0;
    for (sal_Int32 r = 0; r < b.data.getLength(); ++r) {
        const uno::Sequence<uno::Any>& row = b.data[r];
        for (sal_Int32 c = 0; c < row.getLength(); ++c, ++index) {
            const uno::Any& e = row[c];
            if (!e.hasValue()) {
                v[index] = kMissing;
                out.errors.emplace_back(index, error_code_at(b, r, c));
                continue;
            }
            double x;
            int code = 0;
            switch (element(e, x, code, name)) {
                case Kind::Number: v[index] = x; break;
                case Kind::Missing: v[index] = kMissing; break;
                case Kind::Error:
                    v[index] = kMissing;
                    out.errors.emplace_back(index, code);
                    break;
            }
        }
    }
    return out;
}

Cells from_grid(const AnyGrid& g, ArgName name) {
    check_rectangular(g, name);
    Cells out;
    out.rows = static_cast<std::size_t>(g.getLength());
    out.cols = out.rows > 0 ? static_cast<std::size_t>(g[0].getLength()) : 0;
    out.values.resize(out.rows * out.cols);
    std::size_t index = 0;
    for (const auto& row : g) {
        for (const uno::Any& e : row) {
            double x;
            int code = 0;
            switch (element(e, x, code, name)) {
                case Kind::Number: out.values[index] = x; break;
                case Kind::Missing: out.values[index] = kMissing; break;
                case Kind::Error:
                    out.values[index] = kMissing;
                    out.errors.emplace_back(index, code);
                    break;
            }
            ++index;
        }
    }
    return out;
}

std::string number_text(double v) {
    char buf[40];
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    // Shortest text that reads back to the same double, as Calc's standard format shows it.
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

}  // namespace

namespace {
thread_local ErrorValueNotes* t_notes = nullptr;
}  // namespace

void note_error_value(const Error& reason, const char* shown) {
    if (t_notes == nullptr) return;
    if (t_notes->count++ == 0) {
        t_notes->first_id = error_id(reason.code());
        t_notes->first_shown = shown;
        t_notes->first_message = reason.message_de();
    }
}

bool recording_error_values() noexcept {
    return t_notes != nullptr;
}

ErrorValueRecorder::ErrorValueRecorder() : previous_(t_notes) {
    t_notes = &notes_;
}

ErrorValueRecorder::~ErrorValueRecorder() {
    t_notes = previous_;
}

Error missing_argument(ArgName name) {
    return Error::message(Msg::ArgMissing, {argument(name)});
}

Error multi_sheet_error(ArgName name, const std::string& reference) {
    return Error::message(Msg::ArgOnSeveralSheets, {argument(name), reference});
}

void Cells::require_no_errors() const {
    if (!errors.empty()) throw CalcError{errors.front().second};
}

bool is_omitted(const uno::Any& arg) noexcept {
    return !arg.hasValue();
}

bool is_text(const uno::Any& arg) noexcept {
    if (arg.getValueTypeClass() == uno::TypeClass_STRING) return true;
    if (const AnyGrid* g = as_grid(arg))
        return g->getLength() == 1 && (*g)[0].getLength() == 1 &&
               (*g)[0][0].getValueTypeClass() == uno::TypeClass_STRING;
    return false;
}

Cells cells(const uno::Any& arg, ArgName name) {
    if (arg.getValueTypeClass() == uno::TypeClass_INTERFACE) {
        uno::Reference<table::XCellRange> range(arg, uno::UNO_QUERY);
        if (range.is()) return from_range(range, name);
    }
    if (const AnyGrid* g = as_grid(arg)) return from_grid(*g, name);
    if (is_omitted(arg)) throw missing_argument(name);
    AnyGrid one(1);
    one.getArray()[0] = uno::Sequence<uno::Any>(&arg, 1);
    return from_grid(one, name);
}

namespace {
// Calls text(s), number(x) or missing() for every cell of a key argument (an XCellRange, a grid or a single
// value), row by row. An error cell throws CalcError.
template <class Text, class Number, class Missing>
void visit_keys(const uno::Any& arg, ArgName name, std::size_t* rows, std::size_t* cols, Text text,
                Number number, Missing missing) {
    RangeBlock block;
    if (arg.getValueTypeClass() == uno::TypeClass_INTERFACE) {
        uno::Reference<table::XCellRange> range(arg, uno::UNO_QUERY);
        if (range.is()) block = read_block(range, name);
    } else if (const AnyGrid* g = as_grid(arg)) {
        block.data = *g;
    } else if (!is_omitted(arg)) {
        block.data = AnyGrid(1);
        block.data.getArray()[0] = uno::Sequence<uno::Any>(&arg, 1);
    }
    const AnyGrid& data = block.data;
    check_rectangular(data, name);
    if (rows) *rows = static_cast<std::size_t>(data.getLength());
    if (cols) *cols = data.getLength() > 0 ? static_cast<std::size_t>(data[0].getLength()) : 0;
    for (sal_Int32 r = 0; r < data.getLength(); ++r) {
        for (sal_Int32 c = 0; c < data[r].getLength(); ++c) {
            const uno::Any& e = data[r][c];
            rtl::OUString s;
            if (e >>= s) {
                text(s);
                continue;
            }
            if (!e.hasValue() && block.cells.is()) throw CalcError{error_code_at(block, r, c)};
            double x;
            int code = 0;
            switch (element(e, x, code, name)) {
                case Kind::Number: number(x); break;
                case Kind::Missing: missing(); break;
                case Kind::Error: throw CalcError{code};
            }
        }
    }
}
}  // namespace

std::vector<std::string> texts(const uno::Any& arg, ArgName name, std::size_t* rows, std::size_t* cols) {
    std::vector<std::string> out;
    visit_keys(
        arg, name, rows, cols, [&](const rtl::OUString& s) { out.push_back(to_utf8(s)); },
        [&](double x) { out.push_back(number_text(x)); }, [&] { out.emplace_back(); });
    return out;
}

std::vector<KeyCell> key_cells(const uno::Any& arg, ArgName name, std::size_t* rows, std::size_t* cols) {
    std::vector<KeyCell> out;
    visit_keys(
        arg, name, rows, cols,
        [&](const rtl::OUString& s) {
            out.push_back(KeyCell{false, 0.0, to_utf8(s)});
        },
        [&](double x) {
            out.push_back(KeyCell{true, x, {}});
        },
        [&] { out.push_back(KeyCell{}); });
    return out;
}

std::string keyword(const uno::Any& arg, const char* fallback, ArgName name) {
    if (is_omitted(arg)) return fallback;
    rtl::OUString s;
    if (arg >>= s) return to_utf8(s);
    if (const AnyGrid* g = as_grid(arg)) {
        if (g->getLength() == 1 && (*g)[0].getLength() == 1) return keyword((*g)[0][0], fallback, name);
    }
    throw Error::message(Msg::ArgMustBeText, {argument(name)});
}

double number(const uno::Any& arg, double fallback, ArgName name) {
    if (is_omitted(arg)) return fallback;
    if (const AnyGrid* g = as_grid(arg)) {
        if (g->getLength() == 1 && (*g)[0].getLength() == 1) return number((*g)[0][0], fallback, name);
    } else if (arg.getValueTypeClass() != uno::TypeClass_STRING) {
        double x;
        int code = 0;
        const Kind kind = element(arg, x, code, name);
        if (kind == Kind::Error) throw CalcError{code};
        if (kind == Kind::Number) return x;
    }
    throw Error::message(Msg::ArgMustBeNumber, {argument(name)});
}

std::vector<double> number_list(const uno::Any& arg, ArgName name) {
    if (is_omitted(arg)) return {};
    Cells c = cells(arg, name);
    c.require_no_errors();
    if (!c.is_vector()) {
        throw Error::message(Msg::ArgMustBeRowOrColumn, {argument(name)});
    }
    return std::move(c.values);
}

namespace {
template <class T, class Missing>
void fit_length_impl(std::vector<T>& list, std::size_t n, ArgName name, ArgName other,
                     Missing is_missing_entry) {
    if (list.size() > n) {
        bool surplus_missing = true;
        for (std::size_t i = n; i < list.size() && surplus_missing; ++i)
            surplus_missing = is_missing_entry(list[i]);
        if (surplus_missing) list.resize(n);
    }
    if (list.size() != n) {
        throw Error::message(Msg::ListLengthDiffers, {argument(name), list.size(), argument(other), n});
    }
}
}  // namespace

void fit_length(std::vector<double>& list, std::size_t n, ArgName name, ArgName other) {
    fit_length_impl(list, n, name, other, [](double v) { return std::isnan(v); });
}

void fit_length(std::vector<std::string>& list, std::size_t n, ArgName name, ArgName other) {
    fit_length_impl(list, n, name, other, [](const std::string& v) { return v.empty(); });
}

uno::Any cell(double v) {
    if (std::isnan(v)) {
        // A plain NaN (kMissing) is a missing value: an empty string shows as an empty cell (a VOID would
        // show 0). A NaN made by error_value() carries a Calc error code and stays that error.
        return error_code_in(v) != 0 ? uno::Any(v) : uno::Any(rtl::OUString());
    }
    if (std::isinf(v)) return uno::Any(error_value(kErrNum));
    return uno::Any(v);
}

AnyGrid to_grid(const std::vector<double>& values, std::size_t rows, std::size_t cols) {
    // Calc cannot show an empty array: nothing to compute (e.g. a whole column with no data) is one empty
    // cell.
    if (rows == 0 || cols == 0) return to_grid(std::vector<double>{kMissing}, 1, 1);
    AnyGrid out(static_cast<sal_Int32>(rows));
    uno::Sequence<uno::Any>* out_rows = out.getArray();
    for (std::size_t r = 0; r < rows; ++r) {
        uno::Sequence<uno::Any> row(static_cast<sal_Int32>(cols));
        uno::Any* elements = row.getArray();
        for (std::size_t c = 0; c < cols; ++c) elements[c] = cell(values[r * cols + c]);
        out_rows[r] = row;
    }
    return out;
}

AnyGrid to_column(const std::vector<double>& values) {
    return to_grid(values, values.size(), 1);
}

AnyGrid to_column(const isp::Column& column) {
    std::vector<double> v(column.value);
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!column.ok(i)) v[i] = kMissing;
    return to_column(v);
}

AnyGrid to_text_column(const std::vector<std::string>& texts, const std::vector<bool>& present) {
    AnyGrid out(static_cast<sal_Int32>(texts.size()));
    uno::Sequence<uno::Any>* rows = out.getArray();
    for (std::size_t i = 0; i < texts.size(); ++i) {
        uno::Sequence<uno::Any> row(1);
        row.getArray()[0] <<= present[i] ? to_ou(texts[i]) : rtl::OUString();
        rows[i] = row;
    }
    return out;
}

AnyGrid single(double value) {
    return to_grid(std::vector<double>{value}, 1, 1);
}

AnyGrid single(const std::string& text) {
    return to_text_column({text}, {true});
}

AnyGrid to_text_grid(const std::vector<TextCell>& cells, std::size_t rows, std::size_t cols) {
    if (rows == 0 || cols == 0) return single(kMissing);
    AnyGrid out(static_cast<sal_Int32>(rows));
    uno::Sequence<uno::Any>* out_rows = out.getArray();
    for (std::size_t r = 0; r < rows; ++r) {
        uno::Sequence<uno::Any> row(static_cast<sal_Int32>(cols));
        uno::Any* elements = row.getArray();
        for (std::size_t c = 0; c < cols; ++c) {
            const TextCell& t = cells[r * cols + c];
            if (t.error != 0)
                elements[c] <<= error_value(t.error);
            else
                elements[c] <<= t.present ? to_ou(t.text) : rtl::OUString();
        }
        out_rows[r] = row;
    }
    return out;
}

AnyGrid error_grid(int code) {
    AnyGrid out(1);
    out.getArray()[0] = uno::Sequence<uno::Any>(1);
    out.getArray()[0].getArray()[0] <<= error_value(code);
    return out;
}

}  // namespace isp::addin
