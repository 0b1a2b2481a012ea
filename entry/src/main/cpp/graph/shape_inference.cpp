#include "graph/shape_inference.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace prunelab {
namespace graph {
namespace {

using Dims = std::vector<int32_t>;

constexpr int32_t kUnknown = -1;
// Attribute values past this (kernel sizes, strides, pads, ...) are not real and would overflow arithmetic.
constexpr int64_t kMaxAttr = int64_t{1} << 30;

bool Plausible(int64_t v) { return v >= -kMaxAttr && v <= kMaxAttr; }

// A failed rule: the reason, without the node (the caller adds it).
struct Failure {
  std::string reason;
};

class RuleContext {
 public:
  RuleContext(const Graph& graph, const Node& node, std::vector<Dims>* dims) : graph_(graph), node_(node), dims_(*dims) {}

  size_t inputs() const { return node_.inputs.size(); }
  const Dims& in(size_t i) const { return dims_[node_.inputs[i]]; }
  const Tensor& in_tensor(size_t i) const { return graph_.tensors[node_.inputs[i]]; }
  const Node& node() const { return node_; }
  const Dims& file_out(size_t i) const { return graph_.tensors[node_.outputs[i]].dims; }

  // A constant integer input (int32 or int64 data) read as int64; false when it is not constant.
  bool ConstInts(size_t i, std::vector<int64_t>* out) const {
    out->clear();
    if (i >= node_.inputs.size()) return false;
    const Tensor& t = in_tensor(i);
    if (!t.HasData()) return false;
    const ByteSpan bytes = t.data.bytes();
    if (t.dtype == DataType::kInt32 && bytes.size() % 4 == 0) {
      for (size_t k = 0; k < bytes.size(); k += 4) {
        int32_t v;
        std::memcpy(&v, bytes.data() + k, 4);
        out->push_back(v);
      }
      return true;
    }
    if (t.dtype == DataType::kInt64 && bytes.size() % 8 == 0) {
      for (size_t k = 0; k < bytes.size(); k += 8) {
        int64_t v;
        std::memcpy(&v, bytes.data() + k, 8);
        out->push_back(v);
      }
      return true;
    }
    return false;
  }

 private:
  const Graph& graph_;
  const Node& node_;
  std::vector<Dims>& dims_;
};

bool Fail(Failure* failure, std::string reason) {
  failure->reason = std::move(reason);
  return false;
}

std::string Show(const Dims& dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i) text += (i ? "," : "") + std::to_string(dims[i]);
  return text + "]";
}

// Narrows a computed dim; -1 stays unknown, anything else must fit int32.
bool ToDim(int64_t value, int32_t* out, Failure* failure) {
  if (value == kUnknown) {
    *out = kUnknown;
    return true;
  }
  if (value < 0 || value > std::numeric_limits<int32_t>::max()) return Fail(failure, "a computed dimension " + std::to_string(value) + " is out of range");
  *out = static_cast<int32_t>(value);
  return true;
}

bool NormalizeAxis(int64_t axis, size_t rank, int64_t* out, Failure* failure) {
  const int64_t r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) return Fail(failure, "axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  *out = axis < 0 ? axis + r : axis;
  return true;
}

bool Broadcast(const Dims& a, const Dims& b, Dims* out, Failure* failure) {
  const size_t rank = std::max(a.size(), b.size());
  out->assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    const int32_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int32_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (x == y || y == 1) (*out)[i] = x;
    else if (x == 1) (*out)[i] = y;
    else if (x == kUnknown || y == kUnknown) (*out)[i] = kUnknown;
    else return Fail(failure, "shapes " + Show(a) + " and " + Show(b) + " do not broadcast");
  }
  return true;
}

