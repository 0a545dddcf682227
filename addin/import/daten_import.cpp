#include "daten_import.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp::daten {

namespace {

std::string trim(std::string_view s) {
    // Non-breaking spaces (U+00A0, C2 A0) count as blanks: office exports use them as thousands separators.
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e) {
        if (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n') {
            ++b;
        } else if (e - b >= 2 && s.substr(b, 2) == "\xC2\xA0") {
            b += 2;
        } else {
            break;
        }
    }
    while (e > b) {
        if (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n') {
            --e;
        } else if (e - b >= 2 && s.substr(e - 2, 2) == "\xC2\xA0") {
            e -= 2;
        } else {
            break;
        }
    }
    return std::string(s.substr(b, e - b));
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        if (c < 0x80) {
            n = 0;
        } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
            n = 1;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
        } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
            n = 3;
        } else {
            return false;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += n + 1;
    }
    return true;
}

void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Windows-1252 0x80–0x9F (0 = undefined, kept as U+FFFD).
constexpr unsigned kCp1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_date(std::string_view s, int& year) {
    // "31.12.2023" or "2023-12-31"
    if (s.size() == 10 && s[2] == '.' && s[5] == '.' && all_digits(s.substr(0, 2)) &&
        all_digits(s.substr(3, 2)) && all_digits(s.substr(6, 4))) {
        year = std::stoi(std::string(s.substr(6, 4)));
        return true;
    }
    if (s.size() == 10 && s[4] == '-' && s[7] == '-' && all_digits(s.substr(0, 4)) &&
        all_digits(s.substr(5, 2)) && all_digits(s.substr(8, 2))) {
        year = std::stoi(std::string(s.substr(0, 4)));
        return true;
    }
    if (s.size() == 4 && all_digits(s)) {
        year = std::stoi(std::string(s));
        return year >= 1900 && year <= 2100;
    }
    return false;
}

// Region codes of the official statistics: Land (2), Regierungsbezirk (3), Kreis (5), Gemeinde (8, AGS),
// Gemeindeverband (9), Regionalschlüssel (12, ARS); "DG" = Deutschland.
bool is_region_code(std::string_view s) {
    if (s == "DG") {
        return true;
    }
    if (!all_digits(s)) {
        return false;
    }
    const auto n = s.size();
    return n == 2 || n == 3 || n == 5 || n == 7 || n == 8 || n == 9 || n == 12;
}

std::vector<std::string> split_fields(const std::string& line) {
    // ";"-separated; a field may be quoted ("a;b", "" inside = one quote).
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    cur += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                cur += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ';') {
            out.push_back(trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(trim(cur));
    // Trailing empty fields carry nothing (GENESIS pads header lines with ";;;").
    while (!out.empty() && out.back().empty()) {
        out.pop_back();
    }
    return out;
}

bool footer_line(const std::string& first) {
    static const char* markers[] = {
        "__",         "(C)", "(c)", "©", "Stand:", "Quelle:", "Fußnote", "Hinweis", "Zeichenerklärung",
        "Erläuterung"};
    for (const char* m : markers) {
        if (first.rfind(m, 0) == 0) {
            return true;
        }
    }
    return false;
}

// A value cell: number, official sign or empty. nullopt: unreadable.
std::optional<Value> read_value(const std::string& raw) {
    Value v;
    v.raw = raw;
    if (raw.empty()) {
        v.reason = "leere Zelle in der Datei";
        return v;
    }
    if (auto n = parse_german_number(raw)) {
        v.number = n;
        return v;
    }
    if (auto meaning = special_sign_meaning(raw)) {
        v.sign = raw;
        v.reason = "„" + raw + "“ " + *meaning;
        return v;
    }
    return std::nullopt;
}

std::string lower_ascii(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

// Gemeinde names as printed by the statistical offices ("Zwickau, Stadt", "Lichtenstein/Sa., Stadt") compared
// with the workbook's names: suffixes after a comma dropped, blanks squeezed, ASCII letters lower-cased.
std::string name_key(const std::string& name) {
    std::string s = trim(name);
    const auto comma = s.find(',');
    if (comma != std::string::npos) {
        s = trim(s.substr(0, comma));
    }
    std::string out;
    for (char c : s) {
        if (c == ' ' && (!out.empty() && out.back() == ' ')) {
            continue;
        }
        out += c;
    }
    return lower_ascii(out);
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const auto& p : parts) {
        if (!out.empty()) {
            out += sep;
        }
        out += p;
    }
    return out;
}

}  // namespace

std::string to_utf8(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        bytes.remove_prefix(3);
    }
    if (valid_utf8(bytes)) {
        return std::string(bytes);
    }
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else if (c < 0xA0) {
            append_utf8(out, kCp1252[c - 0x80] ? kCp1252[c - 0x80] : 0xFFFD);
        } else {
            append_utf8(out, c);
        }
    }
    return out;
}

