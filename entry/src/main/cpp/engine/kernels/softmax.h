// Softmax along one axis, numerically stable (the row maximum is subtracted first).
#pragma once

#include "common/span.h"
#include "common/status.h"
#include "engine/shape.h"
#include "engine/thread_pool.h"

namespace prunelab {
namespace engine {
namespace kernels {

Status Softmax(const Shape& shape, size_t axis, Span<const float> in, Span<float> out, ThreadPool* pool);

}  // namespace kernels
}  // namespace engine
}  // namespace prunelab
