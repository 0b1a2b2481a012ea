// version() and weightStats(Float32Array): the first native functions, reused by later layers.
#include "common/version.h"
#include "napi/napi_util.h"
#include "napi/registry.h"
#include "stats/weight_stats.h"

namespace prunelab {
namespace napi {
namespace {

napi_value Version(napi_env env, napi_callback_info info) {
  std::vector<napi_value> args;
  if (!ReadArgs(env, info, "version", 0, 0, &args)) return nullptr;
  return MakeString(env, PRUNELAB_VERSION);
}

// Reads the Float32Array in place: the statistics reflect the buffer as it is at the call.
napi_value WeightStatsBinding(napi_env env, napi_callback_info info) {
  std::vector<napi_value> args;
  if (!ReadArgs(env, info, "weightStats", 1, 1, &args)) return nullptr;
  float* data = nullptr;
  size_t length = 0;
  Status status = GetFloat32Array(env, args[0], "weightStats: weights", &data, &length);
  if (!status.ok()) return ThrowStatus(env, status);
  const WeightStats stats = ComputeWeightStats(Span<const float>(data, length));
  napi_value out = MakeObject(env);
  if (out == nullptr || !SetNumber(env, out, "count", static_cast<double>(stats.count)) ||
      !SetNumber(env, out, "zeros", static_cast<double>(stats.zeros)) ||
      !SetNumber(env, out, "nanCount", static_cast<double>(stats.nan_count)) || !SetNumber(env, out, "l1", stats.l1) ||
      !SetNumber(env, out, "l2", stats.l2) || !SetNumber(env, out, "min", stats.min) ||
      !SetNumber(env, out, "max", stats.max)) {
    return ThrowNapiFailure(env, "building the weightStats result");
  }
  return out;
}

}  // namespace

bool RegisterCoreApi(napi_env env, napi_value exports) {
  return ExportFunction(env, exports, "version", Version) &&
         ExportFunction(env, exports, "weightStats", WeightStatsBinding);
}

}  // namespace napi
}  // namespace prunelab
