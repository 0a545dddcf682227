// Outlier treatment after COINr's Treat() (methods.md §3; documented in docs/methods/pipeline.md).
#include "isp/outliers.hpp"

#include <algorithm>
#include <boost/math/statistics/univariate_statistics.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp {
namespace {

std::vector<double> present_values(const std::vector<double>& x) {
    require_no_infinity(x, "Werte", "values");
    std::vector<double> v;
    v.reserve(x.size());
    for (double value : x) {
        if (!is_missing(value)) v.push_back(value);
    }
    return v;
}

void require_count(std::size_t n, std::size_t needed) {
    if (n == 0) throw Error(ErrorCode::EmptyInput);
    if (n < needed) {
        throw Error::message(Msg::TooFewValuesNeeded, {n, needed});
    }
}

bool has_spread(const std::vector<double>& v) {
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return *lo < *hi;
}

// Population central moments M2, M3, M4 (Boost.Math, Pébay's one-pass update). Skewness and kurtosis do
// not depend on the scale, so the values are first scaled by a power of two near 1/max|x|: exact, and it
// keeps d^4 from overflowing for values near 1e308 or underflowing near 1e-308.
struct Moments {
    double n, m2, m3, m4;
};
Moments central_moments(const std::vector<double>& v) {
    double largest = 0.0;
    for (double x : v) largest = std::max(largest, std::fabs(x));
    int exponent = 0;
    std::frexp(largest, &exponent);
    std::vector<double> scaled(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) scaled[i] = std::ldexp(v[i], -exponent);
    const auto [m1, m2, m3, m4] = boost::math::statistics::first_four_moments(scaled);
    (void)m1;
    return {static_cast<double>(v.size()), m2, m3, m4};
}

// Type 2 skewness (e1071 type 2 = Calc SKEW), methods §3: g = M3 / M2^(3/2) equals
// sqrt(n) sum d^3 / (sum d^2)^(3/2); skew = g sqrt(n (n-1)) / (n-2).
double skewness_of(const Moments& m) {
    const double g = m.m3 / (m.m2 * std::sqrt(m.m2));
    return g * std::sqrt(m.n * (m.n - 1.0)) / (m.n - 2.0);
}

// Excess kurtosis (= Calc KURT), methods §3: r = M4 / M2^2 equals n sum d^4 / (sum d^2)^2;
// kurt = ((n+1)(r-3) + 6)(n-1) / ((n-2)(n-3)).
double kurtosis_of(const Moments& m) {
    const double r = m.m4 / (m.m2 * m.m2);
    return ((m.n + 1.0) * (r - 3.0) + 6.0) * (m.n - 1.0) / ((m.n - 2.0) * (m.n - 3.0));
}

struct Test {
    bool testable = false;  // n >= 4 and some spread
    double skew = kMissing, kurt = kMissing;
};

Test test_values(const std::vector<double>& x) {
    std::vector<double> v;
    v.reserve(x.size());
    for (double value : x) {
        if (!is_missing(value)) v.push_back(value);
    }
    Test t;
    if (v.size() < 4 || !has_spread(v)) return t;
    const Moments m = central_moments(v);
    if (!(m.m2 > 0.0)) return t;
    t.testable = true;
    t.skew = skewness_of(m);
    t.kurt = kurtosis_of(m);
    return t;
}

// COINr check_SkewKurt: passes if |skew| < threshold OR kurt < threshold.
bool passes(const Test& t, const OutlierOptions& o) {
    return std::fabs(t.skew) < o.skew_threshold || t.kurt < o.kurt_threshold;
}

// COINr's log_CT: ln(x - min + 0.01 (max - min)). x - min + a can overflow for values beyond max/4
// (1e308 - (-1e308)); there the values are scaled by 1/4 (exact) and ln 4 added back. Ordinary data take the
// unscaled path, exactly COINr's formula.
double log_ct(double x, double lo, double hi) {
    constexpr double kQuarterMax = std::numeric_limits<double>::max() / 4.0;
    const int e = (std::fabs(lo) <= kQuarterMax && std::fabs(hi) <= kQuarterMax) ? 0 : 2;
    const double lo_s = std::ldexp(lo, -e);
    const double a = 0.01 * (std::ldexp(hi, -e) - lo_s);
    return std::log(std::ldexp(x, -e) - lo_s + a) + e * std::log(2.0);
}

}  // namespace