std::optional<double> parse_german_number(std::string_view text) {
    std::string s = trim(text);
    if (s.empty()) {
        return std::nullopt;
    }
    std::string digits;
    std::size_t i = 0;
    if (s[0] == '-' || s[0] == '+') {
        if (s[0] == '-') {
            digits += '-';
        }
        i = 1;
    }
    const auto comma = s.find(',');
    if (comma != std::string::npos && s.find(',', comma + 1) != std::string::npos) {
        return std::nullopt;
    }
    const std::string int_part = s.substr(i, comma == std::string::npos ? std::string::npos : comma - i);
    const std::string frac = comma == std::string::npos ? std::string() : s.substr(comma + 1);
    if (int_part.empty() || (comma != std::string::npos && !all_digits(frac))) {
        return std::nullopt;
    }
    if (int_part.find('.') != std::string::npos) {
        // thousands groups: 1–3 digits, then groups of exactly three
        std::size_t start = 0;
        bool first = true;
        while (true) {
            const auto dot = int_part.find('.', start);
            const std::string group =
                int_part.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            if (!all_digits(group) || (first ? group.size() > 3 : group.size() != 3)) {
                return std::nullopt;
            }
            digits += group;
            first = false;
            if (dot == std::string::npos) {
                break;
            }
            start = dot + 1;
        }
    } else {
        if (!all_digits(int_part)) {
            return std::nullopt;
        }
        digits += int_part;
    }
    if (!frac.empty()) {
        digits += '.' + frac;
    }
    try {
        std::size_t used = 0;
        const double v = std::stod(digits, &used);
        if (used != digits.size() || !std::isfinite(v)) {
            return std::nullopt;
        }
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::string> special_sign_meaning(std::string_view cell) {
    // Zeichenerklärung of the statistical offices (the en dash and "..." are common variants in exports).
    static const std::pair<const char*, const char*> kSigns[] = {
        {"-", "nichts vorhanden (amtlich: genau null) – als fehlend übernommen"},
        {"–", "nichts vorhanden (amtlich: genau null) – als fehlend übernommen"},
        {".", "Zahlenwert unbekannt oder geheim zu halten"},
        {"x", "Tabellenfach gesperrt, weil Aussage nicht sinnvoll"},
        {"X", "Tabellenfach gesperrt, weil Aussage nicht sinnvoll"},
        {"/", "keine Angabe, da Zahlenwert nicht sicher genug"},
        {"…", "Angabe fällt später an"},
        {"...", "Angabe fällt später an"},
        {"()", "Aussagewert eingeschränkt"},
        {"*", "Wert anonymisiert (Statistik der Bundesagentur für Arbeit: kleine Fallzahl)"},
    };
    const std::string s = trim(cell);
    for (const auto& [sign, meaning] : kSigns) {
        if (s == sign) {
            return std::string(meaning);
        }
    }
    if (s.size() >= 3 && s.front() == '(' && s.back() == ')') {
        const std::string inner = s.substr(1, s.size() - 2);
        if (parse_german_number(inner)) {
            return "Aussagewert eingeschränkt, da statistisch unsicher (Wert in der Datei: " + trim(inner) +
                   ")";
        }
    }
    return std::nullopt;
}

Table parse_genesis_csv(std::string_view bytes) {
    const std::string text = to_utf8(bytes);
    std::vector<std::vector<std::string>> rows;
    {
        std::size_t start = 0;
        while (start <= text.size()) {
            auto end = text.find('\n', start);
            if (end == std::string::npos) {
                end = text.size();
            }
            std::string line = text.substr(start, end - start);
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            rows.push_back(split_fields(line));
            start = end + 1;
        }
    }
    Table table;
    // Layout of a data line: [date] [code] name value…; taken from the first data line.
    bool started = false;
    bool ended = false;
    bool with_date = false;
    bool with_code = false;
    std::size_t field_count = 0;
    std::size_t first_data = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto& f = rows[r];
        const int line_no = static_cast<int>(r + 1);
        if (f.empty()) {
            continue;
        }
        if (table.title.empty() && !started) {
            table.title = f[0];
        }
        if (ended || footer_line(f[0])) {
            if (started) {
                ended = true;
            }
            continue;
        }
        std::size_t i = 0;
        Line line;
        line.line = line_no;
        int year = 0;
        const bool date_here = f.size() > 2 && is_date(f[0], year);
        if (date_here) {
            line.year = year;
            i = 1;
        }
        const bool code_here = i < f.size() && is_region_code(f[i]);
        if (code_here) {
            line.code = f[i];
            ++i;
        }
        const bool name_here =
            i < f.size() && !f[i].empty() && !parse_german_number(f[i]) && !special_sign_meaning(f[i]);
        if (name_here) {
            line.name = f[i];
            ++i;
        }
        if ((!code_here && !name_here) || i >= f.size()) {
            if (started && !f[0].empty() && f.size() > 1) {
                table.problems.push_back("Dateizeile " + std::to_string(line_no) +
                                         ": weder Gebietsschlüssel noch Name – "
                                         "Zeile übersprungen");
            }
            continue;  // header or title line
        }
        std::vector<Value> values;
        std::string bad;
        for (std::size_t k = i; k < f.size(); ++k) {
            auto v = read_value(f[k]);
            if (!v) {
                bad = f[k];
                break;
            }
            values.push_back(*v);
        }
        if (!bad.empty()) {
            if (started || code_here) {
                table.problems.push_back(
                    "Dateizeile " + std::to_string(line_no) + ": „" + bad +
                    "“ ist weder eine Zahl (deutsches Format, z. B. 1.234,5) noch ein amtliches "
                    "Zeichen – Zeile nicht übernommen");
            }
            continue;  // before the data: a header line ("Gemeinde;Einwohner")
        }
        const bool has_content = std::any_of(values.begin(), values.end(),
                                             [](const Value& v) { return v.number || !v.sign.empty(); });
        if (!started) {
            if (!has_content) {
                continue;
            }
            started = true;
            with_date = date_here;
            with_code = code_here;
            field_count = f.size();
            first_data = r;
        }
        if (date_here != with_date || code_here != with_code) {
            table.problems.push_back(
                "Dateizeile " + std::to_string(line_no) +
                ": Aufbau passt nicht zu den übrigen Datenzeilen (Datum/Schlüssel) – Zeile nicht "
                "übernommen");
            continue;
        }
        if (f.size() > field_count) {
            table.problems.push_back("Dateizeile " + std::to_string(line_no) + ": " +
                                     std::to_string(f.size()) + " Felder statt " +
                                     std::to_string(field_count) + " – Zeile nicht übernommen");
            continue;
        }
        // Missing trailing fields were empty cells (trailing ";" are cut off).
        const std::size_t width = field_count - i;
        while (values.size() < width) {
            Value empty;
            empty.reason = "leere Zelle in der Datei";
            values.push_back(empty);
        }
        line.values = std::move(values);
        table.lines.push_back(std::move(line));
    }
    if (!started) {
        throw Error::message(Msg::ImportNoDataLine);
    }
    // Column heads: the header cells above the data in each value column.
    const std::size_t first_value = (with_date ? 1 : 0) + (with_code ? 1 : 0) + 1;
    const std::size_t title_rows = 0;  // single-field lines (title, notes) are skipped below
    for (std::size_t c = first_value; c < field_count; ++c) {
        std::vector<std::string> parts;
        for (std::size_t r = title_rows; r < first_data; ++r) {
            const auto& f = rows[r];
            if (f.size() > 1 && c < f.size() && !f[c].empty() &&
                std::find(parts.begin(), parts.end(), f[c]) == parts.end()) {
                parts.push_back(f[c]);
            }
        }
        table.columns.push_back(parts.empty() ? "Spalte " + std::to_string(c - first_value + 1)
                                              : join(parts, " / "));
    }
    return table;
}

const char* field_name(Field field) {
    switch (field) {
        case Field::Zaehler: return "Zähler";
        case Field::Nenner: return "Nenner";
        case Field::Wert: return "Wert";
    }
    return "Wert";
}

std::string german_number(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", value);
    std::string s(buf);
    if (s.find('e') != std::string::npos) {
        for (char& c : s) {
            if (c == '.') {
                c = ',';
            }
        }
        return s;
    }
    std::string sign;
    if (!s.empty() && s[0] == '-') {
        sign = "-";
        s.erase(0, 1);
    }
    const auto dot = s.find('.');
    std::string int_part = s.substr(0, dot);
    const std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    std::string grouped;
    for (std::size_t k = 0; k < int_part.size(); ++k) {
        if (k > 0 && (int_part.size() - k) % 3 == 0) {
            grouped += '.';
        }
        grouped += int_part[k];
    }
    return sign + grouped + (frac.empty() ? "" : "," + frac);
}

void report_section(std::vector<std::string>& report, const std::string& indent, const std::string& title,
                    const std::vector<std::string>& items) {
    if (items.empty()) {
        return;
    }
    report.push_back(indent + title + " (" + std::to_string(items.size()) + "):");
    for (const auto& i : items) {
        report.push_back(indent + "  " + i);
    }
}

std::size_t find_column(const Table& table, const std::string& selector) {
    std::string listing;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        listing += (c ? "; " : "") + std::to_string(c + 1) + " = " + table.columns[c];
    }
    if (all_digits(selector)) {
        const auto n = selector.size() > 6 ? 0 : static_cast<std::size_t>(std::stoul(selector));
        if (n >= 1 && n <= table.columns.size()) {
            return n - 1;
        }
        throw Error::message(Msg::ImportColumnNumberUnknown, {selector, listing});
    }
    std::vector<std::size_t> exact;
    std::vector<std::size_t> partial;
    const std::string want = lower_ascii(selector);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const std::string have = lower_ascii(table.columns[c]);
        if (have == want) {
            exact.push_back(c);
        } else if (have.find(want) != std::string::npos) {
            partial.push_back(c);
        }
    }
    if (exact.size() == 1) {
        return exact[0];
    }
    if (exact.empty() && partial.size() == 1) {
        return partial[0];
    }
    throw Error::message(
        exact.size() + partial.size() > 1 ? Msg::ImportColumnAmbiguous : Msg::ImportColumnUnknown,
        {selector, listing});
}

