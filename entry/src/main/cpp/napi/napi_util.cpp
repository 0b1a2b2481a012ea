#include "napi/napi_util.h"

#include <cmath>
#include <cstring>

namespace prunelab {
namespace napi {

napi_value ThrowStatus(napi_env env, const Status& status) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) return nullptr;
  napi_value code = nullptr;
  napi_value message = nullptr;
  napi_value error = nullptr;
  const std::string text = status.message().empty() ? std::string(ErrorCodeName(status.code())) : status.message();
  if (napi_create_string_utf8(env, ErrorCodeName(status.code()), NAPI_AUTO_LENGTH, &code) != napi_ok ||
      napi_create_string_utf8(env, text.c_str(), text.size(), &message) != napi_ok ||
      napi_create_error(env, code, message, &error) != napi_ok) {
    napi_throw_error(env, ErrorCodeName(status.code()), text.c_str());
    return nullptr;
  }
  napi_throw(env, error);
  return nullptr;
}

napi_value ThrowNapiFailure(napi_env env, const char* what) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) return nullptr;
  return ThrowStatus(env, Internal(std::string("Node-API call failed: ") + what));
}

bool ReadArgs(napi_env env, napi_callback_info info, const char* function, size_t min_count, size_t max_count,
              std::vector<napi_value>* args, napi_value* this_arg) {
  size_t argc = 0;
  if (napi_get_cb_info(env, info, &argc, nullptr, this_arg, nullptr) != napi_ok) {
    ThrowNapiFailure(env, "napi_get_cb_info");
    return false;
  }
  if (argc < min_count || argc > max_count) {
    std::string expected = min_count == max_count ? std::to_string(min_count)
                                                  : std::to_string(min_count) + " to " + std::to_string(max_count);
    ThrowBadArgument(env, std::string(function) + " takes " + expected + " argument(s), got " + std::to_string(argc));
    return false;
  }
  args->assign(argc, nullptr);
  if (argc > 0 && napi_get_cb_info(env, info, &argc, args->data(), nullptr, nullptr) != napi_ok) {
    ThrowNapiFailure(env, "napi_get_cb_info");
    return false;
  }
  return true;
}

bool IsUndefinedOrNull(napi_env env, napi_value value) {
  napi_valuetype type = napi_undefined;
  if (value == nullptr || napi_typeof(env, value, &type) != napi_ok) return true;
  return type == napi_undefined || type == napi_null;
}

static Status ExpectType(napi_env env, napi_value value, napi_valuetype expected, const char* what, const char* noun) {
  napi_valuetype type = napi_undefined;
  if (value == nullptr || napi_typeof(env, value, &type) != napi_ok || type != expected) {
    return BadArgument(std::string(what) + " must be " + noun);
  }
  return Status::Ok();
}

Status GetNumber(napi_env env, napi_value value, const char* what, double* out) {
  PRUNELAB_RETURN_IF_ERROR(ExpectType(env, value, napi_number, what, "a number"));
  if (napi_get_value_double(env, value, out) != napi_ok) return BadArgument(std::string(what) + " must be a number");
  return Status::Ok();
}

Status GetInt64(napi_env env, napi_value value, const char* what, int64_t* out) {
  double number = 0;
  PRUNELAB_RETURN_IF_ERROR(GetNumber(env, value, what, &number));
  if (!std::isfinite(number) || std::floor(number) != number || std::fabs(number) > 9007199254740991.0) {
    return BadArgument(std::string(what) + " must be a whole number");
  }
  *out = static_cast<int64_t>(number);
  return Status::Ok();
}

Status GetBool(napi_env env, napi_value value, const char* what, bool* out) {
  PRUNELAB_RETURN_IF_ERROR(ExpectType(env, value, napi_boolean, what, "a boolean"));
  if (napi_get_value_bool(env, value, out) != napi_ok) return BadArgument(std::string(what) + " must be a boolean");
  return Status::Ok();
}

Status GetString(napi_env env, napi_value value, const char* what, std::string* out) {
  PRUNELAB_RETURN_IF_ERROR(ExpectType(env, value, napi_string, what, "a string"));
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) {
    return BadArgument(std::string(what) + " must be a string");
  }
  std::string text(length, '\0');
  size_t written = 0;
  if (napi_get_value_string_utf8(env, value, text.data(), length + 1, &written) != napi_ok) {
    return BadArgument(std::string(what) + " must be a string");
  }
  text.resize(written);
  *out = std::move(text);
  return Status::Ok();
}

Status GetStringArray(napi_env env, napi_value value, const char* what, std::vector<std::string>* out) {
  bool is_array = false;
  if (value == nullptr || napi_is_array(env, value, &is_array) != napi_ok || !is_array) {
    return BadArgument(std::string(what) + " must be an array of strings");
  }
  uint32_t length = 0;
  if (napi_get_array_length(env, value, &length) != napi_ok) return BadArgument(std::string(what) + " must be an array");
  out->clear();
  for (uint32_t i = 0; i < length; ++i) {
    napi_value item = nullptr;
    if (napi_get_element(env, value, i, &item) != napi_ok) return BadArgument(std::string(what) + " is unreadable");
    std::string text;
    PRUNELAB_RETURN_IF_ERROR(GetString(env, item, what, &text));
    out->push_back(std::move(text));
  }
  return Status::Ok();
}

