// isp_karte: the geometry half of the map of the Sozialräume (docs/karte.md) as a process, so that the UNO
// driver (addin/tools/karte.py, also used by the template build) calls the C++ reader and dissolver without a
// new UNO interface.
//
//   isp_karte --datei GEOJSON [--breite W] [--hoehe H] [--schluessel PROPERTY] [--toleranz MM] [--zuordnung
//   CSV]
//
// stdin: the workbook's area hierarchy, one record per line, TAB-separated (escapes as
// addin/import/records.hpp)
//   gemeinde ID NAME SR PR           (sheet Gebiete)
// --zuordnung: the mapping table AGS;Gemeinde-ID;Name (a key of the file → Gemeinde-ID), read by the import's
// parse_mapping.
// stdout: the map, sizes in 1/100 mm, y downwards
//   box    W H                       (the box used; aspect ratio of the Landkreis)
//   area   LEVEL(sr|pr) ID PARTS HOLES KM2 LABEL_X LABEL_Y
//   ring   LEVEL ID X1 Y1 X2 Y2 …    (after its area line; outer rings and holes, even-odd filled)
//   count  POINTS_IN POINTS_OUT
//   report LINE                      (German, e.g. features left out)
// Exit 0 = map written; 2 = refused (German message on stderr, nothing on stdout); 1 = unexpected error.
#include <iostream>
#include <map>
#include <string>

#include "daten_import.hpp"
#include "karte.hpp"
#include "records.hpp"

namespace {

using namespace isp::daten;

int run(int argc, char** argv) {
    std::string file;
    isp::karte::Options options;
    std::map<std::string, std::string> key_to_id;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&] { return records::option_value(argc, argv, i); };
        if (a == "--datei") {
            file = next();
        } else if (a == "--breite") {
            options.width = std::stol(next());
        } else if (a == "--hoehe") {
            options.height = std::stol(next());
        } else if (a == "--schluessel") {
            options.key_property = next();
        } else if (a == "--toleranz") {
            options.tolerance_mm = std::stod(next());
        } else if (a == "--zuordnung") {
            const std::string path = next();
            for (const Mapping& m : parse_mapping(records::file_bytes(path, "Zuordnungstabelle"), path))
                key_to_id[m.ags] = m.id;
        } else {
            records::usage("unbekannte Angabe " + a);
        }
    }
    const std::string text = records::file_bytes(file, "Datei");
    std::vector<isp::karte::Gemeinde> hierarchy;
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto f = records::fields(line);
        if (f[0] == "gemeinde" && f.size() >= 5) {
            hierarchy.push_back({f[1], f[2], f[3], f[4]});
        }
    }
    const isp::karte::Map map = isp::karte::make_map(text, hierarchy, key_to_id, options);
    std::ostringstream out;
    out << "box\t" << map.width << '\t' << map.height << '\n';
    const auto areas = [&](const char* level, const std::vector<isp::karte::Area>& list) {
        for (const isp::karte::Area& a : list) {
            out << "area\t" << level << '\t' << records::escape(a.id) << '\t' << a.parts << '\t' << a.holes
                << '\t' << records::number_text(a.area_km2) << '\t' << a.label.x << '\t' << a.label.y << '\n';
            for (const isp::karte::Ring& r : a.rings) {
                out << "ring\t" << level << '\t' << records::escape(a.id);
                for (const isp::karte::Point& p : r) out << '\t' << p.x << '\t' << p.y;
                out << '\n';
            }
        }
    };
    areas("sr", map.sozialraeume);
    areas("pr", map.planungsraeume);
    out << "count\t" << map.points_in << '\t' << map.points_out << '\n';
    for (const std::string& r : map.report) out << "report\t" << records::escape(r) << '\n';
    std::cout << out.str();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    return records::guarded_main(run, argc, argv, true);
}
