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
#include <regex>
#include <string>
#include <vector>

#include "adapter.hpp"
#include "caller.hpp"
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
        // The German UI's name: ISP_DIAGNOSE answers in German ("Err:504" in an English Calc).
        default: return "Fehler:" + std::to_string(code);
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

std::string function_list();

// A result with error values or empty cells the function gave for a reason of its own (#DIV/0! for a
// division by 0, empty for a negative base), not taken from an input cell: never "OK", but the reason of the
// first one in the function's words.
std::string describe_error_values(const uno::Any& result, const ErrorValueNotes& notes) {
    AnyGrid grid;
    std::size_t cells = 1;
    if (result >>= grid) {
        cells = 0;
        for (const auto& row : grid) cells += static_cast<std::size_t>(row.getLength());
    }
    if (cells <= 1)
        return "Ergebnis " + notes.first_shown + ": " + notes.first_id + " " + notes.first_message;
    return "Ergebnis ohne Zahl in " + std::to_string(notes.count) + " von " + std::to_string(cells) +
           " Zellen; die erste (" + notes.first_shown + "): " + notes.first_id + " " + notes.first_message;
}

// ---- The formula-text form: ISP_DIAGNOSE(FORMEL(B5)) ----------------------------------------------------
// Calc passes ISP_DIAGNOSE's arguments as values: a 3-D reference ($D.A1:$E.A13) arrives as the first sheet's
// cells, indistinguishable from $D.A1:$D.A13, so the argument form cannot see it. The formula text (FORMEL /
// FORMULA of the failing cell) still names both sheets; this form reads the references from it.

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A name character of a reference or function outside quotes (letters incl. UTF-8, digits, '_', '$').
bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// One end of a reference from text[i]: an optional sheet ('quoted' or bare, followed by '.') and a cell part.
// Returns whether a sheet was named; i ends after the cell part.
bool read_reference_end(const std::string& text, std::size_t& i, std::string& sheet) {
    if (i < text.size() && text[i] == '$') ++i;
    std::size_t start = i;
    if (i < text.size() && text[i] == '\'') {
        std::string name;
        for (++i; i < text.size(); ++i) {
            if (text[i] == '\'') {
                if (i + 1 < text.size() && text[i + 1] == '\'') {
                    name += '\'';
                    ++i;
                    continue;
                }
                ++i;
                break;
            }
            name += text[i];
        }
        if (i < text.size() && text[i] == '.') {
            sheet = lower(name);
            ++i;
            while (i < text.size() && is_name_char(text[i])) ++i;
            return true;
        }
        return false;
    }
    while (i < text.size() && is_name_char(text[i])) ++i;
    if (i < text.size() && text[i] == '.' && i > start) {
        sheet = lower(text.substr(start, i - start));
        if (!sheet.empty() && sheet[0] == '$') sheet.erase(0, 1);
        ++i;
        while (i < text.size() && is_name_char(text[i])) ++i;
        return true;
    }
    return false;
}

// The first reference in `arg` whose ends name two different sheets, or "".
std::string multi_sheet_reference(const std::string& arg) {
    std::size_t i = 0;
    while (i < arg.size()) {
        const char c = arg[i];
        if (c == '"') {  // a text literal ("" inside is a quote)
            for (++i; i < arg.size(); ++i) {
                if (arg[i] == '"' && !(i + 1 < arg.size() && arg[i + 1] == '"')) break;
                if (arg[i] == '"') ++i;
            }
            ++i;
            continue;
        }
        if (c != '\'' && !is_name_char(c)) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        std::string first, second;
        const bool first_sheet = read_reference_end(arg, i, first);
        if (i < arg.size() && arg[i] == ':') {
            ++i;
            if (read_reference_end(arg, i, second) && (!first_sheet || second != first))
                return arg.substr(start, i - start);
        }
        if (i == start) ++i;
    }
    return {};
}

// The calls of ISP functions in a formula text: name and argument texts (split at ';' or, in an English
// formula without ';', at ',').
struct FormulaCall {
    const meta::Function* function = nullptr;
    std::vector<std::string> args;
};