std::vector<Target> choose_targets(const Table& table, const std::vector<ColumnChoice>& choices,
                                   int indicator, const std::string& indicator_art) {
    std::vector<Target> targets;
    for (const auto& c : choices) {
        targets.push_back({c.field, find_column(table, c.selector)});
    }
    if (!choices.empty()) {
        return targets;
    }
    if (table.columns.size() == 1) {
        // One value column and no choice: the field follows the indicator's Art.
        if (indicator_art == "rate") {
            throw Error::message(Msg::ImportRateOneColumn, {indicator});
        }
        return {{Field::Wert, 0}};
    }
    std::string listing;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        listing += (c ? "; " : "") + std::to_string(c + 1) + " = " + table.columns[c];
    }
    throw Error::message(Msg::ImportSeveralValueColumns, {listing});
}

std::vector<Mapping> parse_mapping(std::string_view bytes, const std::string& name) {
    const std::string text = to_utf8(bytes);
    std::vector<Mapping> out;
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (n == 1) {
            continue;  // the header
        }
        const auto f = split_fields(line);
        if (f.empty()) {
            continue;
        }
        if (f.size() < 2 || !all_digits(f[0])) {
            throw Error::message(Msg::ImportMappingLine, {name, n});
        }
        out.push_back({f[0], f[1], f.size() > 2 ? f[2] : std::string()});
    }
    return out;
}

