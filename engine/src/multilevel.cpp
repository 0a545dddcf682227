// The multi-level index (every level of an indicator structure at once) and indicator correlations
// (multilevel.hpp; docs/methods/multilevel.md).
#include "isp/multilevel.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <utility>

#include "isp/error.hpp"
#include "isp/keywords.hpp"
#include "isp/messages.hpp"

namespace isp {
namespace {

// Coverage shares are compared with this slack: a threshold typed as 0,6666666666667 must still admit 2 of 3.
constexpr double kCoverageSlack = 1e-12;

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

Place structure_row(std::size_t row) {
    return place(Msg::StructureRow, {row + 1});
}

// The error e with "Indikator „code“: " in front of its context (the base text stays first).
[[noreturn]] void rethrow_for_indicator(const Error& e, const std::string& code) {
    throw e.at(place(Msg::IndicatorCode, {code}));
}

struct Edge {
    std::size_t child;
    double weight;
};

struct Builder {
    std::vector<MultilevelNode> nodes;
    std::map<std::string, std::size_t> by_code;
    std::vector<std::vector<Edge>> children;
    std::vector<bool> has_parent_row, has_own_row;
    std::vector<std::size_t> first_parent_mention;  // structure row where a code first appeared as parent
    std::vector<double> polarity;                   // indicators: the polarity given (kMissing: none yet)
    std::vector<std::size_t> polarity_row;

