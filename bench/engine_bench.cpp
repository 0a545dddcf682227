// Benchmark of the full ISP pipeline (normalise 56 indicators with z-scores, composite mean, mss-status
// classes, two-level aggregation) against the memory-bound floor (one streaming pass over the same matrix).
// The numpy comparison runs in bench/numpy_pipeline.py on the very same data, which this program writes with
// --isp-write-data; bench/run_engine_bench.sh runs both and prints one table (docs/performance.md).
//
// Extra options (removed before Google Benchmark sees the arguments):
//   --isp-write-data=DIR   write DIR/n<N>.data.bin (inputs) and DIR/n<N>.engine.bin (engine results) for
//   every
//                          benchmarked size, then exit
//   --isp-sizes=a,b,...    sizes to benchmark / write (default 13,1000,11000,1000000)
//   --isp-once=WHAT        WHAT = generate | engine | floor: generate the data for the (single) size and run
//                          WHAT once, untimed; for peak-memory measurements with /usr/bin/time -v.
//                          WHAT = stages: time each stage of the pipeline once (where the time goes)
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/classify.hpp"
#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "isp/types.hpp"

namespace {

constexpr std::size_t kIndicators = 56;
constexpr double kMissingShare = 0.02;
constexpr double kMinPopulation = 300.0;  // the CompositeOptions default, written down for numpy
constexpr std::uint64_t kSeed = 20240115;
constexpr double kTwoPi = 6.283185307179586476925286766559;

// The data generator, documented so that the data can be reproduced elsewhere: splitmix64 (Steele, Lea,
// Flood 2014) seeded with kSeed + n_areas; uniform doubles from the top 53 bits; normals by Box-Muller.
// Hand-written rather than <random> because the standard distributions are not specified bit for bit
// across library versions, and the data file must be reproducible.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double normal() noexcept {
        const double u1 = 1.0 - uniform();  // (0, 1], so the log is finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
    }
    std::size_t below(std::size_t n) noexcept { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t state_;
};

struct BenchData {
    std::size_t n = 0;
    std::size_t n_groups = 0;  // level 1: about 10 areas per group
    std::size_t n_super = 0;   // level 2: about 5 groups per super-group
    isp::Matrix data;
    std::vector<double> population;
    std::vector<double> weights;               // per indicator
    std::vector<double> polarity;              // per indicator, +1 / -1
    std::vector<std::int64_t> group_code;      // per area, 0 .. n_groups - 1
    std::vector<std::int64_t> super_of_group;  // per group, 0 .. n_super - 1
    std::vector<std::string> group_key;        // per area, "g<code>": the engine's string keys
    std::vector<isp::IndicatorSpec> specs;
    isp::Hierarchy hierarchy;  // group -> super-group
};

std::string group_name(std::int64_t code) {
    return "g" + std::to_string(code);
}
std::string super_name(std::int64_t code) {
    return "s" + std::to_string(code);
}

