#!/usr/bin/python3
"""Generates everything that describes the Calc functions from addin/functions.json (the one source of truth).

Outputs (each a subcommand; stdlib only, so the build needs nothing beyond Debian's /usr/bin/python3):
  idl      OUT   the UNO interface (de/sozialplanung/isp/XFunctions.idl); a committed copy lives in idl/
  xcu      OUT   CalcAddIns.xcu: display names, categories and wizard texts (German, English)
  meta     OUT   a C++ header with the function table (names, parameters, adapters), e.g. for ISP_DIAGNOSE
  methods  OUT   the C++ method overrides of the component class (each calls its adapter)
  args     OUT   a C++ header with one struct per function whose members are its named arguments
  elementwise OUT the C++ adapters of the element-wise functions ("elementwise" in functions.json)
  docs     OUT   docs/functions.md (reference for planners and developers)
  check    ROOT  fails when ROOT/idl or ROOT/docs/functions.md differ from what this script generates
  write    ROOT  rewrites ROOT/idl and ROOT/docs/functions.md
"""

import json
import os
import re
import sys
import textwrap
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "functions.json")
DOC_TEMPLATE = os.path.join(HERE, "functions.md.in")

# IDL spelling of the parameter and result kinds used in functions.json.
IDL_TYPES = {
    "range": "sequence< sequence< any > >",
    "any": "any",
    "double": "double",
    "string": "string",
    "varargs": "sequence< any >",
    "cellrange": "com::sun::star::table::XCellRange",
    "array": "any",  # a grid (sequence<sequence<any>> or <string>) or, for 1x1, a plain value: component.cpp
}
# What a parameter is for ("kind" in functions.json); it decides which types it may have (see validate()):
#   range    data where an empty cell must stay missing: a cell reference (cellrange; Calc refuses a typed
#            number there with Err:504) or, optional, a value-or-range (any)
#   scalar   a number with no missing-value meaning (quota, threshold, scale, per, year, k): typed numbers and
#            expressions work (range = sequence<sequence<any>>, double or any). Calc hands such a parameter a
#            reference to an EMPTY cell as the number 0; the add-in refuses that 0 (addin/src/caller.cpp)
#   keyword  a keyword, a text or a choice (any or string)
#   keys     lookup keys (texts or numbers) as a range or an inline array (range); a single empty cell arrives
#            as the key 0, which matches only the number 0
#   varargs  the trailing argument list of ISP_DIAGNOSE
KIND_TYPES = {
    "range": {"cellrange", "any"},
    "scalar": {"range", "double", "any"},
    "keyword": {"any", "string"},
    "keys": {"range"},
    "varargs": {"varargs"},
}
# A function with a scalar parameter (and ISP_DIAGNOSE) gets a hidden first parameter: Calc passes the document
# for a com.sun.star.beans.XPropertySet parameter and shows it neither in the wizard nor in formulas.
CALLER_IDL = "com::sun::star::beans::XPropertySet"
CALLER_CPP = "const css::uno::Reference<css::beans::XPropertySet>&"


def has_caller(fn):
    return fn["name"] == "ISP_DIAGNOSE" or any(p["kind"] == "scalar" for p in fn["params"])


# The C++ parameter and result types cppumaker generates for them.
CPP_PARAM = {
    "range": "const ::isp::addin::AnyGrid&",
    "any": "const css::uno::Any&",
    "double": "double",
    "string": "const ::rtl::OUString&",
    "varargs": "const css::uno::Sequence<css::uno::Any>&",
    "cellrange": "const css::uno::Reference<css::table::XCellRange>&",
}
CPP_RESULT = {
    "array": "css::uno::Any",
    "any": "css::uno::Any",
    "double": "double",
    "string": "::rtl::OUString",
}
PARAM_CODE = {"cellrange": "c", "range": "g", "double": "d", "any": "y", "string": "s", "varargs": "v"}
RESULT_CODE = {"array": "a", "double": "d", "string": "s", "any": "y"}
CATEGORIES = {"Database", "Date&Time", "Financial", "Information", "Logical", "Mathematical", "Matrix",
              "Statistical", "Spreadsheet", "Text", "Add-In"}
METHOD_RE = re.compile(r"^isp[A-Z][A-Za-z0-9]*$")
NAME_RE = re.compile(r"^ISP_[A-Z0-9_]+$")
PARAM_RE = re.compile(r"^[a-z][A-Za-z0-9]*$")


