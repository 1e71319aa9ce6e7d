"""The SQL repository both backends share: one mixin per subject, written once.

Each backend supplies a `Database` with the same small interface (storage/sql/conn.py)
and its own dialect for the few places the two SQL dialects differ.
"""
