#include "ms/ms_writer.h"

#include <string>

#include "ms/flatbuffer_builder.h"
#include "ms/op_codec.h"

namespace prunelab {
namespace ms {
namespace {

using graph::Graph;
using graph::Node;
using graph::Tensor;

// Like FlatBuffers' object API (which MindSpore's converter uses), empty vectors and strings and
// fields equal to their schema default are omitted.
Status LinkIndices(FlatBufferBuilder* builder, const TableBuilder& table, uint16_t id, const std::vector<uint32_t>& indices) {
  if (indices.empty()) return Status::Ok();
  return builder->Link(table.SlotOf(id), builder->Vector(indices.data(), static_cast<uint32_t>(indices.size()), 4, 4));
}

void WriteQuantParam(FlatBufferBuilder* builder, const graph::QuantParam& q, uint32_t* pos) {
  TableBuilder table;
  if (q.scale != 1.0) table.Scalar<double>(0, q.scale);
  if (q.zero_point != 0) table.Scalar<int32_t>(1, q.zero_point);
  if (q.min != 0.0) table.Scalar<double>(2, q.min);
  if (q.max != 0.0) table.Scalar<double>(3, q.max);
  if (!q.narrow_range) table.Bool(4, false);
  if (q.num_bits != 8) table.Scalar<int32_t>(5, q.num_bits);
  if (q.inited) table.Bool(6, true);
  if (q.var_corr != 1.0f) table.Scalar<float>(7, q.var_corr);
  if (q.mean_corr != 0.0f) table.Scalar<float>(8, q.mean_corr);
  if (q.dst_dtype != 32) table.Scalar<int32_t>(9, q.dst_dtype);
  if (q.round_type != 1) table.Scalar<int32_t>(10, q.round_type);
  if (q.multiplier != 1) table.Scalar<int32_t>(11, q.multiplier);
  *pos = table.Finish(builder);
}

Status WriteTensor(FlatBufferBuilder* builder, const Tensor& tensor, uint32_t* pos) {
  TableBuilder table;
  if (tensor.role != 0) table.Scalar<int32_t>(0, tensor.role);
  if (static_cast<int32_t>(tensor.dtype) != 0) table.Scalar<int32_t>(1, static_cast<int32_t>(tensor.dtype));
  if (!tensor.dims.empty()) table.Offset(2);
  if (tensor.format != 0) table.Scalar<int32_t>(3, tensor.format);
  if (tensor.ref_count != 0) table.Scalar<int32_t>(4, tensor.ref_count);
  if (tensor.offset != 0) table.Scalar<int32_t>(5, tensor.offset);
  const bool has_data = tensor.HasData();
  if (has_data) table.Offset(6);
  if (!tensor.quant_params.empty()) table.Offset(7);
  if (!tensor.quant_clusters.empty()) table.Offset(8);
  if (!tensor.name.empty()) table.Offset(9);
  if (tensor.enable_huffman_code) table.Bool(10, true);
  if (tensor.weight_quant_compress_type != 0) table.Scalar<int32_t>(11, tensor.weight_quant_compress_type);
  *pos = table.Finish(builder);

  if (!tensor.dims.empty()) {
    PRUNELAB_RETURN_IF_ERROR(builder->Link(
        table.SlotOf(2), builder->Vector(tensor.dims.data(), static_cast<uint32_t>(tensor.dims.size()), 4, 4)));
  }
  if (has_data) {
    const ByteSpan bytes = tensor.data.bytes();
    if (bytes.size() > FlatBufferBuilder::kMaxSize) return Unsupported("tensor '" + tensor.name + "' is larger than 2 GB");
    // 16-byte aligned data: zero-copy readers can view any element type in place.
    PRUNELAB_RETURN_IF_ERROR(
        builder->Link(table.SlotOf(6), builder->Vector(bytes.data(), static_cast<uint32_t>(bytes.size()), 1, 16)));
  }
  if (!tensor.quant_params.empty()) {
    const uint32_t vec = builder->OffsetVector(static_cast<uint32_t>(tensor.quant_params.size()));
    PRUNELAB_RETURN_IF_ERROR(builder->Link(table.SlotOf(7), vec));
    for (size_t i = 0; i < tensor.quant_params.size(); ++i) {
      uint32_t qp = 0;
      WriteQuantParam(builder, tensor.quant_params[i], &qp);
      PRUNELAB_RETURN_IF_ERROR(builder->Link(vec + 4 + 4 * static_cast<uint32_t>(i), qp));
    }
  }
  if (!tensor.quant_clusters.empty()) {
    PRUNELAB_RETURN_IF_ERROR(builder->Link(
        table.SlotOf(8),
        builder->Vector(tensor.quant_clusters.data(), static_cast<uint32_t>(tensor.quant_clusters.size()), 4, 4)));
  }
  if (!tensor.name.empty()) PRUNELAB_RETURN_IF_ERROR(builder->Link(table.SlotOf(9), builder->String(tensor.name)));
  return Status::Ok();
}

Status WriteNode(FlatBufferBuilder* builder, const Node& node, uint32_t* pos) {
  if (node.op_type < 1 || node.op_type > 255) {
    return BadArgument("node '" + node.name + "' has operator tag " + std::to_string(node.op_type) +
                       ", outside the schema's 1..255");
  }
  TableBuilder table;
  if (!node.name.empty()) table.Offset(0);
  table.Offset(2);
  if (!node.inputs.empty()) table.Offset(3);
  if (!node.outputs.empty()) table.Offset(4);
  if (node.quant_type != 0) table.Scalar<int32_t>(5, node.quant_type);
  if (node.device_type != -1) table.Scalar<int32_t>(6, node.device_type);
  *pos = table.Finish(builder);

  if (!node.name.empty()) PRUNELAB_RETURN_IF_ERROR(builder->Link(table.SlotOf(0), builder->String(node.name)));
  TableBuilder primitive;
  primitive.Scalar<uint8_t>(0, static_cast<uint8_t>(node.op_type));
  primitive.Offset(1);
  const uint32_t primitive_pos = primitive.Finish(builder);
  PRUNELAB_RETURN_IF_ERROR(builder->Link(table.SlotOf(2), primitive_pos));
  uint32_t op_pos = 0;
  Status status = EncodeOp(node.attrs, node.attrs.is_opaque ? nullptr : graph::FindOpSpec(node.op_type), builder, &op_pos);
  if (!status.ok()) return Status(status.code(), "node '" + node.name + "': " + status.message());
  PRUNELAB_RETURN_IF_ERROR(builder->Link(primitive.SlotOf(1), op_pos));
  PRUNELAB_RETURN_IF_ERROR(LinkIndices(builder, table, 3, node.inputs));
  return LinkIndices(builder, table, 4, node.outputs);
}

Status WriteSubGraph(FlatBufferBuilder* builder, const graph::SubGraph& subgraph, uint32_t* pos) {
  TableBuilder table;
  if (!subgraph.name.empty()) table.Offset(0);
  const std::vector<uint32_t>* lists[] = {&subgraph.inputs, &subgraph.outputs, &subgraph.nodes, &subgraph.tensors};
  for (uint16_t id = 1; id <= 4; ++id) {
    if (!lists[id - 1]->empty()) table.Offset(id);
  }
  *pos = table.Finish(builder);
  if (!subgraph.name.empty()) PRUNELAB_RETURN_IF_ERROR(builder->Link(table.SlotOf(0), builder->String(subgraph.name)));
  for (uint16_t id = 1; id <= 4; ++id) PRUNELAB_RETURN_IF_ERROR(LinkIndices(builder, table, id, *lists[id - 1]));
  return Status::Ok();
}

uint64_t EstimateSize(const Graph& graph) {
  uint64_t size = 4096;
  for (const Tensor& tensor : graph.tensors) size += tensor.data.size() + 160 + tensor.name.size() + 4 * tensor.dims.size();
  for (const Node& node : graph.nodes) size += 192 + node.name.size() + node.attrs.opaque.size() + 4 * (node.inputs.size() + node.outputs.size());
  return size;
}

}  // namespace

Status WriteModel(const Graph& graph, std::vector<uint8_t>* out) {
  out->clear();
  PRUNELAB_RETURN_IF_ERROR(graph.Validate());
  const uint64_t estimate = EstimateSize(graph);
  if (estimate > FlatBufferBuilder::kMaxSize) return Unsupported("the model would be larger than 2 GB, the MindSpore Lite limit");
  FlatBufferBuilder builder;
  builder.Reserve(static_cast<size_t>(estimate));
  builder.Put<uint32_t>(0);  // root offset, linked below
  builder.Append("MSL2", 4);

  TableBuilder meta;
  if (!graph.name.empty()) meta.Offset(0);
  meta.Offset(1);
  if (graph.fmk_type != 0) meta.Scalar<int32_t>(2, graph.fmk_type);
  if (!graph.inputs.empty()) meta.Offset(3);
  if (!graph.outputs.empty()) meta.Offset(4);
  if (graph.mempool_size != 0) meta.Scalar<uint32_t>(5, graph.mempool_size);
  meta.Offset(6);
  meta.Offset(7);
  meta.Offset(8);
  const uint32_t meta_pos = meta.Finish(&builder);
  PRUNELAB_RETURN_IF_ERROR(builder.Link(0, meta_pos));

  if (!graph.name.empty()) PRUNELAB_RETURN_IF_ERROR(builder.Link(meta.SlotOf(0), builder.String(graph.name)));
  PRUNELAB_RETURN_IF_ERROR(builder.Link(meta.SlotOf(1), builder.String(kWrittenVersion)));
  PRUNELAB_RETURN_IF_ERROR(LinkIndices(&builder, meta, 3, graph.inputs));
  PRUNELAB_RETURN_IF_ERROR(LinkIndices(&builder, meta, 4, graph.outputs));

  const uint32_t nodes = builder.OffsetVector(static_cast<uint32_t>(graph.nodes.size()));
  PRUNELAB_RETURN_IF_ERROR(builder.Link(meta.SlotOf(6), nodes));
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    uint32_t pos = 0;
    PRUNELAB_RETURN_IF_ERROR(WriteNode(&builder, graph.nodes[i], &pos));
    PRUNELAB_RETURN_IF_ERROR(builder.Link(nodes + 4 + 4 * static_cast<uint32_t>(i), pos));
  }

