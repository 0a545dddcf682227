// Fuzz target for every engine entry point (libFuzzer; the replay driver engine_fuzz_replay.cpp feeds the
// same function without libFuzzer). The input bytes are decoded into shapes, values (NaN, +-inf, 1e308,
// 1e-308, denormals, zeros, ordinary numbers), missing patterns and method keywords (valid and garbage).
//
// The contract checked here (common rules of the engine): the only exception an entry point may throw is
// isp::Error, with a valid code and non-empty messages; anything else aborts. On success the results must be
// well-formed: sizes as documented, a Column value missing exactly when its reason is not Ok, no +-inf or
// NaN passed off as a valid result (never a silent non-number), classes inside their range, shares in
// [0, 1]. Sanitizers (ASan, UBSan) catch memory errors and undefined behaviour on the way.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/classify.hpp"
#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "isp/fachplan.hpp"
#include "isp/normalise.hpp"
#include "isp/outliers.hpp"
#include "isp/quota.hpp"
#include "isp/stability.hpp"
#include "isp/types.hpp"

namespace {

using isp::kMissing;

// ---- Decoding the input -------------------------------------------------------------------------------

// How the values of one vector are drawn: Wild from the whole palette of awkward doubles, Tame as
// non-negative ordinary numbers (counts, populations) and Signed as ordinary numbers of either sign; both
// with some missing values. Tame and Signed let inputs get past the validation into the arithmetic.
enum class Mode { Wild, Tame, Signed };

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : p_(data), end_(data + size) {}

    bool empty() const noexcept { return p_ == end_; }
    // Past the end every read gives 0, so that each decoding step is total.
    unsigned byte() noexcept { return p_ == end_ ? 0U : *p_++; }
    unsigned u16() noexcept {
        const unsigned lo = byte();
        return lo | (byte() << 8);
    }
    std::size_t below(std::size_t n) noexcept { return n == 0 ? 0 : byte() % n; }
    bool flag() noexcept { return (byte() & 1U) != 0; }

    Mode mode() noexcept {
        switch (byte() % 4) {
            case 0: return Mode::Wild;
            case 1: return Mode::Signed;
            default: return Mode::Tame;
        }
    }

    double ordinary() noexcept {
        const auto v = static_cast<std::int16_t>(static_cast<std::uint16_t>(u16()));
        return static_cast<double>(v) / static_cast<double>(1U << below(8));
    }

    double wild() noexcept {
        constexpr double kInf = std::numeric_limits<double>::infinity();
        const unsigned b = byte();
        switch (b % 32) {
            case 0: return kMissing;
            case 1: return kInf;
            case 2: return -kInf;
            case 3: return 1e308;
            case 4: return -1e308;
            case 5: return 1e-308;
            case 6: return -1e-308;
            case 7: return std::numeric_limits<double>::denorm_min();
            case 8: return -std::numeric_limits<double>::denorm_min();
            case 9: return 0.0;
            case 10: return -0.0;
            case 11: return 1.0;
            case 12: return -1.0;
            case 13: return std::numeric_limits<double>::max();
            case 14: return std::numeric_limits<double>::lowest();
            case 15: {  // any bit pattern, signalling NaNs included
                std::uint64_t bits = 0;
                for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(byte()) << (8 * i);
                double d = 0.0;
                std::memcpy(&d, &bits, sizeof d);
                return d;
            }
            case 16: return 0.5;
            case 17: return static_cast<double>(byte() % 4);  // ties
            default: return ordinary();
        }
    }

    double value(Mode m) noexcept {
        if (m == Mode::Wild) return wild();
        const unsigned b = byte();
        if (b % 16 == 0) return kMissing;
        if (b % 16 == 1) return static_cast<double>(byte() % 8);  // small counts, ties, zeros
        const double v = ordinary();
        return m == Mode::Tame ? std::fabs(v) : v;
    }

    std::vector<double> vec(std::size_t max_len, Mode m) {
        std::vector<double> v(below(max_len + 1));
        for (double& x : v) x = value(m);
        return v;
    }
    std::vector<double> vec(std::size_t max_len) { return vec(max_len, mode()); }
    // Mostly of length n, sometimes not (DimensionMismatch paths).
    std::vector<double> vec_like(std::size_t n) {
        const unsigned b = byte();
        const Mode m = mode();
        std::size_t len = n;
        if (b % 8 == 0) len = below(n + 3);
        if (b % 8 == 1) len = 0;
        std::vector<double> v(len);
        for (double& x : v) x = value(m);
        return v;
    }

    std::string text(const std::vector<const char*>& valid) {
        const unsigned b = byte();
        if (b < 200 && !valid.empty()) return valid[b % valid.size()];
        std::string s(below(13), '\0');
        for (char& c : s) c = static_cast<char>(byte());  // any byte: invalid UTF-8, NUL, high bytes
        return s;
    }

    int small_int(int lo, int hi) noexcept {  // in [lo, hi]
        return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1)));
    }

    int polarity() noexcept {
        switch (byte() % 16) {
            case 0: return 0;
            case 1: return 2;
            case 2: return std::numeric_limits<int>::min();
            case 3: return -2;
            default: return (byte() & 1U) != 0 ? 1 : -1;
        }
    }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

const std::vector<const char*> kNormKeywords = {
    "z",           "zscore",    "standard",    "zpop",
    "zp",          "zw",        "zgewichtet",  "zweighted",
    "minmax",      "rank",      "prank",       "perzentil",
    "rang",        "ratio",     "verhaeltnis", "Verh\xC3\xA4ltnis",
    "index",       "goalposts", "zielpfosten", "dist2targ",
    "zielabstand", "none",      "keine",       "Z-Score",
    " z "};
