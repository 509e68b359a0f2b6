/* native_output.c: the output primitives of scratch.h for the native build
 * of the C library's tests, written with write(2) and _exit(2).
 *
 * It is compiled against the system headers, without the library's
 * c_src/include, and must not use the system's stdio: the library under
 * test defines printf, putchar and the rest under the same names. Output
 * is kept until a line ends (or the buffer fills), so a run makes one
 * write per line. scratch_exit, or a return from main, writes what is
 * left, as a native program's exit flushes its stdout. */
#include <unistd.h>

static char pending[4096];
static int pending_length;

static void write_pending(void) {
    int written = 0;
    while (written < pending_length) {
        ssize_t result = write(1, pending + written, (size_t)(pending_length - written));
        if (result <= 0) _exit(71);
        written += (int)result;
    }
    pending_length = 0;
}

void scratch_print_char(int code) {
    if (pending_length == (int)sizeof pending) write_pending();
    pending[pending_length++] = (char)code;
}

void scratch_print_newline(void) {
    scratch_print_char('\n');
    write_pending();
}

/* Runs when main returns, before the process ends. */
__attribute__((destructor)) static void write_pending_at_exit(void) {
    write_pending();
}

void scratch_exit(int status) {
    write_pending();
    _exit(status);
}
