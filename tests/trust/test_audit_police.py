"""The audit log follows the police side: status changes, source views, exports."""

from __future__ import annotations

import io
import logging

from police_support import file_tip

from bot.domain import Role
from harness import Bench, say


async def test_status_changes_source_views_and_exports_are_audited(bench: Bench) -> None:
    assert bench.org is not None
    minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
    lan = await bench.join("Lan")
    code = await file_tip(lan)
    minh.drain()
    await say(minh, f"/tiepnhan {code}")
    minh.drain()
    await say(minh, f"/nguontin {code}")
    minh.drain()
    await minh.send_text("/baocao tháng này")
    await minh.replies_until(lambda m: "BÁO CÁO" in m.all_text)
    lines = {
        (line.event.action, line.event.subject, line.actor_name)
        for line in await bench.store.audit_log()
    }
    assert ("status", f"entry:{code}", "Minh") in lines
    assert ("view", f"entry:{code}", "Minh") in lines
    assert ("export", f"report:X{bench.org.commune_a}", "Minh") in lines


async def test_a_full_run_logs_neither_the_token_nor_a_confidential_source(bench: Bench) -> None:
    """Grep everything the bot logs, at DEBUG, through a whole police story."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    from bot.cli import quiet_noisy_loggers

    quiet_noisy_loggers()
    try:
        assert bench.org is not None
        minh = await bench.join("Minh", Role.POLICE, commune_id=bench.org.commune_a)
        lan = await bench.join("Lan")
        secret = "Bà Lò Thị Bí Mật, 0987 654 321"
        code = await file_tip(lan, source=secret)
        minh.drain()
        await say(minh, f"/tiepnhan {code}")
        minh.drain()
        await say(minh, f"/nguontin {code}")
        await say(minh, "/baocao tháng này")
        await say(minh, "/bantin")
        await bench.fake.wait_idle(quiet=0.5)
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
    logged = stream.getvalue()
    assert logged, "nothing was logged: the test would prove nothing"
    assert bench.fake.token not in logged and bench.fake.token.split(":")[1] not in logged
    assert "Bí Mật" not in logged and "0987 654 321" not in logged
