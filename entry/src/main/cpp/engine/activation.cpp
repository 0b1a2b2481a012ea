#include "engine/activation.h"

#include <algorithm>
#include <cmath>

#include "graph/types.h"

namespace prunelab {
namespace engine {

namespace act = graph::activation;

const char* ActivationName(int32_t type) {
  switch (type) {
    case act::kNone: return "NO_ACTIVATION";
    case act::kRelu: return "RELU";
    case act::kSigmoid: return "SIGMOID";
    case act::kRelu6: return "RELU6";
    case act::kElu: return "ELU";
    case act::kLeakyRelu: return "LEAKY_RELU";
    case act::kAbs: return "ABS";
    case act::kRelu1: return "RELU1";
    case act::kSoftsign: return "SOFTSIGN";
    case act::kSoftplus: return "SOFTPLUS";
    case act::kTanh: return "TANH";
    case act::kSelu: return "SELU";
    case act::kHSwish: return "HSWISH";
    case act::kHSigmoid: return "HSIGMOID";
    case activation_ext::kHardTanh: return "HARD_TANH";
    case activation_ext::kSwish: return "SWISH";
    case act::kGelu: return "GELU";
    default: return "activation<unknown>";
  }
}

Status CheckActivationSupported(int32_t type, const std::string& where) {
  switch (type) {
    case act::kNone:
    case act::kRelu:
    case act::kSigmoid:
    case act::kRelu6:
    case act::kElu:
    case act::kLeakyRelu:
    case act::kAbs:
    case act::kSoftsign:
    case act::kSoftplus:
    case act::kTanh:
    case act::kHSwish:
    case act::kHSigmoid:
    case activation_ext::kHardTanh:
    case activation_ext::kSwish:
    case act::kGelu:
      return Status::Ok();
    default:
      return UnsupportedOp(where + ": activation type " + std::to_string(type) + " (" + ActivationName(type) +
                           ") is not supported by the engine");
  }
}

namespace {

constexpr float kSqrt2OverPi = 0.7978845608028654f;  // sqrt(2/pi)
constexpr float kInvSqrt2 = 0.7071067811865476f;

inline float Sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }
inline float Relu6(float x) { return std::min(std::max(x, 0.0f), 6.0f); }

template <typename F>
void Map(float* data, size_t count, F f) {
  for (size_t i = 0; i < count; ++i) data[i] = f(data[i]);
}

}  // namespace

void ApplyActivation(const ActivationParams& p, float* data, size_t count) {
  switch (p.type) {
    case act::kRelu: Map(data, count, [](float x) { return x > 0.0f ? x : 0.0f; }); break;
    case act::kRelu6: Map(data, count, [](float x) { return Relu6(x); }); break;
    case act::kSigmoid: Map(data, count, [](float x) { return Sigmoid(x); }); break;
    case act::kTanh: Map(data, count, [](float x) { return std::tanh(x); }); break;
    case act::kLeakyRelu: {
      const float a = p.alpha;
      Map(data, count, [a](float x) { return x > 0.0f ? x : a * x; });
      break;
    }
    case act::kElu: {
      const float a = p.alpha;
      Map(data, count, [a](float x) { return x > 0.0f ? x : a * std::expm1(x); });
      break;
    }
    case act::kAbs: Map(data, count, [](float x) { return std::fabs(x); }); break;
    case act::kSoftsign: Map(data, count, [](float x) { return x / (1.0f + std::fabs(x)); }); break;
    // log(1 + e^x), written to neither overflow for large x nor lose precision for very negative x.
    case act::kSoftplus:
      Map(data, count, [](float x) { return x > 0.0f ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); });
      break;
    case act::kHSwish: Map(data, count, [](float x) { return x * Relu6(x + 3.0f) / 6.0f; }); break;
    case act::kHSigmoid: Map(data, count, [](float x) { return Relu6(x + 3.0f) / 6.0f; }); break;
    case activation_ext::kHardTanh: {
      const float lo = p.min_val;
      const float hi = p.max_val;
      Map(data, count, [lo, hi](float x) { return std::min(std::max(x, lo), hi); });
      break;
    }
    case activation_ext::kSwish: Map(data, count, [](float x) { return x * Sigmoid(x); }); break;
    case act::kGelu:
      if (p.approximate) {
        const float c = kSqrt2OverPi;
        Map(data, count, [c](float x) { return 0.5f * x * (1.0f + std::tanh(c * (x + 0.044715f * x * x * x))); });
      } else {
        Map(data, count, [](float x) { return 0.5f * x * (1.0f + std::erf(x * kInvSqrt2)); });
      }
      break;
    default:
      break;  // kNone; unsupported types were refused at prepare time
  }
}

}  // namespace engine
}  // namespace prunelab
