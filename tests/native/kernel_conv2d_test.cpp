// Convolution: window geometry, hand-computed cases (padding, stride, dilation, groups) and the
// fast paths (im2col+GEMM, 1x1, depthwise) against the reference on random geometries.
#include <cmath>
#include <random>
#include <vector>

#include "engine/kernels/conv2d.h"
#include "engine/kernels/window.h"
#include "engine/reference/conv2d_ref.h"
#include "graph/types.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;
using kernels::Conv2DGeometry;

namespace {

std::vector<float> Random(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// 0, 1, 2, ... as floats.
std::vector<float> Iota(size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return v;
}

Conv2DGeometry Geometry(int64_t batch, int64_t h, int64_t w, int64_t cin, int64_t cout, int64_t kh, int64_t kw,
                        int64_t stride, int64_t dilation, int64_t groups, int32_t pad_mode, int64_t pad) {
  Conv2DGeometry g;
  g.batch = batch;
  g.in_h = h;
  g.in_w = w;
  g.in_c = cin;
  g.out_c = cout;
  g.kernel_h = kh;
  g.kernel_w = kw;
  g.stride_h = g.stride_w = stride;
  g.dilation_h = g.dilation_w = dilation;
  g.groups = groups;
  kernels::WindowAxis row, column;
  if (!kernels::ComputeWindowAxis(h, kh, stride, dilation, pad_mode, pad, pad, false, "test", &row).ok() ||
      !kernels::ComputeWindowAxis(w, kw, stride, dilation, pad_mode, pad, pad, false, "test", &column).ok()) {
    g.out_h = 0;  // marks an impossible geometry
    return g;
  }
  g.out_h = row.out;
  g.out_w = column.out;
  g.pad_top = row.pad_before;
  g.pad_left = column.pad_before;
  return g;
}

double CompareWithReference(const Conv2DGeometry& g, bool bias, int32_t activation, int threads, uint32_t seed) {
  const std::vector<float> input = Random(static_cast<size_t>(g.InputSize()), seed);
  const std::vector<float> weight = Random(static_cast<size_t>(g.WeightSize()), seed + 1);
  const std::vector<float> b = bias ? Random(static_cast<size_t>(g.out_c), seed + 2) : std::vector<float>();
  std::vector<float> fast(static_cast<size_t>(g.OutputSize())), slow(fast.size());
  ActivationParams act;
  act.type = activation;
  ThreadPool pool(threads);
  if (!kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(b), act, Span<float>(fast), &pool).ok())
    return 1e9;
  if (!reference::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(b), act, Span<float>(slow)).ok())
    return 1e9;
  double worst = 0.0;
  for (size_t i = 0; i < fast.size(); ++i) worst = std::max(worst, std::fabs(static_cast<double>(fast[i]) - slow[i]));
  return worst;
}

}  // namespace

