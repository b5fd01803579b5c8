# Sourced by bin/ferry. Class-data sharing: the JVM maps the classes Ferry loads from an archive made by an earlier
# run instead of reading, verifying and parsing them again, which makes a worker start markedly faster.
#
#   Java 25 and newer: for workers, an AOT cache (-XX:AOTCacheOutput on the first run, -XX:AOTCache afterwards),
#                      which also keeps the classes linked and their profiles; otherwise as Java 19 to 24.
#   Java 19 to 24:     -XX:+AutoCreateSharedArchive, which makes and refreshes the archive itself.
#   Java 17 and 18:    the first run lists the classes it loads; the next start builds an archive from that list in
#                      the background (into a temporary file, renamed when complete: Java 17 must never map a partial
#                      archive); the runs after that use it.
#
# One cache per command (distributed, standalone, quickstart, everything else) and Java version, keyed by the
# distribution's jars, so a rebuilt Ferry makes a new one. FERRY_CLASS_CACHE=off turns it off;
# FERRY_CLASS_CACHE_DIR says where the caches go (default ~/.cache/ferry/class-cache).
#
# Sets CLASS_CACHE_OPTS (an array) from: $JAVA, $LIB and the command word in $1.

CLASS_CACHE_OPTS=()

ferry_java_release() {
  local java_bin home
  java_bin="$(command -v "$JAVA" 2>/dev/null)" || return 1
  home="$(dirname "$(dirname "$(readlink -f "$java_bin")")")"
  [ -f "$home/release" ] || return 1
  sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p; s/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release" | tail -1
}

ferry_class_cache() {
  [ "${FERRY_CLASS_CACHE:-on}" = "off" ] && return 0
  local release major kind dir key base
  release="$(ferry_java_release)" || return 0
  major="${release%%[.+-]*}"
  case "$major" in ''|*[!0-9]*) return 0 ;; esac
  [ "$major" -ge 17 ] || return 0
  case "${1:-}" in
    distributed|standalone|quickstart) kind="$1" ;;
    *) kind="client" ;;
  esac
  dir="${FERRY_CLASS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry/class-cache}"
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  key="$( { echo "$release"; ls -l --time-style=+%s "$LIB"; } | cksum | cut -d' ' -f1)"
  base="$dir/$kind-java$major-$key"
  # Caches of an earlier build of the jars are of no use any more.
  find "$dir" -maxdepth 1 -name "$kind-java$major-*" ! -name "$kind-java$major-$key*" -mmin +1 -delete 2>/dev/null || true

  if [ "$major" -ge 25 ] && [ "$kind" != client ] && [ "$kind" != quickstart ]; then
    # The JVM prints what it does to standard output when it writes an AOT cache at exit: workers only, whose output
    # is their log.
    if [ -s "$base.aot" ]; then
      CLASS_CACHE_OPTS=(-XX:AOTCache="$base.aot" -Xlog:aot*=off -Xlog:cds*=off)
    else
      CLASS_CACHE_OPTS=(-XX:AOTCacheOutput="$base.aot" -Xlog:aot*=off -Xlog:cds*=off)
    fi
  elif [ "$major" -ge 19 ]; then
    CLASS_CACHE_OPTS=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$base.jsa" -Xlog:cds*=off)
  elif [ -s "$base.jsa" ]; then
    CLASS_CACHE_OPTS=(-XX:SharedArchiveFile="$base.jsa" -Xlog:cds*=off)
  else
    local list
    list="$(ls -S "$base".classlist.* 2>/dev/null | head -1 || true)"
    if [ -n "$list" ] && { [ ! -e "$base.building" ] || [ -n "$(find "$base.building" -mmin +10)" ]; }; then
      # A class list from an earlier run: build the archive beside this run, at low priority.
      touch "$base.building"
      (
        tmp="$base.jsa.$$"
        if nice -n 10 "$JAVA" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$tmp" \
            -cp "$LIB/*" > /dev/null 2>&1; then
          mv -f "$tmp" "$base.jsa"
        fi
        rm -f "$tmp" "$base".classlist.* "$base.building"
      ) < /dev/null > /dev/null 2>&1 &
    elif [ -z "$list" ]; then
      CLASS_CACHE_OPTS=(-XX:DumpLoadedClassList="$base.classlist.$$")
    fi
  fi
}
