// A tensor of the graph: metadata plus its data, which is either a view into the model's own
// byte buffer (as read, never copied) or bytes the tensor owns (after surgery).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/span.h"
#include "graph/types.h"

namespace prunelab {
namespace graph {

struct QuantParam {
  double scale = 1.0;
  int32_t zero_point = 0;
  double min = 0.0;
  double max = 0.0;
  bool narrow_range = true;
  int32_t num_bits = 8;
  bool inited = false;
  float var_corr = 1.0f;
  float mean_corr = 0.0f;
  int32_t dst_dtype = 32;
  int32_t round_type = 1;
  int32_t multiplier = 1;
};

class TensorData {
 public:
  bool empty() const { return size() == 0; }
  size_t size() const { return owned_ ? bytes_.size() : view_size_; }
  bool is_view() const { return !owned_ && view_ != nullptr; }

  ByteSpan bytes() const { return owned_ ? ByteSpan(bytes_.data(), bytes_.size()) : ByteSpan(view_, view_size_); }
  // Writable bytes: a view writes through to the model's buffer (the Model owns that buffer).
  MutableByteSpan mutable_bytes() { return owned_ ? MutableByteSpan(bytes_.data(), bytes_.size()) : MutableByteSpan(view_, view_size_); }

  void SetView(uint8_t* data, size_t size) {
    owned_ = false;
    bytes_.clear();
    view_ = data;
    view_size_ = size;
  }
  void SetOwned(std::vector<uint8_t> bytes) {
    owned_ = true;
    bytes_ = std::move(bytes);
    view_ = nullptr;
    view_size_ = 0;
  }
  // For Model::Clone: the view's address inside the old buffer, moved to the same offset of a new one.
  uint8_t* view_pointer() const { return view_; }

 private:
  bool owned_ = false;
  uint8_t* view_ = nullptr;
  size_t view_size_ = 0;
  std::vector<uint8_t> bytes_;
};

struct Tensor {
  std::string name;
  int32_t role = tensor_role::kActivation;  // Tensor.nodeType
  DataType dtype = DataType::kFloat32;
  std::vector<int32_t> dims;
  int32_t format = format::kNCHW;
  int32_t ref_count = 0;
  int32_t offset = 0;
  TensorData data;
  std::vector<QuantParam> quant_params;
  std::vector<float> quant_clusters;
  bool enable_huffman_code = false;
  int32_t weight_quant_compress_type = 0;

  // Product of dims (1 for a scalar); -1 when a dim is negative (unknown) or the product overflows.
  int64_t ElementCount() const;
  bool HasData() const { return !data.empty(); }
  bool IsFloat32Constant() const { return dtype == DataType::kFloat32 && HasData(); }
  // Quantized weights: int8/uint8 data with quantParams, or a compressed encoding.
  bool IsQuantizedWeight() const;
  // A float32 view of the data; empty unless dtype is float32 and size matches ElementCount()*4.
  Span<float> MutableFloats();
  Span<const float> Floats() const;
};

}  // namespace graph
}  // namespace prunelab
