import Foundation

/// Paths as a user writes them: one home folder for every default and every `~`, and relative
/// paths in a file read from that file's folder.
public enum UserPaths {
    /// `$HOME` when set, else the account's home folder.
    public static func home(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    /// `path` with `~` as `home` and, when relative, under `folder` (the folder of the file
    /// that names it; the working directory when nil).
    public static func resolve(_ path: String, relativeTo folder: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if path == "~" { return home(environment: environment) }
        if path.hasPrefix("~/") { return home(environment: environment) + path.dropFirst(1) }
        guard !path.hasPrefix("/"), let folder else { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
    }
}
