// Each binding file adds its functions and classes to the module's exports.
#pragma once

#include "common/napi_include.h"

namespace prunelab {
namespace napi {

bool RegisterCoreApi(napi_env env, napi_value exports);    // core_binding.cpp: version, weightStats
bool RegisterModelApi(napi_env env, napi_value exports);   // model_binding.cpp: Model
bool RegisterEngineApi(napi_env env, napi_value exports);  // engine_binding.cpp: run, benchmark
bool RegisterPruneApi(napi_env env, napi_value exports);   // prune_binding.cpp: prune, importance

}  // namespace napi
}  // namespace prunelab
