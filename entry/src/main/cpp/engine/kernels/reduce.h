// Reductions over a set of axes (ReduceFusion). Modes and their numbers follow the .ms schema's
// ReduceMode. The fast kernel folds each run of reduced axes as one [outer, reduced, inner] pass
// with the inner loop contiguous.
#pragma once

#include <vector>

#include "common/span.h"
#include "common/status.h"
#include "engine/shape.h"
#include "engine/thread_pool.h"

namespace prunelab {
namespace engine {
namespace kernels {

enum class ReduceMode : int32_t {
  kMean = 0,
  kMax = 1,
  kMin = 2,
  kProd = 3,
  kSum = 4,
  kSumSquare = 5,
  kASum = 6,
  kL2 = 8,
};

// True for the schema numbers Reduce() implements.
bool IsSupportedReduceMode(int32_t mode);

// `reduced[i]` marks the axes folded away; the output holds the product of the kept dims in order.
// Each output is multiplied by `scale` last (ReduceFusion's coeff; 1 otherwise). Over an empty
// axis, sums give 0, products 1, the mean NaN, and max/min are refused (BAD_ARGUMENT).
Status Reduce(ReduceMode mode, const Shape& in_shape, const std::vector<bool>& reduced, float scale,
              Span<const float> in, Span<float> out, ThreadPool* pool);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
