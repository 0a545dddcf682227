// The Weitergabe export. What belongs to which area comes from named ranges with the reserved prefix ISP_WG_
// that the templates carry (docs/weitergabe.md): they survive ODS and XLSX round trips and move with inserted
// rows and columns. Safe by default: a sheet that no ISP_WG_ name describes is removed from per-Sozialraum
// and public exports.
//
// Order of the steps on the copy (each step relies on the previous one):
//   1. switch single-area views (PROFIL) to the chosen Sozialraum and recalculate;
//   2. bake conditional formats into cell styles (their conditions may refer to sheets that go);
//   3. replace every formula by its value;
//   4. remove sheets (hidden, internal, undescribed), then rows/columns of other areas, then suppress small
//      counts (the named ranges are re-read after every deletion, so they follow the moves);
//   5. remove named ranges, comments, the charts the plan removes (W34) and every other drawing object,
//      validation, print ranges, document properties; the kept charts re-read their cells;
//   6. add the sheet "Hinweise zur Weitergabe" and store.
#include "weitergabe.hpp"

#include <osl/thread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <com/sun/star/awt/Point.hpp>
#include <com/sun/star/awt/Size.hpp>
#include <com/sun/star/beans/PropertyAttribute.hpp>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/beans/XPropertyContainer.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/beans/XPropertySetInfo.hpp>
#include <com/sun/star/chart2/XChartDocument.hpp>
#include <com/sun/star/chart2/data/XDataProvider.hpp>
#include <com/sun/star/chart2/data/XDataReceiver.hpp>
#include <com/sun/star/chart2/data/XRangeXMLConversion.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/document/XDocumentProperties.hpp>
#include <com/sun/star/document/XDocumentPropertiesSupplier.hpp>
#include <com/sun/star/document/XEmbeddedObjectSupplier.hpp>
#include <com/sun/star/drawing/FillStyle.hpp>
#include <com/sun/star/drawing/XDrawPage.hpp>
#include <com/sun/star/drawing/XDrawPages.hpp>
#include <com/sun/star/drawing/XDrawPagesSupplier.hpp>
#include <com/sun/star/drawing/XShape.hpp>
#include <com/sun/star/embed/ElementModes.hpp>
#include <com/sun/star/embed/StorageFactory.hpp>
#include <com/sun/star/embed/XStorage.hpp>
#include <com/sun/star/embed/XTransactedObject.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/XComponentLoader.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/io/IOException.hpp>
#include <com/sun/star/io/XInputStream.hpp>
#include <com/sun/star/io/XOutputStream.hpp>
#include <com/sun/star/io/XSeekable.hpp>
#include <com/sun/star/io/XStream.hpp>
#include <com/sun/star/io/XTruncate.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XSingleServiceFactory.hpp>
#include <com/sun/star/sheet/AddressConvention.hpp>
#include <com/sun/star/sheet/CellDeleteMode.hpp>
#include <com/sun/star/sheet/CellFlags.hpp>
#include <com/sun/star/sheet/ComplexReference.hpp>
#include <com/sun/star/sheet/ConditionOperator.hpp>
#include <com/sun/star/sheet/ExternalReference.hpp>
#include <com/sun/star/sheet/FormulaResult.hpp>
#include <com/sun/star/sheet/FormulaToken.hpp>
#include <com/sun/star/sheet/NameToken.hpp>
#include <com/sun/star/sheet/ReferenceFlags.hpp>
#include <com/sun/star/sheet/SingleReference.hpp>
#include <com/sun/star/sheet/ValidationType.hpp>
#include <com/sun/star/sheet/XArrayFormulaRange.hpp>
#include <com/sun/star/sheet/XCalculatable.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangeMovement.hpp>
#include <com/sun/star/sheet/XCellRangeReferrer.hpp>
#include <com/sun/star/sheet/XCellRangesQuery.hpp>
#include <com/sun/star/sheet/XDataPilotTable.hpp>
#include <com/sun/star/sheet/XDataPilotTables.hpp>
#include <com/sun/star/sheet/XDataPilotTablesSupplier.hpp>
#include <com/sun/star/sheet/XDatabaseRanges.hpp>
#include <com/sun/star/sheet/XFormulaParser.hpp>
#include <com/sun/star/sheet/XFormulaTokens.hpp>
#include <com/sun/star/sheet/XNamedRanges.hpp>
#include <com/sun/star/sheet/XPrintAreas.hpp>
#include <com/sun/star/sheet/XSheetAnnotations.hpp>
#include <com/sun/star/sheet/XSheetAnnotationsSupplier.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSheetCellRanges.hpp>
#include <com/sun/star/sheet/XSheetCondition.hpp>
#include <com/sun/star/sheet/XSheetConditionalEntries.hpp>
#include <com/sun/star/sheet/XSheetConditionalEntry.hpp>
#include <com/sun/star/sheet/XSheetOperation.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XSpreadsheetView.hpp>
#include <com/sun/star/sheet/XSpreadsheets.hpp>
#include <com/sun/star/sheet/XUniqueCellFormatRangesSupplier.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/style/XStyleFamiliesSupplier.hpp>
#include <com/sun/star/table/CellContentType.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/table/XColumnRowRange.hpp>
#include <com/sun/star/table/XTableChart.hpp>
#include <com/sun/star/table/XTableCharts.hpp>
#include <com/sun/star/table/XTableChartsSupplier.hpp>
#include <com/sun/star/table/XTableColumns.hpp>
#include <com/sun/star/table/XTableRows.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <com/sun/star/util/XCloseable.hpp>
#include <com/sun/star/util/XModifiable.hpp>
#include <com/sun/star/util/XNumberFormats.hpp>
#include <com/sun/star/util/XNumberFormatsSupplier.hpp>
#include <com/sun/star/util/XProtectable.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <osl/file.hxx>
#include <random>
#include <regex>
#include <rtl/math.hxx>
#include <rtl/uri.hxx>
#include <rtl/ustrbuf.hxx>
#include <set>
#include <string>
#include <vector>

#include "portable_formula.hpp"
#include "portable_index.hpp"
#include "weitergabe_plan.hpp"
#include "werte_plan.hpp"

namespace isp::weitergabe {
namespace {

namespace uno = css::uno;
namespace lang = css::lang;
namespace sheet = css::sheet;
namespace table = css::table;
namespace beans = css::beans;
namespace container = css::container;
namespace util = css::util;
using rtl::OUString;
using rtl::OUStringBuffer;
using uno::Reference;
using uno::UNO_QUERY;
using uno::UNO_QUERY_THROW;

const OUString kNotesSheet("Hinweise zur Weitergabe");

// Non-ASCII literals must be converted from UTF-8 explicitly (the public SDK's OUString literals are ASCII).
OUString de(const char* utf8) {
    return OUString(utf8, static_cast<sal_Int32>(std::strlen(utf8)), RTL_TEXTENCODING_UTF8);
}

[[noreturn]] void fail(const OUString& message) {
    throw lang::IllegalArgumentException(message, Reference<uno::XInterface>(), 0);
}

// ---- cells
// -------------------------------------------------------------------------------------------------

OUString number_key(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
        return OUString::number(static_cast<sal_Int64>(v));
    return OUString::number(v);
}

// What a cell holds, for keys and comparisons: a number or a text (a formula counts as its result).
struct CellValue {
    bool empty = true;
    bool is_number = false;
    double number = 0.0;
    OUString text;
};

CellValue read_cell(const Reference<table::XCell>& cell) {
    CellValue v;
    auto type = cell->getType();
    if (type == table::CellContentType_EMPTY) return v;
    if (type == table::CellContentType_FORMULA) {
        Reference<beans::XPropertySet> props(cell, UNO_QUERY_THROW);
        sal_Int32 result = 0;
        props->getPropertyValue("FormulaResultType2") >>= result;
        type = result == sheet::FormulaResult::VALUE ? table::CellContentType_VALUE
                                                     : table::CellContentType_TEXT;
    }
    v.empty = false;
    v.text = Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->getString();
    if (type == table::CellContentType_VALUE) {
        v.is_number = true;
        v.number = cell->getValue();
    } else if (v.text.isEmpty()) {
        v.empty = true;
    }
    return v;
}

OUString key_text(const Reference<table::XCell>& cell) {
    const CellValue v = read_cell(cell);
    if (v.empty) return OUString();
    return v.is_number ? number_key(v.number) : v.text.trim();
}

// ---- between UNO and the plan
// -------------------------------------------------------------------------------

std::string u8(const OUString& s) {
    return rtl::OUStringToOString(s, RTL_TEXTENCODING_UTF8).getStr();
}

OUString ou(const std::string& s) {
    return OUString(s.data(), static_cast<sal_Int32>(s.size()), RTL_TEXTENCODING_UTF8);
}

Range to_range(const table::CellRangeAddress& a) {
    return Range{a.Sheet, a.StartColumn, a.StartRow, a.EndColumn, a.EndRow};
}

table::CellRangeAddress to_address(const Range& r) {
    table::CellRangeAddress a;
    a.Sheet = static_cast<sal_Int16>(r.sheet);
    a.StartColumn = r.col0;
    a.StartRow = r.row0;
    a.EndColumn = r.col1;
    a.EndRow = r.row1;
    return a;
}

// ---- the description (named ranges ISP_WG_…)
// ---------------------------------------------------------------

Reference<sheet::XNamedRanges> named_ranges(const Reference<uno::XInterface>& doc) {
    Reference<beans::XPropertySet> props(doc, UNO_QUERY_THROW);
    Reference<sheet::XNamedRanges> names;
    props->getPropertyValue("NamedRanges") >>= names;
    if (!names.is()) fail("Weitergabe: das Dokument hat keine benannten Bereiche");
    return names;
}

// The range a name refers to; false when it refers to no cells (all its cells were deleted, or an
// expression).
bool resolve(const Reference<sheet::XNamedRanges>& names, const OUString& name,
             table::CellRangeAddress& out) {
    if (!names->hasByName(name)) return false;
    Reference<sheet::XCellRangeReferrer> ref(names->getByName(name), UNO_QUERY);
    if (!ref.is()) return false;
    Reference<sheet::XCellRangeAddressable> cells(ref->getReferredCells(), UNO_QUERY);
    if (!cells.is()) return false;
    out = cells->getRangeAddress();
    return true;
}

std::vector<Description> read_descriptions(const Reference<uno::XInterface>& doc) {
    const auto names = named_ranges(doc);
    std::vector<Description> out;
    for (const OUString& name : names->getElementNames()) {
        const auto role = role_of_name(u8(name));
        if (!role) continue;
        table::CellRangeAddress a;
        if (!resolve(names, name, a)) continue;
        out.push_back({u8(name), *role, to_range(a)});
    }
    // Stable order (the name container has none): by name.
    std::sort(out.begin(), out.end(),
              [](const Description& x, const Description& y) { return x.name < y.name; });
    return out;
}

const Description* find_role(const std::vector<Description>& descs, Role role) {
    for (const auto& d : descs)
        if (d.role == role) return &d;
    return nullptr;
}

Reference<container::XIndexAccess> sheets_of(const Reference<uno::XInterface>& doc) {
    Reference<sheet::XSpreadsheetDocument> sd(doc, UNO_QUERY);
    if (!sd.is()) fail("Weitergabe: das Dokument ist keine Tabellenkalkulation");
    return Reference<container::XIndexAccess>(sd->getSheets(), UNO_QUERY_THROW);
}

Reference<sheet::XSpreadsheet> sheet_at(const Reference<container::XIndexAccess>& sheets, sal_Int32 index) {
    return Reference<sheet::XSpreadsheet>(sheets->getByIndex(index), UNO_QUERY_THROW);
}

OUString sheet_name(const Reference<sheet::XSpreadsheet>& sh) {
    return Reference<container::XNamed>(sh, UNO_QUERY_THROW)->getName();
}

// ---- the area structure
// ------------------------------------------------------------------------------------

Structure read_structure(const Reference<uno::XInterface>& doc, const std::vector<Description>& descs) {
    const auto sheets = sheets_of(doc);
    std::vector<Gemeinde> gemeinden;
    std::vector<AreaName> sozialraeume;
    if (const Description* g = find_role(descs, Role::Gebiete)) {
        auto sh = sheet_at(sheets, g->range.sheet);
        const sal_Int32 c = g->range.col0;
        for (sal_Int32 r = g->range.row0; r <= g->range.row1; ++r)
            gemeinden.push_back({u8(key_text(sh->getCellByPosition(c, r))),
                                 u8(key_text(sh->getCellByPosition(c + 1, r))),
                                 u8(key_text(sh->getCellByPosition(c + 2, r))),
                                 u8(key_text(sh->getCellByPosition(c + 3, r)))});
    }
    if (const Description* d = find_role(descs, Role::Sozialraeume)) {
        auto sh = sheet_at(sheets, d->range.sheet);
        for (sal_Int32 r = d->range.row0; r <= d->range.row1; ++r) {
            AreaName a;
            a.id = u8(key_text(sh->getCellByPosition(d->range.col0, r)));
            if (d->range.col1 > d->range.col0)
                a.name = u8(key_text(sh->getCellByPosition(d->range.col0 + 1, r)));
            if (!a.id.empty()) sozialraeume.push_back(a);
        }
    }
    return make_structure(std::move(gemeinden), std::move(sozialraeume));
}

// ---- the copy
// ------------------------------------------------------------------------------------------------

beans::PropertyValue prop(const char* name, const uno::Any& value) {
    beans::PropertyValue p;
    p.Name = OUString::createFromAscii(name);
    p.Value = value;
    return p;
}

// Closes the hidden copy and deletes the temporary file on every path.
struct CopyGuard {
    Reference<lang::XComponent> doc;
    OUString temp_url;
    ~CopyGuard() {
        try {
            Reference<css::util::XCloseable> closeable(doc, UNO_QUERY);
            if (closeable.is())
                closeable->close(true);
            else if (doc.is())
                doc->dispose();
        } catch (...) {
            // The copy is hidden and unmodified on disk: a failed close leaks memory only.
        }
        if (!temp_url.isEmpty()) osl::File::remove(temp_url);
    }
};

Reference<lang::XComponent> load_copy(const Reference<uno::XComponentContext>& ctx,
                                      const Reference<css::frame::XModel>& document, CopyGuard& guard) {
    OUString temp;
    if (osl::FileBase::createTempFile(nullptr, nullptr, &temp) != osl::FileBase::E_None)
        throw css::io::IOException(de("Weitergabe: keine temporäre Datei möglich"),
                                   Reference<uno::XInterface>());
    guard.temp_url = temp;
    Reference<css::frame::XStorable> storable(document, UNO_QUERY);
    if (!storable.is()) fail("Weitergabe: das Dokument kann nicht gespeichert werden");
    uno::Sequence<beans::PropertyValue> store(2);
    store.getArray()[0] = prop("FilterName", uno::Any(OUString("calc8")));
    store.getArray()[1] = prop("Overwrite", uno::Any(true));
    storable->storeToURL(temp, store);
    Reference<css::frame::XDesktop2> desktop = css::frame::Desktop::create(ctx);
    uno::Sequence<beans::PropertyValue> load(2);
    load.getArray()[0] = prop("Hidden", uno::Any(true));
    load.getArray()[1] = prop("FilterName", uno::Any(OUString("calc8")));
    Reference<lang::XComponent> copy = desktop->loadComponentFromURL(temp, "_blank", 0, load);
    if (!copy.is())
        throw css::io::IOException("Weitergabe: die Kopie konnte nicht geladen werden",
                                   Reference<uno::XInterface>());
    guard.doc = copy;
    return copy;
}

void unprotect_all(const Reference<container::XIndexAccess>& sheets, std::vector<bool>* was) {
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        Reference<css::util::XProtectable> p(sheets->getByIndex(i), UNO_QUERY);
        bool on = p.is() && p->isProtected();
        if (was) was->push_back(on);
        if (!on) continue;
        try {
            p->unprotect(OUString());
        } catch (const uno::Exception&) {
        }
        if (p->isProtected())
            fail(de("Weitergabe: das Blatt „") + sheet_name(sheet_at(sheets, i)) +
                 de("“ ist mit einem Kennwort geschützt; bitte den Schutz aufheben"));
    }
}

void protect_again(const Reference<container::XIndexAccess>& sheets, const std::vector<bool>& was) {
    for (sal_Int32 i = 0; i < sheets->getCount() && i < static_cast<sal_Int32>(was.size()); ++i) {
        if (!was[static_cast<std::size_t>(i)]) continue;
        Reference<css::util::XProtectable> p(sheets->getByIndex(i), UNO_QUERY);
        if (p.is()) p->protect(OUString());
    }
}

// ---- formulas to values
// ------------------------------------------------------------------------------------

// Replaces every formula (also array formulas) by its value in `source` – the same sheet of the open
// document, i.e. exactly what the user sees (a reloaded copy may read some cached results differently, and a
// recalculation may differ from the loaded state), or the copy itself for views it recalculated. Error
// results become their text (e.g. "#NAME?"), so nothing can recalculate to another value later. Returns the
// number of formula cells.
sal_Int32 freeze_sheet(const Reference<sheet::XSpreadsheet>& sh,
                       const Reference<sheet::XSpreadsheet>& source) {
    Reference<sheet::XCellRangesQuery> query(sh, UNO_QUERY_THROW);
    Reference<sheet::XSheetCellRanges> found = query->queryContentCells(sheet::CellFlags::FORMULA);
    if (!found.is() || found->getCount() == 0) return 0;
    const auto addrs = found->getRangeAddresses();
    std::vector<uno::Sequence<uno::Sequence<uno::Any>>> data;
    std::vector<std::vector<std::pair<table::CellAddress, OUString>>> errors(
        static_cast<std::size_t>(addrs.getLength()));
    sal_Int32 count = 0;
    for (sal_Int32 i = 0; i < addrs.getLength(); ++i) {
        const auto& a = addrs[i];
        auto range = source->getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow);
        data.push_back(Reference<sheet::XCellRangeData>(range, UNO_QUERY_THROW)->getDataArray());
        for (sal_Int32 r = a.StartRow; r <= a.EndRow; ++r) {
            for (sal_Int32 c = a.StartColumn; c <= a.EndColumn; ++c) {
                auto cell = source->getCellByPosition(c, r);
                ++count;
                if (cell->getError() != 0) {
                    table::CellAddress at;
                    at.Sheet = a.Sheet;
                    at.Column = c;
                    at.Row = r;
                    errors[static_cast<std::size_t>(i)].emplace_back(
                        at, Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->getString());
                }
            }
        }
    }
    Reference<sheet::XSheetOperation>(sh, UNO_QUERY_THROW)->clearContents(sheet::CellFlags::FORMULA);
    for (sal_Int32 i = 0; i < addrs.getLength(); ++i) {
        const auto& a = addrs[i];
        auto range = sh->getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow);
        Reference<sheet::XCellRangeData>(range, UNO_QUERY_THROW)
            ->setDataArray(data[static_cast<std::size_t>(i)]);
        for (const auto& [at, text] : errors[static_cast<std::size_t>(i)]) {
            auto cell = sh->getCellByPosition(at.Column, at.Row);
            Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->setString(text);
        }
    }
    return count;
}

