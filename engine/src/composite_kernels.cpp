// The hot kernels of the composite index (declared in composite_kernels.hpp; the pipeline they serve is
// described at the top of composite.cpp and in docs/methods/pipeline.md).
#include "composite_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace isp::composite_kernels {
namespace {

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

}  // namespace

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

namespace {

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

}  // namespace

// Sums over finished values t[0..k) (scores, or logarithms of scores).
Sums sum_values(const double* t, const Plan& p) {
    return lane_sums<v2d, false>(t, p, nullptr);
}

namespace {

// The fused loop for the common case (Plan::fast): scores computed, summed and optionally stored without a
// detour through memory.
Sums score_and_sum_sse2(const double* x, const Plan& p, double* scores_out) {
    return lane_sums<v2d, true>(x, p, scores_out);
}

}  // namespace

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

namespace {

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

}  // namespace

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

namespace {

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

}  // namespace

std::size_t choose_threads(int requested, std::size_t rows, std::size_t cols) {
    if (requested > 0) return static_cast<std::size_t>(requested);
    // Below about a million cells a thread costs more than it saves.
    if (rows * cols < (std::size_t{1} << 20)) return 1;
    const unsigned hw = std::thread::hardware_concurrency();
    return std::max<std::size_t>(1, std::min<std::size_t>(hw == 0 ? 1 : hw, 4));
}

}  // namespace isp::composite_kernels
