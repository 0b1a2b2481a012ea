// Model API bindings. (Registered empty until the model layer lands.)
#include "napi/registry.h"

namespace prunelab {
namespace napi {

bool RegisterModelApi(napi_env env, napi_value exports) {
  (void)env;
  (void)exports;
  return true;
}

}  // namespace napi
}  // namespace prunelab
