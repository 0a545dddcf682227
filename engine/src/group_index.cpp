// String keys to dense codes: detail::KeyTable, GroupIndex and Hierarchy::group_up (aggregate.hpp).
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp {

// ---- Group keys
// ---------------------------------------------------------------------------------------------

namespace {

// Length of the whitespace character starting at key[i] (0: none): ASCII whitespace, U+00A0, U+2000-U+200B,
// U+202F, U+205F, U+3000 (what Calc cells and pasted web or PDF tables carry).
std::size_t space_at(std::string_view key, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(key[k]); };
    const unsigned char c = byte(i);
    if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
    if (c == 0xC2 && i + 1 < key.size() && byte(i + 1) == 0xA0) return 2;
    if (c == 0xE2 && i + 2 < key.size()) {
        const unsigned char b = byte(i + 1), d = byte(i + 2);
        if (b == 0x80 && (d <= 0x8B || d == 0xAF)) return 3;
        if (b == 0x81 && d == 0x9F) return 3;
    }
    if (c == 0xE3 && i + 2 < key.size() && byte(i + 1) == 0x80 && byte(i + 2) == 0x80) return 3;
    return 0;
}

// Length of the whitespace character ending at key[end - 1] (0: none).
std::size_t space_before(std::string_view key, std::size_t end) noexcept {
    for (std::size_t len = 1; len <= 3 && len <= end; ++len) {
        if (space_at(key, end - len) == len) return len;
    }
    return 0;
}

// Most keys have no whitespace at either end: one look at each end byte decides.
bool may_need_trim(std::string_view key) noexcept {
    if (key.empty()) return false;
    const auto first = static_cast<unsigned char>(key.front());
    const auto last = static_cast<unsigned char>(key.back());
    const auto suspicious = [](unsigned char c) { return c <= ' ' || c >= 0x80; };
    return suspicious(first) || suspicious(last);
}

}  // namespace

std::string_view trim_key(std::string_view key) noexcept {
    if (!may_need_trim(key)) return key;
    std::size_t begin = 0;
    while (begin < key.size()) {
        const std::size_t n = space_at(key, begin);
        if (n == 0) break;
        begin += n;
    }
    std::size_t end = key.size();
    while (end > begin) {
        const std::size_t n = space_before(key, end);
        if (n == 0 || end - n < begin) break;
        end -= n;
    }
    return key.substr(begin, end - begin);
}

std::string fold_key(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (std::size_t i = 0; i < key.size();) {
        if (const std::size_t n = space_at(key, i)) {
            i += n;
            continue;
        }
        const auto c = static_cast<unsigned char>(key[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + ('a' - 'A'));
        } else if (c == 0xC3 && i + 1 < key.size()) {
            // Latin-1 capitals U+00C0-U+00DE (Ä, Ö, Ü, É, ...) except U+00D7 (×): lower case is +0x20.
            auto b = static_cast<unsigned char>(key[i + 1]);
            if (b >= 0x80 && b <= 0x9E && b != 0x97) b = static_cast<unsigned char>(b + 0x20);
            out += static_cast<char>(c);
            out += static_cast<char>(b);
            ++i;
        } else if (c == 0xE1 && key.substr(i, 3) == "\xE1\xBA\x9E") {  // capital sharp s -> ß
            out += "\xC3\x9F";
            i += 2;
        } else {
            out += static_cast<char>(c);
        }
        ++i;
    }
    return out;
}

namespace {

std::string quoted_list_de(const std::vector<std::string>& keys) {
    std::string out;
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (k > 0) out += k + 1 == keys.size() ? " und " : ", ";
        out += "„" + keys[k] + "“";
    }
    return out;
}

std::string quoted_list_en(const std::vector<std::string>& keys) {
    std::string out;
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (k > 0) out += k + 1 == keys.size() ? " and " : ", ";
        out += "'" + keys[k] + "'";
    }
    return out;
}

// The distinct keys (by index into keys) that fold like an earlier key: the first such set, or empty.
std::vector<std::size_t> first_near_duplicates(const std::vector<std::string>& keys) {
    std::unordered_map<std::string, std::size_t> first;  // folded form -> first key with it
    first.reserve(keys.size());
    for (std::size_t k = 0; k < keys.size(); ++k) {
        const auto [it, inserted] = first.emplace(fold_key(keys[k]), k);
        if (inserted) continue;
        std::vector<std::size_t> same{it->second};
        for (std::size_t j = it->second + 1; j < keys.size(); ++j) {
            if (j == k || fold_key(keys[j]) == it->first) same.push_back(j);
        }
        return same;
    }
    return {};
}