std::vector<FormulaCall> isp_calls(const std::string& formula) {
    bool semicolons = false;
    for (char c : formula) semicolons = semicolons || c == ';';
    const char separator = semicolons ? ';' : ',';
    std::vector<FormulaCall> calls;
    for (std::size_t i = 0; i < formula.size(); ++i) {
        if (!(i == 0 || !is_name_char(formula[i - 1]))) continue;
        std::size_t j = i;
        while (j < formula.size() && (is_name_char(formula[j]) || formula[j] == '.')) ++j;
        if (j >= formula.size() || formula[j] != '(' || j == i) continue;
        const meta::Function* f = find_function(formula.substr(i, j - i));
        if (f == nullptr) continue;
        FormulaCall call{f, {}};
        std::string current;
        int depth = 0;
        char quote = 0;
        for (std::size_t k = j + 1; k < formula.size(); ++k) {
            const char c = formula[k];
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '{') {
                ++depth;
            } else if (c == ')' || c == '}') {
                if (depth == 0) break;
                --depth;
            } else if (c == separator && depth == 0) {
                call.args.push_back(current);
                current.clear();
                continue;
            }
            current += c;
        }
        call.args.push_back(current);
        calls.push_back(call);
    }
    return calls;
}

std::string trimmed(const std::string& s) {
    std::size_t a = 0, b = s.size();
    while (a < b && is_space(s[a])) ++a;
    while (b > a && is_space(s[b - 1])) --b;
    return s.substr(a, b - a);
}

// Is the argument text something Calc hands a reference parameter as a reference: a cell, a range, a whole
// column or row (each with or without a sheet), a named range, a reference function (INDEX, OFFSET,
// INDIRECT, and IF/CHOOSE, which may return one), or such references joined by '~' or '!'? Numbers, texts,
// inline arrays, arithmetic and other functions (ROUND, a nested ISP call) are values: Calc refuses them
// there with Err:504 before the add-in is called. In doubt the answer is yes (no false alarm).
// A named range: a name of letters (also UTF-8), digits, '_' and '.', not starting with a digit; the
// constants TRUE/FALSE (WAHR/FALSCH) are values.
bool is_range_name(const std::string& text) {
    if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '$') return false;
    for (const char c : text) {
        if (!(is_name_char(c) || c == '.') || c == '$') return false;
    }
    const std::string word = upper(text);
    return word != "TRUE" && word != "FALSE" && word != "WAHR" && word != "FALSCH";
}

bool is_reference_text(std::string text) {
    text = trimmed(text);
    while (text.size() >= 2 && text.front() == '(' && text.back() == ')')
        text = trimmed(text.substr(1, text.size() - 2));
    if (text.empty()) return true;
    // A cell (A1), or a range of cells, whole columns (A:A) or whole rows (1:1); each end may name a sheet
    // ('quoted' or bare; a bare name does not start with a digit, so 12.3 stays a number), each part a $.
    static const std::string sheet =
        R"re((\$?('([^']|'')+'|[^0-9.'$:~!;,()"{}+*/^&<>= -][^.'$:~!;,()"{}+*/^&<>= -]*)\.)?)re";
    static const std::string cell = sheet + R"(\$?[A-Za-z]{1,3}\$?[0-9]+)";
    static const std::string column = sheet + R"(\$?[A-Za-z]{1,3})";
    static const std::string row = sheet + R"(\$?[0-9]+)";
    static const std::regex reference("^(" + cell + "(:" + cell + ")?|" + column + ":" + column + "|" + row +
                                      ":" + row + ")$");
    static const std::regex reference_function(
        R"(^(INDEX|OFFSET|VERSCHIEBUNG|INDIRECT|INDIREKT|IF|WENN|CHOOSE|WAHL)\s*\(.*\)$)", std::regex::icase);
    if (std::regex_match(text, reference) || std::regex_match(text, reference_function)) return true;
    if (is_range_name(text)) return true;
    // Reference operators: every part a reference (a quoted sheet name may hold these characters).
    for (const char op : {'~', '!'}) {
        const std::size_t at = text.find(op);
        if (at != std::string::npos && text.find('\'') == std::string::npos)
            return is_reference_text(text.substr(0, at)) && is_reference_text(text.substr(at + 1));
    }
    return false;
}

