// libdbus's declarations that the DBus module uses (types, constants, prototypes), and a table of
// its functions, filled at run time by cdbus_load.
//
// Why a table: linking libdbus makes the loader map it and its dependencies (libsystemd,
// libgcrypt, liblzma, libzstd, liblz4, libcap) on every start of esp-prov, even for runs that never
// touch Bluetooth: ~1.4 ms of a ~9 ms cold start (BENCHMARKS.md). Through the table, libdbus is
// loaded only when a D-Bus connection is opened. Every field's type is taken from the prototype
// (__typeof__), so the compiler checks each call as if it were a direct one.
//
// Why declared here rather than by including <dbus/dbus.h>: that header lives in
// /usr/include/dbus-1.0 and /usr/lib/<triple>/dbus-1.0/include, which only unsafeFlags could add to
// the search path, and SwiftPM refuses a versioned dependency on a package whose library targets
// use unsafeFlags. The declarations below are libdbus's stable ABI (1.x, unchanged since 1.0 apart
// from additions), copied from its headers; PackagingTests' CDBusDeclarationTests compiles them
// next to the installed <dbus/dbus.h> and fails on any difference in a prototype, a layout or a
// constant. To call another libdbus function, declare it below and add it to CDBUS_FUNCTIONS.
#ifndef CDBUS_CHECK_AGAINST_LIBDBUS
// The C library through Swift's SwiftGlibc module, never textually (why: CBluetooth/shim.h).
#pragma clang module import SwiftGlibc
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

// MARK: Types (dbus-arch-deps.h, dbus-types.h, dbus-errors.h, dbus-memory.h, dbus-message.h,
// dbus-shared.h, dbus-connection.h)

typedef int dbus_int32_t;
typedef unsigned int dbus_uint32_t;
typedef short dbus_int16_t;
typedef unsigned short dbus_uint16_t;
typedef int64_t dbus_int64_t;  // long on LP64 Linux, long long elsewhere: as dbus-arch-deps.h
typedef uint64_t dbus_uint64_t;
typedef dbus_uint32_t dbus_bool_t;

typedef struct {
    dbus_uint32_t first32;
    dbus_uint32_t second32;
} DBus8ByteStruct;

/// One value of a basic type, as dbus_message_iter_get_basic/append_basic read and write it.
typedef union {
    unsigned char bytes[8];
    dbus_int16_t i16;
    dbus_uint16_t u16;
    dbus_int32_t i32;
    dbus_uint32_t u32;
    dbus_bool_t bool_val;
    dbus_int64_t i64;
    dbus_uint64_t u64;
    DBus8ByteStruct eight;
    double dbl;
    unsigned char byt;
    char *str;
    int fd;
} DBusBasicValue;

/// Filled by libdbus on failure; the caller allocates it (so its layout is ABI).
typedef struct DBusError {
    const char *name;
    const char *message;
    unsigned int dummy1 : 1;
    unsigned int dummy2 : 1;
    unsigned int dummy3 : 1;
    unsigned int dummy4 : 1;
    unsigned int dummy5 : 1;
    void *padding1;
} DBusError;

/// A cursor over a message's arguments; the caller allocates it (so its layout is ABI).
typedef struct DBusMessageIter {
    void *dummy1;
    void *dummy2;
    dbus_uint32_t dummy3;
    int dummy4;
    int dummy5;
    int dummy6;
    int dummy7;
    int dummy8;
    int dummy9;
    int dummy10;
    int dummy11;
    int pad1;
    void *pad2;
    void *pad3;
} DBusMessageIter;

typedef struct DBusMessage DBusMessage;
typedef struct DBusConnection DBusConnection;
typedef struct DBusWatch DBusWatch;
typedef struct DBusTimeout DBusTimeout;

