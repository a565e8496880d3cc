"""A corpus of hostile and unusual inputs, written at test time (no committed blobs).

`write_corpus(folder)` writes the files and a manifest, and returns the cases: each with the
path or row that carries it, whether it must be stored (good documents) or refused, and what
the refusal must say. The good documents are interleaved with the bad ones: every one must be
stored whatever the files around it do. Texts are written for this corpus.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path

GOOD = (
    "Envoys meet in Geneva\n\nThe envoys of the two governments met in Geneva on Monday and "
    "agreed to exchange 200 detained fishermen before the end of the month, officials said.",
    "Talks resume after a pause\n\nThe delegations resumed talks in Doha on Tuesday. The rebels "
    "demanded the release of their fighters, and the government rejected the demand.",
    "A truce on the coast\n\nThe two sides agreed on Wednesday to a thirty-day truce along the "
    "coast, and the mediator said monitors would be sent to the ports within a week.",
    "Prisoners go home\n\nThe government freed 150 prisoners on Thursday under the deal reached "
    "in Nairobi last month, and the rebels said they would free their captives in turn.",
    "A new round is planned\n\nThe mediators said on Friday that a new round of talks would be "
    "held in Addis Ababa in June, and that both delegations had accepted the agenda.",
)
# English words for the long inputs (the language check needs function words).
_WORDS = (
    "the delegation said that the talks would resume in the capital and that the exchange of "
    "prisoners was agreed by both sides on Monday after a long night of negotiations "
)


@dataclass(frozen=True, slots=True)
class Case:
    """One input: where it is, whether it must be stored, and what a refusal must name."""

    name: str
    path: str  # as given to ingest (a path, or the manifest row's path or url)
    good: bool = False
    says: tuple[str, ...] = ()  # words the refusal message must contain
    via_manifest: bool = False
    # Long inputs may be read, or skipped by the time limit, depending on the machine.
    either: bool = False


def _deflated(chunk: bytes, times: int) -> bytes:
    """`chunk` repeated `times` times, deflated without ever holding the whole in memory."""
    packer = zlib.compressobj(9)
    packed = [packer.compress(chunk) for _ in range(times)]
    return b"".join([*packed, packer.flush()])


def _pdf(
    contents: list[bytes], *, pages: int = 1, encrypted: bool = False, packed: bool = False
) -> bytes:
    """A minimal PDF: `pages` pages sharing the content streams given (deflated here, or
    already deflated when `packed`)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    first_page = 3
    content_ids = [first_page + pages + i for i in range(len(contents))]
    refs = b" ".join(b"%d 0 R" % c for c in content_ids) or b""
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s "
            b"/Contents [%s] >>" % (font, refs)
        )
    for content in contents:
        deflated = content if packed else zlib.compress(content, 9)
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(deflated)
            + deflated
            + b"\nendstream"
        )
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    encrypt = b" /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>"
    extra = encrypt if encrypted else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        extra,
        xref,
    )
    return out


