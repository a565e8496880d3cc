"""People named with a title: "Defence Minister Rustem Umerov", "X, Russia's chief negotiator".

Journalists introduce a person once with a role, a side and a full name, then use the surname.
The rules read the role phrase before the name ("presidential aide X", "Ukraine's foreign
minister, X"), or the appositive after it ("X, a Hamas official,"), and "led by" / "headed by"
after a delegation. The side is the registry actor named in the role phrase ("Ukrainian",
"Russia's", "Hamas"). Registry people get the role; others get a new id slugged from the name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple


def words(text: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(text.split())


ROLE_NOUNS = words(
    "president vice-president premier minister secretary secretary-general chancellor envoy"
    " ambassador adviser advisor aide assistant spokesman spokeswoman spokesperson negotiator"
    " mediator commander commander-in-chief chief leader head director director-general"
    " chairman chairwoman chair chairperson representative official emir king queen prince"
    " speaker general governor mayor senator coordinator facilitator delegate diplomat"
    " lawmaker prosecutor founder marshal colonel admiral officer sultan ruler undersecretary"
    " under-secretary deputy member"
)
MODIFIERS = words(
    "deputy vice first second third acting former senior top special foreign defence defense"
    " interior justice finance economy economic infrastructure energy security national"
    " presidential military intelligence political lead high supreme state affairs executive"
    " personal army prime interim external staff opposition government delegation negotiating"
    " peace chief general crown field armed forces bureau council office ministry cabinet"
    " parliament parliamentary committee commission agency service union outgoing incoming"
    " longtime current veteran federal transitional regional provincial central"
)
HONORIFICS = words(
    "mr mrs ms dr sir dame mullah sheikh sheik gen lt col maj capt adm imam rabbi rev"
    " archbishop cardinal excellency highness"
)
_CONNECTORS = frozenset({"of", "for", "to", "on", "the"})
_ARTICLES = frozenset({"the", "a", "an"})
_TEAMS = frozenset({"delegation", "team", "negotiators", "delegations"})
_MEMBERSHIP = words(
    "included includes including comprised comprising consisted consisting members member"
    " joined alongside accompanied"
)
_TARGET_ROLES = frozenset({"envoy", "ambassador", "representative", "coordinator"})
_STOP_CAPS = words(
    "the a an in on at by for from to with and but or as after before when while since if"
    " meanwhile however yesterday today last next this that these those then also both earlier"
    " later now under over between among against within without following according despite"
    " during it he she they we his her their its our january february march april may june"
    " july august september october november december monday tuesday wednesday thursday friday"
    " saturday sunday"
)
_PARTICLES = words(
    "al el bin ibn bint abu de da do dos das del della di du van von der den la le ter"
)
_REACH = 200  # characters around a role word where its name and side can be
ROLE_WORDS = ROLE_NOUNS | {f"{noun}s" for noun in ROLE_NOUNS} | {"led", "headed"}
_TOKEN = re.compile(r"[^\W\d_](?:[\w'\u2019.-]*[^\W_])?|\d+|[^\w\s]")
_POSSESSIVE = re.compile(r"['\u2019]s?\Z")
_LED_BY = re.compile(r"\b(?:led|headed)\b(?:,[^,.]{0,40},)?\s+by\s+$")
_DELEGATION = re.compile(
    r"\b(?:delegation|delegations|team|negotiators|negotiating team|side)\b|\b[A-Z]\w+ns\b"
)
_LEADING = re.compile(  # ", who led the Russian delegation"; "X headed the Ukrainian team"
    r"(?:,\s+(?:who\s+)?|\s+)(?:is\s+|was\s+)?(?:leading|heading|led|headed|leads|heads)\s+"
    r"(?P<whose>[^,.;]{0,40}?)\b(?:delegation|team|negotiators)\b"
)
_HEAD_OF = re.compile(r"\A(?:head|leader|chief) of (?:the )?(?:[\w'\u2019.-]+ ){0,2}delegation\Z")


class Token(NamedTuple):  # a tuple: thousands per document, built faster than a dataclass
    """A word or mark of the text, and what the registry made of it."""

    start: int
    end: int
    text: str
    party: str | None = None  # the actor id of a state, group or organisation it names
    person: str | None = None  # the actor id of a registry person it names


@dataclass(frozen=True, slots=True)
class Titled:
    """A person named with a role: where the name is, who it is, the role and side stated."""

    start: int
    end: int
    name: str
    actor_id: str | None  # a registry person; None: not in the registry
    party: str | None
    roles: tuple[str, ...]
    evidence: tuple[int, int]  # the role phrase and the name


def slug(name: str) -> str:
    """Lowercase ASCII words joined by '-': "Taher al-Nunu" -> "taher-al-nunu"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def tokenize(
    text: str,
    parties: Sequence[tuple[int, int, str]],
    people: Sequence[tuple[int, int, str]],
    roles: Sequence[int],
) -> list[Token]:
    """Tokens of the stretches of `text` near a role word, marked with the registry parties
    and people whose spans they touch. Text far from any role word names no one by title.

    Args:
        roles: offsets of the role words (ROLE_WORDS, "led", "headed") in the text.
    """
    tokens = []
    marks = sorted(
        [(s, e, a, True) for s, e, a in parties] + [(s, e, a, False) for s, e, a in people]
    )
    i = 0
    for lo, hi in _near_roles(text, roles):
        for match in _TOKEN.finditer(text, lo, hi):
            start, end = match.span()
            while i < len(marks) and marks[i][1] <= start:
                i += 1
            party = person = None
            if i < len(marks) and marks[i][0] < end:
                _s, _e, actor_id, is_party = marks[i]
                party, person = (actor_id, None) if is_party else (None, actor_id)
            tokens.append(Token(start, end, match.group(), party, person))
    return tokens


