// ISP_DIAGNOSE and ISP_VERSION.
//
// ISP_DIAGNOSE("ISP_SCORE"; B2; B$2:B$14; "zz") repeats the call with the same arguments and returns in
// German why it fails (the message of the isp::Error), or "OK" with a short description of the result. Calc
// shows only Err:502 in the failing cell; a planner copies the arguments into ISP_DIAGNOSE to learn why.
#include <cctype>
#include <cmath>
#include <com/sun/star/sheet/FormulaResult.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/table/CellContentType.hpp>
#include <com/sun/star/text/XText.hpp>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <regex>
#include <string>
#include <vector>

#include "adapter.hpp"
#include "caller.hpp"
#include "isp/error.hpp"
#include "isp_functions_args.hxx"
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
    return error_code_in(*static_cast<const double*>(a.getValue()));
}

std::string describe(const uno::Any& result) {
    AnyGrid grid;
    if (result >>= grid) {
        std::size_t cells = 0, empty = 0, errors = 0;
        int first_error = 0;
        for (const auto& row : grid) {
            for (const uno::Any& e : row) {
                ++cells;
                rtl::OUString s;
                if ((e >>= s) && s.isEmpty()) ++empty;
                if (const int code = error_code_of(e)) {
                    if (errors++ == 0) first_error = code;
                }
            }
        }
        const std::size_t cols = grid.getLength() > 0 ? static_cast<std::size_t>(grid[0].getLength()) : 0;
        const std::string shape = std::to_string(grid.getLength()) + " × " + std::to_string(cols);
        // Calc's own functions pass an error of an input cell on; the cell then shows it: no "OK".
        if (errors > 0) {
            if (cells == 1)
                return "Ergebnis ist der Fehlerwert " + calc_error_name(first_error) +
                       " einer Eingabezelle (die Funktion gibt ihn weiter wie Calc)";
            return "Ergebnis " + shape + " mit " + std::to_string(errors) +
                   " Fehlerwerten aus Eingabezellen (der erste: " + calc_error_name(first_error) +
                   "; die Funktion gibt sie weiter wie Calc)";
        }
        if (cells == 1) {
            if (empty == 1)
                return "OK: Ergebnis leer, weil ein benötigter Eingabewert fehlt (leere Zelle oder Text)";
            return "OK: Ergebnis 1 Wert";
        }
        std::string text = "OK: Ergebnis " + shape;
        if (empty > 0)
            text += "; " + std::to_string(empty) + " leer (fehlende Eingabewerte oder zu wenige Daten)";
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
struct TextCall {
    const meta::Function* function = nullptr;
    std::vector<std::string> args;
};

std::vector<TextCall> isp_calls(const std::string& formula) {
    bool semicolons = false;
    for (char c : formula) semicolons = semicolons || c == ';';
    const char separator = semicolons ? ';' : ',';
    std::vector<TextCall> calls;
    for (std::size_t i = 0; i < formula.size(); ++i) {
        if (!(i == 0 || !is_name_char(formula[i - 1]))) continue;
        std::size_t j = i;
        while (j < formula.size() && (is_name_char(formula[j]) || formula[j] == '.')) ++j;
        if (j >= formula.size() || formula[j] != '(' || j == i) continue;
        const meta::Function* f = find_function(formula.substr(i, j - i));
        if (f == nullptr) continue;
        TextCall call{f, {}};
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
std::string value_at_reference(const TextCall& call) {
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

std::string diagnose_cell_with_formula(const std::string& formula);

std::string diagnose_formula_text(const std::string& formula) {
    const std::vector<TextCall> calls = isp_calls(formula);
    if (calls.empty()) {
        return "Die Formel „" + formula + "“ ruft keine ISP-Funktion auf. Bekannt sind: " + function_list();
    }
    for (const TextCall& call : calls) {
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
    for (const TextCall& call : calls) {
        const std::string wrong = value_at_reference(call);
        if (!wrong.empty()) return wrong;
    }
    const std::string found = diagnose_cell_with_formula(formula);
    if (!found.empty()) return found;
    return "Die Formel enthält keinen Bezug über mehrere Tabellenblätter und keinen Wert, wo ein Zellbereich "
           "stehen muss; sie steht in keiner Zelle dieses Dokuments, daher prüft ISP_DIAGNOSE nichts weiter. "
           "Andere Gründe nennt ISP_DIAGNOSE mit dem Namen der Funktion und denselben Argumenten, "
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

// The call itself with Calc's arguments, as the text ISP_DIAGNOSE shows: the reason it fails, or "OK" with a
// short description of the result (and `ok_suffix`).
std::string run_call(const meta::Function& f, const Args& call, const std::string& ok_suffix) {
    for (std::size_t i = 0; i < f.param_count; ++i) {
        if (!f.params[i].optional && !call[i].hasValue()) {
            return std::string(f.name) + ": das Argument „" + f.params[i].display_de +
                   "“ fehlt (Calc zeigt dafür Fehler:504 oder Fehler:511)";
        }
    }
    try {
        ErrorValueRecorder recorder;
        refuse_empty_references(f, call);
        const uno::Any result = f.adapter(call);
        return recorder.notes().count > 0 ? describe_error_values(result, recorder.notes())
                                          : describe(result) + ok_suffix;
    } catch (const Error& e) {
        return std::string(error_id(e.code())) + " " + e.message_de();
    } catch (const CalcError& e) {
        return "Ein Argument enthält den Fehlerwert " + calc_error_name(e.code) +
               "; das Ergebnis ist derselbe Fehlerwert";
    } catch (const std::bad_alloc&) {
        return "nicht genug Arbeitsspeicher";
    } catch (const std::exception& e) {
        return std::string("interner Fehler: ") + e.what();
    } catch (const uno::Exception& e) {
        return "interner Fehler: " + to_utf8(e.Message);
    } catch (...) {
        return "interner Fehler";
    }
}

std::string argument_label(const meta::Function& f, std::size_t i) {
    return "Argument " + std::to_string(i + 1) + " (" + f.params[i].display_de + ") von " + f.name;
}

std::string must_be_a_range(const meta::Function& f, std::size_t i) {
    return argument_label(f, i) + " muss ein Zellbereich sein, z. B. B2:B14 – Calc zeigt dafür Fehler:504";
}

// One argument of a call as Calc converts it for the parameter (measured in LibreOffice 7.4:
// docs/architecture.md, "Parameter kinds"), read from the formula's tokens. `problem` says why Calc would not
// call the function or would show an error of its own; `value` is what the function would receive.
struct Converted {
    uno::Any value;
    std::string problem;
};

Converted problem(std::string text) {
    return {uno::Any(), std::move(text)};
}

AnyGrid one_by_one(const uno::Any& value) {
    AnyGrid grid(1);
    grid.getArray()[0] = uno::Sequence<uno::Any>(&value, 1);
    return grid;
}

Converted convert_cell(const FormulaDocument& doc, const css::table::CellRangeAddress& r, char type,
                       const std::string& label) {
    const uno::Reference<css::table::XCell> cell = doc.cell(r.Sheet, r.StartColumn, r.StartRow);
    if (!cell.is()) return problem(label + " verweist auf ein Tabellenblatt, das es nicht gibt");
    const std::string name = absolute_name(cell);
    if (const sal_Int32 code = cell->getError()) {
        return problem(label + ": die Zelle " + name + " enthält den Fehlerwert " + calc_error_name(code) +
                       "; Calc zeigt ihn als Ergebnis");
    }
    uno::Any value;
    switch (cell->getType()) {
        case css::table::CellContentType_EMPTY: value <<= 0.0; break;  // as Calc hands it over
        case css::table::CellContentType_VALUE: value <<= cell->getValue(); break;
        case css::table::CellContentType_TEXT:
            value <<= uno::Reference<css::text::XText>(cell, uno::UNO_QUERY_THROW)->getString();
            break;
        default: {
            sal_Int32 result = 0;
            uno::Reference<css::beans::XPropertySet>(cell, uno::UNO_QUERY_THROW)
                ->getPropertyValue("FormulaResultType2") >>= result;
            if (result == css::sheet::FormulaResult::VALUE)
                value <<= cell->getValue();
            else
                value <<= uno::Reference<css::text::XText>(cell, uno::UNO_QUERY_THROW)->getString();
        }
    }
    if (type == 'd' && value.getValueTypeClass() == uno::TypeClass_STRING) {
        return problem(label + ": die Zelle " + name +
                       " enthält Text; hier muss eine Zahl stehen – Calc zeigt dafür #WERT!");
    }
    return {type == 'g' ? uno::Any(one_by_one(value)) : value, {}};
}

Converted convert(const FormulaDocument& doc, const FormulaCall& call, const meta::Function& f,
                  std::size_t i) {
    const Tokens& arg = call.args[i];
    const char type = f.params[i].type;
    const std::string label = argument_label(f, i);
    if (arg.empty()) {
        // An argument left out between others (F(A1;;2)): Calc hands a number parameter 0 (measured: the
        // function runs), an "any" parameter nothing, and refuses the call itself for a
        // sequence<sequence<any>> parameter (measured: =ISP_BEDARF(A1;) and an ISP_KREUZTABELLE key list left
        // out are Err:502).
        if (type == 'd') return {uno::Any(0.0), {}};
        if (type == 'g') {
            return problem(std::string(error_id(ErrorCode::MissingValue)) + " " + label +
                           " fehlt; Calc lehnt den Aufruf dann selbst ab (Fehler:502)");
        }
        return {};
    }
    css::table::CellRangeAddress r{};
    if (reference_range(arg, doc.codes(), call.at, r)) {
        if (type == 'c') return {doc.range(r), {}};
        if (r.StartColumn == r.EndColumn && r.StartRow == r.EndRow) return convert_cell(doc, r, type, label);
        const uno::Any range = doc.range(r);
        const std::string name = absolute_name(uno::Reference<uno::XInterface>(range, uno::UNO_QUERY_THROW));
        if (type == 'd') {
            return problem(label + " ist der Bereich " + name +
                           "; hier muss eine einzelne Zahl stehen – Calc zeigt dafür #WERT!");
        }
        const AnyGrid data =
            uno::Reference<css::sheet::XCellRangeData>(range, uno::UNO_QUERY_THROW)->getDataArray();
        // Measured: an error cell in a range makes Calc refuse an "any" or sequence<sequence<any>> parameter.
        for (const auto& row : data) {
            for (const auto& e : row) {
                if (!e.hasValue()) {
                    return problem(
                        label + ": der Bereich " + name +
                        " enthält einen Fehlerwert; Calc ruft die Funktion dann nicht auf und zeigt "
                        "Fehler:504");
                }
            }
        }
        return {uno::Any(data), {}};
    }
    const uno::Any value = literal(arg, doc.codes());
    if (type == 'c' && value.hasValue()) return problem(must_be_a_range(f, i));
    if (!value.hasValue()) {
        return problem(
            label +
            " ist eine Rechnung oder ein Name; ISP_DIAGNOSE rechnet sie nicht nach. Bitte ihr Ergebnis "
            "in eine Zelle schreiben und auf diese verweisen, dann nennt ISP_DIAGNOSE den Grund");
    }
    AnyGrid grid;
    if (type == 'd') {
        if (value.getValueTypeClass() == uno::TypeClass_STRING)
            return problem(label + " ist ein Text; hier muss eine Zahl stehen – Calc zeigt dafür #WERT!");
        if (value >>= grid)
            return {grid.getLength() > 0 && grid[0].getLength() > 0 ? grid[0][0] : uno::Any(), {}};
        return {value, {}};
    }
    if (type == 'g' && !(value >>= grid)) return {uno::Any(one_by_one(value)), {}};
    return {value, {}};
}

// One call found in a formula: Calc's own checks on its arguments, then the call.
std::string diagnose_call(const FormulaDocument& doc, const FormulaCall& call, const meta::Function& f) {
    if (call.args.size() > f.param_count) {
        return std::string(f.name) + " hat höchstens " + std::to_string(f.param_count) +
               " Argumente, angegeben sind " + std::to_string(call.args.size()) +
               " (Calc zeigt dafür Fehler:504)";
    }
    Args args(f.param_count);
    // Calc converts the arguments from the last to the first: the first problem it meets is the one it shows.
    for (std::size_t i = call.args.size(); i-- > 0;) {
        Converted c = convert(doc, call, f, i);
        if (!c.problem.empty()) return c.problem;
        args[i] = std::move(c.value);
    }
    return run_call(f, args, "");
}

// The formula-text form with the document: the cell that holds the formula, each ISP call in it (inner calls
// first, as Calc computes them); "" when no cell of the calling document holds that formula.
std::string diagnose_cell_with_formula(const std::string& formula) {
    try {
        const FormulaDocument doc(caller_document());
        const uno::Reference<css::table::XCell> cell = doc.cell_with_formula(formula);
        if (!cell.is()) return {};
        const std::vector<FormulaCall> calls = doc.calls_in(cell);
        std::string first_ok;
        for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
            const meta::Function* f = find_function(it->method);
            if (f == nullptr || f->adapter == &ispDiagnose) continue;
            std::string text = diagnose_call(doc, *it, *f);
            if (text.rfind("OK", 0) != 0) {
                // The cell shows a result: what ISP_DIAGNOSE could not repeat (an expression) is only a note.
                if (cell->getError() == 0) return "OK: die Zelle zeigt ein Ergebnis (" + text + ")";
                return text;
            }
            if (first_ok.empty() || it + 1 == calls.rend()) first_ok = std::move(text);
        }
        // The call succeeds with these arguments, yet the cell shows an error: Calc refused the formula
        // itself (measured: a typed number closer to 0 than 1E-308 becomes 0 with Err:502, =ABS(1E-308)
        // alike).
        if (const sal_Int32 code = cell->getError()) {
            if (!first_ok.empty())
                return "Die Zelle zeigt " + calc_error_name(code) +
                       ", aber der Aufruf gelingt mit diesen Argumenten: Calc hat die Formel selbst "
                       "abgelehnt "
                       "(z. B. eine getippte Zahl näher an 0 als 1E-308)";
        }
        return first_ok;
    } catch (const uno::Exception&) {
        return {};
    }
}

// The name form: a single value at a reference parameter may be a typed number in ISP_DIAGNOSE's own formula
// (Calc hands both over alike). The formulas of the document tell: a call of ISP_DIAGNOSE for this function
// with a value, not a reference, there.
std::string typed_value_at_reference(const meta::Function& f, const uno::Sequence<uno::Any>& given) {
    try {
        const FormulaDocument doc(caller_document());
        if (!doc.valid()) return {};
        std::vector<const FormulaCall*> calls;
        for (sal_Int32 i = 0; i < given.getLength() && static_cast<std::size_t>(i) < f.param_count; ++i) {
            if (!f.params[i].reference || !given[i].hasValue() ||
                given[i].getValueTypeClass() == uno::TypeClass_SEQUENCE)
                continue;
            if (calls.empty()) calls = doc.calls("ispDiagnose");
            for (const FormulaCall* found : calls) {
                const FormulaCall& call = *found;
                const std::size_t k = static_cast<std::size_t>(i) + 1;
                rtl::OUString named;
                if (call.args.size() <= k || call.args[0].size() != 1 || !(call.args[0][0].Data >>= named) ||
                    find_function(to_utf8(named)) != &f)
                    continue;
                css::table::CellRangeAddress r{};
                if (!reference_range(call.args[k], doc.codes(), call.at, r))
                    return must_be_a_range(f, static_cast<std::size_t>(i)) + " (hier steht ein Wert)";
            }
        }
    } catch (const uno::Exception&) {
    }
    return {};
}

}  // namespace

uno::Any ispDiagnose(const Args& args) {
    const args::Diagnose a(args);
    rtl::OUString name_ou;
    a.function.value >>= name_ou;
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
    a.arguments.value >>= given;
    if (static_cast<std::size_t>(given.getLength()) > f->param_count) {
        return uno::Any(to_ou(std::string(f->name) + " hat höchstens " + std::to_string(f->param_count) +
                              " Argumente, angegeben sind " + std::to_string(given.getLength())));
    }
    Args call(f->param_count);
    for (sal_Int32 i = 0; i < given.getLength(); ++i) call[static_cast<std::size_t>(i)] = given[i];
    const std::string typed = typed_value_at_reference(*f, given);
    if (!typed.empty()) return uno::Any(to_ou(typed));
    return uno::Any(to_ou(run_call(*f, call, single_values_at_references(*f, given))));
}

uno::Any ispVersion(const Args&) {
    return uno::Any(to_ou(ISP_ADDIN_VERSION));
}

}  // namespace isp::addin::fn
