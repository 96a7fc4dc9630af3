// LicenseMatch
