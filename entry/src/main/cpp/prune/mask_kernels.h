// The hot loop of magnitude pruning to an exact count. Given a bracket [lo, hi] of keys known to
// hold the k-th smallest |w| (selection.h), one pass over a weight tensor zeroes every weight
// whose key is below lo and records the few whose key lies inside the bracket (about 1% at a
// 90% cut); the exact cut among those is applied afterwards. An SSE2 version records them with
// a movemask; the portable version (arm64 and everything else) is what the compiler
// vectorises. Both are always built, so tests compare them on any machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/span.h"
#include "prune/selection.h"

namespace prunelab {
namespace prune {

struct InsideWeight {
  uint32_t key;      // MagnitudeKey of the weight
  uint32_t segment;  // which tensor (caller's numbering)
  size_t index;      // position in it
};

struct ZeroCounts {
  int64_t newly_zero = 0;  // weights this pass set to zero
  int64_t zeros = 0;       // zero weights afterwards
};

// Requires bracket.lo > MagnitudeKey(0.0f): every zero weight is then below the bracket, so the
// weights this pass zeroes never look inside it afterwards. Appends to `inside` in index order.
void ZeroBelowAndCollect(Span<float> weights, uint32_t segment, const Bracket& bracket,
                         std::vector<InsideWeight>* inside, ZeroCounts* counts);
void ZeroBelowAndCollectPortable(Span<float> weights, uint32_t segment, const Bracket& bracket,
                                 std::vector<InsideWeight>* inside, ZeroCounts* counts);

}  // namespace prune
}  // namespace prunelab
