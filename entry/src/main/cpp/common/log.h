// Logging: hilog with PruneLab's domain and tag on the device, stderr (only when PRUNELAB_DEBUG
// is set) on the host.
#pragma once

#include "common/napi_include.h"

#if PRUNELAB_ON_DEVICE
#include <hilog/log.h>
#undef LOG_DOMAIN
#undef LOG_TAG
#define LOG_DOMAIN 0x0A11
#define LOG_TAG "PruneLab"
#define PRUNELAB_LOGI(...) OH_LOG_INFO(LOG_APP, __VA_ARGS__)
#define PRUNELAB_LOGE(...) OH_LOG_ERROR(LOG_APP, __VA_ARGS__)
#else
#include <cstdio>
#include <cstdlib>
#define PRUNELAB_HOST_LOG(level, fmt, ...)                                        \
  do {                                                                            \
    if (std::getenv("PRUNELAB_DEBUG") != nullptr) std::fprintf(stderr, "[PruneLab " level "] " fmt "\n", ##__VA_ARGS__); \
  } while (0)
#define PRUNELAB_LOGI(fmt, ...) PRUNELAB_HOST_LOG("I", fmt, ##__VA_ARGS__)
#define PRUNELAB_LOGE(fmt, ...) PRUNELAB_HOST_LOG("E", fmt, ##__VA_ARGS__)
#endif
