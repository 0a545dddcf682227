// The Weitergabe policy as a pure function (no UNO types): a description of the workbook in, the plan of what
// to switch, blank, suppress and delete out. The UNO applier (weitergabe.cpp) reads the document into a
// `Workbook` and carries out the `Plan`; every rule of docs/weitergabe.md is tested here without Calc
// (tests/addin/weitergabe_plan_test.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace isp::weitergabe {

// ---- roles (named ranges ISP_WG_<ROLE>[_<tag>])
// ---------------------------------------------------------------

enum class Role {
    Gebiete,
    Sozialraeume,
    Schwelle,
    Zeilen,
    Spalten,
    Anzahl,
    Profil,
    Allgemein,
    Intern,
    Oeffentlich
};

struct RoleInfo {
    Role role;
    const char* spelling;  // the <ROLE> part of the name
    bool tagged;           // false: the name is exactly ISP_WG_<ROLE>
};

// The one spelling table of the roles (the template generator and the Basic dialog check against it).
const std::vector<RoleInfo>& roles();
inline constexpr const char* kNamePrefix = "ISP_WG_";
// The role a range name describes ("ISP_WG_ZEILEN_Werte" -> Zeilen), case-insensitive; nullopt otherwise.
std::optional<Role> role_of_name(const std::string& name);

// ---- geometry
// ------------------------------------------------------------------------------------------------

struct Range {
    int sheet = 0, col0 = 0, row0 = 0, col1 = 0, row1 = 0;
};
struct Cell {
    int sheet = 0, col = 0, row = 0;
    bool operator<(const Cell& o) const {
        return sheet != o.sheet ? sheet < o.sheet : row != o.row ? row < o.row : col < o.col;
    }
    bool operator==(const Cell& o) const { return sheet == o.sheet && col == o.col && row == o.row; }
};
bool contains(const Range& r, const Cell& c);
bool intersects(const Range& a, const Range& b);
// "A1"-style name of a cell on its sheet ("AB12").
std::string cell_name(int col, int row);

// Cell ranges in the ODF spelling (what a chart's data provider gives through XRangeXMLConversion):
// "Daten.A1:Daten.B5 'Sheet 2'.$C$3 Daten.A1:.B2" (space- or ';'-separated, '$' ignored, quoted sheet names
// with
// '' for a quote, the end's sheet optional). A sheet is found by its name in `sheets`. nullopt when any part
// cannot be read (an unknown sheet, another file, a name, whole rows or columns): a chart that reads it goes.
std::optional<std::vector<Range>> parse_ranges(const std::string& text,
                                               const std::vector<std::string>& sheets);

// ---- the area structure and keys
// -------------------------------------------------------------------------------

struct Gemeinde {
    std::string id, name, sr, pr;
};
struct AreaName {
    std::string id, name;
};
struct Structure {
    std::vector<Gemeinde> gemeinden;
    std::vector<AreaName> sozialraeume;
    std::map<std::string, std::set<std::string>> pr_members;  // Planungsraum -> its Sozialräume
    std::set<std::string> sr_ids;
};
// Sozialräume from ISP_WG_SOZIALRAEUME, or (when empty) derived from the Gemeinden, named by their Gemeinden.
Structure make_structure(std::vector<Gemeinde> gemeinden, std::vector<AreaName> sozialraeume);

enum class KeyClass { Neutral, Own, Landkreis, Other, Unknown };
// What a key cell (trimmed text, numbers as their integer text) says for a recipient Sozialraum `sr`.
KeyClass classify_key(const std::string& key, const std::string& sr, const Structure& s);
// "SR 3", "Sozialraum 3", " 3 " -> "3".
std::string area_id_of(const std::string& spelled);

// ---- the workbook as the applier reads it
// ------------------------------------------------------------------

struct SheetInfo {
    std::string name;
    bool visible = true;
    int last_col = -1, last_row = -1;           // end of the used area (-1: empty sheet)
    std::vector<int> hidden_rows, hidden_cols;  // inside the used area
};

