// Outlier treatment after COINr's Treat() (methods.md §3): skew/kurtosis test, winsorising, log.
#pragma once

#include <vector>

#include "isp/types.hpp"

namespace isp {

// Sample skewness, type 2 (= Calc SKEW, e1071 type 2); missing values skipped; n < 3 -> TooFewValues;
// zero spread -> ZeroVariance.
double sample_skewness(const std::vector<double>& x);
// Sample excess kurtosis (= Calc KURT); n < 4 -> TooFewValues; zero spread -> ZeroVariance.
double sample_excess_kurtosis(const std::vector<double>& x);

struct OutlierOptions {
    int winmax = 5;               // at most this many points winsorised (ties move together)
    double skew_threshold = 2.0;  // treated only if |skew| >= skew_threshold AND kurt >= kurt_threshold
    double kurt_threshold = 3.5;
};

enum class Treatment { None, Winsorised, Log, Untestable };  // Untestable: n < 4, returned unchanged

struct OutlierResult {
    std::vector<double> values;  // treated values (missing stay missing)
    std::vector<bool> treated;   // per value: changed by the treatment
    Treatment treatment = Treatment::None;
    int points_winsorised = 0;
    double skew_before = kMissing, kurt_before = kMissing;
    double skew_after = kMissing, kurt_after = kMissing;
};

OutlierResult treat_outliers(const std::vector<double>& x, const OutlierOptions& options = {});

}  // namespace isp
