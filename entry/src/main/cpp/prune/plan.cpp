#include "prune/plan.h"

#include <cmath>
#include <cstdio>

namespace prunelab {
namespace prune {
namespace {

std::string Number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

}  // namespace

const char* MethodName(Method method) {
  switch (method) {
    case Method::kUnstructured: return "unstructured";
    case Method::kNM: return "nm";
    case Method::kStructured: return "structured";
  }
  return "unknown";
}

const char* CriterionName(Criterion criterion) {
  switch (criterion) {
    case Criterion::kMagnitude: return "magnitude";
    case Criterion::kL1: return "l1";
    case Criterion::kL2: return "l2";
    case Criterion::kActivationMean: return "activation";
    case Criterion::kApoz: return "apoz";
    case Criterion::kTaylor: return "taylor";
    case Criterion::kRandom: return "random";
  }
  return "unknown";
}

const char* ScopeName(Scope scope) { return scope == Scope::kGlobal ? "global" : "layer"; }

Status ParseMethod(const std::string& text, Method* out) {
  for (Method m : {Method::kUnstructured, Method::kNM, Method::kStructured}) {
    if (text == MethodName(m)) {
      *out = m;
      return Status::Ok();
    }
  }
  return BadArgument("unknown pruning method '" + text + "' (use unstructured, nm or structured)");
}

Status ParseCriterion(const std::string& text, Criterion* out) {
  for (Criterion c : {Criterion::kMagnitude, Criterion::kL1, Criterion::kL2, Criterion::kActivationMean,
                      Criterion::kApoz, Criterion::kTaylor, Criterion::kRandom}) {
    if (text == CriterionName(c)) {
      *out = c;
      return Status::Ok();
    }
  }
  return BadArgument("unknown criterion '" + text +
                     "' (use magnitude, l1, l2, activation, apoz, taylor or random)");
}

Status ParseScope(const std::string& text, Scope* out) {
  if (text == "layer") {
    *out = Scope::kLayer;
    return Status::Ok();
  }
  if (text == "global") {
    *out = Scope::kGlobal;
    return Status::Ok();
  }
  return BadArgument("unknown scope '" + text + "' (use global or layer)");
}

bool IsChannelCriterion(Criterion criterion) {
  return criterion == Criterion::kL1 || criterion == Criterion::kL2 || criterion == Criterion::kActivationMean ||
         criterion == Criterion::kApoz;
}

bool NeedsActivations(Criterion criterion) {
  return criterion == Criterion::kActivationMean || criterion == Criterion::kApoz;
}

Status ValidatePlan(const PrunePlan& plan) {
  if (plan.method == Method::kNM) {
    if (plan.has_sparsity || plan.has_threshold) {
      return BadArgument("N:M pruning takes n and m (it keeps n of every m weights), not a sparsity or threshold");
    }
    if (plan.m < 1 || plan.m > 64) return BadArgument("m must be between 1 and 64, got " + std::to_string(plan.m));
    if (plan.n < 0) return BadArgument("n must not be negative, got " + std::to_string(plan.n));
    if (plan.n > plan.m) {
      return BadArgument("n must not exceed m (keep n of every m weights), got n=" + std::to_string(plan.n) +
                         " m=" + std::to_string(plan.m));
    }
  } else {
    if (plan.has_sparsity == plan.has_threshold) {
      return BadArgument("give exactly one of a target sparsity or a threshold");
    }
    if (plan.has_sparsity) {
      if (std::isnan(plan.sparsity)) return BadArgument("sparsity is NaN; give a number in [0, 1)");
      if (!(plan.sparsity >= 0.0 && plan.sparsity < 1.0)) {
        return BadArgument("sparsity must be in [0, 1), got " + Number(plan.sparsity));
      }
    }
    if (plan.has_threshold) {
      if (std::isnan(plan.threshold)) return BadArgument("threshold is NaN; give a finite number");
      if (!std::isfinite(plan.threshold)) return BadArgument("threshold must be finite");
      if (plan.threshold < 0.0) {
        return BadArgument("threshold must not be negative (scores are magnitudes), got " + Number(plan.threshold));
      }
    }
  }
  if (plan.round_to < 1 || plan.round_to > 4096) {
    return BadArgument("round-to must be between 1 and 4096, got " + std::to_string(plan.round_to));
  }
  if (plan.round_to != 1 && plan.method != Method::kStructured) {
    return BadArgument("round-to applies to structured pruning only");
  }
  const bool structured = plan.method == Method::kStructured;
  if (structured) {
    if (plan.criterion == Criterion::kMagnitude) {
      return BadArgument("criterion magnitude scores single weights; structured pruning ranks channels: use l1, l2, "
                         "activation, apoz, taylor or random");
    }
  } else if (IsChannelCriterion(plan.criterion)) {
    return BadArgument(std::string("criterion ") + CriterionName(plan.criterion) +
                       " scores whole channels; use it with --method structured (unstructured and N:M take "
                       "magnitude, taylor or random)");
  }
  for (const auto& name : plan.include_layers) {
    if (name.empty()) return BadArgument("an included layer name is empty");
  }
  for (const auto& name : plan.exclude_layers) {
    if (name.empty()) return BadArgument("an excluded layer name is empty");
  }
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