# Longest function description (wizard text) in characters, per language.
MAX_DESCRIPTION = 120


def load(path=SPEC):
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    validate(spec)
    return spec


def validate(spec):
    """Rejects a spec that would build but misbehave in Calc (### in the wizard, a clash of stored names)."""
    errors = []
    methods, names = set(), set()
    for fn in spec["functions"]:
        m, n = fn["method"], fn["name"]
        if not METHOD_RE.match(m):
            errors.append(f"{m}: method names are lowerCamel starting with 'isp', no underscores")
        if not NAME_RE.match(n):
            errors.append(f"{n}: display names look like ISP_SOMETHING")
        if m.lower() in methods or n in names:
            errors.append(f"{m}/{n}: duplicate (stored names are case-insensitive)")
        methods.add(m.lower())
        names.add(n)
        if fn["category"] not in CATEGORIES:
            errors.append(f"{n}: unknown category {fn['category']}")
        if fn["result"] not in CPP_RESULT:
            errors.append(f"{n}: unknown result type {fn['result']}")
        for lang in ("de", "en"):
            if not fn["description"].get(lang):
                errors.append(f"{n}: description.{lang} missing")
            # The wizard and the suggestion shown while typing =ISP_… show the description on one line:
            # one short sentence, as LibreOffice's own functions have; the rest goes into "details".
            elif len(fn["description"][lang]) > MAX_DESCRIPTION:
                errors.append(f"{n}: description.{lang} has {len(fn['description'][lang])} characters, at most "
                              f"{MAX_DESCRIPTION}; move the rest into details.{lang} (docs/functions.md only)")
            if "details" in fn and not fn["details"].get(lang):
                errors.append(f"{n}: details.{lang} missing")
        seen_optional = False
        pnames = set()
        for p in fn["params"]:
            if not PARAM_RE.match(p["name"]):
                errors.append(f"{n}.{p['name']}: parameter names are lowerCamel")
            if p["name"] in pnames:
                errors.append(f"{n}.{p['name']}: duplicate parameter")
            pnames.add(p["name"])
            if p["type"] not in CPP_PARAM:
                errors.append(f"{n}.{p['name']}: unknown type {p['type']}")
            if p.get("kind") not in KIND_TYPES:
                errors.append(f"{n}.{p['name']}: kind must be one of {', '.join(KIND_TYPES)}")
            elif p["type"] not in KIND_TYPES[p["kind"]]:
                errors.append(f"{n}.{p['name']}: kind {p['kind']} needs type "
                              f"{' or '.join(sorted(KIND_TYPES[p['kind']]))}, not {p['type']}")
            if p["type"] == "varargs" and p is not fn["params"][-1]:
                errors.append(f"{n}.{p['name']}: only the last parameter can be varargs")
            # Calc treats only 'any' parameters as optional; a required one after an optional one could
            # never be reached by omitting arguments at the end.
            if p.get("optional"):
                seen_optional = True
                if p["type"] != "any":
                    errors.append(f"{n}.{p['name']}: optional parameters must have type 'any'")
            elif seen_optional:
                errors.append(f"{n}.{p['name']}: required parameter after an optional one")
            elif p["type"] == "any":
                errors.append(f"{n}.{p['name']}: Calc shows every 'any' parameter as optional; a required "
                              "parameter needs another type (double, string, range, cellrange)")
            for lang in ("de", "en"):
                if not p["display"].get(lang) or not p["description"].get(lang):
                    errors.append(f"{n}.{p['name']}: display/description.{lang} missing")
            # "default": what an omitted optional number means; the adapter reads it (Arg::number()), and the
            # wizard text says it, so both come from here.
            if "default" in p:
                d = p["default"]
                if p["kind"] != "scalar" or not p.get("optional") or isinstance(d, bool) or \
                        not isinstance(d, (int, float)):
                    errors.append(f"{n}.{p['name']}: a default is a number of an optional scalar parameter")
                elif not re.search(rf"Standard:? {german_number(d)}\b|\b{german_number(d)} \(Standard",
                                   p["description"]["de"]):
                    errors.append(f"{n}.{p['name']}: description.de must name the default "
                                  f"(\"Standard {german_number(d)}\")")
        if not fn.get("examples"):
            errors.append(f"{n}: at least one example")
        if "elementwise" in fn:
            e = fn["elementwise"]
            if not re.match(r"^[a-z_][a-z0-9_]*$", e.get("function", "")) or set(e) - {"function", "empty_when"}:
                errors.append(f"{n}: elementwise needs \"function\" (an engine function of isp/fachplan.hpp) "
                              "and may have \"empty_when\" (an ErrorCode)")
            if [p["kind"] for p in fn["params"]] != ["range", "range"]:
                errors.append(f"{n}: elementwise functions have exactly two data (kind range) parameters")
    if errors:
        raise SystemExit("functions.json is invalid:\n  " + "\n  ".join(errors))


