#include "isp/normalise.hpp"

#include "isp/error.hpp"

namespace isp {

NormMethod parse_norm_method(const std::string&) {
    throw Error(ErrorCode::InvalidParameter, "not implemented");
}
const char* norm_method_keyword(NormMethod) {
    return "";
}
Normaliser Normaliser::fit(const std::vector<double>&, int, NormMethod, const NormParams&,
                           const std::vector<double>&) {
    throw Error(ErrorCode::InvalidParameter, "not implemented");
}
double Normaliser::apply(double) const noexcept {
    return kMissing;
}
Reason Normaliser::apply_checked(double, double& out) const noexcept {
    out = kMissing;
    return Reason::Undefined;
}
Column normalise(const std::vector<double>&, int, NormMethod, const NormParams&, const std::vector<double>&,
                 const std::vector<bool>&) {
    throw Error(ErrorCode::InvalidParameter, "not implemented");
}

}  // namespace isp
