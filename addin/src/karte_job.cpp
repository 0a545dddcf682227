// The live colours of the map of the Sozialräume (docs/karte.md): the job de.sozialplanung.isp.KarteJob runs
// on every opened document (Jobs.xcu, event OnLoadFinished: OnLoad is not sent for documents opened hidden)
// and when the map driver calls it (addin/tools/karte.py). In a spreadsheet with the named ranges
// ISP_Karte_Klassen and ISP_Karte_Legende it colours the shapes ISP_Karte_SR_<id> once and registers a modify
// listener on the class cells, so that each recalculation that changes a class recolours the map. Calc calls
// range modify listeners after the change is complete (its deferred UNO listener calls), so the cells read
// here hold the new classes.
//
// The rule, here and nowhere else: class label of Sozialraum <id> (ISP_Karte_Klassen: "SR <id>" | name |
// class) → the legend cell with that label (ISP_Karte_Legende) → the background colour of that cell's style
// ("ISP Klasse 1" …). A label without a legend cell ("k. A.") is hatched. Only shapes whose fill differs are
// set.
#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/drawing/FillStyle.hpp>
#include <com/sun/star/drawing/Hatch.hpp>
#include <com/sun/star/drawing/HatchStyle.hpp>
#include <com/sun/star/drawing/XDrawPages.hpp>
#include <com/sun/star/drawing/XDrawPagesSupplier.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangeReferrer.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/style/XStyleFamiliesSupplier.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/task/XJob.hpp>
#include <com/sun/star/text/XText.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <com/sun/star/util/XModifyBroadcaster.hpp>
#include <com/sun/star/util/XModifyListener.hpp>
#include <cppuhelper/implbase1.hxx>
#include <cppuhelper/implbase2.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <cppuhelper/weakref.hxx>
#include <map>
#include <mutex>
#include <vector>

namespace {

namespace uno = css::uno;
namespace beans = css::beans;
using rtl::OUString;
using uno::Reference;
using uno::UNO_QUERY;
using uno::UNO_QUERY_THROW;

constexpr const char* kImplementation = "de.sozialplanung.isp.KarteJobImpl";
constexpr const char* kService = "de.sozialplanung.isp.KarteJob";
const OUString kPrefix = "ISP_Karte_";

// The cells a named range of the document refers to; empty when the document has no such name.
Reference<css::table::XCellRange> named_cells(const Reference<uno::XInterface>& doc, const OUString& name) {
    Reference<beans::XPropertySet> props(doc, UNO_QUERY);
    if (!props.is()) return {};
    Reference<css::container::XNameAccess> names;
    props->getPropertyValue("NamedRanges") >>= names;
    if (!names.is() || !names->hasByName(name)) return {};
    Reference<css::sheet::XCellRangeReferrer> ref(names->getByName(name), UNO_QUERY);
    return ref.is() ? ref->getReferredCells() : Reference<css::table::XCellRange>();
}

bool has_map(const Reference<uno::XInterface>& doc) {
    return Reference<css::sheet::XSpreadsheetDocument>(doc, UNO_QUERY).is() &&
           named_cells(doc, kPrefix + "Klassen").is() && named_cells(doc, kPrefix + "Legende").is();
}

// Sets the fill of the map's Sozialraum shapes from the class cells; returns the number of shapes changed.
sal_Int32 colour(const Reference<uno::XInterface>& doc) {
    const auto classes = named_cells(doc, kPrefix + "Klassen");
    const auto legend = named_cells(doc, kPrefix + "Legende");
    if (!classes.is() || !legend.is()) return 0;
    // Legend: label → colour of its cell style.
    Reference<css::style::XStyleFamiliesSupplier> families(doc, UNO_QUERY_THROW);
    Reference<css::container::XNameAccess> styles(families->getStyleFamilies()->getByName("CellStyles"),
                                                  UNO_QUERY_THROW);
    std::map<OUString, sal_Int32> colours;
    const auto legend_rows =
        Reference<css::sheet::XCellRangeAddressable>(legend, UNO_QUERY_THROW)->getRangeAddress();
    for (sal_Int32 r = 0; r <= legend_rows.EndRow - legend_rows.StartRow; ++r) {
        Reference<css::text::XText> text(legend->getCellByPosition(0, r), UNO_QUERY_THROW);
        Reference<beans::XPropertySet> cell(text, UNO_QUERY_THROW);
        OUString style;
        cell->getPropertyValue("CellStyle") >>= style;
        sal_Int32 colour = -1;
        if (!text->getString().isEmpty() && styles->hasByName(style)) {
            Reference<beans::XPropertySet>(styles->getByName(style), UNO_QUERY_THROW)
                ->getPropertyValue("CellBackColor") >>= colour;
            if (colour >= 0) colours[text->getString()] = colour;
        }
    }
    // Classes: Sozialraum id → label.
    std::map<OUString, OUString> by_area;
    const auto rows = Reference<css::sheet::XCellRangeData>(classes, UNO_QUERY_THROW)->getDataArray();
    for (const auto& row : rows) {
        OUString area, label;
        if (row.getLength() < 3 || !(row[0] >>= area) || !area.startsWith("SR ")) continue;
        row[2] >>= label;
        by_area[area.copy(3).trim()] = label;
    }
    // The shapes on the sheet of the class cells.
    const sal_Int32 sheet_index =
        Reference<css::sheet::XCellRangeAddressable>(classes, UNO_QUERY_THROW)->getRangeAddress().Sheet;
    Reference<css::drawing::XDrawPagesSupplier> pages(doc, UNO_QUERY_THROW);
    Reference<css::container::XIndexAccess> page(pages->getDrawPages()->getByIndex(sheet_index),
                                                 UNO_QUERY_THROW);
    const OUString sr = kPrefix + "SR_";
    sal_Int32 changed = 0;
    for (sal_Int32 i = 0; i < page->getCount(); ++i) {
        Reference<css::container::XNamed> named(page->getByIndex(i), UNO_QUERY);
        if (!named.is() || !named->getName().startsWith(sr)) continue;
        Reference<beans::XPropertySet> shape(named, UNO_QUERY_THROW);
        const auto label = by_area.find(named->getName().copy(sr.getLength()));
        const auto colour = label == by_area.end() ? colours.end() : colours.find(label->second);
        css::drawing::FillStyle style = css::drawing::FillStyle_NONE;
        shape->getPropertyValue("FillStyle") >>= style;
        if (colour != colours.end()) {
            sal_Int32 now = -1;
            shape->getPropertyValue("FillColor") >>= now;
            if (style == css::drawing::FillStyle_SOLID && now == colour->second) continue;
            shape->setPropertyValue("FillStyle", uno::Any(css::drawing::FillStyle_SOLID));
            shape->setPropertyValue("FillColor", uno::Any(colour->second));
        } else {
            if (style == css::drawing::FillStyle_HATCH) continue;
            css::drawing::Hatch hatch;
            hatch.Style = css::drawing::HatchStyle_SINGLE;
            hatch.Color = 0x808080;
            hatch.Distance = 120;
            hatch.Angle = 450;
            shape->setPropertyValue("FillStyle", uno::Any(css::drawing::FillStyle_HATCH));
            shape->setPropertyValue("FillHatch", uno::Any(hatch));
            shape->setPropertyValue("FillBackground", uno::Any(true));
            shape->setPropertyValue("FillColor", uno::Any(sal_Int32(0xFFFFFF)));
        }
        ++changed;
    }
    return changed;
}

// Recolours its document after each change of the class cells. Setting shape properties does not change
// the cells, so it does not call back; the flag guards against a recursion all the same.
class Listener : public cppu::WeakImplHelper1<css::util::XModifyListener> {
public:
    explicit Listener(const Reference<uno::XInterface>& doc) : doc_(doc) {}

