#include "ms/ms_reader.h"

#include <cstring>
#include <string>

#include "ms/decode_support.h"
#include "ms/flatbuffer_view.h"
#include "ms/op_codec.h"

namespace prunelab {
namespace ms {
namespace {

using graph::Graph;
using graph::Node;
using graph::SubGraph;
using graph::Tensor;

// Field ids of the tables the reader decodes (../shared/docs/ms-format.md).
namespace meta_field {
constexpr uint16_t kName = 0, kVersion = 1, kFmkType = 2, kInputIndex = 3, kOutputIndex = 4, kMempoolSize = 5,
                   kNodes = 6, kAllTensors = 7, kSubGraph = 8, kObfuscate = 9, kFirstUnsupported = 10;
}
namespace node_field {
constexpr uint16_t kName = 0, kPrimitive = 2, kInputIndex = 3, kOutputIndex = 4, kQuantType = 5, kDeviceType = 6;
}
namespace tensor_field {
constexpr uint16_t kNodeType = 0, kDataType = 1, kDims = 2, kFormat = 3, kRefCount = 4, kOffset = 5, kData = 6,
                   kQuantParams = 7, kQuantClusters = 8, kName = 9, kEnableHuffmanCode = 10,
                   kWeightQuantCompressType = 11, kExternalData = 12;
}
namespace subgraph_field {
constexpr uint16_t kName = 0, kInputs = 1, kOutputs = 2, kNodes = 3, kTensors = 4;
}

// Element counts past this are not a real tensor (and would overflow size arithmetic downstream).
constexpr int64_t kMaxElements = int64_t{1} << 40;

Status Within(const Status& status, const std::string& where) {
  if (status.ok()) return status;
  return Status(status.code(), where + ": " + status.message());
}

class Decoder {
 public:
  Decoder(MutableByteSpan buffer, const ReadOptions& options)
      : buffer_(buffer), view_(ByteSpan(buffer.data(), buffer.size())), options_(options),
        budget_(static_cast<uint64_t>(buffer.size()) * 16 + (1u << 20)) {}

  Status Run(Graph* graph);

 private:
  struct PendingOpaque {
    uint32_t node;
    FbTable table;
  };

  Status CheckHeader() const;
  Status ReadIndices(const FbTable& table, uint16_t id, const char* what, std::vector<uint32_t>* out);
  Status ReadTensor(uint32_t pos, Tensor* tensor);
  Status ReadQuantParams(const FbTable& table, Tensor* tensor);
  Status ReadNode(uint32_t index, uint32_t pos, Node* node);
  Status ReadSubGraph(uint32_t pos, SubGraph* subgraph);
  Status ReadTableVector(const FbTable& parent, uint16_t id, const char* what, FbVector* out);
  Status TableAt(uint32_t pos, const char* what, FbTable* out);
  Status String(const FbTable& table, uint16_t id, const char* what, std::string* out);