// Indicators share a latent area factor (as real social indicators do), so that the composite spreads
// over all mss-status classes instead of collapsing onto "mittel". Areas are assigned to groups at random
// (not sorted), as area lists in a sheet seldom are.
std::unique_ptr<BenchData> generate(std::size_t n) {
    auto d = std::make_unique<BenchData>();
    SplitMix64 rng(kSeed + n);
    d->n = n;
    d->n_groups = (n + 9) / 10;
    d->n_super = (d->n_groups + 4) / 5;
    std::vector<double> mu(kIndicators), sd(kIndicators);
    for (std::size_t j = 0; j < kIndicators; ++j) {
        mu[j] = 5.0 + 45.0 * rng.uniform();
        sd[j] = 1.0 + 9.0 * rng.uniform();
        d->weights.push_back(0.5 * static_cast<double>(1 + rng.below(4)));  // 0.5, 1, 1.5, 2
        d->polarity.push_back(rng.uniform() < 0.25 ? -1.0 : 1.0);
        isp::IndicatorSpec s;
        s.polarity = static_cast<int>(d->polarity[j]);
        s.weight = d->weights[j];
        s.method = isp::NormMethod::ZScore;
        d->specs.push_back(s);
    }
    d->data = isp::Matrix(n, kIndicators);
    d->population.resize(n);
    d->group_code.resize(n);
    d->group_key.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double factor = rng.normal();
        double* row = d->data.row(i);
        for (std::size_t j = 0; j < kIndicators; ++j) {
            const double v = mu[j] + sd[j] * (d->polarity[j] * 0.8 * factor + 0.6 * rng.normal());
            row[j] = rng.uniform() < kMissingShare ? isp::kMissing : v;
        }
        // 100 .. 3,000 inhabitants: about 7 % of the areas fall below the minimum population of 300.
        d->population[i] = std::floor(100.0 + 2900.0 * rng.uniform());
        d->group_code[i] = static_cast<std::int64_t>(rng.below(d->n_groups));
        d->group_key[i] = group_name(d->group_code[i]);
    }
    d->super_of_group.resize(d->n_groups);
    for (std::size_t g = 0; g < d->n_groups; ++g) {
        d->super_of_group[g] = static_cast<std::int64_t>(rng.below(d->n_super));
        d->hierarchy.add(group_name(static_cast<std::int64_t>(g)), super_name(d->super_of_group[g]));
    }
    return d;
}

const BenchData& data_for(std::size_t n) {
    static std::map<std::size_t, std::unique_ptr<BenchData>> cache;
    auto it = cache.find(n);
    if (it == cache.end()) it = cache.emplace(n, generate(n)).first;
    return *it->second;
}

struct PipelineResult {
    isp::CompositeResult composite;
    std::vector<int> classes;
    isp::GroupedResult level1;      // population-weighted mean of the index per group
    isp::GroupedResult level1_pop;  // population per group
    isp::GroupedResult level2;      // level-1 values weighted by group population per super-group
};

// How the engine is run. threads = 1 is the like-for-like comparison with the single-threaded floor and
// numpy; threads = 0 is the engine's automatic choice (what the add-in gets). keep_scores = false is what the
// pipeline needs (the add-in's index does not show the score matrix either). string_api = true aggregates
// with the string-keyed calls (each call groups the keys again, map_up returns strings), as one
// ISP_AGGREGATE formula per column does; false groups the keys once (GroupIndex) and reuses the codes.
struct Variant {
    int threads = 1;
    bool keep_scores = false;
    bool string_api = false;
};

isp::CompositeOptions composite_options(const Variant& v) {
    isp::CompositeOptions options;
    options.method = isp::CompositeMethod::Mean;
    options.min_population = kMinPopulation;
    options.threads = v.threads;
    options.keep_scores = v.keep_scores;
    return options;
}

// The stages of the pipeline as separate calls, so that print_stages() can time each one.
void run_composite(const BenchData& d, const Variant& v, PipelineResult& r) {
    r.composite = isp::composite(d.data, d.specs, composite_options(v), d.population);
}
void run_classify(PipelineResult& r) {
    const isp::ClassScheme scheme = isp::preset_scheme("mss-status");
    const std::vector<double>& index = r.composite.index.value;
    r.classes.resize(index.size());
    for (std::size_t i = 0; i < index.size(); ++i) r.classes[i] = isp::classify(index[i], scheme);
}
// The string keys are grouped inside the timed pipeline: Calc hands the engine strings, not codes.
isp::GroupIndex run_group(const BenchData& d) {
    return isp::GroupIndex(d.group_key);
}
void run_level1(const BenchData& d, const isp::GroupIndex& groups, PipelineResult& r) {
    r.level1 = isp::aggregate(r.composite.index.value, groups, isp::AggMethod::WeightedMean, d.population);
    r.level1_pop = isp::aggregate(d.population, groups, isp::AggMethod::Sum);
}
isp::GroupIndex run_group_up(const BenchData& d, const PipelineResult& r) {
    return d.hierarchy.group_up(r.level1.groups, 1);
}
void run_level2(const isp::GroupIndex& supers, PipelineResult& r) {
    r.level2 =
        isp::aggregate(r.level1.value.value, supers, isp::AggMethod::WeightedMean, r.level1_pop.value.value);
}
void run_string_api(const BenchData& d, PipelineResult& r) {
    const std::vector<double>& index = r.composite.index.value;
    r.level1 = isp::aggregate(index, d.group_key, isp::AggMethod::WeightedMean, d.population);
    r.level1_pop = isp::aggregate(d.population, d.group_key, isp::AggMethod::Sum);
    const std::vector<std::string> parents = d.hierarchy.map_up(r.level1.groups, 1);
    r.level2 =
        isp::aggregate(r.level1.value.value, parents, isp::AggMethod::WeightedMean, r.level1_pop.value.value);
}