const std::vector<const char*> kCompositeKeywords = {"mean",   "mittel", "mittelwert", "amean",       "sum",
                                                     "summe",  "geo",    "gmean",      "geometrisch", "mss",
                                                     "berlin", "MSS",    "Mittel_Wert"};
const std::vector<const char*> kAggKeywords = {
    "sum",  "summe",  "ratio",      "quote",  "quotient", "anteil",  "wmean", "gewichtet", "gewmittel",
    "mean", "mittel", "mittelwert", "median", "min",      "minimum", "max",   "maximum",   "Gew-Mittel"};
const std::vector<const char*> kSchemeKeywords = {"mss-status", "MSS_Status", "mssstatus",  "mss-dynamik",
                                                  "belastung",  "Belastung",  "mss dynamik"};
const std::vector<const char*> kQuantileKeywords = {"tertil",    "Terzil",    "tercile",  "quartil",
                                                    "quartiles", "quintil",   "Quintile", "dezil",
                                                    "deciles",   "mss-status"};
const std::vector<const char*> kGroupKeys = {
    "",          "A",        "B",  "C",   "a",
    "\xC3\x84",  " A",       "0",  "1",   "a-very-long-group-key-beyond-small-string-size",
    "B\xC2\xA0", "\xC3\xA4", "\t", "C 1", "c1"};
const std::vector<const char*> kLabels = {"hoch", "", "mittel", "\xC3\xBC", "x"};

constexpr isp::NormMethod kNormMethods[] = {
    isp::NormMethod::ZScore,    isp::NormMethod::ZScorePopulation, isp::NormMethod::ZScoreWeighted,
    isp::NormMethod::MinMax,    isp::NormMethod::PercentRank,      isp::NormMethod::Ratio,
    isp::NormMethod::Goalposts, isp::NormMethod::DistanceToTarget, isp::NormMethod::None};
constexpr isp::CompositeMethod kCompositeMethods[] = {isp::CompositeMethod::Mean, isp::CompositeMethod::Sum,
                                                      isp::CompositeMethod::GeometricMean,
                                                      isp::CompositeMethod::Mss};
constexpr isp::AggMethod kAggMethods[] = {
    isp::AggMethod::Sum,    isp::AggMethod::Ratio, isp::AggMethod::WeightedMean, isp::AggMethod::Mean,
    isp::AggMethod::Median, isp::AggMethod::Min,   isp::AggMethod::Max};

isp::NormMethod norm_method(Input& in) {
    return kNormMethods[in.below(std::size(kNormMethods))];
}

// A parameter that is usually in its documented range, sometimes anything.
double param(Input& in, double lo, double hi) {
    if (in.byte() % 4 == 0) return in.wild();
    return lo + (hi - lo) * static_cast<double>(in.byte()) / 255.0;
}

isp::NormParams norm_params(Input& in) {
    isp::NormParams p;
    const Mode m = in.mode();
    if (in.flag()) p.lower = in.value(m);
    if (in.flag()) p.upper = in.value(m);
    if (in.flag()) p.reference = in.value(m);
    if (in.flag()) p.goal_low = in.value(m);
    if (in.flag()) p.goal_high = in.value(m);
    if (in.flag()) p.scale = in.value(m);
    p.truncate = in.flag();
    if (in.flag()) p.target = in.value(m);
    p.cap = in.flag();
    p.centre = static_cast<isp::Centre>(in.below(3));
    return p;
}

isp::OutlierOptions outlier_options(Input& in) {
    isp::OutlierOptions o;
    if (in.flag()) o.winmax = in.small_int(-2, 12);
    if (in.flag()) o.skew_threshold = param(in, 0.0, 4.0);
    if (in.flag()) o.kurt_threshold = param(in, 0.0, 6.0);
    return o;
}

isp::Matrix matrix(Input& in, std::size_t max_rows, std::size_t max_cols) {
    const std::size_t rows = in.below(max_rows + 1);
    const std::size_t cols = in.below(max_cols + 1);
    const Mode m = in.mode();
    isp::Matrix x(rows, cols);
    for (double& v : x.data()) v = in.value(m);
    return x;
}

std::vector<isp::IndicatorSpec> specs(Input& in, std::size_t cols) {
    std::size_t n = cols;
    if (in.byte() % 8 == 0) n = in.below(cols + 3);
    std::vector<isp::IndicatorSpec> out(n);
    // Mostly one method for all indicators (as in practice), so that the composite is reached.
    const bool mixed = in.byte() % 4 == 0;
    const isp::NormMethod common = norm_method(in);
    for (auto& s : out) {
        s.polarity = in.polarity();
        s.weight = in.flag() ? 1.0 : in.value(in.flag() ? Mode::Tame : Mode::Wild);
        s.method = mixed ? norm_method(in) : common;
        if (in.flag()) s.params = norm_params(in);
        s.treat_outliers = in.byte() % 4 == 0;
    }
    return out;
}

isp::CompositeOptions composite_options(Input& in) {
    isp::CompositeOptions o;
    o.method = kCompositeMethods[in.below(std::size(kCompositeMethods))];
    if (in.flag()) o.min_coverage = param(in, 0.0, 1.0);
    if (in.flag()) o.min_population = param(in, 0.0, 500.0);
    o.rescale_by_sd = in.flag();
    if (in.flag()) o.outliers = outlier_options(in);
    return o;
}

