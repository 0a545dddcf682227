// Replay driver for the fuzz target without libFuzzer (g++ builds, ctest engine_fuzz_replay): feeds every
// file of the given corpus directories, then deterministic pseudo-random inputs, through
// LLVMFuzzerTestOneInput. A violated contract aborts inside the target, which fails the test.
// Usage: engine_fuzz_replay [--random=N] [--seed=S] CORPUS_DIR_OR_FILE...
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::uint8_t> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// splitmix64: a fixed generator, so that the same inputs run on every platform and every run.
std::uint64_t next(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

int main(int argc, char** argv) {
    long random_inputs = 3000;
    std::uint64_t seed = 1;
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--random=", 0) == 0) {
            random_inputs = std::stol(arg.substr(9));
        } else if (arg.rfind("--seed=", 0) == 0) {
            seed = std::stoull(arg.substr(7));
        } else if (std::filesystem::is_directory(arg)) {
            for (const auto& e : std::filesystem::directory_iterator(arg))
                if (e.is_regular_file()) files.push_back(e.path());
        } else {
            files.push_back(arg);
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        const std::vector<std::uint8_t> bytes = read_file(f);
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    }
    std::uint64_t state = seed;
    std::vector<std::uint8_t> bytes;
    for (long i = 0; i < random_inputs; ++i) {
        bytes.resize(next(state) % 600);
        for (auto& b : bytes) b = static_cast<std::uint8_t>(next(state));
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    }
    std::printf("engine_fuzz_replay: %zu corpus files and %ld pseudo-random inputs passed\n", files.size(),
                random_inputs);
    return 0;
}