// Output size of a sliding window along one spatial axis.
bool WindowOutput(int32_t in, int64_t kernel, int64_t stride, int64_t dilation, int64_t pad_before, int64_t pad_after,
                  int64_t mode, bool ceil_round, int32_t* out, Failure* failure) {
  if (in == kUnknown) {
    *out = kUnknown;
    return true;
  }
  if (kernel <= 0 || stride <= 0 || dilation <= 0) return Fail(failure, "a kernel, stride or dilation is not positive");
  if (!Plausible(kernel) || !Plausible(stride) || !Plausible(dilation) || !Plausible(pad_before) || !Plausible(pad_after)) {
    return Fail(failure, "a kernel, stride, dilation or pad is implausibly large");
  }
  const int64_t span = (kernel - 1) * dilation + 1;
  int64_t size = 0;
  if (mode == pad_mode::kSame) {
    size = (in + stride - 1) / stride;
  } else {
    const int64_t padded = mode == pad_mode::kValid ? in : in + pad_before + pad_after;
    if (padded < span) return Fail(failure, "the window " + std::to_string(span) + " is larger than the input " + std::to_string(padded));
    size = ceil_round ? (padded - span + stride - 1) / stride + 1 : (padded - span) / stride + 1;
  }
  return ToDim(size, out, failure);
}

int64_t At(const std::vector<int64_t>& values, size_t i, int64_t fallback) { return i < values.size() ? values[i] : fallback; }

bool Conv2D(const RuleContext& c, Dims* out, Failure* f) {
  if (c.inputs() < 2) return Fail(f, "it needs an input and a weight");
  const Dims& x = c.in(0);
  const Dims& w = c.in(1);
  if (x.size() != 4 || w.size() != 4) return Fail(f, "input " + Show(x) + " and weight " + Show(w) + " must be 4-D (NHWC, OHWI)");
  const Node& n = c.node();
  const int64_t group = std::max<int64_t>(1, n.Int("group", 1));
  if (!Plausible(group)) return Fail(f, "its group is implausibly large");
  if (x[3] != kUnknown && w[3] != kUnknown && static_cast<int64_t>(w[3]) * group != x[3]) {
    return Fail(f, "input channels " + std::to_string(x[3]) + " do not match weight " + Show(w) + " with group " + std::to_string(group));
  }
  const std::vector<int64_t> kernel = n.Ints("kernel_size");
  const std::vector<int64_t> stride = n.Ints("stride");
  const std::vector<int64_t> dilation = n.Ints("dilation");
  const std::vector<int64_t> pads = n.Ints("pad_list");
  const int64_t mode = n.Int("pad_mode");
  out->assign(4, 0);
  (*out)[0] = x[0];
  (*out)[3] = w[0];
  return WindowOutput(x[1], At(kernel, 0, w[1]), At(stride, 0, 1), At(dilation, 0, 1), At(pads, 0, 0), At(pads, 1, 0), mode,
                      false, &(*out)[1], f) &&
         WindowOutput(x[2], At(kernel, 1, w[2]), At(stride, 1, 1), At(dilation, 1, 1), At(pads, 2, 0), At(pads, 3, 0), mode,
                      false, &(*out)[2], f);
}

bool Pool(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  if (x.size() != 4) return Fail(f, "input " + Show(x) + " must be 4-D NHWC");
  const Node& n = c.node();
  *out = x;
  if (n.Int("global") != 0) {
    (*out)[1] = 1;
    (*out)[2] = 1;
    return true;
  }
  const std::vector<int64_t> kernel = n.Ints("kernel_size");
  const std::vector<int64_t> strides = n.Ints("strides");
  const std::vector<int64_t> pads = n.Ints("pad");
  if (kernel.size() < 2) return Fail(f, "it has no kernel_size");
  const bool ceil_round = n.Int("round_mode") == 1;
  const int64_t mode = n.Int("pad_mode");
  return WindowOutput(x[1], kernel[0], At(strides, 0, 1), 1, At(pads, 0, 0), At(pads, 1, 0), mode, ceil_round, &(*out)[1], f) &&
         WindowOutput(x[2], kernel[1], At(strides, 1, 1), 1, At(pads, 2, 0), At(pads, 3, 0), mode, ceil_round, &(*out)[2], f);
}

