// Classification with cut-points and labels (methods.md §8.1, §8.6; domain.md F4).
#pragma once

#include <string>
#include <vector>

#include "isp/types.hpp"

namespace isp {

// n cut-points make n + 1 classes. For cut-point c_i, equal_goes_up[i] says where a value exactly equal to
// c_i belongs: true -> the upper class (interval [c_i, ...)), false -> the lower class ((..., c_i]).
// Comparisons use the unrounded value.
struct ClassScheme {
    std::string name;                 // "mss-status", "custom", "quintile", ...
    std::vector<double> cuts;         // strictly ascending
    std::vector<bool> equal_goes_up;  // one per cut
    std::vector<std::string> labels;  // one per class
};

// Presets:
//  "mss-status" (default): hoch < -1.0 <= mittel <= +1.0 < niedrig <= +1.5 < sehr niedrig
//  "mss-dynamik": positiv < -1.0 <= stabil <= +1.0 < negativ
//  "belastung" (Sozialraummonitor, §8.6): unterdurchschnittlich < -1.0 <= durchschnittlich <= +1.0 <
//              erhöht <= +1.5 < stark erhöht
// Keywords are case-insensitive ("MSS_Status", "mssstatus"). Synonyms: "" (the default), "status",
// "statusindex", "mss" -> mss-status; "dynamik", "dynamikindex", "dynamics" -> mss-dynamik;
// "belastungsindex", "sozialraummonitor", "burden" -> belastung. Throws Error(UnknownScheme), also for the
// quantile keywords (they need data: see is_quantile_keyword).
ClassScheme preset_scheme(const std::string& keyword);

// True if keyword names a quantile classing, which needs the data (quantile_scheme) and is therefore not a
// preset; k is then set to the number of classes: "tertil"/"terzil"/"tertile"/"tercile" 3,
// "quartil"/"quartile" 4, "quintil"/"quintile" 5, "dezil"/"decile" 10 (also plural English forms).
// k is left unchanged otherwise.
bool is_quantile_keyword(const std::string& keyword, int& k);

// Custom cut-points; labels empty -> "Klasse 1" .. "Klasse n+1"; equal values go to the upper class
// (as MATCH(v; cuts; 1)). Throws InvalidCutPoints (not strictly ascending, missing or infinite),
// LabelCountMismatch, EmptyInput (no cut-points).
ClassScheme custom_scheme(const std::vector<double>& cuts, const std::vector<std::string>& labels = {});

// k quantile classes (k = 3 "Tertil 1..3", 4 "Quartil 1..4", 5 "Quintil 1..5", 10 "Dezil 1..10", otherwise
// "Klasse 1..k") from the non-missing values; cut-points are the j/k quantiles, type 7 (= Calc
// PERCENTILE / PERCENTILE.INC); equal values go up. Throws TooFewValues (fewer than k values),
// InvalidParameter (k < 2), InvalidCutPoints (ties make two cut-points equal), NonFiniteInput.
ClassScheme quantile_scheme(const std::vector<double>& values, int k);

// Class index 0..n of value (n = number of cut-points); -1 for a missing or infinite value (noexcept, so an
// infinite value gets no class instead of an error). A scheme from the functions above is assumed.
int classify(double value, const ClassScheme& scheme) noexcept;

}  // namespace isp
