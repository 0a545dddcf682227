// The portable copy's formula rewriting (addin/plan/portable_formula.hpp): every expected native formula is
// written out by hand from the engine's definitions (engine/src/fachplan.cpp: eckwert = cases / population ×
// per, yoy_change = current / previous − 1 with a negative base missing, deckung: ratio first, then
// max(0, demand − supply), demand − supply, supply ≥ demand → "gedeckt"). tests/sharing/calc_portable.py
// checks the same formulas in Calc against the add-in's results.
#include "portable_formula.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace pf = isp::portable;

namespace {

std::string ok(const std::string& f) {
    const pf::Translation t = pf::translate(f);
    EXPECT_TRUE(t.ok) << f << ": " << t.reason;
    return t.formula;
}

}  // namespace

// W23: every add-in call is found (no ISP_ call may be left in the file).
TEST(PortableFormula, FindsAddinCallsInBothSpellings) {
    EXPECT_TRUE(pf::uses_addin("=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPECKWERT(C5;B5;1000)"));
    EXPECT_TRUE(pf::uses_addin("=IF(B9=\"\";\"\";ISP_DICHTE(B9;B10))"));
    EXPECT_FALSE(pf::uses_addin("=ISPMT(0.1;1;3;1000)"));   // native financial function
    EXPECT_FALSE(pf::uses_addin("=\"ISP_ECKWERT(1;2)\""));  // inside a text
    EXPECT_FALSE(pf::uses_addin("=$'ISP_QUOTE'.A1+1"));     // a sheet name
    EXPECT_FALSE(pf::uses_addin("=SUM(A1:A3)"));
}

// W23: native formulas stay as they are.
TEST(PortableFormula, NativeFormulasAreLeftAlone) {
    EXPECT_EQ(ok("=SUM($Werte.A1:A3)*2"), "=SUM($Werte.A1:A3)*2");
}

// W24
TEST(PortableFormula, Eckwert) {
    EXPECT_EQ(ok("=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPECKWERT(C5;B5;1000)"),
              "=IF(ISNUMBER((C5))*ISNUMBER((B5));(C5)/(B5)*(1000);\"\")");
    // per defaults to 1000
    EXPECT_EQ(ok("=ISP_ECKWERT(C5;B5)"), "=IF(ISNUMBER((C5))*ISNUMBER((B5));(C5)/(B5)*1000;\"\")");
}

// W25
TEST(PortableFormula, RatiosInsideNativeFormulas) {
    EXPECT_EQ(ok("=IF(OR(B9=\"\";B10=\"\");\"\";DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPDICHTE(B9;B10))"),
              "=IF(OR(B9=\"\";B10=\"\");\"\";IF(ISNUMBER((B9))*ISNUMBER((B10));(B9)/(B10);\"\"))");
    EXPECT_EQ(ok("=ISP_AUSLASTUNG(H3;G3)"), "=IF(ISNUMBER((H3))*ISNUMBER((G3));(H3)/(G3);\"\")");
    EXPECT_EQ(ok("=ISP_VERSORGUNGSGRAD(I3;C3)"), "=IF(ISNUMBER((I3))*ISNUMBER((C3));(I3)/(C3);\"\")");
}

// W26
TEST(PortableFormula, VeraenderungNegativeBaseIsMissing) {
    EXPECT_EQ(ok("=ISP_VERAENDERUNG(B4;B5)"),
              "=IF(ISNUMBER((B4))*ISNUMBER((B5));IF((B4)<0;\"\";(B5)/(B4)-1);\"\")");
}

// W27
TEST(PortableFormula, DeckungEveryOutput) {
    const std::string guard = "IF(ISNUMBER((C3))*ISNUMBER((D3));";
    EXPECT_EQ(ok("=ISP_DECKUNG(C3;D3)"), "=" + guard + "(C3)/(D3);\"\")");
    EXPECT_EQ(ok("=ISP_DECKUNG(C3;D3;\"grad\")"), "=" + guard + "(C3)/(D3);\"\")");
    EXPECT_EQ(ok("=ISP_DECKUNG(C3;D3;\"offen\")"),
              "=" + guard + "IF((D3)=0;1/0;IF((D3)-(C3)>0;(D3)-(C3);0));\"\")");
    EXPECT_EQ(ok("=ISP_DECKUNG(C3;D3;\"Luecke\")"), "=" + guard + "IF((D3)=0;1/0;(D3)-(C3));\"\")");
    EXPECT_EQ(ok("=ISP_DECKUNG(C3;D3;\"status\")"),
              "=" + guard + "IF((D3)=0;1/0;IF((C3)>=(D3);\"gedeckt\";\"offener Bedarf\"));\"\")");
    const pf::Translation computed = pf::translate("=ISP_DECKUNG(C3;D3;E1)");
    EXPECT_FALSE(computed.ok);
    EXPECT_EQ(computed.formula, "=ISP_DECKUNG(C3;D3;E1)");
    EXPECT_FALSE(pf::translate("=ISP_DECKUNG(C3;D3;\"irgendwas\")").ok);
}

