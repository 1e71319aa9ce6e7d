"""Versioned schema changes. Append only: a released migration is never edited."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One step of the schema, applied atomically with its version number."""

    version: int
    name: str
    sql: str


INITIAL = """
CREATE TABLE provinces (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE
);
CREATE TABLE communes (
    id INTEGER PRIMARY KEY,
    province_id INTEGER NOT NULL REFERENCES provinces(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (province_id, name_key)
);
CREATE TABLE villages (
    id INTEGER PRIMARY KEY,
    commune_id INTEGER NOT NULL REFERENCES communes(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'village' CHECK (kind IN ('village', 'residential_group')),
    UNIQUE (commune_id, name_key)
);
CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    village_id INTEGER NOT NULL REFERENCES villages(id),
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    UNIQUE (village_id, name_key)
);
CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('member', 'leader', 'police', 'admin')),
    team_id INTEGER REFERENCES teams(id),
    commune_id INTEGER REFERENCES communes(id),
    language TEXT NOT NULL DEFAULT 'vi',
    created_at TEXT NOT NULL,
    removed_at TEXT
);
CREATE INDEX persons_team ON persons(team_id) WHERE removed_at IS NULL;
CREATE INDEX persons_commune ON persons(commune_id) WHERE removed_at IS NULL;
CREATE TABLE identities (
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    chat_id TEXT NOT NULL,
    unreachable_at TEXT,
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX identities_person ON identities(person_id);
CREATE TABLE invites (
    code TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('member', 'leader', 'police', 'admin')),
    commune_id INTEGER NOT NULL REFERENCES communes(id),
    team_id INTEGER REFERENCES teams(id),
    created_by INTEGER REFERENCES persons(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    max_uses INTEGER NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0,
    revoked_at TEXT
);
CREATE TABLE police_chats (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes(id),
    title TEXT NOT NULL DEFAULT '',
    linked_by INTEGER REFERENCES persons(id),
    linked_at TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);
CREATE INDEX police_chats_commune ON police_chats(commune_id);
CREATE TABLE code_counters (
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('tip', 'incident', 'deed')),
    reporter_id INTEGER REFERENCES persons(id),
    team_id INTEGER REFERENCES teams(id),
    village_id INTEGER REFERENCES villages(id),
    commune_id INTEGER NOT NULL REFERENCES communes(id),
    source TEXT NOT NULL DEFAULT 'force' CHECK (source IN ('force', 'direct')),
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    place TEXT,
    lat REAL,
    lon REAL,
    occurred_at TEXT,
    urgent INTEGER NOT NULL DEFAULT 0,
    confidential INTEGER NOT NULL DEFAULT 0,
    on_scene INTEGER,
    response_minutes INTEGER,
    action TEXT,
    injuries INTEGER,
    doers TEXT,
    helped TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    draft_id INTEGER UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX entries_reporter ON entries(reporter_id, created_at);
CREATE INDEX entries_team ON entries(team_id, created_at);
CREATE INDEX entries_commune_kind ON entries(commune_id, kind, created_at);
CREATE TABLE tip_sources (
    entry_id INTEGER PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
    source TEXT NOT NULL
);
CREATE TABLE followups (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES persons(id),
    text TEXT,
    draft_id INTEGER UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX followups_entry ON followups(entry_id);
CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER REFERENCES entries(id) ON DELETE CASCADE,
    followup_id INTEGER REFERENCES followups(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    ref TEXT NOT NULL,
    local_path TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX media_entry ON media(entry_id);
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL UNIQUE REFERENCES persons(id),
    flow TEXT NOT NULL,
    step TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data TEXT NOT NULL,
    history TEXT NOT NULL,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE inbox (
    key TEXT PRIMARY KEY,
    channel TEXT NOT NULL,
    payload TEXT,
    received_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX inbox_pending ON inbox(received_at) WHERE done_at IS NULL;
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    dedupe_key TEXT,
    created_at TEXT NOT NULL,
    not_before TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    sent_at TEXT,
    failed_at TEXT,
    error TEXT,
    message_id TEXT
);
CREATE UNIQUE INDEX outbox_dedupe ON outbox(dedupe_key, channel, chat_id)
    WHERE dedupe_key IS NOT NULL;
CREATE INDEX outbox_pending ON outbox(id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_chat ON outbox(channel, chat_id, id)
    WHERE sent_at IS NULL AND failed_at IS NULL;
"""

