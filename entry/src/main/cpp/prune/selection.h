// Linear-time selection of the lowest-scoring elements: a cut through the ranking of one or more
// score segments (a layer each, or all layers for a global ranking) that selects exactly k of
// them, or everything below a threshold. Never a full sort. Large inputs: a strided sample
// brackets the k-th smallest key (Floyd-Rivest), one pass counts the keys below the bracket and
// collects those inside it, and std::nth_element finishes on that small set; if the bracket
// misses, a 65536-bucket histogram of the keys finds the bucket holding the k-th smallest and
// std::nth_element finishes inside it. Small inputs: std::nth_element on a copy of the keys.
// Ties at the cut are taken in segment order, then index order, so counts are exact and the
// result is deterministic.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "common/span.h"
#include "common/status.h"

namespace prunelab {
namespace prune {

// How a segment's floats turn into ranking keys.
enum class KeyKind {
  kScore,      // the value itself (any sign)
  kMagnitude,  // |value|: magnitude pruning ranks raw weights without a score buffer
};

// An order-preserving unsigned key of a float (a < b  <=>  Key(a) < Key(b)); NaN ranks lowest,
// so a NaN weight or score is the first to go.
inline uint32_t ScoreKey(float value) {
  uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & 0x7fffffffu) > 0x7f800000u) return 0;  // NaN
  if (bits == 0x80000000u) bits = 0;  // -0 ranks with +0
  return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}
// The key of |value| in the same order as ScoreKey (non-negative floats compare like their bits).
inline uint32_t MagnitudeKey(float value) {
  uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  bits &= 0x7fffffffu;
  if (bits > 0x7f800000u) return 0;  // NaN
  return bits | 0x80000000u;
}
// The same order as signed integers (key ^ 0x80000000). SIMD units compare signed integers
// natively, so the hot loops compare these.
inline int32_t SignedKey(uint32_t key) { return static_cast<int32_t>(key ^ 0x80000000u); }
// SignedKey(MagnitudeKey(value)) in three operations: |value|'s bits, or the lowest key for NaN.
inline int32_t SignedMagnitudeKey(float value) {
  uint32_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  const uint32_t abs_bits = bits & 0x7fffffffu;
  return abs_bits > 0x7f800000u ? static_cast<int32_t>(0x80000000u) : static_cast<int32_t>(abs_bits);
}
inline uint32_t KeyOf(KeyKind kind, float value) {
  return kind == KeyKind::kMagnitude ? MagnitudeKey(value) : ScoreKey(value);
}

// Selects every element whose key is below `key`, plus the first `ties` elements whose key
// equals it (segment order, then index order). Applying it consumes `ties`.
struct Cut {
  uint32_t key = 0;
  uint64_t ties = 0;
  // Whether the element with this key is selected; call once per element, in order.
  bool Take(uint32_t element_key) {
    if (element_key < key) return true;
    if (element_key == key && ties > 0) {
      --ties;
      return true;
    }
    return false;
  }
};

// round(sparsity * count), clamped to [0, count]. The exact number a target sparsity removes.
uint64_t TargetCount(double sparsity, uint64_t count);

// The cut selecting exactly min(k, total) elements of `segments`. Linear in the element count.
Status FindCut(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Cut* cut);
// FindCut's fallback for a missed bracket, always by histogram (public so tests can run it).
Status FindCutByHistogram(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Cut* cut);
// The cut selecting every element strictly below `threshold` (compared as |value| for kMagnitude).
Cut ThresholdCut(double threshold);

// The two halves of FindCut's fast path, for callers that fuse the second pass with their own
// work (unstructured magnitude pruning zeroes while it collects). A bracket [lo, hi] of keys
// holds the k-th smallest: `below` keys lie under lo, `inside` keys in [lo, hi].
struct Bracket {
  uint32_t lo = 0;
  uint32_t hi = 0;
  uint64_t below = 0;
  uint64_t inside = 0;
  bool Contains(uint32_t key) const { return key - lo <= hi - lo; }
};
// Samples the keys, then counts in one vectorisable pass. False for small inputs, k = 0, or
// when the sample's bracket missed the k-th key (rare; FindCut then uses its histogram).
bool FindBracket(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Bracket* bracket);
// The exact cut from the keys inside the bracket (`inside.size() == bracket.inside`).
Cut CutInside(const Bracket& bracket, uint64_t k, std::vector<uint32_t> inside);

// Marks the selected elements (1) of one segment; the cut's ties carry over to the next segment.
void ApplyCut(Span<const float> values, KeyKind kind, Cut* cut, std::vector<uint8_t>* selected);
// How many elements of `values` a cut would select (the cut is copied, not consumed).
uint64_t CountBelow(Span<const float> values, KeyKind kind, uint32_t key);

// Baseline for the benchmark only: the same cut found by a full sort of all keys.
Status FindCutBySort(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Cut* cut);

}  // namespace prune
}  // namespace prunelab
