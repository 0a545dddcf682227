// Aggregation to groups and up the area hierarchy (methods.md §5; domain.md D1-D3, F2).
#include "isp/aggregate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "isp/error.hpp"
#include "isp/types.hpp"
#include "test_errors.hpp"

namespace isp {
namespace {

using isp::test::code_of;
using isp::test::error_of;

const double kInf = std::numeric_limits<double>::infinity();

// ---- Minimal CSV reader for the Zwickau tables (quoted fields, no embedded newlines) -----------------

using Row = std::map<std::string, std::string>;

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(field);
            field.clear();
        } else if (c != '\r') {
            field += c;
        }
    }
    out.push_back(field);
    return out;
}

std::vector<Row> read_csv(const std::string& name) {
    const std::string path = std::string(ISP_TEST_DATA_DIR) + "/zwickau/" + name;
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << path;
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> header = split_csv_line(line);
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const std::vector<std::string> f = split_csv_line(line);
        EXPECT_EQ(f.size(), header.size()) << name << ": " << line;
        Row r;
        for (std::size_t i = 0; i < header.size() && i < f.size(); ++i) r[header[i]] = f[i];
        rows.push_back(r);
    }
    return rows;
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ';');) out.push_back(item);
    return out;
}

// IDs per level are prefixed so that "1" (a Sozialraum) can never collide with another level's key.
std::string sr_id(const std::string& n) {
    return "SR " + n;
}
std::string pr_id(const std::string& n) {
    return "PR " + n;
}
const std::string kLandkreis = "LK Zwickau";

// Gemeinde -> SR -> PR -> LK from gemeinden.csv and sozialraeume.csv (domain.md §5.1).
Hierarchy zwickau_hierarchy() {
    Hierarchy h;
    for (const Row& g : read_csv("gemeinden.csv")) h.add(g.at("gemeinde_id"), sr_id(g.at("sozialraum_id")));
    for (const Row& s : read_csv("sozialraeume.csv"))
        h.add(sr_id(s.at("sozialraum_id")), pr_id(s.at("planungsraum_id")));
    for (const Row& p : read_csv("planungsraeume.csv")) h.add(pr_id(p.at("planungsraum_id")), kLandkreis);
    return h;
}

// ---- Method keywords ------------------------------------------------------------------------------------

TEST(AggregateMethod, GermanAndEnglishKeywords) {
    EXPECT_EQ(parse_agg_method("Summe"), AggMethod::Sum);
    EXPECT_EQ(parse_agg_method("sum"), AggMethod::Sum);
    EXPECT_EQ(parse_agg_method("Quote"), AggMethod::Ratio);
    EXPECT_EQ(parse_agg_method("Anteil"), AggMethod::Ratio);
    EXPECT_EQ(parse_agg_method("Quotient"), AggMethod::Ratio);
    EXPECT_EQ(parse_agg_method("Verhältnis"), AggMethod::Ratio);
    EXPECT_EQ(parse_agg_method("ratio"), AggMethod::Ratio);
    EXPECT_EQ(parse_agg_method("gewichtet"), AggMethod::WeightedMean);
    EXPECT_EQ(parse_agg_method("Gew_Mittel"), AggMethod::WeightedMean);
    EXPECT_EQ(parse_agg_method("wmean"), AggMethod::WeightedMean);
    EXPECT_EQ(parse_agg_method("Mittelwert"), AggMethod::Mean);
    EXPECT_EQ(parse_agg_method("mittel"), AggMethod::Mean);
    EXPECT_EQ(parse_agg_method("MEAN"), AggMethod::Mean);
    EXPECT_EQ(parse_agg_method("Median"), AggMethod::Median);
    EXPECT_EQ(parse_agg_method("Minimum"), AggMethod::Min);
    EXPECT_EQ(parse_agg_method("max"), AggMethod::Max);
    EXPECT_EQ(code_of([] { parse_agg_method("modus"); }), ErrorCode::UnknownMethod);
    EXPECT_EQ(code_of([] { parse_agg_method(""); }), ErrorCode::UnknownMethod);
    for (AggMethod m : {AggMethod::Sum, AggMethod::Ratio, AggMethod::WeightedMean, AggMethod::Mean,
                        AggMethod::Median, AggMethod::Min, AggMethod::Max})
        EXPECT_EQ(parse_agg_method(agg_method_keyword(m)), m);
}