def _near_roles(text: str, roles: Sequence[int]) -> list[tuple[int, int]]:
    """Merged windows of text around each role word, cut at spaces."""
    windows: list[tuple[int, int]] = []
    for offset in sorted(roles):
        lo = text.rfind(" ", 0, max(0, offset - _REACH)) + 1
        hi = text.find(" ", offset + _REACH)
        hi = len(text) if hi < 0 else hi
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def find_titled(
    text: str,
    tokens: list[Token],
    *,
    skip: Callable[[int], bool],
    parties_of: Mapping[str, str | None],
) -> Iterator[Titled]:
    """People named with a role phrase before or after the name, or as delegation heads.

    Args:
        skip: true for offsets not to read (boilerplate, title-case headlines).
        parties_of: the side of each registry person, for "Putin aide X".
    """
    for first, last in _name_runs(text, tokens):
        if first == last and not tokens[first].person:
            continue  # one capitalised word: a sentence start, not a name with a title
        if not skip(tokens[first].start):
            found = _titled(text, tokens, first, last, parties_of)
            if found is not None:
                yield found


def _name_runs(text: str, tokens: list[Token]) -> Iterator[tuple[int, int]]:
    """(first, last) token indexes of each run of capitalised words (with name particles)."""
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and _joined(text, tokens[j], tokens[j + 1]):
            if not (_capitalised(tokens[j + 1]) or _particle(tokens, j + 1)):
                break
            j += 1
        while j > i and not (_capitalised(tokens[j]) or "-" in tokens[j].text):
            j -= 1  # a run does not end on a bare particle ("de", "bin")
        yield i, j
        i = j + 1


def _titled(
    text: str, tokens: list[Token], first: int, last: int, parties_of: Mapping[str, str | None]
) -> Titled | None:
    begin = first
    while begin <= last and _droppable(tokens[begin]):
        begin += 1
    if begin > last:
        return None
    end = begin
    while end < last and not _droppable(tokens[end + 1]):
        end += 1
    person = next((t.person for t in tokens[begin : end + 1] if t.person), None)
    if person is None and (end - begin < 1 or end - begin > 4 or _has_party(tokens, begin, end)):
        return None
    phrases = [p for p in (_left_phrase(text, tokens, begin), *_right_phrases(tokens, end)) if p]
    roles: list[str] = []
    party = None
    for phrase in phrases:
        role, side = _role(text, tokens, phrase, parties_of)
        roles += [role] if role and role not in roles else []
        party = party or side
    opening = min([begin, *(p[0] for p in phrases)])
    # "led by Putin aide X", "Zelensky's chief of staff": the name is a possessor, X leads
    possessor = end + 1 < len(tokens) and _lower(tokens[end + 1]) in ROLE_NOUNS
    head = None if possessor else _delegation_head(text, tokens, opening, end)
    if head is not None and "head of delegation" not in roles:
        roles.append("head of delegation")
    party = party or head or _team_party(tokens, opening)
    if not roles:
        return None
    possessive = _POSSESSIVE.search(tokens[end].text)
    name_end = tokens[end].end - (len(possessive.group()) if possessive else 0)
    name = text[tokens[begin].start : name_end]
    lo = min([tokens[begin].start, *(tokens[p[0]].start for p in phrases)])
    hi = max([name_end, *(tokens[p[1]].end for p in phrases)])
    return Titled(tokens[begin].start, name_end, name, person, party, tuple(roles), (lo, hi))