// ---- conditional formats to styles
// ---------------------------------------------------------------------------

// An operand of a condition: a literal text, a number, or an absolute reference evaluated once by Calc.
// Relative references depend on the cell and are not baked (the format is removed, the cell keeps its style).
// Calc's compiler decides, not a scan of the text: the operand's tokens (entered in a probe cell of the
// scratch sheet) hold a reference whose column or row is relative. Names count as absolute, as before.
bool has_relative_reference(const OUString& f, const Reference<sheet::XSpreadsheet>& scratch) {
    constexpr sal_Int32 kProbeColumn = 20;  // clear of the cells the scratch users write (columns 0-10)
    constexpr sal_Int32 kRelative =
        sheet::ReferenceFlags::COLUMN_RELATIVE | sheet::ReferenceFlags::ROW_RELATIVE;
    auto probe = scratch->getCellByPosition(kProbeColumn, 0);
    probe->setFormula("=" + f);
    const auto tokens = Reference<sheet::XFormulaTokens>(probe, UNO_QUERY_THROW)->getTokens();
    probe->setFormula(OUString());
    for (const auto& token : tokens) {
        uno::Any data = token.Data;
        sheet::ExternalReference external;
        if (data >>= external) data = external.Reference;
        sheet::SingleReference single;
        sheet::ComplexReference complex;
        if ((data >>= single) && (single.Flags & kRelative) != 0) return true;
        if ((data >>= complex) && ((complex.Reference1.Flags | complex.Reference2.Flags) & kRelative) != 0)
            return true;
    }
    return false;
}

Scalar scalar_of(const CellValue& v) {
    Scalar out;
    out.is_number = v.is_number;
    out.number = v.number;
    if (!v.is_number) out.text = u8(v.text);
    return out;
}

// An operand evaluated once (a literal text, a number, an absolute reference); nullopt: not evaluable.
std::optional<Scalar> evaluate(const OUString& formula, const Reference<sheet::XSpreadsheet>& scratch) {
    const OUString f = formula.trim();
    if (f.isEmpty()) return std::nullopt;
    if (f.getLength() >= 2 && f[0] == '"' && f[f.getLength() - 1] == '"') {
        Scalar text;
        text.text = u8(f.copy(1, f.getLength() - 2).replaceAll("\"\"", "\""));
        return text;
    }
    if (has_relative_reference(f, scratch)) return std::nullopt;
    auto cell = scratch->getCellByPosition(0, 0);
    cell->setFormula("=" + f);
    std::optional<Scalar> out;
    if (cell->getError() == 0) out = scalar_of(read_cell(cell));
    cell->setFormula(OUString());
    return out;
}

ConditionOp condition_op(sheet::ConditionOperator op) {
    switch (op) {
        case sheet::ConditionOperator_EQUAL: return ConditionOp::Equal;
        case sheet::ConditionOperator_NOT_EQUAL: return ConditionOp::NotEqual;
        case sheet::ConditionOperator_GREATER: return ConditionOp::Greater;
        case sheet::ConditionOperator_GREATER_EQUAL: return ConditionOp::GreaterEqual;
        case sheet::ConditionOperator_LESS: return ConditionOp::Less;
        case sheet::ConditionOperator_LESS_EQUAL: return ConditionOp::LessEqual;
        case sheet::ConditionOperator_BETWEEN: return ConditionOp::Between;
        case sheet::ConditionOperator_NOT_BETWEEN: return ConditionOp::NotBetween;
        default: return ConditionOp::Other;
    }
}

// Applies the style each conditional format shows now as the cell's own style, then removes the format.
// Returns the number of cells whose conditions could not be evaluated (they keep their base style).
sal_Int32 bake_conditional_formats(const Reference<sheet::XSpreadsheet>& sh,
                                   const Reference<sheet::XSpreadsheet>& source,
                                   const Reference<sheet::XSpreadsheet>& scratch) {
    sal_Int32 skipped = 0;
    Reference<sheet::XUniqueCellFormatRangesSupplier> sup(sh, UNO_QUERY);
    if (!sup.is()) return 0;
    Reference<container::XIndexAccess> uniques = sup->getUniqueCellFormatRanges();
    std::vector<Reference<sheet::XSheetCellRanges>> with_format;
    for (sal_Int32 i = 0; i < uniques->getCount(); ++i) {
        Reference<sheet::XSheetCellRanges> ranges(uniques->getByIndex(i), UNO_QUERY);
        Reference<beans::XPropertySet> props(ranges, UNO_QUERY);
        if (!props.is()) continue;
        Reference<sheet::XSheetConditionalEntries> entries;
        props->getPropertyValue("ConditionalFormat") >>= entries;
        if (entries.is() && entries->getCount() > 0) with_format.push_back(ranges);
    }
    for (const auto& ranges : with_format) {
        Reference<beans::XPropertySet> props(ranges, UNO_QUERY_THROW);
        Reference<sheet::XSheetConditionalEntries> entries;
        props->getPropertyValue("ConditionalFormat") >>= entries;
        std::vector<Condition> rules;
        for (sal_Int32 k = 0; k < entries->getCount(); ++k) {
            Reference<sheet::XSheetCondition> cond(entries->getByIndex(k), UNO_QUERY);
            Reference<sheet::XSheetConditionalEntry> entry(entries->getByIndex(k), UNO_QUERY);
            if (!cond.is() || !entry.is()) continue;
            Condition rule;
            rule.op = condition_op(cond->getOperator());
            rule.first = evaluate(cond->getFormula1(), scratch);
            rule.second = evaluate(cond->getFormula2(), scratch);
            rule.style = u8(entry->getStyleName());
            rules.push_back(rule);
        }
        const auto addrs = ranges->getRangeAddresses();
        for (const auto& a : addrs) {
            for (sal_Int32 r = a.StartRow; r <= a.EndRow; ++r) {
                for (sal_Int32 c = a.StartColumn; c <= a.EndColumn; ++c) {
                    auto cell = sh->getCellByPosition(c, r);
                    const BakedStyle baked =
                        baked_style(scalar_of(read_cell(source->getCellByPosition(c, r))), rules);
                    if (baked.unevaluable) ++skipped;
                    if (!baked.style) continue;
                    try {
                        Reference<beans::XPropertySet>(cell, UNO_QUERY_THROW)
                            ->setPropertyValue("CellStyle", uno::Any(ou(*baked.style)));
                    } catch (const uno::Exception&) {
                        ++skipped;
                    }
                }
            }
        }
        entries->clear();
        props->setPropertyValue("ConditionalFormat", uno::Any(entries));
    }
    return skipped;
}

// ---- reading the copy into the plan's description ------------------------------------------------------

// The used area of a sheet, read once: kinds of cells (0 empty, 1 text, 2 number, 3 formula) and key texts.
struct SheetData {
    sal_Int32 last_col = -1, last_row = -1;
    std::vector<std::vector<char>> kind;  // [row][col]
    uno::Sequence<uno::Sequence<uno::Any>> data;

