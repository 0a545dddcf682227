// isp_datenmeldung: the planning half of the Datenmeldung (docs/import.md, "Datenmeldung der Kommunen") as a
// process, so that the UNO applier (addin/tools/datenmeldung.py) can call the C++ rules without a UNO
// interface. Records are TAB separated with the escapes \\ \t \n \r (as isp_daten_import).
//
//   isp_datenmeldung erzeugen (--kommune ID ... | --alle) [--jahr Y]
//   isp_datenmeldung zusammenfuehren --quelle NAME [--kommune ID] [--uebernehmen]
//
// stdin, the Landkreis workbook:
//   area  ID NAME                                (Gebiete)
//   ind   NR ART NAME EINHEIT                    (Indikatoren)
//   row   ROW JAHR GID IND  then for D, E, F: KIND(empty|number|text) VALUE COMMENT   (Werte)
//   free  ROW                                    (a Werte row whose A–F are empty)
// stdin for zusammenfuehren, the returned form in addition:
//   blatt NAME                                   (each sheet, in order)
//   kennung KEY VALUE                            (the hidden identity: Art Fassung Kommune Kommune-Name
//   Quelle
//                                                 Vorlage Erzeugt Prüfsumme)
//   schluessel <a zeile record's fields>         (the hidden key list, as erzeugen printed it)
//   eingabe FORMROW JAHR GID IND  then for J, K, L: KIND VALUE   (the visible Meldung rows)
// stdout of erzeugen, per Kommune:
//   form  KOMMUNE NAME NEWEST_YEAR CHECKSUM
//   zeile FORMROW WERTEROW JAHR GID GNAME IND INAME EINHEIT PFLICHT(0|1) RULE_Z RULE_N RULE_W BASE_Z BASE_N
//         BASE_W                                 (rules: anzahl ganzzahl positiv nichtneg zahl ""; bases
//         %.17g)
// stdout of zusammenfuehren:
//   new   ROW JAHR GID IND ; set ROW COL KIND VALUE COMMENT_ACTION COMMENT   (as isp_daten_import)
//   log   CELL IND INAME GID GNAME JAHR FELD ALT NEU WAS
//   count filled changed pending conflicts invalid missing_required unchanged
//   report LINE
// Exit 0 = done; 2 = refused (German message on stderr, nothing on stdout); 1 = unexpected error.
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "datenmeldung.hpp"
#include "isp/error.hpp"
#include "records.hpp"

namespace {

using namespace isp::daten;

using records::escape;

using records::opt_int;
using records::usage;

std::optional<double> opt_number(const std::string& s) {
    if (s.empty()) {
        return std::nullopt;
    }
    return std::stod(s);
}

std::string number_text(const std::optional<double>& v) {
    return v ? records::number_text(*v) : "";
}

CellState cell(const std::string& kind, const std::string& value) {
    CellState c;
    if (kind == "number") {
        c.number = std::stod(value);
    } else if (kind == "text") {
        c.text = value;
    }
    return c;
}

// The fields of a "zeile" record after its tag (shared by erzeugen's output and the "schluessel" input).
constexpr std::size_t kRowFields = 15;

std::string row_record(const FormRow& r) {
    std::string out = std::to_string(r.form_row) + '\t' + std::to_string(r.werte_row) + '\t' +
                      std::to_string(r.year) + '\t' + escape(r.area) + '\t' + escape(r.area_name) + '\t' +
                      std::to_string(r.indicator) + '\t' + escape(r.indicator_name) + '\t' + escape(r.unit) +
                      '\t' + (r.required ? "1" : "0");
    for (Rule rule : r.rules) {
        out += std::string("\t") + rule_code(rule);
    }
    for (const auto& b : r.base) {
        out += '\t' + number_text(b);
    }
    return out;
}

FormRow parse_row(const std::vector<std::string>& f) {  // f[0] is the tag
    if (f.size() < 1 + kRowFields) {
        usage("Die verborgene Schlüsselliste der Datenmeldung ist unvollständig.");
    }
    FormRow r;
    r.form_row = std::stoi(f[1]);
    r.werte_row = std::stoi(f[2]);
    r.year = std::stoi(f[3]);
    r.area = f[4];
    r.area_name = f[5];
    r.indicator = std::stoi(f[6]);
    r.indicator_name = f[7];
    r.unit = f[8];
    r.required = f[9] == "1";
    for (std::size_t k = 0; k < 3; ++k) {
        r.rules[k] = rule_from_code(f[10 + k]);
        r.base[k] = opt_number(f[13 + k]);
    }
    return r;
}

struct State {
    std::vector<Area> areas;
    std::vector<Indicator> indicators;
    std::vector<WerteRow> werte;
    std::vector<int> free_rows;
    Returned returned;
};

State read_state() {
    State s;
    std::map<std::string, std::string> identity;
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto f = records::fields(line);
        const std::string& tag = f[0];
        if (tag == "area" && f.size() >= 3) {
            s.areas.push_back({f[1], f[2]});
        } else if (tag == "ind" && f.size() >= 5) {
            s.indicators.push_back({std::stoi(f[1]), f[3], f[2], f[4]});
        } else if (tag == "free" && f.size() >= 2) {
            s.free_rows.push_back(std::stoi(f[1]));
        } else if (tag == "row" && f.size() >= 14) {
            WerteRow w;
            w.row = std::stoi(f[1]);
            w.year = opt_int(f[2]);
            w.area = f[3];
            w.indicator = opt_int(f[4]);
            for (std::size_t k = 0; k < 3; ++k) {
                w.cells[k] = cell(f[5 + 3 * k], f[6 + 3 * k]);
                w.cells[k].comment = f[7 + 3 * k];
            }
            s.werte.push_back(std::move(w));
        } else if (tag == "blatt" && f.size() >= 2) {
            s.returned.sheets.push_back(f[1]);
        } else if (tag == "kennung" && f.size() >= 3) {
            identity[f[1]] = f[2];
        } else if (tag == "schluessel") {
            s.returned.form.rows.push_back(parse_row(f));
        } else if (tag == "eingabe" && f.size() >= 11) {
            ReturnedRow r;
            r.form_row = std::stoi(f[1]);
            r.year = f[2];
            r.area = f[3];
            r.indicator = f[4];
            for (std::size_t k = 0; k < 3; ++k) {
                r.input[k] = cell(f[5 + 2 * k], f[6 + 2 * k]);
            }
            s.returned.rows.push_back(std::move(r));
        }
    }
    Identity& id = s.returned.identity;
    id.kind = identity["Art"];
    id.version = identity["Fassung"];
    id.kommune = identity["Kommune"];
    id.kommune_name = identity["Kommune-Name"];
    id.source = identity["Quelle"];
    id.template_name = identity["Vorlage"];
    id.created = identity["Erzeugt"];
    id.checksum = identity["Prüfsumme"];
    s.returned.form.kommune = id.kommune;
    s.returned.form.kommune_name = id.kommune_name;
    return s;
}

