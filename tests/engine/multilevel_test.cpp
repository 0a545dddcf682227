#include "isp/multilevel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "test_errors.hpp"

namespace {

using isp::test::error_of;

using isp::CorrelationMethod;
using isp::ErrorCode;
using isp::kMissing;
using isp::Matrix;
using isp::MultilevelOptions;
using isp::MultilevelResult;
using isp::Reason;
using isp::StructureRow;

constexpr double kTol = 1e-12;
const double kNaN = kMissing;  // shorter in tables

Matrix matrix(const std::vector<std::vector<double>>& rows) {
    Matrix m(rows.size(), rows.empty() ? 0 : rows[0].size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c) m(r, c) = rows[r][c];
    return m;
}

// 3 areas x 5 indicators. Each column is chosen so that its z-scores (sample SD) are known by hand:
//   I1 {0, 1, 2}: mean 1, SD 1            -> z {-1, 0, 1}
//   I2 {10, 30, 20}: mean 20, SD 10       -> z {-1, 1, 0}
//   I3 {5, 3, 4}, polarity -1: x' {-5, -3, -4}, mean -4, SD 1 -> z {-1, 1, 0}
//   I4 {2, missing, 6}: mean 4, SD sqrt(8) -> z {-1/sqrt2, missing, 1/sqrt2}
//   I5 {1, 4, 7}: mean 4, SD 3            -> z {-1, 0, 1}
const Matrix kData = matrix({{0, 10, 5, 2, 1}, {1, 30, 3, kNaN, 4}, {2, 20, 4, 6, 7}});
const std::vector<std::string> kCodes = {"I1", "I2", "I3", "I4", "I5"};

// Four levels, non-uniform weights, D2 in two Lebenslagen (a DAG, as in the atlas catalogue):
//   D1 = 2 I1 + 1 I2; D2 = 1 I3 + 3 I4; D3 = 1 I5; L1 = 1 D1 + 2 D2; L2 = 1 D2 + 1 D3; G = 3 L1 + 1 L2.
std::vector<StructureRow> structure() {
    return {{"G", "", kNaN, kNaN}, {"L1", "G", 3, kNaN},  {"L2", "G", 1, kNaN},  {"D1", "L1", 1, kNaN},
            {"D2", "L1", 2, kNaN}, {"D2", "L2", 1, kNaN}, {"D3", "L2", 1, kNaN}, {"I1", "D1", 2, 1},
            {"I2", "D1", 1, 1},    {"I3", "D2", 1, -1},   {"I4", "D2", 3, 1},    {"I5", "D3", 1, 1}};
}

double value(const MultilevelResult& r, const std::string& code, std::size_t area) {
    const int i = r.find(code);
    EXPECT_GE(i, 0) << code;
    return r.nodes[static_cast<std::size_t>(i)].value.value[area];
}
Reason reason(const MultilevelResult& r, const std::string& code, std::size_t area) {
    return r.nodes[static_cast<std::size_t>(r.find(code))].value.reason[area];
}

TEST(Multilevel, EveryLevelEqualsHandComputation) {
    const MultilevelResult r = isp::multilevel_index(kData, kCodes, structure());
    EXPECT_EQ(r.top_level, 4);
    const double h = 1.0 / std::sqrt(2.0);
    // Area 1 (all present).
    const double d1 = (2 * -1.0 + 1 * -1.0) / 3, d2 = (1 * -1.0 + 3 * -h) / 4, d3 = -1.0;
    const double l1 = (d1 + 2 * d2) / 3, l2 = (d2 + d3) / 2;
    EXPECT_NEAR(value(r, "I3", 0), -1.0, kTol);  // polarity applied
    EXPECT_NEAR(value(r, "I4", 0), -h, kTol);
    EXPECT_NEAR(value(r, "D1", 0), d1, kTol);
    EXPECT_NEAR(value(r, "D2", 0), d2, kTol);
    EXPECT_NEAR(value(r, "D3", 0), d3, kTol);
    EXPECT_NEAR(value(r, "L1", 0), l1, kTol);
    EXPECT_NEAR(value(r, "L2", 0), l2, kTol);
    EXPECT_NEAR(value(r, "G", 0), (3 * l1 + l2) / 4, kTol);
    // Area 2: I4 missing -> D2 has 1 of its 2 children (< 2/3): missing, and with it L1 and L2 (1 of 2 each).
    EXPECT_NEAR(value(r, "D1", 1), (2 * 0.0 + 1 * 1.0) / 3, kTol);
    EXPECT_EQ(reason(r, "D2", 1), Reason::InsufficientCoverage);
    EXPECT_EQ(reason(r, "L1", 1), Reason::InsufficientCoverage);
    EXPECT_EQ(reason(r, "L2", 1), Reason::InsufficientCoverage);
    EXPECT_EQ(reason(r, "G", 1), Reason::MissingInput);  // no child left at all
    EXPECT_NEAR(r.nodes[static_cast<std::size_t>(r.find("D2"))].coverage[1], 0.5, kTol);  // a count, not
    // the weight share 1/4 (I4 weighs 3 of 4): methods.md §4, COINr dat_thresh
    // Area 3.
    const double e1 = (2 * 1.0 + 0.0) / 3, e2 = (0.0 + 3 * h) / 4, e3 = 1.0;
    EXPECT_NEAR(value(r, "G", 2), (3 * (e1 + 2 * e2) / 3 + (e2 + e3) / 2) / 4, kTol);
}

TEST(Multilevel, MissingChildrenAreReweightedAboveTheCoverage) {
    MultilevelOptions o;
    o.min_coverage = {0.25, 0.3, 0.5};  // level 2, 3, 4
    const MultilevelResult r = isp::multilevel_index(kData, kCodes, structure(), o);
    const double d1 = 1.0 / 3, d2 = 1.0, d3 = 0.0;  // area 2: D2 = I3 alone (z 1)
    const double l1 = (d1 + 2 * d2) / 3, l2 = (d2 + d3) / 2;
    EXPECT_NEAR(value(r, "D2", 1), d2, kTol);
    EXPECT_NEAR(value(r, "G", 1), (3 * l1 + l2) / 4, kTol);
    EXPECT_NEAR(value(r, "L2", 1), l2, kTol);
    // A coverage exactly at the threshold counts (D2: 1 of 2 children at 0.5), just below it does not.
    o.min_coverage = {0.5, 0.5, 0.5};
    EXPECT_NEAR(value(isp::multilevel_index(kData, kCodes, structure(), o), "D2", 1), d2, kTol);
    o.min_coverage = {0.51, 0.5, 0.5};
    const MultilevelResult s = isp::multilevel_index(kData, kCodes, structure(), o);
    EXPECT_EQ(reason(s, "D2", 1), Reason::InsufficientCoverage);
    EXPECT_NEAR(value(s, "L1", 1), d1, kTol);  // 1 of 2 children meets 0.5: D1 alone (by weight only 1/3)
    EXPECT_NEAR(value(s, "L2", 1), d3, kTol);  // D3 alone
}

TEST(Multilevel, LevelsAndSelections) {
    const MultilevelResult r = isp::multilevel_index(kData, kCodes, structure());
    auto codes = [&](const std::vector<std::size_t>& ids) {
        std::vector<std::string> out;
        for (std::size_t i : ids) out.push_back(r.nodes[i].code);
        return out;
    };
    EXPECT_EQ(codes(r.level_nodes(0)), std::vector<std::string>({"G"}));
    EXPECT_EQ(codes(r.level_nodes(2)), std::vector<std::string>({"D1", "D2", "D3"}));
    EXPECT_EQ(codes(r.level_nodes(3)), std::vector<std::string>({"L1", "L2"}));
    EXPECT_EQ(codes(r.level_nodes(1)), kCodes);
    EXPECT_EQ(r.find(" L2 "), r.find("L2"));
    EXPECT_EQ(r.find("nope"), -1);
}

TEST(Multilevel, RescaleBySdFeedsTheParent) {
    MultilevelOptions o;
    o.rescale_by_sd = {true, false, false};
    o.min_coverage = {0.0};
    const MultilevelResult r = isp::multilevel_index(kData, kCodes, structure(), o);
    MultilevelOptions p;
    p.min_coverage = {0.0};
    const MultilevelResult plain = isp::multilevel_index(kData, kCodes, structure(), p);
    // D1 over the 3 areas: {-1, 1/3, 2/3}; its sample SD by hand.
    const double m = 0.0;
    const double sd =
        std::sqrt(((-1 - m) * (-1 - m) + (1.0 / 3 - m) * (1.0 / 3 - m) + (2.0 / 3 - m) * (2.0 / 3 - m)) / 2);
    for (std::size_t a = 0; a < 3; ++a) EXPECT_NEAR(value(r, "D1", a), value(plain, "D1", a) / sd, kTol);
    const double d1 = value(r, "D1", 0), d2 = value(r, "D2", 0);
    EXPECT_NEAR(value(r, "L1", 0), (d1 + 2 * d2) / 3, kTol);
}

TEST(Multilevel, NoneKeepsGivenScoresAndPolarity) {
    MultilevelOptions o;
    o.method = isp::NormMethod::None;
    const Matrix m = matrix({{1.5, -0.5}, {0.25, 2.0}});
    const std::vector<StructureRow> s = {{"G", "", kNaN, kNaN}, {"a", "G", 1, 1}, {"b", "G", 3, -1}};
    const MultilevelResult r = isp::multilevel_index(m, {"a", "b"}, s, o);
    EXPECT_NEAR(value(r, "G", 0), (1.5 + 3 * 0.5) / 4, kTol);
    EXPECT_NEAR(value(r, "G", 1), (0.25 + 3 * -2.0) / 4, kTol);
}

TEST(Multilevel, WithoutPolarityColumnEveryIndicatorIsABurden) {
    MultilevelOptions o;
    o.method = isp::NormMethod::None;
    o.require_polarity = false;
    const std::vector<StructureRow> s = {{"G", "", kNaN, kNaN}, {"a", "G", 1, kNaN}, {"b", "G", 1, kNaN}};
    const MultilevelResult r = isp::multilevel_index(matrix({{1, 3}}), {"a", "b"}, s, o);
    EXPECT_NEAR(value(r, "G", 0), 2.0, kTol);
    o.require_polarity = true;
    EXPECT_EQ(error_of([&] {
                  isp::multilevel_index(matrix({{1, 3}}), {"a", "b"}, s, o);
              }).code(),
              ErrorCode::MissingValue);
}

TEST(Multilevel, ZeroWeightLeavesAnIndicatorOut) {
    MultilevelOptions o;
    o.method = isp::NormMethod::None;
    // "c" has weight 0 and no valid polarity: a context indicator, not used.
    const std::vector<StructureRow> s = {
        {"G", "", kNaN, kNaN}, {"a", "G", 1, 1}, {"b", "G", 1, 1}, {"c", "G", 0, 0}};
    const MultilevelResult r = isp::multilevel_index(matrix({{1, 3, 100}}), {"a", "b", "c"}, s, o);
    EXPECT_NEAR(value(r, "G", 0), 2.0, kTol);
    EXPECT_EQ(reason(r, "c", 0), Reason::MissingInput);
}

ErrorCode code_of(const std::vector<StructureRow>& s, const std::vector<std::string>& codes = kCodes,
                  const MultilevelOptions& o = {}) {
    return error_of([&] { isp::multilevel_index(kData, codes, s, o); }).code();
}

TEST(MultilevelErrors, StructureProblemsAreNamed) {
    auto with = [](std::vector<StructureRow> extra) {
        std::vector<StructureRow> s = structure();
        s.insert(s.end(), extra.begin(), extra.end());
        return s;
    };
    // A cycle: G under L2 makes G its own descendant.
    {
        std::vector<StructureRow> s = structure();
        s[0] = {"G", "D3", 1, kNaN};
        const isp::Error e = error_of([&] { isp::multilevel_index(kData, kCodes, s); });
        EXPECT_EQ(e.code(), ErrorCode::InvalidHierarchy);
        EXPECT_NE(e.message_de().find("Kreis"), std::string::npos) << e.message_de();
    }
    // Unknown parent.
    {
        std::vector<StructureRow> s = structure();
        s[11].parent = "D9";
        const isp::Error e = error_of([&] { isp::multilevel_index(kData, kCodes, s); });
        EXPECT_EQ(e.code(), ErrorCode::InvalidHierarchy);
        EXPECT_NE(e.message_de().find("„D9“ ist unbekannt"), std::string::npos) << e.message_de();
    }
    // Polarity on a group (COINr: directions at indicator level only).
    {
        std::vector<StructureRow> s = structure();
        s[3].polarity = -1;
        const isp::Error e = error_of([&] { isp::multilevel_index(kData, kCodes, s); });
        EXPECT_EQ(e.code(), ErrorCode::InvalidPolarity);
        EXPECT_NE(e.message_de().find("„D1“ ist eine Gruppe"), std::string::npos) << e.message_de();
    }
    EXPECT_EQ(code_of(with({{"X", "I1", 1, kNaN}})), ErrorCode::InvalidHierarchy);  // parent is an indicator
    EXPECT_EQ(code_of(with({{"E", "G", 1, kNaN}})), ErrorCode::InvalidHierarchy);   // group without children
    EXPECT_EQ(code_of(with({{"I1", "D1", 1, 1}})), ErrorCode::InvalidHierarchy);    // the same row twice
    EXPECT_EQ(code_of(with({{"I1", "D2", 1, -1}})), ErrorCode::InvalidPolarity);    // two polarities
    EXPECT_EQ(code_of(with({{"L1", "", kNaN, kNaN}})), ErrorCode::InvalidHierarchy);  // top and child
    EXPECT_EQ(code_of(with({{"", "G", 1, kNaN}})), ErrorCode::InvalidHierarchy);      // code missing
    // I6 is no matrix column, so a group: with a polarity that is the first thing wrong, without one it is a
    // group without children.
    EXPECT_EQ(code_of(with({{"I6", "D3", 1, 1}})), ErrorCode::InvalidPolarity);
    EXPECT_EQ(code_of(with({{"I6", "D3", 1, kNaN}})), ErrorCode::InvalidHierarchy);
    {
        std::vector<StructureRow> s = structure();
        s.pop_back();  // I5 no longer in the structure, and D3 without children
        EXPECT_EQ(code_of(s), ErrorCode::InvalidHierarchy);
    }
    {
        std::vector<StructureRow> s = structure();
        s[7].weight = kNaN;
        EXPECT_EQ(code_of(s), ErrorCode::MissingValue);
        s[7].weight = -1;
        EXPECT_EQ(code_of(s), ErrorCode::NegativeWeight);
        s[7].weight = 0;
        s[8].weight = 0;
        EXPECT_EQ(code_of(s), ErrorCode::ZeroWeightSum);
    }
    {
        std::vector<StructureRow> s = structure();
        s[9].polarity = 0;
        EXPECT_EQ(code_of(s), ErrorCode::InvalidPolarity);
        s[9].polarity = kNaN;
        EXPECT_EQ(code_of(s), ErrorCode::MissingValue);
    }
    EXPECT_EQ(code_of(structure(), {"I1", "I2", "I3", "I1", "I5"}), ErrorCode::InvalidHierarchy);
    EXPECT_EQ(code_of(structure(), {"I1", "I2"}), ErrorCode::DimensionMismatch);
    // Empty rows (a whole-column range) are skipped.
    EXPECT_NO_THROW(isp::multilevel_index(kData, kCodes, with({{"", "", kNaN, kNaN}})));
}

TEST(MultilevelErrors, Options) {
    MultilevelOptions o;
    o.min_coverage = {0.5, 0.5};  // 3 group levels
    EXPECT_EQ(code_of(structure(), kCodes, o), ErrorCode::DimensionMismatch);
    o.min_coverage = {1.5};
    EXPECT_EQ(code_of(structure(), kCodes, o), ErrorCode::InvalidParameter);
    // A constant indicator: ZeroVariance, named.
    Matrix flat = kData;
    for (std::size_t r = 0; r < 3; ++r) flat(r, 4) = 7;
    const isp::Error e = error_of([&] { isp::multilevel_index(flat, kCodes, structure()); });
    EXPECT_EQ(e.code(), ErrorCode::ZeroVariance);
    EXPECT_NE(e.message_de().find("Indikator „I5“"), std::string::npos) << e.message_de();
    Matrix inf = kData;
    inf(0, 0) = std::numeric_limits<double>::infinity();
    EXPECT_EQ(error_of([&] { isp::multilevel_index(inf, kCodes, structure()); }).code(),
              ErrorCode::NonFiniteInput);
}

// ---- Correlations ----

Matrix columns(const std::vector<std::vector<double>>& cols) {
    Matrix m(cols[0].size(), cols.size());
    for (std::size_t c = 0; c < cols.size(); ++c)
        for (std::size_t r = 0; r < cols[c].size(); ++r) m(r, c) = cols[c][r];
    return m;
}

TEST(Correlation, PearsonAndSpearmanByHand) {
    // x {1..5}, y {2,4,5,4,5}: Sxy = 6, Sxx = 10, Syy = 6 -> r = 6/sqrt(60).
    // Ranks of y with ties averaged: {1, 2.5, 4.5, 2.5, 4.5}: Sxy = 7, Syy = 9 -> rho = 7/sqrt(90).
    const Matrix m = columns({{1, 2, 3, 4, 5}, {2, 4, 5, 4, 5}});
    const isp::CorrelationResult p = isp::correlation(m, m, CorrelationMethod::Pearson);
    EXPECT_NEAR(p.r(0, 1), 6 / std::sqrt(60.0), kTol);
    EXPECT_NEAR(p.r(1, 0), 6 / std::sqrt(60.0), kTol);
    EXPECT_NEAR(p.r(0, 0), 1.0, kTol);
    EXPECT_EQ(p.pairs[1], 5u);
    const isp::CorrelationResult s = isp::correlation(m, m, CorrelationMethod::Spearman);
    EXPECT_NEAR(s.r(0, 1), 7 / std::sqrt(90.0), kTol);
}

TEST(Correlation, MonotoneIsSpearmanOne) {
    // domain.md F10 fixture: y = x^3 is monotone but not linear: Spearman 1, Pearson below 1.
    const Matrix m = columns({{1, 2, 3, 4, 5, 6}, {1, 8, 27, 64, 125, 216}});
    EXPECT_NEAR(isp::correlation(m, m, CorrelationMethod::Spearman).r(0, 1), 1.0, kTol);
    EXPECT_LT(isp::correlation(m, m, CorrelationMethod::Pearson).r(0, 1), 0.95);
}

TEST(Correlation, PairwiseDeletionAndTooFewPairs) {
    // Row 3 of y and row 5 of x missing: the pair (x, y) uses rows 1, 2, 4, 6 only.
    // x {1, 2, 4, 6}, y {2, 4, 3, 7}: means 3.25, 4; Sxy = 12, Sxx = 14.75, Syy = 14 -> r = 12/sqrt(206.5).
    const Matrix m = columns({{1, 2, 9, 4, kNaN, 6}, {2, 4, kNaN, 3, 8, 7}, {kNaN, kNaN, kNaN, kNaN, 1, 2}});
    const isp::CorrelationResult p = isp::correlation(m, m, CorrelationMethod::Pearson);
    EXPECT_NEAR(p.r(0, 1), 12 / std::sqrt(206.5), kTol);
    EXPECT_EQ(p.pairs[1], 4u);
    EXPECT_EQ(p.reason[2], Reason::MissingInput);  // x with z: 1 pair
    EXPECT_TRUE(isp::is_missing(p.r(0, 2)));
    EXPECT_EQ(p.reason[8], Reason::MissingInput);  // z with itself: 2 values < 3
    const isp::CorrelationResult two = isp::correlation(m, m, CorrelationMethod::Pearson, 2);
    EXPECT_EQ(two.reason[8], Reason::Ok);
}

TEST(Correlation, ConstantColumnIsUndefinedAndShapes) {
    const Matrix x = columns({{1, 2, 3, 4}, {5, 5, 5, 5}});
    const Matrix y = columns({{4, 3, 2, 1}});
    const isp::CorrelationResult p = isp::correlation(x, y, CorrelationMethod::Pearson);
    EXPECT_EQ(p.r.rows(), 2u);
    EXPECT_EQ(p.r.cols(), 1u);
    EXPECT_NEAR(p.r(0, 0), -1.0, kTol);
    EXPECT_EQ(p.reason[1], Reason::Undefined);
    EXPECT_EQ(error_of([&] {
                  isp::correlation(x, columns({{1, 2, 3}}), CorrelationMethod::Pearson);
              }).code(),
              ErrorCode::DimensionMismatch);
    EXPECT_EQ(error_of([&] { isp::correlation(x, x, CorrelationMethod::Pearson, 1); }).code(),
              ErrorCode::InvalidParameter);
    EXPECT_EQ(error_of([] { isp::parse_correlation_method("kendall"); }).code(), ErrorCode::UnknownMethod);
    EXPECT_EQ(isp::parse_correlation_method("Spearman"), CorrelationMethod::Spearman);
    EXPECT_EQ(isp::parse_correlation_method("rang"), CorrelationMethod::Spearman);
}

TEST(Correlation, AverageRanksAsRankAvg) {
    // RANK.AVG(x; {3; 1; 4; 1; 5; kNaN}; 1): 1 and 1 share ranks 1 and 2 -> 1.5.
    const std::vector<double> r = isp::average_ranks({3, 1, 4, 1, 5, kNaN});
    EXPECT_DOUBLE_EQ(r[0], 3.0);
    EXPECT_DOUBLE_EQ(r[1], 1.5);
    EXPECT_DOUBLE_EQ(r[2], 4.0);
    EXPECT_DOUBLE_EQ(r[3], 1.5);
    EXPECT_DOUBLE_EQ(r[4], 5.0);
    EXPECT_TRUE(isp::is_missing(r[5]));
}

}  // namespace