// ---- Group aggregation --------------------------------------------------------------------------------

TEST(Aggregate, F2RatioOfSumsNotMeanOfRatios) {
    // domain.md F2: 10/100 and 50/1000 -> 60/1100 = 5.4545 %, not the mean of 10 % and 5 % (7.5 %).
    const GroupedResult r = aggregate({10, 50}, {"A", "A"}, AggMethod::Ratio, {100, 1000});
    ASSERT_EQ(r.groups, std::vector<std::string>{"A"});
    ASSERT_TRUE(r.value.ok(0));
    EXPECT_DOUBLE_EQ(r.value.value[0], 60.0 / 1100.0);
    EXPECT_NEAR(100.0 * r.value.value[0], 5.4545, 5e-5);
    EXPECT_GT(std::fabs(100.0 * r.value.value[0] - 7.5), 2.0);
    EXPECT_EQ(r.members, std::vector<std::size_t>{2});
}

TEST(Aggregate, MethodsOnAGroupTable) {
    // The Gemeinde table of tests/calc/calc_klasse_aggregate.py; expected values are the native Calc
    // formulas there (SUMIF, AVERAGEIF, MINIFS, MAXIFS, SUMIF/SUMIF, SUMPRODUCT/SUMPRODUCT, MEDIAN).
    const std::vector<std::string> sr{"SR 1", "SR 2", "SR 1", "SR 3", "SR 2", "SR 3"};
    const std::vector<double> num{10, 50, 30, 7, 13, 4};
    const std::vector<double> den{100, 1000, 200, 70, 260, 20};
    const std::vector<double> val{3.0, 5.0, 1.0, kMissing, 2.0, 8.0};

    const GroupedResult sum = aggregate(num, sr, AggMethod::Sum);
    EXPECT_EQ(sum.groups, (std::vector<std::string>{"SR 1", "SR 2", "SR 3"}));  // first appearance
    EXPECT_EQ(sum.value.value, (std::vector<double>{40, 63, 11}));
    EXPECT_EQ(sum.members, (std::vector<std::size_t>{2, 2, 2}));

    const GroupedResult mean = aggregate(val, sr, AggMethod::Mean);
    EXPECT_DOUBLE_EQ(mean.value.value[0], 2.0);  // (3 + 1) / 2
    EXPECT_DOUBLE_EQ(mean.value.value[1], 3.5);  // (5 + 2) / 2
    EXPECT_DOUBLE_EQ(mean.value.value[2], 8.0);  // AVERAGEIF skips the empty cell: 8 / 1

    EXPECT_EQ(aggregate(val, sr, AggMethod::Min).value.value, (std::vector<double>{1, 2, 8}));
    EXPECT_EQ(aggregate(val, sr, AggMethod::Max).value.value, (std::vector<double>{3, 5, 8}));

    const GroupedResult ratio = aggregate(num, sr, AggMethod::Ratio, den);
    EXPECT_DOUBLE_EQ(ratio.value.value[0], 40.0 / 300.0);
    EXPECT_DOUBLE_EQ(ratio.value.value[1], 63.0 / 1260.0);
    EXPECT_DOUBLE_EQ(ratio.value.value[2], 11.0 / 90.0);

    // SR 2: (1000 * 5 + 260 * 2) / 1260 = 5520 / 1260; SR 3: only the member with a value counts: 8.
    const GroupedResult wmean = aggregate(val, sr, AggMethod::WeightedMean, den);
    EXPECT_DOUBLE_EQ(wmean.value.value[0], (100.0 * 3 + 200.0 * 1) / 300.0);
    EXPECT_DOUBLE_EQ(wmean.value.value[1], 5520.0 / 1260.0);
    EXPECT_DOUBLE_EQ(wmean.value.value[2], 8.0);

    // PR II = SR 2 and SR 3 rows: MEDIAN(5; 2; 8) = 5; with an even count MEDIAN(1; 2; 3; 4) = 2.5.
    const std::vector<std::string> pr{"I", "II", "I", "II", "II", "II"};
    EXPECT_DOUBLE_EQ(aggregate(val, pr, AggMethod::Median).value.value[1], 5.0);
    EXPECT_DOUBLE_EQ(aggregate({4, 1, 3, 2}, {"a", "a", "a", "a"}, AggMethod::Median).value.value[0], 2.5);
}

