"""Email through a submission relay: STARTTLS and a login, against a real aiosmtpd server with a real cert.

The certificate is made by the openssl command for 127.0.0.1, and the client trusts exactly that certificate,
so the TLS handshake and the hostname check are the real ones.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from alerts.config import NotifierConfig
from alerts.notify import notify_pending
from alerts.notify.dispatch import build_notifiers
from storage import Store

from test_notify import NOW, Mailbox, free_port, populate

USER, PASSWORD = "desk", "s3cret"


def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


@pytest.fixture()
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.fail("the openssl command is needed to make the test server's certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture()
def relay(certificate: tuple[Path, Path]) -> Iterator[tuple[Mailbox, int]]:
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    mailbox = Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_context,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    yield mailbox, controller.port
    controller.stop()


def notifier(port: int, cert: Path, password_env: str = "ALERTS_TEST_SMTP_PASSWORD"):
    config = NotifierConfig(
        name="relay",
        type="email",
        smtp_host="127.0.0.1",
        smtp_port=port,
        sender="alerts@example.org",
        recipients=["desk@example.org"],
        min_severity="critical",
        smtp_starttls=True,
        smtp_username=USER,
        smtp_password_env=password_env,
    )
    [built] = build_notifiers([config])
    # The client trusts the test certificate only.
    return replace(built, tls_context=ssl.create_default_context(cafile=str(cert)))


def test_mail_goes_through_starttls_and_login(
    sqlite_url: str, relay: tuple[Mailbox, int], certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    mailbox, port = relay
    monkeypatch.setenv("ALERTS_TEST_SMTP_PASSWORD", PASSWORD)
    with Store(sqlite_url) as store:
        ids = populate(store)
        result = notify_pending(store, [notifier(port, certificate[0])], now=NOW)
    assert result.sent == {"relay": [ids.arms]}
    assert len(mailbox.messages) == 1


def test_a_wrong_password_fails_and_sends_nothing(
    sqlite_url: str, relay: tuple[Mailbox, int], certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    mailbox, port = relay
    monkeypatch.setenv("ALERTS_TEST_SMTP_PASSWORD", "wrong")
    with Store(sqlite_url) as store:
        ids = populate(store)
        result = notify_pending(store, [notifier(port, certificate[0])], now=NOW)
    assert result.failed == {"relay": [ids.arms]}
    assert mailbox.messages == []


def test_a_missing_password_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALERTS_NO_SUCH_PASSWORD", raising=False)
    config = NotifierConfig(
        name="relay",
        type="email",
        sender="a@example.org",
        recipients=["b@example.org"],
        smtp_username=USER,
        smtp_password_env="ALERTS_NO_SUCH_PASSWORD",
    )
    with pytest.raises(ValueError, match="ALERTS_NO_SUCH_PASSWORD is not set"):
        build_notifiers([config])