def _left_phrase(text: str, tokens: list[Token], begin: int) -> tuple[int, int] | None:
    """Token range of the role phrase right before the name ("Russian President", "X's Y,").

    The phrase stops at "of" or a possessive once a role is in it: in "the head of President
    X's office" X is president; in "Zelensky's chief of staff Y" the possessor is Zelensky.
    """
    i = begin - 1
    comma = i >= 0 and tokens[i].text == ","
    if comma:
        if not _appositive_closes(tokens, begin):
            return None
        i -= 1
    last = i
    has_role = False
    while i >= 0 and _in_phrase(tokens, i) and _joined(text, tokens[i], tokens[i + 1], loose=True):
        word = _lower(tokens[i])
        if has_role and word in _CONNECTORS - _ARTICLES:
            break
        has_role = has_role or word in ROLE_NOUNS
        i -= 1
        if has_role and _POSSESSIVE.search(word):
            break
    first = i + 1
    while first <= last and _lower(tokens[first]) in _CONNECTORS | _ARTICLES:
        first += 1
    if first > last or not _ends_with_role(tokens, first, last):
        return None
    if comma and first >= 2 and tokens[first - 1].text == "," and _capitalised(tokens[first - 2]):
        return None  # "X, deputy minister, Y": the role is X's, said of X
    return first, last


def _right_phrases(tokens: list[Token], end: int) -> Iterator[tuple[int, int]]:
    """Appositive roles after the name: ", a Hamas official," ", the head of X and the Y"."""
    i = end + 1
    if i >= len(tokens) or tokens[i].text != ",":
        return
    while True:
        phrase = _right_phrase(tokens, i + 1)
        if phrase is None:
            return
        yield phrase
        i = phrase[1] + 1
        if i >= len(tokens) or _lower(tokens[i]) != "and":
            return


def _right_phrase(tokens: list[Token], i: int) -> tuple[int, int] | None:
    first = i
    while i < len(tokens) and _lower(tokens[i]) in _ARTICLES | {"who", "is", "was", "now"}:
        i += 1
    last = i - 1
    complement = False  # past "of/for/to/on", proper names belong to the role
    while i < len(tokens):
        token = tokens[i]
        if token.person:
            j = i
            while j < len(tokens) and tokens[j].person == token.person:
                j += 1
            if not (complement and _POSSESSIVE.search(tokens[j - 1].text)):
                break
            last, i = j - 1, j  # "the head of President Zelensky's office"
            continue
        if not _in_phrase(tokens, i) or (
            _capitalised(token) and not _known(token) and not complement
        ):
            break  # a capitalised word right after a role starts another name
        complement = complement or _lower(token) in _CONNECTORS - _ARTICLES
        last, i = i, i + 1
    if i < len(tokens) and (tokens[i].person or _capitalised(tokens[i])):
        return None  # "X, EU President Y": a title of the next name, not an appositive
    while last >= first and _lower(tokens[last]) in _CONNECTORS | _ARTICLES:
        last -= 1
    if last < first or not any(_lower(t) in ROLE_NOUNS for t in tokens[first : last + 1]):
        return None
    return first, last


def _role(
    text: str, tokens: list[Token], phrase: tuple[int, int], parties_of: Mapping[str, str | None]
) -> tuple[str | None, str | None]:
    """The role stated in a phrase, without its article and side; and that side."""
    first, last = phrase
    party = _phrase_party(tokens, first, last)
    if party is None:
        person = next((t.person for t in tokens[first : last + 1] if t.person), None)
        party = parties_of.get(person) if person else None
    while first <= last and (
        _lower(tokens[first]) in _ARTICLES | _CONNECTORS
        or tokens[first].party
        or tokens[first].person
        or not tokens[first].text[:1].isalnum()
    ):
        first += 1
    if first > last:
        return None, party
    role = _role_case(re.sub(r"\s+", " ", text[tokens[first].start : tokens[last].end]))
    return ("head of delegation" if _HEAD_OF.match(role) else role), party


def _role_case(role: str) -> str:
    """Role words in lower case; a complement keeps its capitals unless it is role words too.

    "Foreign Minister" -> "foreign minister", "Secretary of State" -> "secretary of state",
    "Head of the Main Intelligence Directorate" -> "head of the Main Intelligence Directorate".
    """
    parts = re.split(r"( (?:of|for|to|on) )", role, maxsplit=1)
    head, sep, rest = parts if len(parts) == 3 else (role, "", "")
    words = re.findall(r"[^\W\d_][\w-]*", rest)
    vocabulary = ROLE_NOUNS | MODIFIERS | _CONNECTORS | _ARTICLES
    if all(w.lower() in vocabulary for w in words):
        rest = rest.lower()
    head = re.sub(r"[^\W\d_][\w-]*", lambda m: _lowered(m.group()), head)
    return head + sep + rest


