// Softmax, concatenation, padding, strided gathers, activation functions, the thread pool and
// the memory planner.
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "engine/activation.h"
#include "engine/kernels/data_movement.h"
#include "engine/kernels/softmax.h"
#include "engine/memory_planner.h"
#include "engine/thread_pool.h"
#include "graph/types.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;

TEST(KernelSoftmax, RowsSumToOneAndMatchHandValues) {
  const std::vector<float> x = {1, 2, 3, 1000, 1000, 1000};  // [2,3]; the second row must not overflow
  std::vector<float> y(6);
  REQUIRE_OK(kernels::Softmax(Shape{2, 3}, 1, Span<const float>(x), Span<float>(y), nullptr));
  const double e1 = std::exp(-2.0), e2 = std::exp(-1.0), s = e1 + e2 + 1.0;
  CHECK_NEAR(y[0], e1 / s, 1e-6);
  CHECK_NEAR(y[1], e2 / s, 1e-6);
  CHECK_NEAR(y[2], 1.0 / s, 1e-6);
  for (int i = 3; i < 6; ++i) CHECK_NEAR(y[i], 1.0 / 3.0, 1e-6);
  // Along axis 0 of [2,3]: each column sums to one.
  REQUIRE_OK(kernels::Softmax(Shape{2, 3}, 0, Span<const float>(x), Span<float>(y), nullptr));
  for (int c = 0; c < 3; ++c) CHECK_NEAR(y[c] + y[3 + c], 1.0, 1e-6);
  CHECK_NEAR(y[3], 1.0, 1e-6);
  CHECK(kernels::Softmax(Shape{2, 3}, 2, Span<const float>(x), Span<float>(y), nullptr).code() == ErrorCode::kBadArgument);
}

TEST(KernelDataMovement, ConcatAlongEachAxis) {
  const std::vector<float> a = {1, 2, 3, 4}, b = {5, 6};  // [2,2] and [2,1] on axis 1, [1,2] on axis 0
  std::vector<float> out(6);
  REQUIRE_OK(kernels::Concat({Shape{2, 2}, Shape{2, 1}}, {Span<const float>(a), Span<const float>(b)}, 1, Span<float>(out)));
  const float by_column[] = {1, 2, 5, 3, 4, 6};
  for (size_t i = 0; i < 6; ++i) CHECK_NEAR(out[i], by_column[i], 0);
  REQUIRE_OK(kernels::Concat({Shape{2, 2}, Shape{1, 2}}, {Span<const float>(a), Span<const float>(b)}, 0, Span<float>(out)));
  const float by_row[] = {1, 2, 3, 4, 5, 6};
  for (size_t i = 0; i < 6; ++i) CHECK_NEAR(out[i], by_row[i], 0);
  Shape shape;
  CHECK(kernels::ConcatShape({Shape{2, 2}, Shape{3, 1}}, 1, &shape).code() == ErrorCode::kBadArgument);
  CHECK(kernels::ConcatShape({Shape{2, 2}, Shape{2}}, 0, &shape).code() == ErrorCode::kBadArgument);
}

TEST(KernelDataMovement, PadModesByHand) {
  const std::vector<float> x = {1, 2, 3};  // [3]
  std::vector<float> out(7);
  REQUIRE_OK(kernels::Pad(Shape{3}, {2}, {2}, kernels::PadMode::kConstant, 9.0f, Span<const float>(x), Span<float>(out)));
  const float constant[] = {9, 9, 1, 2, 3, 9, 9};
  for (size_t i = 0; i < 7; ++i) CHECK_NEAR(out[i], constant[i], 0);
  REQUIRE_OK(kernels::Pad(Shape{3}, {2}, {2}, kernels::PadMode::kReflect, 0.0f, Span<const float>(x), Span<float>(out)));
  const float reflect[] = {3, 2, 1, 2, 3, 2, 1};
  for (size_t i = 0; i < 7; ++i) CHECK_NEAR(out[i], reflect[i], 0);
  REQUIRE_OK(kernels::Pad(Shape{3}, {2}, {2}, kernels::PadMode::kSymmetric, 0.0f, Span<const float>(x), Span<float>(out)));
  const float symmetric[] = {2, 1, 1, 2, 3, 3, 2};
  for (size_t i = 0; i < 7; ++i) CHECK_NEAR(out[i], symmetric[i], 0);
  // 2-D: [1,2] padded by one row after and one column before.
  const std::vector<float> m = {5, 6};
  std::vector<float> out2(6);
  REQUIRE_OK(kernels::Pad(Shape{1, 2}, {0, 1}, {1, 0}, kernels::PadMode::kConstant, 0.0f, Span<const float>(m), Span<float>(out2)));
  const float padded[] = {0, 5, 6, 0, 0, 0};
  for (size_t i = 0; i < 6; ++i) CHECK_NEAR(out2[i], padded[i], 0);
  Shape shape;
  CHECK(kernels::PadShape(Shape{3}, {3}, {0}, kernels::PadMode::kReflect, &shape).code() == ErrorCode::kBadArgument);
  CHECK(kernels::PadShape(Shape{3}, {-1}, {0}, kernels::PadMode::kConstant, &shape).code() == ErrorCode::kBadArgument);
  CHECK(kernels::PadShape(Shape{3, 1}, {1}, {1}, kernels::PadMode::kConstant, &shape).code() == ErrorCode::kBadArgument);
}

