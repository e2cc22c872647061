# Shared by the benchmark scripts: installing Debian packages and building the benchmark jar.

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

apt_install() {
    command -v apt-get >/dev/null || return 1
    as_root apt-get install -y "$@" >/dev/null 2>&1 \
        || { as_root apt-get update >/dev/null 2>&1 && as_root apt-get install -y "$@" >/dev/null 2>&1; }
}

# require COMMAND PACKAGE: installs PACKAGE when COMMAND is missing, exits 2 when that fails.
require() {
    if ! command -v "$1" >/dev/null; then
        echo "$1 is missing: installing it from Debian's packages (apt-get install -y $2)"
        apt_install "$2" || { echo "could not install $2; install it and run again" >&2; exit 2; }
    fi
}

# Builds microbench/target/uepoll-bench.jar when it is missing (REBUILD=1 forces a build).
ensure_jar() {
    jar=microbench/target/uepoll-bench.jar
    if [ ! -f "$jar" ] || [ "${REBUILD:-0}" = 1 ]; then
        echo "building $jar"
        if command -v mvn >/dev/null; then mvn -q -B install -DskipTests; else ./mvnw -q -B install -DskipTests; fi
    fi
}
