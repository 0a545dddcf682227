// ISP_BELASTUNG in helper cells (see portable_index.hpp). Every step follows the engine's composite
// (engine/src/composite.cpp, normalise.cpp) for the forms the templates use:
//   reference areas: all rows, or with a population and a minimum population > 0 those with population ≥ it
//     (a missing population is not ≥ it);
//   per indicator j with weight w_j > 0: centre c_j = the given reference value (the Landkreis row) or the
//   mean
//     of the reference areas' values; s_j = their sample SD (STDEV, n − 1);
//   z_ij = polarity_j × (x_ij − c_j) ÷ s_j for reference areas with a value;
//   per area: k = indicators with w > 0, n_i = those with a z; n_i = 0 or n_i ÷ k < minimum coverage -> "";
//     "mean": Σ w z ÷ Σ w over the present ones; "sum"/"mss": Σ w z × (Σ w of all ÷ Σ w of the present ones);
//   "mss": ÷ the sample SD of these sums over the areas; SD scaling: ÷ the sample SD of the index (no
//     re-centring).
// A value error in the matrix makes every index an error, as in the add-in (which refuses the whole call).
#include "portable_index.hpp"

#include <cctype>
#include <cstddef>

#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "isp/normalise.hpp"
#include "portable_formula.hpp"

