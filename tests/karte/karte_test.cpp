// The map of the Sozialräume without Calc (addin/karte, docs/karte.md): dissolving, holes, exclaves, scaling
// and every refusal. Geometry: squares of 0.1° near 50° N, so every expected area is a product written out by
// hand: a square of a° × b° has a·k·cos(φ0) × b·k km with k = π·6371.0088/180 km per degree and φ0 the
// latitude of the map's centre (the projection's one parameter).
#include "karte.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "isp/error.hpp"

namespace {

using isp::karte::Gemeinde;
using isp::karte::make_map;

constexpr double kPi = 3.14159265358979323846;
const double kKmPerDegree = kPi * 6371.0088 / 180;

// A closed ring of the rectangle [x0, x1] × [y0, y1] in degrees (counter-clockwise, as RFC 7946 asks).
std::string rect(double x0, double y0, double x1, double y1) {
    const auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
    return "[" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) + "," + p(x0, y0) + "]";
}

std::string feature(const std::string& key, const std::string& type, const std::string& coords,
                    const std::string& name = "") {
    return R"({"type":"Feature","properties":{"gemeinde_id":")" + key + R"(","name":")" + name +
           R"("},"geometry":{"type":")" + type + R"(","coordinates":)" + coords + "}}";
}

std::string collection(const std::vector<std::string>& features) {
    std::string out = R"({"type":"FeatureCollection","features":[)";
    for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
    return out + "]}";
}

double square_km2(double a, double b, double lat0) {
    return a * kKmPerDegree * std::cos(lat0 * kPi / 180) * b * kKmPerDegree;
}

std::string message_of(const std::string& geojson, const std::vector<Gemeinde>& hierarchy,
                       const std::map<std::string, std::string>& keys = {}) {
    try {
        make_map(geojson, hierarchy, keys);
    } catch (const isp::Error& e) {
        return e.detail_de();
    }
    return "no error";
}

const std::vector<Gemeinde> kThree = {
    {"G1", "Aue", "1", "I"}, {"G2", "Bach", "1", "I"}, {"G3", "Cottendorf", "2", "II"}};

TEST(Karte, DissolvesGemeindenToSozialraeumeAndPlanungsraeume) {
    // G1 and G2 side by side (one Sozialraum), G3 above both: map 12.0–12.2° E, 50.0–50.2° N, φ0 = 50.1.
    const std::string json = collection({feature("G1", "Polygon", "[" + rect(12.0, 50.0, 12.1, 50.1) + "]"),
                                         feature("G2", "Polygon", "[" + rect(12.1, 50.0, 12.2, 50.1) + "]"),
                                         feature("G3", "Polygon", "[" + rect(12.0, 50.1, 12.2, 50.2) + "]")});
    const auto map = make_map(json, kThree, {});
    ASSERT_EQ(map.sozialraeume.size(), 2u);
    EXPECT_EQ(map.sozialraeume[0].id, "1");
    EXPECT_EQ(map.sozialraeume[0].parts, 1u);  // the shared edge is gone
    EXPECT_EQ(map.sozialraeume[0].holes, 0u);
    ASSERT_EQ(map.sozialraeume[0].rings.size(), 1u);
    EXPECT_EQ(map.sozialraeume[0].rings[0].size(), 4u);  // the collinear middle points simplified away
    EXPECT_NEAR(map.sozialraeume[0].area_km2, square_km2(0.2, 0.1, 50.1), 1e-6);
    EXPECT_NEAR(map.sozialraeume[1].area_km2, square_km2(0.2, 0.1, 50.1), 1e-6);
    ASSERT_EQ(map.planungsraeume.size(), 2u);
    EXPECT_EQ(map.planungsraeume[0].id, "I");
    EXPECT_TRUE(map.report.empty());
    EXPECT_EQ(map.points_in, 15u);  // three closed rings of five positions
}

