// The keyword tables (isp/keywords.hpp). German keyword first; the wizard texts list exactly these.
#include "isp/keywords.hpp"

#include "isp/error.hpp"
#include "isp/messages.hpp"
#include "isp/types.hpp"

namespace isp {

namespace keywords {

const KeywordChoice kNormMethod{"norm_method",
                                {
                                    {"z", "z", "zwert|zscore|standard"},
                                    {"zpop", "zpop", "zp|zgrundgesamtheit"},
                                    {"zw", "zw", "zgewichtet|zweighted"},
                                    {"minmax", "minmax", ""},
                                    {"rang", "rank", "perzentilrang|perzentil|prank|percentrank"},
                                    {"verhaeltnis", "ratio", "index"},
                                    {"zielpfosten", "goalposts", ""},
                                    {"zielabstand", "dist2targ", ""},
                                    {"keine", "none", ""},
                                }};

const KeywordChoice kCompositeMethod{"composite_method",
                                     {
                                         {"mittel", "mean", "mittelwert|amean"},
                                         {"summe", "sum", ""},
                                         {"geometrisch", "geo", "gmean"},
                                         {"mss", "mss", "berlin"},
                                     }};

const KeywordChoice kAggMethod{
    "agg_method",
    {
        {"summe", "sum", ""},
        {"quote", "ratio", "quotient|anteil|rate|verhaeltnis"},
        {"gewmittel", "wmean", "gewichtet|gewichtetesmittel|gewichtetermittelwert|weightedmean"},
        {"mittel", "mean", "mittelwert|durchschnitt|average"},
        {"median", "median", "zentralwert"},
        {"min", "min", "minimum"},
        {"max", "max", "maximum"},
    }};

const KeywordChoice kCorrelationMethod{"correlation_method",
                                       {
                                           {"pearson", "pearson", "p|produktmoment"},
                                           {"spearman", "spearman", "s|rang|rank|rangkorrelation"},
                                       }};

const KeywordChoice kBoundaryRule{"boundary_rule",
                                  {
                                      {"ab", "upper", "oben"},
                                      {"bis", "lower", "unten"},
                                      {"mitte", "middle", "innen"},
                                  }};

const KeywordChoice kPresetScheme{
    "preset_scheme",
    {
        {"belastung", "belastung", "belastungsindex|sozialraummonitor|burden|burdenindex"},
        {"mss-status", "mss-status", "status|statusindex|mss|msstatusindex|mssstatusindex"},
        {"mss-dynamik", "mss-dynamik", "dynamik|dynamikindex|mssdynamikindex|mssdynamics|dynamics"},
    }};

const KeywordChoice kQuantileScheme{"quantile_scheme",
                                    {
                                        {"terzil", "tercile", "tertil|tertile|terzile|terciles|tertiles"},
                                        {"quartil", "quartile", "quartiles"},
                                        {"quintil", "quintile", "quintiles"},
                                        {"dezil", "decile", "dezile|deciles"},
                                    }};

const KeywordChoice kVariation{"variation",
                               {
                                   {"gewichte", "weights", "gewicht|weight"},
                                   {"normierung", "normalisation", "normalisierung|normalization"},
                                   {"aggregation", "aggregation", "aggregierung"},
                                   {"ausreisser", "outliers", "outlier"},
                                   {"sd", "sd", "sdtyp|sdart|sdtype"},
                                   {"alle", "all", ""},
                               }};

const KeywordChoice kCentre{"centre",
                            {
                                {"mittel", "mean", "mittelwert|durchschnitt"},
                                {"gewichtet", "weighted", "einwohnergewichtet"},
                            }};

const KeywordChoice kYesNo{"yes_no",
                           {
                               {"ja", "yes", "coinr"},
                               {"nein", "no", "keine|none"},
                           }};

const KeywordChoice kAusreisserOutput{"ausreisser_output",
                                      {
                                          {"werte", "values", "wert"},
                                          {"behandlung", "treatment", "markierung"},
                                          {"bericht", "report", "zusammenfassung"},
                                      }};

const KeywordChoice kStabilitaetOutput{"stabilitaet_output",
                                       {
                                           {"stabilitaet", "stability", "stabil"},
                                           {"klasse", "class", ""},
                                           {"wahrscheinlichkeiten", "probabilities", "anteile"},
                                           {"index", "index", ""},
                                           {"uebersicht", "summary", "tabelle"},
                                           {"laeufe", "runs", "protokoll"},
                                       }};

const KeywordChoice kKorrelationOutput{"korrelation_output",
                                       {
                                           {"korrelation", "correlation", "r"},
                                           {"paare", "pairs", "n"},
                                       }};

const KeywordChoice kKlasseOutput{"klasse_output",
                                  {
                                      {"text", "label", "beschriftung"},
                                      {"nummer", "number", "zahl|klassennummer"},
                                  }};

const KeywordChoice kKlassenOutput{"klassen_output",
                                   {
                                       {"legende", "legend", "tabelle|table"},
                                       {"beschriftung", "labels", "beschriftungen|label"},
                                       {"untere", "lower", "untere grenze"},
                                       {"obere", "upper", "obere grenze"},
                                       {"beschreibung", "description", "text"},
                                   }};

const KeywordChoice kGeheimhaltungOutput{"geheimhaltung_output",
                                         {
                                             {"werte", "values", ""},
                                             {"status", "flags", ""},
                                             {"summen", "totals", ""},
                                             {"summenstatus", "totalflags", ""},
                                         }};

const KeywordChoice kDeckungOutput{"deckung_output",
                                   {
                                       {"grad", "ratio", "deckungsgrad"},
                                       {"offen", "open", "offenerbedarf"},
                                       {"luecke", "gap", ""},
                                       {"status", "status", "gedeckt"},
                                   }};

const KeywordChoice kKorridorOutput{"korridor_output",
                                    {
                                        {"lage", "position", "text"},
                                        {"abweichung", "deviation", ""},
                                        {"relativ", "relative", ""},
                                    }};

const KeywordChoice kVerweildauerUnit{"verweildauer_unit",
                                      {
                                          {"tage", "days", "d"},
                                          {"monate", "months", "m"},
                                          {"jahre", "years", "y"},
                                      }};

const KeywordChoice kVerweildauerOutput{"verweildauer_output",
                                        {
                                            {"mittel", "mean", "mittelwert"},
                                            {"median", "median", ""},
                                            {"faelle", "cases", ""},
                                            {"offen", "open", ""},
                                        }};

const KeywordChoice kDemografieKind{"demografie_kind",
                                    {
                                        {"jugendquotient", "youth", "jugend"},
                                        {"altenquotient", "oldage", "alten"},
                                        {"gesamtquotient", "total", "gesamt"},
                                        {"alterungsindex", "ageing", "aging"},
                                    }};

}  // namespace keywords

namespace {

bool names(const Keyword& k, const std::string& key) {
    if (normalise_keyword(k.de) == key || normalise_keyword(k.en) == key) return true;
    const std::string synonyms = k.synonyms;
    std::size_t start = 0;
    while (start < synonyms.size()) {
        std::size_t bar = synonyms.find('|', start);
        if (bar == std::string::npos) bar = synonyms.size();
        if (normalise_keyword(synonyms.substr(start, bar - start)) == key) return true;
        start = bar + 1;
    }
    return false;
}

std::string joined(const KeywordChoice& choice, bool german) {
    std::string list;
    for (const Keyword& k : choice.entries) {
        if (!list.empty()) list += ", ";
        list += german ? k.de : k.en;
    }
    return list;
}

}  // namespace

std::size_t find_keyword(const KeywordChoice& choice, const std::string& word) {
    const std::string key = normalise_keyword(word);
    for (std::size_t i = 0; i < choice.entries.size(); ++i) {
        if (names(choice.entries[i], key)) return i;
    }
    return kNoKeyword;
}

std::string german_keywords(const KeywordChoice& choice) {
    return joined(choice, true);
}

std::string english_keywords(const KeywordChoice& choice) {
    return joined(choice, false);
}

std::size_t choose_keyword(const KeywordChoice& choice, const std::string& word, const char* name_de,
                           const char* name_en) {
    const std::size_t i = find_keyword(choice, word);
    if (i != kNoKeyword) return i;
    const Place parameter =
        name_de ? place(Msg::ForParameter, {{name_de, name_en ? name_en : name_de}}) : Place{};
    throw Error::keyword(Msg::KeywordAccepted, word,
                         {parameter, {german_keywords(choice), english_keywords(choice)}});
}

const std::vector<const KeywordChoice*>& keyword_choices() {
    using namespace keywords;
    static const std::vector<const KeywordChoice*> all{
        &kNormMethod,
        &kCompositeMethod,
        &kAggMethod,
        &kCorrelationMethod,
        &kBoundaryRule,
        &kPresetScheme,
        &kQuantileScheme,
        &kVariation,
        &kCentre,
        &kYesNo,
        &kAusreisserOutput,
        &kStabilitaetOutput,
        &kKorrelationOutput,
        &kKlasseOutput,
        &kKlassenOutput,
        &kGeheimhaltungOutput,
        &kDeckungOutput,
        &kKorridorOutput,
        &kVerweildauerUnit,
        &kVerweildauerOutput,
        &kDemografieKind,
    };
    return all;
}

}  // namespace isp