    std::size_t add(const std::string& code, bool indicator) {
        const std::size_t id = nodes.size();
        MultilevelNode n;
        n.code = code;
        n.indicator = indicator;
        nodes.push_back(std::move(n));
        by_code.emplace(code, id);
        children.emplace_back();
        has_parent_row.push_back(false);
        has_own_row.push_back(false);
        first_parent_mention.push_back(0);
        polarity.push_back(kMissing);
        polarity_row.push_back(0);
        return id;
    }
};

void read_structure(Builder& b, const std::vector<StructureRow>& structure) {
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> seen_edges;
    for (std::size_t i = 0; i < structure.size(); ++i) {
        const StructureRow& row = structure[i];
        const std::string code = trimmed(row.code);
        const std::string parent = trimmed(row.parent);
        if (code.empty()) {
            if (parent.empty() && is_missing(row.weight) && is_missing(row.polarity)) continue;  // empty row
            throw Error::message(Msg::StructureCodeMissing, {structure_row(i)});
        }
        auto it = b.by_code.find(code);
        const std::size_t id = it != b.by_code.end() ? it->second : b.add(code, false);
        const bool indicator = b.nodes[id].indicator;
        b.has_own_row[id] = true;

        // Polarity: directions belong to the indicators only (COINr: groups aggregate aligned scores).
        if (!is_missing(row.polarity)) {
            if (!indicator) {
                throw Error::message(Msg::PolarityOfGroup, {structure_row(i), code});
            }
            if (!is_missing(b.polarity[id]) && b.polarity[id] != row.polarity) {
                throw Error::message(Msg::PolaritiesDiffer,
                                     {code, structure_row(b.polarity_row[id]), structure_row(i)});
            }
            b.polarity[id] = row.polarity;
            b.polarity_row[id] = i;
        }

        if (parent.empty()) {
            if (indicator) {
                throw Error::message(Msg::IndicatorWithoutParent, {structure_row(i), code});
            }
            b.nodes[id].top = true;
            continue;
        }
        if (parent == code) {
            throw Error::message(Msg::OwnParent, {structure_row(i), code});
        }
        auto pit = b.by_code.find(parent);
        std::size_t pid;
        if (pit == b.by_code.end()) {
            pid = b.add(parent, false);
            b.first_parent_mention[pid] = i;
        } else {
            pid = pit->second;
        }
        if (b.nodes[pid].indicator) {
            throw Error::message(Msg::IndicatorAsParent, {structure_row(i), parent});
        }
        if (!seen_edges.emplace(std::make_pair(pid, id), i).second) {
            throw Error::message(Msg::EdgeTwice, {structure_row(i), code, parent});
        }
        if (is_missing(row.weight)) {
            throw Error::message(Msg::StructureWeightMissing, {structure_row(i), code});
        }
        if (row.weight < 0.0) {
            throw Error::message(Msg::StructureWeightNegative, {structure_row(i), code});
        }
        if (!std::isfinite(row.weight)) {
            throw Error::message(Msg::StructureWeightInfinite, {structure_row(i)});
        }
        b.has_parent_row[id] = true;
        b.children[pid].push_back({id, row.weight});
    }
}

void check_structure(Builder& b, const MultilevelOptions& options) {
    // Unknown parents first: a misspelt parent also leaves its intended group without children.
    for (std::size_t id = 0; id < b.nodes.size(); ++id) {
        if (b.nodes[id].indicator || b.has_own_row[id]) continue;
        const std::size_t i = b.first_parent_mention[id];
        throw Error::message(Msg::ParentUnknown, {structure_row(i), b.nodes[id].code});
    }
    for (std::size_t id = 0; id < b.nodes.size(); ++id) {
        const MultilevelNode& n = b.nodes[id];
        if (n.indicator) {
            if (!b.has_own_row[id]) {
                throw Error::message(Msg::IndicatorNotInStructure, {n.code});
            }
            continue;
        }
        if (n.top && b.has_parent_row[id]) {
            throw Error::message(Msg::TopAndChild, {n.code});
        }
        if (b.children[id].empty()) {
            throw Error::message(Msg::GroupWithoutChildren, {n.code});
        }
        double sum = 0.0;
        for (const Edge& e : b.children[id]) sum += e.weight;
        if (!(sum > 0.0)) {
            throw Error::message(Msg::GroupWeightsZero, {n.code});
        }
    }
    // Indicator polarities: needed where an indicator enters with a weight above 0.
    std::vector<bool> used(b.nodes.size(), false);
    for (const auto& list : b.children)
        for (const Edge& e : list)
            if (e.weight > 0.0) used[e.child] = true;
    for (std::size_t id = 0; id < b.nodes.size(); ++id) {
        MultilevelNode& n = b.nodes[id];
        if (!n.indicator || !used[id]) continue;
        if (is_missing(b.polarity[id])) {
            if (options.require_polarity) {
                throw Error::message(Msg::PolarityMissing, {n.code});
            }
            b.polarity[id] = 1.0;
        }
        try {
            checked_polarity(b.polarity[id]);
        } catch (const Error& e) {
            rethrow_for_indicator(e, n.code);
        }
    }
}

// Levels (1 + the highest level of the children) by depth-first search; a node met again while its own
// search is open closes a cycle.
int level_of(Builder& b, std::size_t id, std::vector<int>& state, std::vector<std::size_t>& path) {
    if (state[id] == 2) return b.nodes[id].level;
    if (state[id] == 1) {
        std::string de, en;
        auto start = std::find(path.begin(), path.end(), id);
        for (auto it = start; it != path.end(); ++it) {
            de += b.nodes[*it].code + " → ";
            en += b.nodes[*it].code + " -> ";
        }
        de += b.nodes[id].code;
        en += b.nodes[id].code;
        throw Error::message(Msg::StructureCycle, {{de, en}});
    }
    state[id] = 1;
    path.push_back(id);
    int level = 1;
    for (const Edge& e : b.children[id]) level = std::max(level, 1 + level_of(b, e.child, state, path));
    path.pop_back();
    state[id] = 2;
    b.nodes[id].level = level;
    return level;
}

std::vector<double> per_level(const std::vector<double>& given, double fallback, int group_levels,
                              const char* name_de, const char* name_en) {
    if (given.empty()) return std::vector<double>(static_cast<std::size_t>(group_levels), fallback);
    if (given.size() == 1) return std::vector<double>(static_cast<std::size_t>(group_levels), given[0]);
    if (given.size() != static_cast<std::size_t>(group_levels)) {
        throw Error::message(Msg::ValuesPerLevel,
                             {{name_de, name_en}, given.size(), group_levels + 1, group_levels});
    }
    return given;
}

void rescale_by_sd(MultilevelNode& n) {
    std::vector<double> present;
    for (std::size_t r = 0; r < n.value.size(); ++r)
        if (n.value.ok(r)) present.push_back(n.value.value[r]);
    if (present.size() < 2) {
        throw Error::message(Msg::RescaleTooFewAreas, {n.code});
    }
    const double mean =
        std::accumulate(present.begin(), present.end(), 0.0) / static_cast<double>(present.size());
    double m2 = 0.0, largest = 0.0;
    for (double v : present) {
        m2 += (v - mean) * (v - mean);
        largest = std::max(largest, std::fabs(v));
    }
    const double sd = std::sqrt(m2 / static_cast<double>(present.size() - 1));
    if (!(sd > 1e-12 * largest)) {
        throw Error::message(Msg::RescaleNoSpread, {n.code});
    }
    for (std::size_t r = 0; r < n.value.size(); ++r)
        if (n.value.ok(r)) n.value.value[r] /= sd;
}

}  // namespace

int MultilevelResult::find(const std::string& code) const {
    const std::string key = trimmed(code);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].code == key) return static_cast<int>(i);
    return -1;
}

