// Numbers shared with the .ms schema: data types (also OH_AI_DataType), tensor formats,
// tensor roles, activation types and PrimitiveType union tags. Facts from ../shared/docs/ms-format.md.
#pragma once

#include <cstddef>
#include <cstdint>

namespace prunelab {
namespace graph {

enum class DataType : int32_t {
  kUnknown = 0,
  kBool = 30,
  kInt8 = 32,
  kInt16 = 33,
  kInt32 = 34,
  kInt64 = 35,
  kUInt8 = 37,
  kFloat16 = 42,
  kFloat32 = 43,
  kFloat64 = 44,
};

// Bytes per element, 0 for an unknown type.
size_t DataTypeSize(DataType type);
const char* DataTypeName(DataType type);  // "float32", "int8", ... ("type<N>" when unknown)

namespace format {
constexpr int32_t kNCHW = 0;
constexpr int32_t kNHWC = 1;
constexpr int32_t kNHWC4 = 2;
constexpr int32_t kHWKC = 3;
constexpr int32_t kHWCK = 4;
constexpr int32_t kKCHW = 5;
constexpr int32_t kCKHW = 6;
constexpr int32_t kKHWC = 7;
constexpr int32_t kCHWK = 8;
constexpr int32_t kHW = 9;
constexpr int32_t kHW4 = 10;
constexpr int32_t kNC = 11;
constexpr int32_t kNC4 = 12;
constexpr int32_t kNC4HW4 = 13;
}  // namespace format
const char* FormatName(int32_t format);  // "NCHW", "NHWC", ... ("format<N>" when unknown)

// Tensor.nodeType in the file.
namespace tensor_role {
constexpr int32_t kConstant = 0;    // weights, biases, shape constants
constexpr int32_t kParameter = 1;
constexpr int32_t kActivation = 2;  // graph inputs, outputs and intermediate values
}  // namespace tensor_role

namespace activation {
constexpr int32_t kNone = 0;
constexpr int32_t kRelu = 1;
constexpr int32_t kSigmoid = 2;
constexpr int32_t kRelu6 = 3;
constexpr int32_t kElu = 4;
constexpr int32_t kLeakyRelu = 5;
constexpr int32_t kAbs = 6;
constexpr int32_t kRelu1 = 7;
constexpr int32_t kSoftsign = 8;
constexpr int32_t kSoftplus = 9;
constexpr int32_t kTanh = 10;
constexpr int32_t kSelu = 11;
constexpr int32_t kHSwish = 12;
constexpr int32_t kHSigmoid = 13;
constexpr int32_t kGelu = 19;
}  // namespace activation

namespace pad_mode {
constexpr int32_t kPad = 0;
constexpr int32_t kSame = 1;
constexpr int32_t kValid = 2;
}  // namespace pad_mode

namespace quant_type {
constexpr int32_t kNone = 0;
constexpr int32_t kAwareTraining = 1;
constexpr int32_t kWeightQuant = 2;
constexpr int32_t kPostTraining = 3;
constexpr int32_t kQuantWeight = 4;
constexpr int32_t kQuantAll = 5;
constexpr int32_t kQuantDynamic = 6;
}  // namespace quant_type

// PrimitiveType union tags (NONE = 0). Only the ones the project names; any other tag is
// still read and written (see attributes.h).
namespace op {
constexpr int32_t kNone = 0;
constexpr int32_t kAbs = 1;
constexpr int32_t kActivation = 2;
constexpr int32_t kActivationGrad = 3;
constexpr int32_t kAdam = 4;
constexpr int32_t kAddFusion = 5;
constexpr int32_t kAddN = 8;
constexpr int32_t kApplyMomentum = 10;
constexpr int32_t kArgMaxFusion = 11;
constexpr int32_t kAssign = 14;
constexpr int32_t kAvgPoolFusion = 17;
constexpr int32_t kAvgPoolGrad = 18;
constexpr int32_t kBatchNorm = 19;
constexpr int32_t kBatchNormGrad = 20;
constexpr int32_t kBiasAdd = 23;
constexpr int32_t kBiasAddGrad = 26;
constexpr int32_t kCast = 28;
constexpr int32_t kCeil = 29;
constexpr int32_t kClip = 30;
constexpr int32_t kConcat = 31;
constexpr int32_t kConv2DBackpropFilterFusion = 33;
constexpr int32_t kConv2DBackpropInputFusion = 34;
constexpr int32_t kConv2DFusion = 35;
constexpr int32_t kConv2dTransposeFusion = 36;
constexpr int32_t kCos = 37;
constexpr int32_t kDivFusion = 47;
constexpr int32_t kDropout = 49;
constexpr int32_t kExpFusion = 55;
constexpr int32_t kExpandDims = 56;
constexpr int32_t kFlatten = 61;
constexpr int32_t kFloor = 63;
constexpr int32_t kFullConnection = 67;
constexpr int32_t kFusedBatchNorm = 68;
constexpr int32_t kGather = 69;
constexpr int32_t kLayerNormFusion = 75;
constexpr int32_t kLeakyRelu = 76;
constexpr int32_t kLog = 79;
constexpr int32_t kMatMulFusion = 89;
constexpr int32_t kMaximum = 90;
constexpr int32_t kMaxPoolFusion = 92;
constexpr int32_t kMaxPoolGrad = 93;
constexpr int32_t kMinimum = 96;
constexpr int32_t kMulFusion = 99;
constexpr int32_t kNeg = 101;
constexpr int32_t kPadFusion = 107;
constexpr int32_t kPReLUFusion = 112;
constexpr int32_t kQuantDTypeCast = 113;
constexpr int32_t kReciprocal = 116;
constexpr int32_t kReduceFusion = 118;
constexpr int32_t kReshape = 119;
constexpr int32_t kResize = 120;
constexpr int32_t kRsqrt = 126;
constexpr int32_t kScaleFusion = 127;
constexpr int32_t kSGD = 129;
constexpr int32_t kShape = 130;
constexpr int32_t kSin = 133;
constexpr int32_t kSoftmax = 138;
constexpr int32_t kSoftmaxCrossEntropyWithLogits = 139;
constexpr int32_t kSparseSoftmaxCrossEntropyWithLogits = 143;
constexpr int32_t kSplit = 145;
constexpr int32_t kSqrt = 146;
constexpr int32_t kSqueeze = 147;
constexpr int32_t kSquare = 148;
constexpr int32_t kSquaredDifference = 149;
constexpr int32_t kStack = 150;
constexpr int32_t kStridedSlice = 151;
constexpr int32_t kSubFusion = 152;
constexpr int32_t kTranspose = 162;
constexpr int32_t kUnsqueeze = 165;
constexpr int32_t kErf = 178;
constexpr int32_t kCustom = 191;
}  // namespace op

}  // namespace graph
}  // namespace prunelab