# --- 2: police (issue 3) -----------------------------------------------------------------
POLICE = """
CREATE TABLE entry_events (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('take', 'handle', 'forward', 'source')),
    status TEXT NOT NULL,
    person_id INTEGER REFERENCES persons(id),
    from_commune_id INTEGER REFERENCES communes(id),
    to_commune_id INTEGER REFERENCES communes(id),
    note TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX entry_events_entry ON entry_events(entry_id, id);
CREATE TABLE digest_schedules (
    commune_id INTEGER PRIMARY KEY REFERENCES communes(id),
    daily TEXT,
    weekly_day INTEGER CHECK (weekly_day BETWEEN 0 AND 6),
    weekly TEXT,
    updated_by INTEGER REFERENCES persons(id),
    updated_at TEXT NOT NULL
);
CREATE TABLE report_jobs (
    id INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES persons(id),
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    request TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    done_at TEXT,
    failed_at TEXT,
    error TEXT
);
CREATE INDEX report_jobs_pending ON report_jobs(id) WHERE done_at IS NULL AND failed_at IS NULL;
-- Reports and digests aggregate by commune (or province) and time: covering indexes let
-- SQLite count from the index alone. They replace entries_commune_kind.
DROP INDEX entries_commune_kind;
CREATE INDEX entries_commune_time ON entries(
    commune_id, created_at, kind, category, source, on_scene, status, village_id, team_id
);
CREATE INDEX entries_time ON entries(
    created_at, commune_id, kind, category, source, on_scene, status, village_id, team_id
);
CREATE INDEX entries_open ON entries(commune_id, created_at)
    WHERE status IN ('new', 'taken', 'forwarded') AND kind IN ('tip', 'incident');
"""

TRUST = """
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES persons(id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX media_created ON media(created_at);
"""

# Zalo (issue 6): one-time codes that link a second messenger account to a person, and
# police chats that belong to one officer (their private chat, where groups don't exist).
ACCOUNTS = """
CREATE TABLE link_codes (
    code TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    channel TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX link_codes_person ON link_codes(person_id);
ALTER TABLE police_chats ADD COLUMN person_id INTEGER REFERENCES persons(id);
CREATE INDEX police_chats_person ON police_chats(person_id) WHERE person_id IS NOT NULL;
"""