    char at(sal_Int32 c, sal_Int32 r) const {
        if (r < 0 || r > last_row || c < 0 || c > last_col) return 0;
        return kind[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
    }
    std::string key(sal_Int32 c, sal_Int32 r) const {
        if (at(c, r) == 0) return std::string();
        const uno::Any& v = data[r][c];
        double d = 0.0;
        if (v >>= d) return u8(number_key(d));
        OUString t;
        v >>= t;
        return u8(t.trim());
    }
    double number(sal_Int32 c, sal_Int32 r) const {
        double d = std::numeric_limits<double>::quiet_NaN();
        if (at(c, r) == 2 || at(c, r) == 3) data[r][c] >>= d;
        return d;
    }
};

SheetData read_sheet(const Reference<sheet::XSpreadsheet>& sh) {
    SheetData out;
    Reference<sheet::XSheetCellCursor> cursor = sh->createCursor();
    Reference<sheet::XUsedAreaCursor>(cursor, UNO_QUERY_THROW)->gotoEndOfUsedArea(false);
    const auto end = Reference<sheet::XCellRangeAddressable>(cursor, UNO_QUERY_THROW)->getRangeAddress();
    out.last_col = end.EndColumn;
    out.last_row = end.EndRow;
    auto all = sh->getCellRangeByPosition(0, 0, out.last_col, out.last_row);
    out.data = Reference<sheet::XCellRangeData>(all, UNO_QUERY_THROW)->getDataArray();
    out.kind.assign(static_cast<std::size_t>(out.last_row + 1),
                    std::vector<char>(static_cast<std::size_t>(out.last_col + 1), 0));
    for (sal_Int32 r = 0; r <= out.last_row; ++r) {
        for (sal_Int32 c = 0; c <= out.last_col; ++c) {
            const uno::Any& v = out.data[r][c];
            OUString t;
            char k = 0;
            if (v.getValueTypeClass() == uno::TypeClass_DOUBLE)
                k = 2;
            else if ((v >>= t) && !t.isEmpty())
                k = 1;
            out.kind[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = k;
        }
    }
    Reference<sheet::XCellRangesQuery> query(all, UNO_QUERY_THROW);
    if (auto found = query->queryContentCells(sheet::CellFlags::FORMULA); found.is()) {
        for (const auto& a : found->getRangeAddresses())
            for (sal_Int32 r = a.StartRow; r <= a.EndRow; ++r)
                for (sal_Int32 c = a.StartColumn; c <= a.EndColumn; ++c)
                    out.kind[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = 3;
    }
    return out;
}

// Rows and columns of the used area that are hidden (or filtered out).
void read_hidden(const Reference<sheet::XSpreadsheet>& sh, const SheetData& data, SheetInfo& info) {
    if (data.last_row < 0 || data.last_col < 0) return;
    auto all = sh->getCellRangeByPosition(0, 0, data.last_col, data.last_row);
    auto visible = Reference<sheet::XCellRangesQuery>(all, UNO_QUERY_THROW)->queryVisibleCells();
    std::vector<bool> row_seen(static_cast<std::size_t>(data.last_row + 1), false);
    std::vector<bool> col_seen(static_cast<std::size_t>(data.last_col + 1), false);
    if (visible.is()) {
        for (const auto& a : visible->getRangeAddresses()) {
            for (sal_Int32 r = a.StartRow; r <= a.EndRow && r <= data.last_row; ++r)
                row_seen[static_cast<std::size_t>(r)] = true;
            for (sal_Int32 c = a.StartColumn; c <= a.EndColumn && c <= data.last_col; ++c)
                col_seen[static_cast<std::size_t>(c)] = true;
        }
    }
    for (sal_Int32 r = 0; r <= data.last_row; ++r)
        if (!row_seen[static_cast<std::size_t>(r)]) info.hidden_rows.push_back(r);
    for (sal_Int32 c = 0; c <= data.last_col; ++c)
        if (!col_seen[static_cast<std::size_t>(c)]) info.hidden_cols.push_back(c);
}

Block read_block(const Description& d, const SheetData& data) {
    Block b;
    b.name = d.name;
    b.rows = d.role == Role::Zeilen;
    b.range = d.range;
    // Line i is row i (ZEILEN) or column i (SPALTEN); across it, the block's span, or the whole used area for
    // a one-column (one-row) block.
    const Range& r = d.range;
    const bool whole = b.rows ? r.col0 == r.col1 : r.row0 == r.row1;
    const sal_Int32 from = whole ? 0 : (b.rows ? r.col0 : r.row0);
    const sal_Int32 to = whole ? (b.rows ? data.last_col : data.last_row) : (b.rows ? r.col1 : r.row1);
    const sal_Int32 last = b.rows ? std::max(data.last_row, r.row1) : std::max(data.last_col, r.col1);
    for (sal_Int32 i = 0; i <= last; ++i) {
        Line line;
        line.key = b.rows ? data.key(r.col0, i) : data.key(i, r.row0);
        for (sal_Int32 j = from; j <= to; ++j) {
            const char k = b.rows ? data.at(j, i) : data.at(i, j);
            line.has_content |= k != 0;
            line.has_data |= k >= 2;
            line.has_number |= k == 2;
        }
        b.lines.push_back(line);
    }
    return b;
}

// Calc's own formula printer in R1C1 notation with English function names: the same text for a formula copied
// down a column, and the same in the add-in and in every template build.
Reference<sheet::XFormulaParser> r1c1_parser(const Reference<uno::XInterface>& doc) {
    Reference<lang::XMultiServiceFactory> factory(doc, UNO_QUERY_THROW);
    Reference<sheet::XFormulaParser> parser(factory->createInstance("com.sun.star.sheet.FormulaParser"),
                                            UNO_QUERY_THROW);
    Reference<beans::XPropertySet> pp(parser, UNO_QUERY_THROW);
    pp->setPropertyValue("FormulaConvention", uno::Any(sheet::AddressConvention::XL_R1C1));
    pp->setPropertyValue("CompileEnglish", uno::Any(true));
    return parser;
}

OUString formula_text(const Reference<sheet::XFormulaParser>& parser, const Reference<table::XCell>& cell,
                      int sheet, sal_Int32 col, sal_Int32 row) {
    table::CellAddress where;
    where.Sheet = static_cast<sal_Int16>(sheet);
    where.Column = col;
    where.Row = row;
    Reference<sheet::XFormulaTokens> tokens(cell, UNO_QUERY);
    return tokens.is() ? parser->printFormula(tokens->getTokens(), where) : OUString();
}

// Global and sheet-local names by token index, with the cells they refer to (none for expressions).
struct NameRefs {
    std::map<sal_Int32, Range> global;
    std::map<std::pair<int, sal_Int32>, Range> local;  // (sheet, index)
};

void collect_names(const Reference<sheet::XNamedRanges>& names, int sheet, NameRefs& out) {
    if (!names.is()) return;
    for (const auto& n : names->getElementNames()) {
        Reference<beans::XPropertySet> props(names->getByName(n), UNO_QUERY);
        Reference<sheet::XCellRangeReferrer> ref(names->getByName(n), UNO_QUERY);
        if (!props.is() || !ref.is()) continue;
        sal_Int32 index = -1;
        try {
            props->getPropertyValue("TokenIndex") >>= index;
        } catch (const uno::Exception&) {
            continue;
        }
        Reference<sheet::XCellRangeAddressable> cells(ref->getReferredCells(), UNO_QUERY);
        if (!cells.is()) continue;
        const Range r = to_range(cells->getRangeAddress());
        if (sheet < 0)
            out.global[index] = r;
        else
            out.local[{sheet, index}] = r;
    }
}

NameRefs read_names(const Reference<uno::XInterface>& doc) {
    NameRefs out;
    collect_names(named_ranges(doc), -1, out);
    const auto sheets = sheets_of(doc);
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        try {
            Reference<sheet::XNamedRanges> local;
            Reference<beans::XPropertySet>(sheets->getByIndex(i), UNO_QUERY_THROW)
                ->getPropertyValue("NamedRanges") >>= local;
            collect_names(local, i, out);
        } catch (const uno::Exception&) {
            // A sheet without local names.
        }
    }
    return out;
}

// The cells a formula reads, from its tokens. Calc's own XFormulaQuery::queryPrecedents reports references to
// other sheets with the formula's own sheet index (measured on 7.4), so the references are resolved here:
// relative parts from the formula's position, 3-D ranges per sheet, names through what they refer to.
void references_of(const uno::Sequence<sheet::FormulaToken>& tokens, const Cell& at, const NameRefs& names,
                   std::vector<Range>& out) {
    namespace rf = sheet::ReferenceFlags;
    auto col = [&](const sheet::SingleReference& r) {
        return (r.Flags & rf::COLUMN_RELATIVE) ? at.col + r.RelativeColumn : r.Column;
    };
    auto row = [&](const sheet::SingleReference& r) {
        return (r.Flags & rf::ROW_RELATIVE) ? at.row + r.RelativeRow : r.Row;
    };
    auto tab = [&](const sheet::SingleReference& r) {
        return (r.Flags & rf::SHEET_RELATIVE) ? at.sheet + r.RelativeSheet : r.Sheet;
    };
    auto deleted = [](const sheet::SingleReference& r) {
        return (r.Flags & (rf::COLUMN_DELETED | rf::ROW_DELETED | rf::SHEET_DELETED)) != 0;
    };
    for (const auto& t : tokens) {
        sheet::SingleReference single;
        sheet::ComplexReference complex;
        sheet::NameToken name;
        if (t.Data >>= complex) {
            if (deleted(complex.Reference1) || deleted(complex.Reference2)) continue;
            const int s1 = tab(complex.Reference1), s2 = tab(complex.Reference2);
            for (int s = std::min(s1, s2); s <= std::max(s1, s2); ++s)
                out.push_back(Range{s, std::min(col(complex.Reference1), col(complex.Reference2)),
                                    std::min(row(complex.Reference1), row(complex.Reference2)),
                                    std::max(col(complex.Reference1), col(complex.Reference2)),
                                    std::max(row(complex.Reference1), row(complex.Reference2))});
        } else if (t.Data >>= single) {
            if (deleted(single)) continue;
            out.push_back(Range{tab(single), col(single), row(single), col(single), row(single)});
        } else if (t.Data >>= name) {
            // Sheet -1: a global name; otherwise the sheet whose local name it is.
            if (name.Sheet < 0) {
                auto it = names.global.find(name.Index);
                if (it != names.global.end()) out.push_back(it->second);
            } else {
                auto it = names.local.find({name.Sheet, name.Index});
                if (it != names.local.end()) out.push_back(it->second);
            }
        }
    }
}

// Every formula of a sheet with its position-independent text (R1C1, English names: the template stamp was
// made the same way by stampTemplate) and the cells it reads.
void read_formulas(const Reference<sheet::XFormulaParser>& parser, const Reference<sheet::XSpreadsheet>& sh,
                   int sheet, const SheetData& data, const NameRefs& names, std::vector<Formula>& out) {
    if (data.last_row < 0) return;
    for (sal_Int32 r = 0; r <= data.last_row; ++r) {
        for (sal_Int32 c = 0; c <= data.last_col; ++c) {
            if (data.at(c, r) != 3) continue;
            auto cell = sh->getCellByPosition(c, r);
            Formula f;
            f.at = Cell{sheet, c, r};
            Reference<sheet::XFormulaTokens> tokens(cell, UNO_QUERY);
            if (!tokens.is()) continue;
            const auto toks = tokens->getTokens();
            table::CellAddress where;
            where.Sheet = static_cast<sal_Int16>(sheet);
            where.Column = c;
            where.Row = r;
            f.text = u8(parser->printFormula(toks, where));
            references_of(toks, f.at, names, f.precedents);
            out.push_back(std::move(f));
        }
    }
}

std::optional<std::set<std::uint64_t>> read_stamp(const Reference<uno::XInterface>& doc) {
    Reference<css::document::XDocumentPropertiesSupplier> sup(doc, UNO_QUERY);
    if (!sup.is()) return std::nullopt;
    Reference<beans::XPropertySet> user(sup->getDocumentProperties()->getUserDefinedProperties(), UNO_QUERY);
    const OUString name = OUString::createFromAscii(kStampProperty);
    if (!user.is() || !user->getPropertySetInfo()->hasPropertyByName(name)) return std::nullopt;
    OUString stamp;
    user->getPropertyValue(name) >>= stamp;
    return parse_stamp(u8(stamp));
}

std::vector<Pivot> read_pivots(const Reference<sheet::XSpreadsheet>& sh) {
    std::vector<Pivot> out;
    Reference<sheet::XDataPilotTablesSupplier> sup(sh, UNO_QUERY);
    if (!sup.is()) return out;
    auto tables = sup->getDataPilotTables();
    for (const auto& name : tables->getElementNames()) {
        Reference<sheet::XDataPilotTable> t(tables->getByName(name), UNO_QUERY);
        if (t.is()) out.push_back({u8(name), to_range(t->getOutputRange())});
    }
    return out;
}

// The chart model of a sheet's chart; loading it makes its data sequences live (they follow deleted rows and
// columns and re-read changed cells).
Reference<css::chart2::XChartDocument> chart_model(const Reference<table::XTableCharts>& charts,
                                                   const OUString& name) {
    Reference<css::document::XEmbeddedObjectSupplier> eos(charts->getByName(name), UNO_QUERY_THROW);
    return Reference<css::chart2::XChartDocument>(eos->getEmbeddedObject(), UNO_QUERY);
}

// The charts of a kept sheet with every cell range they read (rule W34): the table chart's ranges and every
// range the chart model uses (series values and labels, categories, error bars), through the data provider's
// ODF spelling. Anything that cannot be read makes the chart go (all_read = false).
void read_charts(const Reference<sheet::XSpreadsheet>& sh, int index,
                 const std::vector<std::string>& sheet_names, const std::vector<SheetData>& data,
                 const std::vector<bool>& keep, std::vector<Chart>& out) {
    Reference<table::XTableChartsSupplier> cs(sh, UNO_QUERY);
    if (!cs.is()) return;
    auto charts = cs->getCharts();
    for (const auto& name : charts->getElementNames()) {
        Chart ch;
        ch.sheet = index;
        ch.name = u8(name);
        try {
            Reference<table::XTableChart> tc(charts->getByName(name), UNO_QUERY_THROW);
            for (const auto& a : tc->getRanges())
                ch.reads.push_back(Range{a.Sheet, a.StartColumn, a.StartRow, a.EndColumn, a.EndRow});
            auto model = chart_model(charts, name);
            Reference<css::chart2::data::XDataReceiver> receiver(model, UNO_QUERY);
            Reference<css::chart2::data::XRangeXMLConversion> conversion(
                model.is() ? model->getDataProvider() : Reference<css::chart2::data::XDataProvider>(),
                UNO_QUERY);
            if (!receiver.is() || !conversion.is()) {
                ch.all_read = false;
            } else {
                for (const auto& rep : receiver->getUsedRangeRepresentations()) {
                    const auto ranges = parse_ranges(u8(conversion->convertRangeToXML(rep)), sheet_names);
                    if (!ranges) {
                        ch.all_read = false;
                        break;
                    }
                    ch.reads.insert(ch.reads.end(), ranges->begin(), ranges->end());
                }
            }
        } catch (const uno::Exception& e) {
            log_detail("chart " + name, e.Message);
            ch.all_read = false;
        }
        for (const auto& r : ch.reads) {
            if (r.sheet < 0 || r.sheet >= static_cast<int>(data.size()) ||
                !keep[static_cast<std::size_t>(r.sheet)])
                continue;
            const SheetData& sd = data[static_cast<std::size_t>(r.sheet)];
            for (int row = r.row0; row <= std::min(r.row1, static_cast<int>(sd.last_row)); ++row)
                for (int col = r.col0; col <= std::min(r.col1, static_cast<int>(sd.last_col)); ++col)
                    if (std::isfinite(sd.number(col, row))) ch.reads_numbers = true;
        }
        out.push_back(std::move(ch));
    }
}

// The drawing objects of a kept sheet that are no charts (rule W35): name, kind, text, alternative text,
// bounds.
void read_shapes(const Reference<uno::XInterface>& doc, int index, std::vector<Shape>& out) {
    Reference<css::drawing::XDrawPagesSupplier> ds(doc, UNO_QUERY);
    if (!ds.is() || index >= ds->getDrawPages()->getCount()) return;
    Reference<container::XIndexAccess> page(ds->getDrawPages()->getByIndex(index), UNO_QUERY_THROW);
    for (sal_Int32 k = 0; k < page->getCount(); ++k) {
        Reference<css::drawing::XShape> shape(page->getByIndex(k), UNO_QUERY);
        if (!shape.is()) continue;
        Shape sh;
        sh.sheet = index;
        Reference<container::XNamed> named(shape, UNO_QUERY);
        if (named.is()) sh.name = u8(named->getName());
        Reference<lang::XServiceInfo> info(shape, UNO_QUERY);
        if (info.is() && info->supportsService("com.sun.star.drawing.PolyPolygonShape"))
            sh.kind = ShapeKind::Area;
        else if (info.is() && info->supportsService("com.sun.star.drawing.TextShape"))
            sh.kind = ShapeKind::Text;
        Reference<css::text::XTextRange> text(shape, UNO_QUERY);
        if (text.is()) sh.text = u8(text->getString());
        Reference<beans::XPropertySet> props(shape, UNO_QUERY);
        if (props.is()) {
            for (const char* p : {"Title", "Description"}) {
                OUString alt;
                if (props->getPropertySetInfo()->hasPropertyByName(OUString::createFromAscii(p)))
                    props->getPropertyValue(OUString::createFromAscii(p)) >>= alt;
                sh.alt_text = sh.alt_text || !alt.isEmpty();
            }
        }
        const css::awt::Point pos = shape->getPosition();
        const css::awt::Size size = shape->getSize();
        sh.x0 = pos.X;
        sh.y0 = pos.Y;
        sh.x1 = static_cast<long>(pos.X) + size.Width;
        sh.y1 = static_cast<long>(pos.Y) + size.Height;
        out.push_back(std::move(sh));
    }
}

// The frame of the map (named range ISP_Karte_Rahmen), in 1/100 mm on its sheet; nullopt without one.
std::optional<MapFrame> read_map_frame(const Reference<uno::XInterface>& doc) {
    auto names = named_ranges(doc);
    const OUString name = OUString::createFromAscii(kMapPrefix) + "Rahmen";
    if (!names.is() || !names->hasByName(name)) return std::nullopt;
    Reference<sheet::XCellRangeReferrer> ref(names->getByName(name), UNO_QUERY);
    if (!ref.is()) return std::nullopt;
    Reference<table::XCellRange> cells = ref->getReferredCells();
    Reference<beans::XPropertySet> props(cells, UNO_QUERY);
    if (!cells.is() || !props.is()) return std::nullopt;
    css::awt::Point pos;
    css::awt::Size size;
    props->getPropertyValue("Position") >>= pos;
    props->getPropertyValue("Size") >>= size;
    MapFrame f;
    f.sheet = Reference<sheet::XCellRangeAddressable>(cells, UNO_QUERY_THROW)->getRangeAddress().Sheet;
    f.x0 = pos.X;
    f.y0 = pos.Y;
    f.x1 = static_cast<long>(pos.X) + size.Width;
    f.y1 = static_cast<long>(pos.Y) + size.Height;
    return f;
}

// The workbook as the plan needs it. Formulas are read only from `formula_sheets` (the sheets that stay:
// reading every precedent of a removed sheet would cost time for nothing).
Workbook read_workbook(const Reference<uno::XInterface>& doc, Variant variant) {
    Workbook wb;
    const auto sheets = sheets_of(doc);
    wb.descriptions = read_descriptions(doc);
    wb.structure = read_structure(doc, wb.descriptions);
    if (const Description* k = find_role(wb.descriptions, Role::Schwelle)) {
        const CellValue v =
            read_cell(sheet_at(sheets, k->range.sheet)->getCellByPosition(k->range.col0, k->range.row0));
        if (v.is_number && std::isfinite(v.number) && v.number >= 1.0) wb.threshold = v.number;
    }
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        auto sh = sheet_at(sheets, i);
        SheetInfo info;
        info.name = u8(sheet_name(sh));
        Reference<beans::XPropertySet>(sh, UNO_QUERY_THROW)->getPropertyValue("IsVisible") >>= info.visible;
        wb.sheets.push_back(info);
    }
    // Only the sheets that stay are read cell by cell (with every formula's references).
    std::vector<bool> keep(wb.sheets.size(), true);
    for (const auto& r : removed_sheets(wb.sheets, wb.descriptions, variant))
        keep[static_cast<std::size_t>(r.sheet)] = false;
    const NameRefs names = read_names(doc);
    const auto parser = r1c1_parser(doc);
    std::vector<SheetData> data(wb.sheets.size());
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        if (!keep[static_cast<std::size_t>(i)]) continue;
        auto sh = sheet_at(sheets, i);
        SheetInfo& info = wb.sheets[static_cast<std::size_t>(i)];
        SheetData& sd = data[static_cast<std::size_t>(i)];
        sd = read_sheet(sh);
        info.last_col = sd.last_col;
        info.last_row = sd.last_row;
        read_hidden(sh, sd, info);
        for (auto& p : read_pivots(sh)) wb.pivots.push_back(std::move(p));
        read_formulas(parser, sh, i, sd, names, wb.formulas);
    }
    std::vector<std::string> sheet_names;
    for (const auto& info : wb.sheets) sheet_names.push_back(info.name);
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i)
        if (keep[static_cast<std::size_t>(i)])
            read_charts(sheet_at(sheets, i), static_cast<int>(i), sheet_names, data, keep, wb.charts);
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i)
        if (keep[static_cast<std::size_t>(i)]) read_shapes(doc, static_cast<int>(i), wb.shapes);
    wb.map_frame = read_map_frame(doc);
    for (const auto& d : wb.descriptions) {
        if (d.range.sheet < 0 || d.range.sheet >= static_cast<int>(data.size()) ||
            !keep[static_cast<std::size_t>(d.range.sheet)])
            continue;
        const SheetData& sd = data[static_cast<std::size_t>(d.range.sheet)];
        if (d.role == Role::Zeilen || d.role == Role::Spalten) wb.blocks.push_back(read_block(d, sd));
        if (d.role == Role::Anzahl) {
            CountRange cr{d.name, d.range, {}};
            for (sal_Int32 r = d.range.row0; r <= d.range.row1; ++r)
                for (sal_Int32 c = d.range.col0; c <= d.range.col1; ++c) cr.values.push_back(sd.number(c, r));
            wb.counts.push_back(std::move(cr));
        }
    }
    wb.vetted = read_stamp(doc);
    return wb;
}

