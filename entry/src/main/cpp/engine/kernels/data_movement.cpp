#include "engine/kernels/data_movement.h"

#include <cstring>
#include <string>

namespace prunelab {
namespace engine {
namespace kernels {

Status ConcatShape(const std::vector<Shape>& shapes, size_t axis, Shape* out_shape) {
  if (shapes.empty()) return BadArgument("concat: no inputs");
  const Shape& first = shapes[0];
  if (axis >= first.size()) return BadArgument("concat: axis out of range for shape " + ShapeString(first));
  Shape result = first;
  int64_t total = 0;
  for (const Shape& s : shapes) {
    if (s.size() != first.size()) return BadArgument("concat: inputs of different ranks");
    for (size_t i = 0; i < s.size(); ++i) {
      if (i != axis && s[i] != first[i]) {
        return BadArgument("concat: shapes " + ShapeString(first) + " and " + ShapeString(s) + " differ off the axis");
      }
    }
    if (s[axis] < 0) return BadArgument("concat: negative dimension");
    total += s[axis];
  }
  if (total > kMaxElements) return BadArgument("concat: the result is too large");
  result[axis] = static_cast<int32_t>(total);
  int64_t count = 0;
  PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(result, "concat output", &count));
  *out_shape = std::move(result);
  return Status::Ok();
}

Status Concat(const std::vector<Shape>& shapes, const std::vector<Span<const float>>& inputs, size_t axis,
              Span<float> out) {
  if (shapes.size() != inputs.size()) return BadArgument("concat: one shape per input is needed");
  Shape out_shape;
  PRUNELAB_RETURN_IF_ERROR(ConcatShape(shapes, axis, &out_shape));
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (static_cast<int64_t>(inputs[i].size()) != ElementCount(shapes[i])) return BadArgument("concat: input size mismatch");
  }
  if (static_cast<int64_t>(out.size()) != ElementCount(out_shape)) return BadArgument("concat: output size mismatch");
  int64_t outer = 1, inner = 1;
  for (size_t i = 0; i < axis; ++i) outer *= out_shape[i];
  for (size_t i = axis + 1; i < out_shape.size(); ++i) inner *= out_shape[i];
  const int64_t out_row = static_cast<int64_t>(out_shape[axis]) * inner;
  int64_t column = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const int64_t row = static_cast<int64_t>(shapes[i][axis]) * inner;
    if (row > 0) {
      for (int64_t o = 0; o < outer; ++o) {
        std::memcpy(out.data() + o * out_row + column, inputs[i].data() + o * row, static_cast<size_t>(row) * sizeof(float));
      }
    }
    column += row;
  }
  return Status::Ok();
}

Status PadShape(const Shape& in_shape, const std::vector<int64_t>& before, const std::vector<int64_t>& after,
                PadMode mode, Shape* out_shape) {
  if (before.size() != in_shape.size() || after.size() != in_shape.size()) {
    return BadArgument("pad: " + std::to_string(before.size()) + " paddings for a rank-" + std::to_string(in_shape.size()) +
                       " tensor");
  }
  if (mode != PadMode::kConstant && mode != PadMode::kReflect && mode != PadMode::kSymmetric) {
    return BadArgument("pad: unknown padding mode");
  }
  Shape result(in_shape.size());
  for (size_t i = 0; i < in_shape.size(); ++i) {
    const int64_t dim = in_shape[i];
    if (before[i] < 0 || after[i] < 0) return BadArgument("pad: negative padding");
    const int64_t limit = mode == PadMode::kReflect ? dim - 1 : mode == PadMode::kSymmetric ? dim : kMaxElements;
    if (before[i] > limit || after[i] > limit) {
      return BadArgument("pad: padding " + std::to_string(std::max(before[i], after[i])) + " is too large for axis " +
                         std::to_string(i) + " of size " + std::to_string(dim) + " in this mode");
    }
    const int64_t size = dim + before[i] + after[i];
    if (size > kMaxElements) return BadArgument("pad: the result is too large");
    result[i] = static_cast<int32_t>(size);
  }
  int64_t count = 0;
  PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(result, "pad output", &count));
  *out_shape = std::move(result);
  return Status::Ok();
}

