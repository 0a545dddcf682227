// ISP_AGGREGATE and ISP_GRUPPEN: values per group (isp::aggregate).
#include "isp/aggregate.hpp"

#include "adapter.hpp"
#include "groups.hpp"
#include "isp/error.hpp"
#include "isp/messages.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {

// A group's value as a cell value: missing stays missing (an empty cell); a ratio or weighted mean whose
// denominators (weights) sum to 0 is #DIV/0!, as a division by 0 in Calc and as ISP_GRUPPENQUOTE shows it.
double group_value(const GroupedResult& result, std::size_t g, AggMethod method) {
    if (result.value.ok(g)) return result.value.value[g];
    if (result.value.reason[g] != Reason::Undefined) return kMissing;
    if (recording_error_values()) {
        const bool ratio = method == AggMethod::Ratio;
        note_error_value(Error::message(ratio ? Msg::GroupDenominatorsSumToZero : Msg::GroupWeightsSumToZero,
                                        {result.groups[g]}));
    }
    return error_value(kErrDiv0);
}
}  // namespace

css::uno::Any ispAggregate(const Args& args) {
    const args::Aggregate a(args);
    const Cells values = a.values.cells();
    values.require_no_errors();
    std::vector<std::string> groups = a.groups.texts();
    fit_length(groups, values.size(), a.groups.name, a.values.name);
    const AggMethod method = parse_agg_method(a.method.keyword());
    std::vector<double> weights = a.weights.number_list();
    if (!weights.empty()) fit_length(weights, values.size(), a.weights.name, a.values.name);

    const GroupedResult result = aggregate(values.values, groups, method, weights);
    const GroupCells<double> out = cells_by_group(
        a.group, result.groups, [&](std::size_t g) { return group_value(result, g, method); }, kMissing);
    return css::uno::Any(to_grid(out.cells, out.rows, out.cols));
}

css::uno::Any ispGruppen(const Args& args) {
    const std::vector<std::string> groups = args::Gruppen(args).groups.texts();
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
