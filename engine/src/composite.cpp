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

#include "isp/error.hpp"
#include "isp/keywords.hpp"

namespace isp {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxFinite = std::numeric_limits<double>::max();
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

std::string indicator_de(std::size_t c) {
    return "Indikator " + std::to_string(c + 1);
}
std::string indicator_en(std::size_t c) {
    return "indicator " + std::to_string(c + 1);
}

// Re-throws an error of a per-indicator step with the indicator named in front of the original context.
[[noreturn]] void rethrow_for_indicator(const Error& e, std::size_t c) {
    const std::size_t base_de = std::strlen(error_text_de(e.code()));
    const std::size_t base_en = std::strlen(error_text_en(e.code()));
    throw Error(e.code(), indicator_de(c) + e.message_de().substr(base_de),
                indicator_en(c) + e.message_en().substr(base_en));
}

bool is_z_family(NormMethod m) {
    return m == NormMethod::ZScore || m == NormMethod::ZScorePopulation || m == NormMethod::ZScoreWeighted;
}

// Runs task(0..tasks-1), task 0 on the calling thread and the others on new threads. If a thread cannot
// be started the task runs inline instead: the results never depend on where a task ran.
template <typename Task>
void run_tasks(std::size_t tasks, const Task& task) {
    std::vector<std::thread> threads;
    threads.reserve(tasks);
    std::size_t inline_from = tasks;
    for (std::size_t t = 1; t < tasks; ++t) {
        try {
            threads.emplace_back(task, t);
        } catch (...) {
            inline_from = t;
            break;
        }
    }
    task(std::size_t{0});
    for (std::size_t t = inline_from; t < tasks; ++t) task(t);
    for (std::thread& th : threads) th.join();
}

// The hot loops below test for missing values with v == v and select with ?:. Under GCC's default
// -ftrapping-math such a comparison counts as possibly trapping, so GCC will not if-convert it and the loops
// stay scalar (about 3x slower). The engine never reads floating-point exception flags, so allowing the
// compiler to ignore them changes no result. Clang does not trap-protect comparisons by default.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("no-trapping-math")
#endif

// On x86-64 with GCC the two hot loops also exist as AVX2 code, chosen at run time (AVX2 halves the
// instructions per value; the results are the same, see pass 2). Elsewhere only the portable code.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define ISP_X86_DISPATCH 1
#define ISP_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define ISP_X86_DISPATCH 0
#define ISP_AVX2_CLONES
#endif

// ---- Pass 1: column statistics ----------------------------------------------------------------------
//
// Why not sum and sum of squares: var = (S2 - S1^2/n)/(n-1) cancels catastrophically when the mean is large
// against the SD (rates around 1,000 with an SD of 0.01). Why not Welford per element: a division per
// element and a loop-carried dependency that does not vectorise. Instead the matrix is read in blocks of
// rows small enough to stay in the L2 cache: per block, a first sweep sums the values, a second sweep sums
// the squared deviations from the block mean (the exact two-pass formula, the second sweep reading from
// cache), and the block is merged into the running result with the pairwise update of Chan, Golub and
// LeVeque (1979): n = na + nb, delta = mean_b - mean_a, mean = mean_a + delta nb/n,
// M2 = M2_a + M2_b + delta^2 na nb / n. This is as accurate as the two-pass formula and reads main memory
// once. Blocks belong to fixed chunks of rows; chunk results are merged in chunk order, so the statistics
// are bit-identical for any number of threads.

struct ColumnStats {
    std::vector<double> n, mean, m2, min, max;  // unweighted, reference areas
    std::vector<double> wn, wsum, wmean, wm2;   // population-weighted, reference areas with a population
    std::vector<double> absmax;                 // areas outside the reference: shows an infinity