int64_t Product(const Dims& dims, size_t begin, size_t end) {
  int64_t product = 1;
  for (size_t i = begin; i < end; ++i) {
    if (dims[i] == kUnknown) return kUnknown;
    product *= dims[i];
    if (product > std::numeric_limits<int32_t>::max()) return std::numeric_limits<int64_t>::max();
  }
  return product;
}

bool FullConnection(const RuleContext& c, Dims* out, Failure* f) {
  if (c.inputs() < 2) return Fail(f, "it needs an input and a weight");
  const Dims& x = c.in(0);
  const Dims& w = c.in(1);
  if (w.size() != 2) return Fail(f, "weight " + Show(w) + " must be 2-D [out, in]");
  const Node& n = c.node();
  if (n.Int("use_axis") != 0) {
    int64_t axis = 0;
    if (!NormalizeAxis(n.Int("axis"), x.size(), &axis, f)) return false;
    const int64_t inner = Product(x, static_cast<size_t>(axis), x.size());
    if (inner != kUnknown && w[1] != kUnknown && inner != w[1]) return Fail(f, "input " + Show(x) + " does not flatten to " + std::to_string(w[1]) + " features at axis " + std::to_string(axis));
    out->assign(x.begin(), x.begin() + axis);
    out->push_back(w[0]);
    return true;
  }
  const int64_t total = Product(x, 0, x.size());
  if (w[1] <= 0) return Fail(f, "weight " + Show(w) + " has no input features");
  if (total != kUnknown && total % w[1] != 0) return Fail(f, "input " + Show(x) + " does not split into rows of " + std::to_string(w[1]));
  int32_t rows = 0;
  if (!ToDim(total == kUnknown ? kUnknown : total / w[1], &rows, f)) return false;
  *out = {rows, w[0]};
  return true;
}

bool MatMul(const RuleContext& c, Dims* out, Failure* f) {
  if (c.inputs() < 2) return Fail(f, "it needs two inputs");
  Dims a = c.in(0);
  Dims b = c.in(1);
  if (a.size() < 2 || b.size() < 2) return Fail(f, "inputs " + Show(a) + " and " + Show(b) + " must be at least 2-D");
  if (c.node().Int("transpose_a") != 0) std::swap(a[a.size() - 1], a[a.size() - 2]);
  if (c.node().Int("transpose_b") != 0) std::swap(b[b.size() - 1], b[b.size() - 2]);
  const int32_t k_a = a.back(), k_b = b[b.size() - 2];
  if (k_a != kUnknown && k_b != kUnknown && k_a != k_b) return Fail(f, "inner dimensions of " + Show(a) + " and " + Show(b) + " differ");
  Dims batch;
  if (!Broadcast(Dims(a.begin(), a.end() - 2), Dims(b.begin(), b.end() - 2), &batch, f)) return false;
  *out = batch;
  out->push_back(a[a.size() - 2]);
  out->push_back(b.back());
  return true;
}

bool Reshape(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  std::vector<int64_t> shape;
  if (!c.ConstInts(1, &shape)) {
    // A shape computed at run time: the file's dims are the best there is.
    const Dims& file = c.file_out(0);
    if (std::find(file.begin(), file.end(), kUnknown) != file.end() || (file.empty() && Product(x, 0, x.size()) != 1)) {
      return Fail(f, "its shape is not a constant");
    }
    *out = file;
    return true;
  }
  const int64_t total = Product(x, 0, x.size());
  out->assign(shape.size(), 0);
  int64_t known = 1;
  int infer_at = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    int64_t d = shape[i];
    if (d == 0) {
      if (i >= x.size()) return Fail(f, "shape entry 0 at position " + std::to_string(i) + " has no input dim to copy");
      d = x[i];
    }
    if (d == -1) {
      if (infer_at >= 0) return Fail(f, "its shape has more than one -1");
      infer_at = static_cast<int>(i);
      continue;
    }
    if (!ToDim(d, &(*out)[i], f)) return false;
    if (d == kUnknown) {
      known = kUnknown;
    } else if (known != kUnknown) {
      if (d != 0 && known > (int64_t{1} << 40) / d) return Fail(f, "its shape has an absurd element count");
      known *= d;
    }
  }
  if (infer_at >= 0) {
    if (total == kUnknown || known == kUnknown) (*out)[static_cast<size_t>(infer_at)] = kUnknown;
    else if (known == 0 || total % known != 0) return Fail(f, "input " + Show(x) + " cannot be reshaped to a -1 dimension");
    else if (!ToDim(total / known, &(*out)[static_cast<size_t>(infer_at)], f)) return false;
  } else if (total != kUnknown && known != kUnknown && total != known) {
    return Fail(f, "input " + Show(x) + " has " + std::to_string(total) + " elements, the shape " + std::to_string(known));
  }
  return true;
}

