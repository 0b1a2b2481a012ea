#include "engine/kernels/window.h"

#include <algorithm>

#include "graph/types.h"

namespace prunelab {
namespace engine {
namespace kernels {

Status ComputeWindowAxis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, int32_t pad_mode,
                         int64_t pad_before, int64_t pad_after, bool ceil_mode, const std::string& what,
                         WindowAxis* axis) {
  constexpr int64_t kLimit = int64_t{1} << 24;  // far above any real image side or kernel
  if (in <= 0 || kernel <= 0 || stride <= 0 || dilation <= 0 || in > kLimit || kernel > kLimit || stride > kLimit ||
      dilation > kLimit) {
    return BadArgument(what + ": input size " + std::to_string(in) + ", kernel " + std::to_string(kernel) +
                       ", stride " + std::to_string(stride) + " and dilation " + std::to_string(dilation) +
                       " must all be positive");
  }
  const int64_t span = (kernel - 1) * dilation + 1;  // the window's extent in input elements
  if (pad_mode == graph::pad_mode::kSame) {
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>(0, (out - 1) * stride + span - in);
    axis->out = out;
    axis->pad_before = total / 2;
    return Status::Ok();
  }
  if (pad_mode == graph::pad_mode::kValid) {
    pad_before = 0;
    pad_after = 0;
  } else if (pad_mode != graph::pad_mode::kPad) {
    return BadArgument(what + ": unknown pad mode " + std::to_string(pad_mode));
  }
  if (pad_before < 0 || pad_after < 0 || pad_before > kLimit || pad_after > kLimit) {
    return BadArgument(what + ": negative or absurd padding");
  }
  const int64_t padded = in + pad_before + pad_after;
  if (padded < span) {
    return BadArgument(what + ": the window (" + std::to_string(span) + ") is larger than the padded input (" +
                       std::to_string(padded) + ")");
  }
  const int64_t room = padded - span;
  int64_t out = (ceil_mode ? (room + stride - 1) / stride : room / stride) + 1;
  // Rounding up must not add a window that starts in the trailing padding (Caffe's and
  // PyTorch's rule); such a window would see no input at all.
  if (ceil_mode && out > 1 && (out - 1) * stride >= in + pad_before) --out;
  axis->out = out;
  axis->pad_before = pad_before;
  return Status::Ok();
}

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
