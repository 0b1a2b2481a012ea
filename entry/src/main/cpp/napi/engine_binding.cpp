// Engine API: runModel (sync, one run), runModelAsync (batches on a worker thread, progress,
// cancel), benchmarkAsync (warm-up + timed runs), benchGemm (the GEMM kernel vs the naive loop),
// engineOps (what the engine runs) and the CancelToken class.
//
// Async work runs on a snapshot: the model is cloned and the inputs are copied when the call is
// made, on the JS thread, so later edits of the JS Model (pruning, setTensorData) can neither
// race with the worker nor change a running job. The clone costs the model's file size once.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "engine/benchmark.h"
#include "engine/executor.h"
#include "engine/op_registry.h"
#include "graph/attributes.h"
#include "napi/model_object.h"
#include "napi/napi_util.h"
#include "napi/registry.h"

namespace prunelab {
namespace napi {
namespace {

using engine::Shape;

constexpr napi_type_tag kCancelTag = {0x5072756e654c6162ULL, 0x43616e63656c7631ULL};  // "PruneLab" "Cancelv1"

// Runs a binding body, turning C++ exceptions into typed JS errors (none crosses into JS).
template <typename Body>
napi_value Guarded(napi_env env, Body body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return ThrowStatus(env, OutOfMemory("not enough memory"));
  } catch (const std::exception& e) {
    return ThrowStatus(env, Internal(e.what()));
  } catch (...) {
    return ThrowStatus(env, Internal("unexpected native failure"));
  }
}

// An Error with a `code`, for promise rejections.
napi_value MakeError(napi_env env, const Status& status) {
  napi_value code = nullptr, message = nullptr, error = nullptr;
  const std::string text = status.message().empty() ? std::string(ErrorCodeName(status.code())) : status.message();
  if (napi_create_string_utf8(env, ErrorCodeName(status.code()), NAPI_AUTO_LENGTH, &code) != napi_ok ||
      napi_create_string_utf8(env, text.c_str(), text.size(), &message) != napi_ok ||
      napi_create_error(env, code, message, &error) != napi_ok) {
    return nullptr;
  }
  return error;
}

// ---- argument reading ----

Status GetArray(napi_env env, napi_value value, const char* what, std::vector<napi_value>* items) {
  bool is_array = false;
  if (value == nullptr || napi_is_array(env, value, &is_array) != napi_ok || !is_array) {
    return BadArgument(std::string(what) + " must be an array");
  }
  uint32_t length = 0;
  if (napi_get_array_length(env, value, &length) != napi_ok) return BadArgument(std::string(what) + " is unreadable");
  if (length > (1u << 20)) return BadArgument(std::string(what) + " is too long");
  items->assign(length, nullptr);
  for (uint32_t i = 0; i < length; ++i) {
    if (napi_get_element(env, value, i, &(*items)[i]) != napi_ok) return BadArgument(std::string(what) + " is unreadable");
  }
  return Status::Ok();
}

// Float32Array[] as views (valid during the call).
Status GetInputViews(napi_env env, napi_value value, const char* what, std::vector<Span<const float>>* views) {
  std::vector<napi_value> items;
  PRUNELAB_RETURN_IF_ERROR(GetArray(env, value, what, &items));
  views->clear();
  for (size_t i = 0; i < items.size(); ++i) {
    float* data = nullptr;
    size_t length = 0;
    const std::string item = std::string(what) + "[" + std::to_string(i) + "]";
    PRUNELAB_RETURN_IF_ERROR(GetFloat32Array(env, items[i], item.c_str(), &data, &length));
    views->emplace_back(data, length);
  }
  return Status::Ok();
}

Status CopyInputs(napi_env env, napi_value value, const char* what, std::vector<std::vector<float>>* out) {
  std::vector<Span<const float>> views;
  PRUNELAB_RETURN_IF_ERROR(GetInputViews(env, value, what, &views));
  out->clear();
  for (const Span<const float>& v : views) out->emplace_back(v.begin(), v.end());
  return Status::Ok();
}

struct CancelFlag {
  std::shared_ptr<std::atomic<bool>> flag = std::make_shared<std::atomic<bool>>(false);
};

Status UnwrapCancel(napi_env env, napi_value value, std::shared_ptr<std::atomic<bool>>* out) {
  napi_valuetype type = napi_undefined;
  bool tagged = false;
  void* data = nullptr;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_object ||
      napi_check_object_type_tag(env, value, &kCancelTag, &tagged) != napi_ok || !tagged ||
      napi_unwrap(env, value, &data) != napi_ok || data == nullptr) {
    return BadArgument("options.cancel must be a CancelToken");
  }
  *out = static_cast<CancelFlag*>(data)->flag;
  return Status::Ok();
}

struct EngineOptions {
  int threads = 1;
  bool time_ops = false;
  std::vector<Shape> input_dims;  // empty: the model's
  std::shared_ptr<std::atomic<bool>> cancel;
  int runs = 20;
  int warmup = 3;
};

Status GetIntOption(napi_env env, napi_value options, const char* key, int64_t min, int64_t max, int* out) {
  napi_value value = nullptr;
  bool found = false;
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, options, key, &value, &found));
  if (!found) return Status::Ok();
  const std::string what = std::string("options.") + key;
  int64_t number = 0;
  PRUNELAB_RETURN_IF_ERROR(GetInt64(env, value, what.c_str(), &number));
  if (number < min || number > max) {
    return BadArgument(what + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  *out = static_cast<int>(number);
  return Status::Ok();
}

Status GetOptions(napi_env env, napi_value options, EngineOptions* out) {
  if (options == nullptr || IsUndefinedOrNull(env, options)) return Status::Ok();
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env, options, &type) != napi_ok || type != napi_object) return BadArgument("options must be an object");
  PRUNELAB_RETURN_IF_ERROR(GetIntOption(env, options, "threads", 1, 64, &out->threads));
  PRUNELAB_RETURN_IF_ERROR(GetIntOption(env, options, "runs", 1, 1000000, &out->runs));
  PRUNELAB_RETURN_IF_ERROR(GetIntOption(env, options, "warmup", 0, 1000000, &out->warmup));
  napi_value value = nullptr;
  bool found = false;
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, options, "timeOps", &value, &found));
  if (found) PRUNELAB_RETURN_IF_ERROR(GetBool(env, value, "options.timeOps", &out->time_ops));
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, options, "inputDims", &value, &found));
  if (found) {
    std::vector<napi_value> shapes;
    PRUNELAB_RETURN_IF_ERROR(GetArray(env, value, "options.inputDims", &shapes));
    for (size_t i = 0; i < shapes.size(); ++i) {
      const std::string what = "options.inputDims[" + std::to_string(i) + "]";
      std::vector<napi_value> dims;
      PRUNELAB_RETURN_IF_ERROR(GetArray(env, shapes[i], what.c_str(), &dims));
      if (dims.size() > 8) return BadArgument(what + " has more than 8 dimensions");
      Shape shape;
      for (napi_value d : dims) {
        int64_t dim = 0;
        PRUNELAB_RETURN_IF_ERROR(GetInt64(env, d, what.c_str(), &dim));
        if (dim < 1 || dim > engine::kMaxElements) return BadArgument(what + " dimensions must be positive");
        shape.push_back(static_cast<int32_t>(dim));
      }
      out->input_dims.push_back(std::move(shape));
    }
  }
  PRUNELAB_RETURN_IF_ERROR(GetProperty(env, options, "cancel", &value, &found));
  if (found) PRUNELAB_RETURN_IF_ERROR(UnwrapCancel(env, value, &out->cancel));
  return Status::Ok();
}

