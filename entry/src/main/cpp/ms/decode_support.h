// Book-keeping shared by the .ms decoders: the positions of every object the reader has parsed
// (they bound the byte closure of an opaque op table, see op_codec.h) and an allocation budget
// that stops a crafted file from making the decoder allocate far more than the file's size
// (e.g. a million offsets all pointing at one large table).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "common/status.h"

namespace prunelab {
namespace ms {

class KnownObjects {
 public:
  void Add(uint32_t pos) { starts_.push_back(pos); }
  void Seal() {
    std::sort(starts_.begin(), starts_.end());
    starts_.erase(std::unique(starts_.begin(), starts_.end()), starts_.end());
  }
  // The first recorded object start strictly above `pos`, or `end` when there is none. Seal() first.
  uint32_t NextAbove(uint32_t pos, uint32_t end) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), pos);
    return it == starts_.end() ? end : std::min(*it, end);
  }

 private:
  std::vector<uint32_t> starts_;
};

class DecodeBudget {
 public:
  explicit DecodeBudget(uint64_t bytes) : remaining_(bytes) {}
  // Charges `bytes` of decoded (owned) memory; INVALID_MODEL once the file asks for too much.
  Status Charge(uint64_t bytes) {
    if (bytes > remaining_) {
      return InvalidModel("the model declares far more structure than its size can hold (damaged or crafted file)");
    }
    remaining_ -= bytes;
    return Status::Ok();
  }

 private:
  uint64_t remaining_;
};

}  // namespace ms
}  // namespace prunelab
