"""A large synthetic text corpus of seed-like documents, deterministic by seed.

    .venv/bin/python bench/corpus.py OUT_DIR [--docs 100000] [--seed 7] [--format jsonl|txt] [--per-file 1000]

Each document is what a scraper pulls off a news page (~4 KB, like the seeds): a section label, a headline,
a byline and a date line, a standfirst, body paragraphs with sub-headings, and a varied mix of the page's
furniture: photo captions printed twice with credits, "READ MORE" promos, an embedded tweet, a trending
list, a related-articles block, reader comments with their reply form, "Back to top", no-break spaces and,
in some documents, mojibake. Sentences are built from word lists, never taken from real pages.

`jsonl` writes files of `--per-file` records ({"id", "text"}); `txt` writes one file per document in
folders of 1,000.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path

SUBJECTS = [
    *("The council", "The minister", "Officials", "Residents", "The company"),
    *("Investigators", "The coach", "Scientists", "Voters", "The union"),
]
VERBS = "said|warned|announced|confirmed|denied|argued|reported|estimated|suggested|revealed".split("|")
OBJECTS = (
    "the plan would cost more than expected|the new rules take effect next month|the figures were "
    "higher than last year|talks would resume on Monday|the project was behind schedule|the decision "
    "was final|the results surprised many observers|prices had risen sharply|the service would close "
    "early|the team had improved since the spring"
).split("|")
TAILS = "after a long debate|in a statement|on Tuesday|late on Friday|despite objections|in an interview".split("|")
NAMES = "Anna Berg|Tom Okafor|Lucia Ferraro|James Whitfield|Mei Tanaka|Omar Haddad|Sara Lindqvist".split("|")
SECTIONS = "World|Politics|Business|Sport|Science|Health|Culture".split("|")
AGENCIES = "Getty Images|AP|Reuters|AFP|PA Images|EPA".split("|")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December".split("|")


def sentence(rng: random.Random) -> str:
    number = rng.randint(2, 9_999)
    claim = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} that {rng.choice(OBJECTS)}"
    return f"{claim} {rng.choice(TAILS)}, citing {number:,} cases."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))


def headline(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}".replace("The ", "", 1)


def date_line(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2019, 2025)
    return f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} ET, {month} {day}, {year}"


def caption(rng: random.Random) -> list[str]:
    text = f"{rng.choice(NAMES)} speaks to reporters outside the building on {rng.choice(MONTHS)} {rng.randint(1, 28)}"
    return [text, f"{text} ({rng.choice(AGENCIES)})" if rng.random() < 0.5 else text, f"Photo: {rng.choice(AGENCIES)}"]


def tweet(rng: random.Random) -> list[str]:
    name = rng.choice(NAMES)
    handle = name.split()[0].lower() + str(rng.randint(1, 99))
    code = "".join(rng.choices("abcdefghijkLMNOPQ0123456789", k=10))
    return [
        f"{paragraph(rng)} pic.twitter.com/{code}",
        f"— {name} (@{handle}) {rng.choice(MONTHS)} {rng.randint(1, 28)}, 2024",
    ]


def comments(rng: random.Random) -> list[str]:
    found = ["Leave a Reply", "Your email address will not be published. Required fields are marked *"]
    for _ in range(rng.randint(1, 4)):
        found += [rng.choice(NAMES), f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, 2024 at {rng.randint(1, 12)}:15 pm"]
        found += [paragraph(rng), "Reply"]
    return found


FURNITURE: tuple[Callable[[random.Random], list[str]], ...] = (
    caption,
    tweet,
    lambda rng: [f"READ MORE: {headline(rng)}"],
    lambda rng: ["Trending Now", *(headline(rng) for _ in range(3))],
    lambda rng: ["Related Articles", *(headline(rng) for _ in range(3))],
)


def document(rng: random.Random) -> str:
    lines = [rng.choice(SECTIONS), headline(rng), f"By {rng.choice(NAMES)}", date_line(rng), paragraph(rng)]
    for n in range(rng.randint(11, 19)):
        lines.append(paragraph(rng))
        if rng.random() < 0.25:
            lines += rng.choice(FURNITURE)(rng)
        if n == 8:
            lines.append(headline(rng))  # a sub-heading
    if rng.random() < 0.5:
        lines += comments(rng)
    lines.append("Back to top button")
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.1:
        text = text.replace(" that ", "\u00a0that ", 3)
    if rng.random() < 0.05:
        text = text.replace("—", "—".encode().decode("cp1252"))  # mojibake: UTF-8 read as cp1252
    return text


def documents(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield document(rng)


def write(out: Path, count: int, seed: int, kind: str, per_file: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    if kind == "txt":
        for n, text in enumerate(documents(count, seed)):
            folder = out / f"{n // 1000:04d}"
            folder.mkdir(exist_ok=True)
            (folder / f"doc{n:07d}.txt").write_text(text)
        return
    stream = documents(count, seed)
    for start in range(0, count, per_file):
        with (out / f"part{start // per_file:05d}.jsonl").open("w") as handle:
            for n in range(start, min(start + per_file, count)):
                handle.write(json.dumps({"id": f"d{n}", "text": next(stream)}) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--per-file", type=int, default=1000, help="records per JSONL file")
    args = parser.parse_args(argv)
    write(args.out, args.docs, args.seed, args.format, args.per_file)


if __name__ == "__main__":
    main()
