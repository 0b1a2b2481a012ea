// A node (CNode): an op with typed attributes, reading and writing tensors by index.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/attributes.h"
#include "graph/types.h"

namespace prunelab {
namespace graph {

struct Node {
  std::string name;
  int32_t op_type = op::kNone;  // PrimitiveType union tag
  Attributes attrs;
  std::vector<uint32_t> inputs;   // tensor indices
  std::vector<uint32_t> outputs;  // tensor indices
  int32_t quant_type = quant_type::kNone;
  int32_t device_type = -1;

  std::string OpName() const { return graph::OpName(op_type); }

  // Field access by schema field name. Reading an absent field (or a field the op's spec does not
  // have) returns its schema default, or `fallback` when the op has no such field.
  bool HasField(const char* field) const;
  int64_t Int(const char* field, int64_t fallback = 0) const;
  double Float(const char* field, double fallback = 0.0) const;
  std::vector<int64_t> Ints(const char* field) const;
  std::vector<float> Floats(const char* field) const;
  // Setting marks the field present. Returns false when the op's spec has no such field.
  bool SetInt(const char* field, int64_t value);
  bool SetFloat(const char* field, double value);
  bool SetInts(const char* field, std::vector<int64_t> values);
};

}  // namespace graph
}  // namespace prunelab
