"""Writes training/shapes/{docs,gold}: short documents written for the project, each sentence
annotated as ANNOTATING.md says, to teach the learned extractor shapes that the real articles
show too rarely for it to learn: pressure and urging ("X faces pressure to accept": not X's
acceptance), analysts' forecasts and advice (no party's position), lists of demands written
with arrows or numbers under a lead-in, quoted speakers, passive agents, both sides; and the
"-everyday" documents: everyday wordings of each issue and stance (wants, has offered, ruled
out, pressed for, is willing to, turned down ...) across twelve peace processes, with joint
agreements, events and commentary as sentences that hold no position.

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
    "shapes-colombia-everyday": ("colombia", "2024-03-12", "Talks with the ELN resume in Caracas", [
        ("The ELN wants the government to suspend military operations in Arauca before the next round.", [("eln", "ceasefire", "demand")]),
        ("Bogota has offered to extend the bilateral ceasefire by another six months.", [("colombia", "ceasefire", "offer")]),
        ("Government negotiators ruled out any amnesty for commanders accused of kidnapping.", [("colombia", "justice", "reject")]),
        ("The guerrillas, for their part, refused to stop collecting ransoms until a fund to pay their fighters is set up.\n", [("eln", "prisoners", "reject")]),
        ("Norway, one of the guarantor countries, called for a permanent monitoring mechanism with UN observers.", [("norway", "monitoring", "demand")]),
        ("The rebels accepted the proposal for joint verification teams in the provinces.", [("eln", "monitoring", "accept")]),
        ("The talks began in Havana in 2022 and have since moved between Caracas and Mexico City.", []),
        ("Security experts doubt the ceasefire can hold through the election campaign.\n", []),
        ("President Petro said his government is prepared to discuss land reform in the regions most hit by the war.", [("colombia", "economic_relations", "offer")]),
        ("The ELN demanded the release of dozens of its jailed members as a gesture of goodwill.", [("eln", "prisoners", "demand")]),
        ("During the ceasefire talks in Caracas, the government asked the guerrillas to hand over the hostages they still hold.", [("colombia", "prisoners", "demand")]),
    ]),
    "shapes-philippines-everyday": ("philippines", "2024-09-03", "Decommissioning slows in Mindanao", [
        ("The MILF has insisted that the remaining phases of decommissioning wait for the promised socio-economic packages.", [("milf", "military_limits", "demand")]),
        ("Manila pledged to release the funds for former combatants before the end of the year.", [("philippines", "economic_relations", "offer")]),
        ("The front also pressed for the postponement of the regional elections in the Bangsamoro region.", [("milf", "governance", "demand")]),
        ("That request was turned down by the election commission, which cited the constitution.\n", []),
        ("Independent monitors from Malaysia and Japan will keep observing the process.", []),
        ("A government panel member said the authorities would grant amnesty to fighters who hand in their weapons.", [("philippines", "justice", "offer")]),
        ("The rebels welcomed the amnesty proclamation but asked for faster processing of applications.", [("milf", "justice", "accept")]),
        ("Many residents of the region remain displaced after decades of fighting.", []),
    ]),
    "shapes-ethiopia-everyday": ("ethiopia-tigray", "2023-02-20", "Pretoria deal under strain", [
        ("The Tigrayan leadership demanded the withdrawal of Eritrean troops from the region's northern districts.", [("tplf", "foreign_military", "demand")]),
        ("Addis Ababa has rejected calls for an international inquiry into abuses committed during the war.", [("ethiopia", "justice", "reject")]),
        ("The federal government and the TPLF signed a cessation of hostilities in Pretoria in November 2022.\n", []),
        ("Under the deal, the rebels agreed to hand over their heavy weapons.", []),
        ("The African Union urged both sides to speed up the restoration of banking and telecommunications in Tigray.", [("african-union", "economic_relations", "demand")]),
        ("Tigrayan officials said they would not disarm further until displaced people can return to western Tigray.", [("tplf", "military_limits", "reject"), ("tplf", "humanitarian", "demand")]),
        ("The federal government is willing to set up an interim administration in Mekelle, a spokesman said.", [("ethiopia", "governance", "offer")]),
        ("Aid groups say food deliveries have resumed but remain far below what is needed.", []),
    ]),
    "shapes-libya-everyday": ("libya", "2021-01-15", "Libyan military talks in Geneva", [
        ("The Government of National Accord called for the departure of all foreign fighters within ninety days.", [("government-of-national-accord", "foreign_military", "demand")]),
        ("Haftar's Libyan National Army has signalled it is open to reopening the coastal road between Sirte and Misrata.", [("libyan-national-army", "economic_relations", "offer")]),
        ("The LNA opposes any role for Turkish military advisers in the west.\n", [("libyan-national-army", "foreign_military", "reject")]),
        ("The UN mission proposed that oil revenues be held in a single account until a unified government is formed.", [("unsmil", "economic_relations", "demand")]),
        ("Both delegations agreed to exchange prisoners held since the 2019 offensive.", []),
        ("Analysts say elections remain the real test of the process.", []),
        ("The Tripoli government has accepted the UN plan for elections in December.", [("government-of-national-accord", "governance", "accept")]),
        ("The eastern camp dismissed the plan, saying the constitutional basis for the vote was never agreed.", [("libyan-national-army", "governance", "reject")]),
    ]),
    "shapes-yemen-everyday": ("yemen", "2023-04-18", "Saudi envoys in Sanaa", [
        ("The Houthis are seeking the payment of public sector salaries from oil and gas revenues.", [("houthis", "economic_relations", "demand")]),
        ("Riyadh has offered to fund the reconstruction of roads and power plants in the north.", [("saudi-arabia", "economic_relations", "offer")]),
        ("The government wants the Houthis to lift their siege of Taiz and open the roads into the city.\n", [("yemen", "humanitarian", "demand")]),
        ("The Saudi-led coalition will not accept any deal that leaves the Houthis armed on its border, officials said.", [("saudi-led-coalition", "military_limits", "reject")]),
        ("The United Nations envoy urged the parties to build on the truce and start a political process.", [("united-nations", "process", "demand")]),
        ("The two sides swapped nearly 900 detainees last week under a deal reached in Switzerland.", []),
        ("Oman, which has mediated between the two sides, proposed a six-month extension of the truce.", [("oman", "ceasefire", "demand")]),
        ("The Houthis turned down the extension, saying the coalition had not met its earlier pledges.", [("houthis", "ceasefire", "reject")]),
    ]),
    "shapes-kosovo-everyday": ("kosovo-serbia", "2023-05-30", "Brussels presses Pristina and Belgrade", [
        ("The European Union demanded that Kosovo start forming the association of Serb-majority municipalities.", [("european-union", "identity_rights", "demand")]),
        ("Prime Minister Albin Kurti said Kosovo is ready to discuss the association if Serbia recognises its independence.", [("kosovo", "identity_rights", "offer"), ("kosovo", "territory", "demand")]),
        ("Belgrade has repeatedly ruled out recognition of Kosovo's statehood.\n", [("serbia", "territory", "reject")]),
        ("Serbian President Aleksandar Vucic called the EU plan acceptable as a basis for talks.", [("serbia", "process", "accept")]),
        ("NATO peacekeepers were deployed around municipal buildings after clashes on Monday.", []),
        ("Washington asked Pristina to withdraw special police units from the north.", [("united-states", "military_limits", "demand")]),
        ("Kurti dismissed that request, saying the police were there to protect the mayors.", [("kosovo", "military_limits", "reject")]),
        ("Commentators in both capitals see little chance of a breakthrough this year.", []),
    ]),
    "shapes-iran-everyday": ("iran", "2025-05-12", "Nuclear talks in Muscat", [
        ("Washington wants Iran to dismantle its enrichment facilities at Natanz and Fordow.", [("united-states", "nuclear", "demand")]),
        ("Tehran has offered to cap uranium enrichment at low levels in return for sanctions relief.", [("iran", "nuclear", "offer"), ("iran", "sanctions", "demand")]),
        ("Iranian officials said they would never give up the right to enrich on their own soil.\n", [("iran", "nuclear", "reject")]),
        ("The United States is prepared to lift some sanctions on oil exports once inspectors confirm the limits, an official said.", [("united-states", "sanctions", "offer")]),
        ("Iran insisted that international inspectors be allowed back only after the first sanctions are lifted.", [("iran", "monitoring", "demand")]),
        ("On the sidelines of the nuclear talks in Muscat, Tehran called for the release of Iranians jailed in the United States.", [("iran", "prisoners", "demand")]),
        ("Oman hosted the third round of talks on Sunday.", []),
        ("Some analysts believe a deal could be reached by the summer.", []),
        ("Israel opposes any agreement that leaves Iran with enrichment capacity.", [("israel", "nuclear", "reject")]),
    ]),
    "shapes-myanmar-everyday": ("myanmar", "2024-01-14", "Truce talks in Kunming", [
        ("The junta demanded that the armed groups return the towns they captured in northern Shan State.", [("myanmar", "territory", "demand")]),
        ("The MNDAA agreed to stop its offensive on the condition that the military halts air strikes.", [("mndaa", "ceasefire", "offer")]),
        ("China, which brokered the talks, pressed both sides to reopen border trade.\n", [("china", "economic_relations", "demand")]),
        ("The TNLA rejected any deal that would hand its territory back to the military.", [("tnla", "territory", "reject")]),
        ("The Arakan Army said it was willing to let aid convoys pass through areas under its control.", [("arakan-army", "humanitarian", "offer")]),
        ("At the truce negotiations in Kunming, the junta demanded the return of the captured border towns.", [("myanmar", "territory", "demand")]),
        ("Residents fear the fighting will resume once the rainy season ends.", []),
        ("The military and the alliance agreed to a truce in Kunming on Thursday.", []),
    ]),
    "shapes-cyprus-everyday": ("cyprus", "2024-07-20", "Fifty years on, no deal in Cyprus", [
        ("The Turkish Cypriot leadership insists on a two-state solution and sovereign equality.", [("turkish-cypriots", "territory", "demand")]),
        ("Nicosia rejects any settlement that does not reunite the island as a federation.", [("cyprus", "territory", "reject")]),
        ("Turkey wants to keep its troops on the island as a guarantor power.\n", [("turkey", "security_guarantees", "demand")]),
        ("The Greek Cypriot side called for the withdrawal of all Turkish troops.", [("cyprus", "foreign_military", "demand")]),
        ("The UN Secretary-General offered to host an informal meeting of the two leaders in New York.", [("united-nations", "process", "offer")]),
        ("Both leaders welcomed the offer of a new UN envoy.", [("cyprus", "process", "accept"), ("turkish-cypriots", "process", "accept")]),
        ("The last round of formal talks collapsed at Crans-Montana in 2017.", []),
    ]),
    "shapes-lebanon-everyday": ("israel-lebanon", "2024-11-20", "The ceasefire draft for Lebanon", [
        ("Israel is demanding the freedom to strike Hezbollah if the group violates the truce.", [("israel", "ceasefire", "demand")]),
        ("Lebanese officials said they would not accept any clause that infringes on the country's sovereignty.", [("lebanon", "territory", "reject")]),
        ("Hezbollah has signalled it could accept a withdrawal of its fighters north of the Litani river.\n", [("hezbollah", "territory", "accept")]),
        ("The United States proposed a committee chaired by an American general to oversee the ceasefire.", [("united-states", "monitoring", "demand")]),
        ("Beirut has pledged to deploy thousands of additional army troops in the south.", [("lebanon", "security_guarantees", "offer")]),
        ("France asked to be part of the monitoring committee.", [("france", "monitoring", "demand")]),
        ("Israeli strikes on the southern suburbs of Beirut continued overnight.", []),
        ("Observers say the draft leaves the hardest questions for later.", []),
    ]),
    "shapes-drc-everyday": ("drc", "2025-04-25", "Washington's push in eastern Congo", [
        ("Kinshasa has called on Rwanda to pull its soldiers out of North Kivu.", [("drc", "foreign_military", "demand")]),
        ("Kigali denies having troops in Congo and wants the FDLR militia disbanded first.", [("rwanda", "foreign_military", "reject"), ("rwanda", "military_limits", "demand")]),
        ("The M23 said it is ready to hand over control of Goma airport for humanitarian flights.\n", [("m23", "humanitarian", "offer")]),
        ("Congo also offered the United States access to its critical minerals in exchange for security support.", [("drc", "economic_relations", "offer")]),
        ("The rebels refused to withdraw from Bukavu before a political agreement is signed.", [("m23", "territory", "reject")]),
        ("Qatar has proposed direct talks between the government and the rebel alliance in Doha.", [("qatar", "process", "demand")]),
        ("The government accepted the invitation to Doha.", [("drc", "process", "accept")]),
        ("Human rights groups accuse both sides of abuses against civilians.", []),
    ]),
    "shapes-afghanistan-everyday": ("afghanistan", "2020-03-04", "Prisoner release stalls Afghan talks", [
        ("The Taliban want 5,000 of their prisoners freed before intra-Afghan negotiations begin.", [("taliban", "prisoners", "demand")]),
        ("President Ghani's government said it had made no commitment to release the prisoners.", [("afghanistan", "prisoners", "reject")]),
        ("Kabul has offered to free 1,500 prisoners in stages if the Taliban reduce violence.\n", [("afghanistan", "prisoners", "offer"), ("afghanistan", "ceasefire", "demand")]),
        ("The United States has committed to withdrawing all its troops within fourteen months.", [("united-states", "foreign_military", "offer")]),
        ("Qatar hosted the signing ceremony in Doha on Saturday.", []),
        ("Many Afghans doubt the insurgents will share power.", []),
    ]),
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