// ---- carrying out the plan -------------------------------------------------------------------------------

void clear_cell(const Reference<sheet::XSpreadsheet>& sh, sal_Int32 col, sal_Int32 row) {
    Reference<sheet::XSheetOperation>(sh->getCellRangeByPosition(col, row, col, row), UNO_QUERY_THROW)
        ->clearContents(sheet::CellFlags::VALUE | sheet::CellFlags::DATETIME | sheet::CellFlags::STRING |
                        sheet::CellFlags::FORMULA);
}

void apply_deletion(const Reference<sheet::XSpreadsheet>& sh, const DeleteOp& op) {
    Reference<table::XColumnRowRange> crr(sh, UNO_QUERY_THROW);
    Reference<sheet::XCellRangeMovement> mover(sh, UNO_QUERY_THROW);
    const Range& r = op.range;
    switch (op.kind) {
        case DeleteOp::Kind::Rows: crr->getRows()->removeByIndex(r.row0, r.row1 - r.row0 + 1); break;
        case DeleteOp::Kind::Columns: crr->getColumns()->removeByIndex(r.col0, r.col1 - r.col0 + 1); break;
        case DeleteOp::Kind::CellsUp: mover->removeRange(to_address(r), sheet::CellDeleteMode_UP); break;
        case DeleteOp::Kind::CellsLeft: mover->removeRange(to_address(r), sheet::CellDeleteMode_LEFT); break;
    }
}

// ---- cleaning ---------------------------------------------------------------------------------------------

sal_Int32 remove_named_ranges(const Reference<uno::XInterface>& doc) {
    sal_Int32 n = 0;
    auto names = named_ranges(doc);
    for (const auto& name : names->getElementNames()) {
        names->removeByName(name);
        ++n;
    }
    try {
        Reference<beans::XPropertySet> props(doc, UNO_QUERY_THROW);
        Reference<sheet::XDatabaseRanges> db;
        props->getPropertyValue("DatabaseRanges") >>= db;
        if (db.is()) {
            for (const auto& name : db->getElementNames()) {
                db->removeByName(name);
                ++n;
            }
        }
    } catch (const uno::Exception&) {
        // A document without database ranges.
    }
    // Sheet-local names.
    auto sheets = sheets_of(doc);
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        try {
            Reference<beans::XPropertySet> props(sheets->getByIndex(i), UNO_QUERY_THROW);
            Reference<sheet::XNamedRanges> local;
            props->getPropertyValue("NamedRanges") >>= local;
            if (!local.is()) continue;
            for (const auto& name : local->getElementNames()) {
                local->removeByName(name);
                ++n;
            }
        } catch (const uno::Exception&) {
            // No sheet-local names on this sheet.
        }
    }
    return n;
}

struct Cleaned {
    sal_Int32 comments = 0, charts = 0, kept_charts = 0, shapes = 0, kept_map = 0;
};

// Every validation rule (input help, lists that may carry other areas' names) becomes "any value" without
// input help or error message, on the cells that carry one. Not one rule over the whole sheet: in XLSX that
// is a rule on every column of every row up to the last used one, and Calc took 20 s to open a 65 KB copy.
void remove_validation(const Reference<sheet::XSpreadsheet>& sh) {
    Reference<sheet::XUniqueCellFormatRangesSupplier> formats(sh, UNO_QUERY_THROW);
    Reference<container::XIndexAccess> ranges = formats->getUniqueCellFormatRanges();
    for (sal_Int32 i = 0; i < ranges->getCount(); ++i) {
        Reference<beans::XPropertySet> props(ranges->getByIndex(i), UNO_QUERY_THROW);
        Reference<beans::XPropertySet> validation;
        props->getPropertyValue("Validation") >>= validation;
        if (!validation.is()) continue;
        sheet::ValidationType type = sheet::ValidationType_ANY;
        bool input = false, error = false;
        validation->getPropertyValue("Type") >>= type;
        validation->getPropertyValue("ShowInputMessage") >>= input;
        validation->getPropertyValue("ShowErrorMessage") >>= error;
        if (type == sheet::ValidationType_ANY && !input && !error) continue;
        validation->setPropertyValue("Type", uno::Any(sheet::ValidationType_ANY));
        validation->setPropertyValue("ShowInputMessage", uno::Any(false));
        validation->setPropertyValue("ShowErrorMessage", uno::Any(false));
        validation->setPropertyValue("InputTitle", uno::Any(OUString()));
        validation->setPropertyValue("InputMessage", uno::Any(OUString()));
        validation->setPropertyValue("ErrorTitle", uno::Any(OUString()));
        validation->setPropertyValue("ErrorMessage", uno::Any(OUString()));
        props->setPropertyValue("Validation", uno::Any(validation));
    }
}

// The fill of a map shape (W35), read from the open document: the copy shows exactly the colours the user
// sees. (The copy's own shapes may have been recoloured by KarteJob from a recalculated copy on the way.)
struct MapFill {
    bool neutral = false;
    bool found = false;
    uno::Any style, colour, hatch, background;
};
const char* const kFillProperties[] = {"FillStyle", "FillColor", "FillHatch", "FillBackground"};

// sheet name -> shape name -> fill, for the map shapes of the plan (sheet indices of the unchanged copy,
// which are the open document's).
std::map<OUString, std::map<OUString, MapFill>> map_fills(const Reference<uno::XInterface>& document,
                                                          const Workbook& wb, const Plan& plan) {
    std::map<OUString, std::map<OUString, MapFill>> out;
    Reference<css::drawing::XDrawPagesSupplier> ds(document, UNO_QUERY);
    for (const auto& m : plan.map) {
        MapFill fill;
        fill.neutral = m.neutral;
        if (!m.neutral && ds.is() && m.sheet < ds->getDrawPages()->getCount()) {
            Reference<container::XIndexAccess> page(ds->getDrawPages()->getByIndex(m.sheet), UNO_QUERY_THROW);
            for (sal_Int32 k = 0; k < page->getCount() && !fill.found; ++k) {
                Reference<container::XNamed> named(page->getByIndex(k), UNO_QUERY);
                if (!named.is() || named->getName() != ou(m.name)) continue;
                Reference<beans::XPropertySet> props(named, UNO_QUERY_THROW);
                fill.style = props->getPropertyValue(OUString::createFromAscii(kFillProperties[0]));
                fill.colour = props->getPropertyValue(OUString::createFromAscii(kFillProperties[1]));
                fill.hatch = props->getPropertyValue(OUString::createFromAscii(kFillProperties[2]));
                fill.background = props->getPropertyValue(OUString::createFromAscii(kFillProperties[3]));
                fill.found = true;
            }
        }
        out[ou(wb.sheets[static_cast<std::size_t>(m.sheet)].name)][ou(m.name)] = fill;
    }
    return out;
}

