#include "prune/tensor_surgery.h"

#include <cstring>

namespace prunelab {
namespace prune {

Status CutTensor(const graph::Tensor& tensor, const std::map<int, std::set<int64_t>>& removed,
                 std::vector<int32_t>* new_dims, std::vector<uint8_t>* new_bytes) {
  const size_t esize = graph::DataTypeSize(tensor.dtype);
  const int64_t count = tensor.ElementCount();
  if (esize == 0 || count < 0 || tensor.IsQuantizedWeight() ||
      tensor.data.size() != static_cast<size_t>(count) * esize) {
    return Unsupported("tensor '" + tensor.name + "' holds quantized or compressed data; structured pruning cannot cut it");
  }
  const size_t rank = tensor.dims.size();
  std::vector<std::vector<int64_t>> keep(rank);
  new_dims->assign(tensor.dims.begin(), tensor.dims.end());
  for (size_t a = 0; a < rank; ++a) {
    auto it = removed.find(static_cast<int>(a));
    for (int64_t i = 0; i < tensor.dims[a]; ++i) {
      if (it == removed.end() || !it->second.count(i)) keep[a].push_back(i);
    }
    (*new_dims)[a] = static_cast<int32_t>(keep[a].size());
  }
  for (const auto& [axis, indices] : removed) {
    if (axis < 0 || static_cast<size_t>(axis) >= rank) return Internal("a cut names an axis the tensor lacks");
    if (!indices.empty() && (*indices.rbegin() >= tensor.dims[static_cast<size_t>(axis)] || *indices.begin() < 0)) {
      return Internal("a cut of tensor '" + tensor.name + "' lies outside it");
    }
  }
  size_t out_count = 1;
  for (size_t a = 0; a < rank; ++a) out_count *= keep[a].size();
  new_bytes->assign(out_count * esize, 0);
  if (out_count == 0) return Status::Ok();
  if (rank == 0) {
    std::memcpy(new_bytes->data(), tensor.data.bytes().data(), esize);
    return Status::Ok();
  }
  std::vector<int64_t> stride(rank, 1);
  for (size_t a = rank - 1; a > 0; --a) stride[a - 1] = stride[a] * tensor.dims[a];
  const uint8_t* src = tensor.data.bytes().data();
  uint8_t* dst = new_bytes->data();
  const size_t last = rank - 1;
  const bool last_whole = keep[last].size() == static_cast<size_t>(tensor.dims[last]);
  std::vector<size_t> index(rank, 0);  // odometer over the kept indices of axes [0, last)
  for (;;) {
    int64_t base = 0;
    for (size_t a = 0; a < last; ++a) base += keep[a][index[a]] * stride[a];
    if (last_whole) {
      std::memcpy(dst, src + static_cast<size_t>(base) * esize, keep[last].size() * esize);
      dst += keep[last].size() * esize;
    } else {
      for (int64_t i : keep[last]) {
        std::memcpy(dst, src + static_cast<size_t>(base + i) * esize, esize);
        dst += esize;
      }
    }
    size_t a = last;
    while (a > 0) {
      --a;
      if (++index[a] < keep[a].size()) break;
      index[a] = 0;
      if (a == 0) return Status::Ok();
    }
    if (last == 0) return Status::Ok();
  }
}

}  // namespace prune
}  // namespace prunelab
