{
  "targets": [
    {
      "target_name": "pruner",
      "sources": ["<!@(node host/tools/native-sources.mjs addon)"],
      "include_dirs": ["entry/src/main/cpp"],
      "defines": ["NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-Wall", "-Wextra"],
      "conditions": [
        ["target_arch=='x64'", {"cflags_cc": ["-march=native"]}]
      ]
    }
  ]
}
