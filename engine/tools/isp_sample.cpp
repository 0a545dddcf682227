// The main job on the bundled sample data: the Belastungsindex and its class per Sozialraum and Lebenslage
// for the Landkreis Zwickau structure with FICTIONAL values (data/sample, see generate_sample.py).
//
// Gemeinde counts are rolled up to the 13 Sozialräume as ratios of sums (never means of quotas), and the same
// way over all Gemeinden to the Landkreis value. Each Lebenslage's indicators are z-scored across the
// Sozialräume with their polarity, centred on the Landkreis value (methods §8.6, the Sozialraummonitor's
// method), averaged (missing indicators re-weight the rest), divided by the SD of the index without
// re-centring (0 = Landkreis level in SD units) and classified with the "belastung" scheme.
// Usage: isp_sample [sample_dir] [output_csv]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/classify.hpp"
#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "isp/types.hpp"

namespace {

using Row = std::map<std::string, std::string>;

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

std::vector<Row> read_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::string line;
    std::getline(in, line);
    const auto header = split_csv_line(line);
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto fields = split_csv_line(line);
        Row row;
        for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = i < fields.size() ? fields[i] : "";
        rows.push_back(std::move(row));
    }
    return rows;
}

double number_or_missing(const std::string& text) {
    return text.empty() ? isp::kMissing : std::stod(text);
}

struct Indicator {
    int number = 0;
    std::string name;
    int polarity = 1;
    std::string kind;  // "rate" or "mean"
    double scale = 1;
    std::vector<std::string> lebenslagen;
};

struct Lebenslage {
    const char* code;
    const char* name;
};
constexpr Lebenslage kLebenslagen[] = {
    {"K", "Kindheit und Jugend"}, {"T", "Teilhabe"}, {"S", "Senioren"}, {"B", "Bildung"}};