TEST(Aggregate, MissingRules) {
    const std::vector<std::string> g{"a", "a", "b", "b", "c"};
    // Sum: a group with a missing member has no result (the sum would be too low).
    const GroupedResult sum = aggregate({1, kMissing, 2, 3, kMissing}, g, AggMethod::Sum);
    EXPECT_EQ(sum.value.reason[0], Reason::MissingInput);
    EXPECT_TRUE(std::isnan(sum.value.value[0]));
    EXPECT_TRUE(sum.value.ok(1));
    EXPECT_EQ(sum.value.value[1], 5.0);
    EXPECT_EQ(sum.value.reason[2], Reason::MissingInput);

    // Ratio: a missing numerator or denominator makes the group missing; zero denominators -> Undefined.
    const GroupedResult ratio = aggregate({1, 2, 3, 4, 0}, g, AggMethod::Ratio, {10, kMissing, 0, 0, 5});
    EXPECT_EQ(ratio.value.reason[0], Reason::MissingInput);
    EXPECT_EQ(ratio.value.reason[1], Reason::Undefined);
    EXPECT_TRUE(std::isnan(ratio.value.value[1]));
    EXPECT_TRUE(ratio.value.ok(2));
    EXPECT_EQ(ratio.value.value[2], 0.0);  // 0 / 5: a real 0, not a missing value

    // Mean, median, min, max skip missing; all missing -> MissingInput.
    for (AggMethod m : {AggMethod::Mean, AggMethod::Median, AggMethod::Min, AggMethod::Max}) {
        const GroupedResult r = aggregate({1, kMissing, 2, 4, kMissing}, g, m);
        EXPECT_TRUE(r.value.ok(0)) << agg_method_keyword(m);
        EXPECT_EQ(r.value.value[0], 1.0) << agg_method_keyword(m);
        EXPECT_EQ(r.value.reason[2], Reason::MissingInput) << agg_method_keyword(m);
    }

    // Weighted mean over members with value and weight; none -> MissingInput; weights 0 -> Undefined.
    const GroupedResult wm =
        aggregate({1, 3, 2, kMissing, 5}, g, AggMethod::WeightedMean, {kMissing, 2, 0, 7, 0});
    EXPECT_DOUBLE_EQ(wm.value.value[0], 3.0);
    EXPECT_EQ(wm.value.reason[1], Reason::Undefined);
    EXPECT_EQ(wm.value.reason[2], Reason::Undefined);
    const GroupedResult none = aggregate({kMissing, 3}, {"x", "x"}, AggMethod::WeightedMean, {1, kMissing});
    EXPECT_EQ(none.value.reason[0], Reason::MissingInput);
}

