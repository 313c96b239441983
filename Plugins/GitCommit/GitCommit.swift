import Foundation
import PackagePlugin

/// Puts the checkout's git commit into `BuildInfo` on every plain `swift build`, so `--version` of an
/// installed binary says exactly which source it was built from. Outside a checkout (a source tarball,
/// no git) the commit is left out rather than failing the build. The file is only rewritten when the
/// commit changes, so an unchanged tree does not recompile anything.
@main
struct GitCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        let script = """
            dir="$1" out="$2"
            mkdir -p "$out" || exit 1
            git() { command git -c safe.directory='*' -C "$dir" "$@"; }
            commit=""
            # Only this package's own checkout: a tarball unpacked inside another repository gets no commit.
            if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$dir" && pwd -P)" ]; then
                commit=$(git describe --always --dirty --abbrev=12 --match 'v[0-9]*' 2>/dev/null)
            fi
            if [ -n "$commit" ]; then value="\\"$commit\\""; else value=nil; fi
            line="extension BuildInfo { static let gitCommit: String? = $value }"
            [ "$(cat "$out/GitCommit.swift" 2>/dev/null)" = "$line" ] || printf '%s\\n' "$line" > "$out/GitCommit.swift"
            """
        return [
            .prebuildCommand(
                displayName: "Recording the git commit for --version",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", context.package.directoryURL.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}
