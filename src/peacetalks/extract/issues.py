"""Issues: which of the record's issue codes a stretch of text is about, from cue lexicons."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import pairwise

from peacetalks.model.record import Issue

# Cues per issue, as regular expressions over lowercased text. The order of ISSUE_CUES is the
# tie-break: more specific issues come first (ANNOTATING.md: children over humanitarian,
# remains over prisoners, military_limits over security_guarantees).
ISSUE_CUES: tuple[tuple[Issue, tuple[str, ...]], ...] = (
    ("children", (r"\bchild(?:ren)?\b", r"\bminors?\b", r"\bkids\b", r"\borphans?\b")),
    (
        "remains",
        (
            # the dead, not an institution ("a joint monitoring body", "legislative bodies")
            r"(?<!legislative )(?<!governing )(?<!monitoring )(?<!oversight )(?<!supervisory )"
            r"(?<!advisory )(?<!international )(?<!regional )(?<!joint )(?<!tripartite )"
            r"(?<!executive )(?<!judicial )(?<!representative )(?<!municipality )"
            r"(?<!coordinating )(?<!coordination )(?<!state )(?<!government )"
            r"(?<!intergovernmental )(?<!technical )(?<!elected )(?<!political )"
            r"(?<!administrative )(?<!verification )(?<!mediation )(?<!security )(?<!un )"
            r"(?<!official )\bbod(?:y|ies)\b",
            r"\b(?:the|human|mortal) remains\b",
            r"\bremains of\b",
            r"\bfallen (?:soldiers|servicemen)\b",
            r"\bdead soldiers\b",
            r"\bcorpses\b",
            r"\bcollect(?:ing)? the dead\b",
            r"\bdeceased\b",
            r"\bkilled (?:soldiers|servicemen)\b",
        ),
    ),
    (
        "prisoners",
        (
            r"\bprisoners?\b",
            r"\bpows?\b",
            r"\bhostages?\b",
            r"\bdetainees?\b",
            r"\bcaptives?\b",
            r"\b(?:prisoner|detainee|hostage) (?:swap|exchange|release)s?\b",
            r"\bswaps?\b",
            r"\bdetained\b",
            r"\b(?:jailed|imprisoned)\b",
            r"\brelease of (?:all |the |its |their )?(?:[\w-]+ ){0,2}(?:members|fighters|detainees|"
            r"combatants|activists|soldiers)\b",
            r"\bcivilians? (?:detained|held|captive)\b",
            r"\bcaptured\b",
            r"\babductees?\b",
            r"\bkidnapp",
            r"\bpolitical prisoners\b",
            r"\ball[- ]for[- ]all\b",
            r"\b\d[\d,]*[- ]for[- ]\d",
        ),
    ),
    (
        "nuclear",
        (
            r"\bnuclear\b",
            r"\batomic\b",
            r"\bnuclear power plant\b",
            r"\bzaporizhzhia npp\b",
            r"\benrich(?:ment|ed|ing)\b",
            r"\buranium\b",
            r"\bcentrifuges?\b",
        ),
    ),
    (
        "alliances",
        (
            r"\bnato\b",
            r"\balliances?\b",
            r"\bneutral(?:ity)?\b",
            r"\bnon-aligned\b",
            r"\bnon-bloc\b",
            r"\bbloc\b",
            r"\bmembership\b",
        ),
    ),
    (
        "military_limits",
        (
            r"\bdemobili[sz]",
            r"\bmobili[sz]ation\b",
            r"\bcaps? on (?:the )?(?:army|troops|forces)\b",
            r"\bsize of (?:the|its|their) (?:army|armed forces|military)\b",
            r"\bdemilitari[sz]",
            r"\bredeploy",
            r"\brearm",
            r"\bdisarm",
            r"\bdecommission",
            r"\blimits? on (?:the )?(?:army|weapons|troops)\b",
            r"\barmy (?:size|ceiling)\b",
            r"\b(?:restrictions?|limits?|caps?|curbs?|ceilings?) on "
            r"(?:the |its |their |[\w'\u2019]+ )?"
            r"(?:size of (?:the |its |their )?(?:[\w'\u2019-]+ )?)?"
            r"(?:army|armed forces|military|troops|weapons)\b",
            r"\bcapped at\b",
            r"\bceiling of\b",
            r"\btroop (?:levels|ceiling|numbers)\b",
            r"\bweapons? (?:handover|surrender)\b",
            r"\bheavy (?:weapons|weaponry|equipment|armou?r)\b",
            r"\b(?:reduc|limit|restrict|cut)\w* (?:(?:its|their|the) )?"
            r"(?:military|army|armed forces|arsenal)\b",
            r"\b(?:surrender|hand)\w* (?:over )?(?:their |its |all )?(?:arms|weapons)\b",
            r"\bnumber of (?:troops|soldiers|the armed forces)\b",
        ),
    ),
    (
        "foreign_military",
        (
            r"\bforeign (?:troops|forces|military|bases|aid|assistance)\b",
            r"\bmilitary (?:aid|assistance|support)\b",
            r"\barms (?:deliveries|supplies|shipments)\b",
            r"\bweapons? (?:deliveries|supplies|shipments)\b",
            r"\bintelligence(?:-sharing| sharing)?\b",
            r"\bsatellite",
            r"\bwestern (?:weapons|arms)\b",
            r"\bforeign fighters\b",
            r"\bmercenar",
            r"\bwithdrawal of (?:foreign|us|american) (?:troops|forces)\b",
            r"\bboots on the ground\b",
        ),
    ),
    (
        "security_guarantees",
        (
            r"\bsecurity guarantees?\b",
            r"\bguarantors?\b",
            r"\breassurance force\b",
            r"\bpeacekeep",
            r"\bsecurity assurances?\b",
            r"\bdeter(?:rence)?\b",
            r"\bnon-aggression\b",
            r"\b(?:stabili[sz]ation|multinational|international|regional|european) force\b",
        ),
    ),
    (
        "territory",
        (
            r"\bterritor(?:y|ies|ial)\b",
            r"\bsovereignty\b",
            r"\bannex",
            r"\bborders?\b(?! crossings?)",
            r"\bwithdraw(?:al|s|n|ing)? (?:(?:of )?(?:[\w'\u2019-]+ ){0,2}?"
            r"(?:troops|forces|occupation|army|fighters|units) )?from\b",
            r"\boccupied\b",
            r"\bregions?\b",
            r"\bland\b(?!,? (?:and |or )?(?:sea|air)\b)",
            r"\brecogni[sz]",
            r"\bcrimea\b",
            r"\bdonbas",
            r"\bdonetsk\b",
            r"\bluhansk\b",
            r"\bkherson\b",
            r"\bzaporizh",
            r"\bbuffer zone\b",
            r"\bcontact line\b",
            # the status of a region (RECORD.md: "status of occupied land"), not who governs
            r"\bautonomy\b",
            r"\bself-(?:rule|government|governance|determination)\b",
        ),
    ),
    (
        "ceasefire",
        (
            r"\bcease[- ]?fires?\b",
            r"\btruces?\b",
            r"\bcessation of hostilities\b",
            r"\barmistice\b",
            r"\bhalt (?:to )?(?:the )?(?:fighting|hostilities|attacks|strikes)\b",
            r"\bstop the (?:war|fighting|killing)\b",
            r"\bend (?:to )?(?:the )?(?:fighting|hostilities)\b",
            r"\bpause in (?:the )?fighting\b",
            r"\bde-?escalat",
            r"\bmoratorium\b",
            r"\b(?:end|ending|halt) (?:to|of) the (?:war|conflict|aggression)\b",
            r"\b(?:pause|halt|stop|suspension|cessation|end) (?:of|in|on|to) (?:\w+ ){0,3}"
            r"(?:strikes|attacks|shelling|bombing|fighting|hostilities)\b",
            r"\bcease (?:its |their |the |all )?(?:[\w-]+ )?"
            r"(?:bombing|shelling|attacks|strikes|fire|hostilities|fighting)\b",
            r"\b(?:refrain|refusal) (?:from |of (?:\w+ ){0,5})?(?:to )?strik",
            # the verbs: "halting air and naval attacks", "to suspend all drone strikes"
            r"\b(?:suspend|stop|halt|pause)(?:s|ed|ing|ping|ped)? (?:all |the |its |their )?"
            r"(?:[\w-]+ (?:and |or )?){0,3}?"
            r"(?:(?:air|drone|missile)?strikes|attacks|shelling|bombing|bombardments?|hostilities|"
            r"fighting|targeting)\b",
            r"\b(?:an |the )?end (?:to|of) (?:the |this |that )?(?:\w+ )?"
            r"(?:war|conflict|aggression)\b",
        ),
    ),
    (
        "sanctions",
        (
            r"\bsanctions?\b",
            r"\bfrozen assets\b",
            r"\bassets\b",
            r"\bembargo",
            r"\btariffs?\b",
            r"\bswift\b",
        ),
    ),
    (
        "justice",
        (
            r"\bwar crimes?\b",
            r"\baccountab",
            r"\breparations?\b",
            r"\bamnesty\b",
            r"\btribunal\b",
            r"\bcompensation\b",
            r"\binternational criminal court\b",
            r"\bicc\b",
            r"\bprosecut",
            r"\bmutual claims\b",
            r"\bwaiv\w* (?:of )?(?:all |any |mutual )?claims\b",
            r"\bjustice\b",
            r"\blegal (?:action|proceedings|cases?|claims)\b",
            r"\bcourts? of\b",
            r"\bclaims against\b",
            r"\blawsuits?\b",
            r"\bcriminal (?:cases|charges|proceedings)\b",
        ),
    ),
    (
        "identity_rights",
        (
            r"\blanguage\b",
            r"\brussian-speaking\b",
            r"\bminorit(?:y|ies)\b",
            r"\bchurch\b",
            r"\breligio",
            r"\b(?:de-?)?nazi",
            r"\bculture\b",
            r"\bmedia\b",
            r"\bethnic\b",
            r"\bself-management\b",  # of a minority's communities (Kosovo Serbs' association)
            r"\bhate speech\b",
            r"\bcivil rights\b",
            r"\b[\w-]+ speakers\b",
        ),
    ),
    (
        "governance",
        (
            r"\belections?\b",
            r"\bmartial law\b",
            r"\blegitima",
            r"\bconstitution",
            r"\bgovernment of national unity\b",
            r"\btransitional (?:government|administration|authority|council)\b",
            r"\bpower-sharing\b",
            r"\bvote\b",
            r"\breferendum\b",
            r"\b(?:civilian|technocratic|interim|unity|inclusive|caretaker|new) government\b",
            r"\bpower sharing\b",
            r"\bsharing of power\b",
            r"\bcivilian rule\b",
            r"\bpolitical transition\b",
            r"\bgovernance\b",
            r"\bdissol\w* (?:of )?(?:the |its |their )?(?:\w+ )?"
            r"(?:government|parliament|cabinet)\b",
        ),
    ),
    (
        "economic_relations",
        (
            r"\btrade\b",
            r"\beconomic\b",
            r"\breconstruction\b",
            r"\bdiplomatic relations\b",
            # not the target of strikes: "attacks on energy infrastructure" is about the strikes
            r"(?<!attacks on )(?<!strikes on )(?<!attack on )(?<!strike on )(?<!attacks against )"
            r"(?<!strikes against )\benergy\b",
            r"\btransit\b",
            r"\bgrain\b",
            r"\bexports?\b",
            r"\binvestment\b",
            r"\bports?\b",
            r"\bshipping\b",
            r"\bminerals?\b",
        ),
    ),
    (
        "monitoring",
        (
            r"\bmonitor",
            r"\bobservers?\b",
            r"\bverification\b",
            r"\bsupervis",
            r"\bverify\b",
            r"\binspect",
            r"\bjoint (?:commission|committee|mechanism)\b",
        ),
    ),
    (
        "humanitarian",
        (
            r"\bhumanitarian\b",
            r"\baid\b",
            r"\bcivilians?\b",
            r"\bdisplaced\b",
            r"\brefugees?\b",
            r"\bevacuat",
            r"\bfamil(?:y|ies) reunification\b",
            r"\bfood\b",
            r"\bmedical\b",
            r"\bcorridors?\b",
            r"\breturn of (?:displaced|refugees)\b",
            r"\brelief\b",
            r"\bsieges?\b",
            r"\bbesieged\b",
            r"\bborder crossings?\b",
            r"\bcrossing points?\b",
            r"\bsafe zones?\b",
            r"\bfle(?:e|eing|d) (?:from )?(?:the )?(?:violence|fighting|war)\b",
            r"\b(?:lift|lifting|end|ending|ease|easing) (?:of )?the (?:\w+ )?blockade\b",
        ),
    ),
    (
        "process",
        (
            r"\btalks\b",
            r"\bnegotiat",
            r"\bround\b",
            r"\bsummit\b",
            r"\bmeetings?\b",
            r"\bmemorand",
            r"\btreaty\b",
            r"\bpeace (?:deal|agreement|plan|process|efforts?|initiative|conference|congress|"
            r"accords?)\b",
            r"\bconsultations?\b",
            r"\b(?:peaceful|political|diplomatic|negotiated) "
            r"(?:solution|settlement|resolution|means|track)\b",
            r"\bdiplomac",
            r"\b(?:lasting|durable|just|comprehensive|sustainable) peace\b",
            r"\bto the (?:negotiating )?table\b",
            r"\bmediat",
            r"\bdialogue\b",
            r"\bworking groups?\b",
            r"\bcontacts\b",
            r"\bmeet (?:with|face to face)\b",
            r"\bframework\b",
            r"\bratif",
            r"\bsign(?:ing)?\b",
            r"\b(?:fulfil|fulfill|implement|honou?r|comply with|meet)\w*\s+(?:\w+\s+)?"
            r"(?:obligations|commitments)\b",
        ),
    ),
)

_COMPILED = tuple(
    (issue, re.compile("|".join(f"(?:{cue})" for cue in cues))) for issue, cues in ISSUE_CUES
)
_PURPOSE = re.compile(
    r"\b(?:to (?!the |a |an |its |their |his |her |all |this |that |these |those |\d)(?=\w)|"
    r"aimed at|in order to|so as to|so that|designed to|intended to|meant to|with the aim of|"
    r"that would|which would)",
    re.IGNORECASE,
)
# "factions in English-speaking regions", "peace in the region": where, not what is disputed
_REGION_AS_SETTING = re.compile(
    r"\b(?:in|across|throughout|within)\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,3}?regions?$"
)
_THE_PROCESS = re.compile(r"\b(?:the|peace|negotiating|political) process\b")
_RANK = {issue: rank for rank, (issue, _cues) in enumerate(ISSUE_CUES)}


@dataclass(frozen=True, slots=True)
class IssueHit:
    """One cue of an issue found in the text, with its character offsets."""

    issue: Issue
    start: int
    end: int


def find_issue_cues(text: str) -> list[IssueHit]:
    """Every issue cue in `text`, in text order."""
    return list(_issue_cues(text))


@functools.lru_cache(maxsize=4096)
def _issue_cues(text: str) -> tuple[IssueHit, ...]:
    # The learned stage asks about the same sentence several times (its features, the
    # sentence after it, a list's lead-in, each stance's scope): ~2 lookups per sentence.
    lowered = text.lower()
    hits = [
        IssueHit(issue, m.start(), m.end())
        for issue, pattern in _COMPILED
        for m in pattern.finditer(lowered)
    ]
    # a vaguer issue's cue inside a more specific one's words names nothing of its own
    # ("civilian" in "civilian government", "withdrawal ... from" around "foreign troops")
    kept = [
        h
        for h in hits
        if not (h.issue == "territory" and _REGION_AS_SETTING.search(lowered, 0, h.end))
        and not any(
            o.issue != h.issue
            and o.start < h.end
            and h.start < o.end
            and _RANK[o.issue] < _RANK[h.issue]
            for o in hits
        )
    ]
    return tuple(sorted(kept, key=lambda h: (h.start, _RANK[h.issue])))


_ONE_RUN = re.compile(r"[\s-]+")  # what may stand between two words of one noun phrase


def shadowed_hits(text: str, hits: list[IssueHit]) -> set[IssueHit]:
    """The hits that yield to a neighbour: of two issues named in one run of words ("a
    humanitarian ceasefire", "foreign military aid"), the more specific names the thing
    ("aid" and "humanitarian" are the vaguer), wherever it stands. `hits` in text order."""
    shadowed = set()
    for a, b in pairwise(hits):
        if a.issue != b.issue and _ONE_RUN.fullmatch(text[a.end : b.start]):
            shadowed.add(a if _RANK[a.issue] > _RANK[b.issue] else b)
    return shadowed


def classify_issue(text: str) -> Issue | None:
    """The best issue for a phrase: the most cues; on a tie the first named (English puts the
    head first: "a truce to collect the dead" is a truce) unless it stands next to a more
    specific one ("a humanitarian ceasefire" is a ceasefire), then the more specific."""
    purpose = _PURPOSE.search(text)
    if purpose is not None:
        head = classify_issue(text[: purpose.start()])
        if head is not None and head != "process":
            return head
    counts: dict[Issue, int] = {}
    first: dict[Issue, int] = {}
    hits = sorted(find_issue_cues(text), key=lambda h: h.start)
    shadowed = shadowed_hits(text, hits)
    for hit in hits:
        counts[hit.issue] = counts.get(hit.issue, 0) + 1
        if hit not in shadowed:
            first.setdefault(hit.issue, hit.start)
    for issue in counts:
        first.setdefault(issue, len(text))
    if not counts:
        # "take part in the process": the talks, but only when nothing else is named
        return "process" if _THE_PROCESS.search(text.lower()) else None
    return min(counts, key=lambda issue: (-counts[issue], first[issue], _RANK[issue]))


def issues_in(text: str) -> list[Issue]:
    """Every issue with a cue in `text`, most specific first, without repeats."""
    found = {hit.issue for hit in find_issue_cues(text)}
    return sorted(found, key=_RANK.__getitem__)
