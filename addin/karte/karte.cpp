#include "karte.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <utility>

// Boost.Geometry does the polygon work (validity, union, simplification, area, a point inside): hand-written
// polygon clipping is where maps go wrong (holes, touching parts, collinear edges).
#include <boost/geometry.hpp>
#include <boost/geometry/algorithms/point_on_surface.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
// JSON: Boost 1.74 has no Boost.JSON; property_tree's JSON reader is in the installed Boost, reports the line
// of a syntax error and reads numbers as text, which is all GeoJSON coordinates need. It holds the whole tree
// in memory: fine for the Gemeinden of a Landkreis or a Land (VG250 Sachsen: a few MB), not meant for Europe.
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include "isp/error.hpp"
#include "isp/messages.hpp"

namespace isp::karte {
namespace {

namespace bg = boost::geometry;
namespace pt = boost::property_tree;
using XY = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<XY>;  // clockwise outer rings, closed
using Multi = bg::model::multi_polygon<Polygon>;

struct LonLat {
    double lon = 0;
    double lat = 0;
};
using RawRing = std::vector<LonLat>;
using RawPolygon = std::vector<RawRing>;  // outer ring, then holes

struct Feature {
    std::size_t number = 0;  // 1-based position in the file
    std::string key;
    std::string name;
    std::string type;
    std::vector<RawPolygon> polygons;
};

std::string text_of(const pt::ptree& node, const std::vector<std::string>& names,
                    std::string* found = nullptr) {
    for (const std::string& n : names) {
        const auto v = node.get_child_optional(pt::ptree::path_type(n, '\0'));
        if (v && v->empty() && !v->data().empty() && v->data() != "null") {
            if (found) *found = n;
            return v->data();
        }
    }
    return {};
}

std::string quoted_names(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "„" : " oder „") + n + "“";
    return out;
}

RawRing read_ring(const pt::ptree& ring, const std::string& who) {
    RawRing out;
    for (const auto& pos : ring) {
        std::vector<double> xy;
        for (const auto& c : pos.second) {
            const auto v = c.second.get_value_optional<double>();
            if (!v || !std::isfinite(*v) || !c.second.empty())
                throw Error::message(Msg::KarteCoordinateInvalid, {who});
            xy.push_back(*v);
        }
        if (xy.size() < 2 || std::abs(xy[0]) > 180 || std::abs(xy[1]) > 90)
            throw Error::message(Msg::KarteCoordinateInvalid, {who});
        out.push_back({xy[0], xy[1]});
    }
    return out;
}

RawPolygon read_polygon(const pt::ptree& rings, const std::string& who) {
    RawPolygon out;
    for (const auto& r : rings) out.push_back(read_ring(r.second, who));
    return out;
}

std::vector<Feature> read_features(const std::string& geojson, const Options& options) {
    pt::ptree root;
    std::istringstream in(geojson);
    try {
        pt::read_json(in, root);
    } catch (const pt::json_parser_error& e) {
        throw Error::message(Msg::KarteJsonInvalid, {static_cast<std::size_t>(e.line()), e.message()});
    }
    const auto features = root.get_child_optional("features");
    if (root.get<std::string>("type", "") != "FeatureCollection" || !features)
        throw Error::message(Msg::KarteNotFeatureCollection);
    const std::vector<std::string> keys =
        options.key_property.empty() ? kKeyProperties : std::vector<std::string>{options.key_property};
    std::vector<Feature> out;
    for (const auto& f : *features) {
        Feature feature;
        feature.number = out.size() + 1;
        const pt::ptree empty;
        const auto props = f.second.get_child_optional("properties");
        feature.key = text_of(props ? *props : empty, keys);
        feature.name = text_of(props ? *props : empty, kNameProperties);
        if (feature.key.empty())
            throw Error::message(
                Msg::KarteFeatureNoKey,
                {feature.number, feature.name.empty() ? "ohne Namen" : feature.name, quoted_names(keys)});
        const std::string who =
            (feature.name.empty() ? feature.key : feature.name + " (" + feature.key + ")");
        feature.type = f.second.get<std::string>("geometry.type", "");
        const auto coords = f.second.get_child_optional("geometry.coordinates");
        if (feature.type == "Polygon" && coords) {
            feature.polygons.push_back(read_polygon(*coords, who));
        } else if (feature.type == "MultiPolygon" && coords) {
            for (const auto& p : *coords) feature.polygons.push_back(read_polygon(p.second, who));
        } else {
            throw Error::message(Msg::KarteGeometryUnsupported,
                                 {who, feature.type.empty() ? "keine" : feature.type});
        }
        out.push_back(std::move(feature));
    }
    if (out.empty()) throw Error::message(Msg::KarteNoFeatures);
    return out;
}

// Equirectangular projection around the centre of the map (docs/karte.md: within a Landkreis of ~50 km the
// scale error is far below a drawn line's width). Kilometres east and north of the centre.
struct Projection {
    double lon0 = 0;
    double lat0 = 0;
    double kx = 0;
    double ky = 0;
    XY operator()(const LonLat& p) const { return XY((p.lon - lon0) * kx, (p.lat - lat0) * ky); }
};

Projection projection_for(const std::vector<const Feature*>& used) {
    double lo0 = 180, lo1 = -180, la0 = 90, la1 = -90;
    for (const Feature* f : used)
        for (const RawPolygon& poly : f->polygons)
            for (const RawRing& ring : poly)
                for (const LonLat& p : ring) {
                    lo0 = std::min(lo0, p.lon);
                    lo1 = std::max(lo1, p.lon);
                    la0 = std::min(la0, p.lat);
                    la1 = std::max(la1, p.lat);
                }
    constexpr double kEarthRadiusKm = 6371.0088;  // mean radius (IUGG)
    constexpr double kPi = 3.14159265358979323846;
    Projection pr;
    pr.lon0 = (lo0 + lo1) / 2;
    pr.lat0 = (la0 + la1) / 2;
    pr.ky = kPi * kEarthRadiusKm / 180;
    pr.kx = pr.ky * std::cos(pr.lat0 * kPi / 180);
    return pr;
}

Multi to_plane(const Feature& f, const Projection& pr, const std::string& who) {
    Multi out;
    for (std::size_t pi = 0; pi < f.polygons.size(); ++pi) {
        Polygon poly;
        for (std::size_t ri = 0; ri < f.polygons[pi].size(); ++ri) {
            std::vector<XY> pts;
            for (const LonLat& ll : f.polygons[pi][ri]) {
                const XY p = pr(ll);
                if (pts.empty() || !bg::equals(pts.back(), p)) pts.push_back(p);
            }
            while (pts.size() > 1 && bg::equals(pts.front(), pts.back())) pts.pop_back();
            bg::model::ring<XY> ring(pts.begin(), pts.end());
            if (!pts.empty()) ring.push_back(pts.front());
            if (pts.size() < 3 || std::abs(bg::area(ring)) <= 0)
                throw Error::message(Msg::KarteRingDegenerate, {who, pi + 1, ri + 1});
            if (ri == 0) {
                poly.outer() = ring;
            } else {
                poly.inners().push_back(ring);
            }
        }
        if (!f.polygons[pi].empty()) out.push_back(poly);
    }
    bg::correct(out);
    bg::validity_failure_type failure;
    if (!bg::is_valid(out, failure)) {
        const Msg why = failure == bg::failure_interior_rings_outside ? Msg::KarteHoleOutside
                                                                      : Msg::KarteSelfIntersection;
        throw Error::message(Msg::KarteGeometryInvalid, {who, place(why)});
    }
    return out;
}

// Dissolves the Gemeinden of each group (Sozialraum or Planungsraum) into one multipolygon, groups in the
// order of their first Gemeinde in the hierarchy.
std::vector<std::pair<std::string, Multi>> dissolve(const std::vector<Gemeinde>& hierarchy,
                                                    const std::map<std::string, Multi>& shapes,
                                                    std::string Gemeinde::*group) {
    std::vector<std::pair<std::string, Multi>> out;
    for (const Gemeinde& g : hierarchy) {
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& a) { return a.first == g.*group; });
        if (it == out.end()) {
            out.emplace_back(g.*group, Multi());
            it = out.end() - 1;
        }
        Multi merged;
        bg::union_(it->second, shapes.at(g.id), merged);
        it->second = std::move(merged);
    }
    return out;
}

