// String keys to dense codes: detail::KeyTable, GroupIndex and Hierarchy::group_up (aggregate.hpp).
#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/error.hpp"

namespace isp {
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
template <typename Visit>
void for_each_row(const std::vector<std::string>& keys, const detail::KeyTable& table, Visit visit) {
    constexpr std::size_t kBlock = 32;
    std::uint64_t hash[kBlock] = {};  // only read where lookup is set
    bool lookup[kBlock] = {};
    for (std::size_t first = 0; first < keys.size(); first += kBlock) {
        const std::size_t count = std::min(kBlock, keys.size() - first);
        for (std::size_t j = 0; j < count; ++j) {
            const std::size_t i = first + j;
            lookup[j] = !keys[i].empty() && (i == 0 || keys[i] != keys[i - 1]);
            if (!lookup[j]) continue;
            hash[j] = detail::KeyTable::hash(keys[i]);
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
        throw Error(ErrorCode::InvalidParameter, std::to_string(rows) + " Zeilen (zu viele)",
                    std::to_string(rows) + " rows (too many)");
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
    for_each_row(keys, table, [&](std::size_t i, bool lookup, std::uint64_t hash) {
        if (keys[i].empty()) {
            code_[i] = kNoGroup;
            ++blank_;
            return;
        }
        bool inserted = false;
        code_[i] = lookup ? table.insert(keys[i], hash, inserted) : code_[i - 1];
    });
    key_ = table.take_keys();
    count_members();
}

GroupIndex Hierarchy::group_up(const std::vector<std::string>& ids, int levels_up) const {
    require_32bit_rows(ids.size());
    GroupIndex out{std::vector<std::string>()};
    out.code_.resize(ids.size());
    // Group codes by node: the ancestors are interned already, so no string is hashed a second time.
    std::vector<std::uint32_t> code_of_node(parent_.size(), GroupIndex::kNoGroup);
    for_each_row(ids, node_, [&](std::size_t i, bool lookup, std::uint64_t hash) {
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
