// Names and sizes of the schema's numbers (types.h).
#include "graph/types.h"

#include <cstdio>

namespace prunelab {
namespace graph {

size_t DataTypeSize(DataType type) {
  switch (type) {
    case DataType::kBool:
    case DataType::kInt8:
    case DataType::kUInt8: return 1;
    case DataType::kInt16:
    case DataType::kFloat16: return 2;
    case DataType::kInt32:
    case DataType::kFloat32: return 4;
    case DataType::kInt64:
    case DataType::kFloat64: return 8;
    case DataType::kUnknown: return 0;
  }
  return 0;
}

const char* DataTypeName(DataType type) {
  switch (type) {
    case DataType::kBool: return "bool";
    case DataType::kInt8: return "int8";
    case DataType::kInt16: return "int16";
    case DataType::kInt32: return "int32";
    case DataType::kInt64: return "int64";
    case DataType::kUInt8: return "uint8";
    case DataType::kFloat16: return "float16";
    case DataType::kFloat32: return "float32";
    case DataType::kFloat64: return "float64";
    case DataType::kUnknown: return "unknown";
  }
  // A number the enum does not list: formatted into a per-thread buffer (the name is short-lived).
  static thread_local char text[24];
  std::snprintf(text, sizeof(text), "type%d", static_cast<int>(type));
  return text;
}

const char* FormatName(int32_t format) {
  static const char* const kNames[] = {"NCHW", "NHWC", "NHWC4", "HWKC", "HWCK", "KCHW", "CKHW",
                                       "KHWC", "CHWK", "HW",   "HW4",  "NC",   "NC4",  "NC4HW4"};
  if (format >= 0 && format < static_cast<int32_t>(sizeof(kNames) / sizeof(kNames[0]))) return kNames[format];
  static thread_local char text[24];
  std::snprintf(text, sizeof(text), "format%d", static_cast<int>(format));
  return text;
}

}  // namespace graph
}  // namespace prunelab