// `keep_charts`: the charts the plan keeps (W34, by name: chart names are unique in a document); `keep_map`:
// the map shapes of this sheet the plan keeps (W35, name -> its fill); every other chart and every other
// drawing object (shapes, images, whatever else carries a map name) goes.
Cleaned clean_sheet(const Reference<uno::XInterface>& doc, const Reference<sheet::XSpreadsheet>& sh,
                    const std::set<OUString>& keep_charts, const std::map<OUString, MapFill>& keep_map) {
    Cleaned out;
    Reference<sheet::XSheetAnnotationsSupplier> as(sh, UNO_QUERY);
    if (as.is()) {
        auto notes = as->getAnnotations();
        while (notes->getCount() > 0) {
            notes->removeByIndex(notes->getCount() - 1);
            ++out.comments;
        }
    }
    Reference<table::XTableChartsSupplier> cs(sh, UNO_QUERY);
    if (cs.is()) {
        auto charts = cs->getCharts();
        for (const auto& name : charts->getElementNames()) {
            if (keep_charts.count(name)) {
                ++out.kept_charts;
                continue;
            }
            charts->removeByName(name);
            ++out.charts;
        }
    }
    Reference<css::drawing::XDrawPagesSupplier> ds(doc, UNO_QUERY);
    const sal_Int32 index =
        Reference<sheet::XCellRangeAddressable>(sh, UNO_QUERY_THROW)->getRangeAddress().Sheet;
    if (ds.is() && index < ds->getDrawPages()->getCount()) {
        Reference<css::drawing::XDrawPage> page(ds->getDrawPages()->getByIndex(index), UNO_QUERY_THROW);
        for (sal_Int32 k = page->getCount() - 1; k >= 0; --k) {
            Reference<css::drawing::XShape> shape(page->getByIndex(k), UNO_QUERY_THROW);
            Reference<beans::XPropertySet> props(shape, UNO_QUERY);
            OUString persist;
            if (props.is() && props->getPropertySetInfo()->hasPropertyByName("PersistName"))
                props->getPropertyValue("PersistName") >>= persist;
            if (!persist.isEmpty() && keep_charts.count(persist) && cs.is() &&
                cs->getCharts()->hasByName(persist))
                continue;  // a kept chart
            Reference<container::XNamed> named(shape, UNO_QUERY);
            const auto map =
                named.is() && persist.isEmpty() ? keep_map.find(named->getName()) : keep_map.end();
            if (map != keep_map.end() && props.is()) {
                // W35: the map keeps the colours of the open document, frozen (the copy has no named ranges,
                // so KarteJob never recolours it); another Sozialraum's area in a Sozialraum copy loses its
                // class colour.
                const MapFill& fill = map->second;
                if (fill.neutral) {
                    props->setPropertyValue("FillStyle", uno::Any(css::drawing::FillStyle_SOLID));
                    props->setPropertyValue("FillColor", uno::Any(sal_Int32(kMapNeutralFill)));
                } else if (fill.found) {
                    props->setPropertyValue(OUString::createFromAscii(kFillProperties[2]), fill.hatch);
                    props->setPropertyValue(OUString::createFromAscii(kFillProperties[3]), fill.background);
                    props->setPropertyValue(OUString::createFromAscii(kFillProperties[1]), fill.colour);
                    props->setPropertyValue(OUString::createFromAscii(kFillProperties[0]), fill.style);
                }
                ++out.kept_map;
                continue;
            }
            page->remove(shape);
            ++out.shapes;
        }
        // The kept charts were loaded before any change (read_charts), so their data sequences followed the
        // deletions and re-read the frozen and switched cells. Marked modified as well, so that they are
        // written from that live model, never copied from the stored object with its old cache.
        if (cs.is()) {
            auto charts = cs->getCharts();
            for (const auto& name : charts->getElementNames()) {
                Reference<util::XModifiable> m(chart_model(charts, name), UNO_QUERY);
                if (m.is()) m->setModified(true);
            }
        }
    }
    // Validation (lists may carry other areas' names).
    remove_validation(sh);
    Reference<sheet::XPrintAreas> print(sh, UNO_QUERY);
    if (print.is()) {
        print->setPrintAreas(uno::Sequence<table::CellRangeAddress>());
        print->setPrintTitleRows(false);
        print->setPrintTitleColumns(false);
    }
    return out;
}

// The values-only copy does not invite input (addin/plan/werte_plan.hpp): input cells get the style of
// computed cells (a style the copy lacks: "Default"), texts that ask for input or promise a recalculation
// lose those sentences, validation (input help, lists) goes. Returns the number of changed texts.
sal_Int32 neutralise_inputs(const Reference<uno::XInterface>& doc,
                            const Reference<container::XIndexAccess>& sheets) {
    Reference<container::XNameAccess> cell_styles(
        Reference<css::style::XStyleFamiliesSupplier>(doc, UNO_QUERY_THROW)
            ->getStyleFamilies()
            ->getByName("CellStyles"),
        UNO_QUERY_THROW);
    std::vector<TextCell> texts;
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        auto sh = sheet_at(sheets, i);
        Reference<container::XIndexAccess> uniques =
            Reference<sheet::XUniqueCellFormatRangesSupplier>(sh, UNO_QUERY_THROW)
                ->getUniqueCellFormatRanges();
        struct Restyle {
            Reference<beans::XPropertySet> props;
            OUString style;
            uno::Any number_format;  // applying a style drops it; put back afterwards
        };
        std::vector<Restyle> restyle;
        for (sal_Int32 k = 0; k < uniques->getCount(); ++k) {
            Reference<beans::XPropertySet> props(uniques->getByIndex(k), UNO_QUERY);
            OUString style;
            if (!props.is() || !(props->getPropertyValue("CellStyle") >>= style)) continue;
            if (const auto neutral = neutral_style(u8(style))) {
                const OUString target = ou(*neutral);
                restyle.push_back({props, cell_styles->hasByName(target) ? target : OUString("Default"),
                                   props->getPropertyValue("NumberFormat")});
            }
        }
        for (const auto& r : restyle) {
            r.props->setPropertyValue("CellStyle", uno::Any(r.style));
            r.props->setPropertyValue("NumberFormat", r.number_format);
        }
        remove_validation(sh);
        Reference<sheet::XSheetCellRanges> found = Reference<sheet::XCellRangesQuery>(sh, UNO_QUERY_THROW)
                                                       ->queryContentCells(sheet::CellFlags::STRING);
        if (!found.is()) continue;
        for (const auto& a : found->getRangeAddresses()) {
            const auto data =
                Reference<sheet::XCellRangeData>(
                    sh->getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow),
                    UNO_QUERY_THROW)
                    ->getDataArray();
            for (sal_Int32 r = 0; r < data.getLength(); ++r) {
                for (sal_Int32 c = 0; c < data[r].getLength(); ++c) {
                    OUString text;
                    if ((data[r][c] >>= text) && !text.isEmpty())
                        texts.push_back({Cell{i, a.StartColumn + c, a.StartRow + r}, u8(text)});
                }
            }
        }
    }
    const auto changed = values_only_texts(std::move(texts));
    for (const auto& t : changed) {
        auto sh = sheet_at(sheets, t.at.sheet);
        if (t.text.empty())
            clear_cell(sh, t.at.col, t.at.row);
        else
            Reference<css::text::XTextRange>(sh->getCellByPosition(t.at.col, t.at.row), UNO_QUERY_THROW)
                ->setString(ou(t.text));
    }
    return static_cast<sal_Int32>(changed.size());
}

void neutral_properties(const Reference<uno::XInterface>& doc, const OUString& title) {
    Reference<css::document::XDocumentPropertiesSupplier> sup(doc, UNO_QUERY);
    if (!sup.is()) return;
    auto p = sup->getDocumentProperties();
    p->resetUserData(OUString());
    p->setTitle(title);
    p->setSubject(OUString());
    p->setDescription(OUString());
    p->setKeywords(uno::Sequence<OUString>());
    p->setTemplateName(OUString());
    p->setTemplateURL(OUString());
    p->setAutoloadURL(OUString());
    p->setDefaultTarget(OUString());
    p->setGenerator(OUString());
    Reference<beans::XPropertyContainer> user = p->getUserDefinedProperties();
    Reference<beans::XPropertySet> user_set(user, UNO_QUERY);
    if (user.is() && user_set.is()) {
        for (const auto& pr : user_set->getPropertySetInfo()->getProperties()) {
            try {
                user->removeProperty(pr.Name);
            } catch (const uno::Exception&) {
                // A fixed property cannot be removed; it is not one a template sets.
            }
        }
    }
}

// ---- notes sheet and storing
// --------------------------------------------------------------------------------

OUString today() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%d.%m.%Y", &tm);
    return OUString::createFromAscii(buf);
}

OUString file_name_of(const OUString& url) {
    if (url.isEmpty()) return "(nicht gespeichertes Dokument)";
    const sal_Int32 slash = url.lastIndexOf('/');
    return rtl::Uri::decode(url.copy(slash + 1), rtl_UriDecodeWithCharset, RTL_TEXTENCODING_UTF8);
}

void add_notes_sheet(const Reference<uno::XInterface>& doc, const std::vector<OUString>& lines,
                     const OUString& sheet_title) {
    Reference<sheet::XSpreadsheetDocument> sd(doc, UNO_QUERY_THROW);
    auto sheets = sd->getSheets();
    OUString name = sheet_title;
    for (int i = 2; sheets->hasByName(name); ++i) name = sheet_title + " " + OUString::number(i);
    sheets->insertNewByName(name, 0);
    Reference<sheet::XSpreadsheet> sh(sheets->getByName(name), UNO_QUERY_THROW);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto cell = sh->getCellByPosition(0, static_cast<sal_Int32>(i));
        Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->setString(lines[i]);
        if (i == 0) {
            try {
                Reference<beans::XPropertySet>(cell, UNO_QUERY_THROW)
                    ->setPropertyValue("CharWeight", uno::Any(150.0f));
                Reference<beans::XPropertySet>(cell, UNO_QUERY_THROW)
                    ->setPropertyValue("CharHeight", uno::Any(14.0f));
            } catch (const uno::Exception&) {
                // Cosmetics only.
            }
        }
    }
    Reference<table::XColumnRowRange> crr(sh, UNO_QUERY_THROW);
    Reference<beans::XPropertySet> col(crr->getColumns()->getByIndex(0), UNO_QUERY_THROW);
    col->setPropertyValue("Width", uno::Any(static_cast<sal_Int32>(26000)));
    // The recipient opens the file on the notes sheet.
    try {
        Reference<css::frame::XModel> model(doc, UNO_QUERY);
        Reference<sheet::XSpreadsheetView> view(model.is() ? model->getCurrentController() : nullptr,
                                                UNO_QUERY);
        if (view.is()) view->setActiveSheet(sh);
    } catch (const uno::Exception&) {
        // A copy without a view: the file opens on its first sheet, which is the notes sheet anyway.
    }
}

// ---- the portable copy ("ohne Add-in")
// ------------------------------------------------------------------------------------

// What the portable rewrite did: formulas rewritten into native ones, and the cells frozen per sheet and
// reason (German, for the notes sheet).
struct PortableResult {
    sal_Int32 translated = 0;
    sal_Int32 frozen = 0;
    std::map<std::pair<OUString, OUString>, std::vector<table::CellAddress>> frozen_cells;  // (sheet, reason)
};

// Replaces the values of `r` on `sh` by those of the same range of `source` (errors as their text).
void freeze_range(const Reference<sheet::XSpreadsheet>& sh, const Reference<sheet::XSpreadsheet>& source,
                  const table::CellRangeAddress& r) {
    auto src = source->getCellRangeByPosition(r.StartColumn, r.StartRow, r.EndColumn, r.EndRow);
    const auto data = Reference<sheet::XCellRangeData>(src, UNO_QUERY_THROW)->getDataArray();
    auto dst = sh->getCellRangeByPosition(r.StartColumn, r.StartRow, r.EndColumn, r.EndRow);
    Reference<sheet::XSheetOperation>(dst, UNO_QUERY_THROW)->clearContents(sheet::CellFlags::FORMULA);
    Reference<sheet::XCellRangeData>(dst, UNO_QUERY_THROW)->setDataArray(data);
    for (sal_Int32 row = r.StartRow; row <= r.EndRow; ++row)
        for (sal_Int32 col = r.StartColumn; col <= r.EndColumn; ++col) {
            auto cell = source->getCellByPosition(col, row);
            if (cell->getError() != 0)
                Reference<css::text::XTextRange>(sh->getCellByPosition(col, row), UNO_QUERY_THROW)
                    ->setString(Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->getString());
        }
}

// The oracle of ISP_KLASSE's rewrite: asks the add-in in the copy (scratch cells on a temporary sheet) for
// the scheme of the arguments as written – ISP_KLASSEN for labels and cut-points, ISP_KLASSE at every
// cut-point for its boundary rule – so the native IF chain uses the engine's own numbers. Arguments with
// relative references (they would mean other cells on the scratch sheet) and schemes without fixed cut-points
// (quantiles: ISP_KLASSEN needs the values) give nullopt.
class SchemeAsker {
public:
    SchemeAsker(Reference<sheet::XSpreadsheet> scratch, Reference<sheet::XCalculatable> calc)
        : scratch_(std::move(scratch)), calc_(std::move(calc)) {}

    std::optional<portable::ClassScheme> operator()(const std::vector<std::string>& args) {
        auto it = cache_.find(args);
        if (it == cache_.end()) {
            // The scratch cells must compute at once (the copy's automatic calculation is off).
            calc_->enableAutomaticCalculation(true);
            std::optional<portable::ClassScheme> scheme;
            try {
                scheme = ask(args);
            } catch (const uno::Exception&) {
                scheme.reset();  // a scheme the office cannot evaluate: the cell is frozen
            }
            calc_->enableAutomaticCalculation(false);
            it = cache_.emplace(args, scheme).first;
        }
        return it->second;
    }

private:
    std::optional<portable::ClassScheme> ask(const std::vector<std::string>& args) {
        OUString joined;
        for (const auto& a : args) {
            if (has_relative_reference(ou(a), scratch_)) return std::nullopt;
            joined += ou(a) + ";";
        }
        constexpr sal_Int32 kMaxClasses = 40;
        auto legend = scratch_->getCellRangeByPosition(0, 0, 3, kMaxClasses - 1);
        Reference<sheet::XArrayFormulaRange> arr(legend, UNO_QUERY_THROW);
        arr->setArrayFormula("=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPKLASSEN(" + joined + ";\"legende\")");
        const auto rows = Reference<sheet::XCellRangeData>(legend, UNO_QUERY_THROW)->getDataArray();
        bool error = scratch_->getCellByPosition(0, 0)->getError() != 0;
        arr->setArrayFormula(OUString());
        if (error) return std::nullopt;
        portable::ClassScheme scheme;
        for (const auto& row : rows) {
            OUString label;
            if (!(row[0] >>= label) || label.isEmpty()) break;
            scheme.labels.push_back(u8(label));
            double upper = 0.0;
            if (row[2] >>= upper) scheme.cuts.push_back(upper);
        }
        if (scheme.labels.size() < 2 || scheme.cuts.size() + 1 != scheme.labels.size()) return std::nullopt;
        // Which class does a value equal to each cut-point get? (1-based class numbers; the value must be a
        // cell: ISP_KLASSE's value parameter is a reference, a number typed there gives Err:504.)
        auto at = scratch_->getCellByPosition(4, 0);
        auto cell = scratch_->getCellByPosition(5, 0);
        cell->setFormula("=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPKLASSE(E1;" + joined + "\"nummer\")");
        for (std::size_t k = 0; k < scheme.cuts.size(); ++k) {
            at->setValue(scheme.cuts[k]);
            error = cell->getError() != 0;
            const double cls = cell->getValue();
            if (error || (cls != static_cast<double>(k + 1) && cls != static_cast<double>(k + 2))) {
                cell->setFormula(OUString());
                return std::nullopt;
            }
            scheme.upper.push_back(cls == static_cast<double>(k + 2));
        }
        cell->setFormula(OUString());
        return scheme;
    }

    Reference<sheet::XSpreadsheet> scratch_;
    Reference<sheet::XCalculatable> calc_;
    std::map<std::vector<std::string>, std::optional<portable::ClassScheme>> cache_;
};

