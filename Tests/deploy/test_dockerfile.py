"""Checks deploy/Dockerfile against the binaries built here, without a Docker engine.

The runtime image is a slim Debian bookworm with a short apt package list; a shared library missing there only
shows when a container starts. So `ldd` of every built executable is mapped to Debian packages with `dpkg -S`
(this machine is Debian bookworm, like the image), and each package must be installed in the runtime stage:
listed there, pulled in by a listed package, or part of bookworm-slim itself (Priority: required, plus apt).
Libraries of the Swift toolchain are linked in by `--static-swift-stdlib`, which must then be used and must have
a static archive for each of them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from emostream_harness import REPO_ROOT, bin_dir

EXECUTABLES = ["emostream-broker", "emostream-gateway", "emostream-aggregator", "emostream-cluster-publisher",
               "emostream-subscriber", "emostream"]
DOCKERFILE = REPO_ROOT / "deploy" / "Dockerfile"


def stages() -> list[tuple[str, str]]:
    """(FROM line, the stage's instructions) for each stage, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    result: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.upper().startswith("FROM "):
            result.append((line, []))
        elif result:
            result[-1][1].append(line)
    return [(header, "\n".join(body)) for header, body in result]


def apt_packages(instructions: str) -> set[str]:
    packages: set[str] = set()
    for command in re.findall(r"apt-get install ([^&\n]*)", instructions):
        packages |= {word for word in command.split() if not word.startswith("-")}
    return packages


def dpkg_owners(paths: set[str]) -> dict[str, str]:
    """path → the Debian package that installed it, in one `dpkg -S` call (each path is also tried resolved and
    across the /usr merge, since dpkg records whichever name the package shipped)."""
    variants: dict[str, str] = {}
    for path in paths:
        for candidate in {path, str(Path(path).resolve())}:
            variants[candidate] = path
            if candidate.startswith("/usr/lib/"):
                variants[candidate[len("/usr"):]] = path
            elif candidate.startswith("/lib/"):
                variants["/usr" + candidate] = path
    answer = subprocess.run(["dpkg", "-S", *sorted(variants)], capture_output=True, text=True)
    owners = {}
    for line in answer.stdout.splitlines():
        match = re.match(r"^([^:]+)(?::\S+)?: (/.*)$", line)
        if match and match.group(2) in variants:
            owners[variants[match.group(2)]] = match.group(1).split(",")[0].strip()
    return owners


@cache
def dpkg_database() -> dict[str, tuple[str, frozenset[str]]]:
    """Every installed package → (priority, the installed packages it depends on), from one dpkg-query."""
    listing = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Status}\t${Priority}\t${Depends}, ${Pre-Depends}\n"],
                             capture_output=True, text=True, check=True).stdout
    rows = [line.split("\t") for line in listing.splitlines() if line.count("\t") == 3]
    names = {row[0] for row in rows if "install ok installed" in row[1]}
    database = {}
    for name, status, priority, depends in rows:
        if name not in names:
            continue
        wanted = set()
        for clause in depends.split(","):
            for alternative in clause.split("|"):
                dependency = alternative.strip().split(" ")[0].split(":")[0]
                if dependency in names:
                    wanted.add(dependency)
        database[name] = (priority, frozenset(wanted))
    return database


def closure(packages: set[str]) -> set[str]:
    database = dpkg_database()
    seen: set[str] = set()
    pending = list(packages)
    while pending:
        package = pending.pop()
        if package not in seen:
            seen.add(package)
            pending.extend(database.get(package, ("", frozenset()))[1])
    return seen


def bookworm_slim() -> set[str]:
    """What debian:bookworm-slim holds: every Priority: required package, apt, and their dependencies."""
    required = {name for name, (priority, _) in dpkg_database().items() if priority == "required"}
    return closure(required | {"apt"})


