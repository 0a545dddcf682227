// Message ids of the engine's errors. isp/messages.def holds one row per id: the ErrorCode it is
// thrown with and the German and English template side by side, {1}, {2}, … standing for the arguments.
// Engine code throws Error::message(Msg::X, {arg1, arg2}); a row without a code is a place or part of a
// message (place(Msg::X, {…})). Ids are not stored anywhere: add, rename and reorder freely.
#pragma once

#include <optional>

#include "isp/error.hpp"

namespace isp {

enum class Msg {
#define ISP_MSG(id, code, de, en) id,
#include "isp/messages.def"
#undef ISP_MSG
};

struct MessageText {
    const char* name;               // the id's name, for test output
    std::optional<ErrorCode> code;  // nullopt: a place or part of a message, not thrown by itself
    const char* de;
    const char* en;
};

// Every row of the table, in the order of Msg; tests walk it.
const MessageText* message_table(std::size_t& count) noexcept;
const MessageText& message_text(Msg id) noexcept;

}  // namespace isp