# Issue 4: the calendar (phases, deadlines), what the scheduler decided, reminder settings.
CALENDAR = """
CREATE TABLE phases (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    report_date TEXT NOT NULL,
    commune_id INTEGER REFERENCES communes(id),
    created_by INTEGER REFERENCES persons(id),
    edited_by INTEGER REFERENCES persons(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Reminders due before this (creation, or the last change of dates) are not planned,
    -- nor counted as missed: a deadline added on 10/11 has no "14 days before" reminder.
    planned_from TEXT NOT NULL,
    removed_at TEXT,
    CHECK (end_date >= start_date),
    CHECK (report_date >= start_date)
);
CREATE INDEX phases_live ON phases(report_date) WHERE removed_at IS NULL;
CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    due_date TEXT NOT NULL,
    commune_id INTEGER REFERENCES communes(id),
    audience TEXT NOT NULL,
    report INTEGER NOT NULL DEFAULT 0,
    -- 'custom', or the key of an annual deadline from the config ('report', 'festival').
    series TEXT NOT NULL DEFAULT 'custom',
    year INTEGER,
    -- NULL for deadlines made from the config; an admin's edit freezes them.
    created_by INTEGER REFERENCES persons(id),
    edited_by INTEGER REFERENCES persons(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    planned_from TEXT NOT NULL,
    removed_at TEXT
);
CREATE INDEX deadlines_live ON deadlines(due_date) WHERE removed_at IS NULL;
-- One annual deadline per series and year, even after an admin removed it (so it stays removed).
CREATE UNIQUE INDEX deadlines_series ON deadlines(series, year) WHERE series != 'custom';
CREATE TABLE schedule_runs (
    key TEXT PRIMARY KEY,
    due_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sent', 'skipped')),
    messages INTEGER NOT NULL DEFAULT 0,
    decided_at TEXT NOT NULL
);
CREATE TABLE schedule_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE person_settings (
    person_id INTEGER PRIMARY KEY REFERENCES persons(id),
    mute_reminders INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE INDEX identities_unreachable ON identities(unreachable_at)
    WHERE unreachable_at IS NOT NULL;
CREATE INDEX entries_team_kind ON entries(team_id, kind, created_at);
-- Broadcasts (reminders, nudges) wait behind people's conversations, never the reverse.
ALTER TABLE outbox ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0;
"""

# Issue 10 §4: how each commune's police want routine entries, whether an officer's note
# was sent to the reporter, and the entries nobody has taken yet (escalation looks there
# on every tick).
POLICE_TIMES = """
CREATE TABLE police_settings (
    commune_id INTEGER PRIMARY KEY REFERENCES communes(id),
    routine TEXT NOT NULL CHECK (routine IN ('now', 'digest')),
    updated_by INTEGER REFERENCES persons(id),
    updated_at TEXT NOT NULL
);
ALTER TABLE entry_events ADD COLUMN note_shared INTEGER NOT NULL DEFAULT 0;
CREATE INDEX entries_untaken ON entries(created_at)
    WHERE status IN ('new', 'forwarded') AND kind IN ('tip', 'incident');
"""

# Issue 12: the web workspace. One-time sign-in links and browser sessions are stored by
# the SHA-256 of their secret, never the secret. Entries get a full-text index of their
# words folded as typed text is (no accents, đ → d), filled by trigger through the
# antt_fold() function every connection registers (storage/sqlite/db.py), with a token
# for the entry's commune ("xa12x") so a commune's search is one intersection inside the
# index; a forward moves the entry's document.


def search_document(row: str) -> str:
    """Return the SQL of an entry's search document (`row` is new, old or the table)."""
    return _search_words(row)


def _search_words(row: str) -> str:
    prefix = f"{row}." if row else ""
    return (
        f"antt_fold({prefix}code || ' ' || {prefix}description || ' '\n"
        f"        || coalesce({prefix}place, '') || ' ' || coalesce({prefix}doers, '') || ' '\n"
        f"        || coalesce({prefix}helped, '')) || ' xa' || {prefix}commune_id || 'x'"
    )


WEB = f"""
CREATE TABLE web_tokens (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX web_tokens_person ON web_tokens(person_id);
CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id),
    csrf TEXT NOT NULL,
    via TEXT NOT NULL CHECK (via IN ('link', 'miniapp')),
    user_agent TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX web_sessions_person ON web_sessions(person_id) WHERE ended_at IS NULL;
CREATE VIRTUAL TABLE entries_search USING fts5(
    words, content='', tokenize='unicode61', prefix='2 3'
);
INSERT INTO entries_search (rowid, words) SELECT id, {_search_words("")} FROM entries;
CREATE TRIGGER entries_search_add AFTER INSERT ON entries BEGIN
    INSERT INTO entries_search (rowid, words) VALUES (new.id, {_search_words("new")});
END;
CREATE TRIGGER entries_search_move AFTER UPDATE OF commune_id ON entries
WHEN old.commune_id != new.commune_id BEGIN
    INSERT INTO entries_search (entries_search, rowid, words)
        VALUES ('delete', old.id, {_search_words("old")});
    INSERT INTO entries_search (rowid, words) VALUES (new.id, {_search_words("new")});
END;
-- Entries are never deleted by the bot; a stale rowid in the index matches no entry.
-- The inbox lists a commune's urgent entries newest first.
CREATE INDEX entries_urgent ON entries(commune_id, created_at) WHERE urgent = 1;
-- The map reads a commune's located entries of a period from this index alone: a year of a
-- busy commune is tens of thousands of points, too many to fetch row by row.
CREATE INDEX entries_map ON entries(
    commune_id, created_at, kind, status, lat, lon, village_id, code
) WHERE lat IS NOT NULL AND lon IS NOT NULL;
"""

# Issue 11 (data care): an event that keeps failing is set aside after a few tries instead
# of replayed forever; delivered messages are found by age to be pruned, and their text,
# which can name a confidential source, is blanked (older rows too).
DATACARE = """
ALTER TABLE inbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inbox ADD COLUMN set_aside_at TEXT;
DROP INDEX inbox_pending;
CREATE INDEX inbox_pending ON inbox(received_at) WHERE done_at IS NULL AND set_aside_at IS NULL;
CREATE INDEX outbox_finished ON outbox(created_at)
    WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;
UPDATE outbox SET payload = '' WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;
"""

# Issue 10: the official map of communes (code and centre of each commune, code of the
# province) and when each team was created (the monthly good-deed target counts a team
# only from its first month). Teams created before this knew no date: their commune's
# creation is the earliest they can have been added.
OFFICIAL_MAP = """
ALTER TABLE provinces ADD COLUMN code TEXT;
ALTER TABLE communes ADD COLUMN code TEXT;
ALTER TABLE communes ADD COLUMN lat REAL;
ALTER TABLE communes ADD COLUMN lon REAL;
CREATE UNIQUE INDEX communes_code ON communes(code) WHERE code IS NOT NULL;
ALTER TABLE teams ADD COLUMN created_at TEXT;
UPDATE teams SET created_at = (
    SELECT c.created_at FROM villages v JOIN communes c ON c.id = v.commune_id
    WHERE v.id = teams.village_id
);
-- Response times (/baocao): when an entry reached its commune (its last forward), was
-- taken there and handled, kept on the entry by triggers on its history, so a province
-- year is measured from one index range instead of three history lookups per entry.
-- Handling without taking first counts as taking it then.
ALTER TABLE entries ADD COLUMN arrived_at TEXT;
ALTER TABLE entries ADD COLUMN taken_at TEXT;
ALTER TABLE entries ADD COLUMN handled_at TEXT;
CREATE TRIGGER entry_events_forward AFTER INSERT ON entry_events WHEN NEW.action = 'forward'
BEGIN
    UPDATE entries SET arrived_at = NEW.created_at, taken_at = NULL WHERE id = NEW.entry_id;
END;
CREATE TRIGGER entry_events_take AFTER INSERT ON entry_events WHEN NEW.action = 'take'
BEGIN
    UPDATE entries SET taken_at = COALESCE(taken_at, NEW.created_at) WHERE id = NEW.entry_id;
END;
CREATE TRIGGER entry_events_handle AFTER INSERT ON entry_events WHEN NEW.action = 'handle'
BEGIN
    UPDATE entries SET handled_at = NEW.created_at,
        taken_at = COALESCE(taken_at, NEW.created_at) WHERE id = NEW.entry_id;
END;
UPDATE entries SET arrived_at = (
    SELECT max(created_at) FROM entry_events WHERE entry_id = entries.id AND action = 'forward'
) WHERE id IN (SELECT entry_id FROM entry_events);
UPDATE entries SET
    taken_at = (
        SELECT min(created_at) FROM entry_events WHERE entry_id = entries.id
        AND action IN ('take', 'handle') AND created_at >= COALESCE(entries.arrived_at, '')
    ),
    handled_at = (
        SELECT max(created_at) FROM entry_events WHERE entry_id = entries.id AND action = 'handle'
    )
WHERE id IN (SELECT entry_id FROM entry_events);
CREATE INDEX entries_response ON entries(commune_id, created_at, taken_at, arrived_at, handled_at)
    WHERE taken_at IS NOT NULL;
"""

