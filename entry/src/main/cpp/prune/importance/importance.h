// Importance scores: higher means more important (kept longer). Per-weight scores fill a buffer
// the size of the weight tensor; per-channel scores accumulate into one value per channel.
// Each works on bounded views; shapes are checked and a mismatch is BAD_ARGUMENT.
#pragma once

#include <cstdint>
#include <vector>

#include "common/span.h"
#include "common/status.h"

namespace prunelab {
namespace prune {

// ---- per weight ----
// |w|. (Magnitude selection ranks the weights directly; this is for callers that want scores.)
Status MagnitudeScores(Span<const float> weights, Span<float> scores);
// First-order Taylor |w * dL/dw| (Molchanov et al. 2019), given the loss gradient of each weight.
Status TaylorWeightScores(Span<const float> weights, Span<const float> gradients, Span<float> scores);
// Uniform [0, 1) scores from a seeded generator: the random baseline. Same seed, same scores.
void RandomScores(uint64_t seed, Span<float> scores);

// ---- per channel ----
// The layout of a weight tensor as [outer, channels, inner] around the channel axis.
struct AxisLayout {
  int64_t outer = 1;
  int64_t channels = 0;
  int64_t inner = 1;
};
// BAD_ARGUMENT when the axis is out of range, a dim is negative or the element count disagrees.
Status LayoutAlong(const std::vector<int32_t>& dims, int axis, size_t element_count, AxisLayout* layout);

// Adds, per channel, sum |w| (p = 1) or sum w^2 (p = 2) over the weights of that channel to
// `accumulator` (size = channels). Call FinishLpNorm once every tensor of a channel group is in.
Status AccumulateLpNorm(Span<const float> weights, const std::vector<int32_t>& dims, int axis, int p,
                        Span<double> accumulator);
// Takes the square root for p = 2 (sum of squares -> L2 norm); p = 1 is already final.
void FinishLpNorm(int p, Span<double> accumulator);

// Activation statistics of one channel axis, accumulated over calibration samples.
class ActivationStats {
 public:
  explicit ActivationStats(int64_t channels = 0);
  int64_t channels() const { return static_cast<int64_t>(sum_abs_.size()); }
  uint64_t samples_per_channel() const { return count_; }
  // `data` is channel-last ([..., channels]), as every activation of the engine (NHWC).
  Status Add(Span<const float> data);
  // Mean |a| per channel (importance: higher = keep).
  std::vector<double> MeanAbs() const;
  // Average percentage of zeros (Hu et al. 2016) per channel, in [0, 1].
  std::vector<double> Apoz() const;
  // 1 - APoZ: the importance APoZ implies (a mostly-zero channel is the first to go).
  std::vector<double> ApozImportance() const;

 private:
  std::vector<double> sum_abs_;
  std::vector<uint64_t> zeros_;
  uint64_t count_ = 0;  // values seen per channel
};

// First-order Taylor per channel (Molchanov et al. 2017): |mean over positions of a * dL/da|,
// averaged over the batches added. Both views channel-last with the same size.
class TaylorChannelStats {
 public:
  explicit TaylorChannelStats(int64_t channels = 0);
  Status Add(Span<const float> activations, Span<const float> gradients);
  // The per-layer L2-normalised scores (the criterion's definition).
  std::vector<double> Scores() const;

 private:
  std::vector<double> sum_;
  uint64_t batches_ = 0;
};

// Divides by the vector's L2 norm (no change when it is zero).
void NormalizeL2(Span<double> scores);

}  // namespace prune
}  // namespace prunelab
