"""Reusable kinds of questions: choose one, type text, give a place, add photos, …"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.flows.base import Accept, Ask, Data, Reject, Result, Step, StepContext, StepInput
from bot.fmt import local_datetime
from bot.messages import Location
from bot.parsing import (
    ParseError,
    clean_user_text,
    format_coordinates,
    is_yes,
    match_choice,
    parse_coordinates,
    parse_minutes,
    parse_when,
)

MAX_TEXT = 2000
MAX_PLACE = 300
MAX_PHOTOS = 10


def error_text(ctx: StepContext, error: ParseError, **values: object) -> str:
    """Render a parser's error key as a sentence."""
    return ctx.texts(f"err.{error.key}", detail=error.detail, **values)


def not_text(ctx: StepContext, answer: StepInput) -> str:
    """Explain that a text was expected and something else came."""
    if answer.media is not None and answer.media.kind == "sticker":
        return ctx.texts("err.sticker")
    if answer.media is not None or answer.location is not None:
        return ctx.texts("err.want_text")
    return ctx.texts("err.empty")


def _media_without(data: Data, field: str) -> list[dict[str, Any]]:
    return [m for m in data.get("media", []) if m.get("field") != field]


class ChoiceStep(Step):
    """Pick one of a fixed list (or, with `dynamic`, of a list the service supplies)."""

    def __init__(
        self,
        name: str,
        *,
        title_key: str,
        prompt_key: str,
        options: Sequence[str] = (),
        label_prefix: str = "",
        dynamic: str | None = None,
        columns: int = 1,
        optional: bool = False,
        when: Callable[[Data], bool] | None = None,
    ) -> None:
        self.name = name
        self.title_key = title_key
        self.prompt_key = prompt_key
        self.options = tuple(options)
        self.label_prefix = label_prefix
        self.dynamic = dynamic
        self.columns = columns
        self.optional = optional
        self.when = when

    def choices(self, ctx: StepContext) -> list[tuple[str, str]]:
        """Return (id, label) pairs in display order."""
        if self.dynamic is not None:
            return list(ctx.options.get(self.dynamic, ()))
        return [(o, ctx.texts(self.label_prefix + o)) for o in self.options]

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask the question with its choices."""
        return Ask(
            ctx.texts(self.prompt_key),
            choices=self.choices(ctx),
            columns=self.columns,
            skip=self.optional,
        )

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take a pressed or typed choice."""
        choices = self.choices(ctx)
        ids = [c[0] for c in choices]
        if answer.choice is not None:
            if answer.choice in ids:
                return Accept({self.name: answer.choice})
            return Reject(ctx.texts("err.choice", count=len(choices)))
        if answer.text is None:
            return Reject(not_text(ctx, answer) + "\n" + ctx.texts("err.choice", count=len(ids)))
        match = match_choice(answer.text, choices)
        if match.id is not None:
            return Accept({self.name: match.id})
        if match.ambiguous:
            labels = ", ".join(label for cid, label in choices if cid in match.ambiguous)
            return Reject(ctx.texts("err.ambiguous", options=labels))
        return Reject(ctx.texts("err.choice", count=len(choices)))

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the chosen label."""
        value = data.get(self.name)
        if value is None:
            return None
        return dict(self.choices(ctx)).get(value, str(value))


class YesNoStep(ChoiceStep):
    """A yes / no question; stores a bool under the step name."""

    def __init__(
        self,
        name: str,
        *,
        title_key: str,
        prompt_key: str,
        yes_key: str = "choice.yes",
        no_key: str = "choice.no",
        when: Callable[[Data], bool] | None = None,
        sub: bool = False,
    ) -> None:
        super().__init__(name, title_key=title_key, prompt_key=prompt_key, columns=2, when=when)
        self.yes_key = yes_key
        self.no_key = no_key
        self.sub = sub

    def choices(self, ctx: StepContext) -> list[tuple[str, str]]:
        """Return the two answers."""
        return [("y", ctx.texts(self.yes_key)), ("n", ctx.texts(self.no_key))]

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take yes or no, pressed or typed in many ways."""
        if answer.choice is None and answer.text is not None:
            verdict = is_yes(answer.text)
            if verdict is not None:
                return Accept({self.name: verdict})
        result = super().accept(data, answer, ctx)
        if isinstance(result, Accept):
            return Accept({self.name: result.updates[self.name] == "y"})
        return result

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show Có / Không."""
        value = data.get(self.name)
        if value is None:
            return None
        return ctx.texts(self.yes_key if value else self.no_key)


class ToggleStep(YesNoStep):
    """A yes / no offered on the summary, "no" until pressed («🚨 Khẩn cấp»); pressing it
    again takes it back. Still a plain question if a draft stands on it."""

    on_summary = True

    def __init__(
        self,
        name: str,
        *,
        title_key: str,
        prompt_key: str,
        yes_key: str,
        no_key: str,
        offer_key: str,
        undo_key: str,
    ) -> None:
        super().__init__(
            name, title_key=title_key, prompt_key=prompt_key, yes_key=yes_key, no_key=no_key
        )
        self.offer_key = offer_key
        self.undo_key = undo_key

    def answered(self, data: Data) -> bool:
        """Never asked in turn: the default stands until pressed."""
        return True

    def offer(self, data: Data, ctx: StepContext) -> str:
        """Offer to turn it on, or (on) to take it back."""
        return ctx.texts(self.undo_key if data.get(self.name) else self.offer_key)

    def pressed(self, data: Data, ctx: StepContext) -> Result:
        """Flip it at once: no question."""
        return Accept({self.name: not data.get(self.name, False)})

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the state, the default included (members see "Bình thường" before sending)."""
        return ctx.texts(self.yes_key if data.get(self.name) else self.no_key)


