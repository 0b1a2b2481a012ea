// Reference reduction: the definition kernels::Reduce is tested against.
#pragma once

#include "engine/kernels/reduce.h"

namespace prunelab {
namespace engine {
namespace reference {

Status Reduce(kernels::ReduceMode mode, const Shape& in_shape, const std::vector<bool>& reduced, float scale,
              Span<const float> in, Span<float> out);

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