// ---- The sample catalogue (data/sample): 56 indicators, Dimensionen and Lebenslagen (tags, several per
// indicator), cross-checked against isp::composite, the one-level index that ISP_BELASTUNG uses ----

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << path;
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::vector<std::string> cells(1);
        bool quoted = false;
        for (char ch : line) {
            if (ch == '"')
                quoted = !quoted;
            else if (ch == ',' && !quoted)
                cells.emplace_back();
            else if (ch != '\r')
                cells.back() += ch;
        }
        rows.push_back(cells);
    }
    return rows;
}

TEST(Multilevel, SampleCatalogueEqualsOneLevelComposite) {
    const std::string dir = std::string(ISP_SOURCE_DIR) + "/data/sample/";
    // Indicators with a decided polarity (+ or -) enter; 0 and +/- stay out (not in the matrix).
    std::vector<std::string> codes;
    std::vector<int> polarity;
    std::vector<std::string> dimension, tags;
    for (const auto& r : read_csv(dir + "indikatoren.csv")) {
        if (r[3] != "+" && r[3] != "-") continue;
        codes.push_back(r[0]);
        dimension.push_back(r[1]);
        polarity.push_back(r[3] == "+" ? 1 : -1);
        tags.push_back(r[4]);
    }
    std::vector<std::string> areas;
    std::vector<std::vector<double>> values;
    for (const auto& r : read_csv(dir + "werte.csv")) {
        const auto col = std::find(codes.begin(), codes.end(), r[1]);
        if (col == codes.end()) continue;
        auto area = std::find(areas.begin(), areas.end(), r[0]);
        if (area == areas.end()) {
            areas.push_back(r[0]);
            values.emplace_back(codes.size(), kMissing);
            area = areas.end() - 1;
        }
        double v = kMissing;
        if (!r[4].empty())
            v = std::stod(r[4]);
        else if (!r[2].empty() && !r[3].empty())
            v = std::stod(r[2]) / std::stod(r[3]);
        values[static_cast<std::size_t>(area - areas.begin())]
              [static_cast<std::size_t>(col - codes.begin())] = v;
    }
    ASSERT_EQ(areas.size(), 33u);
    const Matrix data = matrix(values);

    // Structure: indicator -> its Dimension (a top group) and -> each Lebenslage it is tagged with;
    // Lebenslagen -> Gesamt with weights 2, 1, 1, 1.
    const std::vector<std::pair<std::string, double>> lebenslagen = {{"K", 2}, {"T", 1}, {"S", 1}, {"B", 1}};
    std::vector<StructureRow> s = {{"Gesamt", "", kNaN, kNaN}};
    std::vector<std::string> dims;
    for (const auto& [ll, w] : lebenslagen) s.push_back({"LL " + ll, "Gesamt", w, kNaN});
    for (std::size_t k = 0; k < codes.size(); ++k) {
        if (std::find(dims.begin(), dims.end(), dimension[k]) == dims.end()) {
            dims.push_back(dimension[k]);
            s.push_back({dimension[k], "", kNaN, kNaN});
        }
        s.push_back({codes[k], dimension[k], 1, static_cast<double>(polarity[k])});
        for (const auto& [ll, w] : lebenslagen)
            if (tags[k].find(ll) != std::string::npos) s.push_back({codes[k], "LL " + ll, 1, kNaN});
    }
    const MultilevelResult r = isp::multilevel_index(data, codes, s);
    EXPECT_EQ(r.top_level, 3);

    // Every Dimension and Lebenslage equals isp::composite over its members (weight 1, others 0).
    auto member_groups = dims;
    for (const auto& [ll, w] : lebenslagen) member_groups.push_back("LL " + ll);
    for (const std::string& group : member_groups) {
        std::vector<isp::IndicatorSpec> specs(codes.size());
        for (std::size_t k = 0; k < codes.size(); ++k) {
            specs[k].polarity = polarity[k];
            const bool member = group.rfind("LL ", 0) == 0
                                    ? tags[k].find(group.substr(3)) != std::string::npos
                                    : dimension[k] == group;
            specs[k].weight = member ? 1.0 : 0.0;
        }
        const isp::CompositeResult c = isp::composite(data, specs);
        for (std::size_t a = 0; a < areas.size(); ++a) {
            ASSERT_EQ(c.index.reason[a], reason(r, group, a)) << group << " area " << a;
            if (c.index.ok(a)) {
                EXPECT_NEAR(value(r, group, a), c.index.value[a], kTol) << group << " area " << a;
            }
        }
    }
    // Gesamt: weighted mean of the four Lebenslagen by hand (all present here).
    for (std::size_t a = 0; a < areas.size(); ++a) {
        double sum = 0, weight = 0;
        for (const auto& [ll, w] : lebenslagen) {
            sum += w * value(r, "LL " + ll, a);
            weight += w;
        }
        EXPECT_NEAR(value(r, "Gesamt", a), sum / weight, kTol) << "area " << a;
    }
}
