#!/usr/bin/env bash
# Installs, with apt (as root or through sudo), the Debian packages named on the command line whose
# program is missing: ffmpeg curl nodejs npm postgresql. Exits non-zero, naming them, when it cannot.
set -uo pipefail

program_of() {
  case "$1" in
    nodejs) echo node ;;
    postgresql) ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | head -1 ;;
    *) echo "$1" ;;
  esac
}

missing=()
for package in "$@"; do
  program=$(program_of "$package")
  { [ -n "$program" ] && command -v "$program" >/dev/null 2>&1; } || missing+=("$package")
done
((${#missing[@]})) || exit 0

echo "installing ${missing[*]}" >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo -n"
if command -v apt-get >/dev/null 2>&1 \
  && $sudo_cmd apt-get update -qq >/dev/null \
  && $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
  exit 0
fi
echo "could not install ${missing[*]}: install them (apt-get install -y ${missing[*]}) and run again" >&2
exit 1
