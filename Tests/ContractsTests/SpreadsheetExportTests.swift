import CensusCore
import Contracts
import XCTest

/// Exports as account managers hand them over: placeholders in cells that do not matter, US
/// dates, more columns than Census reads, two columns that could hold the price.
final class SpreadsheetExportTests: XCTestCase {
    func read(_ text: String, profile: ContractProfile = .generic) throws -> ContractImport {
        try ContractImport.read(text: text, file: "export.csv", profile: profile)
    }

    /// "N/A", "TBC", "DHCP" and the like are empty cells: a row whose serial identifies the device
    /// is not lost over its IP, MAC, date or users cell; a dash price is 0; 25.0 users are 25.
    func testPlaceholdersDoNotLoseARow() throws {
        let result = try read("""
        name,serial,ip,mac,purchase_date,users,monthly_price
        PC-1,SER1,DHCP,N/A,TBC,25.0,£ -
        PC-2,SER2,-,unknown,N/A,-,N/A
        PC-3,N/A,N/A,N/A,N/A,N/A,12.00
        -,N/A,DHCP,-,-,-,-

        """)
        XCTAssertEqual(result.errors, [ContractRowError(line: 5, message: "nothing identifies the device: no name, serial, MAC or IP")])
        XCTAssertEqual(result.lines.map(\.serial), ["SER1", "SER2", nil])
        XCTAssertEqual(result.lines.map(\.ip), [nil, nil, nil])
        XCTAssertEqual(result.lines.map(\.macs), [[], [], []])
        XCTAssertEqual(result.lines.map(\.purchaseDate), [nil, nil, nil])
        XCTAssertEqual(result.lines.map(\.users), [25, nil, nil])
        XCTAssertEqual(result.lines.map(\.monthlyPrice), [0, nil, 12], "Excel's accounting dash is 0; N/A is no price")
    }

    /// A file whose dates can only be month first is read month first, and says so; one with a
    /// day-first date stays day first; a mapping file's `dates:` is never second-guessed.
    func testUSDatesAreReadMonthFirstWhenOnlyThatFits() throws {
        let us = try read("""
        name,purchase_date,warranty_end
        A,06/01/2024,06/01/2027
        B,03/14/2012 00:00,

        """)
        XCTAssertEqual(us.errors, [])
        XCTAssertEqual(us.lines.map(\.purchaseDate), [CalendarDate(year: 2024, month: 6, day: 1), CalendarDate(year: 2012, month: 3, day: 14)])
        XCTAssertEqual(us.notes, ["dates read month first (MM/DD/YYYY): line 3's purchase_date '03/14/2012 00:00' is no day-first date (a mapping file's dates: dmy reads them day first)"])

        let uk = try read("name,purchase_date\nA,06/01/2024\nB,14/03/2012\n")
        XCTAssertEqual(uk.lines.map(\.purchaseDate), [CalendarDate(year: 2024, month: 1, day: 6), CalendarDate(year: 2012, month: 3, day: 14)])
        XCTAssertEqual(uk.notes, [])

        let mixed = try read("name,purchase_date\nA,03/14/2012\nB,14/03/2012\n")
        XCTAssertEqual(mixed.lines.map(\.purchaseDate), [nil, CalendarDate(year: 2012, month: 3, day: 14)],
                       "both orders in one file: the profile's stands and the other row is read without its date")
        XCTAssertEqual(mixed.notes, ["line 2: read without what cannot be read: purchase_date '03/14/2012' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)"])

        let stated = try ContractProfile.parse("dates: dmy\ncolumns:\n  name: name\n", file: "map.yaml")
        XCTAssertEqual(try read("name,purchase_date\nA,03/14/2012\n", profile: stated).notes.count, 1)
    }