class TextStep(Step):
    """Free text; with `allow_voice`, a voice note answers too."""

    def __init__(
        self,
        name: str,
        *,
        title_key: str,
        prompt_key: str,
        max_len: int = MAX_TEXT,
        allow_voice: bool = False,
        optional: bool = False,
        quick: Sequence[str] = (),
        when: Callable[[Data], bool] | None = None,
        offer_key: str = "",
        change_key: str = "",
    ) -> None:
        self.name = name
        self.title_key = title_key
        self.prompt_key = prompt_key
        self.max_len = max_len
        self.allow_voice = allow_voice
        self.optional = optional
        self.quick = tuple(quick)
        self.when = when
        #: With an offer: not asked in turn but chosen on the summary ("change" once given).
        self.on_summary = bool(offer_key)
        self.offer_key = offer_key
        self.change_key = change_key or offer_key

    def offer(self, data: Data, ctx: StepContext) -> str:
        """Offer to add the text, or to change it once given."""
        return ctx.texts(self.change_key if data.get(self.name) else self.offer_key)

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask for the text (quick answers offered as choices)."""
        choices = [(q, ctx.texts(f"quick.{q}")) for q in self.quick]
        return Ask(ctx.texts(self.prompt_key), choices=choices, skip=self.optional)

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take cleaned text, a quick answer or a voice note."""
        if answer.choice is not None:
            if answer.choice in self.quick:
                return Accept({self.name: ctx.texts(f"quick.{answer.choice}")})
            return Reject(ctx.texts("err.want_text"))
        if answer.media is not None and answer.media.kind == "voice" and self.allow_voice:
            media = _media_without(data, self.name)
            media.append({**answer.media.model_dump(), "field": self.name})
            return Accept({self.name: ctx.texts("voice.placeholder"), "media": media})
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        if self.quick:
            quick = [(q, ctx.texts(f"quick.{q}")) for q in self.quick]
            picked = match_choice(answer.text, quick).id
            if picked is not None and len(answer.text.strip()) <= len(ctx.texts(f"quick.{picked}")):
                return Accept({self.name: ctx.texts(f"quick.{picked}")})
        cleaned = clean_user_text(answer.text, self.max_len)
        if isinstance(cleaned, ParseError):
            return Reject(error_text(ctx, cleaned, limit=self.max_len))
        return Accept({self.name: cleaned, "media": _media_without(data, self.name)})

    def skipped(self, data: Data) -> Data:
        """Store nothing for a skipped text."""
        return {self.name: None}

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the text."""
        value = data.get(self.name)
        return None if value is None else str(value)


class PlaceStep(Step):
    """Where: a shared location, coordinates or a maps link, or a typed place."""

    name = "place"

    def __init__(self, *, title_key: str, prompt_key: str) -> None:
        self.title_key = title_key
        self.prompt_key = prompt_key

    def answered(self, data: Data) -> bool:
        """Return whether a place or a location was given."""
        return "place" in data or "location" in data

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask for the place, offering the phone's location button."""
        return Ask(ctx.texts(self.prompt_key), keyboard="location")

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take a location or a place name."""
        if answer.location is not None:
            return Accept(
                {"location": answer.location.model_dump(), "place": data.get("place")},
                note=ctx.texts("place.got_location"),
            )
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        cleaned = clean_user_text(answer.text, MAX_PLACE)
        if isinstance(cleaned, ParseError):
            return Reject(error_text(ctx, cleaned, limit=MAX_PLACE))
        coordinates = parse_coordinates(cleaned)
        if coordinates is not None:
            lat, lon = coordinates
            return Accept(
                {"location": {"lat": lat, "lon": lon}, "place": None},
                note=ctx.texts("place.got_location"),
            )
        return Accept({"place": cleaned, "location": None}, note=ctx.texts("place.got_place"))

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the place and coordinates."""
        parts: list[str] = []
        if data.get("place"):
            parts.append(str(data["place"]))
        if data.get("location"):
            loc = Location.model_validate(data["location"])
            parts.append("📍 " + format_coordinates(loc.lat, loc.lon))
        return ", ".join(parts) or None