def _phrase_party(tokens: list[Token], first: int, last: int) -> str | None:
    """The side named in a role phrase; not the country an envoy or ambassador is sent to."""
    target = False
    for token in tokens[first : last + 1]:
        word = _lower(token)
        if word in _TARGET_ROLES:
            target = True
        if token.party and not (target and word not in ROLE_NOUNS):
            return token.party
    return None


def _delegation_head(text: str, tokens: list[Token], begin: int, end: int) -> str | None:
    """The side of the delegation this name leads ("the Russian delegation, led by X").

    None when the text does not say the name leads a delegation; "" when it does not say whose.
    """
    start = tokens[begin].start
    lo = max(0, start - 120)
    led = _LED_BY.search(text, lo, start)
    if led is not None:
        window = (max(0, led.start() - 80), led.start())
        if not _DELEGATION.search(text, *window):
            return None
        parties = [t.party for t in tokens[:begin] if t.party and window[0] <= t.start < window[1]]
        return parties[-1] if parties else ""
    after = tokens[end].end
    leading = _LEADING.match(text, after, after + 80)
    if leading is None:
        return None
    lo, hi = leading.start("whose"), leading.end()
    return next((t.party for t in tokens if lo <= t.start < hi and t.party), "")


def _team_party(tokens: list[Token], begin: int) -> str | None:
    """The side of the last delegation named earlier in the sentence ("the Russian delegation
    ... included X, deputy foreign minister"), or None."""
    i = begin - 1
    while i > 0 and not _sentence_end(tokens, i):
        i -= 1
    for j in range(begin - 2, i - 1, -1):
        if tokens[j].party and _lower(tokens[j + 1]) in _TEAMS:
            joined = any(_lower(t) in _MEMBERSHIP for t in tokens[j + 2 : begin])
            return tokens[j].party if joined else None
    return None


def _sentence_end(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if token.text not in (".", "!", "?") or token.party:
        return False  # the full stop of "U.S." belongs to the name
    return not (i > 0 and len(tokens[i - 1].text) == 1 and tokens[i - 1].text.isupper())


def _ends_with_role(tokens: list[Token], first: int, last: int) -> bool:
    """A role noun in the phrase, and after the last one only modifiers or "of/for X"."""
    nouns = [i for i in range(first, last + 1) if _lower(tokens[i]) in ROLE_NOUNS]
    if not nouns:
        return False
    tail = tokens[nouns[-1] + 1 : last + 1]
    return not tail or _lower(tail[0]) in _CONNECTORS | MODIFIERS


def _in_phrase(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    word = _lower(token)
    if token.party or token.person or word in ROLE_NOUNS | MODIFIERS | _CONNECTORS | _ARTICLES:
        return True
    return token.text[:1].isupper() and word not in _STOP_CAPS


def _appositive_closes(tokens: list[Token], begin: int) -> bool:
    """After "role, Name" the name is followed by punctuation, a verb or the end."""
    j = begin
    while j < len(tokens) and _capitalised(tokens[j]):
        j += 1
    return j >= len(tokens) or not tokens[j].text[:1].isupper()


def _droppable(token: Token) -> bool:
    word = _lower(token).rstrip(".")
    if token.person:
        return False
    return bool(token.party) or word in ROLE_NOUNS | MODIFIERS | HONORIFICS | _STOP_CAPS


def _has_party(tokens: list[Token], begin: int, end: int) -> bool:
    return any(t.party for t in tokens[begin : end + 1])


def _known(token: Token) -> bool:
    return bool(token.party or token.person) or _lower(token) in ROLE_NOUNS | MODIFIERS


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and token.text[:1].isalpha()


def _particle(tokens: list[Token], i: int) -> bool:
    word = tokens[i].text
    if "-" in word and word.split("-", 1)[0] in _PARTICLES:
        return True  # al-Nunu, el-Sisi
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        word in _PARTICLES and nxt is not None and (_capitalised(nxt) or _particle(tokens, i + 1))
    )


def _joined(text: str, a: Token, b: Token, *, loose: bool = False) -> bool:
    """True when only one space separates a and b (or nothing, for "'s" and "U.S.")."""
    gap = text[a.end : b.start]
    return gap in (" ", "\u00a0") or (loose and gap == "")


def _lower(token: Token) -> str:
    return token.text.lower()


def _lowered(word: str) -> str:
    return word.lower() if word.lower() in ROLE_NOUNS | MODIFIERS | _CONNECTORS else word