TEST(KernelConv2D, WindowAxisFollowsPadModes) {
  kernels::WindowAxis axis;
  // SAME: ceil(in / stride) outputs, padding split with the extra one after.
  REQUIRE_OK(kernels::ComputeWindowAxis(7, 3, 2, 1, graph::pad_mode::kSame, 0, 0, false, "t", &axis));
  CHECK_EQ(axis.out, 4);
  CHECK_EQ(axis.pad_before, 1);  // total (4-1)*2+3-7 = 2
  REQUIRE_OK(kernels::ComputeWindowAxis(6, 2, 2, 1, graph::pad_mode::kSame, 0, 0, false, "t", &axis));
  CHECK_EQ(axis.out, 3);
  CHECK_EQ(axis.pad_before, 0);
  REQUIRE_OK(kernels::ComputeWindowAxis(5, 4, 1, 1, graph::pad_mode::kSame, 0, 0, false, "t", &axis));
  CHECK_EQ(axis.out, 5);
  CHECK_EQ(axis.pad_before, 1);  // total 3: 1 before, 2 after
  // VALID ignores the explicit pads.
  REQUIRE_OK(kernels::ComputeWindowAxis(7, 3, 2, 1, graph::pad_mode::kValid, 5, 5, false, "t", &axis));
  CHECK_EQ(axis.out, 3);
  CHECK_EQ(axis.pad_before, 0);
  // PAD with dilation: span (3-1)*2+1 = 5 over 10+1+1.
  REQUIRE_OK(kernels::ComputeWindowAxis(10, 3, 1, 2, graph::pad_mode::kPad, 1, 1, false, "t", &axis));
  CHECK_EQ(axis.out, 8);
  CHECK_EQ(axis.pad_before, 1);
  // Floor vs ceil rounding (pooling 21 -> 10 or 11 with kernel 2 stride 2).
  REQUIRE_OK(kernels::ComputeWindowAxis(21, 2, 2, 1, graph::pad_mode::kPad, 0, 0, false, "t", &axis));
  CHECK_EQ(axis.out, 10);
  REQUIRE_OK(kernels::ComputeWindowAxis(21, 2, 2, 1, graph::pad_mode::kPad, 0, 0, true, "t", &axis));
  CHECK_EQ(axis.out, 11);
  // Rounding up never adds a window that would start in the trailing padding: 3 + 2 + 2 with
  // kernel 3, stride 3 gives ceil(4/3) + 1 = 3 windows, the last starting at 6 - 2 = 4 > 3.
  REQUIRE_OK(kernels::ComputeWindowAxis(3, 3, 3, 1, graph::pad_mode::kPad, 2, 2, true, "t", &axis));
  CHECK_EQ(axis.out, 2);
  // Impossible windows and bad values are BAD_ARGUMENT.
  CHECK(kernels::ComputeWindowAxis(2, 5, 1, 1, graph::pad_mode::kPad, 0, 0, false, "t", &axis).code() == ErrorCode::kBadArgument);
  CHECK(kernels::ComputeWindowAxis(8, 3, 0, 1, graph::pad_mode::kPad, 0, 0, false, "t", &axis).code() == ErrorCode::kBadArgument);
  CHECK(kernels::ComputeWindowAxis(8, 3, 1, 1, graph::pad_mode::kPad, -1, 0, false, "t", &axis).code() == ErrorCode::kBadArgument);
  CHECK(kernels::ComputeWindowAxis(8, 3, 1, 1, 9, 0, 0, false, "t", &axis).code() == ErrorCode::kBadArgument);
}

TEST(KernelConv2D, HandComputedValidStride1) {
  // 3x3 single-channel image 0..8, 2x2 kernel [1,2;3,4], bias 1.
  const Conv2DGeometry g = Geometry(1, 3, 3, 1, 1, 2, 2, 1, 1, 1, graph::pad_mode::kValid, 0);
  const std::vector<float> input = Iota(9), weight = {1, 2, 3, 4}, bias = {1};
  std::vector<float> out(4);
  REQUIRE_OK(kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(bias),
                             ActivationParams(), Span<float>(out), nullptr));
  // (0,0): 0*1+1*2+3*3+4*4 = 27 (+1)
  CHECK_NEAR(out[0], 28, 1e-6);
  CHECK_NEAR(out[1], 38, 1e-6);  // 1+4+12+20 = 37
  CHECK_NEAR(out[2], 58, 1e-6);  // 3+8+18+28 = 57
  CHECK_NEAR(out[3], 68, 1e-6);  // 4+10+21+32 = 67
}

TEST(KernelConv2D, HandComputedSamePaddingStride2) {
  // 4x4 image of ones, 3x3 kernel of ones, SAME, stride 2: windows at rows/cols -1..1 and 1..3
  // (total pad 1, all of it after): counts 4,6 / 6,9 -> with pad_before 0 the first window
  // covers rows 0..2 (3 rows) and the second rows 2..4 (rows 2,3 = 2 rows).
  const Conv2DGeometry g = Geometry(1, 4, 4, 1, 1, 3, 3, 2, 1, 1, graph::pad_mode::kSame, 0);
  CHECK_EQ(g.out_h, 2);
  CHECK_EQ(g.pad_top, 0);
  const std::vector<float> input(16, 1.0f), weight(9, 1.0f);
  std::vector<float> out(4);
  REQUIRE_OK(kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(),
                             ActivationParams(), Span<float>(out), nullptr));
  CHECK_NEAR(out[0], 9, 1e-6);
  CHECK_NEAR(out[1], 6, 1e-6);
  CHECK_NEAR(out[2], 6, 1e-6);
  CHECK_NEAR(out[3], 4, 1e-6);
}