// ---- result building ----

napi_value MakeFloat32Array(napi_env env, const std::vector<float>& values) {
  void* raw = nullptr;
  napi_value buffer = nullptr, array = nullptr;
  if (napi_create_arraybuffer(env, values.size() * sizeof(float), &raw, &buffer) != napi_ok) return nullptr;
  if (!values.empty()) std::memcpy(raw, values.data(), values.size() * sizeof(float));
  if (napi_create_typedarray(env, napi_float32_array, values.size(), buffer, 0, &array) != napi_ok) return nullptr;
  return array;
}

napi_value MakeDims(napi_env env, const Shape& dims) {
  return MakeNumberArray(env, std::vector<double>(dims.begin(), dims.end()));
}

napi_value MakeOpTimes(napi_env env, const std::vector<engine::OpTiming>& times) {
  napi_value array = nullptr;
  if (napi_create_array_with_length(env, times.size(), &array) != napi_ok) return nullptr;
  for (size_t i = 0; i < times.size(); ++i) {
    napi_value item = MakeObject(env);
    if (item == nullptr || !SetString(env, item, "node", times[i].node) || !SetString(env, item, "op", times[i].op) ||
        !SetNumber(env, item, "ms", times[i].ms) || napi_set_element(env, array, static_cast<uint32_t>(i), item) != napi_ok) {
      return nullptr;
    }
  }
  return array;
}

