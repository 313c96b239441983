#!/usr/bin/env bash
# swift-argument-parser's completion scripts offer only subcommands at the top level, but
# `esp-prov --transport ble …` runs the default command (provision) without naming it. This
# rewrites a generated bash or fish script so flags typed before any command complete as the
# default command's (its name comes from the help dump's `defaultSubcommand`).
#   complete-default-command.sh bash|fish TOOL DEFAULT_COMMAND <script >script
set -euo pipefail
usage="usage: complete-default-command.sh bash|fish TOOL DEFAULT_COMMAND"
shell="${1:?$usage}"
tool="${2:?$usage}"
default="${3:?$usage}"
case "$shell" in
  bash)
    # In the top-level function (the first to parse its words), before it parses them.
    awk -v tool="$tool" -v default="$default" '
      !done && /^    __.*_offer_flags_options 0$/ {
        print "    # A flag before any command: the default command (" default ") takes the words."
        print "    if [[ \"${unparsed_words[0]}\" == -* ]]; then"
        print "        \"_" tool "_" default "\""
        print "        return"
        print "    fi"
        done = 1
      }
      { print }
      END { if (!done) { print "complete-default-command.sh: no top-level parser found" > "/dev/stderr"; exit 1 } }'
    ;;
  fish)
    # Tokens "TOOL -x …" are parsed as "TOOL DEFAULT -x …"; and at the top level (nothing typed
    # yet) the default command's flags are offered along with the subcommands.
    awk -v tool="$tool" -v default="$default" '
      $0 == "    case '\''" tool "'\''" && !tokens {
        print
        print "        if string match -q -- '\''-*'\'' \"$unparsed_tokens[2]\""
        print "            set unparsed_tokens $unparsed_tokens[1] " default " $unparsed_tokens[2..]"
        print "        end"
        tokens = 1
        next
      }
      /^    test "\$commands" = "\$expected_commands"; and return/ && !test {
        sub(/test "\$commands" = "\$expected_commands"/, "test \"$commands\" = \"$expected_commands\" -o \"$commands " default "\" = \"$expected_commands\"")
        test = 1
      }
      { print }
      END { if (!tokens || !test) { print "complete-default-command.sh: generated fish script changed shape" > "/dev/stderr"; exit 1 } }'
    ;;
  *) echo "complete-default-command.sh: bash or fish, not $shell" >&2; exit 2 ;;
esac
