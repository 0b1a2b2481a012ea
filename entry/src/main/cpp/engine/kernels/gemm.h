// Single-precision matrix multiply, the engine's workhorse (convolution via im2col, FullConnection,
// MatMulFusion):  C[m,n] = sum_k A[m,k] * op(B)[k,n] (+ bias[n]), then a fused activation.
// Cache-blocked in the GotoBLAS/BLIS way: B is packed into KC x NR panels, A into MC x KC blocks
// of MR-row panels, and a 6x16 register-blocked micro-kernel written with GCC/Clang vector
// extensions (lowered to AVX2/FMA on x86-64 and to NEON on arm64; plain loops elsewhere).
// Threads split the rows (or the columns when there are fewer rows than columns).
#pragma once

#include <cstdint>

#include "common/span.h"
#include "common/status.h"
#include "engine/activation.h"
#include "engine/thread_pool.h"

namespace prunelab {
namespace engine {
namespace kernels {

struct GemmArgs {
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  Span<const float> a;  // A[m,k], row stride lda
  int64_t lda = 0;
  Span<const float> b;  // B[k,n] with row stride ldb, or (b_transposed) B'[n,k] with row stride ldb
  int64_t ldb = 0;
  bool b_transposed = false;
  Span<float> c;  // C[m,n], row stride ldc; fully overwritten (no accumulation into old values)
  int64_t ldc = 0;
  Span<const float> bias;  // empty or n values added to each row
  ActivationParams activation;
};

// Checks that every span covers its matrix and the strides make sense (BAD_ARGUMENT otherwise),
// then multiplies. `pool` may be null (single thread).
Status Gemm(const GemmArgs& args, ThreadPool* pool);

// The same without the checks, for callers that have validated the sizes (convolution inner loops).
void GemmUnchecked(const GemmArgs& args, ThreadPool* pool);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