# A person's language is what they chose in /caidat; '' means they chose nothing and read the
# deployment's default (bot.default_language). Until now the column held what the person's
# Telegram app reported at joining, which is "en" on most Vietnamese phones: nobody chose it
# (the setting was not recorded as a choice), so everyone starts again from the default.
LANGUAGE_CHOICE = """
UPDATE persons SET language = '';
"""

# Issue 10 §3: real names, and good deeds done by people rather than by button words.
# `persons.name` becomes the full name people gave (what reports show); the messenger's
# display name at joining stays in `profile_name`. Good deeds get their doers as rows: a
# member (person_id) or a resident typed by name. Old deeds are converted from the text
# the doers step stored: the button words "Tôi" / "Cả tổ" (either language, with or
# without their emoji) become the reporter / the team's members on the day it was filed;
# other text is split at commas and "và" / "and", each name matched to a member of the
# team by exact name or kept as a resident's name. The old column stays, never shown, as
# the record of what was typed.
NAMES = """
ALTER TABLE persons ADD COLUMN profile_name TEXT;
ALTER TABLE persons ADD COLUMN name_asked_at TEXT;
ALTER TABLE persons ADD COLUMN name_confirmed_at TEXT;
UPDATE persons SET profile_name = name;
CREATE TABLE deed_doers (
    id INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES persons(id),
    name TEXT,
    CHECK ((person_id IS NULL) <> (name IS NULL))
);
CREATE INDEX deed_doers_entry ON deed_doers(entry_id, id);
CREATE UNIQUE INDEX deed_doers_person ON deed_doers(person_id, entry_id)
    WHERE person_id IS NOT NULL;
CREATE TEMP TABLE old_doers AS
WITH RECURSIVE
split(entry_id, rest, pos, piece) AS (
    SELECT id, replace(replace(replace(replace(trim(doers), ' và ', ','), ' and ', ','),
                               ';', ','), char(10), ',') || ',', 0, NULL
    FROM entries WHERE kind = 'deed' AND doers IS NOT NULL AND trim(doers) <> ''
    UNION ALL
    SELECT entry_id, substr(rest, instr(rest, ',') + 1), pos + 1,
           trim(substr(rest, 1, instr(rest, ',') - 1))
    FROM split WHERE rest <> ''
)
SELECT s.entry_id, s.pos, s.piece,
       trim(replace(replace(s.piece, '🙋', ''), '👥', '')) AS word
FROM split s WHERE s.piece IS NOT NULL AND s.piece <> '';
-- "Tôi" / "Me": the reporter.
INSERT OR IGNORE INTO deed_doers (entry_id, person_id)
SELECT o.entry_id, e.reporter_id FROM old_doers o JOIN entries e ON e.id = o.entry_id
WHERE o.word IN ('Tôi', 'tôi', 'Toi', 'toi', 'Me', 'me') AND e.reporter_id IS NOT NULL
ORDER BY o.entry_id, o.pos;
-- "Cả tổ" / "Whole team": the team's members and leaders on the day the deed was filed.
INSERT OR IGNORE INTO deed_doers (entry_id, person_id)
SELECT o.entry_id, p.id FROM old_doers o JOIN entries e ON e.id = o.entry_id
JOIN persons p ON p.team_id = e.team_id AND p.role IN ('member', 'leader')
    AND p.created_at <= e.created_at AND (p.removed_at IS NULL OR p.removed_at > e.created_at)
WHERE o.word IN ('Cả tổ', 'cả tổ', 'Ca to', 'ca to', 'Whole team', 'whole team')
ORDER BY o.entry_id, o.pos, p.id;
-- A whole team nobody is recorded in (filed before anyone joined): at least the reporter.
INSERT OR IGNORE INTO deed_doers (entry_id, person_id)
SELECT o.entry_id, e.reporter_id FROM old_doers o JOIN entries e ON e.id = o.entry_id
WHERE o.word IN ('Cả tổ', 'cả tổ', 'Ca to', 'ca to', 'Whole team', 'whole team')
    AND e.reporter_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM deed_doers d WHERE d.entry_id = o.entry_id);
-- Any other name: a member of the team by that exact name, else a resident.
INSERT OR IGNORE INTO deed_doers (entry_id, person_id, name)
SELECT o.entry_id,
       (SELECT min(p.id) FROM persons p WHERE p.team_id = e.team_id AND p.name = o.piece
            AND p.role IN ('member', 'leader')),
       CASE WHEN EXISTS (SELECT 1 FROM persons p WHERE p.team_id = e.team_id
            AND p.name = o.piece AND p.role IN ('member', 'leader')) THEN NULL
            ELSE substr(o.piece, 1, 120) END
FROM old_doers o JOIN entries e ON e.id = o.entry_id
WHERE o.word NOT IN ('Tôi', 'tôi', 'Toi', 'toi', 'Me', 'me',
                     'Cả tổ', 'cả tổ', 'Ca to', 'ca to', 'Whole team', 'whole team')
ORDER BY o.entry_id, o.pos;
DROP TABLE old_doers;
"""

