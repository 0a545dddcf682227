#include "isp/aggregate.hpp"

#include <algorithm>
#include <boost/math/statistics/univariate_statistics.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "isp/error.hpp"

namespace isp {
namespace {

constexpr std::size_t kNoGroup = std::numeric_limits<std::size_t>::max();
constexpr int kMaxClasses = 1000;

std::string row_de(std::size_t i) {
    return "Zeile " + std::to_string(i + 1);
}
std::string row_en(std::size_t i) {
    return "row " + std::to_string(i + 1);
}

double finite_result(double r, const std::string& group) {
    if (!std::isfinite(r)) {
        throw Error(ErrorCode::NonFiniteInput,
                    "Ergebnis außerhalb des Zahlenbereichs (Gruppe „" + group + "“)",
                    "result out of range (group '" + group + "')");
    }
    return r;
}

// Neumaier's compensated sum: the rounding error stays independent of the number of rows, which matters for
// whole-column ranges of Gemeinde counts.
class CompensatedSum {
public:
    void add(double x) noexcept {
        const double t = sum_ + x;
        if (std::fabs(sum_) >= std::fabs(x))
            c_ += (sum_ - t) + x;
        else
            c_ += (x - t) + sum_;
        sum_ = t;
    }
    double value() const noexcept { return sum_ + c_; }

private:
    double sum_ = 0.0;
    double c_ = 0.0;
};

// Rows of each group as one flat index list (counting sort), in order of first appearance.
struct Grouping {
    std::vector<std::string> keys;
    std::vector<std::size_t> start;  // rows of group g: row[start[g]] .. row[start[g + 1] - 1]
    std::vector<std::size_t> row;
};

// `carries_data(i)` says whether row i holds anything the method would use; such a row needs a key.
template <typename CarriesData>
Grouping group_rows(const std::vector<std::string>& groups, CarriesData carries_data) {
    Grouping g;
    std::unordered_map<std::string, std::size_t> index;
    std::vector<std::size_t> gid(groups.size(), kNoGroup);
    std::vector<std::size_t> count;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (groups[i].empty()) {
            // Trailing blank rows of whole-column ranges are skipped; data without a key would be lost.
            if (!carries_data(i)) continue;
            throw Error(ErrorCode::InvalidParameter, row_de(i) + " hat einen Wert, aber keine Gruppe",
                        row_en(i) + " has a value but no group");
        }
        const auto [it, inserted] = index.try_emplace(groups[i], g.keys.size());
        if (inserted) {
            g.keys.push_back(groups[i]);
            count.push_back(0);
        }
        gid[i] = it->second;
        ++count[it->second];
    }
    if (g.keys.empty()) throw Error(ErrorCode::EmptyInput, "keine Gruppen", "no groups");
    g.start.assign(g.keys.size() + 1, 0);
    for (std::size_t k = 0; k < count.size(); ++k) g.start[k + 1] = g.start[k] + count[k];
    g.row.resize(g.start.back());
    std::vector<std::size_t> next(g.start.begin(), g.start.end() - 1);
    for (std::size_t i = 0; i < gid.size(); ++i) {
        if (gid[i] != kNoGroup) g.row[next[gid[i]]++] = i;
    }
    return g;
}

}  // namespace

AggMethod parse_agg_method(const std::string& keyword) {
    const std::string key = normalise_keyword(keyword);
    if (key == "sum" || key == "summe") return AggMethod::Sum;
    if (key == "ratio" || key == "quote" || key == "quotient" || key == "anteil" || key == "rate" ||
        key == "verhaeltnis")
        return AggMethod::Ratio;
    if (key == "wmean" || key == "gewichtet" || key == "gewmittel" || key == "weightedmean" ||
        key == "gewichtetesmittel" || key == "gewichtetermittelwert")
        return AggMethod::WeightedMean;
    if (key == "mean" || key == "mittel" || key == "mittelwert" || key == "average" || key == "durchschnitt")
        return AggMethod::Mean;
    if (key == "median" || key == "zentralwert") return AggMethod::Median;
    if (key == "min" || key == "minimum") return AggMethod::Min;
    if (key == "max" || key == "maximum") return AggMethod::Max;
    throw Error(ErrorCode::UnknownMethod,
                "„" + keyword + "“ (bekannt: summe, quote, gewmittel, mittel, median, min, max)",
                "'" + keyword + "' (known: sum, ratio, wmean, mean, median, min, max)");
}

