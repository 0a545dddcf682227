// ISP_KLASSE: the class label of a value or of every value of a range (isp::classify).
#include "adapter.hpp"
#include "composite_args.hpp"
#include "isp/classify.hpp"
#include "isp/error.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

css::uno::Any ispKlasse(const Args& args) {
    const Cells v = cells(args[0], {"Wert", "value"});
    const ClassScheme scheme = scheme_argument(args[1], &args[2]);
    std::vector<TextCell> out(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const int k = classify(v.values[i], scheme);
        if (k >= 0 && static_cast<std::size_t>(k) < scheme.labels.size()) {
            out[i].text = scheme.labels[static_cast<std::size_t>(k)];
            out[i].present = true;
        }
    }
    for (const auto& [index, code] : v.errors) out[index].error = code;
    return css::uno::Any(to_text_grid(out, v.rows, v.cols));
}

}  // namespace isp::addin::fn
