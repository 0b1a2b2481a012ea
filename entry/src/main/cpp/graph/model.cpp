#include "graph/model.h"

#include "ms/ms_reader.h"
#include "ms/ms_writer.h"

namespace prunelab {
namespace graph {

Status Model::FromBytes(std::vector<uint8_t> bytes, std::unique_ptr<Model>* out) {
  out->reset();
  auto model = std::unique_ptr<Model>(new Model());
  model->source_ = std::make_shared<std::vector<uint8_t>>(std::move(bytes));
  std::vector<uint8_t>& buffer = *model->source_;
  PRUNELAB_RETURN_IF_ERROR(ms::ReadModel(MutableByteSpan(buffer.data(), buffer.size()), ms::ReadOptions(), &model->graph_));
  *out = std::move(model);
  return Status::Ok();
}

std::unique_ptr<Model> Model::Clone() const {
  auto copy = std::unique_ptr<Model>(new Model());
  copy->graph_ = graph_;
  if (source_ == nullptr) return copy;
  copy->source_ = std::make_shared<std::vector<uint8_t>>(*source_);
  // Views keep their offset; they move from this model's buffer to the copy's. A view into any
  // other memory (not made by the reader) becomes owned bytes, so the copy never aliases this model.
  const uintptr_t old_begin = reinterpret_cast<uintptr_t>(source_->data());
  const uintptr_t old_end = old_begin + source_->size();
  uint8_t* new_base = copy->source_->data();
  for (Tensor& tensor : copy->graph_.tensors) {
    if (!tensor.data.is_view()) continue;
    const uintptr_t view = reinterpret_cast<uintptr_t>(tensor.data.view_pointer());
    const size_t size = tensor.data.size();
    if (view >= old_begin && view <= old_end && size <= old_end - view) {
      tensor.data.SetView(new_base + (view - old_begin), size);
    } else {
      ByteSpan bytes = tensor.data.bytes();
      tensor.data.SetOwned(std::vector<uint8_t>(bytes.begin(), bytes.end()));
    }
  }
  return copy;
}

Status Model::ToBytes(std::vector<uint8_t>* out) const { return ms::WriteModel(graph_, out); }

}  // namespace graph
}  // namespace prunelab