  MutableByteSpan buffer_;
  FlatBufferView view_;
  ReadOptions options_;
  DecodeBudget budget_;
  KnownObjects known_;
  std::vector<PendingOpaque> opaque_;
};

Status Decoder::CheckHeader() const {
  const size_t size = buffer_.size();
  if (size < 8) {
    return InvalidModel("not a MindSpore Lite model: the file is only " + std::to_string(size) +
                        " bytes long (truncated or empty)");
  }
  if (size > 0x7FFFFFFFu) {
    return InvalidModel("the file is larger than 2 GB, the most a MindSpore Lite model can be");
  }
  const uint8_t* id = buffer_.data() + 4;
  if (std::memcmp(id, "MSL2", 4) == 0) return Status::Ok();
  if (std::memcmp(id, "MSL1", 4) == 0) {
    return InvalidModel("an old MindSpore Lite model format (file identifier MSL1), which MindSpore Lite 2.x "
                        "no longer reads: re-convert the model with converter_lite 2.x");
  }
  std::string shown;
  for (int i = 0; i < 4; ++i) shown += (id[i] >= 32 && id[i] < 127) ? static_cast<char>(id[i]) : '?';
  return InvalidModel("not a MindSpore Lite 1.1+ model: bytes 4-7 are '" + shown +
                      "', not the file identifier 'MSL2' (very old 1.0 models have none: re-convert them "
                      "with converter_lite 2.x)");
}

Status Decoder::TableAt(uint32_t pos, const char* what, FbTable* out) {
  PRUNELAB_RETURN_IF_ERROR(view_.Table(pos, what, out));
  known_.Add(out->pos);
  known_.Add(out->vtable);
  return Status::Ok();
}

Status Decoder::String(const FbTable& table, uint16_t id, const char* what, std::string* out) {
  uint32_t target = 0;
  PRUNELAB_RETURN_IF_ERROR(view_.OffsetField(table, id, what, &target));
  out->clear();
  if (target == 0) return Status::Ok();
  known_.Add(target);
  PRUNELAB_RETURN_IF_ERROR(view_.StringAt(target, what, out));
  return budget_.Charge(out->size());
}

Status Decoder::ReadIndices(const FbTable& table, uint16_t id, const char* what, std::vector<uint32_t>* out) {
  FbVector vec;
  PRUNELAB_RETURN_IF_ERROR(view_.VectorField(table, id, 4, 4, what, &vec));
  out->clear();
  if (vec.length_pos == 0) return Status::Ok();
  known_.Add(vec.length_pos);
  PRUNELAB_RETURN_IF_ERROR(budget_.Charge(static_cast<uint64_t>(vec.count) * 4));
  out->resize(vec.count);
  if (vec.count > 0) std::memcpy(out->data(), view_.data() + vec.data, static_cast<size_t>(vec.count) * 4);
  return Status::Ok();
}

Status Decoder::ReadTableVector(const FbTable& parent, uint16_t id, const char* what, FbVector* out) {
  PRUNELAB_RETURN_IF_ERROR(view_.VectorField(parent, id, 4, 4, what, out));
  if (out->length_pos != 0) known_.Add(out->length_pos);
  return Status::Ok();
}

Status Decoder::ReadQuantParams(const FbTable& table, Tensor* tensor) {
  FbVector params;
  PRUNELAB_RETURN_IF_ERROR(ReadTableVector(table, tensor_field::kQuantParams, "quantParams", &params));
  PRUNELAB_RETURN_IF_ERROR(budget_.Charge(static_cast<uint64_t>(params.count) * sizeof(graph::QuantParam)));
  tensor->quant_params.resize(params.count);
  for (uint32_t i = 0; i < params.count; ++i) {
    uint32_t pos = 0;
    FbTable qp;
    PRUNELAB_RETURN_IF_ERROR(view_.FollowOffset(params.data + 4 * i, "quantParams", &pos));
    PRUNELAB_RETURN_IF_ERROR(TableAt(pos, "quantParams", &qp));
    graph::QuantParam& q = tensor->quant_params[i];
    uint8_t narrow = 1, inited = 0;
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<double>(qp, 0, 1.0, "quantParams.scale", &q.scale));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(qp, 1, 0, "quantParams.zeroPoint", &q.zero_point));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<double>(qp, 2, 0.0, "quantParams.min", &q.min));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<double>(qp, 3, 0.0, "quantParams.max", &q.max));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<uint8_t>(qp, 4, 1, "quantParams.narrowRange", &narrow));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(qp, 5, 8, "quantParams.numBits", &q.num_bits));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<uint8_t>(qp, 6, 0, "quantParams.inited", &inited));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<float>(qp, 7, 1.0f, "quantParams.varCorr", &q.var_corr));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<float>(qp, 8, 0.0f, "quantParams.meanCorr", &q.mean_corr));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(qp, 9, 32, "quantParams.dstDtype", &q.dst_dtype));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(qp, 10, 1, "quantParams.roundType", &q.round_type));
    PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(qp, 11, 1, "quantParams.multiplier", &q.multiplier));
    q.narrow_range = narrow != 0;
    q.inited = inited != 0;
  }
  return Status::Ok();
}