std::vector<std::string> group_keys(Input& in, std::size_t n) {
    std::size_t len = n;
    if (in.byte() % 8 == 0) len = in.below(n + 3);
    const std::size_t distinct = 1 + in.below(kGroupKeys.size());
    std::vector<std::string> out(len);
    for (auto& g : out) g = kGroupKeys[in.below(distinct)];
    return out;
}

// ---- Checking results ---------------------------------------------------------------------------------

// What the current operation was called with, where that is short enough to print.
char g_context[4096] = "";

void set_context(const char* function, const std::vector<double>& x) {
    int used = std::snprintf(g_context, sizeof g_context, "%s(x = {", function);
    for (std::size_t i = 0; i < x.size() && used > 0 && used < 4000; ++i)
        used += std::snprintf(g_context + used, sizeof g_context - static_cast<std::size_t>(used), "%s%.17g",
                              i ? ", " : "", x[i]);
    if (used > 0 && used < 4000)
        std::snprintf(g_context + used, sizeof g_context - static_cast<std::size_t>(used), "}, ...)");
}

[[noreturn]] void fail(const char* where, const char* what) {
    std::fprintf(stderr, "engine_fuzz: %s: %s\n", where, what);
    if (g_context[0] != '\0') std::fprintf(stderr, "engine_fuzz: call: %s\n", g_context);
    std::abort();
}

void expect(bool ok, const char* where, const char* what) {
    if (!ok) fail(where, what);
}

// Triage aid: ISP_FUZZ_IGNORE=name,name skips the finiteness check for those functions, so that one known
// finding does not hide the next. The ctests never set it.
bool ignored(const char* where) {
    static const char* const list = std::getenv("ISP_FUZZ_IGNORE");
    return list != nullptr && std::strstr(list, where) != nullptr;
}

// A valid result is a finite number; a missing result is a NaN. Nothing else may come out.
void expect_finite(double v, const char* where) {
    if (ignored(where)) return;
    expect(std::isfinite(v), where, "non-finite value returned as a valid result");
}

void check_column(const isp::Column& c, std::size_t n, const char* where) {
    expect(c.value.size() == n && c.reason.size() == n, where, "column of the wrong size");
    for (std::size_t i = 0; i < n; ++i) {
        expect(isp::is_missing(c.value[i]) == (c.reason[i] != isp::Reason::Ok), where,
               "value missing but reason Ok, or value present with a reason");
        if (c.reason[i] == isp::Reason::Ok) expect_finite(c.value[i], where);
    }
}

void check_scheme(const isp::ClassScheme& s, const char* where) {
    expect(s.equal_goes_up.size() == s.cuts.size(), where, "one equality rule per cut-point");
    expect(s.labels.size() == s.cuts.size() + 1, where, "one label per class");
    for (std::size_t i = 0; i < s.cuts.size(); ++i) {
        expect(std::isfinite(s.cuts[i]), where, "cut-point not finite");
        if (i > 0) expect(s.cuts[i - 1] < s.cuts[i], where, "cut-points not strictly ascending");
    }
}

// classify() must stay in range and be monotone in the value.
void check_classify(const isp::ClassScheme& s, std::vector<double> values, const char* where) {
    const int top = static_cast<int>(s.cuts.size());
    for (double v : values) {
        const int k = isp::classify(v, s);
        expect(k >= -1 && k <= top, where, "class index out of range");
        if (isp::is_missing(v)) expect(k == -1, where, "missing value got a class");
    }
    for (double c : s.cuts) {
        values.push_back(c);
        values.push_back(std::nextafter(c, -1e300));
        values.push_back(std::nextafter(c, 1e300));
    }
    int previous = -1;
    double previous_v = -std::numeric_limits<double>::infinity();
    std::vector<double> sorted;
    for (double v : values)
        if (std::isfinite(v)) sorted.push_back(v);
    std::sort(sorted.begin(), sorted.end());
    for (double v : sorted) {
        const int k = isp::classify(v, s);
        expect(k >= 0, where, "a finite value got no class");
        expect(k >= previous || v == previous_v, where, "classes not monotone in the value");
        previous = k;
        previous_v = v;
    }
}

// The legend says on which side each cut-point lies, exactly as classify() puts it, and its German numbers
// give the cut-points back.
void check_legend(const isp::ClassScheme& s, const char* where) {
    for (std::size_t i = 0; i < s.cuts.size(); ++i) {
        const int k = isp::classify(s.cuts[i], s);
        const isp::ClassRange below = isp::class_range(s, i), above = isp::class_range(s, i + 1);
        expect(below.upper_included == (k == static_cast<int>(i)), where,
               "legend below disagrees with classify");
        expect(above.lower_included == (k == static_cast<int>(i) + 1), where,
               "legend above disagrees with classify");
        std::string text = isp::german_number(s.cuts[i]), plain;
        for (std::size_t j = 0; j < text.size(); ++j) {
            if (text.compare(j, 3, "\xE2\x88\x92") == 0) {  // U+2212 minus
                plain += '-';
                j += 2;
            } else if (text[j] == ',') {
                plain += '.';
            } else if (text[j] != '.') {
                plain += text[j];
            }
        }
        expect(std::strtod(plain.c_str(), nullptr) == s.cuts[i], where,
               "German number does not give the cut back");
    }
}

// ---- The operations ----------------------------------------------------------------------------------

