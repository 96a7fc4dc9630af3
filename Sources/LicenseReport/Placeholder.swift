// LicenseReport
