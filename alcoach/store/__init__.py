"""The member's own SQLite file: sessions and turns, each committed as it happens."""

from alcoach.store.database import StoreError, open_database
from alcoach.store.repository import SessionRecord, Store, TurnRecord

__all__ = ["SessionRecord", "Store", "StoreError", "TurnRecord", "open_database"]
