// A composite index over several levels at once (methods.md §5; docs/methods/multilevel.md), and correlations
// between indicators for indicator selection (domain.md F10).
//
// The structure is a table of (code, parent, weight, polarity) rows, as the Sozialstrukturatlas keeps it:
// indicators -> Dimensionen -> Lebenslagen -> Gesamt. A code may have several rows, one per parent (an
// indicator that belongs to two Lebenslagen), so the structure is a directed acyclic graph, not only a tree.
#pragma once

#include <string>
#include <vector>

#include "isp/normalise.hpp"
#include "isp/types.hpp"

namespace isp {

// One row of the structure table. An empty parent marks a top group (Gesamt). weight and polarity are
// kMissing where the cell is empty.
struct StructureRow {
    std::string code;
    std::string parent;
    double weight = kMissing;    // >= 0; needed on every row with a parent (0 leaves the child out there)
    double polarity = kMissing;  // indicators only: +1 burden, -1 resource; groups: must be empty (COINr)
};

struct MultilevelOptions {
    NormMethod method = NormMethod::ZScore;  // for every indicator; None aggregates given scores unchanged
    NormParams params;
    // Per group level (level 2 = groups of indicators, 3, ... up to the top): the share of the children's
    // weight (weight > 0) that must be available, in [0, 1]. Empty: 2/3 on every level; one value: that value
    // on every level; otherwise exactly one value per group level.
    std::vector<double> min_coverage;
    // Per group level as min_coverage (empty: off everywhere): divide the group's values by their sample SD
    // over the areas (no re-centring). The parent then aggregates the rescaled values.
    std::vector<bool> rescale_by_sd;
    bool require_polarity = true;  // false: the table has no polarity column, every indicator is +1
};

struct MultilevelNode {
    std::string code;
    int level = 1;  // 1 = indicator; a group: 1 + the highest level of its children
    bool indicator = false;
    bool top = false;              // a group with an empty parent (Gesamt)
    std::size_t column = 0;        // indicators: the column of the data matrix
    Column value;                  // one per area: the normalised score (indicators) or the group value
    std::vector<double> coverage;  // groups: share of the children (weight > 0) with a value, per area
};

struct MultilevelResult {
    // Indicators first (in the order of the matrix columns), then the groups in the order in which their
    // code first appears in the structure table (as a code or as a parent).
    std::vector<MultilevelNode> nodes;
    int top_level = 1;

    // Index into nodes, or -1.
    int find(const std::string& code) const;
    // The codes of one level in node order; the top groups (no parent) for level 0.
    std::vector<std::size_t> level_nodes(int level) const;
};

// data: areas x indicators; indicator_codes: one per column (unique, non-empty). Every indicator code and
// every group must appear in the structure; every parent must be a group with a row of its own (a top group:
// a row with an empty parent).
// Throws DimensionMismatch, EmptyInput, NonFiniteInput, InvalidHierarchy (cycle, unknown parent, a parent
// that is an indicator, a group without children, a code both top and child, the same row twice, an indicator
// code missing from the structure), MissingValue (weight or polarity missing), NegativeWeight, ZeroWeightSum
// (all children of a group have weight 0), InvalidPolarity (not +-1 on an indicator, different polarities of
// one indicator, a polarity on a group), InvalidParameter (coverage outside [0, 1]), the errors of
// Normaliser::fit per indicator (e.g. ZeroVariance), and for rescaling TooFewValues / ZeroVariance of a
// group. Messages name the code.
MultilevelResult multilevel_index(const Matrix& data, const std::vector<std::string>& indicator_codes,
                                  const std::vector<StructureRow>& structure,
                                  const MultilevelOptions& options = {});

// ---- Correlations (F10) ----

enum class CorrelationMethod {
    Pearson,   // product-moment correlation, equals Calc CORREL / PEARSON on the pairs present
    Spearman,  // Pearson of the ranks (ties get their average rank, RANK.AVG) within the pairs present
};

// The keywords of keywords::kCorrelationMethod ("pearson", "spearman" and their synonyms, e.g. "rang").
// Throws Error(UnknownMethod).
CorrelationMethod parse_correlation_method(const std::string& keyword);

struct CorrelationResult {
    Matrix r;                        // x columns x y columns; kMissing where undefined
    std::vector<Reason> reason;      // row-major like r: Ok, MissingInput (too few pairs), Undefined (SD 0)
    std::vector<std::size_t> pairs;  // row-major like r: the number of pairs used
};

// Correlation of every column of x with every column of y (same rows), pairwise deletion: a pair of columns
// uses the rows where both values are present. Fewer than min_pairs such rows -> kMissing with
// Reason::MissingInput; no spread in one of them -> Reason::Undefined.
// Throws DimensionMismatch (rows differ), EmptyInput (no rows or no columns), NonFiniteInput,
// InvalidParameter (min_pairs < 2).
CorrelationResult correlation(const Matrix& x, const Matrix& y, CorrelationMethod method,
                              std::size_t min_pairs = 3);

// Average ranks (1 = smallest; ties get the mean of their ranks, as RANK.AVG ascending). Missing values
// stay missing and are not ranked.
std::vector<double> average_ranks(const std::vector<double>& values);

}  // namespace isp
