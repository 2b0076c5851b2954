import ArgumentParser

/// The `census` command.
@main
struct Census: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Network and asset inventory for managed-service providers.",
        discussion: """
        Census finds every device on a client site, names it, remembers it across visits and \
        turns what it finds into billing and refresh findings.

        Exit codes: 0 success; 1 failure; 64 bad usage or range; 65 unreadable input file \
        (capture, recording, catalog, bundle, contract; a database a reading command needs that does not exist); 69 no such interface or interface down, or no SNMP \
        answer (probe); 77 not permitted (run as root or grant CAP_NET_RAW); 78 unusable \
        configuration or secret; 130 interrupted by Ctrl-C, SIGTERM or SIGHUP (what was found is kept \
        and stored as a partial scan). A database locked by another process for longer than \
        CENSUS_DB_WAIT seconds (default 30) gets the scan as a recovery bundle to import later (exit 1).
        """,
        version: "0.1.0",
        subcommands: [Discover.self, Scan.self, Probe.self, Devices.self, Diff.self, Reconcile.self, Report.self, LifecycleCommand.self, Export.self, Import.self, Push.self, Server.self, Identify.self, Reidentify.self, CatalogCheck.self]
    )
}
