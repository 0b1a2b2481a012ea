// Encodes the graph IR as a fresh .ms buffer: identifier MSL2, version "MindSpore Lite 2.1.0"
// (what HarmonyOS API 12 runs), MetaGraph fields 0..8 only (never the ids >= 10 on which
// upstream and OpenHarmony disagree). Modelled ops are re-encoded from their attributes, opaque
// ops re-emit their stored table (ms/op_codec.h).
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "graph/graph.h"

namespace prunelab {
namespace ms {

constexpr const char* kWrittenVersion = "MindSpore Lite 2.1.0";

Status WriteModel(const graph::Graph& graph, std::vector<uint8_t>* out);

}  // namespace ms
}  // namespace prunelab
