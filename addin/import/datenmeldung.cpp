#include "datenmeldung.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "isp/error.hpp"

namespace isp::daten {

namespace {

[[noreturn]] void refuse(const std::string& de, const std::string& en) {
    throw isp::Error(isp::ErrorCode::InvalidParameter, de, en);
}

bool contains_ci(std::string haystack, std::string needle) {
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(),
                       [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
        return s;
    };
    return lower(std::move(haystack)).find(lower(std::move(needle))) != std::string::npos;
}

// Numbers as they go into the structure text: exact and locale-free.
std::string exact(const std::optional<double>& v) {
    if (!v) {
        return "-";
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", *v);
    return buf;
}

bool same(const std::optional<double>& a, const std::optional<double>& b) {
    if (!a || !b) {
        return !a && !b;
    }
    return std::fabs(*a - *b) <= 1e-9 * std::max(1.0, std::max(std::fabs(*a), std::fabs(*b)));
}

std::string shown(const std::optional<double>& v, const std::string& text = "") {
    if (v) {
        return german_number(*v);
    }
    return text.empty() ? "(leer)" : "„" + text + "“";
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n\xc2\xa0");
    if (b == std::string::npos) {
        return "";
    }
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

const Field kFields[3] = {Field::Zaehler, Field::Nenner, Field::Wert};

using Key = std::tuple<int, std::string, int>;  // year, Gemeinde-ID, indicator

}  // namespace

const char* rule_code(Rule rule) {
    switch (rule) {
        case Rule::Count: return "anzahl";
        case Rule::WholeNumber: return "ganzzahl";
        case Rule::Positive: return "positiv";
        case Rule::NonNegative: return "nichtneg";
        case Rule::Number: return "zahl";
        case Rule::None: break;
    }
    return "";
}

Rule rule_from_code(const std::string& code) {
    for (Rule r : {Rule::Count, Rule::WholeNumber, Rule::Positive, Rule::NonNegative, Rule::Number}) {
        if (code == rule_code(r)) {
            return r;
        }
    }
    return Rule::None;
}

std::string rule_text(Rule rule) {
    switch (rule) {
        case Rule::Count: return "ganze Zahl ≥ 0";
        case Rule::WholeNumber: return "ganze Zahl (auch negativ)";
        case Rule::Positive: return "Zahl > 0";
        case Rule::NonNegative: return "Zahl ≥ 0";
        case Rule::Number: return "Zahl (auch negativ)";
        case Rule::None: break;
    }
    return "nicht erfragt";
}

std::array<Rule, 3> field_rules(const Indicator& indicator) {
    const bool saldo = contains_ci(indicator.unit, "saldo") || contains_ci(indicator.name, "saldo") ||
                       contains_ci(indicator.unit, " minus ") || contains_ci(indicator.name, " minus ");
    if (indicator.art == "rate") {
        return {saldo ? Rule::WholeNumber : Rule::Count, Rule::Positive, Rule::None};
    }
    return {Rule::None, Rule::None, saldo ? Rule::Number : Rule::NonNegative};
}

Form plan_form(const std::string& kommune, const std::vector<Area>& areas,
               const std::vector<Indicator>& indicators, const std::vector<WerteRow>& werte,
               std::optional<int> new_year) {
    const auto area =
        std::find_if(areas.begin(), areas.end(), [&](const Area& a) { return a.id == kommune; });
    if (area == areas.end()) {
        refuse("Die Kommune „" + kommune +
                   "“ steht nicht auf dem Blatt Gebiete (Gemeinde-ID angeben, z. B. G04).",
               "Kommune '" + kommune + "' is not on the Gebiete sheet.");
    }
    std::map<int, const Indicator*> catalogue;
    for (const auto& ind : indicators) {
        catalogue.emplace(ind.nr, &ind);
    }
    Form form;
    form.kommune = kommune;
    form.kommune_name = area->name;
    std::map<Key, const WerteRow*> rows;
    std::set<int> used_indicators;
    for (const auto& w : werte) {
        if (w.area != kommune || !w.year || !w.indicator || !catalogue.count(*w.indicator)) {
            continue;
        }
        rows.emplace(Key{*w.year, w.area, *w.indicator},
                     &w);  // a duplicate key: the first row (as the import)
        used_indicators.insert(*w.indicator);
    }
    if (new_year) {
        for (int nr : used_indicators) {
            rows.emplace(Key{*new_year, kommune, nr}, nullptr);
        }
    }
    if (rows.empty()) {
        refuse(
            "Für " + kommune + " " + area->name +
                " gibt es keine Zeilen auf dem Blatt Werte (Jahr, Gemeinde-ID, Indikator-Nr.): erst Zeilen "
                "anlegen oder mit --jahr ein neues Jahr erfragen.",
            "No Werte rows for " + kommune + ".");
    }
    for (const auto& [key, w] : rows) {
        form.newest_year = std::max(form.newest_year, std::get<0>(key));
    }
    // Newest year first (the year the Kommune reports), then the indicators in catalogue order.
    std::vector<std::pair<Key, const WerteRow*>> ordered(rows.begin(), rows.end());
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
        return std::get<0>(a.first) > std::get<0>(b.first);
    });
    int form_row = kFormFirstRow;
    for (const auto& [key, w] : ordered) {
        const Indicator& ind = *catalogue.at(std::get<2>(key));
        FormRow r;
        r.form_row = form_row++;
        r.werte_row = w ? w->row : 0;
        r.year = std::get<0>(key);
        r.area = kommune;
        r.area_name = area->name;
        r.indicator = ind.nr;
        r.indicator_name = ind.name;
        r.unit = ind.unit;
        r.rules = field_rules(ind);
        r.required = r.year == form.newest_year;
        for (std::size_t k = 0; k < 3; ++k) {
            if (w && r.rules[k] != Rule::None) {
                r.base[k] = w->cells[k].number;
            }
        }
        form.rows.push_back(std::move(r));
    }
    return form;
}

std::string structure_text(const Form& form) {
    std::string out = std::string(kFormKind) + " " + kFormVersion + "\nKommune=" + form.kommune +
                      "\nBlätter=" + kGuideSheet + "|" + kFormSheet + "|" + kIdentitySheet + "\n";
    for (const auto& r : form.rows) {
        out += std::to_string(r.form_row) + ";" + std::to_string(r.year) + ";" + r.area + ";" +
               std::to_string(r.indicator) + ";" + (r.required ? "P" : "-");
        for (std::size_t k = 0; k < 3; ++k) {
            out += std::string(";") + rule_code(r.rules[k]) + "=" + exact(r.base[k]);
        }
        out += "\n";
    }
    return out;
}

std::string checksum(const std::string& text) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : text) {
        h = (h ^ c) * 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string werte_cell(Field field, int row) {
    return std::string(1, static_cast<char>('A' + static_cast<int>(field))) + std::to_string(row);
}

namespace {

// The input of one cell as a number, or a German reason why not.
struct Reading {
    std::optional<double> number;
    std::string problem;
    bool typed_as_text = false;
};

Reading read_input(const CellState& cell, Rule rule) {
    Reading out;
    if (cell.number) {
        out.number = cell.number;
    } else {
        const std::string text = trim(cell.text);
        out.number = parse_german_number(text);
        if (!out.number) {
            out.problem = "„" + text + "“ ist keine Zahl";
            return out;
        }
        out.typed_as_text = true;
    }
    const double v = *out.number;
    const bool whole = std::isfinite(v) && v == std::floor(v);
    if (!std::isfinite(v) || std::fabs(v) >= kInputLimit) {
        out.problem = german_number(v) + " ist unplausibel groß (Tippfehler?)";
        out.number.reset();
        return out;
    }
    switch (rule) {
        case Rule::None: out.problem = "wird für diesen Indikator nicht erfragt"; break;
        case Rule::Count:
            if (!whole || v < 0) {
                out.problem = german_number(v) + " ist keine ganze Zahl ≥ 0 (Anzahl)";
            }
            break;
        case Rule::WholeNumber:
            if (!whole) {
                out.problem = german_number(v) + " ist keine ganze Zahl";
            }
            break;
        case Rule::Positive:
            if (!(v > 0)) {
                out.problem = german_number(v) + " ist nicht größer als 0 (Nenner)";
            }
            break;
        case Rule::NonNegative:
            if (!(v >= 0)) {
                out.problem = german_number(v) + " ist negativ (erlaubt: Zahl ≥ 0)";
            }
            break;
        case Rule::Number: break;
    }
    if (!out.problem.empty()) {
        out.number.reset();
    }
    return out;
}

void check_structure(const Returned& returned) {
    const Identity& id = returned.identity;
    const Form& form = returned.form;
    for (const char* sheet : {kFormSheet, kGuideSheet}) {
        if (std::find(returned.sheets.begin(), returned.sheets.end(), sheet) == returned.sheets.end()) {
            std::string names;
            for (const auto& s : returned.sheets) {
                names += (names.empty() ? "„" : ", „") + s + "“";
            }
            refuse(std::string("Das Blatt „") + sheet +
                       "“ fehlt – wurde es umbenannt oder gelöscht? Die Datei hat die Blätter " + names +
                       ". Bitte die Kommune um die unveränderte Datenmeldung bitten.",
                   std::string("Sheet '") + sheet + "' is missing (renamed or deleted).");
        }
    }
    if (checksum(structure_text(form)) != id.checksum) {
        refuse(
            "Die verborgene Kennung der Datenmeldung passt nicht zu ihrer Prüfsumme: die Datei wurde "
            "außerhalb "
            "der Eingabezellen verändert. Sie wird nicht übernommen.",
            "The hidden identity does not match its checksum.");
    }
    if (returned.rows.size() != form.rows.size()) {
        refuse("Das Blatt „Meldung“ hat " + std::to_string(returned.rows.size()) + " Zeilen statt " +
                   std::to_string(form.rows.size()) +
                   ": Zeilen wurden eingefügt oder gelöscht. Die Datenmeldung wird nicht übernommen.",
               "The Meldung sheet has a different number of rows.");
    }
    for (std::size_t i = 0; i < form.rows.size(); ++i) {
        const FormRow& want = form.rows[i];
        const ReturnedRow& got = returned.rows[i];
        if (got.form_row != want.form_row || got.year != std::to_string(want.year) || got.area != want.area ||
            got.indicator != std::to_string(want.indicator)) {
            refuse("Blatt „Meldung“, Zeile " + std::to_string(want.form_row) + ": erwartet " +
                       std::to_string(want.year) + " / " + want.area + " / Indikator " +
                       std::to_string(want.indicator) + ", gefunden " +
                       (got.year.empty() ? "(leer)" : got.year) + " / " +
                       (got.area.empty() ? "(leer)" : got.area) + " / Indikator " +
                       (got.indicator.empty() ? "(leer)" : got.indicator) +
                       ". Zeilen wurden verschoben, sortiert oder ihre Schlüssel geändert; die Datenmeldung "
                       "wird "
                       "nicht übernommen.",
                   "Meldung row " + std::to_string(want.form_row) + " has other keys than the form.");
        }
    }
}

}  // namespace

MergePlan plan_merge(const Returned& returned, const MergeOptions& options, const std::vector<Area>& areas,
                     const std::vector<Indicator>& indicators, const std::vector<WerteRow>& werte,
                     const std::vector<int>& free_rows) {
    const Identity& id = returned.identity;
    if (id.kind != kFormKind) {
        refuse("„" + options.source_file +
                   "“ ist keine Datenmeldung (die verborgene Kennung fehlt oder ist unvollständig).",
               "Not a Datenmeldung.");
    }
    if (id.version != kFormVersion) {
        refuse("Die Datenmeldung hat die Fassung " + id.version + "; dieses Programm liest Fassung " +
                   kFormVersion + ".",
               "Unsupported Datenmeldung version.");
    }
    if (options.expected_kommune && *options.expected_kommune != id.kommune) {
        std::string expected_name;
        for (const auto& a : areas) {
            if (a.id == *options.expected_kommune) {
                expected_name = " " + a.name;
            }
        }
        refuse(
            "„" + options.source_file + "“ ist die Datenmeldung von " + id.kommune + " " + id.kommune_name +
                ", nicht von " + *options.expected_kommune + expected_name +
                ". Falsche Datei? Sie wird nicht übernommen.",
            "The file is the Datenmeldung of " + id.kommune + ", not of " + *options.expected_kommune + ".");
    }
    if (std::none_of(areas.begin(), areas.end(), [&](const Area& a) { return a.id == id.kommune; })) {
        refuse(
            "Die Kommune " + id.kommune + " " + id.kommune_name +
                " der Datenmeldung steht nicht auf dem Blatt Gebiete dieser Arbeitsmappe: die Meldung gehört "
                "zu einer anderen Arbeitsmappe (erzeugt aus „" +
                id.source + "“).",
            "The Kommune of the Datenmeldung is not in this workbook.");
    }
    check_structure(returned);

    std::map<int, const Indicator*> catalogue;
    for (const auto& ind : indicators) {
        catalogue.emplace(ind.nr, &ind);
    }
    std::map<Key, std::vector<const WerteRow*>> by_key;
    for (const auto& w : werte) {
        if (w.year && w.indicator) {
            by_key[Key{*w.year, w.area, *w.indicator}].push_back(&w);
        }
    }

    MergePlan plan;
    std::vector<std::string> filled, changed, pending, conflicts, invalid, missing;
    std::size_t next_free = 0;
    for (std::size_t i = 0; i < returned.form.rows.size(); ++i) {
        const FormRow& fr = returned.form.rows[i];
        const ReturnedRow& rr = returned.rows[i];
        const std::string where = "Meldung-Zeile " + std::to_string(fr.form_row) + " (" +
                                  std::to_string(fr.year) + ", " + fr.area + " " + fr.area_name +
                                  ", Indikator " + std::to_string(fr.indicator) + " " + fr.indicator_name +
                                  ")";
        const auto cat = catalogue.find(fr.indicator);
        if (cat == catalogue.end() || field_rules(*cat->second) != fr.rules) {
            bool any = false;
            for (const auto& c : rr.input) {
                any = any || c.number || !trim(c.text).empty();
            }
            if (any) {
                ++plan.invalid;
                invalid.push_back(where +
                                  ": Indikator fehlt im Blatt Indikatoren dieser Arbeitsmappe oder hat eine "
                                  "andere Art – nicht übernommen.");
            }
            continue;
        }
        const auto found = by_key.find(Key{fr.year, fr.area, fr.indicator});
        if (found != by_key.end() && found->second.size() > 1) {
            ++plan.invalid;
            invalid.push_back(where +
                              ": der Schlüssel steht mehrfach auf dem Blatt Werte – nicht übernommen.");
            continue;
        }
        const WerteRow* target = found == by_key.end() ? nullptr : found->second.front();
        int row = target ? target->row : 0;
        for (std::size_t k = 0; k < 3; ++k) {
            const Field field = kFields[k];
            const CellState& input = rr.input[k];
            const std::string what = where + " " + field_name(field);
            if (!input.number && trim(input.text).empty()) {
                const bool has_value = target && target->cells[k].number;
                if (fr.rules[k] != Rule::None && fr.required && !has_value) {
                    ++plan.missing_required;
                    missing.push_back(what + ": Pflichtangabe fehlt.");
                }
                continue;
            }
            const Reading reading = read_input(input, fr.rules[k]);
            if (!reading.number) {
                ++plan.invalid;
                invalid.push_back(what + ": " + reading.problem +
                                  " – nicht übernommen (erlaubt: " + rule_text(fr.rules[k]) + ").");
                continue;
            }
            const std::optional<double> current = target ? target->cells[k].number : std::nullopt;
            const std::string current_text = target ? target->cells[k].text : "";
            if (same(current, reading.number)) {
                ++plan.unchanged;
                continue;
            }
            if (!same(current, fr.base[k])) {
                if (same(reading.number, fr.base[k])) {
                    // The Kommune left the value it was shown; the Landkreis changed it since the form was
                    // made (a form of an older state): the newer Landkreis value stays, no conflict to
                    // decide.
                    ++plan.unchanged;
                    ++plan.kept_newer;
                    continue;
                }
                ++plan.conflicts;
                conflicts.push_back(
                    what + ": Landkreis " + shown(current, current_text) + ", beim Erzeugen " +
                    shown(fr.base[k]) + ", Kommune " + german_number(*reading.number) +
                    " – der Wert wurde inzwischen im Landkreis geändert; nicht übernommen, bitte "
                    "von Hand entscheiden.");
                continue;
            }
            const bool is_change = current.has_value();
            if (is_change && !options.apply_changes) {
                ++plan.pending;
                pending.push_back(what + ": " + german_number(*current) + " → " +
                                  german_number(*reading.number) +
                                  " (nicht übernommen: dafür --uebernehmen angeben).");
                continue;
            }
            if (row == 0) {
                if (next_free >= free_rows.size()) {
                    ++plan.invalid;
                    invalid.push_back(what +
                                      ": keine freie Zeile mehr auf dem Blatt Werte – nicht übernommen.");
                    continue;
                }
                row = free_rows[next_free++];
                plan.new_rows.push_back({row, fr.year, fr.area, fr.indicator});
            }
            CellWrite write;
            write.row = row;
            write.field = field;
            write.number = reading.number;
            if (target && target->cells[k].comment.rfind(kCommentPrefix, 0) == 0) {
                write.comment_action =
                    CommentAction::Remove;  // the import's "missing because …" is stale now
            }
            plan.writes.push_back(write);
            LogEntry log;
            log.cell = werte_cell(field, row);
            log.indicator = fr.indicator;
            log.indicator_name = fr.indicator_name;
            log.area = fr.area;
            log.area_name = fr.area_name;
            log.year = fr.year;
            log.field = field;
            log.old_number = current;
            log.old_text = current_text;
            log.new_number = *reading.number;
            log.what = is_change ? "geändert" : "neu";
            plan.log.push_back(log);
            const std::string line =
                what + " → Werte " + log.cell + ": " + shown(current, current_text) + " → " +
                german_number(*reading.number) +
                (reading.typed_as_text ? " (als Text eingetragen, als Zahl gelesen)" : "");
            if (is_change) {
                ++plan.changed;
                changed.push_back(line);
            } else {
                ++plan.filled;
                filled.push_back(line);
            }
        }
    }

    auto& rep = plan.report;
    rep.push_back("Datenmeldung " + id.kommune + " " + id.kommune_name + " aus „" + options.source_file +
                  "“ (erzeugt " + id.created + " aus „" + id.source + "“)");
    auto section = [&rep](const std::string& title, const std::vector<std::string>& lines) {
        report_section(rep, "  ", title, lines);
    };
    section("Neu eingetragen", filled);
    section("Geändert (alt → neu)", changed);
    section("Änderungen, nicht übernommen", pending);
    section("Konflikte, nicht übernommen", conflicts);
    section("Abgelehnt", invalid);
    section("Pflichtangaben fehlen", missing);
    if (plan.kept_newer > 0) {
        rep.push_back(
            "  " + std::to_string(plan.kept_newer) + (plan.kept_newer == 1 ? " Wert hat" : " Werte hat") +
            " der Landkreis nach dem Erzeugen der Datenmeldung geändert; die Kommune hat " +
            (plan.kept_newer == 1 ? "ihn" : "sie") + " nicht berührt – der Wert des Landkreises bleibt.");
    }
    if (plan.writes.empty()) {
        rep.push_back("  Keine Änderung an der Arbeitsmappe (" + std::to_string(plan.unchanged) +
                      " Werte stimmen schon).");
    } else {
        rep.push_back("  Übernommen: " + std::to_string(plan.filled) + " neu, " +
                      std::to_string(plan.changed) + " geändert; " + std::to_string(plan.unchanged) +
                      " unverändert.");
    }
    return plan;
}

}  // namespace isp::daten