struct Description {
    std::string name;  // the ISP_WG_ name
    Role role;
    Range range;
};

// One row (ZEILEN) or column (SPALTEN) of the sheet, index 0 .. the end of the used area: the text of its key
// cell (in the block's key column/row), whether it holds a number or a formula in the block's span, and
// whether it holds anything at all there.
struct Line {
    std::string key;
    bool has_data = false;
    bool has_content = false;
    bool has_number = false;  // a typed number (not a formula)
};

struct Block {
    std::string name;
    bool rows = true;  // ZEILEN; false: SPALTEN
    Range range;
    std::vector<Line> lines;
};

struct CountRange {
    std::string name;
    Range range;
    std::vector<double> values;  // row-major over `range`; NaN: not a number
};

struct Formula {
    Cell at;
    std::string text;               // position-independent spelling (R1C1, English function names)
    std::vector<Range> precedents;  // direct precedents as Calc reports them
};

struct Pivot {
    std::string name;
    Range output;
};

// A chart (rule W34): every cell range it reads (series values and labels, categories, titles from cells), in
// the geometry of the copy before any change.
struct Chart {
    int sheet = 0;  // the sheet it stands on
    std::string name;
    std::vector<Range> reads;
    bool all_read = true;  // false: a range could not be resolved (another file, a name): the chart goes
    bool reads_numbers = false;  // a cell of `reads` holds a number (the public copy carries no values)
};