# Issue 11 §11: police and admin invites are bearer keys. Whoever opens one waits in
# `join_requests` — not in `persons`, so no query for officers can ever find them —
# until an admin (or, where the invite allows it, an officer of that commune) approves.
# Invites already made for those roles need the same approval from now on.
INVITE_APPROVAL = """
ALTER TABLE invites ADD COLUMN approval TEXT NOT NULL DEFAULT 'none'
    CHECK (approval IN ('none', 'admin', 'police'));
UPDATE invites SET approval = 'admin' WHERE role IN ('police', 'admin');
CREATE TABLE join_requests (
    id INTEGER PRIMARY KEY,
    invite_code TEXT NOT NULL REFERENCES invites(code),
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    -- The messenger's display name and @username, shown to whoever decides.
    name TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'vi',
    -- Set when the account already belongs to someone (a member asking to be police).
    person_id INTEGER REFERENCES persons(id),
    requested_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by INTEGER REFERENCES persons(id),
    decision TEXT CHECK (decision IN ('approved', 'refused'))
);
CREATE UNIQUE INDEX join_requests_open ON join_requests(channel, external_id)
    WHERE decided_at IS NULL;
CREATE INDEX join_requests_invite ON join_requests(invite_code);
"""

# --- 10: police chats that change under the bot (issue 11) ---------------------------------
CHAT_FAULTS = """
-- A police group the bot was removed from: it gets nothing any more, and when the bot is
-- added back the admins are told which commune it served and how to link it again.
CREATE TABLE unlinked_police_chats (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes(id),
    title TEXT NOT NULL DEFAULT '',
    unlinked_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id)
);
"""

