#ifndef CENSUS_CNETSNMP_SHIM_H
#define CENSUS_CNETSNMP_SHIM_H
// Foundation brings in <sys/select.h> through the CDispatch module; import it first so
// net-snmp sees the same fd_set instead of defining a second, clashing copy.
#include <dispatch/dispatch.h>
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/large_fd_set.h>

/// The UDP socket of a single-API session, or -1.
static inline int census_sess_fd(void *sessp) {
    netsnmp_transport *t = snmp_sess_transport(sessp);
    return t ? t->sock : -1;
}

/// Reads whatever arrived on the session's socket; callbacks run inside.
static inline int census_sess_read(void *sessp, int fd) {
    netsnmp_large_fd_set set;
    netsnmp_large_fd_set_init(&set, fd + 1);
    NETSNMP_LARGE_FD_SET(fd, &set);
    int rc = snmp_sess_read2(sessp, &set);
    netsnmp_large_fd_set_cleanup(&set);
    return rc;
}

/// Sets GETBULK's non-repeaters and max-repetitions (they share fields with error status/index).
static inline void census_pdu_set_bulk(netsnmp_pdu *pdu, long non_repeaters, long max_repetitions) {
    pdu->non_repeaters = non_repeaters;
    pdu->max_repetitions = max_repetitions;
}

/// The last error of a single-API session as text (caller frees).
static inline char *census_sess_error(void *sessp) {
    int liberr = 0, syserr = 0;
    char *text = NULL;
    snmp_sess_error(sessp, &liberr, &syserr, &text);
    return text;
}

static inline const oid *census_usm_sha1(void) { return usmHMACSHA1AuthProtocol; }
static inline size_t census_usm_sha1_len(void) { return OID_LENGTH(usmHMACSHA1AuthProtocol); }
static inline const oid *census_usm_sha256(void) { return usmHMAC192SHA256AuthProtocol; }
static inline size_t census_usm_sha256_len(void) { return OID_LENGTH(usmHMAC192SHA256AuthProtocol); }
static inline const oid *census_usm_aes128(void) { return usmAESPrivProtocol; }
static inline size_t census_usm_aes128_len(void) { return OID_LENGTH(usmAESPrivProtocol); }
#endif
