// A bounds-checked reader of FlatBuffers data that never trusts the file: every offset, vtable,
// vector length and string is checked against the buffer (and its alignment, as FlatBuffers' own
// verifier does) before it is followed. Positions are byte offsets from the buffer start.
// Failures are INVALID_MODEL statuses naming the field being read; callers prefix the object
// (e.g. "tensor 12 'conv1.weight'") so that no text is built unless something is wrong.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "common/span.h"
#include "common/status.h"

namespace prunelab {
namespace ms {

// A table located and checked: its position, its vtable and the sizes both declare.
struct FbTable {
  uint32_t pos = 0;
  uint32_t vtable = 0;
  uint16_t vtable_size = 0;
  uint16_t table_size = 0;
};

// A vector located and checked: the position of its length prefix, of its first element, and its length.
struct FbVector {
  uint32_t length_pos = 0;
  uint32_t data = 0;
  uint32_t count = 0;
};

class FlatBufferView {
 public:
  explicit FlatBufferView(ByteSpan buffer) : buffer_(buffer) {}

  size_t size() const { return buffer_.size(); }
  const uint8_t* data() const { return buffer_.data(); }

  // The root table (the uoffset at byte 0).
  Status Root(const char* what, FbTable* out) const;
  // Locates and checks the table at `pos` (its soffset, vtable and declared sizes).
  Status Table(uint32_t pos, const char* what, FbTable* out) const;

  // The absolute position of field `id` when present with at least `size` bytes inside the table,
  // 0 when the field is absent (FlatBuffers omits fields equal to their default).
  Status FieldPos(const FbTable& table, uint16_t id, uint32_t size, const char* what, uint32_t* pos) const;
  bool HasField(const FbTable& table, uint16_t id) const;

  // A scalar field (its default when absent). T is a fixed-size integer or float type.
  template <typename T>
  Status Scalar(const FbTable& table, uint16_t id, T fallback, const char* what, T* out) const {
    uint32_t pos = 0;
    PRUNELAB_RETURN_IF_ERROR(FieldPos(table, id, sizeof(T), what, &pos));
    if (pos == 0) {
      *out = fallback;
      return Status::Ok();
    }
    if (pos % sizeof(T) != 0) return Fail(what, "a misaligned scalar");
    *out = Load<T>(pos);
    return Status::Ok();
  }

  // Follows an offset field: `*target` is the absolute position it points at, 0 when absent.
  Status OffsetField(const FbTable& table, uint16_t id, const char* what, uint32_t* target) const;
  // Follows the uoffset stored at `pos` (inside a table or a vector of offsets).
  Status FollowOffset(uint32_t pos, const char* what, uint32_t* target) const;

  // The vector whose length prefix is at `pos`, with elements of `elem_size` bytes aligned to `elem_align`.
  Status Vector(uint32_t pos, uint32_t elem_size, uint32_t elem_align, const char* what, FbVector* out) const;
  // A vector field; an absent field gives an empty vector (count 0, data 0).
  Status VectorField(const FbTable& table, uint16_t id, uint32_t elem_size, uint32_t elem_align,
                     const char* what, FbVector* out) const;
  // A string field (absent: empty and *present false). Checks the NUL terminator FlatBuffers requires.
  Status StringField(const FbTable& table, uint16_t id, const char* what, std::string* out,
                     bool* present = nullptr) const;
  Status StringAt(uint32_t pos, const char* what, std::string* out) const;
  // A sub-table field; *present false when absent.
  Status TableField(const FbTable& table, uint16_t id, const char* what, FbTable* out, bool* present) const;

  template <typename T>
  T Load(uint32_t pos) const {  // callers have checked pos + sizeof(T) <= size()
    T value;
    std::memcpy(&value, buffer_.data() + pos, sizeof(T));
    return value;
  }

  static Status Fail(const char* what, const std::string& reason) {
    return InvalidModel(std::string(what) + " has " + reason);
  }

 private:
  bool InRange(uint64_t pos, uint64_t length) const { return pos <= buffer_.size() && length <= buffer_.size() - pos; }

  ByteSpan buffer_;
};

}  // namespace ms
}  // namespace prunelab