# --- 14: a revoked invite cancels the requests still open from it (issue 12) --------------
# SQLite cannot change a CHECK constraint in place: the table is copied under the new one.
# Nothing refers to join_requests, so dropping the old table breaks no foreign key.
JOIN_CANCELLED = """
CREATE TABLE join_requests_new (
    id INTEGER PRIMARY KEY,
    invite_code TEXT NOT NULL REFERENCES invites(code),
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    name TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'vi',
    person_id INTEGER REFERENCES persons(id),
    requested_at TEXT NOT NULL,
    decided_at TEXT,
    -- For a cancelled request: who revoked the invite.
    decided_by INTEGER REFERENCES persons(id),
    decision TEXT CHECK (decision IN ('approved', 'refused', 'cancelled'))
);
INSERT INTO join_requests_new (id, invite_code, channel, external_id, chat_id, name, username,
    language, person_id, requested_at, decided_at, decided_by, decision)
SELECT id, invite_code, channel, external_id, chat_id, name, username, language, person_id,
    requested_at, decided_at, decided_by, decision FROM join_requests;
DROP TABLE join_requests;
ALTER TABLE join_requests_new RENAME TO join_requests;
CREATE UNIQUE INDEX join_requests_open ON join_requests(channel, external_id)
    WHERE decided_at IS NULL;
CREATE INDEX join_requests_invite ON join_requests(invite_code);
"""

# Issue 13 (Zalo first): each open entry's short number in each chat it is shown in, so an
# officer can answer «nhận 12» where there are no buttons; a reply quoting an alert is
# found by the message id the bot got when sending it.
ZALO_GROUPS = """
CREATE TABLE chat_numbers (
    channel TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (channel, chat_id, number)
);
CREATE UNIQUE INDEX chat_numbers_entry ON chat_numbers(channel, chat_id, entry_id);
CREATE INDEX outbox_message ON outbox(channel, chat_id, message_id)
    WHERE message_id IS NOT NULL;
"""

# Numbers reserved while features are built in parallel: 2 police, 3 calendar, 4 zalo, 5 trust.
# Issue 14 (national scale): a report's counts group a scope's entries by commune and every
# attribute the targets read. Read from entries_commune_time (commune, time, ...) they must
# be sorted first: 3.5 million rows for the country's year took 6 s to sort. This index holds
# them in grouping order with the time last, so the count streams without a sort (1.6 s),
# reading the scope's whole history instead of one year: cheap for a commune or a province,
# and the same total work for the country as the sort's.
NATIONAL = """
CREATE INDEX entries_counts ON entries(
    commune_id, kind, category, source, on_scene, status, created_at
);
"""

# Issue 14: the counts by village (a report's places) grouped a scope's entries by commune,
# village and kind, and the good deeds by team and month; read from entries_commune_time
# they were sorted first (the country's year: 8 s and 2 s). These indexes hold them in
# grouping order, time last, so they stream like the counts of migration 16; the good
# deeds' is partial (a third of the entries).
PLACES = """
CREATE INDEX entries_places ON entries(commune_id, village_id, kind, created_at);
CREATE INDEX entries_deeds ON entries(commune_id, team_id, created_at, kind)
    WHERE kind = 'deed' AND team_id IS NOT NULL;
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial", INITIAL),
    Migration(2, "police: status history, digest schedules, report jobs", POLICE),
    Migration(3, "calendar, scheduled sends, reminder settings", CALENDAR),
    Migration(4, "accounts across messengers", ACCOUNTS),
    Migration(5, "audit log and retention", TRUST),
    Migration(6, "police: routine entries, shared notes, untaken entries", POLICE_TIMES),
    Migration(7, "web workspace: sign-in links, sessions, entry search", WEB),
    Migration(8, "data care: set-aside events, pruned outbox", DATACARE),
    Migration(9, "official commune codes and centres, team creation dates", OFFICIAL_MAP),
    Migration(10, "a person's language is their own choice", LANGUAGE_CHOICE),
    Migration(11, "real names; good deeds' doers as people", NAMES),
    Migration(12, "police and admin invites wait for approval", INVITE_APPROVAL),
    Migration(13, "police chats the bot was removed from", CHAT_FAULTS),
    Migration(14, "revoked invites cancel their open requests", JOIN_CANCELLED),
    Migration(15, "zalo first: short numbers of open entries per chat", ZALO_GROUPS),
    Migration(16, "national scale: report counts read in grouping order", NATIONAL),
    Migration(17, "national scale: places and good-deed months in grouping order", PLACES),
)
