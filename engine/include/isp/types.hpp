// Core data types of the ISP engine: explicit missing values, per-value reasons, a row-major matrix.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace isp {

// A missing value (empty or text cell, no data) is a quiet NaN, never 0. +-inf is not missing: entry
// points reject it with ErrorCode::NonFiniteInput.
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
inline bool is_missing(double v) noexcept {
    return std::isnan(v);
}

// Why a result value is missing. Results carry a reason next to each value so that the add-in can show
// "keine Aussage" for a suppressed area and an error for bad input.
enum class Reason : std::uint8_t {
    Ok = 0,
    MissingInput,          // the input needed for this value is missing
    BelowMinPopulation,    // area below the minimum population: left out and suppressed
    InsufficientCoverage,  // too few indicators available for a composite
    SmallNumber,           // count below the suppression threshold (statistical confidentiality)
    Undefined,             // mathematically undefined for this value (e.g. division by 0 in a ratio score)
};

const char* reason_text_de(Reason r) noexcept;
const char* reason_text_en(Reason r) noexcept;

// A vector of results with one reason per value. value[i] is kMissing exactly when reason[i] != Ok.
struct Column {
    std::vector<double> value;
    std::vector<Reason> reason;

    Column() = default;
    explicit Column(std::size_t n) : value(n, kMissing), reason(n, Reason::MissingInput) {}
    std::size_t size() const noexcept { return value.size(); }
    bool ok(std::size_t i) const noexcept { return reason[i] == Reason::Ok; }
    void set(std::size_t i, double v) noexcept {
        value[i] = v;
        reason[i] = Reason::Ok;
    }
    void clear(std::size_t i, Reason why) noexcept {
        value[i] = kMissing;
        reason[i] = why;
    }
};

// Areas x indicators, row-major (one row per area), missing = kMissing. Row-major because both passes of
// the pipeline (column statistics, per-area composite) then stream through memory once.
class Matrix {
public:
    Matrix() = default;
    Matrix(std::size_t rows, std::size_t cols, double fill = kMissing)
        : rows_(rows), cols_(cols), data_(rows * cols, fill) {}

    std::size_t rows() const noexcept { return rows_; }
    std::size_t cols() const noexcept { return cols_; }
    double& operator()(std::size_t r, std::size_t c) noexcept { return data_[r * cols_ + c]; }
    double operator()(std::size_t r, std::size_t c) const noexcept { return data_[r * cols_ + c]; }
    const double* row(std::size_t r) const noexcept { return data_.data() + r * cols_; }
    double* row(std::size_t r) noexcept { return data_.data() + r * cols_; }
    std::vector<double> column(std::size_t c) const;
    const std::vector<double>& data() const noexcept { return data_; }
    std::vector<double>& data() noexcept { return data_; }

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::vector<double> data_;
};

// Throws Error(NonFiniteInput) if any value is +-inf; NaN (missing) passes. `what` names the argument in
// the message, e.g. "Gewichte" / "weights".
void require_no_infinity(const std::vector<double>& values, const char* what_de, const char* what_en);
void require_no_infinity(const Matrix& values, const char* what_de, const char* what_en);

// Throws Error(InvalidPolarity) unless polarity is +1 or -1.
int checked_polarity(double polarity);

// Keyword matching used by every parse_* function: case-insensitive, ignores spaces, '-', '_' and folds
// German umlauts (ä->ae, ö->oe, ü->ue, ß->ss), so "Verhältnis", "verhaeltnis" and "VERHÄLTNIS" match.
std::string normalise_keyword(const std::string& keyword);

}  // namespace isp
