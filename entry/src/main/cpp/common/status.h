// Error codes and the Status value every fallible native function returns.
// No exception crosses a module boundary: failures travel as Status and become JS errors
// with a stable `code` string in napi/.
#pragma once

#include <string>
#include <utility>

namespace prunelab {

enum class ErrorCode {
  kOk = 0,
  kInvalidModel,   // the bytes are not a valid .ms model
  kUnsupportedOp,  // the engine cannot run an op of the model
  kUnsupported,    // a valid request the project does not do (yet), e.g. structured pruning of a training graph
  kBadArgument,    // a wrong argument from the caller
  kIo,             // file system or network failure
  kCancelled,      // the caller cancelled long work
  kOutOfMemory,    // an allocation failed or a size is absurd
  kInternal,       // a bug: an invariant did not hold
};

// The stable code string seen from JS ("INVALID_MODEL", ...).
const char* ErrorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

inline Status InvalidModel(std::string message) { return Status(ErrorCode::kInvalidModel, std::move(message)); }
inline Status BadArgument(std::string message) { return Status(ErrorCode::kBadArgument, std::move(message)); }
inline Status UnsupportedOp(std::string message) { return Status(ErrorCode::kUnsupportedOp, std::move(message)); }
inline Status Unsupported(std::string message) { return Status(ErrorCode::kUnsupported, std::move(message)); }
inline Status IoError(std::string message) { return Status(ErrorCode::kIo, std::move(message)); }
inline Status Cancelled(std::string message) { return Status(ErrorCode::kCancelled, std::move(message)); }
inline Status OutOfMemory(std::string message) { return Status(ErrorCode::kOutOfMemory, std::move(message)); }
inline Status Internal(std::string message) { return Status(ErrorCode::kInternal, std::move(message)); }

}  // namespace prunelab

// Returns early from the enclosing function when `expr` yields a non-ok Status.
#define PRUNELAB_RETURN_IF_ERROR(expr)               \
  do {                                               \
    ::prunelab::Status prunelab_status_ = (expr);    \
    if (!prunelab_status_.ok()) return prunelab_status_; \
  } while (0)
