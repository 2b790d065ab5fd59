"""Error analysis of newsclean's text path against the snippet devset.

Reads a newsclean output folder (segments/ and articles/), the text folder it was run on (to rebuild the
keep-every-line baseline) and the devset's evaldata.json ("with" snippets must be in the body, "without"
snippets must not), and reports:

  a. lost recall: every "with" snippet that the baseline has in its body but newsclean's body lacks, with
     the segment(s) that held it (role, rule), grouped by rule;
  b. leaks: every "without" snippet still in newsclean's body, with the kept segment holding it, a guessed
     kind of boilerplate and the page's language (a stop-word guess);
  c. as a contrast, the "without" snippets newsclean did remove, by rule.

Snippets are matched with the scorer's canonical form (its canon(), imported from the shared scorer).

  .venv/bin/python bench/text_errors.py bench/data/runs/spaced_newsclean bench/data/devset_txt
  .venv/bin/python bench/text_errors.py OUT TXT --tsv /tmp/errors.tsv --examples 5
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pyarrow.dataset as ds

SCORER = Path("/work/shared/tools/newsclean_score.py")
EVALDATA = Path("/work/shared/devset/snippets/evaldata.json")


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("newsclean_score", path)
    if spec is None or spec.loader is None:
        sys.exit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


canon: Callable[[str], str] = load_scorer(SCORER).canon

# ------------------------------------------------------------------------------------------- language
STOPWORDS = {
    "en": "the and of to in is that for with on was it as are be this by at from have not",
    "de": "der die und das ist nicht mit den ein sich auch auf für dem zu von eine im des wird",
    "pl": "i w na się z nie do że to jest o jak po od przez za ale czy jego tym",
    "fr": "le la les et des est une pour dans que qui pas sur du au avec ce sont plus",
    "es": "el la los las y de que en un una es por con para del se al como más",
    "it": "il la di che e è per un una non con del della sono gli le nel anche",
    "nl": "de het een en van is dat op te niet met voor zijn er aan ook als",
    "pt": "o a os as e de que em um uma para com não do da no na por mais",
}
STOP_SETS = {lang: frozenset(words.split()) for lang, words in STOPWORDS.items()}
WORD = re.compile(r"\w+", re.UNICODE)
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def guess_language(text: str) -> str:
    if len(CJK.findall(text)) > 50:
        return "cjk"
    words = [w.lower() for w in WORD.findall(text)]
    counts = {lang: sum(w in stops for w in words) for lang, stops in STOP_SETS.items()}
    lang, best = max(counts.items(), key=lambda kv: kv[1])
    return lang if best >= 3 else "?"


# ------------------------------------------------------------------------------------------- leak kinds
# Checked in order; the first pattern that matches the holding segment names the kind. A guess for
# triage: the report's categories are read off these and then checked by eye.
KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "copyright/licence/footer",
        re.compile(
            r"\(c\)\s*\d{4}|copyright|all rights reserved|alle rechte|impressum|datenschutz|privacy|"
            r"cookie|terms of (use|service)|\bagb\b|nutzungsbedingungen|polityka prywatno|prawa zastrze|"
            r"lizenz|licen[cs]e|cc-by",
            re.I,
        ),
    ),
    (
        "caption/photo credit",
        re.compile(
            r"©|\b(foto|photo|fotos|photos|bild|bilder|image|picture|grafik|quelle|źródło|credit|crédito|"
            r"getty|dpa|reuters|afp|imago|shutterstock|istock|picture alliance|pixabay|unsplash|"
            r"clipdealer|fot\.|abbildung \d+|abb\. ?\d+|fig\. ?\d+|screenshot|titelbild)\b|\((l|r|m)\.\)",
            re.I,
        ),
    ),
    (
        "paywall/newsletter/login/support appeal",
        re.compile(
            r"newsletter|subscri|abonn|sign up|sign in|log ?in|einlogg|eingeloggt|registrier|anmelden|"
            r"prenumer|zaloguj|suscr|inscri|members?hip|mitglied werden|join us|donat|spende|unterstütze|"
            r"paywall|bezahlschranke|zugang|als gast|kundenkonto|support us|nichts mehr verpassen|"
            r"nichts mehr versäumen",
            re.I,
        ),
    ),
    (
        "share/social/print chrome",
        re.compile(
            r"\bshare\b|teilen|\btweet|facebook|twitter|whatsapp|pinterest|linkedin|instagram|telegram|"
            r"drucken|\bprint\b|udostępnij|compartir|partager|condividi|e-?mail|\bfollow\b|gefällt mir|"
            r"bookmark the permalink|this entry was posted",
            re.I,
        ),
    ),
    (
        "comments/feedback prompt",
        re.compile(
            r"comment|kommentar|komentarz|antworten|\breply\b|odpowiedz|responder|répondre|diskussion|"
            r"your (name|email)|pflichtfeld|required fields|leave a|schreibe einen|letter to the editor|"
            r"what you think",
            re.I,
        ),
    ),
    (
        "related/read-more/teaser",
        re.compile(
            r"read more|read also|lesen sie (auch|mehr)|auch lesen|schon gelesen|mehr zum thema|"
            r"mehr (dazu|lesen|erfahren)|related|see also|czytaj (też|także|więcej)|"
            r"zobacz (też|także|również)|"
            r"weitere (artikel|beiträge|infos)|more from|more stories|auch interessant|auch auf|leer más|"
            r"puedes ver|lire aussi|sur le sujet|you may also|recommended|empfehl|das könnte|top stories|"
            r"most (read|popular)|meist-|trending|weiterlesen|zum weiterlesen|nächsten artikel|teil \d",
            re.I,
        ),
    ),
    (
        "tags/categories",
        re.compile(
            r"^(tags?|schlagw(o|ö)rt|stichw(o|ö)rt|themen|tagi|kategori|categor|filed under|topics?|"
            r"posted in|veröffentlicht in)\b",
            re.I,
        ),
    ),
    (
        "byline/author bio/agency sign-off",
        re.compile(
            r"^(by|von|autor|author|written by|verfasst von|text:|redakt)|\bis an? (author|writer|"
            r"journalist|reporter|editor)|\b(ist|war) (redakteur|journalist|autor)|über den autor|"
            r"about the author|^(hallo, )?ich bin\b|\bstudierte\b|"
            r"^[a-z]{2,4}/(pap|dpa|afp|apa|kna|epd|ap|sid)$",
            re.I,
        ),
    ),
    (
        "box heading (contact/further info/sources/download)",
        re.compile(
            r"^(kontakt|contact|ansprechpartner|quellen|sources?|zusatzinformation|weitere informationen|"
            r"further information|more information|downloads?)|\bpdf\b|herunterladen",
            re.I,
        ),
    ),
    (
        "date/time/issue line",
        re.compile(
            r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b|"
            r"veröffentlicht|published|updated|aktualisiert|opublikowano|stand:|release date|ausgabe \d|"
            r"hors-série",
            re.I,
        ),
    ),
    (
        "ad/shop promo",
        re.compile(
            r"anzeige|advertis|werbung|sponsored|reklama|\bshop\b|kaufen|\bbuy\b|gutschein|rabatt|"
            r"warenkorb|\bcart\b|versand|in den korb|zum angebot|jobbörse",
            re.I,
        ),
    ),
    (
        "navigation/menu",
        re.compile(
            r"^(home|startseite|zurück|back|next|previous|weiter|vorherig|nächst|menü|menu|übersicht|"
            r"seite \d|page \d|strona)|[»›]|→|←",
            re.I,
        ),
    ),
]


def leak_kind(text: str) -> str:
    for name, pattern in KINDS:
        if pattern.search(text):
            return name
    words = len(text.split())
    if words <= 4:
        return "short label (heading/menu item/widget)"
    return "other (prose-like)"


# ------------------------------------------------------------------------------------------- data
@dataclass(frozen=True, slots=True)
class Seg:
    seq: int
    role: str
    rule: str
    text: str
    kept: bool


def read_rows(folder: Path) -> list[dict]:
    if not folder.is_dir():
        return []
    return ds.dataset(str(folder), format="parquet").to_table().to_pylist()


def load_run(out_dir: Path) -> tuple[dict[str, list[Seg]], dict[str, str], dict[str, str]]:
    """(segments by doc, canonical body by doc, reject reason by doc) of a newsclean output folder."""
    segments: dict[str, list[Seg]] = defaultdict(list)
    for r in read_rows(out_dir / "segments"):
        segments[r["doc_id"]].append(Seg(r["seq"], r["role"], r["rule"], r["text"] or "", bool(r["kept"])))
    for segs in segments.values():
        segs.sort(key=lambda s: s.seq)
    bodies = {}
    for r in read_rows(out_dir / "articles"):
        body = r.get("body")
        if body is None and r.get("paragraphs") is not None:
            body = "\n\n".join(r["paragraphs"])
        bodies[r["doc_id"]] = canon(body or "")
    rejects = {r["doc_id"]: r["reason"] for r in read_rows(out_dir / "rejects")}
    return segments, bodies, rejects


def load_baseline(txt_dir: Path) -> dict[str, str]:
    """Canonical keep-every-line body by doc_id (the same as text_devset.py's baseline)."""
    bodies = {}
    for path in sorted(txt_dir.rglob("*.txt")):
        doc_id = path.relative_to(txt_dir).as_posix()[: -len(".txt")]
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        bodies[doc_id] = canon("\n\n".join(lines))
    return bodies


def holders(segs: list[Seg], snippet: str) -> list[Seg]:
    """The segments whose canonical text holds `snippet`; when none does alone, the run of consecutive
    segments it spans (joined with a space, as in the body)."""
    keys = [canon(s.text) for s in segs]
    alone = [s for s, k in zip(segs, keys, strict=True) if snippet in k]
    if alone:
        return alone
    joined, starts = "", []
    for key in keys:
        starts.append(len(joined))
        joined += key + " "
    at = joined.find(snippet)
    if at < 0:
        return []
    end = at + len(snippet)
    return [s for s, start, k in zip(segs, starts, keys, strict=True) if start < end and start + len(k) > at]


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ------------------------------------------------------------------------------------------- analysis
@dataclass
class Finding:
    kind: str  # lost | leak | removed
    doc_id: str
    lang: str
    snippet: str
    group: str  # rule(s) for lost/removed, leak kind for leaks
    segments: list[Seg]
    position: str  # where in the document the first holding segment sits


def position_of(segs: list[Seg], found: list[Seg]) -> str:
    if not found or not segs:
        return "-"
    share = found[0].seq / max(1, len(segs) - 1)
    return "head" if share < 0.15 else "tail" if share > 0.85 else "middle"


@dataclass(frozen=True, slots=True)
class Page:
    doc_id: str
    lang: str
    segments: list[Seg]
    baseline: str  # canonical keep-everything body
    body: str  # canonical newsclean body ("" when rejected or missing)
    rejected: str | None  # reject reason
    wanted: list[str]  # canonical "with" snippets


def dropped_rules(found: list[Seg]) -> str:
    return " + ".join(sorted({f"{s.role}/{s.rule}" for s in found if not s.kept}))


def locate(page: Page, snippet: str, kind: str, totals: Counter[str]) -> tuple[bool, bool]:
    """(in the keep-everything baseline, in newsclean's body), counted under `kind` in `totals`."""
    in_base, in_body = snippet in page.baseline, bool(page.body) and snippet in page.body
    totals[kind] += 1
    totals[f"{kind}: in baseline"] += in_base
    totals[f"{kind}: in newsclean"] += in_body
    return in_base, in_body


def check_with(page: Page, raw: str, totals: Counter[str]) -> Finding | None:
    """A lost-recall finding for a "with" snippet the baseline has and newsclean's body lacks."""
    snippet = canon(raw)
    in_base, in_body = locate(page, snippet, "with", totals)
    if not in_base or in_body:
        return None
    found = holders(page.segments, snippet)
    if page.rejected:
        group = f"(document rejected: {page.rejected})"
    else:
        group = dropped_rules(found) or "(held by kept segments only: split/reordered/normalised)"
    return Finding("lost", page.doc_id, page.lang, raw, group, found, position_of(page.segments, found))


def check_without(page: Page, raw: str, totals: Counter[str]) -> Finding | None:
    """A leak (still in newsclean's body) or a removal (in the baseline only) of a "without" snippet."""
    snippet = canon(raw)
    in_base, in_body = locate(page, snippet, "without", totals)
    found = holders(page.segments, snippet)
    if in_body:
        kept = [s for s in found if s.kept] or found
        group = leak_kind(" ".join(s.text for s in kept) or raw)
        if any(w in canon(s.text) for s in kept for w in page.wanted):
            group = "(same segment holds a 'with' snippet: inseparable)"
        return Finding("leak", page.doc_id, page.lang, raw, group, kept, position_of(page.segments, kept))
    if not in_base:
        return None
    group = f"(document rejected: {page.rejected})" if page.rejected else dropped_rules(found) or "(not in body)"
    return Finding("removed", page.doc_id, page.lang, raw, group, found, position_of(page.segments, found))


def analyse(out_dir: Path, txt_dir: Path, evaldata: Path) -> tuple[list[Finding], Counter[str]]:
    segments, bodies, rejects = load_run(out_dir)
    baseline = load_baseline(txt_dir)
    data = json.loads(evaldata.read_text(encoding="utf-8"))
    findings: list[Finding] = []
    totals: Counter[str] = Counter()
    for item in data.values():
        doc_id = re.sub(r"(\.html?)?(\.gz)?$", "", item["file"])
        base = baseline.get(doc_id, "")
        page = Page(
            doc_id,
            guess_language(base),
            segments.get(doc_id, []),
            base,
            bodies.get(doc_id, ""),
            rejects.get(doc_id),
            [canon(w) for w in item["with"]],
        )
        totals[f"lang {page.lang} pages"] += 1
        found = [check_with(page, raw, totals) for raw in item["with"]]
        found += [check_without(page, raw, totals) for raw in item["without"]]
        findings.extend(f for f in found if f is not None)
    return findings, totals


# ------------------------------------------------------------------------------------------- output
def print_groups(findings: list[Finding], kind: str, title: str, examples: int, width: int) -> None:
    chosen = [f for f in findings if f.kind == kind]
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in chosen:
        groups[f.group].append(f)
    print(f"\n## {title}: {len(chosen)}")
    for group, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        langs = Counter(f.lang for f in items).most_common(4)
        where = Counter(f.position for f in items).most_common(3)
        pages = len({f.doc_id for f in items})
        print(f"\n### {group}: {len(items)} snippets on {pages} pages; langs {langs}; position {where}")
        seen: set[str] = set()
        for f in items:
            text = " | ".join(short(s.text, width) for s in f.segments[:2]) or "(no segment holds it)"
            if text in seen:
                continue
            seen.add(text)
            print(f"  - [{f.lang}] {f.doc_id[:40]}: {short(f.snippet, 50)!r}\n      seg: {text}")
            if len(seen) >= examples:
                break


def write_tsv(findings: list[Finding], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter="\t")
        out.writerow(["kind", "group", "doc_id", "lang", "position", "snippet", "roles", "rules", "segment"])
        for f in findings:
            out.writerow(
                [
                    f.kind,
                    f.group,
                    f.doc_id,
                    f.lang,
                    f.position,
                    f.snippet,
                    ",".join(s.role for s in f.segments),
                    ",".join(s.rule for s in f.segments),
                    " || ".join(" ".join(s.text.split()) for s in f.segments),
                ]
            )
    print(f"\nwrote {len(findings)} findings to {path}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path, help="newsclean output folder (segments/, articles/)")
    parser.add_argument("txt_dir", type=Path, help="the text folder newsclean was run on")
    parser.add_argument("--evaldata", type=Path, default=EVALDATA)
    parser.add_argument("--examples", type=int, default=3, help="examples printed per group")
    parser.add_argument("--width", type=int, default=110, help="segment text shown per example")
    parser.add_argument("--tsv", type=Path, help="also write every finding to this TSV file")
    parser.add_argument("--only", choices=["lost", "leak", "removed"], help="print one section only")
    args = parser.parse_args(argv)

    findings, totals = analyse(args.out_dir, args.txt_dir, args.evaldata)
    print("# snippet totals")
    for key in sorted(totals):
        print(f"  {key}: {totals[key]}")
    sections = [
        ("lost", "a. lost recall ('with' in baseline body, not in newsclean body), by role/rule"),
        ("leak", "b. leaks ('without' still in newsclean body), by guessed kind"),
        ("removed", "c. 'without' snippets newsclean removed, by role/rule"),
    ]
    for kind, title in sections:
        if args.only in (None, kind):
            print_groups(findings, kind, title, args.examples, args.width)
    if args.tsv:
        write_tsv(findings, args.tsv)


if __name__ == "__main__":
    main()
