#include "prune/selection.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
inline uint32_t KeyT(float v) {
  return kKind == KeyKind::kMagnitude ? MagnitudeKey(v) : ScoreKey(v);
}

// How many |p[i]| have a signed key below `lo`, and how many at most `hi` (one vectorised loop;
// n is at most 2^16, so 32-bit counters cannot overflow).
void CountMagnitudes(const float* p, size_t n, int32_t lo, int32_t hi, uint32_t* below, uint32_t* up_to_hi) {
  uint32_t b = 0, u = 0;
  size_t i = 0;
#if defined(__SSE2__)
  {
    const __m128i abs_mask = _mm_set1_epi32(0x7fffffff);
    const __m128i inf_bits = _mm_set1_epi32(0x7f800000);
    const __m128i lowest = _mm_set1_epi32(INT32_MIN);
    const __m128i vlo = _mm_set1_epi32(lo), vhi = _mm_set1_epi32(hi);
    __m128i below_acc = _mm_setzero_si128(), above_acc = _mm_setzero_si128();
    for (; i + 4 <= n; i += 4) {
      const __m128i abs_bits = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), abs_mask);
      const __m128i nan = _mm_cmpgt_epi32(abs_bits, inf_bits);
      const __m128i key = _mm_or_si128(_mm_andnot_si128(nan, abs_bits), _mm_and_si128(nan, lowest));
      below_acc = _mm_sub_epi32(below_acc, _mm_cmplt_epi32(key, vlo));
      above_acc = _mm_sub_epi32(above_acc, _mm_cmpgt_epi32(key, vhi));
    }
    uint32_t lanes_below[4], lanes_above[4];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(lanes_below), below_acc);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(lanes_above), above_acc);
    b = lanes_below[0] + lanes_below[1] + lanes_below[2] + lanes_below[3];
    u = static_cast<uint32_t>(i) - (lanes_above[0] + lanes_above[1] + lanes_above[2] + lanes_above[3]);
  }
#endif
  for (; i < n; ++i) {
    int32_t bits = 0;
    std::memcpy(&bits, &p[i], sizeof bits);
    const int32_t abs_bits = bits & 0x7fffffff;
    const int32_t key = abs_bits > 0x7f800000 ? INT32_MIN : abs_bits;  // SignedMagnitudeKey
    // Subtracting the negated comparison keeps GCC on its fast vector reduction (a plain
    // `b += key < lo` pair measured 4x slower here).
    b -= static_cast<uint32_t>(-static_cast<int32_t>(key < lo));
    u -= static_cast<uint32_t>(-static_cast<int32_t>(key <= hi));
  }
  *below = b;
  *up_to_hi = u;
}

// Appends the MagnitudeKey of every |p[i]| inside the bracket, in order.
void CollectMagnitudesInside(const float* p, size_t n, const Bracket& bracket, std::vector<uint32_t>* keys) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i abs_mask = _mm_set1_epi32(0x7fffffff);
  const __m128i inf_bits = _mm_set1_epi32(0x7f800000);
  const __m128i lowest = _mm_set1_epi32(INT32_MIN);
  const __m128i vlo = _mm_set1_epi32(SignedKey(bracket.lo)), vhi = _mm_set1_epi32(SignedKey(bracket.hi));
  for (; i + 4 <= n; i += 4) {
    const __m128i abs_bits = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), abs_mask);
    const __m128i nan = _mm_cmpgt_epi32(abs_bits, inf_bits);
    const __m128i key = _mm_or_si128(_mm_andnot_si128(nan, abs_bits), _mm_and_si128(nan, lowest));
    const __m128i out = _mm_or_si128(_mm_cmplt_epi32(key, vlo), _mm_cmpgt_epi32(key, vhi));
    int in = ~_mm_movemask_ps(_mm_castsi128_ps(out)) & 0xf;
    while (in != 0) {
      keys->push_back(MagnitudeKey(p[i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(in)))]));
      in &= in - 1;
    }
  }
#endif
  for (; i < n; ++i) {
    const uint32_t key = MagnitudeKey(p[i]);
    if (bracket.Contains(key)) keys->push_back(key);
  }
}

