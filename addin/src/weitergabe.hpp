// The "Weitergabe" export (safe sharing, issue 5): per-Sozialraum copies, the public classes-only copy and
// the values-only copy of a workbook. The UNO service in weitergabe_service.cpp is a thin shell around these
// functions. Convention (named ranges ISP_WG_…) and rules: docs/weitergabe.md.
#pragma once

#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/uno/Reference.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <rtl/ustring.hxx>
#include <vector>

namespace isp::weitergabe {

// One Sozialraum a per-Sozialraum export can be made for.
struct Area {
    rtl::OUString id;
    rtl::OUString name;
};

// The Sozialräume described by the document (ISP_WG_SOZIALRAEUME, else derived from ISP_WG_GEBIETE), in sheet
// order. Throws lang::IllegalArgumentException (German) when the document carries no description.
std::vector<Area> list_areas(const css::uno::Reference<css::frame::XModel>& document);

// Writes the export of `variant` ("sozialraum", "oeffentlich", "werte") to target_url and returns a German
// summary, one line per action. Works on a copy loaded hidden; the open document is never modified.
// Throws lang::IllegalArgumentException for bad arguments and io::IOException when the file cannot be
// written.
rtl::OUString export_copy(const css::uno::Reference<css::uno::XComponentContext>& context,
                          const css::uno::Reference<css::frame::XModel>& document,
                          const rtl::OUString& variant, const rtl::OUString& area,
                          const rtl::OUString& target_url);

// LibreOffice's exception texts name source files and error codes ("at ./sc/source/…cxx:3938", "0x507"): they
// go to stderr for whoever debugs, never into a planner's message.
void log_detail(const rtl::OUString& where, const rtl::OUString& detail);

// The template stamp: fingerprints of every formula of `document` (R1C1, English names), stored in its
// user-defined property ISP_WG_Formeln; returns them space-separated. Marks the document modified.
rtl::OUString stamp_template(const css::uno::Reference<css::frame::XModel>& document);

}  // namespace isp::weitergabe
