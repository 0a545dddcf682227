// The arguments ISP_BELASTUNG and ISP_STABILITAET share: the matrix and what isp::composite needs.
#pragma once

#include <vector>

#include "args.hpp"
#include "isp/classify.hpp"
#include "isp/composite.hpp"

namespace isp::addin {

struct CompositeInput {
    Matrix data;
    std::vector<IndicatorSpec> specs;
    CompositeOptions options;
    std::vector<double> population;
};

struct CompositeArgs {
    const css::uno::Any* matrix;
    const css::uno::Any* polarities;
    const css::uno::Any* weights;
    const css::uno::Any* method;
    const css::uno::Any* population = nullptr;  // optional arguments a function does not have: nullptr
    const css::uno::Any* min_population = nullptr;
    const css::uno::Any* normalisation = nullptr;
    const css::uno::Any* min_coverage = nullptr;
    const css::uno::Any* rescale_by_sd = nullptr;
    const css::uno::Any* reference = nullptr;  // "Bezugspunkt": "mittel", "gewichtet" or one value per column
    const css::uno::Any* outliers = nullptr;   // "Ausreißer": "nein" or "ja" (COINr treatment)
};

CompositeInput composite_input(const CompositeArgs& a);

// A "Bezugspunkt" keyword shared by ISP_BELASTUNG and ISP_SCORE: "mittel" -> Centre::Mean, "gewichtet" ->
// Centre::WeightedMean, an empty text -> Centre::Default; anything else throws UnknownMethod.
Centre centre_keyword(const css::uno::Any& arg);

// A yes/no option given as a keyword ("ja"/"nein", keywords::kYesNo) or as WAHR/FALSCH (1/0); omitted or an
// empty text -> fallback.
bool yes_no(const css::uno::Any& arg, bool fallback, ArgName name);

// A class scheme argument as ISP_KLASSE takes it: omitted -> the engine's default ("belastung"), a text -> a
// preset or (with values) quantile classes of the values, numbers -> ascending cut-points; labels (may be
// omitted) replace the scheme's labels; boundary (may be omitted): "ab"/"bis"/"mitte" for every cut-point or
// a range with one rule per cut-point (isp::parse_boundary_rule), default the scheme's own rule.
ClassScheme scheme_argument(const css::uno::Any& scheme, const css::uno::Any* labels,
                            const css::uno::Any* boundary = nullptr,
                            const std::vector<double>* values = nullptr);

}  // namespace isp::addin
