// The shape every function adapter has: one UNO Any per parameter in, one Any out.
//
// Adapters are thin: convert the arguments (args.hpp), call the engine once, convert the result. They throw
// isp::Error for bad input; component.cpp maps it to the Calc error and ISP_DIAGNOSE shows its text.
//
// An adapter does not index its arguments: generate.py writes one struct per function
// (isp_functions_args.hxx, namespace args) whose members are named as the parameters in functions.json and
// carry the German and English names messages use, so an adapter reads
//     const args::Score a(args);
//     const Cells reference = a.reference.cells();
// Each conversion is the one of args.hpp, called when the adapter asks for it (the order of the conversions,
// and so which mistake a message names first, stays the adapter's).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "args.hpp"
#include "isp/keywords.hpp"

namespace isp::addin {

using Args = std::vector<css::uno::Any>;
using Adapter = css::uno::Any (*)(const Args&);

// One argument as Calc passed it, with what functions.json says about its parameter.
struct Arg {
    const css::uno::Any& value;
    ArgName name;                           // display names, German and English: messages name it so
    bool optional = false;                  // an omitted optional keyword means the table's first entry
    const KeywordChoice* choice = nullptr;  // the engine's keyword table of a keyword parameter ("keywords")
    double default_number = kMissing;       // "default" of an optional number in functions.json

    bool omitted() const noexcept { return is_omitted(value); }
    bool is_text() const noexcept { return addin::is_text(value); }
    Cells cells() const { return addin::cells(value, name); }
    std::vector<std::string> texts(std::size_t* rows = nullptr, std::size_t* cols = nullptr) const {
        return addin::texts(value, name, rows, cols);
    }
    std::vector<KeyCell> key_cells() const { return addin::key_cells(value, name); }
    double number(double fallback) const { return addin::number(value, fallback, name); }
    // An optional number whose default functions.json gives ("default", which the wizard text names).
    double number() const { return number(default_number); }
    // A number that must be there: omitted (ISP_DIAGNOSE with fewer arguments) throws Error(MissingValue)
    // "Argument „Perioden“ fehlt".
    double required_number() const {
        const double x = number(kMissing);
        if (is_missing(x)) throw missing_argument(name);
        return x;
    }
    std::vector<double> number_list() const { return addin::number_list(value, name); }
    std::string keyword(const char* fallback) const { return addin::keyword(value, fallback, name); }
    // The keyword for the engine's parse function (parse_norm_method, ...): omitted -> the German keyword of
    // the table's first entry, which is what an omitted method or output selector means (isp/keywords.hpp;
    // not for kCentre, kYesNo, kBoundaryRule, whose readers handle omission themselves).
    std::string keyword() const { return keyword(default_keyword()); }
    // The index of the entry of the keyword table the argument names; an unknown word throws
    // Error(UnknownMethod) naming this argument and the accepted German keywords.
    std::size_t choice_index() const { return choose_keyword(table(), keyword(), name.de, name.en); }
    // The same as the enum whose values are in the order of the table's entries.
    template <class Enum>
    Enum choice_as() const {
        return static_cast<Enum>(choice_index());
    }

private:
    const KeywordChoice& table() const {
        if (choice == nullptr) throw std::logic_error(std::string(name.en) + ": no keyword table");
        return *choice;
    }
    const char* default_keyword() const {
        return optional && choice != nullptr && !choice->entries.empty() ? choice->entries.front().de : "";
    }
};

}  // namespace isp::addin