typedef enum {
    DBUS_HANDLER_RESULT_HANDLED,
    DBUS_HANDLER_RESULT_NOT_YET_HANDLED,
    DBUS_HANDLER_RESULT_NEED_MEMORY
} DBusHandlerResult;

typedef enum {
    DBUS_WATCH_READABLE = 1 << 0,
    DBUS_WATCH_WRITABLE = 1 << 1,
    DBUS_WATCH_ERROR = 1 << 2,
    DBUS_WATCH_HANGUP = 1 << 3
} DBusWatchFlags;

typedef enum {
    DBUS_DISPATCH_DATA_REMAINS,
    DBUS_DISPATCH_COMPLETE,
    DBUS_DISPATCH_NEED_MEMORY
} DBusDispatchStatus;

typedef void (*DBusFreeFunction)(void *memory);
typedef dbus_bool_t (*DBusAddWatchFunction)(DBusWatch *watch, void *data);
typedef void (*DBusWatchToggledFunction)(DBusWatch *watch, void *data);
typedef void (*DBusRemoveWatchFunction)(DBusWatch *watch, void *data);
typedef dbus_bool_t (*DBusAddTimeoutFunction)(DBusTimeout *timeout, void *data);
typedef void (*DBusTimeoutToggledFunction)(DBusTimeout *timeout, void *data);
typedef void (*DBusRemoveTimeoutFunction)(DBusTimeout *timeout, void *data);
typedef DBusHandlerResult (*DBusHandleMessageFunction)(
    DBusConnection *connection, DBusMessage *message, void *user_data);

// MARK: Constants (dbus-protocol.h)

#define DBUS_MESSAGE_TYPE_INVALID 0
#define DBUS_MESSAGE_TYPE_METHOD_CALL 1
#define DBUS_MESSAGE_TYPE_METHOD_RETURN 2
#define DBUS_MESSAGE_TYPE_ERROR 3
#define DBUS_MESSAGE_TYPE_SIGNAL 4
#endif  // CDBUS_CHECK_AGAINST_LIBDBUS

// MARK: Functions (prototypes only: calls go through the table, so nothing links against libdbus)

// dbus-errors.h, dbus-memory.h, dbus-threads.h
void dbus_error_init(DBusError *error);
void dbus_error_free(DBusError *error);
void dbus_free(void *memory);
dbus_bool_t dbus_threads_init_default(void);

// dbus-bus.h
dbus_bool_t dbus_bus_register(DBusConnection *connection, DBusError *error);
const char *dbus_bus_get_unique_name(DBusConnection *connection);

// dbus-connection.h
DBusConnection *dbus_connection_open_private(const char *address, DBusError *error);
void dbus_connection_unref(DBusConnection *connection);
void dbus_connection_close(DBusConnection *connection);
dbus_bool_t dbus_connection_get_is_connected(DBusConnection *connection);
void dbus_connection_set_exit_on_disconnect(DBusConnection *connection, dbus_bool_t exit_on_disconnect);
DBusDispatchStatus dbus_connection_dispatch(DBusConnection *connection);
dbus_bool_t dbus_connection_send(DBusConnection *connection, DBusMessage *message, dbus_uint32_t *client_serial);
dbus_bool_t dbus_connection_set_watch_functions(
    DBusConnection *connection, DBusAddWatchFunction add_function,
    DBusRemoveWatchFunction remove_function, DBusWatchToggledFunction toggled_function,
    void *data, DBusFreeFunction free_data_function);
dbus_bool_t dbus_connection_set_timeout_functions(
    DBusConnection *connection, DBusAddTimeoutFunction add_function,
    DBusRemoveTimeoutFunction remove_function, DBusTimeoutToggledFunction toggled_function,
    void *data, DBusFreeFunction free_data_function);
dbus_bool_t dbus_connection_add_filter(
    DBusConnection *connection, DBusHandleMessageFunction function, void *user_data,
    DBusFreeFunction free_data_function);
