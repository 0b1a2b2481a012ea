// Prune API: pruneModel(model, plan) -> PruneReport (prunes the given model in place; callers
// that want to keep the original clone it first) and channelGroups(model) -> ChannelGroupInfo[]
// (the structured-pruning dependency analysis, for inspection). Plans are checked strictly: an
// unknown option, a wrong type or an out-of-range value is BAD_ARGUMENT naming it.
#include <cmath>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "napi/model_object.h"
#include "napi/napi_util.h"
#include "napi/registry.h"
#include "prune/dependency_graph.h"
#include "prune/pruner.h"

namespace prunelab {
namespace napi {
namespace {

const std::set<std::string>& KnownPlanKeys() {
  static const std::set<std::string> keys = {"method", "criterion", "sparsity", "threshold", "scope", "layers",
                                             "exclude", "keepFirstConv", "keepLastLayer", "n", "m", "roundTo",
                                             "seed", "samples", "gradients"};
  return keys;
}

Status CheckPlanKeys(napi_env env, napi_value plan) {
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env, plan, &type) != napi_ok || type != napi_object) return BadArgument("pruneModel: plan must be an object");
  napi_value names = nullptr;
  uint32_t count = 0;
  if (napi_get_property_names(env, plan, &names) != napi_ok || napi_get_array_length(env, names, &count) != napi_ok) {
    return BadArgument("pruneModel: the plan is unreadable");
  }
  for (uint32_t i = 0; i < count; ++i) {
    napi_value key = nullptr;
    std::string name;
    if (napi_get_element(env, names, i, &key) != napi_ok) return BadArgument("pruneModel: the plan is unreadable");
    PRUNELAB_RETURN_IF_ERROR(GetString(env, key, "plan key", &name));
    if (!KnownPlanKeys().count(name)) return BadArgument("pruneModel: unknown plan option '" + name + "'");
  }
  return Status::Ok();
}

Status OptionalString(napi_env env, napi_value plan, const char* key, std::string* out, bool* found) {
  napi_value value = nullptr;
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, plan, key, &value, found));
  if (*found) PRUNELAB_RETURN_IF_ERROR(GetString(env, value, (std::string("plan.") + key).c_str(), out));
  return Status::Ok();
}

Status OptionalNumber(napi_env env, napi_value plan, const char* key, double* out, bool* found) {
  napi_value value = nullptr;
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, plan, key, &value, found));
  if (*found) PRUNELAB_RETURN_IF_ERROR(GetNumber(env, value, (std::string("plan.") + key).c_str(), out));
  return Status::Ok();
}

Status OptionalInt(napi_env env, napi_value plan, const char* key, int64_t lo, int64_t hi, int64_t* out) {
  napi_value value = nullptr;
  bool found = false;
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, plan, key, &value, &found));
  if (!found) return Status::Ok();
  const std::string what = std::string("plan.") + key;
  PRUNELAB_RETURN_IF_ERROR(GetInt64(env, value, what.c_str(), out));
  if (*out < lo || *out > hi) {
    return BadArgument(what + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return Status::Ok();
}

Status OptionalBool(napi_env env, napi_value plan, const char* key, bool* out) {
  napi_value value = nullptr;
  bool found = false;
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, plan, key, &value, &found));
  if (found) PRUNELAB_RETURN_IF_ERROR(GetBool(env, value, (std::string("plan.") + key).c_str(), out));
  return Status::Ok();
}

