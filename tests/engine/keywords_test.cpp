// The keyword tables (isp/keywords.hpp): unambiguous, German first, and the words planners type are accepted.
#include "isp/keywords.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "isp/aggregate.hpp"
#include "isp/classify.hpp"
#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "isp/fachplan.hpp"
#include "isp/multilevel.hpp"
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

namespace {
// The table has exactly one entry per enum value, and each value's entry has the given German keyword.
template <class Enum>
void expect_entries(const isp::KeywordChoice& choice,
                    const std::vector<std::pair<Enum, std::string>>& values) {
    ASSERT_EQ(choice.entries.size(), values.size()) << choice.id;
    for (const auto& [value, de] : values)
        EXPECT_EQ(choice.entries.at(static_cast<std::size_t>(value)).de, de) << choice.id;
}
}  // namespace

TEST(Keywords, TheAddinsEnumsNameTheTablesEntriesInOrder) {
    // Arg::choice_as<Enum>() turns an entry's index into the enum. The first entry is what an omitted
    // argument means (Arg::keyword()): the defaults the wizard texts name.
    using namespace isp;
    using namespace isp::keywords;
    using A = AusreisserOutput;
    expect_entries<A>(kAusreisserOutput,
                      {{A::Values, "werte"}, {A::Treatment, "behandlung"}, {A::Report, "bericht"}});
    using S = StabilitaetOutput;
    expect_entries<S>(kStabilitaetOutput, {{S::Stability, "stabilitaet"},
                                           {S::Class, "klasse"},
                                           {S::Probabilities, "wahrscheinlichkeiten"},
                                           {S::Index, "index"},
                                           {S::Summary, "uebersicht"},
                                           {S::Runs, "laeufe"}});
    using R = KorrelationOutput;
    expect_entries<R>(kKorrelationOutput, {{R::Correlation, "korrelation"}, {R::Pairs, "paare"}});
    using K = KlasseOutput;
    expect_entries<K>(kKlasseOutput, {{K::Label, "text"}, {K::Number, "nummer"}});
    using G = GeheimhaltungOutput;
    expect_entries<G>(
        kGeheimhaltungOutput,
        {{G::Values, "werte"}, {G::Flags, "status"}, {G::Totals, "summen"}, {G::TotalFlags, "summenstatus"}});
    using D = DeckungOutput;
    expect_entries<D>(kDeckungOutput,
                      {{D::Ratio, "grad"}, {D::Open, "offen"}, {D::Gap, "luecke"}, {D::Status, "status"}});
    using C = KorridorOutput;
    expect_entries<C>(kKorridorOutput,
                      {{C::Position, "lage"}, {C::Deviation, "abweichung"}, {C::Relative, "relativ"}});
    using U = DurationUnit;
    expect_entries<U>(kVerweildauerUnit, {{U::Days, "tage"}, {U::Months, "monate"}, {U::Years, "jahre"}});
    using V = VerweildauerOutput;
    expect_entries<V>(kVerweildauerOutput,
                      {{V::Mean, "mittel"}, {V::Median, "median"}, {V::Cases, "faelle"}, {V::Open, "offen"}});
    using Y = DemografieKind;
    expect_entries<Y>(kDemografieKind, {{Y::Youth, "jugendquotient"},
                                        {Y::OldAge, "altenquotient"},
                                        {Y::Total, "gesamtquotient"},
                                        {Y::Ageing, "alterungsindex"}});
    // The tables read by an engine parse function, and the legend columns of ISP_KLASSEN.
    EXPECT_EQ(parse_norm_method(kNormMethod.entries.front().de), NormMethod::ZScore);
    EXPECT_EQ(parse_composite_method(kCompositeMethod.entries.front().de), CompositeMethod::Mean);
    EXPECT_EQ(parse_agg_method(kAggMethod.entries.front().de), AggMethod::Sum);
    EXPECT_EQ(parse_correlation_method(kCorrelationMethod.entries.front().de), CorrelationMethod::Pearson);
    EXPECT_EQ(kKlassenOutput.entries.front().de, std::string("legende"));
}