int run(const std::string& dir, const std::string& output) {
    const auto gebiete = read_csv(dir + "/gebiete.csv");
    const auto catalogue = read_csv(dir + "/indikatoren.csv");
    const auto werte = read_csv(dir + "/werte.csv");

    std::map<std::string, std::string> sozialraum_of;
    std::map<std::string, double> einwohner_of;
    std::map<std::string, std::string> planungsraum_of_sr;
    for (const auto& g : gebiete) {
        sozialraum_of[g.at("gemeinde_id")] = g.at("sozialraum_id");
        einwohner_of[g.at("gemeinde_id")] = std::stod(g.at("einwohner"));
        planungsraum_of_sr[g.at("sozialraum_id")] = g.at("planungsraum_id");
    }

    std::vector<Indicator> indicators;
    for (const auto& c : catalogue) {
        const std::string& polarity = c.at("polaritaet");
        const std::string& kind = c.at("art");
        if ((kind != "rate" && kind != "mean") || (polarity != "+" && polarity != "-")) continue;
        Indicator ind;
        ind.number = std::stoi(c.at("indikator"));
        ind.name = c.at("name");
        ind.polarity = polarity == "+" ? 1 : -1;
        ind.kind = c.at("art");
        ind.scale = c.at("skala").empty() ? 1.0 : std::stod(c.at("skala"));
        std::stringstream tags(c.at("lebenslage"));
        for (std::string tag; std::getline(tags, tag, ';');) ind.lebenslagen.push_back(tag);
        indicators.push_back(ind);
    }

    // Sozialraum value per indicator: ratio of summed Zähler and Nenner, or population-weighted mean.
    std::vector<std::string> sozialraeume;
    std::map<int, std::vector<double>> sr_values;
    std::map<int, double> landkreis_value;  // the reference of the z-scores
    for (const auto& ind : indicators) {
        std::vector<double> values, weights;
        std::vector<std::string> groups, landkreis;
        for (const auto& w : werte) {
            if (std::stoi(w.at("indikator")) != ind.number) continue;
            groups.push_back(sozialraum_of.at(w.at("gemeinde_id")));
            landkreis.emplace_back("Landkreis");
            if (ind.kind == "rate") {
                values.push_back(number_or_missing(w.at("zaehler")));
                weights.push_back(number_or_missing(w.at("nenner")));
            } else {
                values.push_back(number_or_missing(w.at("wert")));
                weights.push_back(einwohner_of.at(w.at("gemeinde_id")));
            }
        }
        const auto method = ind.kind == "rate" ? isp::AggMethod::Ratio : isp::AggMethod::WeightedMean;
        const auto grouped = isp::aggregate(values, groups, method, weights);
        if (sozialraeume.empty()) sozialraeume = grouped.groups;
        std::vector<double> column(grouped.groups.size());
        for (std::size_t i = 0; i < column.size(); ++i) {
            const double scale = ind.kind == "rate" ? ind.scale : 1.0;
            column[i] = grouped.value.ok(i) ? grouped.value.value[i] * scale : isp::kMissing;
        }
        sr_values[ind.number] = column;
        const auto whole = isp::aggregate(values, landkreis, method, weights);
        landkreis_value[ind.number] =
            whole.value.ok(0) ? whole.value.value[0] * (ind.kind == "rate" ? ind.scale : 1.0) : isp::kMissing;
    }

    std::vector<double> sr_population(sozialraeume.size(), 0.0);
    for (const auto& [gemeinde, sr] : sozialraum_of) {
        for (std::size_t i = 0; i < sozialraeume.size(); ++i) {
            if (sozialraeume[i] == sr) sr_population[i] += einwohner_of.at(gemeinde);
        }
    }

    const isp::ClassScheme scheme = isp::preset_scheme("belastung");
    std::map<std::string, isp::Column> index_of;
    for (const auto& lage : kLebenslagen) {
        std::vector<int> members;
        for (const auto& ind : indicators) {
            for (const auto& tag : ind.lebenslagen) {
                if (tag == lage.code) members.push_back(ind.number);
            }
        }
        isp::Matrix data(sozialraeume.size(), members.size());
        std::vector<isp::IndicatorSpec> specs(members.size());
        for (std::size_t j = 0; j < members.size(); ++j) {
            const auto& column = sr_values.at(members[j]);
            for (std::size_t i = 0; i < sozialraeume.size(); ++i) data(i, j) = column[i];
            for (const auto& ind : indicators) {
                if (ind.number == members[j]) specs[j].polarity = ind.polarity;
            }
            specs[j].params.reference = landkreis_value.at(members[j]);
        }
        isp::CompositeOptions options;
        options.rescale_by_sd = true;
        index_of[lage.code] = isp::composite(data, specs, options, sr_population).index;
    }

    std::ofstream csv(output);
    csv.precision(17);  // round-trip precision: the main job compares these with Calc to 1e-9
    csv << "sozialraum_id,planungsraum_id,einwohner";
    std::printf(
        "Belastungsindex je Sozialraum und Lebenslage (FIKTIVE Beispieldaten, Struktur LK Zwickau)\n");
    std::printf("Index: Mittel der z-Werte (um den Landkreiswert) ÷ seine SD; 0 = Landkreis\n\n");
    std::printf("%-4s %-4s %9s", "SR", "PR", "Einwohner");
    for (const auto& lage : kLebenslagen) {
        std::printf("  %-26s", lage.name);
        csv << ",index_" << lage.code << ",klasse_" << lage.code;
    }
    csv << "\n";
    std::printf("\n");
    for (std::size_t i = 0; i < sozialraeume.size(); ++i) {
        std::printf("%-4s %-4s %9.0f", sozialraeume[i].c_str(), planungsraum_of_sr[sozialraeume[i]].c_str(),
                    sr_population[i]);
        csv << sozialraeume[i] << "," << planungsraum_of_sr[sozialraeume[i]] << "," << sr_population[i];
        for (const auto& lage : kLebenslagen) {
            const isp::Column& index = index_of.at(lage.code);
            if (index.ok(i)) {
                const int k = isp::classify(index.value[i], scheme);
                std::printf("  %+6.2f %-19s", index.value[i],
                            scheme.labels[static_cast<std::size_t>(k)].c_str());
                csv << "," << index.value[i] << "," << scheme.labels[static_cast<std::size_t>(k)];
            } else {
                std::printf("  %-26s", isp::reason_text_de(index.reason[i]));
                csv << ",," << isp::reason_text_de(index.reason[i]);
            }
        }
        std::printf("\n");
        csv << "\n";
    }
    std::printf("\nGeschrieben: %s\n", output.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ISP_SAMPLE_DIR;
    const std::string output = argc > 2 ? argv[2] : "belastung_sozialraeume.csv";
    try {
        return run(dir, output);
    } catch (const isp::Error& e) {
        std::cerr << "Fehler: " << e.message_de() << "\nError: " << e.message_en() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "Fehler / error: " << e.what() << "\n";
    }
    return 1;
}