const char* agg_method_keyword(AggMethod method) {
    switch (method) {
        case AggMethod::Sum: return "sum";
        case AggMethod::Ratio: return "ratio";
        case AggMethod::WeightedMean: return "wmean";
        case AggMethod::Mean: return "mean";
        case AggMethod::Median: return "median";
        case AggMethod::Min: return "min";
        case AggMethod::Max: return "max";
    }
    return "?";
}

GroupedResult aggregate(const std::vector<double>& values, const std::vector<std::string>& groups,
                        AggMethod method, const std::vector<double>& weights) {
    if (values.empty() && groups.empty()) throw Error(ErrorCode::EmptyInput, "Werte", "values");
    if (groups.size() != values.size()) {
        throw Error(ErrorCode::DimensionMismatch,
                    std::to_string(values.size()) + " Werte, " + std::to_string(groups.size()) + " Gruppen",
                    std::to_string(values.size()) + " values, " + std::to_string(groups.size()) + " groups");
    }
    const bool ratio = method == AggMethod::Ratio;
    const bool weighted = ratio || method == AggMethod::WeightedMean;
    if (weighted && weights.empty()) {
        throw Error(ErrorCode::InvalidParameter,
                    ratio ? "die Methode „quote“ braucht Nenner (Gewichte)"
                          : "die Methode „gewmittel“ braucht Gewichte",
                    ratio ? "method 'ratio' needs denominators (weights)" : "method 'wmean' needs weights");
    }
    // Weights given to an unweighted method would be ignored silently.
    if (!weighted && !weights.empty()) {
        throw Error(ErrorCode::InvalidParameter,
                    std::string("Gewichte werden bei der Methode „") + agg_method_keyword(method) +
                        "“ nicht verwendet (nur quote, gewmittel)",
                    std::string("weights are not used by method '") + agg_method_keyword(method) +
                        "' (only ratio, wmean)");
    }
    if (weighted && weights.size() != values.size()) {
        throw Error(
            ErrorCode::DimensionMismatch,
            std::to_string(values.size()) + " Werte, " + std::to_string(weights.size()) + " Gewichte",
            std::to_string(values.size()) + " values, " + std::to_string(weights.size()) + " weights");
    }
    require_no_infinity(values, "Werte", "values");
    require_no_infinity(weights, ratio ? "Nenner" : "Gewichte", ratio ? "denominators" : "weights");
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] < 0.0) {
            // Denominators of a quota are counts (population, cases); weights of a mean are weights.
            if (ratio)
                throw Error(ErrorCode::NegativeCount, "Nenner in " + row_de(i),
                            "denominator in " + row_en(i));
            throw Error(ErrorCode::NegativeWeight, "Gewicht in " + row_de(i), "weight in " + row_en(i));
        }
    }

    const Grouping g = group_rows(
        groups, [&](std::size_t i) { return !is_missing(values[i]) || (ratio && !is_missing(weights[i])); });

    GroupedResult out;
    out.groups = g.keys;
    out.value = Column(g.keys.size());
    out.members.resize(g.keys.size());
    std::vector<double> present;
    for (std::size_t k = 0; k < g.keys.size(); ++k) {
        const std::size_t* first = g.row.data() + g.start[k];
        const std::size_t* last = g.row.data() + g.start[k + 1];
        out.members[k] = static_cast<std::size_t>(last - first);
        const std::string& key = g.keys[k];

        switch (method) {
            case AggMethod::Sum:
            case AggMethod::Ratio: {
                // A count or quota of a group with a missing member would be too low, not just less precise.
                CompensatedSum num, den;
                bool complete = true;
                for (const std::size_t* r = first; r != last; ++r) {
                    complete = !is_missing(values[*r]) && (!ratio || !is_missing(weights[*r]));
                    if (!complete) break;
                    num.add(values[*r]);
                    if (ratio) den.add(weights[*r]);
                }
                if (!complete) break;  // stays MissingInput
                if (!ratio) {
                    out.value.set(k, finite_result(num.value(), key));
                } else if (den.value() == 0.0) {
                    out.value.clear(k, Reason::Undefined);
                } else {
                    out.value.set(k, finite_result(finite_result(num.value(), key) / den.value(), key));
                }
                break;
            }
            case AggMethod::WeightedMean: {
                // Two passes with weights scaled by their maximum, so that neither sum(w) nor sum(w x) can
                // overflow for finite inputs; Boost has no weighted mean.
                double wmax = 0.0;
                bool any = false;
                for (const std::size_t* r = first; r != last; ++r) {
                    if (is_missing(values[*r]) || is_missing(weights[*r])) continue;
                    any = true;
                    wmax = std::max(wmax, weights[*r]);
                }
                if (!any) break;  // MissingInput
                if (wmax == 0.0) {
                    out.value.clear(k, Reason::Undefined);
                    break;
                }
                CompensatedSum wsum;
                for (const std::size_t* r = first; r != last; ++r) {
                    if (!is_missing(values[*r]) && !is_missing(weights[*r])) wsum.add(weights[*r] / wmax);
                }
                const double total = wsum.value();
                CompensatedSum mean;
                for (const std::size_t* r = first; r != last; ++r) {
                    if (!is_missing(values[*r]) && !is_missing(weights[*r]))
                        mean.add(weights[*r] / wmax / total * values[*r]);
                }
                out.value.set(k, finite_result(mean.value(), key));
                break;
            }
            case AggMethod::Mean:
            case AggMethod::Median:
            case AggMethod::Min:
            case AggMethod::Max: {
                // Missing members are skipped, as Calc's AVERAGE, MEDIAN, MIN and MAX skip empty cells.
                present.clear();
                for (const std::size_t* r = first; r != last; ++r) {
                    if (!is_missing(values[*r])) present.push_back(values[*r]);
                }
                if (present.empty()) break;  // MissingInput
                double v = 0.0;
                if (method == AggMethod::Mean)
                    v = boost::math::statistics::mean(present);
                else if (method == AggMethod::Median)
                    v = boost::math::statistics::median(present);
                else if (method == AggMethod::Min)
                    v = *std::min_element(present.begin(), present.end());
                else
                    v = *std::max_element(present.begin(), present.end());
                out.value.set(k, finite_result(v, key));
                break;
            }
        }
    }
    return out;
}

