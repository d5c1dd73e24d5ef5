#!/bin/sh
# Install the host tools the build, the hosted tests and the QEMU runs need, only when one is missing.
# Called by the Makefile before anything that needs them, so `make run` and `make test`
# work as the first commands typed on a fresh Debian machine. Needs root (or sudo).
set -eu

need=""
have() { command -v "$1" >/dev/null 2>&1; }
have qemu-system-x86_64 || need="$need qemu-system-x86"
have grub-mkrescue      || need="$need grub-common"
[ -d /usr/lib/grub/i386-pc ] || need="$need grub-pc-bin"
have xorriso            || need="$need xorriso"
have mformat            || need="$need mtools"
have clang              || need="$need clang"          # the hosted sanitizer build
[ -x /usr/bin/python3.11 ] || need="$need python3.11"   # compiles the Python programs (tools/pyc-pack)

[ -z "$need" ] && exit 0

echo "install-deps: installing$need" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing or stale on a fresh machine: refresh them once, then install.
$sudo apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
echo "install-deps: done" >&2
