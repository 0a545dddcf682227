// The UNO service de.sozialplanung.isp.DatenImport (implementation de.sozialplanung.isp.DatenImportImpl): the
// menu command "Sozialplanung > Daten importieren ..." (addin/ui/DatenImport.bas) calls it. It reads the OPEN
// document's state through UNO, calls the same pure planner as the CLI (addin/import/daten_import.hpp:
// choose_targets, parse_mapping, parse_area_changes, plan_import) and carries out the plan in the document as
// one undo step. The layout it reads (Gebiete, Indikatoren, Werte A–F with their comments) is the one
// addin/tools/daten_import.py reads for the CLI; docs/import.md. Only the declared exceptions leave it, with
// German messages.
#include <osl/thread.h>

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/document/XUndoManager.hpp>
#include <com/sun/star/document/XUndoManagerSupplier.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/XComponentLoader.hpp>
#include <com/sun/star/frame/XDesktop2.hpp>
#include <com/sun/star/io/IOException.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangeReferrer.hpp>
#include <com/sun/star/sheet/XSheetAnnotation.hpp>
#include <com/sun/star/sheet/XSheetAnnotations.hpp>
#include <com/sun/star/sheet/XSheetAnnotationsSupplier.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/table/CellAddress.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/table/XColumnRowRange.hpp>
#include <com/sun/star/table/XTableRows.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <com/sun/star/uno/RuntimeException.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <com/sun/star/util/NumberFormat.hpp>
#include <com/sun/star/util/XCloseable.hpp>
#include <com/sun/star/util/XNumberFormats.hpp>
#include <com/sun/star/util/XNumberFormatsSupplier.hpp>
#include <cppuhelper/implbase2.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <de/sozialplanung/isp/XDatenImport.hpp>
#include <exception>
#include <fstream>
#include <map>
#include <new>
#include <optional>
#include <osl/file.hxx>
#include <rtl/uri.hxx>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "daten_import.hpp"
#include "isp/error.hpp"
#include "weitergabe.hpp"

