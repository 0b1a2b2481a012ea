// Broadcasting binary ops: hand-computed edge cases and the merged-dimension kernel against the
// coordinate-by-coordinate reference.
#include <cmath>
#include <random>
#include <vector>

#include "engine/kernels/binary.h"
#include "engine/reference/binary_ref.h"
#include "graph/types.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;
using kernels::BinaryOp;

namespace {

std::vector<float> Random(const Shape& shape, std::mt19937* rng) {
  std::uniform_real_distribution<float> dist(0.5f, 2.0f);  // away from 0 so division is tame
  std::vector<float> v(static_cast<size_t>(ElementCount(shape)));
  for (float& x : v) x = (*rng)() % 2 == 0 ? dist(*rng) : -dist(*rng);
  return v;
}

}  // namespace

TEST(KernelBinary, HandComputedBroadcasts) {
  // [2,3] + [3]: row vector added to each row.
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, row = {10, 20, 30};
  std::vector<float> out(6);
  REQUIRE_OK(kernels::Binary(BinaryOp::kAdd, Shape{2, 3}, Span<const float>(a), Shape{3}, Span<const float>(row),
                             ActivationParams(), Span<float>(out), nullptr));
  const float expected_add[] = {11, 22, 33, 14, 25, 36};
  for (size_t i = 0; i < 6; ++i) CHECK_NEAR(out[i], expected_add[i], 0);
  // [2,1] * [1,3]: outer product.
  const std::vector<float> col = {2, 3}, line = {1, 10, 100};
  REQUIRE_OK(kernels::Binary(BinaryOp::kMul, Shape{2, 1}, Span<const float>(col), Shape{1, 3}, Span<const float>(line),
                             ActivationParams(), Span<float>(out), nullptr));
  const float expected_mul[] = {2, 20, 200, 3, 30, 300};
  for (size_t i = 0; i < 6; ++i) CHECK_NEAR(out[i], expected_mul[i], 0);
  // scalar (rank 0) minus tensor, then ReLU.
  const std::vector<float> scalar = {3};
  ActivationParams relu;
  relu.type = graph::activation::kRelu;
  REQUIRE_OK(kernels::Binary(BinaryOp::kSub, Shape{}, Span<const float>(scalar), Shape{2, 3}, Span<const float>(a), relu,
                             Span<float>(out), nullptr));
  const float expected_sub[] = {2, 1, 0, 0, 0, 0};
  for (size_t i = 0; i < 6; ++i) CHECK_NEAR(out[i], expected_sub[i], 0);
  // Division and maximum with a broadcast middle axis: [2,1,2] vs [2,2,1] -> [2,2,2].
  const std::vector<float> p = {8, 4, 6, 3}, q = {2, 4, 1, 3};
  std::vector<float> out8(8);
  REQUIRE_OK(kernels::Binary(BinaryOp::kDiv, Shape{2, 1, 2}, Span<const float>(p), Shape{2, 2, 1}, Span<const float>(q),
                             ActivationParams(), Span<float>(out8), nullptr));
  const float expected_div[] = {4, 2, 2, 1, 6, 3, 2, 1};
  for (size_t i = 0; i < 8; ++i) CHECK_NEAR(out8[i], expected_div[i], 1e-6);
  REQUIRE_OK(kernels::Binary(BinaryOp::kMaximum, Shape{2, 1, 2}, Span<const float>(p), Shape{2, 2, 1},
                             Span<const float>(q), ActivationParams(), Span<float>(out8), nullptr));
  const float expected_max[] = {8, 4, 8, 4, 6, 3, 6, 3};
  for (size_t i = 0; i < 8; ++i) CHECK_NEAR(out8[i], expected_max[i], 0);
}

TEST(KernelBinary, MatchesReferenceOnRandomBroadcasts) {
  const std::pair<Shape, Shape> shapes[] = {
      {{4, 5}, {4, 5}},         {{1, 48, 48, 3}, {}},        {{2, 3, 4, 5}, {5}},     {{2, 3, 4, 5}, {3, 1, 1}},
      {{2, 1, 4, 1}, {1, 3, 1, 6}}, {{7}, {3, 1}},           {{1}, {1}},              {{2, 3, 1}, {2, 1, 5}},
      {{1, 1, 9000}, {2, 1, 1}},   {{3, 1, 2, 1, 2}, {1, 4, 2, 3, 1}}, {{0, 3}, {3}},
  };
  const BinaryOp ops[] = {BinaryOp::kAdd, BinaryOp::kSub, BinaryOp::kMul, BinaryOp::kDiv, BinaryOp::kMaximum,
                          BinaryOp::kMinimum, BinaryOp::kSquaredDifference};
  std::mt19937 rng(17);
  ThreadPool pool(2);
  for (const auto& pair : shapes) {
    const std::vector<float> a = Random(pair.first, &rng), b = Random(pair.second, &rng);
    Shape out_shape;
    REQUIRE_OK(BroadcastShapes(pair.first, pair.second, "t", &out_shape));
    for (BinaryOp op : ops) {
      std::vector<float> fast(static_cast<size_t>(ElementCount(out_shape))), slow(fast.size());
      REQUIRE_OK(kernels::Binary(op, pair.first, Span<const float>(a), pair.second, Span<const float>(b), ActivationParams(),
                                 Span<float>(fast), &pool));
      REQUIRE_OK(reference::Binary(op, pair.first, Span<const float>(a), pair.second, Span<const float>(b), ActivationParams(),
                                   Span<float>(slow)));
      for (size_t i = 0; i < fast.size(); ++i) CHECK_NEAR(fast[i], slow[i], 1e-6);
      // Swapped operands exercise the other broadcast side.
      REQUIRE_OK(kernels::Binary(op, pair.second, Span<const float>(b), pair.first, Span<const float>(a), ActivationParams(),
                                 Span<float>(fast), &pool));
      REQUIRE_OK(reference::Binary(op, pair.second, Span<const float>(b), pair.first, Span<const float>(a), ActivationParams(),
                                   Span<float>(slow)));
      for (size_t i = 0; i < fast.size(); ++i) CHECK_NEAR(fast[i], slow[i], 1e-6);
    }
  }
}

TEST(KernelBinary, RejectsShapesThatDoNotBroadcast) {
  std::vector<float> a(6), b(4), out(6);
  CHECK(kernels::Binary(BinaryOp::kAdd, Shape{2, 3}, Span<const float>(a), Shape{4}, Span<const float>(b),
                        ActivationParams(), Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  CHECK(kernels::Binary(BinaryOp::kAdd, Shape{2, 3}, Span<const float>(a.data(), 5), Shape{3}, Span<const float>(b.data(), 3),
                        ActivationParams(), Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  CHECK(kernels::Binary(BinaryOp::kAdd, Shape{2, -3}, Span<const float>(a), Shape{3}, Span<const float>(b.data(), 3),
                        ActivationParams(), Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
}
