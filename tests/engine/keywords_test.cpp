// The keyword tables (isp/keywords.hpp): unambiguous, German first, and the words planners type are accepted.
#include "isp/keywords.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "isp/aggregate.hpp"
#include "isp/classify.hpp"
#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "isp/normalise.hpp"
#include "isp/types.hpp"

namespace {

std::set<std::string> spellings(const isp::Keyword& k) {
    std::set<std::string> out{isp::normalise_keyword(k.de), isp::normalise_keyword(k.en)};
    const std::string synonyms = k.synonyms;
    std::size_t start = 0;
    while (start < synonyms.size()) {
        std::size_t bar = synonyms.find('|', start);
        if (bar == std::string::npos) bar = synonyms.size();
        out.insert(isp::normalise_keyword(synonyms.substr(start, bar - start)));
        start = bar + 1;
    }
    return out;
}

}  // namespace

TEST(Keywords, EverySpellingNamesExactlyItsOwnEntry) {
    for (const isp::KeywordChoice* choice : isp::keyword_choices()) {
        std::set<std::string> ids;
        EXPECT_TRUE(ids.insert(choice->id).second);
        for (std::size_t i = 0; i < choice->entries.size(); ++i) {
            for (const std::string& word : spellings(choice->entries[i])) {
                EXPECT_FALSE(word.empty()) << choice->id << " " << i;
                EXPECT_EQ(isp::find_keyword(*choice, word), i) << choice->id << ": " << word;
            }
        }
    }
}

TEST(Keywords, TheWordsOfIssue13AreAccepted) {
    // "Perzentilrang" and "z-Wert" were refused (Err:502) although the wizard used them.
    EXPECT_EQ(isp::parse_norm_method("Perzentilrang"), isp::NormMethod::PercentRank);
    EXPECT_EQ(isp::parse_norm_method("z-Wert"), isp::NormMethod::ZScore);
    EXPECT_EQ(isp::parse_norm_method("Verhältnis"), isp::NormMethod::Ratio);
    EXPECT_EQ(isp::parse_composite_method("Geometrisch"), isp::CompositeMethod::GeometricMean);
    EXPECT_EQ(isp::parse_agg_method("GewMittel"), isp::AggMethod::WeightedMean);
    EXPECT_EQ(isp::preset_scheme("MSS Status").name, "mss-status");
}

TEST(Keywords, UnknownWordListsTheGermanKeywordsInGermanAndTheEnglishOnesInEnglish) {
    try {
        isp::choose_keyword(isp::keywords::kDeckungOutput, "lücken", "Ausgabe", "output");
        FAIL() << "no error";
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.code(), isp::ErrorCode::UnknownMethod);
        // Expected texts written out by hand from the table's German and English keywords.
        EXPECT_NE(e.message_de().find("„lücken“ für Ausgabe; möglich: grad, offen, luecke, status"),
                  std::string::npos)
            << e.message_de();
        EXPECT_NE(e.message_en().find("'lücken' for output; accepted: ratio, open, gap, status"),
                  std::string::npos)
            << e.message_en();
    }
}

TEST(Keywords, AnUnknownSchemeListsPresetsAndQuantiles) {
    try {
        isp::preset_scheme("terzile x");
        FAIL() << "no error";
    } catch (const isp::Error& e) {
        EXPECT_EQ(e.code(), isp::ErrorCode::UnknownScheme);
        EXPECT_NE(e.message_de().find(
                      "möglich: belastung, mss-status, mss-dynamik, terzil, quartil, quintil, dezil"),
                  std::string::npos)
            << e.message_de();
    }
}