def _text_stream(text: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text.encode("latin-1")


def write_corpus(folder: Path) -> list[Case]:
    """Write every case under `folder` (and a manifest.csv); return the cases."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    goods = iter(GOOD)

    def put(name: str, data: bytes | str, **kw: object) -> None:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases.append(Case(name, str(path), **kw))  # type: ignore[arg-type]

    def good(name: str, text: str | None = None) -> None:
        put(name, text or next(goods), good=True)

    good("good-1.txt")
    put("empty.txt", b"", says=("empty",))
    put("blank.txt", b" \n\t\r\n", says=("empty",))
    put("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, says=("binary",))
    put("nul.txt", b"The talks resumed\x00\x00\x00 on Monday " * 5, says=("NUL",))
    put("control.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20, says=("binary",))
    put("latin1.txt", ("Talks in Genève resumed " * 20).encode("latin-1"), says=("UTF-8",))
    put("utf16.txt", (_WORDS * 5).encode("utf-16-le"), good=True)  # no BOM: still read
    good("good-2.txt")
    put("bad-utf8.txt", b"The talks \xc3\x28 resumed " * 20, says=("UTF-8",))
    put("french.txt", "Les délégations se sont réunies jeudi et ont convenu " * 10,
        says=("English",))  # fmt: skip
    put("huge-word.txt", "The talks resumed. " + "x" * 100_000 + " " + _WORDS * 20, either=True)
    put("long-report.txt", "A long report\n\n" + (_WORDS + ".\n\n") * 6_500, either=True)
    put("one-line.txt", (_WORDS * 12_000).replace("\n", " "), either=True)  # 2 MB, one line
    put("many-lines.txt", "a\n" * 1_000_000, either=True)
    put("over-size.txt", _WORDS * 20_000, says=("limit", "--max-size"))  # ~3.5 MB > 3 MB
    good("good-3.txt")
    put("rtl.txt", "\u202eThe envoys met\u202c and the talks resumed on Monday. " * 10, either=True)
    # HTML
    put("tags.html", "<html><body>" + "<b></b>" * 250_000 + "</body></html>",
        says=("tags", "limit"))  # fmt: skip
    put("nested.html", "<html><body>" + "<div>" * 100_000 + _WORDS + "</div>" * 100_000,
        says=("tags",))  # fmt: skip
    put("script-only.html", "<html><body><script>document.write('x')</script></body></html>",
        says=("no article text",))  # fmt: skip
    put("attribute.html", '<html><body><p title="' + "a" * 1_000_000 + '">' + _WORDS * 6
        + "</p></body></html>", either=True)  # fmt: skip
    put("entities.html", "<html><body><p>" + _WORDS * 3 + "&amp;" * 200_000 + "</p></body></html>",
        either=True)  # fmt: skip
    put("laughs.xhtml", '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i else "&lol;"}' * 10 + '">'
                  for i in range(1, 9))
        + "]><html><body><p>&lol8;</p><p>" + _WORDS * 3 + "</p></body></html>",
        either=True)  # fmt: skip
    good("good-4.html", f"<html><head><title>Talks</title></head><body><article><p>{GOOD[3]}"
         "</p></article></body></html>")  # fmt: skip
    # PDF
    put("bomb.pdf", _pdf([_deflated(b" " * 1_000_000, 1_200)], packed=True),
        says=("inflate", "MB"))  # fmt: skip
    put("bomb-zeros.pdf", _pdf([_deflated(b"\0" * 1_000_000, 400)] * 2, packed=True),
        says=("inflate",))  # fmt: skip
    put("truncated.pdf", _pdf([_text_stream("The talks resumed")])[:300], says=("PDF",))
    put("no-text.pdf", _pdf([b"0 0 m 100 100 l S"]), says=("no text layer",))
    put("garbage.pdf", b"%PDF-1.7\n" + os.urandom(4_000), says=("PDF",))
    put("encrypted.pdf", _pdf([_text_stream("secret")], encrypted=True), says=("PDF",))
    put("many-pages.pdf", _pdf([_text_stream("page")], pages=2_100), says=("pages", "2,000"))
    put("text-as.pdf", _WORDS * 10, says=("PDF",))
    good("good-5.txt")
    # paths
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.txt")
        cases.append(Case("pipe.txt", str(folder / "pipe.txt"), says=("not a regular file",)))
    loop = folder / "loop.txt"
    loop.symlink_to(loop)
    cases.append(Case("loop.txt", str(loop), says=("loop.txt",)))
    (folder / "dir.txt").mkdir()
    cases.append(Case("dir.txt", str(folder / "dir.txt"), says=("folder",)))
    cases.append(Case("missing.txt", str(folder / "missing.txt"), says=("no such file",)))
    put("esc\x1b[31mname.txt", _WORDS * 4, good=True)
    cases.append(Case("url", "http://[::1", says=("not a valid URL",)))
    # manifest rows
    secret = folder.parent / "secret"
    secret.mkdir(exist_ok=True)
    (secret / "env.txt").write_text("TOKEN=" + _WORDS, encoding="utf-8")
    rows = [
        ("good-1.txt", "2025-06-02", "Wire", "", "news"),
        ("../secret/env.txt", "", "", "", ""),
        ("/etc/hostname", "", "", "", ""),
        ("good-3.txt", "not-a-date", "", "", ""),
        ("good-2.txt", "2025-06-03", "Wire", "", "sermon"),
    ]
    with (folder / "manifest.csv").open("w", encoding="utf-8") as handle:
        handle.write("path,published,publisher,title,kind\n")
        for row in rows:
            handle.write(",".join(row) + "\n")
    cases.append(Case("escape-up", "../secret/env.txt", says=("outside",), via_manifest=True))
    cases.append(Case("escape-abs", "/etc/hostname", says=("outside",), via_manifest=True))
    cases.append(Case("bad-date", "good-3.txt", says=("not-a-date",), via_manifest=True))
    cases.append(Case("bad-kind", "good-2.txt", says=("sermon",), via_manifest=True))
    return cases
