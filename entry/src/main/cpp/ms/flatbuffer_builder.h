// A small FlatBuffers writer that builds front to back: a parent table is written first with
// placeholder offset slots, its children after it (at higher addresses, so every uoffset is
// positive as the format requires), and each slot is linked once its child exists. Vtables are
// written right before their table and never shared. Alignment follows FlatBuffers' rules
// (scalars at their size, vectors' length prefixes at 4, 8-byte elements at 8).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/status.h"

namespace prunelab {
namespace ms {

class FlatBufferBuilder {
 public:
  // FlatBuffers offsets are 32-bit and MindSpore Lite refuses models over 2 GB.
  static constexpr uint64_t kMaxSize = 0x7FFFFFFFu;

  uint32_t Pos() const { return static_cast<uint32_t>(bytes_.size()); }
  bool overflowed() const { return overflowed_; }
  std::vector<uint8_t>& bytes() { return bytes_; }
  void Reserve(size_t size) { bytes_.reserve(size); }

  // Zero bytes until Pos() % align == remainder.
  void PadTo(uint32_t align, uint32_t remainder = 0);
  uint32_t Append(const void* data, size_t size);
  template <typename T>
  uint32_t Put(T value) {
    return Append(&value, sizeof(T));
  }
  template <typename T>
  void Patch(uint32_t pos, T value) {
    std::memcpy(bytes_.data() + pos, &value, sizeof(T));
  }
  // Points the uoffset slot at `slot` to `target`, which must come after it.
  Status Link(uint32_t slot, uint32_t target);

  // Each returns the position of the length prefix (what an offset points at).
  uint32_t String(const std::string& text);
  // `data_align`: alignment of the first element (>= 4; 16 for weight data).
  uint32_t Vector(const void* data, uint32_t count, uint32_t elem_size, uint32_t data_align);
  // A vector of `count` offset slots, all to be linked; slot i is at the result + 4 + 4 i.
  uint32_t OffsetVector(uint32_t count);

 private:
  std::vector<uint8_t> bytes_;
  bool overflowed_ = false;
};

// Collects a table's fields, then writes its vtable and inline part.
class TableBuilder {
 public:
  template <typename T>
  void Scalar(uint16_t id, T value) {
    Field field;
    field.id = id;
    field.size = sizeof(T);
    std::memcpy(field.bytes, &value, sizeof(T));
    fields_.push_back(field);
  }
  void Bool(uint16_t id, bool value) { Scalar<uint8_t>(id, value ? 1 : 0); }
  // A 4-byte offset slot; after Finish(), SlotOf(id) gives its position for FlatBufferBuilder::Link.
  void Offset(uint16_t id);

  uint32_t Finish(FlatBufferBuilder* builder);
  uint32_t SlotOf(uint16_t id) const;

 private:
  struct Field {
    uint16_t id = 0;
    uint8_t size = 0;
    bool is_offset = false;
    uint8_t bytes[8] = {};
    uint32_t pos = 0;
  };
  std::vector<Field> fields_;
};

}  // namespace ms
}  // namespace prunelab