def linked_libraries(executable: Path) -> dict[str, str]:
    """soname → resolved path for every shared library `ldd` lists; fails on one it cannot find."""
    answer = subprocess.run(["ldd", str(executable)], capture_output=True, text=True, check=True)
    libraries = {}
    for line in answer.stdout.splitlines():
        match = re.match(r"\s*(\S+) => (.*?) \(0x", line)
        if match:
            assert match.group(2) != "not found", f"{executable.name}: {match.group(1)} not found"
            libraries[match.group(1)] = match.group(2)
    return libraries


@pytest.fixture(scope="module")
def runtime_and_build() -> tuple[str, str]:
    found = stages()
    assert len(found) == 2, f"expected a build and a runtime stage, found {[header for header, _ in found]}"
    (build_header, build), (runtime_header, runtime) = found
    assert re.match(r"FROM swift:\S+-bookworm AS build", build_header), build_header
    assert runtime_header.strip() == "FROM debian:bookworm-slim"
    return build, runtime


def test_the_build_stage_builds_every_executable_with_the_swift_runtime_linked_in(runtime_and_build):
    build, runtime = runtime_and_build
    assert "--static-swift-stdlib" in build
    # `swift build` builds only the last of several --product flags; a plain build makes every executable.
    assert "--product" not in build
    manifest = (REPO_ROOT / "Package.swift").read_text()
    assert set(re.findall(r'\.executableTarget\(\s*name: "([^"]+)"', manifest)) == set(EXECUTABLES)
    copied = re.search(r"for exe in ([^;]*);", build)
    assert copied and set(copied.group(1).split()) == set(EXECUTABLES)


def test_the_build_image_uses_the_swift_version_ci_builds_with():
    swift = shutil.which("swift")
    if swift is None:
        pytest.fail("swift is not on PATH: the deployment suite runs after `swift build`", pytrace=False)
    version = re.search(r"Swift version (\d+\.\d+)", subprocess.run([swift, "--version"], capture_output=True,
                                                                      text=True).stdout)
    image = re.search(r"FROM swift:(\d+\.\d+)", DOCKERFILE.read_text())
    assert version and image, "cannot read the Swift versions"
    assert image.group(1) == version.group(1), (
        f"deploy/Dockerfile builds with Swift {image.group(1)}, this machine with {version.group(1)}")


def test_the_runtime_image_has_every_shared_library_the_binaries_link(runtime_and_build):
    _, runtime = runtime_and_build
    if shutil.which("dpkg") is None:
        pytest.fail("dpkg is missing: this check maps libraries to Debian bookworm packages", pytrace=False)
    listed = apt_packages(runtime)
    # Packages not installed here count, but their dependencies cannot be followed (a safe underestimate).
    provided = listed | closure(listed & set(dpkg_database())) | bookworm_slim()
    swift_root = Path(shutil.which("swift") or "/usr/bin/swift").resolve().parent.parent
    static_dir = swift_root / "lib" / "swift_static" / "linux"

    linked = {name: linked_libraries(bin_dir(*EXECUTABLES) / name) for name in EXECUTABLES}
    owners = dpkg_owners({path for libraries in linked.values() for path in libraries.values()})
    needs: dict[str, set[str]] = {}
    for name, libraries in linked.items():
        for soname, path in libraries.items():
            owner = owners.get(path)
            if owner is None:
                # Not from Debian: it must be a Swift toolchain library that --static-swift-stdlib links in.
                assert Path(path).resolve().is_relative_to(swift_root), f"{name}: {path} is neither Debian's nor Swift's"
                archive = static_dir / (soname.removesuffix(".so") + ".a")
                assert archive.exists(), f"{name}: {soname} has no static archive {archive}: ship it in the image"
                continue
            needs.setdefault(owner, set()).add(f"{name}: {soname}")
    absent = {package: sorted(users) for package, users in needs.items() if package not in provided}
    print(f"\nruntime packages: listed {sorted(listed)}; needed by ldd {sorted(needs)}")
    assert not absent, f"the runtime image lacks packages the binaries link: {absent}"
    assert "librdkafka1" in needs, "no binary links librdkafka: is the Kafka client still dynamic?"
