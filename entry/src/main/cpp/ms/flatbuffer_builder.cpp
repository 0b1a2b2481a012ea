#include "ms/flatbuffer_builder.h"

#include <algorithm>

namespace prunelab {
namespace ms {

void FlatBufferBuilder::PadTo(uint32_t align, uint32_t remainder) {
  while (bytes_.size() % align != remainder) bytes_.push_back(0);
}

uint32_t FlatBufferBuilder::Append(const void* data, size_t size) {
  const uint32_t pos = Pos();
  if (bytes_.size() + size > kMaxSize) {
    overflowed_ = true;
    return pos;
  }
  const auto* first = static_cast<const uint8_t*>(data);
  if (size > 0) bytes_.insert(bytes_.end(), first, first + size);
  return pos;
}

Status FlatBufferBuilder::Link(uint32_t slot, uint32_t target) {
  if (overflowed_) return Status::Ok();  // reported once by the caller
  if (target <= slot || static_cast<uint64_t>(slot) + 4 > bytes_.size()) {
    return Internal("FlatBuffers writer: an offset must point forward");
  }
  Patch<uint32_t>(slot, target - slot);
  return Status::Ok();
}

uint32_t FlatBufferBuilder::String(const std::string& text) {
  PadTo(4);
  const uint32_t pos = Put<uint32_t>(static_cast<uint32_t>(text.size()));
  Append(text.data(), text.size());
  Put<uint8_t>(0);
  return pos;
}

uint32_t FlatBufferBuilder::Vector(const void* data, uint32_t count, uint32_t elem_size, uint32_t data_align) {
  PadTo(data_align, (data_align - 4) % data_align);
  const uint32_t pos = Put<uint32_t>(count);
  Append(data, static_cast<size_t>(count) * elem_size);
  return pos;
}

uint32_t FlatBufferBuilder::OffsetVector(uint32_t count) {
  PadTo(4);
  const uint32_t pos = Put<uint32_t>(count);
  const uint32_t zero = 0;
  for (uint32_t i = 0; i < count; ++i) Append(&zero, 4);
  return pos;
}

void TableBuilder::Offset(uint16_t id) {
  Field field;
  field.id = id;
  field.size = 4;
  field.is_offset = true;
  fields_.push_back(field);
}

uint32_t TableBuilder::Finish(FlatBufferBuilder* builder) {
  // Largest fields first, so each lands at its natural alignment after the 4-byte soffset.
  std::stable_sort(fields_.begin(), fields_.end(), [](const Field& a, const Field& b) { return a.size > b.size; });
  bool has_wide = false;
  uint16_t max_id = 0;
  uint32_t inline_size = 4;
  for (Field& field : fields_) {
    has_wide = has_wide || field.size == 8;
    max_id = std::max(max_id, field.id);
    field.pos = inline_size;  // relative for now
    inline_size += field.size;
  }
  const uint16_t vtable_size = static_cast<uint16_t>(4 + 2 * (fields_.empty() ? 0 : max_id + 1));
  std::vector<uint16_t> vtable(vtable_size / 2, 0);
  vtable[0] = vtable_size;
  vtable[1] = static_cast<uint16_t>(inline_size);
  for (const Field& field : fields_) vtable[2 + field.id] = static_cast<uint16_t>(field.pos);

  builder->PadTo(2);
  const uint32_t vtable_pos = builder->Append(vtable.data(), vtable_size);
  builder->PadTo(has_wide ? 8 : 4, has_wide ? 4 : 0);
  const uint32_t table_pos = builder->Put<int32_t>(static_cast<int32_t>(builder->Pos() - vtable_pos));
  for (Field& field : fields_) {
    builder->Append(field.bytes, field.size);
    field.pos += table_pos;
  }
  return table_pos;
}

uint32_t TableBuilder::SlotOf(uint16_t id) const {
  for (const Field& field : fields_) {
    if (field.id == id && field.is_offset) return field.pos;
  }
  return 0;
}

}  // namespace ms
}  // namespace prunelab
