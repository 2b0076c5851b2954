import ArgumentParser
import CensusConfig
import SQLiteStore
import Foundation

/// Where the configuration file is (clients, sites, credentials, defaults).
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file. Default: $CENSUS_CONFIG or ~/.config/census/census.yaml (if present).")
    var config: String?

    /// The configuration: the named file (which must exist), else the default file if any.
    func load() throws -> CensusConfiguration {
        let loaded: CensusConfiguration
        do {
            if let config {
                loaded = try CensusConfiguration.load(config)
            } else {
                // $CENSUS_CONFIG names a file as --config does: it must exist (a typo is not "no configuration").
                let named = ProcessInfo.processInfo.environment["CENSUS_CONFIG"].map { !$0.isEmpty } ?? false
                loaded = try CensusConfiguration.load(CensusConfiguration.defaultPath(), required: named)
            }
        } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.configError)
        }
        warnIfOthersCanWrite(loaded.file)
        return loaded
    }

    /// Whoever can edit the configuration chooses the files its credentials are read from and
    /// where they are sent: a file others can write is said on every run.
    private func warnIfOthersCanWrite(_ file: String?) {
        guard let file, let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o022 != 0 else { return }
        Terminal.error("census: warning: \(file) can be changed by others (mode \(String(mode & 0o777, radix: 8))): whoever edits it chooses where the credentials go; chmod go-w \(file)")
    }
}

extension StoreOptions {
    /// The configured site this scan is for, if `--client` names a client of the configuration.
    /// A client the configuration does not know is a free label (no defaults come from it) only
    /// when the configuration defines no clients; otherwise it is a mistake, and the known
    /// clients are listed.
    func configuredSite(in configuration: CensusConfiguration) throws -> CensusConfiguration.Site? {
        guard let client, !client.isEmpty else {
            // Without --client a scan is the "default" client's: with clients configured, that
            // files it under none of them, without their ranges and credentials.
            guard configuration.clients.isEmpty else {
                throw CensusFailure("\(configuration.file ?? "the configuration") defines clients: name one with --client (clients: \(configuration.clients.map(\.name).joined(separator: ", ")))",
                                    exitCode: CensusFailure.usage)
            }
            return nil
        }
        guard configuration.clients.contains(where: { $0.name == client }) else {
            guard configuration.clients.isEmpty else {
                throw CensusFailure("client '\(client)' is not in \(configuration.file ?? "the configuration") (clients: \(configuration.clients.map(\.name).joined(separator: ", ")))",
                                    exitCode: CensusFailure.usage)
            }
            return nil
        }
        guard let site else {
            throw CensusFailure("client '\(client)' is in \(configuration.file ?? "the configuration"): name the site with --site", exitCode: CensusFailure.usage)
        }
        do { return try configuration.site(site, of: client) } catch {
            throw CensusFailure(error.description, exitCode: CensusFailure.usage)
        }
    }

    /// The database: --db, else the configuration's default, else the standard place.
    func databasePath(_ configuration: CensusConfiguration) -> String {
        db ?? configuration.defaults.database ?? SQLiteStore.defaultPath
    }
}