Status Decoder::ReadTensor(uint32_t pos, Tensor* tensor) {
  using namespace tensor_field;
  FbTable table;
  PRUNELAB_RETURN_IF_ERROR(TableAt(pos, "the tensor table", &table));
  PRUNELAB_RETURN_IF_ERROR(String(table, kName, "name", &tensor->name));
  int32_t dtype = 0;
  uint8_t huffman = 0;
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(table, kNodeType, 0, "nodeType", &tensor->role));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(table, kDataType, 0, "dataType", &dtype));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(table, kFormat, 0, "format", &tensor->format));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(table, kRefCount, 0, "refCount", &tensor->ref_count));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(table, kOffset, 0, "offset", &tensor->offset));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<uint8_t>(table, kEnableHuffmanCode, 0, "enableHuffmanCode", &huffman));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(table, kWeightQuantCompressType, 0, "weightQuantCompressType",
                                                 &tensor->weight_quant_compress_type));
  tensor->dtype = static_cast<graph::DataType>(dtype);
  tensor->enable_huffman_code = huffman != 0;

  FbVector external;
  PRUNELAB_RETURN_IF_ERROR(view_.VectorField(table, kExternalData, 4, 4, "externalData", &external));
  if (external.count > 0) {
    return InvalidModel("its weights are stored in an external data file (externalData), which this project "
                        "does not read: convert the model with its weights inside the .ms file");
  }

  FbVector dims;
  PRUNELAB_RETURN_IF_ERROR(view_.VectorField(table, kDims, 4, 4, "dims", &dims));
  if (dims.length_pos != 0) known_.Add(dims.length_pos);
  if (dims.count > 64) return FlatBufferView::Fail("dims", "an implausible rank of " + std::to_string(dims.count));
  tensor->dims.resize(dims.count);
  if (dims.count > 0) std::memcpy(tensor->dims.data(), view_.data() + dims.data, static_cast<size_t>(dims.count) * 4);
  int64_t elements = 1;
  for (int32_t d : tensor->dims) {
    if (d < -1) return FlatBufferView::Fail("dims", "a negative dimension " + std::to_string(d));
    if (d < 0) continue;  // -1: unknown until run time
    if (d != 0 && elements > kMaxElements / d) return FlatBufferView::Fail("dims", "an absurd element count");
    elements *= d;
  }

  FbVector data;
  PRUNELAB_RETURN_IF_ERROR(view_.VectorField(table, kData, 1, 1, "data", &data));
  if (data.length_pos != 0) {
    known_.Add(data.length_pos);
    tensor->data.SetView(buffer_.data() + data.data, data.count);
  }
  PRUNELAB_RETURN_IF_ERROR(ReadQuantParams(table, tensor));
  std::vector<float> clusters;
  FbVector cl;
  PRUNELAB_RETURN_IF_ERROR(view_.VectorField(table, kQuantClusters, 4, 4, "quantClusters", &cl));
  if (cl.length_pos != 0) known_.Add(cl.length_pos);
  PRUNELAB_RETURN_IF_ERROR(budget_.Charge(static_cast<uint64_t>(cl.count) * 4));
  tensor->quant_clusters.resize(cl.count);
  if (cl.count > 0) std::memcpy(tensor->quant_clusters.data(), view_.data() + cl.data, static_cast<size_t>(cl.count) * 4);

  // Plain float32 weights must fill their shape exactly: the engine and the pruner index them by it.
  const bool plain = tensor->weight_quant_compress_type == 0 && !tensor->enable_huffman_code && tensor->quant_clusters.empty();
  if (plain && tensor->dtype == graph::DataType::kFloat32 && data.count > 0 && tensor->ElementCount() >= 0 &&
      static_cast<uint64_t>(tensor->ElementCount()) * 4 != data.count) {
    return FlatBufferView::Fail("data", std::to_string(data.count) + " bytes where its float32 shape needs " +
                                            std::to_string(tensor->ElementCount() * 4));
  }
  return Status::Ok();
}

