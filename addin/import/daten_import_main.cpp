// isp_daten_import: the planning half of the data import (docs/import.md) as a process, so that the UNO
// applier (addin/tools/daten_import.py) can call the C++ parser and planner without a new UNO interface.
//
//   isp_daten_import --datei FILE --indikator N [--jahr Y] [--zaehler S] [--nenner S] [--wert S]
//                    [--quelle NAME] [--zuordnung CSV] [--gebietsaenderungen CSV] [--spalten]
//
// stdin: the workbook's state, one record per line, fields separated by TAB (escapes \\ \t \n \r):
//   area  ID  NAME                     (Gebiete)
//   art   NR  ART                      (Indikatoren: rate/mean/sum)
//   row   ROW JAHR GID IND  then for D, E, F: KIND(empty|number|text) VALUE COMMENT
//   free  ROW                          (a Werte row whose A–F are empty)
//   breaks                             (the workbook has the sheet Reihenbrüche; then per row of its list:)
//   break ROW IND JAHR GID             (a used row: Indikator-Nr., Jahr, Gemeinde-ID; empty = none)
//   breakfree ROW                      (a row whose A–E are empty)
// stdout: the plan
//   new   ROW JAHR GID IND
//   break ROW IND GID JAHR ART NOTE    (a row for the sheet Reihenbrüche: A–E)
//   set   ROW COL(3..5) KIND(number|empty) VALUE COMMENT_ACTION(keep|set|remove) COMMENT
//   count imported missing changed unchanged unmatched
//   report LINE
// --zuordnung: the mapping table AGS;Gemeinde-ID;Name (parse_mapping).
// --spalten prints "column N NAME" per value column instead of a plan (after checking the chosen columns).
// Exit 0 = plan written; 2 = refused (German message on stderr, nothing on stdout); 1 = unexpected error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "daten_import.hpp"
#include "isp/error.hpp"
#include "records.hpp"

namespace {

using namespace isp::daten;

using records::escape;

using records::number_text;
using records::opt_int;
using records::usage;

int run(int argc, char** argv) {
    std::string file;
    std::string source;
    bool list_columns = false;
    ImportSpec spec;
    std::vector<ColumnChoice> selectors;
    std::vector<Mapping> mapping;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&] { return records::option_value(argc, argv, i); };
        if (a == "--datei") {
            file = next();
        } else if (a == "--indikator") {
            spec.indicator = std::stoi(next());
        } else if (a == "--jahr") {
            spec.year = std::stoi(next());
        } else if (a == "--zaehler") {
            selectors.push_back({Field::Zaehler, next()});
        } else if (a == "--nenner") {
            selectors.push_back({Field::Nenner, next()});
        } else if (a == "--wert") {
            selectors.push_back({Field::Wert, next()});
        } else if (a == "--quelle") {
            spec.source = next();
        } else if (a == "--zuordnung") {
            const std::string path = next();
            mapping = parse_mapping(records::file_bytes(path, "Zuordnungstabelle"), path);
        } else if (a == "--gebietsaenderungen") {
            spec.changes = parse_area_changes(records::file_bytes(next(), "Tabelle der Gebietsänderungen"));
        } else if (a == "--spalten") {
            list_columns = true;
        } else {
            usage("unbekannte Angabe " + a);
        }
    }
    std::ifstream in(file, std::ios::binary);
    if (file.empty() || !in) {
        usage("Datei „" + file + "“ kann nicht gelesen werden");
    }
    std::stringstream bytes;
    bytes << in.rdbuf();
    const Table table = parse_genesis_csv(bytes.str());
    if (list_columns) {  // also checks the chosen columns, so that the driver refuses before Calc starts
        for (const auto& c : selectors) {
            find_column(table, c.selector);
        }
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            std::cout << "column\t" << c + 1 << '\t' << escape(table.columns[c]) << '\n';
        }
        return 0;
    }

    std::vector<Area> areas;
    std::vector<WerteRow> werte;
    std::vector<int> free_rows;
    BreakList breaks;
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto f = records::fields(line);
        if (f[0] == "area" && f.size() >= 3) {
            areas.push_back({f[1], f[2]});
        } else if (f[0] == "art" && f.size() >= 3) {
            if (opt_int(f[1]) == spec.indicator) {
                spec.indicator_art = f[2];
            }
        } else if (f[0] == "free" && f.size() >= 2) {
            free_rows.push_back(std::stoi(f[1]));
        } else if (f[0] == "breaks") {
            breaks.present = true;
        } else if (f[0] == "break" && f.size() >= 5) {
            breaks.rows.push_back({std::stoi(f[1]), opt_int(f[2]), f[4], opt_int(f[3])});
        } else if (f[0] == "breakfree" && f.size() >= 2) {
            breaks.free_rows.push_back(std::stoi(f[1]));
        } else if (f[0] == "row" && f.size() >= 14) {
            WerteRow w;
            w.row = std::stoi(f[1]);
            w.year = opt_int(f[2]);
            w.area = f[3];
            w.indicator = opt_int(f[4]);
            for (std::size_t k = 0; k < 3; ++k) {
                const auto& kind = f[5 + 3 * k];
                if (kind == "number") {
                    w.cells[k].number = std::stod(f[6 + 3 * k]);
                } else if (kind == "text") {
                    w.cells[k].text = f[6 + 3 * k];
                }
                w.cells[k].comment = f[7 + 3 * k];
            }
            werte.push_back(std::move(w));
        }
    }
    spec.targets = choose_targets(table, selectors, spec.indicator, spec.indicator_art);
    const Plan plan = plan_import(table, spec, areas, mapping, werte, free_rows, breaks);
    for (const auto& n : plan.new_rows) {
        std::cout << "new\t" << n.row << '\t' << n.year << '\t' << escape(n.area) << '\t' << n.indicator
                  << '\n';
    }
    for (const auto& b : plan.new_breaks) {
        std::cout << "break\t" << b.row << '\t' << b.indicator << '\t' << escape(b.area) << '\t' << b.year
                  << '\t' << escape(b.kind) << '\t' << escape(b.note) << '\n';
    }
    for (const auto& w : plan.writes) {
        const char* action = w.comment_action == CommentAction::Set      ? "set"
                             : w.comment_action == CommentAction::Remove ? "remove"
                                                                         : "keep";
        std::cout << "set\t" << w.row << '\t' << static_cast<int>(w.field) << '\t'
                  << (w.number ? "number" : "empty") << '\t' << (w.number ? number_text(*w.number) : "")
                  << '\t' << action << '\t' << escape(w.comment) << '\n';
    }
    std::cout << "count\t" << plan.imported << '\t' << plan.missing << '\t' << plan.changed << '\t'
              << plan.unchanged << '\t' << plan.unmatched << '\n';
    for (const auto& r : plan.report) {
        std::cout << "report\t" << escape(r) << '\n';
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return isp::daten::records::guarded_main(run, argc, argv);
}
