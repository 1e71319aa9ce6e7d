"""Every subject's mixin in one class: the repository both stores are made of."""

from __future__ import annotations

from storage.sql.accounts import AccountsMixin
from storage.sql.audit import AuditMixin
from storage.sql.calendar import CalendarMixin
from storage.sql.chats import ChatsMixin
from storage.sql.entries import EntryMixin
from storage.sql.joins import JoinMixin
from storage.sql.numbers import ChatNumbersMixin
from storage.sql.org import OrgMixin
from storage.sql.people import PeopleMixin
from storage.sql.police import PoliceMixin
from storage.sql.queue import QueueMixin
from storage.sql.reports import ReportMixin
from storage.sql.web import WebMixin


class Repository(
    OrgMixin,
    PeopleMixin,
    JoinMixin,
    EntryMixin,
    QueueMixin,
    AuditMixin,
    AccountsMixin,
    CalendarMixin,
    PoliceMixin,
    ReportMixin,
    WebMixin,
    ChatNumbersMixin,
    ChatsMixin,
):
    """The shared SQL over a backend's `db` (storage/sql/conn.py: Database)."""
