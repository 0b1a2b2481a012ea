// The JS `Model` class: Model.fromBuffer(bytes), summary(), clone(), toBuffer(), tensorNames(),
// getTensorData(name), setTensorData(name, values). Each JS object owns one graph::Model.
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "graph/metrics.h"
#include "napi/model_object.h"
#include "napi/napi_util.h"
#include "napi/registry.h"

namespace prunelab {
namespace napi {
namespace {

// Marks the JS objects this file wraps, so UnwrapModel never mistakes another binding's object.
constexpr napi_type_tag kModelTag = {0x5072756e654c6162ULL, 0x4d6f64656c763031ULL};  // "PruneLab" "Modelv01"

// The constructor per environment (workers have their own), for WrapModel. Instance data is
// not used: it is one slot per module and other bindings may want it.
std::mutex g_constructors_mutex;
std::map<napi_env, napi_ref> g_constructors;

void ForgetConstructor(void* arg) {
  napi_env env = static_cast<napi_env>(arg);
  std::lock_guard<std::mutex> lock(g_constructors_mutex);
  g_constructors.erase(env);
}

napi_value Constructor(napi_env env) {
  napi_ref ref = nullptr;
  {
    std::lock_guard<std::mutex> lock(g_constructors_mutex);
    auto it = g_constructors.find(env);
    if (it != g_constructors.end()) ref = it->second;
  }
  napi_value constructor = nullptr;
  if (ref == nullptr || napi_get_reference_value(env, ref, &constructor) != napi_ok) return nullptr;
  return constructor;
}

// `new Model(token)` is only reached from WrapModel: JS cannot make this external.
const int kConstructToken = 0;
thread_local std::unique_ptr<graph::Model> t_pending_model;

void FinalizeModel(napi_env env, void* data, void* /*hint*/) {
  auto* model = static_cast<graph::Model*>(data);
  int64_t change = 0;
  napi_adjust_external_memory(env, -static_cast<int64_t>(model->source_size()), &change);
  delete model;
}

napi_value ModelConstructor(napi_env env, napi_callback_info info) {
  return Guarded(env, "Model", [&]() -> napi_value {
    size_t argc = 1;
    napi_value arg = nullptr;
    napi_value self = nullptr;
    if (napi_get_cb_info(env, info, &argc, &arg, &self, nullptr) != napi_ok) return ThrowNapiFailure(env, "napi_get_cb_info");
    napi_valuetype type = napi_undefined;
    void* token = nullptr;
    if (argc != 1 || napi_typeof(env, arg, &type) != napi_ok || type != napi_external ||
        napi_get_value_external(env, arg, &token) != napi_ok || token != &kConstructToken || !t_pending_model) {
      return ThrowBadArgument(env, "Model cannot be constructed directly: use Model.fromBuffer(bytes)");
    }
    graph::Model* model = t_pending_model.get();
    if (napi_wrap(env, self, model, FinalizeModel, nullptr, nullptr) != napi_ok) return ThrowNapiFailure(env, "napi_wrap");
    t_pending_model.release();  // owned by the JS object from here on
    int64_t change = 0;
    napi_adjust_external_memory(env, static_cast<int64_t>(model->source_size()), &change);
    if (napi_type_tag_object(env, self, &kModelTag) != napi_ok) return ThrowNapiFailure(env, "napi_type_tag_object");
    return self;
  });
}

napi_value This(napi_env env, napi_callback_info info, const char* method, size_t min_args, size_t max_args,
                std::vector<napi_value>* args, graph::Model** model) {
  napi_value self = nullptr;
  if (!ReadArgs(env, info, method, min_args, max_args, args, &self)) return nullptr;
  Status status = UnwrapModel(env, self, model, "this");
  if (!status.ok()) return ThrowStatus(env, status);
  return self;
}

napi_value TensorInfoObject(napi_env env, const graph::Tensor& tensor) {
  napi_value info = MakeObject(env);
  std::vector<double> dims(tensor.dims.begin(), tensor.dims.end());
  if (info == nullptr || !SetString(env, info, "name", tensor.name) ||
      !SetString(env, info, "dtype", graph::DataTypeName(tensor.dtype)) ||
      !SetNamed(env, info, "dims", MakeNumberArray(env, dims)) ||
      !SetString(env, info, "format", graph::FormatName(tensor.format))) {
    return nullptr;
  }
  return info;
}

napi_value TensorList(napi_env env, const graph::Graph& graph, const std::vector<uint32_t>& indices) {
  napi_value list = nullptr;
  if (napi_create_array_with_length(env, indices.size(), &list) != napi_ok) return nullptr;
  for (size_t i = 0; i < indices.size(); ++i) {
    napi_value item = TensorInfoObject(env, graph.tensors[indices[i]]);
    if (item == nullptr || napi_set_element(env, list, static_cast<uint32_t>(i), item) != napi_ok) return nullptr;
  }
  return list;
}

napi_value LayerObject(napi_env env, const graph::LayerMetrics& layer) {
  napi_value out = MakeObject(env);
  std::vector<double> dims(layer.weight_dims.begin(), layer.weight_dims.end());
  if (out == nullptr || !SetString(env, out, "name", layer.name) || !SetString(env, out, "op", layer.op) ||
      !SetString(env, out, "weight", layer.weight) || !SetNamed(env, out, "weightDims", MakeNumberArray(env, dims)) ||
      !SetNumber(env, out, "params", static_cast<double>(layer.params)) ||
      !SetNumber(env, out, "nonzeros", static_cast<double>(layer.nonzeros)) ||
      !SetNumber(env, out, "macs", static_cast<double>(layer.macs)) ||
      !SetNumber(env, out, "bytes", static_cast<double>(layer.bytes)) || !SetBool(env, out, "quantized", layer.quantized)) {
    return nullptr;
  }
  return out;
}

napi_value Summary(napi_env env, napi_callback_info info) {
  return Guarded(env, "summary", [&]() -> napi_value {
    std::vector<napi_value> args;
    graph::Model* model = nullptr;
    if (This(env, info, "summary", 0, 0, &args, &model) == nullptr) return nullptr;
    const graph::Graph& graph = model->graph();
    graph::ModelMetrics metrics;
    Status status = graph::ComputeMetrics(graph, model->source_size(), &metrics);
    if (!status.ok()) return ThrowStatus(env, status);

    napi_value out = MakeObject(env);
    napi_value ops = MakeObject(env);
    napi_value layers = nullptr;
    if (out == nullptr || ops == nullptr || napi_create_array_with_length(env, metrics.layers.size(), &layers) != napi_ok) {
      return ThrowNapiFailure(env, "building the summary");
    }
    std::map<std::string, int> op_counts;
    for (const graph::Node& node : graph.nodes) ++op_counts[node.OpName()];
    for (const auto& entry : op_counts) {
      if (!SetNumber(env, ops, entry.first.c_str(), entry.second)) return ThrowNapiFailure(env, "building the summary");
    }
    for (size_t i = 0; i < metrics.layers.size(); ++i) {
      napi_value layer = LayerObject(env, metrics.layers[i]);
      if (layer == nullptr || napi_set_element(env, layers, static_cast<uint32_t>(i), layer) != napi_ok) {
        return ThrowNapiFailure(env, "building the summary");
      }
    }
    const bool ok =
        SetString(env, out, "name", graph.name) && SetString(env, out, "version", graph.version) &&
        SetString(env, out, "fmkType", graph::FmkName(graph.fmk_type)) &&
        SetBool(env, out, "isTraining", graph.IsTrainingGraph()) &&
        SetBool(env, out, "hasQuantizedWeights", graph.HasQuantizedWeights()) &&
        SetNamed(env, out, "inputs", TensorList(env, graph, graph.inputs)) &&
        SetNamed(env, out, "outputs", TensorList(env, graph, graph.outputs)) &&
        SetNumber(env, out, "nodeCount", static_cast<double>(graph.nodes.size())) &&
        SetNumber(env, out, "tensorCount", static_cast<double>(graph.tensors.size())) && SetNamed(env, out, "ops", ops) &&
        SetNumber(env, out, "params", static_cast<double>(metrics.params)) &&
        SetNumber(env, out, "nonzeros", static_cast<double>(metrics.nonzeros)) &&
        SetNumber(env, out, "macs", static_cast<double>(metrics.macs)) &&
        SetNumber(env, out, "fileBytes", static_cast<double>(metrics.file_bytes)) &&
        SetBool(env, out, "shapesInferred", metrics.shapes_inferred) &&
        SetBool(env, out, "macsComplete", metrics.macs_complete) && SetNamed(env, out, "layers", layers);
    if (!ok) return ThrowNapiFailure(env, "building the summary");
    return out;
  });
}

napi_value FromBuffer(napi_env env, napi_callback_info info) {
  return Guarded(env, "Model.fromBuffer", [&]() -> napi_value {
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "Model.fromBuffer", 1, 1, &args)) return nullptr;
    uint8_t* data = nullptr;
    size_t size = 0;
    bool is_typed = false;
    // An ArrayBuffer, or (for host callers holding a Node Buffer) any typed array's bytes.
    if (napi_is_typedarray(env, args[0], &is_typed) == napi_ok && is_typed) {
      napi_typedarray_type type;
      size_t length = 0;
      void* raw = nullptr;
      napi_value buffer = nullptr;
      size_t offset = 0;
      if (napi_get_typedarray_info(env, args[0], &type, &length, &raw, &buffer, &offset) != napi_ok) {
        return ThrowBadArgument(env, "Model.fromBuffer: bytes are unreadable");
      }
      size_t element = 1;
      switch (type) {
        case napi_int16_array: case napi_uint16_array: element = 2; break;
        case napi_int32_array: case napi_uint32_array: case napi_float32_array: element = 4; break;
        case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: element = 8; break;
        default: element = 1; break;
      }
      data = static_cast<uint8_t*>(raw);
      size = length * element;
      if (data == nullptr && size != 0) return ThrowBadArgument(env, "Model.fromBuffer: bytes are detached");
    } else {
      Status status = GetArrayBufferBytes(env, args[0], "Model.fromBuffer: bytes", &data, &size);
      if (!status.ok()) return ThrowStatus(env, status);
    }
    // The one copy: JS may reuse or detach its buffer; the model owns its bytes from here on.
    std::vector<uint8_t> bytes(data, data + size);
    std::unique_ptr<graph::Model> model;
    Status status = graph::Model::FromBytes(std::move(bytes), &model);
    if (!status.ok()) return ThrowStatus(env, status);
    return WrapModel(env, std::move(model));
  });
}

napi_value CloneModel(napi_env env, napi_callback_info info) {
  return Guarded(env, "clone", [&]() -> napi_value {
    std::vector<napi_value> args;
    graph::Model* model = nullptr;
    if (This(env, info, "clone", 0, 0, &args, &model) == nullptr) return nullptr;
    return WrapModel(env, model->Clone());
  });
}

napi_value ToBuffer(napi_env env, napi_callback_info info) {
  return Guarded(env, "toBuffer", [&]() -> napi_value {
    std::vector<napi_value> args;
    graph::Model* model = nullptr;
    if (This(env, info, "toBuffer", 0, 0, &args, &model) == nullptr) return nullptr;
    std::vector<uint8_t> bytes;
    Status status = model->ToBytes(&bytes);
    if (!status.ok()) return ThrowStatus(env, status);
    napi_value out = MakeArrayBuffer(env, bytes.data(), bytes.size());
    return out != nullptr ? out : ThrowNapiFailure(env, "napi_create_arraybuffer");
  });
}

napi_value TensorNames(napi_env env, napi_callback_info info) {
  return Guarded(env, "tensorNames", [&]() -> napi_value {
    std::vector<napi_value> args;
    graph::Model* model = nullptr;
    if (This(env, info, "tensorNames", 0, 0, &args, &model) == nullptr) return nullptr;
    std::vector<std::string> names;
    for (const graph::Tensor& tensor : model->graph().tensors) names.push_back(tensor.name);
    napi_value out = MakeStringArray(env, names);
    return out != nullptr ? out : ThrowNapiFailure(env, "building the name list");
  });
}

// The float32 tensor named `name`, with data; BAD_ARGUMENT otherwise.
Status FindFloatTensor(graph::Model* model, const std::string& name, const char* method, graph::Tensor** out) {
  for (graph::Tensor& tensor : model->graph().tensors) {
    if (tensor.name != name) continue;
    if (tensor.dtype != graph::DataType::kFloat32) {
      return BadArgument(std::string(method) + ": tensor '" + name + "' is " + graph::DataTypeName(tensor.dtype) + ", not float32");
    }
    if (!tensor.HasData()) return BadArgument(std::string(method) + ": tensor '" + name + "' holds no data (it is computed at run time)");
    if (tensor.Floats().empty()) return BadArgument(std::string(method) + ": tensor '" + name + "' data does not match its shape");
    *out = &tensor;
    return Status::Ok();
  }
  return BadArgument(std::string(method) + ": the model has no tensor named '" + name + "'");
}

// A copy: the returned array stays valid and unaffected whatever happens to the model later.
napi_value GetTensorData(napi_env env, napi_callback_info info) {
  return Guarded(env, "getTensorData", [&]() -> napi_value {
    std::vector<napi_value> args;
    graph::Model* model = nullptr;
    if (This(env, info, "getTensorData", 1, 1, &args, &model) == nullptr) return nullptr;
    std::string name;
    Status status = GetString(env, args[0], "getTensorData: name", &name);
    graph::Tensor* tensor = nullptr;
    if (status.ok()) status = FindFloatTensor(model, name, "getTensorData", &tensor);
    if (!status.ok()) return ThrowStatus(env, status);
    const Span<const float> values = tensor->Floats();
    void* raw = nullptr;
    napi_value buffer = nullptr;
    napi_value array = nullptr;
    if (napi_create_arraybuffer(env, values.size() * sizeof(float), &raw, &buffer) != napi_ok ||
        napi_create_typedarray(env, napi_float32_array, values.size(), buffer, 0, &array) != napi_ok) {
      return ThrowNapiFailure(env, "creating a Float32Array");
    }
    if (!values.empty()) std::memcpy(raw, values.data(), values.size() * sizeof(float));
    return array;
  });
}

// Writes into the model's weights in place (through the view into its buffer: no re-encode).
napi_value SetTensorData(napi_env env, napi_callback_info info) {
  return Guarded(env, "setTensorData", [&]() -> napi_value {
    std::vector<napi_value> args;
    graph::Model* model = nullptr;
    if (This(env, info, "setTensorData", 2, 2, &args, &model) == nullptr) return nullptr;
    std::string name;
    float* values = nullptr;
    size_t length = 0;
    Status status = GetString(env, args[0], "setTensorData: name", &name);
    if (status.ok()) status = GetFloat32Array(env, args[1], "setTensorData: values", &values, &length);
    graph::Tensor* tensor = nullptr;
    if (status.ok()) status = FindFloatTensor(model, name, "setTensorData", &tensor);
    if (!status.ok()) return ThrowStatus(env, status);
    Span<float> target = tensor->MutableFloats();
    if (length != target.size()) {
      return ThrowBadArgument(env, "setTensorData: tensor '" + name + "' has " + std::to_string(target.size()) +
                                       " elements, the values " + std::to_string(length));
    }
    if (length > 0) std::memmove(target.data(), values, length * sizeof(float));
    return MakeUndefined(env);
  });
}

}  // namespace

