// Glibc's headers come from Swift's SwiftGlibc module, not textually into this module: otherwise
// the C library's declarations pulled in below (e.g. <sys/socket.h>'s SOCK_* enum) may end up owned
// by this module, depending on compile order, and a Swift file that imports only Glibc then cannot
// see them ("cannot find 'SOCK_DGRAM' in scope", seen in CI on a clean build).
#pragma clang module import SwiftGlibc
#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>
#include <bluetooth/hci_lib.h>