TEST(Karte, ScalesIntoTheBoxKeepingTheAspectRatio) {
    // 0.2° × 0.2° is higher than wide (cos 50.1° ≈ 0.64): the height fills 16000, the width is 16000·cos φ0.
    const std::string json = collection({feature("G1", "Polygon", "[" + rect(12.0, 50.0, 12.1, 50.1) + "]"),
                                         feature("G2", "Polygon", "[" + rect(12.1, 50.0, 12.2, 50.1) + "]"),
                                         feature("G3", "Polygon", "[" + rect(12.0, 50.1, 12.2, 50.2) + "]")});
    const auto map = make_map(json, kThree, {});
    EXPECT_EQ(map.height, 16000);
    EXPECT_EQ(map.width, std::lround(16000 * std::cos(50.1 * kPi / 180)));
    // Sozialraum 1 is the southern half: y from 8000 (its north edge) down to 16000; x over the whole width.
    long minx = 1 << 30, maxx = -1, miny = 1 << 30, maxy = -1;
    for (const auto& p : map.sozialraeume[0].rings[0]) {
        minx = std::min(minx, p.x);
        maxx = std::max(maxx, p.x);
        miny = std::min(miny, p.y);
        maxy = std::max(maxy, p.y);
    }
    EXPECT_EQ(minx, 0);
    EXPECT_EQ(maxx, map.width);
    EXPECT_EQ(miny, 8000);
    EXPECT_EQ(maxy, 16000);
    // The name sits inside: the centre of the southern half.
    EXPECT_EQ(map.sozialraeume[0].label.x, std::lround(static_cast<double>(map.width) / 2));
    EXPECT_EQ(map.sozialraeume[0].label.y, 12000);
}

TEST(Karte, AnEnclaveIsAHoleOfItsSozialraumAndFillsItsPlanungsraum) {
    // G1: 0.3° square with a 0.1° hole in the middle; G2 fills the hole and belongs to another Sozialraum but
    // the same Planungsraum.
    const std::vector<Gemeinde> h = {{"G1", "Aue", "1", "I"}, {"G2", "Bach", "2", "I"}};
    const std::string json =
        collection({feature("G1", "Polygon",
                            "[" + rect(12.0, 50.0, 12.3, 50.3) + "," + rect(12.1, 50.1, 12.2, 50.2) + "]"),
                    feature("G2", "Polygon", "[" + rect(12.1, 50.1, 12.2, 50.2) + "]")});
    const auto map = make_map(json, h, {});
    EXPECT_EQ(map.sozialraeume[0].parts, 1u);
    EXPECT_EQ(map.sozialraeume[0].holes, 1u);
    EXPECT_EQ(map.sozialraeume[0].rings.size(), 2u);
    EXPECT_NEAR(map.sozialraeume[0].area_km2, square_km2(0.3, 0.3, 50.15) - square_km2(0.1, 0.1, 50.15),
                1e-6);
    EXPECT_EQ(map.sozialraeume[1].holes, 0u);
    ASSERT_EQ(map.planungsraeume.size(), 1u);
    EXPECT_EQ(map.planungsraeume[0].holes, 0u);  // the enclave's Sozialraum fills the hole
    EXPECT_NEAR(map.planungsraeume[0].area_km2, square_km2(0.3, 0.3, 50.15), 1e-6);
    // The label of Sozialraum 1 is not in its hole (the centroid is; point_on_surface moves it out).
    const auto& l = map.sozialraeume[0].label;
    const auto& hole = map.sozialraeume[0].rings[1];
    long hx0 = hole[0].x, hx1 = hole[0].x, hy0 = hole[0].y, hy1 = hole[0].y;
    for (const auto& p : hole) {
        hx0 = std::min(hx0, p.x), hx1 = std::max(hx1, p.x), hy0 = std::min(hy0, p.y),
        hy1 = std::max(hy1, p.y);
    }
    EXPECT_FALSE(l.x > hx0 && l.x < hx1 && l.y > hy0 && l.y < hy1);
}

