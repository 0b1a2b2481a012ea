#include "engine/memory_planner.h"

#include <algorithm>
#include <numeric>

namespace prunelab {
namespace engine {

MemoryPlan PlanMemory(const std::vector<BufferRequest>& requests) {
  const size_t count = requests.size();
  auto padded = [](size_t size) { return (size + kAlignmentFloats - 1) / kAlignmentFloats * kAlignmentFloats; };
  std::vector<size_t> order(count);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return requests[a].size > requests[b].size; });
  MemoryPlan plan;
  plan.offsets.assign(count, 0);
  std::vector<size_t> placed;  // request indices already given an offset
  for (size_t index : order) {
    const BufferRequest& r = requests[index];
    const size_t size = padded(r.size);
    // Live neighbours, by offset; take the first gap large enough.
    std::vector<size_t> live;
    for (size_t other : placed) {
      const BufferRequest& o = requests[other];
      if (o.first_use <= r.last_use && r.first_use <= o.last_use) live.push_back(other);
    }
    std::sort(live.begin(), live.end(), [&](size_t a, size_t b) { return plan.offsets[a] < plan.offsets[b]; });
    size_t offset = 0;
    for (size_t other : live) {
      const size_t other_begin = plan.offsets[other];
      if (other_begin >= offset + size) break;  // the gap before `other` fits
      offset = std::max(offset, other_begin + padded(requests[other].size));
    }
    plan.offsets[index] = offset;
    plan.total = std::max(plan.total, offset + size);
    placed.push_back(index);
  }
  return plan;
}

}  // namespace engine
}  // namespace prunelab
