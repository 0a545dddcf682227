// ISP_SCORE: the score of x within the distribution of a reference range (isp::Normaliser), with every
// normalisation of the engine, a Bezugspunkt (mean, weighted mean or a given value) and method parameters.
#include "adapter.hpp"
#include "composite_args.hpp"
#include "isp/error.hpp"
#include "isp/messages.hpp"
#include "isp/normalise.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {

// The value at position i of the method parameters, or kMissing past the end.
double at(const std::vector<double>& p, std::size_t i) {
    return i < p.size() ? p[i] : kMissing;
}

// A WAHR/FALSCH entry of the method parameters: missing -> fallback, else 0 or 1.
bool flag(const std::vector<double>& p, std::size_t i, bool fallback, const char* what_de,
          const char* what_en) {
    const double v = at(p, i);
    if (is_missing(v)) return fallback;
    if (v != 0.0 && v != 1.0) {
        throw Error::message(Msg::MethodParameterNotFlag, {i + 1, {what_de, what_en}});
    }
    return v == 1.0;
}

[[noreturn]] void missing_parameters(const char* method, const char* needed_de, const char* needed_en) {
    throw Error::message(Msg::MethodParametersNeeded, {method, {needed_de, needed_en}});
}

// The method parameters (ISP_SCORE's 7th argument) of the methods that take any.
NormParams method_parameters(NormMethod method, const Arg& arg) {
    NormParams p;
    std::vector<double> v = arg.number_list();
    while (!v.empty() && is_missing(v.back())) v.pop_back();  // trailing empty cells of a selected range
    std::size_t accepted = 0;
    switch (method) {
        case NormMethod::Goalposts:
            accepted = 4;
            if (is_missing(at(v, 0)) || is_missing(at(v, 1)))
                missing_parameters("zielpfosten", "{untere; obere; Skala; Abschneiden}, z. B. {0;100}",
                                   "{lower; upper; scale; clip}, e.g. {0;100}");
            p.goal_low = v[0];
            p.goal_high = v[1];
            if (!is_missing(at(v, 2))) p.scale = v[2];
            p.truncate = flag(v, 3, true, "Abschneiden", "clip");
            break;
        case NormMethod::DistanceToTarget:
            accepted = 2;
            if (is_missing(at(v, 0)))
                missing_parameters("zielabstand", "{Ziel; Deckeln}, z. B. {5}", "{target; cap}, e.g. {5}");
            p.target = v[0];
            p.cap = flag(v, 1, true, "Deckeln", "cap");
            break;
        case NormMethod::MinMax:
            accepted = 2;
            if (!is_missing(at(v, 0))) p.lower = v[0];
            if (!is_missing(at(v, 1))) p.upper = v[1];
            break;
        default: break;
    }
    if (v.size() > accepted) {
        if (accepted == 0) throw Error::message(Msg::MethodTakesNoParameters);
        throw Error::message(Msg::TooManyMethodParameters, {v.size(), accepted});
    }
    return p;
}

// The Bezugspunkt (5th argument): omitted or a keyword -> which mean; a number -> the given reference value.
void centre_argument(const Arg& arg, NormParams& p) {
    if (arg.omitted()) return;
    if (arg.is_text()) {
        p.centre = centre_keyword(arg);
        return;
    }
    const std::vector<double> v = arg.number_list();
    if (v.size() != 1 || is_missing(v[0])) {
        throw Error(
            ErrorCode::InvalidParameter,
            "Bezugspunkt muss \"mittel\", \"gewichtet\" oder eine Zahl (z. B. der Landkreiswert) sein",
            "reference point must be \"mean\", \"weighted\" or a number (e.g. the Landkreis value)");
    }
    p.reference = v[0];
}
}  // namespace

css::uno::Any ispScore(const Args& args) {
    const args::Score a(args);
    const Cells x = a.x.cells();
    const Cells reference = a.reference.cells();
    const NormMethod method = parse_norm_method(a.method.keyword());
    const int polarity = checked_polarity(a.polarity.number());
    NormParams params = method_parameters(method, a.parameters);
    centre_argument(a.centre, params);

    std::vector<double> weights;
    if (!a.weights.omitted()) {
        const Cells w = a.weights.cells();
        w.require_no_errors();
        weights = w.values;
        fit_length(weights, reference.size(), a.weights.name, a.reference.name);
    }

    // An error in the reference spoils every score; an error in x only its own.
    reference.require_no_errors();
    const Normaliser normaliser = Normaliser::fit(reference.values, polarity, method, params, weights);

    std::vector<double> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        double score = kMissing;
        // Missing x -> kMissing -> an empty cell; a score that is undefined for this x (ratio of a resource
        // with x = 0) -> #DIV/0!, as a division by zero in Calc.
        if (normaliser.apply_checked(x.values[i], score) == Reason::Undefined) {
            score = error_value(kErrDiv0);
            if (recording_error_values()) {
                note_error_value(
                    Error::message(Msg::ScoreUndefinedForValue).at(place(Msg::ElementNumber, {i + 1})));
            }
        }
        out[i] = score;
    }
    for (const auto& [index, code] : x.errors) out[index] = error_value(code);
    return css::uno::Any(to_grid(out, x.rows, x.cols));
}

}  // namespace isp::addin::fn
