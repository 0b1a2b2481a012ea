// Chooses the Node-API header: OpenHarmony ships it as napi/native_api.h, Node.js as node_api.h.
// Everything in the native core sticks to the C Node-API shared by both.
#pragma once

#if defined(__OHOS__) || defined(OHOS_PLATFORM)
#include <napi/native_api.h>
#define PRUNELAB_ON_DEVICE 1
#else
#include <node_api.h>
#define PRUNELAB_ON_DEVICE 0
#endif
