// The composite index (Belastungsindex) per area (methods.md §4, §5, §8.1, §8.5, §8.6; documented in
// docs/methods/pipeline.md).
//
// The pipeline runs in two passes over the row-major matrix, because it has to handle 1,000,000 areas x 56
// indicators at close to memory speed:
//   1. one fused pass computes every column statistic at once (count, mean, sum of squared deviations,
//      min, max, the population-weighted versions, and an infinity check);
//   2. one pass per area normalises its values and aggregates them, without storing the scores unless
//      asked to.
// Both passes may be split across threads; the results do not depend on the number of threads.
#include "isp/composite.hpp"

#include <algorithm>
#include <boost/math/statistics/univariate_statistics.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <thread>

#include "composite_kernels.hpp"
#include "isp/error.hpp"
#include "isp/keywords.hpp"
#include "isp/messages.hpp"

namespace isp {
namespace {

using namespace composite_kernels;

Place indicator(std::size_t c) {
    return place(Msg::Indicator, {c + 1});
}

// Re-throws an error of a per-indicator step with the indicator named in front of the original context.
[[noreturn]] void rethrow_for_indicator(const Error& e, std::size_t c) {
    throw e.at(indicator(c));
}

bool is_z_family(NormMethod m) {
    return m == NormMethod::ZScore || m == NormMethod::ZScorePopulation || m == NormMethod::ZScoreWeighted;
}

// Divides the index by its sample SD over the reference areas that have an index (no re-centring).
void divide_by_sd(Column& index, const std::vector<unsigned char>& in_reference, const char* what_de,
                  const char* what_en) {
    std::vector<double> values;
    double largest = 0.0;
    for (std::size_t r = 0; r < index.size(); ++r) {
        if (in_reference[r] && index.ok(r)) {
            values.push_back(index.value[r]);
            largest = std::max(largest, std::fabs(index.value[r]));
        }
    }
    if (values.size() < 2) {
        throw Error::message(Msg::TooFewAreasWithIndex, {{what_de, what_en}, values.size()});
    }
    const double sd = std::sqrt(boost::math::statistics::mean_and_sample_variance(values).second);
    // Same floor as the z-scores (normalise.cpp): a spread of a few ulps is rounding noise.
    if (!(sd > 1e-12 * largest)) throw Error(ErrorCode::ZeroVariance, what_de, what_en);
    if (!std::isfinite(sd)) {
        throw Error::message(Msg::Overflow, {{what_de, what_en}});
    }
    for (std::size_t r = 0; r < index.size(); ++r) {
        if (index.ok(r)) index.value[r] /= sd;
    }
}

}  // namespace

CompositeMethod parse_composite_method(const std::string& keyword) {
    return static_cast<CompositeMethod>(choose_keyword(keywords::kCompositeMethod, keyword));
}

const char* composite_method_keyword(CompositeMethod method) {
    return keywords::kCompositeMethod.entries.at(static_cast<std::size_t>(method)).en;
}

CompositeResult composite(const Matrix& data, const std::vector<IndicatorSpec>& indicators,
                          const CompositeOptions& options, const std::vector<double>& population) {
    const std::size_t rows = data.rows();
    const std::size_t cols = data.cols();

    // ---- Validation ----
    if (rows == 0 || cols == 0) throw Error(ErrorCode::EmptyInput, "Matrix", "matrix");
    if (data.data().size() != rows * cols) throw Error(ErrorCode::DimensionMismatch, "Matrix", "matrix");
    require_same_size({{cols, "Spalten", "columns"}, {indicators.size(), "Indikatoren", "indicators"}});
    if (!population.empty()) {
        require_same_size(
            {{rows, "Gebiete", "areas"}, {population.size(), "Einwohnerzahlen", "population values"}});
    }
    if (!(options.min_coverage >= 0.0 && options.min_coverage <= 1.0)) {
        throw Error::message(Msg::MinCoverageOutOfRange);
    }
    if (!(options.min_population >= 0.0) || std::isinf(options.min_population)) {
        throw Error::message(Msg::MinPopulationInvalid);
    }
    if (options.threads < 0 || options.threads > 64) {
        throw Error::message(Msg::ThreadsOutOfRange, {options.threads});
    }
    double weight_sum = 0.0, weight_max = 0.0;
    for (std::size_t c = 0; c < cols; ++c) {
        const IndicatorSpec& spec = indicators[c];
        if (is_missing(spec.weight)) {
            throw Error::message(Msg::IndicatorWeightMissing, {c + 1});
        }
        if (std::isinf(spec.weight)) {
            throw Error::message(Msg::IndicatorWeightInfinite, {c + 1});
        }
        if (spec.weight < 0.0) {
            throw Error::message(Msg::IndicatorWeightNegative, {c + 1, spec.weight});
        }
        if (spec.weight == 0.0) continue;
        try {
            checked_polarity(static_cast<double>(spec.polarity));
        } catch (const Error& e) {
            rethrow_for_indicator(e, c);
        }
        if (options.method == CompositeMethod::Mss && !is_z_family(spec.method)) {
            throw Error::message(Msg::MssNeedsZScores, {c + 1});
        }
        weight_sum += spec.weight;
        weight_max = std::max(weight_max, spec.weight);
    }
    if (!(weight_sum > 0.0)) throw Error(ErrorCode::ZeroWeightSum);
    require_no_infinity(population, "Einwohner", "population");
    for (std::size_t r = 0; r < population.size(); ++r) {
        if (population[r] < 0.0) {
            throw Error::message(Msg::NegativePopulationOfArea, {r + 1});
        }
    }

    // ---- Reference areas (minimum population, methods §8.8) ----
    const bool population_rule = !population.empty() && options.min_population > 0.0;
    std::vector<unsigned char> in_reference(rows, 1);
    std::size_t reference_count = rows;
    if (population_rule) {
        reference_count = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            // A missing population cannot show that the area is large enough.
            in_reference[r] = population[r] >= options.min_population ? 1 : 0;
            reference_count += in_reference[r];
        }
    }
    if (reference_count == 0) {
        throw Error::message(Msg::NoAreaReachesMinPopulation);
    }

