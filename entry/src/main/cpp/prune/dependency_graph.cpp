#include "prune/dependency_graph.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <set>
#include <utility>

#include "graph/attributes.h"

#if __has_include("graph/shape_inference.h")
#include "graph/shape_inference.h"
#define PRUNELAB_HAVE_SHAPE_INFERENCE 1
#else
#define PRUNELAB_HAVE_SHAPE_INFERENCE 0
#endif

namespace prunelab {
namespace prune {
namespace {

namespace op = graph::op;

int64_t Prod(const std::vector<int32_t>& d, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t i = from; i < to && i < d.size(); ++i) p *= d[i];
  return p;
}

bool AllKnown(const std::vector<int32_t>& d) {
  if (d.empty()) return false;
  for (int32_t v : d) {
    if (v <= 0) return false;
  }
  return true;
}

// Integer contents of a small constant (int32 or int64), e.g. a permutation or a shape.
bool ReadInts(const graph::Tensor& t, std::vector<int64_t>* out) {
  out->clear();
  const ByteSpan bytes = t.data.bytes();
  if (t.dtype == graph::DataType::kInt32 && bytes.size() % 4 == 0) {
    for (size_t i = 0; i < bytes.size(); i += 4) {
      int32_t v = 0;
      std::memcpy(&v, bytes.data() + i, 4);
      out->push_back(v);
    }
    return true;
  }
  if (t.dtype == graph::DataType::kInt64 && bytes.size() % 8 == 0) {
    for (size_t i = 0; i < bytes.size(); i += 8) {
      int64_t v = 0;
      std::memcpy(&v, bytes.data() + i, 8);
      out->push_back(v);
    }
    return true;
  }
  return false;
}

bool IsReluLike(int64_t activation_type) {
  return activation_type == graph::activation::kRelu || activation_type == graph::activation::kRelu6 ||
         activation_type == graph::activation::kRelu1;
}

// Maps a channel axis through a reshape from `in` to `out` dims. Either the axis just moves
// (squeeze / unsqueeze / identity), or it is merged with neighbours into one output axis
// (flatten), which turns each channel into blocks or strided runs. False when the reshape
// splits or scrambles the axis.
bool MapThroughReshape(const std::vector<int32_t>& in, int a, const ChannelMap& m, const std::vector<int32_t>& out,
                       int* b_out, ChannelMap* m_out) {
  const int64_t before = Prod(in, 0, static_cast<size_t>(a));
  for (size_t b = 0; b < out.size(); ++b) {
    if (Prod(out, 0, b) == before && out[b] == in[static_cast<size_t>(a)]) {
      *b_out = static_cast<int>(b);
      *m_out = m;
      return true;
    }
  }
  for (size_t b = 0; b < out.size(); ++b) {
    const int64_t head = Prod(out, 0, b);
    // The merged run of input axes [s, e) with a inside it.
    for (int s = a; s >= 0; --s) {
      if (Prod(in, 0, static_cast<size_t>(s)) != head) continue;
      for (size_t e = static_cast<size_t>(a) + 1; e <= in.size(); ++e) {
        if (Prod(in, static_cast<size_t>(s), e) != out[b]) continue;
        const int64_t outer = Prod(in, static_cast<size_t>(s), static_cast<size_t>(a));
        const int64_t inner = Prod(in, static_cast<size_t>(a) + 1, e);
        const int64_t extent = in[static_cast<size_t>(a)];
        ChannelMap r;
        if (inner == 1 && m.repeats == 1) {
          r.offset = m.offset;
          r.block = m.block;
          r.period = extent;
          r.repeats = outer;
        } else if (m.block == 1 && m.repeats == 1) {
          r.offset = m.offset * inner;
          r.block = inner;
          r.period = extent * inner;
          r.repeats = outer;
        } else {
          return false;
        }
        if (r.repeats == 1) r.period = 0;
        *b_out = static_cast<int>(b);
        *m_out = r;
        return true;
      }
    }
  }
  return false;
}

// The inverse of a pure axis move: which input axis becomes output axis b.
bool AxisBeforeReshape(const std::vector<int32_t>& in, const std::vector<int32_t>& out, int b, int* a) {
  const int64_t before = Prod(out, 0, static_cast<size_t>(b));
  for (size_t i = 0; i < in.size(); ++i) {
    if (Prod(in, 0, i) == before && in[i] == out[static_cast<size_t>(b)]) {
      *a = static_cast<int>(i);
      return true;
    }
  }
  return false;
}

class GroupBuilder {
 public:
  GroupBuilder(const graph::Graph& g, const std::vector<std::vector<int32_t>>& dims,
               const std::vector<int32_t>& producers, const std::vector<std::vector<uint32_t>>& consumers,
               std::vector<int32_t>* root_group, ChannelGroup* group)
      : g_(g), dims_(dims), producers_(producers), consumers_(consumers), root_group_(root_group), group_(group) {
    for (uint32_t t : g.outputs) graph_outputs_.insert(t);
    for (uint32_t t : g.inputs) graph_inputs_.insert(t);
  }