// "Argument 2 (Bezug) muss ein Zellbereich sein, ..." for the first reference parameter of the call given a
// value in the formula text, or "".
std::string value_at_reference(const FormulaCall& call) {
    for (std::size_t a = 0; a < call.args.size() && a < call.function->param_count; ++a) {
        const meta::Param& p = call.function->params[a];
        if (!p.reference || is_reference_text(call.args[a])) continue;
        return "Argument " + std::to_string(a + 1) + " (" + p.display_de + ") von " + call.function->name +
               " muss ein Zellbereich sein, z. B. B2:B14 – Calc zeigt dafür Fehler:504. Hier steht „" +
               trimmed(call.args[a]) + "“: den Wert in eine Zelle schreiben und auf sie verweisen.";
    }
    return {};
}

// Calc hands ISP_DIAGNOSE a single cell and a typed number or expression alike, as a value; in the real call
// a value at a reference parameter gives Err:504. So an "OK" for such a call holds only if those arguments
// are cell references there: say so, and name them.
std::string single_values_at_references(const meta::Function& f, const uno::Sequence<uno::Any>& given) {
    std::vector<std::string> named;
    for (sal_Int32 i = 0; i < given.getLength() && static_cast<std::size_t>(i) < f.param_count; ++i) {
        const meta::Param& p = f.params[i];
        if (p.reference && given[i].hasValue() && given[i].getValueTypeClass() != uno::TypeClass_SEQUENCE)
            named.push_back(std::to_string(i + 1) + " (" + p.display_de + ")");
    }
    if (named.empty()) return {};
    std::string list = named.front();
    for (std::size_t k = 1; k < named.size(); ++k)
        list += (k + 1 == named.size() ? " und " : ", ") + named[k];
    return std::string(", sofern Argument ") + list +
           (named.size() == 1 ? " im Aufruf ein Zellbezug ist" : " im Aufruf Zellbezüge sind") +
           " – eine dort getippte Zahl oder Rechnung ergibt Fehler:504 (prüfen: "
           "=ISP_DIAGNOSE(FORMEL(Zelle)))";
}

std::string diagnose_formula_text(const std::string& formula) {
    const std::vector<FormulaCall> calls = isp_calls(formula);
    if (calls.empty()) {
        return "Die Formel „" + formula + "“ ruft keine ISP-Funktion auf. Bekannt sind: " + function_list();
    }
    for (const FormulaCall& call : calls) {
        for (std::size_t a = 0; a < call.args.size(); ++a) {
            const std::string ref = multi_sheet_reference(call.args[a]);
            if (ref.empty()) continue;
            ArgName name{"?", "?"};
            if (a < call.function->param_count)
                name = {call.function->params[a].display_de, call.function->params[a].display_en};
            const Error e = multi_sheet_error(name, ref);
            return std::string(error_id(e.code())) + " " + e.message_de();
        }
    }
    for (const FormulaCall& call : calls) {
        const std::string wrong = value_at_reference(call);
        if (!wrong.empty()) return wrong;
    }
    return "Die Formel enthält keinen Bezug über mehrere Tabellenblätter und keinen Wert, wo ein Zellbereich "
           "stehen muss. Andere Gründe nennt ISP_DIAGNOSE mit dem Namen der Funktion und denselben "
           "Argumenten, "
           "z. B. =ISP_DIAGNOSE(\"" +
           std::string(calls.front().function->name) + "\"; …)";
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
    std::size_t first = 0;
    while (first < name.size() && is_space(name[first])) ++first;
    if (first < name.size() && (name[first] == '=' || name[first] == '{'))
        return uno::Any(to_ou(diagnose_formula_text(name)));
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
                                  "“ fehlt (Calc zeigt dafür Fehler:504 oder Fehler:511)"));
        }
    }
    std::string text;
    try {
        ErrorValueRecorder recorder;
        refuse_empty_references(*f, call);
        const uno::Any result = f->adapter(call);
        text = recorder.notes().count > 0 ? describe_error_values(result, recorder.notes())
                                          : describe(result) + single_values_at_references(*f, given);
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