Status UnwrapModel(napi_env env, napi_value value, graph::Model** out, const char* what) {
  *out = nullptr;
  napi_valuetype type = napi_undefined;
  bool tagged = false;
  void* data = nullptr;
  if (value == nullptr || napi_typeof(env, value, &type) != napi_ok || type != napi_object ||
      napi_check_object_type_tag(env, value, &kModelTag, &tagged) != napi_ok || !tagged ||
      napi_unwrap(env, value, &data) != napi_ok || data == nullptr) {
    return BadArgument(std::string(what) + " must be a Model (from Model.fromBuffer)");
  }
  *out = static_cast<graph::Model*>(data);
  return Status::Ok();
}

napi_value WrapModel(napi_env env, std::unique_ptr<graph::Model> model) {
  if (model == nullptr) return ThrowStatus(env, Internal("WrapModel: no model"));
  napi_value constructor = Constructor(env);
  napi_value token = nullptr;
  if (constructor == nullptr) return ThrowStatus(env, Internal("WrapModel: the Model class is not registered"));
  if (napi_create_external(env, const_cast<int*>(&kConstructToken), nullptr, nullptr, &token) != napi_ok) {
    return ThrowNapiFailure(env, "napi_create_external");
  }
  t_pending_model = std::move(model);
  napi_value instance = nullptr;
  const napi_status status = napi_new_instance(env, constructor, 1, &token, &instance);
  t_pending_model.reset();  // still set only when the constructor failed before taking it
  if (status != napi_ok) return ThrowNapiFailure(env, "creating a Model");
  return instance;
}

bool RegisterModelApi(napi_env env, napi_value exports) {
  const napi_property_descriptor properties[] = {
      {"fromBuffer", nullptr, FromBuffer, nullptr, nullptr, nullptr, napi_static, nullptr},
      {"summary", nullptr, Summary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"clone", nullptr, CloneModel, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"toBuffer", nullptr, ToBuffer, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"tensorNames", nullptr, TensorNames, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"getTensorData", nullptr, GetTensorData, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setTensorData", nullptr, SetTensorData, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_value constructor = nullptr;
  if (napi_define_class(env, "Model", NAPI_AUTO_LENGTH, ModelConstructor, nullptr,
                        sizeof(properties) / sizeof(properties[0]), properties, &constructor) != napi_ok) {
    return false;
  }
  napi_ref ref = nullptr;
  if (napi_create_reference(env, constructor, 1, &ref) != napi_ok) return false;
  {
    std::lock_guard<std::mutex> lock(g_constructors_mutex);
    g_constructors[env] = ref;
  }
  napi_add_env_cleanup_hook(env, ForgetConstructor, env);
  return napi_set_named_property(env, exports, "Model", constructor) == napi_ok;
}

}  // namespace napi
}  // namespace prunelab
