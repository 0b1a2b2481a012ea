#include "ms/flatbuffer_view.h"

namespace prunelab {
namespace ms {

Status FlatBufferView::Root(const char* what, FbTable* out) const {
  uint32_t target = 0;
  PRUNELAB_RETURN_IF_ERROR(FollowOffset(0, what, &target));
  return Table(target, what, out);
}

Status FlatBufferView::Table(uint32_t pos, const char* what, FbTable* out) const {
  if (!InRange(pos, 4)) return Fail(what, "a table offset past the end of the file");
  if (pos % 4 != 0) return Fail(what, "a misaligned table");
  const int64_t vtable = static_cast<int64_t>(pos) - static_cast<int64_t>(Load<int32_t>(pos));
  if (vtable < 0 || !InRange(static_cast<uint64_t>(vtable), 4)) return Fail(what, "a vtable outside the file");
  if (vtable % 2 != 0) return Fail(what, "a misaligned vtable");
  const uint32_t vt = static_cast<uint32_t>(vtable);
  const uint16_t vtable_size = Load<uint16_t>(vt);
  const uint16_t table_size = Load<uint16_t>(vt + 2);
  if (vtable_size < 4 || vtable_size % 2 != 0 || !InRange(vt, vtable_size)) return Fail(what, "a vtable of a bad size");
  if (table_size < 4 || !InRange(pos, table_size)) return Fail(what, "a table running past the end of the file");
  out->pos = pos;
  out->vtable = vt;
  out->vtable_size = vtable_size;
  out->table_size = table_size;
  return Status::Ok();
}

bool FlatBufferView::HasField(const FbTable& table, uint16_t id) const {
  const uint32_t slot = 4u + 2u * id;
  return slot + 2u <= table.vtable_size && Load<uint16_t>(table.vtable + slot) != 0;
}

Status FlatBufferView::FieldPos(const FbTable& table, uint16_t id, uint32_t size, const char* what,
                                uint32_t* pos) const {
  *pos = 0;
  const uint32_t slot = 4u + 2u * id;
  if (slot + 2u > table.vtable_size) return Status::Ok();
  const uint16_t offset = Load<uint16_t>(table.vtable + slot);
  if (offset == 0) return Status::Ok();
  if (offset < 4 || static_cast<uint32_t>(offset) + size > table.table_size) {
    return Fail(what, "a field outside its table");
  }
  *pos = table.pos + offset;
  return Status::Ok();
}

Status FlatBufferView::FollowOffset(uint32_t pos, const char* what, uint32_t* target) const {
  if (!InRange(pos, 4)) return Fail(what, "an offset past the end of the file");
  if (pos % 4 != 0) return Fail(what, "a misaligned offset");
  const uint32_t offset = Load<uint32_t>(pos);
  const uint64_t to = static_cast<uint64_t>(pos) + offset;
  if (offset == 0 || to >= buffer_.size()) return Fail(what, "an offset pointing outside the file");
  *target = static_cast<uint32_t>(to);
  return Status::Ok();
}

Status FlatBufferView::OffsetField(const FbTable& table, uint16_t id, const char* what, uint32_t* target) const {
  *target = 0;
  uint32_t pos = 0;
  PRUNELAB_RETURN_IF_ERROR(FieldPos(table, id, 4, what, &pos));
  if (pos == 0) return Status::Ok();
  return FollowOffset(pos, what, target);
}

Status FlatBufferView::Vector(uint32_t pos, uint32_t elem_size, uint32_t elem_align, const char* what,
                              FbVector* out) const {
  if (!InRange(pos, 4)) return Fail(what, "a vector past the end of the file");
  if (pos % 4 != 0) return Fail(what, "a misaligned vector");
  const uint32_t count = Load<uint32_t>(pos);
  const uint32_t data = pos + 4;
  if (elem_align > 1 && data % elem_align != 0) return Fail(what, "misaligned vector elements");
  if (!InRange(data, static_cast<uint64_t>(count) * elem_size)) {
    return Fail(what, "a length of " + std::to_string(count) + " running past the end of the file");
  }
  out->length_pos = pos;
  out->data = data;
  out->count = count;
  return Status::Ok();
}

Status FlatBufferView::VectorField(const FbTable& table, uint16_t id, uint32_t elem_size, uint32_t elem_align,
                                   const char* what, FbVector* out) const {
  *out = FbVector();
  uint32_t target = 0;
  PRUNELAB_RETURN_IF_ERROR(OffsetField(table, id, what, &target));
  if (target == 0) return Status::Ok();
  return Vector(target, elem_size, elem_align, what, out);
}

Status FlatBufferView::StringAt(uint32_t pos, const char* what, std::string* out) const {
  FbVector chars;
  PRUNELAB_RETURN_IF_ERROR(Vector(pos, 1, 1, what, &chars));
  if (!InRange(chars.data + static_cast<uint64_t>(chars.count), 1) || buffer_[chars.data + chars.count] != 0) {
    return Fail(what, "a string without its terminating NUL");
  }
  out->assign(reinterpret_cast<const char*>(buffer_.data() + chars.data), chars.count);
  return Status::Ok();
}

Status FlatBufferView::StringField(const FbTable& table, uint16_t id, const char* what, std::string* out,
                                   bool* present) const {
  out->clear();
  if (present != nullptr) *present = false;
  uint32_t target = 0;
  PRUNELAB_RETURN_IF_ERROR(OffsetField(table, id, what, &target));
  if (target == 0) return Status::Ok();
  if (present != nullptr) *present = true;
  return StringAt(target, what, out);
}

Status FlatBufferView::TableField(const FbTable& table, uint16_t id, const char* what, FbTable* out,
                                  bool* present) const {
  *present = false;
  uint32_t target = 0;
  PRUNELAB_RETURN_IF_ERROR(OffsetField(table, id, what, &target));
  if (target == 0) return Status::Ok();
  *present = true;
  return Table(target, what, out);
}

}  // namespace ms
}  // namespace prunelab
