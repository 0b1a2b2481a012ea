// Statistics of a weight array, computed in one pass over a view (no copy).
#pragma once

#include <cstdint>

#include "common/span.h"

namespace prunelab {

struct WeightStats {
  uint64_t count = 0;      // all elements, NaN included
  uint64_t zeros = 0;      // elements equal to +0 or -0
  uint64_t nan_count = 0;  // NaN elements; they are left out of every other statistic
  double l1 = 0.0;         // sum |w|
  double l2 = 0.0;         // sqrt(sum w^2)
  double min = 0.0;        // 0 when there is no non-NaN element
  double max = 0.0;
};

WeightStats ComputeWeightStats(Span<const float> weights);

}  // namespace prunelab
