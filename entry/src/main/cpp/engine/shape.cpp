#include "engine/shape.h"

#include <algorithm>

namespace prunelab {
namespace engine {

std::string ShapeString(const Shape& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ",";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

Status CheckedElementCount(const Shape& shape, const std::string& what, int64_t* count) {
  int64_t product = 1;
  for (int32_t dim : shape) {
    if (dim < 0) return BadArgument(what + " has a negative dimension in shape " + ShapeString(shape));
    product *= dim;
    if (product > kMaxElements) {
      return BadArgument(what + " is too large (shape " + ShapeString(shape) + " exceeds " +
                         std::to_string(kMaxElements) + " elements)");
    }
  }
  *count = product;
  return Status::Ok();
}

int64_t ElementCount(const Shape& shape) {
  int64_t product = 1;
  for (int32_t dim : shape) product *= dim;
  return product;
}

Status NormalizeAxis(int64_t axis, size_t rank, const std::string& what, size_t* out) {
  const int64_t r = static_cast<int64_t>(rank);
  const int64_t normalized = axis < 0 ? axis + r : axis;
  if (normalized < 0 || normalized >= r) {
    return BadArgument(what + ": axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  }
  *out = static_cast<size_t>(normalized);
  return Status::Ok();
}

Status BroadcastShapes(const Shape& a, const Shape& b, const std::string& what, Shape* out) {
  const size_t rank = std::max(a.size(), b.size());
  Shape result(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    const int32_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int32_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da == db || db == 1) {
      result[i] = da;
    } else if (da == 1) {
      result[i] = db;
    } else {
      return BadArgument(what + ": shapes " + ShapeString(a) + " and " + ShapeString(b) + " do not broadcast");
    }
  }
  *out = std::move(result);
  return Status::Ok();
}

std::vector<int64_t> Strides(const Shape& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  return strides;
}

}  // namespace engine
}  // namespace prunelab
