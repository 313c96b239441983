// The C library through Swift's SwiftGlibc module, never textually (why: CBluetooth/shim.h).
#pragma clang module import SwiftGlibc
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