double treat_like(const OutlierResult& result, double x) {
    if (is_missing(x)) return kMissing;
    switch (result.treatment) {
        case Treatment::Winsorised: return std::min(result.high, std::max(result.low, x));
        case Treatment::Log: {
            const double y = log_ct(x, result.low, result.high);
            return std::isfinite(y) ? y : kMissing;
        }
        default: return x;
    }
}

double sample_skewness(const std::vector<double>& x) {
    const std::vector<double> v = present_values(x);
    require_count(v.size(), 3);
    if (!has_spread(v)) throw Error(ErrorCode::ZeroVariance);
    const Moments m = central_moments(v);
    if (!(m.m2 > 0.0)) throw Error(ErrorCode::ZeroVariance);
    return skewness_of(m);
}

double sample_excess_kurtosis(const std::vector<double>& x) {
    const std::vector<double> v = present_values(x);
    require_count(v.size(), 4);
    if (!has_spread(v)) throw Error(ErrorCode::ZeroVariance);
    const Moments m = central_moments(v);
    if (!(m.m2 > 0.0)) throw Error(ErrorCode::ZeroVariance);
    return kurtosis_of(m);
}

OutlierResult treat_outliers(const std::vector<double>& x, const OutlierOptions& options) {
    if (options.winmax < 0) {
        throw Error::message(Msg::WinmaxNegative, {options.winmax});
    }
    if (!std::isfinite(options.skew_threshold) || options.skew_threshold < 0.0 ||
        !std::isfinite(options.kurt_threshold)) {
        throw Error(ErrorCode::InvalidParameter, "Schwellen für Schiefe/Kurtosis",
                    "skewness/kurtosis thresholds");
    }
    require_no_infinity(x, "Werte", "values");

    OutlierResult out;
    out.values = x;
    out.treated.assign(x.size(), false);

    const Test before = test_values(x);
    if (!before.testable) {
        // COINr: kurtosis is NA for n < 4, Treat() returns x untreated. A constant vector has no outliers
        // and no defined skewness either.
        out.treatment = Treatment::Untestable;
        return out;
    }
    out.skew_before = before.skew;
    out.kurt_before = before.kurt;
    out.skew_after = before.skew;
    out.kurt_after = before.kurt;
    if (passes(before, options)) return out;

    // Winsorise (COINr winsorise): move every value equal to the current extreme to the next value inward;
    // ties move together and all count, so the last step may pass winmax. Re-test after every step.
    std::vector<double> y = x;
    std::vector<bool> moved(x.size(), false);
    Test now = before;
    int points = 0;
    bool ok = false;
    while (!ok && points < options.winmax) {
        const bool high = now.skew >= 0.0;
        double extreme = kMissing;
        for (double v : y) {
            if (is_missing(v)) continue;
            if (is_missing(extreme) || (high ? v > extreme : v < extreme)) extreme = v;
        }
        double inner = kMissing;
        for (double v : y) {
            if (is_missing(v) || v == extreme) continue;
            if (is_missing(inner) || (high ? v > inner : v < inner)) inner = v;
        }
        if (is_missing(inner)) break;  // all equal: nothing left to move
        for (std::size_t i = 0; i < y.size(); ++i) {
            if (y[i] == extreme) {
                y[i] = inner;
                moved[i] = true;
            }
        }
        points = static_cast<int>(std::count(moved.begin(), moved.end(), true));
        now = test_values(y);
        // Winsorising down to a constant leaves no outlier (and no defined skewness).
        ok = !now.testable || passes(now, options);
    }
    if (ok) {
        for (double v : y) {
            if (is_missing(v)) continue;
            if (is_missing(out.low) || v < out.low) out.low = v;
            if (is_missing(out.high) || v > out.high) out.high = v;
        }
        out.values = std::move(y);
        out.treated = std::move(moved);
        out.treatment = Treatment::Winsorised;
        out.points_winsorised = points;
        out.skew_after = now.skew;
        out.kurt_after = now.kurt;
        return out;
    }

    // log_CT on the original values: ln(x - min + 0.01 (max - min)). COINr applies it whether or not the
    // result then passes (and records the test); so does ISP.
    double lo = kMissing, hi = kMissing;
    for (double v : x) {
        if (is_missing(v)) continue;
        if (is_missing(lo) || v < lo) lo = v;
        if (is_missing(hi) || v > hi) hi = v;
    }
    out.low = lo;
    out.high = hi;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (is_missing(x[i])) continue;
        out.values[i] = log_ct(x[i], lo, hi);
        out.treated[i] = true;
    }
    out.treatment = Treatment::Log;
    const Test after = test_values(out.values);
    out.skew_after = after.skew;
    out.kurt_after = after.kurt;
    return out;
}

}  // namespace isp