def german_number(x):
    """A default as a German wizard text writes it: 1000, 0,5."""
    return (str(int(x)) if float(x).is_integer() else repr(float(x))).replace(".", ",")


def module_path(spec):
    return spec["interface"].split(".")


def gen_idl(spec):
    parts = module_path(spec)
    modules, iface = parts[:-1], parts[-1]
    out = [
        "// GENERATED from addin/functions.json by addin/generate.py. Do not edit: edit the JSON and run",
        "// `cmake --build <build> --target isp_regenerate`. A test fails when this copy is out of date.",
        "//",
        f"// The service {spec['service']} implements this interface. Service and method names are stored",
        "// in every ODS and XLSX file (e.g. " + stored_name(spec, spec["functions"][0]) + "): never rename them.",
        "",
        "#ifndef " + "_".join(p.upper() for p in parts) + "_IDL",
        "#define " + "_".join(p.upper() for p in parts) + "_IDL",
        "",
        "#include <com/sun/star/beans/XPropertySet.idl>",
        "#include <com/sun/star/lang/IllegalArgumentException.idl>",
        "#include <com/sun/star/table/XCellRange.idl>",
        "",
    ]
    out += [f"module {m} {{" for m in modules]
    out.append("")
    out.append(f"interface {iface}")
    out.append("{")
    for fn in spec["functions"]:
        summary = fn["description"]["en"].split(". ")[0].rstrip(".") + "."
        out += textwrap.wrap(f"{fn['name']}: {summary}", 106, initial_indent="    // ", subsequent_indent="    // ")
        params = ",\n        ".join(([f"[in] {CALLER_IDL} caller"] if has_caller(fn) else []) +
                                     [f"[in] {IDL_TYPES[p['type']]} {p['name']}" for p in fn["params"]])
        out.append(f"    {IDL_TYPES[fn['result']]} {fn['method']}(" + (f"\n        {params})" if params else ")"))
        out.append("        raises(com::sun::star::lang::IllegalArgumentException);")
        out.append("")
    out.append("};")
    out.append("")
    out += [f"}}; // {m}" for m in reversed(modules)]
    out.append("")
    out.append("#endif")
    return "\n".join(out) + "\n"


def xml_text(tag, texts, indent):
    pad = " " * indent
    lines = [f'{pad}<prop oor:name="{tag}">']
    for lang, xml_lang in (("de", "de"), ("en", "en-US")):
        lines.append(f'{pad}  <value xml:lang="{xml_lang}">{escape(texts[lang])}</value>')
    lines.append(f"{pad}</prop>")
    return lines


def gen_xcu(spec):
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- GENERATED from addin/functions.json by addin/generate.py. Do not edit. -->",
        '<oor:component-data xmlns:oor="http://openoffice.org/2001/registry"',
        '    xmlns:xs="http://www.w3.org/2001/XMLSchema" oor:name="CalcAddIns" oor:package="org.openoffice.Office">',
        '  <node oor:name="AddInInfo">',
        f'    <node oor:name="{spec["service"]}" oor:op="replace">',
        '      <node oor:name="AddInFunctions">',
    ]
    for fn in spec["functions"]:
        out.append(f'        <node oor:name="{fn["method"]}" oor:op="replace">')
        # The display name is the same in every language: planners share workbooks across UI languages.
        out += xml_text("DisplayName", {"de": fn["name"], "en": fn["name"]}, 10)
        out += xml_text("Description", fn["description"], 10)
        out.append('          <prop oor:name="Category">')
        out.append(f'            <value>{fn["category"]}</value>')
        out.append("          </prop>")
        out.append('          <node oor:name="Parameters">')
        for p in fn["params"]:
            out.append(f'            <node oor:name="{p["name"]}" oor:op="replace">')
            out += xml_text("DisplayName", p["display"], 14)
            out += xml_text("Description", p["description"], 14)
            out.append("            </node>")
        out.append("          </node>")
        out.append("        </node>")
    out += ["      </node>", "    </node>", "  </node>", "</oor:component-data>"]
    return "\n".join(out) + "\n"


