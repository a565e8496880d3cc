"""The llm backend's own costs: grounding per document, and the client against a stand-in.

No model runs here: a stand-in server on 127.0.0.1 answers at once with each document's gold
record (quotes perturbed, one invented item), so the figures are what peacetalks adds to a
model's own time. Reads ../shared/eval (dev-multi for speed; every set for --grounding).

    .venv/bin/python bench/llm.py               # grounding ms/document, documents/s at 1 and 8
                                                # (stand-in answering at once, and in 0.25 s)
    .venv/bin/python bench/llm.py --grounding   # the fuzzy threshold: scores of changed
                                                # quotes against those of invented ones
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT / "src"))

from peacetalks.batch.threads import ThreadedExecutor  # noqa: E402
from peacetalks.extract.registry import load_registry  # noqa: E402
from peacetalks.ingest import read_document, read_manifest  # noqa: E402
from peacetalks.llm import LlmSettings, LlmUnavailable, open_llm_backend  # noqa: E402
from peacetalks.llm.answer import ActorNames, AnswerContext, read_answer  # noqa: E402
from peacetalks.llm.grounding import FoldedText, fold, fuzzy_score  # noqa: E402
from peacetalks.llm.stage import KINDS  # noqa: E402
from peacetalks.llm.standin import GoldModel, StandIn  # noqa: E402


def annotated(sets: tuple[str, ...]) -> list[tuple[object, dict]]:
    """(document, gold record) of every annotated document of the sets."""
    found = []
    for name in sets:
        base = EVAL / name
        for source in read_manifest(base / "manifest.csv").sources:
            doc = read_document(source)
            gold = base / "gold" / f"{Path(doc.path or '').stem}.json"
            if gold.is_file():
                found.append((doc, json.loads(gold.read_text(encoding="utf-8"))))
    return found


def grounding_cost(pairs: list[tuple[object, dict]], rounds: int) -> dict:
    """Milliseconds to read one gold answer (fold the text, ground every quote, check)."""
    model = GoldModel(gold for _, gold in pairs)
    names = ActorNames(load_registry())
    answers = [(doc, model.answer(gold, fold(doc.text))) for doc, gold in pairs]
    quotes = sum(len(i["evidence"]) for _, a in answers for k in KINDS for i in a[k])
    start = time.perf_counter()
    for _ in range(rounds):
        for doc, answer in answers:
            context = AnswerContext(
                doc=doc,
                folded=FoldedText(doc.text),
                names=names,
                kinds=frozenset(KINDS),
                stage="bench",
                rule="bench",
            )
            read_answer(answer, context)
    seconds = time.perf_counter() - start
    n = len(answers) * rounds
    return {
        "documents": len(answers),
        "quotes_per_document": round(quotes / len(answers), 1),
        "ms_per_document": round(1000 * seconds / n, 2),
    }


class NoCache:
    """Keeps nothing: every document costs a request, as new documents do."""

    def get(self, key):
        return None

    def put(self, key, answer, *, model, prompt):
        pass


def _serve(pairs_sets: tuple[str, ...], latency: float, urls: multiprocessing.Queue) -> None:
    """The stand-in, in a process of its own: its work is not the client's."""
    model = GoldModel(gold for _, gold in annotated(pairs_sets))

    def reply(body):
        time.sleep(latency)
        return model(body)

    with StandIn(reply) as server:
        urls.put(server.url)
        threading.Event().wait()


def client_speed(
    pairs: list[tuple[object, dict]], copies: int, concurrency: int, latency: float
) -> float:
    """Documents/s through the whole llm pipeline, the stand-in answering after `latency` s."""
    urls: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(("dev-multi",), latency, urls))
    server.start()
    try:
        url = urls.get(timeout=60)
        docs = [doc for doc, _ in pairs] * copies
        settings = LlmSettings(url=url, model="gold", concurrency=concurrency)
        backend = open_llm_backend(settings, NoCache())
        executor = ThreadedExecutor(backend.pipeline, concurrency, fatal=(LlmUnavailable,))
        backend.pipeline.run(docs[0])  # warm: registry, patterns, connection
        start = time.perf_counter()
        done = sum(1 for e in executor.extract(docs) if e.record is not None)
        seconds = time.perf_counter() - start
        backend.close()
    finally:
        server.terminate()
        server.join()
    assert done == len(docs), f"{len(docs) - done} documents failed"
    return len(docs) / seconds


def grounding_threshold(pairs: list[tuple[object, dict]], seed: int = 1) -> None:
    """Scores of gold quotes with one word swapped vs. real sentences of other articles."""
    rng = random.Random(seed)
    quotes = [
        [e["text"] for k in KINDS for i in gold.get(k, []) for e in i.get("evidence", [])]
        for _, gold in pairs
    ]
    changed: list[float] = []
    invented: list[float] = []
    for n, (doc, _) in enumerate(pairs):
        text = FoldedText(doc.text)
        words = doc.text.split()
        for quote in quotes[n][:15]:
            tokens = quote.split()
            if len(tokens) < 5:
                continue
            i = rng.randrange(len(tokens))
            swapped = [*tokens[:i], rng.choice(words), *tokens[i + 1 :]]
            if swapped[i] != tokens[i]:
                changed.append(fuzzy_score(" ".join(swapped), text))
        for _ in range(10):
            other = rng.randrange(len(pairs))
            if other == n or not quotes[other]:
                continue
            quote = rng.choice(quotes[other])
            if len(fold(quote)) >= 24 and fold(quote) not in text.folded:
                invented.append(fuzzy_score(quote, text))
    changed.sort()
    invented.sort()
    print(f"documents: {len(pairs)}")
    print(
        f"one word swapped (n {len(changed)}): min {changed[0]:.1f}, 5th percentile "
        f"{changed[len(changed) // 20]:.1f}, median {statistics.median(changed):.1f}"
    )
    print(
        f"sentences of other articles (n {len(invented)}): max {invented[-1]:.1f}, 99th "
        f"percentile {invented[int(len(invented) * 0.99)]:.1f}, median "
        f"{statistics.median(invented):.1f}"
    )
    print("threshold  swapped kept  invented kept")
    for threshold in (75, 80, 85, 90):
        kept = sum(c >= threshold for c in changed) / len(changed)
        wrong = sum(c >= threshold for c in invented) / len(invented)
        print(f"{threshold:>9}  {kept:>12.3f}  {wrong:>13.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grounding", action="store_true", help="measure the fuzzy threshold")
    parser.add_argument("--copies", type=int, default=10, help="passes over dev-multi")
    args = parser.parse_args()
    if args.grounding:
        grounding_threshold(annotated(("train", "dev-multi", "dev")))
        return
    pairs = annotated(("dev-multi",))
    cost = grounding_cost(pairs, rounds=10)
    print(
        f"grounding: {cost['ms_per_document']} ms per document "
        f"({cost['documents']} dev-multi excerpts, {cost['quotes_per_document']} quotes each)"
    )
    for latency in (0.0, 0.25):
        for concurrency in (1, 8):
            copies = args.copies if latency == 0 else max(1, args.copies // 5)
            speed = client_speed(pairs, copies, concurrency, latency)
            print(
                f"whole llm pipeline, stand-in answering in {latency:g} s, concurrency "
                f"{concurrency}: {speed:.1f} docs/s"
            )


if __name__ == "__main__":
    main()
