// GEMM: hand-computed products and the blocked kernel against the reference definition.
#include <cmath>
#include <random>
#include <vector>

#include "engine/kernels/gemm.h"
#include "engine/reference/gemm_ref.h"
#include "graph/types.h"
#include "testing.h"

using namespace prunelab;
using namespace prunelab::engine;

namespace {

std::vector<float> Random(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

struct Case {
  int64_t m, n, k;
  bool transposed;
  bool bias;
  int32_t activation;
  int64_t pad;  // extra row stride on every matrix
  int threads;
};

// Runs the fast and the reference GEMM on the same random data; returns the largest difference.
double Compare(const Case& c, uint32_t seed) {
  const int64_t lda = c.k + c.pad;
  const int64_t b_rows = c.transposed ? c.n : c.k, b_cols = c.transposed ? c.k : c.n;
  const int64_t ldb = b_cols + c.pad, ldc = c.n + c.pad;
  const std::vector<float> a = Random(static_cast<size_t>(std::max<int64_t>(c.m * lda, 1)), seed);
  const std::vector<float> b = Random(static_cast<size_t>(std::max<int64_t>(b_rows * ldb, 1)), seed + 1);
  const std::vector<float> bias = Random(static_cast<size_t>(c.n), seed + 2);
  std::vector<float> fast(static_cast<size_t>(std::max<int64_t>(c.m * ldc, 1)), 7.0f), slow = fast;
  kernels::GemmArgs args;
  args.m = c.m;
  args.n = c.n;
  args.k = c.k;
  args.a = Span<const float>(a);
  args.lda = lda;
  args.b = Span<const float>(b);
  args.ldb = ldb;
  args.b_transposed = c.transposed;
  args.ldc = ldc;
  if (c.bias) args.bias = Span<const float>(bias);
  args.activation.type = c.activation;
  ThreadPool pool(c.threads);
  args.c = Span<float>(fast);
  if (!kernels::Gemm(args, &pool).ok()) return 1e9;
  args.c = Span<float>(slow);
  if (!reference::Gemm(args).ok()) return 1e9;
  double worst = 0.0;
  for (int64_t i = 0; i < c.m; ++i) {
    for (int64_t j = 0; j < c.n; ++j) worst = std::max(worst, std::fabs(static_cast<double>(fast[i * ldc + j]) - slow[i * ldc + j]));
    for (int64_t j = c.n; j < ldc; ++j) {  // stride padding must be left alone
      if (fast[i * ldc + j] != 7.0f) return 1e9;
    }
  }
  return worst;
}

}  // namespace

TEST(KernelGemm, HandComputed2x3x2) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6};        // [2,3]
  const std::vector<float> b = {7, 8, 9, 10, 11, 12};     // [3,2]
  std::vector<float> c(4, 0.0f);
  kernels::GemmArgs args;
  args.m = 2;
  args.n = 2;
  args.k = 3;
  args.a = Span<const float>(a);
  args.lda = 3;
  args.b = Span<const float>(b);
  args.ldb = 2;
  args.c = Span<float>(c);
  args.ldc = 2;
  REQUIRE_OK(kernels::Gemm(args, nullptr));
  CHECK_NEAR(c[0], 58, 1e-6);
  CHECK_NEAR(c[1], 64, 1e-6);
  CHECK_NEAR(c[2], 139, 1e-6);
  CHECK_NEAR(c[3], 154, 1e-6);
  // The same product with B given transposed ([2,3]), a bias and ReLU6.
  const std::vector<float> bt = {7, 9, 11, 8, 10, 12};
  const std::vector<float> bias = {-60, -100};
  args.b = Span<const float>(bt);
  args.ldb = 3;
  args.b_transposed = true;
  args.bias = Span<const float>(bias);
  args.activation.type = graph::activation::kRelu6;
  REQUIRE_OK(kernels::Gemm(args, nullptr));
  CHECK_NEAR(c[0], 0, 1e-6);   // 58 - 60 -> relu -> 0
  CHECK_NEAR(c[1], 0, 1e-6);   // 64 - 100
  CHECK_NEAR(c[2], 6, 1e-6);   // 79 -> 6
  CHECK_NEAR(c[3], 6, 1e-6);   // 54 -> 6
}

