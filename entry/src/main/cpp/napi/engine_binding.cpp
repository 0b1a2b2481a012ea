// Engine API bindings. (Registered empty until the engine layer lands.)
#include "napi/registry.h"

namespace prunelab {
namespace napi {

bool RegisterEngineApi(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
  return true;
}

}  // namespace napi
}  // namespace prunelab
