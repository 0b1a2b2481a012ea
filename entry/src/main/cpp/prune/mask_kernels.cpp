#include "prune/mask_kernels.h"

#include <algorithm>
#include <climits>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace prunelab {
namespace prune {

void ZeroBelowAndCollectPortable(Span<float> w, uint32_t segment, const Bracket& bracket,
                                 std::vector<InsideWeight>* inside, ZeroCounts* counts) {
  // Small blocks: at a 90% cut about 1% of the weights fall inside the bracket, so most blocks
  // of 32 hold none and skip the scalar collection scan.
  constexpr size_t kBlock = 32;
  float* p = w.data();
  const size_t n = w.size();
  const uint32_t lo = bracket.lo, width = bracket.hi - bracket.lo;
  const int32_t slo = SignedKey(bracket.lo), shi = SignedKey(bracket.hi);
  for (size_t start = 0; start < n; start += kBlock) {
    const size_t end = std::min(n, start + kBlock);
    uint32_t up_to_hi = 0, below = 0, zero_before = 0;
    // Signed keys and all-ones masks, no branches: the compiler vectorises this block. Every
    // zero weight is below the bracket: afterwards `below` weights are zero, `below -
    // zero_before` of them newly.
    for (size_t i = start; i < end; ++i) {
      int32_t bits = 0;
      std::memcpy(&bits, &p[i], sizeof bits);
      const int32_t abs_bits = bits & 0x7fffffff;
      const int32_t key = abs_bits > 0x7f800000 ? INT32_MIN : abs_bits;  // SignedMagnitudeKey
      const int32_t mask = -static_cast<int32_t>(key < slo);
      zero_before -= static_cast<uint32_t>(-static_cast<int32_t>(abs_bits == 0));
      below -= static_cast<uint32_t>(mask);
      up_to_hi -= static_cast<uint32_t>(-static_cast<int32_t>(key <= shi));
      bits &= ~mask;
      std::memcpy(&p[i], &bits, sizeof bits);
    }
    counts->newly_zero += below - zero_before;
    counts->zeros += below;
    // Collect the block's inside weights, stopping at the last one.
    for (size_t i = start, left = up_to_hi - below; left > 0 && i < end; ++i) {
      const uint32_t key = MagnitudeKey(p[i]);
      if (key - lo <= width) {
        inside->push_back(InsideWeight{key, segment, i});
        --left;
      }
    }
  }
}

#if defined(__SSE2__)
void ZeroBelowAndCollect(Span<float> w, uint32_t segment, const Bracket& bracket, std::vector<InsideWeight>* inside,
                         ZeroCounts* counts) {
  float* p = w.data();
  const size_t n = w.size();
  const __m128i abs_mask = _mm_set1_epi32(0x7fffffff);
  const __m128i inf_bits = _mm_set1_epi32(0x7f800000);
  const __m128i lowest = _mm_set1_epi32(INT32_MIN);
  const __m128i zero = _mm_setzero_si128();
  const __m128i vlo = _mm_set1_epi32(SignedKey(bracket.lo));
  const __m128i vhi = _mm_set1_epi32(SignedKey(bracket.hi));
  const size_t vector_end = n - n % 4;
  size_t i = 0;
  while (i < vector_end) {
    // Lane counters are flushed every 2^28 vectors, long before they could overflow.
    const size_t chunk_end = std::min(vector_end, i + (size_t{1} << 30));
    __m128i below_acc = zero, zero_acc = zero;
    for (; i < chunk_end; i += 4) {
      const __m128i bits = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i abs_bits = _mm_and_si128(bits, abs_mask);
      const __m128i nan = _mm_cmpgt_epi32(abs_bits, inf_bits);
      const __m128i key = _mm_or_si128(_mm_andnot_si128(nan, abs_bits), _mm_and_si128(nan, lowest));
      const __m128i below = _mm_cmplt_epi32(key, vlo);
      const __m128i above = _mm_cmpgt_epi32(key, vhi);
      below_acc = _mm_sub_epi32(below_acc, below);
      zero_acc = _mm_sub_epi32(zero_acc, _mm_cmpeq_epi32(abs_bits, zero));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i), _mm_andnot_si128(below, bits));
      int in = ~_mm_movemask_ps(_mm_castsi128_ps(_mm_or_si128(below, above))) & 0xf;
      while (in != 0) {
        const int lane = __builtin_ctz(static_cast<unsigned>(in));
        inside->push_back(InsideWeight{MagnitudeKey(p[i + static_cast<size_t>(lane)]), segment, i + static_cast<size_t>(lane)});
        in &= in - 1;
      }
    }
    uint32_t lanes_below[4], lanes_zero[4];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(lanes_below), below_acc);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(lanes_zero), zero_acc);
    for (int l = 0; l < 4; ++l) {
      counts->newly_zero += static_cast<int64_t>(lanes_below[l]) - lanes_zero[l];
      counts->zeros += lanes_below[l];
    }
  }
  if (vector_end < n) {
    ZeroCounts tail;
    const size_t before = inside->size();
    ZeroBelowAndCollectPortable(Span<float>(p + vector_end, n - vector_end), segment, bracket, inside, &tail);
    for (size_t j = before; j < inside->size(); ++j) (*inside)[j].index += vector_end;
    counts->newly_zero += tail.newly_zero;
    counts->zeros += tail.zeros;
  }
}
#else
void ZeroBelowAndCollect(Span<float> w, uint32_t segment, const Bracket& bracket, std::vector<InsideWeight>* inside,
                         ZeroCounts* counts) {
  ZeroBelowAndCollectPortable(w, segment, bracket, inside, counts);
}
#endif

}  // namespace prune
}  // namespace prunelab
