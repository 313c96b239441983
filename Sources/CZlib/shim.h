// zlib, for the deflate streams of PNG labels (esp-prov qr --png).
// The C library through Swift's SwiftGlibc module, never textually (why: CBluetooth/shim.h).
#pragma clang module import SwiftGlibc
#include <zlib.h>
