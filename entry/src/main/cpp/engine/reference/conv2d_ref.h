// Reference 2-D convolution: the definition kernels::Conv2D is tested against.
#pragma once

#include "engine/kernels/conv2d.h"

namespace prunelab {
namespace engine {
namespace reference {

// Same contract as kernels::Conv2D: one output value at a time, double accumulator, no threads.
Status Conv2D(const kernels::Conv2DGeometry& g, Span<const float> input, Span<const float> weight,
              Span<const float> bias, const ActivationParams& activation, Span<float> output);

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
