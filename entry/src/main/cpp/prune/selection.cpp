#include "prune/selection.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace prunelab {
namespace prune {
namespace {

constexpr uint64_t kSmallInput = 1u << 15;  // below this, nth_element on a copy of all keys is cheapest

uint64_t TotalSize(const std::vector<Span<const float>>& segments) {
  uint64_t total = 0;
  for (const auto& s : segments) total += s.size();
  return total;
}

template <KeyKind kKind>
void Histogram(const std::vector<Span<const float>>& segments, std::vector<uint64_t>* bins) {
  // Two interleaved tables halve the store-to-load stalls of runs of equal keys.
  std::vector<uint32_t> a(65536, 0), b(65536, 0);
  for (const auto& s : segments) {
    const float* p = s.data();
    const size_t n = s.size();
    // Flush the 32-bit counters before they could overflow.
    for (size_t start = 0; start < n; start += (size_t{1} << 31)) {
      const size_t end = std::min(n, start + (size_t{1} << 31));
      size_t i = start;
      for (; i + 1 < end; i += 2) {
        ++a[(kKind == KeyKind::kMagnitude ? MagnitudeKey(p[i]) : ScoreKey(p[i])) >> 16];
        ++b[(kKind == KeyKind::kMagnitude ? MagnitudeKey(p[i + 1]) : ScoreKey(p[i + 1])) >> 16];
      }
      if (i < end) ++a[(kKind == KeyKind::kMagnitude ? MagnitudeKey(p[i]) : ScoreKey(p[i])) >> 16];
      for (size_t j = 0; j < 65536; ++j) {
        (*bins)[j] += uint64_t{a[j]} + b[j];
        a[j] = 0;
        b[j] = 0;
      }
    }
  }
}

template <KeyKind kKind>
void GatherBucket(const std::vector<Span<const float>>& segments, uint32_t bucket, std::vector<uint32_t>* keys) {
  for (const auto& s : segments) {
    for (float v : s) {
      const uint32_t key = kKind == KeyKind::kMagnitude ? MagnitudeKey(v) : ScoreKey(v);
      if ((key >> 16) == bucket) keys->push_back(key);
    }
  }
}

template <KeyKind kKind>
Status FindCutImpl(const std::vector<Span<const float>>& segments, uint64_t k, Cut* cut) {
  const uint64_t total = TotalSize(segments);
  if (k == 0 || total == 0) {
    *cut = Cut{0, 0};  // nothing is below key 0
    return Status::Ok();
  }
  if (k > total) k = total;
  std::vector<uint32_t> keys;
  uint64_t below_bucket = 0;  // elements in buckets before the one holding the k-th key
  if (total <= kSmallInput) {
    keys.reserve(total);
    for (const auto& s : segments) {
      for (float v : s) keys.push_back(kKind == KeyKind::kMagnitude ? MagnitudeKey(v) : ScoreKey(v));
    }
  } else {
    std::vector<uint64_t> bins(65536, 0);
    Histogram<kKind>(segments, &bins);
    uint32_t bucket = 0;
    for (; bucket < 65536; ++bucket) {
      if (below_bucket + bins[bucket] >= k) break;
      below_bucket += bins[bucket];
    }
    if (bucket == 65536) return Internal("selection histogram lost elements");
    keys.reserve(bins[bucket]);
    GatherBucket<kKind>(segments, bucket, &keys);
  }
  const uint64_t rank = k - below_bucket - 1;  // rank of the k-th smallest inside `keys`
  if (rank >= keys.size()) return Internal("selection rank out of range");
  std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(rank), keys.end());
  const uint32_t kth = keys[rank];
  // Everything before the nth position is <= kth; count those strictly below.
  uint64_t strictly_below = below_bucket;
  for (uint64_t i = 0; i < rank; ++i) strictly_below += keys[i] < kth ? 1 : 0;
  cut->key = kth;
  cut->ties = k - strictly_below;
  return Status::Ok();
}

}  // namespace

uint64_t TargetCount(double sparsity, uint64_t count) {
  if (!(sparsity > 0.0) || count == 0) return 0;
  const long double exact = static_cast<long double>(sparsity) * static_cast<long double>(count);
  const long double rounded = std::floor(exact + 0.5L);
  if (rounded >= static_cast<long double>(count)) return count;
  return static_cast<uint64_t>(rounded);
}

Status FindCut(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Cut* cut) {
  return kind == KeyKind::kMagnitude ? FindCutImpl<KeyKind::kMagnitude>(segments, k, cut)
                                     : FindCutImpl<KeyKind::kScore>(segments, k, cut);
}

Cut ThresholdCut(double threshold) {
  Cut cut;
  if (std::isnan(threshold) || threshold <= -std::numeric_limits<double>::max()) return cut;  // selects nothing
  if (threshold > std::numeric_limits<float>::max()) {
    cut.key = ScoreKey(std::numeric_limits<float>::infinity());  // everything finite is below
    return cut;
  }
  // The smallest float >= threshold: a float is below the threshold exactly when it is below this.
  float f = static_cast<float>(threshold);
  if (static_cast<double>(f) < threshold) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  cut.key = ScoreKey(f);
  return cut;
}

void ApplyCut(Span<const float> values, KeyKind kind, Cut* cut, std::vector<uint8_t>* selected) {
  selected->assign(values.size(), 0);
  for (size_t i = 0; i < values.size(); ++i) (*selected)[i] = cut->Take(KeyOf(kind, values[i])) ? 1 : 0;
}

uint64_t CountBelow(Span<const float> values, KeyKind kind, uint32_t key) {
  uint64_t count = 0;
  for (float v : values) count += KeyOf(kind, v) < key ? 1 : 0;
  return count;
}

Status FindCutBySort(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Cut* cut) {
  const uint64_t total = TotalSize(segments);
  if (k == 0 || total == 0) {
    *cut = Cut{0, 0};
    return Status::Ok();
  }
  if (k > total) k = total;
  std::vector<uint32_t> keys;
  keys.reserve(total);
  for (const auto& s : segments) {
    for (float v : s) keys.push_back(KeyOf(kind, v));
  }
  std::sort(keys.begin(), keys.end());
  const uint32_t kth = keys[k - 1];
  const uint64_t strictly_below = static_cast<uint64_t>(std::lower_bound(keys.begin(), keys.end(), kth) - keys.begin());
  cut->key = kth;
  cut->ties = k - strictly_below;
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