namespace {

namespace uno = css::uno;
namespace lang = css::lang;
namespace sheet = css::sheet;
namespace table = css::table;
namespace beans = css::beans;
namespace container = css::container;
using rtl::OUString;
using uno::Reference;
using uno::UNO_QUERY;
using uno::UNO_QUERY_THROW;
namespace di = isp::daten;

constexpr const char* kImplementation = "de.sozialplanung.isp.DatenImportImpl";
constexpr const char* kService = "de.sozialplanung.isp.DatenImport";
// The title of the undo step (Bearbeiten ▸ Rückgängig: Daten importieren).
constexpr const char* kUndoTitle = "Daten importieren";
// The first line of a check's report (Prüfen): what follows is what "Übernehmen" would do.
constexpr const char* kChecked =
    "Nur geprüft: an der Arbeitsmappe wurde nichts geändert. „Übernehmen“ trägt Folgendes ein:";

// The blocks of the templates (templates/isp_templates/common.py; the same defaults as
// addin/tools/daten_import.py: W0/W1, G0/G1, I0/I1); Werte and Gebiete follow the template's named ranges.
constexpr sal_Int32 kWerteFirst = 6;
constexpr sal_Int32 kWerteLast = 4005;
constexpr sal_Int32 kGebieteFirst = 6;
constexpr sal_Int32 kGebieteLast = 65;
constexpr sal_Int32 kIndikatorenFirst = 6;
constexpr sal_Int32 kIndikatorenLast = 85;
// The list on the sheet Reihenbrüche (t_sozialstrukturatlas.py: BRUCH0, BRUCH_ROWS; named range Bruch_Nr).
constexpr sal_Int32 kBruchFirst = 7;
constexpr sal_Int32 kBruchLast = 26;

OUString utf8(const std::string& text) {
    return OUString(text.data(), static_cast<sal_Int32>(text.size()), RTL_TEXTENCODING_UTF8);
}

std::string to_std(const OUString& text) {
    return rtl::OUStringToOString(text, RTL_TEXTENCODING_UTF8).getStr();
}

// A refusal of the call: nothing was changed.
struct Refused {
    std::string message;
};

// The file behind a file URL (the dialog converts paths with ConvertToURL).
std::string system_path(const OUString& url, const char* what) {
    OUString path;
    if (osl::FileBase::getSystemPathFromFileURL(url, path) != osl::FileBase::E_None) {
        throw Refused{std::string(what) + " „" + to_std(url) + "“ ist keine lokale Datei."};
    }
    return rtl::OUStringToOString(path, osl_getThreadTextEncoding()).getStr();
}

std::string file_name(const OUString& url) {
    const OUString decoded = rtl::Uri::decode(url, rtl_UriDecodeWithCharset, RTL_TEXTENCODING_UTF8);
    return to_std(decoded.copy(decoded.lastIndexOf('/') + 1));
}

std::string read_file(const OUString& url, const char* what) {
    const std::string path = system_path(url, what);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Refused{std::string(what) + " „" + file_name(url) + "“ lässt sich nicht lesen."};
    }
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

bool is_spreadsheet(const OUString& url) {
    const OUString lower = url.toAsciiLowerCase();
    return lower.endsWith(".xlsx") || lower.endsWith(".xls") || lower.endsWith(".ods");
}

void close_document(const Reference<uno::XInterface>& doc) {
    try {
        Reference<css::util::XCloseable> closeable(doc, UNO_QUERY);
        if (closeable.is()) {
            closeable->close(true);
        }
    } catch (const uno::Exception&) {
        // closing a hidden read-only copy cannot lose anything
    }
}

// The first sheet of a spreadsheet table (the Bundesagentur's XLSX), loaded hidden and read-only, as the text
// the parser reads (di::sheet_as_text).
std::string spreadsheet_text(const Reference<uno::XComponentContext>& context, const OUString& url) {
    const Reference<css::frame::XDesktop2> desktop = css::frame::Desktop::create(context);
    uno::Sequence<beans::PropertyValue> args(2);
    args.getArray()[0].Name = "Hidden";
    args.getArray()[0].Value <<= true;
    args.getArray()[1].Name = "ReadOnly";
    args.getArray()[1].Value <<= true;
    Reference<lang::XComponent> loaded;
    try {
        loaded = desktop->loadComponentFromURL(url, "_blank", 0, args);
    } catch (const uno::Exception& e) {
        isp::weitergabe::log_detail("Daten importieren", e.Message);
    }
    Reference<sheet::XSpreadsheetDocument> doc(loaded, UNO_QUERY);
    if (!doc.is()) {
        close_document(loaded);
        throw Refused{"„" + file_name(url) + "“ ließ sich nicht als Tabelle öffnen."};
    }
    try {
        Reference<container::XIndexAccess> sheets(doc->getSheets(), UNO_QUERY_THROW);
        Reference<sheet::XSpreadsheet> sh(sheets->getByIndex(0), UNO_QUERY_THROW);
        Reference<sheet::XSheetCellCursor> cursor = sh->createCursor();
        Reference<sheet::XUsedAreaCursor>(cursor, UNO_QUERY_THROW)->gotoEndOfUsedArea(false);
        const table::CellRangeAddress used =
            Reference<sheet::XCellRangeAddressable>(cursor, UNO_QUERY_THROW)->getRangeAddress();
        const auto data = Reference<sheet::XCellRangeData>(
                              sh->getCellRangeByPosition(0, 0, used.EndColumn, used.EndRow), UNO_QUERY_THROW)
                              ->getDataArray();
        std::vector<std::vector<di::SheetCell>> rows;
        for (const auto& line : data) {
            std::vector<di::SheetCell> row;
            for (const auto& value : line) {
                di::SheetCell cell;
                double number = 0;
                OUString text;
                if (value >>= number) {
                    cell.number = number;
                } else if (value >>= text) {
                    cell.text = to_std(text);
                }
                row.push_back(std::move(cell));
            }
            rows.push_back(std::move(row));
        }
        // The last number of each column tells whether the column holds dates.
        std::vector<bool> dates(static_cast<std::size_t>(used.EndColumn + 1), false);
        const Reference<css::util::XNumberFormats> formats =
            Reference<css::util::XNumberFormatsSupplier>(doc, UNO_QUERY_THROW)->getNumberFormats();
        for (sal_Int32 c = 0; c <= used.EndColumn; ++c) {
            for (std::size_t r = rows.size(); r-- > 0;) {
                if (static_cast<std::size_t>(c) < rows[r].size() &&
                    rows[r][static_cast<std::size_t>(c)].number) {
                    sal_Int32 key = 0;
                    Reference<beans::XPropertySet>(sh->getCellByPosition(c, static_cast<sal_Int32>(r)),
                                                   UNO_QUERY_THROW)
                        ->getPropertyValue("NumberFormat") >>= key;
                    sal_Int16 type = 0;
                    formats->getByKey(key)->getPropertyValue("Type") >>= type;
                    dates[static_cast<std::size_t>(c)] = (type & css::util::NumberFormat::DATE) != 0;
                    break;
                }
            }
        }
        close_document(loaded);
        return di::sheet_as_text(rows, dates);
    } catch (...) {
        close_document(loaded);
        throw;
    }
}

di::Table read_table(const Reference<uno::XComponentContext>& context, const OUString& url) {
    if (url.isEmpty()) {
        throw Refused{"Bitte die Datei mit den Daten wählen."};
    }
    const std::string bytes = is_spreadsheet(url) ? spreadsheet_text(context, url) : read_file(url, "Datei");
    return di::parse_genesis_csv(bytes);
}

// ---- The document's state (as addin/tools/daten_import.py reads it) --------------------------------------

Reference<sheet::XSpreadsheet> sheet_named(const Reference<css::frame::XModel>& document, const char* name) {
    Reference<sheet::XSpreadsheetDocument> doc(document, UNO_QUERY);
    if (!doc.is()) {
        throw Refused{"Der Import arbeitet mit einer geöffneten Calc-Arbeitsmappe."};
    }
    const Reference<container::XNameAccess> sheets(doc->getSheets(), UNO_QUERY_THROW);
    if (!sheets->hasByName(utf8(name))) {
        throw Refused{std::string("Die Arbeitsmappe hat kein Blatt „") + name +
                      "“: keine ISP-Vorlage (Blätter Gebiete, Indikatoren, Werte nötig)."};
    }
    return Reference<sheet::XSpreadsheet>(sheets->getByName(utf8(name)), UNO_QUERY_THROW);
}

// First and last row (1-based) of a named range of the template's Weitergabe description
// (ISP_WG_ZEILEN_Werte, ISP_WG_GEBIETE); the default when the name is missing or not a plain reference.
std::pair<sal_Int32, sal_Int32> named_rows(const Reference<css::frame::XModel>& document, const char* name,
                                           std::pair<sal_Int32, sal_Int32> fallback) {
    try {
        Reference<beans::XPropertySet> props(document, UNO_QUERY_THROW);
        Reference<container::XNameAccess> names(props->getPropertyValue("NamedRanges"), UNO_QUERY_THROW);
        if (names->hasByName(OUString::createFromAscii(name))) {
            Reference<sheet::XCellRangeReferrer> referrer(names->getByName(OUString::createFromAscii(name)),
                                                          UNO_QUERY_THROW);
            Reference<sheet::XCellRangeAddressable> cells(referrer->getReferredCells(), UNO_QUERY);
            if (cells.is()) {
                const auto a = cells->getRangeAddress();
                return {a.StartRow + 1, a.EndRow + 1};
            }
        }
    } catch (const uno::Exception&) {
        // not a plain reference: the template's default layout
    }
    return fallback;
}

uno::Sequence<uno::Sequence<uno::Any>> data_of(const Reference<sheet::XSpreadsheet>& sh, sal_Int32 first_col,
                                               sal_Int32 first_row, sal_Int32 last_col, sal_Int32 last_row) {
    return Reference<sheet::XCellRangeData>(
               sh->getCellRangeByPosition(first_col, first_row - 1, last_col, last_row - 1), UNO_QUERY_THROW)
        ->getDataArray();
}

std::optional<double> number_of(const uno::Any& value) {
    double d = 0;
    if (value >>= d) {
        return d;
    }
    return std::nullopt;
}

std::string text_of(const uno::Any& value) {
    OUString s;
    value >>= s;
    return to_std(s);
}

// A key cell as text: numbers as their integer text (a Gemeinde-ID typed as a number).
std::string key_text(const uno::Any& value) {
    if (const auto d = number_of(value)) {
        char buf[40];
        if (*d == static_cast<double>(static_cast<long long>(*d))) {
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(*d));
        } else {
            std::snprintf(buf, sizeof buf, "%.17g", *d);
        }
        return buf;
    }
    std::string s = text_of(value);
    const auto b = s.find_first_not_of(" \t");
    const auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::map<std::pair<sal_Int32, sal_Int32>, std::string> comments_by_cell(
    const Reference<sheet::XSpreadsheet>& sh) {
    std::map<std::pair<sal_Int32, sal_Int32>, std::string> out;
    const Reference<container::XIndexAccess> anns(
        Reference<sheet::XSheetAnnotationsSupplier>(sh, UNO_QUERY_THROW)->getAnnotations(), UNO_QUERY_THROW);
    for (sal_Int32 i = 0; i < anns->getCount(); ++i) {
        Reference<sheet::XSheetAnnotation> a(anns->getByIndex(i), UNO_QUERY_THROW);
        const table::CellAddress pos = a->getPosition();
        out[{pos.Row, pos.Column}] =
            to_std(Reference<css::text::XTextRange>(a, UNO_QUERY_THROW)->getString());
    }
    return out;
}

struct State {
    std::vector<di::Area> areas;
    std::map<int, std::string> arts;  // Indikator-Nr. → Art
    std::vector<di::WerteRow> werte;
    std::vector<int> free_rows;
    di::BreakList breaks;
};

bool has_sheet(const Reference<css::frame::XModel>& document, const char* name) {
    const Reference<container::XNameAccess> sheets(
        Reference<sheet::XSpreadsheetDocument>(document, UNO_QUERY_THROW)->getSheets(), UNO_QUERY_THROW);
    return sheets->hasByName(utf8(name));
}

// The list of series breaks (A–E) when the workbook has the sheet Reihenbrüche.
di::BreakList read_breaks(const Reference<css::frame::XModel>& document) {
    di::BreakList out;
    if (!has_sheet(document, di::kBreakSheet)) {
        return out;
    }
    out.present = true;
    const auto sh = sheet_named(document, di::kBreakSheet);
    const auto [b0, b1] = named_rows(document, "Bruch_Nr", {kBruchFirst, kBruchLast});
    const auto data = data_of(sh, 0, b0, 4, b1);
    for (sal_Int32 i = 0; i < data.getLength(); ++i) {
        const auto& row = data[i];
        bool empty = true;
        for (const auto& v : row) {
            empty = empty && !number_of(v) && text_of(v).empty();
        }
        if (empty) {
            out.free_rows.push_back(b0 + i);
            continue;
        }
        di::BreakRow b;
        b.row = b0 + i;
        if (const auto nr = number_of(row[0])) {
            b.indicator = static_cast<int>(*nr);
        }
        b.area = key_text(row[1]);
        if (const auto y = number_of(row[2])) {
            b.year = static_cast<int>(*y);
        }
        out.rows.push_back(std::move(b));
    }
    return out;
}

State read_state(const Reference<css::frame::XModel>& document) {
    State s;
    const auto gebiete = sheet_named(document, "Gebiete");
    const auto indikatoren = sheet_named(document, "Indikatoren");
    const auto werte = sheet_named(document, "Werte");
    const auto [g0, g1] = named_rows(document, "ISP_WG_GEBIETE", {kGebieteFirst, kGebieteLast});
    for (const auto& row : data_of(gebiete, 0, g0, 1, g1)) {
        const std::string id = key_text(row[0]);
        if (!id.empty()) {
            s.areas.push_back({id, text_of(row[1])});
        }
    }
    for (const auto& row : data_of(indikatoren, 0, kIndikatorenFirst, 5, kIndikatorenLast)) {
        if (const auto nr = number_of(row[0])) {
            s.arts[static_cast<int>(*nr)] = key_text(row[5]);
        }
    }
    const auto notes = comments_by_cell(werte);
    const auto [w0, w1] = named_rows(document, "ISP_WG_ZEILEN_Werte", {kWerteFirst, kWerteLast});
    const auto data = data_of(werte, 0, w0, 5, w1);
    for (sal_Int32 i = 0; i < data.getLength(); ++i) {
        const auto& row = data[i];
        const int r = w0 + i;
        bool empty = true;
        for (const auto& v : row) {
            empty = empty && !number_of(v) && text_of(v).empty();
        }
        if (empty) {
            s.free_rows.push_back(r);
            continue;
        }
        const std::string gid = key_text(row[1]);
        if (gid.empty()) {
            continue;
        }
        di::WerteRow w;
        w.row = r;
        if (const auto y = number_of(row[0])) {
            w.year = static_cast<int>(*y);
        }
        w.area = gid;
        if (const auto ind = number_of(row[2])) {
            w.indicator = static_cast<int>(*ind);
        }
        for (sal_Int32 k = 0; k < 3; ++k) {
            auto& cell = w.cells[static_cast<std::size_t>(k)];
            cell.number = number_of(row[3 + k]);
            if (!cell.number) {
                cell.text = text_of(row[3 + k]);
            }
            const auto note = notes.find({r - 1, 3 + k});
            if (note != notes.end()) {
                cell.comment = note->second;
            }
        }
        s.werte.push_back(std::move(w));
    }
    s.breaks = read_breaks(document);
    return s;
}

// ---- Carrying out the plan -------------------------------------------------------------------------------

void set_text(const Reference<table::XCell>& cell, const std::string& text) {
    Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->setString(utf8(text));
}

// Applies the plan to the Werte sheet (input columns A–F and their comments only); `written` counts the cells
// and rows changed so far (also when a change fails midway).
void apply_plan(const Reference<sheet::XSpreadsheet>& werte, const di::Plan& plan, sal_Int16 sheet_index,
                int& written) {
    for (const auto& n : plan.new_rows) {
        const sal_Int32 r = n.row - 1;
        werte->getCellByPosition(0, r)->setValue(n.year);
        set_text(werte->getCellByPosition(1, r), n.area);  // text: AGS-like IDs keep their leading zeros
        werte->getCellByPosition(2, r)->setValue(n.indicator);
        ++written;
    }
    const Reference<sheet::XSheetAnnotations> anns =
        Reference<sheet::XSheetAnnotationsSupplier>(werte, UNO_QUERY_THROW)->getAnnotations();
    for (const auto& w : plan.writes) {
        const sal_Int32 r = w.row - 1;
        const auto c = static_cast<sal_Int32>(w.field);
        const Reference<table::XCell> cell = werte->getCellByPosition(c, r);
        if (w.number) {
            cell->setValue(*w.number);
        } else {
            set_text(cell, "");  // missing: an empty cell, never 0
        }
        if (w.comment_action != di::CommentAction::Keep) {
            const Reference<container::XIndexAccess> index(anns, UNO_QUERY_THROW);
            for (sal_Int32 i = index->getCount(); i-- > 0;) {
                const table::CellAddress pos =
                    Reference<sheet::XSheetAnnotation>(index->getByIndex(i), UNO_QUERY_THROW)->getPosition();
                if (pos.Row == r && pos.Column == c) {
                    anns->removeByIndex(i);
                }
            }
            if (w.comment_action == di::CommentAction::Set && !w.comment.empty()) {
                anns->insertNew(table::CellAddress(sheet_index, c, r), utf8(w.comment));
            }
        }
        ++written;
    }
}

// Enters the plan's rows of the sheet Reihenbrüche (input columns A–E).
void apply_breaks(const Reference<sheet::XSpreadsheet>& sh, const di::Plan& plan, int& written) {
    for (const auto& b : plan.new_breaks) {
        const sal_Int32 r = b.row - 1;
        sh->getCellByPosition(0, r)->setValue(b.indicator);
        set_text(sh->getCellByPosition(1, r), b.area);
        sh->getCellByPosition(2, r)->setValue(b.year);
        set_text(sh->getCellByPosition(3, r), b.kind);
        set_text(sh->getCellByPosition(4, r), b.note);
        // The row grows to show the wrapped Bemerkung whole (as addin/tools/daten_import.py does).
        const Reference<container::XIndexAccess> rows(
            Reference<table::XColumnRowRange>(sh, UNO_QUERY_THROW)->getRows(), UNO_QUERY_THROW);
        Reference<beans::XPropertySet>(rows->getByIndex(r), UNO_QUERY_THROW)
            ->setPropertyValue("OptimalHeight", uno::Any(true));
        ++written;
    }
}

sal_Int16 sheet_index_of(const Reference<css::frame::XModel>& document, const char* name) {
    const Reference<container::XNameAccess> sheets(
        Reference<sheet::XSpreadsheetDocument>(document, UNO_QUERY_THROW)->getSheets(), UNO_QUERY_THROW);
    const auto names = sheets->getElementNames();
    for (sal_Int32 i = 0; i < names.getLength(); ++i) {
        if (names[i].equalsAscii(name)) {
            return static_cast<sal_Int16>(i);
        }
    }
    return 0;
}

// XModel::lockControllers for a scope.
class ControllersLocked {
public:
    explicit ControllersLocked(Reference<css::frame::XModel> document) : document_(std::move(document)) {
        document_->lockControllers();
    }
    ~ControllersLocked() {
        try {
            document_->unlockControllers();
        } catch (...) {
            // a disposed document has no view to unlock
        }
    }
    ControllersLocked(const ControllersLocked&) = delete;
    ControllersLocked& operator=(const ControllersLocked&) = delete;

private:
    Reference<css::frame::XModel> document_;
};

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        out += (out.empty() ? "" : "\n") + l;
    }
    return out;
}

