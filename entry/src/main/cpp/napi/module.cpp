// Module entry: libpruner.so on OpenHarmony (imported as 'libpruner.so'), pruner.node on Node.js.
#include "common/napi_include.h"
#include "napi/napi_util.h"
#include "napi/registry.h"

namespace {

napi_value Init(napi_env env, napi_value exports) {
  using namespace prunelab::napi;
  if (!RegisterCoreApi(env, exports) || !RegisterModelApi(env, exports) || !RegisterEngineApi(env, exports) ||
      !RegisterPruneApi(env, exports)) {
    ThrowNapiFailure(env, "module registration");
    return nullptr;
  }
  return exports;
}

}  // namespace

#if PRUNELAB_ON_DEVICE
static napi_module g_pruner_module = {
    1,        // nm_version
    0,        // nm_flags
    nullptr,  // nm_filename
    Init,
    "pruner",  // nm_modname: the library name without lib and .so
    nullptr,
    {nullptr},
};

extern "C" __attribute__((constructor)) void RegisterPrunerModule() { napi_module_register(&g_pruner_module); }
#else
NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
#endif
