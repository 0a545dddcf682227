#include "elementwise.hpp"

namespace isp::addin {

namespace {
Error at_element(const Error& e, std::size_t row, std::size_t col, std::size_t cols) {
    const std::size_t element = row * cols + col + 1;
    return e.at(cols > 1 ? place(Msg::ElementInRowColumn, {element, row + 1, col + 1})
                         : place(Msg::ElementInRow, {element, row + 1}));
}
}  // namespace

void rethrow_at(const Error& e, std::size_t row, std::size_t col, std::size_t cols) {
    throw at_element(e, row, col, cols);
}

void note_error_at(const Error& e, std::size_t row, std::size_t col, std::size_t cols, const char* shown) {
    if (recording_error_values()) note_error_value(at_element(e, row, col, cols), shown);
}

AnyGrid to_mixed_grid(const std::vector<css::uno::Any>& cells, std::size_t rows, std::size_t cols) {
    if (rows == 0 || cols == 0) return single(kMissing);
    AnyGrid out(static_cast<sal_Int32>(rows));
    for (std::size_t r = 0; r < rows; ++r) {
        css::uno::Sequence<css::uno::Any> row(static_cast<sal_Int32>(cols));
        for (std::size_t c = 0; c < cols; ++c) row.getArray()[c] = cells[r * cols + c];
        out.getArray()[r] = row;
    }
    return out;
}

std::size_t trim_common_tail(std::vector<std::vector<double>*> lists) {
    std::size_t n = 0;
    for (const auto* l : lists) n = std::max(n, l->size());
    while (n > 0) {
        bool all_missing = true;
        for (const auto* l : lists) {
            if (n - 1 < l->size() && !is_missing((*l)[n - 1])) all_missing = false;
        }
        if (!all_missing) break;
        --n;
    }
    for (auto* l : lists)
        if (l->size() > n) l->resize(n);
    return n;
}

}  // namespace isp::addin