TEST(KernelDataMovement, StridedGatherForwardBackwardAndBounds) {
  const std::vector<float> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};  // [3,4]
  std::vector<float> out(4);
  // rows 0 and 2, columns 3 and 1 (negative stride)
  REQUIRE_OK(kernels::StridedGather(Shape{3, 4}, {0, 3}, {2, -2}, Shape{2, 2}, Span<const float>(x), Span<float>(out)));
  const float expected[] = {3, 1, 11, 9};
  for (size_t i = 0; i < 4; ++i) CHECK_NEAR(out[i], expected[i], 0);
  CHECK(kernels::StridedGather(Shape{3, 4}, {0, 3}, {2, 1}, Shape{2, 2}, Span<const float>(x), Span<float>(out)).code() ==
        ErrorCode::kBadArgument);  // column 4 is out of range
}

TEST(KernelActivation, FunctionsByHand) {
  auto apply = [](int32_t type, float x, float alpha = 0.0f, bool approximate = false) {
    ActivationParams p;
    p.type = type;
    p.alpha = alpha;
    p.approximate = approximate;
    p.min_val = -0.5f;
    p.max_val = 0.5f;
    ApplyActivation(p, &x, 1);
    return x;
  };
  namespace a = graph::activation;
  CHECK_NEAR(apply(a::kRelu, -2), 0, 0);
  CHECK_NEAR(apply(a::kRelu6, 7), 6, 0);
  CHECK_NEAR(apply(a::kSigmoid, 0), 0.5, 1e-7);
  CHECK_NEAR(apply(a::kTanh, 1), std::tanh(1.0), 1e-6);
  CHECK_NEAR(apply(a::kLeakyRelu, -2, 0.1f), -0.2, 1e-7);
  CHECK_NEAR(apply(a::kHSwish, 1), 1.0 * 4.0 / 6.0, 1e-6);
  CHECK_NEAR(apply(a::kHSwish, -4), 0, 0);
  CHECK_NEAR(apply(a::kHSigmoid, 0), 0.5, 1e-7);
  CHECK_NEAR(apply(a::kGelu, 1), 0.5 * (1.0 + std::erf(1.0 / std::sqrt(2.0))), 1e-6);
  CHECK_NEAR(apply(a::kGelu, 1, 0, true), 0.5 * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (1.0 + 0.044715))), 1e-6);
  CHECK_NEAR(apply(a::kElu, -1, 2.0f), 2.0 * (std::exp(-1.0) - 1.0), 1e-6);
  CHECK_NEAR(apply(a::kSoftplus, 50), 50, 1e-5);
  CHECK_NEAR(apply(a::kSoftplus, 0), std::log(2.0), 1e-6);
  CHECK_NEAR(apply(activation_ext::kHardTanh, 3), 0.5, 0);
  CHECK(CheckActivationSupported(a::kSelu, "t").code() == ErrorCode::kUnsupportedOp);
  CHECK(CheckActivationSupported(a::kGelu, "t").ok());
}

TEST(EngineThreadPool, CoversEveryIndexOnceAndRethrows) {
  ThreadPool pool(3);
  CHECK_EQ(pool.threads(), 3);
  std::vector<std::atomic<int>> hits(1000);
  for (auto& h : hits) h = 0;
  for (int round = 0; round < 50; ++round) {
    pool.ParallelFor(1000, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) hits[static_cast<size_t>(i)]++;
    });
  }
  bool all = true;
  for (auto& h : hits) all = all && h == 50;
  CHECK(all);
  // Nested calls run inline instead of deadlocking.
  std::atomic<int> inner{0};
  pool.ParallelFor(4, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) pool.ParallelFor(10, [&](int64_t b, int64_t e) { inner += static_cast<int>(e - b); });
  });
  CHECK_EQ(inner.load(), 40);
  bool threw = false;
  try {
    pool.ParallelFor(8, [](int64_t begin, int64_t) {
      if (begin == 0) throw std::runtime_error("chunk failed");
    });
  } catch (const std::runtime_error&) {
    threw = true;
  }
  CHECK(threw);
  // Still usable afterwards.
  std::atomic<int64_t> sum{0};
  pool.ParallelFor(100, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) sum += i;
  });
  CHECK_EQ(sum.load(), 4950);
}

TEST(EngineMemoryPlanner, OverlappingLifetimesNeverShareMemory) {
  // A chain a->b->c->d where each buffer dies after the next is made, plus a long-lived one.
  const std::vector<BufferRequest> requests = {
      {100, 0, 1}, {200, 1, 2}, {100, 2, 3}, {300, 3, 4}, {50, 0, 4}, {10, 2, 2},
  };
  const MemoryPlan plan = PlanMemory(requests);
  size_t sum = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    sum += (requests[i].size + kAlignmentFloats - 1) / kAlignmentFloats * kAlignmentFloats;
    CHECK_EQ(plan.offsets[i] % kAlignmentFloats, 0u);
    CHECK(plan.offsets[i] + requests[i].size <= plan.total);
    for (size_t j = 0; j < i; ++j) {
      const bool live_together = requests[i].first_use <= requests[j].last_use && requests[j].first_use <= requests[i].last_use;
      const bool disjoint = plan.offsets[i] + requests[i].size <= plan.offsets[j] || plan.offsets[j] + requests[j].size <= plan.offsets[i];
      if (live_together) CHECK(disjoint);
    }
  }
  CHECK(plan.total < sum);  // reuse happened
  CHECK(PlanMemory({}).total == 0u);
}
