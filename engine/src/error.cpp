#include "isp/error.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

#include "isp/messages.hpp"

namespace isp {
namespace {

struct ErrorInfo {
    const char* id;
    const char* de;  // base text, shown first
    const char* en;
    // Template of the structured context of this id, German and English: {n} {what} for each size of a
    // DimensionMismatch (joined by ", "), {word} for the keyword or key not recognised. nullptr: free text
    // only.
    const char* context_de = nullptr;
    const char* context_en = nullptr;
};

// Indexed by ErrorCode; keep in the enum's order. The one place where the German and English texts of every
// error stand side by side.
constexpr ErrorInfo kErrors[] = {
    {"ISP-E01", "Die Bereiche haben unterschiedliche Größen", "The ranges have different sizes", "{n} {what}",
     "{n} {what}"},
    {"ISP-E02", "Keine Werte vorhanden", "No values given"},
    {"ISP-E03", "Zu wenige Werte für diese Methode", "Too few values for this method"},
    {"ISP-E04", "Alle Werte sind gleich (Streuung 0), ein Score ist nicht definiert",
     "All values are equal (zero spread), a score is undefined"},
    {"ISP-E05", "Die Methode braucht Werte größer als 0", "The method needs values greater than 0"},
    {"ISP-E06", "Unendliche Werte sind nicht erlaubt", "Infinite values are not allowed"},
    {"ISP-E07", "Unbekannte Methode", "Unknown method", "„{word}“", "'{word}'"},
    {"ISP-E08", "Unbekanntes Klassenschema", "Unknown class scheme", "„{word}“", "'{word}'"},
    {"ISP-E09", "Anzahlen dürfen nicht negativ sein", "Counts must not be negative"},
    {"ISP-E10", "Gewichte dürfen nicht negativ sein", "Weights must not be negative"},
    {"ISP-E11", "Die Summe der Gewichte ist 0", "The weights sum to 0"},
    {"ISP-E12", "Ungültiger Parameter", "Invalid parameter"},
    {"ISP-E13", "Die Klassengrenzen müssen streng aufsteigend sein", "Cut-points must be strictly ascending"},
    {"ISP-E14", "Die Zahl der Beschriftungen passt nicht zur Zahl der Klassen",
     "The number of labels does not fit the number of classes"},
    {"ISP-E15", "Division durch einen Nenner von 0", "Division by a zero denominator"},
    {"ISP-E16", "Die Gebietshierarchie ist widersprüchlich", "The area hierarchy is inconsistent"},
    {"ISP-E17", "Unbekanntes Gebiet", "Unknown area", "„{word}“", "'{word}'"},
    {"ISP-E18", "Ein benötigter Wert fehlt (leere Zelle oder Text)",
     "A required value is missing (empty or text cell)"},
    {"ISP-E19", "Die Polarität muss 1 oder -1 sein", "Polarity must be 1 or -1"},
    {"ISP-E20", "Bezüge über mehrere Tabellenblätter werden nicht unterstützt",
     "References spanning several sheets are not supported"},
    {"ISP-E21", "Gruppen unterscheiden sich nur in Groß-/Kleinschreibung oder Leerzeichen",
     "Groups differ only in letter case or spaces"},
    {"ISP-E22", "Anzahlen müssen ganze Zahlen sein", "Counts must be whole numbers"},
};

static_assert(sizeof(kErrors) / sizeof(kErrors[0]) == kErrorCodeCount, "one text per ErrorCode");

const ErrorInfo& info(ErrorCode code) noexcept {
    const auto index = static_cast<std::size_t>(code);
    constexpr std::size_t count = sizeof(kErrors) / sizeof(kErrors[0]);
    return kErrors[index < count ? index : count - 1];
}

// The template with each {name} replaced by its value.
std::string fill(const char* pattern, std::initializer_list<std::pair<const char*, std::string>> values) {
    std::string out(pattern);
    for (const auto& [name, value] : values) {
        const std::string key = std::string("{") + name + "}";
        for (std::size_t at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size()))
            out.replace(at, key.size(), value);
    }
    return out;
}

// The template with {1}, {2}, … replaced by the arguments in one language. A placeholder without an
// argument stays visible (the table test checks that German and English name the same placeholders).
std::string fill_positional(const char* pattern, std::initializer_list<MsgArg> args, bool german) {
    std::string out;
    for (const char* p = pattern; *p; ++p) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            const auto index = static_cast<std::size_t>(p[1] - '1');
            if (index < args.size()) {
                const MsgArg& arg = args.begin()[index];
                out += german ? arg.de() : arg.en();
                p += 2;
                continue;
            }
        }
        out += *p;
    }
    return out;
}

