// The TAB-separated record protocol of the planner processes isp_daten_import and isp_datenmeldung: fields
// separated by TAB, with the escapes \\ \t \n \r inside a field (addin/tools/daten_import.py: esc / unesc).
#pragma once

#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "isp/error.hpp"

namespace isp::daten::records {

inline std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            const char n = s[++i];
            out += n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n;
        } else {
            out += s[i];
        }
    }
    return out;
}

inline std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
    return out;
}

inline std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto tab = line.find('\t', start);
        out.push_back(
            unescape(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
        if (tab == std::string::npos) {
            return out;
        }
        start = tab + 1;
    }
}

inline std::optional<int> opt_int(const std::string& s) {
    if (s.empty()) {
        return std::nullopt;
    }
    return std::stoi(s);
}

// A number exactly (round trip through the Python side's float()).
inline std::string number_text(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// A call the process refuses (exit code 2, the German text on stderr).
[[noreturn]] inline void usage(const std::string& what) {
    throw isp::Error(isp::ErrorCode::InvalidParameter, what, what);
}

// The value of the option argv[i]; i moves on to it. A missing value is refused.
// The bytes of a file named on the command line; refused (exit 2) when it cannot be read.
inline std::string file_bytes(const std::string& path, const std::string& what) {
    std::ifstream in(path, std::ios::binary);
    if (path.empty() || !in) {
        usage(what + " „" + path + "“ kann nicht gelesen werden");
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::string option_value(int argc, char** argv, int& i) {
    if (i + 1 >= argc) {
        usage(std::string(argv[i]) + " erwartet einen Wert");
    }
    return argv[++i];
}

// main() of a planner process: exit 0 done, 2 refused (German message on stderr), 1 unexpected error.
// plain_messages: only the explanation, without the error code's base text ("Ungültiger Parameter: "), for
// messages that a planner reads as a sentence of their own (a refused Datenmeldung).
inline int guarded_main(int (*run)(int, char**), int argc, char** argv, bool plain_messages = false) {
    try {
        return run(argc, argv);
    } catch (const isp::Error& e) {
        std::cerr << (plain_messages && !e.detail_de().empty() ? e.detail_de() : e.message_de()) << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "Unerwarteter Fehler: " << e.what() << '\n';
        return 1;
    }
}

}  // namespace isp::daten::records
