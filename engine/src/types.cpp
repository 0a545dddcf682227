#include "isp/types.hpp"

#include <cctype>

#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp {

const char* reason_text_de(Reason r) noexcept {
    switch (r) {
        case Reason::Ok: return "gültig";
        case Reason::MissingInput: return "keine Daten";
        case Reason::BelowMinPopulation: return "unter Mindesteinwohnerzahl";
        case Reason::InsufficientCoverage: return "zu wenige Indikatoren (keine Aussage)";
        case Reason::SmallNumber: return "Fallzahl zu klein (Geheimhaltung)";
        case Reason::Undefined: return "nicht definiert";
    }
    return "?";
}

const char* reason_text_en(Reason r) noexcept {
    switch (r) {
        case Reason::Ok: return "valid";
        case Reason::MissingInput: return "no data";
        case Reason::BelowMinPopulation: return "below minimum population";
        case Reason::InsufficientCoverage: return "too few indicators (no statement)";
        case Reason::SmallNumber: return "count too small (confidentiality)";
        case Reason::Undefined: return "undefined";
    }
    return "?";
}

std::vector<double> Matrix::column(std::size_t c) const {
    std::vector<double> out(rows_);
    for (std::size_t r = 0; r < rows_; ++r) out[r] = (*this)(r, c);
    return out;
}

namespace {
template <typename Range>
void check_infinity(const Range& values, const char* what_de, const char* what_en) {
    for (double v : values) {
        if (std::isinf(v)) throw Error(ErrorCode::NonFiniteInput, what_de, what_en);
    }
}
}  // namespace

void require_no_infinity(const std::vector<double>& values, const char* what_de, const char* what_en) {
    check_infinity(values, what_de, what_en);
}

void require_no_infinity(const Matrix& values, const char* what_de, const char* what_en) {
    check_infinity(values.data(), what_de, what_en);
}

int checked_polarity(double polarity) {
    if (polarity == 1.0) return 1;
    if (polarity == -1.0) return -1;
    throw Error::message(Msg::PolarityValue, {polarity});
}

std::string normalise_keyword(const std::string& keyword) {
    std::string out;
    out.reserve(keyword.size());
    for (std::size_t i = 0; i < keyword.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(keyword[i]);
        if (c == ' ' || c == '-' || c == '_' || c == '\t') continue;
        // UTF-8 umlauts: C3 A4/84 ä/Ä, C3 B6/96 ö/Ö, C3 BC/9C ü/Ü, C3 9F ß
        if (c == 0xC3 && i + 1 < keyword.size()) {
            const unsigned char d = static_cast<unsigned char>(keyword[i + 1]);
            const char* folded = nullptr;
            if (d == 0xA4 || d == 0x84)
                folded = "ae";
            else if (d == 0xB6 || d == 0x96)
                folded = "oe";
            else if (d == 0xBC || d == 0x9C)
                folded = "ue";
            else if (d == 0x9F)
                folded = "ss";
            if (folded != nullptr) {
                out += folded;
                ++i;
                continue;
            }
        }
        out += static_cast<char>(std::tolower(c));
    }
    return out;
}

}  // namespace isp
