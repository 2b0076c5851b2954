#ifndef CENSUS_CPCAP_SHIM_H
#define CENSUS_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <poll.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netpacket/packet.h>
#endif
