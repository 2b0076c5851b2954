// ARPDiscovery
