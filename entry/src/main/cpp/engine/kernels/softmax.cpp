#include "engine/kernels/softmax.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace prunelab {
namespace engine {
namespace kernels {

Status Softmax(const Shape& shape, size_t axis, Span<const float> in, Span<float> out, ThreadPool* pool) {
  if (axis >= shape.size()) return BadArgument("softmax: axis out of range for shape " + ShapeString(shape));
  int64_t count = 0;
  PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(shape, "softmax input", &count));
  if (static_cast<int64_t>(in.size()) != count || static_cast<int64_t>(out.size()) != count) {
    return BadArgument("softmax: buffer sizes do not match shape " + ShapeString(shape));
  }
  int64_t outer = 1, inner = 1;
  for (size_t i = 0; i < axis; ++i) outer *= shape[i];
  for (size_t i = axis + 1; i < shape.size(); ++i) inner *= shape[i];
  const int64_t n = shape[axis];
  if (count == 0) return Status::Ok();
  // One task per (outer, inner) line of n values with stride `inner`.
  ParallelFor(pool, outer * inner, [&](int64_t begin, int64_t end) {
    for (int64_t line = begin; line < end; ++line) {
      const int64_t base = (line / inner) * n * inner + line % inner;
      const float* x = in.data() + base;
      float* y = out.data() + base;
      float peak = x[0];
      for (int64_t i = 1; i < n; ++i) peak = std::max(peak, x[i * inner]);
      double sum = 0.0;
      for (int64_t i = 0; i < n; ++i) {
        const float e = std::exp(x[i * inner] - peak);
        y[i * inner] = e;
        sum += e;
      }
      const float scale = static_cast<float>(1.0 / sum);
      for (int64_t i = 0; i < n; ++i) y[i * inner] *= scale;
    }
  });
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
