// What to prune and how: the PrunePlan every pruner takes, its enums with their CLI/JS names,
// and the model-independent validation (BAD_ARGUMENT with a message a user understands).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace prunelab {
namespace prune {

enum class Method { kUnstructured, kNM, kStructured };

enum class Criterion {
  kMagnitude,       // |w| per weight (unstructured, N:M)
  kL1,              // sum |w| of each output channel's filter (structured)
  kL2,              // sqrt(sum w^2) of each output channel's filter (structured)
  kActivationMean,  // mean |a| per channel on calibration samples (structured)
  kApoz,            // share of zero activations per channel after ReLU (structured; high = prune)
  kTaylor,          // first-order Taylor |w*dL/dw| (per weight) or |a*dL/da| (per channel)
  kRandom,          // a seeded random baseline
};

enum class Scope { kLayer, kGlobal };

struct PrunePlan {
  Method method = Method::kUnstructured;
  Criterion criterion = Criterion::kMagnitude;
  // Exactly one of sparsity / threshold for unstructured and structured pruning; neither for N:M.
  bool has_sparsity = false;
  double sparsity = 0.0;  // share of prunable weights (or channels) to remove, in [0, 1)
  bool has_threshold = false;
  double threshold = 0.0;  // remove what scores strictly below this
  Scope scope = Scope::kLayer;
  std::vector<std::string> include_layers;  // node names; empty = every prunable layer
  std::vector<std::string> exclude_layers;  // node names
  // Defaults that protect accuracy; an explicit include of that layer overrides them too.
  bool keep_first_conv = true;
  bool keep_last_classifier = true;
  int32_t n = 2;  // N:M: keep N of every M consecutive weights along the input dimension
  int32_t m = 4;
  int32_t round_to = 1;  // structured: keep channel counts multiples of this
  uint64_t seed = 1;     // criterion random
};

const char* MethodName(Method method);        // "unstructured", "nm", "structured"
const char* CriterionName(Criterion criterion);  // "magnitude", "l1", "l2", "activation", "apoz", "taylor", "random"
const char* ScopeName(Scope scope);           // "layer", "global"
Status ParseMethod(const std::string& text, Method* out);
Status ParseCriterion(const std::string& text, Criterion* out);
Status ParseScope(const std::string& text, Scope* out);

// True for criteria that score whole channels rather than single weights.
bool IsChannelCriterion(Criterion criterion);
// True for criteria that need calibration samples run through the engine.
bool NeedsActivations(Criterion criterion);

// Checks the plan on its own (ranges, NaN, method/criterion fit, n <= m, ...). Layer names are
// checked against a model by the pruner.
Status ValidatePlan(const PrunePlan& plan);

}  // namespace prune
}  // namespace prunelab
