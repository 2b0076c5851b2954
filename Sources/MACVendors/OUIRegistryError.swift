/// Why the IEEE registries could not be loaded.
public enum OUIRegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// None of the registry files exists in the directory.
    case noRegistryFiles(directory: String, tried: [String])
    /// A registry file given by path does not exist.
    case fileNotFound(path: String)
    /// A registry file exists but could not be read.
    case unreadable(path: String, message: String)
    /// The file's first row lacks the `Assignment` or `Organization Name` column.
    case unexpectedHeader(path: String, header: [String])

    public var description: String {
        switch self {
        case let .noRegistryFiles(directory, tried):
            return "no IEEE OUI registry found in \(directory) (tried \(tried.joined(separator: ", "))); "
                + "install the Debian package ieee-data (apt-get install ieee-data)"
        case let .fileNotFound(path):
            return "IEEE registry file \(path) does not exist"
        case let .unreadable(path, message):
            return "cannot read IEEE registry file \(path): \(message)"
        case let .unexpectedHeader(path, header):
            let found = header.isEmpty ? "the file is empty" : "the first row is '\(header.joined(separator: ","))'"
            return "\(path) is not an IEEE registry CSV: expected columns Registry,Assignment,Organization Name,"
                + "Organization Address but \(found)"
        }
    }
}