  void Seed(uint32_t root) {
    const graph::Node& n = g_.nodes[root];
    const uint32_t out = n.outputs[0];
    const int axis = static_cast<int>(dims_[out].size()) - 1;
    group_->channels = axis >= 0 ? dims_[out][static_cast<size_t>(axis)] : 0;
    Visit(out, axis, ChannelMap{});
    while (!work_.empty()) {
      const ChannelSlice s = work_.front();
      work_.pop_front();
      Process(s);
    }
    CheckConstantsNotShared();
    if (group_->observed_tensor < 0 && !group_->roots.empty()) {
      group_->observed_tensor = g_.nodes[group_->roots[0]].outputs[0];
    }
  }

 private:
  const graph::Graph& g_;
  const std::vector<std::vector<int32_t>>& dims_;
  const std::vector<int32_t>& producers_;
  const std::vector<std::vector<uint32_t>>& consumers_;
  std::vector<int32_t>* root_group_;
  ChannelGroup* group_;
  std::set<uint32_t> graph_outputs_, graph_inputs_;
  std::map<uint32_t, size_t> activation_slice_;               // tensor -> slice index
  std::map<std::pair<uint32_t, int>, size_t> constant_slice_;  // (tensor, axis) -> slice index
  std::set<std::pair<uint32_t, int>> ports_;                  // (node, port): input k = k, output k = -1 - k
  std::set<uint32_t> member_set_;
  std::set<std::pair<uint32_t, uint32_t>> sliced_reads_;  // (node, constant) reads the group cuts
  std::deque<ChannelSlice> work_;

  void Fail(const std::string& reason) {
    if (group_->prunable) {
      group_->prunable = false;
      group_->reason = reason;
    }
  }
  std::string NodeLabel(uint32_t n) const {
    return g_.nodes[n].OpName() + " '" + g_.nodes[n].name + "'";
  }
  std::string TensorLabel(uint32_t t) const { return "'" + g_.tensors[t].name + "'"; }
  bool IsConstant(uint32_t t) const { return g_.tensors[t].HasData(); }
  int Rank(uint32_t t) const { return static_cast<int>(dims_[t].size()); }
  int64_t Extent(uint32_t t, int axis) const { return dims_[t][static_cast<size_t>(axis)]; }

  void AddMember(uint32_t n) {
    if (member_set_.insert(n).second) group_->members.push_back(n);
  }
  bool MarkPort(uint32_t n, int port) { return ports_.insert({n, port}).second; }

  // The last position channel (channels - 1) reaches must lie inside the axis.
  bool FitsAxis(uint32_t t, int axis, const ChannelMap& m) {
    if (axis < 0 || axis >= Rank(t)) return false;
    const int64_t needed = m.offset + (m.repeats - 1) * m.period + group_->channels * m.block;
    return needed <= Extent(t, axis);
  }

  void Visit(uint32_t t, int axis, const ChannelMap& m) {
    if (t >= g_.tensors.size()) return Fail("a node reads a tensor index out of range");
    if (!AllKnown(dims_[t])) return Fail("the shape of tensor " + TensorLabel(t) + " is unknown");
    auto it = activation_slice_.find(t);
    if (it != activation_slice_.end()) {
      const ChannelSlice& s = group_->slices[it->second];
      if (s.axis != axis || !(s.map == m)) Fail("tensor " + TensorLabel(t) + " carries the channels in two layouts");
      return;
    }
    if (!FitsAxis(t, axis, m)) return Fail("tensor " + TensorLabel(t) + " does not have the group's channel count");
    ChannelSlice s{t, axis, m, false};
    activation_slice_[t] = group_->slices.size();
    group_->slices.push_back(s);
    work_.push_back(s);
  }