napi_value MakeRunResult(napi_env env, const engine::RunResult& result, bool with_times) {
  napi_value out = MakeObject(env), outputs = nullptr;
  if (out == nullptr || napi_create_array_with_length(env, result.outputs.size(), &outputs) != napi_ok) return nullptr;
  for (size_t i = 0; i < result.outputs.size(); ++i) {
    const engine::RunOutput& o = result.outputs[i];
    napi_value item = MakeObject(env);
    if (item == nullptr || !SetString(env, item, "name", o.name) || !SetNamed(env, item, "dims", MakeDims(env, o.dims)) ||
        !SetNamed(env, item, "data", MakeFloat32Array(env, o.data)) ||
        napi_set_element(env, outputs, static_cast<uint32_t>(i), item) != napi_ok) {
      return nullptr;
    }
  }
  if (!SetNamed(env, out, "outputs", outputs)) return nullptr;
  if (with_times && !SetNamed(env, out, "opTimes", MakeOpTimes(env, result.op_times))) return nullptr;
  return out;
}

// ---- runModel ----

napi_value RunModel(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "runModel", 2, 3, &args)) return nullptr;
    graph::Model* model = nullptr;
    Status status = UnwrapModel(env, args[0], &model, "runModel: model");
    if (!status.ok()) return ThrowStatus(env, status);
    std::vector<Span<const float>> inputs;
    status = GetInputViews(env, args[1], "runModel: inputs", &inputs);
    if (!status.ok()) return ThrowStatus(env, status);
    EngineOptions options;
    status = GetOptions(env, args.size() > 2 ? args[2] : nullptr, &options);
    if (!status.ok()) return ThrowStatus(env, status);
    std::unique_ptr<engine::Executor> exec;
    engine::ExecutorOptions exec_options;
    exec_options.threads = options.threads;
    status = engine::Executor::Create(model->graph(), exec_options, &exec);
    if (status.ok()) status = exec->Prepare(options.input_dims.empty() ? nullptr : &options.input_dims);
    engine::RunResult result;
    engine::RunOptions run;
    run.time_ops = options.time_ops;
    run.cancel = options.cancel.get();
    if (status.ok()) status = exec->Run(inputs, run, &result);
    if (!status.ok()) return ThrowStatus(env, status);
    napi_value out = MakeRunResult(env, result, options.time_ops);
    return out != nullptr ? out : ThrowNapiFailure(env, "building the runModel result");
  });
}

// ---- async jobs ----

struct Progress {
  size_t done;
  size_t total;
};

void CallProgress(napi_env env, napi_value callback, void* /*context*/, void* data) {
  std::unique_ptr<Progress> progress(static_cast<Progress*>(data));
  if (env == nullptr || callback == nullptr) return;  // the environment is going away
  napi_value argv[2] = {MakeNumber(env, static_cast<double>(progress->done)),
                        MakeNumber(env, static_cast<double>(progress->total))};
  napi_value global = nullptr;
  if (argv[0] == nullptr || argv[1] == nullptr || napi_get_global(env, &global) != napi_ok) return;
  if (napi_call_function(env, global, callback, 2, argv, nullptr) != napi_ok) {
    // A throwing progress callback must not take the process down; the job goes on.
    napi_value ignored = nullptr;
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && pending) napi_get_and_clear_last_exception(env, &ignored);
  }
}

struct Job {
  enum class Kind { kRun, kBenchmark };
  Kind kind = Kind::kRun;
  napi_async_work work = nullptr;
  napi_deferred deferred = nullptr;
  napi_threadsafe_function progress = nullptr;
  std::unique_ptr<graph::Model> model;  // snapshot taken at the call
  EngineOptions options;
  std::vector<std::vector<std::vector<float>>> batches;  // kRun: inputs per run; kBenchmark: [0] = inputs or empty
  Status status;
  std::vector<engine::RunResult> results;
  engine::ModelBenchmarkResult benchmark;

  void Report(size_t done, size_t total) {
    if (progress == nullptr) return;
    auto* data = new Progress{done, total};
    if (napi_call_threadsafe_function(progress, data, napi_tsfn_nonblocking) != napi_ok) delete data;
  }
};

