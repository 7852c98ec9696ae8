"""One unit's web session cannot reach another unit's task, on SQLite (the app's policy)
and on PostgreSQL, where the session's app also logs in as the unit's own role, so
row-level security stands behind the policy (tests/security hold that wall on its own)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from web_helpers import AppSocket, add_users, client, demo_into, login, serve

from tasktui.store.db import Store
from tasktui.store.service import Service

OTHER_TASK = "抓实控辍保学动态监测"  # #16: 区教体局 leads it; 区财政局 has no part in it


def _history(url: str) -> list[tuple[str, str]]:
    svc = Service(Store(url))
    try:
        row = next(r for r in svc.list_tasks() if OTHER_TASK in r.heading)
        return [(e.actor, e.action) for e in svc.history(row.id)]
    finally:
        svc.store.dispose()


@pytest.mark.backends("sqlite", "postgresql")
def test_a_units_web_session_cannot_touch_another_units_task(
    db_url: str, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    demo_into(db_url)
    role = None
    args: list[str] = []
    if backend == "postgresql":
        from tasktui.cli import main

        pg = request.getfixturevalue("pg_server")
        dbname = db_url.rsplit("/", 1)[-1]
        role = f"web_{dbname.rsplit('_', 1)[-1]}_czj"
        assert main(["--db", db_url, "db", "grant-unit", "区财政局", "--role", role]) == 0

        def drop_role() -> None:  # before pg_url drops the database: the role holds privileges in it
            pg.admin(f"DROP OWNED BY {role}", dbname)
            pg.admin(f"DROP ROLE IF EXISTS {role}")

        request.addfinalizer(drop_role)
        passfile = tmp_path / "pgpass"
        passfile.write_text(f"127.0.0.1:{pg.port}:{dbname}:{role}:unused-under-trust\n", encoding="utf-8")
        os.chmod(passfile, 0o600)
        args = ["--pgpassfile", str(passfile)]
    users = tmp_path / "web-users.json"
    add_users(users, {"li": ("区财政局", role)})
    before = _history(db_url)
    served = serve(db_url, users, tmp_path, args)

    async def run() -> None:
        async with client() as cs:
            assert await login(cs, served, "li") == 303
            ws = await cs.ws_connect(served.url("/ws?width=160&height=45"), headers={"Origin": served.origin})
            app = AppSocket(ws)
            assert await app.pump(20, until="部门模式"), app.screen[-2000:]
            await app.pump(1)
            assert OTHER_TASK[:6] not in app.screen.decode("utf-8", "replace")  # the table cuts headings
            if backend == "postgresql":
                pg = request.getfixturevalue("pg_server")
                import psycopg

                with psycopg.connect(pg.dsn(db_url.rsplit("/", 1)[-1]), autocommit=True) as conn:
                    users_seen = {
                        r[0]
                        for r in conn.execute(
                            "SELECT usename FROM pg_stat_activity WHERE datname = current_database() "
                            # client connections only: an autovacuum worker in the database has no user
                            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                        )
                    }
                assert users_seen == {role}, users_seen  # the app is connected as the unit's role only
            # Look for the other unit's task by name, then try to report progress on it.
            await app.keys("/", pause=0.5)
            await app.keys(OTHER_TASK, pause=1.0)
            await app.keys("\r", pause=0.5)
            assert await app.pump(5, until="共 0 项")
            await app.keys("p", pause=1.0)
            assert await app.pump(5, until="没有选中的事项")
            await ws.close()

    try:
        asyncio.run(run())
    finally:
        served.stop()
    assert _history(db_url) == before