namespace {

// A number of a spreadsheet cell as the parser reads it: German decimal comma, no grouping.
std::string sheet_number(double v) {
    char buf[400];
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        std::snprintf(buf, sizeof buf, "%.15g", v);
        if (std::strchr(buf, 'e') != nullptr) {
            std::snprintf(buf, sizeof buf, "%.15f", v);
            std::string s(buf);
            while (!s.empty() && s.back() == '0') {
                s.pop_back();
            }
            std::snprintf(buf, sizeof buf, "%s", s.c_str());
        }
    }
    std::string s(buf);
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

// A spreadsheet date serial (days since 30.12.1899) as dd.mm.yyyy (civil calendar, H. Hinnant's algorithm).
std::string serial_date(double serial) {
    const long long days = static_cast<long long>(serial) - 25569 + 719468;  // 25569: 1970-01-01
    const long long era = (days >= 0 ? days : days - 146096) / 146097;
    const long long doe = days - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1;
    const long long m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%02lld.%02lld.%04lld", d, m, y);
    return buf;
}

}  // namespace

std::string sheet_as_text(const std::vector<std::vector<SheetCell>>& rows,
                          const std::vector<bool>& date_columns) {
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c > 0) {
                out += ';';
            }
            const SheetCell& cell = row[c];
            if (cell.number) {
                out += c < date_columns.size() && date_columns[c] ? serial_date(*cell.number)
                                                                  : sheet_number(*cell.number);
            } else if (cell.text.find_first_of(";\"\n") != std::string::npos) {
                std::string quoted = "\"";
                for (char ch : cell.text) {
                    quoted += ch == '"'    ? std::string("\"\"")
                              : ch == '\n' ? std::string(" ")
                                           : std::string(1, ch);
                }
                out += quoted + '"';
            } else {
                out += cell.text;
            }
        }
        out += '\n';
    }
    return out;
}

namespace {

// "01.01.2023" → 2023; 0 when not a date.
int year_of_date(const std::string& text) {
    if (text.size() != 10 || text[2] != '.' || text[5] != '.' || !all_digits(text.substr(0, 2)) ||
        !all_digits(text.substr(3, 2)) || !all_digits(text.substr(6))) {
        return 0;
    }
    const int day = std::stoi(text.substr(0, 2));
    const int month = std::stoi(text.substr(3, 2));
    if (day < 1 || day > 31 || month < 1 || month > 12) {
        return 0;
    }
    return std::stoi(text.substr(6));
}

std::optional<ChangeKind> change_kind(const std::string& text) {
    const std::string k = lower_ascii(trim(text));
    if (k == "eingliederung" || k == "eingemeindung") {
        return ChangeKind::Eingliederung;
    }
    if (k == "zusammenschluss" || k == "neubildung") {
        return ChangeKind::Zusammenschluss;
    }
    if (k == "umbenennung") {
        return ChangeKind::Umbenennung;
    }
    return std::nullopt;
}

const char* change_kind_name(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::Eingliederung: return "Eingliederung";
        case ChangeKind::Zusammenschluss: return "Zusammenschluss";
        case ChangeKind::Umbenennung: return "Umbenennung";
    }
    return "Eingliederung";
}

std::string old_label(const AreaChange& c) {
    return c.old_ags.empty() ? c.old_name : c.old_ags + " " + c.old_name;
}

}  // namespace

std::vector<AreaChange> parse_area_changes(std::string_view bytes) {
    std::istringstream in(to_utf8(bytes));
    std::vector<AreaChange> out;
    std::string text;
    int n = 0;
    auto bad = [&n](Msg id, std::initializer_list<MsgArg> args) {
        throw Error::message(id, args).at(place(Msg::ChangesLine, {n}));
    };
    while (std::getline(in, text)) {
        ++n;
        const auto f = split_fields(text);
        if (f.empty() || (n == 1 && year_of_date(f[0]) == 0)) {
            continue;  // empty line, or the header line
        }
        AreaChange c;
        c.line = n;
        c.valid_from = f[0];
        c.first_year = year_of_date(f[0]);
        if (c.first_year == 0) {
            bad(Msg::ChangesBadDate, {f[0]});
        }
        const auto kind = change_kind(f.size() > 1 ? f[1] : "");
        if (!kind) {
            bad(Msg::ChangesUnknownKind, {f.size() > 1 ? f[1] : std::string()});
        }
        c.kind = *kind;
        c.old_ags = f.size() > 2 ? f[2] : "";
        c.old_name = f.size() > 3 ? f[3] : "";
        c.new_ags = f.size() > 4 ? f[4] : "";
        c.new_name = f.size() > 5 ? f[5] : "";
        if (!c.old_ags.empty() && (c.old_ags.size() != 8 || !all_digits(c.old_ags))) {
            bad(Msg::ChangesOldKeyNotEightDigits, {c.old_ags});
        }
        if (c.old_ags.empty() && c.old_name.empty()) {
            bad(Msg::ChangesNoOldArea, {});
        }
        if (c.new_ags.size() != 8 || !all_digits(c.new_ags)) {
            bad(Msg::ChangesNewKeyNotEightDigits, {c.new_ags});
        }
        if (c.old_ags == c.new_ags && c.kind != ChangeKind::Umbenennung) {
            bad(Msg::ChangesSameKeys, {});
        }
        out.push_back(std::move(c));
    }
    // Whole-table rules: each old Gemeinde once, no chains, one kind per successor.
    for (const auto& c : out) {
        n = c.line;
        for (const auto& d : out) {
            if (&d == &c) {
                continue;
            }
            const bool same_old = !c.old_ags.empty()
                                      ? d.old_ags == c.old_ags
                                      : d.old_ags.empty() && name_key(d.old_name) == name_key(c.old_name);
            if (same_old && d.line < c.line) {
                bad(Msg::ChangesListedTwice, {old_label(c), d.line});
            }
            if (d.old_ags == c.new_ags && d.old_ags != d.new_ags) {
                bad(Msg::ChangesChain, {c.new_ags, d.line});
            }
            if (d.new_ags == c.new_ags && d.kind != c.kind && d.line < c.line) {
                bad(Msg::ChangesMixedKinds,
                    {c.new_ags, change_kind_name(c.kind), change_kind_name(d.kind), d.line});
            }
            if (d.new_ags == c.new_ags && c.kind == ChangeKind::Umbenennung && d.line < c.line) {
                bad(Msg::ChangesRenameTwice, {c.new_ags, d.line});
            }
        }
    }
    return out;
}