TEST(Aggregate, WholeColumnBlankRowsAreSkipped) {
    // A whole-column range: data rows, then empty cells with empty keys.
    std::vector<double> v{5, 7, kMissing, kMissing, kMissing};
    std::vector<std::string> g{"a", "b", "", "", ""};
    const GroupedResult r = aggregate(v, g, AggMethod::Sum);
    EXPECT_EQ(r.groups, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(r.value.value, (std::vector<double>{5, 7}));
    // A header row "PR" with a text (missing) value is a group with no data, not an error.
    const GroupedResult h = aggregate({kMissing, 5}, {"PR", "a"}, AggMethod::Sum);
    EXPECT_EQ(h.value.reason[0], Reason::MissingInput);
    // Only blank rows (ISP_GRUPPEN asks with all values missing): no groups at all.
    EXPECT_EQ(code_of([] {
                  aggregate({kMissing, kMissing}, {"", ""}, AggMethod::Sum);
              }),
              ErrorCode::EmptyInput);
    // ISP_GRUPPEN's call: all values missing, keys present -> the distinct keys.
    EXPECT_EQ(aggregate({kMissing, kMissing, kMissing}, {"b", "a", "b"}, AggMethod::Sum).groups,
              (std::vector<std::string>{"b", "a"}));
}

TEST(Aggregate, ValueWithoutKeyNamesTheRow) {
    const Error e = error_of([] { aggregate({1, 2, 3}, {"a", "a", ""}, AggMethod::Sum); });
    EXPECT_EQ(e.code(), ErrorCode::InvalidParameter);
    EXPECT_NE(e.message_de().find("Zeile 3"), std::string::npos) << e.message_de();
    EXPECT_NE(e.message_en().find("row 3"), std::string::npos) << e.message_en();
    // Ratio: a denominator without a key would be lost as well.
    EXPECT_EQ(code_of([] {
                  aggregate({1, kMissing}, {"a", ""}, AggMethod::Ratio, {10, 5});
              }),
              ErrorCode::InvalidParameter);
    // A weighted mean ignores a weight whose value is missing anyway, so that row is blank.
    EXPECT_NO_THROW(aggregate({1, kMissing}, {"a", ""}, AggMethod::WeightedMean, {10, 5}));
}

TEST(Aggregate, Errors) {
    EXPECT_EQ(code_of([] { aggregate({}, {}, AggMethod::Sum); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { aggregate({1, 2}, {"a"}, AggMethod::Sum); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] {
                  aggregate({1, 2}, {"a", "a"}, AggMethod::Ratio, {1});
              }),
              ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { aggregate({1, kInf}, {"a", "a"}, AggMethod::Sum); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] {
                  aggregate({1, 2}, {"a", "a"}, AggMethod::WeightedMean, {1, -kInf});
              }),
              ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([] {
                  aggregate({1, 2}, {"a", "a"}, AggMethod::WeightedMean, {1, -1});
              }),
              ErrorCode::NegativeWeight);
    EXPECT_EQ(code_of([] {
                  aggregate({1, 2}, {"a", "a"}, AggMethod::Ratio, {1, -1});
              }),
              ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { aggregate({1, 2}, {"a", "a"}, AggMethod::Ratio); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] {
                  aggregate({1, 2}, {"a", "a"}, AggMethod::Sum, {1, 1});
              }),
              ErrorCode::InvalidParameter);
    // Finite input, overflowing result: an error, never inf.
    const double big = std::numeric_limits<double>::max();
    EXPECT_EQ(code_of([=] { aggregate({big, big}, {"a", "a"}, AggMethod::Sum); }), ErrorCode::NonFiniteInput);
    EXPECT_EQ(code_of([=] {
                  aggregate({big, 1}, {"a", "a"}, AggMethod::Ratio, {1e-300, 0});
              }),
              ErrorCode::NonFiniteInput);
}

TEST(Aggregate, WeightedMeanWithHugeWeightsStaysFinite) {
    // sum(w) and sum(w x) overflow here; the scaled two-pass form does not: (2 * 1 + 2 * 3) / 4 = 2.
    const double big = std::numeric_limits<double>::max();
    const GroupedResult r = aggregate({1, 3}, {"a", "a"}, AggMethod::WeightedMean, {big, big});
    ASSERT_TRUE(r.value.ok(0));
    EXPECT_DOUBLE_EQ(r.value.value[0], 2.0);
}

// ---- Hierarchy ------------------------------------------------------------------------------------------

