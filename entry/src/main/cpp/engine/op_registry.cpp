#include "engine/op_registry.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "engine/ops/ops.h"
#include "graph/types.h"

namespace prunelab {
namespace engine {
namespace {

using Factory = std::function<std::unique_ptr<OpKernel>()>;
using kernels::BinaryOp;
namespace op = graph::op;

const std::vector<std::pair<int32_t, Factory>>& Registry() {
  static const std::vector<std::pair<int32_t, Factory>> registry = [] {
    std::vector<std::pair<int32_t, Factory>> r = {
        {op::kConv2DFusion, ops::MakeConv2D},
        {op::kFullConnection, ops::MakeFullConnection},
        {op::kMatMulFusion, ops::MakeMatMul},
        {op::kAddFusion, [] { return ops::MakeArithmetic(BinaryOp::kAdd); }},
        {op::kSubFusion, [] { return ops::MakeArithmetic(BinaryOp::kSub); }},
        {op::kMulFusion, [] { return ops::MakeArithmetic(BinaryOp::kMul); }},
        {op::kDivFusion, [] { return ops::MakeArithmetic(BinaryOp::kDiv); }},
        {op::kMaximum, [] { return ops::MakeArithmetic(BinaryOp::kMaximum); }},
        {op::kMinimum, [] { return ops::MakeArithmetic(BinaryOp::kMinimum); }},
        {op::kSquaredDifference, [] { return ops::MakeArithmetic(BinaryOp::kSquaredDifference); }},
        {op::kBiasAdd, ops::MakeBiasAdd},
        {op::kActivation, ops::MakeActivation},
        {op::kLeakyRelu, ops::MakeLeakyRelu},
        {op::kMaxPoolFusion, [] { return ops::MakePooling(kernels::PoolKind::kMax); }},
        {op::kAvgPoolFusion, [] { return ops::MakePooling(kernels::PoolKind::kAverage); }},
        {op::kReshape, ops::MakeReshape},
        {op::kFlatten, ops::MakeFlatten},
        {op::kSqueeze, ops::MakeSqueeze},
        {op::kUnsqueeze, ops::MakeUnsqueeze},
        {op::kExpandDims, ops::MakeExpandDims},
        {op::kDropout, ops::MakeIdentity},
        {op::kTranspose, ops::MakeTranspose},
        {op::kConcat, ops::MakeConcat},
        {op::kStack, ops::MakeStack},
        {op::kSoftmax, ops::MakeSoftmax},
        {op::kBatchNorm, ops::MakeBatchNorm},
        {op::kFusedBatchNorm, ops::MakeFusedBatchNorm},
        {op::kScaleFusion, ops::MakeScale},
        {op::kPadFusion, ops::MakePad},
        {op::kReduceFusion, ops::MakeReduce},
        {op::kStridedSlice, ops::MakeStridedSlice},
    };
    for (int32_t unary : {op::kAbs, op::kNeg, op::kSqrt, op::kRsqrt, op::kSquare, op::kExpFusion,
                          op::kLog, op::kReciprocal, op::kFloor, op::kCeil, op::kSin, op::kCos,
                          op::kErf}) {
      r.emplace_back(unary, [unary] { return ops::MakeUnary(unary); });
    }
    std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return r;
  }();
  return registry;
}

}  // namespace

std::unique_ptr<OpKernel> CreateOpKernel(int32_t op_type) {
  const auto& registry = Registry();
  const auto it = std::lower_bound(registry.begin(), registry.end(), op_type,
                                   [](const std::pair<int32_t, Factory>& entry, int32_t type) { return entry.first < type; });
  if (it == registry.end() || it->first != op_type) return nullptr;
  return it->second();
}

std::vector<int32_t> SupportedOpTypes() {
  std::vector<int32_t> types;
  for (const auto& entry : Registry()) types.push_back(entry.first);
  return types;
}

}  // namespace engine
}  // namespace prunelab
