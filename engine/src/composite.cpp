#include "isp/composite.hpp"

#include "isp/error.hpp"

namespace isp {

CompositeMethod parse_composite_method(const std::string&) {
    throw Error(ErrorCode::InvalidParameter, "not implemented");
}
const char* composite_method_keyword(CompositeMethod) {
    return "";
}
CompositeResult composite(const Matrix&, const std::vector<IndicatorSpec>&, const CompositeOptions&,
                          const std::vector<double>&) {
    throw Error(ErrorCode::InvalidParameter, "not implemented");
}

}  // namespace isp
