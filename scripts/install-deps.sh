#!/usr/bin/env bash
# Installs what EmoStream's compatibility tests and benchmarks need on a fresh
# Debian 12 machine: real Kafka clients (librdkafka, kcat), Redis and NATS for
# the comparison benchmark, headless Chromium with its driver and an emoji font
# for the live page's browser test, and a Python venv (.venv at the repository
# root) with pytest, the Python Kafka clients and Selenium.
#
# Idempotent: a second run checks what is there and returns in a second or two.
# Runs as root (apt-get); set EMOSTREAM_SKIP_APT=1 to do only the venv part.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${repo_root}/.venv"

# Debian packages. The optional ones are skipped where apt does not have them.
required_packages=(librdkafka-dev kcat redis-server redis-tools python3-venv pkg-config wrk iproute2 curl)
# Tests/browser drives /live in Debian's Chromium through Debian's chromedriver (so Selenium downloads nothing);
# without the Noto color emoji font, headless Chromium draws emoji as empty boxes.
required_packages+=(chromium chromium-driver fonts-noto-color-emoji)
# nats-server, golang-go and nats.go only serve the NATS row of the broker benchmark.
optional_packages=(nats-server golang-go golang-github-nats-io-go-nats-dev)

log() { printf '[install-deps] %s\n' "$*"; }

package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_debian_packages() {
    if [[ "${EMOSTREAM_SKIP_APT:-0}" == "1" ]]; then
        log "EMOSTREAM_SKIP_APT=1: not touching Debian packages"
        return
    fi
    local missing=()
    local pkg
    for pkg in "${required_packages[@]}" "${optional_packages[@]}"; do
        package_installed "$pkg" || missing+=("$pkg")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        log "Debian packages already installed"
        return
    fi
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    log "apt-get update (missing: ${missing[*]})"
    "${sudo[@]}" apt-get update -qq
    local installable=()
    for pkg in "${missing[@]}"; do
        if apt-cache show "$pkg" >/dev/null 2>&1; then
            installable+=("$pkg")
        elif [[ " ${optional_packages[*]} " == *" $pkg "* ]]; then
            log "optional package $pkg is not available here; skipping it"
        else
            log "required package $pkg is not available from apt" >&2
            exit 1
        fi
    done
    if [[ ${#installable[@]} -gt 0 ]]; then
        log "apt-get install ${installable[*]}"
        "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${installable[@]}" >/dev/null
    fi
    # The Debian redis-server package starts a system Redis on :6379. Nothing
    # here uses it (the benchmark starts its own on a free port), so stop it
    # to leave the machine's cores to the tests; ignore machines without systemd.
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
        systemctl stop redis-server || true
    fi
}

# Python packages for the test suites and the benchmark helpers (flask and gunicorn: the original-style
# app bench/gateway-bench.sh compares the gateway with).
# kafka-python 3 supports `enable_idempotence`; lz4/zstandard/python-snappy
# give kafka-python its compression codecs.
python_packages=(
    "pytest>=8"
    "pytest-timeout"
    "confluent-kafka>=2.3"
    "kafka-python>=3.0"
    "aiokafka>=0.11"
    "lz4"
    "zstandard"
    "cramjam"
    "python-snappy"
    "redis>=5"
    "pyyaml"
    "selenium>=4.20"
    "schemathesis==4.32.5"
    "websockets>=13"
    "flask"
    "gunicorn"
)

python_for_venv() {
    # The machine's python3 is pyenv's; fall back to Debian's when pyenv is absent.
    if command -v python3 >/dev/null 2>&1; then
        command -v python3
    else
        echo /usr/bin/python3
    fi
}

# The venv records the package list it was built from; a changed list reinstalls.
packages_stamp="${venv}/.emostream-packages"

venv_is_complete() {
    [[ -x "${venv}/bin/python" ]] || return 1
    [[ -f "$packages_stamp" ]] || return 1
    [[ "$(cat "$packages_stamp")" == "${python_packages[*]}" ]]
}

install_python_venv() {
    if venv_is_complete; then
        log "venv ${venv} already complete"
        return
    fi
    if [[ ! -x "${venv}/bin/python" ]]; then
        local python
        python="$(python_for_venv)"
        log "creating venv with ${python}"
        "$python" -m venv "$venv"
    fi
    log "installing Python packages into ${venv}"
    "${venv}/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "${venv}/bin/python" -m pip install --quiet --disable-pip-version-check "${python_packages[@]}"
    printf '%s' "${python_packages[*]}" > "$packages_stamp"
}

install_debian_packages
install_python_venv
log "done"