// Reads the JS plan; `inputs` gets views of the calibration samples and gradients (alive for the call).
Status ReadPlan(napi_env env, napi_value js, prune::PrunePlan* plan, prune::PruneInputs* inputs) {
  PRUNELAB_RETURN_IF_ERROR(CheckPlanKeys(env, js));
  std::string text;
  bool found = false;
  PRUNELAB_RETURN_IF_ERROR(OptionalString(env, js, "method", &text, &found));
  if (!found) return BadArgument("pruneModel: plan.method is required (unstructured, nm or structured)");
  PRUNELAB_RETURN_IF_ERROR(prune::ParseMethod(text, &plan->method));
  PRUNELAB_RETURN_IF_ERROR(OptionalString(env, js, "criterion", &text, &found));
  if (found) {
    PRUNELAB_RETURN_IF_ERROR(prune::ParseCriterion(text, &plan->criterion));
  } else {
    plan->criterion = plan->method == prune::Method::kStructured ? prune::Criterion::kL1 : prune::Criterion::kMagnitude;
  }
  PRUNELAB_RETURN_IF_ERROR(OptionalNumber(env, js, "sparsity", &plan->sparsity, &plan->has_sparsity));
  PRUNELAB_RETURN_IF_ERROR(OptionalNumber(env, js, "threshold", &plan->threshold, &plan->has_threshold));
  PRUNELAB_RETURN_IF_ERROR(OptionalString(env, js, "scope", &text, &found));
  if (found) PRUNELAB_RETURN_IF_ERROR(prune::ParseScope(text, &plan->scope));
  napi_value value = nullptr;
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, js, "layers", &value, &found));
  if (found) PRUNELAB_RETURN_IF_ERROR(GetStringArray(env, value, "plan.layers", &plan->include_layers));
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, js, "exclude", &value, &found));
  if (found) PRUNELAB_RETURN_IF_ERROR(GetStringArray(env, value, "plan.exclude", &plan->exclude_layers));
  PRUNELAB_RETURN_IF_ERROR(OptionalBool(env, js, "keepFirstConv", &plan->keep_first_conv));
  PRUNELAB_RETURN_IF_ERROR(OptionalBool(env, js, "keepLastLayer", &plan->keep_last_classifier));
  int64_t n = plan->n, m = plan->m, round_to = plan->round_to, seed = static_cast<int64_t>(plan->seed);
  PRUNELAB_RETURN_IF_ERROR(OptionalInt(env, js, "n", 0, 64, &n));
  PRUNELAB_RETURN_IF_ERROR(OptionalInt(env, js, "m", 1, 64, &m));
  PRUNELAB_RETURN_IF_ERROR(OptionalInt(env, js, "roundTo", 1, 4096, &round_to));
  PRUNELAB_RETURN_IF_ERROR(OptionalInt(env, js, "seed", 0, 9007199254740991LL, &seed));
  plan->n = static_cast<int32_t>(n);
  plan->m = static_cast<int32_t>(m);
  plan->round_to = static_cast<int32_t>(round_to);
  plan->seed = static_cast<uint64_t>(seed);
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, js, "samples", &value, &found));
  if (found) {
    float* data = nullptr;
    size_t length = 0;
    PRUNELAB_RETURN_IF_ERROR(GetFloat32Array(env, value, "plan.samples", &data, &length));
    inputs->samples = Span<const float>(data, length);
  }
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, js, "gradients", &value, &found));
  if (found) {
    bool is_array = false;
    uint32_t count = 0;
    if (napi_is_array(env, value, &is_array) != napi_ok || !is_array || napi_get_array_length(env, value, &count) != napi_ok) {
      return BadArgument("plan.gradients must be an array of { tensor, gradient }");
    }
    for (uint32_t i = 0; i < count; ++i) {
      napi_value item = nullptr, field = nullptr;
      if (napi_get_element(env, value, i, &item) != napi_ok) return BadArgument("plan.gradients is unreadable");
      prune::WeightGradient gradient;
      PRUNELAB_RETURN_IF_ERROR(GetProperty(env, item, "tensor", &field, &found));
      if (!found) return BadArgument("plan.gradients[" + std::to_string(i) + "].tensor is required");
      PRUNELAB_RETURN_IF_ERROR(GetString(env, field, "plan.gradients[].tensor", &gradient.tensor));
      PRUNELAB_RETURN_IF_ERROR(GetProperty(env, item, "gradient", &field, &found));
      if (!found) return BadArgument("plan.gradients[" + std::to_string(i) + "].gradient is required");
      float* data = nullptr;
      size_t length = 0;
      PRUNELAB_RETURN_IF_ERROR(GetFloat32Array(env, field, "plan.gradients[].gradient", &data, &length));
      gradient.gradient = Span<const float>(data, length);
      inputs->gradients.push_back(std::move(gradient));
    }
  }
  return Status::Ok();
}

napi_value IntArray(napi_env env, const std::vector<int64_t>& values) {
  std::vector<double> d(values.begin(), values.end());
  return MakeNumberArray(env, d);
}

