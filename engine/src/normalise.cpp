// Normalising one indicator across areas (methods.md §2; documented in docs/methods/pipeline.md).
#include "isp/normalise.hpp"

#include <algorithm>
#include <boost/math/statistics/univariate_statistics.hpp>
#include <cmath>
#include <string>

#include "isp/error.hpp"
#include "isp/keywords.hpp"
#include "isp/messages.hpp"

namespace isp {
namespace {

// A z-score divides deviations by s. Once s is a few ulps of the values themselves, the deviations are
// rounding noise (e.g. thirteen equal values 0.1, whose computed mean is off by one ulp), and dividing by s
// would turn that noise into scores of order 1. Below this share of the largest |x'| the spread counts as 0.
constexpr double kRelativeSpreadFloor = 1e-12;

[[noreturn]] void throw_overflow(const char* what_de, const char* what_en) {
    throw Error::message(Msg::OverflowIn, {{what_de, what_en}});
}

// A parameter the method needs: missing -> InvalidParameter, +-inf -> NonFiniteInput.
double required_parameter(double v, const char* name_de, const char* name_en) {
    if (std::isnan(v)) {
        throw Error::message(Msg::ParameterMissing, {{name_de, name_en}});
    }
    if (std::isinf(v)) throw Error(ErrorCode::NonFiniteInput, name_de, name_en);
    return v;
}

void require_values(std::size_t n, std::size_t needed) {
    if (n == 0) {
        throw Error::message(Msg::NoValidReferenceValues);
    }
    if (n < needed) {
        throw Error::message(Msg::TooFewReferenceValues, {n, needed});
    }
}

void require_spread(double sd, double min_aligned, double max_aligned) {
    const double magnitude = std::max(std::fabs(min_aligned), std::fabs(max_aligned));
    if (!(max_aligned > min_aligned) || !(sd > kRelativeSpreadFloor * magnitude)) {
        throw Error::message(Msg::StandardDeviationTooSmall, {sd});
    }
}

bool is_z_method(NormMethod method) {
    return method == NormMethod::ZScore || method == NormMethod::ZScorePopulation ||
           method == NormMethod::ZScoreWeighted;
}

// The population-weighted mean of the reference values (Centre::WeightedMean), on the raw scale.
double weighted_centre(const ReferenceMoments& m) {
    if (!m.weighted) {
        throw Error::message(Msg::WeightedCentreNeedsPopulation);
    }
    require_values(m.weighted_n, 1);
    if (!(m.weight_sum > 0.0)) throw Error(ErrorCode::ZeroWeightSum, "Einwohner", "population");
    if (!std::isfinite(m.weight_sum)) throw_overflow("Summe der Gewichte", "sum of weights");
    if (!std::isfinite(m.weighted_mean)) throw_overflow("gewichteter Mittelwert", "weighted mean");
    return m.weighted_mean;
}

// The German keyword of a method, for messages (norm_method_keyword gives the English one).
const char* german_keyword(NormMethod method) {
    return keywords::kNormMethod.entries[static_cast<std::size_t>(method)].de;
}

// Only the z family and Ratio have a centre: a given reference value or the weighted mean for another
// method is a mistake. Centre::Mean is the usual meaning and changes nothing there, so it is accepted.
void require_centre_fits(NormMethod method, const NormParams& params) {
    const bool has_centre = is_z_method(method) || method == NormMethod::Ratio;
    if (has_centre || (is_missing(params.reference) && params.centre != Centre::WeightedMean)) return;
    throw Error::message(Msg::ReferencePointNotForMethod,
                         {{german_keyword(method), norm_method_keyword(method)}});
}

}  // namespace

NormMethod parse_norm_method(const std::string& keyword) {
    return static_cast<NormMethod>(choose_keyword(keywords::kNormMethod, keyword));
}

const char* norm_method_keyword(NormMethod method) {
    return keywords::kNormMethod.entries.at(static_cast<std::size_t>(method)).en;
}

Normaliser Normaliser::from_moments(const ReferenceMoments& m, int polarity, NormMethod method,
                                    const NormParams& params) {
    Normaliser out;
    out.method_ = method;
    out.polarity_ = checked_polarity(static_cast<double>(polarity));
    out.params_ = params;
    out.n_ = m.n;
    const bool up = out.polarity_ > 0;
    const double d = up ? 1.0 : -1.0;
    if (m.n > 0) {
        out.mean_ = d * m.mean;
        out.min_ = up ? m.min : -m.max;
        out.max_ = up ? m.max : -m.min;
        if (!std::isfinite(out.mean_)) throw_overflow("Mittelwert", "mean");
    }

    require_centre_fits(method, params);

    switch (method) {
        case NormMethod::ZScore:
        case NormMethod::ZScorePopulation:
        case NormMethod::ZScoreWeighted: {
            double variance = kMissing;
            if (method == NormMethod::ZScoreWeighted) {
                if (!m.weighted) {
                    throw Error::message(Msg::WeightedZNeedsPopulation);
                }
                require_values(m.weighted_n, 2);
                if (!(m.weight_sum > 0.0)) throw Error(ErrorCode::ZeroWeightSum, "Einwohner", "population");
                if (!std::isfinite(m.weight_sum)) throw_overflow("Summe der Gewichte", "sum of weights");
                out.n_ = m.weighted_n;
                out.mean_ = d * m.weighted_mean;
                variance = m.weighted_m2 / m.weight_sum;
            } else {
                require_values(m.n, 2);
                const double divisor = static_cast<double>(method == NormMethod::ZScore ? m.n - 1 : m.n);
                variance = m.m2 / divisor;
            }
            out.sd_ = std::sqrt(variance);
            if (!std::isfinite(out.mean_)) throw_overflow("Mittelwert", "mean");
            if (!std::isfinite(out.sd_)) throw_overflow("Standardabweichung", "standard deviation");
            require_spread(out.sd_, out.min_, out.max_);
            double centre = out.mean_;
            if (!is_missing(params.reference)) {
                out.ref_ = required_parameter(params.reference, "Bezugswert", "reference value");
                centre = d * out.ref_;
            } else if (params.centre == Centre::WeightedMean) {
                centre = d * weighted_centre(m);
            } else if (params.centre == Centre::Mean) {
                centre = d * m.mean;  // differs from out.mean_ only for ZScoreWeighted
            }
            out.affine_ = Affine{centre, 1.0, 1.0 / out.sd_, 0.0};
            if (!std::isfinite(out.affine_.factor))
                throw_overflow("Kehrwert der Standardabweichung", "1 / SD");
            out.affine_ok_ = true;
            break;
        }
        case NormMethod::MinMax: {
            const double lower = required_parameter(params.lower, "Untergrenze", "lower bound");
            const double upper = required_parameter(params.upper, "Obergrenze", "upper bound");
            if (!(lower < upper)) {
                throw Error::message(Msg::LowerBoundNotBelowUpper);
            }
            require_values(m.n, 1);
            if (!(out.max_ > out.min_)) {
                throw Error::message(Msg::MinimumEqualsMaximum);
            }
            const double range = out.max_ - out.min_;
            const double width = upper - lower;
            if (!std::isfinite(range) || !std::isfinite(width)) throw_overflow("Spannweite", "range");
            out.affine_ = Affine{out.min_, 1.0, width / range, lower};
            if (!std::isfinite(out.affine_.factor)) throw_overflow("Spannweite", "range");
            out.affine_ok_ = true;
            break;
        }
        case NormMethod::PercentRank: throw Error::message(Msg::PercentRankNeedsValues);
        case NormMethod::Ratio: {
            double reference = params.reference;
            if (is_missing(reference) && params.centre == Centre::WeightedMean) {
                reference = weighted_centre(m);
            } else if (is_missing(reference)) {
                if (m.weighted && params.centre == Centre::Default) {
                    require_values(m.weighted_n, 1);
                    if (!(m.weight_sum > 0.0))
                        throw Error(ErrorCode::ZeroWeightSum, "Einwohner", "population");
                    if (!std::isfinite(m.weight_sum)) throw_overflow("Summe der Gewichte", "sum of weights");
                    reference = m.weighted_mean;
                } else {
                    require_values(m.n, 1);
                    reference = m.mean;
                }
                if (!std::isfinite(reference)) throw_overflow("Bezugswert", "reference value");
            } else {
                required_parameter(reference, "Bezugswert", "reference value");
            }
            if (reference == 0.0) throw Error::message(Msg::ReferenceValueZero);
            if (reference < 0.0) {
                throw Error::message(Msg::ReferenceValueNotPositive);
            }
            out.ref_ = reference;
            break;
        }
        case NormMethod::Goalposts: {
            const double l = required_parameter(params.goal_low, "untere Zielmarke", "lower goalpost");
            const double u = required_parameter(params.goal_high, "obere Zielmarke", "upper goalpost");
            const double scale = required_parameter(params.scale, "Skalierung", "scale");
            if (!(l < u)) {
                throw Error::message(Msg::GoalpostsNotAscending);
            }
            if (!(scale > 0.0)) {
                throw Error::message(Msg::GoalpostScaleNotPositive);
            }
            if (!std::isfinite(u - l)) throw_overflow("Zielmarken", "goalposts");
            // '-' mirrors the posts: (x' - (-u)) / (u - l) = (u - x) / (u - l).
            out.low_ = up ? l : -u;
            out.high_ = up ? u : -l;
            out.affine_ = Affine{out.low_, 1.0, scale / (u - l), 0.0};
            out.affine_ok_ = !params.truncate && std::isfinite(out.affine_.factor);
            break;
        }
        case NormMethod::DistanceToTarget: {
            const double target = required_parameter(params.target, "Zielwert", "target");
            require_values(m.n, 1);
            const double t = d * target;
            // '+': (x - min)/(t - min); '-': (max - x)/(max - t); both are (x' - min')/(t' - min').
            if (!(t > out.min_)) {
                throw Error::message(Msg::TargetNotBeyondMinimum);
            }
            if (!std::isfinite(t - out.min_)) throw_overflow("Zielabstand", "distance to target");
            out.low_ = out.min_;
            out.high_ = t;
            out.affine_ = Affine{out.min_, 1.0, 1.0 / (t - out.min_), 0.0};
            out.affine_ok_ = !params.cap && std::isfinite(out.affine_.factor);
            break;
        }
        case NormMethod::None:
            out.affine_ = Affine{0.0, 1.0, 1.0, 0.0};
            out.affine_ok_ = true;
            break;
    }
    return out;
}

Normaliser Normaliser::fit(const std::vector<double>& reference, int polarity, NormMethod method,
                           const NormParams& params, const std::vector<double>& weights) {
    const int d = checked_polarity(static_cast<double>(polarity));
    if (!weights.empty()) {
        require_same_size(
            {{reference.size(), "Bezugswerte", "reference values"}, {weights.size(), "Gewichte", "weights"}});
    }
    require_no_infinity(reference, "Bezugswerte", "reference values");
    require_no_infinity(weights, "Gewichte", "weights");
    for (double w : weights) {
        if (w < 0.0) throw Error::message(Msg::NegativeWeightValue, {w});
    }

    std::vector<double> values;
    values.reserve(reference.size());
    for (double x : reference) {
        if (!is_missing(x)) values.push_back(x);
    }

    ReferenceMoments m;
    m.n = values.size();
    if (m.n == 1) {
        m.mean = values[0];
        m.m2 = 0.0;
    } else if (m.n >= 2) {
        // Welford's update (Higham, eq. 1.6): one pass, no cancellation, exactly 0 for equal values.
        const auto [mean, variance] = boost::math::statistics::mean_and_sample_variance(values);
        m.mean = mean;
        m.m2 = variance * static_cast<double>(m.n - 1);
    }
    if (m.n > 0) {
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        m.min = *lo;
        m.max = *hi;
    }
    if (!weights.empty()) {
        // Boost.Math 1.74 has no weighted variance: the classic two-pass formula, hand-written.
        m.weighted = true;
        double sum_w = 0.0, sum_wx = 0.0;
        for (std::size_t i = 0; i < reference.size(); ++i) {
            if (is_missing(reference[i]) || is_missing(weights[i])) continue;
            ++m.weighted_n;
            sum_w += weights[i];
            sum_wx += weights[i] * reference[i];
        }
        m.weight_sum = sum_w;
        if (sum_w > 0.0) {
            m.weighted_mean = sum_wx / sum_w;
            double sum_sq = 0.0;
            for (std::size_t i = 0; i < reference.size(); ++i) {
                if (is_missing(reference[i]) || is_missing(weights[i])) continue;
                const double dev = reference[i] - m.weighted_mean;
                sum_sq += weights[i] * dev * dev;
            }
            m.weighted_m2 = sum_sq;
        }
    }

    if (method != NormMethod::PercentRank) return from_moments(m, d, method, params);

    require_values(m.n, 2);
    require_centre_fits(method, params);
    Normaliser out = from_moments(m, d, NormMethod::None, params);
    out.method_ = NormMethod::PercentRank;
    out.affine_ok_ = false;
    out.sorted_ = std::move(values);
    if (d < 0) {
        for (double& v : out.sorted_) v = -v;
    }
    std::sort(out.sorted_.begin(), out.sorted_.end());
    return out;
}

Reason Normaliser::general_score(double xa, double x, double& out) const noexcept {
    switch (method_) {
        case NormMethod::PercentRank: {
            // Calc's PERCENTRANK (ScInterpreter::GetPercentrank, inclusive), before its rounding to
            // `significance` digits: a member gets (number of smaller values) / (n - 1); a value between two
            // members is interpolated linearly between the position of the lower one and the next; outside
            // the reference range Calc gives #N/A.
            if (sorted_.size() < 2 || xa < sorted_.front() || xa > sorted_.back()) return Reason::Undefined;
            const std::size_t i = static_cast<std::size_t>(
                std::lower_bound(sorted_.begin(), sorted_.end(), xa) - sorted_.begin());
            const double n1 = static_cast<double>(sorted_.size() - 1);
            if (sorted_[i] == xa) {
                out = static_cast<double>(i) / n1;
            } else {
                const double fract = (xa - sorted_[i - 1]) / (sorted_[i] - sorted_[i - 1]);
                out = (static_cast<double>(i - 1) + fract) / n1;
            }
            return Reason::Ok;
        }
        case NormMethod::Ratio:
            if (polarity_ > 0) {
                out = x / ref_ * 100.0;
            } else {
                if (x == 0.0) return Reason::Undefined;
                out = ref_ / x * 100.0;
            }
            return Reason::Ok;
        case NormMethod::Goalposts: {
            double s = (xa - low_) / (high_ - low_);
            if (params_.truncate) s = std::min(1.0, std::max(0.0, s));
            out = s * params_.scale;
            return Reason::Ok;
        }
        case NormMethod::DistanceToTarget: {
            const double s = (xa - low_) / (high_ - low_);
            out = params_.cap ? std::min(1.0, s) : s;
            return Reason::Ok;
        }
        default: return Reason::Undefined;  // a default-constructed (unfitted) Normaliser
    }
}

Reason Normaliser::apply_checked(double x, double& out) const noexcept {
    out = kMissing;
    if (std::isnan(x)) return Reason::MissingInput;
    if (std::isinf(x)) return Reason::Undefined;
    const double xa = polarity_ > 0 ? x : -x;
    double s = kMissing;
    if (affine_ok_) {
        s = (xa - affine_.shift) / affine_.divisor * affine_.factor + affine_.offset;
    } else {
        const Reason r = general_score(xa, x, s);
        if (r != Reason::Ok) return r;
    }
    // Finite statistics and a finite x can still overflow far outside the reference (x = 1e308).
    if (!std::isfinite(s)) return Reason::Undefined;
    out = s;
    return Reason::Ok;
}

double Normaliser::apply(double x) const noexcept {
    double s = kMissing;
    apply_checked(x, s);
    return s;
}

Column normalise(const std::vector<double>& x, int polarity, NormMethod method, const NormParams& params,
                 const std::vector<double>& weights, const std::vector<bool>& in_reference) {
    if (!in_reference.empty()) {
        require_same_size(
            {{x.size(), "Werte", "values"}, {in_reference.size(), "Bezugsmarken", "reference flags"}});
    }
    if (!weights.empty())
        require_same_size({{x.size(), "Werte", "values"}, {weights.size(), "Gewichte", "weights"}});
    require_no_infinity(x, "Werte", "values");

    std::vector<double> ref;
    std::vector<double> ref_weights;
    ref.reserve(x.size());
    if (!weights.empty()) ref_weights.reserve(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!in_reference.empty() && !in_reference[i]) continue;
        ref.push_back(x[i]);
        if (!weights.empty()) ref_weights.push_back(weights[i]);
    }
    // Weights of areas outside the reference are not used, but bad ones are still bad input.
    require_no_infinity(weights, "Gewichte", "weights");
    for (double w : weights) {
        if (w < 0.0) throw Error::message(Msg::NegativeWeightValue, {w});
    }

    const Normaliser normaliser = Normaliser::fit(ref, polarity, method, params, ref_weights);
    Column out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        double s = kMissing;
        const Reason r = normaliser.apply_checked(x[i], s);
        if (r == Reason::Ok)
            out.set(i, s);
        else
            out.clear(i, r);
    }
    return out;
}

}  // namespace isp
