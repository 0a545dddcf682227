#include "weitergabe_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <sstream>

namespace isp::weitergabe {
namespace {

// ASCII letters and the German umlauts (UTF-8) to lower case: keys and words are German.
std::string lower(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto ch = static_cast<unsigned char>(s[i]);
        if (ch >= 'A' && ch <= 'Z') {
            out.push_back(static_cast<char>(ch - 'A' + 'a'));
        } else if (ch == 0xC3 && i + 1 < s.size()) {
            auto next = static_cast<unsigned char>(s[i + 1]);
            if (next == 0x84 || next == 0x96 || next == 0x9C) next = static_cast<unsigned char>(next + 0x20);
            out.push_back(static_cast<char>(ch));
            out.push_back(static_cast<char>(next));
            ++i;
        } else {
            out.push_back(static_cast<char>(ch));
        }
    }
    return out;
}

// ASCII letters only (Calc's equalsIgnoreAsciiCase for conditions).
std::string lower_ascii(std::string s) {
    for (auto& ch : s)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return std::string();
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// "SR 3" -> rest "3" for word "SR" (case-insensitive, a space after the word).
bool starts_word(const std::string& key, const char* word, std::string& rest) {
    const std::string w = lower(word);
    const std::string k = lower(key);
    if (k.size() > w.size() && k.compare(0, w.size(), w) == 0 && k[w.size()] == ' ') {
        rest = trim(key.substr(w.size() + 1));
        return true;
    }
    return false;
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : text) {
        if (ch == ' ' || ch == '(' || ch == ')' || ch == ',' || ch == '/' || ch == ':' || ch == ';' ||
            ch == '\t') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(ch);
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// Words that make a "Landkreis …" key a part of the Landkreis (a region, a Planungsraum, "ohne X"): such a
// key minus the recipient's own value would reveal other Sozialräume.
bool names_a_part(const std::string& rest, const Structure& s) {
    static const std::set<std::string> part_words = {
        "sr",         "pr",        "sozialraum", "sozialräume", "planungsraum", "planungsräume",
        "region",     "teil",      "nord",       "süd",         "sued",         "ost",
        "west",       "mitte",     "ohne",       "außer",       "ausser",       "exkl",
        "exkl.",      "abzüglich", "nördlich",   "südlich",     "östlich",      "westlich",
        "kreisfreie", "stadt",     "städte",     "gemeinde",    "gemeinden",    "landgemeinden",
        "umland",     "rest"};
    const std::string lr = lower(rest);
    for (const auto& w : words(lr)) {
        if (part_words.count(w)) return true;
        if (s.sr_ids.count(w) || s.pr_members.count(w)) return true;
        for (const auto& g : s.gemeinden)
            if (lower(g.id) == w) return true;
    }
    for (const auto& g : s.gemeinden)
        if (!g.name.empty() && lr.find(lower(g.name)) != std::string::npos) return true;
    for (const auto& a : s.sozialraeume)
        if (a.name.size() > 2 && lr.find(lower(a.name)) != std::string::npos) return true;
    return false;
}

std::uint64_t cell_key(const Cell& c) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(c.sheet)) << 48) ^
           (static_cast<std::uint64_t>(static_cast<std::uint32_t>(c.row)) << 16) ^
           static_cast<std::uint64_t>(static_cast<std::uint32_t>(c.col));
}

enum class SheetClass { None, General, Internal, Public, Areas };

// What goes from one kept sheet: whole rows/columns, and cells of side-by-side tables (shifted up/left).
struct SheetCuts {
    std::set<int> rows, cols;
    struct Partial {
        int from, to;  // columns (CellsUp) or rows (CellsLeft) of the table
        std::set<int> lines;
    };
    std::vector<Partial> up, left;
    int hidden_rows = 0, hidden_cols = 0, below_rows = 0, right_cols = 0, block_rows = 0, block_cols = 0;

    bool removes(const Range& r) const {
        auto any_in = [](const std::set<int>& set, int a, int b) {
            auto it = set.lower_bound(a);
            return it != set.end() && *it <= b;
        };
        if (any_in(rows, r.row0, r.row1) || any_in(cols, r.col0, r.col1)) return true;
        for (const auto& p : up)
            if (p.from <= r.col1 && r.col0 <= p.to && any_in(p.lines, r.row0, r.row1)) return true;
        for (const auto& p : left)
            if (p.from <= r.row1 && r.row0 <= p.to && any_in(p.lines, r.col0, r.col1)) return true;
        return false;
    }
};

// Consecutive runs of a set, highest first: deleting bottom-up keeps the indices of the runs above valid.
std::vector<std::pair<int, int>> runs_descending(const std::set<int>& set) {
    std::vector<std::pair<int, int>> runs;  // (first, last)
    for (int v : set) {
        if (!runs.empty() && runs.back().second + 1 == v)
            runs.back().second = v;
        else
            runs.emplace_back(v, v);
    }
    std::reverse(runs.begin(), runs.end());
    return runs;
}

std::string quoted(const std::string& s) {
    return "\xE2\x80\x9E" + s + "\xE2\x80\x9C";
}  // „s“

}  // namespace