void dbus_connection_remove_filter(DBusConnection *connection, DBusHandleMessageFunction function, void *user_data);
int dbus_watch_get_unix_fd(DBusWatch *watch);
unsigned int dbus_watch_get_flags(DBusWatch *watch);
dbus_bool_t dbus_watch_handle(DBusWatch *watch, unsigned int flags);
dbus_bool_t dbus_watch_get_enabled(DBusWatch *watch);
int dbus_timeout_get_interval(DBusTimeout *timeout);
dbus_bool_t dbus_timeout_handle(DBusTimeout *timeout);
dbus_bool_t dbus_timeout_get_enabled(DBusTimeout *timeout);

// dbus-message.h
DBusMessage *dbus_message_new_method_call(
    const char *bus_name, const char *path, const char *iface, const char *method);
DBusMessage *dbus_message_new_method_return(DBusMessage *method_call);
DBusMessage *dbus_message_new_signal(const char *path, const char *iface, const char *name);
DBusMessage *dbus_message_new_error(
    DBusMessage *reply_to, const char *error_name, const char *error_message);
DBusMessage *dbus_message_ref(DBusMessage *message);
void dbus_message_unref(DBusMessage *message);
int dbus_message_get_type(DBusMessage *message);
const char *dbus_message_get_path(DBusMessage *message);
const char *dbus_message_get_interface(DBusMessage *message);
const char *dbus_message_get_member(DBusMessage *message);
const char *dbus_message_get_error_name(DBusMessage *message);
const char *dbus_message_get_sender(DBusMessage *message);
void dbus_message_set_no_reply(DBusMessage *message, dbus_bool_t no_reply);
dbus_bool_t dbus_message_get_no_reply(DBusMessage *message);
dbus_uint32_t dbus_message_get_reply_serial(DBusMessage *message);
dbus_bool_t dbus_message_iter_init(DBusMessage *message, DBusMessageIter *iter);
dbus_bool_t dbus_message_iter_next(DBusMessageIter *iter);
char *dbus_message_iter_get_signature(DBusMessageIter *iter);
int dbus_message_iter_get_arg_type(DBusMessageIter *iter);
int dbus_message_iter_get_element_type(DBusMessageIter *iter);
void dbus_message_iter_recurse(DBusMessageIter *iter, DBusMessageIter *sub);
void dbus_message_iter_get_basic(DBusMessageIter *iter, void *value);
void dbus_message_iter_get_fixed_array(DBusMessageIter *iter, void *value, int *n_elements);
void dbus_message_iter_init_append(DBusMessage *message, DBusMessageIter *iter);
dbus_bool_t dbus_message_iter_append_basic(DBusMessageIter *iter, int type, const void *value);
dbus_bool_t dbus_message_iter_append_fixed_array(DBusMessageIter *iter, int element_type, const void *value, int n_elements);
dbus_bool_t dbus_message_iter_open_container(
    DBusMessageIter *iter, int type, const char *contained_signature, DBusMessageIter *sub);
dbus_bool_t dbus_message_iter_close_container(DBusMessageIter *iter, DBusMessageIter *sub);
void dbus_message_iter_abandon_container(DBusMessageIter *iter, DBusMessageIter *sub);
DBusMessage *dbus_message_demarshal(const char *str, int len, DBusError *error);

// dbus-signature.h, dbus-syntax.h
dbus_bool_t dbus_signature_validate(const char *signature, DBusError *error);
dbus_bool_t dbus_signature_validate_single(const char *signature, DBusError *error);
dbus_bool_t dbus_validate_path(const char *path, DBusError *error);
dbus_bool_t dbus_validate_interface(const char *name, DBusError *error);
dbus_bool_t dbus_validate_member(const char *name, DBusError *error);
dbus_bool_t dbus_validate_error_name(const char *name, DBusError *error);
dbus_bool_t dbus_validate_bus_name(const char *name, DBusError *error);

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
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *why = dlerror();
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
