// The hot kernels of the composite index (composite.cpp): pass 1 (all column statistics in one fused,
// blocked pass), pass 2 (scores and the index per area, SIMD lanes with a fixed summation order) and the
// helper that runs both on several threads. Private to the engine; results never depend on the number of
// threads or on the instruction set (see composite_kernels.cpp).
#pragma once

#include <cstddef>
#include <limits>
#include <thread>
#include <vector>

#include "isp/composite.hpp"
#include "isp/normalise.hpp"
#include "isp/types.hpp"

namespace isp::composite_kernels {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxFinite = std::numeric_limits<double>::max();
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

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

struct Pass1Input {
    const Matrix* data;
    const std::vector<unsigned char>* in_reference;
    const std::vector<double>* population;  // empty unless weighted statistics are needed
    std::size_t block_rows;
    std::size_t chunk_rows;
};

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

using ScoreAndSum = Sums (*)(const double*, const Plan&, double*);

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

// Pass 1 over the reference areas, split into fixed chunks of rows (bit-identical for any thread count).
ColumnStats column_statistics(const Pass1Input& in, bool weighted, std::size_t threads);

// Sums over finished values t[0..k) (scores, or logarithms of scores).
Sums sum_values(const double* t, const Plan& p);

// The fused score-and-sum loop for Plan::fast, AVX2 where the CPU has it, else SSE2.
ScoreAndSum pick_score_and_sum();

// Pass 2 over rows [r0, r1). Cannot throw: a geometric mean over a score <= 0 is recorded in bad_row/bad_col
// (the first such area) and reported by the caller.
void process_rows(const RowWork& w, std::size_t r0, std::size_t r1, std::vector<double>& buf,
                  std::size_t& bad_row, std::size_t& bad_col);

// How many threads: `requested` if > 0, else 1 below about a million cells, else up to 4.
std::size_t choose_threads(int requested, std::size_t rows, std::size_t cols);

}  // namespace isp::composite_kernels