TEST(Karte, AMultiPolygonExclaveStaysASecondPart) {
    const std::vector<Gemeinde> h = {{"G1", "Aue", "1", "I"}, {"G2", "Bach", "2", "I"}};
    const std::string json = collection(
        {feature("G1", "MultiPolygon",
                 "[[" + rect(12.0, 50.0, 12.1, 50.1) + "],[" + rect(12.3, 50.0, 12.35, 50.05) + "]]"),
         feature("G2", "Polygon", "[" + rect(12.1, 50.0, 12.3, 50.1) + "]")});
    const auto map = make_map(json, h, {});
    EXPECT_EQ(map.sozialraeume[0].parts, 2u);
    EXPECT_EQ(map.sozialraeume[0].rings.size(), 2u);
    EXPECT_NEAR(map.sozialraeume[0].area_km2, square_km2(0.1, 0.1, 50.05) + square_km2(0.05, 0.05, 50.05),
                1e-6);
    // In the Planungsraum the exclave touches G2 along 12.3° E: one part.
    EXPECT_EQ(map.planungsraeume[0].parts, 1u);
    EXPECT_NEAR(map.planungsraeume[0].area_km2, square_km2(0.3, 0.1, 50.05) + square_km2(0.05, 0.05, 50.05),
                1e-6);
}

TEST(Karte, AKeyOfTheMappingTableFindsItsGemeinde) {
    const std::vector<Gemeinde> h = {{"G01", "Zwickau", "1", "I"}};
    std::string json = collection({feature("14524330", "Polygon", "[" + rect(12.0, 50.0, 12.1, 50.1) + "]")});
    EXPECT_EQ(make_map(json, h, {{"14524330", "G01"}}).sozialraeume.size(), 1u);
    // Without the mapping table nothing of the file belongs to the hierarchy.
    EXPECT_EQ(
        message_of(json, h),
        "kein Gebiet der Datei gehört zur Gebietsgliederung (Schlüssel aus Eigenschaft „gemeinde_id“ oder "
        "„Gemeinde-ID“ oder „AGS“ oder „ags“ oder „AGS_0“, z. B. „14524330“; erwartet: Gemeinde-ID des "
        "Blatts Gebiete oder AGS der Zuordnungstabelle)");
}

TEST(Karte, AGemeindeOutsideTheHierarchyIsLeftOutAndNamed) {
    const std::vector<Gemeinde> h = {{"G1", "Aue", "1", "I"}};
    const std::string json =
        collection({feature("G1", "Polygon", "[" + rect(12.0, 50.0, 12.1, 50.1) + "]"),
                    feature("G7", "Polygon", "[" + rect(13.0, 51.0, 13.1, 51.1) + "]", "Dorf")});
    const auto map = make_map(json, h, {});
    ASSERT_EQ(map.report.size(), 1u);
    EXPECT_EQ(map.report[0],
              "1 Gebiete der Datei gehören nicht zur Gebietsgliederung und bleiben weg: Dorf (G7)");
    EXPECT_EQ(map.sozialraeume.size(), 1u);
    // The box is the hierarchy's (a 0.1° square: higher than wide by 1/cos 50.05°), not the file's.
    EXPECT_EQ(map.height, 16000);
    EXPECT_EQ(map.width, std::lround(16000 * std::cos(50.05 * kPi / 180)));
}

TEST(Karte, AGemeindeOfTheHierarchyWithoutGeometryIsRefusedByName) {
    const std::string json = collection({feature("G1", "Polygon", "[" + rect(12.0, 50.0, 12.1, 50.1) + "]")});
    EXPECT_EQ(message_of(json, kThree),
              "Gemeinden der Gebietsgliederung ohne Umrisse in der Datei: Bach (G2), Cottendorf (G3)");
}

