#!/usr/bin/env bash
# Builds dist/esp-prov_<version>_<arch>.deb from built executables with Debian's own tools:
# the install.sh layout under /usr, gzipped man pages, copyright and changelog, and Depends
# computed by dpkg-shlibdeps from the binaries' shared libraries.
#   deb.sh BIN_DIR VERSION OUT_DIR
# DEB_IGNORE_UNPACKAGED_LIBS=1 accepts libraries no package provides (a debug build's Swift
# runtime from the toolchain: the package test reuses the debug build instead of a release one);
# DEB_COMPRESSION (default xz) is dpkg-deb's -Z: the test uses none to stay fast.
set -euo pipefail
bin="${1:?usage: deb.sh BIN_DIR VERSION OUT_DIR}"
version="${2:?usage: deb.sh BIN_DIR VERSION OUT_DIR}"
out="${3:?usage: deb.sh BIN_DIR VERSION OUT_DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/esp-prov"
doc="$stage/usr/share/doc/esp-prov"

"$root/scripts/generate-docs.sh" "$bin" "$work/generated" "$version"
"$root/scripts/install.sh" "$bin" "$work/generated" /usr "$stage" >/dev/null
gzip -9n "$stage"/usr/share/man/man1/*.1
install -D -m 0644 "$root/packaging/debian/copyright" "$doc/copyright"
sed "s/@VERSION@/$version/; s/@DATE@/$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}")/" \
  "$root/packaging/debian/changelog.in" | gzip -9n >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/"*
# A release build needs no library search path of its own (static Swift runtime); a debug build
# keeps the toolchain's, which it cannot run without (lintian: custom-library-search-path).
if [ "${DEB_IGNORE_UNPACKAGED_LIBS:-}" != 1 ]; then
  for binary in "$stage/usr/bin/"*; do
    if readelf -d "$binary" | grep -q 'R\(UN\)\?PATH'; then chrpath -d "$binary" >/dev/null; fi
  done
fi

# dpkg-shlibdeps reads debian/control of the current directory: give it a minimal one.
mkdir -p "$work/src/debian"
printf 'Source: esp-prov\n\nPackage: esp-prov\nArchitecture: any\n' >"$work/src/debian/control"
shlibdeps_opts=()
[ "${DEB_IGNORE_UNPACKAGED_LIBS:-}" = 1 ] && shlibdeps_opts+=(--ignore-missing-info)
depends=$(cd "$work/src" && dpkg-shlibdeps -O "${shlibdeps_opts[@]}" -e "$stage/usr/bin/esp-prov" -e "$stage/usr/bin/esp-prov-device" 2>"$work/shlibdeps.err" \
  | sed -n 's/^shlibs:Depends=//p') || { cat "$work/shlibdeps.err" >&2; exit 1; }
# BLE needs libdbus at run time even when it is dlopen'ed (then dpkg-shlibdeps cannot see it).
case "$depends" in *libdbus-1-3*) ;; *) depends="$depends, libdbus-1-3" ;; esac
size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)

mkdir -p "$stage/DEBIAN"
sed "s/@VERSION@/$version/; s/@ARCH@/$arch/; s/@DEPENDS@/$depends/; s/@SIZE@/$size/" \
  "$root/packaging/debian/control.in" >"$stage/DEBIAN/control"
mkdir -p "$out"
deb="$out/esp-prov_${version}_${arch}.deb"
dpkg-deb --root-owner-group "-Z${DEB_COMPRESSION:-xz}" --build "$stage" "$deb" >/dev/null
echo "$deb"
