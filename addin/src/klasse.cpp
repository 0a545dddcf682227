// ISP_KLASSE: the class label of a value or of every value of a range (isp::classify).
#include "adapter.hpp"
#include "isp/classify.hpp"
#include "isp/error.hpp"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {

std::vector<std::string> label_list(const css::uno::Any& arg) {
    const ArgName name{"Beschriftungen", "labels"};
    std::size_t rows = 0, cols = 0;
    std::vector<std::string> labels = texts(arg, name, &rows, &cols);
    if (rows > 1 && cols > 1) {
        throw Error(ErrorCode::DimensionMismatch, "Beschriftungen müssen eine Zeile oder Spalte sein",
                    "labels must be one row or one column");
    }
    // The empty cells after the last label of a longer selected range (or a whole column) do not count.
    while (!labels.empty() && labels.back().empty()) labels.pop_back();
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i].empty()) {
            throw Error(ErrorCode::LabelCountMismatch, "Beschriftung " + std::to_string(i + 1) + " ist leer",
                        "label " + std::to_string(i + 1) + " is empty");
        }
    }
    return labels;
}

}  // namespace

css::uno::Any ispKlasse(const Args& args) {
    const Cells v = cells(args[0], {"Wert", "value"});
    const std::vector<std::string> labels =
        is_omitted(args[2]) ? std::vector<std::string>{} : label_list(args[2]);

    ClassScheme scheme;
    if (is_omitted(args[1]) || is_text(args[1])) {
        scheme = preset_scheme(keyword(args[1], "mss-status", {"Schema", "scheme"}));
        if (!labels.empty()) {
            if (labels.size() != scheme.labels.size()) {
                throw Error(ErrorCode::LabelCountMismatch,
                            "das Schema „" + scheme.name + "“ hat " + std::to_string(scheme.labels.size()) +
                                " Klassen, angegeben sind " + std::to_string(labels.size()) +
                                " Beschriftungen",
                            "scheme '" + scheme.name + "' has " + std::to_string(scheme.labels.size()) +
                                " classes, " + std::to_string(labels.size()) + " labels given");
            }
            scheme.labels = labels;
        }
    } else {
        std::vector<double> cuts = number_list(args[1], {"Schema", "scheme"});
        while (!cuts.empty() && is_missing(cuts.back())) cuts.pop_back();  // trailing empty cells
        scheme = custom_scheme(cuts, labels);
    }

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
