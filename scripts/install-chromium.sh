#!/usr/bin/env bash
# Installs Debian's chromium, which the report page's browser test (ComparisonReportBrowserTest) opens headless.
# Needs root or sudo and Debian's package archive; does nothing when a chromium is on the PATH already.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium
