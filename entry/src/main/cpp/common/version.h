#pragma once
// Kept equal to package.json and AppScope/app.json5 versionName (a host test checks it).
#define PRUNELAB_VERSION "0.1.0"
