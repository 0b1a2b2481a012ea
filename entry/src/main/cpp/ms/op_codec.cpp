#include "ms/op_codec.h"

#include <cstring>

namespace prunelab {
namespace ms {
namespace {

using graph::AttrValue;
using graph::FieldKind;
using graph::FieldSpec;

// Most opaque tables are a few hundred bytes; a closure larger than this is not an op table.
constexpr uint32_t kMaxOpaqueBytes = 16u << 20;

uint32_t ScalarSize(FieldKind kind) {
  switch (kind) {
    case FieldKind::kBool:
    case FieldKind::kInt8: return 1;
    case FieldKind::kInt32:
    case FieldKind::kFloat32: return 4;
    case FieldKind::kInt64: return 8;
    default: return 0;
  }
}

template <typename T>
Status ReadScalarVector(const FlatBufferView& view, const FbTable& table, uint16_t id, const char* what,
                        KnownObjects* known, DecodeBudget* budget, std::vector<T>* out, bool* present) {
  FbVector vec;
  PRUNELAB_RETURN_IF_ERROR(view.VectorField(table, id, sizeof(T), sizeof(T), what, &vec));
  *present = vec.length_pos != 0;
  if (!*present) return Status::Ok();
  known->Add(vec.length_pos);
  PRUNELAB_RETURN_IF_ERROR(budget->Charge(static_cast<uint64_t>(vec.count) * 8));
  out->resize(vec.count);
  for (uint32_t i = 0; i < vec.count; ++i) (*out)[i] = view.Load<T>(vec.data + i * sizeof(T));
  return Status::Ok();
}

// Vec2D { data: [Vec { data: [long] }] }.
Status ReadMatrix(const FlatBufferView& view, const FbTable& table, uint16_t id, const char* what,
                  KnownObjects* known, DecodeBudget* budget, AttrValue* value) {
  FbTable outer;
  bool present = false;
  PRUNELAB_RETURN_IF_ERROR(view.TableField(table, id, what, &outer, &present));
  value->present = present;
  if (!present) return Status::Ok();
  known->Add(outer.pos);
  known->Add(outer.vtable);
  FbVector rows;
  PRUNELAB_RETURN_IF_ERROR(view.VectorField(outer, 0, 4, 4, what, &rows));
  if (rows.length_pos != 0) known->Add(rows.length_pos);
  PRUNELAB_RETURN_IF_ERROR(budget->Charge(static_cast<uint64_t>(rows.count) * 32));
  value->matrix.resize(rows.count);
  for (uint32_t r = 0; r < rows.count; ++r) {
    uint32_t row_pos = 0;
    FbTable row;
    PRUNELAB_RETURN_IF_ERROR(view.FollowOffset(rows.data + 4 * r, what, &row_pos));
    PRUNELAB_RETURN_IF_ERROR(view.Table(row_pos, what, &row));
    known->Add(row.pos);
    known->Add(row.vtable);
    bool row_present = false;
    PRUNELAB_RETURN_IF_ERROR(ReadScalarVector<int64_t>(view, row, 0, what, known, budget, &value->matrix[r], &row_present));
  }
  return Status::Ok();
}

// [Attribute { name: string, data: [ubyte] }].
Status ReadNamedBytes(const FlatBufferView& view, const FbTable& table, uint16_t id, const char* what,
                      KnownObjects* known, DecodeBudget* budget, AttrValue* value) {
  FbVector items;
  PRUNELAB_RETURN_IF_ERROR(view.VectorField(table, id, 4, 4, what, &items));
  value->present = items.length_pos != 0;
  if (!value->present) return Status::Ok();
  known->Add(items.length_pos);
  PRUNELAB_RETURN_IF_ERROR(budget->Charge(static_cast<uint64_t>(items.count) * 64));
  value->names.resize(items.count);
  value->blobs.resize(items.count);
  for (uint32_t i = 0; i < items.count; ++i) {
    uint32_t pos = 0;
    FbTable item;
    PRUNELAB_RETURN_IF_ERROR(view.FollowOffset(items.data + 4 * i, what, &pos));
    PRUNELAB_RETURN_IF_ERROR(view.Table(pos, what, &item));
    known->Add(item.pos);
    known->Add(item.vtable);
    PRUNELAB_RETURN_IF_ERROR(view.StringField(item, 0, what, &value->names[i]));
    PRUNELAB_RETURN_IF_ERROR(budget->Charge(value->names[i].size()));
    bool present = false;
    PRUNELAB_RETURN_IF_ERROR(ReadScalarVector<uint8_t>(view, item, 1, what, known, budget, &value->blobs[i], &present));
  }
  return Status::Ok();
}

Status ReadField(const FlatBufferView& view, const FbTable& table, uint16_t id, const FieldSpec& field,
                 KnownObjects* known, DecodeBudget* budget, AttrValue* value) {
  const char* what = field.name;
  value->present = view.HasField(table, id);
  switch (field.kind) {
    case FieldKind::kBool:
    case FieldKind::kInt8: {
      int8_t v = 0;
      PRUNELAB_RETURN_IF_ERROR(view.Scalar<int8_t>(table, id, static_cast<int8_t>(field.default_value), what, &v));
      value->i = field.kind == FieldKind::kBool ? (v != 0 ? 1 : 0) : v;
      return Status::Ok();
    }
    case FieldKind::kInt32: {
      int32_t v = 0;
      PRUNELAB_RETURN_IF_ERROR(view.Scalar<int32_t>(table, id, static_cast<int32_t>(field.default_value), what, &v));
      value->i = v;
      return Status::Ok();
    }
    case FieldKind::kInt64: {
      int64_t v = 0;
      PRUNELAB_RETURN_IF_ERROR(view.Scalar<int64_t>(table, id, static_cast<int64_t>(field.default_value), what, &v));
      value->i = v;
      return Status::Ok();
    }
    case FieldKind::kFloat32: {
      float v = 0;
      PRUNELAB_RETURN_IF_ERROR(view.Scalar<float>(table, id, static_cast<float>(field.default_value), what, &v));
      value->f = v;
      return Status::Ok();
    }
    case FieldKind::kInt64Vec:
      return ReadScalarVector<int64_t>(view, table, id, what, known, budget, &value->ints, &value->present);
    case FieldKind::kInt32Vec: {
      std::vector<int32_t> raw;
      PRUNELAB_RETURN_IF_ERROR(ReadScalarVector<int32_t>(view, table, id, what, known, budget, &raw, &value->present));
      value->ints.assign(raw.begin(), raw.end());
      return Status::Ok();
    }
    case FieldKind::kBoolVec: {
      std::vector<uint8_t> raw;
      PRUNELAB_RETURN_IF_ERROR(ReadScalarVector<uint8_t>(view, table, id, what, known, budget, &raw, &value->present));
      value->ints.resize(raw.size());
      for (size_t i = 0; i < raw.size(); ++i) value->ints[i] = raw[i] != 0 ? 1 : 0;
      return Status::Ok();
    }
    case FieldKind::kFloat32Vec:
      return ReadScalarVector<float>(view, table, id, what, known, budget, &value->floats, &value->present);
    case FieldKind::kString: {
      uint32_t target = 0;
      PRUNELAB_RETURN_IF_ERROR(view.OffsetField(table, id, what, &target));
      value->present = target != 0;
      if (target == 0) return Status::Ok();
      known->Add(target);
      PRUNELAB_RETURN_IF_ERROR(view.StringAt(target, what, &value->str));
      return budget->Charge(value->str.size());
    }
    case FieldKind::kInt64Matrix:
      return ReadMatrix(view, table, id, what, known, budget, value);
    case FieldKind::kNamedBytesVec:
      return ReadNamedBytes(view, table, id, what, known, budget, value);
  }
  return Internal("op codec: unhandled field kind");
}

}  // namespace

Status DecodeModelledOp(const FlatBufferView& view, const FbTable& table, const graph::OpSpec& spec,
                        KnownObjects* known, DecodeBudget* budget, graph::Attributes* out, bool* beyond_spec) {
  *beyond_spec = false;
  for (uint32_t slot = 4 + 2 * static_cast<uint32_t>(spec.field_count); slot + 2 <= table.vtable_size; slot += 2) {
    if (view.Load<uint16_t>(table.vtable + slot) != 0) {
      *beyond_spec = true;
      return Status::Ok();
    }
  }
  PRUNELAB_RETURN_IF_ERROR(budget->Charge(static_cast<uint64_t>(spec.field_count) * sizeof(AttrValue)));
  out->values.assign(spec.field_count, AttrValue());
  for (size_t id = 0; id < spec.field_count; ++id) {
    PRUNELAB_RETURN_IF_ERROR(
        ReadField(view, table, static_cast<uint16_t>(id), spec.fields[id], known, budget, &out->values[id]));
  }
  out->is_opaque = false;
  return Status::Ok();
}

Status ExtractOpaqueOp(const FlatBufferView& view, const FbTable& table, uint32_t upper, graph::Attributes* out) {
  const uint64_t closure_end = std::max<uint64_t>(upper, static_cast<uint64_t>(table.pos) + table.table_size);
  if (closure_end > view.size()) return FlatBufferView::Fail("an op table", "a size past the end of the file");
  const uint64_t closure_size = closure_end - table.pos;
  if (closure_size > kMaxOpaqueBytes) return FlatBufferView::Fail("an op table", "an implausible size");
  const uint32_t table_offset = ((table.vtable_size + 7u) & ~7u) + table.pos % 8u;
  out->opaque.assign(table_offset + closure_size, 0);
  std::memcpy(out->opaque.data(), view.data() + table.vtable, table.vtable_size);
  std::memcpy(out->opaque.data() + table_offset, view.data() + table.pos, closure_size);
  const int32_t soffset = static_cast<int32_t>(table_offset);  // vtable copy at blob offset 0
  std::memcpy(out->opaque.data() + table_offset, &soffset, 4);
  out->opaque_table_offset = table_offset;
  out->values.clear();
  out->is_opaque = true;
  return Status::Ok();
}

namespace {

template <typename T>
uint32_t WriteVector(FlatBufferBuilder* builder, const std::vector<T>& values) {
  return builder->Vector(values.data(), static_cast<uint32_t>(values.size()), sizeof(T), sizeof(T) < 4 ? 4 : sizeof(T));
}

Status WriteChild(const FieldSpec& field, const AttrValue& value, FlatBufferBuilder* builder, uint32_t* pos) {
  switch (field.kind) {
    case FieldKind::kInt64Vec:
      *pos = WriteVector(builder, value.ints);
      return Status::Ok();
    case FieldKind::kInt32Vec: {
      std::vector<int32_t> raw(value.ints.begin(), value.ints.end());
      *pos = WriteVector(builder, raw);
      return Status::Ok();
    }
    case FieldKind::kBoolVec: {
      std::vector<uint8_t> raw(value.ints.size());
      for (size_t i = 0; i < raw.size(); ++i) raw[i] = value.ints[i] != 0 ? 1 : 0;
      *pos = WriteVector(builder, raw);
      return Status::Ok();
    }
    case FieldKind::kFloat32Vec:
      *pos = WriteVector(builder, value.floats);
      return Status::Ok();
    case FieldKind::kString:
      *pos = builder->String(value.str);
      return Status::Ok();
    case FieldKind::kInt64Matrix: {
      TableBuilder outer;
      outer.Offset(0);
      *pos = outer.Finish(builder);
      const uint32_t rows = builder->OffsetVector(static_cast<uint32_t>(value.matrix.size()));
      PRUNELAB_RETURN_IF_ERROR(builder->Link(outer.SlotOf(0), rows));
      for (size_t r = 0; r < value.matrix.size(); ++r) {
        TableBuilder row;
        row.Offset(0);
        const uint32_t row_pos = row.Finish(builder);
        PRUNELAB_RETURN_IF_ERROR(builder->Link(rows + 4 + 4 * static_cast<uint32_t>(r), row_pos));
        PRUNELAB_RETURN_IF_ERROR(builder->Link(row.SlotOf(0), WriteVector(builder, value.matrix[r])));
      }
      return Status::Ok();
    }
    case FieldKind::kNamedBytesVec: {
      if (value.names.size() != value.blobs.size()) return BadArgument(std::string(field.name) + ": names and data differ in count");
      *pos = builder->OffsetVector(static_cast<uint32_t>(value.names.size()));
      for (size_t i = 0; i < value.names.size(); ++i) {
        TableBuilder item;
        item.Offset(0);
        item.Offset(1);
        const uint32_t item_pos = item.Finish(builder);
        PRUNELAB_RETURN_IF_ERROR(builder->Link(*pos + 4 + 4 * static_cast<uint32_t>(i), item_pos));
        PRUNELAB_RETURN_IF_ERROR(builder->Link(item.SlotOf(0), builder->String(value.names[i])));
        PRUNELAB_RETURN_IF_ERROR(builder->Link(item.SlotOf(1), WriteVector(builder, value.blobs[i])));
      }
      return Status::Ok();
    }
    default:
      return Internal("op codec: a scalar field has no child");
  }
}

}  // namespace

Status EncodeOp(const graph::Attributes& attrs, const graph::OpSpec* spec, FlatBufferBuilder* builder,
                uint32_t* table_pos) {
  if (attrs.is_opaque) {
    if (attrs.opaque_table_offset % 4 != 0 || static_cast<uint64_t>(attrs.opaque_table_offset) + 4 > attrs.opaque.size()) {
      return BadArgument("an opaque op's stored table is malformed");
    }
    builder->PadTo(8);
    const uint32_t start = builder->Append(attrs.opaque.data(), attrs.opaque.size());
    *table_pos = start + attrs.opaque_table_offset;
    return Status::Ok();
  }
  if (spec == nullptr) return BadArgument("an op without attributes spec must be opaque");
  if (!attrs.values.empty() && attrs.values.size() != spec->field_count) {
    return BadArgument(std::string(spec->name) + ": attribute count does not match its spec");
  }
  TableBuilder table;
  for (size_t id = 0; id < attrs.values.size(); ++id) {
    const AttrValue& value = attrs.values[id];
    if (!value.present) continue;
    const uint16_t field_id = static_cast<uint16_t>(id);
    switch (spec->fields[id].kind) {
      case FieldKind::kBool: table.Bool(field_id, value.i != 0); break;
      case FieldKind::kInt8: table.Scalar<int8_t>(field_id, static_cast<int8_t>(value.i)); break;
      case FieldKind::kInt32: table.Scalar<int32_t>(field_id, static_cast<int32_t>(value.i)); break;
      case FieldKind::kInt64: table.Scalar<int64_t>(field_id, value.i); break;
      case FieldKind::kFloat32: table.Scalar<float>(field_id, static_cast<float>(value.f)); break;
      default: table.Offset(field_id); break;
    }
  }
  *table_pos = table.Finish(builder);
  for (size_t id = 0; id < attrs.values.size(); ++id) {
    const AttrValue& value = attrs.values[id];
    if (!value.present || ScalarSize(spec->fields[id].kind) != 0) continue;
    uint32_t child = 0;
    PRUNELAB_RETURN_IF_ERROR(WriteChild(spec->fields[id], value, builder, &child));
    PRUNELAB_RETURN_IF_ERROR(builder->Link(table.SlotOf(static_cast<uint16_t>(id)), child));
  }
  return Status::Ok();
}

}  // namespace ms
}  // namespace prunelab
