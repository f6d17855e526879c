#!/usr/bin/env bash
# `npm test` needs a few Debian packages beyond Node (the Wine tier, libesedb, restic): the list is
# scripts/system-packages.txt. Missing ones are installed when we can (root with apt-get, as on CI
# and a fresh developer machine); otherwise the run stops here and names them. It never skips a tier.
set -euo pipefail
list="$(dirname "$0")/system-packages.txt"
missing=()
while read -r pkg _; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < "$list"
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "npm test needs these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages the tests need: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
