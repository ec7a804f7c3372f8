"""The package's shape: cheap to import, logic modules free of widgets and plotting, every public
name resolvable."""

import importlib
import pkgutil
import subprocess
import sys

import pytest

import course_lib

VIEWS = ("ipywidgets", "matplotlib")
HEAVY = ("pandas", "matplotlib", "ipywidgets", "pydantic", "yaml", "numpy")


def modules_loaded_by(statement: str) -> set[str]:
    code = f"{statement}; import sys; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in out.split()}


def test_importing_the_package_loads_no_heavy_library():
    assert not modules_loaded_by("import course_lib") & set(HEAVY)


def logic_modules():
    names = [m.name for m in pkgutil.iter_modules(course_lib.__path__)]
    return [n for n in names if not n.endswith("_widget") and n not in ("charts", "widgets", "testing", "__main__")]


@pytest.mark.parametrize("name", logic_modules())
def test_logic_modules_import_no_widgets_or_plotting(name):
    loaded = modules_loaded_by(f"import course_lib.{name}")
    assert not loaded & set(VIEWS), f"course_lib.{name} imports {sorted(loaded & set(VIEWS))} at import time"


@pytest.mark.parametrize("name", sorted(course_lib._EXPORTS))
def test_every_public_name_resolves(name):
    module_name, attr = course_lib._EXPORTS[name].split(":")
    assert hasattr(importlib.import_module(module_name), attr)
    assert name in dir(course_lib)


def test_an_unknown_name_is_a_plain_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'quizz'"):
        course_lib.quizz  # noqa: B018


def test_public_names_survive_every_submodule_being_imported():
    # Importing course_lib.X sets the package attribute X to the module: a public name equal
    # to a module name would then stop being the function a notebook calls.
    code = (
        "import importlib, pkgutil, course_lib\n"
        "for m in pkgutil.iter_modules(course_lib.__path__):\n"
        "    if m.name != '__main__': importlib.import_module('course_lib.' + m.name)\n"
        "bad = [n for n, t in course_lib._EXPORTS.items()\n"
        "       if getattr(course_lib, n) is not getattr(importlib.import_module(t.split(':')[0]), t.split(':')[1])]\n"
        "print(' '.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert not out, f"public names shadowed by modules of the same name: {out}"