def cpp_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def gen_meta(spec):
    """The function table: names and parameters for ISP_DIAGNOSE, and the adapter each method calls."""
    out = [
        "// GENERATED from addin/functions.json by addin/generate.py. Do not edit.",
        "#pragma once",
        "",
        "#include <cstddef>",
        "",
        '#include "adapter.hpp"',
        "",
        "namespace isp::addin {",
        "",
        "// One adapter per function, defined in addin/src/*.cpp; args holds one Any per parameter (VOID when",
        "// omitted), in the order of functions.json.",
        "namespace fn {",
    ]
    for fn in spec["functions"]:
        out.append(f"css::uno::Any {fn['method']}(const Args& args);")
    out += [
        "}  // namespace fn",
        "",
        "namespace meta {",
        "",
        "struct Param {",
        "    const char* name;        // IDL name",
        "    const char* display_de;  // wizard name, German",
        "    const char* display_en;",
        "    bool optional;",
        "    bool varargs;",
        "    bool reference;  // type cellrange: Calc accepts only a reference there (a typed number: Err:504)",
        "    bool scalar;     // kind scalar: a number; a 0 that comes from an empty cell is refused (caller.cpp)",
        "    char type;       // declared type: 'c' cellrange, 'g' sequence<sequence<any>>, 'd' double, 'y' any,",
        "                     // 's' string, 'v' varargs (what Calc converts an argument into: diagnose.cpp)",
        "};",
        "",
        "struct Function {",
        "    const char* name;    // display name, e.g. ISP_SCORE",
        "    const char* method;  // UNO method name, e.g. ispScore",
        "    const char* summary_de;",
        "    const Param* params;",
        "    std::size_t param_count;",
        "    Adapter adapter;",
        "    char result;  // 'a' array, 'd' double, 's' string, 'y' any",
        "};",
        "",
        f"inline constexpr const char* kServiceName = {cpp_string(spec['service'])};",
        f"inline constexpr const char* kImplementationName = {cpp_string(spec['implementation'])};",
        "",
    ]
    for fn in spec["functions"]:
        rows = ", ".join(
            "{" + f"{cpp_string(p['name'])}, {cpp_string(p['display']['de'])}, {cpp_string(p['display']['en'])}, "
            f"{'true' if p.get('optional') else 'false'}, {'true' if p['type'] == 'varargs' else 'false'}, "
            f"{'true' if p['type'] == 'cellrange' else 'false'}, {'true' if p['kind'] == 'scalar' else 'false'}, "
            f"'{PARAM_CODE[p['type']]}'" + "}"
            for p in fn["params"])
        if rows:
            out.append(f"inline constexpr Param k_{fn['method']}[] = {{{rows}}};")
    out.append("")
    out.append("inline constexpr Function kFunctions[] = {")
    for i, fn in enumerate(spec["functions"]):
        summary = fn["description"]["de"].split(". ")[0]
        arr = f"k_{fn['method']}" if fn["params"] else "nullptr"
        out.append(f"    {{{cpp_string(fn['name'])}, {cpp_string(fn['method'])}, {cpp_string(summary)}, {arr}, "
                   f"{len(fn['params'])}, &fn::{fn['method']}, '{RESULT_CODE[fn['result']]}'}},")
    out.append("};")
    out.append("inline constexpr std::size_t kFunctionCount = sizeof(kFunctions) / sizeof(kFunctions[0]);")
    out.append("")
    out.append("}  // namespace meta")
    out.append("}  // namespace isp::addin")
    return "\n".join(out) + "\n"


