#include "engine/kernels/reduce.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace prunelab {
namespace engine {
namespace kernels {
namespace {

enum class Fold { kSum, kMax, kMin, kProd };

Fold FoldOf(ReduceMode mode) {
  switch (mode) {
    case ReduceMode::kMax: return Fold::kMax;
    case ReduceMode::kMin: return Fold::kMin;
    case ReduceMode::kProd: return Fold::kProd;
    default: return Fold::kSum;
  }
}

inline float Combine(Fold fold, float acc, float x) {
  switch (fold) {
    case Fold::kSum: return acc + x;
    case Fold::kMax: return x > acc ? x : acc;
    case Fold::kMin: return x < acc ? x : acc;
    case Fold::kProd: return acc * x;
  }
  return acc;
}

// out[a, b] = fold over r of in[a, r, b] (the first element initialises, so r >= 1).
void FoldPass(Fold fold, const float* in, float* out, int64_t outer, int64_t reduced, int64_t inner, ThreadPool* pool) {
  ParallelFor(pool, outer, [&](int64_t begin, int64_t end) {
    for (int64_t a = begin; a < end; ++a) {
      const float* src = in + a * reduced * inner;
      float* __restrict dst = out + a * inner;
      if (inner == 1) {
        float acc = src[0];
        for (int64_t r = 1; r < reduced; ++r) acc = Combine(fold, acc, src[r]);
        dst[0] = acc;
        continue;
      }
      std::memcpy(dst, src, static_cast<size_t>(inner) * sizeof(float));
      for (int64_t r = 1; r < reduced; ++r) {
        const float* __restrict row = src + r * inner;
        switch (fold) {
          case Fold::kSum: for (int64_t b = 0; b < inner; ++b) dst[b] += row[b]; break;
          case Fold::kMax: for (int64_t b = 0; b < inner; ++b) dst[b] = row[b] > dst[b] ? row[b] : dst[b]; break;
          case Fold::kMin: for (int64_t b = 0; b < inner; ++b) dst[b] = row[b] < dst[b] ? row[b] : dst[b]; break;
          case Fold::kProd: for (int64_t b = 0; b < inner; ++b) dst[b] *= row[b]; break;
        }
      }
    }
  });
}

}  // namespace

bool IsSupportedReduceMode(int32_t mode) {
  switch (mode) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 8: return true;
    default: return false;
  }
}

Status Reduce(ReduceMode mode, const Shape& in_shape, const std::vector<bool>& reduced, float scale,
              Span<const float> in, Span<float> out, ThreadPool* pool) {
  if (!IsSupportedReduceMode(static_cast<int32_t>(mode))) return BadArgument("reduce: unknown mode");
  if (reduced.size() != in_shape.size()) return BadArgument("reduce: one flag per axis is needed");
  int64_t count = 0;
  PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(in_shape, "reduce input", &count));
  int64_t kept = 1, folded = 1;
  for (size_t i = 0; i < in_shape.size(); ++i) (reduced[i] ? folded : kept) *= in_shape[i];
  if (static_cast<int64_t>(in.size()) != count || static_cast<int64_t>(out.size()) != kept) {
    return BadArgument("reduce: buffer sizes do not match shape " + ShapeString(in_shape));
  }
  const Fold fold = FoldOf(mode);
  if (kept == 0) return Status::Ok();
  if (folded == 0) {
    if (fold == Fold::kMax || fold == Fold::kMin) return BadArgument("reduce: max or min over an empty axis");
    // The empty sum and product; the mean of nothing is NaN (0 / 0), as in the reference.
    const float empty = mode == ReduceMode::kMean ? std::nanf("") : fold == Fold::kProd ? 1.0f : 0.0f;
    std::fill(out.begin(), out.end(), empty * scale);
    return Status::Ok();
  }
  // Pre-map (square or absolute value) into a working copy when the mode needs one.
  std::vector<float> work;
  const float* src = in.data();
  if (mode == ReduceMode::kSumSquare || mode == ReduceMode::kL2 || mode == ReduceMode::kASum) {
    work.resize(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
      work[static_cast<size_t>(i)] = mode == ReduceMode::kASum ? std::fabs(in[static_cast<size_t>(i)])
                                                               : in[static_cast<size_t>(i)] * in[static_cast<size_t>(i)];
    }
    src = work.data();
  }
  // Merge axes into alternating kept/reduced runs (size-1 axes vanish), then fold reduced runs
  // from the innermost outwards.
  std::vector<int64_t> dims;
  std::vector<bool> is_reduced;
  for (size_t i = 0; i < in_shape.size(); ++i) {
    if (in_shape[i] == 1) continue;
    if (!dims.empty() && is_reduced.back() == reduced[i]) {
      dims.back() *= in_shape[i];
    } else {
      dims.push_back(in_shape[i]);
      is_reduced.push_back(reduced[i]);
    }
  }
  std::vector<float> next;
  std::vector<float> current;
  for (size_t run = dims.size(); run-- > 0;) {
    if (!is_reduced[run]) continue;
    int64_t outer = 1, inner = 1;
    for (size_t i = 0; i < run; ++i) outer *= dims[i];
    for (size_t i = run + 1; i < dims.size(); ++i) inner *= dims[i];
    next.resize(static_cast<size_t>(outer * inner));
    FoldPass(fold, src, next.data(), outer, dims[run], inner, pool);
    current.swap(next);
    src = current.data();
    dims[run] = 1;
  }
  // `src` now holds the kept values (or still the input when nothing was folded).
  const double total = static_cast<double>(folded);
  for (int64_t i = 0; i < kept; ++i) {
    float value = src[i];
    if (mode == ReduceMode::kMean) value = static_cast<float>(value / total);
    if (mode == ReduceMode::kL2) value = std::sqrt(value);
    out[static_cast<size_t>(i)] = value * scale;
  }
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
