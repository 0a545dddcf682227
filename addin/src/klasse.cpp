// ISP_KLASSE: the class label (or number) of a value or of every value of a range (isp::classify).
// ISP_KLASSEN: the legend of a class scheme (isp::class_range).
// ISP_KLASSENANTEIL: the population share of wanted classes per group (isp::class_population_shares).
#include <string>
#include <unordered_set>
#include <vector>

#include "adapter.hpp"
#include "composite_args.hpp"
#include "elementwise.hpp"
#include "groups.hpp"
#include "isp/aggregate.hpp"
#include "isp/classify.hpp"
#include "isp/error.hpp"
#include "isp/messages.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace uno = css::uno;

namespace {

bool names_quantiles(const Arg& scheme) {
    int k = 0;
    return scheme.is_text() && is_quantile_keyword(scheme.keyword(""), k);
}

uno::Any text_cell(const std::string& text) {
    return uno::Any(to_ou(text));
}

}  // namespace

css::uno::Any ispKlasse(const Args& args) {
    const args::Klasse a(args);
    const Cells v = a.value.cells();
    // Quantile cut-points come from the values themselves: an error cell would move them without a trace, so
    // it fails the whole call, as PERCENTILE does.
    if (names_quantiles(a.scheme)) v.require_no_errors();
    const ClassScheme scheme = scheme_argument(a.scheme, &a.labels, &a.boundary, &v.values);
    const bool as_number = a.output.choice_as<KlasseOutput>() == KlasseOutput::Number;
    if (as_number) {
        // Class numbers 1..n, so that MATCH-style formulas and conditional formats can compare them.
        std::vector<double> out(v.size(), kMissing);
        for (std::size_t i = 0; i < v.size(); ++i) {
            const int k = classify(v.values[i], scheme);
            if (k >= 0) out[i] = k + 1;
        }
        for (const auto& [index, code] : v.errors) out[index] = error_value(code);
        return css::uno::Any(to_grid(out, v.rows, v.cols));
    }
    std::vector<TextCell> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const int k = classify(v.values[i], scheme);
        if (k >= 0 && static_cast<std::size_t>(k) < scheme.labels.size()) {
            out[i].text = scheme.labels[static_cast<std::size_t>(k)];
            out[i].present = true;
        }
    }
    for (const auto& [index, code] : v.errors) out[index].error = code;
    return css::uno::Any(to_text_grid(out, v.rows, v.cols));
}

css::uno::Any ispKlassen(const Args& args) {
    const args::Klassen a(args);
    std::vector<double> values;
    const bool has_values = !a.values.omitted();
    if (has_values) {
        const Cells v = a.values.cells();
        v.require_no_errors();
        values = v.values;
    }
    const ClassScheme scheme =
        scheme_argument(a.scheme, &a.labels, &a.boundary, has_values ? &values : nullptr);
    // One row per class: label | lower cut-point | upper cut-point | what the class holds, in German. One
    // column alone is there because Calc 7.4 does not intern the texts of a grid that mixes texts and
    // numbers, so
    // `=A1=$P$1` is FALSE against such a label although both show the same text (calc_text_results.py); a
    // label column alone is a text grid, which compares like native text.
    // The output keywords are the legend's columns in order: "legende" (all), then one column each.
    const std::size_t column = a.output.choice_index();
    const std::size_t n = scheme.labels.size();
    AnyGrid out(static_cast<sal_Int32>(n));
    for (std::size_t k = 0; k < n; ++k) {
        const ClassRange r = class_range(scheme, k);
        // A missing bound (first and last class) is an empty cell.
        const uno::Any row[] = {text_cell(scheme.labels[k]), cell(r.lower), cell(r.upper), text_cell(r.text)};
        out.getArray()[k] =
            column == 0 ? uno::Sequence<uno::Any>(row, 4) : uno::Sequence<uno::Any>(&row[column - 1], 1);
    }
    return css::uno::Any(out);
}

