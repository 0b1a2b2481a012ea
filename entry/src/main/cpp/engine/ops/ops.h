// Factories of the engine's op kernels, one family per file in engine/ops/. The registry
// (engine/op_registry.cpp) maps PrimitiveType tags to them.
#pragma once

#include <memory>

#include "engine/kernels/binary.h"
#include "engine/kernels/pooling.h"
#include "engine/op_kernel.h"

namespace prunelab {
namespace engine {
namespace ops {

std::unique_ptr<OpKernel> MakeConv2D();                                  // conv2d.cpp
std::unique_ptr<OpKernel> MakeFullConnection();                          // matmul.cpp
std::unique_ptr<OpKernel> MakeMatMul();                                  // matmul.cpp
std::unique_ptr<OpKernel> MakeArithmetic(kernels::BinaryOp op);          // elementwise.cpp
std::unique_ptr<OpKernel> MakeBiasAdd();                                 // elementwise.cpp
std::unique_ptr<OpKernel> MakeActivation();                              // activation_op.cpp
std::unique_ptr<OpKernel> MakeLeakyRelu();                               // activation_op.cpp
std::unique_ptr<OpKernel> MakeUnary(int32_t op_type);                    // unary.cpp
std::unique_ptr<OpKernel> MakePooling(kernels::PoolKind kind);           // pooling.cpp
std::unique_ptr<OpKernel> MakeReshape();                                 // reshape.cpp (+ Flatten, Squeeze, ...)
std::unique_ptr<OpKernel> MakeFlatten();
std::unique_ptr<OpKernel> MakeSqueeze();
std::unique_ptr<OpKernel> MakeUnsqueeze();
std::unique_ptr<OpKernel> MakeExpandDims();
std::unique_ptr<OpKernel> MakeIdentity();                                // reshape.cpp (Dropout at inference)
std::unique_ptr<OpKernel> MakeTranspose();                               // transpose.cpp
std::unique_ptr<OpKernel> MakeConcat();                                  // concat.cpp
std::unique_ptr<OpKernel> MakeStack();                                   // concat.cpp
std::unique_ptr<OpKernel> MakeSoftmax();                                 // softmax.cpp
std::unique_ptr<OpKernel> MakeBatchNorm();                               // normalization.cpp
std::unique_ptr<OpKernel> MakeFusedBatchNorm();                          // normalization.cpp
std::unique_ptr<OpKernel> MakeScale();                                   // normalization.cpp
std::unique_ptr<OpKernel> MakePad();                                     // pad.cpp
std::unique_ptr<OpKernel> MakeReduce();                                  // reduce.cpp
std::unique_ptr<OpKernel> MakeStridedSlice();                            // strided_slice.cpp

}  // namespace ops
}  // namespace engine
}  // namespace prunelab