void ExecuteRun(Job* job) {
  std::unique_ptr<engine::Executor> exec;
  engine::ExecutorOptions exec_options;
  exec_options.threads = job->options.threads;
  job->status = engine::Executor::Create(job->model->graph(), exec_options, &exec);
  if (job->status.ok()) {
    job->status = exec->Prepare(job->options.input_dims.empty() ? nullptr : &job->options.input_dims);
  }
  engine::RunOptions run;
  run.time_ops = job->options.time_ops;
  run.cancel = job->options.cancel.get();
  for (size_t b = 0; job->status.ok() && b < job->batches.size(); ++b) {
    std::vector<Span<const float>> inputs;
    for (const auto& input : job->batches[b]) inputs.emplace_back(input.data(), input.size());
    engine::RunResult result;
    job->status = exec->Run(inputs, run, &result);
    if (!job->status.ok()) {
      job->status = Status(job->status.code(), "batch " + std::to_string(b) + ": " + job->status.message());
      break;
    }
    job->results.push_back(std::move(result));
    job->Report(b + 1, job->batches.size());
  }
}

void ExecuteBenchmark(Job* job) {
  engine::ModelBenchmarkSpec spec;
  spec.runs = job->options.runs;
  spec.warmup = job->options.warmup;
  spec.threads = job->options.threads;
  spec.time_ops = job->options.time_ops;
  spec.input_dims = job->options.input_dims;
  if (!job->batches.empty()) spec.inputs = job->batches[0];
  spec.cancel = job->options.cancel.get();
  spec.progress = [job](size_t done, size_t total) { job->Report(done, total); };
  job->status = engine::BenchmarkModel(job->model->graph(), spec, &job->benchmark);
}

void Execute(napi_env /*env*/, void* data) {
  Job* job = static_cast<Job*>(data);
  try {
    if (job->kind == Job::Kind::kRun) {
      ExecuteRun(job);
    } else {
      ExecuteBenchmark(job);
    }
  } catch (const std::bad_alloc&) {
    job->status = OutOfMemory("not enough memory");
  } catch (const std::exception& e) {
    job->status = Internal(e.what());
  } catch (...) {
    job->status = Internal("unexpected native failure");
  }
}

napi_value MakeBenchmarkResult(napi_env env, const Job& job) {
  const engine::ModelBenchmarkResult& r = job.benchmark;
  napi_value out = MakeObject(env), dims = nullptr;
  if (out == nullptr || napi_create_array_with_length(env, r.input_dims.size(), &dims) != napi_ok) return nullptr;
  for (size_t i = 0; i < r.input_dims.size(); ++i) {
    if (napi_set_element(env, dims, static_cast<uint32_t>(i), MakeDims(env, r.input_dims[i])) != napi_ok) return nullptr;
  }
  if (!SetNamed(env, out, "timesMs", MakeNumberArray(env, r.times_ms)) || !SetNumber(env, out, "initMs", r.init_ms) ||
      !SetNumber(env, out, "threads", r.threads) || !SetNumber(env, out, "runs", static_cast<double>(r.times_ms.size())) ||
      !SetNumber(env, out, "warmup", job.options.warmup) ||
      !SetNumber(env, out, "arenaBytes", static_cast<double>(r.arena_bytes)) || !SetNamed(env, out, "inputDims", dims)) {
    return nullptr;
  }
  if (job.options.time_ops && !SetNamed(env, out, "opTimes", MakeOpTimes(env, r.op_means))) return nullptr;
  return out;
}

void Complete(napi_env env, napi_status work_status, void* data) {
  std::unique_ptr<Job> job(static_cast<Job*>(data));
  if (work_status == napi_cancelled && job->status.ok()) job->status = Cancelled("the job was cancelled");
  napi_value value = nullptr;
  if (job->status.ok()) {
    try {
      if (job->kind == Job::Kind::kRun) {
        if (napi_create_array_with_length(env, job->results.size(), &value) == napi_ok) {
          for (size_t i = 0; i < job->results.size() && value != nullptr; ++i) {
            napi_value item = MakeRunResult(env, job->results[i], job->options.time_ops);
            if (item == nullptr || napi_set_element(env, value, static_cast<uint32_t>(i), item) != napi_ok) value = nullptr;
          }
        }
      } else {
        value = MakeBenchmarkResult(env, *job);
      }
    } catch (const std::bad_alloc&) {
      value = nullptr;
    }
    if (value == nullptr) job->status = Internal("building the result failed");
  }
  if (job->status.ok()) {
    napi_resolve_deferred(env, job->deferred, value);
  } else {
    napi_value error = MakeError(env, job->status);
    if (error == nullptr) napi_get_undefined(env, &error);
    napi_reject_deferred(env, job->deferred, error);
  }
  if (job->progress != nullptr) napi_release_threadsafe_function(job->progress, napi_tsfn_release);
  napi_delete_async_work(env, job->work);
}

