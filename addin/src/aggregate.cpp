// ISP_AGGREGATE and ISP_GRUPPEN: values per group (isp::aggregate).
#include "isp/aggregate.hpp"

#include "adapter.hpp"
#include "elementwise.hpp"
#include "isp/error.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {
const ArgName kValues{"Werte", "values"};
const ArgName kGroups{"Gruppen", "groups"};

// A group's value as a cell value: missing stays missing (an empty cell); a ratio or weighted mean whose
// denominators (weights) sum to 0 is #DIV/0!, as a division by 0 in Calc and as ISP_GRUPPENQUOTE shows it.
double group_value(const GroupedResult& result, std::size_t g, AggMethod method) {
    if (result.value.ok(g)) return result.value.value[g];
    if (result.value.reason[g] != Reason::Undefined) return kMissing;
    if (recording_error_values()) {
        const std::string& key = result.groups[g];
        const bool ratio = method == AggMethod::Ratio;
        note_error_value(Error(
            ErrorCode::ZeroDenominator,
            std::string(ratio ? "die Nenner" : "die Gewichte") + " der Gruppe „" + key +
                "“ ergeben zusammen 0",
            std::string(ratio ? "the denominators" : "the weights") + " of group '" + key + "' sum to 0"));
    }
    return error_value(kErrDiv0);
}
}  // namespace

css::uno::Any ispAggregate(const Args& args) {
    const Cells values = cells(args[0], kValues);
    values.require_no_errors();
    std::vector<std::string> groups = texts(args[1], kGroups);
    fit_length(groups, values.size(), kGroups, kValues);
    const AggMethod method = parse_agg_method(keyword(args[3], "sum", {"Methode", "method"}));
    std::vector<double> weights = number_list(args[4], {"Gewichte", "weights"});
    if (!weights.empty()) fit_length(weights, values.size(), {"Gewichte", "weights"}, kValues);

    const GroupedResult result = aggregate(values.values, groups, method, weights);
    if (is_omitted(args[2])) {
        std::vector<double> all(result.groups.size());
        for (std::size_t g = 0; g < all.size(); ++g) all[g] = group_value(result, g, method);
        return css::uno::Any(to_column(all));
    }

    // One group, or a range of group keys: the result has the shape of the keys.
    std::size_t rows = 0, cols = 0;
    const std::vector<std::string> keys = texts(args[2], {"Gruppe", "group"}, &rows, &cols);
    const std::vector<std::size_t> at = locate_groups(result.groups, keys);
    std::vector<double> out(keys.size(), kMissing);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (at[i] != kNotFound) out[i] = group_value(result, at[i], method);
    }
    return css::uno::Any(to_grid(out, rows, cols));
}

css::uno::Any ispGruppen(const Args& args) {
    const std::vector<std::string> groups = texts(args[0], kGroups);
    // The engine decides what a group is and in which order groups come; asking it with missing values keeps
    // ISP_GRUPPEN in step with ISP_AGGREGATE without a group.
    const std::vector<std::string> distinct =
        aggregate(std::vector<double>(groups.size(), kMissing), groups, AggMethod::Sum).groups;
    if (distinct.empty()) {
        throw Error(ErrorCode::EmptyInput, "keine Gruppen angegeben", "no groups given");
    }
    return css::uno::Any(to_text_column(distinct, std::vector<bool>(distinct.size(), true)));
}

}  // namespace isp::addin::fn
