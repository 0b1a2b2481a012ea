// Reference transpose: the definition kernels::Transpose is tested against.
#pragma once

#include "engine/kernels/transpose.h"

namespace prunelab {
namespace engine {
namespace reference {

Status Transpose(const Shape& in_shape, const std::vector<int64_t>& perm, Span<const float> in, Span<float> out);

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