napi_value MakeTotals(napi_env env, const prune::PruneTotals& t) {
  napi_value o = MakeObject(env);
  if (o == nullptr || !SetNumber(env, o, "params", static_cast<double>(t.params)) ||
      !SetNumber(env, o, "nonzeros", static_cast<double>(t.nonzeros)) || !SetNumber(env, o, "macs", static_cast<double>(t.macs))) {
    return nullptr;
  }
  return o;
}

napi_value MakeLayer(napi_env env, const prune::LayerReport& l) {
  napi_value o = MakeObject(env);
  const bool ok = o != nullptr && SetString(env, o, "name", l.name) && SetString(env, o, "op", l.op) &&
                  SetString(env, o, "weight", l.weight) && SetBool(env, o, "chosen", l.chosen) &&
                  SetNumber(env, o, "paramsBefore", static_cast<double>(l.params_before)) &&
                  SetNumber(env, o, "paramsAfter", static_cast<double>(l.params_after)) &&
                  SetNumber(env, o, "nonzerosBefore", static_cast<double>(l.nonzeros_before)) &&
                  SetNumber(env, o, "nonzerosAfter", static_cast<double>(l.nonzeros_after)) &&
                  SetNumber(env, o, "macsBefore", static_cast<double>(l.macs_before)) &&
                  SetNumber(env, o, "macsAfter", static_cast<double>(l.macs_after)) &&
                  SetNumber(env, o, "outChannelsBefore", static_cast<double>(l.out_channels_before)) &&
                  SetNumber(env, o, "outChannelsAfter", static_cast<double>(l.out_channels_after)) &&
                  SetNumber(env, o, "inChannelsBefore", static_cast<double>(l.in_channels_before)) &&
                  SetNumber(env, o, "inChannelsAfter", static_cast<double>(l.in_channels_after)) &&
                  SetNamed(env, o, "removedChannels", IntArray(env, l.removed_channels)) &&
                  SetNumber(env, o, "zeroed", static_cast<double>(l.zeroed)) && SetString(env, o, "note", l.note);
  return ok ? o : nullptr;
}

napi_value MakeGroup(napi_env env, const prune::GroupReport& g) {
  napi_value o = MakeObject(env);
  const bool ok = o != nullptr && SetNumber(env, o, "id", g.id) &&
                  SetNumber(env, o, "channels", static_cast<double>(g.channels)) &&
                  SetNamed(env, o, "roots", MakeStringArray(env, g.roots)) &&
                  SetNamed(env, o, "members", MakeStringArray(env, g.members)) && SetBool(env, o, "prunable", g.prunable) &&
                  SetString(env, o, "reason", g.reason) && SetNamed(env, o, "removed", IntArray(env, g.removed));
  return ok ? o : nullptr;
}

napi_value MakeReport(napi_env env, const prune::PruneReport& r) {
  napi_value o = MakeObject(env);
  if (o == nullptr) return nullptr;
  bool ok = SetString(env, o, "method", r.method) && SetString(env, o, "criterion", r.criterion) &&
            SetString(env, o, "scope", r.scope) &&
            SetNumber(env, o, "prunableWeights", static_cast<double>(r.prunable_weights)) &&
            SetNumber(env, o, "prunableZerosAfter", static_cast<double>(r.prunable_zeros_after)) &&
            SetNumber(env, o, "achievedSparsity", r.achieved_sparsity) &&
            SetNumber(env, o, "prunableChannels", static_cast<double>(r.prunable_channels)) &&
            SetNumber(env, o, "removedChannels", static_cast<double>(r.removed_channels)) &&
            SetNamed(env, o, "before", MakeTotals(env, r.before)) && SetNamed(env, o, "after", MakeTotals(env, r.after)) &&
            SetNamed(env, o, "notes", MakeStringArray(env, r.notes));
  if (ok && r.has_sparsity) ok = SetNumber(env, o, "sparsity", r.target_sparsity);
  if (ok && r.has_threshold) ok = SetNumber(env, o, "threshold", r.threshold);
  if (ok && r.method == "nm") ok = SetNumber(env, o, "n", r.n) && SetNumber(env, o, "m", r.m);
  napi_value layers = nullptr, groups = nullptr;
  ok = ok && napi_create_array_with_length(env, r.layers.size(), &layers) == napi_ok &&
       napi_create_array_with_length(env, r.groups.size(), &groups) == napi_ok;
  for (size_t i = 0; ok && i < r.layers.size(); ++i) {
    napi_value item = MakeLayer(env, r.layers[i]);
    ok = item != nullptr && napi_set_element(env, layers, static_cast<uint32_t>(i), item) == napi_ok;
  }
  for (size_t i = 0; ok && i < r.groups.size(); ++i) {
    napi_value item = MakeGroup(env, r.groups[i]);
    ok = item != nullptr && napi_set_element(env, groups, static_cast<uint32_t>(i), item) == napi_ok;
  }
  ok = ok && SetNamed(env, o, "layers", layers) && SetNamed(env, o, "groups", groups);
  return ok ? o : nullptr;
}