    /// Of two columns that could hold a field, the more specific wins: the monthly cost over a
    /// one-off cost, the host name over a display name.
    func testTheMoreSpecificColumnWins() throws {
        let result = try read("""
        Name,Hostname,Cost,Monthly Cost,Device Serial,Primary MAC
        Reception PC,RECEPTION-PC,1200.00,30.00,ABC123,00:11:22:33:44:55

        """)
        XCTAssertEqual(result.lines.first?.name, "RECEPTION-PC")
        XCTAssertEqual(result.lines.first?.monthlyPrice, 30)
        XCTAssertEqual(result.lines.first?.serial, "ABC123")
        XCTAssertEqual(result.lines.first?.macs, [MACAddress("00:11:22:33:44:55")!])
        XCTAssertEqual(result.notes, ["columns not read: Cost (a mapping file, --profile FILE, can name them)"],
                       "a bare Cost is what the device cost, not its monthly price")
    }

    /// An empty monthly price is no price: never the purchase cost or amount of a column beside
    /// it (a £1,450 NAS was once "charged £1,450.00 a month").
    func testAnEmptyPriceIsNoPriceNotAnotherColumns() throws {
        let result = try read("""
        Name,Site,Type,Serial Number,Purchase Date,Amount,Monthly Price
        NAS-OLD,HQ,NAS,SYN123,2018-11-02,1450.00,
        NAS-NEW,HQ,NAS,SYN124,2024-11-02,1450.00,30.00

        """)
        XCTAssertEqual(result.lines.map(\.monthlyPrice), [nil, 30])
        XCTAssertTrue(result.notes.contains("columns not read: Amount (a mapping file, --profile FILE, can name them)"), "\(result.notes)")
    }

    /// An agreement's line for several devices ("12 × VoIP Phone"), none named by serial, MAC or
    /// address, is a pool of its class; a line that names one device and says 3 is that one device,
    /// and said; a users line's quantity is its users; quantity 0 is no line; a bad one is refused.
    func testQuantityLinesArePoolsOfTheirClass() throws {
        let result = try read("""
        Configuration Name,Configuration Type,Site,Serial Number,Quantity,Unit Price
        HQ-PHONES,VoIP Phone,HQ,,12,2.00
        CORE-SW,Switch,HQ,FOC1,1,12.50
        EDGE-SW,Switch,HQ,FOC2,3,12.50
        M365,Per User,HQ,,25,8.00
        OLD-PCS,Workstation,HQ,,0,15.00
        BAD,Workstation,HQ,,two,15.00
        WHAT,Gold Support,HQ,,4,10.00

        """)
        XCTAssertEqual(result.lines.map(\.line), [2, 3, 4, 5])
        XCTAssertEqual(result.lines.map(\.isPool), [true, false, false, false])
        XCTAssertEqual(result.lines[0].quantity, 12)
        XCTAssertEqual(result.lines[0].deviceClass, .phone)
        XCTAssertEqual(result.lines[3].users, 25, "a users line's quantity is its users")
        XCTAssertEqual(result.errors.map(\.description), [
            "line 7: Quantity 'two' is not a whole number",
            "line 8: Quantity 4 devices, none named by serial, MAC or address, and no class says of which kind ('Gold Support' is none Census knows): give the line a class",
        ])
        XCTAssertEqual(result.notes, [
            "Quantity: line 2 (12) names no device, only how many of a class: each counts that many of the class's devices seen on no line of their own, its price read as the price of each",
            "Quantity: line 4 (3) names one device (by serial, MAC or address) but is for several: each counts as that one device, at its price; split such lines (one per device), or their other devices show as unbilled",
            "1 line no longer contracted (1 Quantity 0) not read",
        ])
    }

