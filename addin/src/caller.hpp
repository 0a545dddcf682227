// The document that calls a function, and what the add-in reads from its formulas.
//
// Measured in LibreOffice 7.4 (docs/architecture.md, "Parameter kinds"): Calc hands a parameter declared
// double, any or sequence<sequence<any>> a reference to a single EMPTY cell as the number 0, exactly like a
// typed 0 or a cell holding 0. Only the formula knows the difference. Calc passes the document (not the
// calling cell) for a hidden com.sun.star.beans.XPropertySet parameter; generate.py gives every function with
// a scalar parameter (and ISP_DIAGNOSE) one, and the generated method keeps it in a CallerScope while the
// call runs. The formulas are read as Calc's own tokens (XFormulaTokens), not as text.
#pragma once

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/sheet/FormulaToken.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/table/CellAddress.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/uno/Any.hxx>
#include <cstddef>
#include <string>
#include <vector>

#include "isp_functions_meta.hxx"

namespace isp::addin {

// Makes `document` the calling document while it lives (Calc calls add-ins on one thread; nested calls
// restore the outer one).
class CallerScope {
public:
    explicit CallerScope(const css::uno::Reference<css::beans::XPropertySet>& document);
    ~CallerScope();
    CallerScope(const CallerScope&) = delete;
    CallerScope& operator=(const CallerScope&) = delete;

private:
    const css::uno::Reference<css::beans::XPropertySet>* previous_;
};

// The calling document, or null (FunctionAccess, tests without Calc).
css::uno::Reference<css::beans::XPropertySet> caller_document();

using Tokens = std::vector<css::sheet::FormulaToken>;

// The op-codes of Calc's formula tokens that matter here; Calc numbers them, its mapper tells the numbers.
struct OpCodes {
    sal_Int32 external = -1, open = -1, close = -1, separator = -1, negate = -1, missing = -1;
};

// One call of an ISP function in a formula cell: its arguments as tokens (an omitted one is empty).
struct FormulaCall {
    css::uno::Reference<css::table::XCell> cell;
    css::table::CellAddress at;
    std::string method;  // ispScore
    std::vector<Tokens> args;
};

// The formula cells of a document.
class FormulaDocument {
public:
    explicit FormulaDocument(const css::uno::Reference<css::beans::XPropertySet>& document);
    bool valid() const noexcept { return sheets_ != nullptr; }
    const OpCodes& codes() const noexcept { return codes_; }
    // Every call of `method` (all ISP functions when empty) in every formula cell; valid until the next
    // calls().
    std::vector<const FormulaCall*> calls(const char* method) const;
    // The calls in one cell.
    std::vector<FormulaCall> calls_in(const css::uno::Reference<css::table::XCell>& cell) const;
    // The first formula cell whose formula, as FORMULA()/FORMEL() shows it, is `formula`; or null.
    css::uno::Reference<css::table::XCell> cell_with_formula(const std::string& formula) const;
    css::uno::Reference<css::table::XCell> cell(sal_Int32 sheet, sal_Int32 column, sal_Int32 row) const;
    // The cells of a range address as Calc hands them to an XCellRange parameter.
    css::uno::Any range(const css::table::CellRangeAddress& a) const;

private:
    css::uno::Reference<css::sheet::XSpreadsheetDocument> document_;
    css::uno::Reference<css::container::XIndexAccess> sheets_;
    OpCodes codes_;
};

// The cells an argument names when it is a plain reference (A1, $A$1:B4, Sheet.A1, in parentheses or with
// spaces); false for anything else (a number, an expression, a named range, INDEX(...)).
bool reference_range(const Tokens& arg, const OpCodes& codes, const css::table::CellAddress& at,
                     css::table::CellRangeAddress& out);

// A literal argument: a number (also negated), a text or an inline array (sequence<sequence<any>>); VOID for
// anything else (a reference, an expression, an omitted argument).
css::uno::Any literal(const Tokens& arg, const OpCodes& codes);

std::string absolute_name(const css::uno::Reference<css::uno::XInterface>& cell_or_range);

// When `value` (what arrived at visible parameter `index` of `function`; `args` all arguments) is exactly the
// number 0 and a formula of the calling document calls `function` with that argument being a reference to a
// single empty cell (and whose other arguments could be those of this call: same ranges, same typed values),
// throws Error(MissingValue) naming the formula cell and the empty cell. Calc does not say which cell calls:
// a typed 0 in a call with the same reference arguments is refused too while such a formula exists, and the
// message names the formula to fix. Costs nothing unless a 0 arrives; then the document's calls are read
// (kept for one recalculation, see FormulaDocument::calls).
void refuse_empty_references(const meta::Function& function, const Args& args);

}  // namespace isp::addin
