// swift-tools-version: 6.1
//
// Census — network and asset inventory for managed-service providers.
//
// Dependencies point one way: CensusCLI → engines (ARPDiscovery, SNMPInventory, Fingerprinting,
// CensusStore, MACVendors, CensusConfig, Lifecycle) → thin C wrappers (PacketCapture, NetSNMP),
// DataFiles and the core model (CensusCore).
// Only PacketCapture touches libpcap, only NetSNMP touches net-snmp.
// The central server: CensusCLI → CensusServer (Hummingbird) / Collector (push client, over OutboundHTTP) → Inventory, DeviceModel;
// PostgresStore implements DeviceModel's store protocol over PostgreSQL. The server links neither
// net-snmp nor libpcap.
import PackageDescription

let package = Package(
    name: "Census",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "census", targets: ["CensusCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        // The central server.
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0", traits: []),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Outgoing HTTP (collector push, endoflife.date): no libcurl in the census binary.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // MARK: C libraries, each reached from exactly one wrapper module
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        .systemLibrary(
            name: "CNetSNMP",
            pkgConfig: "netsnmp",
            providers: [.apt(["libsnmp-dev"])]
        ),

        // MARK: Core model
        .target(name: "CensusCore"),
        // YAML data files (configuration, catalogs) read with errors that name file and line.
        .target(name: "DataFiles", dependencies: [.product(name: "Yams", package: "Yams")]),
        // One outgoing HTTP request at a time (collector push, endoflife.date), over AsyncHTTPClient.
        .target(name: "OutboundHTTP", dependencies: ["CensusCore", .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // The user's configuration: clients, sites, credentials (secrets by reference).
        .target(name: "CensusConfig", dependencies: ["CensusCore", "DataFiles"]),

        // MARK: Thin, safe wrappers over the C libraries
        .target(
            name: "PacketCapture",
            dependencies: ["CPcap", "CensusCore"]
        ),
        .target(
            name: "NetSNMP",
            dependencies: ["CNetSNMP", "CensusCore", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: Engines
        .target(
            name: "MACVendors",
            dependencies: ["CensusCore", .product(name: "CSV", package: "CSV.swift")]
        ),
        .target(
            name: "ARPDiscovery",
            dependencies: [
                "CensusCore", "PacketCapture",
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What Census asks every device and how answers read (MIB objects, collection plan,
        // readings, snmpsim recordings): pure model, no net-snmp.
        .target(name: "SNMPModel", dependencies: ["CensusCore"]),
        // The interrogator: the collection plan carried out over net-snmp.
        .target(
            name: "SNMPInventory",
            dependencies: ["CensusCore", "SNMPModel", "NetSNMP"]
        ),
        .target(
            name: "Fingerprinting",
            dependencies: ["CensusCore", "DataFiles", "SNMPModel"],
            resources: [.copy("Catalog")]
        ),
        // The device model every front end shares: scans, devices, bundles, the read model of a
        // device, and the store protocol (with an in-memory store). No storage engine.
        .target(name: "DeviceModel", dependencies: ["CensusCore", "SNMPModel"]),
        // End of life, age and replacement cost of a device: software release cycles (endoflife.date
        // data), a hardware lifecycle catalog kept as YAML data files, and one judgement as of a day.
        .target(
            name: "Lifecycle",
            dependencies: ["CensusCore", "DataFiles", "OutboundHTTP"],
            resources: [.copy("Data")]
        ),
        // The MSP's side: contracted device lists (PSA CSV exports) and rate cards.
        .target(
            name: "Contracts",
            dependencies: ["CensusCore", "DataFiles", .product(name: "CSV", package: "CSV.swift")]
        ),
        // The embedded store: DeviceModel's protocol over SQLite (GRDB), with migrations.
        .target(
            name: "SQLiteStore",
            dependencies: ["CensusCore", "DeviceModel", "SNMPModel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Which sightings are the same physical device, and the inventory read through the store:
        // filing scans, device snapshots, diffs, bundle import, re-identification.
        .target(name: "Inventory", dependencies: ["CensusCore", "DeviceModel", "SNMPModel", "Fingerprinting"]),

        // Runs a scan end to end (discovery, SNMP, identification, filing, storing) with typed
        // progress events and cooperative cancellation: the engine every front end calls.
        .target(
            name: "ScanPipeline",
            dependencies: [
                "CensusCore", "DeviceModel", "ARPDiscovery", "PacketCapture", "SNMPModel", "SNMPInventory", "NetSNMP",
                "Fingerprinting", "Inventory", "MACVendors",
            ]
        ),

        // Contract against what was seen: findings (matched, unbilled, missing, mismatch...) with money and evidence; pure logic.
        .target(name: "Reconciliation", dependencies: ["CensusCore", "DeviceModel", "Contracts"]),
        // What a client reads: devices judged for lifecycle, the pricing and lifecycle reports,
        // rendered as tables, CSV, JSON and self-contained HTML (swift-mustache templates).
        .target(
            name: "Reports",
            dependencies: ["CensusCore", "DeviceModel", "Inventory", "Lifecycle", "Contracts", "Reconciliation",
                           .product(name: "Mustache", package: "swift-mustache")],
            resources: [.copy("Templates")]
        ),
        // The central server's store: DeviceModel's protocol over PostgreSQL (PostgresNIO), with
        // migrations; every client-data table carries the client and every query is scoped by it.
        .target(
            name: "PostgresStore",
            dependencies: [
                "CensusCore", "DeviceModel", "SNMPModel",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The central server as a library: router, bearer-token auth, handlers over the engines
        // (inventory, contracts and rate cards, reconciliation, reports).
        .target(
            name: "CensusServer",
            dependencies: [
                "CensusCore", "DeviceModel", "Inventory", "Fingerprinting", "PostgresStore", "Contracts", "Reconciliation", "Lifecycle", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("openapi.yaml"), .copy("openapi.json")]
        ),
        // The collector's side of the server: the outbox of scans not yet acknowledged, pushed with
        // bounded retries (FoundationNetworking, no extra HTTP stack).
        .target(
            name: "Collector",
            dependencies: ["CensusCore", "DeviceModel", "Inventory", "SQLiteStore", "OutboundHTTP", .product(name: "Logging", package: "swift-log")]
        ),

        // MARK: Command line
        .executableTarget(
            name: "CensusCLI",
            dependencies: [
                "CensusCore", "CensusConfig", "DeviceModel", "SQLiteStore", "ScanPipeline", "Inventory", "ARPDiscovery",
                "SNMPModel", "Fingerprinting", "MACVendors", "Lifecycle", "Reports", "Contracts", "Reconciliation", "DataFiles",
                "PostgresStore", "CensusServer", "Collector",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),

        // Times contract parsing and reconciliation at 1k, 10k and 100k devices and lines (tools/bench/reconcile).
        .executableTarget(name: "ReconcileBench", dependencies: ["CensusCore", "DeviceModel", "Contracts", "Reconciliation"]),

        // MARK: Tests
        .testTarget(name: "OutboundHTTPTests", dependencies: ["OutboundHTTP"]),
        .testTarget(name: "CensusCoreTests", dependencies: ["CensusCore"]),
        .testTarget(name: "CensusConfigTests", dependencies: ["CensusConfig", "DataFiles"]),
        .testTarget(name: "PacketCaptureTests", dependencies: ["PacketCapture"]),
        .testTarget(name: "NetSNMPTests", dependencies: ["NetSNMP"]),
        .testTarget(name: "MACVendorsTests", dependencies: ["MACVendors"]),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "DeviceModel"]),
        .testTarget(name: "ScanPipelineTests", dependencies: ["ScanPipeline", "DeviceModel", "Inventory", "Fingerprinting", "SNMPModel", "SQLiteStore"]),
        .testTarget(name: "FingerprintingTests", dependencies: ["Fingerprinting", "SNMPModel", "DataFiles"]),
        .testTarget(name: "SNMPModelTests", dependencies: ["SNMPModel"]),
        // Contract CSV import and rate cards, against the files in Fixtures/contracts.
        .testTarget(name: "ContractsTests", dependencies: ["Contracts", "CensusCore", "DataFiles"]),
        .testTarget(name: "LifecycleTests", dependencies: ["Lifecycle", "CensusCore", "DataFiles"]),
        // The reports' figures against hand-worked fixtures, and the HTML in a real headless Chromium.
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Reconciliation", "Contracts", "Lifecycle", "DeviceModel", "Inventory", "CensusCore", "DataFiles"]),
        // Reconciliation over hand-built devices and the contracts in Fixtures/contracts.
        .testTarget(name: "ReconciliationTests", dependencies: ["Reconciliation", "Contracts", "DeviceModel", "CensusCore"]),
        .testTarget(name: "ARPDiscoveryTests", dependencies: ["ARPDiscovery", "PacketCapture"]),
        .testTarget(name: "SQLiteStoreTests", dependencies: ["SQLiteStore", "DeviceModel", .product(name: "GRDB", package: "GRDB.swift")]),
        // One conformance suite, run against every InventoryStore.
        // PostgreSQL too when CENSUS_TEST_DATABASE_URL names a server.
        .testTarget(name: "StoreConformanceTests", dependencies: ["DeviceModel", "SQLiteStore", "PostgresStore"]),
        // The central server in-process on 127.0.0.1 against a real PostgreSQL (CENSUS_TEST_DATABASE_URL),
        // and `census push` end to end.
        .testTarget(
            name: "CensusServerTests",
            dependencies: [
                "CensusServer", "PostgresStore", "Collector", "DeviceModel", "Inventory", "SQLiteStore", "CensusCore",
                .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Runs the built `census` binary on files (capture, configuration, bundles): no root needed.
        .testTarget(name: "CLITests"),
        // Runs the built `census` binary against the network-namespace lab (needs root).
        .testTarget(name: "LabTests", dependencies: ["CensusCore"]),
    ]
)