    /// An agreement's additions export names no device at all: product, quantity, unit price. The
    /// product names the class; such a file is read, not refused for want of a name column.
    func testAnAgreementsAdditionsAreReadAsPools() throws {
        let result = try read("""
        Product,Quantity,Unit Price
        Managed Workstation,25,£45.00
        Managed Server,3,£120.00
        Firewall Support,1,£60.00

        """)
        XCTAssertEqual(result.lines.map(\.deviceClass), [.workstation, .server, .firewall])
        XCTAssertEqual(result.lines.map(\.quantity), [25, 3, 1])
        XCTAssertEqual(result.lines.map(\.isPool), [true, true, true], "one firewall, named by nothing, is a pool of one")
        XCTAssertEqual(result.errors, [])
    }

    /// A long all-digit serial that Excel saved as a number (9.4E+11) has lost its digits: it is
    /// left out and said, never matched as text; alone, it identifies nothing.
    func testASerialExcelRewroteAsANumberIsSaid() throws {
        let result = try read("name,serial\nSW1,9.4E+11\n,1.23457E+15\nSW3,E12345\n")
        XCTAssertEqual(result.lines.map(\.line), [2, 4])
        XCTAssertNil(result.lines[0].serial)
        XCTAssertEqual(result.lines[1].serial, "E12345")
        XCTAssertEqual(result.notes, ["line 2: read without what cannot be read: serial '9.4E+11' is a number Excel rewrote (its digits are lost; format the column as text before exporting)"])
        XCTAssertEqual(result.errors.map(\.line), [3])
    }

    /// A date column that lost its format holds Excel's serial numbers: read as the dates they are.
    func testExcelSerialDatesAreRead() throws {
        let result = try read("name,purchase date\nSW1,40982\nSW2,12\n")
        XCTAssertEqual(result.lines.first?.purchaseDate, CalendarDate(iso: "2012-03-14"))
        XCTAssertNil(result.lines.last?.purchaseDate)
        XCTAssertEqual(result.notes, ["line 3: read without what cannot be read: purchase date '12' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)"])
    }

    /// A line its PSA marks inactive, disposed or retired (or whose "active" flag is off) is no
    /// longer contracted: not read as a line (so never "missing"), and counted on the notes.
    func testLinesNoLongerContractedAreNotRead() throws {
        let cw = try read("""
        Configuration Name,Serial Number,Status
        FW-1,S1,Active
        OLD-NAS,S2,Inactive
        OLD-SW,S3,Disposed
        PC-9,S4,

        """, profile: .connectwise)
        XCTAssertEqual(cw.lines.map(\.name), ["FW-1", "PC-9"])
        XCTAssertEqual(cw.errors, [])
        XCTAssertEqual(cw.notes, ["2 lines no longer contracted (1 Status Disposed, 1 Status Inactive) not read"])
        let autotask = try read("Reference Title,Serial Number,Active\nA,S1,True\nB,S2,False\n", profile: .autotask)
        XCTAssertEqual(autotask.lines.map(\.name), ["A"])
        // Kit on the shelf or a lapsed agreement is no device in service: never "missing".
        let shelf = try read("Name,Serial,Status\nSP-1,S1,In Stock\nSP-2,S2,Spare\nOLD,S3,Expired\nLIVE,S4,Active\n")
        XCTAssertEqual(shelf.lines.map(\.name), ["LIVE"])
    }

    /// Columns Census does not read are named, and so is a mapping file's column the header
    /// does not have: nothing is dropped without a word.
    func testColumnsNotReadAreNamed() throws {
        let result = try read("name,serial,Notes,Department\nA,S1,x,y\n")
        XCTAssertEqual(result.notes, ["columns not read: Notes, Department (a mapping file, --profile FILE, can name them)"])
        let mapping = try ContractProfile.parse("columns:\n  serial: 'Serial #'\n", file: "map.yaml")
        let mapped = try read("name,S/N\nA,S1\n", profile: mapping)
        XCTAssertEqual(mapped.lines.first?.serial, nil)
        XCTAssertEqual(mapped.notes, ["the mapping file's serial column 'Serial #' is not in the header: no serial is read",
                                      "columns not read: S/N (a mapping file, --profile FILE, can name them)"])
    }
}