  void AddConstant(uint32_t t, int axis, const ChannelMap& m, uint32_t node) {
    if (!AllKnown(dims_[t]) && !g_.tensors[t].dims.empty()) {
      return Fail("the shape of constant " + TensorLabel(t) + " is unknown");
    }
    const std::vector<int32_t>& d = g_.tensors[t].dims;
    if (axis < 0 || axis >= static_cast<int>(d.size())) return Fail("constant " + TensorLabel(t) + " has no channel axis");
    const int64_t extent = d[static_cast<size_t>(axis)];
    const int64_t needed = m.offset + (m.repeats - 1) * m.period + group_->channels * m.block;
    if (needed > extent) {
      return Fail("constant " + TensorLabel(t) + " of " + NodeLabel(node) + " does not match the group's channels");
    }
    sliced_reads_.insert({node, t});
    auto key = std::make_pair(t, axis);
    auto it = constant_slice_.find(key);
    if (it != constant_slice_.end()) {
      if (!(group_->slices[it->second].map == m)) Fail("constant " + TensorLabel(t) + " is sliced in two layouts");
      return;
    }
    constant_slice_[key] = group_->slices.size();
    group_->slices.push_back(ChannelSlice{t, axis, m, true});
  }

  void Process(const ChannelSlice& s) {
    const uint32_t t = s.tensor;
    if (graph_outputs_.count(t)) Fail("its channels reach the graph output " + TensorLabel(t));
    const int32_t p = producers_[t];
    if (p < 0) {
      Fail(graph_inputs_.count(t) ? "its channels come from the graph input " + TensorLabel(t)
                                  : "tensor " + TensorLabel(t) + " has no producer");
    } else {
      const graph::Node& n = g_.nodes[static_cast<size_t>(p)];
      for (size_t k = 0; k < n.outputs.size(); ++k) {
        if (n.outputs[k] == t) Enter(static_cast<uint32_t>(p), -1 - static_cast<int>(k), s);
      }
    }
    for (uint32_t c : consumers_[t]) {
      const graph::Node& n = g_.nodes[c];
      for (size_t k = 0; k < n.inputs.size(); ++k) {
        if (n.inputs[k] == t) Enter(c, static_cast<int>(k), s);
      }
    }
  }

  void Enter(uint32_t n, int port, const ChannelSlice& s) {
    if (!MarkPort(n, port)) return;
    AddMember(n);
    const graph::Node& node = g_.nodes[n];
    if (node.inputs.empty() || node.outputs.empty()) return Fail(NodeLabel(n) + " has no input or no output");
    switch (node.op_type) {
      case op::kConv2DFusion: return Conv(n, port, s);
      case op::kFullConnection: return FullConnection(n, port, s);
      case op::kMatMulFusion: return MatMul(n, port, s);
      case op::kActivation:
      case op::kLeakyRelu:
      case op::kDropout:
      case op::kClip:
      case op::kCast:
        return Elementwise(n, port, s);
      case op::kMaxPoolFusion:
      case op::kAvgPoolFusion:
      case op::kBiasAdd:
      case op::kBatchNorm:
      case op::kFusedBatchNorm:
      case op::kScaleFusion:
      case op::kPReLUFusion:
        return PerChannel(n, port, s);
      case op::kPadFusion: return Pad(n, port, s);
      case op::kAddFusion:
      case op::kSubFusion:
      case op::kMulFusion:
      case op::kDivFusion:
      case op::kAddN:
        return Broadcast(n, port, s);
      case op::kConcat: return Concat(n, port, s);
      case op::kTranspose: return Transpose(n, port, s);
      case op::kReshape:
      case op::kFlatten:
      case op::kSqueeze:
      case op::kUnsqueeze:
      case op::kExpandDims:
        return Reshape(n, port, s);
      case op::kReduceFusion: return Reduce(n, port, s);
      case op::kSoftmax: return Softmax(n, port, s);
      default:
        return Fail(NodeLabel(n) + " is not understood by the channel analysis");
    }
  }

  // The one other side of a single-input, single-output op.
  void PassThrough(uint32_t n, int port, int axis_out, const ChannelMap& m_out, int axis_in, const ChannelMap& m_in) {
    const graph::Node& node = g_.nodes[n];
    for (size_t k = 1; k < node.outputs.size(); ++k) {
      if (!consumers_[node.outputs[k]].empty() || graph_outputs_.count(node.outputs[k])) {
        return Fail(NodeLabel(n) + " has a second output in use");
      }
    }
    if (port == 0) {
      MarkPort(n, -1);
      Visit(node.outputs[0], axis_out, m_out);
    } else {
      MarkPort(n, 0);
      Visit(node.inputs[0], axis_in, m_in);
    }
  }