void op_keywords(Input& in) {
    switch (in.below(8)) {
        case 0: {
            const isp::NormMethod m = isp::parse_norm_method(in.text(kNormKeywords));
            expect(isp::parse_norm_method(isp::norm_method_keyword(m)) == m, "norm keyword", "no round trip");
            break;
        }
        case 1: {
            const isp::CompositeMethod m = isp::parse_composite_method(in.text(kCompositeKeywords));
            expect(isp::parse_composite_method(isp::composite_method_keyword(m)) == m, "composite keyword",
                   "no round trip");
            break;
        }
        case 2: {
            const isp::AggMethod m = isp::parse_agg_method(in.text(kAggKeywords));
            expect(isp::parse_agg_method(isp::agg_method_keyword(m)) == m, "agg keyword", "no round trip");
            break;
        }
        case 3: check_scheme(isp::preset_scheme(in.text(kSchemeKeywords)), "preset_scheme"); break;
        case 4: {
            (void)isp::normalise_keyword(in.text(kNormKeywords));
            int k = -7;
            if (isp::is_quantile_keyword(in.text(kQuantileKeywords), k))
                expect(k == 3 || k == 4 || k == 5 || k == 10, "is_quantile_keyword", "unexpected k");
            else
                expect(k == -7, "is_quantile_keyword", "k changed for a non-quantile keyword");
            break;
        }
        case 5: {
            const int p = isp::checked_polarity(in.wild());
            expect(p == 1 || p == -1, "checked_polarity", "polarity other than +-1 accepted");
            break;
        }
        case 6: {
            const auto code = static_cast<isp::ErrorCode>(in.below(isp::kErrorCodeCount));
            expect(std::strlen(isp::error_id(code)) > 0 && std::strlen(isp::error_text_de(code)) > 0 &&
                       std::strlen(isp::error_text_en(code)) > 0,
                   "error texts", "empty text");
            const isp::Error e(code, in.text({"ctx", ""}), in.text({"ctx", ""}));
            expect(!e.message_de().empty() && !e.message_en().empty(), "Error", "empty message");
            break;
        }
        default: {
            const auto r = static_cast<isp::Reason>(in.below(6));
            expect(std::strlen(isp::reason_text_de(r)) > 0 && std::strlen(isp::reason_text_en(r)) > 0,
                   "reason texts", "empty text");
            break;
        }
    }
}

void op_normaliser(Input& in) {
    const std::vector<double> ref = in.vec(48);
    set_context("Normaliser::fit", ref);
    const int polarity = in.polarity();
    const isp::NormMethod method = norm_method(in);
    const isp::NormParams params = in.flag() ? norm_params(in) : isp::NormParams{};
    const std::vector<double> weights = in.flag() ? in.vec_like(ref.size()) : std::vector<double>{};
    const isp::Normaliser n = isp::Normaliser::fit(ref, polarity, method, params, weights);
    expect(n.method() == method, "Normaliser::fit", "method lost");
    expect(n.polarity() == polarity, "Normaliser::fit", "polarity lost");
    expect(n.count() <= ref.size(), "Normaliser::fit", "more reference values than given");
    std::vector<double> probe = ref;
    const std::vector<double> extra = in.vec(8);
    probe.insert(probe.end(), extra.begin(), extra.end());
    for (double x : probe) {
        const double a = n.apply(x);
        double out = 0.0;
        const isp::Reason why = n.apply_checked(x, out);
        expect((isp::is_missing(a) && isp::is_missing(out)) || a == out, "Normaliser::apply",
               "apply and apply_checked disagree");
        expect((why == isp::Reason::Ok) == !isp::is_missing(out), "Normaliser::apply_checked",
               "reason does not fit the value");
        if (isp::is_missing(x)) expect(why != isp::Reason::Ok, "Normaliser::apply", "missing x scored");
        if (std::isfinite(x) && why == isp::Reason::Ok) expect_finite(out, "Normaliser::apply");
        if (n.is_affine() && !isp::is_missing(a)) {
            // The documented affine form must reproduce a valid apply() bit for bit (the composite relies on
            // it); apply() may still refuse a score where the form overflows.
            const isp::Normaliser::Affine& f = n.affine();
            const double aligned = static_cast<double>(n.polarity()) * x;
            const double expected = (aligned - f.shift) / f.divisor * f.factor + f.offset;
            if (!((isp::is_missing(expected) && isp::is_missing(a)) || expected == a || !std::isfinite(x)))
                std::snprintf(
                    g_context, sizeof g_context,
                    "%s, polarity %d: x %.17g, apply %.17g, affine %.17g (shift %.17g, divisor %.17g, "
                    "factor %.17g, offset %.17g)",
                    isp::norm_method_keyword(method), polarity, x, a, expected, f.shift, f.divisor, f.factor,
                    f.offset);
            expect((isp::is_missing(expected) && isp::is_missing(a)) || expected == a || !std::isfinite(x),
                   "Normaliser::affine", "affine form differs from apply()");
        }
    }
}

