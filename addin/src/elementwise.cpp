#include "elementwise.hpp"

#include <cstring>

namespace isp::addin {

namespace {
// The context of an isp::Error: its message without the base text of its code.
std::string context_of(const std::string& message, const char* base) {
    const std::size_t n = std::strlen(base);
    if (message.compare(0, n, base) == 0)
        return message.size() > n + 2 ? message.substr(n + 2) : std::string();
    return message;
}
}  // namespace

namespace {
Error at_element(const Error& e, std::size_t row, std::size_t col, std::size_t cols) {
    std::string where_de =
        "Element " + std::to_string(row * cols + col + 1) + " (Zeile " + std::to_string(row + 1);
    std::string where_en =
        "element " + std::to_string(row * cols + col + 1) + " (row " + std::to_string(row + 1);
    if (cols > 1) {
        where_de += ", Spalte " + std::to_string(col + 1);
        where_en += ", column " + std::to_string(col + 1);
    }
    where_de += ")";
    where_en += ")";
    const std::string de = context_of(e.message_de(), error_text_de(e.code()));
    const std::string en = context_of(e.message_en(), error_text_en(e.code()));
    return Error(e.code(), where_de + (de.empty() ? "" : ": " + de),
                 where_en + (en.empty() ? "" : ": " + en));
}
}  // namespace

void rethrow_at(const Error& e, std::size_t row, std::size_t col, std::size_t cols) {
    throw at_element(e, row, col, cols);
}

void note_error_at(const Error& e, std::size_t row, std::size_t col, std::size_t cols, const char* shown) {
    if (recording_error_values()) note_error_value(at_element(e, row, col, cols), shown);
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

std::size_t choose(const css::uno::Any& arg, const char* fallback, const KeywordChoice& choice,
                   ArgName name) {
    return choose_keyword(choice, keyword(arg, fallback, name), name.de, name.en);
}

}  // namespace isp::addin
