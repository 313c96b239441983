// The C library through Swift's SwiftGlibc module, never textually (why: CBluetooth/shim.h).
#pragma clang module import SwiftGlibc
#include <qrencode.h>
