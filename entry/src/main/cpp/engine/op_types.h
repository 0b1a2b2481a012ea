// PrimitiveType tags the engine runs beyond those graph/types.h names (numbers from the .ms
// schema's PrimitiveType union, NONE = 0).
#pragma once

#include <cstdint>

namespace prunelab {
namespace engine {
namespace op_ext {
constexpr int32_t kAbs = 1;
constexpr int32_t kCeil = 29;
constexpr int32_t kCos = 37;
constexpr int32_t kExpFusion = 55;
constexpr int32_t kFloor = 63;
constexpr int32_t kLog = 79;
constexpr int32_t kMaximum = 90;
constexpr int32_t kMinimum = 96;
constexpr int32_t kNeg = 101;
constexpr int32_t kReciprocal = 116;
constexpr int32_t kRsqrt = 126;
constexpr int32_t kSin = 133;
constexpr int32_t kSqrt = 146;
constexpr int32_t kSquare = 148;
constexpr int32_t kSquaredDifference = 149;
constexpr int32_t kErf = 178;
}  // namespace op_ext
}  // namespace engine
}  // namespace prunelab
