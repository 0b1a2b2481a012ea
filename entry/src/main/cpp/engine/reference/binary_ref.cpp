#include "engine/reference/binary_ref.h"

#include <vector>

namespace prunelab {
namespace engine {
namespace reference {

namespace {
float Compute(kernels::BinaryOp op, float x, float y) {
  switch (op) {
    case kernels::BinaryOp::kAdd: return x + y;
    case kernels::BinaryOp::kSub: return x - y;
    case kernels::BinaryOp::kMul: return x * y;
    case kernels::BinaryOp::kDiv: return x / y;
    case kernels::BinaryOp::kMaximum: return x > y ? x : y;
    case kernels::BinaryOp::kMinimum: return x < y ? x : y;
    case kernels::BinaryOp::kSquaredDifference: return (x - y) * (x - y);
  }
  return 0.0f;
}

// The flat index into `shape` (right-aligned against the output) of an output coordinate.
int64_t SourceIndex(const Shape& shape, const std::vector<int64_t>& coordinate) {
  const size_t offset = coordinate.size() - shape.size();
  int64_t index = 0;
  for (size_t i = 0; i < shape.size(); ++i) {
    const int64_t c = shape[i] == 1 ? 0 : coordinate[offset + i];
    index = index * shape[i] + c;
  }
  return index;
}
}  // namespace

Status Binary(kernels::BinaryOp op, const Shape& a_shape, Span<const float> a, const Shape& b_shape,
              Span<const float> b, const ActivationParams& activation, Span<float> out) {
  Shape out_shape;
  PRUNELAB_RETURN_IF_ERROR(BroadcastShapes(a_shape, b_shape, "reference binary op", &out_shape));
  if (static_cast<int64_t>(a.size()) != ElementCount(a_shape) || static_cast<int64_t>(b.size()) != ElementCount(b_shape) ||
      static_cast<int64_t>(out.size()) != ElementCount(out_shape)) {
    return BadArgument("reference binary op: buffer sizes do not match shapes");
  }
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(activation.type, "reference binary op"));
  std::vector<int64_t> coordinate(out_shape.size(), 0);
  for (size_t flat = 0; flat < out.size(); ++flat) {
    int64_t rest = static_cast<int64_t>(flat);
    for (size_t i = out_shape.size(); i-- > 0;) {
      coordinate[i] = rest % out_shape[i];
      rest /= out_shape[i];
    }
    float value = Compute(op, a[static_cast<size_t>(SourceIndex(a_shape, coordinate))],
                          b[static_cast<size_t>(SourceIndex(b_shape, coordinate))]);
    ApplyActivation(activation, &value, 1);
    out[flat] = value;
  }
  return Status::Ok();
}

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
