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