// A drawing object that is no chart (rule W35: the map of the Sozialräume, docs/karte.md). Bounds in 1/100 mm
// on its sheet.
enum class ShapeKind { Area, Text, Other };  // PolyPolygonShape, TextShape, anything else
struct Shape {
    int sheet = 0;
    std::string name;
    ShapeKind kind = ShapeKind::Other;
    std::string text;       // the text it shows (a PolyPolygonShape can hold one too)
    bool alt_text = false;  // a title or description (alternative text) is set
    long x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
// The map's frame: the cells of the named range ISP_Karte_Rahmen, in 1/100 mm on its sheet.
struct MapFrame {
    int sheet = 0;
    long x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
inline constexpr const char* kMapPrefix = "ISP_Karte_";
// The fill of another Sozialraum's area in a Sozialraum copy: a solid grey that is none of the class colours
// (templates/isp_templates/common.py KLASSEN_FARBEN; class 2 is #f7f7f7) and no hatch ("k. A.").
inline constexpr std::int32_t kMapNeutralFill = 0xD9D9D9;

struct Workbook {
    std::vector<SheetInfo> sheets;
    std::vector<Description> descriptions;
    Structure structure;
    double threshold = 3.0;
    std::vector<Block> blocks;
    std::vector<CountRange> counts;
    std::vector<Formula> formulas;
    std::vector<Pivot> pivots;
    std::vector<Chart> charts;  // on the sheets that are read (the kept ones)
    std::vector<Shape> shapes;  // drawing objects that are no charts, on the kept sheets
    std::optional<MapFrame> map_frame;
    // Fingerprints of the template's own formulas (user-defined document property kStampProperty); nullopt:
    // the workbook carries none (a workbook of the planner's own).
    std::optional<std::set<std::uint64_t>> vetted;
};

// ---- the plan
// -----------------------------------------------------------------------------------------------

enum class Variant { Sozialraum, Oeffentlich, Werte };

struct DeleteOp {
    enum class Kind { Rows, Columns, CellsUp, CellsLeft };
    Kind kind;
    Range range;  // valid at the moment the operation runs (the plan orders and shifts them)
};

struct SheetRemoval {
    int sheet;
    std::string reason;  // German
};

struct ProfileSwitch {
    Range range;  // one cell (ID) or two (level, ID)
    std::string area;
};

// What becomes of a chart on a kept sheet (rule W34).
struct ChartFate {
    int sheet = 0;
    std::string name;
    bool keep = false;
    std::string reason;  // German, why it goes (empty when kept)
};

// A map shape that stays (rule W35); every other drawing object that is no chart goes (W16).
struct MapShapeFate {
    int sheet = 0;
    std::string name;
    bool neutral = false;  // another Sozialraum's area in a Sozialraum copy: kMapNeutralFill, no class colour
};

struct Plan {
    std::vector<SheetRemoval> removed_sheets;
    std::vector<ProfileSwitch> profiles;
    std::vector<Cell> suppress;       // counts 1 <= v < k in kept cells: "."
    std::vector<Cell> blank;          // kept cells whose value derives from removed cells
    std::vector<Pivot> pivots;        // pivot tables to remove (their output is blanked)
    std::vector<DeleteOp> deletions;  // in this order
    std::vector<ChartFate> charts;    // every chart of Workbook::charts on a kept sheet
    std::vector<MapShapeFate> map;    // the map shapes that stay (W35)
    std::vector<std::string> notes;   // German: what was removed and why (notes sheet)
    int suppressed_count = 0;
};

// The sheets a variant removes, with the reason: hidden, undescribed and INTERN sheets; in the public variant
// every sheet but the OEFFENTLICH ones. Needs only the sheets and descriptions, so the applier can decide
// which sheets' formulas to read before it reads them.
std::vector<SheetRemoval> removed_sheets(const std::vector<SheetInfo>& sheets,
                                         const std::vector<Description>& descriptions, Variant variant);

// The per-area ("sozialraum", sr = the recipient's Sozialraum ID) or public plan. Variant::Werte gives an
// empty plan (the values-only copy keeps everything).
Plan make_plan(const Workbook& wb, Variant variant, const std::string& sr);

// ---- conditional formats (rule W7)
// ------------------------------------------------------------------------------

// A conditional format's comparison (com.sun.star.sheet.ConditionOperator without UNO); Other: anything the
// export cannot evaluate (formula conditions): it never holds.
enum class ConditionOp {
    Equal,
    NotEqual,
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
    Between,
    NotBetween,
    Other
};

// A cell's value or an evaluated operand: a number, or a text (an empty cell is the empty text).
struct Scalar {
    bool is_number = false;
    double number = 0.0;
    std::string text;
};

struct Condition {
    ConditionOp op = ConditionOp::Other;
    std::optional<Scalar> first, second;  // nullopt: could not be evaluated (a relative reference)
    std::string style;                    // the cell style the condition applies
};

// Whether `value` meets a condition: (not) equal compares numbers with numbers and texts with texts
// (ASCII case ignored, as Calc does); the order comparisons and (not) between need numbers throughout
// (between: inclusive, operands in either order).
bool condition_holds(ConditionOp op, const Scalar& value, const Scalar& first,
                     const std::optional<Scalar>& second);

struct BakedStyle {
    std::optional<std::string> style;  // the style the cell shows now; nullopt: its own style stays
    bool unevaluable = false;          // a condition before the first that holds could not be evaluated
};

// The style a cell of a conditional format shows, baked into a fixed style: the first condition (in order)
// that holds. A condition whose first operand cannot be evaluated stops the search: the cell keeps its own
// style and is counted on the notes sheet.
BakedStyle baked_style(const Scalar& value, const std::vector<Condition>& conditions);

// ---- the template stamp
// -------------------------------------------------------------------------------------

// Name of the user-defined document property in which templates/build.py stores the fingerprints of every
// formula of a template: a kept cell whose value derives from removed cells is kept only when its formula is
// the template's own (the Landkreis sum, the own area's score); a formula the planner added is blanked.
inline constexpr const char* kStampProperty = "ISP_WG_Formeln";
// FNV-1a, 64 bit, over the UTF-8 bytes. Hand-written (8 lines) because templates/build.py must compute
// exactly the same value in Python.
std::uint64_t fingerprint(const std::string& formula_text);
// Space-separated 16-digit hexadecimal fingerprints.
std::set<std::uint64_t> parse_stamp(const std::string& stamp);

}  // namespace isp::weitergabe
