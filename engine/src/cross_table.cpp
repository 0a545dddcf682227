#include "isp/cross_table.hpp"

#include <cstring>
#include <string>
#include <unordered_map>

#include "isp/aggregate.hpp"
#include "isp/error.hpp"
#include "isp/types.hpp"

namespace isp {

std::string lookup_key(std::string_view key) {
    const std::string_view trimmed = trim_key(key);
    std::string out(trimmed);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xC3 && i + 1 < out.size()) {
            // U+00C0–U+00DE (À–Þ, without × U+00D7) are C3 80–C3 9E; their lower case is 0x20 higher.
            const unsigned char d = static_cast<unsigned char>(out[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
            ++i;
        }
    }
    return out;
}

std::string cross_key(double number) {
    if (number == 0.0) number = 0.0;  // -0 is 0
    std::string key(1 + sizeof number, '\x01');
    std::memcpy(&key[1], &number, sizeof number);
    return key;
}

std::string cross_key(std::string_view text) {
    std::string key = lookup_key(text);
    if (!key.empty()) key.insert(key.begin(), '\x02');
    return key;
}

namespace {

void require_rows(const std::vector<std::string>& keys, std::size_t n, const char* de, const char* en) {
    require_same_size({{n, "Werte", "values"}, {keys.size(), de, en}});
}

// Position of each distinct wanted key (the first one for a key listed twice).
std::unordered_map<std::string_view, std::size_t> index_of(const std::vector<std::string>& wanted) {
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(wanted.size());
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        if (!wanted[i].empty()) index.emplace(wanted[i], i);
    }
    return index;
}

}  // namespace

CrossTable cross_table(const CrossTableInput& in) {
    const std::size_t n = in.values.size();
    require_rows(in.row_of, n, "Zeilenmerkmale", "row keys");
    const bool by_column = !in.column_of.empty() || !in.wanted_columns.empty();
    if (by_column) require_rows(in.column_of, n, "Spaltenmerkmale", "column keys");
    const bool conditional = !in.condition_of.empty();
    if (conditional) require_rows(in.condition_of, n, "Bedingungsmerkmale", "condition keys");
    require_no_infinity(in.values, "Werte", "values");

    CrossTable out;
    out.rows = in.wanted_rows.size();
    out.cols = by_column ? in.wanted_columns.size() : 1;
    out.sums.assign(out.rows * out.cols, kMissing);
    out.cell_of_row.assign(n, kNoCell);
    const auto rows = index_of(in.wanted_rows);
    const auto cols =
        by_column ? index_of(in.wanted_columns) : std::unordered_map<std::string_view, std::size_t>{};
    for (std::size_t i = 0; i < n; ++i) {
        if (conditional && (in.condition.empty() || in.condition_of[i] != in.condition)) continue;
        const auto r = rows.find(in.row_of[i]);
        if (r == rows.end()) continue;
        std::size_t c = 0;
        if (by_column) {
            const auto found = cols.find(in.column_of[i]);
            if (found == cols.end()) continue;
            c = found->second;
        }
        const std::size_t cell = r->second * out.cols + c;
        out.cell_of_row[i] = cell;
        if (is_missing(in.values[i])) continue;
        out.sums[cell] = is_missing(out.sums[cell]) ? in.values[i] : out.sums[cell] + in.values[i];
    }
    // A key listed twice gets the sums of its first listing (cells of an empty key stay missing).
    const auto first_of = [](const std::vector<std::string>& wanted, const auto& index) {
        std::vector<std::size_t> first(wanted.size(), kNoCell);
        for (std::size_t i = 0; i < wanted.size(); ++i)
            if (!wanted[i].empty()) first[i] = index.at(wanted[i]);
        return first;
    };
    const std::vector<std::size_t> first_row = first_of(in.wanted_rows, rows);
    const std::vector<std::size_t> first_col =
        by_column ? first_of(in.wanted_columns, cols) : std::vector<std::size_t>{0};
    for (std::size_t r = 0; r < out.rows; ++r) {
        for (std::size_t c = 0; c < out.cols; ++c) {
            const std::size_t fr = first_row[r], fc = first_col[c];
            if (fr != kNoCell && fc != kNoCell && (fr != r || fc != c))
                out.sums[r * out.cols + c] = out.sums[fr * out.cols + fc];
        }
    }
    return out;
}

}  // namespace isp
