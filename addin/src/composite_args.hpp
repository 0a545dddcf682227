// The arguments ISP_BELASTUNG and ISP_STABILITAET share: the matrix and what isp::composite needs.
#pragma once

#include <vector>

#include "adapter.hpp"
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
    const Arg* matrix;
    const Arg* polarities;
    const Arg* weights;
    const Arg* method;
    const Arg* population = nullptr;  // optional arguments a function does not have: nullptr
    const Arg* min_population = nullptr;
    const Arg* normalisation = nullptr;
    const Arg* min_coverage = nullptr;
    const Arg* rescale_by_sd = nullptr;
    const Arg* reference = nullptr;  // "Bezugspunkt": "mittel", "gewichtet" or one value per column
    const Arg* outliers = nullptr;   // "Ausreißer": "nein" or "ja" (COINr treatment)
};

CompositeInput composite_input(const CompositeArgs& a);

// A "Bezugspunkt" keyword shared by ISP_BELASTUNG and ISP_SCORE: "mittel" -> Centre::Mean, "gewichtet" ->
// Centre::WeightedMean, an empty text -> Centre::Default; anything else throws UnknownMethod.
Centre centre_keyword(const Arg& arg);

// A yes/no option given as a keyword ("ja"/"nein", keywords::kYesNo) or as WAHR/FALSCH (1/0); omitted or an
// empty text -> fallback.
bool yes_no(const Arg& arg, bool fallback);

// A class scheme argument as ISP_KLASSE takes it: omitted -> the engine's default ("belastung"), a text -> a
// preset or (with values) quantile classes of the values, numbers -> ascending cut-points; labels (may be
// omitted) replace the scheme's labels; boundary (may be omitted): "ab"/"bis"/"mitte" for every cut-point or
// a range with one rule per cut-point (isp::parse_boundary_rule), default the scheme's own rule.
ClassScheme scheme_argument(const Arg& scheme, const Arg* labels, const Arg* boundary = nullptr,
                            const std::vector<double>* values = nullptr);

}  // namespace isp::addin
