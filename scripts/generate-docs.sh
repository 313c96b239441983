#!/usr/bin/env bash
# Writes the man pages and shell completions of the built executables into OUT_DIR, generated
# from their own argument definitions (`--experimental-dump-help`, `--generate-completion-script`)
# and README.md's exit-code, environment and files tables: they cannot drift from `--help`.
#   generate-docs.sh BIN_DIR OUT_DIR VERSION
set -euo pipefail
bin="${1:?usage: generate-docs.sh BIN_DIR OUT_DIR VERSION}"
out="${2:?usage: generate-docs.sh BIN_DIR OUT_DIR VERSION}"
version="${3:?usage: generate-docs.sh BIN_DIR OUT_DIR VERSION}"
root="$(cd "$(dirname "$0")/.." && pwd)"

mkdir -p "$out/man" "$out/completions"
"$bin/esp-prov" --experimental-dump-help \
  | "$bin/esp-prov-manual" --version "$version" --readme "$root/README.md" --see-also esp-prov-device \
  >"$out/man/esp-prov.1"
"$bin/esp-prov-device" --experimental-dump-help \
  | "$bin/esp-prov-manual" --version "$version" --see-also esp-prov \
  >"$out/man/esp-prov-device.1"
for tool in esp-prov esp-prov-device; do
  # Sourced, never run: no #! line (lintian: bash-completion-with-hashbang).
  "$bin/$tool" --generate-completion-script bash | sed '1{/^#!/d}' >"$out/completions/$tool.bash"
  "$bin/$tool" --generate-completion-script zsh >"$out/completions/_$tool"
  "$bin/$tool" --generate-completion-script fish >"$out/completions/$tool.fish"
done
# `esp-prov --transport …` runs the default command: its flags complete without naming it.
default=$("$bin/esp-prov" --experimental-dump-help | sed -n 's/^ *"defaultSubcommand" *: *"\(.*\)".*/\1/p' | head -n 1)
if [ -n "$default" ]; then
  for shell in bash fish; do
    "$root/scripts/complete-default-command.sh" "$shell" esp-prov "$default" <"$out/completions/esp-prov.$shell" >"$out/completions/esp-prov.$shell.new"
    mv "$out/completions/esp-prov.$shell.new" "$out/completions/esp-prov.$shell"
  done
fi