// from_moments with arbitrary, possibly inconsistent statistics: must reject them or give a usable
// normaliser.
void op_from_moments(Input& in) {
    isp::ReferenceMoments m;
    const Mode mode = in.mode();
    m.n = in.below(12);
    m.mean = in.value(mode);
    m.m2 = in.value(mode);
    m.min = in.value(mode);
    m.max = in.value(mode);
    m.weighted = in.flag();
    m.weighted_n = in.below(12);
    m.weight_sum = in.value(mode);
    m.weighted_mean = in.value(mode);
    m.weighted_m2 = in.value(mode);
    const int polarity = in.polarity();
    const isp::NormMethod method = norm_method(in);
    const isp::NormParams params = in.flag() ? norm_params(in) : isp::NormParams{};
    std::snprintf(g_context, sizeof g_context,
                  "from_moments(n %zu, mean %.17g, m2 %.17g, min %.17g, max %.17g, weighted %d, wn %zu, "
                  "wsum %.17g, wmean %.17g, wm2 %.17g; polarity %d, %s)",
                  m.n, m.mean, m.m2, m.min, m.max, m.weighted ? 1 : 0, m.weighted_n, m.weight_sum,
                  m.weighted_mean, m.weighted_m2, polarity, isp::norm_method_keyword(method));
    const isp::Normaliser n = isp::Normaliser::from_moments(m, polarity, method, params);
    for (int i = 0; i < 6; ++i) {
        const double x = in.value(mode);
        double out = 0.0;
        const isp::Reason why = n.apply_checked(x, out);
        expect((why == isp::Reason::Ok) == !isp::is_missing(out), "from_moments", "reason does not fit");
        if (std::isfinite(x) && why == isp::Reason::Ok) expect_finite(out, "from_moments/apply");
    }
}

void op_normalise(Input& in) {
    const std::vector<double> x = in.vec(48);
    set_context("normalise", x);
    const int polarity = in.polarity();
    const isp::NormMethod method = norm_method(in);
    const isp::NormParams params = in.flag() ? norm_params(in) : isp::NormParams{};
    const std::vector<double> weights = in.flag() ? in.vec_like(x.size()) : std::vector<double>{};
    std::vector<bool> in_reference;
    if (in.flag()) {
        in_reference.resize(in.byte() % 8 == 0 ? in.below(x.size() + 3) : x.size());
        for (std::size_t i = 0; i < in_reference.size(); ++i) in_reference[i] = in.byte() % 4 != 0;
    }
    const isp::Column c = isp::normalise(x, polarity, method, params, weights, in_reference);
    check_column(c, x.size(), "normalise");
    for (std::size_t i = 0; i < x.size(); ++i)
        if (isp::is_missing(x[i])) expect(!c.ok(i), "normalise", "missing x scored");
}

void op_outliers(Input& in) {
    const std::vector<double> x = in.vec(48);
    set_context("skewness / kurtosis / treat_outliers", x);
    switch (in.below(3)) {
        case 0: expect_finite(isp::sample_skewness(x), "sample_skewness"); break;
        case 1: expect_finite(isp::sample_excess_kurtosis(x), "sample_excess_kurtosis"); break;
        default: {
            const isp::OutlierResult r = isp::treat_outliers(x, outlier_options(in));
            expect(r.values.size() == x.size() && r.treated.size() == x.size(), "treat_outliers",
                   "result of the wrong size");
            expect(r.points_winsorised >= 0, "treat_outliers", "negative count");
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (isp::is_missing(x[i])) {
                    expect(isp::is_missing(r.values[i]), "treat_outliers", "missing value filled");
                } else {
                    expect(!isp::is_missing(r.values[i]), "treat_outliers", "value lost");
                    if (std::isfinite(x[i])) expect_finite(r.values[i], "treat_outliers");
                }
                if (r.treatment == isp::Treatment::None || r.treatment == isp::Treatment::Untestable)
                    expect(!r.treated[i], "treat_outliers", "value changed without a treatment");
            }
            const double other = in.value(in.mode());
            const double moved = isp::treat_like(r, other);
            if (std::isfinite(other) && !isp::is_missing(moved)) expect_finite(moved, "treat_like");
            break;
        }
    }
}

void check_composite(const isp::CompositeResult& r, std::size_t rows, std::size_t n_ind, const char* where) {
    check_column(r.index, rows, where);
    expect(r.scores.rows() == rows && r.scores.cols() == n_ind, where, "scores of the wrong shape");
    expect(r.coverage.size() == rows, where, "coverage of the wrong size");
    for (double c : r.coverage) expect(c >= 0.0 && c <= 1.0, where, "coverage outside [0, 1]");
    expect(r.normalisers.size() == n_ind && r.treatments.size() == n_ind, where, "one normaliser each");
    for (double s : r.scores.data())
        expect(isp::is_missing(s) || std::isfinite(s), where, "non-finite score");
}

void op_composite(Input& in) {
    const isp::Matrix x = matrix(in, 40, 8);
    const std::vector<isp::IndicatorSpec> sp = specs(in, x.cols());
    const isp::CompositeOptions options = composite_options(in);
    const std::vector<double> population = in.flag() ? in.vec_like(x.rows()) : std::vector<double>{};
    const isp::CompositeResult r = isp::composite(x, sp, options, population);
    check_composite(r, x.rows(), sp.size(), "composite");
}

void op_classify(Input& in) {
    const std::vector<double> probe = in.vec(24);
    switch (in.below(3)) {
        case 0: {
            const std::vector<double> cuts = in.vec(8);
            std::vector<std::string> labels(in.flag() ? 0 : in.below(cuts.size() + 3));
            for (auto& l : labels) l = in.text(kLabels);
            isp::ClassScheme s = isp::custom_scheme(cuts, labels);
            if (in.flag()) {
                std::vector<isp::BoundaryRule> rules(s.cuts.size());
                for (auto& r : rules) r = static_cast<isp::BoundaryRule>(in.below(3));
                isp::set_boundary_rules(s, rules);
            }
            check_scheme(s, "custom_scheme");
            expect(s.cuts == cuts, "custom_scheme", "cut-points changed");
            check_classify(s, probe, "custom_scheme");
            check_legend(s, "class_range");
            break;
        }
        case 1: {
            const std::vector<double> values = in.vec(40);
            const int k = in.small_int(-1, 9);
            const isp::ClassScheme s = isp::quantile_scheme(values, k);
            check_scheme(s, "quantile_scheme");
            expect(static_cast<int>(s.cuts.size()) == k - 1, "quantile_scheme", "not k classes");
            check_classify(s, values, "quantile_scheme");
            check_classify(s, probe, "quantile_scheme");
            break;
        }
        default: {
            const isp::ClassScheme s = isp::preset_scheme(in.text(kSchemeKeywords));
            check_scheme(s, "preset_scheme");
            check_classify(s, probe, "preset_scheme");
            break;
        }
    }
}