namespace {

struct Key {
    int year;
    std::string area;
    bool operator<(const Key& o) const { return std::tie(year, area) < std::tie(o.year, o.area); }
};

std::string show_cell(const CellState& c) {
    if (c.number) {
        return german_number(*c.number);
    }
    if (!c.text.empty()) {
        return "Text „" + c.text + "“";
    }
    return "leer";
}

bool ours(const std::string& comment) {
    return comment.rfind(kCommentPrefix, 0) == 0;
}

// "A", "A und B", "A, B und C".
std::string german_list(const std::vector<std::string>& items) {
    if (items.size() < 2) {
        return items.empty() ? std::string() : items.front();
    }
    const std::vector<std::string> head(items.begin(), items.end() - 1);
    return join(head, ", ") + " und " + items.back();
}

// The Bemerkung of a series break on the sheet Reihenbrüche: the predecessors (grouped by the day of the
// change), what happened to them, and that earlier years were converted (short: the list's cells show about
// three lines; the file is named in the Werte comments and the report).
std::string break_note(const std::vector<const AreaChange*>& changes, const std::string& successor_name) {
    std::vector<std::string> groups;
    std::vector<std::string> days;
    for (const auto* c : changes) {
        if (std::find(days.begin(), days.end(), c->valid_from) == days.end()) {
            days.push_back(c->valid_from);
        }
    }
    for (const auto& day : days) {
        std::vector<std::string> names;
        for (const auto* c : changes) {
            if (c->valid_from == day) {
                names.push_back(c->old_name.empty() ? c->old_ags : c->old_name);
            }
        }
        groups.push_back(german_list(names) + " zum " + day);
    }
    const std::string who = join(groups, ", ");
    std::string what;
    switch (changes.front()->kind) {  // one kind per successor (parse_area_changes)
        case ChangeKind::Eingliederung: what = who + " in " + successor_name + " eingegliedert"; break;
        case ChangeKind::Zusammenschluss:
            what = who + " zu " + successor_name + " zusammengeschlossen";
            break;
        case ChangeKind::Umbenennung: what = who + " umbenannt in " + successor_name; break;
    }
    return what + "; frühere Jahre beim Import umgerechnet";
}

}  // namespace