  bool CheckDataPort(uint32_t n, int port) {
    if (port != 0 && port != -1) {
      Fail(NodeLabel(n) + " takes the channels as a parameter input");
      return false;
    }
    return true;
  }

  bool ReluLikeActivation(const graph::Node& node) const {
    if (!node.HasField("activation_type")) return false;
    return IsReluLike(node.Int("activation_type", 0));
  }
  void NoteObserved(const graph::Node& node) {
    if (group_->observed_tensor < 0 && ReluLikeActivation(node)) group_->observed_tensor = node.outputs[0];
  }

  void Conv(uint32_t n, int port, const ChannelSlice& s) {
    const graph::Node& node = g_.nodes[n];
    if (node.inputs.size() < 2 || !IsConstant(node.inputs[1]) || g_.tensors[node.inputs[1]].dims.size() != 4) {
      return Fail(NodeLabel(n) + " has no constant OHWI weight");
    }
    const uint32_t w = node.inputs[1];
    const int32_t bias = node.inputs.size() >= 3 && IsConstant(node.inputs[2]) ? static_cast<int32_t>(node.inputs[2]) : -1;
    const auto& wd = g_.tensors[w].dims;
    const int64_t group = std::max<int64_t>(1, node.Int("group", 1));
    const bool depthwise = group > 1 && wd[3] == 1 && group == wd[0];
    const bool channel_last = s.map.IsRun() && s.axis == Rank(s.tensor) - 1;
    if (group > 1 && !depthwise) return Fail("grouped convolution " + NodeLabel(n) + " (groups of channels are coupled)");
    if (port != 0 && port != -1) return Fail(NodeLabel(n) + " has a computed weight");
    if (!channel_last) return Fail(NodeLabel(n) + " sees the channels in a flattened layout");
    if (depthwise) {
      // One filter per channel: input channel c and output channel c go together.
      group_->coupled.push_back(n);
      AddConstant(w, 0, s.map, n);
      if (bias >= 0) AddConstant(static_cast<uint32_t>(bias), 0, s.map, n);
      NoteObserved(node);
      return PassThrough(n, port, Rank(node.outputs[0]) - 1, s.map, Rank(node.inputs[0]) - 1, s.map);
    }
    if (port == -1) {
      if (!s.map.IsPlain()) return Fail("the output of " + NodeLabel(n) + " is joined with another channel set");
      AddRoot(n);
      AddConstant(w, 0, ChannelMap{}, n);
      if (bias >= 0) AddConstant(static_cast<uint32_t>(bias), 0, ChannelMap{}, n);
      NoteObserved(node);
    } else {
      group_->consumers.push_back(n);
      AddConstant(w, 3, s.map, n);
    }
  }

  void AddRoot(uint32_t n) {
    if ((*root_group_)[n] >= 0 && (*root_group_)[n] != group_->id) {
      return Fail("internal: layer '" + g_.nodes[n].name + "' is in two channel groups");
    }
    (*root_group_)[n] = group_->id;
    group_->roots.push_back(n);
  }

  // Output channels of a 2-D weight layer (FC / MatMul): rows or columns of the weight.
  void Matrix(uint32_t n, int port, const ChannelSlice& s, uint32_t w, int out_axis, int in_axis, int32_t bias) {
    const graph::Node& node = g_.nodes[n];
    if (port == -1) {
      if (!s.map.IsPlain() || s.axis != Rank(s.tensor) - 1) return Fail(NodeLabel(n) + " output in an unexpected layout");
      AddRoot(n);
      AddConstant(w, out_axis, ChannelMap{}, n);
      if (bias >= 0) AddConstant(static_cast<uint32_t>(bias), 0, ChannelMap{}, n);
      NoteObserved(node);
      return;
    }
    if (port != 0) return Fail(NodeLabel(n) + " has a computed weight");
    // Input side: the rows of x are flattened to the weight's input extent (FullConnection does
    // this itself for inputs of rank > 2).
    const auto& in = dims_[s.tensor];
    const int64_t k = g_.tensors[w].dims[static_cast<size_t>(in_axis)];
    ChannelMap m = s.map;
    if (s.axis != static_cast<int>(in.size()) - 1 || in.back() != k) {
      int start = -1;
      for (size_t st = 1; st < in.size(); ++st) {
        if (Prod(in, st, in.size()) == k) {
          start = static_cast<int>(st);
          break;
        }
      }
      if (start < 0 || start > s.axis) return Fail(NodeLabel(n) + " reads its input in a layout the analysis cannot map");
      std::vector<int32_t> flat(in.begin(), in.begin() + start);
      flat.push_back(static_cast<int32_t>(k));
      int b = 0;
      if (!MapThroughReshape(in, s.axis, s.map, flat, &b, &m) || b != start) {
        return Fail(NodeLabel(n) + " flattens its input in a way the analysis cannot map");
      }
    }
    group_->consumers.push_back(n);
    AddConstant(w, in_axis, m, n);
  }

