#include "engine/reference/gemm_ref.h"

#include <string>

namespace prunelab {
namespace engine {
namespace reference {

Status Gemm(const kernels::GemmArgs& g) {
  if (g.m < 0 || g.n < 0 || g.k < 0) return BadArgument("gemm: negative matrix size");
  const int64_t b_rows = g.b_transposed ? g.n : g.k;
  const int64_t b_cols = g.b_transposed ? g.k : g.n;
  auto extent = [](int64_t rows, int64_t cols, int64_t ld) { return rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols; };
  if (g.lda < g.k || g.ldb < b_cols || g.ldc < g.n ||
      static_cast<int64_t>(g.a.size()) < extent(g.m, g.k, g.lda) ||
      static_cast<int64_t>(g.b.size()) < extent(b_rows, b_cols, g.ldb) ||
      static_cast<int64_t>(g.c.size()) < extent(g.m, g.n, g.ldc) ||
      (!g.bias.empty() && static_cast<int64_t>(g.bias.size()) != g.n)) {
    return BadArgument("reference gemm: inconsistent sizes");
  }
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(g.activation.type, "reference gemm"));
  for (int64_t i = 0; i < g.m; ++i) {
    for (int64_t j = 0; j < g.n; ++j) {
      double sum = g.bias.empty() ? 0.0 : g.bias[static_cast<size_t>(j)];
      for (int64_t p = 0; p < g.k; ++p) {
        const float b = g.b_transposed ? g.b[static_cast<size_t>(j * g.ldb + p)] : g.b[static_cast<size_t>(p * g.ldb + j)];
        sum += static_cast<double>(g.a[static_cast<size_t>(i * g.lda + p)]) * b;
      }
      float value = static_cast<float>(sum);
      ApplyActivation(g.activation, &value, 1);
      g.c[static_cast<size_t>(i * g.ldc + j)] = value;
    }
  }
  return Status::Ok();
}

void NaiveGemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c) {
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      float sum = 0.0f;
      for (int64_t p = 0; p < k; ++p) sum += a[i * k + p] * b[p * n + j];
      c[i * n + j] = sum;
    }
  }
}

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