  const uint32_t tensors = builder.OffsetVector(static_cast<uint32_t>(graph.tensors.size()));
  PRUNELAB_RETURN_IF_ERROR(builder.Link(meta.SlotOf(7), tensors));
  for (size_t i = 0; i < graph.tensors.size(); ++i) {
    uint32_t pos = 0;
    PRUNELAB_RETURN_IF_ERROR(WriteTensor(&builder, graph.tensors[i], &pos));
    PRUNELAB_RETURN_IF_ERROR(builder.Link(tensors + 4 + 4 * static_cast<uint32_t>(i), pos));
  }

  // The runtime schedules subgraphs; a graph built without one gets the single all-covering subgraph converters write.
  std::vector<graph::SubGraph> synthesized;
  const std::vector<graph::SubGraph>* subgraphs = &graph.subgraphs;
  if (graph.subgraphs.empty()) {
    graph::SubGraph all;
    all.name = graph.name;
    all.inputs = graph.inputs;
    all.outputs = graph.outputs;
    for (uint32_t n = 0; n < graph.nodes.size(); ++n) all.nodes.push_back(n);
    for (uint32_t t = 0; t < graph.tensors.size(); ++t) all.tensors.push_back(t);
    synthesized.push_back(std::move(all));
    subgraphs = &synthesized;
  }
  const uint32_t subs = builder.OffsetVector(static_cast<uint32_t>(subgraphs->size()));
  PRUNELAB_RETURN_IF_ERROR(builder.Link(meta.SlotOf(8), subs));
  for (size_t i = 0; i < subgraphs->size(); ++i) {
    uint32_t pos = 0;
    PRUNELAB_RETURN_IF_ERROR(WriteSubGraph(&builder, (*subgraphs)[i], &pos));
    PRUNELAB_RETURN_IF_ERROR(builder.Link(subs + 4 + 4 * static_cast<uint32_t>(i), pos));
  }
  builder.PadTo(8);
  if (builder.overflowed()) return Unsupported("the model would be larger than 2 GB, the MindSpore Lite limit");
  *out = std::move(builder.bytes());
  return Status::Ok();
}

}  // namespace ms
}  // namespace prunelab
