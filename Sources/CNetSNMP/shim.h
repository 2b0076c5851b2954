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
/// An RFC 3414 discovery probe: an empty GET from the empty user, noAuthNoPriv, which an
/// agent answers with a Report carrying its engine ID (what snmp_sess_open would do
/// synchronously; sent asynchronously so a silent v3 host blocks nobody).
static inline netsnmp_pdu *census_v3_probe_pdu(void) {
    netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET);
    if (!pdu) return NULL;
    pdu->version = SNMP_VERSION_3;
    pdu->securityName = strdup("");
    pdu->securityNameLen = 0;
    pdu->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
    pdu->securityModel = SNMP_SEC_MODEL_USM;
    if (usm_get_user(NULL, 0, "") == NULL) {
        struct usmUser *user = (struct usmUser *)calloc(1, sizeof(struct usmUser));
        if (!user) { snmp_free_pdu(pdu); return NULL; }
        user->name = strdup("");
        user->secName = strdup("");
        user->authProtocolLen = OID_LENGTH(usmNoAuthProtocol);
        user->authProtocol = snmp_duplicate_objid(usmNoAuthProtocol, user->authProtocolLen);
        user->privProtocolLen = OID_LENGTH(usmNoPrivProtocol);
        user->privProtocol = snmp_duplicate_objid(usmNoPrivProtocol, user->privProtocolLen);
        usm_add_user(user);
    }
    return pdu;
}

/// Takes the engine ID from a discovery Report into the session and (re)creates the session's
/// USM user with keys localised to that engine. An older entry for the same user and engine
/// (another passphrase tried earlier) is replaced, not reused. 0 on success.
static inline int census_v3_adopt_engine(void *sessp, netsnmp_pdu *report) {
    netsnmp_session *sp = snmp_sess_session(sessp);
    if (!sp || !report || report->securityEngineIDLen == 0) return -1;
    free(sp->securityEngineID);
    sp->securityEngineID = netsnmp_memdup(report->securityEngineID, report->securityEngineIDLen);
    sp->securityEngineIDLen = report->securityEngineIDLen;
    if (sp->contextEngineIDLen == 0) {
        sp->contextEngineID = netsnmp_memdup(report->securityEngineID, report->securityEngineIDLen);
        sp->contextEngineIDLen = report->securityEngineIDLen;
    }
    struct usmUser *old = usm_get_user(sp->securityEngineID, sp->securityEngineIDLen, sp->securityName);
    if (old) { usm_remove_user(old); usm_free_user(old); }
    sp->flags &= ~SNMP_FLAGS_USER_CREATED;
    return usm_create_user_from_session(sp);
}

/// Stops net-snmp from probing for the engine ID by itself: it would do so synchronously,
/// inside the first send, blocking every other session ("delayed probe" in snmpv3_build).
static inline void census_sess_never_probe(void *sessp) {
    netsnmp_session *sp = snmp_sess_session(sessp);
    if (sp) sp->flags |= SNMP_FLAGS_DONT_PROBE;
}

/// Whether a v1/v2c answer carries exactly this community (net-snmp does not check).
static inline int census_pdu_has_community(netsnmp_pdu *pdu, const unsigned char *community, size_t length) {
    return pdu && pdu->community_len == length && (length == 0 || memcmp(pdu->community, community, length) == 0);
}

/// The PDU type of an answer (SNMP_MSG_RESPONSE, SNMP_MSG_REPORT...).
static inline int census_pdu_command(netsnmp_pdu *pdu) { return pdu ? pdu->command : 0; }
#endif
