// Element-wise binary arithmetic with NumPy broadcasting and a fused activation
// (AddFusion, SubFusion, MulFusion, DivFusion, BiasAdd, Maximum, Minimum, SquaredDifference).
// The fast kernel merges dimensions that broadcast alike and runs a contiguous innermost loop;
// threads split the outer iterations.
#pragma once

#include "common/span.h"
#include "common/status.h"
#include "engine/activation.h"
#include "engine/shape.h"
#include "engine/thread_pool.h"

namespace prunelab {
namespace engine {
namespace kernels {

enum class BinaryOp { kAdd, kSub, kMul, kDiv, kMaximum, kMinimum, kSquaredDifference };

// out = activation(a op b). BAD_ARGUMENT when the shapes do not broadcast or a buffer does not
// match its shape (out must have the broadcast shape's size).
Status Binary(BinaryOp op, const Shape& a_shape, Span<const float> a, const Shape& b_shape, Span<const float> b,
              const ActivationParams& activation, Span<float> out, ThreadPool* pool);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
