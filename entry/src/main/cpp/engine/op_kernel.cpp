#include "engine/op_kernel.h"

#include <algorithm>
#include <cstring>

#include "graph/types.h"

namespace prunelab {
namespace engine {

std::string PrepareContext::Where() const { return node->OpName() + " node '" + node->name + "'"; }

Status PrepareContext::Bad(const std::string& message) const { return BadArgument(Where() + ": " + message); }

Status PrepareContext::RequireInputCount(size_t min, size_t max) const {
  if (inputs.size() < min || inputs.size() > max) {
    return InvalidModel(Where() + " has " + std::to_string(inputs.size()) + " inputs; expected " +
                        (min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max)));
  }
  if (outputs.empty()) return InvalidModel(Where() + " has no output");
  return Status::Ok();
}

Status PrepareContext::RequireFloat(size_t i, const char* role) const {
  const graph::Tensor* t = inputs[i].tensor;
  if (t->dtype != graph::DataType::kFloat32) {
    return UnsupportedOp(Where() + ": its " + role + " '" + t->name + "' is " + graph::DataTypeName(t->dtype) +
                         "; the engine computes in float32 only");
  }
  return Status::Ok();
}

Status PrepareContext::RequireConstant(size_t i, const char* role) const {
  if (!inputs[i].constant) {
    return UnsupportedOp(Where() + ": its " + role + " '" + inputs[i].tensor->name +
                         "' is computed at run time; the engine needs it as a constant of the model");
  }
  return Status::Ok();
}

Status PrepareContext::ReadInts(size_t i, const char* role, std::vector<int64_t>* out) const {
  PRUNELAB_RETURN_IF_ERROR(RequireConstant(i, role));
  const graph::Tensor& t = *inputs[i].tensor;
  const ByteSpan bytes = t.data.bytes();
  const int64_t count = t.ElementCount();
  size_t width = 0;
  if (t.dtype == graph::DataType::kInt32) width = 4;
  if (t.dtype == graph::DataType::kInt64) width = 8;
  if (width == 0) {
    return UnsupportedOp(Where() + ": its " + role + " '" + t.name + "' is " + graph::DataTypeName(t.dtype) +
                         "; int32 or int64 is needed");
  }
  if (count < 0 || static_cast<uint64_t>(count) * width != bytes.size()) {
    return InvalidModel(Where() + ": its " + role + " '" + t.name + "' holds " + std::to_string(bytes.size()) +
                        " bytes for shape " + ShapeString(t.dims));
  }
  out->resize(static_cast<size_t>(count));
  for (size_t k = 0; k < out->size(); ++k) {
    if (width == 4) {
      int32_t v;
      std::memcpy(&v, bytes.data() + k * 4, 4);
      (*out)[k] = v;
    } else {
      int64_t v;
      std::memcpy(&v, bytes.data() + k * 8, 8);
      (*out)[k] = v;
    }
  }
  return Status::Ok();
}

Status PrepareContext::ReadFloats(size_t i, const char* role, std::vector<float>* out) const {
  PRUNELAB_RETURN_IF_ERROR(RequireConstant(i, role));
  PRUNELAB_RETURN_IF_ERROR(RequireFloat(i, role));
  const graph::Tensor& t = *inputs[i].tensor;
  const ByteSpan bytes = t.data.bytes();
  const int64_t count = t.ElementCount();
  if (count < 0 || static_cast<uint64_t>(count) * 4 != bytes.size()) {
    return InvalidModel(Where() + ": its " + role + " '" + t.name + "' holds " + std::to_string(bytes.size()) +
                        " bytes for shape " + ShapeString(t.dims));
  }
  out->resize(static_cast<size_t>(count));
  if (count > 0) std::memcpy(out->data(), bytes.data(), bytes.size());
  return Status::Ok();
}

Status PrepareContext::FusedActivation(ActivationParams* out) const {
  ActivationParams params;
  params.type = static_cast<int32_t>(node->Int("activation_type", 0));
  PRUNELAB_RETURN_IF_ERROR(CheckActivationSupported(params.type, Where()));
  *out = params;
  return Status::Ok();
}

void ParallelChunks(ThreadPool* pool, int64_t count, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (count <= 0) return;
  const int64_t chunks = std::max<int64_t>(1, std::min<int64_t>(count / std::max<int64_t>(grain, 1),
                                                                pool != nullptr ? pool->threads() : 1));
  ParallelFor(pool, chunks, [&](int64_t begin, int64_t end) { fn(count * begin / chunks, count * end / chunks); });
}

}  // namespace engine
}  // namespace prunelab