bool Flatten(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  int64_t axis = c.node().Int("axis", 1);
  if (axis < 0) axis += static_cast<int64_t>(x.size());
  if (axis < 0 || axis > static_cast<int64_t>(x.size())) return Fail(f, "axis is out of range");
  int32_t outer = 0, inner = 0;
  if (!ToDim(Product(x, 0, static_cast<size_t>(axis)), &outer, f) || !ToDim(Product(x, static_cast<size_t>(axis), x.size()), &inner, f)) return false;
  *out = {outer, inner};
  return true;
}

bool Transpose(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  std::vector<int64_t> perm;
  if (!c.ConstInts(1, &perm)) return Fail(f, "its permutation is not a constant");
  if (perm.size() != x.size()) return Fail(f, "permutation of " + std::to_string(perm.size()) + " entries for input " + Show(x));
  out->assign(x.size(), 0);
  std::vector<bool> used(x.size(), false);
  for (size_t i = 0; i < perm.size(); ++i) {
    int64_t p = 0;
    if (!NormalizeAxis(perm[i], x.size(), &p, f)) return false;
    if (used[static_cast<size_t>(p)]) return Fail(f, "its permutation repeats an axis");
    used[static_cast<size_t>(p)] = true;
    (*out)[i] = x[static_cast<size_t>(p)];
  }
  return true;
}

bool Squeeze(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  const std::vector<int64_t> axes = c.node().Ints("axis");
  std::vector<bool> drop(x.size(), false);
  if (axes.empty()) {
    for (size_t i = 0; i < x.size(); ++i) drop[i] = x[i] == 1;
  } else {
    for (int64_t a : axes) {
      int64_t axis = 0;
      if (!NormalizeAxis(a, x.size(), &axis, f)) return false;
      if (x[static_cast<size_t>(axis)] != 1 && x[static_cast<size_t>(axis)] != kUnknown) return Fail(f, "axis " + std::to_string(a) + " of " + Show(x) + " is not 1");
      drop[static_cast<size_t>(axis)] = true;
    }
  }
  out->clear();
  for (size_t i = 0; i < x.size(); ++i) {
    if (!drop[i]) out->push_back(x[i]);
  }
  return true;
}

bool InsertOnes(const Dims& x, const std::vector<int64_t>& axes, Dims* out, Failure* f) {
  const size_t rank = x.size() + axes.size();
  std::vector<bool> one(rank, false);
  for (int64_t a : axes) {
    int64_t axis = 0;
    if (!NormalizeAxis(a, rank, &axis, f)) return false;
    if (one[static_cast<size_t>(axis)]) return Fail(f, "an axis is repeated");
    one[static_cast<size_t>(axis)] = true;
  }
  out->clear();
  size_t next = 0;
  for (size_t i = 0; i < rank; ++i) out->push_back(one[i] ? 1 : x[next++]);
  return true;
}

bool Unsqueeze(const RuleContext& c, Dims* out, Failure* f) { return InsertOnes(c.in(0), c.node().Ints("axis"), out, f); }

