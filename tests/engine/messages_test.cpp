// The message table (engine/include/isp/messages.def) and the rule that engine code builds no message by
// hand: every varying message is a template of the table, filled in both languages by Error::message().
#include "isp/messages.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "isp/types.hpp"

namespace {

std::set<int> placeholders(const std::string& text) {
    std::set<int> out;
    for (std::size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
        if (at + 2 < text.size() && text[at + 1] >= '1' && text[at + 1] <= '9' && text[at + 2] == '}')
            out.insert(text[at + 1] - '0');
    }
    return out;
}

std::vector<isp::MessageText> table() {
    std::size_t count = 0;
    const isp::MessageText* rows = isp::message_table(count);
    return std::vector<isp::MessageText>(rows, rows + count);
}

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The C++ sources of the engine and of the add-in's UNO-free parts (plan, import), with their text.
std::vector<std::pair<std::string, std::string>> sources(const std::vector<std::string>& dirs) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const std::string& dir : dirs) {
        for (const auto& entry :
             std::filesystem::directory_iterator(std::string(ISP_SOURCE_DIR) + "/" + dir)) {
            const std::string ext = entry.path().extension().string();
            if (ext == ".cpp" || ext == ".hpp")
                out.emplace_back(dir + "/" + entry.path().filename().string(), read(entry.path()));
        }
    }
    return out;
}

// The argument text of each call `head(...)` in text (string literals skipped while matching brackets).
std::vector<std::string> call_arguments(const std::string& text, const std::string& head) {
    std::vector<std::string> out;
    for (std::size_t at = text.find(head); at != std::string::npos; at = text.find(head, at + 1)) {
        std::size_t i = at + head.size();
        int depth = 1;
        std::string args;
        while (i < text.size() && depth > 0) {
            const char c = text[i];
            if (c == '"') {  // copy the literal whole: brackets inside it do not count
                std::size_t end = i + 1;
                while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
                args += text.substr(i, end + 1 - i);
                i = end + 1;
                continue;
            }
            if (c == '(') ++depth;
            if (c == ')') --depth;
            if (depth > 0) args += c;
            ++i;
        }
        out.push_back(args);
    }
    return out;
}

TEST(Messages, EveryRowHasBothTextsWithTheSamePlaceholders) {
    const std::vector<isp::MessageText> rows = table();
    ASSERT_GT(rows.size(), 100u);
    std::set<std::string> names;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const isp::MessageText& row = rows[i];
        SCOPED_TRACE(row.name);
        EXPECT_TRUE(names.insert(row.name).second);
        EXPECT_STREQ(isp::message_text(static_cast<isp::Msg>(i)).name, row.name);  // enum and rows in step
        ASSERT_NE(row.de, nullptr);
        ASSERT_NE(row.en, nullptr);
        EXPECT_FALSE(std::string(row.de).empty());
        EXPECT_FALSE(std::string(row.en).empty());
        const std::set<int> de = placeholders(row.de);
        EXPECT_EQ(de, placeholders(row.en)) << row.de << " | " << row.en;
        // {1} … {n} without gaps, so that every argument a throw site gives appears in both languages.
        int expected = 1;
        for (int p : de) {
            EXPECT_EQ(p, expected++) << row.de;
        }
        if (row.code) {
            EXPECT_LT(static_cast<int>(*row.code), isp::kErrorCodeCount);
        }
        // No stray braces: a typo such as {l} or {1 would reach the planner as it stands.
        const std::string both = std::string(row.de) + row.en;
        EXPECT_EQ(std::count(both.begin(), both.end(), '{'), 2 * static_cast<long>(de.size())) << both;
    }
}

TEST(Messages, EveryRowIsUsed) {
    const auto files = sources({"engine/src", "addin/src", "addin/plan", "addin/import", "addin/karte"});
    for (const isp::MessageText& row : table()) {
        const std::string id = std::string("Msg::") + row.name;
        bool used = false;
        for (const auto& [path, text] : files) {
            // Msg::Row must not count as a use of Msg::RowsInParentheses: look past such longer names.
            for (std::size_t at = text.find(id); at != std::string::npos && !used;
                 at = text.find(id, at + 1)) {
                const char next = text[at + id.size()];
                used = !(std::isalnum(static_cast<unsigned char>(next)) || next == '_');
            }
            if (used) break;
        }
        EXPECT_TRUE(used) << row.name << " is in the table but thrown nowhere";
    }
}

