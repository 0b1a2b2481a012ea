#include <cmath>
#include <limits>
#include <vector>

#include "stats/weight_stats.h"
#include "testing.h"

using prunelab::ComputeWeightStats;
using prunelab::Span;

TEST(WeightStats, KnownArray) {
  const std::vector<float> w = {0.0f, -2.0f, 1.0f, -0.0f, 3.0f};
  const auto s = ComputeWeightStats(Span<const float>(w.data(), w.size()));
  CHECK_EQ(s.count, 5u);
  CHECK_EQ(s.zeros, 2u);
  CHECK_EQ(s.nan_count, 0u);
  CHECK_NEAR(s.l1, 6.0, 1e-12);
  CHECK_NEAR(s.l2, std::sqrt(14.0), 1e-12);
  CHECK_NEAR(s.min, -2.0, 0);
  CHECK_NEAR(s.max, 3.0, 0);
}

TEST(WeightStats, NaNIsCountedAndLeftOut) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> w = {nan, 4.0f, nan};
  const auto s = ComputeWeightStats(Span<const float>(w.data(), w.size()));
  CHECK_EQ(s.nan_count, 2u);
  CHECK_NEAR(s.l1, 4.0, 0);
  CHECK_NEAR(s.min, 4.0, 0);
  CHECK_NEAR(s.max, 4.0, 0);
}

TEST(WeightStats, EmptyAndAllNaN) {
  const auto empty = ComputeWeightStats(Span<const float>());
  CHECK_EQ(empty.count, 0u);
  CHECK_NEAR(empty.min, 0.0, 0);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const std::vector<float> w = {nan};
  const auto s = ComputeWeightStats(Span<const float>(w.data(), w.size()));
  CHECK_NEAR(s.max, 0.0, 0);
  CHECK_EQ(s.nan_count, 1u);
}
