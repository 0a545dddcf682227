#include "isp/classify.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "isp/error.hpp"

namespace isp {
namespace {

struct QuantileKeyword {
    const char* keyword;  // already normalised (normalise_keyword)
    int k;
};

// German and English names of the quantile classings. They are not presets because their cut-points come
// from the data; the add-in routes them to quantile_scheme().
constexpr QuantileKeyword kQuantileKeywords[] = {
    {"tertil", 3},    {"tertile", 3}, {"terzil", 3},   {"terzile", 3},   {"tercile", 3},  {"terciles", 3},
    {"tertiles", 3},  {"quartil", 4}, {"quartile", 4}, {"quartiles", 4}, {"quintil", 5},  {"quintile", 5},
    {"quintiles", 5}, {"dezil", 10},  {"dezile", 10},  {"decile", 10},   {"deciles", 10},
};

ClassScheme mss_status() {
    // MSS (methods.md §8.1): -1.0 belongs to "mittel" (-1.0 <= SI), +1.0 to "mittel" (SI <= +1.0) and +1.5 to
    // "niedrig" (SI <= +1.5).
    return {
        "mss-status", {-1.0, 1.0, 1.5}, {true, false, false}, {"hoch", "mittel", "niedrig", "sehr niedrig"}};
}

ClassScheme mss_dynamik() {
    return {"mss-dynamik", {-1.0, 1.0}, {true, false}, {"positiv", "stabil", "negativ"}};
}

ClassScheme belastung() {
    // methods.md §8.6: the MSS cut-points, named for Belastung (high = more burden).
    return {"belastung",
            {-1.0, 1.0, 1.5},
            {true, false, false},
            {"unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht"}};
}

std::string number_text(double v) {
    if (is_missing(v)) return "leer";
    if (std::isinf(v)) return v > 0 ? "+unendlich" : "-unendlich";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string number_text_en(double v) {
    if (is_missing(v)) return "empty";
    if (std::isinf(v)) return v > 0 ? "+infinity" : "-infinity";
    return number_text(v);
}

std::vector<std::string> numbered_labels(const char* stem, std::size_t n) {
    std::vector<std::string> labels;
    labels.reserve(n);
    for (std::size_t i = 0; i < n; ++i) labels.push_back(std::string(stem) + " " + std::to_string(i + 1));
    return labels;
}

}  // namespace

bool is_quantile_keyword(const std::string& keyword, int& k) {
    const std::string key = normalise_keyword(keyword);
    for (const auto& q : kQuantileKeywords) {
        if (key == q.keyword) {
            k = q.k;
            return true;
        }
    }
    return false;
}

ClassScheme preset_scheme(const std::string& keyword) {
    const std::string key = normalise_keyword(keyword);
    // An empty keyword is the documented default, the MSS Status-Index.
    if (key.empty() || key == "mssstatus" || key == "status" || key == "statusindex" || key == "mss" ||
        key == "msstatusindex" || key == "mssstatusindex")
        return mss_status();
    if (key == "mssdynamik" || key == "dynamik" || key == "dynamikindex" || key == "mssdynamikindex" ||
        key == "mssdynamics" || key == "dynamics")
        return mss_dynamik();
    if (key == "belastung" || key == "belastungsindex" || key == "sozialraummonitor" || key == "burden" ||
        key == "burdenindex")
        return belastung();
    int k = 0;
    if (is_quantile_keyword(keyword, k)) {
        throw Error(ErrorCode::UnknownScheme,
                    "„" + keyword + "“ ist kein festes Schema; Quantilklassen brauchen die Werte",
                    "'" + keyword + "' is not a fixed scheme; quantile classes need the values");
    }
    throw Error(ErrorCode::UnknownScheme, "„" + keyword + "“ (bekannt: mss-status, mss-dynamik, belastung)",
                "'" + keyword + "' (known: mss-status, mss-dynamik, belastung)");
}

ClassScheme custom_scheme(const std::vector<double>& cuts, const std::vector<std::string>& labels) {
    if (cuts.empty()) throw Error(ErrorCode::EmptyInput, "keine Klassengrenzen", "no cut-points");
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        if (!std::isfinite(cuts[i])) {
            throw Error(ErrorCode::InvalidCutPoints,
                        "Grenze " + std::to_string(i + 1) + " ist " + number_text(cuts[i]),
                        "cut-point " + std::to_string(i + 1) + " is " + number_text_en(cuts[i]));
        }
        if (i > 0 && !(cuts[i - 1] < cuts[i])) {
            throw Error(ErrorCode::InvalidCutPoints,
                        "Grenze " + std::to_string(i + 1) + " (" + number_text(cuts[i]) +
                            ") ist nicht größer als " + "Grenze " + std::to_string(i) + " (" +
                            number_text(cuts[i - 1]) + ")",
                        "cut-point " + std::to_string(i + 1) + " (" + number_text(cuts[i]) +
                            ") is not greater than cut-point " + std::to_string(i) + " (" +
                            number_text(cuts[i - 1]) + ")");
        }
    }
    const std::size_t classes = cuts.size() + 1;
    ClassScheme scheme;
    scheme.name = "custom";
    scheme.cuts = cuts;
    scheme.equal_goes_up.assign(cuts.size(), true);  // as MATCH(v; cuts; 1)
    if (labels.empty()) {
        scheme.labels = numbered_labels("Klasse", classes);
        return scheme;
    }
    if (labels.size() != classes) {
        throw Error(ErrorCode::LabelCountMismatch,
                    std::to_string(cuts.size()) + " Grenzen ergeben " + std::to_string(classes) +
                        " Klassen, angegeben sind " + std::to_string(labels.size()) + " Beschriftungen",
                    std::to_string(cuts.size()) + " cut-points make " + std::to_string(classes) +
                        " classes, " + std::to_string(labels.size()) + " labels given");
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        // An empty label would look like "no class" in the sheet.
        if (labels[i].empty()) {
            throw Error(ErrorCode::LabelCountMismatch, "Beschriftung " + std::to_string(i + 1) + " ist leer",
                        "label " + std::to_string(i + 1) + " is empty");
        }
    }
    scheme.labels = labels;
    return scheme;
}

ClassScheme quantile_scheme(const std::vector<double>& values, int k) {
    if (k < 2) {
        throw Error(ErrorCode::InvalidParameter,
                    "Zahl der Quantilklassen " + std::to_string(k) + " (mindestens 2)",
                    "number of quantile classes " + std::to_string(k) + " (at least 2)");
    }
    require_no_infinity(values, "Werte", "values");
    std::vector<double> x;
    x.reserve(values.size());
    for (double v : values) {
        if (!is_missing(v)) x.push_back(v);
    }
    const auto kk = static_cast<std::size_t>(k);
    if (x.size() < kk) {
        throw Error(ErrorCode::TooFewValues,
                    std::to_string(x.size()) + " Werte für " + std::to_string(k) + " Quantilklassen",
                    std::to_string(x.size()) + " values for " + std::to_string(k) + " quantile classes");
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
            throw Error(ErrorCode::InvalidCutPoints,
                        "gleiche Werte machen die Quantilgrenzen " + std::to_string(j) + " und " +
                            std::to_string(j + 1) + " gleich (" + number_text(cut) + ")",
                        "ties make quantile cut-points " + std::to_string(j) + " and " +
                            std::to_string(j + 1) + " equal (" + number_text(cut) + ")");
        }
        scheme.cuts.push_back(cut);
    }
    scheme.equal_goes_up.assign(scheme.cuts.size(), true);
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
