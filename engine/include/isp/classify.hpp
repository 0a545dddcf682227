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
//  "belastung" (default; Sozialraummonitor, §8.6): unterdurchschnittlich < -1.0 <= durchschnittlich <= +1.0 <
//              erhöht <= +1.5 < stark erhöht
//  "mss-status": hoch < -1.0 <= mittel <= +1.0 < niedrig <= +1.5 < sehr niedrig
//  "mss-dynamik": positiv < -1.0 <= stabil <= +1.0 < negativ
// All three follow the MSS rule (BoundaryRule::Middle): a value equal to a cut-point belongs to the class
// nearer to 0. Keywords: "" (the default) and keywords::kPresetScheme (isp/keywords.hpp), matched as
// normalise_keyword does ("MSS_Status" is "mss-status"). Throws Error(UnknownScheme), also for the quantile
// keywords (they need data: see is_quantile_keyword, scheme_by_keyword).
ClassScheme preset_scheme(const std::string& keyword);

// True if keyword names a quantile classing, which needs the data (quantile_scheme) and is therefore not a
// preset (keywords::kQuantileScheme); k is then set to the number of classes: "terzil" 3, "quartil" 4,
// "quintil" 5, "dezil" 10 (and their synonyms). k is left unchanged otherwise.
bool is_quantile_keyword(const std::string& keyword, int& k);

// Custom cut-points; labels empty -> "Klasse 1" .. "Klasse n+1"; equal values go to the upper class
// (BoundaryRule::Upper, as MATCH(v; cuts; 1); set_boundary_rule changes it). Throws InvalidCutPoints (not
// strictly ascending, missing or infinite), LabelCountMismatch, EmptyInput (no cut-points).
ClassScheme custom_scheme(const std::vector<double>& cuts, const std::vector<std::string>& labels = {});

// k quantile classes (k = 3 "Tertil 1..3", 4 "Quartil 1..4", 5 "Quintil 1..5", 10 "Dezil 1..10", otherwise
// "Klasse 1..k") from the non-missing values; cut-points are the j/k quantiles, type 7 (= Calc
// PERCENTILE / PERCENTILE.INC); equal values go up. Throws TooFewValues (fewer than k values),
// InvalidParameter (k < 2), InvalidCutPoints (ties make two cut-points equal), NonFiniteInput.
ClassScheme quantile_scheme(const std::vector<double>& values, int k);

// A scheme by keyword: a preset, or for a quantile keyword the quantile classes of *values (quantile_scheme).
// values == nullptr: quantile keywords throw Error(UnknownScheme) saying that they need the values.
ClassScheme scheme_by_keyword(const std::string& keyword, const std::vector<double>* values);

// Which class a value exactly equal to a cut-point belongs to.
enum class BoundaryRule {
    Upper,   // "ab" ("oben", "upper"): the upper class, [c, ...) - "ab 1,5"; as MATCH(v; cuts; 1)
    Lower,   // "bis" ("unten", "lower"): the lower class, (..., c] - "bis 1,5"
    Middle,  // "mitte" ("innen", "middle"): the class nearer to 0 - the MSS rule; at c = 0 the upper class
};

// The keywords of keywords::kBoundaryRule ("ab", "bis", "mitte" and their synonyms). Throws
// Error(UnknownMethod) listing them.
BoundaryRule parse_boundary_rule(const std::string& keyword);
const char* boundary_rule_keyword(BoundaryRule rule);  // "ab", "bis", "mitte"

// Sets equal_goes_up of every cut-point by one rule, or of each cut-point by its own rule (rules.size() must
// equal the number of cut-points, else Error(DimensionMismatch)).
void set_boundary_rule(ClassScheme& scheme, BoundaryRule rule);
void set_boundary_rules(ClassScheme& scheme, const std::vector<BoundaryRule>& rules);

// The legend of class k (0..n): its bounds and, in German, which values it holds, with German number format
// and the minus sign U+2212: "unter −1,0", "−1,0 bis 1,0", "über 1,0 bis 1,5", "1,0 bis unter 1,5",
// "ab 1,5", "über 1,5". The text says on which side each cut-point lies (equal_goes_up).
struct ClassRange {
    double lower = kMissing;  // cut-point below the class; kMissing for the first class
    double upper = kMissing;  // cut-point above the class; kMissing for the last class
    bool lower_included = false;
    bool upper_included = false;
    std::string text;
};
ClassRange class_range(const ClassScheme& scheme, std::size_t k);

// A number as a German planner reads it: decimal comma, '.' between thousands, U+2212 for minus, at least
// one decimal, otherwise the shortest digits that give the number back exactly: -1 -> "−1,0", 1.5 -> "1,5",
// 3.25 -> "3,25", 12500 -> "12.500,0".
std::string german_number(double value);

// Class index 0..n of value (n = number of cut-points); -1 for a missing or infinite value (noexcept, so an
// infinite value gets no class instead of an error). A scheme from the functions above is assumed.
int classify(double value, const ClassScheme& scheme) noexcept;

}  // namespace isp
