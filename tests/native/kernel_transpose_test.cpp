// Transpose: hand-computed NHWC -> NCHW and random permutations against the reference.
#include <numeric>
#include <random>
#include <vector>

#include "engine/kernels/transpose.h"
#include "engine/reference/transpose_ref.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;

TEST(KernelTranspose, NhwcToNchwByHand) {
  // [1,2,2,3] NHWC with value = h*100 + w*10 + c.
  std::vector<float> in;
  for (int h = 0; h < 2; ++h)
    for (int w = 0; w < 2; ++w)
      for (int c = 0; c < 3; ++c) in.push_back(static_cast<float>(h * 100 + w * 10 + c));
  std::vector<float> out(12);
  REQUIRE_OK(kernels::Transpose(Shape{1, 2, 2, 3}, {0, 3, 1, 2}, Span<const float>(in), Span<float>(out), nullptr));
  CHECK(kernels::PermuteShape(Shape{1, 2, 2, 3}, {0, 3, 1, 2}) == (Shape{1, 3, 2, 2}));
  const float expected[] = {0, 10, 100, 110, 1, 11, 101, 111, 2, 12, 102, 112};
  for (size_t i = 0; i < 12; ++i) CHECK_NEAR(out[i], expected[i], 0);
}

TEST(KernelTranspose, RandomPermutationsMatchReference) {
  std::mt19937 rng(23);
  ThreadPool pool(2);
  const Shape shapes[] = {{5}, {3, 4}, {2, 3, 4}, {1, 5, 1, 7}, {2, 3, 4, 5}, {3, 1, 2, 2, 3}, {4, 6, 5}};
  for (const Shape& shape : shapes) {
    std::vector<float> in(static_cast<size_t>(ElementCount(shape)));
    std::iota(in.begin(), in.end(), 0.0f);
    std::vector<int64_t> perm(shape.size());
    std::iota(perm.begin(), perm.end(), 0);
    for (int trial = 0; trial < 4; ++trial) {
      std::shuffle(perm.begin(), perm.end(), rng);
      std::vector<float> fast(in.size()), slow(in.size());
      REQUIRE_OK(kernels::Transpose(shape, perm, Span<const float>(in), Span<float>(fast), &pool));
      REQUIRE_OK(reference::Transpose(shape, perm, Span<const float>(in), Span<float>(slow)));
      CHECK(fast == slow);
    }
  }
}

TEST(KernelTranspose, RejectsBadPermutations) {
  std::vector<float> in(6), out(6);
  CHECK(kernels::Transpose(Shape{2, 3}, {0, 0}, Span<const float>(in), Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  CHECK(kernels::Transpose(Shape{2, 3}, {0, 1, 2}, Span<const float>(in), Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  CHECK(kernels::Transpose(Shape{2, 3}, {1, 2}, Span<const float>(in), Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  CHECK(kernels::Transpose(Shape{2, 3}, {1, 0}, Span<const float>(in.data(), 5), Span<float>(out), nullptr).code() ==
        ErrorCode::kBadArgument);
}
