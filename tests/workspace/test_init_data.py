"""Telegram Mini App sign-in: `initData` checked as Telegram documents it.

The sample comes from the Telegram Mini Apps project's documentation of its Go validator
(init-data-golang: a real Telegram client's data for their published example token). It
carries the newer `signature` field (Ed25519, for third-party validation) and validates
only when `signature` is part of the data-check-string — as Telegram's docs say, "all
received fields" but `hash`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote, urlencode

import pytest
from playwright.async_api import BrowserContext, Page, expect
from police_support import file_tip
from web_support import base_url, shot

from bot.domain import Role
from bot.services.web_auth import InitDataRefused, check_init_data
from harness import Bench

SAMPLE_TOKEN = "7342037359:AAHI25ES9xCOMPokpYoz-p8XVrZUdygo2J4"
SAMPLE = (
    "user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%20%2B%20-%20%3F%20%5C%2F"
    "%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_"
    "code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%2C%22allows_write_to_pm%22%3Atrue%2C%22photo"
    "_url%22%3A%22https%3A%5C%2F%5C%2Ft.me%5C%2Fi%5C%2Fuserpic%5C%2F320%5C%2F4FPEE4tmP3ATHa57u6"
    "MqTDih13LTOiMoKoLDRG4PnSA.svg%22%7D&chat_instance=8134722200314281151&chat_type=private"
    "&auth_date=1733509682&signature=TYJxVcisqbWjtodPepiJ6ghziUL94-KNpG8Pau-X7oNNLNBM72APCpi_R"
    "KiUlBvcqo5L-LAxIc3dnTzcZX_PDg&hash=a433d8f9847bd6addcc563bff7cc82c89e97ea0d90c11fe5729cae"
    "6796a36d73"
)
SIGNED_AT = datetime.fromtimestamp(1733509682, UTC)
DAY = 86400


def sign(token: str, fields: dict[str, str]) -> str:
    """Sign fields as a Telegram client receives them (for our own fake bot token)."""
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    digest = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest}, quote_via=quote)


def telegram_fields(user_id: int, when: datetime) -> dict[str, str]:
    """Return fields shaped like a Telegram client's, `signature` included."""
    user = {"id": user_id, "first_name": "Minh", "language_code": "vi", "allows_write_to_pm": True}
    return {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(user, separators=(",", ":"), ensure_ascii=False),
        "auth_date": str(int(when.timestamp())),
        "signature": dict(parse_qsl(SAMPLE))["signature"],
    }


def test_telegrams_own_sample_with_signature_is_valid() -> None:
    fields = check_init_data(SAMPLE, SAMPLE_TOKEN, SIGNED_AT + timedelta(minutes=5), DAY)
    assert json.loads(fields["user"])["id"] == 279058397
    assert "signature" in fields


def test_leaving_signature_out_of_the_check_string_would_refuse_real_data() -> None:
    fields = dict(parse_qsl(SAMPLE))
    received = fields.pop("hash")
    fields.pop("signature")
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    key = hmac.new(b"WebAppData", SAMPLE_TOKEN.encode(), hashlib.sha256).digest()
    assert hmac.new(key, check.encode(), hashlib.sha256).hexdigest() != received


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda s: s.replace("Kibenko", "Kibenkx"), "bad hash"),
        (lambda s: s.replace("auth_date=1733509682", "auth_date=1733509683"), "bad hash"),
        (lambda s: s.split("&hash=")[0], "no hash"),
        (lambda s: s + "&hash=00", "repeated field"),
        (lambda s: "%%%", "malformed"),
    ],
)
def test_tampered_data_is_refused(change: object, reason: str) -> None:
    assert callable(change)
    with pytest.raises(InitDataRefused) as refused:
        check_init_data(change(SAMPLE), SAMPLE_TOKEN, SIGNED_AT, DAY)
    assert refused.value.reason == reason


def test_another_bots_token_and_old_data_are_refused() -> None:
    with pytest.raises(InitDataRefused, match="bad hash"):
        check_init_data(SAMPLE, "123:another-bot", SIGNED_AT, DAY)
    with pytest.raises(InitDataRefused, match="too old"):
        check_init_data(SAMPLE, SAMPLE_TOKEN, SIGNED_AT + timedelta(hours=2), 3600)
    with pytest.raises(InitDataRefused, match="future"):
        check_init_data(SAMPLE, SAMPLE_TOKEN, SIGNED_AT - timedelta(hours=1), 3600)


pytestmark_browser = pytest.mark.asyncio(loop_scope="session")


@pytestmark_browser
async def test_mini_app_signs_in_and_forged_data_is_refused(
    wbench: Bench, phone: BrowserContext
) -> None:
    org = wbench.org
    assert org is not None
    minh = await wbench.join("Minh", Role.POLICE, commune_id=org.commune_a)
    now = datetime.now(UTC)

    async def open_mini_app(init_data: str) -> Page:
        # Telegram opens the Mini App's URL with its signed data in the fragment.
        page = await phone.new_page()
        await page.goto(
            f"{base_url(wbench)}/tg#tgWebAppData={quote(init_data)}&tgWebAppVersion=8.0"
        )
        return page

    refused = [
        sign("999:not-our-bot", telegram_fields(minh.id, now)),
        sign(wbench.fake.token, telegram_fields(minh.id, now - timedelta(days=2))),
        sign(wbench.fake.token, telegram_fields(123456, now)),  # nobody we know
    ]
    for data in refused:
        page = await open_mini_app(data)
        await expect(page.locator(".notice")).to_contain_text("Không xác nhận được")
        await page.close()
    assert await phone.cookies() == []

    page = await open_mini_app(sign(wbench.fake.token, telegram_fields(minh.id, now)))
    await page.wait_for_url("**/inbox")
    await expect(page.locator(".me")).to_have_text("Minh")
    await shot(page, "miniapp-inbox")
    # Opened from a t.me/<bot>/<app>?startapp=<code> link in a group: straight to the entry.
    lan = await wbench.join("Lan")
    code = await file_tip(lan, urgent=False, source=None)
    fields = {**telegram_fields(minh.id, now), "start_param": code}
    page = await open_mini_app(sign(wbench.fake.token, fields))
    await page.wait_for_url(f"**/e/{code}")
    await expect(page.locator("h1")).to_have_text(code)
