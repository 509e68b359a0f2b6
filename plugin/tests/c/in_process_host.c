// A host that loads the plugin with dlopen, as the backend may, and runs
// scratch-normalize in-process through scratchc_normalize_module.
// Usage: in_process_host PLUGIN.so INPUT.ll
// Prints the normalized module, or "error: <message>" and exits with 1.
#include <dlfcn.h>
#include <stdio.h>

#include <llvm-c/Core.h>
#include <llvm-c/IRReader.h>

typedef char *(*NormalizeModule)(LLVMModuleRef);
typedef void (*FreeMessage)(char *);

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PLUGIN.so INPUT.ll\n", argv[0]);
        return 2;
    }

    LLVMContextRef context = LLVMContextCreate();
    LLVMMemoryBufferRef buffer;
    LLVMModuleRef module;
    char *message = NULL;
    if (LLVMCreateMemoryBufferWithContentsOfFile(argv[2], &buffer, &message) ||
        LLVMParseIRInContext(context, buffer, &module, &message)) {
        fprintf(stderr, "cannot read %s: %s\n", argv[2], message);
        return 2;
    }

    void *plugin = dlopen(argv[1], RTLD_NOW);
    if (!plugin) {
        fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
        return 2;
    }
    NormalizeModule normalize = (NormalizeModule)dlsym(plugin, "scratchc_normalize_module");
    FreeMessage free_message = (FreeMessage)dlsym(plugin, "scratchc_free_message");
    if (!normalize || !free_message) {
        fprintf(stderr, "%s lacks the in-process entry points\n", argv[1]);
        return 2;
    }

    char *error = normalize(module);
    if (error) {
        printf("error: %s\n", error);
        free_message(error);
        return 1;
    }
    char *text = LLVMPrintModuleToString(module);
    fputs(text, stdout);
    LLVMDisposeMessage(text);
    LLVMDisposeModule(module);
    LLVMContextDispose(context);
    return 0;
}