std::vector<std::size_t> MultilevelResult::level_nodes(int level) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (level == 0 ? nodes[i].top : nodes[i].level == level) out.push_back(i);
    }
    return out;
}

MultilevelResult multilevel_index(const Matrix& data, const std::vector<std::string>& indicator_codes,
                                  const std::vector<StructureRow>& structure,
                                  const MultilevelOptions& options) {
    const std::size_t rows = data.rows();
    const std::size_t cols = data.cols();
    if (rows == 0 || cols == 0) throw Error(ErrorCode::EmptyInput, "Matrix", "matrix");
    require_same_size(
        {{indicator_codes.size(), "Codes", "codes"}, {cols, "Spalten der Matrix", "matrix columns"}});
    require_no_infinity(data, "Matrix", "matrix");

    Builder b;
    for (std::size_t c = 0; c < cols; ++c) {
        const std::string code = trimmed(indicator_codes[c]);
        if (code.empty()) {
            throw Error::message(Msg::ColumnCodeMissing, {c + 1});
        }
        if (b.by_code.count(code) != 0) {
            throw Error::message(Msg::CodeOnTwoColumns, {code});
        }
        b.nodes[b.add(code, true)].column = c;
    }
    read_structure(b, structure);
    if (b.nodes.size() == cols) {
        throw Error::message(Msg::StructureWithoutGroup);
    }
    check_structure(b, options);

    std::vector<int> state(b.nodes.size(), 0);
    std::vector<std::size_t> path;
    int top_level = 1;
    for (std::size_t id = 0; id < b.nodes.size(); ++id)
        top_level = std::max(top_level, level_of(b, id, state, path));
    const int group_levels = top_level - 1;

    const std::vector<double> coverage =
        per_level(options.min_coverage, 2.0 / 3.0, group_levels, "Mindestabdeckung", "min_coverage");
    for (double c : coverage) {
        if (!(c >= 0.0 && c <= 1.0)) {
            throw Error::message(Msg::MinCoverageOutOfRange);
        }
    }
    std::vector<double> rescale_given(options.rescale_by_sd.begin(), options.rescale_by_sd.end());
    const std::vector<double> rescale =
        per_level(rescale_given, 0.0, group_levels, "SD-Skalierung", "rescale_by_sd");

    // ---- Indicators: normalised, polarity applied ----
    std::vector<bool> used(b.nodes.size(), false);
    for (const auto& list : b.children)
        for (const Edge& e : list)
            if (e.weight > 0.0) used[e.child] = true;
    for (std::size_t id = 0; id < cols; ++id) {
        MultilevelNode& n = b.nodes[id];
        n.value = Column(rows);
        if (!used[id]) continue;  // weight 0 everywhere: left out, not even normalised
        const std::vector<double> x = data.column(n.column);
        try {
            const Normaliser norm =
                Normaliser::fit(x, static_cast<int>(b.polarity[id]), options.method, options.params);
            for (std::size_t r = 0; r < rows; ++r) {
                double score = kMissing;
                const Reason why = norm.apply_checked(x[r], score);
                if (why == Reason::Ok)
                    n.value.set(r, score);
                else
                    n.value.clear(r, why);
            }
        } catch (const Error& e) {
            rethrow_for_indicator(e, n.code);
        }
    }

    // ---- Groups, level by level: the children are always done first ----
    std::vector<std::size_t> order;
    for (std::size_t id = cols; id < b.nodes.size(); ++id) order.push_back(id);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t c) { return b.nodes[a].level < b.nodes[c].level; });
    for (std::size_t id : order) {
        MultilevelNode& n = b.nodes[id];
        const auto level_index = static_cast<std::size_t>(n.level - 2);
        const double min_coverage = coverage[level_index];
        n.value = Column(rows);
        n.coverage.assign(rows, 0.0);
        // Coverage counts children (weight > 0), as COINr's dat_thresh and isp::composite do
        // (shared/docs/methods.md §4): one rule for every index of the project.
        std::size_t weighted_children = 0;
        for (const Edge& e : b.children[id]) weighted_children += e.weight > 0.0 ? 1 : 0;
        for (std::size_t r = 0; r < rows; ++r) {
            double weight = 0.0, sum = 0.0;
            std::size_t present = 0;
            for (const Edge& e : b.children[id]) {
                if (e.weight == 0.0) continue;
                const Column& child = b.nodes[e.child].value;
                if (!child.ok(r)) continue;
                ++present;
                weight += e.weight;
                sum += e.weight * child.value[r];
            }
            const double share = weighted_children == 0
                                     ? 0.0
                                     : static_cast<double>(present) / static_cast<double>(weighted_children);
            n.coverage[r] = share;
            if (present == 0)
                n.value.clear(r, Reason::MissingInput);
            else if (share < min_coverage - kCoverageSlack)
                n.value.clear(r, Reason::InsufficientCoverage);
            else
                n.value.set(r, sum / weight);
        }
        if (rescale[level_index] != 0.0) rescale_by_sd(n);
    }

    MultilevelResult result;
    result.nodes = std::move(b.nodes);
    result.top_level = top_level;
    return result;
}

