#include "engine/executor.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <map>
#include <new>

#include "engine/memory_planner.h"
#include "engine/op_registry.h"
#include "graph/types.h"

namespace prunelab {
namespace engine {
namespace {

// The first node that marks a training graph, for the refusal message.
std::string TrainingEvidence(const graph::Graph& graph) {
  for (const graph::Node& node : graph.nodes) {
    switch (node.op_type) {
      case graph::op::kAdam:
      case graph::op::kSGD:
      case graph::op::kApplyMomentum:
      case graph::op::kAssign:
        return "optimizer node '" + node.name + "' (" + node.OpName() + ")";
      default:
        break;
    }
    if (node.name.find("Gradients/") != std::string::npos) return "gradient node '" + node.name + "'";
    if (node.name.find("_loss_fn") != std::string::npos || node.name.find("loss_fct") != std::string::npos) {
      return "loss node '" + node.name + "'";
    }
  }
  return "loss, gradient or optimizer nodes";
}

Status WithNode(const Status& status, const graph::Node& node) {
  if (status.ok() || status.message().find(node.name) != std::string::npos) return status;
  return Status(status.code(), node.OpName() + " node '" + node.name + "': " + status.message());
}

}  // namespace

Executor::Executor(const graph::Graph& graph, int threads)
    : graph_(graph), pool_(std::make_unique<ThreadPool>(std::min(std::max(threads, 1), 64))) {}

Executor::~Executor() = default;

Status Executor::Create(const graph::Graph& graph, const ExecutorOptions& options, std::unique_ptr<Executor>* out) {
  try {
    PRUNELAB_RETURN_IF_ERROR(graph.Validate());
    if (graph.IsTrainingGraph()) {
      return Unsupported("this is a training graph (" + TrainingEvidence(graph) +
                         "); the engine runs inference graphs only (export an inference model to run it)");
    }
    std::unique_ptr<Executor> executor(new Executor(graph, options.threads));
    PRUNELAB_RETURN_IF_ERROR(graph.TopologicalOrder(&executor->order_));
    executor->kernels_.resize(graph.nodes.size());
    std::map<std::string, std::string> missing;  // op name -> first node
    for (uint32_t index : executor->order_) {
      const graph::Node& node = graph.nodes[index];
      executor->kernels_[index] = CreateOpKernel(node.op_type);
      if (executor->kernels_[index] == nullptr) missing.emplace(node.OpName(), node.name);
    }
    if (!missing.empty()) {
      std::string list;
      for (const auto& entry : missing) list += (list.empty() ? "" : ", ") + entry.first + " (node '" + entry.second + "')";
      return UnsupportedOp(missing.size() == 1 ? "the engine cannot run op " + list
                                               : "the engine cannot run " + std::to_string(missing.size()) + " ops: " + list);
    }
    *out = std::move(executor);
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return OutOfMemory("not enough memory to create the executor");
  } catch (const std::exception& e) {
    return Internal(std::string("creating the executor: ") + e.what());
  }
}

std::string Executor::input_name(size_t i) const {
  return i < graph_.inputs.size() ? graph_.tensors[graph_.inputs[i]].name : std::string();
}

Shape Executor::output_dims(size_t i) const {
  return prepared_ && i < graph_.outputs.size() ? dims_[graph_.outputs[i]] : Shape();
}

Status Executor::Prepare(const std::vector<Shape>* input_dims) {
  prepared_ = false;
  try {
    PRUNELAB_RETURN_IF_ERROR(PrepareImpl(input_dims));
    prepared_ = true;
    return Status::Ok();
  } catch (const std::bad_alloc&) {
    return OutOfMemory("not enough memory to prepare the model for these input shapes");
  } catch (const std::exception& e) {
    return Internal(std::string("preparing the executor: ") + e.what());
  }
}

Status Executor::PrepareImpl(const std::vector<Shape>* input_dims) {
  const size_t tensor_count = graph_.tensors.size();
  source_.assign(tensor_count, Source::kNone);
  dims_.assign(tensor_count, Shape());
  offset_.assign(tensor_count, 0);
  constant_bytes_.assign(tensor_count, 0);
  aligned_copies_.assign(tensor_count, std::vector<float>());
  arena_.clear();

  // Graph inputs: float32, with known positive dims (given or stored).
  if (input_dims != nullptr && input_dims->size() != graph_.inputs.size()) {
    return BadArgument("the model has " + std::to_string(graph_.inputs.size()) + " inputs; " +
                       std::to_string(input_dims->size()) + " input shapes were given");
  }
  input_dims_.clear();
  for (size_t i = 0; i < graph_.inputs.size(); ++i) {
    const uint32_t t = graph_.inputs[i];
    const graph::Tensor& tensor = graph_.tensors[t];
    if (tensor.dtype != graph::DataType::kFloat32) {
      return UnsupportedOp("model input '" + tensor.name + "' is " + graph::DataTypeName(tensor.dtype) +
                           "; the engine runs float32 inputs only");
    }
    const Shape dims = input_dims != nullptr ? (*input_dims)[i] : tensor.dims;
    for (int32_t d : dims) {
      if (d <= 0) {
        return BadArgument("input '" + tensor.name + "' shape " + ShapeString(dims) +
                           (input_dims != nullptr ? " must have positive dimensions"
                                                  : " is not fixed in the model; give the input shapes"));
      }
    }
    if (input_dims != nullptr && dims.size() != tensor.dims.size()) {
      return BadArgument("input '" + tensor.name + "' has rank " + std::to_string(tensor.dims.size()) +
                         " in the model; shape " + ShapeString(dims) + " was given");
    }
    int64_t count = 0;
    PRUNELAB_RETURN_IF_ERROR(CheckedElementCount(dims, "input '" + tensor.name + "'", &count));
    source_[t] = Source::kGraphInput;
    dims_[t] = dims;
    input_dims_.push_back(dims);
  }
  int32_t declared_batch = -1, batch = -1;
  if (!graph_.inputs.empty() && !input_dims_[0].empty()) {
    const Shape& stored = graph_.tensors[graph_.inputs[0]].dims;
    if (!stored.empty() && stored[0] > 0 && stored[0] != input_dims_[0][0]) {
      declared_batch = stored[0];
      batch = input_dims_[0][0];
    }
  }

  // Nodes in order: classify inputs, let the kernel validate and infer the output shapes.
  std::vector<int> first_use(tensor_count, -1), last_use(tensor_count, -1);
  PrepareContext ctx;
  ctx.graph = &graph_;
  ctx.declared_batch = declared_batch;
  ctx.batch = batch;
  for (size_t step = 0; step < order_.size(); ++step) {
    const graph::Node& node = graph_.nodes[order_[step]];
    ctx.node = &node;
    ctx.inputs.clear();
    ctx.outputs.clear();
    for (uint32_t t : node.inputs) {
      const graph::Tensor& tensor = graph_.tensors[t];
      PrepareInput input;
      input.tensor = &tensor;
      // A constant: data in the model, or a declared constant with no elements (e.g. empty axes).
      const bool empty_constant = tensor.role == graph::tensor_role::kConstant && tensor.ElementCount() == 0;
      if (source_[t] == Source::kNone && (tensor.HasData() || empty_constant)) {
        if (tensor.IsQuantizedWeight()) {
          return Unsupported(ctx.Where() + " reads quantized weights '" + tensor.name +
                             "'; the engine runs float32 weights only");
        }
        int64_t count = 0;
        Status shape_ok = CheckedElementCount(tensor.dims, "constant '" + tensor.name + "'", &count);
        const size_t width = graph::DataTypeSize(tensor.dtype);
        if (!shape_ok.ok() || width == 0 || static_cast<uint64_t>(count) * width != tensor.data.size()) {
          return InvalidModel(ctx.Where() + ": constant '" + tensor.name + "' holds " + std::to_string(tensor.data.size()) +
                              " bytes, which does not fit its shape " + ShapeString(tensor.dims) + " and type " +
                              graph::DataTypeName(tensor.dtype));
        }
        source_[t] = Source::kConstant;
        dims_[t] = tensor.dims;
      }
      if (source_[t] == Source::kNone) {
        return InvalidModel(ctx.Where() + " reads tensor '" + tensor.name +
                            "', which no earlier node produces and which has no data");
      }
      input.dims = dims_[t];
      input.constant = source_[t] == Source::kConstant;
      ctx.inputs.push_back(std::move(input));
      if (source_[t] == Source::kProduced || source_[t] == Source::kGraphInput) last_use[t] = static_cast<int>(step);
      if (source_[t] == Source::kConstant && tensor.dtype == graph::DataType::kFloat32) constant_bytes_[t] = tensor.data.size();
    }
    for (uint32_t t : node.outputs) {
      if (source_[t] != Source::kNone || graph_.tensors[t].HasData()) {
        return InvalidModel(ctx.Where() + " writes tensor '" + graph_.tensors[t].name +
                            "', which is a model input, a constant or another node's output");
      }
      ctx.outputs.push_back(&graph_.tensors[t]);
    }
    std::vector<Shape> out_dims;
    PRUNELAB_RETURN_IF_ERROR(WithNode(kernels_[order_[step]]->Prepare(ctx, &out_dims), node));
    if (out_dims.size() != node.outputs.size()) {
      return UnsupportedOp(ctx.Where() + " has " + std::to_string(node.outputs.size()) + " outputs; the engine computes " +
                           std::to_string(out_dims.size()));
    }
    for (size_t k = 0; k < out_dims.size(); ++k) {
      const uint32_t t = node.outputs[k];
      int64_t count = 0;
      PRUNELAB_RETURN_IF_ERROR(
          CheckedElementCount(out_dims[k], ctx.Where() + " output '" + graph_.tensors[t].name + "'", &count));
      source_[t] = Source::kProduced;
      dims_[t] = out_dims[k];
      first_use[t] = last_use[t] = static_cast<int>(step);
    }
  }
  for (uint32_t t : graph_.outputs) {
    if (source_[t] == Source::kNone && graph_.tensors[t].HasData()) {
      source_[t] = Source::kConstant;
      dims_[t] = graph_.tensors[t].dims;
      if (graph_.tensors[t].dtype != graph::DataType::kFloat32 || graph_.tensors[t].Floats().empty()) {
        return UnsupportedOp("model output '" + graph_.tensors[t].name + "' is a non-float32 constant");
      }
      constant_bytes_[t] = graph_.tensors[t].data.size();
    }
    if (source_[t] == Source::kNone) {
      return InvalidModel("model output '" + graph_.tensors[t].name + "' is never produced");
    }
    last_use[t] = static_cast<int>(order_.size());  // outputs live to the end
  }

  // Arena: every produced tensor gets a slice; lifetimes that do not overlap share memory.
  std::vector<BufferRequest> requests;
  std::vector<uint32_t> planned;
  for (uint32_t t = 0; t < tensor_count; ++t) {
    if (source_[t] != Source::kProduced) continue;
    requests.push_back({static_cast<size_t>(ElementCount(dims_[t])), first_use[t], std::max(first_use[t], last_use[t])});
    planned.push_back(t);
  }
  const MemoryPlan plan = PlanMemory(requests);
  for (size_t i = 0; i < planned.size(); ++i) offset_[planned[i]] = plan.offsets[i];
  arena_.assign(plan.total, 0.0f);

  // Float constants must be readable as aligned floats; copy the rare misaligned one.
  for (uint32_t t = 0; t < tensor_count; ++t) {
    if (constant_bytes_[t] == 0) continue;
    const graph::Tensor& tensor = graph_.tensors[t];
    if (tensor.Floats().empty()) {
      aligned_copies_[t].resize(tensor.data.size() / sizeof(float));
      std::memcpy(aligned_copies_[t].data(), tensor.data.bytes().data(), tensor.data.size());
    }
  }
  views_.assign(tensor_count, Span<const float>());
  return Status::Ok();
}

Status Executor::BindConstants() {
  for (size_t t = 0; t < graph_.tensors.size(); ++t) {
    if (source_[t] != Source::kConstant) continue;
    const graph::Tensor& tensor = graph_.tensors[t];
    if (tensor.dtype != graph::DataType::kFloat32) {
      views_[t] = Span<const float>();  // integer constants were consumed at Prepare
      continue;
    }
    if (tensor.data.size() != constant_bytes_[t]) {
      return BadArgument("constant '" + tensor.name + "' changed size since the executor was prepared; prepare again");
    }
    views_[t] = !aligned_copies_[t].empty() ? Span<const float>(aligned_copies_[t]) : tensor.Floats();
  }
  return Status::Ok();
}

Status Executor::Run(const std::vector<Span<const float>>& inputs, const RunOptions& options, RunResult* result) {
  if (!prepared_) return BadArgument("the executor is not prepared (Prepare failed or was not called)");
  try {
    return RunImpl(inputs, options, result);
  } catch (const std::bad_alloc&) {
    return OutOfMemory("not enough memory to run the model");
  } catch (const std::exception& e) {
    return Internal(std::string("running the model: ") + e.what());
  }
}

Status Executor::RunImpl(const std::vector<Span<const float>>& inputs, const RunOptions& options, RunResult* result) {
  if (inputs.size() != graph_.inputs.size()) {
    return BadArgument("the model has " + std::to_string(graph_.inputs.size()) + " inputs; " +
                       std::to_string(inputs.size()) + " were given");
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    const uint32_t t = graph_.inputs[i];
    const int64_t expected = ElementCount(dims_[t]);
    if (static_cast<int64_t>(inputs[i].size()) != expected) {
      return BadArgument("input '" + graph_.tensors[t].name + "' needs " + std::to_string(expected) + " float32 values (shape " +
                         ShapeString(dims_[t]) + "); " + std::to_string(inputs[i].size()) + " were given");
    }
    views_[t] = inputs[i];
  }
  PRUNELAB_RETURN_IF_ERROR(BindConstants());
  for (size_t t = 0; t < graph_.tensors.size(); ++t) {
    if (source_[t] == Source::kProduced) {
      views_[t] = Span<const float>(arena_.data() + offset_[t], static_cast<size_t>(ElementCount(dims_[t])));
    }
  }
  result->outputs.clear();
  result->op_times.clear();
  EvalContext ctx;
  ctx.pool = pool_.get();
  using Clock = std::chrono::steady_clock;
  for (size_t step = 0; step < order_.size(); ++step) {
    if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) return Cancelled("the run was cancelled");
    const graph::Node& node = graph_.nodes[order_[step]];
    ctx.inputs.clear();
    ctx.input_dims.clear();
    ctx.outputs.clear();
    ctx.output_dims.clear();
    for (uint32_t t : node.inputs) {
      ctx.inputs.push_back(views_[t]);
      ctx.input_dims.push_back(&dims_[t]);
    }
    for (uint32_t t : node.outputs) {
      ctx.outputs.push_back(Span<float>(arena_.data() + offset_[t], static_cast<size_t>(ElementCount(dims_[t]))));
      ctx.output_dims.push_back(&dims_[t]);
    }
    const Clock::time_point start = options.time_ops ? Clock::now() : Clock::time_point();
    PRUNELAB_RETURN_IF_ERROR(WithNode(kernels_[order_[step]]->Eval(ctx), node));
    if (options.time_ops) {
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      result->op_times.push_back({node.name, node.OpName(), ms});
    }
    if (options.observe) {
      for (uint32_t t : node.outputs) options.observe(node, t, views_[t], dims_[t]);
    }
    if (options.progress) options.progress(step + 1, order_.size());
  }
  for (uint32_t t : graph_.outputs) {
    RunOutput output;
    output.name = graph_.tensors[t].name;
    output.dims = dims_[t];
    output.data.assign(views_[t].begin(), views_[t].end());
    result->outputs.push_back(std::move(output));
  }
  return Status::Ok();
}

}  // namespace engine
}  // namespace prunelab
