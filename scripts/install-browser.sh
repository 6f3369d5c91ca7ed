#!/usr/bin/env bash
# Installs Debian's Chromium for the TicketFlow browser tests (playwright-core never downloads a browser).
# Idempotent: does nothing when /usr/bin/chromium already exists.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

export DEBIAN_FRONTEND=noninteractive
as_root apt-get update
as_root apt-get install -y chromium
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
