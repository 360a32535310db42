#!/usr/bin/env python3
"""Sanity check of the gazetteer tables against the corpus (and the dev gold).

    python3 scripts/gazetteer_corpus_check.py [CORPUS] [GOLD_DIR]

Runs a naive linker over each case -- leftmost-longest dictionary matching over
the text with whitespace removed; provinces/cities/SARs by full name or by a
short name with prefer=1; districts by full name only; countries and regions by
name or alias; data/place_stoplist.tsv forms as non-place blockers -- and prints
what it finds per case next to the gold, then the province/city counts.
Stdlib only; nothing is written.
"""
import collections
import glob
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def tsv(path):
    lines = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8")
             if not l.startswith("#")]
    head = lines[0]
    return [dict(zip(head, r + [""] * (len(head) - len(r)))) for r in lines[1:]]


def forms(cell):
    return [f for f in cell.split("|") if f]


def build():
    d = {}
    places = tsv(DATA / "places.tsv")
    for p in places:
        if p["kind"] == "District":
            d.setdefault(p["name"], ("district", p["short"]))
        else:
            d[p["name"]] = ("place", p["short"])
    for p in places:
        if p["kind"] != "District" and p["prefer"] == "1":
            d.setdefault(p["short"], ("place", p["short"]))
    for c in tsv(DATA / "countries.tsv"):
        for f in [c["name_zh"]] + forms(c["aliases"]):
            d.setdefault(f, ("country", c["name_zh"]))
    for r in tsv(DATA / "regions.tsv"):
        for f in [r["name_zh"]] + forms(r["aliases"]):
            d.setdefault(f, ("region", r["name_zh"]))
    for s in tsv(DATA / "place_stoplist.tsv"):
        d[s["form"]] = ("stop", s["form"])
    return d


def scan(text, d, maxlen):
    i, out = 0, []
    while i < len(text):
        for n in range(min(maxlen, len(text) - i), 0, -1):
            hit = d.get(text[i:i + n])
            if hit:
                out.append(hit)
                i += n
                break
        else:
            i += 1
    return out


def split_cases(raw):
    heads, want = [], 1
    for m in re.finditer(r"(?m)^\s*(\d{1,2})\.(?=\D)", raw):
        if int(m.group(1)) == want:
            heads.append((want, m.start()))
            want += 1
    cases = {}
    for i, (n, start) in enumerate(heads):
        end = heads[i + 1][1] if i + 1 < len(heads) else len(raw)
        cases[n] = re.sub(r"\s+", "", raw[start:end])
    return cases


def main():
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else next(
        iter(sorted(DATA.glob("000_*.txt"))), ROOT.parent / "shared/corpus/000_544783cc65985ead.txt")
    gold_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared/gold/dev"
    d = build()
    maxlen = max(map(len, d))
    total = collections.Counter()
    for n, text in sorted(split_cases(corpus.read_text(encoding="utf-8")).items()):
        found = collections.defaultdict(collections.Counter)
        for kind, label in scan(text, d, maxlen):
            found[kind][label] += 1
        total.update(found["place"])
        line = f"{n:2d} " + " ".join(f"{k}={dict(found[k])}" for k in
                                     ("place", "country", "region", "district") if found[k])
        g = gold_dir / f"case-{n:02d}.json"
        if g.exists():
            gd = json.loads(g.read_text(encoding="utf-8"))
            fp = set(found["place"]) - set(gd["places_cn"]) - set(gd.get("optional_places_cn", []))
            fn = set(gd["places_cn"]) - set(found["place"])
            cfp = set(found["country"]) - set(gd["countries"]) - set(gd.get("optional_countries", []))
            cfn = set(gd["countries"]) - set(found["country"])
            line += f"  | gold places FP={sorted(fp)} FN={sorted(fn)} countries FP={sorted(cfp)} FN={sorted(cfn)}"
        print(line)
    print("province/city/SAR labels over the corpus:",
          ", ".join(f"{k} {v}" for k, v in total.most_common()))


if __name__ == "__main__":
    main()
