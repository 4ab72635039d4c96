"""Render deploy/helm/voicemesh the way `helm template` does, for tests/test_helm.py.

Neither Debian nor PyPI ships a helm binary for Linux; helm-python-sdk (PyPI) bundles Helm's
own Go SDK (v4) as a native library, so this is Helm's template engine, value coalescing and
linter, not a re-implementation.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import helm_python as helm
import yaml

CHART = Path(__file__).resolve().parent.parent / "deploy" / "helm" / "voicemesh"
RELEASE = "voicemesh"
NAMESPACE = "voicemesh"
VARIANTS = {"cpu": CHART / "values-cpu.yaml", "gpu": CHART / "values-gpu.yaml"}


def merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` deep-merged over it (like a second ``-f`` values file)."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def values_of(variant: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = yaml.safe_load(VARIANTS[variant].read_text()) or {}
    return merged(values, extra or {})


def render(variant: str, extra: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every manifest of the chart with values.yaml, the variant's file and ``extra``."""
    with helm.Chart.load(CHART) as chart:
        files = chart.render(values_of(variant, extra), name=RELEASE, namespace=NAMESPACE)
    return [
        doc
        for path, text in sorted(files.items())
        if path.endswith((".yaml", ".yml"))
        for doc in yaml.safe_load_all(text)
        if doc
    ]


def lint(variant: str) -> dict[str, Any]:
    return helm.lint(CHART, values_of(variant), strict=True, namespace=NAMESPACE)


def named(manifests: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {m["metadata"]["name"]: m for m in manifests if m["kind"] == kind}


def object_name(service: str) -> str:
    return f"{RELEASE}-{service}"


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


def plain_env(deployment: dict[str, Any], manifests: list[dict[str, Any]]) -> dict[str, str]:
    """The container's literal env: its ConfigMap envFrom, then its own ``value`` entries."""
    env: dict[str, str] = {}
    maps = named(manifests, "ConfigMap")
    for source in container(deployment).get("envFrom", []):
        env.update(maps[source["configMapRef"]["name"]]["data"])
    for item in container(deployment).get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
    return env


def secret_refs(deployment: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """env name → its secretKeyRef."""
    return {
        item["name"]: item["valueFrom"]["secretKeyRef"]
        for item in container(deployment).get("env", [])
        if "secretKeyRef" in item.get("valueFrom", {})
    }
