#include "graph/tensor.h"

#include <cstdint>
#include <limits>

namespace prunelab {
namespace graph {

int64_t Tensor::ElementCount() const {
  int64_t count = 1;
  for (int32_t d : dims) {
    if (d < 0) return -1;
    if (d != 0 && count > std::numeric_limits<int64_t>::max() / d) return -1;
    count *= d;
  }
  return count;
}

bool Tensor::IsQuantizedWeight() const {
  if (!HasData()) return false;
  if (weight_quant_compress_type != 0 || enable_huffman_code || !quant_clusters.empty()) return true;
  const bool integer = dtype == DataType::kInt8 || dtype == DataType::kUInt8 || dtype == DataType::kInt16;
  return integer && !quant_params.empty();
}

namespace {
// True when `bytes` can be read as exactly `count` aligned floats.
bool FitsFloats(ByteSpan bytes, int64_t count) {
  return count >= 0 && static_cast<uint64_t>(count) * sizeof(float) == bytes.size() &&
         reinterpret_cast<uintptr_t>(bytes.data()) % alignof(float) == 0;
}
}  // namespace

Span<float> Tensor::MutableFloats() {
  if (dtype != DataType::kFloat32 || !HasData()) return Span<float>();
  MutableByteSpan bytes = data.mutable_bytes();
  if (!FitsFloats(ByteSpan(bytes.data(), bytes.size()), ElementCount())) return Span<float>();
  return Span<float>(reinterpret_cast<float*>(bytes.data()), bytes.size() / sizeof(float));
}

Span<const float> Tensor::Floats() const {
  if (dtype != DataType::kFloat32 || !HasData()) return Span<const float>();
  ByteSpan bytes = data.bytes();
  if (!FitsFloats(bytes, ElementCount())) return Span<const float>();
  return Span<const float>(reinterpret_cast<const float*>(bytes.data()), bytes.size() / sizeof(float));
}

}  // namespace graph
}  // namespace prunelab
