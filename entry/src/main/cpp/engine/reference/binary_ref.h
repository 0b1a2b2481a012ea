// Reference broadcasting binary op: the definition kernels::Binary is tested against.
#pragma once

#include "engine/kernels/binary.h"

namespace prunelab {
namespace engine {
namespace reference {

// Same contract as kernels::Binary; maps every output coordinate to its input coordinates.
Status Binary(kernels::BinaryOp op, const Shape& a_shape, Span<const float> a, const Shape& b_shape,
              Span<const float> b, const ActivationParams& activation, Span<float> out);

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
