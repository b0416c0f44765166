"""Build alerts/data/parties/countries.json from the shared gazetteer sources (a dev script, run by hand).

Why a build step: the raw sources are large (mledoze countries.json ~0.8 MB with 25 translations per country,
opensanctions countrynames ~0.6 MB in hundreds of languages) and most of their strings would be false matches
in English news ("Rasha", "Lasa", "Risi" are opensanctions variants of Russia). The product ships only the
English-usable subset, so the party ruler builds in milliseconds and never reads ../shared at run time.

Selection:
- countries: UN member states plus Taiwan (TW), Kosovo (XK), Palestine (PS) and Hong Kong / Macau (HK, MO,
  where sanctions-evasion trade is routed), from mledoze (`unMember`).
- names: mledoze English common and official names, altSpellings made of English-name words (native forms
  such as "Island" for Iceland dropped; ISO codes dropped unless they are acronyms news uses, e.g. UAE, DRC),
  English demonyms, capitals; plus the English exonyms in overrides.yaml `extra` (Burma, Turkey, Holland).
- opensanctions variants: kept only when written in Latin script, without commas/parentheses, and made only of
  words that occur in mledoze's English names (plus a few connective words) -- so "Russian Federation" and
  "Democratic People's Republic of Korea" survive, "Rusia" and "Emetab Russia" do not.
- a string claimed by two countries is dropped (reported on stdout) unless alerts/data/parties/overrides.yaml
  assigns it; its `FAIL` list is copied as strings that must never resolve.

It also compiles the hand-curated YAML files of alerts/data/parties/ into curated.json (the product loads JSON
only: ruamel parses the YAML ~100x slower), so rerun it after editing any of them.

Usage: .venv/bin/python tools/build_gazetteer.py [--source ../shared/data/gazetteer] [--curated-only]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from alerts.extract.gazetteer import compile_curated  # noqa: E402

OUT_DIR = REPO / "alerts" / "data" / "parties"
EXTRA_CODES = {"TW", "XK", "PS", "HK", "MO"}
ACRONYMS = {"UAE", "USA", "DRC", "UK", "US", "DPRK", "ROK", "PRC", "ROC", "KSA", "RF", "CAR", "BiH"}
CONNECTIVES = {
    "of",
    "the",
    "and",
    "republic",
    "federation",
    "federal",
    "kingdom",
    "state",
    "states",
    "democratic",
    "people's",
    "islamic",
    "united",
    "socialist",
    "arab",
    "union",
    "commonwealth",
    "principality",
    "grand",
    "duchy",
    "sultanate",
    "plurinational",
    "bolivarian",
    "independent",
    "emirate",
    "north",
    "south",
    "east",
    "west",
    "central",
    "great",
    "northern",
    "cooperative",
    "popular",
    "region",
    "special",
    "administrative",
    "nation",
}
#: One or more words, each starting with a capital letter or being a connective; no codes, commas or brackets.
WELL_FORMED = re.compile(r"(?:(?:[A-ZÀ-Þ][\w'’.]*|of|the|and|de|del|do)(?:[ -](?=\S)|$))+")


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (diacritics allowed: "Côte d'Ivoire", "Türkiye")."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", text.lower().replace("’", "'")) if w]


def build_countries(source: Path) -> tuple[dict, list[str]]:
    """countries.json's content from the two sources and overrides.yaml, and a report of the decisions."""
    yaml = YAML(typ="safe")
    mledoze = json.loads((source / "mledoze_countries.json").read_text(encoding="utf-8"))
    opensanctions = yaml.load((source / "opensanctions_countrynames_data.yaml").read_text(encoding="utf-8"))
    overrides = yaml.load((OUT_DIR / "overrides.yaml").read_text(encoding="utf-8"))
    assign = {k: v for k, v in (overrides.get("assign") or {}).items()}
    drop = {s.lower() for s in overrides.get("drop") or []}
    extra = overrides.get("extra") or {}
    never = sorted(
        {str(s) for s in opensanctions.get("FAIL", [])} | set(overrides.get("never") or []),
        key=lambda s: (s.lower(), s),
    )

    chosen = [c for c in mledoze if c.get("unMember") or c["cca2"] in EXTRA_CODES]
    vocab = set(CONNECTIVES)
    entries: dict[str, dict[str, set[str]]] = {}
    for c in chosen:
        dem = c.get("demonyms", {}).get("eng", {})
        for n in (c["name"]["common"], c["name"]["official"], dem.get("m") or "", dem.get("f") or ""):
            vocab.update(words(n))
    for c in chosen:
        names = {c["name"]["common"], c["name"]["official"]}
        # altSpellings mix English forms with native ones ("Island" for Iceland, "Prathet Thai"): keep those made
        # of English-name words, and acronyms news uses; ISO codes such as "AW" are not how news names a state.
        for alt in c.get("altSpellings", []):
            if alt in ACRONYMS or (
                is_latin(alt)
                and WELL_FORMED.fullmatch(alt)
                and not alt.isupper()
                and all(w in vocab for w in words(alt))
            ):
                names.add(alt)
        dem = c.get("demonyms", {}).get("eng", {})
        demonyms = {d for d in (dem.get("m"), dem.get("f")) if d}
        capitals = {cap for cap in c.get("capital", []) if is_latin(cap)}
        names.update(extra.get(c["cca2"]) or [])
        entries[c["cca2"]] = {"names": names, "demonyms": demonyms, "capitals": capitals}

    added = 0
    for code, variants in opensanctions.items():
        if code not in entries:
            continue
        for v in variants or []:
            v = str(v).strip()
            if not v or not is_latin(v) or not WELL_FORMED.fullmatch(v) or (v.isupper() and len(v) > 4):
                continue
            if v.isupper() and v not in ACRONYMS:
                continue
            ws = words(v)
            if (
                all(w in vocab for w in ws)
                and not all(w in CONNECTIVES for w in ws)
                and v not in entries[code]["names"]
            ):
                entries[code]["names"].add(v)
                added += 1

    # A string claimed by two countries (lower-cased) resolves to neither, unless overrides.yaml assigns it.
    claims: dict[str, set[str]] = defaultdict(set)
    for code, e in entries.items():
        for kind in ("names", "demonyms", "capitals"):
            for s in e[kind]:
                claims[s.lower()].add(code)
    clashes = {s: codes for s, codes in claims.items() if len(codes) > 1}
    countries = {}
    for c in chosen:
        code = c["cca2"]
        e = entries[code]
        out = {"name": c["name"]["common"]}
        for kind in ("names", "demonyms", "capitals"):
            kept = set()
            for s in e[kind]:
                low = s.lower()
                if low in drop or s in never:
                    continue
                if low in assign and assign[low] != code:
                    continue
                if low in clashes and low not in assign:
                    continue
                kept.add(s)
            out[kind] = sorted(kept, key=lambda s: (s.lower(), s))
        countries[code] = out
    for low in assign:
        if low not in claims:
            raise SystemExit(f"overrides.yaml assigns {low!r}, which no source names")

    payload = {
        "_source": "Built by tools/build_gazetteer.py from mledoze/countries dist/countries.json (ODbL-1.0) and "
        "opensanctions/countrynames data.yaml (MIT); see NOTICE.md. Do not edit by hand.",
        "countries": countries,
        "never": never,
    }
    report = [f"{len(countries)} countries, {added} opensanctions variants kept"]
    for s, codes in sorted(clashes.items()):
        status = f"-> {assign[s]}" if s in assign else "dropped"
        report.append(f"  clash {s!r}: {sorted(codes)} {status}")
    return payload, report


def write_json(path: Path, payload: dict) -> None:
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "data" / "gazetteer")
    parser.add_argument(
        "--curated-only",
        action="store_true",
        help="only recompile curated.json from the YAML files (no ../shared sources needed)",
    )
    args = parser.parse_args()
    if not args.curated_only:
        payload, report = build_countries(args.source)
        write_json(OUT_DIR / "countries.json", payload)
        print("\n".join(report))
    write_json(OUT_DIR / "curated.json", compile_curated(OUT_DIR))
    print("curated.json rebuilt")


if __name__ == "__main__":
    main()
