// Rate cards (`--rates FILE`) and contract mapping files (`--mapping FILE`): YAML the MSP writes.
import Contracts

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let yaml = text(data, size)
    do {
        let card = try RateCard.parse(yaml, file: "rates.yaml")
        _ = card.rate(for: .switch)
    } catch {
        _ = error.description
    }
    do { _ = try ContractProfile.parse(yaml, file: "layout.mapping.yaml") } catch { _ = error.description }
    return 0
}
