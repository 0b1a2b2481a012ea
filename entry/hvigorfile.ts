import { hapTasks } from '@ohos/hvigor-ohos-plugin';

// Module-level build script of the entry HAP (ArkTS + the CMake-built libpruner.so).
export default {
  system: hapTasks, // built-in HAP tasks
  plugins: []       // no custom plugins
};