struct Frame {
    double minx = 0;
    double maxy = 0;
    double scale = 0;  // 1/100 mm per km
    double tolerance_km = 0;
    Point operator()(const XY& p) const {
        return {std::lround((p.x() - minx) * scale), std::lround((maxy - p.y()) * scale)};
    }
};

// A ring as drawn: simplified points in the box, without repeated points; empty if it collapsed.
Ring draw_ring(const bg::model::ring<XY>& ring, const Frame& frame) {
    Ring out;
    for (const XY& p : ring) {
        const Point q = frame(p);
        if (out.empty() || out.back().x != q.x || out.back().y != q.y) out.push_back(q);
    }
    while (out.size() > 1 && out.front().x == out.back().x && out.front().y == out.back().y) out.pop_back();
    if (out.size() < 3) out.clear();
    return out;
}

Area draw_area(const std::string& id, const Multi& shape, const Frame& frame) {
    Area area;
    area.id = id;
    area.area_km2 = bg::area(shape);
    Multi simple;
    bg::simplify(shape, simple, frame.tolerance_km);
    const double sliver =
        frame.tolerance_km * frame.tolerance_km;  // smaller rings are union noise, not enclaves
    for (const Polygon& poly : simple) {
        if (std::abs(bg::area(poly.outer())) < sliver) continue;
        Ring outer = draw_ring(poly.outer(), frame);
        if (outer.empty()) continue;
        area.rings.push_back(std::move(outer));
        ++area.parts;
        for (const auto& inner : poly.inners()) {
            if (std::abs(bg::area(inner)) < sliver) continue;
            Ring hole = draw_ring(inner, frame);
            if (hole.empty()) continue;
            area.rings.push_back(std::move(hole));
            ++area.holes;
        }
    }
    const auto largest = std::max_element(shape.begin(), shape.end(), [](const Polygon& a, const Polygon& b) {
        return bg::area(a) < bg::area(b);
    });
    if (largest != shape.end()) {
        XY inside;
        bg::centroid(*largest, inside);
        if (!bg::within(inside, *largest)) bg::point_on_surface(*largest, inside);
        area.label = frame(inside);
    }
    return area;
}

}  // namespace

