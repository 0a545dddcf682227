// Element-wise functions (Versorgungsgrad, Eckwert, Wertekorridor, ...): one result per cell.
//
// The data arguments have the same shape, or are a single cell that applies to every element (e.g. one
// capacity for a column of occupancies). Per element: a missing input gives an empty cell, an error cell of
// an input its error, a division by zero #DIV/0! (as in Calc; ISP_DIAGNOSE names the element and why); any
// other isp::Error stops the whole call
// (Err:502) and names the element, so that ISP_DIAGNOSE can say which row is wrong.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "adapter.hpp"
#include "args.hpp"
#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp::addin {

// The isp::Error again, with the position of the element in front of its context.
[[noreturn]] void rethrow_at(const Error& e, std::size_t row, std::size_t col, std::size_t cols);
// note_error_value (args.hpp) for an element shown as an error value, with its position as rethrow_at.
void note_error_at(const Error& e, std::size_t row, std::size_t col, std::size_t cols,
                   const char* shown = "#DIV/0!");

struct Shape {
    std::size_t rows = 0, cols = 0;
};

// The common shape of the inputs (1x1 inputs broadcast); throws DimensionMismatch otherwise.
template <std::size_t N>
Shape common_shape(const std::array<const Cells*, N>& in, const std::array<ArgName, N>& names) {
    Shape s{1, 1};
    std::size_t from = N;
    for (std::size_t i = 0; i < N; ++i) {
        if (in[i]->size() == 0) return {0, 0};  // e.g. a whole column without any data
    }
    for (std::size_t i = 0; i < N; ++i) {
        if (in[i]->size() == 1) continue;
        if (from == N) {
            s = {in[i]->rows, in[i]->cols};
            from = i;
        } else if (in[i]->rows != s.rows || in[i]->cols != s.cols) {
            throw Error::message(Msg::SizesDiffer,
                                 {{names[i].de, names[i].en}, {names[from].de, names[from].en}});
        }
    }
    return s;
}

// A grid of cells that may mix numbers, texts and error values (e.g. a quota or the sign "." of a suppressed
// one); rows x cols of them, row by row. No cells: one empty cell.
AnyGrid to_mixed_grid(const std::vector<css::uno::Any>& cells, std::size_t rows, std::size_t cols);

// What elementwise() does with an element one of whose inputs is missing.
enum class MissingInput {
    EmptyCell,  // the element is an empty cell; f is not called
    Passed,     // f gets kMissing and decides (e.g. a quota still checks the other count)
};

// f(values) returns a double (kMissing allowed) for the numeric form, a TextCell for the text form, a
// css::uno::Any (a number, a text or an error value: a mixed cell, see to_mixed_grid) for the mixed form.
// `as_missing`: an error code that makes only that element missing (an empty cell whose reason ISP_DIAGNOSE
// names) instead of failing the call; ZeroDenominator (#DIV/0!) by default means none.
template <std::size_t N, class F>
css::uno::Any elementwise(const std::array<const Cells*, N>& in, const std::array<ArgName, N>& names, F f,
                          ErrorCode as_missing = ErrorCode::ZeroDenominator,
                          MissingInput missing_input = MissingInput::EmptyCell) {
    const Shape shape = common_shape(in, names);
    using Out = decltype(f(std::declval<const std::array<double, N>&>()));
    constexpr bool kText = std::is_same_v<Out, TextCell>;
    constexpr bool kMixed = std::is_same_v<Out, css::uno::Any>;
    const std::size_t n = shape.rows * shape.cols;
    std::vector<double> numbers(kText || kMixed ? 0 : n, kMissing);
    std::vector<TextCell> texts(kText ? n : 0);
    std::vector<css::uno::Any> mixed(kMixed ? n : 0, kMixed ? cell(kMissing) : css::uno::Any());
    auto set_error = [&](std::size_t k, int code) {
        if constexpr (kText)
            texts[k].error = code;
        else if constexpr (kMixed)
            mixed[k] <<= error_value(code);
        else
            numbers[k] = error_value(code);
    };
    // Error cells of the inputs, per element.
    std::vector<int> error(n, 0);
    for (std::size_t i = 0; i < N; ++i) {
        for (const auto& [index, code] : in[i]->errors) {
            if (in[i]->size() == 1) {
                for (int& e : error)
                    if (e == 0) e = code;
            } else if (error[index] == 0) {
                error[index] = code;
            }
        }
    }
    for (std::size_t k = 0; k < n; ++k) {
        if (error[k] != 0) {
            set_error(k, error[k]);
            continue;
        }
        std::array<double, N> x{};
        bool missing = false;
        for (std::size_t i = 0; i < N; ++i) {
            x[i] = in[i]->values[in[i]->size() == 1 ? 0 : k];
            missing = missing || is_missing(x[i]);
        }
        if (missing && missing_input == MissingInput::EmptyCell) continue;
        try {
            if constexpr (kText)
                texts[k] = f(x);
            else if constexpr (kMixed)
                mixed[k] = f(x);
            else
                numbers[k] = f(x);
        } catch (const Error& e) {
            if (e.code() == as_missing && as_missing != ErrorCode::ZeroDenominator) {
                note_error_at(e, k / shape.cols, k % shape.cols, shape.cols, "leer");
                continue;  // stays missing: an empty cell
            }
            if (e.code() != ErrorCode::ZeroDenominator)
                rethrow_at(e, k / shape.cols, k % shape.cols, shape.cols);
            note_error_at(e, k / shape.cols, k % shape.cols, shape.cols);
            set_error(k, kErrDiv0);
        }
    }
    if constexpr (kText)
        return css::uno::Any(to_text_grid(texts, shape.rows, shape.cols));
    else if constexpr (kMixed)
        return css::uno::Any(to_mixed_grid(mixed, shape.rows, shape.cols));
    else
        return css::uno::Any(to_grid(numbers, shape.rows, shape.cols));
}

// Rows of several equally long lists where every list is missing are the empty tail of whole columns or of a
// generously selected range: cut them. Returns the new length.
std::size_t trim_common_tail(std::vector<std::vector<double>*> lists);

// The two-input element-wise shape (ISP_VERSORGUNGSGRAD, ISP_ECKWERT, ...): f(x, y) per element.
template <class F>
css::uno::Any pairwise(const Arg& first, const Arg& second, F f,
                       ErrorCode as_missing = ErrorCode::ZeroDenominator) {
    const Cells x = first.cells();
    const Cells y = second.cells();
    return elementwise<2>(
        {&x, &y}, {first.name, second.name}, [&](const std::array<double, 2>& v) { return f(v[0], v[1]); },
        as_missing);
}

}  // namespace isp::addin
