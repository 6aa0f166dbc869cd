#!/usr/bin/env bash
# Builds the container base image that Jib puts the application on, without a registry and
# without a Docker daemon: a Java runtime made with jlink from the JDK that runs the build, the
# few shared libraries it needs from the build machine (glibc, zlib, libstdc++), CA certificates,
# a non-root user 65532 and a writable /tmp. Written as a `docker save` tarball, which Jib reads
# with <from><image>tar://...</image></from>.
#
# Usage: build-base-image.sh <output.tar> [java.home]
# Needs: bash, coreutils, GNU tar, ldd (Debian: libc-bin), a JDK 17+ with jmods (Debian:
# openjdk-17-jdk-headless; Temurin JDKs up to 23 ship jmods too).
set -euo pipefail

out=${1:?usage: build-base-image.sh <output.tar> [java.home]}
java_home=${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}

jlink="$java_home/bin/jlink"
if [[ ! -x $jlink ]]; then
  echo "build-base-image: no jlink in $java_home: run the build with a JDK, not a JRE" >&2
  exit 1
fi
if [[ ! -d $java_home/jmods ]]; then
  echo "build-base-image: $java_home has no jmods/ for jlink (Debian: apt-get install openjdk-17-jdk-headless;" \
    "or build the image on a registry base: -Djib.from.image=eclipse-temurin:17-jre)" >&2
  exit 1
fi
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) echo "build-base-image: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
runtime="$root/opt/java/openjdk"
mkdir -p "$root/opt/java" "$root/etc" "$root/tmp" "$root/home/nonroot"

# The Java SE modules plus what Spring Boot, Netty, the JDBC/R2DBC drivers and TLS use at run time.
# java.desktop stays (java.beans is used by Spring) but not its native X11, sound and font
# libraries: the server is headless, and they would pull in X11, ALSA and FreeType.
"$jlink" \
  --module-path "$java_home/jmods" \
  --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.charsets,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.management,jdk.management.agent,jdk.jfr,jdk.management.jfr \
  --strip-debug --no-man-pages --no-header-files \
  --exclude-files='**/libawt_xawt.so,**/libsplashscreen.so,**/libjsound.so,**/libfontmanager.so,**/liblcms.so,**/libjavajpeg.so,**/libjawt.so' \
  --output "$runtime"

# Shared libraries from the build machine that the runtime links against, with the loader.
copy_library() {
  local path=$1
  [[ -e $root$path ]] && return 0
  mkdir -p "$root$(dirname "$path")"
  cp -L "$path" "$root$path"
}
while read -r library; do
  copy_library "$library"
done < <(
  find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
    | xargs -0 ldd 2>/dev/null \
    | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' \
    | grep -v "^$runtime" | sort -u
)
# glibc loads libgcc_s at run time for stack unwinding (thread cancellation); ldd does not show it.
for lib in /lib/x86_64-linux-gnu/libgcc_s.so.1 /lib/aarch64-linux-gnu/libgcc_s.so.1; do
  [[ -e $lib ]] && copy_library "$lib"
done
# The C.UTF-8 locale, so LANG=C.UTF-8 gives the JVM UTF-8 file names and default charset.
if [[ -d /usr/lib/locale/C.utf8 ]]; then
  mkdir -p "$root/usr/lib/locale"
  cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
fi

cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
nonroot:x:65532:
EOF
cat > "$root/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF
chmod 1777 "$root/tmp"

# One layer: root-owned, except the home of the non-root user; fixed times for a stable digest.
layer="$work/layer.tar"
tar --create --file "$layer" --format=gnu --sort=name --mtime=@0 --numeric-owner \
  --owner=0 --group=0 --exclude=./home/nonroot -C "$root" .
tar --append --file "$layer" --format=gnu --mtime=@0 --numeric-owner \
  --owner=65532 --group=65532 -C "$root" ./home/nonroot
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
java_version=$("$runtime/bin/java" -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.runtime.version/ { print $2 }')

cat > "$work/config.json" <<EOF
{
  "architecture": "$arch",
  "os": "linux",
  "created": "1970-01-01T00:00:00Z",
  "config": {
    "Env": [
      "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      "JAVA_HOME=/opt/java/openjdk",
      "LANG=C.UTF-8"
    ],
    "User": "65532:65532",
    "WorkingDir": "/"
  },
  "rootfs": { "type": "layers", "diff_ids": ["sha256:$diff_id"] },
  "history": [
    {
      "created": "1970-01-01T00:00:00Z",
      "created_by": "bootstrap/src/image/build-base-image.sh: jlink of Java $java_version, libraries of $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -sr)"
    }
  ]
}
EOF
cat > "$work/manifest.json" <<'EOF'
[{ "Config": "config.json", "RepoTags": ["mcp-session-server-base:local"], "Layers": ["layer.tar"] }]
EOF

mkdir -p "$(dirname "$out")"
tar --create --file "$out.tmp" --format=gnu --mtime=@0 -C "$work" manifest.json config.json layer.tar
mv "$out.tmp" "$out"
echo "build-base-image: $out (Java $java_version, $arch, $(du -h "$out" | cut -f1))"