  void FullConnection(uint32_t n, int port, const ChannelSlice& s) {
    const graph::Node& node = g_.nodes[n];
    if (node.inputs.size() < 2 || !IsConstant(node.inputs[1]) || g_.tensors[node.inputs[1]].dims.size() != 2) {
      return Fail(NodeLabel(n) + " has no constant 2-D weight");
    }
    int32_t bias = -1;
    if (node.inputs.size() >= 3 && IsConstant(node.inputs[2]) && !(node.HasField("has_bias") && node.Int("has_bias", 1) == 0)) {
      bias = static_cast<int32_t>(node.inputs[2]);
    }
    Matrix(n, port, s, node.inputs[1], 0, 1, bias);
  }

  void MatMul(uint32_t n, int port, const ChannelSlice& s) {
    const graph::Node& node = g_.nodes[n];
    if (node.inputs.size() < 2 || !IsConstant(node.inputs[1]) || g_.tensors[node.inputs[1]].dims.size() != 2 ||
        node.Int("transpose_a", 0) != 0) {
      return Fail(NodeLabel(n) + " is not an activation times a constant 2-D weight");
    }
    const bool tb = node.Int("transpose_b", 0) != 0;
    const int32_t bias = node.inputs.size() >= 3 && IsConstant(node.inputs[2]) ? static_cast<int32_t>(node.inputs[2]) : -1;
    Matrix(n, port, s, node.inputs[1], tb ? 0 : 1, tb ? 1 : 0, bias);
  }

  void Elementwise(uint32_t n, int port, const ChannelSlice& s) {
    if (!CheckDataPort(n, port)) return;
    const graph::Node& node = g_.nodes[n];
    if (node.op_type == op::kActivation) NoteObserved(node);
    for (size_t k = 1; k < node.inputs.size(); ++k) {
      if (!IsConstant(node.inputs[k])) return Fail(NodeLabel(n) + " takes a computed second input");
    }
    PassThrough(n, port, s.axis, s.map, s.axis, s.map);
  }

  // Pooling and ops with one parameter per channel (bias, batch norm, scale, PReLU slope).
  void PerChannel(uint32_t n, int port, const ChannelSlice& s) {
    if (!CheckDataPort(n, port)) return;
    const graph::Node& node = g_.nodes[n];
    if (!s.map.IsRun() || s.axis != Rank(s.tensor) - 1) {
      return Fail(NodeLabel(n) + " works on NHWC channels but sees them in another layout");
    }
    for (size_t k = 1; k < node.inputs.size(); ++k) {
      const uint32_t t = node.inputs[k];
      if (!IsConstant(t)) return Fail(NodeLabel(n) + " takes a computed parameter");
      const int64_t count = g_.tensors[t].ElementCount();
      if (count == 1) continue;
      if (g_.tensors[t].dims.size() != 1 || count != Extent(s.tensor, s.axis)) {
        return Fail("parameter " + TensorLabel(t) + " of " + NodeLabel(n) + " is not one value per channel");
      }
      AddConstant(t, 0, s.map, n);
    }
    if (node.HasField("activation_type")) NoteObserved(node);
    PassThrough(n, port, s.axis, s.map, s.axis, s.map);
  }

  void Pad(uint32_t n, int port, const ChannelSlice& s) {
    if (!CheckDataPort(n, port)) return;
    const graph::Node& node = g_.nodes[n];
    std::vector<int64_t> pads;
    if (node.inputs.size() >= 2 && IsConstant(node.inputs[1])) {
      if (!ReadInts(g_.tensors[node.inputs[1]], &pads)) return Fail(NodeLabel(n) + " has unreadable paddings");
    } else {
      return Fail(NodeLabel(n) + " has paddings the analysis cannot read");
    }
    const size_t row = static_cast<size_t>(s.axis) * 2;
    if (row + 1 >= pads.size()) return Fail(NodeLabel(n) + " has too few paddings");
    if (pads[row] != 0 || pads[row + 1] != 0) return Fail(NodeLabel(n) + " pads the channel axis");
    PassThrough(n, port, s.axis, s.map, s.axis, s.map);
  }