PipelineResult run_engine(const BenchData& d, const Variant& v = {}) {
    PipelineResult r;
    run_composite(d, v, r);
    run_classify(r);
    if (v.string_api) {
        run_string_api(d, r);
    } else {
        run_level1(d, run_group(d), r);
        run_level2(run_group_up(d, r), r);
    }
    return r;
}

// Wall time of each stage of run_engine(), best of three, to show where the time goes; the string-keyed
// calls are timed too, for comparison.
void print_stages(const BenchData& d) {
    using Clock = std::chrono::steady_clock;
    const auto ms = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
    };
    const char* names[] = {"composite (normalise + mean)",
                           "classify",
                           "GroupIndex of the area keys",
                           "aggregate level 1 (wmean + sum)",
                           "Hierarchy::group_up",
                           "aggregate level 2",
                           "string API: aggregate level 1 (wmean)",
                           "string API: aggregate level 1 (sum)",
                           "string API: Hierarchy::map_up",
                           "string API: aggregate level 2"};
    constexpr int kStages = 10;
    double best[kStages];
    std::fill(best, best + kStages, 1e300);
    for (int rep = 0; rep < 3; ++rep) {
        PipelineResult r;
        Clock::time_point t[kStages + 1];
        t[0] = Clock::now();
        run_composite(d, Variant{}, r);
        t[1] = Clock::now();
        run_classify(r);
        t[2] = Clock::now();
        const isp::GroupIndex groups = run_group(d);
        t[3] = Clock::now();
        run_level1(d, groups, r);
        t[4] = Clock::now();
        const isp::GroupIndex supers = run_group_up(d, r);
        t[5] = Clock::now();
        run_level2(supers, r);
        t[6] = Clock::now();
        const std::vector<double>& index = r.composite.index.value;
        const isp::GroupedResult l1 =
            isp::aggregate(index, d.group_key, isp::AggMethod::WeightedMean, d.population);
        t[7] = Clock::now();
        const isp::GroupedResult l1p = isp::aggregate(d.population, d.group_key, isp::AggMethod::Sum);
        t[8] = Clock::now();
        const std::vector<std::string> parents = d.hierarchy.map_up(l1.groups, 1);
        t[9] = Clock::now();
        const isp::GroupedResult l2 =
            isp::aggregate(l1.value.value, parents, isp::AggMethod::WeightedMean, l1p.value.value);
        t[10] = Clock::now();
        benchmark::DoNotOptimize(l2.value.value.data());
        for (int k = 0; k < kStages; ++k) best[k] = std::min(best[k], ms(t[k], t[k + 1]));
    }
    for (int k = 0; k < kStages; ++k) std::printf("%-40s %10.3f ms\n", names[k], best[k]);
}