Status Decoder::ReadNode(uint32_t index, uint32_t pos, Node* node) {
  using namespace node_field;
  FbTable table;
  PRUNELAB_RETURN_IF_ERROR(TableAt(pos, "the node table", &table));
  PRUNELAB_RETURN_IF_ERROR(String(table, kName, "name", &node->name));
  PRUNELAB_RETURN_IF_ERROR(ReadIndices(table, kInputIndex, "inputIndex", &node->inputs));
  PRUNELAB_RETURN_IF_ERROR(ReadIndices(table, kOutputIndex, "outputIndex", &node->outputs));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(table, kQuantType, 0, "quantType", &node->quant_type));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(table, kDeviceType, -1, "deviceType", &node->device_type));

  FbTable primitive;
  bool has_primitive = false;
  PRUNELAB_RETURN_IF_ERROR(view_.TableField(table, kPrimitive, "primitive", &primitive, &has_primitive));
  if (!has_primitive) return InvalidModel("it has no operator (primitive)");
  known_.Add(primitive.pos);
  known_.Add(primitive.vtable);
  uint8_t type = 0;
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<uint8_t>(primitive, 0, 0, "primitive type", &type));
  uint32_t value_pos = 0;
  PRUNELAB_RETURN_IF_ERROR(view_.OffsetField(primitive, 1, "primitive value", &value_pos));
  if (type == 0 || value_pos == 0) return InvalidModel("it has no operator (empty primitive)");
  node->op_type = type;
  FbTable op_table;
  PRUNELAB_RETURN_IF_ERROR(view_.Table(value_pos, "the operator table", &op_table));

  const graph::OpSpec* spec = graph::FindOpSpec(type);
  bool keep_opaque = spec == nullptr || options_.force_opaque;
  if (!keep_opaque) {
    known_.Add(op_table.pos);
    known_.Add(op_table.vtable);
    PRUNELAB_RETURN_IF_ERROR(
        Within(DecodeModelledOp(view_, op_table, *spec, &known_, &budget_, &node->attrs, &keep_opaque),
               graph::OpName(type)));
  }
  if (keep_opaque) opaque_.push_back({index, op_table});
  return Status::Ok();
}

Status Decoder::ReadSubGraph(uint32_t pos, SubGraph* subgraph) {
  using namespace subgraph_field;
  FbTable table;
  PRUNELAB_RETURN_IF_ERROR(TableAt(pos, "the subgraph table", &table));
  PRUNELAB_RETURN_IF_ERROR(String(table, kName, "name", &subgraph->name));
  PRUNELAB_RETURN_IF_ERROR(ReadIndices(table, kInputs, "inputIndices", &subgraph->inputs));
  PRUNELAB_RETURN_IF_ERROR(ReadIndices(table, kOutputs, "outputIndices", &subgraph->outputs));
  PRUNELAB_RETURN_IF_ERROR(ReadIndices(table, kNodes, "nodeIndices", &subgraph->nodes));
  return ReadIndices(table, kTensors, "tensorIndices", &subgraph->tensors);
}

