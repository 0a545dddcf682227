// Every keyword a planner types into a function (methods, schemes, output selectors) as data, in one place.
//
// Each choice is a fixed list of meanings; each meaning has a German keyword (wizard texts and German
// messages show it, see addin/functions.json), an English one (English messages) and further accepted
// spellings. The parse functions of the engine (parse_norm_method, ...) and the add-in's output selectors
// read these tables; tests/engine/test_keywords.py checks every keyword the wizard texts name against them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace isp {

struct Keyword {
    const char* de;        // the German keyword, as the wizard texts list it
    const char* en;        // the English keyword
    const char* synonyms;  // further accepted spellings, separated by '|' (may be empty)
};

struct KeywordChoice {
    const char* id;  // the name addin/functions.json gives in a parameter's "keywords"
    // For methods and output selectors the first entry is what an omitted argument means (the add-in's
    // Arg::keyword(); keywords_test checks it). kCentre, kYesNo and kBoundaryRule have no such entry: their
    // readers keep the engine's own default for an omitted argument.
    std::vector<Keyword> entries;
};

// Index of the entry `word` names, matched by normalise_keyword (case, spaces, '-', '_', umlauts: "z-Wert"
// is "zwert", "Verhältnis" is "verhaeltnis"); kNoKeyword if none does.
constexpr std::size_t kNoKeyword = static_cast<std::size_t>(-1);
std::size_t find_keyword(const KeywordChoice& choice, const std::string& word);

// The German (English) keywords of a choice, comma-separated, for messages.
std::string german_keywords(const KeywordChoice& choice);
std::string english_keywords(const KeywordChoice& choice);

// As find_keyword, but an unknown word throws Error(UnknownMethod): "„w“ für <name_de>; möglich: <German
// keywords>" / "'w' for <name_en>; accepted: <English keywords>" (without "für ..." when name_de is null).
std::size_t choose_keyword(const KeywordChoice& choice, const std::string& word,
                           const char* name_de = nullptr, const char* name_en = nullptr);

// Every choice, for the tests that compare the tables with the wizard texts.
const std::vector<const KeywordChoice*>& keyword_choices();

namespace keywords {
// Entries in the order of the enum each one names (NormMethod, CompositeMethod, AggMethod, ...).
extern const KeywordChoice kNormMethod;         // NormMethod
extern const KeywordChoice kCompositeMethod;    // CompositeMethod
extern const KeywordChoice kAggMethod;          // AggMethod
extern const KeywordChoice kCorrelationMethod;  // CorrelationMethod
extern const KeywordChoice kBoundaryRule;       // BoundaryRule
extern const KeywordChoice kPresetScheme;       // belastung, mss-status, mss-dynamik
extern const KeywordChoice kQuantileScheme;     // 3, 4, 5, 10 classes
extern const KeywordChoice kVariation;          // weights, normalisation, aggregation, outliers, sd, all
extern const KeywordChoice kCentre;             // mean, weighted mean
extern const KeywordChoice kYesNo;              // yes, no
// Output selectors and kinds of the add-in's functions, each with the enum of its entries (in their order;
// keywords_test checks it); the add-in reads them with Arg::choice_as<Enum>().
extern const KeywordChoice kAusreisserOutput;
extern const KeywordChoice kStabilitaetOutput;
extern const KeywordChoice kKorrelationOutput;
extern const KeywordChoice kKlasseOutput;
extern const KeywordChoice kKlassenOutput;  // its entries are the legend's columns: all, then one each
extern const KeywordChoice kGeheimhaltungOutput;
extern const KeywordChoice kDeckungOutput;
extern const KeywordChoice kKorridorOutput;
extern const KeywordChoice kVerweildauerUnit;  // DurationUnit (isp/fachplan.hpp)
extern const KeywordChoice kVerweildauerOutput;
extern const KeywordChoice kDemografieKind;
}  // namespace keywords

enum class AusreisserOutput { Values, Treatment, Report };
enum class StabilitaetOutput { Stability, Class, Probabilities, Index, Summary, Runs };
enum class KorrelationOutput { Correlation, Pairs };
enum class KlasseOutput { Label, Number };
enum class GeheimhaltungOutput { Values, Flags, Totals, TotalFlags };
enum class DeckungOutput { Ratio, Open, Gap, Status };
enum class KorridorOutput { Position, Deviation, Relative };
enum class VerweildauerOutput { Mean, Median, Cases, Open };
enum class DemografieKind { Youth, OldAge, Total, Ageing };

}  // namespace isp
