#include "isp/error.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "isp/types.hpp"

namespace {

TEST(Error, EveryCodeHasDistinctIdAndBothTexts) {
    std::set<std::string> ids;
    for (int i = 0; i < isp::kErrorCodeCount; ++i) {
        const auto code = static_cast<isp::ErrorCode>(i);
        EXPECT_TRUE(ids.insert(isp::error_id(code)).second) << i;
        EXPECT_GT(std::string(isp::error_text_de(code)).size(), 5u);
        EXPECT_GT(std::string(isp::error_text_en(code)).size(), 5u);
        EXPECT_NE(std::string(isp::error_text_de(code)), std::string(isp::error_text_en(code)));
    }
}

TEST(Error, MessagesCarryContextInBothLanguages) {
    const isp::Error e(isp::ErrorCode::UnknownMethod, "„xyz“", "'xyz'");
    EXPECT_EQ(e.message_de(), "Unbekannte Methode: „xyz“");
    EXPECT_EQ(e.message_en(), "Unknown method: 'xyz'");
    EXPECT_EQ(std::string(e.what()), "ISP-E07 Unknown method: 'xyz'");
}

TEST(Error, SizesAreFieldsAndOneTemplate) {
    const isp::Error e = isp::Error::sizes({{3, "Werte", "values"}, {4, "Gewichte", "weights"}});
    EXPECT_EQ(e.code(), isp::ErrorCode::DimensionMismatch);
    ASSERT_EQ(e.sized().size(), 2u);
    EXPECT_EQ(e.sized()[1].n, 4u);
    EXPECT_EQ(e.message_de(), "Die Bereiche haben unterschiedliche Größen: 3 Werte, 4 Gewichte");
    EXPECT_EQ(e.message_en(), "The ranges have different sizes: 3 values, 4 weights");
    EXPECT_NO_THROW(isp::require_same_size({{2, "Zähler", "numerators"}, {2, "Nenner", "denominators"}}));
    EXPECT_THROW(isp::require_same_size({{2, "a", "a"}, {2, "b", "b"}, {1, "c", "c"}}), isp::Error);
}

TEST(Error, KeywordIsAFieldQuotedPerLanguage) {
    const isp::Error e = isp::Error::keyword(isp::ErrorCode::UnknownArea, "SR 9");
    EXPECT_EQ(e.word(), "SR 9");
    EXPECT_EQ(e.message_de(), "Unbekanntes Gebiet: „SR 9“");
    EXPECT_EQ(e.message_en(), "Unknown area: 'SR 9'");
    const isp::Error more =
        isp::Error::keyword(isp::ErrorCode::UnknownMethod, "xyz", "; möglich: a", "; accepted: a");
    EXPECT_EQ(more.message_de(), "Unbekannte Methode: „xyz“; möglich: a");
    EXPECT_EQ(more.message_en(), "Unknown method: 'xyz'; accepted: a");
}

TEST(Error, PlacesGoInFrontOfTheContextOutermostFirst) {
    const isp::Error inner(isp::ErrorCode::ZeroVariance, "Minimum = Maximum", "minimum = maximum");
    const isp::Error e =
        inner.at({"Element 2 (Zeile 2)", "element 2 (row 2)"}).at({"Indikator 3", "indicator 3"});
    EXPECT_EQ(e.code(), isp::ErrorCode::ZeroVariance);
    ASSERT_EQ(e.places().size(), 2u);
    EXPECT_EQ(e.detail_de(), "Minimum = Maximum");
    EXPECT_EQ(e.message_de(),
              "Alle Werte sind gleich (Streuung 0), ein Score ist nicht definiert: Indikator 3: Element 2 "
              "(Zeile 2): "
              "Minimum = Maximum");
    EXPECT_EQ(
        std::string(e.what()),
        "ISP-E04 All values are equal (zero spread), a score is undefined: indicator 3: element 2 (row 2): "
        "minimum = maximum");
    // Without a context of its own the place is the whole context; an empty English detail falls back.
    EXPECT_EQ(isp::Error(isp::ErrorCode::EmptyInput).at({"Indikator 1", "indicator 1"}).message_en(),
              "No values given: indicator 1");
    EXPECT_EQ(isp::Error(isp::ErrorCode::NegativeWeight, "-2").at({"Zeile 1", "row 1"}).message_en(),
              "Weights must not be negative: row 1: -2");
}

TEST(Keyword, FoldsCaseUmlautsAndSeparators) {
    EXPECT_EQ(isp::normalise_keyword("Verhältnis"), "verhaeltnis");
    EXPECT_EQ(isp::normalise_keyword("MSS-Status"), "mssstatus");
    EXPECT_EQ(isp::normalise_keyword(" Größe_X "), "groessex");
}

TEST(Polarity, OnlyPlusMinusOne) {
    EXPECT_EQ(isp::checked_polarity(1.0), 1);
    EXPECT_EQ(isp::checked_polarity(-1.0), -1);
    EXPECT_THROW(isp::checked_polarity(0.0), isp::Error);
    EXPECT_THROW(isp::checked_polarity(isp::kMissing), isp::Error);
}

}  // namespace

namespace {

// docs/methods.md lists every error; this keeps the catalogue and the code in step.
TEST(Error, CatalogueInMethodsDocMatchesCode) {
    std::ifstream in(std::string(ISP_SOURCE_DIR) + "/docs/methods.md");
    ASSERT_TRUE(in.good());
    const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (int i = 0; i < isp::kErrorCodeCount; ++i) {
        const auto code = static_cast<isp::ErrorCode>(i);
        const std::string row = std::string("| ") + isp::error_id(code) + " | " + isp::error_text_de(code) +
                                " | " + isp::error_text_en(code) + " |";
        EXPECT_NE(doc.find(row), std::string::npos) << "docs/methods.md lacks: " << row;
    }
}

}  // namespace