    ColumnStats(std::size_t cols, bool weighted)
        : n(cols, 0.0), mean(cols, 0.0), m2(cols, 0.0), min(cols, kInf), max(cols, -kInf), absmax(cols, 0.0) {
        if (weighted) {
            wn.assign(cols, 0.0);
            wsum.assign(cols, 0.0);
            wmean.assign(cols, 0.0);
            wm2.assign(cols, 0.0);
        }
    }
    bool weighted() const { return !wn.empty(); }
};

// Chan et al.'s update of (count, mean, M2) with a second part (nb, mean_b, m2_b).
inline void merge_moments(double& na, double& mean_a, double& m2_a, double nb, double mean_b, double m2_b) {
    if (nb == 0.0) return;
    if (na == 0.0) {
        na = nb;
        mean_a = mean_b;
        m2_a = m2_b;
        return;
    }
    const double n = na + nb;
    const double delta = mean_b - mean_a;
    mean_a += delta * (nb / n);
    m2_a += m2_b + delta * delta * (na * nb / n);
    na = n;
}

void merge_stats(ColumnStats& a, const ColumnStats& b) {
    const std::size_t cols = a.n.size();
    for (std::size_t c = 0; c < cols; ++c) {
        merge_moments(a.n[c], a.mean[c], a.m2[c], b.n[c], b.mean[c], b.m2[c]);
        a.min[c] = std::min(a.min[c], b.min[c]);
        a.max[c] = std::max(a.max[c], b.max[c]);
        a.absmax[c] = std::max(a.absmax[c], b.absmax[c]);
        if (a.weighted()) {
            // The weighted update is the same with weight sums in place of counts.
            merge_moments(a.wsum[c], a.wmean[c], a.wm2[c], b.wsum[c], b.wmean[c], b.wm2[c]);
            a.wn[c] += b.wn[c];
        }
    }
}

struct Pass1Input {
    const Matrix* data;
    const std::vector<unsigned char>* in_reference;
    const std::vector<double>* population;  // empty unless weighted statistics are needed
    std::size_t block_rows;
    std::size_t chunk_rows;
};

// Per-block scratch, reused across blocks.
struct BlockScratch {
    std::vector<double> cnt, sum, dev2, wcnt, wsum, wxsum, wdev2, mean, wmean;
    explicit BlockScratch(std::size_t cols)
        : cnt(cols),
          sum(cols),
          dev2(cols),
          wcnt(cols),
          wsum(cols),
          wxsum(cols),
          wdev2(cols),
          mean(cols),
          wmean(cols) {}
};

ISP_AVX2_CLONES void accumulate_block(const Pass1Input& in, std::size_t r0, std::size_t r1, ColumnStats& acc,
                                      BlockScratch& b) {
    const Matrix& data = *in.data;
    const std::size_t cols = data.cols();
    const bool weighted = acc.weighted();
    double* const cnt = b.cnt.data();
    double* const sum = b.sum.data();
    double* const dev2 = b.dev2.data();
    double* const mn = acc.min.data();
    double* const mx = acc.max.data();
    double* const absmax = acc.absmax.data();
    std::fill(b.cnt.begin(), b.cnt.end(), 0.0);
    std::fill(b.sum.begin(), b.sum.end(), 0.0);
    std::fill(b.dev2.begin(), b.dev2.end(), 0.0);
    if (weighted) {
        std::fill(b.wcnt.begin(), b.wcnt.end(), 0.0);
        std::fill(b.wsum.begin(), b.wsum.end(), 0.0);
        std::fill(b.wxsum.begin(), b.wxsum.end(), 0.0);
        std::fill(b.wdev2.begin(), b.wdev2.end(), 0.0);
    }

    // Sweep 1: counts, sums, min, max (written branch-free over all columns so that it vectorises;
    // a missing value is NaN and every comparison with NaN is false).
    for (std::size_t r = r0; r < r1; ++r) {
        const double* x = data.row(r);
        if (!(*in.in_reference)[r]) {
            // In no statistic, but an infinity is bad input anywhere. (In the reference areas min and max
            // show it.)
            for (std::size_t c = 0; c < cols; ++c) {
                const double a = std::fabs(x[c]);
                absmax[c] = a > absmax[c] ? a : absmax[c];
            }
            continue;
        }
        for (std::size_t c = 0; c < cols; ++c) {
            const double v = x[c];
            const bool ok = v == v;
            cnt[c] += ok ? 1.0 : 0.0;
            sum[c] += ok ? v : 0.0;
            mn[c] = v < mn[c] ? v : mn[c];
            mx[c] = v > mx[c] ? v : mx[c];
        }
        if (weighted) {
            const double w = (*in.population)[r];
            if (is_missing(w)) continue;
            for (std::size_t c = 0; c < cols; ++c) {
                const double v = x[c];
                const bool ok = v == v;
                b.wcnt[c] += ok ? 1.0 : 0.0;
                b.wsum[c] += ok ? w : 0.0;
                b.wxsum[c] += ok ? w * v : 0.0;
            }
        }
    }
    for (std::size_t c = 0; c < cols; ++c) {
        b.mean[c] = cnt[c] > 0.0 ? sum[c] / cnt[c] : 0.0;
        if (weighted) b.wmean[c] = b.wsum[c] > 0.0 ? b.wxsum[c] / b.wsum[c] : 0.0;
    }

    // Sweep 2 (from cache): squared deviations from the block mean.
    const double* const mean = b.mean.data();
    for (std::size_t r = r0; r < r1; ++r) {
        if (!(*in.in_reference)[r]) continue;
        const double* x = data.row(r);
        for (std::size_t c = 0; c < cols; ++c) {
            const double d = x[c] - mean[c];
            dev2[c] += d == d ? d * d : 0.0;
        }
        if (weighted) {
            const double w = (*in.population)[r];
            if (is_missing(w)) continue;
            for (std::size_t c = 0; c < cols; ++c) {
                const double d = x[c] - b.wmean[c];
                b.wdev2[c] += d == d ? w * d * d : 0.0;
            }
        }
    }

    for (std::size_t c = 0; c < cols; ++c) {
        merge_moments(acc.n[c], acc.mean[c], acc.m2[c], cnt[c], b.mean[c], dev2[c]);
        if (weighted) {
            merge_moments(acc.wsum[c], acc.wmean[c], acc.wm2[c], b.wsum[c], b.wmean[c], b.wdev2[c]);
            acc.wn[c] += b.wcnt[c];
        }
    }
}

ColumnStats column_statistics(const Pass1Input& in, bool weighted, std::size_t threads) {
    const std::size_t rows = in.data->rows();
    const std::size_t cols = in.data->cols();
    const std::size_t chunks = (rows + in.chunk_rows - 1) / in.chunk_rows;
    std::vector<ColumnStats> partial(chunks, ColumnStats(cols, weighted));
    const std::size_t tasks = std::max<std::size_t>(1, std::min(threads, chunks));
    std::vector<BlockScratch> scratch(tasks, BlockScratch(cols));
    run_tasks(tasks, [&](std::size_t t) {
        const std::size_t first = chunks * t / tasks;
        const std::size_t last = chunks * (t + 1) / tasks;
        for (std::size_t ch = first; ch < last; ++ch) {
            const std::size_t c0 = ch * in.chunk_rows;
            const std::size_t c1 = std::min(rows, c0 + in.chunk_rows);
            for (std::size_t r0 = c0; r0 < c1; r0 += in.block_rows) {
                accumulate_block(in, r0, std::min(c1, r0 + in.block_rows), partial[ch], scratch[t]);
            }
        }
    });
    ColumnStats total(cols, weighted);
    for (const ColumnStats& p : partial) merge_stats(total, p);
    return total;
}

// ---- Pass 2: scores and the index per area ----------------------------------------------------------
//
// Per area the scores are summed as w·s, w and 1 (for the count) over the available indicators. Written
// with GCC/Clang vector extensions, because the compilers do not vectorise a reduction of doubles without
// permission to reorder it. The order is fixed instead: indicator j goes to lane j mod 4 (one 4-wide AVX2
// register or two 2-wide SSE2 registers, the same lanes), the lanes are added as (0 + 2) + (1 + 3), the
// k mod 4 last indicators are added after them in order. Every area, thread count and instruction set
// sums in this same order, so the results are bit-identical.

using v2d = double __attribute__((vector_size(16)));
using v4d = double __attribute__((vector_size(32)));

// The indicators with weight > 0, as flat arrays for the per-area loop.
struct Plan {
    std::size_t k = 0;
    std::vector<std::size_t> col;
    std::vector<double> polarity;                        // +1 / -1
    std::vector<double> shift, divisor, factor, offset;  // Normaliser::Affine of each indicator
    std::vector<double> weight;  // weight / largest weight: in (0, 1], exactly 1 for equal weights
    std::vector<const Normaliser*> general;  // non-affine scores go through Normaliser::apply_checked
    bool fast = true;           // every indicator active, in order, affine with divisor 1: fused loop
    double weight_scale = 1.0;  // the largest weight
    double weight_total = 0.0;  // sum of the scaled weights, summed like an area with every score present
};

struct Sums {
    double ws = 0.0;  // sum of w s (or w ln s)
    double w = 0.0;   // sum of w
    double n = 0.0;   // number of scores
};

// The lane sums over the first 4 floor(k/4) indicators, then the rest in order. With Score, t is the raw
// row x and the score is Normaliser::apply's expression (d x - shift) / divisor * factor + offset without
// the exact division by 1 (bit-identical to apply), an overflowing score becomes missing (as apply_checked
// reports it) and scores are stored to scores_out if given; without Score, t holds finished values.
// V is v2d or v4d; vectors are passed by pointer or reference only (a 32-byte vector by value would change
// the calling convention between the SSE2 and AVX2 code).
template <class V, bool Score>
__attribute__((always_inline)) inline Sums lane_sums(const double* t, const Plan& p, double* scores_out) {
    using M = decltype(V{} == V{});  // lane mask: all bits set where a comparison holds
    constexpr std::size_t W = sizeof(V) / sizeof(double);
    constexpr std::size_t R = 4 / W;
    const double* d = p.polarity.data();
    const double* sh = p.shift.data();
    const double* f = p.factor.data();
    const double* o = p.offset.data();
    const double* w = p.weight.data();
    V one, big, nan, sign;
    for (std::size_t l = 0; l < W; ++l) {
        one[l] = 1.0;
        big[l] = std::numeric_limits<double>::max();
        nan[l] = kMissing;
        sign[l] = -0.0;
    }
    V ws[R] = {}, wsum[R] = {}, count[R] = {};
    const std::size_t k = p.k;
    std::size_t j = 0;
    for (; j + 4 <= k; j += 4) {
        for (std::size_t r = 0; r < R; ++r) {
            const std::size_t i = j + r * W;
            V s, wv;
            std::memcpy(&s, t + i, sizeof s);
            std::memcpy(&wv, w + i, sizeof wv);
            M ok;
            if (Score) {
                V dv, shv, fv, ov;
                std::memcpy(&dv, d + i, sizeof dv);
                std::memcpy(&shv, sh + i, sizeof shv);
                std::memcpy(&fv, f + i, sizeof fv);
                std::memcpy(&ov, o + i, sizeof ov);
                s = (dv * s - shv) * fv + ov;
                // |s| <= max fails for NaN and +-inf: those become NaN (missing).
                ok = reinterpret_cast<V>(reinterpret_cast<M>(s) & ~reinterpret_cast<M>(sign)) <= big;
                s = reinterpret_cast<V>((reinterpret_cast<M>(s) & ok) | (reinterpret_cast<M>(nan) & ~ok));
                if (scores_out != nullptr) std::memcpy(scores_out + i, &s, sizeof s);
            } else {
                ok = s == s;
            }
            ws[r] += wv * reinterpret_cast<V>(reinterpret_cast<M>(s) & ok);
            wsum[r] += reinterpret_cast<V>(reinterpret_cast<M>(wv) & ok);
            count[r] += reinterpret_cast<V>(reinterpret_cast<M>(one) & ok);
        }
    }
    double lane_ws[4], lane_w[4], lane_n[4];
    for (std::size_t l = 0; l < 4; ++l) {
        lane_ws[l] = ws[l / W][l % W];
        lane_w[l] = wsum[l / W][l % W];
        lane_n[l] = count[l / W][l % W];
    }
    Sums sums{(lane_ws[0] + lane_ws[2]) + (lane_ws[1] + lane_ws[3]),
              (lane_w[0] + lane_w[2]) + (lane_w[1] + lane_w[3]),
              (lane_n[0] + lane_n[2]) + (lane_n[1] + lane_n[3])};
    for (; j < k; ++j) {
        double s = t[j];
        if (Score) {
            s = (d[j] * s - sh[j]) * f[j] + o[j];
            s = std::fabs(s) <= std::numeric_limits<double>::max() ? s : kMissing;
            if (scores_out != nullptr) scores_out[j] = s;
        }
        if (s == s) {
            sums.ws += w[j] * s;
            sums.w += w[j];
            sums.n += 1.0;
        }
    }
    return sums;
}

// Sums over finished values t[0..k) (scores, or logarithms of scores).
Sums sum_values(const double* t, const Plan& p) {
    return lane_sums<v2d, false>(t, p, nullptr);
}

// The fused loop for the common case (Plan::fast): scores computed, summed and optionally stored without a
// detour through memory.
Sums score_and_sum_sse2(const double* x, const Plan& p, double* scores_out) {
    return lane_sums<v2d, true>(x, p, scores_out);
}
using ScoreAndSum = Sums (*)(const double*, const Plan&, double*);

#if ISP_X86_DISPATCH
__attribute__((target("avx2"))) Sums score_and_sum_avx2(const double* x, const Plan& p, double* scores_out) {
    return lane_sums<v4d, true>(x, p, scores_out);
}
ScoreAndSum pick_score_and_sum() {
    __builtin_cpu_init();  // idempotent; needed if called before the constructors ran
    return __builtin_cpu_supports("avx2") ? score_and_sum_avx2 : score_and_sum_sse2;
}
#else
ScoreAndSum pick_score_and_sum() {
    return score_and_sum_sse2;
}
#endif

// Scores of one area into s[0..k), one indicator at a time; NaN where missing or undefined.
void score_row(const double* x, const Plan& p, double* s) {
    for (std::size_t j = 0; j < p.k; ++j) {
        const double xv = x[p.col[j]];
        if (p.general[j] != nullptr) {
            p.general[j]->apply_checked(xv, s[j]);
        } else {
            const double v = (p.polarity[j] * xv - p.shift[j]) / p.divisor[j] * p.factor[j] + p.offset[j];
            s[j] = std::fabs(v) <= std::numeric_limits<double>::max() ? v : kMissing;
        }
    }
}

struct RowWork {
    const Matrix* data;
    const std::vector<unsigned char>* in_reference;
    const std::vector<double>* population;
    const Plan* plan;
    const CompositeOptions* options;
    CompositeResult* result;
    bool population_rule;
    ScoreAndSum score_and_sum;
};

// Pass 2 over rows [r0, r1). Cannot throw: a geometric mean over a score <= 0 is recorded in bad_row/bad_col
// (the first such area) and reported by the caller.
void process_rows(const RowWork& w, std::size_t r0, std::size_t r1, std::vector<double>& buf,
                  std::size_t& bad_row, std::size_t& bad_col) {
    const Plan& p = *w.plan;
    const std::size_t k = p.k;
    double* const s = buf.data();
    double* const t = s + k;
    const CompositeMethod method = w.options->method;
    const bool keep_scores = w.options->keep_scores;
    const bool fused = p.fast && method != CompositeMethod::GeometricMean;
    Column& index = w.result->index;
    double* const coverage = w.result->coverage.data();

    for (std::size_t r = r0; r < r1; ++r) {
        const double* x = w.data->row(r);
        if (!(*w.in_reference)[r]) {
            std::size_t present = 0;
            for (std::size_t j = 0; j < k; ++j) present += x[p.col[j]] == x[p.col[j]] ? 1 : 0;
            coverage[r] = static_cast<double>(present) / static_cast<double>(k);
            const bool no_population = w.population_rule && !((*w.population)[r] == (*w.population)[r]);
            index.clear(r, no_population ? Reason::MissingInput : Reason::BelowMinPopulation);
            continue;
        }
        Sums sums;
        if (fused) {
            sums = w.score_and_sum(x, p, keep_scores ? w.result->scores.row(r) : nullptr);
        } else {
            score_row(x, p, s);
            if (keep_scores) {
                double* out = w.result->scores.row(r);
                for (std::size_t j = 0; j < k; ++j) out[p.col[j]] = s[j];
            }
            if (method == CompositeMethod::GeometricMean) {
                for (std::size_t j = 0; j < k; ++j) {
                    if (s[j] == s[j] && !(s[j] > 0.0) && bad_row == kNone) {
                        bad_row = r;
                        bad_col = p.col[j];
                    }
                    t[j] = s[j] > 0.0 ? std::log(s[j]) : s[j];
                }
                sums = sum_values(t, p);
            } else {
                sums = sum_values(s, p);
            }
        }
        const auto available = static_cast<std::size_t>(sums.n);
        const double share = static_cast<double>(available) / static_cast<double>(k);
        coverage[r] = share;
        if (available == 0) {
            index.clear(r, Reason::MissingInput);
            continue;
        }
        if (share < w.options->min_coverage) {
            index.clear(r, Reason::InsufficientCoverage);
            continue;
        }
        double value = kMissing;
        switch (method) {
            case CompositeMethod::Mean: value = sums.ws / sums.w; break;
            case CompositeMethod::GeometricMean: value = std::exp(sums.ws / sums.w); break;
            case CompositeMethod::Sum:
            case CompositeMethod::Mss:
                // sum w s * (all weights / available weights); with every score present the factor is 1
                // exactly (both sums are summed in the same order).
                value = p.weight_scale * (sums.ws * (p.weight_total / sums.w));
                break;
        }
        if (std::fabs(value) <= std::numeric_limits<double>::max())
            index.set(r, value);
        else
            index.clear(r, Reason::Undefined);
    }
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

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
        throw Error(
            ErrorCode::TooFewValues,
            std::string(what_de) + ": " + std::to_string(values.size()) + " Gebiet(e) mit Indexwert",
            std::string(what_en) + ": " + std::to_string(values.size()) + " area(s) with an index value");
    }
    const double sd = std::sqrt(boost::math::statistics::mean_and_sample_variance(values).second);
    // Same floor as the z-scores (normalise.cpp): a spread of a few ulps is rounding noise.
    if (!(sd > 1e-12 * largest)) throw Error(ErrorCode::ZeroVariance, what_de, what_en);
    if (!std::isfinite(sd)) {
        throw Error(ErrorCode::NonFiniteInput, std::string("Überlauf: ") + what_de,
                    std::string("overflow: ") + what_en);
    }
    for (std::size_t r = 0; r < index.size(); ++r) {
        if (index.ok(r)) index.value[r] /= sd;
    }
}

