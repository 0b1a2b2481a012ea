// A minimal test registry for the native core's C++ tests (built with ASan/UBSan by
// host/tools/native-tests.mjs). TEST registers a case; CHECK* record a failure and go on;
// REQUIRE* stop the case. The runner prints one line per case and `native: N passed, N failed`.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace prunelab_test {

struct TestCase {
  const char* name;
  void (*fn)();
};

std::vector<TestCase>& Registry();
void RecordFailure(const char* file, int line, const std::string& message);
void Skip(const std::string& reason);
bool CurrentFailed();

struct Registrar {
  Registrar(const char* name, void (*fn)()) { Registry().push_back({name, fn}); }
};

// The folder of the shared converter-made models: $PRUNELAB_FIXTURES or ../shared/fixtures/ms
// relative to the repository root; "" when absent.
std::string FixtureDir();
// Reads a whole file; false when it cannot be read.
bool ReadFile(const std::string& path, std::vector<uint8_t>* out);

template <typename A, typename B>
std::string Describe(const A& a, const B& b) {
  std::ostringstream text;
  text << a << " vs " << b;
  return text.str();
}

}  // namespace prunelab_test

#define PL_TEST_CONCAT2(a, b) a##b
#define PL_TEST_CONCAT(a, b) PL_TEST_CONCAT2(a, b)

#define TEST(suite, name)                                                                          \
  static void PL_TEST_CONCAT(test_, PL_TEST_CONCAT(suite, PL_TEST_CONCAT(_, name)))();            \
  static ::prunelab_test::Registrar PL_TEST_CONCAT(registrar_, PL_TEST_CONCAT(suite, PL_TEST_CONCAT(_, name)))( \
      #suite "." #name, &PL_TEST_CONCAT(test_, PL_TEST_CONCAT(suite, PL_TEST_CONCAT(_, name))));   \
  static void PL_TEST_CONCAT(test_, PL_TEST_CONCAT(suite, PL_TEST_CONCAT(_, name)))()

#define CHECK(cond) \
  do { if (!(cond)) ::prunelab_test::RecordFailure(__FILE__, __LINE__, "CHECK(" #cond ")"); } while (0)
#define CHECK_EQ(a, b)                                                                                          \
  do {                                                                                                          \
    const auto& pl_a_ = (a);                                                                                    \
    const auto& pl_b_ = (b);                                                                                    \
    if (!(pl_a_ == pl_b_))                                                                                      \
      ::prunelab_test::RecordFailure(__FILE__, __LINE__, "CHECK_EQ(" #a ", " #b "): " + ::prunelab_test::Describe(pl_a_, pl_b_)); \
  } while (0)
#define CHECK_NEAR(a, b, tol)                                                                                   \
  do {                                                                                                          \
    const double pl_a_ = static_cast<double>(a);                                                                \
    const double pl_b_ = static_cast<double>(b);                                                                \
    if (!(std::fabs(pl_a_ - pl_b_) <= (tol)))                                                                   \
      ::prunelab_test::RecordFailure(__FILE__, __LINE__, "CHECK_NEAR(" #a ", " #b ", " #tol "): " + ::prunelab_test::Describe(pl_a_, pl_b_)); \
  } while (0)
#define REQUIRE(cond) \
  do { if (!(cond)) { ::prunelab_test::RecordFailure(__FILE__, __LINE__, "REQUIRE(" #cond ")"); return; } } while (0)
// Requires a Status to be ok, printing its message otherwise.
#define REQUIRE_OK(expr)                                                                                    \
  do {                                                                                                      \
    const ::prunelab::Status pl_s_ = (expr);                                                                \
    if (!pl_s_.ok()) {                                                                                      \
      ::prunelab_test::RecordFailure(__FILE__, __LINE__, std::string("REQUIRE_OK(" #expr "): ") + ::prunelab::ErrorCodeName(pl_s_.code()) + " " + pl_s_.message()); \
      return;                                                                                               \
    }                                                                                                       \
  } while (0)
// Skips the rest of the case with a visible line (e.g. the shared fixtures are absent).
#define SKIP(reason) do { ::prunelab_test::Skip(reason); return; } while (0)