TEST(Hierarchy, ZwickauD1Structure) {
    // domain.md D1: 5 PR, 13 SR, 33 Gemeinden; each Gemeinde in exactly one SR; SR 1 = {Zwickau};
    // Crimmitschau in PR II.
    const std::vector<Row> gem = read_csv("gemeinden.csv");
    const std::vector<Row> srs = read_csv("sozialraeume.csv");
    const std::vector<Row> prs = read_csv("planungsraeume.csv");
    ASSERT_EQ(gem.size(), 33u);
    ASSERT_EQ(srs.size(), 13u);
    ASSERT_EQ(prs.size(), 5u);
    const Hierarchy h = zwickau_hierarchy();  // add() would throw on a second SR for a Gemeinde

    std::vector<std::string> ids;
    for (const Row& g : gem) ids.push_back(g.at("gemeinde_id"));
    const std::vector<std::string> sr = h.map_up(ids, 1);
    const std::vector<std::string> pr = h.map_up(ids, 2);
    const std::vector<std::string> lk = h.map_up(ids, 3);
    EXPECT_EQ(std::set<std::string>(sr.begin(), sr.end()).size(), 13u);
    EXPECT_EQ(std::set<std::string>(pr.begin(), pr.end()).size(), 5u);
    EXPECT_EQ(std::set<std::string>(lk.begin(), lk.end()), std::set<std::string>{kLandkreis});

    std::vector<std::string> sr1;
    for (std::size_t i = 0; i < gem.size(); ++i) {
        if (sr[i] == "SR 1") sr1.push_back(gem[i].at("gemeinde"));
        if (gem[i].at("gemeinde") == "Crimmitschau") {
            EXPECT_EQ(pr[i], "PR II");
            EXPECT_EQ(h.ancestor(ids[i], 1), "SR 3");
        }
    }
    EXPECT_EQ(sr1, std::vector<std::string>{"Zwickau"});

    // The member lists of sozialraeume.csv agree with gemeinden.csv (names within one SR are unique).
    for (const Row& s : srs) {
        std::multiset<std::string> listed;
        for (const auto& n : split_list(s.at("gemeinden"))) listed.insert(n);
        std::multiset<std::string> mapped;
        for (std::size_t i = 0; i < gem.size(); ++i) {
            if (sr[i] == sr_id(s.at("sozialraum_id"))) mapped.insert(gem[i].at("gemeinde"));
        }
        EXPECT_EQ(listed, mapped) << "SR " << s.at("sozialraum_id");
        EXPECT_EQ(std::to_string(listed.size()), s.at("n_gemeinden"));
    }
    for (const Row& p : prs)
        EXPECT_EQ(std::to_string(split_list(p.at("sozialraum_ids")).size()), p.at("n_sozialraeume"));

    // D1 counts as aggregate() sees them: 33 Gemeinde rows roll up to 13 SR, 5 PR, 1 LK.
    const std::vector<double> ones(ids.size(), 1.0);
    EXPECT_EQ(aggregate(ones, sr, AggMethod::Sum).groups.size(), 13u);
    EXPECT_EQ(aggregate(ones, pr, AggMethod::Sum).groups.size(), 5u);
    const GroupedResult lk_count = aggregate(ones, lk, AggMethod::Sum);
    ASSERT_EQ(lk_count.groups.size(), 1u);
    EXPECT_EQ(lk_count.value.value[0], 33.0);
}

TEST(Hierarchy, ZwickauD2HomonymsStayDistinctById) {
    // domain.md D2: "Hartmannsdorf" is a Stadtteil of Zwickau (Stadtgebiet SG4 Nordvorstadt) and a Gemeinde
    // in SR 13. Stadtteile get the ID "<stadtgebiet_id>.<position>" (stadtteile_probable; Hartmannsdorf is
    // the 5th of SG4).
    Hierarchy h = zwickau_hierarchy();
    std::multimap<std::string, std::string> ids_by_name;
    for (const Row& g : read_csv("gemeinden.csv")) ids_by_name.emplace(g.at("gemeinde"), g.at("gemeinde_id"));
    const std::vector<Row> sg = read_csv("stadtgebiete.csv");
    ASSERT_EQ(sg.size(), 8u);  // D1: 8 Stadtgebiete
    for (const Row& s : sg) {
        const std::string& gemeinde = s.at("gemeinde");
        ASSERT_EQ(gemeinde, "Zwickau");
        h.add(s.at("stadtgebiet_id"), "G01");
        const std::vector<std::string> teile =
            split_list(s.at("stadtteile_probable").empty() ? s.at("stadtteile_as_printed")
                                                           : s.at("stadtteile_probable"));
        for (std::size_t i = 0; i < teile.size(); ++i) {
            const std::string id = s.at("stadtgebiet_id") + "." + std::to_string(i + 1);
            h.add(id, s.at("stadtgebiet_id"));
            ids_by_name.emplace(teile[i], id);
        }
    }
    const auto range = ids_by_name.equal_range("Hartmannsdorf");
    std::vector<std::string> ids;
    for (auto it = range.first; it != range.second; ++it) ids.push_back(it->second);
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_NE(ids[0], ids[1]);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), (std::set<std::string>{"G30", "SG4.5"}));
    // The Stadtteil lies in SR 1 / PR I (4 levels up: SG4, G01, SR 1, PR I), the Gemeinde in SR 13 / PR V.
    EXPECT_EQ(h.ancestor("SG4.5", 3), "SR 1");
    EXPECT_EQ(h.ancestor("SG4.5", 4), "PR I");
    EXPECT_EQ(h.ancestor("G30", 1), "SR 13");
    EXPECT_EQ(h.ancestor("G30", 2), "PR V");
    // Aggregating by ID keeps them apart; a name key would have merged 5 + 7 into 12.
    const GroupedResult by_id = aggregate({5, 7}, ids, AggMethod::Sum);
    EXPECT_EQ(by_id.groups.size(), 2u);
    const GroupedResult by_name = aggregate({5, 7}, {"Hartmannsdorf", "Hartmannsdorf"}, AggMethod::Sum);
    EXPECT_EQ(by_name.groups.size(), 1u);
}