// Floyd-Rivest style: a strided sample brackets the k-th key between two sample keys and one
// vectorisable pass counts the keys below and inside the bracket.
template <KeyKind kKind>
bool BracketImpl(const std::vector<Span<const float>>& segments, uint64_t total, uint64_t k, Bracket* bracket) {
  const uint64_t sample_size = std::min<uint64_t>(uint64_t{1} << 16, total / 8);
  if (sample_size < 1024 || k == 0 || k > total) return false;
  // Runs of 16 consecutive values (one cache line) spread evenly: a sixteenth of the cache
  // misses of single values, and still spread over every layer. Only speed depends on how
  // representative the sample is; the counts below make the result exact either way.
  constexpr uint64_t kRun = 16;
  const uint64_t runs = sample_size / kRun;
  const uint64_t stride = total / runs;
  std::vector<uint32_t> sample;
  sample.reserve(sample_size + kRun);
  uint64_t next = (stride - kRun) / 2, base = 0;
  for (const auto& s : segments) {
    for (; next < base + s.size(); next += stride) {
      const uint64_t start = next - base;
      const uint64_t end = std::min<uint64_t>(s.size(), start + kRun);
      for (uint64_t i = start; i < end; ++i) sample.push_back(KeyT<kKind>(s[static_cast<size_t>(i)]));
    }
    base += s.size();
  }
  const double m = static_cast<double>(sample.size());
  const double rank = static_cast<double>(k) / static_cast<double>(total) * m;
  // The sample rank of the k-th key has a standard deviation of about sqrt(m p (1 - p)); 5 of
  // them each side rarely miss (then the histogram path runs, slower but as exact).
  const double p = static_cast<double>(k) / static_cast<double>(total);
  const double spread = 5.0 * std::sqrt(m * p * (1.0 - p)) + 8.0;
  const int64_t lo_rank = static_cast<int64_t>(std::max(0.0, std::floor(rank - spread)));
  const int64_t hi_rank = static_cast<int64_t>(std::min(m - 1.0, std::ceil(rank + spread)));
  std::nth_element(sample.begin(), sample.begin() + lo_rank, sample.end());
  const uint32_t lo = lo_rank == 0 ? 0u : sample[static_cast<size_t>(lo_rank)];
  std::nth_element(sample.begin() + lo_rank, sample.begin() + hi_rank, sample.end());
  const uint32_t hi = hi_rank >= static_cast<int64_t>(m) - 1 ? 0xffffffffu : sample[static_cast<size_t>(hi_rank)];
  const int32_t slo = SignedKey(lo), shi = SignedKey(hi);
  uint64_t below = 0, inside = 0;
  for (const auto& s : segments) {
    const float* p = s.data();
    const size_t n = s.size();
    for (size_t start = 0; start < n; start += 65536) {  // 32-bit counters per block vectorise better
      const size_t end = std::min(n, start + 65536);
      uint32_t b = 0, up_to_hi = 0;
      if constexpr (kKind == KeyKind::kMagnitude) {
        CountMagnitudes(p + start, end - start, slo, shi, &b, &up_to_hi);
      } else {
        for (size_t i = start; i < end; ++i) {
          const uint32_t key = ScoreKey(p[i]);
          b += key < lo ? 1u : 0u;
          up_to_hi += key <= hi ? 1u : 0u;
        }
      }
      below += b;
      inside += up_to_hi - b;  // lo <= hi, so every key below lo is also at most hi
    }
  }
  if (below >= k || below + inside < k) return false;
  *bracket = Bracket{lo, hi, below, inside};
  return true;
}

template <KeyKind kKind>
Status FindCutImpl(const std::vector<Span<const float>>& segments, uint64_t k, Cut* cut, bool allow_bracket) {
  const uint64_t total = TotalSize(segments);
  if (k == 0 || total == 0) {
    *cut = Cut{0, 0};  // nothing is below key 0
    return Status::Ok();
  }
  if (k > total) k = total;
  std::vector<uint32_t> keys;
  uint64_t below_bucket = 0;  // elements in buckets before the one holding the k-th key
  if (total <= kSmallInput && allow_bracket) {
    keys.reserve(total);
    for (const auto& s : segments) {
      for (float v : s) keys.push_back(kKind == KeyKind::kMagnitude ? MagnitudeKey(v) : ScoreKey(v));
    }
  } else {
    Bracket bracket;
    if (allow_bracket && BracketImpl<kKind>(segments, total, k, &bracket)) {
      keys.reserve(bracket.inside);
      for (const auto& s : segments) {
        if constexpr (kKind == KeyKind::kMagnitude) {
          CollectMagnitudesInside(s.data(), s.size(), bracket, &keys);
        } else {
          for (float v : s) {
            const uint32_t key = KeyT<kKind>(v);
            if (key - bracket.lo <= bracket.hi - bracket.lo) keys.push_back(key);
          }
        }
      }
      *cut = CutInside(bracket, k, std::move(keys));
      return Status::Ok();
    }
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

bool FindBracket(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Bracket* bracket) {
  const uint64_t total = TotalSize(segments);
  if (total <= kSmallInput) return false;
  return kind == KeyKind::kMagnitude ? BracketImpl<KeyKind::kMagnitude>(segments, total, k, bracket)
                                     : BracketImpl<KeyKind::kScore>(segments, total, k, bracket);
}

Cut CutInside(const Bracket& bracket, uint64_t k, std::vector<uint32_t> inside) {
  Cut cut;
  const uint64_t r = k - bracket.below - 1;  // rank of the k-th smallest among the inside keys
  std::nth_element(inside.begin(), inside.begin() + static_cast<std::ptrdiff_t>(r), inside.end());
  const uint32_t kth = inside[r];
  uint64_t strictly_below = bracket.below;
  for (uint64_t i = 0; i < r; ++i) strictly_below += inside[i] < kth ? 1 : 0;
  cut.key = kth;
  cut.ties = k - strictly_below;
  return cut;
}

uint64_t TargetCount(double sparsity, uint64_t count) {
  if (!(sparsity > 0.0) || count == 0) return 0;
  const long double exact = static_cast<long double>(sparsity) * static_cast<long double>(count);
  const long double rounded = std::floor(exact + 0.5L);
  if (rounded >= static_cast<long double>(count)) return count;
  return static_cast<uint64_t>(rounded);
}

Status FindCut(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Cut* cut) {
  return kind == KeyKind::kMagnitude ? FindCutImpl<KeyKind::kMagnitude>(segments, k, cut, true)
                                     : FindCutImpl<KeyKind::kScore>(segments, k, cut, true);
}

Status FindCutByHistogram(const std::vector<Span<const float>>& segments, KeyKind kind, uint64_t k, Cut* cut) {
  return kind == KeyKind::kMagnitude ? FindCutImpl<KeyKind::kMagnitude>(segments, k, cut, false)
                                     : FindCutImpl<KeyKind::kScore>(segments, k, cut, false);
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