TEST(KernelGemm, MatchesReferenceOnOddShapes) {
  const Case cases[] = {
      {1, 1, 1, false, false, 0, 0, 1},      {1, 37, 19, true, true, 1, 0, 1},   {3, 5, 7, false, true, 0, 2, 2},
      {6, 16, 8, false, false, 0, 0, 1},     {7, 17, 9, true, false, 3, 1, 2},   {13, 33, 300, false, true, 0, 0, 2},
      {50, 20, 257, true, true, 1, 3, 2},    {97, 3, 5, false, false, 0, 0, 2},  {100, 70, 64, true, true, 0, 0, 1},
      {5, 1030, 12, false, true, 0, 0, 2},   {2, 1030, 12, true, false, 0, 0, 2}, {4, 9, 600, true, false, 0, 1, 1},
      {130, 40, 30, false, false, 2, 0, 2},
  };
  uint32_t seed = 11;
  for (const Case& c : cases) {
    const double worst = Compare(c, seed += 7);
    const double tolerance = 2e-6 * static_cast<double>(c.k) + 1e-5;
    if (!(worst <= tolerance)) {
      CHECK_NEAR(worst, 0.0, tolerance);
      std::printf("    case m=%lld n=%lld k=%lld transposed=%d threads=%d\n", static_cast<long long>(c.m),
                  static_cast<long long>(c.n), static_cast<long long>(c.k), c.transposed ? 1 : 0, c.threads);
    }
  }
}

TEST(KernelGemm, EmptyDepthGivesBiasOnly) {
  const std::vector<float> bias = {1.5f, -2.0f};
  std::vector<float> c(6, 9.0f);
  kernels::GemmArgs args;
  args.m = 3;
  args.n = 2;
  args.k = 0;
  args.lda = 1;
  args.ldb = 2;
  args.c = Span<float>(c);
  args.ldc = 2;
  args.bias = Span<const float>(bias);
  REQUIRE_OK(kernels::Gemm(args, nullptr));
  for (size_t i = 0; i < c.size(); ++i) CHECK_NEAR(c[i], bias[i % 2], 0);
}

TEST(KernelGemm, RejectsBuffersSmallerThanShapes) {
  std::vector<float> a(6), b(6), c(3);
  kernels::GemmArgs args;
  args.m = 2;
  args.n = 2;
  args.k = 3;
  args.a = Span<const float>(a);
  args.lda = 3;
  args.b = Span<const float>(b);
  args.ldb = 2;
  args.c = Span<float>(c);  // needs 4
  args.ldc = 2;
  CHECK(kernels::Gemm(args, nullptr).code() == ErrorCode::kBadArgument);
  c.resize(4);
  args.c = Span<float>(c);
  args.lda = 2;  // shorter than a row
  CHECK(kernels::Gemm(args, nullptr).code() == ErrorCode::kBadArgument);
  args.lda = 3;
  std::vector<float> bias(3);
  args.bias = Span<const float>(bias);
  CHECK(kernels::Gemm(args, nullptr).code() == ErrorCode::kBadArgument);
  args.bias = Span<const float>();
  args.m = -1;
  CHECK(kernels::Gemm(args, nullptr).code() == ErrorCode::kBadArgument);
}

TEST(KernelGemm, NaiveBaselineAgreesWithReference) {
  const int64_t m = 9, n = 11, k = 13;
  const std::vector<float> a = Random(static_cast<size_t>(m * k), 3), b = Random(static_cast<size_t>(k * n), 4);
  std::vector<float> naive(static_cast<size_t>(m * n)), ref(static_cast<size_t>(m * n));
  reference::NaiveGemm(m, n, k, a.data(), b.data(), naive.data());
  kernels::GemmArgs args;
  args.m = m;
  args.n = n;
  args.k = k;
  args.a = Span<const float>(a);
  args.lda = k;
  args.b = Span<const float>(b);
  args.ldb = n;
  args.c = Span<float>(ref);
  args.ldc = n;
  REQUIRE_OK(reference::Gemm(args));
  for (size_t i = 0; i < ref.size(); ++i) CHECK_NEAR(naive[i], ref[i], 1e-5);
}
