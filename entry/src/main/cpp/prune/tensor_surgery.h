// Cutting indices out of a tensor's data along several axes (structured pruning's scissors).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "common/status.h"
#include "graph/tensor.h"

namespace prunelab {
namespace prune {

// removed[axis] = indices to drop along that axis. Fills the new dims and the new bytes; the
// tensor itself is not changed. UNSUPPORTED for data that is not plain elements of its dtype
// (compressed or quantized encodings).
Status CutTensor(const graph::Tensor& tensor, const std::map<int, std::set<int64_t>>& removed,
                 std::vector<int32_t>* new_dims, std::vector<uint8_t>* new_bytes);

}  // namespace prune
}  // namespace prunelab
