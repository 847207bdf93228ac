# The AES-NI path of fast-node (native/ige.c), built by scripts/build-native.mjs after tsc with
# npm's own node-gyp. Only x86 builds get the AES-NI flags; elsewhere ige.c compiles to an addon that
# reports the native path unavailable, and the JavaScript path answers.
{
  "targets": [
    {
      "target_name": "conform_ige",
      "sources": ["ige.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "conditions": [
        ["target_arch=='x64' or target_arch=='ia32'", {
          "cflags": ["-maes", "-msse4.1"],
          "xcode_settings": { "OTHER_CFLAGS": ["-maes", "-msse4.1"] }
        }]
      ]
    }
  ]
}
