// The shape every function adapter has: one UNO Any per parameter in, one Any out.
//
// Adapters are thin: convert the arguments (args.hpp), call the engine once, convert the result. They throw
// isp::Error for bad input; component.cpp maps it to the Calc error and ISP_DIAGNOSE shows its text.
#pragma once

#include <vector>

#include "args.hpp"

namespace isp::addin {

using Args = std::vector<css::uno::Any>;
using Adapter = css::uno::Any (*)(const Args&);

}  // namespace isp::addin
