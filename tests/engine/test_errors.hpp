// What the engine tests ask of a call that should fail: the isp::Error it throws, its code, its German
// message. Each records a test failure when the call throws nothing.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "isp/error.hpp"

namespace isp::test {

template <typename F>
isp::Error error_of(F f) {
    try {
        f();
    } catch (const isp::Error& e) {
        return e;
    }
    ADD_FAILURE() << "no isp::Error thrown";
    // A code no test expects from these calls, so that the failure above is not the only sign.
    return isp::Error(isp::ErrorCode::InvalidPolarity);
}

template <typename F>
isp::ErrorCode code_of(F f) {
    return error_of(f).code();
}

// The German message of the error f throws, which must have the code `expected`; "" if f throws none.
template <typename F>
std::string message_de(F f, isp::ErrorCode expected) {
    try {
        f();
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.code(), expected) << e.message_de();
        return e.message_de();
    }
    ADD_FAILURE() << "no isp::Error";
    return "";
}

}  // namespace isp::test
