#!/usr/bin/env bash
# The one list of system packages Gongjian needs, installed only when missing.
# Idempotent: a second run with everything present does nothing and touches no network.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ca-certificates
  # server libraries
  librestinio-dev libasio-dev libfmt-dev libspdlog-dev libcli11-dev nlohmann-json3-dev
  libexpected-dev libsqlite3-dev sqlite3 libpq-dev libssl-dev libsodium-dev
  libjpeg62-turbo-dev libpng-dev
  # xlsx out (io/xlsx_writer, zlib) and in (libzip + expat)
  zlib1g-dev libzip-dev libexpat1-dev
  # supervision letters as PDF (report/), pdftotext/pdfinfo for its tests
  libcairo2-dev libpango1.0-dev poppler-utils
  # database server for tests and production-like runs
  postgresql postgresql-contrib
  # tests and benchmarks
  libcpp-httplib-dev libgtest-dev libgmock-dev googletest libbenchmark-dev wrk curl
  # a spreadsheet made by LibreOffice for the xlsx reader and import tests (csv → xlsx)
  libreoffice-calc-nogui
  # browser tests
  chromium fonts-noto-cjk
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
# Node.js 18+ is needed for the web build; the machine image may ship a newer one.
if ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
