// Pooling: hand-computed max/average (padding excluded from averages, ceil rounding, global) and
// the fast kernel against the reference.
#include <cmath>
#include <random>
#include <vector>

#include "engine/kernels/pooling.h"
#include "engine/kernels/window.h"
#include "engine/reference/pooling_ref.h"
#include "graph/types.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;
using kernels::Pool2DGeometry;
using kernels::PoolKind;

namespace {

Pool2DGeometry Geometry(int64_t batch, int64_t h, int64_t w, int64_t c, int64_t k, int64_t stride, int32_t pad_mode,
                        int64_t pad, bool ceil_mode) {
  Pool2DGeometry g;
  g.batch = batch;
  g.in_h = h;
  g.in_w = w;
  g.channels = c;
  g.kernel_h = g.kernel_w = k;
  g.stride_h = g.stride_w = stride;
  kernels::WindowAxis row, column;
  if (!kernels::ComputeWindowAxis(h, k, stride, 1, pad_mode, pad, pad, ceil_mode, "t", &row).ok() ||
      !kernels::ComputeWindowAxis(w, k, stride, 1, pad_mode, pad, pad, ceil_mode, "t", &column).ok()) {
    g.out_h = 0;
    return g;
  }
  g.out_h = row.out;
  g.out_w = column.out;
  g.pad_top = row.pad_before;
  g.pad_left = column.pad_before;
  return g;
}

}  // namespace

TEST(KernelPooling, HandComputedMaxAndAverage) {
  // 4x4 single channel 0..15, 2x2 stride 2.
  const Pool2DGeometry g = Geometry(1, 4, 4, 1, 2, 2, graph::pad_mode::kPad, 0, false);
  std::vector<float> input(16);
  for (size_t i = 0; i < 16; ++i) input[i] = static_cast<float>(i);
  std::vector<float> out(4);
  REQUIRE_OK(kernels::Pool2D(PoolKind::kMax, g, Span<const float>(input), ActivationParams(), Span<float>(out), nullptr));
  CHECK_NEAR(out[0], 5, 0);
  CHECK_NEAR(out[1], 7, 0);
  CHECK_NEAR(out[2], 13, 0);
  CHECK_NEAR(out[3], 15, 0);
  REQUIRE_OK(kernels::Pool2D(PoolKind::kAverage, g, Span<const float>(input), ActivationParams(), Span<float>(out), nullptr));
  CHECK_NEAR(out[0], 2.5, 1e-6);
  CHECK_NEAR(out[3], 12.5, 1e-6);
}

TEST(KernelPooling, PaddingIsNotCountedAndCeilAddsAWindow) {
  // 3x3 of ones, 2x2 kernel, stride 2, ceil: windows at 0..1 and 2..3 (clipped to row 2).
  const Pool2DGeometry g = Geometry(1, 3, 3, 1, 2, 2, graph::pad_mode::kPad, 0, true);
  CHECK_EQ(g.out_h, 2);
  std::vector<float> input = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<float> out(4);
  REQUIRE_OK(kernels::Pool2D(PoolKind::kAverage, g, Span<const float>(input), ActivationParams(), Span<float>(out), nullptr));
  CHECK_NEAR(out[0], 3.0, 1e-6);   // (1+2+4+5)/4
  CHECK_NEAR(out[1], 4.5, 1e-6);   // (3+6)/2: the clipped column is not counted
  CHECK_NEAR(out[2], 7.5, 1e-6);   // (7+8)/2
  CHECK_NEAR(out[3], 9.0, 1e-6);   // 9/1
  // Explicit padding 1 with a 3x3 kernel, stride 1: the corner averages 4 values, not 9.
  const Pool2DGeometry p = Geometry(1, 3, 3, 1, 3, 1, graph::pad_mode::kPad, 1, false);
  std::vector<float> padded(9);
  REQUIRE_OK(kernels::Pool2D(PoolKind::kAverage, p, Span<const float>(input), ActivationParams(), Span<float>(padded), nullptr));
  CHECK_NEAR(padded[0], 3.0, 1e-6);  // (1+2+4+5)/4
  CHECK_NEAR(padded[4], 5.0, 1e-6);
  // Max with negative values and padding: padding never wins.
  std::vector<float> negative = {-9, -8, -7, -6, -5, -4, -3, -2, -1};
  REQUIRE_OK(kernels::Pool2D(PoolKind::kMax, p, Span<const float>(negative), ActivationParams(), Span<float>(padded), nullptr));
  CHECK_NEAR(padded[0], -5, 0);
}

