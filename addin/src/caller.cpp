#include "caller.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <com/sun/star/container/XEnumeration.hpp>
#include <com/sun/star/container/XEnumerationAccess.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/CellFlags.hpp>
#include <com/sun/star/sheet/ComplexReference.hpp>
#include <com/sun/star/sheet/FormulaLanguage.hpp>
#include <com/sun/star/sheet/FormulaMapGroup.hpp>
#include <com/sun/star/sheet/FormulaMapGroupSpecialOffset.hpp>
#include <com/sun/star/sheet/FormulaOpCodeMapEntry.hpp>
#include <com/sun/star/sheet/ReferenceFlags.hpp>
#include <com/sun/star/sheet/SingleReference.hpp>
#include <com/sun/star/sheet/XCellAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangesQuery.hpp>
#include <com/sun/star/sheet/XFormulaOpCodeMapper.hpp>
#include <com/sun/star/sheet/XFormulaTokens.hpp>
#include <com/sun/star/sheet/XSheetCellRanges.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/table/CellContentType.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <cstring>

#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp::addin {

namespace uno = css::uno;
namespace sheet = css::sheet;
namespace table = css::table;
namespace container = css::container;

namespace {

thread_local const uno::Reference<css::beans::XPropertySet>* t_document = nullptr;

// The number 0 as a scalar parameter receives it: a plain double (double, any) or a 1x1 grid
// (sequence<sequence<any>>).
bool is_single_zero(const uno::Any& value) {
    double x = 1.0;
    if (value.getValueTypeClass() == uno::TypeClass_DOUBLE) return (value >>= x) && x == 0.0;
    if (value.getValueType() != cppu::UnoType<AnyGrid>::get()) return false;
    const AnyGrid& grid = *static_cast<const AnyGrid*>(value.getValue());
    return grid.getLength() == 1 && grid[0].getLength() == 1 &&
           grid[0][0].getValueTypeClass() == uno::TypeClass_DOUBLE && (grid[0][0] >>= x) && x == 0.0;
}

OpCodes op_codes(const uno::Reference<css::lang::XMultiServiceFactory>& factory) {
    OpCodes codes;
    uno::Reference<sheet::XFormulaOpCodeMapper> mapper(
        factory->createInstance("com.sun.star.sheet.FormulaOpCodeMapper"), uno::UNO_QUERY_THROW);
    codes.external = mapper->getOpCodeExternal();
    uno::Sequence<rtl::OUString> names(3);
    names.getArray()[0] = "(";
    names.getArray()[1] = ")";
    names.getArray()[2] = ";";
    const uno::Sequence<sheet::FormulaToken> tokens =
        mapper->getMappings(names, sheet::FormulaLanguage::ODFF);
    if (tokens.getLength() == 3) {
        codes.open = tokens[0].OpCode;
        codes.close = tokens[1].OpCode;
        codes.separator = tokens[2].OpCode;
    }
    for (const sheet::FormulaOpCodeMapEntry& e : mapper->getAvailableMappings(
             sheet::FormulaLanguage::ODFF, sheet::FormulaMapGroup::UNARY_OPERATORS)) {
        if (e.Name == "-") codes.negate = e.Token.OpCode;
    }
    // An omitted argument between separators (F(A1;;2)) is a token of its own.
    const uno::Sequence<sheet::FormulaOpCodeMapEntry> special =
        mapper->getAvailableMappings(sheet::FormulaLanguage::ODFF, sheet::FormulaMapGroup::SPECIAL);
    if (special.getLength() > sheet::FormulaMapGroupSpecialOffset::MISSING)
        codes.missing = special[sheet::FormulaMapGroupSpecialOffset::MISSING].Token.OpCode;
    return codes;
}

// A reference token's cell; relative parts count from the formula cell `at`. False for deleted parts (#REF!).
bool position_of(const sheet::SingleReference& r, const table::CellAddress& at, sal_Int32& sheet_index,
                 sal_Int32& column, sal_Int32& row) {
    namespace F = sheet::ReferenceFlags;
    if (r.Flags & (F::COLUMN_DELETED | F::ROW_DELETED | F::SHEET_DELETED)) return false;
    sheet_index = (r.Flags & F::SHEET_RELATIVE) ? at.Sheet + r.RelativeSheet : r.Sheet;
    column = (r.Flags & F::COLUMN_RELATIVE) ? at.Column + r.RelativeColumn : r.Column;
    row = (r.Flags & F::ROW_RELATIVE) ? at.Row + r.RelativeRow : r.Row;
    return true;
}

std::string method_of(const sheet::FormulaToken& t, const OpCodes& codes) {
    rtl::OUString name;
    if (t.OpCode != codes.external || !(t.Data >>= name)) return {};
    return to_utf8(name.copy(name.lastIndexOf('.') + 1));
}

bool same_method(const std::string& a, const char* b) {
    if (a.size() != std::strlen(b)) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// A single number or text as a parameter receives it (plain or as a 1x1 grid).
uno::Any single_value(const uno::Any& value) {
    if (value.getValueType() != cppu::UnoType<AnyGrid>::get()) return value;
    const AnyGrid& grid = *static_cast<const AnyGrid*>(value.getValue());
    return grid.getLength() == 1 && grid[0].getLength() == 1 ? grid[0][0] : uno::Any();
}

// Could argument `arg` of a call be what Calc handed this call (`given`)? The same cells for a range, the
// same number or text for a literal; anything else cannot be told apart.
bool could_be(const Tokens& arg, const OpCodes& codes, const table::CellAddress& at, const uno::Any& given) {
    uno::Reference<sheet::XCellRangeAddressable> range(given, uno::UNO_QUERY);
    if (!range.is()) {
        const uno::Any written = literal(arg, codes);
        const uno::TypeClass type = written.getValueTypeClass();
        if (type != uno::TypeClass_DOUBLE && type != uno::TypeClass_STRING) return true;
        return written == single_value(given);
    }
    table::CellRangeAddress a{};
    if (!reference_range(arg, codes, at, a)) return true;  // a named range, INDEX(...): cannot tell
    const table::CellRangeAddress b = range->getRangeAddress();
    return a.Sheet == b.Sheet && a.StartColumn == b.StartColumn && a.StartRow == b.StartRow &&
           a.EndColumn == b.EndColumn && a.EndRow == b.EndRow;
}

struct EmptyReference {
    std::string formula_cell, empty_cell;
};

// Looks through the formula cells of `document` for a call of `function` whose argument `index` is a plain
// reference to an empty cell and whose reference arguments are those of this call (`given`).
bool find_empty_reference(const FormulaDocument& doc, const meta::Function& function, std::size_t index,
                          const Args& given, EmptyReference& found) {
    for (const FormulaCall* found_call : doc.calls(function.method)) {
        const FormulaCall& call = *found_call;
        if (index >= call.args.size()) continue;
        bool same = true;
        for (std::size_t j = 0; j < call.args.size() && j < given.size() && j < function.param_count && same;
             ++j)
            same =
                j == index || call.args[j].empty() || could_be(call.args[j], doc.codes(), call.at, given[j]);
        table::CellRangeAddress r{};
        if (!same || !reference_range(call.args[index], doc.codes(), call.at, r) ||
            r.StartColumn != r.EndColumn || r.StartRow != r.EndRow)
            continue;
        const uno::Reference<table::XCell> referenced = doc.cell(r.Sheet, r.StartColumn, r.StartRow);
        if (!referenced.is() || referenced->getType() != table::CellContentType_EMPTY) continue;
        found = {absolute_name(call.cell), absolute_name(referenced)};
        return true;
    }
    return false;
}

}  // namespace

CallerScope::CallerScope(const uno::Reference<css::beans::XPropertySet>& document) : previous_(t_document) {
    t_document = &document;
}

CallerScope::~CallerScope() {
    t_document = previous_;
}

uno::Reference<css::beans::XPropertySet> caller_document() {
    return t_document != nullptr ? *t_document : uno::Reference<css::beans::XPropertySet>();
}

bool reference_range(const Tokens& arg, const OpCodes& codes, const table::CellAddress& at,
                     table::CellRangeAddress& out) {
    const sheet::FormulaToken* reference = nullptr;
    for (const sheet::FormulaToken& t : arg) {
        const uno::TypeClass type = t.Data.getValueTypeClass();
        if (type == uno::TypeClass_LONG) continue;  // spaces: their count
        if (!t.Data.hasValue() && (t.OpCode == codes.open || t.OpCode == codes.close)) continue;
        if (reference != nullptr || type != uno::TypeClass_STRUCT) return false;
        reference = &t;
    }
    if (reference == nullptr) return false;
    sal_Int32 s1 = 0, c1 = 0, r1 = 0, s2 = 0, c2 = 0, r2 = 0;
    sheet::SingleReference single;
    sheet::ComplexReference complex;
    if (reference->Data >>= single) {
        if (!position_of(single, at, s1, c1, r1)) return false;
        s2 = s1, c2 = c1, r2 = r1;
    } else if (!(reference->Data >>= complex) || !position_of(complex.Reference1, at, s1, c1, r1) ||
               !position_of(complex.Reference2, at, s2, c2, r2)) {
        return false;
    }
    if (s1 != s2) return false;  // a 3-D reference: reported elsewhere (multi_sheet_error)
    out.Sheet = static_cast<sal_Int16>(s1);
    out.StartColumn = std::min(c1, c2);
    out.EndColumn = std::max(c1, c2);
    out.StartRow = std::min(r1, r2);
    out.EndRow = std::max(r1, r2);
    return true;
}

uno::Any literal(const Tokens& arg, const OpCodes& codes) {
    std::vector<const sheet::FormulaToken*> parts;
    for (const auto& t : arg)
        if (t.Data.getValueTypeClass() != uno::TypeClass_LONG) parts.push_back(&t);  // spaces: their count
    double x = 0.0;
    if (parts.size() == 2 && parts[0]->OpCode == codes.negate && (parts[1]->Data >>= x)) return uno::Any(-x);
    if (parts.size() != 1) return {};
    const uno::TypeClass type = parts[0]->Data.getValueTypeClass();
    if (type == uno::TypeClass_DOUBLE || type == uno::TypeClass_STRING) return parts[0]->Data;
    if (parts[0]->Data.getValueType() == cppu::UnoType<AnyGrid>::get()) return parts[0]->Data;
    return {};
}

std::string absolute_name(const uno::Reference<uno::XInterface>& cell_or_range) {
    rtl::OUString name;
    uno::Reference<css::beans::XPropertySet>(cell_or_range, uno::UNO_QUERY_THROW)
        ->getPropertyValue("AbsoluteName") >>= name;
    return to_utf8(name);
}

FormulaDocument::FormulaDocument(const uno::Reference<css::beans::XPropertySet>& document)
    : document_(document, uno::UNO_QUERY) {
    uno::Reference<css::lang::XMultiServiceFactory> factory(document, uno::UNO_QUERY);
    if (!document_.is() || !factory.is()) return;
    codes_ = op_codes(factory);
    sheets_.set(document_->getSheets(), uno::UNO_QUERY_THROW);
}

std::vector<FormulaCall> FormulaDocument::calls_in(const uno::Reference<table::XCell>& cell) const {
    std::vector<FormulaCall> out;
    const uno::Sequence<sheet::FormulaToken> tokens =
        uno::Reference<sheet::XFormulaTokens>(cell, uno::UNO_QUERY_THROW)->getTokens();
    for (sal_Int32 i = 0; i + 1 < tokens.getLength(); ++i) {
        std::string method = method_of(tokens[i], codes_);
        if (method.empty() || tokens[i + 1].OpCode != codes_.open) continue;
        FormulaCall call{
            cell,
            uno::Reference<sheet::XCellAddressable>(cell, uno::UNO_QUERY_THROW)->getCellAddress(),
            std::move(method),
            {Tokens()}};
        int depth = 0;
        for (sal_Int32 k = i + 2; k < tokens.getLength(); ++k) {
            const sheet::FormulaToken& t = tokens[k];
            if (t.OpCode == codes_.close && depth == 0) break;
            if (t.OpCode == codes_.open) ++depth;
            if (t.OpCode == codes_.close) --depth;
            if (t.OpCode == codes_.separator && depth == 0) {
                call.args.emplace_back();
                continue;
            }
            call.args.back().push_back(t);
        }
        for (Tokens& arg : call.args) {
            std::size_t meaningful = 0;
            for (const sheet::FormulaToken& t : arg)
                if (t.Data.getValueTypeClass() != uno::TypeClass_LONG && t.OpCode != codes_.missing)
                    ++meaningful;
            if (meaningful == 0) arg.clear();  // omitted: only spaces or Calc's "missing" token
        }
        if (call.args.size() == 1 && call.args[0].empty()) call.args.clear();  // ISP_VERSION()
        out.push_back(std::move(call));
    }
    return out;
}

namespace {
template <class Visit>
void for_each_formula_cell(const uno::Reference<container::XIndexAccess>& sheets, Visit visit) {
    for (sal_Int32 s = 0; s < sheets->getCount(); ++s) {
        uno::Reference<sheet::XCellRangesQuery> query(sheets->getByIndex(s), uno::UNO_QUERY_THROW);
        const uno::Reference<container::XEnumeration> cells =
            query->queryContentCells(sheet::CellFlags::FORMULA)->getCells()->createEnumeration();
        while (cells->hasMoreElements()) {
            uno::Reference<table::XCell> cell(cells->nextElement(), uno::UNO_QUERY_THROW);
            if (!visit(cell)) return;
        }
    }
}
}  // namespace

namespace {

// Where the formula cells are, sheet by sheet ("$Tabelle1.$A$1:$A$40,..."): changes when formula cells come
// or go.
std::string formula_layout(const uno::Reference<container::XIndexAccess>& sheets) {
    std::string layout;
    for (sal_Int32 s = 0; s < sheets->getCount(); ++s) {
        uno::Reference<sheet::XCellRangesQuery> query(sheets->getByIndex(s), uno::UNO_QUERY_THROW);
        layout += to_utf8(query->queryContentCells(sheet::CellFlags::FORMULA)->getRangeAddressesAsString());
        layout += '|';
    }
    return layout;
}

// The ISP calls of the last document read, reused for a short time: one recalculation calls the add-in once
// per formula, and each 0 at a scalar parameter asks for the calls (measured: the bad-input catalogue, 2,900
// formula cells, took 150 s instead of 19 s without it). Read again when formula cells come or go, and after
// kCallsAge (a formula replaced in place by another within that time is seen late).
struct CallsCache {
    uno::Reference<uno::XInterface> document;
    std::string layout;
    std::chrono::steady_clock::time_point read;
    std::vector<FormulaCall> calls;
};
constexpr std::chrono::milliseconds kCallsAge{1000};
thread_local CallsCache t_calls;

}  // namespace

std::vector<const FormulaCall*> FormulaDocument::calls(const char* method) const {
    std::vector<const FormulaCall*> out;
    if (!valid()) return out;
    const uno::Reference<uno::XInterface> identity(document_, uno::UNO_QUERY);
    const std::string layout = formula_layout(sheets_);
    const auto now = std::chrono::steady_clock::now();
    if (t_calls.document != identity || t_calls.layout != layout || now - t_calls.read > kCallsAge) {
        t_calls = CallsCache{identity, layout, now, {}};
        for_each_formula_cell(sheets_, [&](const uno::Reference<table::XCell>& cell) {
            for (FormulaCall& call : calls_in(cell)) t_calls.calls.push_back(std::move(call));
            return true;
        });
    }
    for (const FormulaCall& call : t_calls.calls)
        if (*method == '\0' || same_method(call.method, method)) out.push_back(&call);
    return out;
}

uno::Reference<table::XCell> FormulaDocument::cell_with_formula(const std::string& formula) const {
    uno::Reference<table::XCell> found;
    if (!valid()) return found;
    const rtl::OUString wanted = to_ou(formula);
    for_each_formula_cell(sheets_, [&](const uno::Reference<table::XCell>& cell) {
        rtl::OUString local;
        uno::Reference<css::beans::XPropertySet>(cell, uno::UNO_QUERY_THROW)
            ->getPropertyValue("FormulaLocal") >>= local;
        if (local == wanted || cell->getFormula() == wanted) found = cell;
        return !found.is();
    });
    return found;
}

uno::Reference<table::XCell> FormulaDocument::cell(sal_Int32 sheet_index, sal_Int32 column,
                                                   sal_Int32 row) const {
    if (!valid() || sheet_index < 0 || sheet_index >= sheets_->getCount()) return {};
    uno::Reference<sheet::XSpreadsheet> s(sheets_->getByIndex(sheet_index), uno::UNO_QUERY_THROW);
    return s->getCellByPosition(column, row);
}

uno::Any FormulaDocument::range(const table::CellRangeAddress& a) const {
    if (!valid() || a.Sheet >= sheets_->getCount()) return {};
    uno::Reference<table::XCellRange> s(sheets_->getByIndex(a.Sheet), uno::UNO_QUERY_THROW);
    return uno::Any(s->getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow));
}

void refuse_empty_references(const meta::Function& function, const Args& args) {
    if (t_document == nullptr || !t_document->is()) return;
    for (std::size_t i = 0; i < function.param_count && i < args.size(); ++i) {
        if (!function.params[i].scalar || !is_single_zero(args[i])) continue;
        EmptyReference found;
        try {
            const FormulaDocument doc(*t_document);
            if (!doc.valid() || !find_empty_reference(doc, function, i, args, found)) continue;
        } catch (const uno::Exception&) {
            continue;  // a document that cannot be read this way (none is known): the 0 stands as Calc passed
                       // it
        }
        const meta::Param& p = function.params[i];
        throw Error::message(Msg::EmptyCellBecomesZero,
                             {i + 1, {p.display_de, p.display_en}, found.empty_cell, found.formula_cell});
    }
}

}  // namespace isp::addin
