#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "testing.h"

namespace prunelab_test {
namespace {
bool g_failed = false;
bool g_skipped = false;
std::string g_skip_reason;
}  // namespace

std::vector<TestCase>& Registry() {
  static std::vector<TestCase> cases;
  return cases;
}

void RecordFailure(const char* file, int line, const std::string& message) {
  g_failed = true;
  std::printf("    %s:%d: %s\n", file, line, message.c_str());
}

void Skip(const std::string& reason) {
  g_skipped = true;
  g_skip_reason = reason;
}

bool CurrentFailed() { return g_failed; }

std::string FixtureDir() {
  const char* env = std::getenv("PRUNELAB_FIXTURES");
  std::string dir = env != nullptr && *env != '\0' ? env : std::string(PRUNELAB_REPO_ROOT) + "/../shared/fixtures/ms";
  std::ifstream probe(dir + "/SHA256SUMS");
  return probe.good() ? dir : std::string();
}

bool ReadFile(const std::string& path, std::vector<uint8_t>* out) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  out->assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  return !file.bad();
}

}  // namespace prunelab_test

int main(int argc, char** argv) {
  using namespace prunelab_test;
  const char* filter = argc > 1 ? argv[1] : nullptr;
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  for (const TestCase& test : Registry()) {
    if (filter != nullptr && std::strstr(test.name, filter) == nullptr) continue;
    g_failed = false;
    g_skipped = false;
    test.fn();
    if (g_failed) {
      ++failed;
      std::printf("FAIL %s\n", test.name);
    } else if (g_skipped) {
      ++skipped;
      std::printf("skip %s: %s\n", test.name, g_skip_reason.c_str());
    } else {
      ++passed;
      std::printf("ok   %s\n", test.name);
    }
    std::fflush(stdout);
  }
  std::printf("native: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed == 0 ? 0 : 1;
}