[[noreturn]] void throw_near_duplicates(const std::vector<std::string>& keys,
                                        const std::vector<std::size_t>& same,
                                        const std::vector<std::size_t>& first_row) {
    std::vector<std::string> names;
    for (std::size_t k : same) names.push_back(keys[k]);
    Place rows;  // " (Zeile 2, 7)" when the rows are known
    if (!first_row.empty()) {
        std::string numbers;
        for (std::size_t n = 0; n < same.size(); ++n) {
            if (n > 0) numbers += ", ";
            numbers += std::to_string(first_row[same[n]] + 1);
        }
        rows = place(Msg::RowsInParentheses, {numbers});
    }
    throw Error::message(Msg::NearDuplicateGroups, {{quoted_list_de(names), quoted_list_en(names)}, rows});
}

}  // namespace

void require_distinct_keys(const std::vector<std::string>& keys) {
    const std::vector<std::size_t> same = first_near_duplicates(keys);
    if (!same.empty()) throw_near_duplicates(keys, same, {});
}

std::vector<std::size_t> locate_groups(const std::vector<std::string>& groups,
                                       const std::vector<std::string>& wanted) {
    std::unordered_map<std::string_view, std::size_t> index;
    index.reserve(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) index.emplace(groups[g], g);
    std::vector<std::size_t> out(wanted.size(), kNotFound);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const std::string_view key = trim_key(wanted[i]);
        if (key.empty()) continue;  // an empty key cell gives an empty result
        const auto it = index.find(key);
        if (it != index.end()) {
            out[i] = it->second;
            continue;
        }
        Place hint;
        const std::string folded = fold_key(key);
        for (const std::string& g : groups) {
            if (fold_key(g) == folded) {
                hint = place(Msg::DidYouMeanGroup, {g});
                break;
            }
        }
        throw Error::message(Msg::GroupNotInGroups, {std::string(key), hint});
    }
    return out;
}

namespace detail {
namespace {

constexpr std::uint64_t kTagMask = ~std::uint64_t{0xFFFFFFFFu};
constexpr std::uint64_t kCodeMask = 0xFFFFFFFFu;

}  // namespace

std::uint64_t KeyTable::hash(std::string_view key) noexcept {
    return std::hash<std::string_view>()(key);
}

void KeyTable::prefetch_slot(std::uint64_t hash) const noexcept {
    __builtin_prefetch(&slot_[static_cast<std::size_t>(hash) & (slot_.size() - 1)]);
}

void KeyTable::prefetch_key(std::uint64_t hash) const noexcept {
    const std::uint64_t s = slot_[static_cast<std::size_t>(hash) & (slot_.size() - 1)];
    if (s != 0 && (s & kTagMask) == (hash & kTagMask)) __builtin_prefetch(&key_[(s & kCodeMask) - 1]);
}

std::uint32_t KeyTable::find(std::string_view key, std::uint64_t hash) const noexcept {
    const std::size_t mask = slot_.size() - 1;
    for (std::size_t pos = static_cast<std::size_t>(hash) & mask;; pos = (pos + 1) & mask) {
        const std::uint64_t s = slot_[pos];
        if (s == 0) return kAbsent;
        if ((s & kTagMask) == (hash & kTagMask)) {
            const auto code = static_cast<std::uint32_t>((s & kCodeMask) - 1);
            if (key_[code] == key) return code;
        }
    }
}

std::uint32_t KeyTable::insert(std::string_view key, std::uint64_t hash, bool& inserted) {
    const std::size_t mask = slot_.size() - 1;
    for (std::size_t pos = static_cast<std::size_t>(hash) & mask;; pos = (pos + 1) & mask) {
        const std::uint64_t s = slot_[pos];
        if (s == 0) {
            const auto code = static_cast<std::uint32_t>(key_.size());
            slot_[pos] = (hash & kTagMask) | (std::uint64_t{code} + 1);
            hash_.push_back(hash);
            key_.emplace_back(key);
            inserted = true;
            if (2 * key_.size() > slot_.size()) grow();
            return code;
        }
        if ((s & kTagMask) == (hash & kTagMask)) {
            const auto code = static_cast<std::uint32_t>((s & kCodeMask) - 1);
            if (key_[code] == key) {
                inserted = false;
                return code;
            }
        }
    }
}

// Load factor at most 1/2, so that probe sequences stay short even when hashes cluster.
void KeyTable::grow() {
    slot_.assign(2 * slot_.size(), 0);
    const std::size_t mask = slot_.size() - 1;
    for (std::size_t code = 0; code < hash_.size(); ++code) {
        std::size_t pos = static_cast<std::size_t>(hash_[code]) & mask;
        while (slot_[pos] != 0) pos = (pos + 1) & mask;
        slot_[pos] = (hash_[code] & kTagMask) | (std::uint64_t{code} + 1);
    }
}

}  // namespace detail