def gen_methods(spec):
    """The UNO method overrides, included inside the component class: each packs its arguments and calls
    invoke(index, args), which runs the adapter and maps errors."""
    out = ["// GENERATED from addin/functions.json by addin/generate.py. Do not edit.",
           "// Included inside the class body of the component (addin/src/component.cpp)."]
    for i, fn in enumerate(spec["functions"]):
        params = ", ".join(([f"{CALLER_CPP} caller"] if has_caller(fn) else []) +
                           [f"{CPP_PARAM[p['type']]} {p['name']}" for p in fn["params"]])
        packed = ", ".join(f"css::uno::Any({p['name']})" for p in fn["params"])
        result = CPP_RESULT[fn["result"]]
        out.append(f"{result} SAL_CALL {fn['method']}({params}) override {{")
        if has_caller(fn):
            out.append("    const ::isp::addin::CallerScope scope(caller);")
        out.append(f"    return result_as<{result}>(invoke({i}, ::isp::addin::Args{{{packed}}}));")
        out.append("}")
    return "\n".join(out) + "\n"


def keyword_table(p):
    """The C++ name of the engine's keyword table of a keyword parameter with exactly one table, else None:
    "norm_method" -> keywords::kNormMethod (engine/include/isp/keywords.hpp)."""
    ids = p.get("keywords") or []
    if p["kind"] != "keyword" or len(ids) != 1:
        return None
    return "&::isp::keywords::k" + "".join(part.capitalize() for part in ids[0].split("_"))


def args_struct(fn):
    return fn["method"][len("isp"):]


def gen_args(spec):
    """One struct per function in namespace isp::addin::args: a member per parameter, named as in
    functions.json, that knows its German and English names and its keyword table (adapter.hpp, Arg)."""
    out = [
        "// GENERATED from addin/functions.json by addin/generate.py. Do not edit.",
        "// The arguments of each function by name: `const args::Score a(args);` then `a.reference.cells()`.",
        "#pragma once",
        "",
        '#include "adapter.hpp"',
        '#include "isp/keywords.hpp"',
        "",
        "namespace isp::addin::args {",
        "",
    ]
    for fn in spec["functions"]:
        if not fn["params"]:
            continue
        name = args_struct(fn)
        out.append(f"// {fn['name']}")
        out.append(f"struct {name} {{")
        out.append(f"    explicit {name}(const Args& given)")
        inits = []
        for i, p in enumerate(fn["params"]):
            table = keyword_table(p) or "nullptr"
            default = repr(float(p["default"])) if "default" in p else "kMissing"
            inits.append(f"{p['name']}{{given[{i}], {{{cpp_string(p['display']['de'])}, {cpp_string(p['display']['en'])}}}, "
                         f"{'true' if p.get('optional') else 'false'}, {table}, {default}}}")
        out.append("        : " + ",\n          ".join(inits) + " {}")
        for p in fn["params"]:
            out.append(f"    const Arg {p['name']};")
        out.append("};")
        out.append("")
    out.append("}  // namespace isp::addin::args")
    return "\n".join(out) + "\n"


def gen_elementwise(spec):
    """The adapters of the element-wise functions of two data arguments whose engine function takes one value
    of each ("elementwise": {"function": ..., "empty_when": ErrorCode}): all there is to them is their
    arguments and the engine function, so they come from functions.json (elementwise.hpp, pairwise)."""
    out = [
        "// GENERATED from addin/functions.json by addin/generate.py. Do not edit.",
        "// Element-wise adapters: two data arguments, one engine function per element (elementwise.hpp).",
        '#include "elementwise.hpp"',
        '#include "isp/fachplan.hpp"',
        '#include "isp_functions_args.hxx"',
        '#include "isp_functions_meta.hxx"',
        "",
        "namespace isp::addin::fn {",
        "",
    ]
    for fn in spec["functions"]:
        e = fn.get("elementwise")
        if not e:
            continue
        first, second = (p["name"] for p in fn["params"])
        empty = f", ErrorCode::{e['empty_when']}" if e.get("empty_when") else ""
        out.append(f"css::uno::Any {fn['method']}(const Args& args) {{")
        out.append(f"    const args::{args_struct(fn)} a(args);")
        out.append(f"    return pairwise(a.{first}, a.{second}, {e['function']}{empty});")
        out.append("}")
        out.append("")
    out.append("}  // namespace isp::addin::fn")
    return "\n".join(out) + "\n"


def stored_name(spec, fn):
    return (spec["service"] + "." + fn["method"]).upper()


