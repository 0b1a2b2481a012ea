// Small helpers every binding uses: typed JS errors from Status, argument reading with
// BAD_ARGUMENT on anything unexpected, and object building. A binding returns nullptr after
// throwing; no C++ exception ever crosses into the JS engine.
#pragma once

#include <cstdint>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "common/napi_include.h"
#include "common/status.h"

namespace prunelab {
namespace napi {

// Throws a JS Error whose `code` is ErrorCodeName(status.code()) and returns nullptr.
napi_value ThrowStatus(napi_env env, const Status& status);
inline napi_value ThrowBadArgument(napi_env env, const std::string& message) {
  return ThrowStatus(env, BadArgument(message));
}
// When a Node-API call itself fails (a pending exception is left as is).
napi_value ThrowNapiFailure(napi_env env, const char* what);

// Reads exactly `expected` arguments (BAD_ARGUMENT naming `function` otherwise).
// Between min and max arguments: `count` receives how many were passed.
bool ReadArgs(napi_env env, napi_callback_info info, const char* function, size_t min_count, size_t max_count,
              std::vector<napi_value>* args, napi_value* this_arg = nullptr);

bool IsUndefinedOrNull(napi_env env, napi_value value);

// Each returns a BAD_ARGUMENT Status naming `what` when the value is not of the type.
Status GetNumber(napi_env env, napi_value value, const char* what, double* out);
Status GetInt64(napi_env env, napi_value value, const char* what, int64_t* out);  // finite integer
Status GetBool(napi_env env, napi_value value, const char* what, bool* out);
Status GetString(napi_env env, napi_value value, const char* what, std::string* out);
Status GetStringArray(napi_env env, napi_value value, const char* what, std::vector<std::string>* out);
// A property of an options object; `*found` false when it is absent or undefined.
Status GetProperty(napi_env env, napi_value object, const char* key, napi_value* out, bool* found);
// A view of an ArrayBuffer's bytes (no copy). BAD_ARGUMENT when not an ArrayBuffer or detached.
Status GetArrayBufferBytes(napi_env env, napi_value value, const char* what, uint8_t** data, size_t* size);
// A view of a Float32Array's elements (no copy). BAD_ARGUMENT when not a Float32Array or detached.
Status GetFloat32Array(napi_env env, napi_value value, const char* what, float** data, size_t* length);

// Builders (each returns nullptr when the engine refuses; callers may then ThrowNapiFailure).
napi_value MakeObject(napi_env env);
napi_value MakeNumber(napi_env env, double value);
napi_value MakeString(napi_env env, const std::string& value);
napi_value MakeBool(napi_env env, bool value);
napi_value MakeNumberArray(napi_env env, const std::vector<double>& values);
napi_value MakeStringArray(napi_env env, const std::vector<std::string>& values);
napi_value MakeUndefined(napi_env env);
// Copies bytes into a new ArrayBuffer.
napi_value MakeArrayBuffer(napi_env env, const uint8_t* data, size_t size);
bool SetNamed(napi_env env, napi_value object, const char* key, napi_value value);
bool SetNumber(napi_env env, napi_value object, const char* key, double value);
bool SetString(napi_env env, napi_value object, const char* key, const std::string& value);
bool SetBool(napi_env env, napi_value object, const char* key, bool value);

// Runs a binding body, turning C++ exceptions into typed JS errors named after `name`
// (std::bad_alloc -> OUT_OF_MEMORY, anything else -> INTERNAL): none crosses into the JS engine.
template <typename Body>
napi_value Guarded(napi_env env, const char* name, Body body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return ThrowStatus(env, OutOfMemory(std::string(name) + ": out of memory"));
  } catch (const std::exception& error) {
    return ThrowStatus(env, Internal(std::string(name) + ": " + error.what()));
  } catch (...) {
    return ThrowStatus(env, Internal(std::string(name) + ": unexpected failure"));
  }
}

// Adds a function property to `exports`.
bool ExportFunction(napi_env env, napi_value exports, const char* name, napi_callback callback);

}  // namespace napi
}  // namespace prunelab