int generate(const std::vector<std::string>& kommunen, bool all, std::optional<int> year) {
    const State s = read_state();
    std::vector<std::string> ids = kommunen;
    if (all) {
        for (const auto& a : s.areas) {
            ids.push_back(a.id);
        }
    }
    if (ids.empty()) {
        usage("Keine Kommune angegeben (--kommune ID oder --alle).");
    }
    std::vector<Form> forms;  // all planned before anything is printed: a refusal prints nothing
    for (const auto& id : ids) {
        forms.push_back(plan_form(id, s.areas, s.indicators, s.werte, year));
    }
    for (const auto& form : forms) {
        std::cout << "form\t" << escape(form.kommune) << '\t' << escape(form.kommune_name) << '\t'
                  << form.newest_year << '\t' << checksum(structure_text(form)) << '\n';
        for (const auto& r : form.rows) {
            std::cout << "zeile\t" << row_record(r) << '\n';
        }
    }
    return 0;
}

int merge(const MergeOptions& options) {
    const State s = read_state();
    const MergePlan plan = plan_merge(s.returned, options, s.areas, s.indicators, s.werte, s.free_rows);
    for (const auto& n : plan.new_rows) {
        std::cout << "new\t" << n.row << '\t' << n.year << '\t' << escape(n.area) << '\t' << n.indicator
                  << '\n';
    }
    for (const auto& w : plan.writes) {
        const char* action = w.comment_action == CommentAction::Remove ? "remove" : "keep";
        std::cout << "set\t" << w.row << '\t' << static_cast<int>(w.field) << "\tnumber\t"
                  << number_text(w.number) << '\t' << action << "\t\n";
    }
    for (const auto& l : plan.log) {
        const std::string old = l.old_number ? number_text(l.old_number) : l.old_text;
        std::cout << "log\t" << l.cell << '\t' << l.indicator << '\t' << escape(l.indicator_name) << '\t'
                  << escape(l.area) << '\t' << escape(l.area_name) << '\t' << l.year << '\t'
                  << field_name(l.field) << '\t'
                  << (l.old_number  ? "number"
                      : old.empty() ? "empty"
                                    : "text")
                  << '\t' << escape(old) << '\t' << records::number_text(l.new_number) << '\t' << l.what
                  << '\n';
    }
    std::cout << "count\t" << plan.filled << '\t' << plan.changed << '\t' << plan.pending << '\t'
              << plan.conflicts << '\t' << plan.invalid << '\t' << plan.missing_required << '\t'
              << plan.unchanged << '\n';
    for (const auto& r : plan.report) {
        std::cout << "report\t" << escape(r) << '\n';
    }
    return 0;
}

int run(int argc, char** argv) {
    if (argc < 2) {
        usage("Aufruf: isp_datenmeldung erzeugen|zusammenfuehren …");
    }
    const std::string command = argv[1];
    std::vector<std::string> kommunen;
    bool all = false;
    std::optional<int> year;
    MergeOptions options;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&] { return records::option_value(argc, argv, i); };
        if (a == "--kommune") {
            kommunen.push_back(next());
        } else if (a == "--alle") {
            all = true;
        } else if (a == "--jahr") {
            year = std::stoi(next());
        } else if (a == "--quelle") {
            options.source_file = next();
        } else if (a == "--uebernehmen") {
            options.apply_changes = true;
        } else {
            usage("unbekannte Angabe " + a);
        }
    }
    if (command == "erzeugen") {
        return generate(kommunen, all, year);
    }
    if (command == "zusammenfuehren") {
        if (kommunen.size() > 1) {
            usage("--kommune nur einmal angeben");
        }
        if (!kommunen.empty()) {
            options.expected_kommune = kommunen.front();
        }
        return merge(options);
    }
    usage("unbekannter Befehl " + command + " (erzeugen oder zusammenfuehren)");
}

}  // namespace

int main(int argc, char** argv) {
    return isp::daten::records::guarded_main(run, argc, argv, true);
}
