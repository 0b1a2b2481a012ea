// Reference kernels are the plain, obviously-correct definitions the fast kernels are tested
// against: straight loops, double accumulators, no blocking, no threads.
#pragma once

#include <cstdint>

#include "engine/kernels/gemm.h"

namespace prunelab {
namespace engine {
namespace reference {

// The definition of kernels::Gemm (same arguments and checks), one output at a time.
Status Gemm(const kernels::GemmArgs& args);

// The textbook triple loop C = A * B for row-major contiguous A[m,k], B[k,n], C[m,n] with a
// float accumulator: the honest baseline the GEMM benchmark compares against.
void NaiveGemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c);

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
