"""Running a pipeline over documents in a pool of threads: for stages that wait on a server.

The llm backend spends its time waiting for answers, so a few threads keep a model server
busy (`--llm-concurrency N`). Records come back in the order given. A stage that cannot
make one document's record raises a PeacetalksError: that document is reported failed and
the run goes on; any other exception is a bug and stops the run.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from peacetalks.batch.executor import Extracted
from peacetalks.errors import PeacetalksError
from peacetalks.model import Document
from peacetalks.pipeline import Pipeline

FATAL: tuple[type[Exception], ...] = ()


class ThreadedExecutor:
    """Runs the pipeline on `threads` documents at a time, in this process."""

    def __init__(
        self,
        pipeline: Pipeline,
        threads: int,
        *,
        fatal: tuple[type[Exception], ...] = FATAL,
        keep_claims: bool = False,
    ) -> None:
        self.pipeline = pipeline
        self.threads = max(1, threads)
        self.fatal = fatal  # errors that end the whole run (the server refuses every request)
        self.keep_claims = keep_claims

    def extract(self, docs: Iterable[Document]) -> Iterator[Extracted]:
        """Each document's record (or why there is none), in the order given."""
        ahead = self.threads * 2  # documents handed out before the oldest comes back
        with ThreadPoolExecutor(self.threads, thread_name_prefix="peacetalks") as pool:
            waiting: deque[tuple[Document, Future[Extracted]]] = deque()
            try:
                for doc in docs:
                    waiting.append((doc, pool.submit(self._run, doc)))
                    if len(waiting) >= ahead:
                        yield self._result(*waiting.popleft())
                while waiting:
                    yield self._result(*waiting.popleft())
            finally:
                for _, future in waiting:
                    future.cancel()

    def _run(self, doc: Document) -> Extracted:
        if self.keep_claims:
            record, claims = self.pipeline.run_with_claims(doc)
            return Extracted(doc, record, claims=claims)
        return Extracted(doc, self.pipeline.run(doc))

    def _result(self, doc: Document, future: Future[Extracted]) -> Extracted:
        try:
            return future.result()
        except self.fatal:
            raise
        except PeacetalksError as err:
            return Extracted(doc, None, error=f"{doc.path or doc.id}: {err}")
