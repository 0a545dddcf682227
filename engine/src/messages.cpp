// The message table (isp/messages.def) as data: one row per Msg id, in the enum's order.
#include "isp/messages.hpp"

namespace isp {
namespace {

// Rows that are places or parts of a message, not errors of their own.
constexpr std::optional<ErrorCode> kPart = std::nullopt;

constexpr MessageText kMessages[] = {
#define ISP_MSG(id, code, de, en) {#id, code, de, en},
#include "isp/messages.def"
#undef ISP_MSG
};

constexpr std::size_t kMessageCount = sizeof(kMessages) / sizeof(kMessages[0]);

}  // namespace

const MessageText* message_table(std::size_t& count) noexcept {
    count = kMessageCount;
    return kMessages;
}

const MessageText& message_text(Msg id) noexcept {
    const auto index = static_cast<std::size_t>(id);
    return kMessages[index < kMessageCount ? index : 0];
}

}  // namespace isp
