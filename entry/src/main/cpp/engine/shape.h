// Shapes as the engine sees them: int32 dims (the .ms format's type), with checked products,
// axis normalisation and NumPy-style broadcasting. Every malformed shape is a BAD_ARGUMENT.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace prunelab {
namespace engine {

using Shape = std::vector<int32_t>;

// The engine refuses tensors above this many elements (4 GiB of float32): a larger product is
// almost certainly a corrupt shape, and it keeps every size computation far from overflow.
constexpr int64_t kMaxElements = int64_t{1} << 30;

// "[1,48,48,3]".
std::string ShapeString(const Shape& shape);

// Product of dims into *count; BAD_ARGUMENT naming `what` for a negative dim or a product above
// kMaxElements.
Status CheckedElementCount(const Shape& shape, const std::string& what, int64_t* count);
// Product of dims without checks, for shapes already validated.
int64_t ElementCount(const Shape& shape);

// Maps a possibly negative axis into [0, rank); BAD_ARGUMENT naming `what` when out of range.
Status NormalizeAxis(int64_t axis, size_t rank, const std::string& what, size_t* out);

// NumPy broadcasting of two shapes (right-aligned; each pair of dims equal or one of them 1).
Status BroadcastShapes(const Shape& a, const Shape& b, const std::string& what, Shape* out);

// Row-major strides of a shape (innermost stride 1).
std::vector<int64_t> Strides(const Shape& shape);

}  // namespace engine
}  // namespace prunelab
