// LicenseScan