bool ExpandDims(const RuleContext& c, Dims* out, Failure* f) {
  std::vector<int64_t> axis;
  if (!c.ConstInts(1, &axis) || axis.size() != 1) return Fail(f, "its axis is not a constant scalar");
  return InsertOnes(c.in(0), axis, out, f);
}

bool Concat(const RuleContext& c, Dims* out, Failure* f) {
  *out = c.in(0);
  int64_t axis = 0;
  if (!NormalizeAxis(c.node().Int("axis"), out->size(), &axis, f)) return false;
  const size_t ax = static_cast<size_t>(axis);
  for (size_t i = 1; i < c.inputs(); ++i) {
    const Dims& x = c.in(i);
    if (x.size() != out->size()) return Fail(f, "inputs " + Show(*out) + " and " + Show(x) + " differ in rank");
    for (size_t d = 0; d < x.size(); ++d) {
      if (d == ax) continue;
      if (x[d] != (*out)[d] && x[d] != kUnknown && (*out)[d] != kUnknown) return Fail(f, "inputs differ outside the concat axis");
    }
    if ((*out)[ax] == kUnknown || x[ax] == kUnknown) (*out)[ax] = kUnknown;
    else if (!ToDim(static_cast<int64_t>((*out)[ax]) + x[ax], &(*out)[ax], f)) return false;
  }
  return true;
}

bool Pad(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  std::vector<int64_t> pads;
  if (!c.ConstInts(1, &pads)) {
    const Attributes& attrs = c.node().attrs;  // paddings (field 0) as an attribute instead of an input
    if (!attrs.is_opaque && !attrs.values.empty()) {
      for (const auto& row : attrs.values[0].matrix) pads.insert(pads.end(), row.begin(), row.end());
    }
  }
  if (pads.size() != 2 * x.size()) return Fail(f, "its paddings do not give two numbers per dimension of " + Show(x));
  for (int64_t p : pads) {
    if (!Plausible(p)) return Fail(f, "a padding is implausibly large");
  }
  *out = x;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] == kUnknown) continue;
    if (!ToDim(x[i] + pads[2 * i] + pads[2 * i + 1], &(*out)[i], f)) return false;
  }
  return true;
}

bool Reduce(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  std::vector<int64_t> axes;
  if (c.inputs() > 1 && !c.ConstInts(1, &axes)) return Fail(f, "its axes are not a constant");
  std::vector<bool> reduced(x.size(), axes.empty());
  for (int64_t a : axes) {
    int64_t axis = 0;
    if (!NormalizeAxis(a, x.size(), &axis, f)) return false;
    reduced[static_cast<size_t>(axis)] = true;
  }
  if (c.node().Int("reduce_to_end") != 0 && !axes.empty()) {
    int64_t first = 0;
    if (!NormalizeAxis(axes[0], x.size(), &first, f)) return false;
    for (size_t i = static_cast<size_t>(first); i < x.size(); ++i) reduced[i] = true;
  }
  const bool keep = c.node().Int("keep_dims") != 0;
  out->clear();
  for (size_t i = 0; i < x.size(); ++i) {
    if (!reduced[i]) out->push_back(x[i]);
    else if (keep) out->push_back(1);
  }
  return true;
}

