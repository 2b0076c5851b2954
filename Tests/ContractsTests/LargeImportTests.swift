import CensusCore
import Contracts
import XCTest

/// A large export is read whole (timing is measured by hand in release, not asserted here).
final class LargeImportTests: XCTestCase {
    static func generated(rows: Int) -> String {
        var text = "client,site,name,class,manufacturer,model,serial,mac,ip,plan,monthly_price,purchase_date,warranty_end\n"
        text.reserveCapacity(rows * 150)
        let classes = ["Server - Physical", "Network Switch", "Desktop", "Laptop", "MFP", "WAP", "Firewall/UTM", "\"Server, Virtual\""]
        for i in 0..<rows {
            let mac = String(format: "00:1b:21:%02x:%02x:%02x", (i >> 16) & 0xFF, (i >> 8) & 0xFF, i & 0xFF)
            let address = "198.18.\(i / 256 % 256).\(i % 256)"
            text += "Client \(i % 40),Site \(i % 7),HOST-\(i),\(classes[i % classes.count]),Dell,OptiPlex 7010,SN\(100_000 + i),"
            text += "\(mac),\(address),Managed,\"£1,\(String(format: "%03d", i % 1000)).50\",\(String(format: "%02d", i % 28 + 1))/03/2024,2027-03-01\n"
        }
        return text
    }

    func testTenThousandRowsAreAllRead() throws {
        let result = try ContractImport.read(text: Self.generated(rows: 10_000), file: "large.csv")
        XCTAssertEqual(result.errors, [])
        XCTAssertEqual(result.lines.count, 10_000)
        XCTAssertEqual(result.lines.first?.line, 2)
        XCTAssertEqual(result.lines.last?.line, 10_001)
        let last = try XCTUnwrap(result.lines.last)
        XCTAssertEqual(last.name, "HOST-9999")
        XCTAssertEqual(last.macs, [mac("00:1b:21:00:27:0f")])
        XCTAssertEqual(last.ip, ip("198.18.39.15"))
        XCTAssertEqual(last.monthlyPrice, money("1999.50"))
        XCTAssertEqual(last.purchaseDate, day("2024-03-04"))
        XCTAssertEqual(result.lines[7].deviceClass, .server)
        XCTAssertTrue(result.lines[7].isVirtual)
        XCTAssertEqual(Set(result.lines.map(\.serialKey)).count, 10_000)
    }
}
