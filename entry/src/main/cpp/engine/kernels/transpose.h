// Permutes the dimensions of a tensor: out_shape[i] = in_shape[perm[i]].
#pragma once

#include <vector>

#include "common/span.h"
#include "common/status.h"
#include "engine/shape.h"
#include "engine/thread_pool.h"

namespace prunelab {
namespace engine {
namespace kernels {

// BAD_ARGUMENT unless perm is a permutation of [0, rank).
Status ValidatePermutation(const std::vector<int64_t>& perm, size_t rank, const std::string& what);
Shape PermuteShape(const Shape& shape, const std::vector<int64_t>& perm);

// Merges dimensions that stay adjacent, then copies rows with the innermost stride.
Status Transpose(const Shape& in_shape, const std::vector<int64_t>& perm, Span<const float> in, Span<float> out,
                 ThreadPool* pool);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
