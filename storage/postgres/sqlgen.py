"""The shared SQL as PostgreSQL runs it: the few rewrites that are not functions.

The repository's SQL (storage/sql) is written once, in the subset both dialects share.
What PostgreSQL spells differently falls in two kinds: functions (julianday, strftime,
date, group_concat, a two-argument max), which the schema defines under SQLite's names
(storage/postgres/schema.py), and syntax, which only a rewrite can change: `?` marks,
`INSERT OR IGNORE`, index hints, `IS ?`, full-text `MATCH`, a list parameter read with
`json_each`, group_concat of a column (the built-in string_agg is faster), and the row
id SQLite hands back after an insert. Each rewrite is below, done once per statement text
and cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

_INSERT = re.compile(r"^\s*INSERT\s+(OR\s+IGNORE\s+)?INTO\s+([A-Za-z_][A-Za-z0-9_]*)", re.I)
_RETURNING = re.compile(r"\bRETURNING\b", re.I)
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # SQLite's index hints: PostgreSQL's planner picks for itself.
    (re.compile(r"\s+INDEXED\s+BY\s+\w+", re.I), ""),
    (re.compile(r"\bentries_search\s+MATCH\s+\?"), "words @@ to_tsquery('simple', ?)"),
    (
        re.compile(r"SELECT\s+value\s+FROM\s+json_each\(\?\)", re.I),
        "SELECT value::bigint FROM json_array_elements_text(CAST(? AS json))",
    ),
    (re.compile(r"\bIS\s+NOT\s+(\?\d*)", re.I), r"IS DISTINCT FROM \1"),
    (re.compile(r"\bIS\s+(\?\d*)", re.I), r"IS NOT DISTINCT FROM \1"),
    (re.compile(r"\bjson_group_array\(", re.I), "json_agg("),
    # The built-in aggregate: the schema's group_concat (an SQL function called for each
    # row) took 4 s for the country's 2.4 million good deeds by team, string_agg 1 s.
    (
        re.compile(r"\bgroup_concat\(([^(),]+)\)", re.I),
        r"string_agg(CAST(\1 AS text), ',')",
    ),
    (
        re.compile(r"\bgroup_concat\(([^(),]+),\s*('[^']*')\)", re.I),
        r"string_agg(CAST(\1 AS text), \2)",
    ),
    (re.compile(r"\bjson_array\(", re.I), "json_build_array("),
)


def _marks(sql: str) -> str:
    """Turn `?` and `?N` into `$k` and `$N`, leaving quoted text alone."""
    out: list[str] = []
    count = 0
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"":
            end = sql.find(ch, i + 1)
            while end != -1 and end + 1 < n and sql[end + 1] == ch:
                end = sql.find(ch, end + 2)
            end = n - 1 if end == -1 else end
            out.append(sql[i : end + 1])
            i = end + 1
            continue
        if ch == "?":
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            if j > i + 1:
                out.append("$" + sql[i + 1 : j])
            else:
                count += 1
                out.append(f"${count}")
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _append(sql: str, clause: str) -> str:
    """Add a clause before a trailing RETURNING (or at the end)."""
    found = list(_RETURNING.finditer(sql))
    if found:
        at = found[-1].start()
        return f"{sql[:at].rstrip()} {clause} {sql[at:]}"
    return f"{sql.rstrip().rstrip(';')} {clause}"


@lru_cache(maxsize=4096)
def translate(sql: str, id_tables: frozenset[str]) -> tuple[str, bool]:
    """Return the statement in PostgreSQL's syntax, and whether it reports a new row's id.

    `id_tables` are the tables with an `id` column: an insert into one returns the id,
    as SQLite's `lastrowid` does (unless the statement has a RETURNING of its own).
    """
    for pattern, replacement in _REWRITES:
        sql = pattern.sub(replacement, sql)
    returns_id = False
    insert = _INSERT.match(sql)
    if insert is not None:
        if insert.group(1):
            sql = sql[: insert.start(1)] + sql[insert.end(1) :]
            sql = _append(sql, "ON CONFLICT DO NOTHING")
        if insert.group(2).lower() in id_tables and not _RETURNING.search(sql):
            sql = _append(sql, "RETURNING id")
            returns_id = True
    return _marks(sql), returns_id


@lru_cache(maxsize=1024)
def counted(sql: str) -> str:
    """Return a translated INSERT, UPDATE or DELETE that returns a row per row it touched
    (its own RETURNING, or `RETURNING 1`): a batch's row count is then its rows', since
    asyncpg hands back no status for a batch."""
    return sql if _RETURNING.search(sql) else _append(sql, "RETURNING 1")