class DatenImport : public cppu::WeakImplHelper2<de::sozialplanung::isp::XDatenImport, lang::XServiceInfo> {
public:
    explicit DatenImport(Reference<uno::XComponentContext> context) : context_(std::move(context)) {}

    uno::Sequence<OUString> SAL_CALL listColumns(const OUString& file_url) override {
        try {
            const di::Table t = read_table(context_, file_url);
            uno::Sequence<OUString> out(static_cast<sal_Int32>(t.columns.size()));
            for (std::size_t c = 0; c < t.columns.size(); ++c) {
                out.getArray()[c] = utf8(std::to_string(c + 1) + "\t" + t.columns[c]);
            }
            return out;
        } catch (const Refused& r) {
            throw refusal(r.message);
        } catch (const isp::Error& e) {
            throw refusal(e.message_de());
        } catch (const uno::Exception& e) {
            isp::weitergabe::log_detail("Daten importieren", e.Message);
            throw refusal("Die Datei ließ sich nicht lesen.");
        } catch (...) {
            throw refusal("Interner Fehler beim Lesen der Datei.");
        }
    }

    OUString SAL_CALL importTable(const Reference<css::frame::XModel>& document, const OUString& file_url,
                                  sal_Int32 indicator, sal_Int32 year, const OUString& zaehler,
                                  const OUString& nenner, const OUString& wert, const OUString& mapping_url,
                                  const OUString& changes_url, sal_Bool apply) override {
        di::Plan plan;
        try {
            if (!document.is()) {
                throw Refused{"Der Import arbeitet mit einer geöffneten Calc-Arbeitsmappe."};
            }
            if (indicator <= 0) {
                throw Refused{"Bitte die Indikator-Nr. angeben (Blatt Indikatoren)."};
            }
            const di::Table t = read_table(context_, file_url);
            di::ImportSpec spec;
            spec.indicator = indicator;
            if (year > 0) {
                spec.year = year;
            }
            spec.source = file_name(file_url);
            const std::vector<di::Mapping> mapping =
                mapping_url.isEmpty()
                    ? std::vector<di::Mapping>()
                    : di::parse_mapping(read_file(mapping_url, "Zuordnungstabelle"), file_name(mapping_url));
            if (!changes_url.isEmpty()) {
                spec.changes =
                    di::parse_area_changes(read_file(changes_url, "Tabelle der Gebietsänderungen"));
            }
            const State state = read_state(document);
            const auto art = state.arts.find(indicator);
            spec.indicator_art = art == state.arts.end() ? std::string() : art->second;
            std::vector<di::ColumnChoice> choices;
            for (const auto& [field, selector] :
                 {std::pair{di::Field::Zaehler, zaehler}, std::pair{di::Field::Nenner, nenner},
                  std::pair{di::Field::Wert, wert}}) {
                if (!selector.trim().isEmpty()) {
                    choices.push_back({field, to_std(selector.trim())});
                }
            }
            spec.targets = di::choose_targets(t, choices, spec.indicator, spec.indicator_art);
            plan = di::plan_import(t, spec, state.areas, mapping, state.werte, state.free_rows, state.breaks);
        } catch (const Refused& r) {
            throw refusal(r.message);
        } catch (const isp::Error& e) {
            throw refusal(e.message_de());
        } catch (const lang::IllegalArgumentException&) {
            throw;
        } catch (const uno::Exception& e) {
            isp::weitergabe::log_detail("Daten importieren", e.Message);
            throw refusal("Die Arbeitsmappe oder die Datei ließ sich nicht lesen; es wurde nichts geändert.");
        } catch (const std::bad_alloc&) {
            throw refusal("Nicht genug Arbeitsspeicher; es wurde nichts geändert.");
        } catch (const std::exception& e) {
            throw refusal(std::string("Interner Fehler: ") + e.what() + "; es wurde nichts geändert.");
        }

        std::string report = joined(plan.report);
        const bool changes = !plan.writes.empty() || !plan.new_rows.empty() || !plan.new_breaks.empty();
        if (!apply) {
            return utf8(std::string(kChecked) + "\n\n" + report);
        }
        if (!changes) {
            return utf8(report);
        }
        apply_as_one_step(document, plan);
        return utf8(report + "\n\nÜbernommen in das Blatt Werte" +
                    (plan.new_breaks.empty() ? "" : " und das Blatt Reihenbrüche") +
                    " (ein Schritt: Bearbeiten ▸ Rückgängig nimmt den ganzen Import zurück).");
    }

