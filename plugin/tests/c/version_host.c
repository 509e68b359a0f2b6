// A host that loads the pass plugin as opt and clang do and prints what its
// llvmGetPassPluginInfo returns. Built with -DFAKE_LLVM_VERSION=M,m,p it
// exports its own LLVMGetVersion, as an LLVM of that version would. Built
// against libLLVM-19 instead, it has the real one.
// Usage: version_host PLUGIN.so
// Prints "api N name NAME" and exits with 0, or 2 when the library cannot be loaded.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    uint32_t api_version;
    const char *plugin_name;
    const char *plugin_version;
    void (*register_callbacks)(void *);
} PluginInfo;

#ifdef FAKE_LLVM_VERSION
void LLVMGetVersion(unsigned *major, unsigned *minor, unsigned *patch) {
    unsigned version[] = {FAKE_LLVM_VERSION};
    *major = version[0];
    *minor = version[1];
    *patch = version[2];
}
#endif

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s PLUGIN.so\n", argv[0]);
        return 2;
    }
    void *plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!plugin) {
        fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
        return 2;
    }
    PluginInfo (*get_info)(void) = (PluginInfo(*)(void))dlsym(plugin, "llvmGetPassPluginInfo");
    if (!get_info) {
        fprintf(stderr, "%s has no llvmGetPassPluginInfo\n", argv[1]);
        return 2;
    }
    PluginInfo info = get_info();
    printf("api %u name %s\n", info.api_version, info.plugin_name ? info.plugin_name : "(none)");
    return 0;
}
