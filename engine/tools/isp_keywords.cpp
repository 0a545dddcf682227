// Lets tests/engine/test_keywords.py ask the engine about keywords without Calc.
//
//   isp_keywords list      one line per table entry: id, index, German keyword, English keyword
//   isp_keywords markdown  docs/keywords.md (a test compares the committed file with this output)
//   isp_keywords check     reads "id<TAB>word" lines; answers "id<TAB>word<TAB>index" for an accepted word,
//                          "id<TAB>word<TAB>-<TAB>message" for a refused one. The engine's own parse
//                          function decides where there is one (parse_norm_method, preset_scheme, ...).
#include <functional>
#include <iostream>
#include <map>
#include <string>

#include "isp/aggregate.hpp"
#include "isp/classify.hpp"
#include "isp/composite.hpp"
#include "isp/error.hpp"
#include "isp/keywords.hpp"
#include "isp/multilevel.hpp"
#include "isp/normalise.hpp"
#include "isp/stability.hpp"

namespace {

using Parser = std::function<std::size_t(const std::string&)>;

template <typename Enum>
std::size_t index_of(Enum e) {
    return static_cast<std::size_t>(e);
}

const std::map<std::string, Parser>& engine_parsers() {
    static const std::map<std::string, Parser> parsers{
        {"norm_method", [](const std::string& w) { return index_of(isp::parse_norm_method(w)); }},
        {"composite_method", [](const std::string& w) { return index_of(isp::parse_composite_method(w)); }},
        {"agg_method", [](const std::string& w) { return index_of(isp::parse_agg_method(w)); }},
        {"correlation_method",
         [](const std::string& w) { return index_of(isp::parse_correlation_method(w)); }},
        {"boundary_rule", [](const std::string& w) { return index_of(isp::parse_boundary_rule(w)); }},
        {"preset_scheme",
         [](const std::string& w) {
             const isp::ClassScheme s = isp::preset_scheme(w);
             return isp::find_keyword(isp::keywords::kPresetScheme, s.name);
         }},
        {"quantile_scheme",
         [](const std::string& w) {
             int k = 0;
             if (!isp::is_quantile_keyword(w, k)) throw isp::Error(isp::ErrorCode::UnknownScheme, w, w);
             return isp::find_keyword(isp::keywords::kQuantileScheme, w);
         }},
        {"variation",
         [](const std::string& w) {
             isp::StabilityOptions so;
             isp::select_variations({w}, so);
             return isp::find_keyword(isp::keywords::kVariation, w);
         }},
    };
    return parsers;
}

const isp::KeywordChoice* choice_by_id(const std::string& id) {
    for (const isp::KeywordChoice* c : isp::keyword_choices()) {
        if (id == c->id) return c;
    }
    return nullptr;
}

int list() {
    for (const isp::KeywordChoice* c : isp::keyword_choices()) {
        for (std::size_t i = 0; i < c->entries.size(); ++i) {
            std::cout << c->id << '\t' << i << '\t' << c->entries[i].de << '\t' << c->entries[i].en << '\n';
        }
    }
    return 0;
}

std::string synonyms_text(const char* synonyms) {
    std::string out;
    const std::string all = synonyms;
    std::size_t start = 0;
    while (start < all.size()) {
        std::size_t bar = all.find('|', start);
        if (bar == std::string::npos) bar = all.size();
        out += (out.empty() ? "`" : ", `") + all.substr(start, bar - start) + "`";
        start = bar + 1;
    }
    return out;
}

int markdown() {
    std::cout
        << "# Keywords of the ISP functions\n\n"
           "<!-- GENERATED from engine/src/keywords.cpp by `build/engine/isp_keywords markdown > "
           "docs/keywords.md`. Do not edit:\n     the test engine_keywords_docs fails when this file and the "
           "table differ. -->\n\n"
           "Every keyword a function takes is defined once, in `engine/src/keywords.cpp`. The wizard texts "
           "(`addin/functions.json`)\nname the German keyword; the English keyword and the other spellings "
           "are accepted as well. Matching\nignores case, spaces, `-` and `_`, and umlauts may be written as "
           "`ae`, `oe`, `ue`, `ss` (`\"z-Wert\"` is `\"zwert\"`,\n`\"Verhältnis\"` is "
           "`\"verhaeltnis\"`). Each parameter of `addin/functions.json` that takes keywords names its table "
           "in\n`\"keywords\"`.\n";
    for (const isp::KeywordChoice* c : isp::keyword_choices()) {
        std::cout << "\n## " << c->id << "\n\n| German | English | also accepted |\n|---|---|---|\n";
        for (const isp::Keyword& k : c->entries) {
            std::cout << "| `" << k.de << "` | `" << k.en << "` | " << synonyms_text(k.synonyms) << " |\n";
        }
    }
    return 0;
}

int check() {
    std::string line;
    while (std::getline(std::cin, line)) {
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) continue;
        const std::string id = line.substr(0, tab);
        const std::string word = line.substr(tab + 1);
        std::cout << id << '\t' << word << '\t';
        const isp::KeywordChoice* choice = choice_by_id(id);
        if (choice == nullptr) {
            std::cout << "-\tno keyword table \"" << id << "\"\n";
            continue;
        }
        try {
            const auto parser = engine_parsers().find(id);
            const std::size_t i =
                parser != engine_parsers().end() ? parser->second(word) : isp::choose_keyword(*choice, word);
            std::cout << i << '\n';
        } catch (const isp::Error& e) {
            std::cout << "-\t" << e.message_de() << '\n';
        }
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc == 2 ? argv[1] : "";
    if (mode == "list") return list();
    if (mode == "check") return check();
    if (mode == "markdown") return markdown();
    std::cerr << "usage: isp_keywords list|check|markdown\n";
    return 2;
}