// The sheet "Rechenweg ohne Add-in" of the portable copy: made when the first index needs it, one block per
// ISP_BELASTUNG call below the previous one (portable::translate_index), and the evaluator of keyword
// arguments (the method on the Parameter sheet) in a scratch cell.
class IndexHelpers {
public:
    IndexHelpers(Reference<uno::XInterface> doc, Reference<sheet::XSpreadsheets> sheets,
                 Reference<sheet::XSpreadsheet> scratch, Reference<sheet::XCalculatable> calc)
        : doc_(std::move(doc)),
          sheets_(std::move(sheets)),
          scratch_(std::move(scratch)),
          calc_(std::move(calc)) {}

    // Rewrites the array formula `where` on `sh` (one ISP_BELASTUNG call with `args`) into references to a
    // new helper block; false (with `reason`) when it has no native form.
    bool rewrite(const Reference<sheet::XSpreadsheet>& sh, const table::CellRangeAddress& where,
                 const Reference<sheet::XArrayFormulaRange>& array, const std::vector<std::string>& args,
                 std::string& reason) {
        portable::IndexPlace place;
        place.sheet = u8(sheet_name(sh));
        place.rows = where.EndRow - where.StartRow + 1;
        place.cols = where.EndColumn - where.StartColumn + 1;
        place.helper_sheet = u8(helper_name());
        place.helper_row = next_row_;
        place.title = "Belastungsindex ohne Add-in für Blatt „" + place.sheet + "“, " +
                      cell_name(where.StartColumn, where.StartRow) + ":" +
                      cell_name(where.EndColumn, where.EndRow) + " (dieselbe Rechnung wie mit dem Add-in)";
        const portable::ArgumentValue value = [this](const std::string& expr) { return evaluate(expr); };
        const portable::IndexTranslation t = portable::translate_index(args, place, value);
        if (!t.ok) {
            reason = t.reason;
            return false;
        }
        Reference<sheet::XSpreadsheet> helper = helper_sheet();
        for (const auto& c : t.helpers) {
            auto cell = helper->getCellByPosition(c.col, c.row);
            if (c.content.rfind('=', 0) == 0)
                cell->setFormula(ou(c.content));
            else
                Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->setString(ou(c.content));
        }
        format_block(helper, place.helper_row, place.helper_row + t.rows_used - 1, t);
        next_row_ += t.rows_used + 1;
        array->setArrayFormula(OUString());
        for (sal_Int32 r = 0; r < place.rows; ++r)
            sh->getCellByPosition(where.StartColumn, where.StartRow + r)
                ->setFormula(ou(t.results[static_cast<std::size_t>(r)]));
        return true;
    }

private:
    OUString helper_name() {
        if (name_.isEmpty()) {
            name_ = de("Rechenweg ohne Add-in");
            for (int k = 2; sheets_->hasByName(name_); ++k)
                name_ = de("Rechenweg ohne Add-in ") + OUString::number(k);
        }
        return name_;
    }

    Reference<sheet::XSpreadsheet> helper_sheet() {
        if (!helper_.is()) {
            const OUString name = helper_name();
            sheets_->insertNewByName(name, static_cast<sal_Int16>(sheets_->getElementNames().getLength()));
            helper_.set(sheets_->getByName(name), UNO_QUERY_THROW);
        }
        return helper_;
    }

    // Readable for a Kommune: the labels in a wide first column, numbers with three decimals (German format
    // whatever the office's locale), the block's title in bold.
    void format_block(const Reference<sheet::XSpreadsheet>& helper, sal_Int32 first, sal_Int32 last,
                      const portable::IndexTranslation& t) {
        try {
            sal_Int32 cols = 1;
            for (const auto& c : t.helpers) cols = std::max(cols, c.col + 1);
            Reference<table::XColumnRowRange> crr(helper, UNO_QUERY_THROW);
            Reference<beans::XPropertySet>(crr->getColumns()->getByIndex(0), UNO_QUERY_THROW)
                ->setPropertyValue("Width", uno::Any(static_cast<sal_Int32>(7000)));
            Reference<util::XNumberFormats> formats(
                Reference<util::XNumberFormatsSupplier>(doc_, UNO_QUERY_THROW)->getNumberFormats());
            const lang::Locale german("de", "DE", "");
            sal_Int32 key = formats->queryKey("0,000", german, false);
            if (key < 0) key = formats->addNew("0,000", german);
            Reference<beans::XPropertySet>(helper->getCellRangeByPosition(1, first, cols - 1, last),
                                           UNO_QUERY_THROW)
                ->setPropertyValue("NumberFormat", uno::Any(key));
            // Column heads such as "Σ Gewicht × z" are wider than a number column.
            Reference<beans::XPropertySet>(helper->getCellRangeByPosition(1, first + 1, cols - 1, last),
                                           UNO_QUERY_THROW)
                ->setPropertyValue("IsTextWrapped", uno::Any(true));
            Reference<beans::XPropertySet>(helper->getCellByPosition(0, first), UNO_QUERY_THROW)
                ->setPropertyValue("CharWeight", uno::Any(150.0f));
        } catch (const uno::Exception&) {
            // Cosmetics only: the numbers are right without them.
        }
    }

    std::optional<std::string> evaluate(const std::string& expr) {
        auto cell = scratch_->getCellByPosition(10, 0);
        calc_->enableAutomaticCalculation(true);
        std::optional<std::string> out;
        try {
            cell->setFormula("=" + ou(expr));
            if (cell->getError() == 0)
                out = u8(Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->getString());
            cell->setFormula(OUString());
        } catch (const uno::Exception&) {
            out.reset();
        }
        calc_->enableAutomaticCalculation(false);
        return out;
    }

    Reference<uno::XInterface> doc_;
    Reference<sheet::XSpreadsheets> sheets_;
    Reference<sheet::XSpreadsheet> scratch_;
    Reference<sheet::XCalculatable> calc_;
    Reference<sheet::XSpreadsheet> helper_;
    OUString name_;
    sal_Int32 next_row_ = 0;
};

// Every add-in formula of `sh` rewritten natively (isp::portable::translate, an index through `helpers`) or
// frozen to the value the open document `source` shows; native formulas stay as they are.
void make_sheet_portable(const Reference<sheet::XSpreadsheet>& sh,
                         const Reference<sheet::XSpreadsheet>& source, const portable::SchemeOracle& oracle,
                         IndexHelpers& helpers, PortableResult& result) {
    Reference<sheet::XCellRangesQuery> query(sh, UNO_QUERY_THROW);
    Reference<sheet::XSheetCellRanges> found = query->queryContentCells(sheet::CellFlags::FORMULA);
    if (!found.is() || found->getCount() == 0) return;
    const OUString name = sheet_name(sh);
    std::set<std::pair<sal_Int32, sal_Int32>> done;  // (row, col) of array cells handled with their array
    for (const auto& a : found->getRangeAddresses()) {
        for (sal_Int32 r = a.StartRow; r <= a.EndRow; ++r) {
            for (sal_Int32 c = a.StartColumn; c <= a.EndColumn; ++c) {
                if (done.count({r, c})) continue;
                auto cell = sh->getCellByPosition(c, r);
                const OUString f = cell->getFormula();
                if (!portable::uses_addin(u8(f))) continue;
                table::CellRangeAddress where{a.Sheet, c, r, c, r};
                const bool array = f.startsWith("{");
                Reference<sheet::XArrayFormulaRange> array_range;
                OUString formula = f;
                if (array) {
                    Reference<sheet::XSheetCellCursor> cursor =
                        sh->createCursorByRange(Reference<sheet::XSheetCellRange>(
                            sh->getCellRangeByPosition(c, r, c, r), UNO_QUERY_THROW));
                    cursor->collapseToCurrentArray();
                    where =
                        Reference<sheet::XCellRangeAddressable>(cursor, UNO_QUERY_THROW)->getRangeAddress();
                    array_range.set(cursor, UNO_QUERY_THROW);
                    // getArrayFormula prints in the UI grammar (',' between arguments); the cell's API
                    // spelling "{=…}" is what setArrayFormula reads back.
                    if (f.endsWith("}")) formula = f.copy(1, f.getLength() - 2);
                    for (sal_Int32 rr = where.StartRow; rr <= where.EndRow; ++rr)
                        for (sal_Int32 cc = where.StartColumn; cc <= where.EndColumn; ++cc)
                            done.insert({rr, cc});
                }
                const sal_Int32 n =
                    (where.EndRow - where.StartRow + 1) * (where.EndColumn - where.StartColumn + 1);
                std::string index_reason;
                if (array) {
                    const auto index_args = portable::single_call(u8(formula), "ISPBELASTUNG");
                    if (index_args && helpers.rewrite(sh, where, array_range, *index_args, index_reason)) {
                        result.translated += n;
                        continue;
                    }
                }
                if (const auto cross_args = portable::single_call(u8(formula), "ISPKREUZTABELLE")) {
                    const int rows = where.EndRow - where.StartRow + 1;
                    const int cols = where.EndColumn - where.StartColumn + 1;
                    const auto cross = portable::translate_cross_table(*cross_args, u8(name), rows, cols);
                    if (cross.ok) {
                        if (array) array_range->setArrayFormula(OUString());
                        for (int rr = 0; rr < rows; ++rr)
                            for (int cc = 0; cc < cols; ++cc)
                                sh->getCellByPosition(where.StartColumn + cc, where.StartRow + rr)
                                    ->setFormula(
                                        ou(cross.formulas[static_cast<std::size_t>(rr * cols + cc)]));
                        result.translated += n;
                        continue;
                    }
                    index_reason = cross.reason;
                }
                portable::Translation t = portable::translate(u8(formula), oracle);
                if (!index_reason.empty()) t.reason = index_reason;
                if (t.ok) {
                    if (array)
                        array_range->setArrayFormula(ou(t.formula));
                    else
                        cell->setFormula(ou(t.formula));
                    result.translated += n;
                    continue;
                }
                if (array) array_range->setArrayFormula(OUString());
                freeze_range(sh, source, where);
                result.frozen += n;
                auto& cells = result.frozen_cells[{name, ou(t.reason)}];
                for (sal_Int32 rr = where.StartRow; rr <= where.EndRow; ++rr)
                    for (sal_Int32 cc = where.StartColumn; cc <= where.EndColumn; ++cc)
                        cells.push_back(table::CellAddress{a.Sheet, cc, rr});
            }
        }
    }
}

// "D7:D19, F7" from cells: runs of rows in one column are joined.
OUString cell_runs(std::vector<table::CellAddress> cells) {
    std::sort(cells.begin(), cells.end(), [](const table::CellAddress& x, const table::CellAddress& y) {
        return x.Column != y.Column ? x.Column < y.Column : x.Row < y.Row;
    });
    OUStringBuffer b;
    for (std::size_t i = 0; i < cells.size();) {
        std::size_t j = i;
        while (j + 1 < cells.size() && cells[j + 1].Column == cells[i].Column &&
               cells[j + 1].Row == cells[j].Row + 1)
            ++j;
        if (b.getLength() > 0) b.append(", ");
        b.append(ou(cell_name(cells[i].Column, cells[i].Row)));
        if (j > i) b.append(":").append(ou(cell_name(cells[j].Column, cells[j].Row)));
        i = j + 1;
    }
    return b.makeStringAndClear();
}

OUString filter_for(const OUString& url) {
    const OUString lower = url.toAsciiLowerCase();
    if (lower.endsWith(".xlsx")) return "Calc Office Open XML";
    if (lower.endsWith(".ods")) return "calc8";
    fail("Weitergabe: unbekanntes Dateiformat (erwartet .xlsx oder .ods): " + url);
}

// ---- the target file -----------------------------------------------------------------------------------

// The local path of a file URL (percent-encoding decoded), empty when the URL is not a local file.
std::string system_path(const OUString& url) {
    OUString path;
    if (url.isEmpty() || osl::FileBase::getSystemPathFromFileURL(url, path) != osl::FileBase::E_None)
        return std::string();
    return rtl::OUStringToOString(path, osl_getThreadTextEncoding()).getStr();
}

// The canonical spelling of a path that may not exist yet: its folder resolved by realpath (symlinks, "..",
// ".", "//"), then the file name, itself resolved when it exists (a symlink to the source).
std::string canonical_path(const std::string& path) {
    if (path.empty()) return path;
    if (char* full = ::realpath(path.c_str(), nullptr)) {
        std::string out(full);
        std::free(full);
        return out;
    }
    const std::size_t slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? std::string(".") : path.substr(0, slash + 1);
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (char* full = ::realpath(dir.c_str(), nullptr)) {
        std::string out(full);
        std::free(full);
        return out + "/" + name;
    }
    return path;
}

