// Typed errors of the ISP engine, each with a German and an English message.
//
// Every engine entry point reports bad input by throwing isp::Error. The add-in maps the code to a Calc
// error and ISP_DIAGNOSE shows the German message. Codes are stable: add new ones at the end.
#pragma once

#include <cstddef>
#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace isp {

enum class ErrorCode {
    DimensionMismatch,    // ranges of different sizes
    EmptyInput,           // no values at all
    TooFewValues,         // fewer non-missing values than the method needs
    ZeroVariance,         // SD or range is 0, scores undefined
    NonPositiveInput,     // geometric mean, logarithm: needs values > 0
    NonFiniteInput,       // +-inf in the input (NaN means "missing")
    UnknownMethod,        // method keyword not recognised
    UnknownScheme,        // class scheme keyword not recognised
    NegativeCount,        // a count (numerator, population, places) below 0
    NegativeWeight,       // a weight below 0
    ZeroWeightSum,        // all weights 0
    InvalidParameter,     // a parameter outside its documented range
    InvalidCutPoints,     // class cut-points not strictly ascending
    LabelCountMismatch,   // labels do not fit the number of classes
    ZeroDenominator,      // division by a zero denominator (quota, ratio, Versorgungsgrad)
    InvalidHierarchy,     // cycle or contradictory parent in an area hierarchy
    UnknownArea,          // an area ID that the hierarchy does not know
    MissingValue,         // a required single value is missing (empty or text cell)
    InvalidPolarity,      // polarity other than +1 or -1
    MultiSheetReference,  // a reference spanning several sheets (Calc would hand over the first sheet only)
    AmbiguousGroupKeys,   // group keys that differ only in letter case or whitespace ("SR 1", "sr1")
    NonIntegerCount,      // a count (case numbers to suppress) that is not a whole number
};

// One past the last code; tests iterate over all codes with it.
constexpr int kErrorCodeCount = static_cast<int>(ErrorCode::NonIntegerCount) + 1;

const char* error_id(ErrorCode code) noexcept;       // stable short id, e.g. "ISP-E03"
const char* error_text_de(ErrorCode code) noexcept;  // base German text
const char* error_text_en(ErrorCode code) noexcept;  // base English text

// A size that has to match others, named by what it counts in the plural ("3 Werte", "4 Gewichte"). The
// names are kept by pointer: string literals only.
struct SizeOf {
    std::size_t n;
    const char* de;
    const char* en;
};

// A place an error happened at, in both languages ("Indikator 3", "Element 2 (Zeile 2)").
struct Place {
    std::string de;
    std::string en;
};

enum class Msg;  // the id of a message template (isp/messages.hpp)

// One argument of a message template, in both languages. Whole numbers and keywords read the same in both;
// a double is written as the messages always wrote cut-points ("2.5", "leer"/"empty",
// "+unendlich"/"+infinity"); names that differ are given as {German, English} or as a Place.
class MsgArg {
public:
    MsgArg(const char* same) : de_(same), en_(same) {}
    MsgArg(std::string same) : de_(same), en_(std::move(same)) {}
    MsgArg(std::string de, std::string en) : de_(std::move(de)), en_(std::move(en)) {}
    MsgArg(const Place& p) : de_(p.de), en_(p.en) {}
    template <typename T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    MsgArg(T n) : de_(std::to_string(n)), en_(de_) {}
    MsgArg(double v);
    // A number with all the digits that make it what it is ("2.0000001" for a count that is not whole).
    static MsgArg exact(double v);

    const std::string& de() const noexcept { return de_; }
    const std::string& en() const noexcept { return en_; }

private:
    std::string de_;
    std::string en_;
};

// A template of the message table filled in both languages: a place ("Zeile 3") or a part of a message.
Place place(Msg id, std::initializer_list<MsgArg> args = {});

class Error : public std::exception {
public:
    // The contexts name what was wrong ("Einwohner", "population"); an empty English context falls back to
    // the German one (fine for numbers and quoted keywords). Fixed names only: a context put together from
    // parts is a message template (message() below), which engine_tests checks for engine/src.
    explicit Error(ErrorCode code, std::string context_de = {}, std::string context_en = {});

    // DimensionMismatch naming every size with the table's template ("3 Werte, 4 Gewichte").
    static Error sizes(std::initializer_list<SizeOf> sizes);
    // An error whose context is a keyword (UnknownMethod, UnknownScheme, UnknownArea), quoted by the
    // table's template ("„xyz“", "'xyz'"), with an optional explanation after it.
    static Error keyword(ErrorCode code, std::string word, std::string more_de = {},
                         std::string more_en = {});

    // The error of a message id: the table's code, its German and English template filled with args
    // ({1} is the first). The one way engine code builds a message with parts that vary.
    static Error message(Msg id, std::initializer_list<MsgArg> args = {});
    // A keyword error (as keyword() above) whose explanation after the keyword is the message id's template.
    static Error keyword(Msg more, std::string word, std::initializer_list<MsgArg> args = {});

    // The same error, one place further out: "Indikator 3: <context>" (places are listed outermost first).
    Error at(Place where) const;

    ErrorCode code() const noexcept { return code_; }
    // The message id the error was built from (message(), keyword() with an id), if any.
    std::optional<Msg> message_id() const noexcept { return message_id_; }
    // The context as fields: where (outermost first), the sizes that differ, the keyword not recognised, and
    // the rest of the explanation in both languages.
    const std::vector<Place>& places() const noexcept { return places_; }
    const std::vector<SizeOf>& sized() const noexcept { return sizes_; }
    const std::string& word() const noexcept { return word_; }
    const std::string& detail_de() const noexcept { return detail_de_; }
    const std::string& detail_en() const noexcept { return detail_en_; }

    std::string message_de() const;
    std::string message_en() const;
    const char* what() const noexcept override { return what_.c_str(); }

private:
    std::string context(bool german) const;
    void refresh();

    ErrorCode code_;
    std::vector<Place> places_;
    std::vector<SizeOf> sizes_;
    std::string word_;
    bool has_word_ = false;
    std::optional<Msg> message_id_;
    std::string detail_de_;
    std::string detail_en_;
    std::string what_;
};

// Throws Error::sizes(sizes) unless every size is the same.
void require_same_size(std::initializer_list<SizeOf> sizes);

}  // namespace isp