Status Pad(const Shape& in_shape, const std::vector<int64_t>& before, const std::vector<int64_t>& after, PadMode mode,
           float value, Span<const float> in, Span<float> out) {
  Shape out_shape;
  PRUNELAB_RETURN_IF_ERROR(PadShape(in_shape, before, after, mode, &out_shape));
  if (static_cast<int64_t>(in.size()) != ElementCount(in_shape) || static_cast<int64_t>(out.size()) != ElementCount(out_shape)) {
    return BadArgument("pad: buffer sizes do not match the shapes");
  }
  const size_t rank = in_shape.size();
  // Per axis, the source index of every output position (-1: the constant).
  std::vector<std::vector<int64_t>> source(rank);
  for (size_t d = 0; d < rank; ++d) {
    const int64_t n = in_shape[d];
    source[d].resize(static_cast<size_t>(out_shape[d]));
    for (int64_t o = 0; o < out_shape[d]; ++o) {
      int64_t i = o - before[d];
      if (i < 0 || i >= n) {
        if (mode == PadMode::kConstant) {
          i = -1;
        } else if (mode == PadMode::kReflect) {
          i = i < 0 ? -i : 2 * (n - 1) - i;
        } else {
          i = i < 0 ? -i - 1 : 2 * n - 1 - i;
        }
      }
      source[d][static_cast<size_t>(o)] = i;
    }
  }
  const std::vector<int64_t> strides = Strides(in_shape);
  std::vector<int64_t> coordinate(rank, 0);
  for (size_t flat = 0; flat < out.size(); ++flat) {
    int64_t offset = 0;
    bool constant = false;
    for (size_t d = 0; d < rank; ++d) {
      const int64_t i = source[d][static_cast<size_t>(coordinate[d])];
      if (i < 0) {
        constant = true;
        break;
      }
      offset += i * strides[d];
    }
    out[flat] = constant ? value : in[static_cast<size_t>(offset)];
    for (size_t d = rank; d-- > 0;) {  // odometer
      if (++coordinate[d] < out_shape[d]) break;
      coordinate[d] = 0;
    }
  }
  return Status::Ok();
}

Status StridedGather(const Shape& in_shape, const std::vector<int64_t>& begin, const std::vector<int64_t>& stride,
                     const Shape& out_shape, Span<const float> in, Span<float> out) {
  const size_t rank = in_shape.size();
  if (begin.size() != rank || stride.size() != rank || out_shape.size() != rank) {
    return BadArgument("strided slice: begin, stride and output need one entry per axis");
  }
  if (static_cast<int64_t>(in.size()) != ElementCount(in_shape) || static_cast<int64_t>(out.size()) != ElementCount(out_shape)) {
    return BadArgument("strided slice: buffer sizes do not match the shapes");
  }
  for (size_t d = 0; d < rank; ++d) {
    if (out_shape[d] < 0) return BadArgument("strided slice: negative output dimension");
    if (out_shape[d] == 0) return Status::Ok();
    const int64_t last = begin[d] + (out_shape[d] - 1) * stride[d];
    if (begin[d] < 0 || begin[d] >= in_shape[d] || last < 0 || last >= in_shape[d]) {
      return BadArgument("strided slice: axis " + std::to_string(d) + " reads outside [0, " + std::to_string(in_shape[d]) + ")");
    }
  }
  const std::vector<int64_t> strides = Strides(in_shape);
  std::vector<int64_t> coordinate(rank, 0);
  for (size_t flat = 0; flat < out.size(); ++flat) {
    int64_t offset = 0;
    for (size_t d = 0; d < rank; ++d) offset += (begin[d] + coordinate[d] * stride[d]) * strides[d];
    out[flat] = in[static_cast<size_t>(offset)];
    for (size_t d = rank; d-- > 0;) {
      if (++coordinate[d] < out_shape[d]) break;
      coordinate[d] = 0;
    }
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