class PhotosStep(Step):
    """Photos (up to MAX_PHOTOS), offered on the summary: «📷 Thêm ảnh», then «Xong».

    Never a screen everyone passes: no photo is the default. A photo sent at any other
    question of the form is kept too (the engine hands it here).
    """

    name = "photos"
    optional = True
    collects = True
    on_summary = True

    def __init__(self, *, title_key: str, prompt_key: str) -> None:
        self.title_key = title_key
        self.prompt_key = prompt_key

    def _photos(self, data: Data) -> list[dict[str, Any]]:
        return [m for m in data.get("media", []) if m.get("field") == self.name]

    def answered(self, data: Data) -> bool:
        """Photos are optional: never ask for them again after an edit."""
        return True

    def offer(self, data: Data, ctx: StepContext) -> str:
        """Offer photos on the summary, with how many there are."""
        count = len(self._photos(data))
        return ctx.texts("photos.offer_more", count=count) if count else ctx.texts("photos.offer")

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Ask for photos; one word, «Xong», goes back to the summary, with or without."""
        count = len(self._photos(data))
        text = ctx.texts(self.prompt_key)
        if count:
            text += "\n" + ctx.texts("photos.have", count=count)
        return Ask(text, done=True)

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Add a photo and stay, so several can be sent; each is acknowledged in one line."""
        if answer.media is None or answer.media.kind != "photo":
            if answer.media is not None and answer.media.kind == "sticker":
                return Reject(ctx.texts("err.sticker_photo"))
            return Reject(ctx.texts("err.want_photo"))
        photos = self._photos(data)
        if len(photos) >= MAX_PHOTOS:
            return Reject(ctx.texts("err.too_many_photos", limit=MAX_PHOTOS))
        media = [*data.get("media", []), {**answer.media.model_dump(), "field": self.name}]
        note = ctx.texts("photos.got", count=len(photos) + 1)
        return Accept({"media": media}, stay=True, note=note, reprompt=False)

    def skipped(self, data: Data) -> Data:
        """Drop photos when skipped."""
        return {"media": _media_without(data, self.name)}

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show how many photos."""
        count = len(self._photos(data))
        return ctx.texts("photos.count", count=count) if count else ctx.texts("photos.none")


class WhenStep(Step):
    """When something happened: "now" or a typed date and time."""

    def __init__(self, name: str, *, title_key: str, prompt_key: str) -> None:
        self.name = name
        self.title_key = title_key
        self.prompt_key = prompt_key

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Offer "just now" and explain the typed forms."""
        return Ask(ctx.texts(self.prompt_key), choices=[("now", ctx.texts("when.now"))])

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Parse the time the way people type it."""
        now_choice = [("now", ctx.texts("when.now"))]
        typed_now = answer.text is not None and match_choice(answer.text, now_choice).id == "now"
        if answer.choice == "now" or (answer.choice is None and typed_now):
            return Accept({self.name: ctx.now.isoformat()})
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        parsed = parse_when(answer.text, ctx.now)
        if isinstance(parsed, ParseError):
            return Reject(error_text(ctx, parsed) + "\n" + ctx.texts("when.examples"))
        return Accept(
            {self.name: parsed.at.isoformat()},
            note=ctx.texts(
                "when.understood", when=local_datetime(parsed.at, parsed.at.tzinfo or UTC)
            ),
        )

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the local date and time."""
        value = data.get(self.name)
        if not value:
            return None
        zone = ctx.now.tzinfo
        assert zone is not None
        return local_datetime(datetime.fromisoformat(value), zone)


class MinutesStep(Step):
    """A number of minutes, with quick choices."""

    def __init__(
        self,
        name: str,
        *,
        title_key: str,
        prompt_key: str,
        quick: Sequence[int] = (5, 10, 15, 30, 60),
        when: Callable[[Data], bool] | None = None,
        sub: bool = False,
    ) -> None:
        self.name = name
        self.title_key = title_key
        self.prompt_key = prompt_key
        self.quick = tuple(quick)
        self.when = when
        self.sub = sub

    def ask(self, data: Data, ctx: StepContext) -> Ask:
        """Offer common durations."""
        choices = [(str(m), ctx.texts("minutes.value", minutes=m)) for m in self.quick]
        return Ask(ctx.texts(self.prompt_key), choices=choices, columns=3, numbered=False)

    def accept(self, data: Data, answer: StepInput, ctx: StepContext) -> Result:
        """Take a pressed or typed number of minutes."""
        if answer.choice is not None:
            if answer.choice.isdigit():
                return Accept({self.name: int(answer.choice)})
            return Reject(ctx.texts("err.want_minutes"))
        if answer.text is None:
            return Reject(not_text(ctx, answer))
        parsed = parse_minutes(answer.text)
        if isinstance(parsed, ParseError):
            return Reject(error_text(ctx, parsed) + "\n" + ctx.texts("err.want_minutes"))
        return Accept({self.name: parsed})

    def show(self, data: Data, ctx: StepContext) -> str | None:
        """Show the minutes."""
        value = data.get(self.name)
        return None if value is None else ctx.texts("minutes.value", minutes=value)


@dataclass(frozen=True)
class Option:
    """A dynamic choice supplied by a service (e.g. one of the person's entries)."""

    id: str
    label: str
