// Per-group results as Calc shows them (ISP_AGGREGATE, ISP_GRUPPENQUOTE, ISP_KLASSENANTEIL): without the
// optional key argument every group in the engine's order as a column, else one cell per key in the shape of
// the key range (the lookup by key is the engine's, isp::values_by_key).
#pragma once

#include <string>
#include <vector>

#include "adapter.hpp"
#include "args.hpp"
#include "isp/aggregate.hpp"

namespace isp::addin {

template <class T>
struct GroupCells {
    std::vector<T> cells;
    std::size_t rows = 0, cols = 1;
};

// value_of(g) for each group g wanted by `keys` (omitted: all groups); `absent` for an empty key.
template <class T, class ValueOf>
GroupCells<T> cells_by_group(const Arg& keys, const std::vector<std::string>& groups, ValueOf value_of,
                             const T& absent) {
    GroupCells<T> out;
    if (keys.omitted()) {
        out.cells.reserve(groups.size());
        for (std::size_t g = 0; g < groups.size(); ++g) out.cells.push_back(value_of(g));
        out.rows = groups.size();
        return out;
    }
    const std::vector<std::string> wanted = keys.texts(&out.rows, &out.cols);
    out.cells = values_by_key(groups, wanted, value_of, absent);
    return out;
}

}  // namespace isp::addin
