"""LicenseLens on a Ray cluster: plan (dedup, units, partitions), tasks, assembly, driver."""
