// Typed errors of the ISP engine, each with a German and an English message.
//
// Every engine entry point reports bad input by throwing isp::Error. The add-in maps the code to a Calc
// error and ISP_DIAGNOSE shows the German message. Codes are stable: add new ones at the end.
#pragma once

#include <exception>
#include <string>

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

class Error : public std::exception {
public:
    // The contexts name what was wrong ("Methode „xyz“", "method 'xyz'"); an empty English context
    // falls back to the German one (fine for numbers and quoted keywords).
    explicit Error(ErrorCode code, std::string context_de = {}, std::string context_en = {});

    ErrorCode code() const noexcept { return code_; }
    std::string message_de() const;
    std::string message_en() const;
    const char* what() const noexcept override { return what_.c_str(); }

private:
    ErrorCode code_;
    std::string context_de_;
    std::string context_en_;
    std::string what_;
};

}  // namespace isp
