"""The answer cache: an answer is kept for one data version; requests asking together for an
answer not yet computed wait for one computation."""

from __future__ import annotations

import threading
import time

from peacetalks.store import open_store
from peacetalks.store.cache import AnswerCache, data_version


def test_twenty_requests_for_a_stale_answer_compute_it_once(store_url):
    store = open_store(store_url)
    try:
        cache = AnswerCache(store.engine)
        version = data_version(store.engine)
        calls: list[int] = []

        def compute() -> str:
            calls.append(1)
            time.sleep(0.2)  # long enough that every thread asks while it runs
            return "answer"

        got: list[str] = []
        threads = [
            threading.Thread(target=lambda: got.append(cache.get("view", compute, version)))
            for _ in range(20)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert got == ["answer"] * 20
        assert len(calls) == 1
        # Another data version is another answer, computed again.
        assert cache.get("view", compute, (*version[:-1], "changed")) == "answer"
        assert len(calls) == 2
    finally:
        store.close()
