// The UNO service de.sozialplanung.isp.Weitergabe (implementation de.sozialplanung.isp.WeitergabeImpl): the
// menu/dialog of the extension and scripts/weitergabe.sh call it. Only the declared exceptions leave it, with
// German messages; everything else is turned into one of them here.
#include <com/sun/star/io/IOException.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/uno/RuntimeException.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase3.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <cstring>
#include <de/sozialplanung/isp/XWeitergabe.hpp>
#include <de/sozialplanung/isp/XWeitergabeVorlage.hpp>
#include <exception>
#include <new>

#include "weitergabe.hpp"

namespace {

namespace uno = css::uno;
namespace lang = css::lang;
using rtl::OUString;

OUString utf8(const char* text) {
    return OUString(text, static_cast<sal_Int32>(std::strlen(text)), RTL_TEXTENCODING_UTF8);
}

constexpr const char* kImplementation = "de.sozialplanung.isp.WeitergabeImpl";
constexpr const char* kService = "de.sozialplanung.isp.Weitergabe";

class Weitergabe
    : public cppu::WeakImplHelper3<de::sozialplanung::isp::XWeitergabe,
                                   de::sozialplanung::isp::XWeitergabeVorlage, lang::XServiceInfo> {
public:
    explicit Weitergabe(uno::Reference<uno::XComponentContext> context) : context_(std::move(context)) {}

    uno::Sequence<OUString> SAL_CALL listAreas(const uno::Reference<css::frame::XModel>& document) override {
        try {
            const auto areas = isp::weitergabe::list_areas(document);
            uno::Sequence<OUString> out(static_cast<sal_Int32>(areas.size()));
            auto* p = out.getArray();
            for (const auto& a : areas) *p++ = a.id + "\t" + a.name;
            return out;
        } catch (const lang::IllegalArgumentException&) {
            throw;
        } catch (const uno::Exception& e) {
            isp::weitergabe::log_detail("Weitergabe", e.Message);
            throw lang::IllegalArgumentException(
                utf8("Weitergabe: die Gebiete konnten nicht gelesen werden (die Beschreibung ISP_WG_GEBIETE "
                     "bzw. ISP_WG_SOZIALRAEUME ist unvollständig)"),
                static_cast<cppu::OWeakObject*>(this), 0);
        } catch (const std::bad_alloc&) {
            throw lang::IllegalArgumentException("Weitergabe: nicht genug Arbeitsspeicher",
                                                 static_cast<cppu::OWeakObject*>(this), 0);
        } catch (...) {
            throw lang::IllegalArgumentException("Weitergabe: interner Fehler beim Lesen der Gebiete",
                                                 static_cast<cppu::OWeakObject*>(this), 0);
        }
    }

    OUString SAL_CALL exportCopy(const uno::Reference<css::frame::XModel>& document, const OUString& variant,
                                 const OUString& area, const OUString& target_url) override {
        try {
            return isp::weitergabe::export_copy(context_, document, variant, area, target_url);
        } catch (const lang::IllegalArgumentException&) {
            throw;
        } catch (const css::io::IOException&) {
            throw;
        } catch (const uno::Exception& e) {
            // LibreOffice's own texts name source files and codes: stderr only, a German message for the
            // user.
            isp::weitergabe::log_detail("Weitergabe", e.Message);
            throw css::io::IOException(
                utf8("Weitergabe fehlgeschlagen: LibreOffice hat die Bearbeitung der Kopie abgebrochen; die "
                     "Arbeitsmappe ist unverändert. Bitte erneut versuchen oder die Mappe prüfen."),
                static_cast<cppu::OWeakObject*>(this));
        } catch (const std::bad_alloc&) {
            throw css::io::IOException("Weitergabe fehlgeschlagen: nicht genug Arbeitsspeicher",
                                       static_cast<cppu::OWeakObject*>(this));
        } catch (const std::exception& e) {
            throw css::io::IOException(
                "Weitergabe fehlgeschlagen: interner Fehler: " + OUString::createFromAscii(e.what()),
                static_cast<cppu::OWeakObject*>(this));
        } catch (...) {
            throw css::io::IOException("Weitergabe fehlgeschlagen: interner Fehler",
                                       static_cast<cppu::OWeakObject*>(this));
        }
    }

    OUString SAL_CALL stampTemplate(const uno::Reference<css::frame::XModel>& document) override {
        try {
            return isp::weitergabe::stamp_template(document);
        } catch (const lang::IllegalArgumentException&) {
            throw;
        } catch (const uno::Exception& e) {
            isp::weitergabe::log_detail("Weitergabe", e.Message);
            throw lang::IllegalArgumentException(
                utf8("Weitergabe: die Formeln der Vorlage ließen sich nicht lesen"),
                static_cast<cppu::OWeakObject*>(this), 0);
        } catch (...) {
            throw lang::IllegalArgumentException("Weitergabe: interner Fehler beim Stempeln der Vorlage",
                                                 static_cast<cppu::OWeakObject*>(this), 0);
        }
    }

    OUString SAL_CALL getImplementationName() override {
        try {
            return OUString::createFromAscii(kImplementation);
        } catch (...) {
            return OUString();
        }
    }
    sal_Bool SAL_CALL supportsService(const OUString& name) override {
        try {
            return cppu::supportsService(this, name);
        } catch (...) {
            return false;
        }
    }
    uno::Sequence<OUString> SAL_CALL getSupportedServiceNames() override {
        try {
            uno::Sequence<OUString> names(1);
            names.getArray()[0] = OUString::createFromAscii(kService);
            return names;
        } catch (...) {
            return uno::Sequence<OUString>();
        }
    }

private:
    uno::Reference<uno::XComponentContext> context_;
};

}  // namespace

// The constructor function named in isp.components (second implementation of the same library).
extern "C" SAL_DLLPUBLIC_EXPORT uno::XInterface* de_sozialplanung_isp_WeitergabeImpl_get_implementation(
    uno::XComponentContext* context, uno::Sequence<uno::Any> const&) {
    try {
        return cppu::acquire(static_cast<cppu::OWeakObject*>(new Weitergabe(context)));
    } catch (...) {
        return nullptr;
    }
}
