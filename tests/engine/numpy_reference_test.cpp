// Comparison with an independent implementation: numpy (Debian python3-numpy) computes z-scores (ddof = 1),
// min-max scores and the mean composite (nanmean, and the weighted mean over the available scores) on the
// same random data; tests/engine/numpy_reference.py. Skipped where /usr/bin/python3 has no numpy.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "isp/composite.hpp"
#include "isp/normalise.hpp"

namespace {

constexpr const char* kPython = "/usr/bin/python3";

bool numpy_available() {
    const std::string cmd = std::string(kPython) + " -c \"import numpy\" >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
}

// |a - b| <= 1e-12 * max(1, |b|): relative, with the scale of a z-score (1) as the floor near 0, where a
// relative difference means nothing.
void expect_close(double a, double b, const char* what, std::size_t i) {
    if (std::isnan(b)) {
        EXPECT_TRUE(std::isnan(a)) << what << " " << i;
        return;
    }
    EXPECT_NEAR(a, b, 1e-12 * std::max(1.0, std::fabs(b))) << what << " " << i;
}

TEST(NumpyReference, ZScoresMinMaxAndMeanComposite) {
    if (!numpy_available()) GTEST_SKIP() << "no numpy for " << kPython;
    const std::size_t rows = 1500, cols = 9;
    std::mt19937_64 gen(4242);
    const auto u = [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
    std::vector<double> polarity(cols), weight(cols);
    for (std::size_t c = 0; c < cols; ++c) {
        polarity[c] = u() < 0.3 ? -1.0 : 1.0;
        weight[c] = 0.5 + std::floor(4.0 * u()) * 0.5;
    }
    isp::Matrix data(rows, cols);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            // Skewed positive rates around different levels; 4 % missing.
            const double v = 10.0 * static_cast<double>(c + 1) + 25.0 * u() * u();
            data(r, c) = u() < 0.04 ? isp::kMissing : v;
        }
    }

    const std::string stem = ::testing::TempDir() + "isp_numpy_" + std::to_string(getpid());
    const std::string in = stem + "_in.bin", out = stem + "_out.bin";
    {
        std::ofstream f(in, std::ios::binary);
        std::vector<double> head = {static_cast<double>(rows), static_cast<double>(cols)};
        head.insert(head.end(), polarity.begin(), polarity.end());
        head.insert(head.end(), weight.begin(), weight.end());
        f.write(reinterpret_cast<const char*>(head.data()), static_cast<std::streamsize>(head.size() * 8));
        f.write(reinterpret_cast<const char*>(data.data().data()),
                static_cast<std::streamsize>(rows * cols * 8));
    }
    const std::string cmd =
        std::string(kPython) + " " + ISP_SOURCE_DIR + "/tests/engine/numpy_reference.py " + in + " " + out;
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::vector<double> ref(2 * rows * cols + 2 * rows);
    {
        std::ifstream f(out, std::ios::binary);
        f.read(reinterpret_cast<char*>(ref.data()), static_cast<std::streamsize>(ref.size() * 8));
        ASSERT_EQ(static_cast<std::size_t>(f.gcount()), ref.size() * 8);
    }
    std::remove(in.c_str());
    std::remove(out.c_str());
    const double* z_ref = ref.data();
    const double* minmax_ref = z_ref + rows * cols;
    const double* mean_ref = minmax_ref + rows * cols;
    const double* weighted_ref = mean_ref + rows;

    for (std::size_t c = 0; c < cols; ++c) {
        const std::vector<double> x = data.column(c);
        const int d = static_cast<int>(polarity[c]);
        const isp::Column z = isp::normalise(x, d, isp::NormMethod::ZScore);
        const isp::Column mm = isp::normalise(x, d, isp::NormMethod::MinMax);
        for (std::size_t r = 0; r < rows; ++r) {
            expect_close(z.value[r], z_ref[r * cols + c], "z", r);
            expect_close(mm.value[r], minmax_ref[r * cols + c], "minmax", r);
        }
    }

    std::vector<isp::IndicatorSpec> specs(cols);
    for (std::size_t c = 0; c < cols; ++c) specs[c].polarity = static_cast<int>(polarity[c]);
    isp::CompositeOptions o;
    o.min_coverage = 0.0;  // nanmean averages whatever is there
    const isp::CompositeResult equal = isp::composite(data, specs, o);
    for (std::size_t c = 0; c < cols; ++c) specs[c].weight = weight[c];
    const isp::CompositeResult weighted = isp::composite(data, specs, o);
    for (std::size_t r = 0; r < rows; ++r) {
        expect_close(equal.index.value[r], mean_ref[r], "mean", r);
        expect_close(weighted.index.value[r], weighted_ref[r], "weighted mean", r);
        for (std::size_t c = 0; c < cols; ++c)
            expect_close(equal.scores(r, c), z_ref[r * cols + c], "scores", r);
    }
}

}  // namespace
