#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from
slices of the shipped document, data/000_544783cc65985ead.txt.

Seeds are small (a few KiB at most) so that libFuzzer mutates realistic text:
whole cases and windows of lines for the targets that read a file, single
paragraphs for the finders, and `|`-separated case parts for `case_text`
(see fuzz/fuzz_targets/case_text.rs). The corpora are generated, not
committed (fuzz/corpus is git-ignored); rerunning overwrites the seeds only.

Usage: scripts/fuzz_seeds.py [DOCUMENT] [OUT_DIR]
"""

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "000_544783cc65985ead.txt"
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "fuzz" / "corpus"
MAX_SEED_BYTES = 6000

# The segmenter's rule (src/segment/lines.rs): `N.title`, then the provider line.
CASE_HEADING = re.compile(r"^\s*[0-9]{1,3}\s*[.．、]\s*[^\s0-9.．%％]")
PROVIDER = re.compile(r"^\s*[（(].+提供\s*[）)]\s*$")


def is_case_start(lines: list[str], i: int) -> bool:
    if not CASE_HEADING.match(lines[i]):
        return False
    following = [l for l in lines[i + 1 : i + 12] if l.strip()][:4]
    return any(PROVIDER.match(l) for l in following)


def write(target: str, text: str) -> None:
    data = text.encode("utf-8")[:MAX_SEED_BYTES]
    # Cutting at a byte limit may split a char: keep only whole chars.
    data = data.decode("utf-8", errors="ignore").encode("utf-8")
    if not data:
        return
    directory = OUT / target
    directory.mkdir(parents=True, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    (directory / name).write_bytes(data)


def main() -> None:
    lines = DOCUMENT.read_text(encoding="utf-8").split("\n")
    starts = [i for i in range(len(lines)) if is_case_start(lines, i)]
    cases = [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]

    for case in cases:
        whole = "\n".join(case)
        # A whole case is a valid document on its own; so is one without the
        # PDF's blank lines, or with Windows line endings.
        for target in ("read_segment", "pipeline"):
            write(target, whole)
        write("read_segment", "\n".join(l for l in case if l.strip()))
        write("pipeline", "\r\n".join(case))
        # Windows of lines: truncated cases, sections without a heading, ….
        for start in range(0, len(case), 40):
            write("read_segment", "\n".join(case[start : start + 30]))

        paragraphs = [p for p in "".join(l.strip() for l in case).split("。") if p]
        for paragraph in paragraphs[::3]:
            write("finders", paragraph + "。")
        nonblank = [l.strip() for l in case if l.strip()]
        if len(nonblank) > 8:
            title = re.sub(r"^\s*[0-9]{1,3}\s*[.．、]\s*", "", nonblank[0])
            provider = nonblank[1].strip("（）()").removesuffix("提供")
            write(
                "case_text",
                "|".join([title, provider, nonblank[2], "".join(nonblank[4:8]), nonblank[-1]]),
            )


if __name__ == "__main__":
    main()
