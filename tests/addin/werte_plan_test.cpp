// The values-only copy (addin/plan/werte_plan.hpp) does not invite input: input styles become neutral, texts
// that ask for input or promise a recalculation lose those sentences. The texts are the templates' own
// (templates/isp_templates/*.py), written out here; every expected result is spelled out by hand.
#include "werte_plan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wg = isp::weitergabe;

namespace {

wg::TextCell text_at(int sheet, int row, int col, const std::string& text) {
    return wg::TextCell{wg::Cell{sheet, col, row}, text};
}

}  // namespace

// W20: input and parameter styles become the computed cells' styles.
TEST(WerteStyles, InputAndParameterStylesBecomeTheComputedStyle) {
    EXPECT_EQ(wg::neutral_style("ISP Eingabe"), "ISP Formel");
    EXPECT_EQ(wg::neutral_style("ISP_Eingabe"), "ISP Formel");  // the ODF spelling of the same style
    EXPECT_EQ(wg::neutral_style("ISP Eingabe Text"), "ISP Formel Text");
    EXPECT_EQ(wg::neutral_style("ISP Parameter"), "ISP Formel");
    EXPECT_EQ(wg::neutral_style("ISP Legende Eingabe"), "ISP Legende Formel");
    EXPECT_EQ(wg::neutral_style("ISP Legende Parameter"), "ISP Legende Formel");
}

// W20: every other style stays.
TEST(WerteStyles, OtherStylesStay) {
    for (const char* s : {"ISP Formel", "ISP Ergebnis", "ISP Kopf", "ISP Klasse 3", "Default", "", "Eingabe",
                          "ISP Legende Ergebnis", "ISP Hinweis"})
        EXPECT_EQ(wg::neutral_style(s), std::nullopt) << s;
}

// W21: sentences that ask for input or promise a recalculation.
TEST(WerteTexts, SentencesThatAskForInputOrPromiseARecalculation) {
    EXPECT_TRUE(
        wg::invites_input("Ebene und Kennung eingeben – das Blatt rechnet für dieses Gebiet neu: Werte, "
                          "Vorjahr, Veränderung, Vergleich mit dem Landkreis."));
    EXPECT_TRUE(wg::invites_input("Eine Zelle ändern – alles rechnet neu."));
    EXPECT_TRUE(wg::invites_input("Was-wäre-wenn: eine Zelle ändern, alles rechnet neu."));
    EXPECT_TRUE(wg::invites_input("Zellfarben: gelb = Eingabe · orange = Parameter · weiß = berechnet"));
    EXPECT_TRUE(wg::invites_input("Gelb: Eingabe – hier tragen Sie Daten ein."));
    EXPECT_TRUE(
        wg::invites_input("Orange: Parameter – Auswahl, Gewichte, Quoten; Änderungen wirken sofort."));
    EXPECT_TRUE(wg::invites_input("Deckungsgrad, Status und Priorität rechnen sofort neu."));
    EXPECT_TRUE(
        wg::invites_input("Fehlende Werte bleiben leer – nie 0 eintragen, wenn ein Wert unbekannt ist."));
}

// W21: descriptions and "rechnet nicht neu" stay.
TEST(WerteTexts, DescriptionsAndTheOppositeStay) {
    EXPECT_FALSE(wg::invites_input("Gleiche Gewichte sind der Standard."));
    EXPECT_FALSE(wg::invites_input(wg::kValuesOnlyNote));  // "rechnet nicht neu"
    EXPECT_FALSE(wg::invites_input("Blau: wichtige Ergebnisse."));
    // "Neuberechnen" and "neue" are no promise: "neu" and "rechnen" count only as words.
    EXPECT_FALSE(wg::invites_input("Ohne Add-in zeigen diese Zellen nach dem Neuberechnen #NAME?."));
    EXPECT_FALSE(wg::invites_input("Die Werte rechnen auf neue Gebiete um."));
    EXPECT_FALSE(wg::invites_input("Eingabedaten: Statistisches Landesamt, Stichtag 31.12."));
}

// W21: only the inviting sentences go; abbreviations and dates end no sentence.
TEST(WerteTexts, OnlyTheInvitingSentencesGo) {
    EXPECT_EQ(
        wg::without_invitation("Polarität und Gewicht je Indikator und Lebenslage (Gewicht 0 = nicht "
                               "einbezogen), Schwellen und Klassenschema. Eine Zelle ändern – alles "
                               "rechnet neu."),
        "Polarität und Gewicht je Indikator und Lebenslage (Gewicht 0 = nicht einbezogen), Schwellen und "
        "Klassenschema.");
    EXPECT_EQ(
        wg::without_invitation("Alles, was die Bewertung bestimmt, steht hier sichtbar und änderbar "
                               "(Was-wäre-wenn = eine Zelle ändern). Gleiche Gewichte sind der Standard."),
        "Gleiche Gewichte sind der Standard.");
    // Abbreviations and dates do not end a sentence: "z. B." stays inside the kept sentence.
    EXPECT_EQ(
        wg::without_invitation("Werte je Gemeinde, z. B. Durchschnittsalter am 31.12. des Jahres. Bitte "
                               "hier eingeben!"),
        "Werte je Gemeinde, z. B. Durchschnittsalter am 31.12. des Jahres.");
    // Paragraphs stay paragraphs; an emptied one goes.
    EXPECT_EQ(wg::without_invitation("Erster Absatz.\nWerte eintragen.\nDritter Absatz."),
              "Erster Absatz.\nDritter Absatz.");
    EXPECT_EQ(wg::without_invitation("Ebene und Kennung eingeben – das Blatt rechnet für dieses Gebiet neu."),
              "");
    EXPECT_EQ(wg::without_invitation("Klassen nach dem Klassenschema. Index 0 = Landkreis."), std::nullopt);
    EXPECT_EQ(wg::without_invitation(""), std::nullopt);
}

// W21: the first emptied text of a sheet becomes the note, later ones are cleared.
TEST(WerteTexts, FirstEmptiedTextOfASheetBecomesTheNoteLaterOnesAreCleared) {
    // Given out of order: the plan works in sheet, row, column order.
    const std::vector<wg::TextCell> cells = {
        text_at(0, 3, 0, "Zellfarben: gelb = Eingabe · orange = Parameter · weiß = berechnet (geschützt)"),
        text_at(0, 2, 0, "Ebene und Kennung eingeben – das Blatt rechnet für dieses Gebiet neu."),
        text_at(0, 6, 1, "Sozialraum"),
        text_at(1, 2, 0, "Schwellen und Klassenschema. Eine Zelle ändern – alles rechnet neu."),
        text_at(1, 3, 0, "Zellfarben: gelb = Eingabe · orange = Parameter"),
    };
    const auto out = wg::values_only_texts(cells);
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0].at, (wg::Cell{0, 0, 2}));
    EXPECT_EQ(out[0].text, wg::kValuesOnlyNote);
    EXPECT_EQ(out[1].at, (wg::Cell{0, 0, 3}));
    EXPECT_EQ(out[1].text, "");
    EXPECT_EQ(out[2].at, (wg::Cell{1, 0, 2}));
    EXPECT_EQ(out[2].text, "Schwellen und Klassenschema.");
    EXPECT_EQ(out[3].at, (wg::Cell{1, 0, 3}));  // the first emptied text of sheet 1
    EXPECT_EQ(out[3].text, wg::kValuesOnlyNote);
}
