#include "isp/error.hpp"

namespace isp {
namespace {

struct ErrorInfo {
    const char* id;
    const char* de;
    const char* en;
};

// Indexed by ErrorCode; keep in the enum's order.
constexpr ErrorInfo kErrors[] = {
    {"ISP-E01", "Die Bereiche haben unterschiedliche Größen", "The ranges have different sizes"},
    {"ISP-E02", "Keine Werte vorhanden", "No values given"},
    {"ISP-E03", "Zu wenige Werte für diese Methode", "Too few values for this method"},
    {"ISP-E04", "Alle Werte sind gleich (Streuung 0), ein Score ist nicht definiert",
     "All values are equal (zero spread), a score is undefined"},
    {"ISP-E05", "Die Methode braucht Werte größer als 0", "The method needs values greater than 0"},
    {"ISP-E06", "Unendliche Werte sind nicht erlaubt", "Infinite values are not allowed"},
    {"ISP-E07", "Unbekannte Methode", "Unknown method"},
    {"ISP-E08", "Unbekanntes Klassenschema", "Unknown class scheme"},
    {"ISP-E09", "Anzahlen dürfen nicht negativ sein", "Counts must not be negative"},
    {"ISP-E10", "Gewichte dürfen nicht negativ sein", "Weights must not be negative"},
    {"ISP-E11", "Die Summe der Gewichte ist 0", "The weights sum to 0"},
    {"ISP-E12", "Ungültiger Parameter", "Invalid parameter"},
    {"ISP-E13", "Die Klassengrenzen müssen streng aufsteigend sein", "Cut-points must be strictly ascending"},
    {"ISP-E14", "Die Zahl der Beschriftungen passt nicht zur Zahl der Klassen",
     "The number of labels does not fit the number of classes"},
    {"ISP-E15", "Division durch einen Nenner von 0", "Division by a zero denominator"},
    {"ISP-E16", "Die Gebietshierarchie ist widersprüchlich", "The area hierarchy is inconsistent"},
    {"ISP-E17", "Unbekanntes Gebiet", "Unknown area"},
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

std::string compose(const char* base, const std::string& context) {
    std::string text(base);
    if (!context.empty()) {
        text += ": ";
        text += context;
    }
    return text;
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

Error::Error(ErrorCode code, std::string context_de, std::string context_en)
    : code_(code), context_de_(std::move(context_de)), context_en_(std::move(context_en)) {
    what_ = std::string(error_id(code_)) + " " + message_en();
}

std::string Error::message_de() const {
    return compose(error_text_de(code_), context_de_);
}

std::string Error::message_en() const {
    return compose(error_text_en(code_), context_en_.empty() ? context_de_ : context_en_);
}

}  // namespace isp
