# Sourced by scripts/start and scripts/test: makes .venv with the project and its test tools, exactly as
# pinned in requirements/lock.txt. Safe to run again; it rebuilds the venv only when the lock or
# pyproject.toml changed. It says in a line what it does; the tools' own output goes to a log, shown on failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
LOCK="$ROOT/requirements/lock.txt"
PYTHON="${PYTHON:-python3}"

_quietly() {  # runs "$@" with its output in a log, which is printed only if the command fails
    local log
    log="$(mktemp)"
    if "$@" >"$log" 2>&1; then
        rm -f "$log"
    else
        local status=$?
        cat "$log" >&2
        rm -f "$log"
        return "$status"
    fi
}

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    # Qt's runtime libraries, the tools the tests use to look at PDFs and desktop files, and what the screen-reader
    # test reads the app through: a D-Bus session, the AT-SPI registry and the system Python's binding to it.
    need=()
    for pkg in libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core poppler-utils desktop-file-utils xvfb shared-mime-info dbus at-spi2-core python3-gi gir1.2-atspi-2.0; do
        dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
    done
    if [ "${#need[@]}" -gt 0 ]; then
        echo "installing system packages ${need[*]} (Qt and the tests need them)" >&2
        _quietly apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive _quietly apt-get install -y -qq "${need[@]}" ||
            echo "warning: could not install ${need[*]}" >&2
    fi
fi

stamp="$VENV/.installed-$(cat "$LOCK" "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    # A new venv each time, so nothing from an older lock stays behind.
    "$PYTHON" -m venv --clear "$VENV"
    platform="$("$VENV/bin/python" -c 'import platform, sys; print(f"{sys.implementation.name}{sys.version_info[0]}.{sys.version_info[1]}-{platform.system()}-{platform.machine()}")')"
    if [ "$platform" = "cpython3.11-Linux-x86_64" ]; then  # what the lock was resolved for
        _quietly "$VENV/bin/python" -m pip install --disable-pip-version-check --require-hashes -r "$LOCK"
        # The project itself, built by the locked setuptools (no download outside the lock).
        _quietly "$VENV/bin/python" -m pip install --disable-pip-version-check --no-deps --no-build-isolation -e "$ROOT"
        echo "venv: installed from requirements/lock.txt ($(grep -c '^[A-Za-z]' "$LOCK") packages) and the project, editable" >&2
    else
        _quietly "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$ROOT[test]"
        echo "venv: the lock is for cpython3.11-Linux-x86_64, not $platform: installed the newest versions pyproject.toml allows" >&2
    fi
    touch "$stamp"
fi
# The compiled catalogs follow their .po files, which a merge or an edit changes without a reinstall.
for po in "$ROOT"/resources/locale/*/LC_MESSAGES/*.po; do
    if [ ! "${po%.po}.mo" -nt "$po" ]; then
        _quietly "$VENV/bin/python" "$ROOT/scripts/catalog.py" compile
        break
    fi
done
