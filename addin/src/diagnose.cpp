// ISP_DIAGNOSE and ISP_VERSION.
//
// ISP_DIAGNOSE("ISP_SCORE"; B2; B$2:B$14; "zz") repeats the call with the same arguments and returns in
// German why it fails (the message of the isp::Error), or "OK" with a short description of the result. Calc
// shows only Err:502 in the failing cell; a planner copies the arguments into ISP_DIAGNOSE to learn why.
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>

#include "adapter.hpp"
#include "isp/error.hpp"
#include "isp_functions_meta.hxx"

#ifndef ISP_ADDIN_VERSION
#define ISP_ADDIN_VERSION "unknown"
#endif

namespace isp::addin::fn {

namespace uno = css::uno;

namespace {

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

const meta::Function* find_function(const std::string& name) {
    std::string key = upper(name);
    // Accept "ISP_SCORE", "SCORE", "ispScore" and the stored name "DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPSCORE".
    const std::string stored_prefix = upper(meta::kServiceName) + ".";
    if (key.rfind(stored_prefix, 0) == 0) key = key.substr(stored_prefix.size());
    for (const auto& f : meta::kFunctions) {
        if (key == f.name || key == upper(f.method) || "ISP_" + key == f.name) return &f;
    }
    return nullptr;
}

std::string calc_error_name(int code) {
    switch (code) {
        case 503: return "#NUM!";
        case 519: return "#VALUE!";
        case 524: return "#REF!";
        case 525: return "#NAME?";
        case 532: return "#DIV/0!";
        case 32767: return "#N/A";
        default: return "Err:" + std::to_string(code);
    }
}

int error_code_of(const uno::Any& a) {
    if (a.getValueTypeClass() != uno::TypeClass_DOUBLE) return 0;
    const double v = *static_cast<const double*>(a.getValue());
    if (!std::isnan(v)) return 0;
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return static_cast<int>(bits & 0xFFFF);
}

std::string describe(const uno::Any& result) {
    AnyGrid grid;
    if (result >>= grid) {
        std::size_t cells = 0, empty = 0, errors = 0;
        for (const auto& row : grid) {
            for (const uno::Any& e : row) {
                ++cells;
                rtl::OUString s;
                if ((e >>= s) && s.isEmpty()) ++empty;
                if (error_code_of(e) != 0) ++errors;
            }
        }
        const std::size_t cols = grid.getLength() > 0 ? static_cast<std::size_t>(grid[0].getLength()) : 0;
        std::string text = "OK: Ergebnis " + std::to_string(grid.getLength()) + " × " + std::to_string(cols);
        if (cells == 1) {
            if (empty == 1)
                return "OK: Ergebnis leer, weil ein benötigter Eingabewert fehlt (leere Zelle oder Text)";
            if (errors == 1) return "OK: Ergebnis ist ein Fehlerwert aus einer Eingabezelle";
            return "OK: Ergebnis 1 Wert";
        }
        if (empty > 0)
            text += "; " + std::to_string(empty) + " leer (fehlende Eingabewerte oder zu wenige Daten)";
        if (errors > 0) text += "; " + std::to_string(errors) + " Fehlerwerte aus Eingabezellen";
        return text;
    }
    rtl::OUString s;
    if (result >>= s) return "OK: „" + to_utf8(s) + "“";
    return "OK";
}

std::string function_list() {
    std::string list;
    for (const auto& f : meta::kFunctions) {
        if (!list.empty()) list += ", ";
        list += f.name;
    }
    return list;
}

}  // namespace

uno::Any ispDiagnose(const Args& args) {
    rtl::OUString name_ou;
    args[0] >>= name_ou;
    const std::string name = to_utf8(name_ou);
    const meta::Function* f = find_function(name);
    if (f == nullptr || f->adapter == &ispDiagnose) {
        return uno::Any(to_ou("Unbekannte Funktion „" + name + "“. Bekannt sind: " + function_list()));
    }
    uno::Sequence<uno::Any> given;
    args[1] >>= given;
    if (static_cast<std::size_t>(given.getLength()) > f->param_count) {
        return uno::Any(to_ou(std::string(f->name) + " hat höchstens " + std::to_string(f->param_count) +
                              " Argumente, angegeben sind " + std::to_string(given.getLength())));
    }
    Args call(f->param_count);
    for (sal_Int32 i = 0; i < given.getLength(); ++i) call[static_cast<std::size_t>(i)] = given[i];
    for (std::size_t i = 0; i < f->param_count; ++i) {
        if (!f->params[i].optional && !call[i].hasValue()) {
            return uno::Any(to_ou(std::string(f->name) + ": das Argument „" + f->params[i].display_de +
                                  "“ fehlt (Calc zeigt dafür Err:504 oder Err:511)"));
        }
    }
    std::string text;
    try {
        text = describe(f->adapter(call));
    } catch (const Error& e) {
        text = std::string(error_id(e.code())) + " " + e.message_de();
    } catch (const CalcError& e) {
        text = "Ein Argument enthält den Fehlerwert " + calc_error_name(e.code) +
               "; das Ergebnis ist derselbe Fehlerwert";
    } catch (const std::bad_alloc&) {
        text = "nicht genug Arbeitsspeicher";
    } catch (const std::exception& e) {
        text = std::string("interner Fehler: ") + e.what();
    } catch (const uno::Exception& e) {
        text = "interner Fehler: " + to_utf8(e.Message);
    } catch (...) {
        text = "interner Fehler";
    }
    return uno::Any(to_ou(text));
}

uno::Any ispVersion(const Args&) {
    return uno::Any(to_ou(ISP_ADDIN_VERSION));
}

}  // namespace isp::addin::fn