void append(std::string& text, const std::string& part) {
    if (part.empty()) return;
    if (!text.empty()) text += ": ";
    text += part;
}

}  // namespace

const char* error_id(ErrorCode code) noexcept {
    return info(code).id;
}
const char* error_text_de(ErrorCode code) noexcept {
    return info(code).de;
}
const char* error_text_en(ErrorCode code) noexcept {
    return info(code).en;
}

MsgArg::MsgArg(double v) {
    if (std::isnan(v)) {
        de_ = "leer";
        en_ = "empty";
    } else if (std::isinf(v)) {
        de_ = v > 0 ? "+unendlich" : "-unendlich";
        en_ = v > 0 ? "+infinity" : "-infinity";
    } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", v);
        de_ = en_ = buf;
    }
}

MsgArg MsgArg::exact(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return MsgArg(std::string(buf));
}

Place place(Msg id, std::initializer_list<MsgArg> args) {
    const MessageText& row = message_text(id);
    return {fill_positional(row.de, args, true), fill_positional(row.en, args, false)};
}

Error::Error(ErrorCode code, std::string context_de, std::string context_en)
    : code_(code), detail_de_(std::move(context_de)), detail_en_(std::move(context_en)) {
    refresh();
}

Error Error::sizes(std::initializer_list<SizeOf> sizes) {
    Error e(ErrorCode::DimensionMismatch);
    e.sizes_.assign(sizes.begin(), sizes.end());
    e.refresh();
    return e;
}

Error Error::keyword(ErrorCode code, std::string word, std::string more_de, std::string more_en) {
    Error e(code, std::move(more_de), std::move(more_en));
    e.word_ = std::move(word);
    e.has_word_ = true;
    e.refresh();
    return e;
}

Error Error::message(Msg id, std::initializer_list<MsgArg> args) {
    const MessageText& row = message_text(id);
    Place text = place(id, args);
    Error e(row.code.value_or(ErrorCode::InvalidParameter), std::move(text.de), std::move(text.en));
    e.message_id_ = id;
    return e;
}

Error Error::keyword(Msg more, std::string word, std::initializer_list<MsgArg> args) {
    const MessageText& row = message_text(more);
    Place text = place(more, args);
    Error e = keyword(row.code.value_or(ErrorCode::InvalidParameter), std::move(word), std::move(text.de),
                      std::move(text.en));
    e.message_id_ = more;
    return e;
}

Error Error::at(Place where) const {
    Error e(*this);
    e.places_.insert(e.places_.begin(), std::move(where));
    e.refresh();
    return e;
}

std::string Error::context(bool german) const {
    const ErrorInfo& row = info(code_);
    const char* pattern = german ? row.context_de : row.context_en;
    std::string text;
    for (const Place& p : places_) append(text, german ? p.de : p.en);
    std::string main;
    if (!sizes_.empty() && pattern) {
        for (const SizeOf& s : sizes_) {
            if (!main.empty()) main += ", ";
            main += fill(pattern, {{"n", std::to_string(s.n)}, {"what", german ? s.de : s.en}});
        }
    } else if (has_word_ && pattern) {
        main = fill(pattern, {{"word", word_}});
    }
    // An empty English explanation falls back to the German one (numbers, quoted keywords).
    const std::string& detail = german || detail_en_.empty() ? detail_de_ : detail_en_;
    if (has_word_)
        main += detail;  // after a keyword the explanation brings its own separator ("; möglich: …")
    else
        append(main, detail);
    append(text, main);
    return text;
}

void Error::refresh() {
    what_ = std::string(error_id(code_)) + " " + message_en();
}

std::string Error::message_de() const {
    std::string text = error_text_de(code_);
    append(text, context(true));
    return text;
}

std::string Error::message_en() const {
    std::string text = error_text_en(code_);
    append(text, context(false));
    return text;
}

void require_same_size(std::initializer_list<SizeOf> sizes) {
    for (const SizeOf& s : sizes) {
        if (s.n != sizes.begin()->n) throw Error::sizes(sizes);
    }
}

}  // namespace isp