TEST(Hierarchy, D3AndRatioOfSumsAtEveryLevel) {
    // Property (domain.md D3, F2): with fictional counts per Gemeinde,
    //  - sums Gemeinde -> SR -> PR equal sums Gemeinde -> PR directly and a hand loop (manual PR sums);
    //  - the quota of aggregated counts at PR level equals the ratio of the sums, whether it is computed
    //    from the SR sums or from the Gemeinden directly.
    const Hierarchy h = zwickau_hierarchy();
    std::vector<std::string> ids;
    for (const Row& g : read_csv("gemeinden.csv")) ids.push_back(g.at("gemeinde_id"));
    const std::vector<std::string> sr = h.map_up(ids, 1);
    const std::vector<std::string> pr = h.map_up(ids, 2);

    std::mt19937 rng(4711);
    for (int rep = 0; rep < 25; ++rep) {
        std::vector<double> num(ids.size()), den(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            den[i] = std::uniform_int_distribution<int>(50, 90000)(rng);
            num[i] = std::uniform_int_distribution<int>(0, static_cast<int>(den[i]) / 5)(rng);
        }
        const GroupedResult sr_num = aggregate(num, sr, AggMethod::Sum);
        const GroupedResult sr_den = aggregate(den, sr, AggMethod::Sum);
        const std::vector<std::string> pr_of_sr = h.map_up(sr_num.groups, 1);
        const GroupedResult pr_num_2step = aggregate(sr_num.value.value, pr_of_sr, AggMethod::Sum);
        const GroupedResult pr_num_direct = aggregate(num, pr, AggMethod::Sum);
        const GroupedResult pr_ratio_2step =
            aggregate(sr_num.value.value, pr_of_sr, AggMethod::Ratio, sr_den.value.value);
        const GroupedResult pr_ratio_direct = aggregate(num, pr, AggMethod::Ratio, den);

        std::map<std::string, double> manual_num, manual_den;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            manual_num[pr[i]] += num[i];
            manual_den[pr[i]] += den[i];
        }
        ASSERT_EQ(pr_num_direct.groups.size(), 5u);
        for (std::size_t p = 0; p < pr_num_direct.groups.size(); ++p) {
            const std::string& key = pr_num_direct.groups[p];
            ASSERT_EQ(pr_num_2step.groups[p], key);                    // same first-appearance order via SR
            EXPECT_EQ(pr_num_direct.value.value[p], manual_num[key]);  // integers: exact
            EXPECT_EQ(pr_num_2step.value.value[p], manual_num[key]);
            const double expected = manual_num[key] / manual_den[key];
            EXPECT_DOUBLE_EQ(pr_ratio_direct.value.value[p], expected);
            EXPECT_DOUBLE_EQ(pr_ratio_2step.value.value[p], expected);
            // Not the mean of the SR quotas (it differs unless the SR quotas are equal).
        }
    }
}