TEST(Karte, RefusesWhatIsNoGeoJson) {
    EXPECT_EQ(message_of("{\"type\": \"FeatureCollection\",\n \"features\": [ }", kThree)
                  .rfind("die Datei ist kein gültiges JSON (Zeile 2: ", 0),
              0u);
    EXPECT_EQ(message_of(R"({"type":"Feature"})", kThree),
              "die Datei ist keine GeoJSON-FeatureCollection (erwartet: \"type\": \"FeatureCollection\" mit "
              "\"features\")");
    EXPECT_EQ(message_of(collection({}), kThree), "die Datei enthält keine Gebiete");
}

TEST(Karte, RefusesAFeatureWithoutKey) {
    const std::string json =
        collection({feature("G1", "Polygon", "[" + rect(12.0, 50.0, 12.1, 50.1) + "]"),
                    feature("", "Polygon", "[" + rect(12.1, 50.0, 12.2, 50.1) + "]", "Bach")});
    EXPECT_EQ(
        message_of(json, kThree),
        "Gebiet 2 der Datei (Bach) hat keinen Gemeindeschlüssel (gesucht: Eigenschaft „gemeinde_id“ oder "
        "„Gemeinde-ID“ oder „AGS“ oder „ags“ oder „AGS_0“)");
}

TEST(Karte, RefusesDegenerateAndInvalidRings) {
    const std::vector<Gemeinde> h = {{"G1", "Aue", "1", "I"}};
    // Two distinct points only.
    EXPECT_EQ(
        message_of(collection({feature("G1", "Polygon", "[[[12,50],[12.1,50],[12,50]]]")}), h),
        "Gemeinde Aue (G1): Ring 1 von Polygon 1 hat weniger als drei verschiedene Punkte oder keine Fläche");
    // Three points on a line: no area.
    EXPECT_EQ(
        message_of(collection({feature("G1", "Polygon", "[[[12,50],[12.1,50],[12.2,50],[12,50]]]")}), h),
        "Gemeinde Aue (G1): Ring 1 von Polygon 1 hat weniger als drei verschiedene Punkte oder keine Fläche");
    // A bow tie (lopsided, so that its signed area is not 0).
    EXPECT_EQ(
        message_of(
            collection({feature("G1", "Polygon", "[[[12,50],[12.2,50.1],[12.2,50],[12,50.2],[12,50]]]")}), h),
        "Gemeinde Aue (G1): die Umrisse sind ungültig (sie schneiden sich selbst oder überlappen einander)");
    // A hole outside its outline.
    EXPECT_EQ(message_of(collection({feature(
                             "G1", "Polygon",
                             "[" + rect(12.0, 50.0, 12.1, 50.1) + "," + rect(13, 50, 13.01, 50.01) + "]")}),
                         h),
              "Gemeinde Aue (G1): die Umrisse sind ungültig (ein Loch liegt außerhalb seines Umrisses)");
    // Read before the hierarchy is consulted: named as the file names it (key, and name if it has one).
    EXPECT_EQ(
        message_of(collection({feature("G1", "Polygon", "[[[12,95],[12.1,50],[12,50.1],[12,95]]]")}), h),
        "Gemeinde G1: eine Koordinate ist keine Zahl oder liegt außerhalb von Länge -180 bis 180, "
        "Breite -90 bis 90 (erwartet: WGS84 in Grad, [Länge, Breite])");
    EXPECT_EQ(message_of(collection({feature("G1", "Point", "[12,50]")}), h),
              "Gemeinde G1: Geometrie „Point“ wird nicht unterstützt (nur Polygon und MultiPolygon)");
}

TEST(Karte, RefusesAGemeindeTwice) {
    const std::string json = collection({feature("G1", "Polygon", "[" + rect(12.0, 50.0, 12.1, 50.1) + "]"),
                                         feature("G1", "Polygon", "[" + rect(12.1, 50.0, 12.2, 50.1) + "]")});
    EXPECT_EQ(message_of(json, kThree), "Gemeinde Aue (G1) steht zweimal in der Datei (Gebiet 1 und 2)");
}

}  // namespace
