// Field access of a node's attributes by schema name (graph/node.h).
#include "graph/node.h"

#include <cstring>

namespace prunelab {
namespace graph {
namespace {

// The field's index in the op's spec, or -1 (no spec, opaque attributes or no such field).
int FieldIndex(const Node& node, const char* field) {
  if (node.attrs.is_opaque || field == nullptr) return -1;
  const OpSpec* spec = FindOpSpec(node.op_type);
  if (spec == nullptr) return -1;
  for (size_t i = 0; i < spec->field_count; ++i) {
    if (std::strcmp(spec->fields[i].name, field) == 0) return static_cast<int>(i);
  }
  return -1;
}

const FieldSpec& SpecOf(const Node& node, int index) { return FindOpSpec(node.op_type)->fields[index]; }

bool IsIntKind(FieldKind kind) {
  return kind == FieldKind::kBool || kind == FieldKind::kInt8 || kind == FieldKind::kInt32 || kind == FieldKind::kInt64;
}
bool IsIntVecKind(FieldKind kind) {
  return kind == FieldKind::kInt64Vec || kind == FieldKind::kInt32Vec || kind == FieldKind::kBoolVec;
}

// Values of a modelled op always match its spec after decoding; a node built by hand may start
// empty, so writes size them first (absent fields read as defaults).
AttrValue* Slot(Node* node, int index) {
  const OpSpec* spec = FindOpSpec(node->op_type);
  if (node->attrs.values.size() != spec->field_count) {
    node->attrs.values.assign(spec->field_count, AttrValue());
    for (size_t i = 0; i < spec->field_count; ++i) {
      node->attrs.values[i].i = static_cast<int64_t>(spec->fields[i].default_value);
      node->attrs.values[i].f = spec->fields[i].default_value;
    }
  }
  return &node->attrs.values[static_cast<size_t>(index)];
}

const AttrValue* Present(const Node& node, int index) {
  if (index < 0 || static_cast<size_t>(index) >= node.attrs.values.size()) return nullptr;
  const AttrValue& value = node.attrs.values[static_cast<size_t>(index)];
  return value.present ? &value : nullptr;
}

}  // namespace

bool Node::HasField(const char* field) const { return FieldIndex(*this, field) >= 0; }

int64_t Node::Int(const char* field, int64_t fallback) const {
  const int index = FieldIndex(*this, field);
  if (index < 0) return fallback;
  const FieldSpec& spec = SpecOf(*this, index);
  if (!IsIntKind(spec.kind)) return fallback;
  const AttrValue* value = Present(*this, index);
  return value != nullptr ? value->i : static_cast<int64_t>(spec.default_value);
}

double Node::Float(const char* field, double fallback) const {
  const int index = FieldIndex(*this, field);
  if (index < 0) return fallback;
  const FieldSpec& spec = SpecOf(*this, index);
  const AttrValue* value = Present(*this, index);
  if (spec.kind == FieldKind::kFloat32) return value != nullptr ? value->f : spec.default_value;
  if (IsIntKind(spec.kind)) return value != nullptr ? static_cast<double>(value->i) : spec.default_value;
  return fallback;
}

std::vector<int64_t> Node::Ints(const char* field) const {
  const int index = FieldIndex(*this, field);
  if (index < 0 || !IsIntVecKind(SpecOf(*this, index).kind)) return {};
  const AttrValue* value = Present(*this, index);
  return value != nullptr ? value->ints : std::vector<int64_t>();
}

std::vector<float> Node::Floats(const char* field) const {
  const int index = FieldIndex(*this, field);
  if (index < 0 || SpecOf(*this, index).kind != FieldKind::kFloat32Vec) return {};
  const AttrValue* value = Present(*this, index);
  return value != nullptr ? value->floats : std::vector<float>();
}

bool Node::SetInt(const char* field, int64_t value) {
  const int index = FieldIndex(*this, field);
  if (index < 0 || !IsIntKind(SpecOf(*this, index).kind)) return false;
  AttrValue* slot = Slot(this, index);
  slot->i = SpecOf(*this, index).kind == FieldKind::kBool ? (value != 0 ? 1 : 0) : value;
  slot->present = true;
  return true;
}

bool Node::SetFloat(const char* field, double value) {
  const int index = FieldIndex(*this, field);
  if (index < 0 || SpecOf(*this, index).kind != FieldKind::kFloat32) return false;
  AttrValue* slot = Slot(this, index);
  slot->f = static_cast<float>(value);
  slot->present = true;
  return true;
}

bool Node::SetInts(const char* field, std::vector<int64_t> values) {
  const int index = FieldIndex(*this, field);
  if (index < 0 || !IsIntVecKind(SpecOf(*this, index).kind)) return false;
  AttrValue* slot = Slot(this, index);
  slot->ints = std::move(values);
  slot->present = true;
  return true;
}

}  // namespace graph
}  // namespace prunelab