// ---- roles
// -------------------------------------------------------------------------------------------------

const std::vector<RoleInfo>& roles() {
    static const std::vector<RoleInfo> table = {
        {Role::Gebiete, "GEBIETE", false},   {Role::Sozialraeume, "SOZIALRAEUME", false},
        {Role::Schwelle, "SCHWELLE", false}, {Role::Zeilen, "ZEILEN", true},
        {Role::Spalten, "SPALTEN", true},    {Role::Anzahl, "ANZAHL", true},
        {Role::Profil, "PROFIL", true},      {Role::Allgemein, "ALLGEMEIN", true},
        {Role::Intern, "INTERN", true},      {Role::Oeffentlich, "OEFFENTLICH", true},
    };
    return table;
}

std::optional<Role> role_of_name(const std::string& name) {
    const std::string prefix = kNamePrefix;
    std::string upper;
    for (char ch : name) upper.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
    if (upper.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    std::string rest = upper.substr(prefix.size());
    const auto us = rest.find('_');
    const std::string role = us == std::string::npos ? rest : rest.substr(0, us);
    for (const auto& r : roles())
        if (role == r.spelling) return r.role;
    return std::nullopt;
}

// ---- geometry
// ----------------------------------------------------------------------------------------------

bool contains(const Range& r, const Cell& c) {
    return r.sheet == c.sheet && r.col0 <= c.col && c.col <= r.col1 && r.row0 <= c.row && c.row <= r.row1;
}

bool intersects(const Range& a, const Range& b) {
    return a.sheet == b.sheet && a.col0 <= b.col1 && b.col0 <= a.col1 && a.row0 <= b.row1 && b.row0 <= a.row1;
}

std::string cell_name(int col, int row) {
    std::string letters;
    for (int c = col + 1; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters + std::to_string(row + 1);
}

namespace {

// One address "Sheet.A1" / "$'My sheet'.$A$1" / ".A1" (sheet = `sheet_default`); false when it is not one.
bool parse_address(const std::string& t, const std::vector<std::string>& sheets, int sheet_default,
                   int& sheet, int& col, int& row) {
    std::size_t i = 0;
    if (i < t.size() && t[i] == '$') ++i;
    std::string name;
    bool named = false;
    if (i < t.size() && t[i] == '\'') {
        ++i;
        for (;;) {
            if (i >= t.size()) return false;
            if (t[i] == '\'') {
                if (i + 1 < t.size() && t[i + 1] == '\'') {
                    name.push_back('\'');
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            name.push_back(t[i++]);
        }
        named = true;
    } else {
        const auto dot = t.rfind('.');
        if (dot == std::string::npos) return false;
        name = t.substr(i, dot - i);
        named = !name.empty();
        i = dot;
    }
    if (i >= t.size() || t[i] != '.') return false;
    ++i;
    if (named) {
        const auto it = std::find(sheets.begin(), sheets.end(), name);
        if (it == sheets.end()) return false;
        sheet = static_cast<int>(it - sheets.begin());
    } else {
        if (sheet_default < 0) return false;
        sheet = sheet_default;
    }
    if (i < t.size() && t[i] == '$') ++i;
    int c = 0, letters = 0;
    while (i < t.size() && t[i] >= 'A' && t[i] <= 'Z' && letters < 4) {
        c = c * 26 + (t[i++] - 'A' + 1);
        ++letters;
    }
    if (letters == 0) return false;
    if (i < t.size() && t[i] == '$') ++i;
    int r = 0, digits = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && digits < 8) {
        r = r * 10 + (t[i++] - '0');
        ++digits;
    }
    if (digits == 0 || r == 0 || i != t.size()) return false;
    col = c - 1;
    row = r - 1;
    return true;
}

}  // namespace

std::optional<std::vector<Range>> parse_ranges(const std::string& text,
                                               const std::vector<std::string>& sheets) {
    // Split at spaces and ';' outside quotes.
    std::vector<std::string> parts;
    std::string cur;
    bool quoted_name = false;
    for (char ch : text) {
        if (ch == '\'') quoted_name = !quoted_name;  // '' inside a name toggles twice
        if (!quoted_name && (ch == ' ' || ch == ';')) {
            if (!cur.empty()) parts.push_back(cur);
            cur.clear();
        } else {
            cur.push_back(ch);
        }
    }
    if (quoted_name) return std::nullopt;
    if (!cur.empty()) parts.push_back(cur);
    std::vector<Range> out;
    for (const auto& part : parts) {
        // The ':' between start and end: the first one outside quotes.
        std::size_t colon = std::string::npos;
        bool q = false;
        for (std::size_t i = 0; i < part.size(); ++i) {
            if (part[i] == '\'') q = !q;
            if (!q && part[i] == ':') {
                colon = i;
                break;
            }
        }
        Range r;
        if (!parse_address(part.substr(0, colon), sheets, -1, r.sheet, r.col0, r.row0)) return std::nullopt;
        if (colon == std::string::npos) {
            r.col1 = r.col0;
            r.row1 = r.row0;
        } else {
            int end_sheet = 0;
            if (!parse_address(part.substr(colon + 1), sheets, r.sheet, end_sheet, r.col1, r.row1) ||
                end_sheet != r.sheet)
                return std::nullopt;
            if (r.col1 < r.col0) std::swap(r.col0, r.col1);
            if (r.row1 < r.row0) std::swap(r.row0, r.row1);
        }
        out.push_back(r);
    }
    return out;
}

// ---- structure and keys
// ------------------------------------------------------------------------------------

Structure make_structure(std::vector<Gemeinde> gemeinden, std::vector<AreaName> sozialraeume) {
    Structure s;
    for (auto& g : gemeinden) {
        if (g.id.empty()) continue;
        if (!g.sr.empty()) s.sr_ids.insert(g.sr);
        if (!g.pr.empty() && !g.sr.empty()) s.pr_members[g.pr].insert(g.sr);
        s.gemeinden.push_back(std::move(g));
    }
    if (!sozialraeume.empty()) {
        for (auto& a : sozialraeume) {
            if (a.id.empty()) continue;
            s.sr_ids.insert(a.id);
            s.sozialraeume.push_back(std::move(a));
        }
    } else {
        for (const auto& g : s.gemeinden) {
            if (g.sr.empty()) continue;
            auto it = std::find_if(s.sozialraeume.begin(), s.sozialraeume.end(),
                                   [&](const AreaName& a) { return a.id == g.sr; });
            if (it == s.sozialraeume.end())
                s.sozialraeume.push_back({g.sr, g.name});
            else
                it->name += ", " + g.name;
        }
    }
    return s;
}

std::string area_id_of(const std::string& spelled) {
    const std::string a = trim(spelled);
    std::string rest;
    if (starts_word(a, "SR", rest) || starts_word(a, "Sozialraum", rest)) return rest;
    return a;
}

KeyClass classify_key(const std::string& raw, const std::string& sr, const Structure& s) {
    const std::string key = trim(raw);
    if (key.empty()) return KeyClass::Neutral;
    const std::string low = lower(key);
    if (low == "summe" || low == "insgesamt" || low == "gesamt" || low == "kreis" || low == "landkreis")
        return KeyClass::Landkreis;
    if (low.compare(0, 10, "landkreis ") == 0) {
        // "Landkreis U3", "Landkreis insgesamt": the whole Landkreis. "Landkreis Süd (PR V)", "Landkreis ohne
        // Zwickau": a part – unknown, so it goes (safe by default).
        return names_a_part(key.substr(10), s) ? KeyClass::Unknown : KeyClass::Landkreis;
    }
    std::string rest;
    bool want_sr = false, want_pr = false;
    if (starts_word(key, "SR", rest) || starts_word(key, "Sozialraum", rest))
        want_sr = true;
    else if (starts_word(key, "PR", rest) || starts_word(key, "Planungsraum", rest))
        want_pr = true;
    else
        rest = key;
    if (!want_sr && !want_pr) {
        for (const auto& g : s.gemeinden)
            if (g.id == rest) return g.sr == sr ? KeyClass::Own : KeyClass::Other;
    }
    if (!want_pr && s.sr_ids.count(rest)) return rest == sr ? KeyClass::Own : KeyClass::Other;
    if (!want_sr) {
        auto it = s.pr_members.find(rest);
        if (it != s.pr_members.end()) {
            // A Planungsraum that mixes this Sozialraum with others would let the recipient compute the
            // others' total (PR minus own): it goes. A PR made of this Sozialraum alone equals it and stays.
            return (it->second.size() == 1 && *it->second.begin() == sr) ? KeyClass::Own : KeyClass::Other;
        }
    }
    return KeyClass::Unknown;
}

// ---- conditional formats
// --------------------------------------------------------------------------------------

bool condition_holds(ConditionOp op, const Scalar& v, const Scalar& a, const std::optional<Scalar>& b) {
    if (op == ConditionOp::Equal || op == ConditionOp::NotEqual) {
        bool eq = false;
        if (v.is_number && a.is_number)
            eq = v.number == a.number;
        else if (!v.is_number && !a.is_number)
            eq = lower_ascii(v.text) == lower_ascii(a.text);
        return op == ConditionOp::Equal ? eq : !eq;
    }
    if (!v.is_number || !a.is_number) return false;
    const double x = v.number, p = a.number;
    switch (op) {
        case ConditionOp::Greater: return x > p;
        case ConditionOp::GreaterEqual: return x >= p;
        case ConditionOp::Less: return x < p;
        case ConditionOp::LessEqual: return x <= p;
        case ConditionOp::Between:
        case ConditionOp::NotBetween: {
            if (!b || !b->is_number) return false;
            const double lo = std::min(p, b->number), hi = std::max(p, b->number);
            const bool in = x >= lo && x <= hi;
            return op == ConditionOp::Between ? in : !in;
        }
        default: return false;
    }
}

BakedStyle baked_style(const Scalar& value, const std::vector<Condition>& conditions) {
    BakedStyle out;
    for (const auto& c : conditions) {
        if (!c.first) {
            out.unevaluable = true;
            return out;
        }
        if (condition_holds(c.op, value, *c.first, c.second)) {
            out.style = c.style;
            return out;
        }
    }
    return out;
}

// ---- stamp
// -------------------------------------------------------------------------------------------------

std::uint64_t fingerprint(const std::string& text) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char ch : text) {
        h ^= ch;
        h *= 1099511628211ull;
    }
    return h;
}

std::set<std::uint64_t> parse_stamp(const std::string& stamp) {
    std::set<std::uint64_t> out;
    std::istringstream in(stamp);
    std::string word;
    while (in >> word) {
        if (word.size() != 16 || word.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
            continue;
        out.insert(std::stoull(word, nullptr, 16));
    }
    return out;
}

// ---- the plan
// ----------------------------------------------------------------------------------------------

std::vector<SheetRemoval> removed_sheets(const std::vector<SheetInfo>& sheets,
                                         const std::vector<Description>& descriptions, Variant variant) {
    std::vector<SheetRemoval> out;
    if (variant == Variant::Werte) return out;
    const int nsheets = static_cast<int>(sheets.size());
    // Sheet classes: INTERN wins over OEFFENTLICH over ALLGEMEIN over area blocks.
    std::vector<SheetClass> cls(static_cast<std::size_t>(nsheets), SheetClass::None);
    for (const auto& d : descriptions) {
        if (d.range.sheet < 0 || d.range.sheet >= nsheets) continue;
        auto& c = cls[static_cast<std::size_t>(d.range.sheet)];
        if (d.role == Role::Intern)
            c = SheetClass::Internal;
        else if (d.role == Role::Oeffentlich && c != SheetClass::Internal)
            c = SheetClass::Public;
        else if (d.role == Role::Allgemein && c == SheetClass::None)
            c = SheetClass::General;
        else if ((d.role == Role::Zeilen || d.role == Role::Spalten || d.role == Role::Profil) &&
                 c == SheetClass::None)
            c = SheetClass::Areas;
    }
    for (int i = 0; i < nsheets; ++i) {
        const SheetClass c = cls[static_cast<std::size_t>(i)];
        std::string why;
        if (!sheets[static_cast<std::size_t>(i)].visible)
            why = "ausgeblendetes Blatt";
        else if (c == SheetClass::None)
            why = "nicht für die Weitergabe beschrieben (sicherer Standard: entfernen)";
        else if (c == SheetClass::Internal)
            why = "internes Blatt (Rohwerte aller Gebiete oder nicht nach Gebieten gekennzeichnet)";
        else if (variant == Variant::Oeffentlich && c != SheetClass::Public)
            why = "öffentliche Fassung: nur Klassen und Farben";
        if (!why.empty()) out.push_back({i, why});
    }
    return out;
}

namespace {

struct MapPlan {
    std::vector<MapShapeFate> keep;
    std::vector<std::string> notes;
};

// Rule W35 (see make_plan). `kept`: whether a sheet stays.
template <class Kept>
MapPlan plan_map(const Workbook& wb, bool per_area, const std::string& sr, const Kept& kept) {
    MapPlan out;
    const std::string prefix = kMapPrefix;
    std::map<std::pair<int, std::string>, int> seen;  // a name twice cannot be told apart by the applier
    for (const auto& sh : wb.shapes) ++seen[{sh.sheet, sh.name}];
    const MapFrame* frame = wb.map_frame ? &*wb.map_frame : nullptr;
    bool public_sheet = false;
    if (frame)
        for (const auto& d : wb.descriptions)
            if (d.role == Role::Oeffentlich && d.range.sheet == frame->sheet) public_sheet = true;
    int areas = 0, borders = 0, labels = 0, neutral = 0;
    std::map<int, std::vector<std::string>> dropped;  // sheet -> names with the prefix that go
    for (const auto& sh : wb.shapes) {
        if (!kept(sh.sheet) || sh.name.compare(0, prefix.size(), prefix) != 0) continue;
        const std::string rest = sh.name.substr(prefix.size());
        auto id_after = [&](const char* part) -> std::optional<std::string> {
            const std::string p = part;
            if (rest.compare(0, p.size(), p) != 0 || rest.size() == p.size()) return std::nullopt;
            return rest.substr(p.size());
        };
        const auto sr_id = id_after("SR_");
        const auto pr_id = id_after("PR_");
        const auto name_id = id_after("Name_");
        bool ok = frame && public_sheet && sh.sheet == frame->sheet && seen[{sh.sheet, sh.name}] == 1 &&
                  !sh.alt_text && sh.x0 >= frame->x0 && sh.y0 >= frame->y0 && sh.x1 <= frame->x1 &&
                  sh.y1 <= frame->y1;
        bool is_area = false, is_border = false;
        if (ok && sr_id && wb.structure.sr_ids.count(*sr_id) && sh.kind == ShapeKind::Area && sh.text.empty())
            is_area = true;
        else if (ok && pr_id && wb.structure.pr_members.count(*pr_id) && sh.kind == ShapeKind::Area &&
                 sh.text.empty())
            is_border = true;
        else if (!(ok && name_id && wb.structure.sr_ids.count(*name_id) && sh.kind == ShapeKind::Text &&
                   sh.text == "SR " + *name_id))
            ok = false;
        if (!ok) {
            dropped[sh.sheet].push_back(sh.name);
            continue;
        }
        MapShapeFate fate{sh.sheet, sh.name, false};
        if (is_area) {
            ++areas;
            fate.neutral = per_area && *sr_id != sr;
            neutral += fate.neutral ? 1 : 0;
        } else if (is_border) {
            ++borders;
        } else {
            ++labels;
        }
        out.keep.push_back(fate);
    }
    if (!out.keep.empty()) {
        std::string line = "Blatt " + quoted(wb.sheets[static_cast<std::size_t>(frame->sheet)].name) +
                           ": Karte der Sozialräume behalten (" + std::to_string(areas) + " Flächen, " +
                           std::to_string(borders) + " Grenzen der Planungsräume, " + std::to_string(labels) +
                           " Namen): sie zeigt nur Klassen als Farben, keine Werte. Die Farben sind die der "
                           "Arbeitsmappe beim Erstellen und ändern sich in dieser Kopie nicht mehr.";
        if (per_area && neutral > 0)
            line += " Nur Sozialraum " + sr + " ist in der Farbe seiner Klasse gefärbt; die " +
                    std::to_string(neutral) + " anderen Sozialräume sind grau, ohne Klasse.";
        out.notes.push_back(line);
    }
    for (const auto& [sheet, names] : dropped) {
        std::string list;
        for (std::size_t k = 0; k < names.size(); ++k) list += (k ? ", " : "") + quoted(names[k]);
        out.notes.push_back(
            "Blatt " + quoted(wb.sheets[static_cast<std::size_t>(sheet)].name) + ": Zeichenobjekte " + list +
            " entfernt: kein Teil der Karte (Blatt, Name, Art, Text oder Lage im Kartenrahmen "
            "passen nicht).");
    }
    return out;
}

}  // namespace

Plan make_plan(const Workbook& wb, Variant variant, const std::string& sr) {
    Plan plan;
    if (variant == Variant::Werte) return plan;
    const bool per_area = variant == Variant::Sozialraum;
    const int nsheets = static_cast<int>(wb.sheets.size());

    plan.removed_sheets = removed_sheets(wb.sheets, wb.descriptions, variant);
    std::vector<bool> keep(static_cast<std::size_t>(nsheets), true);
    for (const auto& r : plan.removed_sheets) keep[static_cast<std::size_t>(r.sheet)] = false;
    auto kept = [&](int sheet) {
        return sheet >= 0 && sheet < nsheets && keep[static_cast<std::size_t>(sheet)];
    };

    if (per_area) {
        for (const auto& d : wb.descriptions)
            if (d.role == Role::Profil && kept(d.range.sheet)) plan.profiles.push_back({d.range, sr});
    }

    // Formula cells by position, and whether the template vouches for them.
    std::map<std::uint64_t, bool> formula_vetted;
    for (const auto& f : wb.formulas)
        formula_vetted[cell_key(f.at)] = wb.vetted && wb.vetted->count(fingerprint(f.text)) > 0;
    // A line beyond a block that holds no typed number and only formulas of the template is the template's
    // own.
    auto template_line = [&](const Block& b, int i, const Line& line) {
        if (line.has_number || !wb.vetted) return false;
        const int sheet = b.range.sheet;
        const auto& info = wb.sheets[static_cast<std::size_t>(sheet)];
        const bool whole = b.rows ? b.range.col0 == b.range.col1 : b.range.row0 == b.range.row1;
        const int from = whole ? 0 : (b.rows ? b.range.col0 : b.range.row0);
        const int to =
            whole ? (b.rows ? info.last_col : info.last_row) : (b.rows ? b.range.col1 : b.range.row1);
        bool any = false;
        for (int j = from; j <= to; ++j) {
            const Cell c = b.rows ? Cell{sheet, j, i} : Cell{sheet, i, j};
            auto it = formula_vetted.find(cell_key(c));
            if (it == formula_vetted.end()) continue;
            if (!it->second) return false;
            any = true;
        }
        return any;
    };

    // Rows and columns that go, per kept sheet.
    std::vector<SheetCuts> cuts(static_cast<std::size_t>(nsheets));
    if (per_area) {
        for (const auto& b : wb.blocks) {
            if (!kept(b.range.sheet)) continue;
            auto& cut = cuts[static_cast<std::size_t>(b.range.sheet)];
            const int first = b.rows ? b.range.row0 : b.range.col0;
            const int last = b.rows ? b.range.row1 : b.range.col1;
            const bool whole = b.rows ? b.range.col0 == b.range.col1 : b.range.row0 == b.range.row1;
            // Lines that another block of the same direction on this sheet describes are that block's
            // business.
            auto in_other_block = [&](int i) {
                for (const auto& o : wb.blocks) {
                    if (&o == &b || o.rows != b.rows || o.range.sheet != b.range.sheet) continue;
                    const bool span = b.rows ? (o.range.col0 <= b.range.col1 && b.range.col0 <= o.range.col1)
                                             : (o.range.row0 <= b.range.row1 && b.range.row0 <= o.range.row1);
                    if (span && i >= (b.rows ? o.range.row0 : o.range.col0) &&
                        i <= (b.rows ? o.range.row1 : o.range.col1))
                        return true;
                }
                return false;
            };
            std::set<int> gone;
            int beyond = 0;
            bool continuous = true;  // still in the table's direct continuation (no empty line yet)
            for (int i = 0; i < static_cast<int>(b.lines.size()); ++i) {
                const Line& line = b.lines[static_cast<std::size_t>(i)];
                const KeyClass k = classify_key(line.key, sr, wb.structure);
                if (i >= first && i <= last) {
                    if (k == KeyClass::Other || k == KeyClass::Unknown) gone.insert(i);
                    continue;
                }
                if (i > last && !line.has_content) continuous = false;
                if (in_other_block(i) || !line.has_data) continue;  // text-only lines (headings, notes) stay
                if (template_line(b, i, line)) continue;  // the template's own (e.g. a change column)
                // Rows appended directly below (columns right of) the described block are area lines: only
                // the own area and the Landkreis stay, a line without a key goes. Further away, and above the
                // block (headings), a line goes when its key names another area.
                const bool appended = i > last && continuous;
                if ((appended && k != KeyClass::Own && k != KeyClass::Landkreis) || k == KeyClass::Other) {
                    gone.insert(i);
                    ++beyond;
                }
            }
            if (gone.empty()) continue;
            if (b.rows) {
                cut.below_rows += beyond;
                cut.block_rows += static_cast<int>(gone.size()) - beyond;
            } else {
                cut.right_cols += beyond;
                cut.block_cols += static_cast<int>(gone.size()) - beyond;
            }
            if (whole) {
                (b.rows ? cut.rows : cut.cols).insert(gone.begin(), gone.end());
            } else if (b.rows) {
                cut.up.push_back({b.range.col0, b.range.col1, gone});
            } else {
                cut.left.push_back({b.range.row0, b.range.row1, gone});
            }
        }
    }
    // Hidden rows and columns go from every kept sheet: what a planner hides is not meant for the recipient.
    for (int i = 0; i < nsheets; ++i) {
        if (!kept(i)) continue;
        auto& cut = cuts[static_cast<std::size_t>(i)];
        for (int r : wb.sheets[static_cast<std::size_t>(i)].hidden_rows)
            if (cut.rows.insert(r).second) ++cut.hidden_rows;
        for (int c : wb.sheets[static_cast<std::size_t>(i)].hidden_cols)
            if (cut.cols.insert(c).second) ++cut.hidden_cols;
    }

    // Pivot tables on kept sheets go with their output (they summarise whatever their source holds).
    std::vector<Range> pivot_out;
    for (const auto& p : wb.pivots) {
        if (!kept(p.output.sheet)) continue;
        plan.pivots.push_back(p);
        pivot_out.push_back(p.output);
    }

    auto removed_range = [&](const Range& r) {
        if (!kept(r.sheet)) return true;
        if (cuts[static_cast<std::size_t>(r.sheet)].removes(r)) return true;
        for (const auto& p : pivot_out)
            if (intersects(p, r)) return true;
        return false;
    };
    auto removed_cell = [&](const Cell& c) {
        return removed_range(Range{c.sheet, c.col, c.row, c.col, c.row});
    };

    // Small counts.
    if (per_area) {
        for (const auto& cr : wb.counts) {
            if (!kept(cr.range.sheet)) continue;
            const int w = cr.range.col1 - cr.range.col0 + 1;
            for (std::size_t i = 0; i < cr.values.size(); ++i) {
                const double v = cr.values[i];
                if (!(v > 0.0 && v < wb.threshold)) continue;
                const Cell at{cr.range.sheet, cr.range.col0 + static_cast<int>(i) % w,
                              cr.range.row0 + static_cast<int>(i) / w};
                if (removed_cell(at)) continue;
                plan.suppress.push_back(at);
            }
        }
        plan.suppressed_count = static_cast<int>(plan.suppress.size());
    }

    // Kept formula cells whose value derives from removed cells: kept only when the formula is the template's
    // own; otherwise blanked. A blanked cell taints what derives from it in turn (fixpoint); a vetted cell
    // does not (its value is released anyway).
    std::vector<const Formula*> live;
    for (const auto& f : wb.formulas)
        if (!removed_cell(f.at)) live.push_back(&f);
    auto vetted = [&](const Formula& f) { return formula_vetted[cell_key(f.at)]; };
    // State per formula: 0 reads nothing removed, 1 reads removed cells but is the template's own (kept), 2
    // blanked. Reading a blanked cell blanks a formula whatever it is: the template's own formula would pass
    // on a value the planner's formula derived from removed cells.
    std::map<std::uint64_t, int> state;
    std::vector<Cell> blanked;
    for (bool changed = true; changed;) {
        changed = false;
        for (const Formula* f : live) {
            int& st = state[cell_key(f->at)];
            if (st == 2) continue;
            // INDIRECT and OFFSET read cells their tokens do not name: they count as reading removed cells.
            bool via_removed = f->text.find("INDIRECT(") != std::string::npos ||
                               f->text.find("OFFSET(") != std::string::npos;
            bool via_blank = false;
            for (const auto& p : f->precedents) {
                if (p.sheet == f->at.sheet && p.col0 == f->at.col && p.col1 == f->at.col &&
                    p.row0 == f->at.row && p.row1 == f->at.row)
                    continue;  // the cell itself (array formulas name their own range)
                via_removed = via_removed || removed_range(p);
                for (const Cell& b : blanked) {
                    if (!(b == f->at) && contains(p, b)) {
                        via_blank = true;
                        break;
                    }
                }
                if (via_blank) break;
            }
            const int next = via_blank ? 2 : (via_removed ? (vetted(*f) ? 1 : 2) : 0);
            if (next <= st) continue;
            st = next;
            changed = true;
            if (st == 2) blanked.push_back(f->at);
        }
    }
    std::sort(blanked.begin(), blanked.end());
    plan.blank = blanked;

    // W34: a chart stays only when every range it reads stays whole, in place relative to itself, with its
    // values unchanged (a chart plots and caches what it reads). Whole rows and columns deleted outside a
    // range only move it (Calc moves chart ranges with them); cells moved up or left by a side-by-side
    // table's deletion in the range's columns (rows) at or above its end could shift part of it: the chart
    // goes.
    for (const auto& ch : wb.charts) {
        if (!kept(ch.sheet)) continue;
        ChartFate fate{ch.sheet, ch.name, false, {}};
        auto changed = [&](const Range& r) {
            for (const Cell& c : plan.blank)
                if (contains(r, c)) return true;
            for (const Cell& c : plan.suppress)
                if (contains(r, c)) return true;
            return false;
        };
        auto shifted = [&](const Range& r) {
            if (!kept(r.sheet)) return false;
            const auto& cut = cuts[static_cast<std::size_t>(r.sheet)];
            for (const auto& p : cut.up)
                if (p.from <= r.col1 && r.col0 <= p.to && !p.lines.empty() && *p.lines.begin() <= r.row1)
                    return true;
            for (const auto& p : cut.left)
                if (p.from <= r.row1 && r.row0 <= p.to && !p.lines.empty() && *p.lines.begin() <= r.col1)
                    return true;
            return false;
        };
        if (!ch.all_read || ch.reads.empty()) {
            fate.reason = "Datenbereich nicht lesbar";
        } else if (!per_area && ch.reads_numbers) {
            fate.reason = "öffentliche Fassung: keine Werte";
        } else {
            for (const auto& r : ch.reads) {
                if (!kept(r.sheet)) {
                    fate.reason = "liest ein entferntes Blatt";
                } else if (removed_range(r)) {
                    fate.reason =
                        "liest entfernte Zeilen oder Spalten (andere Gebiete, ausgeblendet, Pivot-Tabelle)";
                } else if (changed(r)) {
                    fate.reason = "liest geleerte oder geheim gehaltene Zellen";
                } else if (shifted(r)) {
                    fate.reason = "sein Bereich verschiebt sich mit entfernten Zellen daneben";
                }
                if (!fate.reason.empty()) break;
            }
        }
        fate.keep = fate.reason.empty();
        plan.charts.push_back(fate);
    }

    // W35: the map of the Sozialräume (docs/karte.md) shows classes only, which its OEFFENTLICH sheet shows
    // anyway. Its shapes stay when that sheet stays, named exactly ISP_Karte_SR_<id> / ISP_Karte_PR_<id>
    // (areas with no text) or ISP_Karte_Name_<id> (a text shape reading "SR <id>") with an id of the area
    // structure, inside the frame ISP_Karte_Rahmen, without alternative text, each name once. In a Sozialraum
    // copy only the own Sozialraum keeps its class colour; the others get a neutral fill (their rows go
    // elsewhere, W10).
    const MapPlan map = plan_map(wb, per_area, sr, kept);
    plan.map = map.keep;

    // Deletions: per sheet, row operations bottom-up, then column operations right-to-left with their rows
    // shifted by the whole rows deleted above them.
    for (int i = 0; i < nsheets; ++i) {
        if (!kept(i)) continue;
        const auto& cut = cuts[static_cast<std::size_t>(i)];
        // A run of lines [first, last]: whole lines, or only the table's span [from, to] across them.
        struct LineOp {
            int first, last;
            bool whole;
            int from, to;
        };
        auto highest_first = [](const LineOp& x, const LineOp& y) { return x.first > y.first; };
        std::vector<LineOp> row_ops;
        for (const auto& [a, b] : runs_descending(cut.rows)) row_ops.push_back({a, b, true, 0, 0});
        for (const auto& p : cut.up) {
            std::set<int> lines;
            for (int r : p.lines)
                if (!cut.rows.count(r)) lines.insert(r);
            for (const auto& [a, b] : runs_descending(lines)) row_ops.push_back({a, b, false, p.from, p.to});
        }
        std::stable_sort(row_ops.begin(), row_ops.end(), highest_first);
        for (const auto& op : row_ops) {
            if (op.whole)
                plan.deletions.push_back({DeleteOp::Kind::Rows, Range{i, 0, op.first, 0, op.last}});
            else
                plan.deletions.push_back(
                    {DeleteOp::Kind::CellsUp, Range{i, op.from, op.first, op.to, op.last}});
        }
        auto shifted_row = [&](int r) {
            return r - static_cast<int>(std::distance(cut.rows.begin(), cut.rows.lower_bound(r)));
        };
        std::vector<LineOp> col_ops;
        for (const auto& [a, b] : runs_descending(cut.cols)) col_ops.push_back({a, b, true, 0, 0});
        for (const auto& p : cut.left) {
            std::set<int> lines;
            for (int c : p.lines)
                if (!cut.cols.count(c)) lines.insert(c);
            int from = p.from, to = p.to;
            // Rows of the table deleted as whole rows above: the table moved up; its own deleted rows shrink
            // it.
            int surviving = 0;
            for (int r = from; r <= to; ++r) surviving += cut.rows.count(r) ? 0 : 1;
            if (surviving == 0) continue;
            from = shifted_row(from);
            to = from + surviving - 1;
            for (const auto& [a, b] : runs_descending(lines)) col_ops.push_back({a, b, false, from, to});
        }
        std::stable_sort(col_ops.begin(), col_ops.end(), highest_first);
        for (const auto& op : col_ops) {
            if (op.whole)
                plan.deletions.push_back({DeleteOp::Kind::Columns, Range{i, op.first, 0, op.last, 0}});
            else
                plan.deletions.push_back(
                    {DeleteOp::Kind::CellsLeft, Range{i, op.first, op.from, op.last, op.to}});
        }
    }

    // Notes (German).
    for (const auto& r : plan.removed_sheets)
        plan.notes.push_back("Blatt " + quoted(wb.sheets[static_cast<std::size_t>(r.sheet)].name) +
                             " entfernt: " + r.reason + ".");
    for (int i = 0; i < nsheets; ++i) {
        if (!kept(i)) continue;
        const auto& cut = cuts[static_cast<std::size_t>(i)];
        const std::string name = "Blatt " + quoted(wb.sheets[static_cast<std::size_t>(i)].name) + ": ";
        if (cut.block_rows > 0)
            plan.notes.push_back(name + std::to_string(cut.block_rows) +
                                 " Zeilen anderer Sozialräume, ihrer Gemeinden oder gemischter Planungsräume "
                                 "entfernt.");
        if (cut.block_cols > 0)
            plan.notes.push_back(
                name + std::to_string(cut.block_cols) +
                " Spalten anderer Sozialräume, ihrer Gemeinden oder gemischter Planungsräume "
                "entfernt.");
        if (cut.below_rows > 0)
            plan.notes.push_back(
                name + std::to_string(cut.below_rows) +
                " Zeilen mit Werten außerhalb der beschriebenen Tabelle entfernt (ohne Kennung "
                "des eigenen Sozialraums oder des Landkreises).");
        if (cut.right_cols > 0)
            plan.notes.push_back(
                name + std::to_string(cut.right_cols) +
                " Spalten mit Werten außerhalb der beschriebenen Tabelle entfernt (ohne Kennung "
                "des eigenen Sozialraums oder des Landkreises).");
        if (cut.hidden_rows > 0)
            plan.notes.push_back(name + std::to_string(cut.hidden_rows) + " ausgeblendete Zeilen entfernt.");
        if (cut.hidden_cols > 0)
            plan.notes.push_back(name + std::to_string(cut.hidden_cols) + " ausgeblendete Spalten entfernt.");
    }
    for (const auto& c : plan.charts)
        plan.notes.push_back("Blatt " + quoted(wb.sheets[static_cast<std::size_t>(c.sheet)].name) +
                             ": Diagramm " + quoted(c.name) +
                             (c.keep ? " behalten (liest nur Zellen, die unverändert in der Kopie stehen)."
                                     : " entfernt: " + c.reason + "."));
    for (const auto& n : map.notes) plan.notes.push_back(n);
    for (const auto& p : plan.pivots)
        plan.notes.push_back("Blatt " + quoted(wb.sheets[static_cast<std::size_t>(p.output.sheet)].name) +
                             ": Pivot-Tabelle " + quoted(p.name) +
                             " mit ihrem Ergebnis entfernt (sie fasst Werte aller Gebiete zusammen).");
    for (int i = 0; i < nsheets; ++i) {
        std::vector<std::string> where;
        for (const Cell& c : plan.blank)
            if (c.sheet == i) where.push_back(cell_name(c.col, c.row));
        if (where.empty()) continue;
        std::string list;
        const std::size_t shown = std::min<std::size_t>(where.size(), 30);
        for (std::size_t k = 0; k < shown; ++k) list += (k ? ", " : "") + where[k];
        if (shown < where.size()) list += " …";
        plan.notes.push_back(
            "Blatt " + quoted(wb.sheets[static_cast<std::size_t>(i)].name) + ": " +
            std::to_string(where.size()) +
            " Zellen geleert, deren Formel Werte anderer Gebiete oder entfernter Blätter verwendet "
            "und nicht zur Vorlage gehört: " +
            list + ".");
    }
    return plan;
}

}  // namespace isp::weitergabe