void op_aggregate(Input& in) {
    const std::vector<double> values = in.vec(48);
    set_context("aggregate", values);
    const std::vector<std::string> groups = group_keys(in, values.size());
    const isp::AggMethod method = kAggMethods[in.below(std::size(kAggMethods))];
    const std::vector<double> weights = in.flag() ? in.vec_like(values.size()) : std::vector<double>{};
    const isp::GroupedResult r = isp::aggregate(values, groups, method, weights);
    const char* where = "aggregate";
    expect(r.members.size() == r.groups.size(), where, "one member count per group");
    check_column(r.value, r.groups.size(), where);
    std::size_t total = 0;
    for (std::size_t m : r.members) total += m;
    expect(total <= values.size(), where, "more members than rows");
    expect(std::set<std::string>(r.groups.begin(), r.groups.end()).size() == r.groups.size(), where,
           "group listed twice");
    std::set<std::string> folded;
    for (const std::string& g : r.groups) {
        expect(!g.empty() && isp::trim_key(g) == g, where, "group key not trimmed");
        expect(folded.insert(isp::fold_key(g)).second, where, "near-duplicate groups not refused");
    }
    // Looking groups up again finds each of them, also with the slips trimming forgives.
    std::vector<std::string> wanted(r.groups);
    for (const std::string& g : r.groups) wanted.push_back(" " + g + "\xC2\xA0");
    const std::vector<std::size_t> at = isp::locate_groups(r.groups, wanted);
    for (std::size_t i = 0; i < at.size(); ++i)
        expect(at[i] == i % r.groups.size(), "locate_groups", "a group not found at its position");
}

void op_hierarchy(Input& in) {
    isp::Hierarchy h;
    const std::size_t ids = 1 + in.below(kGroupKeys.size());
    const std::size_t edges = in.below(10);
    for (std::size_t e = 0; e < edges; ++e) {
        try {  // a rejected edge leaves the hierarchy usable
            h.add(kGroupKeys[in.below(ids)], kGroupKeys[in.below(ids)]);
        } catch (const isp::Error&) {
        }
    }
    const std::string id = kGroupKeys[in.below(ids)];
    const int levels = in.small_int(-2, 6);
    (void)h.contains(id);
    switch (in.below(2)) {
        case 0: {
            const std::string a = h.ancestor(id, levels);
            if (levels == 0) expect(a == id, "Hierarchy::ancestor", "level 0 is not the id itself");
            break;
        }
        default: {
            std::vector<std::string> list(in.below(8));
            for (auto& s : list) s = kGroupKeys[in.below(ids)];
            const std::vector<std::string> up = h.map_up(list, levels);
            expect(up.size() == list.size(), "Hierarchy::map_up", "result of the wrong size");
            break;
        }
    }
}

void op_shares(Input& in) {
    const std::size_t n = in.below(40);
    std::vector<int> classes(in.byte() % 8 == 0 ? in.below(n + 3) : n);
    for (int& c : classes) c = in.small_int(-2, 6);
    const std::vector<double> population = in.vec_like(n);
    const std::vector<std::string> groups = group_keys(in, n);
    const int n_classes = in.small_int(-1, 6);
    const isp::ClassShares s = isp::class_population_shares(classes, population, groups, n_classes);
    const char* where = "class_population_shares";
    expect(s.share.size() == s.groups.size(), where, "one row per group");
    for (const auto& row : s.share) {
        expect(static_cast<int>(row.size()) == n_classes, where, "one share per class");
        double sum = 0.0;
        bool any = false;
        for (double v : row) {
            if (isp::is_missing(v)) continue;
            expect(v >= 0.0 && v <= 1.0 + 1e-12, where, "share outside [0, 1]");
            sum += v;
            any = true;
        }
        if (any) expect(std::fabs(sum - 1.0) <= 1e-9, where, "shares do not sum to 1");
    }
}

