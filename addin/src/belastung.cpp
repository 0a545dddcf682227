// ISP_BELASTUNG: one Belastungsindex per row of a matrix (isp::composite).
// ISP_STABILITAET: how stable each row's class is when weights and the SD type vary (isp::class_stability).
#include "adapter.hpp"
#include "composite_args.hpp"
#include "elementwise.hpp"
#include "isp/error.hpp"
#include "isp/stability.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

css::uno::Any ispBelastung(const Args& args) {
    CompositeInput in = composite_input({&args[0], &args[1], &args[2], &args[3], &args[4], &args[5], &args[6],
                                         &args[7], &args[8], &args[9], &args[10]});
    in.options.keep_scores = false;  // only the index goes back to Calc
    const CompositeResult result = composite(in.data, in.specs, in.options, in.population);
    return css::uno::Any(to_column(result.index));
}

css::uno::Any ispStabilitaet(const Args& args) {
    const CompositeInput in = composite_input({&args[0], &args[1], &args[2], &args[3]});
    const ClassScheme scheme = scheme_argument(args[4], nullptr);
    StabilityOptions so;
    const double runs = number(args[5], so.runs, {"Läufe", "runs"});
    if (!(runs >= 1 && runs <= 1e6 && runs == static_cast<double>(static_cast<int>(runs)))) {
        throw Error(ErrorCode::InvalidParameter, "Läufe muss eine ganze Zahl von 1 bis 1.000.000 sein",
                    "runs must be a whole number from 1 to 1,000,000");
    }
    so.runs = static_cast<int>(runs);
    so.weight_variation = number(args[6], so.weight_variation, {"Variation", "variation"});
    const std::size_t output = choose(args[7], "stabilitaet",
                                      {"stabilitaet|stabil|stability", "klasse|class",
                                       "wahrscheinlichkeiten|anteile|probabilities", "index"},
                                      {"Ausgabe", "output"});
    const double seed = number(args[8], static_cast<double>(so.seed), {"Startwert", "seed"});
    if (!(seed >= 0 && seed < 9.007199254740992e15 &&
          seed == static_cast<double>(static_cast<long long>(seed)))) {
        throw Error(ErrorCode::InvalidParameter, "Startwert muss eine ganze Zahl ≥ 0 sein",
                    "seed must be a whole number >= 0");
    }
    so.seed = static_cast<std::uint64_t>(seed);

    const StabilityResult r = class_stability(in.data, in.specs, in.options, scheme, so, in.population);
    switch (output) {
        case 1: {
            std::vector<TextCell> labels(r.nominal_class.size());
            for (std::size_t i = 0; i < labels.size(); ++i) {
                const int k = r.nominal_class[i];
                if (k >= 0 && static_cast<std::size_t>(k) < r.class_labels.size()) {
                    labels[i].text = r.class_labels[static_cast<std::size_t>(k)];
                    labels[i].present = true;
                }
            }
            return css::uno::Any(to_text_grid(labels, labels.size(), 1));
        }
        case 2:
            return css::uno::Any(to_grid(r.probability.data(), r.probability.rows(), r.probability.cols()));
        case 3: return css::uno::Any(to_column(r.nominal_index));
        default: return css::uno::Any(to_column(r.stability));
    }
}

}  // namespace isp::addin::fn
