"""Read replicas: the settings parse DATABASE_REPLICA_URLS; the router sends public reads to a
replica and writes, transactions and what follows a write to the primary (portal/ops/db_router.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Outlet
from portal.ops.db_router import PrimaryReplicaRouter, replica_reads
from portal.settings.base import replica_databases_from_env

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPLICA = "replica_1"
ROUTED = override_settings(DATABASE_ROUTERS=["portal.ops.db_router.PrimaryReplicaRouter"])
pytestmark = pytest.mark.django_db(databases=["default", REPLICA])


def test_replica_urls_become_mirrored_aliases(monkeypatch):
    monkeypatch.setenv(
        "DATABASE_REPLICA_URLS",
        "postgres://ro:s%40cret@replica-a:5432/archive, postgresql://ro@replica-b/archive",
    )
    replicas = replica_databases_from_env()
    assert list(replicas) == ["replica_1", "replica_2"]
    first = replicas["replica_1"]
    assert (first["USER"], first["PASSWORD"], first["HOST"], str(first["PORT"]), first["NAME"]) == (
        "ro",
        "s@cret",
        "replica-a",
        "5432",
        "archive",
    )
    assert replicas["replica_2"]["HOST"] == "replica-b"
    assert all(config["TEST"] == {"MIRROR": "default"} for config in replicas.values())
    monkeypatch.setenv("DATABASE_REPLICA_URLS", "mysql://x@y/z")
    with pytest.raises(ValueError, match="postgres"):
        replica_databases_from_env()
    monkeypatch.delenv("DATABASE_REPLICA_URLS")
    assert replica_databases_from_env() == {}


def _settings_in_a_process(**environ: str) -> dict:
    script = (
        "import json; from django.conf import settings; print(json.dumps({'aliases': list(settings.DATABASES), "
        "'routers': settings.DATABASE_ROUTERS, 'middleware': settings.MIDDLEWARE[0]}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URLS"} | environ
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_settings_install_the_router_only_with_replicas():
    plain = _settings_in_a_process()
    assert plain["aliases"] == ["default"] and plain["routers"] == []
    assert plain["middleware"] != "portal.ops.db_router.ReplicaReadsMiddleware"
    replicated = _settings_in_a_process(DATABASE_REPLICA_URLS="postgres://ro@replica-a/archive")
    assert replicated["aliases"] == ["default", "replica_1"]
    assert replicated["routers"] == ["portal.ops.db_router.PrimaryReplicaRouter"]
    assert replicated["middleware"] == "portal.ops.db_router.ReplicaReadsMiddleware"


@ROUTED
def test_a_public_read_goes_to_the_replica_and_a_write_to_the_primary():
    with replica_reads():
        articles = Article.objects.readable()
        assert articles.db == REPLICA
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            count = articles.count()
        assert count > 0 and len(on_replica) == 1  # the demo archive, committed, is on the replica
        with CaptureQueriesContext(connections["default"]) as on_primary:
            Outlet.objects.create(name="복제 시험 매체", slug="replica-test")
        assert any("INSERT" in q["sql"] for q in on_primary.captured_queries)


@ROUTED
def test_after_a_write_the_request_reads_its_own_writes():
    with replica_reads():
        assert Outlet.objects.all().db == REPLICA
        outlet = Outlet.objects.create(name="방금 쓴 매체", slug="just-written")
        # The replica has not received it (the mirror sees committed rows only); the primary has.
        assert not Outlet.objects.using(REPLICA).filter(pk=outlet.pk).exists()
        assert Outlet.objects.all().db == "default"
        assert Outlet.objects.filter(pk=outlet.pk).exists()


@ROUTED
def test_reads_inside_a_transaction_go_to_the_primary():
    with replica_reads():
        with transaction.atomic():
            assert Article.objects.all().db == "default"
            with CaptureQueriesContext(connections[REPLICA]) as on_replica:
                Article.objects.readable().exists()
            assert len(on_replica) == 0
        assert Article.objects.all().db == REPLICA


@ROUTED
def test_outside_a_request_scope_and_for_signed_in_requests_everything_reads_the_primary():
    assert Article.objects.all().db == "default"  # commands and queue workers
    with replica_reads(primary=True):  # what the middleware opens for a session or a POST
        assert Article.objects.all().db == "default"
    with replica_reads():
        from django.contrib.sessions.models import Session

        assert Session.objects.all().db == "default"  # a login just written must be found


def test_the_router_never_migrates_a_replica_and_allows_relations():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate(REPLICA, "articles") is False
    assert router.allow_relation(Article(), Outlet()) is True


def _middleware() -> list[str]:
    from django.conf import settings

    rest = [m for m in settings.MIDDLEWARE if m != "portal.ops.db_router.ReplicaReadsMiddleware"]
    return ["portal.ops.db_router.ReplicaReadsMiddleware", *rest]


@ROUTED
def test_middleware_routes_public_pages_to_the_replica(client):
    with override_settings(MIDDLEWARE=_middleware()):
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            response = client.get("/")
        assert response.status_code == 200
        assert len(on_replica) > 0
        # A signed-in curator (a session cookie, even a stale one) reads everything from the primary.
        client.cookies["sessionid"] = "x"
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            assert client.get("/").status_code == 200
        assert len(on_replica) == 0