// Queues the job; returns its promise (or throws and frees the job).
napi_value Queue(napi_env env, std::unique_ptr<Job> job, napi_value on_progress, const char* name) {
  if (on_progress != nullptr && !IsUndefinedOrNull(env, on_progress)) {
    napi_valuetype type = napi_undefined;
    if (napi_typeof(env, on_progress, &type) != napi_ok || type != napi_function) {
      return ThrowBadArgument(env, std::string(name) + ": onProgress must be a function");
    }
    napi_value resource_name = MakeString(env, std::string(name) + " progress");
    if (napi_create_threadsafe_function(env, on_progress, nullptr, resource_name, 0, 1, nullptr, nullptr, nullptr,
                                        CallProgress, &job->progress) != napi_ok) {
      return ThrowNapiFailure(env, "napi_create_threadsafe_function");
    }
  }
  napi_value promise = nullptr;
  napi_value resource_name = MakeString(env, name);
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_create_async_work(env, nullptr, resource_name, Execute, Complete, job.get(), &job->work) != napi_ok) {
    if (job->progress != nullptr) napi_release_threadsafe_function(job->progress, napi_tsfn_release);
    return ThrowNapiFailure(env, "creating the async work");
  }
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    if (job->progress != nullptr) napi_release_threadsafe_function(job->progress, napi_tsfn_release);
    return ThrowNapiFailure(env, "napi_queue_async_work");
  }
  job.release();  // Complete owns it now
  return promise;
}

Status Snapshot(napi_env env, napi_value value, const char* what, std::unique_ptr<graph::Model>* out) {
  graph::Model* model = nullptr;
  PRUNELAB_RETURN_IF_ERROR(UnwrapModel(env, value, &model, what));
  *out = model->Clone();
  if (*out == nullptr) return OutOfMemory("copying the model for the job failed");
  return Status::Ok();
}

napi_value RunModelAsync(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "runModelAsync", 2, 4, &args)) return nullptr;
    auto job = std::make_unique<Job>();
    job->kind = Job::Kind::kRun;
    Status status = Snapshot(env, args[0], "runModelAsync: model", &job->model);
    std::vector<napi_value> batches;
    if (status.ok()) status = GetArray(env, args[1], "runModelAsync: batches", &batches);
    for (size_t i = 0; status.ok() && i < batches.size(); ++i) {
      job->batches.emplace_back();
      const std::string what = "runModelAsync: batches[" + std::to_string(i) + "]";
      status = CopyInputs(env, batches[i], what.c_str(), &job->batches.back());
    }
    if (status.ok()) status = GetOptions(env, args.size() > 2 ? args[2] : nullptr, &job->options);
    if (!status.ok()) return ThrowStatus(env, status);
    return Queue(env, std::move(job), args.size() > 3 ? args[3] : nullptr, "runModelAsync");
  });
}

napi_value BenchmarkAsync(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "benchmarkAsync", 1, 3, &args)) return nullptr;
    auto job = std::make_unique<Job>();
    job->kind = Job::Kind::kBenchmark;
    Status status = Snapshot(env, args[0], "benchmarkAsync: model", &job->model);
    napi_value options = args.size() > 1 ? args[1] : nullptr;
    if (status.ok()) status = GetOptions(env, options, &job->options);
    if (status.ok() && options != nullptr && !IsUndefinedOrNull(env, options)) {
      napi_value inputs = nullptr;
      bool found = false;
      status = GetProperty(env, options, "inputs", &inputs, &found);
      if (status.ok() && found) {
        job->batches.emplace_back();
        status = CopyInputs(env, inputs, "benchmarkAsync: options.inputs", &job->batches.back());
      }
    }
    if (!status.ok()) return ThrowStatus(env, status);
    return Queue(env, std::move(job), args.size() > 2 ? args[2] : nullptr, "benchmarkAsync");
  });
}

// ---- benchGemm, engineOps ----

