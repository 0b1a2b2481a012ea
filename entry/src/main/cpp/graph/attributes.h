// Op attributes. Each modelled op has an OpSpec (field names, kinds and schema defaults in
// field-id order), so one generic decoder and encoder serve every modelled op and callers read
// fields by name. An op without a spec keeps its table as opaque bytes that the writer carries
// through a rewrite unchanged in meaning.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace prunelab {
namespace graph {

enum class FieldKind : uint8_t {
  kBool,
  kInt8,      // byte enums (activation_type, pad_mode, format-as-byte, ...)
  kInt32,     // int and int enums
  kInt64,     // long
  kFloat32,
  kInt64Vec,  // [long]
  kInt32Vec,  // [int]
  kFloat32Vec,
  kBoolVec,
  kString,
  kInt64Matrix,    // Vec2D: rows of [long] (PadFusion paddings, SpaceToBatch paddings, ...)
  kNamedBytesVec,  // [Attribute { name: string, data: [ubyte] }] (Custom)
};

struct FieldSpec {
  const char* name;
  FieldKind kind;
  double default_value;  // the schema default of a scalar field (0 when the schema gives none)
};

struct OpSpec {
  int32_t type;            // PrimitiveType union tag
  const char* name;        // "Conv2DFusion"
  const FieldSpec* fields;  // in field-id order
  size_t field_count;
};

// nullptr when the op has no spec (its attributes stay opaque).
const OpSpec* FindOpSpec(int32_t type);
// The op's schema name, or "Primitive#<tag>" for a tag the project has no name for.
std::string OpName(int32_t type);

struct AttrValue {
  bool present = false;  // false: the field was absent in the file and reads as its default
  int64_t i = 0;         // bool, int8, int32, int64
  double f = 0;          // float32
  std::vector<int64_t> ints;  // int64 / int32 / bool vectors
  std::vector<float> floats;
  std::string str;
  std::vector<std::vector<int64_t>> matrix;  // kInt64Matrix rows
  std::vector<std::string> names;            // kNamedBytesVec: names[i] goes with blobs[i]
  std::vector<std::vector<uint8_t>> blobs;
};

struct Attributes {
  // Modelled op: one value per field of its OpSpec (same order). Empty for an opaque op.
  std::vector<AttrValue> values;
  // Opaque op (no spec): the bytes the codec needs to re-emit the table; the codec owns the
  // exact encoding of this blob. Empty for a modelled op.
  std::vector<uint8_t> opaque;
  uint32_t opaque_table_offset = 0;  // where the table starts inside `opaque`
  bool is_opaque = false;
};

}  // namespace graph
}  // namespace prunelab