// W28
TEST(PortableFormula, BedarfOneAgeGroup) {
    EXPECT_EQ(ok("=IF(C3=\"\";\"\";ISP_BEDARF(C3;D3;E3))"), "=IF(C3=\"\";\"\";(C3)*(D3)*(1+(E3)))");
    EXPECT_EQ(ok("=ISP_BEDARF(C3;D3)"), "=(C3)*(D3)*(1+0)");
    EXPECT_FALSE(pf::translate("=ISP_BEDARF(C3:C5;D3:D5;E3)").ok);  // several age groups: frozen
}

TEST(PortableFormula, NestedCallsAndArguments) {
    // An argument that is itself an add-in call, and semicolons inside texts and inline arrays.
    EXPECT_EQ(ok("=ISP_DICHTE(ISP_ECKWERT(A1;A2);SUM({1;2}))"),
              "=IF(ISNUMBER((IF(ISNUMBER((A1))*ISNUMBER((A2));(A1)/(A2)*1000;\"\")))*ISNUMBER((SUM({1;2})));"
              "(IF(ISNUMBER((A1))*ISNUMBER((A2));(A1)/(A2)*1000;\"\"))/(SUM({1;2}));\"\")");
}

// W23, W33: calls without a native form are frozen and named (German reason).
TEST(PortableFormula, UntranslatedCallsAreNamed) {
    const pf::Translation t =
        pf::translate("=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPBELASTUNG(B5:G17;$Parameter.$D$5:$D$10)");
    EXPECT_FALSE(t.ok);
    EXPECT_EQ(t.reason, "ISP_BELASTUNG hat in dieser Fassung keine Formel ohne Add-in");
    // one untranslatable call inside a translatable one freezes the whole cell
    EXPECT_FALSE(pf::translate("=ISP_ECKWERT(ISP_KLASSE(A1;\"x\");B1)").ok);
    EXPECT_FALSE(pf::translate("=ISP_ECKWERT(A1;B1;C1;D1)").ok);  // wrong number of arguments
    EXPECT_FALSE(pf::translate("=ISP_ECKWERT(A1;B1").ok);         // unbalanced
}

namespace {

// The "belastung" scheme as the tests state it from docs/functions.md (unterdurchschnittlich < −1.0 ≤
// durchschnittlich ≤ +1.0 < erhöht ≤ +1.5 < stark erhöht), standing in for the engine the applier asks.
std::optional<pf::ClassScheme> belastung(const std::vector<std::string>& args) {
    if (args != std::vector<std::string>{"Klassenschema", "", ""}) return std::nullopt;
    return pf::ClassScheme{{-1.0, 1.0, 1.5},
                           {"unterdurchschnittlich", "durchschnittlich", "erhöht", "stark erhöht"},
                           {true, false, false}};
}

}  // namespace

// W32
TEST(PortableFormula, KlasseIsAnIfChainOverTheSchemesCutPoints) {
    const pf::Translation t =
        pf::translate("=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPKLASSE(E7:E19;Klassenschema)", belastung);
    ASSERT_TRUE(t.ok) << t.reason;
    EXPECT_EQ(t.formula,
              "=IF(ISNUMBER((E7:E19));IF((E7:E19)<-1;\"unterdurchschnittlich\";IF((E7:E19)<=1;"
              "\"durchschnittlich\";IF((E7:E19)<=1.5;\"erhöht\";\"stark erhöht\")));\"\")");
    const pf::Translation n = pf::translate("=ISP_KLASSE(E7;Klassenschema;;;\"nummer\")", belastung);
    ASSERT_TRUE(n.ok) << n.reason;
    EXPECT_EQ(n.formula, "=IF(ISNUMBER((E7));IF((E7)<-1;1;IF((E7)<=1;2;IF((E7)<=1.5;3;4)));\"\")");
}

