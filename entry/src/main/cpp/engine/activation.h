// Element-wise activation functions, used by the Activation op and as the fused activation of
// Conv2DFusion, FullConnection, MatMulFusion, the arithmetic ops, pooling and ScaleFusion.
// ActivationType numbers are the .ms schema's (graph/types.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace prunelab {
namespace engine {

struct ActivationParams {
  int32_t type = 0;       // graph::activation::k*
  float alpha = 0.0f;     // leaky ReLU slope, ELU alpha
  float min_val = 0.0f;   // hard tanh bounds
  float max_val = 0.0f;
  bool approximate = false;  // GELU: tanh approximation instead of erf
};

// Extra ActivationType numbers the engine runs beyond the ones graph/types.h names.
namespace activation_ext {
constexpr int32_t kHardTanh = 16;
constexpr int32_t kSwish = 18;
}  // namespace activation_ext

// The schema name of an activation type ("RELU6"), or "activation<N>".
const char* ActivationName(int32_t type);
// UNSUPPORTED_OP naming `where` when the engine has no implementation of the type.
Status CheckActivationSupported(int32_t type, const std::string& where);
// Applies the activation in place to `count` floats (no-op for type 0).
void ApplyActivation(const ActivationParams& params, float* data, size_t count);

}  // namespace engine
}  // namespace prunelab
