#include "werte_plan.hpp"

#include <algorithm>
#include <set>

namespace isp::weitergabe {
namespace {

// ASCII letters to lower case; umlauts stay (the phrases below spell them as they occur).
std::string ascii_lower(std::string s) {
    for (char& ch : s)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return s;
}

// Letters of German words: ASCII letters and every byte of a UTF-8 sequence (ä, ö, ü, ß, …).
bool is_letter(char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

bool has_word(const std::string& text, const std::string& word) {
    for (auto pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + 1)) {
        const auto end = pos + word.size();
        if ((pos == 0 || !is_letter(text[pos - 1])) && (end == text.size() || !is_letter(text[end])))
            return true;
    }
    return false;
}

// Whether the '.' at `dot` ends an abbreviation or a number ("z. B.", "Nr.", "31.12.") rather than a
// sentence.
bool ends_abbreviation(const std::string& text, std::size_t dot) {
    static const std::set<std::string> abbreviations = {"nr",  "bzw",  "ggf", "vgl",  "ca",  "inkl", "usw",
                                                        "etc", "evtl", "max", "min",  "abs", "std",  "mio",
                                                        "tsd", "mrd",  "sog", "zzgl", "str"};
    const auto space = text.rfind(' ', dot);
    const std::size_t begin = space == std::string::npos ? 0 : space + 1;
    std::string word = text.substr(begin, dot - begin);
    word.erase(0, word.find_first_not_of("(„\"'"));
    if (word.empty()) return false;
    if (std::all_of(word.begin(), word.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; }))
        return true;
    if (word.size() == 1 && is_letter(word[0])) return true;  // "z. B.", "d. h.", "u. a."
    return abbreviations.count(ascii_lower(word)) > 0;
}

std::string trimmed(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return std::string();
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// The sentences of one paragraph: a sentence ends at '.', '!' or '?' followed by a space or the end.
std::vector<std::string> sentences(const std::string& paragraph) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < paragraph.size(); ++i) {
        const char ch = paragraph[i];
        if (ch != '.' && ch != '!' && ch != '?') continue;
        if (i + 1 < paragraph.size() && paragraph[i + 1] != ' ') continue;
        if (ch == '.' && ends_abbreviation(paragraph, i)) continue;
        const std::string s = trimmed(paragraph.substr(start, i + 1 - start));
        if (!s.empty()) out.push_back(s);
        start = i + 1;
    }
    const std::string rest = trimmed(paragraph.substr(std::min(start, paragraph.size())));
    if (!rest.empty()) out.push_back(rest);
    return out;
}

}  // namespace

std::optional<std::string> neutral_style(const std::string& cell_style) {
    std::string name = cell_style;
    std::replace(name.begin(), name.end(), '_', ' ');
    auto starts = [&](const char* prefix) { return name.rfind(prefix, 0) == 0; };
    if (starts("ISP Legende Eingabe") || starts("ISP Legende Parameter"))
        return std::string("ISP Legende Formel");
    if (!starts("ISP Eingabe") && !starts("ISP Parameter")) return std::nullopt;
    const std::string text_suffix = " Text";
    const bool text = name.size() >= text_suffix.size() &&
                      name.compare(name.size() - text_suffix.size(), text_suffix.size(), text_suffix) == 0;
    return std::string(text ? "ISP Formel Text" : "ISP Formel");
}

bool invites_input(const std::string& sentence) {
    const std::string l = ascii_lower(sentence);
    // Requests for input and the colour legend of input cells.
    static const char* const phrases[] = {
        "eingeben", "einzugeben",   "eintragen",         "einzutragen",       "tragen sie", "was-wäre-wenn",
        "änderbar", "zelle ändern", "änderungen wirken", "Änderungen wirken", "= eingabe",  ": eingabe"};
    for (const char* p : phrases)
        if (l.find(p) != std::string::npos) return true;
    // A promised recalculation ("alles rechnet neu", "rechnen sofort neu"); "rechnet nicht neu" says the
    // opposite.
    return (has_word(l, "rechnet") || has_word(l, "rechnen")) && has_word(l, "neu") && !has_word(l, "nicht");
}

std::optional<std::string> without_invitation(const std::string& text) {
    bool changed = false;
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto newline = text.find('\n', start);
        const std::string paragraph =
            text.substr(start, newline == std::string::npos ? std::string::npos : newline - start);
        std::string kept;
        for (const auto& s : sentences(paragraph)) {
            if (invites_input(s)) {
                changed = true;
                continue;
            }
            if (!kept.empty()) kept += ' ';
            kept += s;
        }
        if (!kept.empty()) {
            if (!out.empty()) out += '\n';
            out += kept;
        }
        if (newline == std::string::npos) break;
        start = newline + 1;
    }
    if (!changed) return std::nullopt;
    return out;
}

std::vector<TextCell> values_only_texts(std::vector<TextCell> cells) {
    std::sort(cells.begin(), cells.end(), [](const TextCell& a, const TextCell& b) { return a.at < b.at; });
    std::vector<TextCell> out;
    std::set<int> noted_sheets;
    for (const auto& c : cells) {
        auto text = without_invitation(c.text);
        if (!text) continue;
        if (text->empty() && noted_sheets.insert(c.at.sheet).second) *text = kValuesOnlyNote;
        out.push_back({c.at, *text});
    }
    return out;
}

}  // namespace isp::weitergabe
