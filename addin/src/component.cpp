// The UNO component that Calc instantiates for the service de.sozialplanung.isp.Functions.
//
// Calc finds it through CalcAddIns.xcu (no com.sun.star.sheet.AddIn service, so no XAddIn): the library is
// loaded on the first use of an ISP function only. Calc keeps one instance per process for all documents,
// so the object holds no state. Every method comes from the generated isp_functions_methods.hxx and goes
// through invoke(), the one place where C++ exceptions become UNO exceptions: isp::Error ->
// IllegalArgumentException (Calc shows Err:502), anything else -> RuntimeException (#VALUE!).
// Code that Calc calls outside the UNO bridge (constructor, XServiceInfo, the factory) must not throw.
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/uno/RuntimeException.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase3.hxx>
#include <cppuhelper/supportsservice.hxx>
#include <de/sozialplanung/isp/XFunctions.hpp>
#include <exception>
#include <new>
#include <string>

#include "args.hpp"
#include "caller.hpp"
#include "isp/error.hpp"
#include "isp_functions_meta.hxx"

namespace {

namespace uno = css::uno;
namespace lang = css::lang;
using isp::addin::AnyGrid;
using isp::addin::to_ou;
using rtl::OUString;

template <class T>
T result_as(const uno::Any& any) {
    T value{};
    if (!(any >>= value)) throw uno::RuntimeException("ISP: internal error: unexpected result type");
    return value;
}

template <>
uno::Any result_as<uno::Any>(const uno::Any& any) {
    return any;
}

// Array results are declared `any` so that their shape can follow what Calc handles best (Calc 7.4,
// sc/source/core/tool/addincol.cxx, ScUnoAddInCall::SetResult):
// - a 1x1 result becomes a plain number or text, so a single-cell formula behaves like a native one;
// - a grid of texts only becomes sequence<sequence<string>>, whose strings Calc interns in the document's
//   string pool. Strings inside a sequence<sequence<any>> are not interned, and then `=A1="erhöht"` is FALSE
//   although A1 shows "erhöht" (measured; tests/calc/calc_text_results.py).
// Mixed grids (numbers and texts) stay sequence<sequence<any>>.
uno::Any calc_friendly(const uno::Any& result) {
    AnyGrid grid;
    if (!(result >>= grid)) return result;
    if (grid.getLength() == 1 && grid[0].getLength() == 1) {
        const uno::Any& only = grid[0][0];
        const auto type = only.getValueTypeClass();
        if (type == uno::TypeClass_DOUBLE || type == uno::TypeClass_STRING) return only;
        return result;
    }
    for (const auto& row : grid) {
        for (const auto& cell : row) {
            if (cell.getValueTypeClass() != uno::TypeClass_STRING) return result;
        }
    }
    uno::Sequence<uno::Sequence<OUString>> texts(grid.getLength());
    auto* text_rows = texts.getArray();
    for (sal_Int32 r = 0; r < grid.getLength(); ++r) {
        const auto& row = grid[r];
        text_rows[r].realloc(row.getLength());
        auto* out = text_rows[r].getArray();
        for (sal_Int32 c = 0; c < row.getLength(); ++c) row[c] >>= out[c];
    }
    return uno::Any(texts);
}

class Functions : public cppu::WeakImplHelper3<de::sozialplanung::isp::XFunctions, lang::XServiceInfo,
                                               lang::XServiceName> {
public:
    Functions() = default;

#include "isp_functions_methods.hxx"

    // XServiceInfo, XServiceName: Calc calls these directly, outside the UNO bridge, so nothing may escape;
    // the only possible failure is an allocation failure, answered with an empty result.
    OUString SAL_CALL getImplementationName() override {
        try {
            return OUString::createFromAscii(isp::addin::meta::kImplementationName);
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
            names.getArray()[0] = OUString::createFromAscii(isp::addin::meta::kServiceName);
            return names;
        } catch (...) {
            return uno::Sequence<OUString>();
        }
    }
    OUString SAL_CALL getServiceName() override {
        try {
            return OUString::createFromAscii(isp::addin::meta::kServiceName);
        } catch (...) {
            return OUString();
        }
    }

private:
    uno::Any invoke(std::size_t index, const isp::addin::Args& args) {
        const auto& function = isp::addin::meta::kFunctions[index];
        try {
            isp::addin::refuse_empty_references(function, args);
            uno::Any result = function.adapter(args);
            return function.result == 'a' ? calc_friendly(result) : result;
        } catch (const isp::addin::CalcError& e) {
            // Pass on the error value of an input cell, as Calc's own functions do.
            if (function.result == 'a') return calc_friendly(uno::Any(isp::addin::error_grid(e.code)));
            if (function.result == 'd' || function.result == 'y')
                return uno::Any(isp::addin::error_value(e.code));
            throw uno::RuntimeException(
                to_ou(std::string(function.name) + ": Fehlerwert in einer Eingabezelle"));
        } catch (const isp::Error& e) {
            throw lang::IllegalArgumentException(to_ou(std::string(function.name) + ": " + e.message_de()),
                                                 static_cast<cppu::OWeakObject*>(this), 0);
        } catch (const uno::Exception&) {
            throw;
        } catch (const std::bad_alloc&) {
            throw uno::RuntimeException(to_ou(std::string(function.name) + ": nicht genug Arbeitsspeicher"));
        } catch (const std::exception& e) {
            throw uno::RuntimeException(to_ou(std::string(function.name) + ": interner Fehler: " + e.what()));
        } catch (...) {
            throw uno::RuntimeException(to_ou(std::string(function.name) + ": interner Fehler"));
        }
    }
};

}  // namespace

// The constructor function named in isp.components. Called by the service manager outside any try block of
// ours: allocation failure returns null instead of throwing.
extern "C" SAL_DLLPUBLIC_EXPORT uno::XInterface* de_sozialplanung_isp_FunctionsImpl_get_implementation(
    uno::XComponentContext*, uno::Sequence<uno::Any> const&) {
    try {
        return cppu::acquire(static_cast<cppu::OWeakObject*>(new Functions));
    } catch (...) {
        return nullptr;
    }
}
