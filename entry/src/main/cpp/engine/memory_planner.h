// Plans one arena for the intermediate tensors of a run: tensors whose lifetimes do not overlap
// share memory. Greedy by size (TensorFlow Lite's "greedy by size" planner): the largest tensor
// is placed first at the lowest offset that does not collide with any already placed tensor
// alive at the same time.
#pragma once

#include <cstddef>
#include <vector>

namespace prunelab {
namespace engine {

struct BufferRequest {
  size_t size = 0;    // floats
  int first_use = 0;  // step that writes it
  int last_use = 0;   // last step that reads it (>= first_use)
};

struct MemoryPlan {
  std::vector<size_t> offsets;  // floats, one per request, multiples of kAlignmentFloats
  size_t total = 0;             // floats the arena needs
};

constexpr size_t kAlignmentFloats = 16;  // 64-byte boundaries

MemoryPlan PlanMemory(const std::vector<BufferRequest>& requests);

}  // namespace engine
}  // namespace prunelab