// W33: ISP_KLASSE without fixed cut-points is frozen.
TEST(PortableFormula, KlasseWithoutFixedCutPointsIsFrozen) {
    EXPECT_FALSE(pf::translate("=ISP_KLASSE(E7:E19;Klassenschema)").ok);  // no oracle
    const pf::Translation q = pf::translate("=ISP_KLASSE(E7:E19;\"quintil\")", belastung);
    EXPECT_FALSE(q.ok);
    EXPECT_NE(q.reason.find("Quantile"), std::string::npos);
    EXPECT_FALSE(pf::translate("=ISP_KLASSE(E7;Klassenschema;;;A1)", belastung).ok);  // computed output
}

TEST(PortableFormula, NumberLiteralsReadBackExactly) {
    EXPECT_EQ(pf::number_literal(-1.0), "-1");
    EXPECT_EQ(pf::number_literal(1.5), "1.5");
    EXPECT_EQ(std::stod(pf::number_literal(0.1)), 0.1);
    EXPECT_EQ(std::stod(pf::number_literal(1.0 / 3.0)), 1.0 / 3.0);
}

// ISP_AGGREGATE for one group (engine aggregate.cpp): the rows of the group are those whose key equals the
// group's and is not empty; "summe" needs every member's value, "quote" every value and denominator.
// W29
TEST(PortableFormula, AggregateOneGroup) {
    const std::string in = "(($C$6:$C$65)=(I6))*(($C$6:$C$65)<>\"\")";
    EXPECT_EQ(ok("=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPAGGREGATE($E$6:$E$65;$C$6:$C$65;I6)"),
              "=IF(SUMPRODUCT(" + in + ")=0;\"\";IF(SUMPRODUCT(" + in +
                  "*(1-ISNUMBER(($E$6:$E$65))))>0;\"\";SUMPRODUCT(" + in + ";($E$6:$E$65))))");
    const std::string g = "((K1:K3)=($A9))*((K1:K3)<>\"\")";
    EXPECT_EQ(ok("=ISP_AGGREGATE(Z1:Z3;K1:K3;$A9;\"quote\";N1:N3)"),
              "=IF(SUMPRODUCT(" + g + ")=0;\"\";IF(SUMPRODUCT(" + g +
                  "*((1-ISNUMBER((Z1:Z3)))+(1-ISNUMBER((N1:N3)))))>0;\"\";SUMPRODUCT(" + g +
                  ";(Z1:Z3))/SUMPRODUCT(" + g + ";(N1:N3))))");
    const std::string both = g + "*ISNUMBER((Z1:Z3))*ISNUMBER((E1:E3))";
    EXPECT_EQ(ok("=ISP_AGGREGATE(Z1:Z3;K1:K3;$A9;\"wmean\";E1:E3)"),
              "=IF(SUMPRODUCT(" + both + ")=0;\"\";SUMPRODUCT(" + both + ";(Z1:Z3);(E1:E3))/SUMPRODUCT(" +
                  both + ";(E1:E3)))");
    // several groups at once, a computed method, a median: frozen with a reason
    EXPECT_FALSE(pf::translate("=ISP_AGGREGATE(Z1:Z3;K1:K3;A9:A12)").ok);
    EXPECT_FALSE(pf::translate("=ISP_AGGREGATE(Z1:Z3;K1:K3;A9;B1)").ok);
    const pf::Translation median = pf::translate("=ISP_AGGREGATE(Z1:Z3;K1:K3;A9;\"median\")");
    EXPECT_FALSE(median.ok);
    EXPECT_NE(median.reason.find("median"), std::string::npos);
    // "quote" without denominators has no native form
    EXPECT_FALSE(pf::translate("=ISP_AGGREGATE(Z1:Z3;K1:K3;A9;\"quote\")").ok);
}

TEST(PortableFormula, SingleCall) {
    const auto args = pf::single_call("=DE.SOZIALPLANUNG.ISP.FUNCTIONS.ISPBELASTUNG(C10:S22; Methode;\"z\")",
                                      "ISPBELASTUNG");
    ASSERT_TRUE(args);
    EXPECT_EQ(*args, (std::vector<std::string>{"C10:S22", "Methode", "\"z\""}));
    EXPECT_FALSE(pf::single_call("=ISP_BELASTUNG(C10:S22)*2", "ISPBELASTUNG"));
    EXPECT_FALSE(pf::single_call("=ISP_KLASSE(C10:S22)", "ISPBELASTUNG"));
}