# What the docs say a parameter accepts, by kind and type.
DOC_TYPES = {("range", "cellrange"): "reference", ("range", "any"): "value or range",
             ("scalar", "range"): "number, expression or range", ("scalar", "double"): "number or expression",
             ("scalar", "any"): "number or expression", ("keyword", "any"): "keyword (text) or value",
             ("keyword", "string"): "text", ("keys", "range"): "keys: range or array",
             ("varargs", "varargs"): "more arguments"}


def md_cell(s):
    return s.replace("|", "\\|").replace("\n", "<br>")


def signature(fn):
    args = []
    for p in fn["params"]:
        args.append(f"[{p['display']['en']}]" if p.get("optional") else p["display"]["en"])
    return f"{fn['name']}({'; '.join(args)})"


def gen_docs(spec):
    with open(DOC_TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    parts = []
    parts.append("| function | stored name (file format) | what |")
    parts.append("|---|---|---|")
    for fn in spec["functions"]:
        anchor = fn["name"].lower()
        parts.append(f"| [{fn['name']}](#{anchor}) | `{stored_name(spec, fn)}` | "
                     f"{md_cell(fn['description']['en'].split('. ')[0].rstrip('.'))} |")
    parts.append("")
    for fn in spec["functions"]:
        parts.append(f"### {fn['name']}")
        parts.append("")
        parts.append(f"`{signature(fn)}` — result: {fn['result_doc'] if 'result_doc' in fn else fn['result']}; "
                     f"stored as `{stored_name(spec, fn)}`; UNO method `{fn['method']}`; category {fn['category']}.")
        parts.append("")
        parts.append(f"**Deutsch.** {fn['description']['de']}")
        parts.append("")
        parts.append(f"**English.** {fn['description']['en']}")
        parts.append("")
        if fn.get("details"):
            parts.append(f"**Details.** {fn['details']['de']}")
            parts.append("")
            parts.append(f"*English:* {fn['details']['en']}")
            parts.append("")
        parts.append("| parameter | wizard name (de / en) | type | required | description (de) | description (en) |")
        parts.append("|---|---|---|---|---|---|")
        for p in fn["params"]:
            parts.append(f"| `{p['name']}` | {md_cell(p['display']['de'])} / {md_cell(p['display']['en'])} | "
                         f"{DOC_TYPES[(p['kind'], p['type'])]} | {'no' if p.get('optional') else 'yes'} | {md_cell(p['description']['de'])} | "
                         f"{md_cell(p['description']['en'])} |")
        parts.append("")
        if fn.get("notes"):
            for note in fn["notes"]:
                parts.append(f"- {note}")
            parts.append("")
        parts.append("Examples:")
        parts.append("")
        for ex in fn["examples"]:
            res = f" → {ex['result']}" if ex.get("result") else ""
            parts.append(f"- `{ex['formula']}`{res} — {ex['de']} / {ex['en']}")
        parts.append("")
    text = template.replace("@FUNCTIONS@", "\n".join(parts).rstrip() + "\n")
    return text


def committed_paths(root, spec):
    parts = module_path(spec)
    return {
        "idl": os.path.join(root, "idl", *parts[:-1], parts[-1] + ".idl"),
        "docs": os.path.join(root, "docs", "functions.md"),
    }


GENERATORS = {"idl": gen_idl, "xcu": gen_xcu, "meta": gen_meta, "methods": gen_methods, "args": gen_args,
              "elementwise": gen_elementwise, "docs": gen_docs}


def write_if_changed(path, text):
    old = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            old = f.read()
    if old != text:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def main(argv):
    if len(argv) != 3 or argv[1] not in list(GENERATORS) + ["check", "write"]:
        print(__doc__, file=sys.stderr)
        return 2
    spec = load()
    cmd, target = argv[1], argv[2]
    if cmd in GENERATORS:
        write_if_changed(target, GENERATORS[cmd](spec))
        return 0
    paths = committed_paths(target, spec)
    if cmd == "write":
        for key, path in paths.items():
            write_if_changed(path, GENERATORS[key](spec))
        return 0
    stale = []
    for key, path in paths.items():
        try:
            with open(path, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != GENERATORS[key](spec):
            stale.append(os.path.relpath(path, target))
    if stale:
        print("out of date with addin/functions.json: " + ", ".join(stale), file=sys.stderr)
        print("regenerate: cmake --build <build dir> --target isp_regenerate", file=sys.stderr)
        return 1
    print("idl/ and docs/functions.md match addin/functions.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
