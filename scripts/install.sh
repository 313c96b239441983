#!/usr/bin/env bash
# Installs (or with --uninstall removes) esp-prov's files under DESTDIR/PREFIX: the two
# executables, their man pages and bash/zsh/fish completions (from generate-docs.sh's OUT_DIR).
#   install.sh BIN_DIR GENERATED_DIR PREFIX [DESTDIR]
#   install.sh --uninstall PREFIX [DESTDIR]
set -euo pipefail
files() {  # installed path (relative to DESTDIR) and its source in GENERATED_DIR or BIN_DIR
  local prefix=$1
  for tool in esp-prov esp-prov-device; do
    echo "$prefix/bin/$tool bin/$tool"
    echo "$prefix/share/man/man1/$tool.1 man/$tool.1"
    echo "$prefix/share/bash-completion/completions/$tool completions/$tool.bash"
    echo "$prefix/share/zsh/site-functions/_$tool completions/_$tool"
    echo "$prefix/share/fish/vendor_completions.d/$tool.fish completions/$tool.fish"
  done
}
if [ "${1:-}" = --uninstall ]; then
  prefix="${2:?usage: install.sh --uninstall PREFIX [DESTDIR]}"; destdir="${3:-}"
  files "$prefix" | while read -r target _; do
    if [ -e "$destdir$target" ]; then rm -v "$destdir$target"; fi
  done
  exit 0
fi
bin="${1:?usage: install.sh BIN_DIR GENERATED_DIR PREFIX [DESTDIR]}"
generated="${2:?usage: install.sh BIN_DIR GENERATED_DIR PREFIX [DESTDIR]}"
prefix="${3:?usage: install.sh BIN_DIR GENERATED_DIR PREFIX [DESTDIR]}"
destdir="${4:-}"
files "$prefix" | while read -r target source; do
  case "$source" in
    bin/*) install -D -m 0755 "$bin/${source#bin/}" "$destdir$target" ;;
    *) install -D -m 0644 "$generated/$source" "$destdir$target" ;;
  esac
done
