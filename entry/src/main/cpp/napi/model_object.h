// The JS `Model` class seen from C++: other bindings (engine, prune) take and return models
// through these two functions.
#pragma once

#include <memory>

#include "common/napi_include.h"
#include "common/status.h"
#include "graph/model.h"

namespace prunelab {
namespace napi {

// The native model behind a JS Model object (owned by that object; valid while it is alive).
// BAD_ARGUMENT naming `what` when `value` is not a Model.
Status UnwrapModel(napi_env env, napi_value value, graph::Model** out, const char* what = "model");

// A new JS Model object owning `model`. Returns nullptr after throwing (model is then freed).
napi_value WrapModel(napi_env env, std::unique_ptr<graph::Model> model);

}  // namespace napi
}  // namespace prunelab
