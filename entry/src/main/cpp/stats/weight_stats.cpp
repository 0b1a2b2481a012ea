#include "stats/weight_stats.h"

#include <cmath>
#include <limits>

namespace prunelab {

WeightStats ComputeWeightStats(Span<const float> weights) {
  WeightStats stats;
  stats.count = weights.size();
  double sum_abs = 0.0;
  double sum_sq = 0.0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (float w : weights) {
    if (std::isnan(w)) {
      ++stats.nan_count;
      continue;
    }
    if (w == 0.0f) ++stats.zeros;
    const double v = w;
    sum_abs += std::fabs(v);
    sum_sq += v * v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  stats.l1 = sum_abs;
  stats.l2 = std::sqrt(sum_sq);
  if (stats.count > stats.nan_count) {
    stats.min = lo;
    stats.max = hi;
  }
  return stats;
}

}  // namespace prunelab
