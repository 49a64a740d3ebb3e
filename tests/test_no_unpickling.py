"""Nothing anywhere deserialises code: no pickle-family module in the product's source, YAML read
only with safe loaders, and Celery (kombu) configured to accept JSON alone, in and out."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from chronicle.settings import load_settings
from tests.conftest import REPO
from worker.app import celery_config

PACKAGES = ("chronicle", "api", "worker", "benchmarks")
# Modules whose loaders run code found in the data they read.
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "jsonpickle", "shelve", "marshal", "joblib"}
UNSAFE_CALLS = {"unsafe_load", "unsafe_load_all", "full_load", "full_load_all", "read_pickle"}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


def _safe_loader(loader: Any) -> bool:
    """A YAML loader that builds only plain data (SafeConstructor, not the Full or Unsafe ones)."""
    constructor = yaml.constructor
    return isinstance(loader, type) and issubclass(loader, constructor.SafeConstructor) and \
        not issubclass(loader, constructor.FullConstructor)


def unsafe_uses(source: str, namespace: dict[str, Any], where: str) -> list[str]:
    """Every import of a pickle-family module, unsafe YAML call, or yaml.load without a safe Loader."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [f"{where}:{node.lineno} imports {name}" for name in names if name.split(".")[0] in UNSAFE_MODULES]
        if not isinstance(node, ast.Call):
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if called in UNSAFE_CALLS:
            found.append(f"{where}:{node.lineno} calls {called}")
        if called in ("load", "load_all") and ast.unparse(node.func).startswith("yaml."):
            loader = next((k.value for k in node.keywords if k.arg == "Loader"),
                          node.args[1] if len(node.args) > 1 else None)
            if loader is None or not _safe_loader(eval(compile(ast.Expression(loader), where, "eval"), namespace)):
                found.append(f"{where}:{node.lineno} yaml.{called} without a safe Loader")
    return found


def test_the_scanner_catches_each_unsafe_use() -> None:
    namespace = {"yaml": yaml, "SAFE": getattr(yaml, "CSafeLoader", yaml.SafeLoader)}
    assert unsafe_uses("import yaml\nyaml.load(text, Loader=SAFE)\nyaml.safe_load(text)", namespace, "ok") == []
    for bad in ("import pickle", "from dill import loads", "import cloudpickle as c", "yaml.load(text)",
                "yaml.load(text, Loader=yaml.Loader)", "yaml.load(text, yaml.FullLoader)",
                "yaml.load_all(text, Loader=yaml.UnsafeLoader)", "yaml.unsafe_load(text)", "pandas.read_pickle(f)"):
        assert unsafe_uses(bad, namespace, "bad"), bad


def test_no_source_file_can_unpickle() -> None:
    files = [path for package in PACKAGES for path in sorted((REPO / package).rglob("*.py"))]
    assert len(files) > 50  # the scan covers the product, not an empty folder
    found = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        namespace = vars(importlib.import_module(_module_name(path))) if "yaml.load" in source else {}
        found += unsafe_uses(source, namespace, str(path.relative_to(REPO)))
    assert found == []


@pytest.mark.parametrize("broker_url", [None, "redis://127.0.0.1:6379/0"], ids=["embedded", "broker"])
def test_celery_speaks_json_only(broker_url: str | None) -> None:
    config = celery_config(load_settings(broker_url=broker_url, database_url="sqlite:///unused.db"))
    assert config["accept_content"] == ["json"] and config["result_accept_content"] == ["json"]
    assert config["task_serializer"] == config["result_serializer"] == config["event_serializer"] == "json"
