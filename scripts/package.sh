#!/usr/bin/env bash
# Builds the Debian package into dist/: installs what the build needs, builds the package
# preset (release, shared libraries, /usr), and runs CPack's DEB generator (binaries, man pages, bash completions, systemd
# units, examples; Depends from dpkg-shlibdeps). Usage: scripts/package.sh
source "$(dirname "$0")/common.sh"
build_preset package
mkdir -p "$ROOT/dist"
(cd "$ROOT/build/package" && cpack -G DEB --config CPackConfig.cmake -B "$ROOT/dist")
rm -rf "$ROOT/dist/_CPack_Packages"
ls -1 "$ROOT"/dist/*.deb
