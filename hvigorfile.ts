import { appTasks } from '@ohos/hvigor-ohos-plugin';

// Project-level build script. hvigor and its ohos plugin ship with DevEco Studio / the
// command-line tools, not with this repository.
export default {
  system: appTasks, // built-in app tasks
  plugins: []       // no custom plugins
};
