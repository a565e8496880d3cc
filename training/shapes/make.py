"""Writes training/shapes/{docs,gold}: short documents written for the project, each sentence
annotated as ANNOTATING.md says, to teach the learned extractor shapes that the real articles
show too rarely for it to learn: pressure and urging ("X faces pressure to accept": not X's
acceptance), analysts' forecasts and advice (no party's position), lists of demands written
with arrows or numbers under a lead-in, quoted speakers, passive agents, both sides.

The facts are public ones told in our own words, or plainly hypothetical; no sentence is taken
from ../shared/eval. Edit DOCS below and run: python3 training/shapes/make.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).parent

# name: (process, published, title, [(sentence, [(holder, issue, stance), ...]), ...]).
# A sentence ending in "\n" starts a new paragraph after it; list items stand on their lines.
DOCS = {
    "shapes-ukraine-pressure": ("russia-ukraine", "2025-06-05", "Pressure builds on Kyiv", [
        ("Kyiv faces mounting pressure from Washington to accept a freeze along the current front line.", [("united-states", "ceasefire", "demand")]),
        ("France and Germany urged Russia to accept an unconditional 30-day truce.", [("france", "ceasefire", "demand"), ("germany", "ceasefire", "demand")]),
        ("Ukrainian officials said they would not accept any deal that hands over the rest of the Donbas.\n", [("ukraine", "territory", "reject")]),
        ("Analysts expect the Kremlin to press for control of all of Donetsk at the next round.", []),
        ("Several Western diplomats believe Ukraine will eventually have to give up land.", []),
        ("Russia dismissed the European call for a truce, saying a pause would only let Kyiv regroup.\n", [("russia", "ceasefire", "reject")]),
        ("A ceasefire proposal put forward by Turkey was welcomed by Kyiv.", [("turkey", "ceasefire", "demand"), ("ukraine", "ceasefire", "accept")]),
        ("\"We are prepared to meet at the level of presidents,\" the Ukrainian foreign minister said.", [("ukraine", "process", "offer")]),
    ]),
    "shapes-gaza-lists": ("gaza", "2025-10-02", "What each side is asking for", [
        ("Hamas set out its conditions in a written reply to the mediators:", []),
        ("\u2192 a permanent end to the war in Gaza;", [("hamas", "ceasefire", "demand")]),
        ("\u2192 the full withdrawal of Israeli forces from the Strip;", [("hamas", "territory", "demand")]),
        ("\u2192 the unhindered entry of humanitarian aid;", [("hamas", "humanitarian", "demand")]),
        ("\u2192 the release of Palestinian prisoners held by Israel.\n", [("hamas", "prisoners", "demand")]),
        ("Israel's cabinet, for its part, listed its own terms:", []),
        ("\u27a2 the return of all living hostages;", [("israel", "prisoners", "demand")]),
        ("\u27a2 the disarmament of Hamas;", [("israel", "military_limits", "demand")]),
        ("\u27a2 no role for Hamas in governing Gaza after the war.\n", [("israel", "governance", "demand")]),
        ("Commentators in the region say neither list will survive the next round.", []),
        ("Some experts argue that Egypt should lead a monitoring mission on the border.", []),
        ("Egypt offered to host the next round of talks in Cairo.", [("egypt", "process", "offer")]),
    ]),
    "shapes-drc-paper": ("drc", "2025-07-10", "Kinshasa's position paper", [
        ("The Congolese government's position paper lists three priorities:", []),
        ("1. the withdrawal of M23 from Goma and Bukavu;", [("drc", "territory", "demand")]),
        ("2. the restoration of state authority in the east;", [("drc", "governance", "demand")]),
        ("3. the disarmament of the rebel fighters.\n", [("drc", "military_limits", "demand")]),
        ("M23 rejected the paper outright, calling it a demand for surrender.", [("m23", "process", "reject")]),
        ("Rwanda has come under pressure from the United States to accept the withdrawal of its troops from Congolese soil.", [("united-states", "foreign_military", "demand")]),
        ("Observers expect the rebels to seek a share of power in Kinshasa.\n", []),
        ("Qatar, which hosts the talks, proposed a joint mechanism to verify the truce.", [("qatar", "monitoring", "demand")]),
        ("The plan for a verification mechanism was endorsed by the African Union.", [("african-union", "monitoring", "accept")]),
    ]),
    "shapes-caucasus-stances": ("armenia-azerbaijan", "2025-08-09", "Before the signing", [
        ("Azerbaijan insists that Armenia change its constitution before any treaty is signed.", [("azerbaijan", "governance", "demand")]),
        ("Armenia has said it is ready to open transport links across its southern region.", [("armenia", "economic_relations", "offer")]),
        ("Critics in Yerevan believe the government is being pushed to accept a one-sided peace.\n", []),
        ("Baku turned down calls by the OSCE to keep the old mediation format.", [("azerbaijan", "process", "reject")]),
        ("The idea of keeping the old format was rejected by Armenia as well.", [("armenia", "process", "reject")]),
        ("\"We will not sign under pressure,\" the Armenian prime minister told reporters.", [("armenia", "process", "reject")]),
        ("Analysts warn that Azerbaijan could demand further concessions on the border.", []),
    ]),
    "shapes-sudan-truce": ("sudan", "2025-09-15", "Truce talk for Sudan", [
        ("The Rapid Support Forces said they had accepted a humanitarian truce proposed by the mediators.", [("rapid-support-forces", "humanitarian", "accept")]),
        ("The Sudanese army, facing calls from its allies to accept the same truce, has not replied.", []),
        ("Egypt and Saudi Arabia called on the army to accept the truce without conditions.\n", [("egypt", "humanitarian", "demand"), ("saudi-arabia", "humanitarian", "demand")]),
        ("Aid agencies believe a pause of three months is needed to avert famine.", []),
        ("The army's commander rejected any talks with the paramilitary group.", [("sudanese-armed-forces", "process", "reject")]),
        ("Both sides called for the opening of humanitarian corridors.", [("rapid-support-forces", "humanitarian", "demand"), ("sudanese-armed-forces", "humanitarian", "demand")]),
        ("Some analysts expect the RSF to press for recognition of a parallel government.", []),
    ]),
}


def main() -> None:
    docs, gold = HERE / "docs", HERE / "gold"
    docs.mkdir(exist_ok=True)
    gold.mkdir(exist_ok=True)
    rows = []
    for name, (process, published, title, sentences) in DOCS.items():
        text = title + "\n\n"
        positions = []
        for sentence, stances in sentences:
            start = len(text)
            body = sentence.rstrip("\n")
            text += body + ("\n\n" if sentence.endswith("\n") else "\n")
            for holder, issue, stance in stances:
                positions.append({
                    "holder": holder, "issue": issue, "stance": stance,
                    "summary": body[:80], "as_of": published, "conditions": None,
                    "evidence": [{"start": start, "end": start + len(body), "text": body}],
                })
        (docs / f"{name}.txt").write_text(text, encoding="utf-8")
        record = {
            "format": "peacetalks/1",
            "document": {"id": name, "path": f"{name}.txt", "url": None, "title": title,
                         "publisher": "peacetalks (written for training)", "published": published,
                         "kind": "news"},
            "actors": [], "events": [], "positions": positions, "agreements": [], "figures": [],
        }
        (gold / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        rows.append((f"docs/{name}.txt", published, title, process))
    with (HERE / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["path", "published", "publisher", "title", "kind"])
        out.writerows([p, d, "peacetalks (written for training)", t, "news"] for p, d, t, _ in rows)
    with (HERE / "processes.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["path", "process"])
        out.writerows([p, g] for p, _, _, g in rows)


if __name__ == "__main__":
    main()