namespace {

// Calls visit(i, lookup, hash) for every row in order. lookup is false for an empty key and for a key equal
// to the previous row's (area lists in a sheet are usually sorted by group, and such a row needs no hash);
// otherwise hash is the key's hash. Rows go in blocks: hash the block and prefetch the home slots, then
// prefetch the keys those slots point to, then visit; with randomly ordered keys each lookup touches two
// random cache lines, and one lookup at a time would wait on memory for each of them in turn.
template <typename Key, typename Visit>
void for_each_row(std::size_t rows, Key key_of, const detail::KeyTable& table, Visit visit) {
    constexpr std::size_t kBlock = 32;
    std::uint64_t hash[kBlock] = {};  // only read where lookup is set
    bool lookup[kBlock] = {};
    for (std::size_t first = 0; first < rows; first += kBlock) {
        const std::size_t count = std::min(kBlock, rows - first);
        for (std::size_t j = 0; j < count; ++j) {
            const std::size_t i = first + j;
            const std::string_view key = key_of(i);
            lookup[j] = !key.empty() && (i == 0 || key != key_of(i - 1));
            if (!lookup[j]) continue;
            hash[j] = detail::KeyTable::hash(key);
            table.prefetch_slot(hash[j]);
        }
        for (std::size_t j = 0; j < count; ++j) {
            if (lookup[j]) table.prefetch_key(hash[j]);
        }
        for (std::size_t j = 0; j < count; ++j) visit(first + j, lookup[j], hash[j]);
    }
}

void require_32bit_rows(std::size_t rows) {
    if (rows >= GroupIndex::kNoGroup) {
        throw Error::message(Msg::TooManyRows, {rows});
    }
}

}  // namespace

// Rows per group, counted after the codes are known: a counter update right after each lookup would add a
// third cache miss per row to the lookup loop; here the counter of a row a little ahead is prefetched.
void GroupIndex::count_members() {
    members_.assign(key_.size(), 0);
    constexpr std::size_t kAhead = 16;
    for (std::size_t i = 0; i < code_.size(); ++i) {
        if (i + kAhead < code_.size() && code_[i + kAhead] != kNoGroup)
            __builtin_prefetch(&members_[code_[i + kAhead]], 1);
        if (code_[i] != kNoGroup) ++members_[code_[i]];
    }
}

GroupIndex::GroupIndex(const std::vector<std::string>& keys) {
    require_32bit_rows(keys.size());
    code_.resize(keys.size());
    detail::KeyTable table;
    const auto key_of = [&keys](std::size_t i) { return trim_key(keys[i]); };
    for_each_row(keys.size(), key_of, table, [&](std::size_t i, bool lookup, std::uint64_t hash) {
        const std::string_view key = key_of(i);
        if (key.empty()) {
            code_[i] = kNoGroup;
            ++blank_;
            return;
        }
        bool inserted = false;
        code_[i] = lookup ? table.insert(key, hash, inserted) : code_[i - 1];
    });
    key_ = table.take_keys();
    const std::vector<std::size_t> same = first_near_duplicates(key_);
    if (!same.empty()) {
        // Codes are given in order of first appearance, so the first row of group k is where code k first
        // shows.
        std::vector<std::size_t> first_row(key_.size(), 0);
        std::size_t next = 0;
        for (std::size_t i = 0; i < code_.size() && next < key_.size(); ++i) {
            if (code_[i] == next) first_row[next++] = i;
        }
        throw_near_duplicates(key_, same, first_row);
    }
    count_members();
}

GroupIndex Hierarchy::group_up(const std::vector<std::string>& ids, int levels_up) const {
    require_32bit_rows(ids.size());
    GroupIndex out{std::vector<std::string>()};
    out.code_.resize(ids.size());
    // Group codes by node: the ancestors are interned already, so no string is hashed a second time.
    std::vector<std::uint32_t> code_of_node(parent_.size(), GroupIndex::kNoGroup);
    const auto id_of = [&ids](std::size_t i) { return std::string_view(ids[i]); };
    for_each_row(ids.size(), id_of, node_, [&](std::size_t i, bool lookup, std::uint64_t hash) {
        if (ids[i].empty()) {  // stays blank, as in map_up()
            out.code_[i] = GroupIndex::kNoGroup;
            ++out.blank_;
            return;
        }
        if (lookup) {
            const std::uint32_t node = walk_up(ids[i], node_.find(ids[i], hash), levels_up);
            std::uint32_t& code = code_of_node[node];
            if (code == GroupIndex::kNoGroup) {
                code = static_cast<std::uint32_t>(out.key_.size());
                out.key_.push_back(node_.keys()[node]);
            }
            out.code_[i] = code;
        } else {
            out.code_[i] = out.code_[i - 1];
        }
    });
    out.count_members();
    return out;
}

}  // namespace isp
