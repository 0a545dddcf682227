// The values-only copy (Weitergabe variant "werte") as pure functions (no UNO types). The copy holds values
// only: nothing recalculates, so nothing in it may invite input. Input cells are recognised by the cell
// styles the templates give them (templates/isp_templates/common.py: "ISP Eingabe", "ISP Parameter" and their
// variants) and get the style of computed cells; texts that ask for input or promise a recalculation lose
// those sentences. The applier (addin/src/weitergabe.cpp) reads the copy's styles and texts and carries out
// the result; every rule is tested in tests/addin/werte_plan_test.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "weitergabe_plan.hpp"

namespace isp::weitergabe {

// What a text that only invited input becomes (the first such text of a sheet; later ones are cleared).
inline constexpr const char* kValuesOnlyNote =
    "Nur Werte: diese Kopie rechnet nicht neu – Eingaben ändern keine Ergebnisse.";

// The neutral style for a cell style that marks input cells ("ISP Eingabe…", "ISP Parameter…": yellow and
// orange, unprotected): "ISP Formel", "ISP Formel Text" (wrapping text styles), "ISP Legende Formel" for the
// colour legend. Display names ("ISP Eingabe") and ODF names ("ISP_Eingabe") both count. nullopt: not an
// input style (kept).
std::optional<std::string> neutral_style(const std::string& cell_style);

// Whether one sentence asks for input or promises a recalculation ("Ebene und Kennung eingeben", "eine Zelle
// ändern – alles rechnet neu", "Was-wäre-wenn: …", the colour legend "gelb = Eingabe").
bool invites_input(const std::string& sentence);

// The text without its inviting sentences (paragraphs and the other sentences stay); "" when nothing is left;
// nullopt when no sentence invites input.
std::optional<std::string> without_invitation(const std::string& text);

struct TextCell {
    Cell at;
    std::string text;
};

// The cells whose text changes, in sheet/row/column order: inviting sentences removed; a text that consisted
// only of them becomes kValuesOnlyNote when it is the first such text of its sheet, else "" (cleared).
std::vector<TextCell> values_only_texts(std::vector<TextCell> cells);

}  // namespace isp::weitergabe
