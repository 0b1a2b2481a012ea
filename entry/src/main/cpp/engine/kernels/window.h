// Sliding-window geometry shared by convolution and pooling: the output size and the leading
// padding along one spatial axis, following MindSpore Lite's rules (nnacl conv/pooling shape
// inference): SAME gives ceil(in / stride) outputs with the total padding split evenly (the extra
// one after); PAD uses the explicit pads; VALID uses none. Convolution rounds down, pooling rounds
// down or up (round_mode; rounding up never adds a window that starts in the padding).
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace prunelab {
namespace engine {
namespace kernels {

struct WindowAxis {
  int64_t out = 0;         // output size
  int64_t pad_before = 0;  // padding before the first input element
};

// BAD_ARGUMENT naming `what` for a non-positive size, stride or dilation, a negative pad, an
// unknown pad mode, or a window that never fits. `ceil_mode` only matters for PAD/VALID.
Status ComputeWindowAxis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, int32_t pad_mode,
                         int64_t pad_before, int64_t pad_after, bool ceil_mode, const std::string& what,
                         WindowAxis* axis);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