// ---- Hierarchy ---------------------------------------------------------------------------------------

void Hierarchy::add(const std::string& child, const std::string& parent) {
    if (child.empty() || parent.empty()) {
        throw Error(ErrorCode::InvalidParameter, "leere Gebiets-ID", "empty area ID");
    }
    const auto existing = parent_.find(child);
    if (existing != parent_.end()) {
        if (existing->second == parent) return;  // the same link twice is harmless
        throw Error(
            ErrorCode::InvalidHierarchy,
            "„" + child + "“ liegt schon in „" + existing->second + "“, nicht zugleich in „" + parent + "“",
            "'" + child + "' already lies in '" + existing->second + "', not also in '" + parent + "'");
    }
    // The hierarchy is acyclic before this link, so walking up from parent ends at a root.
    for (std::string p = parent;;) {
        if (p == child) {
            throw Error(ErrorCode::InvalidHierarchy, "Kreis: „" + parent + "“ liegt schon in „" + child + "“",
                        "cycle: '" + parent + "' already lies in '" + child + "'");
        }
        const auto up = parent_.find(p);
        if (up == parent_.end()) break;
        p = up->second;
    }
    parent_.emplace(child, parent);
    ids_.insert(child);
    ids_.insert(parent);
}

bool Hierarchy::contains(const std::string& id) const {
    return ids_.count(id) != 0;
}