Plan plan_import(const Table& table, const ImportSpec& spec, const std::vector<Area>& areas,
                 const std::vector<Mapping>& mapping, const std::vector<WerteRow>& werte,
                 const std::vector<int>& free_rows, const BreakList& breaks) {
    if (spec.targets.empty()) {
        throw Error::message(Msg::ImportNoTarget);
    }
    if (spec.indicator_art.empty()) {
        throw Error::message(Msg::ImportIndicatorNotInCatalogue, {spec.indicator});
    }
    for (const auto& t : spec.targets) {
        if (t.column >= table.columns.size()) {
            throw Error::message(Msg::ImportColumnNotInFile, {t.column + 1});
        }
        const bool rate = spec.indicator_art == "rate";
        if (rate && t.field == Field::Wert) {
            throw Error::message(Msg::ImportRateNeedsCounts, {spec.indicator});
        }
        if (!rate && t.field != Field::Wert) {
            throw Error::message(Msg::ImportNonRateNeedsValue, {spec.indicator, spec.indicator_art});
        }
    }
    Plan plan;
    // Areas: ID → name; the mapping table by AGS and by name; the workbook's own names.
    std::map<std::string, std::string> area_name;
    for (const auto& a : areas) {
        area_name[a.id] = a.name;
    }
    std::map<std::string, std::string> by_ags;
    std::map<std::string, std::set<std::string>> by_name;
    for (const auto& m : mapping) {
        by_ags[m.ags] = m.id;
        if (!m.name.empty()) {
            by_name[name_key(m.name)].insert(m.id);
        }
    }
    for (const auto& a : areas) {
        by_name[name_key(a.name)].insert(a.id);
    }
    // Territorial changes: old key / old name → the change; its successor as a Gemeinde-ID of the workbook.
    std::map<std::string, const AreaChange*> change_by_ags;
    std::map<std::string, const AreaChange*> change_by_name;
    std::map<const AreaChange*, std::string> successor;
    std::vector<std::string> change_problems;
    for (const auto& c : spec.changes) {
        const auto m = by_ags.find(c.new_ags);
        const std::string id = m != by_ags.end() ? m->second : area_name.count(c.new_ags) ? c.new_ags : "";
        if (id.empty() || !area_name.count(id)) {
            change_problems.push_back("Zeile " + std::to_string(c.line) + " (" + old_label(c) + " → " +
                                      c.new_ags +
                                      "): die neue Gemeinde gehört nicht zur Arbeitsmappe – "
                                      "nicht angewendet");
            continue;
        }
        successor[&c] = id;
        if (!c.old_ags.empty()) {
            change_by_ags[c.old_ags] = &c;
        } else {
            change_by_name[name_key(c.old_name)] = &c;
        }
    }
    // Lines of a Gemeinde that has since been merged, for a year before the change: (year, successor) →
    // lines.
    std::map<Key, std::vector<std::pair<const Line*, const AreaChange*>>> predecessors;
    std::vector<std::string> rekeyed;

    // Names that occur more than once in the file (per year) can only be matched by their key.
    std::map<std::pair<int, std::string>, int> names_in_file;
    for (const auto& l : table.lines) {
        ++names_in_file[{l.year.value_or(0), name_key(l.name)}];
    }

    std::vector<std::string> unmatched;
    std::vector<std::string> skipped;
    int other_years = 0;
    std::map<Key, std::vector<const Line*>> wanted;
    for (const auto& l : table.lines) {
        const int year = l.year ? *l.year : spec.year.value_or(0);
        if (year == 0) {
            throw Error::message(Msg::ImportNoYear);
        }
        if (l.year && spec.year && *l.year != *spec.year) {
            ++other_years;
            continue;
        }
        const std::string who =
            "Dateizeile " + std::to_string(l.line) + ": " + (l.code.empty() ? "" : l.code + " ") + l.name;
        std::string id;
        std::string problem;
        const AreaChange* change = nullptr;
        std::string code = l.code;
        if (code.size() == 12) {
            code = code.substr(0, 5) + code.substr(9, 3);  // ARS → AGS
        }
        if (!code.empty() && code.size() != 8 && code.size() != 7) {
            skipped.push_back(who + " (kein Gemeindeschlüssel: Land, Kreis oder Verband)");
            continue;
        }
        if (code.size() == 8) {
            auto m = by_ags.find(code);
            if (m != by_ags.end()) {
                id = m->second;
            } else if (area_name.count(code)) {
                id = code;
            } else if (change_by_ags.count(code)) {
                change = change_by_ags[code];
            } else {
                problem = "AGS " + code + " gehört zu keiner Gemeinde der Arbeitsmappe";
            }
        } else if (code.size() == 7) {
            problem = "Schlüssel " + code +
                      " hat 7 Stellen – führende Null verloren? Den AGS achtstellig als Text angeben";
        } else {
            const auto key = name_key(l.name);
            const auto ids = by_name.find(key);
            if (names_in_file[{l.year.value_or(0), key}] > 1) {
                problem = "Name „" + l.name +
                          "“ kommt in der Datei mehrfach vor – Zuordnung nur über den AGS möglich";
            } else if (ids == by_name.end() && change_by_name.count(key)) {
                change = change_by_name[key];
            } else if (ids == by_name.end()) {
                problem = "Name „" + l.name +
                          "“ gehört zu keiner Gemeinde der Arbeitsmappe oder der Zuordnungstabelle";
            } else if (ids->second.size() > 1) {
                problem = "Name „" + l.name + "“ passt zu mehreren Gemeinden (" +
                          join(std::vector<std::string>(ids->second.begin(), ids->second.end()), ", ") +
                          ") – Zuordnung nur über den AGS möglich";
            } else {
                id = *ids->second.begin();
            }
        }
        if (change != nullptr) {
            id = successor[change];
            if (year < change->first_year) {
                predecessors[{year, id}].emplace_back(&l, change);
                continue;
            }
            rekeyed.push_back(who + " → " + id + " " + area_name[id] + " (" + change_kind_name(change->kind) +
                              " zum " + change->valid_from + ")");
        }
        if (problem.empty() && !area_name.count(id)) {
            problem = "Gemeinde-ID " + id + " (laut Zuordnungstabelle) fehlt auf dem Blatt Gebiete";
        }
        if (!problem.empty()) {
            unmatched.push_back(who + " – " + problem);
            continue;
        }
        wanted[{year, id}].push_back(&l);
    }

    // Figures on the old territory → one line on today's territory (sums; means cannot be combined).
    std::deque<Line> converted_lines;
    std::map<const Line*, std::string> conversion_note;
    std::map<const Line*, std::vector<const AreaChange*>> conversion_parts;  // the changes behind a sum
    std::vector<std::string> converted;
    std::vector<std::string> conversion_conflicts;
    for (const auto& [key, parts] : predecessors) {
        const std::string where = key.area + " " + area_name[key.area] + ", " + std::to_string(key.year);
        std::vector<const AreaChange*> constituents;
        bool own_part = false;
        for (const auto& [c, id] : successor) {
            if (id == key.area && c->first_year > key.year) {
                constituents.push_back(c);
                own_part = own_part || c->kind == ChangeKind::Eingliederung;
            }
        }
        std::sort(constituents.begin(), constituents.end(),
                  [](const AreaChange* a, const AreaChange* b) { return a->line < b->line; });
        const auto own = wanted.find(key);
        const std::vector<const Line*> own_lines =
            own != wanted.end() ? own->second : std::vector<const Line*>{};
        std::string trouble;
        if (!own_part && !own_lines.empty()) {
            trouble =
                "die Datei nennt die neue Gemeinde und ihre Vorgänger – alter und neuer Gebietsstand "
                "gemischt";
        } else if (own_lines.size() > 1) {
            trouble = "die Gemeinde kommt in der Datei mehrfach vor";
        }
        // The parts of today's Gemeinde in that year, each with its line (nullptr: not in the file).
        std::vector<std::pair<std::string, const Line*>> pieces;
        std::vector<std::string> names;
        for (const auto* c : constituents) {
            names.push_back(old_label(*c) + " (" + change_kind_name(c->kind) + " zum " + c->valid_from + ")");
            const Line* found = nullptr;
            for (const auto& [l, pc] : parts) {
                if (pc != c) {
                    continue;
                }
                if (found != nullptr) {
                    trouble = old_label(*c) + " kommt in der Datei mehrfach vor";
                }
                found = l;
            }
            pieces.emplace_back(old_label(*c), found);
        }
        if (own_part) {
            names.push_back(key.area + " " + area_name[key.area] + " (bisheriges Gebiet)");
            pieces.emplace_back(area_name[key.area], own_lines.empty() ? nullptr : own_lines.front());
        }
        if (!trouble.empty()) {
            conversion_conflicts.push_back(where + ": " + trouble + " – nicht übernommen");
            wanted.erase(key);
            continue;
        }
        Line sum;
        sum.line = parts.front().first->line;
        sum.year = key.year;
        sum.name = area_name[key.area];
        sum.values.resize(table.columns.size());
        for (const auto& t : spec.targets) {
            Value& v = sum.values[t.column];
            if (spec.indicator_art == "mean") {
                v.reason =
                    "Mittelwerte lassen sich über eine Gebietsänderung nicht zusammenfassen – den Wert "
                    "auf heutigem Gebietsstand einlesen";
                continue;
            }
            double total = 0.0;
            std::string gap;
            for (const auto& [label, l] : pieces) {
                if (l == nullptr) {
                    gap = label + " fehlt in der Datei";
                    break;
                }
                const Value& part = l->values[t.column];
                if (!part.number) {
                    gap = label + ": " + part.reason;
                    break;
                }
                total += *part.number;
            }
            if (gap.empty()) {
                v.number = total;
            } else {
                v.reason = "Gebietsänderung: " + gap + " – keine Summe auf heutigem Gebietsstand";
            }
        }
        converted_lines.push_back(std::move(sum));
        const Line* line = &converted_lines.back();
        const std::string note = "auf heutigen Gebietsstand umgerechnet: Summe aus " + join(names, ", ");
        conversion_note[line] = note;
        conversion_parts[line] = constituents;
        wanted[key] = {line};
        converted.push_back(where + ": " + note);
        ++plan.converted;
    }

    // Existing Werte rows by key; a key twice on the sheet is not touched.
    std::map<Key, std::vector<const WerteRow*>> existing;
    for (const auto& w : werte) {
        if (w.year && w.indicator && *w.indicator == spec.indicator) {
            existing[{*w.year, w.area}].push_back(&w);
        }
    }
    std::vector<std::string> changes;
    std::vector<std::string> missing;
    std::vector<std::string> conflicts;
    std::size_t next_free = 0;
    const std::string ind = std::to_string(spec.indicator);
    // Series breaks of the converted lines that are taken over: (successor, first year of the new series) →
    // the changes that start it.
    std::map<std::pair<std::string, int>, std::vector<const AreaChange*>> series_breaks;
    for (const auto& [key, lines] : wanted) {
        const std::string where =
            key.area + " " + area_name[key.area] + ", " + std::to_string(key.year) + ", Indikator " + ind;
        if (lines.size() > 1) {
            std::vector<std::string> nums;
            for (const auto* l : lines) {
                nums.push_back(std::to_string(l->line));
            }
            conflicts.push_back(where + ": kommt in der Datei mehrfach vor (Dateizeilen " + join(nums, ", ") +
                                ") – nicht übernommen");
            plan.unmatched += static_cast<int>(lines.size());
            continue;
        }
        const Line& line = *lines.front();
        if (const auto parts = conversion_parts.find(&line); parts != conversion_parts.end()) {
            for (const auto* c : parts->second) {
                auto& starts = series_breaks[{key.area, c->first_year}];
                if (std::find(starts.begin(), starts.end(), c) == starts.end()) {
                    starts.push_back(c);
                }
            }
        }
        const WerteRow* row = nullptr;
        int row_no = 0;
        CellState none;
        auto found = existing.find(key);
        if (found != existing.end() && found->second.size() > 1) {
            std::vector<std::string> nums;
            for (const auto* w : found->second) {
                nums.push_back(std::to_string(w->row));
            }
            conflicts.push_back(where + ": steht auf dem Blatt Werte mehrfach (Zeilen " + join(nums, ", ") +
                                ") – nicht übernommen, bitte bereinigen");
            continue;
        }
        if (found != existing.end()) {
            row = found->second.front();
            row_no = row->row;
        } else {
            if (next_free >= free_rows.size()) {
                throw Error::message(Msg::ImportNoFreeRow);
            }
            row_no = free_rows[next_free++];
            plan.new_rows.push_back({row_no, key.year, key.area, spec.indicator});
        }
        for (const auto& t : spec.targets) {
            const Value& v = line.values[t.column];
            const auto idx = static_cast<std::size_t>(static_cast<int>(t.field) - 3);
            const CellState& old = row ? row->cells[idx] : none;
            CellWrite w;
            w.row = row_no;
            w.field = t.field;
            const std::string what =
                "Werte-Zeile " + std::to_string(row_no) + " (" + where + ") " + field_name(t.field);
            bool change = false;
            bool content_changed = false;
            const auto note = conversion_note.find(&line);
            if (v.number) {
                w.number = v.number;
                content_changed = !old.number || *old.number != *v.number || !old.text.empty();
                change = content_changed;
                if (note != conversion_note.end()) {
                    // A converted figure carries the series break as its reason comment.
                    const std::string comment = std::string(kCommentPrefix) + note->second +
                                                (spec.source.empty() ? "" : " (Quelle: " + spec.source + ")");
                    if ((old.comment.empty() || ours(old.comment)) && old.comment != comment) {
                        w.comment_action = CommentAction::Set;
                        w.comment = comment;
                        change = true;
                    }
                } else if (ours(old.comment)) {
                    w.comment_action = CommentAction::Remove;
                    change = true;
                }
                ++plan.imported;
            } else {
                const std::string comment = std::string(kCommentPrefix) + v.reason +
                                            (spec.source.empty() ? "" : " (Quelle: " + spec.source + ")");
                content_changed = old.number.has_value() || !old.text.empty();
                change = content_changed;
                if (old.comment.empty() || ours(old.comment)) {
                    if (old.comment != comment) {
                        w.comment_action = CommentAction::Set;
                        w.comment = comment;
                        change = true;
                    }
                } else {
                    missing.push_back(
                        what + ": " + v.reason +
                        " (die Zelle hat schon einen eigenen Kommentar; der Grund steht nur hier)");
                }
                if (w.comment_action == CommentAction::Set || content_changed || old.comment == comment) {
                    missing.push_back(what + ": fehlt – " + v.reason);
                }
                ++plan.missing;
            }
            if (content_changed && row) {
                const std::string now = v.number ? german_number(*v.number) : "leer (" + v.reason + ")";
                changes.push_back(what + ": " + show_cell(old) + " → " + now);
                ++plan.changed;
            }
            if (change) {
                plan.writes.push_back(w);
            } else {
                ++plan.unchanged;
            }
        }
    }
    plan.unmatched += static_cast<int>(unmatched.size());

    // The sheet Reihenbrüche: one row per break, unless the list names it already (same Gemeinde and year,
    // same indicator or every indicator); planners' rows are never changed. No room: refused like a full
    // Werte block.
    std::vector<std::string> breaks_entered;
    std::vector<std::string> breaks_listed;
    if (breaks.present) {
        std::vector<std::string> no_room;
        std::size_t next_break = 0;
        for (auto& [at, starts] : series_breaks) {
            std::sort(starts.begin(), starts.end(),
                      [](const AreaChange* a, const AreaChange* b) { return a->line < b->line; });
            const std::string what = "Indikator " + ind + ", " + at.first + " " + area_name[at.first] +
                                     ", neue Reihe ab " + std::to_string(at.second);
            // A structured binding cannot be captured in C++17 (clang refuses it): the key goes in by name.
            const auto& key = at;
            const auto listed = std::find_if(breaks.rows.begin(), breaks.rows.end(), [&](const BreakRow& b) {
                return b.area == key.first && b.year == key.second &&
                       (!b.indicator || *b.indicator == spec.indicator);
            });
            if (listed != breaks.rows.end()) {
                breaks_listed.push_back("Zeile " + std::to_string(listed->row) + ": " + what);
                continue;
            }
            if (next_break >= breaks.free_rows.size()) {
                no_room.push_back(what);
                continue;
            }
            NewBreak b;
            b.row = breaks.free_rows[next_break++];
            b.indicator = spec.indicator;
            b.area = at.first;
            b.year = at.second;
            b.kind = kBreakKindAreaChange;
            b.note = break_note(starts, area_name[at.first]);
            breaks_entered.push_back("Zeile " + std::to_string(b.row) + ": " + what + ", " + b.kind + " – " +
                                     b.note);
            plan.new_breaks.push_back(std::move(b));
        }
        if (!no_room.empty()) {
            throw Error::message(Msg::ImportNoFreeBreakRow, {no_room.size(), join(no_room, "; ")});
        }
    }

    auto& r = plan.report;
    std::vector<std::string> targets;
    for (const auto& t : spec.targets) {
        targets.push_back("„" + table.columns[t.column] + "“ → " + field_name(t.field));
    }
    r.push_back(
        "Import" + (spec.source.empty() ? std::string() : " „" + spec.source + "“") + " in Indikator " + ind +
        (spec.year ? ", Jahr " + std::to_string(*spec.year) : std::string()) + ": " + join(targets, ", "));
    r.push_back("Übernommen: " + std::to_string(plan.imported) + " Werte, " + std::to_string(plan.missing) +
                " als fehlend (amtliche Zeichen oder leer); " + std::to_string(plan.new_rows.size()) +
                " Zeilen angefügt, " + std::to_string(plan.changed) + " Zellen geändert, " +
                std::to_string(plan.unchanged) + " Zellen unverändert");
    if (plan.writes.empty() && plan.new_rows.empty() && plan.new_breaks.empty()) {
        r.push_back("Keine Änderung: die Arbeitsmappe enthält diese Werte schon.");
    }
    auto section = [&r](const std::string& head, const std::vector<std::string>& items) {
        report_section(r, "", head, items);
    };
    section("Geändert (alt → neu)", changes);
    section("Fehlende Werte mit Grund (als Kommentar an der Zelle)", missing);
    section("Auf heutigen Gebietsstand umgerechnet (Gebietsänderungen)", converted);
    section("Reihenbrüche in das Blatt Reihenbrüche eingetragen (Gebietsänderungen)", breaks_entered);
    section("Reihenbrüche stehen schon auf dem Blatt Reihenbrüche (nicht noch einmal eingetragen)",
            breaks_listed);
    section("Alter Schlüssel oder Name einer heutigen Gemeinde zugeordnet (Gebietsänderungen)", rekeyed);
    section("Gebietsänderungen, die nicht zur Arbeitsmappe passen", change_problems);
    section("Nicht zugeordnet", unmatched);
    conflicts.insert(conflicts.end(), conversion_conflicts.begin(), conversion_conflicts.end());
    section("Konflikte, nicht übernommen", conflicts);
    section("Übersprungen", skipped);
    if (other_years > 0) {
        r.push_back("Übersprungen: " + std::to_string(other_years) + " Zeilen anderer Jahre");
    }
    section("Nicht lesbare Zeilen der Datei", table.problems);
    return plan;
}

}  // namespace isp::daten
