// Kernels that only move values: concatenation, padding and strided slicing.
#pragma once

#include <vector>

#include "common/span.h"
#include "common/status.h"
#include "engine/shape.h"

namespace prunelab {
namespace engine {
namespace kernels {

// Joins the inputs along `axis`; their shapes must agree on every other axis.
Status ConcatShape(const std::vector<Shape>& shapes, size_t axis, Shape* out_shape);
Status Concat(const std::vector<Shape>& shapes, const std::vector<Span<const float>>& inputs, size_t axis,
              Span<float> out);

enum class PadMode : int32_t { kConstant = 0, kReflect = 1, kSymmetric = 2 };

// Pads each axis i with before[i] values in front and after[i] behind. REFLECT mirrors without
// repeating the edge (pad <= dim - 1), SYMMETRIC mirrors with it (pad <= dim).
Status PadShape(const Shape& in_shape, const std::vector<int64_t>& before, const std::vector<int64_t>& after,
                PadMode mode, Shape* out_shape);
Status Pad(const Shape& in_shape, const std::vector<int64_t>& before, const std::vector<int64_t>& after, PadMode mode,
           float value, Span<const float> in, Span<float> out);

// out[c0, c1, ...] = in[begin[0] + c0 * stride[0], begin[1] + c1 * stride[1], ...] over out_shape
// (same rank as in_shape; strides may be negative). Every index read is checked to be in range.
Status StridedGather(const Shape& in_shape, const std::vector<int64_t>& begin, const std::vector<int64_t>& stride,
                     const Shape& out_shape, Span<const float> in, Span<float> out);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
