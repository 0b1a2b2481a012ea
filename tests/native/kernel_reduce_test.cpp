// Reductions: hand-computed mean/sum/max and every mode on random axis sets against the reference.
#include <cmath>
#include <random>
#include <vector>

#include "engine/kernels/reduce.h"
#include "engine/reference/reduce_ref.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;
using kernels::ReduceMode;

TEST(KernelReduce, HandComputed) {
  const std::vector<float> x = {1, 2, 3, 4, 5, 6};  // [2,3]
  std::vector<float> rows(2), cols(3), all(1);
  REQUIRE_OK(kernels::Reduce(ReduceMode::kMean, Shape{2, 3}, {false, true}, 1.0f, Span<const float>(x), Span<float>(rows), nullptr));
  CHECK_NEAR(rows[0], 2, 1e-6);
  CHECK_NEAR(rows[1], 5, 1e-6);
  REQUIRE_OK(kernels::Reduce(ReduceMode::kSum, Shape{2, 3}, {true, false}, 1.0f, Span<const float>(x), Span<float>(cols), nullptr));
  CHECK_NEAR(cols[0], 5, 0);
  CHECK_NEAR(cols[2], 9, 0);
  REQUIRE_OK(kernels::Reduce(ReduceMode::kMax, Shape{2, 3}, {true, true}, 1.0f, Span<const float>(x), Span<float>(all), nullptr));
  CHECK_NEAR(all[0], 6, 0);
  REQUIRE_OK(kernels::Reduce(ReduceMode::kL2, Shape{2, 3}, {true, true}, 2.0f, Span<const float>(x), Span<float>(all), nullptr));
  CHECK_NEAR(all[0], 2.0 * std::sqrt(91.0), 1e-4);
  // Keeping everything is a copy (times the scale).
  std::vector<float> same(6);
  REQUIRE_OK(kernels::Reduce(ReduceMode::kMin, Shape{2, 3}, {false, false}, 1.0f, Span<const float>(x), Span<float>(same), nullptr));
  for (size_t i = 0; i < 6; ++i) CHECK_NEAR(same[i], x[i], 0);
}

TEST(KernelReduce, EveryModeMatchesReference) {
  const ReduceMode modes[] = {ReduceMode::kMean, ReduceMode::kMax, ReduceMode::kMin, ReduceMode::kProd,
                              ReduceMode::kSum, ReduceMode::kSumSquare, ReduceMode::kASum, ReduceMode::kL2};
  const Shape shape = {2, 3, 1, 4, 5};
  std::mt19937 rng(31);
  std::uniform_real_distribution<float> dist(0.6f, 1.4f);  // products stay moderate
  std::vector<float> x(static_cast<size_t>(ElementCount(shape)));
  for (float& v : x) v = rng() % 3 == 0 ? -dist(rng) : dist(rng);
  ThreadPool pool(2);
  for (uint32_t mask = 0; mask < 32; ++mask) {
    std::vector<bool> reduced(shape.size());
    int64_t kept = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
      reduced[i] = ((mask >> i) & 1) != 0;
      if (!reduced[i]) kept *= shape[i];
    }
    for (ReduceMode mode : modes) {
      std::vector<float> fast(static_cast<size_t>(kept)), slow(fast.size());
      REQUIRE_OK(kernels::Reduce(mode, shape, reduced, 0.5f, Span<const float>(x), Span<float>(fast), &pool));
      REQUIRE_OK(reference::Reduce(mode, shape, reduced, 0.5f, Span<const float>(x), Span<float>(slow)));
      for (size_t i = 0; i < fast.size(); ++i) CHECK_NEAR(fast[i], slow[i], 1e-4 * (1.0 + std::fabs(slow[i])));
    }
  }
}

TEST(KernelReduce, EmptyAxesAndBadArguments) {
  std::vector<float> none, out(3);
  REQUIRE_OK(kernels::Reduce(ReduceMode::kSum, Shape{0, 3}, {true, false}, 1.0f, Span<const float>(none), Span<float>(out), nullptr));
  CHECK_NEAR(out[0], 0, 0);
  REQUIRE_OK(kernels::Reduce(ReduceMode::kProd, Shape{0, 3}, {true, false}, 1.0f, Span<const float>(none), Span<float>(out), nullptr));
  CHECK_NEAR(out[2], 1, 0);
  CHECK(kernels::Reduce(ReduceMode::kMax, Shape{0, 3}, {true, false}, 1.0f, Span<const float>(none), Span<float>(out), nullptr)
            .code() == ErrorCode::kBadArgument);
  std::vector<float> x(6);
  CHECK(kernels::Reduce(ReduceMode::kSum, Shape{2, 3}, {true}, 1.0f, Span<const float>(x), Span<float>(out), nullptr).code() ==
        ErrorCode::kBadArgument);
  CHECK(kernels::Reduce(ReduceMode::kSum, Shape{2, 3}, {true, false}, 1.0f, Span<const float>(x), Span<float>(out.data(), 2), nullptr)
            .code() == ErrorCode::kBadArgument);
  CHECK(!kernels::IsSupportedReduceMode(7));  // ReduceAll is boolean: not an engine mode
}