css::uno::Any ispKlassenanteil(const Args& args) {
    const args::Klassenanteil a(args);
    std::vector<std::string> classes = a.classes.texts();
    const Cells class_numbers = a.classes.cells();  // which class cells are numbers
    Cells population = a.population.cells();
    population.require_no_errors();
    fit_length(population.values, classes.size(), a.population.name, a.classes.name);
    std::vector<std::string> groups = a.groups.texts();
    fit_length(groups, classes.size(), a.groups.name, a.classes.name);

    if (a.wanted.omitted()) {
        throw Error(ErrorCode::MissingValue,
                    "die gesuchte Klasse fehlt (eine Beschriftung, Nummer oder Liste)",
                    "the wanted class is missing (a label, number or list)");
    }
    std::vector<std::string> wanted = a.wanted.texts();
    const Cells wanted_numbers = a.wanted.cells();
    for (std::string& w : wanted) w = std::string(trim_key(w));

    // The distinct classes present (a handful, also in a whole column), and whether they are numbers
    // (ISP_KLASSE with output "nummer") or labels.
    std::vector<std::string> present;
    std::unordered_set<std::string> seen;
    bool any_text = false, any_number = false;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        classes[i] = std::string(trim_key(classes[i]));
        if (classes[i].empty()) continue;
        (is_missing(class_numbers.values[i]) ? any_text : any_number) = true;
        if (seen.insert(classes[i]).second) present.push_back(classes[i]);
    }
    std::size_t wanted_count = 0;
    for (std::size_t j = 0; j < wanted.size(); ++j) {
        const std::string& w = wanted[j];
        if (w.empty()) continue;  // the rest of a longer range
        ++wanted_count;
        const bool is_number = !is_missing(wanted_numbers.values[j]);
        if (is_number && any_text && !any_number) {
            throw Error::message(Msg::WantedNumberAmongLabels, {w});
        }
        if (!is_number && any_number && !any_text) {
            throw Error::message(Msg::WantedLabelAmongNumbers, {w});
        }
        bool found = false;
        const std::string* near = nullptr;
        const std::string folded = fold_key(w);
        for (const std::string& c : present) {
            if (c == w) {
                found = true;
                break;
            }
            if (near == nullptr && fold_key(c) == folded) near = &c;
        }
        // A class no area has is a share of 0; a wanted class that differs from a present one only in letter
        // case or spaces is a typing slip that would silently give 0.
        if (!found && near != nullptr) {
            throw Error::message(Msg::WantedClassNear, {w, *near});
        }
    }
    if (wanted_count == 0) {
        throw Error(ErrorCode::MissingValue, "die gesuchte Klasse ist leer", "the wanted class is empty");
    }

    // Two classes for the engine: 1 = one of the wanted, 0 = another class, -1 = no class (left out).
    const std::unordered_set<std::string> wanted_set(wanted.begin(), wanted.end());
    std::vector<int> code(classes.size(), -1);
    for (std::size_t i = 0; i < classes.size(); ++i) {
        if (!classes[i].empty()) code[i] = wanted_set.count(classes[i]) > 0 ? 1 : 0;
    }
    const ClassShares shares = class_population_shares(code, population.values, groups, 2);

    // A group without a share is an empty cell; ISP_DIAGNOSE names why.
    const auto share_of = [&](std::size_t g) {
        const double s = shares.share[g][1];
        if (is_missing(s) && recording_error_values()) {
            const std::string& key = shares.groups[g];
            std::size_t row = 0;
            for (std::size_t i = 0; i < classes.size() && row == 0; ++i) {
                if (code[i] >= 0 && is_missing(population.values[i]) && trim_key(groups[i]) == key)
                    row = i + 1;
            }
            if (row > 0) {
                note_error_value(Error::message(Msg::GroupPopulationMissingInRow, {key, row}), "leer");
            } else {
                note_error_value(Error::message(Msg::GroupWithoutClassPopulation, {key}), "leer");
            }
        }
        return s;
    };

    const GroupCells<double> out = cells_by_group(a.group, shares.groups, share_of, kMissing);
    return css::uno::Any(to_grid(out.cells, out.rows, out.cols));
}

}  // namespace isp::addin::fn
