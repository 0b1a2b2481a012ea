#include "engine/kernels/transpose.h"

#include <cstring>

namespace prunelab {
namespace engine {
namespace kernels {

Status ValidatePermutation(const std::vector<int64_t>& perm, size_t rank, const std::string& what) {
  if (perm.size() != rank) {
    return BadArgument(what + ": the permutation has " + std::to_string(perm.size()) + " entries for a rank-" +
                       std::to_string(rank) + " tensor");
  }
  std::vector<bool> seen(rank, false);
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(rank) || seen[static_cast<size_t>(p)]) {
      return BadArgument(what + ": the permutation is not a permutation of 0.." + std::to_string(rank) + "-1");
    }
    seen[static_cast<size_t>(p)] = true;
  }
  return Status::Ok();
}

Shape PermuteShape(const Shape& shape, const std::vector<int64_t>& perm) {
  Shape out(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) out[i] = shape[static_cast<size_t>(perm[i])];
  return out;
}

Status Transpose(const Shape& in_shape, const std::vector<int64_t>& perm, Span<const float> in, Span<float> out,
                 ThreadPool* pool) {
  PRUNELAB_RETURN_IF_ERROR(ValidatePermutation(perm, in_shape.size(), "transpose"));
  int64_t count = 0;
  PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(in_shape, "transpose input", &count));
  if (static_cast<int64_t>(in.size()) != count || static_cast<int64_t>(out.size()) != count) {
    return BadArgument("transpose: buffer sizes do not match shape " + ShapeString(in_shape));
  }
  if (count == 0) return Status::Ok();
  const std::vector<int64_t> in_strides = Strides(in_shape);
  // Output dims (outer to inner) with the input stride each one walks; size-1 dims dropped and
  // neighbours that stay contiguous in the input merged.
  std::vector<int64_t> dims, strides;
  for (size_t i = 0; i < perm.size(); ++i) {
    const int64_t d = in_shape[static_cast<size_t>(perm[i])];
    const int64_t s = in_strides[static_cast<size_t>(perm[i])];
    if (d == 1) continue;
    if (!dims.empty() && strides.back() == s * d) {
      dims.back() *= d;
      strides.back() = s;
      continue;
    }
    dims.push_back(d);
    strides.push_back(s);
  }
  if (dims.empty()) {
    dims.push_back(1);
    strides.push_back(1);
  }
  const size_t rank = dims.size();
  const int64_t inner = dims[rank - 1];
  const int64_t inner_stride = strides[rank - 1];
  const int64_t rows = count / inner;
  ParallelFor(pool, rows, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      int64_t offset = 0, rest = row;
      for (size_t i = rank - 1; i-- > 0;) {
        offset += (rest % dims[i]) * strides[i];
        rest /= dims[i];
      }
      const float* src = in.data() + offset;
      float* dst = out.data() + row * inner;
      if (inner_stride == 1) {
        std::memcpy(dst, src, static_cast<size_t>(inner) * sizeof(float));
      } else {
        for (int64_t j = 0; j < inner; ++j) dst[j] = src[j * inner_stride];
      }
    }
  });
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