// The memory-bound floor: every value of the matrix read once, missing values skipped. Eight accumulators
// break the add latency chain, so the loop waits on memory rather than on the adder.
double streaming_floor(const isp::Matrix& m) {
    const std::vector<double>& v = m.data();
    double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::size_t i = 0;
    for (; i + 8 <= v.size(); i += 8) {
        for (std::size_t k = 0; k < 8; ++k) acc[k] += v[i + k] == v[i + k] ? v[i + k] : 0.0;
    }
    for (; i < v.size(); ++i) acc[0] += v[i] == v[i] ? v[i] : 0.0;
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

void set_counters(benchmark::State& state, const BenchData& d) {
    const double bytes = static_cast<double>(d.n * kIndicators * sizeof(double));
    state.counters["areas"] = static_cast<double>(d.n);
    state.counters["matrix_MB"] = bytes / 1e6;
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
}

void BM_Engine(benchmark::State& state, Variant v) {
    const BenchData& d = data_for(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        try {
            PipelineResult r = run_engine(d, v);
            benchmark::DoNotOptimize(r.level2.value.value.data());
            benchmark::ClobberMemory();
        } catch (const isp::Error& e) {
            state.SkipWithError(e.what());
            break;
        }
    }
    set_counters(state, d);
}

void BM_StreamingFloor(benchmark::State& state) {
    const BenchData& d = data_for(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        double s = streaming_floor(d.data);
        benchmark::DoNotOptimize(s);
    }
    set_counters(state, d);
}

// ---- Data files for numpy -----------------------------------------------------------------------------
// Little-endian, no padding. <N>.data.bin: 8 x uint64 header {magic "ISPBENCH", version 1, n, indicators,
// n_groups, n_super, 0, 0}, then f64 weights[k], f64 polarity[k], f64 min_population[1], f64 data[n*k]
// (row-major, NaN = missing), f64 population[n], i64 group_code[n], i64 super_of_group[n_groups].
// <N>.engine.bin: f64 index[n], i64 class[n], f64 level1[n_groups], f64 level1_pop[n_groups],
// f64 level2[n_super]; groups and super-groups by code, NaN where the engine gave no value or the group has
// no member.

template <typename T>
void put(std::ofstream& out, const T* p, std::size_t count) {
    out.write(reinterpret_cast<const char*>(p), static_cast<std::streamsize>(count * sizeof(T)));
}

std::int64_t code_of(const std::string& key) {
    return std::stoll(key.substr(1));
}

std::vector<double> by_code(const isp::GroupedResult& g, std::size_t count) {
    std::vector<double> out(count, isp::kMissing);
    for (std::size_t i = 0; i < g.groups.size(); ++i)
        out[static_cast<std::size_t>(code_of(g.groups[i]))] = g.value.value[i];
    return out;
}

void write_data(const std::string& dir, std::size_t n) {
    const BenchData& d = data_for(n);
    const std::string stem = dir + "/n" + std::to_string(n);
    {
        std::ofstream out(stem + ".data.bin", std::ios::binary);
        std::uint64_t header[8] = {0, 1, d.n, kIndicators, d.n_groups, d.n_super, 0, 0};
        std::memcpy(&header[0], "ISPBENCH", 8);
        put(out, header, 8);
        put(out, d.weights.data(), kIndicators);
        put(out, d.polarity.data(), kIndicators);
        put(out, &kMinPopulation, 1);
        put(out, d.data.data().data(), d.data.data().size());
        put(out, d.population.data(), n);
        put(out, d.group_code.data(), n);
        put(out, d.super_of_group.data(), d.n_groups);
        if (!out) throw std::runtime_error("cannot write " + stem + ".data.bin");
    }
    const PipelineResult r = run_engine(d);
    // The engine promises bit-identical results for every thread count and with or without the scores.
    for (const Variant v : {Variant{0, false}, Variant{2, false}, Variant{1, true}}) {
        const PipelineResult other = run_engine(d, v);
        if (std::memcmp(other.composite.index.value.data(), r.composite.index.value.data(),
                        n * sizeof(double)))
            throw std::runtime_error("index differs with threads = " + std::to_string(v.threads) +
                                     ", keep_scores = " + std::to_string(v.keep_scores));
    }
    // Grouping once must not change a bit of the aggregation against the string-keyed calls.
    const PipelineResult strings = run_engine(d, Variant{1, false, true});
    const auto same = [](const isp::GroupedResult& a, const isp::GroupedResult& b) {
        return a.groups == b.groups && a.members == b.members && a.value.reason == b.value.reason &&
               std::memcmp(a.value.value.data(), b.value.value.data(), a.value.size() * sizeof(double)) == 0;
    };
    if (!same(strings.level1, r.level1) || !same(strings.level1_pop, r.level1_pop) ||
        !same(strings.level2, r.level2))
        throw std::runtime_error("GroupIndex and string-keyed aggregation differ");
    std::ofstream out(stem + ".engine.bin", std::ios::binary);
    put(out, r.composite.index.value.data(), n);
    const std::vector<std::int64_t> cls(r.classes.begin(), r.classes.end());
    put(out, cls.data(), n);
    const std::vector<double> l1 = by_code(r.level1, d.n_groups);
    const std::vector<double> l1p = by_code(r.level1_pop, d.n_groups);
    const std::vector<double> l2 = by_code(r.level2, d.n_super);
    put(out, l1.data(), l1.size());
    put(out, l1p.data(), l1p.size());
    put(out, l2.data(), l2.size());
    if (!out) throw std::runtime_error("cannot write " + stem + ".engine.bin");
}

std::vector<std::size_t> parse_sizes(const std::string& list) {
    std::vector<std::size_t> out;
    std::size_t pos = 0;
    while (pos < list.size()) {
        std::size_t comma = list.find(',', pos);
        if (comma == std::string::npos) comma = list.size();
        out.push_back(static_cast<std::size_t>(std::stoull(list.substr(pos, comma - pos))));
        pos = comma + 1;
    }
    return out;
}

bool take_option(const char* arg, const char* name, std::string& value) {
    const std::size_t len = std::strlen(name);
    if (std::strncmp(arg, name, len) != 0 || arg[len] != '=') return false;
    value = arg + len + 1;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes = {13, 1000, 11000, 1000000};
    std::string write_dir, once;
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        std::string value;
        if (take_option(argv[i], "--isp-write-data", value)) {
            write_dir = value;
        } else if (take_option(argv[i], "--isp-sizes", value)) {
            sizes = parse_sizes(value);
        } else if (take_option(argv[i], "--isp-once", value)) {
            once = value;
        } else {
            rest.push_back(argv[i]);
        }
    }
    try {
        if (!write_dir.empty()) {
            for (std::size_t n : sizes) write_data(write_dir, n);
            return 0;
        }
        if (!once.empty()) {
            const BenchData& d = data_for(sizes.at(0));
            if (once == "engine") {
                const PipelineResult r = run_engine(d);
                std::printf("engine: %zu areas, %zu groups\n", r.classes.size(), r.level1.groups.size());
            } else if (once == "floor") {
                std::printf("floor: sum %.6g\n", streaming_floor(d.data));
            } else if (once == "stages") {
                print_stages(d);
            } else if (once != "generate") {
                std::fprintf(stderr, "--isp-once: generate | engine | floor\n");
                return 2;
            }
            return 0;
        }
    } catch (const isp::Error& e) {
        std::fprintf(stderr, "engine error: %s\n", e.what());
        return 1;
    }
    for (std::size_t n : sizes) {
        const auto arg = static_cast<std::int64_t>(n);
        const std::pair<const char*, Variant> variants[] = {
            {"engine_pipeline", Variant{1, false}},
            {"engine_pipeline_auto_threads", Variant{0, false}},
            {"engine_pipeline_keep_scores", Variant{1, true}},
            {"engine_pipeline_string_api", Variant{1, false, true}}};
        for (const auto& [name, variant] : variants) {
            benchmark::RegisterBenchmark(name, BM_Engine, variant)
                ->Arg(arg)
                ->Unit(benchmark::kMillisecond)
                ->MinTime(0.5)
                ->Repetitions(5)
                ->ReportAggregatesOnly(true)
                ->UseRealTime();
        }
        benchmark::RegisterBenchmark("streaming_floor", BM_StreamingFloor)
            ->Arg(arg)
            ->Unit(benchmark::kMillisecond)
            ->MinTime(0.5)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true)
            ->UseRealTime();
    }
    int bargc = static_cast<int>(rest.size());
    benchmark::Initialize(&bargc, rest.data());
    if (benchmark::ReportUnrecognizedArguments(bargc, rest.data())) return 2;
    try {
        benchmark::RunSpecifiedBenchmarks();
    } catch (const isp::Error& e) {
        std::fprintf(stderr, "engine error: %s\n", e.what());
        return 1;
    }
    benchmark::Shutdown();
    return 0;
}
