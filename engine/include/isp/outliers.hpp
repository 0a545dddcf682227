// Outlier treatment after COINr's Treat() (methods.md §3): skew/kurtosis test, winsorising, log.
#pragma once

#include <vector>

#include "isp/types.hpp"

namespace isp {

// Sample skewness, type 2 (= Calc SKEW, e1071 type 2); missing values skipped; no value -> EmptyInput;
// n < 3 -> TooFewValues; zero spread -> ZeroVariance; +-inf -> NonFiniteInput.
double sample_skewness(const std::vector<double>& x);
// Sample excess kurtosis (= Calc KURT); no value -> EmptyInput; n < 4 -> TooFewValues; zero spread ->
// ZeroVariance; +-inf -> NonFiniteInput.
double sample_excess_kurtosis(const std::vector<double>& x);

struct OutlierOptions {
    int winmax = 5;               // at most this many points winsorised (ties move together)
    double skew_threshold = 2.0;  // treated only if |skew| >= skew_threshold AND kurt >= kurt_threshold
    double kurt_threshold = 3.5;
};

// None: passed the test, unchanged. Winsorised: passed after winsorising. Log: log_CT of the original values
// (whether or not that then passes). Untestable: n < 4 or all values equal, returned unchanged.
enum class Treatment { None, Winsorised, Log, Untestable };

struct OutlierResult {
    std::vector<double> values;  // treated values (missing stay missing)
    std::vector<bool> treated;   // per value: changed by the treatment
    Treatment treatment = Treatment::None;
    int points_winsorised = 0;
    double skew_before = kMissing, kurt_before = kMissing;
    double skew_after = kMissing, kurt_after = kMissing;
    double low = kMissing, high = kMissing;  // Winsorised: the range the values were moved into;
                                             // Log: min and max of the original values (the log_CT shift)
};

// Throws NonFiniteInput (+-inf in x), InvalidParameter (winmax < 0, a threshold missing or infinite, a
// negative skew threshold).
OutlierResult treat_outliers(const std::vector<double>& x, const OutlierOptions& options = {});

// The same treatment applied to another value on the raw scale (a given reference value such as the
// Landkreis value, so that it stays comparable with the treated values): None/Untestable keep x, Winsorised
// clamps it into [low, high], Log applies the same log_CT. Missing x, or x where log_CT is undefined
// (x <= min - 0.01 (max - min)), gives kMissing.
double treat_like(const OutlierResult& result, double x);

}  // namespace isp
