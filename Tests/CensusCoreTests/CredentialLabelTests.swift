import CensusCore
import XCTest

/// What is stored of the credential that worked: never a secret.
final class CredentialLabelTests: XCTestCase {
    func testALabelNamesNoSecret() {
        XCTAssertEqual(SNMPCredential.v2c(community: "s3cret").label, "v2c")
        let authPriv = SNMPCredential.v3(.init(user: "monitor", authProtocol: .sha, authPassphrase: "auth-pass-1", privacyProtocol: .aes, privacyPassphrase: "priv-pass-1"))
        XCTAssertEqual(authPriv.label, "v3:monitor:authPriv")
        // Without authentication the user name is the whole credential, as a community is.
        let noAuth = SNMPCredential.v3(.init(user: "census-noauth", authProtocol: nil, authPassphrase: "", privacyProtocol: nil, privacyPassphrase: ""))
        XCTAssertEqual(noAuth.label, "v3:noAuthNoPriv")
    }
}
