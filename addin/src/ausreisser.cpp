// ISP_AUSREISSER: the COINr outlier treatment (isp::treat_outliers) on one range, and what it did.
#include <cmath>
#include <cstdio>
#include <string>

#include "adapter.hpp"
#include "elementwise.hpp"
#include "isp/error.hpp"
#include "isp/outliers.hpp"
#include "isp_functions_args.hxx"
#include "isp_functions_meta.hxx"

namespace isp::addin::fn {

namespace {
// A statistic for the report, as a German sheet shows it: two decimals, decimal comma.
std::string german_number(double v) {
    if (is_missing(v)) return "nicht definiert";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", v);
    std::string s = buffer;
    for (char& c : s) {
        if (c == '.') c = ',';
    }
    return s == "-0,00" ? "0,00" : s;
}

std::string moments_report(const OutlierResult& r) {
    return "Schiefe " + german_number(r.skew_before) + " → " + german_number(r.skew_after) + ", Kurtosis " +
           german_number(r.kurt_before) + " → " + german_number(r.kurt_after);
}

std::string report(const OutlierResult& r, const OutlierOptions& o) {
    const std::string rule = "COINr-Regel (behandelt bei |Schiefe| ≥ " + german_number(o.skew_threshold) +
                             " und Kurtosis ≥ " + german_number(o.kurt_threshold) + ")";
    switch (r.treatment) {
        case Treatment::Untestable:
            return "nicht prüfbar (weniger als 4 Werte oder alle gleich), Werte unverändert; " + rule;
        case Treatment::None:
            return "keine Behandlung nötig: Schiefe " + german_number(r.skew_before) + ", Kurtosis " +
                   german_number(r.kurt_before) + "; " + rule;
        case Treatment::Winsorised:
            return "winsorisiert: " + std::to_string(r.points_winsorised) +
                   (r.points_winsorised == 1 ? " Wert" : " Werte") + " gekappt; " + moments_report(r) + "; " +
                   rule;
        case Treatment::Log:
            return "logarithmiert: ln(x − Minimum + 0,01 × Spannweite), weil Winsorisieren von bis zu " +
                   std::to_string(o.winmax) + " Werten nicht reichte; " + moments_report(r) + "; " + rule;
    }
    return "";
}
}  // namespace

css::uno::Any ispAusreisser(const Args& args) {
    const args::Ausreisser a(args);
    const Cells values = a.values.cells();
    values.require_no_errors();
    const AusreisserOutput output = a.output.choice_as<AusreisserOutput>();
    const OutlierOptions options;
    const OutlierResult r = treat_outliers(values.values, options);
    switch (output) {
        case AusreisserOutput::Treatment: {
            // What happened to each value: a winsorised value moved down was capped from above.
            std::vector<TextCell> marks(values.size());
            for (std::size_t i = 0; i < marks.size(); ++i) {
                if (!r.treated[i]) continue;
                marks[i].present = true;
                if (r.treatment == Treatment::Log)
                    marks[i].text = "logarithmiert";
                else
                    marks[i].text = r.values[i] < values.values[i] ? "gekappt oben" : "gekappt unten";
            }
            return css::uno::Any(to_text_grid(marks, values.rows, values.cols));
        }
        case AusreisserOutput::Report: return css::uno::Any(single(report(r, options)));
        default: return css::uno::Any(to_grid(r.values, values.rows, values.cols));
    }
}

}  // namespace isp::addin::fn