void op_fachplan_scalar(Input& in) {
    const Mode m = in.mode();
    const double a = in.value(m), b = in.value(m), c = in.value(m), d = in.value(m);
    static const char* const kNames[] = {"versorgungsgrad",
                                         "betreuungsquote",
                                         "auslastung",
                                         "deckung",
                                         "eckwert",
                                         "population_density",
                                         "transition_quota",
                                         "classes_needed",
                                         "wertekorridor",
                                         "yoy_change",
                                         "index_to_base",
                                         "cagr",
                                         "trend_direction",
                                         "ageing_index",
                                         "youth_dependency_ratio",
                                         "old_age_dependency_ratio",
                                         "total_dependency_ratio",
                                         "natural_balance",
                                         "net_migration",
                                         "total_balance",
                                         "bedarf"};
    const std::size_t f = in.below(std::size(kNames));
    std::snprintf(g_context, sizeof g_context, "%s(%.17g, %.17g, %.17g, %.17g)", kNames[f], a, b, c, d);
    const char* where = kNames[f];
    switch (f) {
        case 0: expect_finite(isp::versorgungsgrad(a, b), where); break;
        case 1: expect_finite(isp::betreuungsquote(a, b), where); break;
        case 2: expect_finite(isp::auslastung(a, b), where); break;
        case 3: {
            const isp::Deckung r = isp::deckung(a, b);
            expect_finite(r.deckungsgrad, where);
            expect_finite(r.offener_bedarf, where);
            expect_finite(r.luecke, where);
            expect(r.offener_bedarf >= 0.0, where, "negative open demand");
            break;
        }
        case 4: expect_finite(isp::eckwert(a, b, c), where); break;
        case 5: expect_finite(isp::population_density(a, b), where); break;
        case 6: expect_finite(isp::transition_quota(a, b), where); break;
        case 7: expect(isp::classes_needed(a, b, c, d) >= 0, where, "negative number of classes"); break;
        case 8: {
            const isp::Corridor r = isp::wertekorridor(a, b, c);
            expect_finite(r.deviation, where);
            expect(isp::is_missing(r.relative_deviation) || std::isfinite(r.relative_deviation), where,
                   "non-finite relative deviation");
            (void)isp::corridor_text_de(r.position);
            (void)isp::corridor_text_en(r.position);
            break;
        }
        case 9: expect_finite(isp::yoy_change(a, b), where); break;
        case 10: expect_finite(isp::index_to_base(a, b), where); break;
        case 11: expect_finite(isp::cagr(a, b, c), where); break;
        case 12: (void)isp::trend_direction(a, b); break;
        case 13: expect_finite(isp::ageing_index(a, b), where); break;
        case 14: expect_finite(isp::youth_dependency_ratio(a, b), where); break;
        case 15: expect_finite(isp::old_age_dependency_ratio(a, b), where); break;
        case 16: expect_finite(isp::total_dependency_ratio(a, b, c), where); break;
        case 17: expect_finite(isp::natural_balance(a, b), where); break;
        case 18: expect_finite(isp::net_migration(a, b), where); break;
        case 19: expect_finite(isp::total_balance(a, b), where); break;
        default: expect_finite(isp::bedarf({a, b}, {c / 100.0, d / 100.0}), where); break;
    }
}

void op_fachplan_vector(Input& in) {
    const char* where = "fachplan (vectors)";
    const std::vector<double> x = in.vec(16);
    set_context(where, x);
    switch (in.below(7)) {
        case 0: {
            const std::vector<double> q = in.vec_like(x.size());
            expect_finite(isp::bedarf(x, q, in.flag() ? param(in, 0.0, 0.2) : 0.0), where);
            break;
        }
        case 1: expect_finite(isp::pflege_projection(in.vec_like(x.size()), x), where); break;
        case 2: {
            const std::vector<double> e = isp::school_entrants(x, in.value(in.mode()));
            expect(e.size() == x.size(), where, "one entrant count per year");
            for (double v : e) expect_finite(v, where);
            break;
        }
        case 3: {
            const std::vector<double> entrants = in.vec(8);
            const std::vector<double> quotas = in.vec_like(x.empty() ? 0 : x.size() - 1);
            const isp::Matrix p = isp::cohort_projection(x, entrants, quotas);
            expect(p.rows() == entrants.size() + 1 && p.cols() == x.size(), where, "projection shape");
            for (double v : p.data()) expect_finite(v, where);
            break;
        }
        case 4: {
            const std::vector<double> w = in.flag() ? in.vec_like(x.size()) : std::vector<double>{};
            expect_finite(isp::trend_weighted_mean(x, w), where);
            break;
        }
        case 5: {
            const std::vector<double> end = in.vec_like(x.size());
            const double stichtag = in.value(in.mode());
            const auto unit = static_cast<isp::DurationUnit>(in.below(3));
            const isp::DurationStats s = isp::verweildauer(x, end, stichtag, unit);
            expect_finite(s.mean, where);
            expect_finite(s.median, where);
            expect(s.cases >= 1 && s.open_cases <= s.cases && s.cases <= x.size(), where, "case counts");
            break;
        }
        default: expect_finite(isp::mean_age(x, in.vec_like(x.size())), where); break;
    }
}

void op_stability(Input& in) {
    const isp::Matrix x = matrix(in, 12, 4);
    const std::vector<isp::IndicatorSpec> sp = specs(in, x.cols());
    const isp::CompositeOptions options = composite_options(in);
    isp::ClassScheme scheme;
    switch (in.below(3)) {
        case 0: scheme = isp::preset_scheme(in.text(kSchemeKeywords)); break;
        case 1: scheme = isp::custom_scheme(in.vec(4, Mode::Signed)); break;
        default:  // hand-built and possibly malformed: class_stability must reject it
            scheme.cuts = in.vec(4);
            scheme.equal_goes_up.resize(in.below(6));
            for (std::size_t i = 0; i < scheme.equal_goes_up.size(); ++i) scheme.equal_goes_up[i] = in.flag();
            scheme.labels.resize(in.below(7));
            break;
    }
    isp::StabilityOptions so;
    switch (in.below(8)) {
        case 0: so.runs = 0; break;
        case 1: so.runs = -1; break;
        case 2: so.runs = 1000001; break;
        case 3: so.runs = std::numeric_limits<int>::min(); break;
        default: so.runs = in.small_int(1, 4); break;
    }
    so.seed = in.u16();
    if (in.flag()) so.weight_variation = param(in, 0.0, 0.99);
    so.vary_sd_type = in.flag();
    so.vary_weighted_z = in.byte() % 4 == 0;
    const std::vector<double> population = in.flag() ? in.vec_like(x.rows()) : std::vector<double>{};
    const isp::StabilityResult r = isp::class_stability(x, sp, options, scheme, so, population);
    const char* where = "class_stability";
    const std::size_t rows = x.rows();
    const std::size_t classes = scheme.cuts.size() + 1;
    check_column(r.nominal_index, rows, where);
    check_column(r.stability, rows, where);
    expect(r.runs == so.runs && r.run_parameters.size() == static_cast<std::size_t>(so.runs), where,
           "one parameter set per run");
    expect(r.nominal_class.size() == rows && r.unclassified.size() == rows, where, "one entry per area");
    expect(r.probability.rows() == rows && r.probability.cols() == classes, where, "probability shape");
    expect(r.class_labels.size() == classes, where, "one label per class");
    for (std::size_t i = 0; i < rows; ++i) {
        const int k = r.nominal_class[i];
        expect(k >= -1 && k < static_cast<int>(classes), where, "nominal class out of range");
        if (k < 0) continue;
        double sum = r.unclassified[i];
        for (std::size_t c = 0; c < classes; ++c) {
            const double p = r.probability(i, c);
            expect(p >= 0.0 && p <= 1.0, where, "probability outside [0, 1]");
            sum += p;
        }
        expect(std::fabs(sum - 1.0) <= 1e-9, where, "probabilities do not sum to 1");
    }
}