// Same file by identity, not by spelling: canonical paths, and device + inode when both exist (hard links).
bool same_file(const OUString& a_url, const OUString& b_url) {
    const std::string a = system_path(a_url), b = system_path(b_url);
    if (a.empty() || b.empty()) return a_url == b_url;
    if (canonical_path(a) == canonical_path(b)) return true;
    struct stat sa {};
    struct stat sb {};
    return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

// Why a folder cannot take the file, in German, or empty when nothing obvious stands in the way.
OUString folder_problem(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? std::string(".") : path.substr(0, slash);
    struct stat st {};
    if (::stat(dir.empty() ? "/" : dir.c_str(), &st) != 0) return de("der Zielordner existiert nicht");
    if (!S_ISDIR(st.st_mode)) return de("der Zielordner ist kein Ordner");
    if (::access(dir.empty() ? "/" : dir.c_str(), W_OK) != 0)
        return de("in den Zielordner darf nicht geschrieben werden");
    struct stat ft {};
    if (::stat(path.c_str(), &ft) == 0 && S_ISDIR(ft.st_mode))
        return de("am Ziel liegt ein Ordner gleichen Namens");
    if (::stat(path.c_str(), &ft) == 0 && ::access(path.c_str(), W_OK) != 0)
        return de("die vorhandene Zieldatei ist schreibgeschützt");
    return OUString();
}

// Prefix of the temporary file an export is first written to, in the target folder (so that the final rename
// stays on one file system and is atomic). The command line removes leftovers with this prefix after a crash.
const char* const kTempPrefix = ".~isp-tmp-";

// Writes the document to a temporary file beside the target and renames it into place only when complete:
// a failed or interrupted store never leaves a partial target, and an existing target stays intact until the
// new file is whole.
// The XLSX's "Normal" cell style (the first cellStyleXf of xl/styles.xml) gets the built-in general format.
// Calc writes it with the templates' German general format ("[$-407]General") when its own locale is not
// German, and then opens the file ten times slower (bench/calc/xlsx_open_bench.py: 20 s instead of 1.5 s for
// a 65 KB copy). Cells keep their own formats (with [$-407]). As templates/isp_templates/office.py does for
// the templates. LibreOffice's own zip storage: no zip library of our own.
void normal_style_general(const Reference<uno::XComponentContext>& ctx, const OUString& url) {
    Reference<lang::XSingleServiceFactory> factory = css::embed::StorageFactory::create(ctx);
    uno::Sequence<beans::PropertyValue> format(1);
    format.getArray()[0] = prop("StorageFormat", uno::Any(OUString("ZipFormat")));
    uno::Sequence<uno::Any> args(3);
    args.getArray()[0] <<= url;
    args.getArray()[1] <<= css::embed::ElementModes::READWRITE;
    args.getArray()[2] <<= format;
    // StorageFactory offers only XSingleServiceFactory, which the 7.4 SDK marks deprecated.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    Reference<css::embed::XStorage> root(factory->createInstanceWithArguments(args), UNO_QUERY_THROW);
#pragma GCC diagnostic pop
    Reference<lang::XComponent> closer(root, UNO_QUERY_THROW);
    try {
        Reference<css::embed::XStorage> xl =
            root->openStorageElement("xl", css::embed::ElementModes::READWRITE);
        Reference<css::io::XStream> stream =
            xl->openStreamElement("styles.xml", css::embed::ElementModes::READWRITE);
        Reference<css::io::XInputStream> in = stream->getInputStream();
        std::string text;
        uno::Sequence<sal_Int8> chunk;
        while (in->readBytes(chunk, 65536) > 0)
            text.append(reinterpret_cast<const char*>(chunk.getConstArray()),
                        static_cast<std::size_t>(chunk.getLength()));
        static const std::regex normal(R"((<cellStyleXfs count="\d+"><xf numFmtId=")\d+")");
        const std::string patched =
            std::regex_replace(text, normal, "$010\"", std::regex_constants::format_first_only);
        if (patched != text) {
            Reference<css::io::XSeekable>(stream, UNO_QUERY_THROW)->seek(0);
            Reference<css::io::XTruncate>(stream, UNO_QUERY_THROW)->truncate();
            Reference<css::io::XOutputStream> out = stream->getOutputStream();
            out->writeBytes(uno::Sequence<sal_Int8>(reinterpret_cast<const sal_Int8*>(patched.data()),
                                                    static_cast<sal_Int32>(patched.size())));
            out->closeOutput();
            Reference<css::embed::XTransactedObject>(xl, UNO_QUERY_THROW)->commit();
            Reference<css::embed::XTransactedObject>(root, UNO_QUERY_THROW)->commit();
        }
    } catch (...) {
        closer->dispose();
        throw;
    }
    closer->dispose();
}

void store(const Reference<uno::XComponentContext>& ctx, const Reference<uno::XInterface>& doc,
           const OUString& url, const OUString& filter) {
    const std::string path = system_path(url);
    const OUString name = file_name_of(url);
    if (path.empty())
        throw css::io::IOException(de("Weitergabe: das Ziel muss eine lokale Datei sein: ") + name,
                                   Reference<uno::XInterface>());
    const OUString problem = folder_problem(path);
    if (!problem.isEmpty())
        throw css::io::IOException(
            de("Weitergabe: die Datei „") + name + de("“ kann nicht geschrieben werden: ") + problem + ".",
            Reference<uno::XInterface>());
    std::random_device rd;
    char tag[32];
    std::snprintf(tag, sizeof tag, "%08x%04x-", rd(), static_cast<unsigned>(::getpid()) & 0xffffu);
    const sal_Int32 slash = url.lastIndexOf('/');
    const OUString temp_url = url.copy(0, slash + 1) + OUString::createFromAscii(kTempPrefix) +
                              OUString::createFromAscii(tag) + url.copy(slash + 1);
    Reference<css::frame::XStorable> storable(doc, UNO_QUERY_THROW);
    uno::Sequence<beans::PropertyValue> args(2);
    args.getArray()[0] = prop("FilterName", uno::Any(filter));
    args.getArray()[1] = prop("Overwrite", uno::Any(true));
    bool stored = false;
    try {
        storable->storeToURL(temp_url, args);
        if (filter == "Calc Office Open XML") normal_style_general(ctx, temp_url);
        stored = true;
    } catch (const uno::Exception& e) {
        log_detail("storeToURL " + temp_url, e.Message);
    }
    const std::string temp_path = system_path(temp_url);
    if (!stored || ::rename(temp_path.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp_path.c_str());
        OUString why = de("LibreOffice konnte die Datei nicht speichern (Datenträger voll?)");
        if (stored) why = OUString::createFromAscii(std::strerror(err));
        throw css::io::IOException(
            de("Weitergabe: die Datei „") + name + de("“ konnte nicht geschrieben werden: ") + why + ".",
            Reference<uno::XInterface>());
    }
}

OUString join_lines(const std::vector<OUString>& lines) {
    OUStringBuffer b;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i) b.append("\n");
        b.append(lines[i]);
    }
    return b.makeStringAndClear();
}

}  // namespace

void log_detail(const OUString& where, const OUString& detail) {
    std::cerr << "isp-weitergabe: " << rtl::OUStringToOString(where, RTL_TEXTENCODING_UTF8).getStr() << ": "
              << rtl::OUStringToOString(detail, RTL_TEXTENCODING_UTF8).getStr() << std::endl;
}

OUString stamp_template(const Reference<css::frame::XModel>& document) {
    if (!document.is()) fail("Weitergabe: kein Dokument");
    const auto sheets = sheets_of(document);
    const auto parser = r1c1_parser(document);
    std::set<std::uint64_t> prints;
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        auto sh = sheet_at(sheets, i);
        auto found = Reference<sheet::XCellRangesQuery>(sh, UNO_QUERY_THROW)
                         ->queryContentCells(sheet::CellFlags::FORMULA);
        if (!found.is()) continue;
        for (const auto& a : found->getRangeAddresses())
            for (sal_Int32 r = a.StartRow; r <= a.EndRow; ++r)
                for (sal_Int32 c = a.StartColumn; c <= a.EndColumn; ++c)
                    prints.insert(
                        fingerprint(u8(formula_text(parser, sh->getCellByPosition(c, r), i, c, r))));
    }
    OUStringBuffer b;
    for (auto p : prints) {
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(p));
        if (b.getLength()) b.append(" ");
        b.appendAscii(hex);
    }
    const OUString stamp = b.makeStringAndClear();
    Reference<css::document::XDocumentPropertiesSupplier> sup(document, UNO_QUERY_THROW);
    Reference<beans::XPropertyContainer> user = sup->getDocumentProperties()->getUserDefinedProperties();
    Reference<beans::XPropertySet> user_set(user, UNO_QUERY_THROW);
    const OUString name = OUString::createFromAscii(kStampProperty);
    if (user_set->getPropertySetInfo()->hasPropertyByName(name))
        user_set->setPropertyValue(name, uno::Any(stamp));
    else
        user->addProperty(name, beans::PropertyAttribute::REMOVABLE, uno::Any(stamp));
    return stamp;
}

std::vector<Area> list_areas(const Reference<css::frame::XModel>& document) {
    if (!document.is()) fail("Weitergabe: kein Dokument");
    const auto descs = read_descriptions(document);
    if (!find_role(descs, Role::Gebiete) && !find_role(descs, Role::Sozialraeume))
        // Short enough for the two lines the dialog has for it (seen under Xvfb: the longer text was cut).
        fail(
            de("Weitergabe: diese Arbeitsmappe enthält keine Beschreibung für die Weitergabe (keine "
               "ISP-Vorlage; "
               "Anleitung „Sicher weitergeben“). Möglich ist nur die Variante „werte“ (Nur Werte)."));
    std::vector<Area> out;
    for (const auto& a : read_structure(document, descs).sozialraeume) out.push_back({ou(a.id), ou(a.name)});
    return out;
}

