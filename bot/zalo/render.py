"""Draws an Outbound as plain Zalo text: numbered choices, typed navigation, a menu hint.

Zalo has no buttons, keyboards, edits or formatting. Every choice becomes a numbered line
("1. Ma túy") with "Trả lời 1, 2 hoặc 3" under it, every navigation button its typed
word ("⬅️ Quay lại: gõ 0"), the main menu a numbered one-line hint; the conversation engine takes the
typed number or words exactly as it takes a button press on Telegram.

An alert's «Tiếp nhận» and «Đã xử lý» become one line with the entry's short number in the
chat ("Trả lời «nhận 12» để tiếp nhận, «xong 12» khi đã xử lý"); a listing of several
entries shows each one's number before its code. Kept photos and voice notes go as
short-lived signed addresses Zalo fetches (`link`), where one can be made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.delivery import split_text
from bot.messages import Attachment, Button, Outbound
from bot.parsing import maps_link
from bot.texts import Texts
from bot.zalo.client import TEXT_LIMIT

#: How many numbers are spelt out in the hint before it says "from 1 to N".
SPELT_OUT = 5


#: Zalo's sendVoice takes .aac (and m4a, the same codec in an MP4 box); others go as a line.
VOICE_TYPES = (".aac", ".m4a")

#: Turns a kept file's reference into an address Zalo can fetch (None: none can be made).
Link = Callable[[str], str | None]


def _no_link(ref: str) -> str | None:
    return None


@dataclass(frozen=True)
class Rendered:
    """What one Outbound becomes on Zalo: photos by URL, voice notes, then text messages."""

    photos: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    voices: list[str] = field(default_factory=list)


def answer_hint(texts: Texts, count: int) -> str:
    """Return "👉 Trả lời 1, 2 hoặc 3." for `count` numbered choices."""
    if count == 1:
        return texts("zalo.answer.one")
    if count <= SPELT_OUT:
        numbers = ", ".join(str(n) for n in range(1, count))
        return texts("zalo.answer.few", numbers=numbers, last=count)
    return texts("zalo.answer.many", count=count)


def _typed(button: Button) -> str:
    """Quote words ("«bỏ qua»"); numbers and commands read plainly ("0", "/huy")."""
    word = button.typed
    if word.startswith("/") or not any(ch.isalpha() for ch in word):
        return word
    return f"«{word}»"


def _menu_item(label: str) -> str:
    """Drop a menu label's leading emoji: people type the words ("📝 Tin báo" → "Tin báo")."""
    start = 0
    while start < len(label) and not label[start].isalnum():
        start += 1
    return label[start:].strip() or label


def _is_url(ref: str) -> bool:
    return ref.startswith(("http://", "https://"))


def _numbered(text: str, numbers: Mapping[str, int]) -> str:
    """Put each entry's number before the first mention of its code: "[12] TB-2026-000012"."""
    for code, number in numbers.items():
        text = re.sub(rf"(?<![\w/-]){re.escape(code)}\b", f"[{number}] {code}", text, count=1)
    return text


def _single(nav: list[Button], numbers: Mapping[str, int]) -> bool:
    """Return whether a message is one entry's alert (its answers are buttons) rather than
    a listing of entries (each shown with its number)."""
    return len(numbers) == 1 and any(b.quick for b in nav)


def _quick_line(texts: Texts, nav: list[Button], numbers: Mapping[str, int]) -> str:
    """Return how to answer by a short word: with the entry's number, or "<số>" for a list."""
    if not numbers:
        return ""
    kinds = {b.quick for b in nav if b.quick} or {"take", "done"}
    which = "both" if kinds == {"take", "done"} else kinds.pop()
    words = {"take": texts("quick.word.take"), "done": texts("quick.word.done")}
    if _single(nav, numbers):
        [number] = numbers.values()
        return texts(f"zalo.quick.{which}", n=number, **words)
    return texts(f"zalo.quick.many.{which}", **words)


def _media(
    texts: Texts, message: Outbound, link: Link, group: bool
) -> tuple[list[str], list[str], list[str]]:
    """Return the photos and voice notes to send by URL, and lines for what can't go."""
    photos: list[str] = []
    voices: list[str] = []
    elsewhere = unheard = 0
    files: list[Attachment] = []
    for ref in message.photos:
        url = ref if _is_url(ref) else link(ref)
        photos += [url] if url else []
        # Zalo sends pictures by URL only, and this one has none it could fetch (a Telegram
        # photo, or no public address for the bot's web server).
        elsewhere += url is None
    for attachment in message.attachments:
        ref = attachment.ref or attachment.path or ""
        if attachment.kind == "photo" and (url := link(ref)):
            photos.append(url)  # a chart the bot drew: fetched like any kept file
        elif attachment.kind == "voice":
            # Zalo plays voice notes in private chats only, and .aac only.
            playable = ref.lower().endswith(VOICE_TYPES) and not group
            url = link(ref) if playable else None
            voices += [url] if url else []
            unheard += url is None
        else:
            files.append(attachment)
    lines = []
    if elsewhere:
        lines.append(texts("zalo.photos_elsewhere", count=elsewhere))
    if unheard:
        lines.append(texts("zalo.voices_elsewhere", count=unheard))
    if files:
        # Zalo bots can't send files (nor pictures but by public URL): say what stayed
        # behind and where to get it, rather than promise a file that never comes.
        names = ", ".join(a.filename or a.caption or a.kind for a in files)
        lines.append(texts("zalo.files_elsewhere", names=names))
    return photos, voices, lines


def render(
    message: Outbound,
    texts: Texts,
    *,
    numbers: Mapping[str, int] | None = None,
    link: Link = _no_link,
    group: bool = False,
) -> Rendered:
    """Return the photos, voice notes and text chunks (each ≤ 2,000 characters) for a
    message; `numbers` are the short numbers of the entries it is about in this chat."""
    numbers = {c: n for c, n in (numbers or {}).items() if c in message.act_on}
    body = message.text
    if body and numbers and not _single(message.nav, numbers):
        body = _numbered(body, numbers)
    parts: list[str] = [body] if body else []
    if message.choices:
        if message.numbered:
            lines = [f"{n}. {b.label}" for n, b in enumerate(message.choices, start=1)]
            parts.append("\n".join(lines))
            parts.append(message.typed_hint or answer_hint(texts, len(message.choices)))
        else:
            # A typed number means itself here (minutes): offer the values, unnumbered.
            parts.append(" · ".join(b.label for b in message.choices))
    quick = _quick_line(texts, message.nav, numbers)
    # With a number to answer by, «Tiếp nhận» and «Đã xử lý» are that one line.
    shown = [b for b in message.nav if b.typed.strip() and not (quick and b.quick)]
    nav = [texts("zalo.nav", label=b.label, typed=_typed(b)) for b in shown]
    if quick:
        parts.append(quick)
    if nav:
        parts.append("\n".join(nav))
    if message.location is not None:
        pin = maps_link(message.location.lat, message.location.lon)
        parts.append(texts("zalo.location", link=pin))
    photos, voices, lines = _media(texts, message, link, group)
    parts += lines
    if message.keyboard == "main" and message.menu:
        # Numbered as the router reads them with nothing open: "1" is the first item.
        labels = [label for row in message.menu for label in row]
        items = " · ".join(f"{n}. {_menu_item(label)}" for n, label in enumerate(labels, 1))
        parts.append(texts("zalo.menu", items=items))
    text = "\n\n".join(part for part in parts if part.strip())
    return Rendered(
        photos=photos, texts=split_text(text, TEXT_LIMIT) if text else [], voices=voices
    )
