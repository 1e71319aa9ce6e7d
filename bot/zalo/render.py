"""Draws an Outbound as plain Zalo text: numbered choices, typed navigation, a menu hint.

Zalo has no buttons, keyboards, edits or formatting. Every choice becomes a numbered line
("1. Ma túy") with "Trả lời 1, 2 hoặc 3" under it, every navigation button its typed
word ("⬅️ Quay lại: gõ 0"), the main menu a numbered one-line hint; the conversation engine takes the
typed number or words exactly as it takes a button press on Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.delivery import split_text
from bot.messages import Button, Outbound
from bot.parsing import maps_link
from bot.texts import Texts
from bot.zalo.client import TEXT_LIMIT

#: How many numbers are spelt out in the hint before it says "from 1 to N".
SPELT_OUT = 5


@dataclass(frozen=True)
class Rendered:
    """What one Outbound becomes on Zalo: photos by URL, then text messages."""

    photos: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


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


def render(message: Outbound, texts: Texts) -> Rendered:
    """Return the photos and the text chunks (each ≤ 2,000 characters) for a message."""
    parts: list[str] = [message.text] if message.text else []
    if message.choices:
        if message.numbered:
            lines = [f"{n}. {b.label}" for n, b in enumerate(message.choices, start=1)]
            parts.append("\n".join(lines))
            parts.append(message.typed_hint or answer_hint(texts, len(message.choices)))
        else:
            # A typed number means itself here (minutes): offer the values, unnumbered.
            parts.append(" · ".join(b.label for b in message.choices))
    nav = [
        texts("zalo.nav", label=b.label, typed=_typed(b)) for b in message.nav if b.typed.strip()
    ]
    if nav:
        parts.append("\n".join(nav))
    if message.location is not None:
        link = maps_link(message.location.lat, message.location.lon)
        parts.append(texts("zalo.location", link=link))
    kept_elsewhere = [ref for ref in message.photos if not _is_url(ref)]
    if kept_elsewhere:
        # Zalo sends pictures by public URL only; ours live on the server or in Telegram.
        parts.append(texts("zalo.photos_elsewhere", count=len(kept_elsewhere)))
    if message.attachments:
        # Zalo bots can't send files (nor pictures but by public URL): say what stayed
        # behind and where to get it, rather than promise a file that never comes.
        names = ", ".join(a.filename or a.caption or a.kind for a in message.attachments)
        parts.append(texts("zalo.files_elsewhere", names=names))
    if message.keyboard == "main" and message.menu:
        # Numbered as the router reads them with nothing open: "1" is the first item.
        labels = [label for row in message.menu for label in row]
        items = " · ".join(f"{n}. {_menu_item(label)}" for n, label in enumerate(labels, 1))
        parts.append(texts("zalo.menu", items=items))
    text = "\n\n".join(part for part in parts if part.strip())
    return Rendered(
        photos=[ref for ref in message.photos if _is_url(ref)],
        texts=split_text(text, TEXT_LIMIT) if text else [],
    )
