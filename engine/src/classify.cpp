#include "isp/classify.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "isp/error.hpp"
#include "isp/keywords.hpp"
#include "isp/messages.hpp"

namespace isp {
namespace {

// A preset: cut-points, labels and the boundary rule that decides where a value equal to a cut-point goes.
ClassScheme preset(const char* name, std::vector<double> cuts, std::vector<std::string> labels,
                   BoundaryRule rule) {
    ClassScheme s{name, std::move(cuts), {}, std::move(labels)};
    set_boundary_rule(s, rule);
    return s;
}

ClassScheme mss_status() {
    // MSS (methods.md §8.1): -1.0 belongs to "mittel" (-1.0 <= SI), +1.0 to "mittel" (SI <= +1.0) and +1.5 to
    // "niedrig" (SI <= +1.5): the class nearer to 0.
    return preset("mss-status", {-1.0, 1.0, 1.5}, {"hoch", "mittel", "niedrig", "sehr niedrig"},
                  BoundaryRule::Middle);
}

ClassScheme mss_dynamik() {
    return preset("mss-dynamik", {-1.0, 1.0}, {"positiv", "stabil", "negativ"}, BoundaryRule::Middle);
}

ClassScheme belastung() {
    // methods.md §8.6: the MSS cut-points and boundary rule, named for Belastung (high = more burden).
    return preset("belastung", {-1.0, 1.0, 1.5},
                  {"unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht"},
                  BoundaryRule::Middle);
}

bool equal_goes_up(BoundaryRule rule, double cut) {
    switch (rule) {
        case BoundaryRule::Upper: return true;
        case BoundaryRule::Lower: return false;
        case BoundaryRule::Middle: break;
    }
    // Nearer to 0: below 0 the upper class, above 0 the lower one; a cut-point at 0 has no nearer side and
    // goes up, as "ab".
    return !(cut > 0.0);
}

std::vector<std::string> numbered_labels(const char* stem, std::size_t n) {
    std::vector<std::string> labels;
    labels.reserve(n);
    for (std::size_t i = 0; i < n; ++i) labels.push_back(std::string(stem) + " " + std::to_string(i + 1));
    return labels;
}

}  // namespace

bool is_quantile_keyword(const std::string& keyword, int& k) {
    static constexpr int kClasses[] = {3, 4, 5, 10};  // keywords::kQuantileScheme, in its order
    const std::size_t i = find_keyword(keywords::kQuantileScheme, keyword);
    if (i == kNoKeyword) return false;
    k = kClasses[i];
    return true;
}

ClassScheme preset_scheme(const std::string& keyword) {
    // An empty keyword is the documented default: "belastung" reads right for the add-in's own index
    // (higher = more Belastung); the MSS status labels read backwards on it.
    if (normalise_keyword(keyword).empty()) return belastung();
    switch (find_keyword(keywords::kPresetScheme, keyword)) {
        case 0: return belastung();
        case 1: return mss_status();
        case 2: return mss_dynamik();
        default: break;
    }
    int k = 0;
    if (is_quantile_keyword(keyword, k)) {
        throw Error::keyword(Msg::QuantileIsNoFixedScheme, keyword);
    }
    throw Error::keyword(
        Msg::SchemeAccepted, keyword,
        {{german_keywords(keywords::kPresetScheme), english_keywords(keywords::kPresetScheme)},
         {german_keywords(keywords::kQuantileScheme), english_keywords(keywords::kQuantileScheme)}});
}

ClassScheme scheme_by_keyword(const std::string& keyword, const std::vector<double>* values) {
    int k = 0;
    if (!is_quantile_keyword(keyword, k)) return preset_scheme(keyword);
    if (values == nullptr) {
        throw Error::keyword(Msg::QuantileNeedsValues, keyword);
    }
    return quantile_scheme(*values, k);
}

BoundaryRule parse_boundary_rule(const std::string& keyword) {
    return static_cast<BoundaryRule>(
        choose_keyword(keywords::kBoundaryRule, keyword, "Grenzwert", "boundary"));
}

const char* boundary_rule_keyword(BoundaryRule rule) {
    switch (rule) {
        case BoundaryRule::Upper: return "ab";
        case BoundaryRule::Lower: return "bis";
        case BoundaryRule::Middle: break;
    }
    return "mitte";
}

void set_boundary_rule(ClassScheme& scheme, BoundaryRule rule) {
    set_boundary_rules(scheme, std::vector<BoundaryRule>(scheme.cuts.size(), rule));
}

void set_boundary_rules(ClassScheme& scheme, const std::vector<BoundaryRule>& rules) {
    if (rules.size() != scheme.cuts.size()) {
        throw Error::message(Msg::BoundaryRulesPerCut, {scheme.cuts.size(), rules.size()});
    }
    scheme.equal_goes_up.resize(scheme.cuts.size());
    for (std::size_t i = 0; i < scheme.cuts.size(); ++i)
        scheme.equal_goes_up[i] = equal_goes_up(rules[i], scheme.cuts[i]);
}

std::string german_number(double value) {
    if (is_missing(value)) return "";
    if (std::isinf(value)) return value > 0 ? "unendlich" : "−unendlich";
    if (value == 0.0) return "0,0";  // also -0
    // The fewest significant digits that give the number back exactly.
    char buf[64];
    int digits = 1;
    for (; digits < 17; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*e", digits - 1, value);
        if (std::strtod(buf, nullptr) == value) break;
    }
    std::snprintf(buf, sizeof buf, "%.*e", digits - 1, value);
    const int exponent = std::atoi(std::strchr(buf, 'e') + 1);
    std::string plain;
    if (exponent >= 15 || exponent < -6) {
        plain = buf;  // scientific, as Calc shows such numbers: 1,5E+20
        const std::size_t e = plain.find('e');
        plain = plain.substr(0, e) + "E" + plain.substr(e + 1);
    } else {
        const int decimals = std::max(1, digits - 1 - exponent);
        std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
        plain = buf;
    }
    const bool negative = plain[0] == '-';
    if (negative) plain.erase(0, 1);
    const std::size_t point = plain.find_first_of(".E");
    std::string integer = plain.substr(0, point);
    std::string rest = point == std::string::npos ? std::string() : plain.substr(point);
    if (!rest.empty() && rest[0] == '.') rest[0] = ',';
    if (rest.empty() || rest[0] != ',') rest = ",0" + rest;  // at least one decimal
    if (rest.find('E') == std::string::npos) {
        for (std::size_t i = integer.size(); i > 3; i -= 3) integer.insert(i - 3, ".");
    }
    return (negative ? "−" : "") + integer + rest;
}

ClassRange class_range(const ClassScheme& scheme, std::size_t k) {
    if (k > scheme.cuts.size()) {
        throw Error::message(Msg::ClassNotInScheme, {k + 1, scheme.cuts.size() + 1});
    }
    const auto up = [&](std::size_t i) {
        return i < scheme.equal_goes_up.size() ? scheme.equal_goes_up[i] : true;
    };
    ClassRange r;
    const bool has_lower = k > 0, has_upper = k < scheme.cuts.size();
    std::string lower_text, upper_text;
    if (has_lower) {
        r.lower = scheme.cuts[k - 1];
        r.lower_included = up(k - 1);
        lower_text = german_number(r.lower);
    }
    if (has_upper) {
        r.upper = scheme.cuts[k];
        r.upper_included = !up(k);
        upper_text = german_number(r.upper);
    }
    if (!has_lower) {
        r.text = (r.upper_included ? "bis " : "unter ") + upper_text;
    } else if (!has_upper) {
        r.text = (r.lower_included ? "ab " : "über ") + lower_text;
    } else {
        r.text = (r.lower_included ? "" : "über ") + lower_text +
                 (r.upper_included ? " bis " : " bis unter ") + upper_text;
    }
    return r;
}

ClassScheme custom_scheme(const std::vector<double>& cuts, const std::vector<std::string>& labels) {
    if (cuts.empty()) throw Error::message(Msg::NoCutPoints);
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        if (!std::isfinite(cuts[i])) {
            throw Error::message(Msg::CutPointNotFinite, {i + 1, cuts[i]});
        }
        if (i > 0 && !(cuts[i - 1] < cuts[i])) {
            throw Error::message(Msg::CutPointNotAscending, {i + 1, cuts[i], i, cuts[i - 1]});
        }
    }
    const std::size_t classes = cuts.size() + 1;
    ClassScheme scheme;
    scheme.name = "custom";
    scheme.cuts = cuts;
    set_boundary_rule(scheme, BoundaryRule::Upper);  // as MATCH(v; cuts; 1)
    if (labels.empty()) {
        scheme.labels = numbered_labels("Klasse", classes);
        return scheme;
    }
    if (labels.size() != classes) {
        throw Error::message(Msg::LabelsForClasses, {cuts.size(), classes, labels.size()});
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        // An empty label would look like "no class" in the sheet.
        if (labels[i].empty()) {
            throw Error::message(Msg::LabelEmpty, {i + 1});
        }
    }
    scheme.labels = labels;
    return scheme;
}

