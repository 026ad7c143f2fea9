"""Tokens and the audit over HTTP (issue 13's contract), on SQLite and PostgreSQL: the OAuth2
password flow, 401 without a token, 403 for a role without the right, throttling after repeated
failures, every login audited."""

from __future__ import annotations

from fastapi.testclient import TestClient

from gongbao.accounts import MAX_FAILED_LOGINS, add_user, set_disabled
from gongbao.serve.app import create_app
from gongbao.store import open_store

PASSWORD = "审核-密码-2026-足够长"


def test_tokens_roles_and_the_audit(store_url):
    with open_store(store_url) as store:
        add_user(store, "admin1", "admin", PASSWORD, actor="test")
        add_user(store, "duchashi", "supervisor", PASSWORD, actor="test")
        add_user(store, "gxj", "liaison", PASSWORD, unit="市工信局", actor="test")
    with TestClient(create_app(store_url)) as client:
        missing = client.get("/api/audit")
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer" and "登录" in missing.json()["detail"]
        assert client.get("/api/audit", headers={"Authorization": "Bearer not-a-token"}).status_code == 401

        wrong = client.post("/api/auth/token", data={"username": "duchashi", "password": "wrong-password"})
        assert wrong.status_code == 401 and wrong.json()["detail"] == "用户名或密码错误"
        got = client.post("/api/auth/token", data={"username": "duchashi", "password": PASSWORD})
        assert got.status_code == 200 and got.json()["token_type"] == "bearer"
        supervisor = {"Authorization": f"Bearer {got.json()['access_token']}"}
        log = client.get("/api/audit", headers=supervisor).json()
        assert log["total"] == len(log["items"]) >= 5
        assert [e["action"] for e in log["items"][:2]] == ["auth.token", "auth.fail"]
        assert PASSWORD not in str(log)

        liaison = client.post("/api/auth/token", data={"username": "gxj", "password": PASSWORD}).json()["access_token"]
        forbidden = client.get("/api/audit", headers={"Authorization": f"Bearer {liaison}"})
        assert forbidden.status_code == 403 and forbidden.json()["detail"] == "当前账户无权进行此操作"

        with open_store(store_url) as store:
            set_disabled(store, "duchashi", True, actor="test")
        assert client.get("/api/audit", headers=supervisor).status_code == 401  # a disabled account's token is dead


def test_repeated_wrong_passwords_are_throttled(store_url):
    with open_store(store_url) as store:
        add_user(store, "li", "reader", PASSWORD, actor="test")
    with TestClient(create_app(store_url)) as client:
        for _ in range(MAX_FAILED_LOGINS):
            assert client.post("/api/auth/token", data={"username": "li", "password": "guess-guess"}).status_code == 401
        throttled = client.post("/api/auth/token", data={"username": "li", "password": PASSWORD})
        assert throttled.status_code == 429 and "次数过多" in throttled.json()["detail"]  # even the right password
        other = client.post("/api/auth/token", data={"username": "nobody' OR '1'='1", "password": "<script>x</script>"})
        assert other.status_code == 401  # SQL and HTML in the fields are inert