std::string Hierarchy::ancestor(const std::string& id, int levels_up) const {
    if (levels_up < 0) {
        throw Error(ErrorCode::InvalidParameter,
                    "Ebenen nach oben " + std::to_string(levels_up) + " (mindestens 0)",
                    "levels up " + std::to_string(levels_up) + " (at least 0)");
    }
    if (!contains(id)) throw Error(ErrorCode::UnknownArea, "„" + id + "“", "'" + id + "'");
    std::string current = id;
    for (int step = 0; step < levels_up; ++step) {
        const auto up = parent_.find(current);
        if (up == parent_.end()) {
            throw Error(ErrorCode::InvalidHierarchy,
                        "„" + id + "“ hat nur " + std::to_string(step) +
                            " übergeordnete Ebene(n), verlangt " + std::to_string(levels_up),
                        "'" + id + "' has only " + std::to_string(step) + " level(s) above it, " +
                            std::to_string(levels_up) + " requested");
        }
        current = up->second;
    }
    return current;
}

std::vector<std::string> Hierarchy::map_up(const std::vector<std::string>& ids, int levels_up) const {
    std::vector<std::string> out;
    out.reserve(ids.size());
    // A blank ID stays blank, so that aggregate() skips the row like a blank row of a whole column.
    for (const auto& id : ids) out.push_back(id.empty() ? std::string() : ancestor(id, levels_up));
    return out;
}

// ---- Population shares per class ------------------------------------------------------------------------

ClassShares class_population_shares(const std::vector<int>& classes, const std::vector<double>& population,
                                    const std::vector<std::string>& groups, int n_classes) {
    if (n_classes < 1 || n_classes > kMaxClasses) {
        throw Error(ErrorCode::InvalidParameter,
                    "Zahl der Klassen " + std::to_string(n_classes) + " (erlaubt 1 bis 1000)",
                    "number of classes " + std::to_string(n_classes) + " (allowed 1 to 1000)");
    }
    if (classes.empty() && groups.empty() && population.empty())
        throw Error(ErrorCode::EmptyInput, "Klassen", "classes");
    if (classes.size() != groups.size() || population.size() != groups.size()) {
        throw Error(ErrorCode::DimensionMismatch,
                    std::to_string(classes.size()) + " Klassen, " + std::to_string(population.size()) +
                        " Einwohnerzahlen, " + std::to_string(groups.size()) + " Gruppen",
                    std::to_string(classes.size()) + " classes, " + std::to_string(population.size()) +
                        " populations, " + std::to_string(groups.size()) + " groups");
    }
    require_no_infinity(population, "Bevölkerung", "population");
    for (std::size_t i = 0; i < classes.size(); ++i) {
        if (classes[i] < -1 || classes[i] >= n_classes) {
            throw Error(ErrorCode::InvalidParameter,
                        "Klasse " + std::to_string(classes[i]) + " in " + row_de(i) + " (erlaubt -1 bis " +
                            std::to_string(n_classes - 1) + ")",
                        "class " + std::to_string(classes[i]) + " in " + row_en(i) + " (allowed -1 to " +
                            std::to_string(n_classes - 1) + ")");
        }
        if (population[i] < 0.0)
            throw Error(ErrorCode::NegativeCount, "Bevölkerung in " + row_de(i),
                        "population in " + row_en(i));
    }
    const Grouping g =
        group_rows(groups, [&](std::size_t i) { return classes[i] >= 0 || !is_missing(population[i]); });

    ClassShares out;
    out.groups = g.keys;
    const auto nc = static_cast<std::size_t>(n_classes);
    out.share.assign(g.keys.size(), std::vector<double>(nc, kMissing));
    std::vector<CompensatedSum> in_class(nc);
    for (std::size_t k = 0; k < g.keys.size(); ++k) {
        std::fill(in_class.begin(), in_class.end(), CompensatedSum());
        CompensatedSum total;
        bool complete = true;
        for (std::size_t j = g.start[k]; j < g.start[k + 1]; ++j) {
            const std::size_t r = g.row[j];
            if (classes[r] < 0) continue;  // no class: left out of numerator and denominator
            // A classed area without a population makes every share of its group unknown, not smaller.
            if (is_missing(population[r])) {
                complete = false;
                break;
            }
            in_class[static_cast<std::size_t>(classes[r])].add(population[r]);
            total.add(population[r]);
        }
        if (!complete) continue;  // shares stay missing
        const double t = finite_result(total.value(), g.keys[k]);
        if (t == 0.0) continue;  // no classed population: shares undefined, stay missing
        for (std::size_t c = 0; c < nc; ++c) out.share[k][c] = in_class[c].value() / t;
    }
    return out;
}

}  // namespace isp
