#include "engine/reference/transpose_ref.h"

namespace prunelab {
namespace engine {
namespace reference {

Status Transpose(const Shape& in_shape, const std::vector<int64_t>& perm, Span<const float> in, Span<float> out) {
  PRUNELAB_RETURN_IF_ERROR(kernels::ValidatePermutation(perm, in_shape.size(), "reference transpose"));
  const int64_t count = ElementCount(in_shape);
  if (static_cast<int64_t>(in.size()) != count || static_cast<int64_t>(out.size()) != count) {
    return BadArgument("reference transpose: buffer sizes do not match the shape");
  }
  const Shape out_shape = kernels::PermuteShape(in_shape, perm);
  const std::vector<int64_t> in_strides = Strides(in_shape);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t rest = flat, source = 0;
    for (size_t i = out_shape.size(); i-- > 0;) {
      source += (rest % out_shape[i]) * in_strides[static_cast<size_t>(perm[i])];
      rest /= out_shape[i];
    }
    out[static_cast<size_t>(flat)] = in[static_cast<size_t>(source)];
  }
  return Status::Ok();
}

}  // namespace reference
}  // namespace engine
}  // namespace prunelab