ClassScheme quantile_scheme(const std::vector<double>& values, int k) {
    if (k < 2) {
        throw Error::message(Msg::QuantileClassesAtLeastTwo, {k});
    }
    require_no_infinity(values, "Werte", "values");
    std::vector<double> x;
    x.reserve(values.size());
    for (double v : values) {
        if (!is_missing(v)) x.push_back(v);
    }
    const auto kk = static_cast<std::size_t>(k);
    if (x.size() < kk) {
        throw Error::message(Msg::TooFewValuesForQuantiles, {x.size(), k});
    }
    std::sort(x.begin(), x.end());

    // Hand-written because Boost 1.74 has no type-7 quantile. Calc PERCENTILE(x; p) interpolates at
    // h = p (n - 1): x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). With p = j/k the position is
    // computed in integers, so an exact order statistic (h integral) is returned exactly.
    const std::size_t n = x.size();
    ClassScheme scheme;
    for (std::size_t j = 1; j < kk; ++j) {
        const std::size_t scaled = (n - 1) * j;  // h = scaled / k
        const std::size_t lo = scaled / kk;
        const double frac = static_cast<double>(scaled % kk) / static_cast<double>(kk);
        double cut = x[lo];
        if (frac > 0.0) {
            const double diff = x[lo + 1] - x[lo];
            // The convex form cannot overflow when the difference of two huge values does.
            cut = std::isfinite(diff) ? x[lo] + frac * diff : (1.0 - frac) * x[lo] + frac * x[lo + 1];
        }
        if (!scheme.cuts.empty() && !(scheme.cuts.back() < cut)) {
            throw Error::message(Msg::QuantileCutsTied, {j, j + 1, cut});
        }
        scheme.cuts.push_back(cut);
    }
    set_boundary_rule(scheme, BoundaryRule::Upper);
    switch (k) {
        case 3:
            scheme.name = "tertile";
            scheme.labels = numbered_labels("Tertil", kk);
            break;
        case 4:
            scheme.name = "quartile";
            scheme.labels = numbered_labels("Quartil", kk);
            break;
        case 5:
            scheme.name = "quintile";
            scheme.labels = numbered_labels("Quintil", kk);
            break;
        case 10:
            scheme.name = "decile";
            scheme.labels = numbered_labels("Dezil", kk);
            break;
        default: scheme.name = "quantile-" + std::to_string(k); scheme.labels = numbered_labels("Klasse", kk);
    }
    return scheme;
}

int classify(double value, const ClassScheme& scheme) noexcept {
    // Infinity cannot be thrown on here (noexcept); it gets no class, like a missing value.
    if (!std::isfinite(value)) return -1;
    int k = 0;
    for (std::size_t i = 0; i < scheme.cuts.size(); ++i) {
        const double c = scheme.cuts[i];
        const bool up = i < scheme.equal_goes_up.size() ? scheme.equal_goes_up[i] : true;
        if (value > c || (up && value == c))
            k = static_cast<int>(i) + 1;
        else
            break;  // cuts ascend, so no later cut lies below the value
    }
    return k;
}

}  // namespace isp