TEST(Hierarchy, Errors) {
    Hierarchy h;
    h.add("a", "b");
    h.add("b", "c");
    EXPECT_NO_THROW(h.add("a", "b"));                                           // the same link again
    EXPECT_EQ(code_of([&] { h.add("a", "x"); }), ErrorCode::InvalidHierarchy);  // second parent
    EXPECT_EQ(code_of([&] { h.add("c", "a"); }), ErrorCode::InvalidHierarchy);  // cycle a -> b -> c -> a
    EXPECT_EQ(code_of([&] { h.add("d", "d"); }), ErrorCode::InvalidHierarchy);  // self-loop
    EXPECT_EQ(code_of([&] { h.add("", "a"); }), ErrorCode::InvalidParameter);
    EXPECT_FALSE(h.contains("d"));  // failed adds leave no trace
    EXPECT_TRUE(h.contains("c"));
    EXPECT_EQ(h.ancestor("a", 0), "a");
    EXPECT_EQ(h.ancestor("a", 2), "c");
    EXPECT_EQ(code_of([&] { h.ancestor("a", 3); }), ErrorCode::InvalidHierarchy);
    EXPECT_EQ(code_of([&] { h.ancestor("zz", 1); }), ErrorCode::UnknownArea);
    EXPECT_EQ(code_of([&] { h.ancestor("a", -1); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(h.map_up({"a", "", "b"}, 1), (std::vector<std::string>{"b", "", "c"}));
    EXPECT_EQ(code_of([&] { h.map_up({"a", "zz"}, 1); }), ErrorCode::UnknownArea);
}

// ---- Population shares per class ----------------------------------------------------------------------

TEST(ClassShares, HamburgPracticeByHand) {
    // PR A: classes {0, 1, 1, none} with 100, 200, 300, 1000 inhabitants -> 100/600, 500/600, 0, 0.
    // PR B: one area in class 3 -> 0, 0, 0, 1.
    const ClassShares s =
        class_population_shares({0, 1, 1, -1, 3}, {100, 200, 300, 1000, 50}, {"A", "A", "A", "A", "B"}, 4);
    ASSERT_EQ(s.groups, (std::vector<std::string>{"A", "B"}));
    EXPECT_DOUBLE_EQ(s.share[0][0], 100.0 / 600.0);
    EXPECT_DOUBLE_EQ(s.share[0][1], 500.0 / 600.0);
    EXPECT_EQ(s.share[0][2], 0.0);
    EXPECT_EQ(s.share[0][3], 0.0);
    EXPECT_EQ(s.share[1], (std::vector<double>{0, 0, 0, 1}));
}

TEST(ClassShares, MissingAndUndefined) {
    // A classed area without population: the group's shares are unknown. No classed area: undefined.
    const ClassShares s =
        class_population_shares({0, 1, -1, 2, 2}, {100, kMissing, 10, 0, 0}, {"A", "A", "B", "C", "C"}, 3);
    for (std::size_t g = 0; g < 3; ++g)
        for (double v : s.share[g]) EXPECT_TRUE(std::isnan(v));
    // Blank rows are skipped, data without a key is an error.
    EXPECT_EQ(class_population_shares({0, -1}, {5, kMissing}, {"A", ""}, 1).groups.size(), 1u);
    EXPECT_EQ(code_of([] {
                  class_population_shares({0, 0}, {5, 5}, {"A", ""}, 1);
              }),
              ErrorCode::InvalidParameter);
}

TEST(ClassShares, Errors) {
    EXPECT_EQ(code_of([] { class_population_shares({}, {}, {}, 4); }), ErrorCode::EmptyInput);
    EXPECT_EQ(code_of([] { class_population_shares({0}, {1, 2}, {"a"}, 4); }), ErrorCode::DimensionMismatch);
    EXPECT_EQ(code_of([] { class_population_shares({4}, {1}, {"a"}, 4); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { class_population_shares({-2}, {1}, {"a"}, 4); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { class_population_shares({0}, {1}, {"a"}, 0); }), ErrorCode::InvalidParameter);
    EXPECT_EQ(code_of([] { class_population_shares({0}, {-1}, {"a"}, 4); }), ErrorCode::NegativeCount);
    EXPECT_EQ(code_of([] { class_population_shares({0}, {kInf}, {"a"}, 4); }), ErrorCode::NonFiniteInput);
}

TEST(ClassShares, PropertySharesSumToOne) {
    // Property: for each group with classed population > 0 the shares sum to 1 and lie in [0, 1].
    const Hierarchy h = zwickau_hierarchy();
    std::vector<std::string> ids;
    for (const Row& g : read_csv("gemeinden.csv")) ids.push_back(g.at("gemeinde_id"));
    const std::vector<std::string> pr = h.map_up(ids, 2);
    std::mt19937 rng(99);
    for (int rep = 0; rep < 50; ++rep) {
        std::vector<int> cls(ids.size());
        std::vector<double> pop(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            cls[i] = std::uniform_int_distribution<int>(-1, 3)(rng);
            pop[i] = std::uniform_int_distribution<int>(300, 90000)(rng);
        }
        const ClassShares s = class_population_shares(cls, pop, pr, 4);
        for (const auto& row : s.share) {
            if (std::isnan(row[0])) continue;  // a PR whose areas all have no class
            double total = 0.0;
            for (double v : row) {
                EXPECT_GE(v, 0.0);
                EXPECT_LE(v, 1.0);
                total += v;
            }
            EXPECT_NEAR(total, 1.0, 1e-12);
        }
    }
}

}  // namespace
}  // namespace isp