void check_quota(const isp::QuotaResult& q, const char* where) {
    expect(isp::is_missing(q.value) == !q.ok(), where, "value missing but Ok, or present with a reason");
    if (q.ok()) expect_finite(q.value, where);
}

isp::QuotaOptions quota_options(Input& in) {
    isp::QuotaOptions o;
    if (in.flag()) o.scale = param(in, 1.0, 10000.0);
    if (in.flag()) o.min_numerator = param(in, 0.0, 5.0);
    if (in.flag()) o.min_denominator = param(in, 0.0, 500.0);
    return o;
}

void op_quota(Input& in) {
    const Mode m = in.mode();
    switch (in.below(5)) {
        case 0: {
            const double a = in.value(m), b = in.value(m);
            std::snprintf(g_context, sizeof g_context, "quota(%.17g, %.17g)", a, b);
            check_quota(isp::quota(a, b, quota_options(in)), "quota");
            break;
        }
        case 1: {
            const double a = in.value(m), b = in.value(m);
            std::snprintf(g_context, sizeof g_context, "per_area(%.17g, %.17g)", a, b);
            check_quota(in.flag() ? isp::per_area(a, b, param(in, 1.0, 100.0)) : isp::per_area(a, b),
                        "per_area");
            break;
        }
        case 2: {
            const std::vector<double> counts = in.vec(32);
            set_context("suppress_counts", counts);
            const std::vector<std::string> groups = group_keys(in, counts.size());
            const isp::SuppressedCounts s = isp::suppress_counts(counts, groups, param(in, 0.0, 5.0));
            expect(s.rows.size() == counts.size(), "suppress_counts", "one flag per row");
            expect(s.totals.size() == s.groups.size(), "suppress_counts", "one flag per group");
            for (std::size_t i = 0; i < counts.size(); ++i)
                if (isp::is_missing(counts[i]))
                    expect(s.rows[i] == isp::Suppression::None, "suppress_counts",
                           "missing count suppressed");
            break;
        }
        case 3: {
            const std::vector<double> num = in.vec(32);
            set_context("quotas", num);
            const std::vector<double> den = in.vec_like(num.size());
            std::vector<isp::Suppression> flags(in.flag() ? 0 : in.below(num.size() + 2));
            for (auto& f : flags) f = static_cast<isp::Suppression>(in.below(3));
            const isp::Column c = isp::quotas(num, den, quota_options(in), flags);
            check_column(c, num.size(), "quotas");
            break;
        }
        default: {
            const std::vector<double> num = in.vec(32);
            set_context("group_quotas", num);
            const std::vector<double> den = in.vec_like(num.size());
            const std::vector<std::string> groups = group_keys(in, num.size());
            const isp::GroupQuotas g = isp::group_quotas(num, den, groups, quota_options(in));
            check_column(g.numerator, g.groups.size(), "group_quotas");
            check_column(g.denominator, g.groups.size(), "group_quotas");
            check_column(g.quota, g.groups.size(), "group_quotas");
            break;
        }
    }
}

using Op = void (*)(Input&);
constexpr Op kOps[] = {op_keywords,        op_normaliser, op_normalise, op_outliers,    op_composite,
                       op_classify,        op_aggregate,  op_hierarchy, op_shares,      op_fachplan_scalar,
                       op_fachplan_vector, op_stability,  op_quota,     op_from_moments};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    for (int step = 0; step < 8 && !in.empty(); ++step) {
        const std::size_t op = in.below(std::size(kOps));
        g_context[0] = '\0';
        try {
            kOps[op](in);
        } catch (const isp::Error& e) {
            const int code = static_cast<int>(e.code());
            expect(code >= 0 && code < isp::kErrorCodeCount, "isp::Error", "code out of range");
            expect(!e.message_de().empty() && !e.message_en().empty() && std::strlen(e.what()) > 0,
                   "isp::Error", "empty message");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "engine_fuzz: operation %zu threw a non-isp exception: %s\n", op, e.what());
            std::abort();
        } catch (...) {
            std::fprintf(stderr, "engine_fuzz: operation %zu threw a non-std exception\n", op);
            std::abort();
        }
    }
    return 0;
}
