#include "prune/graph_builder.h"

#include <cstring>

#include "prune/importance/importance.h"

namespace prunelab {
namespace prune {

namespace op = graph::op;

std::vector<float> PseudoRandom(size_t count, uint64_t seed, float scale) {
  std::vector<float> v(count);
  RandomScores(seed, Span<float>(v.data(), v.size()));
  for (float& x : v) x = (x * 2.0f - 1.0f) * scale;
  return v;
}

uint32_t GraphBuilder::Input(const std::string& name, std::vector<int32_t> dims) {
  const uint32_t t = Activation_(name, std::move(dims));
  graph_.inputs.push_back(t);
  return t;
}

uint32_t GraphBuilder::Activation_(const std::string& name, std::vector<int32_t> dims) {
  graph::Tensor t;
  t.name = name;
  t.role = graph::tensor_role::kActivation;
  t.dtype = graph::DataType::kFloat32;
  t.format = dims.size() == 4 ? graph::format::kNHWC : graph::format::kNCHW;
  t.dims = std::move(dims);
  graph_.tensors.push_back(std::move(t));
  return static_cast<uint32_t>(graph_.tensors.size() - 1);
}

uint32_t GraphBuilder::Constant(const std::string& name, std::vector<int32_t> dims, std::vector<float> data) {
  graph::Tensor t;
  t.name = name;
  t.role = graph::tensor_role::kConstant;
  t.dtype = graph::DataType::kFloat32;
  t.format = graph::format::kNHWC;
  t.dims = std::move(dims);
  std::vector<uint8_t> bytes(data.size() * sizeof(float));
  if (!data.empty()) std::memcpy(bytes.data(), data.data(), bytes.size());
  t.data.SetOwned(std::move(bytes));
  graph_.tensors.push_back(std::move(t));
  return static_cast<uint32_t>(graph_.tensors.size() - 1);
}

uint32_t GraphBuilder::IntConstant(const std::string& name, std::vector<int32_t> values) {
  graph::Tensor t;
  t.name = name;
  t.role = graph::tensor_role::kConstant;
  t.dtype = graph::DataType::kInt32;
  t.dims = {static_cast<int32_t>(values.size())};
  std::vector<uint8_t> bytes(values.size() * sizeof(int32_t));
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  t.data.SetOwned(std::move(bytes));
  graph_.tensors.push_back(std::move(t));
  return static_cast<uint32_t>(graph_.tensors.size() - 1);
}

graph::Node& GraphBuilder::AddNode(const std::string& name, int32_t op_type, std::vector<uint32_t> inputs,
                                   uint32_t output) {
  graph::Node node;
  node.name = name;
  node.op_type = op_type;
  node.inputs = std::move(inputs);
  node.outputs = {output};
  graph_.nodes.push_back(std::move(node));
  return graph_.nodes.back();
}

uint32_t GraphBuilder::Conv(const std::string& name, uint32_t x, uint32_t weight, int32_t bias, int64_t group,
                            bool same, int64_t stride, int32_t activation) {
  const auto xd = graph_.tensors[x].dims;
  const auto wd = graph_.tensors[weight].dims;
  const int32_t kh = wd[1], kw = wd[2];
  int32_t oh, ow;
  int64_t pt = 0, pb = 0, pl = 0, pr = 0;
  if (same) {
    oh = static_cast<int32_t>((xd[1] + stride - 1) / stride);
    ow = static_cast<int32_t>((xd[2] + stride - 1) / stride);
    const int64_t ph = std::max<int64_t>(0, (oh - 1) * stride + kh - xd[1]);
    const int64_t pw = std::max<int64_t>(0, (ow - 1) * stride + kw - xd[2]);
    pt = ph / 2;
    pb = ph - pt;
    pl = pw / 2;
    pr = pw - pl;
  } else {
    oh = static_cast<int32_t>((xd[1] - kh) / stride + 1);
    ow = static_cast<int32_t>((xd[2] - kw) / stride + 1);
  }
  const uint32_t y = Activation_(name + "_out", {xd[0], oh, ow, wd[0]});
  std::vector<uint32_t> inputs = {x, weight};
  if (bias >= 0) inputs.push_back(static_cast<uint32_t>(bias));
  graph::Node& n = AddNode(name, op::kConv2DFusion, inputs, y);
  n.SetInt("format", graph::format::kNHWC);
  n.SetInts("kernel_size", {kh, kw});
  n.SetInts("stride", {stride, stride});
  n.SetInts("dilation", {1, 1});
  n.SetInt("pad_mode", graph::pad_mode::kPad);
  n.SetInts("pad_list", {pt, pb, pl, pr});
  n.SetInt("group", group);
  n.SetInt("in_channel", xd[3]);
  n.SetInt("out_channel", wd[0]);
  n.SetInt("activation_type", activation);
  return y;
}

uint32_t GraphBuilder::FullConnection(const std::string& name, uint32_t x, uint32_t weight, int32_t bias,
                                      int32_t activation) {
  const auto xd = graph_.tensors[x].dims;
  const auto wd = graph_.tensors[weight].dims;
  int64_t elements = 1;
  for (int32_t d : xd) elements *= d;
  const uint32_t y = Activation_(name + "_out", {static_cast<int32_t>(elements / wd[1]), wd[0]});
  std::vector<uint32_t> inputs = {x, weight};
  if (bias >= 0) inputs.push_back(static_cast<uint32_t>(bias));
  graph::Node& n = AddNode(name, op::kFullConnection, inputs, y);
  n.SetInt("has_bias", bias >= 0 ? 1 : 0);
  n.SetInt("activation_type", activation);
  return y;
}

uint32_t GraphBuilder::MatMul(const std::string& name, uint32_t x, uint32_t weight, int32_t bias, bool transpose_b) {
  const auto xd = graph_.tensors[x].dims;
  const auto wd = graph_.tensors[weight].dims;
  const uint32_t y = Activation_(name + "_out", {xd[0], transpose_b ? wd[0] : wd[1]});
  std::vector<uint32_t> inputs = {x, weight};
  if (bias >= 0) inputs.push_back(static_cast<uint32_t>(bias));
  graph::Node& n = AddNode(name, op::kMatMulFusion, inputs, y);
  n.SetInt("transpose_a", 0);
  n.SetInt("transpose_b", transpose_b ? 1 : 0);
  return y;
}

uint32_t GraphBuilder::Add(const std::string& name, uint32_t a, uint32_t b, int32_t activation) {
  const uint32_t y = Activation_(name + "_out", graph_.tensors[a].dims);
  graph::Node& n = AddNode(name, op::kAddFusion, {a, b}, y);
  n.SetInt("activation_type", activation);
  return y;
}

uint32_t GraphBuilder::Mul(const std::string& name, uint32_t a, uint32_t b) {
  const uint32_t y = Activation_(name + "_out", graph_.tensors[a].dims);
  graph::Node& n = AddNode(name, op::kMulFusion, {a, b}, y);
  n.SetInt("activation_type", 0);
  return y;
}

uint32_t GraphBuilder::Activation(const std::string& name, uint32_t x, int32_t type) {
  const uint32_t y = Activation_(name + "_out", graph_.tensors[x].dims);
  graph::Node& n = AddNode(name, op::kActivation, {x}, y);
  n.SetInt("activation_type", type);
  return y;
}

uint32_t GraphBuilder::MaxPool(const std::string& name, uint32_t x, int64_t kernel, int64_t stride) {
  const auto xd = graph_.tensors[x].dims;
  const uint32_t y = Activation_(name + "_out", {xd[0], static_cast<int32_t>((xd[1] - kernel) / stride + 1),
                                                 static_cast<int32_t>((xd[2] - kernel) / stride + 1), xd[3]});
  graph::Node& n = AddNode(name, op::kMaxPoolFusion, {x}, y);
  n.SetInts("kernel_size", {kernel, kernel});
  n.SetInts("strides", {stride, stride});
  n.SetInts("pad", {0, 0, 0, 0});
  n.SetInt("pad_mode", graph::pad_mode::kValid);
  n.SetInt("format", graph::format::kNHWC);
  return y;
}

uint32_t GraphBuilder::GlobalAvgPool(const std::string& name, uint32_t x) {
  const auto xd = graph_.tensors[x].dims;
  const uint32_t y = Activation_(name + "_out", {xd[0], 1, 1, xd[3]});
  graph::Node& n = AddNode(name, op::kAvgPoolFusion, {x}, y);
  n.SetInts("kernel_size", {xd[1], xd[2]});
  n.SetInts("strides", {1, 1});
  n.SetInts("pad", {0, 0, 0, 0});
  n.SetInt("pad_mode", graph::pad_mode::kValid);
  n.SetInt("format", graph::format::kNHWC);
  n.SetInt("global", 1);
  return y;
}

uint32_t GraphBuilder::BatchNorm(const std::string& name, uint32_t x, uint32_t mean, uint32_t variance, float epsilon) {
  const uint32_t y = Activation_(name + "_out", graph_.tensors[x].dims);
  graph::Node& n = AddNode(name, op::kBatchNorm, {x, mean, variance}, y);
  n.SetFloat("epsilon", epsilon);
  n.SetInt("format", graph::format::kNHWC);
  return y;
}

uint32_t GraphBuilder::Transpose(const std::string& name, uint32_t x, std::vector<int32_t> perm) {
  const auto xd = graph_.tensors[x].dims;
  std::vector<int32_t> yd;
  for (int32_t p : perm) yd.push_back(xd[static_cast<size_t>(p)]);
  const uint32_t perm_t = IntConstant(name + "_perm", perm);
  const uint32_t y = Activation_(name + "_out", yd);
  graph_.tensors[y].format = graph::format::kNCHW;
  AddNode(name, op::kTranspose, {x, perm_t}, y);
  return y;
}

uint32_t GraphBuilder::Reshape(const std::string& name, uint32_t x, std::vector<int32_t> shape) {
  const auto xd = graph_.tensors[x].dims;
  int64_t elements = 1, known = 1;
  for (int32_t d : xd) elements *= d;
  std::vector<int32_t> yd = shape;
  for (int32_t d : shape) known *= d > 0 ? d : 1;
  for (int32_t& d : yd) {
    if (d < 0) d = static_cast<int32_t>(elements / known);
  }
  const uint32_t shape_t = IntConstant(name + "_shape", shape);
  const uint32_t y = Activation_(name + "_out", yd);
  AddNode(name, op::kReshape, {x, shape_t}, y);
  return y;
}

uint32_t GraphBuilder::Concat(const std::string& name, std::vector<uint32_t> inputs, int64_t axis) {
  auto yd = graph_.tensors[inputs[0]].dims;
  const int64_t a = axis < 0 ? axis + static_cast<int64_t>(yd.size()) : axis;
  yd[static_cast<size_t>(a)] = 0;
  for (uint32_t t : inputs) yd[static_cast<size_t>(a)] += graph_.tensors[t].dims[static_cast<size_t>(a)];
  const uint32_t y = Activation_(name + "_out", yd);
  graph::Node& n = AddNode(name, op::kConcat, inputs, y);
  n.SetInt("axis", axis);
  return y;
}

uint32_t GraphBuilder::Softmax(const std::string& name, uint32_t x) {
  const uint32_t y = Activation_(name + "_out", graph_.tensors[x].dims);
  graph::Node& n = AddNode(name, op::kSoftmax, {x}, y);
  n.SetInts("axis", {-1});
  return y;
}

void GraphBuilder::Output(uint32_t tensor) { graph_.outputs.push_back(tensor); }

}  // namespace prune
}  // namespace prunelab