TEST(KernelConv2D, HandComputedDilationAndExplicitPad) {
  // 5x5 image 0..24, 2x2 kernel of ones with dilation 2, pad 1 all round, stride 1:
  // span 3 over 7 -> 5x5 output. Output (0,0) taps (-1,-1),(-1,1),(1,-1),(1,1) -> only (1,1) = 6.
  const Conv2DGeometry g = Geometry(1, 5, 5, 1, 1, 2, 2, 1, 2, 1, graph::pad_mode::kPad, 1);
  CHECK_EQ(g.out_h, 5);
  const std::vector<float> input = Iota(25), weight(4, 1.0f);
  std::vector<float> out(25);
  REQUIRE_OK(kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(),
                             ActivationParams(), Span<float>(out), nullptr));
  CHECK_NEAR(out[0], 6, 1e-6);
  // Output (2,2): taps (1,1),(1,3),(3,1),(3,3) = 6+8+16+18.
  CHECK_NEAR(out[12], 48, 1e-6);
  // Output (4,4): taps (3,3) only in range (5,x) are out: 18.
  CHECK_NEAR(out[24], 18, 1e-6);
}

TEST(KernelConv2D, HandComputedGroupsAndDepthwise) {
  // 1x1 image with 4 channels [1,2,3,4]; 2 groups of 2 in -> 1 out each, 1x1 kernel.
  Conv2DGeometry g = Geometry(1, 1, 1, 4, 2, 1, 1, 1, 1, 2, graph::pad_mode::kPad, 0);
  const std::vector<float> input = {1, 2, 3, 4};
  const std::vector<float> weight = {10, 1, 100, 1000};  // group 0: 1*10+2*1, group 1: 3*100+4*1000
  std::vector<float> out(2);
  REQUIRE_OK(kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(),
                             ActivationParams(), Span<float>(out), nullptr));
  CHECK_NEAR(out[0], 12, 1e-6);
  CHECK_NEAR(out[1], 4300, 1e-3);
  // Depthwise 2x2 image, 2 channels, 2x2 kernel, VALID: one output per channel, ReLU.
  g = Geometry(1, 2, 2, 2, 2, 2, 2, 1, 1, 2, graph::pad_mode::kValid, 0);
  const std::vector<float> image = {1, -1, 2, -2, 3, -3, 4, -4};  // NHWC
  const std::vector<float> taps = {1, 1, 1, 1, 1, 2, 3, 4};       // [C, kH, kW, 1]
  std::vector<float> dw(2);
  ActivationParams relu;
  relu.type = graph::activation::kRelu;
  REQUIRE_OK(kernels::Conv2D(g, Span<const float>(image), Span<const float>(taps), Span<const float>(), relu,
                             Span<float>(dw), nullptr));
  CHECK_NEAR(dw[0], 10, 1e-6);
  CHECK_NEAR(dw[1], 0, 1e-6);  // -(1+4+9+16) -> ReLU
}

