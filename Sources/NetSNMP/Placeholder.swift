// NetSNMP