Status GetProperty(napi_env env, napi_value object, const char* key, napi_value* out, bool* found) {
  *found = false;
  *out = nullptr;
  if (IsUndefinedOrNull(env, object)) return Status::Ok();
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env, object, &type) != napi_ok || type != napi_object) {
    return BadArgument("options must be an object");
  }
  bool has = false;
  if (napi_has_named_property(env, object, key, &has) != napi_ok) return BadArgument("options are unreadable");
  if (!has) return Status::Ok();
  if (napi_get_named_property(env, object, key, out) != napi_ok) {
    return BadArgument(std::string("option ") + key + " is unreadable");
  }
  *found = !IsUndefinedOrNull(env, *out);
  return Status::Ok();
}

Status GetArrayBufferBytes(napi_env env, napi_value value, const char* what, uint8_t** data, size_t* size) {
  bool is_buffer = false;
  if (value == nullptr || napi_is_arraybuffer(env, value, &is_buffer) != napi_ok || !is_buffer) {
    return BadArgument(std::string(what) + " must be an ArrayBuffer");
  }
  bool detached = false;
  if (napi_is_detached_arraybuffer(env, value, &detached) != napi_ok || detached) {
    return BadArgument(std::string(what) + " is a detached ArrayBuffer");
  }
  void* raw = nullptr;
  if (napi_get_arraybuffer_info(env, value, &raw, size) != napi_ok) {
    return BadArgument(std::string(what) + " is unreadable");
  }
  *data = static_cast<uint8_t*>(raw);
  return Status::Ok();
}

Status GetFloat32Array(napi_env env, napi_value value, const char* what, float** data, size_t* length) {
  bool is_typed = false;
  if (value == nullptr || napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) {
    return BadArgument(std::string(what) + " must be a Float32Array");
  }
  napi_typedarray_type type = napi_int8_array;
  size_t count = 0;
  void* raw = nullptr;
  napi_value buffer = nullptr;
  size_t byte_offset = 0;
  if (napi_get_typedarray_info(env, value, &type, &count, &raw, &buffer, &byte_offset) != napi_ok) {
    return BadArgument(std::string(what) + " is unreadable");
  }
  if (type != napi_float32_array) return BadArgument(std::string(what) + " must be a Float32Array");
  bool detached = false;
  if (buffer == nullptr || napi_is_detached_arraybuffer(env, buffer, &detached) != napi_ok || detached) {
    return BadArgument(std::string(what) + " views a detached ArrayBuffer");
  }
  if (raw == nullptr && count != 0) return BadArgument(std::string(what) + " has no data");
  *data = static_cast<float*>(raw);
  *length = count;
  return Status::Ok();
}

napi_value MakeObject(napi_env env) {
  napi_value out = nullptr;
  return napi_create_object(env, &out) == napi_ok ? out : nullptr;
}

napi_value MakeNumber(napi_env env, double value) {
  napi_value out = nullptr;
  return napi_create_double(env, value, &out) == napi_ok ? out : nullptr;
}

napi_value MakeString(napi_env env, const std::string& value) {
  napi_value out = nullptr;
  return napi_create_string_utf8(env, value.c_str(), value.size(), &out) == napi_ok ? out : nullptr;
}

napi_value MakeBool(napi_env env, bool value) {
  napi_value out = nullptr;
  return napi_get_boolean(env, value, &out) == napi_ok ? out : nullptr;
}

napi_value MakeUndefined(napi_env env) {
  napi_value out = nullptr;
  return napi_get_undefined(env, &out) == napi_ok ? out : nullptr;
}

napi_value MakeNumberArray(napi_env env, const std::vector<double>& values) {
  napi_value out = nullptr;
  if (napi_create_array_with_length(env, values.size(), &out) != napi_ok) return nullptr;
  for (size_t i = 0; i < values.size(); ++i) {
    napi_value item = MakeNumber(env, values[i]);
    if (item == nullptr || napi_set_element(env, out, static_cast<uint32_t>(i), item) != napi_ok) return nullptr;
  }
  return out;
}

napi_value MakeStringArray(napi_env env, const std::vector<std::string>& values) {
  napi_value out = nullptr;
  if (napi_create_array_with_length(env, values.size(), &out) != napi_ok) return nullptr;
  for (size_t i = 0; i < values.size(); ++i) {
    napi_value item = MakeString(env, values[i]);
    if (item == nullptr || napi_set_element(env, out, static_cast<uint32_t>(i), item) != napi_ok) return nullptr;
  }
  return out;
}

napi_value MakeArrayBuffer(napi_env env, const uint8_t* data, size_t size) {
  void* raw = nullptr;
  napi_value out = nullptr;
  if (napi_create_arraybuffer(env, size, &raw, &out) != napi_ok) return nullptr;
  if (size > 0) std::memcpy(raw, data, size);
  return out;
}

bool SetNamed(napi_env env, napi_value object, const char* key, napi_value value) {
  return value != nullptr && napi_set_named_property(env, object, key, value) == napi_ok;
}
bool SetNumber(napi_env env, napi_value object, const char* key, double value) {
  return SetNamed(env, object, key, MakeNumber(env, value));
}
bool SetString(napi_env env, napi_value object, const char* key, const std::string& value) {
  return SetNamed(env, object, key, MakeString(env, value));
}
bool SetBool(napi_env env, napi_value object, const char* key, bool value) {
  return SetNamed(env, object, key, MakeBool(env, value));
}

bool ExportFunction(napi_env env, napi_value exports, const char* name, napi_callback callback) {
  napi_value fn = nullptr;
  if (napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, nullptr, &fn) != napi_ok) return false;
  return napi_set_named_property(env, exports, name, fn) == napi_ok;
}

}  // namespace napi
}  // namespace prunelab
