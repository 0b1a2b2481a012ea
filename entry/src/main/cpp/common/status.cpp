#include "common/status.h"

namespace prunelab {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "OK";
    case ErrorCode::kInvalidModel: return "INVALID_MODEL";
    case ErrorCode::kUnsupportedOp: return "UNSUPPORTED_OP";
    case ErrorCode::kUnsupported: return "UNSUPPORTED";
    case ErrorCode::kBadArgument: return "BAD_ARGUMENT";
    case ErrorCode::kIo: return "IO";
    case ErrorCode::kCancelled: return "CANCELLED";
    case ErrorCode::kOutOfMemory: return "OUT_OF_MEMORY";
    case ErrorCode::kInternal: return "INTERNAL";
  }
  return "INTERNAL";
}

}  // namespace prunelab