bool StridedSlice(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  const Node& n = c.node();
  if (n.Int("ellipsis_mask") != 0 || n.Int("new_axis_mask") != 0) return Fail(f, "ellipsis and new-axis masks are not supported");
  std::vector<int64_t> begin, end, strides;
  if (!c.ConstInts(1, &begin) || !c.ConstInts(2, &end)) return Fail(f, "its begin and end are not constants");
  if (c.inputs() > 3 && !c.ConstInts(3, &strides)) return Fail(f, "its strides are not a constant");
  if (begin.size() != end.size() || begin.size() > x.size()) return Fail(f, "its begin/end do not fit input " + Show(x));
  const int64_t begin_mask = n.Int("begin_mask"), end_mask = n.Int("end_mask"), shrink = n.Int("shrink_axis_mask");
  out->clear();
  for (size_t i = 0; i < x.size(); ++i) {
    if (i >= begin.size()) {
      out->push_back(x[i]);
      continue;
    }
    const int64_t stride = At(strides, i, 1);
    if (stride == 0 || !Plausible(stride)) return Fail(f, "a stride is 0 or implausibly large");
    const bool is_shrink = ((shrink >> i) & 1) != 0;
    if (x[i] == kUnknown) {
      if (!is_shrink) out->push_back(kUnknown);
      continue;
    }
    const int64_t dim = x[i];
    // TensorFlow semantics: negative positions count from the end, then clamp to the valid range.
    auto clamp = [&](int64_t v) {
      if (v < 0) v += dim;
      return stride > 0 ? std::min(std::max<int64_t>(v, 0), dim) : std::min(std::max<int64_t>(v, -1), dim - 1);
    };
    const int64_t b = ((begin_mask >> i) & 1) ? (stride > 0 ? 0 : dim - 1) : clamp(begin[i]);
    const int64_t e = ((end_mask >> i) & 1) ? (stride > 0 ? dim : -1) : clamp(end[i]);
    if (is_shrink) continue;
    const int64_t count = stride > 0 ? (e - b + stride - 1) / stride : (b - e + (-stride) - 1) / (-stride);
    int32_t d = 0;
    if (!ToDim(std::max<int64_t>(count, 0), &d, f)) return false;
    out->push_back(d);
  }
  return true;
}

bool Stack(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  for (size_t i = 1; i < c.inputs(); ++i) {
    if (c.in(i) != x) return Fail(f, "inputs " + Show(x) + " and " + Show(c.in(i)) + " differ");
  }
  int64_t axis = 0;
  if (!NormalizeAxis(c.node().Int("axis"), x.size() + 1, &axis, f)) return false;
  *out = x;
  out->insert(out->begin() + axis, static_cast<int32_t>(c.inputs()));
  return true;
}

bool Gather(const RuleContext& c, Dims* out, Failure* f) {
  if (c.inputs() < 2) return Fail(f, "it needs data and indices");
  const Dims& x = c.in(0);
  std::vector<int64_t> axis_value;
  int64_t axis = 0;
  if (c.inputs() > 2 && (!c.ConstInts(2, &axis_value) || axis_value.size() != 1)) return Fail(f, "its axis is not a constant scalar");
  if (!NormalizeAxis(axis_value.empty() ? 0 : axis_value[0], x.size(), &axis, f)) return false;
  out->assign(x.begin(), x.begin() + axis);
  out->insert(out->end(), c.in(1).begin(), c.in(1).end());
  out->insert(out->end(), x.begin() + axis + 1, x.end());
  return true;
}

bool AddN(const RuleContext& c, Dims* out, Failure* f) {
  *out = c.in(0);
  for (size_t i = 1; i < c.inputs(); ++i) {
    Dims next;
    if (!Broadcast(*out, c.in(i), &next, f)) return false;
    *out = next;
  }
  return true;
}

bool BinaryBroadcast(const RuleContext& c, Dims* out, Failure* f) {
  if (c.inputs() < 2) return Fail(f, "it needs two inputs");
  return Broadcast(c.in(0), c.in(1), out, f);
}

bool SameAsFirst(const RuleContext& c, Dims* out, Failure* f) {
  if (c.inputs() < 1) return Fail(f, "it has no input");
  *out = c.in(0);
  return true;
}

bool ShapeOp(const RuleContext& c, Dims* out, Failure*) {
  *out = {static_cast<int32_t>(c.in(0).size())};
  return true;
}

bool ArgMax(const RuleContext& c, Dims* out, Failure* f) {
  const Dims& x = c.in(0);
  int64_t axis = 0;
  if (!NormalizeAxis(c.node().Int("axis"), x.size(), &axis, f)) return false;
  *out = x;
  const int64_t top_k = c.node().Int("top_k", 1);
  if (c.node().Int("keep_dims") != 0 || top_k > 1) {
    if (!ToDim(top_k, &(*out)[static_cast<size_t>(axis)], f)) return false;
  } else {
    out->erase(out->begin() + axis);
  }
  return true;
}

