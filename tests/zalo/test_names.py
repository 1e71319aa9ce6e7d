"""A Zalo display name is cleaned where it enters, as a Telegram one is."""

from __future__ import annotations

from harness import Bench


async def test_a_zalo_display_name_with_control_characters_is_stored_clean(zbench: Bench) -> None:
    user = await zbench.join_zalo("Páo\x0bSình\x1b[2J")
    person = await zbench.zperson(user)
    # The display name as it came, cleaned; the full name offered from it is name-like too.
    assert person.profile_name == "Páo Sình[2J"
    assert person.name == "Páo Sình J"
