// Reference 2-D pooling: the definition kernels::Pool2D is tested against.
#pragma once

#include "engine/kernels/pooling.h"

namespace prunelab {
namespace engine {
namespace reference {

Status Pool2D(kernels::PoolKind kind, const kernels::Pool2DGeometry& g, Span<const float> input,
              const ActivationParams& activation, Span<float> output);

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
