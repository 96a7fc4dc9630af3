#!/bin/sh
# spdx-license-identifier:   lgpl-2.1-or-later or mpl-2.0 and LicenseRef-Ours
