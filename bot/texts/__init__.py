"""The text catalogue: every sentence a user reads, by key, in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Mapping

from bot.texts import en, vi

CATALOGUES: Mapping[str, Mapping[str, str]] = {"vi": vi.TEXTS, "en": en.TEXTS}
DEFAULT_LANGUAGE = "vi"


class Texts:
    """The catalogue of one language; call it with a key and the values to fill in.

    With a `channel`, a key written `key@channel` wins over `key`: where a messenger has no
    buttons (Zalo), "press «Skip»" becomes "type «bỏ qua»" without a second copy of the flow.
    The language is a person's choice or the deployment's default (`Env.texts`), never the
    messenger's: an unknown or empty one reads Vietnamese.
    """

    def __init__(self, language: str, channel: str | None = None) -> None:
        self.language = language if language in CATALOGUES else DEFAULT_LANGUAGE
        self.channel = channel
        self._texts = CATALOGUES[self.language]

    def __call__(self, key: str, /, **values: object) -> str:
        """Render the text `key` with `values`."""
        template = self._texts.get(f"{key}@{self.channel}") if self.channel else None
        if template is None:
            try:
                template = self._texts[key]
            except KeyError:
                # A missing translation falls back to Vietnamese rather than failing a user.
                template = CATALOGUES[DEFAULT_LANGUAGE][key]
        return template.format(**values) if values else template

    def on(self, channel: str) -> Texts:
        """Return this catalogue worded for a messenger ("zalo": typed, not pressed)."""
        return Texts(self.language, str(channel))

    def has(self, key: str) -> bool:
        """Return whether the catalogue knows `key`."""
        return key in self._texts


def t(language: str, key: str, /, **values: object) -> str:
    """Render one text in a language."""
    return Texts(language)(key, **values)