    CompositeResult result;
    result.index = Column(rows);
    result.coverage.assign(rows, 0.0);
    result.normalisers.resize(cols);
    result.treatments.assign(cols, Treatment::None);

    // ---- Outlier treatment (on the raw values of the reference areas; a copy only if requested) ----
    Matrix treated;
    const Matrix* source = &data;
    // The normalising parameters per indicator: a given reference value (the Landkreis) is moved with its
    // indicator's outlier treatment, so that it stays on the scale of the treated values.
    std::vector<NormParams> params(cols);
    for (std::size_t c = 0; c < cols; ++c) params[c] = indicators[c].params;
    for (std::size_t c = 0; c < cols; ++c) {
        if (indicators[c].weight == 0.0 || !indicators[c].treat_outliers) continue;
        if (source == &data) {
            treated = data;
            source = &treated;
        }
        std::vector<double> values;
        values.reserve(reference_count);
        for (std::size_t r = 0; r < rows; ++r) {
            if (in_reference[r]) values.push_back(data(r, c));
        }
        OutlierResult o;
        try {
            o = treat_outliers(values, options.outliers);
        } catch (const Error& e) {
            rethrow_for_indicator(e, c);
        }
        result.treatments[c] = o.treatment;
        if (!is_missing(params[c].reference)) {
            params[c].reference = treat_like(o, params[c].reference);
            if (is_missing(params[c].reference)) {
                throw Error::message(Msg::ReferenceBelowLogRange, {c + 1});
            }
        }
        std::size_t i = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            if (in_reference[r]) treated(r, c) = o.values[i++];
        }
    }

    // ---- Pass 1 ----
    bool need_weighted = false;
    for (const IndicatorSpec& spec : indicators) {
        if (spec.weight > 0.0 &&
            (spec.method == NormMethod::ZScoreWeighted || spec.params.centre == Centre::WeightedMean ||
             (spec.method == NormMethod::Ratio && is_missing(spec.params.reference)))) {
            need_weighted = true;
        }
    }
    need_weighted = need_weighted && !population.empty();
    const std::size_t threads = std::min(choose_threads(options.threads, rows, cols), rows);
    Pass1Input in;
    in.data = source;
    in.in_reference = &in_reference;
    in.population = &population;
    // About 64 KiB of rows per block: the second sweep then reads from L2.
    in.block_rows = std::clamp<std::size_t>((std::size_t{64} << 10) / (cols * sizeof(double)), 8, 256);
    in.chunk_rows = in.block_rows * 64;
    const ColumnStats stats = column_statistics(in, need_weighted, threads);

    for (std::size_t c = 0; c < cols; ++c) {
        if (!(stats.absmax[c] <= kMaxFinite) || stats.min[c] == -kInf || stats.max[c] == kInf) {
            throw Error::message(Msg::IndicatorInfinite, {c + 1});
        }
    }

    // ---- Normalisers ----
    Plan plan;
    plan.weight_scale = weight_max;
    for (std::size_t c = 0; c < cols; ++c) {
        const IndicatorSpec& spec = indicators[c];
        if (spec.weight == 0.0) continue;
        try {
            if (spec.method == NormMethod::PercentRank) {
                std::vector<double> values;
                values.reserve(reference_count);
                for (std::size_t r = 0; r < rows; ++r) {
                    if (in_reference[r]) values.push_back((*source)(r, c));
                }
                result.normalisers[c] = Normaliser::fit(values, spec.polarity, spec.method, params[c]);
            } else {
                ReferenceMoments m;
                m.n = static_cast<std::size_t>(stats.n[c]);
                if (m.n > 0) {
                    m.mean = stats.mean[c];
                    m.m2 = stats.m2[c];
                    m.min = stats.min[c];
                    m.max = stats.max[c];
                }
                if (!population.empty()) {
                    m.weighted = true;
                    if (need_weighted) {
                        m.weighted_n = static_cast<std::size_t>(stats.wn[c]);
                        m.weight_sum = stats.wsum[c];
                        if (m.weight_sum > 0.0) {
                            m.weighted_mean = stats.wmean[c];
                            m.weighted_m2 = stats.wm2[c];
                        }
                    }
                }
                result.normalisers[c] = Normaliser::from_moments(m, spec.polarity, spec.method, params[c]);
            }
        } catch (const Error& e) {
            rethrow_for_indicator(e, c);
        }
        const Normaliser& nz = result.normalisers[c];
        if (plan.k != c || !nz.is_affine() || nz.affine().divisor != 1.0) plan.fast = false;
        plan.col.push_back(c);
        plan.polarity.push_back(spec.polarity > 0 ? 1.0 : -1.0);
        plan.shift.push_back(nz.affine().shift);
        plan.divisor.push_back(nz.affine().divisor);
        plan.factor.push_back(nz.affine().factor);
        plan.offset.push_back(nz.affine().offset);
        plan.weight.push_back(spec.weight / weight_max);
        plan.general.push_back(nz.is_affine() ? nullptr : &nz);
        ++plan.k;
    }
    plan.fast = plan.fast && plan.k == cols;
    const std::vector<double> ones(plan.k, 1.0);
    plan.weight_total = sum_values(ones.data(), plan).w;

    // ---- Pass 2 ----
    if (options.keep_scores) result.scores = Matrix(rows, cols);
    RowWork work{source,   &in_reference, &population,     &plan,
                 &options, &result,       population_rule, pick_score_and_sum()};
    std::vector<std::vector<double>> buffers(threads, std::vector<double>(2 * plan.k));
    std::vector<std::size_t> bad_row(threads, kNone), bad_col(threads, kNone);
    run_tasks(threads, [&](std::size_t t) {
        process_rows(work, rows * t / threads, rows * (t + 1) / threads, buffers[t], bad_row[t], bad_col[t]);
    });
    // Threads cover rows in order, so the first thread with a finding has the first area.
    for (std::size_t t = 0; t < threads; ++t) {
        if (bad_row[t] == kNone) continue;
        throw Error::message(Msg::GeometricMeanScoreNotPositive, {bad_col[t] + 1, bad_row[t] + 1});
    }

    if (options.method == CompositeMethod::Mss) {
        divide_by_sd(result.index, in_reference, "Streuung der Summen (MSS)", "spread of the sums (MSS)");
    }
    if (options.rescale_by_sd) {
        divide_by_sd(result.index, in_reference, "Streuung des Index", "spread of the index");
    }
    return result;
}

}  // namespace isp
