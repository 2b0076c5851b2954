// MACVendors