namespace isp::portable {
namespace {

std::string col_letters(int col) {
    std::string s;
    for (int c = col + 1; c > 0; c = (c - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
    return s;
}

std::string quoted_sheet(const std::string& sheet) {
    return "$" + quoted(sheet, '\'');
}

// Parses "$C$10" at `i` (column letters and row digits, each with an optional '$').
bool parse_cell(const std::string& t, std::size_t& i, int& col, int& row) {
    if (i < t.size() && t[i] == '$') ++i;
    int c = 0;
    std::size_t letters = 0;
    while (i < t.size() && std::isupper(static_cast<unsigned char>(t[i])) && letters < 3) {
        c = c * 26 + (t[i] - 'A' + 1);
        ++i;
        ++letters;
    }
    if (letters == 0) return false;
    if (i < t.size() && t[i] == '$') ++i;
    long r = 0;
    std::size_t digits = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) && digits < 8) {
        r = r * 10 + (t[i] - '0');
        ++i;
        ++digits;
    }
    if (digits == 0 || r == 0) return false;
    col = c - 1;
    row = static_cast<int>(r - 1);
    return true;
}

// Parses an optional "$Sheet." or "$'Sheet name'." prefix at `i`.
bool parse_sheet(const std::string& t, std::size_t& i, std::string& sheet) {
    std::size_t j = i;
    if (j < t.size() && t[j] == '$') ++j;
    if (j < t.size() && t[j] == '\'') {
        std::string name;
        ++j;
        while (j < t.size()) {
            if (t[j] == '\'') {
                if (j + 1 < t.size() && t[j + 1] == '\'') {
                    name += '\'';
                    j += 2;
                    continue;
                }
                break;
            }
            name += t[j++];
        }
        if (j + 1 >= t.size() || t[j] != '\'' || t[j + 1] != '.') return false;
        sheet = name;
        i = j + 2;
        return true;
    }
    const std::size_t dot = t.find('.', j);
    if (dot == std::string::npos) return true;  // no sheet
    for (std::size_t k = j; k < dot; ++k) {
        const unsigned char c = static_cast<unsigned char>(t[k]);
        if (!(std::isalnum(c) || c == '_' || c >= 0x80)) return true;  // not a sheet prefix
    }
    sheet = t.substr(j, dot - j);
    i = dot + 1;
    return true;
}

bool is_name(const std::string& t) {
    if (t.empty() || !(std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_')) return false;
    for (char c : t)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
    return !parse_range(t);
}

bool is_number(const std::string& t) {
    if (t.empty()) return false;
    std::size_t used = 0;
    try {
        (void)std::stod(t, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used == t.size();
}

// A scalar argument as an expression usable anywhere: a number, a text literal, a workbook name or a single
// cell (made absolute); nullopt for anything else.
std::optional<std::string> scalar(const std::string& a, const std::string& sheet) {
    const std::string t = trim(a);
    if (is_number(t) || text_value(t) || is_name(t)) return t;
    if (t == "TRUE()" || t == "FALSE()") return t;
    if (const auto r = parse_range(t); r && r->rows() == 1 && r->cols() == 1)
        return absolute_cell(r->sheet.empty() ? sheet : r->sheet, r->col0, r->row0);
    return std::nullopt;
}

// n cells of a one-row or one-column range as absolute references; nullopt when it has another shape.
std::optional<std::vector<std::string>> vector_cells(const std::string& a, const std::string& sheet, int n) {
    const auto r = parse_range(trim(a));
    if (!r || !((r->rows() == 1 && r->cols() == n) || (r->cols() == 1 && r->rows() == n)))
        return std::nullopt;
    std::vector<std::string> out;
    const std::string s = r->sheet.empty() ? sheet : r->sheet;
    for (int k = 0; k < n; ++k)
        out.push_back(r->rows() == 1 ? absolute_cell(s, r->col0 + k, r->row0)
                                     : absolute_cell(s, r->col0, r->row0 + k));
    return out;
}

// The keyword of an argument: a literal directly, a reference or name through the open workbook.
std::optional<std::string> keyword_of(const std::string& a, const std::string& sheet,
                                      const ArgumentValue& value, bool& by_reference) {
    const std::string t = trim(a);
    by_reference = false;
    if (const auto lit = text_value(t)) return lit;
    const auto expr = scalar(t, sheet);
    if (!expr || !value) return std::nullopt;
    by_reference = true;
    return value(*expr);
}

}  // namespace

std::optional<RangeRef> parse_range(const std::string& text) {
    const std::string t = trim(text);
    RangeRef r;
    std::size_t i = 0;
    if (!parse_sheet(t, i, r.sheet)) return std::nullopt;
    if (!parse_cell(t, i, r.col0, r.row0)) return std::nullopt;
    r.col1 = r.col0;
    r.row1 = r.row0;
    if (i < t.size() && t[i] == ':') {
        ++i;
        std::string second;
        if (!parse_sheet(t, i, second) || (!second.empty() && second != r.sheet)) return std::nullopt;
        if (!parse_cell(t, i, r.col1, r.row1)) return std::nullopt;
    }
    if (i != t.size() || r.col1 < r.col0 || r.row1 < r.row0) return std::nullopt;
    return r;
}

std::string absolute_cell(const std::string& sheet, int col, int row) {
    return quoted_sheet(sheet) + ".$" + col_letters(col) + "$" + std::to_string(row + 1);
}

IndexTranslation translate_index(const std::vector<std::string>& args, const IndexPlace& place,
                                 const ArgumentValue& value) {
    IndexTranslation out;
    auto refuse = [&](const std::string& why) {
        out = IndexTranslation{};
        out.reason = "ISP_BELASTUNG " + why + ": in dieser Fassung keine Formel ohne Add-in";
        return out;
    };
    if (args.empty() || args.size() > 11) return refuse("mit ungewöhnlichen Argumenten");
    const auto matrix = parse_range(args[0]);
    if (!matrix) return refuse("über etwas anderes als einen Zellbereich");
    const int N = matrix->rows();
    const int n = matrix->cols();
    if (place.cols != 1 || place.rows != N) return refuse("in einem Bereich anderer Größe als die Matrix");
    const std::string msheet = matrix->sheet.empty() ? place.sheet : matrix->sheet;
    auto x = [&](int i, int j) { return absolute_cell(msheet, matrix->col0 + j, matrix->row0 + i); };

    // Per-column arguments: ranges of n cells or omitted.
    std::vector<std::string> pol(n, "1"), w(n, "1");
    if (given(args, 1)) {
        auto cells = vector_cells(args[1], place.sheet, n);
        if (!cells) return refuse("mit Polaritäten, die kein Zellbereich sind");
        for (int j = 0; j < n; ++j) pol[j] = "IF(" + (*cells)[j] + "<0;-1;1)";
    }
    if (given(args, 2)) {
        auto cells = vector_cells(args[2], place.sheet, n);
        if (!cells) return refuse("mit Gewichten, die kein Zellbereich sind");
        w = *cells;
    }
    // Method (a keyword, perhaps on the Parameter sheet: fixed at export, guarded in the result).
    CompositeMethod method = CompositeMethod::Mean;
    std::string method_guard;  // a condition that holds while the method cell keeps its value
    if (given(args, 3)) {
        bool by_reference = false;
        const auto word = keyword_of(args[3], place.sheet, value, by_reference);
        if (!word) return refuse("mit berechneter Methode");
        try {
            method = parse_composite_method(*word);
        } catch (const Error&) {
            return refuse("mit unbekannter Methode");
        }
        if (by_reference) method_guard = *scalar(args[3], place.sheet) + "=" + quoted(*word, '"');
    }
    if (method == CompositeMethod::GeometricMean) return refuse("mit dem geometrischen Mittel");
    // Population and minimum population.
    std::vector<std::string> pop;
    if (given(args, 4)) {
        auto cells = vector_cells(args[4], place.sheet, N);
        if (!cells) return refuse("mit Einwohnern, die kein Zellbereich sind");
        pop = *cells;
    }
    std::string min_pop = number_literal(CompositeOptions{}.min_population);
    if (given(args, 5)) {
        const auto e = scalar(args[5], place.sheet);
        if (!e) return refuse("mit berechneter Mindesteinwohnerzahl");
        min_pop = "(" + *e + ")";
    }
    if (given(args, 6)) {
        bool by_reference = false;
        const auto word = keyword_of(args[6], place.sheet, value, by_reference);
        bool z = false;
        try {
            z = word && !by_reference && parse_norm_method(*word) == NormMethod::ZScore;
        } catch (const Error&) {
            z = false;
        }
        if (!z) return refuse("mit einer anderen Normierung als z");
    }
    std::string min_cov = number_literal(CompositeOptions{}.min_coverage);
    if (given(args, 7)) {
        const auto e = scalar(args[7], place.sheet);
        if (!e) return refuse("mit berechneter Mindestabdeckung");
        min_cov = "(" + *e + ")";
    }
    std::string rescale =
        "0";  // IF(x;…) reads 0/1 and FALSE/TRUE alike in both programs (TRUE=1 is FALSE in Excel)
    if (given(args, 8)) {
        const auto e = scalar(args[8], place.sheet);
        if (!e) return refuse("mit berechneter SD-Skalierung");
        rescale = "(" + *e + ")";
    }
    std::vector<std::string> centre_ref;  // given reference values, or empty: the mean of the reference areas
    if (given(args, 9)) {
        auto cells = vector_cells(args[9], place.sheet, n);
        if (!cells) return refuse("mit einem Bezugspunkt, der keine Zeile mit Landkreiswerten ist");
        centre_ref = *cells;
    }
    if (given(args, 10)) return refuse("mit Ausreißerbehandlung");

    // ---- Layout of the block (0-based rows/columns of the helper sheet) ----
    const int h0 = place.helper_row;
    const std::string& hs = place.helper_sheet;
    auto h = [&](int r, int c) { return absolute_cell(hs, c, r); };
    auto put = [&](int r, int c, const std::string& content) { out.helpers.push_back({r, c, content}); };
    auto hrange = [&](int r0, int c0, int r1, int c1) {
        return quoted_sheet(hs) + ".$" + col_letters(c0) + "$" + std::to_string(r0 + 1) + ":$" +
               col_letters(c1) + "$" + std::to_string(r1 + 1);
    };
    const int rW = h0 + 2, rP = h0 + 3, rC = h0 + 4, rS = h0 + 5, rK = h0 + 6;
    const int rV = h0 + 8;      // values of the reference areas (N rows), header one row above
    const int rZ = rV + N + 2;  // z-scores and per-area sums (N rows), header one row above
    const int cRef = n + 1;     // in the V block: reference area 1/0
    const int cW = n + 1, cSum = n + 2, cPresent = n + 3, cRaw = n + 4, cMss = n + 5, cIndex = n + 6;

    put(h0, 0, place.title);
    put(h0 + 1, 0, "Spalte der Matrix");
    for (int j = 0; j < n; ++j) put(h0 + 1, 1 + j, col_letters(matrix->col0 + j));
    put(rW, 0, "Gewicht");
    put(rP, 0, "Polarität");
    put(rC, 0, centre_ref.empty() ? "Mittel der Bezugsgebiete" : "Bezugswert (Landkreis)");
    put(rS, 0, "Standardabweichung der Bezugsgebiete");
    put(rK, 0, "Indikatoren mit Gewicht > 0");
    const std::string wrow = hrange(rW, 1, rW, n);
    put(rK, 1, "=SUMPRODUCT((" + wrow + ">0)*1)");
    for (int j = 0; j < n; ++j) {
        const std::string vcol = hrange(rV, 1 + j, rV + N - 1, 1 + j);
        put(rW, 1 + j, "=" + w[j]);
        put(rP, 1 + j, "=" + pol[j]);
        put(rC, 1 + j,
            centre_ref.empty() ? "=IF(" + h(rW, 1 + j) + ">0;AVERAGE(" + vcol + ");\"\")"
                               : "=" + centre_ref[j]);
        put(rS, 1 + j, "=IF(" + h(rW, 1 + j) + ">0;STDEV(" + vcol + ");\"\")");
    }
    put(rV - 1, 0, "Werte der Bezugsgebiete");
    put(rV - 1, cRef, "Bezugsgebiet (1 = ja)");
    put(rZ - 1, 0, "z-Werte");
    put(rZ - 1, cW, "Σ Gewicht (mit Wert)");
    put(rZ - 1, cSum, "Σ Gewicht × z");
    put(rZ - 1, cPresent, "Indikatoren mit Wert");
    put(rZ - 1, cRaw, "Index (Rohwert)");
    put(rZ - 1, cMss, "Index (MSS)");
    put(rZ - 1, cIndex, "Index");
    const std::string ws_all = "SUMIF(" + wrow + ";\">0\")";
    for (int i = 0; i < N; ++i) {
        const std::string label = "Zeile " + std::to_string(matrix->row0 + i + 1);
        put(rV + i, 0, label);
        put(rZ + i, 0, label);
        const std::string ref = h(rV + i, cRef);
        if (pop.empty())
            put(rV + i, cRef, "=1");
        else
            put(rV + i, cRef,
                "=IF(" + min_pop + ">0;IF(ISNUMBER(" + pop[i] + ");IF(" + pop[i] + ">=" + min_pop +
                    ";1;0);0);1)");
        for (int j = 0; j < n; ++j) {
            const std::string xv = x(i, j);
            // An error value stays an error (the add-in refuses the whole call); text and empty are missing.
            put(rV + i, 1 + j,
                "=IF(ISNUMBER(" + xv + ");IF(" + ref + "=1;" + xv + ";\"\");IF(ISERROR(" + xv + ");" + xv +
                    ";\"\"))");
            put(rZ + i, 1 + j,
                "=IF(AND(" + h(rW, 1 + j) + ">0;" + ref + "=1;ISNUMBER((" + xv + ")));" + h(rP, 1 + j) +
                    "*(" + xv + "-" + h(rC, 1 + j) + ")/" + h(rS, 1 + j) + ";\"\")");
        }
        const std::string zrow = hrange(rZ + i, 1, rZ + i, n);
        put(rZ + i, cW, "=SUMPRODUCT(" + wrow + "*ISNUMBER(" + zrow + "))");
        put(rZ + i, cSum, "=SUMPRODUCT(" + wrow + ";" + zrow + ")");
        put(rZ + i, cPresent, "=SUMPRODUCT((" + wrow + ">0)*ISNUMBER(" + zrow + "))");
        const std::string W = h(rZ + i, cW), S = h(rZ + i, cSum), np = h(rZ + i, cPresent);
        const std::string combined =
            method == CompositeMethod::Mean ? S + "/" + W : S + "*(" + ws_all + "/" + W + ")";
        put(rZ + i, cRaw,
            "=IF(" + ref + "<>1;\"\";IF(" + np + "=0;\"\";IF(" + np + "/" + h(rK, 1) + "<" + min_cov +
                ";\"\";" + combined + ")))");
        const std::string raw = h(rZ + i, cRaw);
        const std::string raw_col = hrange(rZ, cRaw, rZ + N - 1, cRaw);
        put(rZ + i, cMss,
            method == CompositeMethod::Mss
                ? "=IF(ISNUMBER(" + raw + ");" + raw + "/STDEV(" + raw_col + ");\"\")"
                : "=" + raw);
        const std::string mss = h(rZ + i, cMss);
        const std::string mss_col = hrange(rZ, cMss, rZ + N - 1, cMss);
        put(rZ + i, cIndex,
            "=IF(ISNUMBER(" + mss + ");IF(" + rescale + ";" + mss + "/STDEV(" + mss_col + ");" + mss +
                ");\"\")");
        const std::string result = h(rZ + i, cIndex);
        out.results.push_back(method_guard.empty()
                                  ? "=" + result
                                  : "=IF(" + method_guard + ";" + result +
                                        ";\"Methode nur in der Arbeitsmappe mit Add-in änderbar\")");
    }
    out.rows_used = rZ + N + 1 - h0;
    out.ok = true;
    return out;
}

namespace {
// A whole range as an absolute reference ("$'Werte'.$H$6:$H$4005"), so that it means the same in every cell.
std::string absolute_range(const RangeRef& r, const std::string& sheet) {
    const std::string s = r.sheet.empty() ? sheet : r.sheet;
    return quoted_sheet(s) + ".$" + col_letters(r.col0) + "$" + std::to_string(r.row0 + 1) + ":$" +
           col_letters(r.col1) + "$" + std::to_string(r.row1 + 1);
}

// The k-th cell (row-major) of a range.
std::string nth_cell(const RangeRef& r, const std::string& sheet, int k) {
    return absolute_cell(r.sheet.empty() ? sheet : r.sheet, r.col0 + k % r.cols(), r.row0 + k / r.cols());
}
}  // namespace

CellsTranslation translate_cross_table(const std::vector<std::string>& args, const std::string& sheet,
                                       int rows, int cols) {
    CellsTranslation out;
    auto refuse = [&](const std::string& why) {
        out = CellsTranslation{};
        out.reason = "ISP_KREUZTABELLE " + why + ": in dieser Fassung keine Formel ohne Add-in";
        return out;
    };
    if (args.size() != 7 && args.size() != 8) return refuse("mit ungewöhnlichen Argumenten");
    const auto values = parse_range(args[0]);
    const auto row_key = parse_range(args[1]);
    const auto wanted_rows = parse_range(args[2]);
    const auto column_key = parse_range(args[3]);
    const auto wanted_columns = parse_range(args[4]);
    const auto condition_key = parse_range(args[5]);
    const auto condition = scalar(args[6], sheet);
    // What a cell without a value shows: "" unless the call names a number (the optional argument Leer).
    const auto empty_value = args.size() == 8 && !trim(args[7]).empty() ? scalar(args[7], sheet)
                                                                        : std::optional<std::string>("\"\"");
    if (!values || !row_key || !wanted_rows || !column_key || !wanted_columns || !condition_key ||
        !condition || !empty_value)
        return refuse("mit Schlüsseln oder einer Bedingung, die kein Zellbereich ist");
    if (rows != wanted_rows->rows() * wanted_rows->cols() ||
        cols != wanted_columns->rows() * wanted_columns->cols())
        return refuse("über einen Bereich anderer Größe als das Ergebnis");

    const std::string v = absolute_range(*values, sheet);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const std::string kr = nth_cell(*wanted_rows, sheet, r);
            const std::string kc = nth_cell(*wanted_columns, sheet, c);
            const std::string empty = "OR(" + kr + "=\"\";" + kc + "=\"\")";
            const std::string crit = absolute_range(*row_key, sheet) + ";\"=\"&" + kr + ";" +
                                     absolute_range(*column_key, sheet) + ";\"=\"&" + kc + ";" +
                                     absolute_range(*condition_key, sheet) + ";\"=\"&" + *condition;
            // Empty (or Leer) when no row has a number (COUNTIFS with a numeric criterion counts numbers
            // only); an empty key gives the same as in the add-in (MMULT over the block needs the number
            // there).
            out.formulas.push_back("=IF(" + empty + ";" + *empty_value + ";IF(COUNTIFS(" + crit + ";" + v +
                                   ";\">-1E+307\")=0;" + *empty_value + ";SUMIFS(" + v + ";" + crit + ")))");
        }
    }
    out.ok = true;
    return out;
}

}  // namespace isp::portable