using Rule = bool (*)(const RuleContext&, Dims*, Failure*);

Rule FindRule(int32_t type) {
  switch (type) {
    case op::kConv2DFusion: return Conv2D;
    case op::kFullConnection: return FullConnection;
    case op::kMatMulFusion: return MatMul;
    case op::kAddFusion:
    case op::kSubFusion:
    case op::kMulFusion:
    case op::kDivFusion: return BinaryBroadcast;
    case op::kMaxPoolFusion:
    case op::kAvgPoolFusion: return Pool;
    case op::kReshape: return Reshape;
    case op::kFlatten: return Flatten;
    case op::kTranspose: return Transpose;
    case op::kSqueeze: return Squeeze;
    case op::kUnsqueeze: return Unsqueeze;
    case op::kExpandDims: return ExpandDims;
    case op::kConcat: return Concat;
    case op::kPadFusion: return Pad;
    case op::kReduceFusion: return Reduce;
    case op::kStridedSlice: return StridedSlice;
    case op::kStack: return Stack;
    case op::kGather: return Gather;
    case op::kAddN: return AddN;
    case op::kShape: return ShapeOp;
    case op::kArgMaxFusion: return ArgMax;
    case op::kBiasAdd:
    case op::kActivation:
    case op::kSoftmax:
    case op::kBatchNorm:
    case op::kFusedBatchNorm:
    case op::kScaleFusion:
    case op::kCast:
    case op::kClip:
    case op::kDropout:
    case op::kLeakyRelu:
    case op::kPReLUFusion:
    case op::kQuantDTypeCast:
    case op::kLayerNormFusion: return SameAsFirst;
    default: return nullptr;
  }
}

}  // namespace

bool HasShapeRule(int32_t type) { return FindRule(type) != nullptr; }

Status InferShapes(const Graph& graph, const std::vector<std::vector<int32_t>>* input_dims_override,
                   std::vector<std::vector<int32_t>>* dims) {
  dims->clear();
  PRUNELAB_RETURN_IF_ERROR(graph.Validate());
  for (const Tensor& t : graph.tensors) dims->push_back(t.dims);
  const bool overridden = input_dims_override != nullptr;
  if (overridden) {
    if (input_dims_override->size() != graph.inputs.size()) {
      return BadArgument("dims were given for " + std::to_string(input_dims_override->size()) + " inputs; the model has " +
                         std::to_string(graph.inputs.size()));
    }
    for (size_t i = 0; i < graph.inputs.size(); ++i) {
      for (int32_t d : (*input_dims_override)[i]) {
        if (d <= 0) return BadArgument("input dims must be positive, got " + Show((*input_dims_override)[i]));
      }
      (*dims)[graph.inputs[i]] = (*input_dims_override)[i];
    }
  }
  std::vector<uint32_t> order;
  PRUNELAB_RETURN_IF_ERROR(graph.TopologicalOrder(&order));
  Status first_unsupported;
  for (uint32_t index : order) {
    const Node& node = graph.nodes[index];
    if (node.outputs.empty()) continue;
    const Rule rule = FindRule(node.op_type);
    if (rule == nullptr || node.attrs.is_opaque || node.inputs.empty()) {
      if (first_unsupported.ok()) {
        first_unsupported = UnsupportedOp("no shape rule for " + node.OpName() + " (node '" + node.name + "')");
      }
      continue;
    }
    RuleContext context(graph, node, dims);
    Dims out;
    Failure failure;
    if (!rule(context, &out, &failure)) {
      const std::string message = "shapes do not fit at node '" + node.name + "' (" + node.OpName() + "): " + failure.reason;
      return overridden ? BadArgument(message) : InvalidModel(message);
    }
    (*dims)[node.outputs[0]] = std::move(out);
  }
  return first_unsupported;
}

}  // namespace graph
}  // namespace prunelab
