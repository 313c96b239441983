// Foundation and one sec2 exponentiation in libcrypto
// 3072-bit modulus, 256-bit secret exponent, constant time, libcrypto loaded at run time: the least a
// security-2 client holds.
import Foundation

typealias New = @convention(c) () -> OpaquePointer?
typealias Rand = @convention(c) (OpaquePointer?, Int32, Int32, Int32) -> Int32
typealias ModExp = @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
typealias SetWord = @convention(c) (OpaquePointer?, UInt) -> Int32

guard let library = dlopen("libcrypto.so.3", RTLD_NOW) else { fatalError("libcrypto.so.3 not found") }
func symbol<T>(_ name: String, _: T.Type) -> T { unsafeBitCast(dlsym(library, name)!, to: T.self) }
let bnNew = symbol("BN_new", New.self), context = symbol("BN_CTX_new", New.self)()
let (result, base, exponent, modulus) = (bnNew(), bnNew(), bnNew(), bnNew())
_ = symbol("BN_set_word", SetWord.self)(base, 5)
_ = symbol("BN_rand", Rand.self)(exponent, 256, 0, 0)
_ = symbol("BN_rand", Rand.self)(modulus, 3072, 0, 1)
let ok = symbol("BN_mod_exp_mont_consttime", ModExp.self)(result, base, exponent, modulus, context, nil)
let text = " ok ".trimmingCharacters(in: .whitespaces)
print("\(text) \(ok) \(ProcessInfo.processInfo.environment.count)")