    OUString SAL_CALL getImplementationName() override { return OUString::createFromAscii(kImplementation); }
    sal_Bool SAL_CALL supportsService(const OUString& name) override {
        return cppu::supportsService(this, name);
    }
    uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override {
        uno::Sequence<OUString> names(1);
        names.getArray()[0] = OUString::createFromAscii(kService);
        return names;
    }

private:
    lang::IllegalArgumentException refusal(const std::string& message) {
        return lang::IllegalArgumentException(utf8(message), static_cast<cppu::OWeakObject*>(this), 0);
    }

    // The plan as one undo step; on any failure the changes made so far are undone, so that the document is
    // as before (test hook: ISP_DATEN_IMPORT_ABBRUCH=nach-anwenden fails after every change is made).
    void apply_as_one_step(const Reference<css::frame::XModel>& document, const di::Plan& plan) {
        Reference<css::document::XUndoManager> undo;
        bool entered = false;
        int written = 0;
        try {
            undo =
                Reference<css::document::XUndoManagerSupplier>(document, UNO_QUERY_THROW)->getUndoManager();
            const auto werte = sheet_named(document, "Werte");
            undo->enterUndoContext(OUString::createFromAscii(kUndoTitle));
            entered = true;
            {
                // No repaint per cell while the plan is carried out (an open window redraws once at the end).
                const ControllersLocked locked(document);
                apply_plan(werte, plan, sheet_index_of(document, "Werte"), written);
                if (!plan.new_breaks.empty()) {
                    apply_breaks(sheet_named(document, di::kBreakSheet), plan, written);
                }
            }
            const char* hook = std::getenv("ISP_DATEN_IMPORT_ABBRUCH");
            if (hook != nullptr && std::strcmp(hook, "nach-anwenden") == 0) {
                throw std::runtime_error("Testabbruch nach dem Anwenden (ISP_DATEN_IMPORT_ABBRUCH)");
            }
            entered = false;
            undo->leaveUndoContext();
        } catch (...) {
            std::string detail = "unbekannt";
            try {
                throw;
            } catch (const uno::Exception& e) {
                isp::weitergabe::log_detail("Daten importieren", e.Message);
                detail = "LibreOffice hat die Änderung abgelehnt";
            } catch (const std::exception& e) {
                detail = e.what();
            } catch (...) {
            }
            bool restored = written == 0;
            try {
                if (entered) {
                    undo->leaveUndoContext();
                }
                if (written > 0 && undo.is() && undo->isUndoPossible() &&
                    undo->getCurrentUndoActionTitle() == OUString::createFromAscii(kUndoTitle)) {
                    undo->undo();
                    restored = true;
                }
            } catch (const uno::Exception& e) {
                isp::weitergabe::log_detail("Daten importieren (Rücknahme)", e.Message);
            }
            throw css::io::IOException(
                utf8("Der Import ist gescheitert (" + detail + "); " +
                     (restored ? std::string("die Arbeitsmappe ist unverändert.")
                               : std::string("die Änderungen ließen sich nicht vollständig zurücknehmen: die "
                                             "Arbeitsmappe bitte nicht speichern, sondern neu laden."))),
                static_cast<cppu::OWeakObject*>(this));
        }
    }

    Reference<uno::XComponentContext> context_;
};

}  // namespace

// The constructor function named in isp.components (third implementation of the same library).
extern "C" SAL_DLLPUBLIC_EXPORT uno::XInterface* de_sozialplanung_isp_DatenImportImpl_get_implementation(
    uno::XComponentContext* context, uno::Sequence<uno::Any> const&) {
    try {
        return cppu::acquire(static_cast<cppu::OWeakObject*>(new DatenImport(context)));
    } catch (...) {
        return nullptr;
    }
}
