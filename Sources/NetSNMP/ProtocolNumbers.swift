internal import CNetSNMP

// The SNMP wire numbers the event loop needs. ASN.1 type tags come straight from net-snmp's
// headers (ASN_OCTET_STR, ASN_COUNTER64... in <net-snmp/library/asn1.h> and snmp_impl.h),
// which Swift imports. net-snmp's PDU types (SNMP_MSG_*) and exception tags (SNMP_NOSUCHOBJECT...)
// in <net-snmp/library/snmp.h> are macros of three terms, `(ASN_CONTEXT | ASN_CONSTRUCTOR | n)`,
// which Swift does not import: they are built here from the same imported parts.

/// PDU types (RFC 3416 §3: context-specific, constructed tags), as `snmp_pdu_create` and
/// `netsnmp_pdu.command` take them.
enum PDUType {
    /// GetRequest-PDU, SNMP_MSG_GET (0xA0).
    static let get = Int32(ASN_CONTEXT | ASN_CONSTRUCTOR | 0x0)
    /// GetNextRequest-PDU, SNMP_MSG_GETNEXT (0xA1).
    static let getNext = Int32(ASN_CONTEXT | ASN_CONSTRUCTOR | 0x1)
    /// GetBulkRequest-PDU, SNMP_MSG_GETBULK (0xA5).
    static let getBulk = Int32(ASN_CONTEXT | ASN_CONSTRUCTOR | 0x5)
    /// Report-PDU, SNMP_MSG_REPORT (0xA8): an SNMPv3 engine's answer to discovery or to a
    /// security failure (RFC 3412 §7.1).
    static let report = Int32(ASN_CONTEXT | ASN_CONSTRUCTOR | 0x8)
}

/// The SNMPv2 exceptions a varbind may carry instead of a value (RFC 3416 §3:
/// context-specific, primitive tags), as `netsnmp_variable_list.type` holds them.
enum VarBindException {
    /// noSuchObject, SNMP_NOSUCHOBJECT (0x80).
    static let noSuchObject = ASN_CONTEXT | ASN_PRIMITIVE | 0x0
    /// noSuchInstance, SNMP_NOSUCHINSTANCE (0x81).
    static let noSuchInstance = ASN_CONTEXT | ASN_PRIMITIVE | 0x1
    /// endOfMibView, SNMP_ENDOFMIBVIEW (0x82).
    static let endOfMibView = ASN_CONTEXT | ASN_PRIMITIVE | 0x2
}