  // Element-wise binary ops: operands broadcast from the last axis; the channel axis is the
  // same distance from the end in every operand.
  void Broadcast(uint32_t n, int port, const ChannelSlice& s) {
    const graph::Node& node = g_.nodes[n];
    const int from_end = Rank(s.tensor) - s.axis;
    const int64_t extent = Extent(s.tensor, s.axis);
    std::vector<std::pair<uint32_t, int>> sides;  // tensor, port
    for (size_t k = 0; k < node.inputs.size(); ++k) sides.push_back({node.inputs[k], static_cast<int>(k)});
    sides.push_back({node.outputs[0], -1});
    for (const auto& [t, p] : sides) {
      if (p == port) continue;
      MarkPort(n, p);
      const int rank = static_cast<int>(g_.tensors[t].HasData() ? g_.tensors[t].dims.size() : dims_[t].size());
      const int axis = rank - from_end;
      if (IsConstant(t)) {
        if (g_.tensors[t].ElementCount() == 1) continue;
        if (axis < 0 || g_.tensors[t].dims[static_cast<size_t>(axis)] == 1) continue;  // same value for every channel
        if (g_.tensors[t].dims[static_cast<size_t>(axis)] != extent) {
          return Fail("constant " + TensorLabel(t) + " of " + NodeLabel(n) + " does not broadcast per channel");
        }
        AddConstant(t, axis, s.map, n);
        continue;
      }
      if (!AllKnown(dims_[t])) return Fail("the shape of tensor " + TensorLabel(t) + " is unknown");
      if (axis < 0 || dims_[t][static_cast<size_t>(axis)] == 1) {
        if (p == -1) return Fail(NodeLabel(n) + " output does not keep the channel axis");
        continue;  // one value for all channels: nothing to cut
      }
      Visit(t, axis, s.map);
    }
  }

  void Concat(uint32_t n, int port, const ChannelSlice& s) {
    const graph::Node& node = g_.nodes[n];
    const uint32_t out = node.outputs[0];
    const int rank = Rank(out);
    int64_t axis = node.Int("axis", 0);
    if (axis < 0) axis += rank;
    if (axis != s.axis) return Broadcast(n, port, s);  // concatenated along another axis: channels coupled
    if (port < 0) return Fail("the channels of concatenation " + NodeLabel(n) + " are joined with another channel set");
    if (s.map.block != 1 || s.map.repeats != 1) return Fail(NodeLabel(n) + " concatenates flattened channels");
    int64_t base = 0;
    for (int k = 0; k < port; ++k) {
      const uint32_t t = node.inputs[static_cast<size_t>(k)];
      if (!AllKnown(dims_[t]) || static_cast<int>(dims_[t].size()) != rank) {
        return Fail("the shape of tensor " + TensorLabel(t) + " is unknown");
      }
      base += dims_[t][static_cast<size_t>(axis)];
    }
    ChannelMap m = s.map;
    m.offset += base;
    MarkPort(n, -1);
    Visit(out, s.axis, m);
  }

  void Transpose(uint32_t n, int port, const ChannelSlice& s) {
    if (!CheckDataPort(n, port)) return;
    const graph::Node& node = g_.nodes[n];
    std::vector<int64_t> perm;
    if (node.inputs.size() < 2 || !IsConstant(node.inputs[1]) || !ReadInts(g_.tensors[node.inputs[1]], &perm)) {
      return Fail(NodeLabel(n) + " has no constant permutation");
    }
    const int rank = Rank(s.tensor);
    if (static_cast<int>(perm.size()) != rank) return Fail(NodeLabel(n) + " has a permutation of the wrong rank");
    if (port == 0) {
      for (int j = 0; j < rank; ++j) {
        if (perm[static_cast<size_t>(j)] == s.axis) return PassThrough(n, port, j, s.map, 0, s.map);
      }
      return Fail(NodeLabel(n) + " has an invalid permutation");
    }
    const int64_t a = perm[static_cast<size_t>(s.axis)];
    if (a < 0 || a >= rank) return Fail(NodeLabel(n) + " has an invalid permutation");
    PassThrough(n, port, 0, s.map, static_cast<int>(a), s.map);
  }

