#ifndef CENSUS_CPCAP_SHIM_H
#define CENSUS_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <sys/select.h>
#include <sys/time.h>
#include <net/if.h>
#include <netinet/in.h>
#include <ifaddrs.h>
#include <netpacket/packet.h>

/// Waits until `fd` is readable or `timeout_us` microseconds pass (poll(2) only has milliseconds,
/// too coarse for pacing probes a couple of milliseconds apart). Returns 1 readable, 0 timeout, -1 error.
static inline int census_wait_readable(int fd, long long timeout_us) {
    fd_set set;
    FD_ZERO(&set);
    FD_SET(fd, &set);
    struct timeval tv;
    tv.tv_sec = (time_t)(timeout_us / 1000000);
    tv.tv_usec = (suseconds_t)(timeout_us % 1000000);
    int n = select(fd + 1, &set, NULL, NULL, &tv);
    return n < 0 ? -1 : (n > 0 ? 1 : 0);
}
#endif