napi_value BenchGemm(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "benchGemm", 5, 5, &args)) return nullptr;
    int64_t values[5] = {0, 0, 0, 0, 0};
    const char* names[5] = {"benchGemm: m", "benchGemm: n", "benchGemm: k", "benchGemm: threads", "benchGemm: repeats"};
    for (int i = 0; i < 5; ++i) {
      Status status = GetInt64(env, args[static_cast<size_t>(i)], names[i], &values[i]);
      if (!status.ok()) return ThrowStatus(env, status);
    }
    if (values[3] < 1 || values[3] > 64) return ThrowBadArgument(env, "benchGemm: threads must be between 1 and 64");
    engine::GemmBenchmarkResult result;
    Status status = engine::BenchmarkGemm(values[0], values[1], values[2], static_cast<int>(values[3]),
                                          static_cast<int>(std::min<int64_t>(values[4], 1 << 20)), &result);
    if (!status.ok()) return ThrowStatus(env, status);
    napi_value out = MakeObject(env);
    if (out == nullptr || !SetNumber(env, out, "engineMs", result.engine_ms) || !SetNumber(env, out, "naiveMs", result.naive_ms) ||
        !SetNumber(env, out, "engineGflops", result.engine_gflops) ||
        !SetNumber(env, out, "naiveGflops", result.naive_gflops) || !SetNumber(env, out, "maxAbsDiff", result.max_abs_diff)) {
      return ThrowNapiFailure(env, "building the benchGemm result");
    }
    return out;
  });
}

napi_value EngineOps(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "engineOps", 0, 0, &args)) return nullptr;
    std::vector<std::string> names;
    for (int32_t type : engine::SupportedOpTypes()) names.push_back(graph::OpName(type));
    std::sort(names.begin(), names.end());
    return MakeStringArray(env, names);
  });
}

// ---- CancelToken ----

void FinalizeCancel(napi_env /*env*/, void* data, void* /*hint*/) { delete static_cast<CancelFlag*>(data); }

napi_value CancelConstructor(napi_env env, napi_callback_info info) {
  return Guarded(env, [&]() -> napi_value {
    napi_value self = nullptr;
    std::vector<napi_value> args;
    if (!ReadArgs(env, info, "CancelToken", 0, 0, &args, &self)) return nullptr;
    auto flag = std::make_unique<CancelFlag>();
    if (napi_wrap(env, self, flag.get(), FinalizeCancel, nullptr, nullptr) != napi_ok) return ThrowNapiFailure(env, "napi_wrap");
    flag.release();
    if (napi_type_tag_object(env, self, &kCancelTag) != napi_ok) return ThrowNapiFailure(env, "napi_type_tag_object");
    return self;
  });
}

napi_value CancelMethod(napi_env env, napi_callback_info info, bool set) {
  napi_value self = nullptr;
  std::vector<napi_value> args;
  if (!ReadArgs(env, info, set ? "cancel" : "isCancelled", 0, 0, &args, &self)) return nullptr;
  std::shared_ptr<std::atomic<bool>> flag;
  Status status = UnwrapCancel(env, self, &flag);
  if (!status.ok()) return ThrowBadArgument(env, "this must be a CancelToken");
  if (set) {
    flag->store(true);
    return MakeUndefined(env);
  }
  return MakeBool(env, flag->load());
}

napi_value Cancel(napi_env env, napi_callback_info info) { return CancelMethod(env, info, true); }
napi_value IsCancelled(napi_env env, napi_callback_info info) { return CancelMethod(env, info, false); }

}  // namespace

bool RegisterEngineApi(napi_env env, napi_value exports) {
  const napi_property_descriptor methods[] = {
      {"cancel", nullptr, Cancel, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"isCancelled", nullptr, IsCancelled, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_value cancel_class = nullptr;
  if (napi_define_class(env, "CancelToken", NAPI_AUTO_LENGTH, CancelConstructor, nullptr, 2, methods, &cancel_class) !=
          napi_ok ||
      napi_set_named_property(env, exports, "CancelToken", cancel_class) != napi_ok) {
    return false;
  }
  return ExportFunction(env, exports, "runModel", RunModel) &&
         ExportFunction(env, exports, "runModelAsync", RunModelAsync) &&
         ExportFunction(env, exports, "benchmarkAsync", BenchmarkAsync) &&
         ExportFunction(env, exports, "benchGemm", BenchGemm) && ExportFunction(env, exports, "engineOps", EngineOps);
}

}  // namespace napi
}  // namespace prunelab
