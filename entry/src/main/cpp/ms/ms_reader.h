// Decodes and verifies a MindSpore Lite .ms buffer (FlatBuffers, root MetaGraph, identifier
// MSL2) into the graph IR. Nothing in the file is trusted: every offset, length, string and index
// is checked, and any failure is INVALID_MODEL with a reason. Tensor data become views into the
// buffer (no copy), so the buffer must outlive the graph's use of them (graph::Model owns it).
#pragma once

#include "common/span.h"
#include "common/status.h"
#include "graph/graph.h"

namespace prunelab {
namespace ms {

struct ReadOptions {
  // Keeps every op table opaque, even modelled ones (tests use it to exercise the opaque path).
  bool force_opaque = false;
};

Status ReadModel(MutableByteSpan buffer, const ReadOptions& options, graph::Graph* graph);

}  // namespace ms
}  // namespace prunelab