Map make_map(const std::string& geojson, const std::vector<Gemeinde>& hierarchy,
             const std::map<std::string, std::string>& key_to_id, const Options& options) {
    if (options.width < 100 || options.height < 100)
        throw Error::message(Msg::KarteBoxInvalid, {options.width, options.height});
    const std::vector<Feature> features = read_features(geojson, options);
    std::map<std::string, const Gemeinde*> by_id;
    for (const Gemeinde& g : hierarchy) by_id[g.id] = &g;

    std::map<std::string, const Feature*> used;  // Gemeinde-ID → feature
    std::vector<std::string> outside;
    for (const Feature& f : features) {
        std::string id = f.key;
        if (!by_id.count(id)) {
            const auto mapped = key_to_id.find(f.key);
            id = mapped != key_to_id.end() && by_id.count(mapped->second) ? mapped->second : std::string();
        }
        if (id.empty()) {
            outside.push_back(f.name.empty() ? f.key : f.name + " (" + f.key + ")");
            continue;
        }
        const auto [at, fresh] = used.emplace(id, &f);
        if (!fresh)
            throw Error::message(Msg::KarteGemeindeTwice,
                                 {by_id[id]->name + " (" + id + ")", at->second->number, f.number});
    }
    if (used.empty()) {
        const std::string property = quoted_names(
            options.key_property.empty() ? kKeyProperties : std::vector<std::string>{options.key_property});
        throw Error::message(Msg::KarteNoMatch, {property, features.front().key});
    }
    std::string without;
    for (const Gemeinde& g : hierarchy)
        if (!used.count(g.id)) without += (without.empty() ? "" : ", ") + g.name + " (" + g.id + ")";
    if (!without.empty()) throw Error::message(Msg::KarteGemeindeWithoutGeometry, {without});

    Map map;
    std::vector<const Feature*> list;
    for (const auto& [id, f] : used) list.push_back(f);
    const Projection pr = projection_for(list);
    std::map<std::string, Multi> shapes;
    for (const auto& [id, f] : used) {
        const std::string who = by_id[id]->name + " (" + id + ")";
        shapes[id] = to_plane(*f, pr, who);
        for (const RawPolygon& poly : f->polygons)
            for (const RawRing& ring : poly) map.points_in += ring.size();
    }
    const auto sr = dissolve(hierarchy, shapes, &Gemeinde::sozialraum);
    const auto pl = dissolve(hierarchy, shapes, &Gemeinde::planungsraum);

    bg::model::box<XY> box;
    bg::assign_inverse(box);
    for (const auto& [id, m] : sr) bg::expand(box, bg::return_envelope<bg::model::box<XY>>(m));
    const double w = box.max_corner().x() - box.min_corner().x();
    const double h = box.max_corner().y() - box.min_corner().y();
    Frame frame;
    frame.minx = box.min_corner().x();
    frame.maxy = box.max_corner().y();
    frame.scale = std::min(static_cast<double>(options.width) / w, static_cast<double>(options.height) / h);
    frame.tolerance_km = options.tolerance_mm * 100 / frame.scale;
    map.width = std::lround(w * frame.scale);
    map.height = std::lround(h * frame.scale);
    for (const auto& [id, m] : sr) map.sozialraeume.push_back(draw_area(id, m, frame));
    for (const auto& [id, m] : pl) map.planungsraeume.push_back(draw_area(id, m, frame));
    for (const Area& a : map.sozialraeume)
        for (const Ring& r : a.rings) map.points_out += r.size();

    if (!outside.empty()) {
        constexpr std::size_t kNamed = 10;
        std::string listing;
        for (std::size_t i = 0; i < std::min(kNamed, outside.size()); ++i)
            listing += (i ? ", " : "") + outside[i];
        const Place names = outside.size() > kNamed
                                ? place(Msg::KarteAndMore, {listing, outside.size() - kNamed})
                                : Place{listing, listing};
        map.report.push_back(place(Msg::KarteOutside, {outside.size(), names}).de);
    }
    return map;
}

}  // namespace isp::karte