napi_value PruneModelBinding(napi_env env, napi_callback_info info) {
  return Guarded(env, "pruneModel", [&]() -> napi_value {
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "pruneModel", 2, 2, &args)) return nullptr;
    graph::Model* model = nullptr;
    Status status = UnwrapModel(env, args[0], &model, "pruneModel: model");
    if (!status.ok()) return ThrowStatus(env, status);
    prune::PrunePlan plan;
    prune::PruneInputs inputs;
    status = ReadPlan(env, args[1], &plan, &inputs);
    if (!status.ok()) return ThrowStatus(env, status);
    prune::PruneReport report;
    status = prune::PruneModel(model, plan, inputs, &report);
    if (!status.ok()) return ThrowStatus(env, status);
    napi_value out = MakeReport(env, report);
    return out != nullptr ? out : ThrowNapiFailure(env, "building the prune report");
  });
}

napi_value ChannelGroupsBinding(napi_env env, napi_callback_info info) {
  return Guarded(env, "channelGroups", [&]() -> napi_value {
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "channelGroups", 1, 1, &args)) return nullptr;
    graph::Model* model = nullptr;
    Status status = UnwrapModel(env, args[0], &model, "channelGroups: model");
    if (!status.ok()) return ThrowStatus(env, status);
    const graph::Graph& g = model->graph();
    std::vector<std::vector<int32_t>> dims;
    prune::DependencyGraph dep;
    status = prune::KnownDims(g, &dims);
    if (status.ok()) status = prune::DependencyGraph::Build(g, dims, &dep);
    if (!status.ok()) return ThrowStatus(env, status);
    napi_value out = nullptr;
    if (napi_create_array_with_length(env, dep.groups().size(), &out) != napi_ok) return ThrowNapiFailure(env, "array");
    for (size_t i = 0; i < dep.groups().size(); ++i) {
      const prune::ChannelGroup& group = dep.groups()[i];
      prune::GroupReport entry;
      entry.id = group.id;
      entry.channels = group.channels;
      entry.prunable = group.prunable;
      entry.reason = group.reason;
      for (uint32_t n : group.roots) entry.roots.push_back(g.nodes[n].name);
      for (uint32_t n : group.members) entry.members.push_back(g.nodes[n].name);
      napi_value item = MakeGroup(env, entry);
      napi_value slices = nullptr;
      bool ok = item != nullptr && napi_create_array_with_length(env, group.slices.size(), &slices) == napi_ok;
      for (size_t j = 0; ok && j < group.slices.size(); ++j) {
        const prune::ChannelSlice& s = group.slices[j];
        napi_value so = MakeObject(env);
        ok = so != nullptr && SetString(env, so, "tensor", g.tensors[s.tensor].name) && SetNumber(env, so, "axis", s.axis) &&
             SetNumber(env, so, "offset", static_cast<double>(s.map.offset)) &&
             SetNumber(env, so, "block", static_cast<double>(s.map.block)) &&
             SetNumber(env, so, "period", static_cast<double>(s.map.period)) &&
             SetNumber(env, so, "repeats", static_cast<double>(s.map.repeats)) && SetBool(env, so, "constant", s.constant) &&
             napi_set_element(env, slices, static_cast<uint32_t>(j), so) == napi_ok;
      }
      ok = ok && SetNamed(env, item, "slices", slices) && napi_set_element(env, out, static_cast<uint32_t>(i), item) == napi_ok;
      if (!ok) return ThrowNapiFailure(env, "building the channel groups");
    }
    return out;
  });
}

}  // namespace

bool RegisterPruneApi(napi_env env, napi_value exports) {
  return ExportFunction(env, exports, "pruneModel", PruneModelBinding) &&
         ExportFunction(env, exports, "channelGroups", ChannelGroupsBinding);
}

}  // namespace napi
}  // namespace prunelab
