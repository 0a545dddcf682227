// ISP_SCORE: the score of x within the distribution of a reference range (isp::Normaliser).
#include "adapter.hpp"
#include "isp/error.hpp"
#include "isp/normalise.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {
constexpr int kErrDiv0 = 532;  // #DIV/0!

// ISP_SCORE offers the methods that need no further parameters; the engine knows more (goalposts, ...).
NormMethod score_method(const std::string& word) {
    const NormMethod m = parse_norm_method(word);
    switch (m) {
        case NormMethod::ZScore:
        case NormMethod::ZScorePopulation:
        case NormMethod::MinMax:
        case NormMethod::PercentRank:
        case NormMethod::Ratio: return m;
        default:
            throw Error(ErrorCode::UnknownMethod,
                        "ISP_SCORE kennt \"" + word + "\" nicht; möglich: z, zpop, minmax, rang, verhaeltnis",
                        "ISP_SCORE does not offer \"" + word + "\"; use z, zpop, minmax, rank, ratio");
    }
}
}  // namespace

css::uno::Any ispScore(const Args& args) {
    const Cells x = cells(args[0], {"Wert", "x"});
    const Cells reference = cells(args[1], {"Bezug", "reference"});
    const NormMethod method = score_method(keyword(args[2], "z", {"Methode", "method"}));
    const int polarity = checked_polarity(number(args[3], 1.0, {"Polarität", "polarity"}));

    // An error in the reference spoils every score; an error in x only its own.
    reference.require_no_errors();
    const Normaliser normaliser = Normaliser::fit(reference.values, polarity, method);

    std::vector<double> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        double score = kMissing;
        // Missing x -> kMissing -> an empty cell; a score that is undefined for this x (ratio of a resource
        // with x = 0) -> #DIV/0!, as a division by zero in Calc.
        if (normaliser.apply_checked(x.values[i], score) == Reason::Undefined) {
            score = error_value(kErrDiv0);
            if (recording_error_values()) {
                note_error_value(Error(ErrorCode::ZeroDenominator,
                                       "Element " + std::to_string(i + 1) +
                                           ": der Score ist für diesen Wert "
                                           "nicht definiert (Division durch 0)",
                                       "element " + std::to_string(i + 1) +
                                           ": the score is undefined for this value (division by 0)"));
            }
        }
        out[i] = score;
    }
    for (const auto& [index, code] : x.errors) out[index] = error_value(code);
    return css::uno::Any(to_grid(out, x.rows, x.cols));
}

}  // namespace isp::addin::fn
