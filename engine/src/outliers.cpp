#include "isp/outliers.hpp"

#include "isp/error.hpp"

namespace isp {

double sample_skewness(const std::vector<double>&) {
    throw Error(ErrorCode::InvalidParameter, "not implemented");
}
double sample_excess_kurtosis(const std::vector<double>&) {
    throw Error(ErrorCode::InvalidParameter, "not implemented");
}
OutlierResult treat_outliers(const std::vector<double>&, const OutlierOptions&) {
    throw Error(ErrorCode::InvalidParameter, "not implemented");
}

}  // namespace isp
