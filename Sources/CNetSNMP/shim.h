#ifndef CENSUS_CNETSNMP_SHIM_H
#define CENSUS_CNETSNMP_SHIM_H
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#endif
