// The map of the Sozialräume (docs/karte.md): a GeoJSON FeatureCollection of the Gemeinden read, projected to
// a plane, dissolved to Sozialräume and Planungsräume by the area hierarchy and scaled into a map box in
// 1/100 mm, the unit of Calc's drawing shapes. Plain C++ without UNO types (like addin/plan, addin/import):
// tested by tests/karte, called through the process isp_karte by the UNO driver addin/tools/karte.py.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace isp::karte {

// One Gemeinde of the area hierarchy (sheet Gebiete): its ID, name, Sozialraum and Planungsraum.
struct Gemeinde {
    std::string id;
    std::string name;
    std::string sozialraum;
    std::string planungsraum;
};

struct Options {
    // The feature property holding the Gemeinde key; empty: the first of kKeyProperties a feature has.
    std::string key_property;
    long width = 16000;  // the map box in 1/100 mm; the map keeps its aspect ratio inside it
    long height = 16000;
    double tolerance_mm =
        0.25;  // simplification: no drawn point moves further than this (in mm on the sheet)
};

// The properties tried for the Gemeinde key when none is named: the workbook's Gemeinde-ID, then the
// Amtlicher Gemeindeschlüssel as the BKG's VG250 and most Länder's open data name it.
inline const std::vector<std::string> kKeyProperties = {"gemeinde_id", "Gemeinde-ID", "AGS", "ags", "AGS_0"};
// The properties tried for a feature's name in messages (VG250: GEN).
inline const std::vector<std::string> kNameProperties = {"name", "gemeinde", "GEN", "Name"};

struct Point {
    long x = 0;  // 1/100 mm from the left edge of the map box
    long y = 0;  // 1/100 mm from the top edge (drawing y runs down)
};
using Ring = std::vector<Point>;  // implicitly closed: the first point is not repeated

// One Sozialraum or Planungsraum as drawn: its rings (outer rings and holes alike; a PolyPolygonShape fills
// them with the even-odd rule, so a hole stays empty), a point inside it for the name, and figures for
// checks.
struct Area {
    std::string id;
    std::vector<Ring> rings;
    std::size_t parts = 0;  // polygons (an exclave makes two)
    std::size_t holes = 0;  // interior rings (an enclave of another area makes one)
    double area_km2 = 0;    // after dissolving, before simplifying (projected plane)
    Point label;            // inside the largest part
};

struct Map {
    long width = 0;  // the box used (aspect ratio of the Landkreis) in 1/100 mm
    long height = 0;
    std::vector<Area> sozialraeume;    // in the order of first appearance in the hierarchy
    std::vector<Area> planungsraeume;  // likewise
    std::vector<std::string> report;   // German lines for the planner (features left out)
    std::size_t points_in = 0;         // positions read from the file (of the Gemeinden used)
    std::size_t points_out = 0;        // points drawn
};

// Reads the GeoJSON text and makes the map. key_to_id maps a key found in the file (an AGS) to a Gemeinde-ID
// of the hierarchy (the mapping table of the workbook); a key that is itself a Gemeinde-ID needs no entry.
// Throws isp::Error with a German message (addin/karte rows of engine/include/isp/messages.def) for: invalid
// JSON, no FeatureCollection, a feature without key, an unsupported geometry, a bad coordinate, a degenerate
// or invalid ring, a Gemeinde twice, Gemeinden of the hierarchy without geometry (all named), no feature of
// the hierarchy at all. Features of Gemeinden outside the hierarchy are left out and named in Map::report.
Map make_map(const std::string& geojson, const std::vector<Gemeinde>& hierarchy,
             const std::map<std::string, std::string>& key_to_id, const Options& options = {});

}  // namespace isp::karte