    void SAL_CALL modified(const css::lang::EventObject&) override {
        if (busy_) return;
        busy_ = true;
        try {
            const Reference<uno::XInterface> doc(doc_);
            if (doc.is()) colour(doc);
        } catch (const uno::Exception&) {
            // A half-edited sheet (named range deleted, style removed): the map keeps its colours.
        }
        busy_ = false;
    }
    void SAL_CALL disposing(const css::lang::EventObject&) override {}

private:
    uno::WeakReference<uno::XInterface> doc_;
    bool busy_ = false;
};

// Documents with a listener already (the job runs on load and again when the driver calls it).
std::mutex registered_mutex;
std::vector<uno::WeakReference<uno::XInterface>> registered;

void listen(const Reference<uno::XInterface>& doc) {
    std::lock_guard<std::mutex> lock(registered_mutex);
    for (auto it = registered.begin(); it != registered.end();) {
        const Reference<uno::XInterface> d(*it);
        if (!d.is()) {
            it = registered.erase(it);
            continue;
        }
        if (d == doc) return;
        ++it;
    }
    Reference<css::util::XModifyBroadcaster> cells(named_cells(doc, kPrefix + "Klassen"), UNO_QUERY);
    if (!cells.is()) return;
    cells->addModifyListener(new Listener(doc));
    registered.emplace_back(doc);
}

class KarteJob : public cppu::WeakImplHelper2<css::task::XJob, css::lang::XServiceInfo> {
public:
    // Arguments: "Environment" → "Model" (as the job executor passes it) or "Model" directly. Returns the
    // number of shapes recoloured (void for a document without a map).
    uno::Any SAL_CALL execute(const uno::Sequence<beans::NamedValue>& arguments) override {
        Reference<uno::XInterface> model;
        for (const auto& a : arguments) {
            if (a.Name == "Model") a.Value >>= model;
            uno::Sequence<beans::NamedValue> environment;
            if (a.Name == "Environment" && (a.Value >>= environment))
                for (const auto& e : environment)
                    if (e.Name == "Model") e.Value >>= model;
        }
        try {
            if (!model.is() || !has_map(model)) return {};
            listen(model);
            return uno::Any(colour(model));
        } catch (const uno::Exception&) {
            return {};  // a document the map cannot read: opening it must not fail because of the map
        }
    }

    OUString SAL_CALL getImplementationName() override { return OUString::createFromAscii(kImplementation); }
    sal_Bool SAL_CALL supportsService(const OUString& name) override {
        return cppu::supportsService(this, name);
    }
    uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override {
        uno::Sequence<OUString> names(2);
        names[0] = OUString::createFromAscii(kService);
        names[1] = "com.sun.star.task.Job";
        return names;
    }
};

}  // namespace

// The constructor function named in isp.components (third implementation of the same library).
extern "C" SAL_DLLPUBLIC_EXPORT uno::XInterface* de_sozialplanung_isp_KarteJobImpl_get_implementation(
    uno::XComponentContext*, uno::Sequence<uno::Any> const&) {
    try {
        return cppu::acquire(static_cast<cppu::OWeakObject*>(new KarteJob()));
    } catch (...) {
        return nullptr;
    }
}