// ---- Correlations ----

CorrelationMethod parse_correlation_method(const std::string& keyword) {
    return static_cast<CorrelationMethod>(choose_keyword(keywords::kCorrelationMethod, keyword));
}

std::vector<double> average_ranks(const std::vector<double>& values) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!is_missing(values[i])) idx.push_back(i);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t a, std::size_t c) { return values[a] < values[c]; });
    std::vector<double> ranks(values.size(), kMissing);
    for (std::size_t i = 0; i < idx.size();) {
        std::size_t j = i;
        while (j + 1 < idx.size() && values[idx[j + 1]] == values[idx[i]]) ++j;
        const double rank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
        for (std::size_t k = i; k <= j; ++k) ranks[idx[k]] = rank;
        i = j + 1;
    }
    return ranks;
}

namespace {

// Pearson's r of two equally long lists without missing values; kMissing when one has no spread.
double pearson(const std::vector<double>& a, const std::vector<double>& c) {
    const double n = static_cast<double>(a.size());
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
    const double mc = std::accumulate(c.begin(), c.end(), 0.0) / n;
    double saa = 0.0, scc = 0.0, sac = 0.0, la = 0.0, lc = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double da = a[i] - ma, dc = c[i] - mc;
        saa += da * da;
        scc += dc * dc;
        sac += da * dc;
        la = std::max(la, std::fabs(a[i]));
        lc = std::max(lc, std::fabs(c[i]));
    }
    // Below 1e-12 of the largest value the deviations are rounding noise of a constant column.
    if (!(std::sqrt(saa / n) > 1e-12 * la) || !(std::sqrt(scc / n) > 1e-12 * lc)) return kMissing;
    return std::clamp(sac / std::sqrt(saa * scc), -1.0, 1.0);
}

}  // namespace

CorrelationResult correlation(const Matrix& x, const Matrix& y, CorrelationMethod method,
                              std::size_t min_pairs) {
    require_same_size({{x.rows(), "Zeilen im ersten Bereich", "rows in the first range"},
                       {y.rows(), "Zeilen im zweiten Bereich", "rows in the second range"}});
    if (x.rows() == 0 || x.cols() == 0 || y.cols() == 0) throw Error(ErrorCode::EmptyInput);
    if (min_pairs < 2) {
        throw Error::message(Msg::MinPairsBelowTwo);
    }
    require_no_infinity(x, "Bereich 1", "range 1");
    require_no_infinity(y, "Bereich 2", "range 2");

    CorrelationResult out;
    out.r = Matrix(x.cols(), y.cols());
    out.reason.assign(x.cols() * y.cols(), Reason::MissingInput);
    out.pairs.assign(x.cols() * y.cols(), 0);
    std::vector<double> a, c;
    for (std::size_t i = 0; i < x.cols(); ++i) {
        for (std::size_t j = 0; j < y.cols(); ++j) {
            a.clear();
            c.clear();
            for (std::size_t r = 0; r < x.rows(); ++r) {
                if (is_missing(x(r, i)) || is_missing(y(r, j))) continue;
                a.push_back(x(r, i));
                c.push_back(y(r, j));
            }
            const std::size_t k = i * y.cols() + j;
            out.pairs[k] = a.size();
            if (a.size() < min_pairs) continue;  // stays kMissing, MissingInput
            if (method == CorrelationMethod::Spearman) {
                a = average_ranks(a);
                c = average_ranks(c);
            }
            const double r = pearson(a, c);
            out.r(i, j) = r;
            out.reason[k] = is_missing(r) ? Reason::Undefined : Reason::Ok;
        }
    }
    return out;
}

}  // namespace isp
