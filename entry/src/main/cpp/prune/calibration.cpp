#include "prune/calibration.h"

#include <algorithm>
#include <map>
#include <memory>

#include "engine/executor.h"

namespace prunelab {
namespace prune {

namespace {
constexpr int64_t kBatch = 16;  // samples per engine run: bounded memory, fewer kernel launches
}

Status GatherActivationStats(const graph::Model& model, Span<const float> samples,
                             const std::vector<uint32_t>& tensors, std::vector<ActivationStats>* stats) {
  stats->clear();
  const graph::Graph& g = model.graph();
  if (samples.empty()) return BadArgument("activation criteria need calibration samples; none were given");
  if (g.inputs.size() != 1) {
    return Unsupported("calibration samples feed one graph input; this model has " + std::to_string(g.inputs.size()));
  }
  const std::vector<int32_t>& in_dims = g.tensors[g.inputs[0]].dims;
  if (in_dims.empty()) return Unsupported("the model's input has no stored shape to calibrate with");
  int64_t per_sample = 1;
  for (size_t i = 1; i < in_dims.size(); ++i) {
    if (in_dims[i] <= 0) return Unsupported("the model's input shape is not fixed; calibration needs it");
    per_sample *= in_dims[i];
  }
  if (samples.size() % static_cast<size_t>(per_sample) != 0) {
    return BadArgument("calibration data holds " + std::to_string(samples.size()) +
                       " floats, not a whole number of samples of " + std::to_string(per_sample) +
                       " (the input shape without its batch dim)");
  }
  const int64_t count = static_cast<int64_t>(samples.size()) / per_sample;
  std::map<uint32_t, size_t> wanted;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const auto& d = g.tensors[tensors[i]].dims;
    if (d.empty() || d.back() <= 0) return Internal("an observed activation has no channel dim");
    stats->emplace_back(d.back());
    wanted[tensors[i]] = i;
  }
  std::unique_ptr<engine::Executor> executor;
  PRUNELAB_RETURN_IF_ERROR(engine::Executor::Create(g, engine::ExecutorOptions(), &executor));
  Status observed = Status::Ok();
  engine::RunOptions options;
  options.observe = [&](const graph::Node&, uint32_t tensor, Span<const float> data, const engine::Shape& dims) {
    auto it = wanted.find(tensor);
    if (it == wanted.end() || !observed.ok()) return;
    if (dims.empty() || dims.back() != (*stats)[it->second].channels()) {
      observed = Internal("an observed activation changed its channel count");
      return;
    }
    observed = (*stats)[it->second].Add(data);
  };
  int64_t prepared_batch = -1;
  engine::RunResult result;
  for (int64_t start = 0; start < count; start += kBatch) {
    const int64_t batch = std::min(kBatch, count - start);
    if (batch != prepared_batch) {
      std::vector<engine::Shape> dims = {in_dims};
      dims[0][0] = static_cast<int32_t>(batch);
      PRUNELAB_RETURN_IF_ERROR(executor->Prepare(&dims));
      prepared_batch = batch;
    }
    const Span<const float> chunk = samples.subspan(static_cast<size_t>(start * per_sample),
                                                    static_cast<size_t>(batch * per_sample));
    PRUNELAB_RETURN_IF_ERROR(executor->Run({chunk}, options, &result));
    PRUNELAB_RETURN_IF_ERROR(observed);
  }
  return Status::Ok();
}

}  // namespace prune
}  // namespace prunelab