Status Decoder::Run(Graph* graph) {
  using namespace meta_field;
  PRUNELAB_RETURN_IF_ERROR(CheckHeader());
  FbTable meta;
  PRUNELAB_RETURN_IF_ERROR(view_.Root("the root table (MetaGraph)", &meta));
  known_.Add(meta.pos);
  known_.Add(meta.vtable);

  uint8_t obfuscate = 0;
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<uint8_t>(meta, kObfuscate, 0, "MetaGraph.obfuscate", &obfuscate));
  if (obfuscate != 0) {
    return InvalidModel("the model is obfuscated, which this project cannot read or preserve: convert it "
                        "without obfuscation");
  }
  for (uint16_t id = kFirstUnsupported; 4u + 2u * id + 2u <= meta.vtable_size; ++id) {
    if (view_.HasField(meta, id)) {
      return InvalidModel("the model carries encryption or obfuscation data (MetaGraph field " + std::to_string(id) +
                          "), which this project cannot read or preserve: convert it without encryption");
    }
  }

  PRUNELAB_RETURN_IF_ERROR(Within(String(meta, kName, "name", &graph->name), "MetaGraph"));
  PRUNELAB_RETURN_IF_ERROR(Within(String(meta, kVersion, "version", &graph->version), "MetaGraph"));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<int32_t>(meta, kFmkType, 0, "MetaGraph.fmkType", &graph->fmk_type));
  PRUNELAB_RETURN_IF_ERROR(view_.Scalar<uint32_t>(meta, kMempoolSize, 0, "MetaGraph.mempoolSize", &graph->mempool_size));
  PRUNELAB_RETURN_IF_ERROR(Within(ReadIndices(meta, kInputIndex, "inputIndex", &graph->inputs), "MetaGraph"));
  PRUNELAB_RETURN_IF_ERROR(Within(ReadIndices(meta, kOutputIndex, "outputIndex", &graph->outputs), "MetaGraph"));

  FbVector tensors;
  PRUNELAB_RETURN_IF_ERROR(Within(ReadTableVector(meta, kAllTensors, "allTensors", &tensors), "MetaGraph"));
  PRUNELAB_RETURN_IF_ERROR(budget_.Charge(static_cast<uint64_t>(tensors.count) * sizeof(Tensor)));
  graph->tensors.resize(tensors.count);
  for (uint32_t i = 0; i < tensors.count; ++i) {
    uint32_t pos = 0;
    Status status = view_.FollowOffset(tensors.data + 4 * i, "its offset", &pos);
    if (status.ok()) status = ReadTensor(pos, &graph->tensors[i]);
    if (!status.ok()) {
      const std::string& name = graph->tensors[i].name;
      return Within(status, "tensor " + std::to_string(i) + (name.empty() ? std::string() : " '" + name + "'"));
    }
  }

  FbVector nodes;
  PRUNELAB_RETURN_IF_ERROR(Within(ReadTableVector(meta, kNodes, "nodes", &nodes), "MetaGraph"));
  PRUNELAB_RETURN_IF_ERROR(budget_.Charge(static_cast<uint64_t>(nodes.count) * sizeof(Node)));
  graph->nodes.resize(nodes.count);
  for (uint32_t i = 0; i < nodes.count; ++i) {
    uint32_t pos = 0;
    Status status = view_.FollowOffset(nodes.data + 4 * i, "its offset", &pos);
    if (status.ok()) status = ReadNode(i, pos, &graph->nodes[i]);
    if (!status.ok()) {
      const std::string& name = graph->nodes[i].name;
      return Within(status, "node " + std::to_string(i) + (name.empty() ? std::string() : " '" + name + "'"));
    }
  }

  FbVector subgraphs;
  PRUNELAB_RETURN_IF_ERROR(Within(ReadTableVector(meta, kSubGraph, "subGraph", &subgraphs), "MetaGraph"));
  PRUNELAB_RETURN_IF_ERROR(budget_.Charge(static_cast<uint64_t>(subgraphs.count) * sizeof(SubGraph)));
  graph->subgraphs.resize(subgraphs.count);
  for (uint32_t i = 0; i < subgraphs.count; ++i) {
    uint32_t pos = 0;
    Status status = view_.FollowOffset(subgraphs.data + 4 * i, "its offset", &pos);
    if (status.ok()) status = ReadSubGraph(pos, &graph->subgraphs[i]);
    if (!status.ok()) return Within(status, "subgraph " + std::to_string(i));
  }

  // Opaque op tables last: their byte closure ends at the next object parsed above them.
  known_.Seal();
  for (const PendingOpaque& pending : opaque_) {
    Node& node = graph->nodes[pending.node];
    const uint32_t upper = known_.NextAbove(pending.table.pos, static_cast<uint32_t>(buffer_.size()));
    PRUNELAB_RETURN_IF_ERROR(budget_.Charge(static_cast<uint64_t>(upper - pending.table.pos) + pending.table.vtable_size));
    Status status = ExtractOpaqueOp(view_, pending.table, upper, &node.attrs);
    if (!status.ok()) return Within(status, "node " + std::to_string(pending.node) + " '" + node.name + "'");
  }
  return graph->Validate();
}

}  // namespace

Status ReadModel(MutableByteSpan buffer, const ReadOptions& options, graph::Graph* graph) {
  *graph = Graph();
  Decoder decoder(buffer, options);
  Status status = decoder.Run(graph);
  if (!status.ok()) *graph = Graph();
  return status;
}

}  // namespace ms
}  // namespace prunelab