TEST(KernelPooling, GlobalAverageWithActivation) {
  Pool2DGeometry g;
  g.batch = 2;
  g.in_h = 2;
  g.in_w = 3;
  g.channels = 2;
  g.kernel_h = 2;
  g.kernel_w = 3;
  std::vector<float> input(24);
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(i % 2 == 0 ? i : -static_cast<float>(i));
  std::vector<float> out(4);
  ActivationParams relu;
  relu.type = graph::activation::kRelu;
  REQUIRE_OK(kernels::Pool2D(PoolKind::kAverage, g, Span<const float>(input), relu, Span<float>(out), nullptr));
  CHECK_NEAR(out[0], 5.0, 1e-5);   // (0+2+4+6+8+10)/6
  CHECK_NEAR(out[1], 0.0, 1e-6);   // negative mean -> ReLU
  CHECK_NEAR(out[2], 17.0, 1e-5);  // (12+...+22)/6
}

TEST(KernelPooling, FastMatchesReference) {
  struct Spec {
    int64_t batch, h, w, c, k, stride;
    int32_t pad_mode;
    int64_t pad;
    bool ceil_mode;
    int threads;
  };
  const Spec specs[] = {
      {1, 46, 46, 16, 2, 2, graph::pad_mode::kPad, 0, false, 1}, {1, 21, 21, 5, 2, 2, graph::pad_mode::kPad, 0, true, 2},
      {2, 9, 7, 3, 3, 2, graph::pad_mode::kSame, 0, false, 2},   {1, 8, 8, 7, 3, 1, graph::pad_mode::kPad, 1, false, 1},
      {3, 5, 6, 1, 2, 3, graph::pad_mode::kValid, 0, true, 2},   {1, 10, 3, 9, 3, 3, graph::pad_mode::kPad, 2, true, 2},
  };
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-2.0f, 2.0f);
  for (const Spec& s : specs) {
    const Pool2DGeometry g = Geometry(s.batch, s.h, s.w, s.c, s.k, s.stride, s.pad_mode, s.pad, s.ceil_mode);
    REQUIRE(g.out_h > 0);
    std::vector<float> input(static_cast<size_t>(g.InputSize()));
    for (float& x : input) x = dist(rng);
    ThreadPool pool(s.threads);
    for (PoolKind kind : {PoolKind::kMax, PoolKind::kAverage}) {
      std::vector<float> fast(static_cast<size_t>(g.OutputSize())), slow(fast.size());
      REQUIRE_OK(kernels::Pool2D(kind, g, Span<const float>(input), ActivationParams(), Span<float>(fast), &pool));
      REQUIRE_OK(reference::Pool2D(kind, g, Span<const float>(input), ActivationParams(), Span<float>(slow)));
      for (size_t i = 0; i < fast.size(); ++i) CHECK_NEAR(fast[i], slow[i], 1e-5);
    }
  }
}

TEST(KernelPooling, RejectsWindowsInsidePaddingAndBadSizes) {
  Pool2DGeometry g;
  g.in_h = g.in_w = 2;
  g.kernel_h = g.kernel_w = 1;
  g.pad_top = 1;  // the first window sees only padding
  g.out_h = g.out_w = 2;
  std::vector<float> input(4), out(4);
  CHECK(kernels::Pool2D(PoolKind::kMax, g, Span<const float>(input), ActivationParams(), Span<float>(out), nullptr).code() ==
        ErrorCode::kBadArgument);
  g.pad_top = 0;
  g.out_h = 3;  // last window past the input
  std::vector<float> out6(6);
  CHECK(kernels::Pool2D(PoolKind::kMax, g, Span<const float>(input), ActivationParams(), Span<float>(out6), nullptr).code() ==
        ErrorCode::kBadArgument);
  g.out_h = 2;
  CHECK(kernels::Pool2D(PoolKind::kMax, g, Span<const float>(input.data(), 3), ActivationParams(), Span<float>(out), nullptr)
            .code() == ErrorCode::kBadArgument);
}
