// Maps PrimitiveType tags to the engine's op kernels.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/op_kernel.h"

namespace prunelab {
namespace engine {

// A new kernel for the op, or null when the engine cannot run it.
std::unique_ptr<OpKernel> CreateOpKernel(int32_t op_type);
// Every tag CreateOpKernel accepts, ascending.
std::vector<int32_t> SupportedOpTypes();

}  // namespace engine
}  // namespace prunelab