  void Reshape(uint32_t n, int port, const ChannelSlice& s) {
    if (!CheckDataPort(n, port)) return;
    const graph::Node& node = g_.nodes[n];
    const uint32_t in = node.inputs[0], out = node.outputs[0];
    if (!AllKnown(dims_[in]) || !AllKnown(dims_[out])) return Fail(NodeLabel(n) + " has unknown shapes");
    for (size_t k = 1; k < node.inputs.size(); ++k) {
      if (!IsConstant(node.inputs[k])) return Fail(NodeLabel(n) + " takes a computed shape");
    }
    int out_axis = 0;
    ChannelMap out_map;
    if (port == 0) {
      if (!MapThroughReshape(dims_[in], s.axis, s.map, dims_[out], &out_axis, &out_map)) {
        return Fail(NodeLabel(n) + " splits or scrambles the channel axis");
      }
    } else {
      int in_axis = 0;
      if (!AxisBeforeReshape(dims_[in], dims_[out], s.axis, &in_axis)) {
        return Fail(NodeLabel(n) + " merges the channels of another group's tensor");
      }
      out_axis = s.axis;
      out_map = s.map;
      PassThrough(n, port, 0, s.map, in_axis, s.map);
    }
    if (node.op_type == op::kReshape && node.inputs.size() >= 2) {
      const uint32_t shape = node.inputs[1];
      std::vector<int64_t> values;
      if (!ReadInts(g_.tensors[shape], &values) || static_cast<int>(values.size()) != Rank(out)) {
        return Fail(NodeLabel(n) + " has an unreadable shape constant");
      }
      if (values[static_cast<size_t>(out_axis)] > 0) {
        for (uint32_t c : consumers_[shape]) {
          if (c != n) return Fail("the shape constant of " + NodeLabel(n) + " is shared with another node");
        }
        group_->shape_fixes.push_back(ShapeFix{n, shape, out_axis});
      }
    }
    if (port == 0) PassThrough(n, port, out_axis, out_map, 0, s.map);
  }

  void Reduce(uint32_t n, int port, const ChannelSlice& s) {
    if (!CheckDataPort(n, port)) return;
    const graph::Node& node = g_.nodes[n];
    std::vector<int64_t> axes;
    if (node.inputs.size() < 2 || !IsConstant(node.inputs[1]) || !ReadInts(g_.tensors[node.inputs[1]], &axes)) {
      return Fail(NodeLabel(n) + " has no constant axes");
    }
    if (node.Int("reduce_to_end", 0) != 0) return Fail(NodeLabel(n) + " reduces to the end");
    const int in_rank = Rank(node.inputs[0]);
    std::vector<bool> reduced(static_cast<size_t>(in_rank), false);
    for (int64_t a : axes) {
      if (a < 0) a += in_rank;
      if (a < 0 || a >= in_rank) return Fail(NodeLabel(n) + " has an invalid axis");
      reduced[static_cast<size_t>(a)] = true;
    }
    const bool keep = node.Int("keep_dims", 0) != 0;
    std::vector<int> kept;  // output axis -> input axis
    for (int a = 0; a < in_rank; ++a) {
      if (keep || !reduced[static_cast<size_t>(a)]) kept.push_back(a);
    }
    if (port == 0) {
      if (reduced[static_cast<size_t>(s.axis)]) return Fail(NodeLabel(n) + " reduces over the channel axis");
      for (size_t b = 0; b < kept.size(); ++b) {
        if (kept[b] == s.axis) return PassThrough(n, port, static_cast<int>(b), s.map, 0, s.map);
      }
      return Fail(NodeLabel(n) + " loses the channel axis");
    }
    if (s.axis >= static_cast<int>(kept.size()) || reduced[static_cast<size_t>(kept[static_cast<size_t>(s.axis)])]) {
      return Fail(NodeLabel(n) + " output channels are a reduction");
    }
    PassThrough(n, port, 0, s.map, kept[static_cast<size_t>(s.axis)], s.map);
  }

  void Softmax(uint32_t n, int port, const ChannelSlice& s) {
    if (!CheckDataPort(n, port)) return;
    const graph::Node& node = g_.nodes[n];
    const int rank = Rank(s.tensor);
    std::vector<int64_t> axes = node.Ints("axis");
    if (axes.empty()) axes.push_back(-1);  // the runtime's default: the last axis
    for (int64_t a : axes) {
      if (a < 0) a += rank;
      if (a == s.axis) return Fail(NodeLabel(n) + " normalises over the channels");
    }
    PassThrough(n, port, s.axis, s.map, s.axis, s.map);
  }

