"""One truth for dependencies: environment.yml (conda, Binder) installs exactly what the pip path
installs — the pinned set in requirements.txt plus course_lib — and pyproject.toml's lower bounds
admit every pin."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pins(name: str) -> dict[str, str]:
    """{canonical name: version} from a requirements file, following -r includes."""
    out = {}
    for raw in (ROOT / name).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            out.update(pins(line[3:].strip()))
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)", line)
        assert match, f"{name}: '{line}' is not pinned with == (run 'make lock')"
        out[canonicalize_name(match[1])] = match[2]
    return out


def environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_uses_conda_forge_python_and_pip_only():
    env = environment()
    assert env["channels"] == ["conda-forge"]
    conda_deps = [d for d in env["dependencies"] if isinstance(d, str)]
    names = sorted(re.split(r"[=<>! ]", d, maxsplit=1)[0] for d in conda_deps)
    assert names == ["pip", "python"], (
        f"environment.yml installs {conda_deps} with conda; every package beyond python and pip "
        "belongs in requirements.txt so both paths install the same set"
    )


def test_environment_yml_pip_section_is_the_pinned_set_and_the_package():
    pip_sections = [d["pip"] for d in environment()["dependencies"] if isinstance(d, dict)]
    assert pip_sections == [["-r requirements.txt", "-e ."]], (
        f"environment.yml's pip section is {pip_sections}; it must be exactly "
        "['-r requirements.txt', '-e .'] (add packages to requirements.txt instead)"
    )


def conda_python() -> SpecifierSet:
    """environment.yml's Python as a version range (conda's 'python=3.12' means 3.12.*)."""
    spec = next(d for d in environment()["dependencies"] if isinstance(d, str) and d.startswith("python"))
    spec = spec[len("python"):].split("#", 1)[0].strip()
    return SpecifierSet(f"=={spec[1:]}.*" if re.fullmatch(r"=\d+\.\d+", spec) else spec)


def test_environment_python_has_the_package_floor():
    # Same floor as pyproject.toml: conda never picks a Python that pip would refuse the package on,
    # and does not refuse one the package accepts.
    floor = pyproject()["project"]["requires-python"].removeprefix(">=")
    below = floor.rsplit(".", 1)[0] + "." + str(int(floor.rsplit(".", 1)[1]) - 1)
    python = conda_python()
    assert python.contains(floor) and not python.contains(below), (
        f"environment.yml asks for Python {python}, pyproject.toml for >={floor}: say the same floor"
    )


@pytest.mark.parametrize("group", ["runtime", "test"])
def test_every_declared_dependency_is_pinned_within_its_bounds(group):
    project = pyproject()["project"]
    declared = project["dependencies"] if group == "runtime" else project["optional-dependencies"]["test"]
    pinned = pins("requirements.txt" if group == "runtime" else "requirements-test.txt")
    for spec in map(Requirement, declared):
        name = canonicalize_name(spec.name)
        assert name in pinned, f"pyproject.toml declares {spec.name} but it is not pinned (run 'make lock')"
        assert spec.specifier.contains(pinned[name]), f"{spec.name}=={pinned[name]} is outside {spec.specifier}"


def test_runtime_pins_do_not_repeat_in_the_test_set():
    runtime = pins("requirements.txt")
    test_only = {}
    for raw in (ROOT / "requirements-test.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith("-r "):
            test_only[canonicalize_name(line.split("==")[0])] = line
    assert not set(runtime) & set(test_only), "a package is pinned in both requirements files"


def test_this_environment_is_the_pinned_one():
    mismatched = []
    for name, version in pins("requirements-test.txt").items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            mismatched.append(f"{name} is not installed")
            continue
        if installed != version:
            mismatched.append(f"{name} {installed} is installed, {version} is pinned")
    assert not mismatched, "; ".join(mismatched) + " (run 'make test' to reinstall)"


def test_a_second_make_run_reinstalls_nothing():
    # `make -q` exits 0 only when the target is up to date: after `make test` set the
    # environment up, nothing is reinstalled until requirements*.txt or pyproject.toml change.
    import shutil
    import subprocess

    if shutil.which("make") is None or not (ROOT / ".venv" / ".test").exists():
        pytest.skip("runs after `make test` has set up .venv")
    result = subprocess.run(["make", "-q", ".venv/.runtime", ".venv/.test"], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, "make would reinstall packages although no dependency file changed"