TEST(Messages, FillBothLanguagesFromOneRow) {
    const isp::Error e = isp::Error::message(isp::Msg::CutPointNotAscending, {std::size_t{3}, 2.5, 2, 4.0});
    EXPECT_EQ(e.code(), isp::ErrorCode::InvalidCutPoints);
    EXPECT_EQ(e.message_id(), isp::Msg::CutPointNotAscending);
    EXPECT_EQ(e.message_de(),
              "Die Klassengrenzen müssen streng aufsteigend sein: Grenze 3 (2.5) ist nicht größer als Grenze "
              "2 (4)");
    EXPECT_EQ(e.message_en(),
              "Cut-points must be strictly ascending: cut-point 3 (2.5) is not greater than cut-point 2 (4)");
    // Arguments that differ per language, and places filled from the table.
    const isp::Error place = isp::Error::message(
        isp::Msg::PolaritiesDiffer,
        {"A1", isp::place(isp::Msg::StructureRow, {1}), isp::place(isp::Msg::StructureRow, {4})});
    EXPECT_EQ(place.message_de(),
              "Die Polarität muss 1 oder -1 sein: Indikator „A1“ hat verschiedene Polaritäten (Zeile 1 der "
              "Struktur und Zeile 4 der Struktur)");
    EXPECT_EQ(place.message_en(),
              "Polarity must be 1 or -1: indicator 'A1' has different polarities (row 1 of the structure and "
              "row 4 of the structure)");
    const isp::Error named = isp::Error::message(isp::Msg::OverflowIn, {{"Spannweite", "range"}});
    EXPECT_EQ(named.message_de(), "Unendliche Werte sind nicht erlaubt: Überlauf bei Spannweite");
    EXPECT_EQ(named.message_en(), "Infinite values are not allowed: overflow in range");
}

TEST(Messages, NumbersReadAsTheMessagesAlwaysWroteThem) {
    EXPECT_EQ(isp::MsgArg(2.5).de(), "2.5");
    EXPECT_EQ(isp::MsgArg(-1.0).de(), "-1");
    EXPECT_EQ(isp::MsgArg(1e-17).de(), "1e-17");
    EXPECT_EQ(isp::MsgArg(isp::kMissing).de(), "leer");
    EXPECT_EQ(isp::MsgArg(isp::kMissing).en(), "empty");
    EXPECT_EQ(isp::MsgArg(std::numeric_limits<double>::infinity()).de(), "+unendlich");
    EXPECT_EQ(isp::MsgArg(-std::numeric_limits<double>::infinity()).en(), "-infinity");
    EXPECT_EQ(isp::MsgArg(std::size_t{1000000}).de(), "1000000");
    EXPECT_EQ(isp::MsgArg(-3).en(), "-3");
    EXPECT_EQ(isp::MsgArg::exact(2.0000001).de(), "2.0000001");  // %.10g would also give it; %g would not
    EXPECT_EQ(isp::MsgArg::exact(0.1 * 3).de(), "0.3");
}

// Engine and add-in code throws Error::message(Msg::…): an Error whose text is put together where it is
// built (`+`, std::to_string, a formatted buffer) is the pattern issue 14 removed. The two-string constructor
// stays for fixed names ("Einwohner", "population"). "Error(ErrorCode::" also catches the errors that are
// not thrown but noted for ISP_DIAGNOSE (note_error_value). The Weitergabe service (addin/src/weitergabe*)
// throws UNO exceptions with fixed German texts, not isp::Error; nothing there matches.
TEST(Messages, NoThrowSiteBuildsItsTextByHand) {
    for (const auto& [path, source] :
         sources({"engine/src", "addin/src", "addin/plan", "addin/import", "addin/karte"})) {
        // "Error(\n    ErrorCode::…" read as "Error(ErrorCode::…" (clang-format may break after the bracket).
        std::string text;
        for (std::size_t i = 0; i < source.size(); ++i) {
            text += source[i];
            if (i >= 5 && source.compare(i - 5, 6, "Error(") == 0)
                while (i + 1 < source.size() && std::isspace(static_cast<unsigned char>(source[i + 1]))) ++i;
        }
        for (const std::string head : {"throw Error(", "Error(ErrorCode::", "Error::keyword("}) {
            for (const std::string& args : call_arguments(text, head)) {
                std::string outside;  // the arguments without their string literals
                for (std::size_t i = 0; i < args.size(); ++i) {
                    if (args[i] != '"') {
                        outside += args[i];
                        continue;
                    }
                    for (++i; i < args.size() && args[i] != '"'; ++i) i += args[i] == '\\' ? 1 : 0;
                }
                const bool by_hand = outside.find('+') != std::string::npos ||
                                     outside.find("to_string") != std::string::npos ||
                                     outside.find("printf") != std::string::npos;
                EXPECT_FALSE(by_hand) << path << ": " << head << args << ")";
            }
        }
    }
}

}  // namespace
