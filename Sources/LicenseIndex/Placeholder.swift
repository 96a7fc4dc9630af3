// LicenseIndex