OUString export_copy(const Reference<uno::XComponentContext>& context,
                     const Reference<css::frame::XModel>& document, const OUString& variant_in,
                     const OUString& area_in, const OUString& target_url) {
    if (!document.is()) fail("Weitergabe: kein Dokument");
    const OUString variant = variant_in.trim().toAsciiLowerCase();
    if (variant != "sozialraum" && variant != "oeffentlich" && variant != "werte" && variant != "portabel")
        fail(de("Weitergabe: unbekannte Variante „") + variant_in +
             de("“ (sozialraum, oeffentlich, werte oder portabel)"));
    if (target_url.isEmpty()) fail("Weitergabe: keine Zieldatei angegeben");
    const OUString filter = filter_for(target_url);
    if (!document->getURL().isEmpty() && same_file(target_url, document->getURL()))
        fail(
            de("Weitergabe: die Zieldatei ist die geöffnete Arbeitsmappe selbst; bitte einen anderen Namen "
               "wählen"));
    // "SR 3" and "Sozialraum 3" name the same area as "3" (the ID listAreas returns).
    const OUString area = ou(area_id_of(u8(area_in)));
    const OUString source = file_name_of(document->getURL());

    // Check the arguments on the original before copying anything.
    Area chosen;
    if (variant == "sozialraum") {
        if (area.isEmpty()) fail(de("Weitergabe: für die Variante „sozialraum“ fehlt die Sozialraum-Nummer"));
        bool found = false;
        for (const auto& a : list_areas(document)) {
            if (a.id == area) {
                chosen = a;
                found = true;
            }
        }
        if (!found)
            fail(de("Weitergabe: Sozialraum „") + area +
                 de("“ ist in dieser Arbeitsmappe nicht beschrieben"));
    } else if (variant == "oeffentlich") {
        if (!find_role(read_descriptions(document), Role::Oeffentlich))
            fail(
                de("Weitergabe: diese Arbeitsmappe hat kein öffentliches Blatt (ISP_WG_OEFFENTLICH_…); eine "
                   "öffentliche Fassung ist nicht möglich"));
    }

    CopyGuard guard;
    Reference<lang::XComponent> copy = load_copy(context, document, guard);
    Reference<uno::XInterface> doc(copy, UNO_QUERY_THROW);
    Reference<css::frame::XModel> model(copy, UNO_QUERY);
    if (model.is()) model->lockControllers();
    auto sheets = sheets_of(doc);
    std::vector<OUString> lines;
    std::vector<bool> protected_before;
    unprotect_all(sheets, &protected_before);

    const auto original_sheets = sheets_of(document);
    if (original_sheets->getCount() != sheets->getCount())
        throw css::io::IOException(de("Weitergabe: die Kopie stimmt nicht mit dem Dokument überein"),
                                   Reference<uno::XInterface>());
    if (variant == "werte") {
        Reference<sheet::XCalculatable>(doc, UNO_QUERY_THROW)->enableAutomaticCalculation(false);
        sal_Int32 formulas = 0;
        for (sal_Int32 i = 0; i < sheets->getCount(); ++i)
            formulas += freeze_sheet(sheet_at(sheets, i), sheet_at(original_sheets, i));
        const sal_Int32 texts = neutralise_inputs(doc, sheets);
        protect_again(sheets, protected_before);
        // The copy holds every area's values: it opens on a sheet that says so.
        std::vector<OUString> notes;
        notes.push_back(de("Nur für den internen Gebrauch – Werte aller Gebiete"));
        notes.push_back("Quelle: " + source);
        notes.push_back("Erstellt am: " + today());
        notes.push_back(de(
            "Diese Werte-Kopie enthält die Rohwerte aller Sozialräume und Gemeinden. Sie ist nur für die "
            "Stelle bestimmt, die die Arbeitsmappe führt (z. B. zum Öffnen ohne Add-in), und darf nicht an "
            "Kommunen oder Dritte weitergegeben werden. Für eine Kommune: Weitergabe „Sozialraum-Paket“; "
            "für die Öffentlichkeit: „öffentliche Fassung“."));
        notes.push_back(OUString::number(formulas) +
                        de(" Formeln durch ihre Werte ersetzt: die Datei rechnet nicht neu; Eingaben ändern "
                           "keine Ergebnisse."));
        notes.push_back(de("Eingabe- und Parameterzellen sind wie berechnete Zellen formatiert; Hinweise, "
                           "die zu Eingaben "
                           "auffordern (") +
                        OUString::number(texts) +
                        de(" Texte), Auswahllisten und Eingabehilfen sind entfernt."));
        add_notes_sheet(doc, notes, de("Nur intern"));
        store(context, doc, target_url, filter);
        lines.push_back(de("Werte-Kopie von „") + source + de("“ geschrieben: ") + file_name_of(target_url));
        lines.push_back(OUString::number(formulas) +
                        de(" Formelzellen durch ihre Werte ersetzt; alle Blätter und Zahlenformate bleiben "
                           "erhalten (kein Add-in nötig)."));
        lines.push_back(de("Eingabezellen wie berechnete Zellen formatiert, ") + OUString::number(texts) +
                        de(" Hinweise auf Eingaben und alle Eingabehilfen entfernt: die Kopie lädt nicht zu "
                           "Eingaben ein."));
        lines.push_back(de("Nur für den internen Gebrauch: die Kopie enthält die Werte aller Gebiete."));
        return join_lines(lines);
    }

    if (variant == "portabel") {
        // All sheets and values, like "werte", but live: native formulas stay, add-in calls become native
        // formulas where a native form exists, everything else is frozen and listed.
        Reference<sheet::XCalculatable> calc(doc, UNO_QUERY_THROW);
        calc->enableAutomaticCalculation(false);
        PortableResult done;
        const sal_Int32 nsheets = sheets->getCount();
        Reference<sheet::XSpreadsheets> named_sheets(
            Reference<sheet::XSpreadsheetDocument>(doc, UNO_QUERY_THROW)->getSheets());
        const OUString scratch_name = "ISP_WG_Rechenhilfe";
        named_sheets->insertNewByName(scratch_name, static_cast<sal_Int16>(nsheets));
        {
            Reference<sheet::XSpreadsheet> scratch(named_sheets->getByName(scratch_name), UNO_QUERY_THROW);
            SchemeAsker asker(scratch, calc);
            const portable::SchemeOracle oracle = [&asker](const std::vector<std::string>& args) {
                return asker(args);
            };
            IndexHelpers helpers(doc, named_sheets, scratch, calc);
            for (sal_Int32 i = 0; i < nsheets; ++i)
                make_sheet_portable(sheet_at(sheets, i), sheet_at(original_sheets, i), oracle, helpers, done);
        }
        named_sheets->removeByName(scratch_name);
        calc->calculateAll();
        protect_again(sheets, protected_before);
        std::vector<OUString> notes;
        notes.push_back(de("Nur für den internen Gebrauch – Fassung ohne Add-in, Werte aller Gebiete"));
        notes.push_back("Quelle: " + source);
        notes.push_back("Erstellt am: " + today());
        notes.push_back(
            de("Diese Kopie rechnet in Excel und in LibreOffice ohne das ISP-Add-in. Sie enthält die "
               "Rohwerte aller "
               "Sozialräume und Gemeinden und ist nur für die Stelle bestimmt, die die Arbeitsmappe führt; "
               "für eine Kommune: Weitergabe „Sozialraum-Paket“, für die Öffentlichkeit: „öffentliche "
               "Fassung“."));
        notes.push_back(OUString::number(done.translated) +
                        de(" Zellen mit Add-in-Funktionen durch gleichwertige Formeln ersetzt (sie rechnen "
                           "weiter, wenn Sie Eingaben ändern)."));
        if (done.frozen == 0) {
            notes.push_back(de("Keine Zelle eingefroren: alle Ergebnisse rechnen neu."));
        } else {
            notes.push_back(
                OUString::number(done.frozen) +
                de(" Zellen als Werte eingefroren (sie ändern sich nicht, wenn Sie Eingaben ändern; "
                   "neu berechnen mit dem Add-in in der Original-Arbeitsmappe):"));
            for (const auto& [key, cells] : done.frozen_cells)
                notes.push_back(de("Blatt „") + key.first + de("“, ") + cell_runs(cells) + ": " + key.second);
        }
        add_notes_sheet(doc, notes, de("Ohne Add-in"));
        store(context, doc, target_url, filter);
        lines.push_back(de("Fassung ohne Add-in von „") + source + de("“ geschrieben: ") +
                        file_name_of(target_url));
        for (std::size_t i = 4; i < notes.size(); ++i) lines.push_back(notes[i]);
        return join_lines(lines);
    }

    const bool per_area = variant == "sozialraum";
    const Variant v = per_area ? Variant::Sozialraum : Variant::Oeffentlich;
    const std::string sr = u8(chosen.id);
    const Workbook wb = read_workbook(doc, v);
    const Plan plan = make_plan(wb, v, sr);
    // W35: the fills of the kept map shapes, from the open document (sheet indices as in the copy before any
    // sheet goes; a sheet removed whole because its rows could not be deleted takes its shapes with it).
    const auto keep_map = map_fills(document, wb, plan);
    const sal_Int32 nsheets = sheets->getCount();
    std::vector<bool> keep(static_cast<std::size_t>(nsheets), true);
    for (const auto& r : plan.removed_sheets) keep[static_cast<std::size_t>(r.sheet)] = false;

    // 1. Single-area views show the chosen Sozialraum.
    Reference<sheet::XCalculatable> calc(doc, UNO_QUERY_THROW);
    std::vector<bool> recalculated(static_cast<std::size_t>(nsheets), false);
    for (const auto& p : plan.profiles) {
        recalculated[static_cast<std::size_t>(p.range.sheet)] = true;
        auto sh = sheet_at(sheets, p.range.sheet);
        const bool two = p.range.row1 > p.range.row0 || p.range.col1 > p.range.col0;
        auto id_cell =
            sh->getCellByPosition(two ? p.range.col1 : p.range.col0, two ? p.range.row1 : p.range.row0);
        if (two)
            Reference<css::text::XTextRange>(sh->getCellByPosition(p.range.col0, p.range.row0),
                                             UNO_QUERY_THROW)
                ->setString("Sozialraum");
        rtl_math_ConversionStatus status = rtl_math_ConversionStatus_Ok;
        sal_Int32 end = 0;
        const double number = rtl::math::stringToDouble(chosen.id, '.', ',', &status, &end);
        if (status == rtl_math_ConversionStatus_Ok && end == chosen.id.getLength())
            id_cell->setValue(number);
        else
            Reference<css::text::XTextRange>(id_cell, UNO_QUERY_THROW)->setString(chosen.id);
        lines.push_back(de("Blatt „") + sheet_name(sh) + de("“ auf Sozialraum ") + chosen.id +
                        " umgestellt und neu berechnet.");
    }
    if (!plan.profiles.empty()) calc->calculateAll();
    // Values come from the open document (what the user sees) except on the switched views.
    auto source_of = [&](sal_Int32 i) {
        return recalculated[static_cast<std::size_t>(i)] ? sheet_at(sheets, i) : sheet_at(original_sheets, i);
    };

    // 2. + 3. Bake conditional formats, then freeze, on the sheets that stay.
    Reference<sheet::XSpreadsheets> named_sheets(
        Reference<sheet::XSpreadsheetDocument>(doc, UNO_QUERY_THROW)->getSheets());
    OUString scratch_name = "ISP_WG_Rechenhilfe";
    named_sheets->insertNewByName(scratch_name, static_cast<sal_Int16>(nsheets));
    Reference<sheet::XSpreadsheet> scratch(named_sheets->getByName(scratch_name), UNO_QUERY_THROW);
    sal_Int32 unbaked = 0, formulas = 0;
    for (sal_Int32 i = 0; i < nsheets; ++i)
        if (keep[static_cast<std::size_t>(i)])
            unbaked += bake_conditional_formats(sheet_at(sheets, i), source_of(i), scratch);
    named_sheets->removeByName(scratch_name);
    for (sal_Int32 i = 0; i < nsheets; ++i)
        if (keep[static_cast<std::size_t>(i)]) formulas += freeze_sheet(sheet_at(sheets, i), source_of(i));
    calc->enableAutomaticCalculation(false);  // no formula is left; nothing needs to follow the deletions

    // 4. Cells derived from removed ones, small counts and pivot tables, in the original geometry.
    for (const auto& c : plan.blank) clear_cell(sheet_at(sheets, c.sheet), c.col, c.row);
    for (const auto& c : plan.suppress)
        Reference<css::text::XTextRange>(sheet_at(sheets, c.sheet)->getCellByPosition(c.col, c.row),
                                         UNO_QUERY_THROW)
            ->setString(".");
    for (const auto& p : plan.pivots) {
        auto sh = sheet_at(sheets, p.output.sheet);
        Reference<sheet::XDataPilotTablesSupplier> sup(sh, UNO_QUERY_THROW);
        sup->getDataPilotTables()->removeByName(ou(p.name));
        Reference<sheet::XSheetOperation>(
            sh->getCellRangeByPosition(p.output.col0, p.output.row0, p.output.col1, p.output.row1),
            UNO_QUERY_THROW)
            ->clearContents(sheet::CellFlags::VALUE | sheet::CellFlags::DATETIME | sheet::CellFlags::STRING |
                            sheet::CellFlags::FORMULA);
    }

    // 5. Rows and columns (the plan orders them so that each one's coordinates hold when it runs), then
    // sheets.
    std::vector<bool> failed(static_cast<std::size_t>(nsheets), false);
    std::vector<OUString> failure_lines;
    for (const auto& op : plan.deletions) {
        if (failed[static_cast<std::size_t>(op.range.sheet)]) continue;
        auto sh = sheet_at(sheets, op.range.sheet);
        try {
            apply_deletion(sh, op);
        } catch (const uno::Exception& e) {
            // Safe by default: a sheet whose rows cannot be removed one by one (merged cells across areas, an
            // array formula) goes as a whole.
            log_detail("delete on " + sheet_name(sh), e.Message);
            failed[static_cast<std::size_t>(op.range.sheet)] = true;
            failure_lines.push_back(de("Blatt „") + sheet_name(sh) +
                                    de("“ entfernt: Zeilen/Spalten anderer Gebiete ließen sich nicht einzeln "
                                       "entfernen (z. B. verbundene Zellen über mehrere Gebiete)."));
        }
    }
    std::vector<OUString> to_remove;
    for (sal_Int32 i = 0; i < nsheets; ++i)
        if (!keep[static_cast<std::size_t>(i)] || failed[static_cast<std::size_t>(i)])
            to_remove.push_back(sheet_name(sheet_at(sheets, i)));
    for (const auto& name : to_remove) named_sheets->removeByName(name);
    if (sheets->getCount() == 0) fail(de("Weitergabe: nach dem Entfernen bliebe kein Blatt übrig"));

    // 6. Names, comments, drawings, validation, print ranges, document properties.
    const sal_Int32 nnames = remove_named_ranges(doc);
    Cleaned cleaned;
    std::set<OUString> keep_charts;
    for (const auto& c : plan.charts)
        if (c.keep) keep_charts.insert(ou(c.name));
    // A sheet whose rows could not be removed one by one went as a whole: a chart that reads it goes too.
    for (const auto& ch : wb.charts)
        for (const auto& r : ch.reads)
            if (r.sheet >= 0 && r.sheet < nsheets && failed[static_cast<std::size_t>(r.sheet)] &&
                keep_charts.erase(ou(ch.name)) > 0)
                failure_lines.push_back(de("Diagramm „") + ou(ch.name) +
                                        de("“ doch entfernt: es liest ein Blatt, das ganz entfernt wurde."));
    for (sal_Int32 i = 0; i < sheets->getCount(); ++i) {
        auto sh = sheet_at(sheets, i);
        const auto map = keep_map.find(sheet_name(sh));
        const Cleaned c = clean_sheet(doc, sh, keep_charts,
                                      map == keep_map.end() ? std::map<OUString, MapFill>() : map->second);
        cleaned.comments += c.comments;
        cleaned.charts += c.charts;
        cleaned.kept_charts += c.kept_charts;
        cleaned.shapes += c.shapes;
        cleaned.kept_map += c.kept_map;
    }
    const OUString title =
        per_area ? de("Weitergabe für Sozialraum ") + chosen.id : OUString(de("Öffentliche Fassung"));
    neutral_properties(doc, title);

    // 7. Notes sheet.
    std::vector<OUString> notes;
    notes.push_back(kNotesSheet);
    notes.push_back("Quelle: " + source);
    notes.push_back("Erstellt am: " + today());
    if (per_area) {
        notes.push_back(de("Fassung für Sozialraum ") + chosen.id +
                        (chosen.name.isEmpty() ? OUString() : ": " + chosen.name));
        notes.push_back(
            de("Nur für die Städte und Gemeinden dieses Sozialraums (Sozialraumgespräch). Sie enthält die "
               "Werte dieses Sozialraums und seiner Gemeinden, den Landkreis als Bezug und – wo vorhanden – "
               "die öffentlichen Klassen aller Sozialräume."));
    } else {
        notes.push_back(
            de("Öffentliche Fassung: nur Klassen und Farben, keine Werte, keine Rangfolge, kein Indexwert."));
    }
    notes.push_back(OUString());
    notes.push_back("Was entfernt wurde und warum");
    for (const auto& l : plan.notes) notes.push_back(ou(l));
    for (const auto& l : failure_lines) notes.push_back(l);
    if (per_area) {
        notes.push_back(de(
            "Planungsräume, die außer diesem Sozialraum weitere enthalten, und Teile des Landkreises "
            "(z. B. „Landkreis Süd“) wurden entfernt: aus ihnen und den eigenen Werten ließen sich die Werte "
            "der anderen Sozialräume zurückrechnen. Zeilen oder Spalten mit unbekannter Gebietskennung "
            "wurden "
            "ebenfalls entfernt."));
        notes.push_back("Kleine Fallzahlen: Anzahlen von 1 bis unter " + number_key(wb.threshold) +
                        de(" sind durch „.“ ersetzt (") + OUString::number(plan.suppressed_count) +
                        " Zellen; Zahlenwert geheim zu halten, wie in der amtlichen Statistik).");
    }
    notes.push_back(OUString::number(formulas) +
                    " Formeln durch ihre Werte ersetzt: die Datei braucht kein Add-in "
                    "und rechnet nicht neu.");
    notes.push_back(OUString::number(cleaned.charts) + " Diagramme entfernt, " +
                    OUString::number(cleaned.kept_charts) +
                    de(" behalten: ein Diagramm bleibt nur, wenn alle Zellen, die es liest, unverändert in "
                       "dieser Kopie stehen (einzeln oben aufgeführt). ") +
                    (cleaned.kept_map > 0
                         ? OUString::number(cleaned.kept_map) + de(" Zeichenobjekte der Karte behalten; ")
                         : OUString()) +
                    (cleaned.kept_map > 0 ? OUString("alle anderen") : OUString("Alle anderen")) +
                    " Zeichenobjekte entfernt (" + OUString::number(cleaned.shapes) + ").");
    notes.push_back(
        "Benannte Bereiche (" + OUString::number(nnames) + "), Kommentare (" +
        OUString::number(cleaned.comments) +
        de("), Gültigkeitsprüfungen und Auswahllisten, Druckbereiche "
           "und Dokumenteigenschaften entfernt; bedingte Formatierungen als feste Zellvorlagen übernommen."));
    if (unbaked > 0)
        notes.push_back(OUString::number(unbaked) +
                        de(" Zellen mit bedingter Formatierung, deren Bedingung sich nicht "
                           "auswerten ließ, zeigen ihre Grundformatierung."));
    notes.push_back(
        de("Erstellt mit der Weitergabe des ISP-Add-ins; ihre Regeln beschreibt die Anleitung zu den "
           "Vorlagen im Abschnitt „Sicher weitergeben“."));
    add_notes_sheet(doc, notes, kNotesSheet);
    // The per-area and public copies stay unprotected: they are the recipient's own files.
    store(context, doc, target_url, filter);

    OUStringBuffer b;
    b.append((per_area ? de("Weitergabe für Sozialraum ") + chosen.id : OUString(de("Öffentliche Fassung"))) +
             de(" von „") + source + de("“ geschrieben: ") + file_name_of(target_url));
    for (std::size_t i = 6; i < notes.size(); ++i) b.append("\n").append(notes[i]);
    for (const auto& l : lines) b.append("\n").append(l);
    return b.makeStringAndClear();
}

}  // namespace isp::weitergabe