std::size_t choose_threads(int requested, std::size_t rows, std::size_t cols) {
    if (requested > 0) return static_cast<std::size_t>(requested);
    // Below about a million cells a thread costs more than it saves.
    if (rows * cols < (std::size_t{1} << 20)) return 1;
    const unsigned hw = std::thread::hardware_concurrency();
    return std::max<std::size_t>(1, std::min<std::size_t>(hw == 0 ? 1 : hw, 4));
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
    if (indicators.size() != cols) {
        throw Error(ErrorCode::DimensionMismatch,
                    std::to_string(cols) + " Spalten, " + std::to_string(indicators.size()) + " Indikatoren",
                    std::to_string(cols) + " columns, " + std::to_string(indicators.size()) + " indicators");
    }
    if (!population.empty() && population.size() != rows) {
        throw Error(
            ErrorCode::DimensionMismatch,
            std::to_string(rows) + " Gebiete, " + std::to_string(population.size()) + " Einwohnerzahlen",
            std::to_string(rows) + " areas, " + std::to_string(population.size()) + " population values");
    }
    if (!(options.min_coverage >= 0.0 && options.min_coverage <= 1.0)) {
        throw Error(ErrorCode::InvalidParameter, "Mindestabdeckung muss zwischen 0 und 1 liegen",
                    "minimum coverage must lie between 0 and 1");
    }
    if (!(options.min_population >= 0.0) || std::isinf(options.min_population)) {
        throw Error(ErrorCode::InvalidParameter, "Mindesteinwohnerzahl muss endlich und >= 0 sein",
                    "minimum population must be finite and >= 0");
    }
    if (options.threads < 0 || options.threads > 64) {
        throw Error(ErrorCode::InvalidParameter, "Threads " + std::to_string(options.threads));
    }
    double weight_sum = 0.0, weight_max = 0.0;
    for (std::size_t c = 0; c < cols; ++c) {
        const IndicatorSpec& spec = indicators[c];
        if (is_missing(spec.weight)) {
            throw Error(ErrorCode::MissingValue, "Gewicht von " + indicator_de(c),
                        "weight of " + indicator_en(c));
        }
        if (std::isinf(spec.weight)) {
            throw Error(ErrorCode::NonFiniteInput, "Gewicht von " + indicator_de(c),
                        "weight of " + indicator_en(c));
        }
        if (spec.weight < 0.0) {
            throw Error(ErrorCode::NegativeWeight, indicator_de(c) + ": " + std::to_string(spec.weight),
                        indicator_en(c) + ": " + std::to_string(spec.weight));
        }
        if (spec.weight == 0.0) continue;
        try {
            checked_polarity(static_cast<double>(spec.polarity));
        } catch (const Error& e) {
            rethrow_for_indicator(e, c);
        }
        if (options.method == CompositeMethod::Mss && !is_z_family(spec.method)) {
            throw Error(ErrorCode::InvalidParameter, indicator_de(c) + ": MSS braucht z-Werte",
                        indicator_en(c) + ": MSS needs z-scores");
        }
        weight_sum += spec.weight;
        weight_max = std::max(weight_max, spec.weight);
    }
    if (!(weight_sum > 0.0)) throw Error(ErrorCode::ZeroWeightSum);
    require_no_infinity(population, "Einwohner", "population");
    for (std::size_t r = 0; r < population.size(); ++r) {
        if (population[r] < 0.0) {
            throw Error(ErrorCode::NegativeCount, "Einwohner in Gebiet " + std::to_string(r + 1),
                        "population of area " + std::to_string(r + 1));
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
        throw Error(ErrorCode::EmptyInput, "kein Gebiet erreicht die Mindesteinwohnerzahl",
                    "no area reaches the minimum population");
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
                throw Error(
                    ErrorCode::InvalidParameter,
                    indicator_de(c) +
                        ": der Bezugswert liegt unter dem Bereich, den die Log-Transformation erlaubt",
                    indicator_en(c) + ": the reference value lies below the range the log transform allows");
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
            throw Error(ErrorCode::NonFiniteInput, indicator_de(c), indicator_en(c));
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
        throw Error(
            ErrorCode::NonPositiveInput,
            indicator_de(bad_col[t]) + ", Gebiet " + std::to_string(bad_row[t] + 1) +
                ": Score <= 0, das geometrische Mittel braucht Scores > 0 (z. B. Min-Max auf [1, 100])",
            indicator_en(bad_col[t]) + ", area " + std::to_string(bad_row[t] + 1) +
                ": score <= 0; the geometric mean needs scores > 0 (e.g. min-max onto [1, 100])");
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
