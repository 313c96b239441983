// libdbus's declarations (types, constants, prototypes), and a table of the functions the DBus
// module calls, filled at run time by cdbus_load.
//
// Why a table: linking libdbus makes the loader map it and its dependencies (libsystemd,
// libgcrypt, liblzma, libzstd, liblz4, libcap) on every start of esp-prov, even for runs that never
// touch Bluetooth: ~1.4 ms of a ~9 ms cold start (BENCHMARKS.md). Through the table, libdbus is
// loaded only when a D-Bus connection is opened. Every field's type is taken from libdbus's own
// prototype (__typeof__), so the compiler checks each call as if it were a direct one.
// The C library through Swift's SwiftGlibc module, never textually (why: CBluetooth/shim.h).
#pragma clang module import SwiftGlibc
#include <dbus/dbus.h>
#include <dlfcn.h>
#include <stdio.h>

#pragma clang assume_nonnull begin

// Every libdbus function the DBus module uses: one list, for the table's fields and for the lookups.
#define CDBUS_FUNCTIONS(X) \
    X(dbus_bus_get_unique_name) \
    X(dbus_bus_register) \
    X(dbus_connection_add_filter) \
    X(dbus_connection_close) \
    X(dbus_connection_dispatch) \
    X(dbus_connection_get_is_connected) \
    X(dbus_connection_open_private) \
    X(dbus_connection_remove_filter) \
    X(dbus_connection_send) \
    X(dbus_connection_set_exit_on_disconnect) \
    X(dbus_connection_set_timeout_functions) \
    X(dbus_connection_set_watch_functions) \
    X(dbus_connection_unref) \
    X(dbus_error_free) \
    X(dbus_error_init) \
    X(dbus_free) \
    X(dbus_message_demarshal) \
    X(dbus_message_get_error_name) \
    X(dbus_message_get_interface) \
    X(dbus_message_get_member) \
    X(dbus_message_get_no_reply) \
    X(dbus_message_get_path) \
    X(dbus_message_get_reply_serial) \
    X(dbus_message_get_sender) \
    X(dbus_message_get_type) \
    X(dbus_message_iter_abandon_container) \
    X(dbus_message_iter_append_basic) \
    X(dbus_message_iter_append_fixed_array) \
    X(dbus_message_iter_close_container) \
    X(dbus_message_iter_get_arg_type) \
    X(dbus_message_iter_get_basic) \
    X(dbus_message_iter_get_element_type) \
    X(dbus_message_iter_get_fixed_array) \
    X(dbus_message_iter_get_signature) \
    X(dbus_message_iter_init) \
    X(dbus_message_iter_init_append) \
    X(dbus_message_iter_next) \
    X(dbus_message_iter_open_container) \
    X(dbus_message_iter_recurse) \
    X(dbus_message_new_error) \
    X(dbus_message_new_method_call) \
    X(dbus_message_new_method_return) \
    X(dbus_message_new_signal) \
    X(dbus_message_ref) \
    X(dbus_message_set_no_reply) \
    X(dbus_message_unref) \
    X(dbus_signature_validate) \
    X(dbus_signature_validate_single) \
    X(dbus_threads_init_default) \
    X(dbus_timeout_get_enabled) \
    X(dbus_timeout_get_interval) \
    X(dbus_timeout_handle) \
    X(dbus_validate_bus_name) \
    X(dbus_validate_error_name) \
    X(dbus_validate_interface) \
    X(dbus_validate_member) \
    X(dbus_validate_path) \
    X(dbus_watch_get_enabled) \
    X(dbus_watch_get_flags) \
    X(dbus_watch_get_unix_fd) \
    X(dbus_watch_handle)

#define CDBUS_FIELD(name) __typeof__(&name) name;
/// The libdbus functions, resolved from one dlopen'ed copy of the library.
typedef struct CDBusFunctions {
    CDBUS_FUNCTIONS(CDBUS_FIELD)
} CDBusFunctions;
#undef CDBUS_FIELD

/// Why cdbus_load failed.
typedef enum CDBusLoadResult {
    CDBUS_LOADED = 0,
    /// dlopen failed: the library is not installed (or not at the path given).
    CDBUS_NOT_FOUND = 1,
    /// The library opened but lacks a function (a libdbus far too old, or not libdbus at all).
    CDBUS_SYMBOL_MISSING = 2,
} CDBusLoadResult;

/// Opens `library` (a name the dynamic loader searches, or a path) and fills `table`. On failure,
/// `detail` receives the loader's explanation (truncated to `size`) and the table is unusable.
/// The library stays loaded for the life of the process: libdbus is never unloaded while threads
/// may still run its code.
static inline CDBusLoadResult cdbus_load(const char *library, CDBusFunctions *table, char *detail, size_t size) {
    void *_Nullable handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *_Nullable why = dlerror();
        snprintf(detail, size, "%s", why ? why : "dlopen failed");
        return CDBUS_NOT_FOUND;
    }
#define CDBUS_RESOLVE(name) \
    if ((table->name = (__typeof__(&name))dlsym(handle, #name)) == NULL) { \
        snprintf(detail, size, "no function %s in %s", #name, library); \
        dlclose(handle); \
        return CDBUS_SYMBOL_MISSING; \
    }
    CDBUS_FUNCTIONS(CDBUS_RESOLVE)
#undef CDBUS_RESOLVE
    return CDBUS_LOADED;
}

#pragma clang assume_nonnull end