TEST(KernelConv2D, FastPathsMatchReference) {
  struct Spec {
    int64_t batch, h, w, cin, cout, kh, kw, stride, dilation, groups;
    int32_t pad_mode;
    int64_t pad;
    bool bias;
    int32_t act;
    int threads;
  };
  const Spec specs[] = {
      {1, 9, 7, 3, 5, 3, 3, 1, 1, 1, graph::pad_mode::kPad, 0, true, 0, 1},      // general im2col
      {2, 8, 8, 4, 6, 3, 3, 2, 1, 1, graph::pad_mode::kSame, 0, true, 1, 2},     // SAME, stride 2, batch 2
      {1, 11, 10, 3, 4, 3, 2, 1, 2, 1, graph::pad_mode::kPad, 2, false, 3, 2},   // dilation, pads, relu6
      {2, 6, 5, 8, 12, 1, 1, 1, 1, 1, graph::pad_mode::kPad, 0, true, 0, 2},     // pointwise GEMM
      {1, 7, 7, 6, 6, 3, 3, 1, 1, 6, graph::pad_mode::kSame, 0, true, 1, 2},     // depthwise
      {1, 9, 9, 5, 5, 3, 3, 2, 2, 5, graph::pad_mode::kPad, 1, false, 0, 1},     // depthwise, stride+dilation
      {1, 6, 6, 6, 9, 3, 3, 1, 1, 3, graph::pad_mode::kSame, 0, true, 0, 2},     // 3 groups
      {1, 5, 5, 4, 8, 2, 2, 1, 1, 4, graph::pad_mode::kValid, 0, true, 0, 1},    // channel multiplier 2
      {1, 40, 40, 3, 8, 3, 3, 1, 1, 1, graph::pad_mode::kSame, 0, true, 1, 2},   // many blocks, threads
      {3, 4, 4, 17, 33, 2, 2, 2, 1, 1, graph::pad_mode::kPad, 1, true, 0, 2},    // odd channel counts
      {1, 3, 3, 2, 2, 3, 3, 1, 1, 1, graph::pad_mode::kPad, 2, false, 0, 1},     // padding bigger than the kernel reach
  };
  uint32_t seed = 100;
  for (const Spec& s : specs) {
    const Conv2DGeometry g = Geometry(s.batch, s.h, s.w, s.cin, s.cout, s.kh, s.kw, s.stride, s.dilation, s.groups,
                                      s.pad_mode, s.pad);
    REQUIRE(g.out_h > 0);
    const double worst = CompareWithReference(g, s.bias, s.act, s.threads, seed += 3);
    const double tolerance = 1e-5 * static_cast<double>(s.kh * s.kw * s.cin / s.groups) + 1e-5;
    if (!(worst <= tolerance)) {
      CHECK_NEAR(worst, 0.0, tolerance);
      std::printf("    spec %lldx%lldx%lld -> %lld, k %lldx%lld, groups %lld\n", static_cast<long long>(s.h),
                  static_cast<long long>(s.w), static_cast<long long>(s.cin), static_cast<long long>(s.cout),
                  static_cast<long long>(s.kh), static_cast<long long>(s.kw), static_cast<long long>(s.groups));
    }
  }
}

TEST(KernelConv2D, RejectsInconsistentGeometry) {
  Conv2DGeometry g = Geometry(1, 4, 4, 3, 4, 3, 3, 1, 1, 1, graph::pad_mode::kValid, 0);
  std::vector<float> input(static_cast<size_t>(g.InputSize())), weight(static_cast<size_t>(g.WeightSize())),
      out(static_cast<size_t>(g.OutputSize()));
  const ActivationParams none;
  CHECK(kernels::Conv2D(g, Span<const float>(input.data(), input.size() - 1), Span<const float>(weight),
                        Span<const float>(), none, Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  std::vector<float> bias(3);
  CHECK(kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(bias), none,
                        Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  g.groups = 2;  // 3 channels do not split in 2
  CHECK(kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(), none,
                        Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  g.groups = 1;
  g.stride_h = 0;
  CHECK(kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(), none,
                        Span<float>(out), nullptr).code() == ErrorCode::kBadArgument);
  g.stride_h = 1;
  ActivationParams odd;
  odd.type = graph::activation::kRelu1;  // not implemented: refused, never silently ignored
  CHECK(kernels::Conv2D(g, Span<const float>(input), Span<const float>(weight), Span<const float>(), odd,
                        Span<float>(out), nullptr).code() == ErrorCode::kUnsupportedOp);
}