  // A parameter the group cuts must be read only where the group cuts it: converters share
  // constants (one bias tensor for several convolutions), and cutting it for one reader would
  // break the others.
  void CheckConstantsNotShared() {
    for (const auto& slice : group_->slices) {
      if (!slice.constant) continue;
      for (uint32_t c : consumers_[slice.tensor]) {
        if (!sliced_reads_.count({c, slice.tensor})) {
          return Fail("constant " + TensorLabel(slice.tensor) + " is shared with " + NodeLabel(c) +
                      ", which does not lose the same channels");
        }
      }
      if (graph_outputs_.count(slice.tensor)) return Fail("constant " + TensorLabel(slice.tensor) + " is a graph output");
    }
  }
};

bool IsRoot(const graph::Graph& g, const graph::Node& n) {
  if (n.inputs.size() < 2 || n.outputs.empty() || n.inputs[1] >= g.tensors.size() || !g.tensors[n.inputs[1]].HasData()) {
    return false;
  }
  const auto& wd = g.tensors[n.inputs[1]].dims;
  if (n.op_type == op::kConv2DFusion) return wd.size() == 4 && std::max<int64_t>(1, n.Int("group", 1)) == 1;
  if (n.op_type == op::kFullConnection) return wd.size() == 2;
  if (n.op_type == op::kMatMulFusion) return wd.size() == 2 && n.Int("transpose_a", 0) == 0;
  return false;
}

}  // namespace

void ChannelPositions(const ChannelMap& map, int64_t channel, std::vector<int64_t>* out) {
  for (int64_t r = 0; r < map.repeats; ++r) {
    const int64_t start = map.offset + r * map.period + channel * map.block;
    for (int64_t j = 0; j < map.block; ++j) out->push_back(start + j);
  }
}

Status KnownDims(const graph::Graph& graph, std::vector<std::vector<int32_t>>* dims) {
  dims->clear();
#if PRUNELAB_HAVE_SHAPE_INFERENCE
  std::vector<std::vector<int32_t>> inferred;
  if (graph::InferShapes(graph, nullptr, &inferred).ok() && inferred.size() == graph.tensors.size()) {
    *dims = std::move(inferred);
    // Constants keep their own dims; an activation inference could not size keeps the file's.
    for (size_t t = 0; t < graph.tensors.size(); ++t) {
      if (graph.tensors[t].HasData() || (*dims)[t].empty()) (*dims)[t] = graph.tensors[t].dims;
    }
    return Status::Ok();
  }
#endif
  for (const auto& t : graph.tensors) dims->push_back(t.dims);
  return Status::Ok();
}

Status DependencyGraph::Build(const graph::Graph& g, const std::vector<std::vector<int32_t>>& dims, DependencyGraph* out) {
  if (dims.size() != g.tensors.size()) return Internal("dependency analysis: dims for every tensor are needed");
  std::vector<uint32_t> order;
  PRUNELAB_RETURN_IF_ERROR(g.TopologicalOrder(&order));
  const std::vector<int32_t> producers = g.Producers();
  const std::vector<std::vector<uint32_t>> consumers = g.Consumers();
  std::vector<int32_t> root_group(g.nodes.size(), -1);
  out->groups_.clear();
  for (uint32_t n : order) {
    if (root_group[n] >= 0 || !IsRoot(g, g.nodes[n])) continue;
    ChannelGroup group;
    group.id = static_cast<int32_t>(out->groups_.size());
    GroupBuilder builder(g, dims, producers, consumers, &root_group, &group);
    builder.Seed(n);
    if (root_group[n] < 0) {
      // The seed's own rule failed before it could claim the root: record it as its own group.
      root_group[n] = group.id;
      group.roots.insert(group.roots.begin(), n);
      if (group.prunable) {
        group.prunable = false;
        group.reason = "the analysis could not follow its output";
      }
    }
    out->groups_.push_back(std::move(group));
  }
  return Status::Ok();
}

int32_t DependencyGraph::GroupOfRoot(uint32_t node) const {
  for (const auto& g : groups_) {
    for (uint32_t r : g.roots) {
      if (r == node) return g.id;
    }
  }
  return -1;
}

}  // namespace prune
}  // namespace prunelab
