// Rewrites add-in calls into native formulas (see portable_formula.hpp). Every native form follows the
// engine's definition (engine/src/fachplan.cpp) and the add-in's element-wise rules (docs/functions.md):
// a missing (empty or text) operand gives "", a zero denominator #DIV/0!. Only functions that Excel and
// LibreOffice both have are used (IF, ISNUMBER, SUMPRODUCT); the products of ISNUMBER act as AND and stay
// element-wise in array formulas.
#include "portable_formula.hpp"

#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/error.hpp"
#include "isp/keywords.hpp"

namespace isp::portable {
namespace {

bool ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPECKWERT" and "ISP_ECKWERT" -> "ISPECKWERT"; "" for native names
// (ISPMT is a native financial function, so only the two add-in spellings count).
std::string addin_key(const std::string& name) {
    const std::string u = upper(name);
    if (u.find("SOZIALPLANUNG") != std::string::npos) return u.substr(u.rfind('.') + 1);
    if (u.rfind("ISP_", 0) == 0) return "ISP" + u.substr(4);
    return "";
}

// Index just past the string literal or quoted sheet name that starts at i.
std::size_t skip_quoted(const std::string& f, std::size_t i) {
    const char q = f[i];
    ++i;
    while (i < f.size()) {
        if (f[i] == q) {
            if (i + 1 < f.size() && f[i + 1] == q) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return i;
}

// The arguments of the call whose '(' is at `open`, split at top-level ';'; `end` is set past its ')'.
std::optional<std::vector<std::string>> split_call(const std::string& f, std::size_t open, std::size_t& end) {
    std::vector<std::string> args;
    int depth = 0;
    std::size_t start = open + 1;
    for (std::size_t i = open + 1; i < f.size();) {
        const char c = f[i];
        if (c == '"' || c == '\'') {
            i = skip_quoted(f, i);
            continue;
        }
        if (c == '(' || c == '{') ++depth;
        if ((c == ')' || c == '}') && depth > 0) {
            --depth;
        } else if (c == ')') {
            args.push_back(f.substr(start, i - start));
            end = i + 1;
            if (args.size() == 1 && args[0].find_first_not_of(' ') == std::string::npos) args.clear();
            return args;
        } else if (c == ';' && depth == 0) {
            args.push_back(f.substr(start, i - start));
            start = i + 1;
        }
        ++i;
    }
    return std::nullopt;  // unbalanced: leave the formula alone
}

std::string p(const std::string& a) {
    return "(" + trim(a) + ")";
}

// The value of a text literal argument in lower case ("Grad" -> grad), nullopt for anything else.
std::optional<std::string> literal(const std::string& a) {
    const auto text = text_value(a);
    if (!text) return std::nullopt;
    return lower(*text);
}

// x and y present -> value, else "".
std::string when_numbers(const std::string& x, const std::string& y, const std::string& value) {
    return "IF(ISNUMBER(" + x + ")*ISNUMBER(" + y + ");" + value + ";\"\")";
}

// A division by 0 that both programs show as #DIV/0! (the add-in's ISP-E... for a zero denominator is
// #DIV/0! as well, docs/functions.md).
std::string unless_zero(const std::string& d, const std::string& value) {
    return "IF(" + d + "=0;1/0;" + value + ")";
}

// value missing -> ""; else the class (label or number) by an IF chain over the cut-points.
std::optional<std::string> klasse(const std::vector<std::string>& args, const SchemeOracle& oracle,
                                  std::string& reason) {
    if (args.empty() || args.size() > 5 || !given(args, 0)) {
        reason = "ISP_KLASSE mit ungewöhnlichen Argumenten";
        return std::nullopt;
    }
    bool numbers = false;
    if (given(args, 4)) {
        // The engine's keyword table (engine/src/keywords.cpp): 0 = text, 1 = number.
        const auto out = literal(args[4]);
        const std::size_t k = out ? find_keyword(keywords::kKlasseOutput, *out) : kNoKeyword;
        if (k == kNoKeyword) {
            reason = "ISP_KLASSE mit berechneter oder unbekannter Ausgabeart";
            return std::nullopt;
        }
        numbers = k == 1;
    }
    std::vector<std::string> scheme_args;
    for (std::size_t i = 1; i < 4; ++i) scheme_args.push_back(given(args, i) ? trim(args[i]) : "");
    const std::optional<ClassScheme> scheme = oracle ? oracle(scheme_args) : std::nullopt;
    if (!scheme || scheme->labels.size() != scheme->cuts.size() + 1 ||
        scheme->upper.size() != scheme->cuts.size()) {
        reason = "ISP_KLASSE ohne feste Klassengrenzen (Quantile der Werte) oder Schema nicht lesbar";
        return std::nullopt;
    }
    const std::string v = p(args[0]);
    auto label = [&](std::size_t k) {
        return numbers ? std::to_string(k + 1) : quoted(scheme->labels[k], '"');
    };
    std::string chain = label(scheme->cuts.size());
    for (std::size_t k = scheme->cuts.size(); k-- > 0;) {
        // "ab": a value equal to the cut-point is in the upper class, so the lower class ends below it.
        const std::string test = v + (scheme->upper[k] ? "<" : "<=") + number_literal(scheme->cuts[k]);
        chain = "IF(" + test + ";" + label(k) + ";" + chain + ")";
    }
    return "IF(ISNUMBER(" + v + ");" + chain + ";\"\")";
}

// ISP_AGGREGATE(values; groups; group; [method]; [weights]) for one group (engine aggregate.cpp): the rows
// whose key equals the group's (an empty key belongs to no group); no such row -> "". "summe": a member
// without a value -> "" (the sum would be too low); "quote": Σ values ÷ Σ denominators, a member missing
// either -> "", Σ denominators = 0 -> #DIV/0!; "gewmittel": Σ w·x ÷ Σ w over the members that have both,
// none -> "", Σ w = 0 -> #DIV/0!; "mittel": the mean of the members with a value. SUMPRODUCT takes text in a
// range argument as 0 in Excel and Calc, and key comparisons by "=" need no criteria syntax (SUMIF would
// read "<5" or "a*" in a key as a condition).
std::optional<std::string> aggregate(const std::vector<std::string>& args, std::string& reason) {
    if (!given(args, 0) || !given(args, 1) || !given(args, 2) || args[2].find(':') != std::string::npos) {
        reason =
            "ISP_AGGREGATE für mehrere Gruppen auf einmal hat in dieser Fassung keine Formel ohne Add-in";
        return std::nullopt;
    }
    AggMethod method = AggMethod::Sum;
    if (given(args, 3)) {
        const auto word = literal(args[3]);
        try {
            if (!word) throw Error(ErrorCode::UnknownMethod);
            method = parse_agg_method(*word);
        } catch (const Error&) {
            reason = "ISP_AGGREGATE mit berechneter oder unbekannter Methode";
            return std::nullopt;
        }
    }
    const std::string v = p(args[0]), g = p(args[1]), k = p(args[2]);
    const std::string w = given(args, 4) ? p(args[4]) : "";
    const std::string in = "(" + g + "=" + k + ")*(" + g + "<>\"\")";
    auto sp = [](const std::string& a) { return "SUMPRODUCT(" + a + ")"; };
    // "ISNUMBER((" as in every other rewritten form (tests/sharing/calc_portable.py finds them by it).
    const std::string has_v = "ISNUMBER(" + v + ")";
    switch (method) {
        case AggMethod::Sum:
            return "IF(" + sp(in) + "=0;\"\";IF(" + sp(in + "*(1-" + has_v + ")") + ">0;\"\";" +
                   sp(in + ";" + v) + "))";
        case AggMethod::Ratio: {
            if (w.empty()) break;
            const std::string gaps = in + "*((1-" + has_v + ")+(1-ISNUMBER(" + w + ")))";
            return "IF(" + sp(in) + "=0;\"\";IF(" + sp(gaps) + ">0;\"\";" + sp(in + ";" + v) + "/" +
                   sp(in + ";" + w) + "))";
        }
        case AggMethod::WeightedMean: {
            if (w.empty()) break;
            const std::string both = in + "*" + has_v + "*ISNUMBER(" + w + ")";
            return "IF(" + sp(both) + "=0;\"\";" + sp(both + ";" + v + ";" + w) + "/" + sp(both + ";" + w) +
                   ")";
        }
        case AggMethod::Mean: {
            const std::string present = in + "*" + has_v;
            return "IF(" + sp(present) + "=0;\"\";" + sp(present + ";" + v) + "/" + sp(present) + ")";
        }
        default: break;
    }
    reason = std::string("ISP_AGGREGATE mit der Methode „") + agg_method_keyword(method) +
             "“ hat in dieser Fassung keine Formel ohne Add-in";
    return std::nullopt;
}

// The native form of one call with translated arguments, or nullopt (with `reason`).
std::optional<std::string> native(const std::string& key, const std::vector<std::string>& args,
                                  const SchemeOracle& oracle, std::string& reason) {
    if (key == "ISPKLASSE") return klasse(args, oracle, reason);
    auto need = [&](std::size_t lo, std::size_t hi) { return args.size() >= lo && args.size() <= hi; };
    if (key == "ISPECKWERT" && need(2, 3)) {
        const std::string per = given(args, 2) ? p(args[2]) : "1000";
        return when_numbers(p(args[0]), p(args[1]), p(args[0]) + "/" + p(args[1]) + "*" + per);
    }
    if ((key == "ISPAUSLASTUNG" || key == "ISPVERSORGUNGSGRAD" || key == "ISPDICHTE") && need(2, 2))
        return when_numbers(p(args[0]), p(args[1]), p(args[0]) + "/" + p(args[1]));
    if (key == "ISPVERAENDERUNG" && need(2, 2)) {
        // A negative base has no change in per cent: "" (engine yoy_change).
        const std::string prev = p(args[0]), cur = p(args[1]);
        return when_numbers(prev, cur, "IF(" + prev + "<0;\"\";" + cur + "/" + prev + "-1)");
    }
    if (key == "ISPDECKUNG" && need(2, 3)) {
        const std::string s = p(args[0]), d = p(args[1]);
        const std::optional<std::string> out =
            given(args, 2) ? literal(args[2]) : std::optional<std::string>("grad");
        if (!out) {
            reason = "ISP_DECKUNG mit berechneter Ausgabeart";
            return std::nullopt;
        }
        // The engine computes the ratio first, so every output of a zero demand is #DIV/0!. The outputs in
        // the order of the engine's keyword table: grad, offen, luecke, status.
        switch (find_keyword(keywords::kDeckungOutput, *out)) {
            case 0: return when_numbers(s, d, s + "/" + d);
            case 1:
                return when_numbers(s, d, unless_zero(d, "IF(" + d + "-" + s + ">0;" + d + "-" + s + ";0)"));
            case 2: return when_numbers(s, d, unless_zero(d, d + "-" + s));
            case 3:
                return when_numbers(
                    s, d, unless_zero(d, "IF(" + s + ">=" + d + ";\"gedeckt\";\"offener Bedarf\")"));
            default: break;
        }
        reason = "ISP_DECKUNG mit unbekannter Ausgabeart";
        return std::nullopt;
    }
    if (key == "ISPAGGREGATE" && need(3, 5)) return aggregate(args, reason);
    if (key == "ISPBEDARF" && need(2, 3) && args[0].find(':') == std::string::npos &&
        args[1].find(':') == std::string::npos) {
        // One age group: population × quota × (1 + buffer); several age groups are frozen.
        const std::string buffer = given(args, 2) ? p(args[2]) : "0";
        return p(args[0]) + "*" + p(args[1]) + "*(1+" + buffer + ")";
    }
    reason = "ISP_" + key.substr(3) + " hat in dieser Fassung keine Formel ohne Add-in";
    return std::nullopt;
}

// Rewrites every add-in call of `f` into `out`; false (with reason) when a call cannot be translated.
bool rewrite(const std::string& f, std::string& out, const SchemeOracle& oracle, std::string& reason) {
    out.clear();
    std::size_t i = 0;
    while (i < f.size()) {
        const char c = f[i];
        if (c == '"' || c == '\'') {
            const std::size_t e = skip_quoted(f, i);
            out += f.substr(i, e - i);
            i = e;
            continue;
        }
        if (!ident_start(c) || (i > 0 && (ident_char(f[i - 1]) || f[i - 1] == '$'))) {
            out += c;
            ++i;
            continue;
        }
        std::size_t e = i;
        while (e < f.size() && ident_char(f[e])) ++e;
        const std::string name = f.substr(i, e - i);
        std::size_t open = e;
        while (open < f.size() && f[open] == ' ') ++open;
        const std::string key = addin_key(name);
        if (key.empty() || open >= f.size() || f[open] != '(') {
            out += name;
            i = e;
            continue;
        }
        std::size_t end = 0;
        auto args = split_call(f, open, end);
        if (!args) {
            reason = "Formel nicht lesbar";
            return false;
        }
        for (auto& a : *args) {
            std::string inner;
            if (!rewrite(a, inner, oracle, reason)) return false;
            a = inner;
        }
        const auto n = native(key, *args, oracle, reason);
        if (!n) return false;
        out += *n;
        i = end;
    }
    return true;
}

}  // namespace

bool uses_addin(const std::string& formula) {
    for (std::size_t i = 0; i < formula.size();) {
        if (formula[i] == '"' || formula[i] == '\'') {
            i = skip_quoted(formula, i);
            continue;
        }
        if (ident_start(formula[i]) && (i == 0 || !ident_char(formula[i - 1]))) {
            std::size_t e = i;
            while (e < formula.size() && ident_char(formula[e])) ++e;
            if (!addin_key(formula.substr(i, e - i)).empty()) return true;
            i = e;
            continue;
        }
        ++i;
    }
    return false;
}

std::string quoted(const std::string& s, char q) {
    std::string out(1, q);
    for (char c : s) {
        out += c;
        if (c == q) out += q;
    }
    return out + q;
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(' ');
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(' ') - a + 1);
}

bool given(const std::vector<std::string>& args, std::size_t i) {
    return i < args.size() && !trim(args[i]).empty();
}

std::optional<std::string> text_value(const std::string& argument) {
    const std::string t = trim(argument);
    if (t.size() < 2 || t.front() != '"' || t.back() != '"') return std::nullopt;
    const std::string inner = t.substr(1, t.size() - 2);
    if (inner.find('"') != std::string::npos) return std::nullopt;
    return inner;
}

std::optional<std::vector<std::string>> single_call(const std::string& formula, const std::string& wanted) {
    std::size_t i = formula.rfind('=', 0) == 0 ? 1 : 0;
    while (i < formula.size() && formula[i] == ' ') ++i;
    std::size_t e = i;
    while (e < formula.size() && ident_char(formula[e])) ++e;
    if (e == i || addin_key(formula.substr(i, e - i)) != wanted || e >= formula.size() || formula[e] != '(')
        return std::nullopt;
    std::size_t end = 0;
    auto args = split_call(formula, e, end);
    if (!args || formula.find_first_not_of(' ', end) != std::string::npos) return std::nullopt;
    for (auto& a : *args) a = trim(a);
    return args;
}

std::string number_literal(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

Translation translate(const std::string& formula, const SchemeOracle& oracle) {
    Translation t;
    std::string out;
    if (rewrite(formula, out, oracle, t.reason)) {
        t.ok = true;
        t.formula = out;
    } else {
        t.formula = formula;
    }
    return t;
}

}  // namespace isp::portable
