#!/usr/bin/env python3
"""Generate casegraph's gazetteer tables in data/ from pinned public datasets.

Run from the repository root:

    python3 scripts/gen_gazetteer.py [--cache DIR]

Inputs (fetched with the ordinary registry clients, versions and sha256 pinned):

* PyPI ``cpca`` (MIT): ``cpca/resources/adcodes.csv`` -- GB/T 2260 adcodes
  (12 digits, the first 6 significant), names and coordinates of Chinese
  divisions, and ``cpca/resources/56_nations.csv`` (ethnic group names, used to
  strip ethnic autonomous suffixes).
* npm ``i18n-iso-countries`` (MIT): ``langs/zh.json``, ``langs/en.json`` --
  ISO 3166-1 alpha-2 country names.
* PyPI ``pypinyin`` (MIT): romanisation of the Chinese division names.

Curated inputs that are the project's own:

* ``scripts/country_aliases.tsv`` -- name_zh overrides and alias forms of countries.
* ``data/regions.tsv``, ``data/place_stoplist.tsv`` -- hand-written; this script
  only checks them (their forms are included in the collision report).

Outputs (deterministic: sorted rows, LF line ends, byte-identical on rerun):

* ``data/places.tsv``, ``data/countries.tsv``, ``data/place_collisions.txt``.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCRIPTS = ROOT / "scripts"

# ---------------------------------------------------------------- pinned sources
CPCA_VERSION = "0.5.5"
CPCA_WHEEL = f"cpca-{CPCA_VERSION}-py3-none-any.whl"
CPCA_SHA256 = "1635b589506b3e28424032bce61d2488e1f6fac1034a736014e70e043f824fe6"

PYPINYIN_VERSION = "0.55.0"
PYPINYIN_WHEEL = f"pypinyin-{PYPINYIN_VERSION}-py2.py3-none-any.whl"
PYPINYIN_SHA256 = "d53b1e8ad2cdb815fb2cb604ed3123372f5a28c6f447571244aca36fc62a286f"

I18N_VERSION = "7.14.0"
I18N_TGZ = f"i18n-iso-countries-{I18N_VERSION}.tgz"
I18N_SHA256 = "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c"

# ---------------------------------------------------------------- place rules
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}  # province-level cities
SARS = {"810000", "820000"}
# placeholder rows of the source that are not divisions
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

KIND_RANK = {"Province": 0, "City": 1, "SpecialAdministrativeRegion": 2, "District": 3}

# Conventional English spellings that differ from plain pinyin of the short name.
NAME_EN_OVERRIDES = {
    "内蒙古": "Inner Mongolia",
    "西藏": "Tibet",
    "香港": "Hong Kong",
    "澳门": "Macao",
    "陕西": "Shaanxi",
    "台湾": "Taiwan",
    "哈尔滨": "Harbin",
    "呼和浩特": "Hohhot",
    "乌鲁木齐": "Urumqi",
    "拉萨": "Lhasa",
    # prefecture-level divisions with non-Chinese (Mongolian, Uyghur, Tibetan) names
    "鄂尔多斯": "Ordos",
    "呼伦贝尔": "Hulunbuir",
    "巴彦淖尔": "Bayannur",
    "乌兰察布": "Ulanqab",
    "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa",
    "齐齐哈尔": "Qiqihar",
    "克拉玛依": "Karamay",
    "吐鲁番": "Turpan",
    "阿克苏": "Aksu",
    "喀什": "Kashgar",
    "和田": "Hotan",
    "阿勒泰": "Altay",
    "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin",
    "克孜勒苏": "Kizilsu",
    "伊犁": "Ili",
    "日喀则": "Shigatse",
    "林芝": "Nyingchi",
    "昌都": "Qamdo",
    "那曲": "Nagqu",
    "阿里": "Ngari",
    "果洛": "Golog",
}
# Readings of polyphonic characters in place names that pypinyin gets wrong.
PINYIN_PHRASES = {
    "长治": [["cháng"], ["zhì"]],
    "朝阳": [["cháo"], ["yáng"]],
    "朝天": [["cháo"], ["tiān"]],
    "洪洞": [["hóng"], ["tóng"]],
    "单县": [["shàn"], ["xiàn"]],
    "长子": [["zhǎng"], ["zǐ"]],
    "漯河": [["luò"], ["hé"]],
}
# Characters whose usual reading in place names differs from pypinyin's default.
PINYIN_CHARS = {
    "漯": "luò",  # 漯河 Luohe
    "勒": "lè,lēi",  # transliterations: 阿勒泰, 锡林郭勒
    "都": "dū,dōu",  # 昌都, 都匀, 都江堰
}


def log(*a):
    print(*a, file=sys.stderr)


# ---------------------------------------------------------------- fetching
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_sha(path: Path, want: str | None) -> str:
    got = sha256(path)
    if want and got != want:
        sys.exit(f"sha256 mismatch for {path.name}: got {got}, pinned {want}")
    return got


def pip_download(spec: str, dest: Path, wheel: str) -> Path:
    path = dest / wheel
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary=:all:", spec, "-d", str(dest)],
            check=True,
        )
    if not path.exists():
        sys.exit(f"pip download {spec} did not produce {wheel}")
    return path


def npm_pack(spec: str, dest: Path, tgz: str) -> Path:
    path = dest / tgz
    if not path.exists():
        subprocess.run(["npm", "pack", "--silent", spec], check=True, cwd=dest,
                       stdout=subprocess.DEVNULL)
    if not path.exists():
        sys.exit(f"npm pack {spec} did not produce {tgz}")
    return path


def fetch(cache: Path):
    cache.mkdir(parents=True, exist_ok=True)
    cpca = pip_download(f"cpca=={CPCA_VERSION}", cache, CPCA_WHEEL)
    pyp = pip_download(f"pypinyin=={PYPINYIN_VERSION}", cache, PYPINYIN_WHEEL)
    i18n = npm_pack(f"i18n-iso-countries@{I18N_VERSION}", cache, I18N_TGZ)
    shas = {
        "cpca": check_sha(cpca, CPCA_SHA256),
        "pypinyin": check_sha(pyp, PYPINYIN_SHA256),
        "i18n": check_sha(i18n, I18N_SHA256),
    }
    with zipfile.ZipFile(cpca) as z:
        adcodes = z.read("cpca/resources/adcodes.csv").decode("utf-8-sig")
        nations = z.read("cpca/resources/56_nations.csv").decode("utf-8-sig")
    with tarfile.open(i18n, "r:gz") as t:
        zh = json.load(t.extractfile("package/langs/zh.json"))
        en = json.load(t.extractfile("package/langs/en.json"))
    # pypinyin: unpack the wheel and import it from there
    pdir = cache / f"pypinyin-{PYPINYIN_VERSION}"
    if not (pdir / "pypinyin" / "__init__.py").exists():
        with zipfile.ZipFile(pyp) as z:
            z.extractall(pdir)
    sys.path.insert(0, str(pdir))
    import pypinyin  # noqa: E402

    if pypinyin.__version__ != PYPINYIN_VERSION:
        sys.exit(f"imported pypinyin {pypinyin.__version__}, want {PYPINYIN_VERSION}")
    pypinyin.load_single_dict({ord(k): v for k, v in PINYIN_CHARS.items()})
    pypinyin.load_phrases_dict(PINYIN_PHRASES)
    return adcodes, nations, zh, en, shas


# ---------------------------------------------------------------- names
def romanise(short: str) -> str:
    if short in NAME_EN_OVERRIDES:
        return NAME_EN_OVERRIDES[short]
    from pypinyin import Style, lazy_pinyin

    syl = lazy_pinyin(short, style=Style.NORMAL, v_to_u=True, errors="ignore")
    out = ""
    for i, s in enumerate(syl):
        if i and s[:1] in ("a", "o", "e"):
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


class ShortNamer:
    """Short names (rdfs:label) from full official names."""

    def __init__(self, nations_csv: str):
        eth = set()
        for line in nations_csv.splitlines():
            n = line.strip()
            if not n:
                continue
            eth.add(n)  # 蒙古族
            if n.endswith("族") and len(n) >= 3:
                eth.add(n[:-1])  # 蒙古, 哈萨克, 柯尔克孜 (written without 族)
        self.ethnic = sorted(eth, key=lambda s: (-len(s), s))

    def _strip_ethnic(self, s: str) -> str:
        changed = True
        while changed:
            changed = False
            for e in self.ethnic:
                if s.endswith(e) and len(s) - len(e) >= 2:
                    s = s[: -len(e)]
                    changed = True
                    break
        return s

    def short(self, name: str, kind: str) -> str:
        if kind in ("Province", "City", "SpecialAdministrativeRegion"):
            for suf in ("特别行政区", "自治区", "自治州", "地区", "盟", "省", "市"):
                if name.endswith(suf) and len(name) - len(suf) >= 2:
                    rest = name[: -len(suf)]
                    return self._strip_ethnic(rest) if suf.startswith("自治") else rest
            return name
        # District level: districts, counties, banners, county-level cities.
        if name == "神农架林区":  # the one forestry district
            return "神农架"
        for suf in ("自治县", "自治旗", "新区", "区", "县", "市"):
            if name.endswith(suf) and len(name) - len(suf) >= 2:
                rest = name[: -len(suf)]
                if suf.startswith("自治"):
                    stripped = self._strip_ethnic(rest)
                    # 鄂温克族自治旗: nothing left but the ethnic name: keep it whole
                    return stripped if stripped != rest else name
                return rest
        return name


# ---------------------------------------------------------------- places
def build_places(adcodes_csv: str, namer: ShortNamer):
    src = {}
    for r in csv.DictReader(io.StringIO(adcodes_csv)):
        code = r["adcode"].strip()
        assert len(code) == 12 and code.endswith("000000"), code
        src[code[:6]] = (r["name"].strip(), r["latitude"].strip(), r["longitude"].strip())

    places = {}
    for code, (name, lat, lon) in src.items():
        if name in PLACEHOLDER_NAMES:
            continue
        prov = code[:2] + "0000"
        if code.endswith("0000"):
            kind = ("City" if code in MUNICIPALITIES else
                    "SpecialAdministrativeRegion" if code in SARS else "Province")
            parent = ""
        elif code.endswith("00"):
            kind, parent = "City", prov
        else:
            kind = "District"
            city = code[:4] + "00"
            if prov in MUNICIPALITIES:
                parent = prov
            elif city in src and src[city][0] not in PLACEHOLDER_NAMES:
                parent = city
            else:  # 省直辖县级行政区划 (e.g. 仙桃市, 琼海市): directly under the province
                parent = prov
        if parent and parent not in src:
            sys.exit(f"{code} {name}: parent {parent} missing in source")
        short = namer.short(name, kind)
        places[code] = {
            "adcode": code, "name": name, "short": short, "kind": kind,
            "parent": parent, "lat": lat, "lon": lon,
            "name_en": romanise(short), "prefer": "0",
        }

    for p in places.values():
        if p["parent"] and p["parent"] not in places:
            sys.exit(f"{p['adcode']}: parent {p['parent']} is a placeholder")

    # prefer: one division per short name is what a bare short name resolves to.
    def rank(p):
        tier = 2
        if p["kind"] == "District":
            par = p["parent"]
            if par in MUNICIPALITIES:
                tier = 0  # district of Beijing/Tianjin/Shanghai/Chongqing
            elif places[par]["kind"] == "City" and par[2:4] == "01":
                tier = 1  # district of a provincial capital (xx01 is the capital)
        return (KIND_RANK[p["kind"]], tier, p["adcode"])

    by_short = defaultdict(list)
    for p in places.values():
        by_short[p["short"]].append(p)
    for group in by_short.values():
        min(group, key=rank)["prefer"] = "1"
    return places, by_short, rank


# ---------------------------------------------------------------- countries
def read_tsv(path: Path):
    rows = []
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, (c.strip() for c in cells))))
    return rows


def split_forms(cell: str):
    return [f.strip() for f in cell.split("|") if f.strip()]


REMOVED_COUNTRY_FORMS: set[str] = set()  # upstream forms dropped by '-FORM' in country_aliases.tsv

EXCLUDED_COUNTRIES = {
    "CN": "China itself",
    "HK": "Chinese SAR: in places.tsv",
    "MO": "Chinese SAR: in places.tsv",
    "TW": "Chinese province: in places.tsv",
    "XK": "not an ISO 3166-1 code (user-assigned XK)",
}


def build_countries(zh, en):
    zhc, enc = zh["countries"], en["countries"]
    curated = {r["iso2"]: r for r in read_tsv(SCRIPTS / "country_aliases.tsv")}
    unknown = sorted(set(curated) - set(zhc))
    if unknown:
        sys.exit(f"country_aliases.tsv: unknown codes {unknown}")
    out = []
    for iso in sorted(zhc):
        if iso in EXCLUDED_COUNTRIES:
            continue
        up_zh = zhc[iso] if isinstance(zhc[iso], list) else [zhc[iso]]
        up_en = enc[iso] if isinstance(enc[iso], list) else [enc[iso]]
        c = curated.get(iso, {})
        name_zh = c.get("name_zh") or up_zh[0]
        name_en = c.get("name_en") or up_en[0]
        forms = list(up_zh) + split_forms(c.get("aliases", ""))
        drop = {f[1:] for f in forms if f.startswith("-")}
        REMOVED_COUNTRY_FORMS.update(drop)
        aliases = []
        for f in forms:
            if f.startswith("-") or f in drop or f == name_zh or f in aliases:
                continue
            aliases.append(f)
        out.append({"iso2": iso, "name_zh": name_zh, "aliases": "|".join(aliases),
                    "name_en": name_en})
    return out


# ---------------------------------------------------------------- writing
def write_tsv(path: Path, comment: str, cols, rows):
    buf = io.StringIO()
    buf.write("# " + comment + "\n")
    buf.write("\t".join(cols) + "\n")
    for r in rows:
        vals = [r[c] for c in cols]
        for v in vals:
            if "\t" in v or "\n" in v:
                sys.exit(f"{path.name}: bad cell {v!r}")
        buf.write("\t".join(vals) + "\n")
    path.write_bytes(buf.getvalue().encode("utf-8"))


def check_stoplist(stop, forms):
    """Each row must shadow a known surface form, which it equals, contains, or
    overlaps from the left (信保 shadows 保山 in 中国信保山东分公司)."""
    seen = set()
    for r in stop:
        form, sh = r["form"], r["shadows"]
        if not form or not sh or not r["reason"]:
            sys.exit(f"place_stoplist.tsv: incomplete row {r}")
        if form in seen:
            sys.exit(f"place_stoplist.tsv: duplicate form {form}")
        seen.add(form)
        related = sh in form or any(form.endswith(sh[:k]) for k in range(1, len(sh)))
        if not related:
            sys.exit(f"place_stoplist.tsv: {form} does not touch {sh}")
        if sh not in forms and sh not in REMOVED_COUNTRY_FORMS:
            sys.exit(f"place_stoplist.tsv: {form} shadows {sh}, which no table lists")


def collisions_report(places, by_short, rank, countries, header):
    lines = [f"# {header}", "#",
             "# Short names (rdfs:label) used by more than one division of places.tsv.",
             "# Resolution of a bare short name: prefer Province > City > SAR > District;",
             "# among districts: of a municipality > of a provincial capital > lowest adcode.",
             "# '*' marks the row with prefer=1. Then: surface forms shared between",
             "# places, countries, regions and the stoplist.", ""]

    def desc(p):
        par = places.get(p["parent"])
        where = f" in {par['name']}" if par else ""
        return f"{'*' if p['prefer'] == '1' else ' '} {p['adcode']} {p['name']} ({p['kind']}{where})"

    multi = sorted((s, g) for s, g in by_short.items() if len(g) > 1)
    lines.append(f"## {len(multi)} short names shared by divisions")
    upper = [(s, g) for s, g in multi if any(p["kind"] != "District" for p in g)]
    lines.append("")
    lines.append(f"### {len(upper)} involving a province, city or SAR")
    for s, g in upper:
        lines.append(s)
        lines.extend("  " + desc(p) for p in sorted(g, key=rank))
    lines.append("")
    lines.append(f"### {len(multi) - len(upper)} among districts/counties only")
    for s, g in multi:
        if all(p["kind"] == "District" for p in g):
            lines.append(s)
            lines.extend("  " + desc(p) for p in sorted(g, key=rank))

    # cross-table collisions
    forms = defaultdict(set)
    for p in places.values():
        forms[p["short"]].add(f"place:{p['adcode']}")
        forms[p["name"]].add(f"place:{p['adcode']}")
    for c in countries:
        for f in [c["name_zh"]] + split_forms(c["aliases"]):
            forms[f].add(f"country:{c['iso2']}")
    rpath = DATA / "regions.tsv"
    if rpath.exists():
        for r in read_tsv(rpath):
            for f in [r["name_zh"]] + split_forms(r["aliases"]):
                forms[f].add(f"region:{r['slug']}")
    cross = sorted((f, sorted(t)) for f, t in forms.items()
                   if len({x.split(':')[0] for x in t}) > 1
                   or len({x for x in t if not x.startswith("place:")}) > 1)
    lines.append("")
    lines.append(f"## {len(cross)} forms shared across tables (or by two countries/regions)")
    for f, t in cross:
        lines.append(f"{f}\t{' '.join(t)}")

    spath = DATA / "place_stoplist.tsv"
    if spath.exists():
        stop = read_tsv(spath)
        check_stoplist(stop, forms)
        lines.append("")
        lines.append(f"## {len(stop)} stoplist forms and what they shadow")
        for r in sorted(stop, key=lambda r: r["form"]):
            hit = sorted(forms.get(r["form"], ()))
            inner = sorted({t for f, ts in forms.items() if f != r["form"] and f in r["form"]
                            for t in ts})
            lines.append(f"{r['form']}\texact={' '.join(hit) or '-'}\tcontains={' '.join(inner) or '-'}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, help="keep downloaded packages here (default: a temp dir)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="gazetteer-") as tmp:
        cache = args.cache.resolve() if args.cache else Path(tmp)
        adcodes, nations, zh, en, shas = fetch(cache)
        namer = ShortNamer(nations)
        places, by_short, rank = build_places(adcodes, namer)
        countries = build_countries(zh, en)

    DATA.mkdir(exist_ok=True)
    src_places = (
        f"source: PyPI cpca=={CPCA_VERSION} cpca/resources/adcodes.csv (GB/T 2260 adcodes, "
        f"names, coordinates; MIT License, Copyright DQinYuan) wheel sha256={shas['cpca']}; "
        f"name_en: pypinyin=={PYPINYIN_VERSION} (MIT) wheel sha256={shas['pypinyin']} + overrides in "
        f"scripts/gen_gazetteer.py; generated by scripts/gen_gazetteer.py, do not edit"
    )
    cols = ["adcode", "name", "short", "kind", "parent", "lat", "lon", "name_en", "prefer"]
    write_tsv(DATA / "places.tsv", src_places, cols,
              [places[k] for k in sorted(places)])

    src_countries = (
        f"source: npm i18n-iso-countries@{I18N_VERSION} langs/zh.json + langs/en.json "
        f"(ISO 3166-1 alpha-2 names; MIT License, Copyright widdix GmbH) tarball sha256={shas['i18n']}; "
        f"merged with the project's scripts/country_aliases.tsv; excludes "
        + ", ".join(sorted(EXCLUDED_COUNTRIES))
        + "; generated by scripts/gen_gazetteer.py, do not edit"
    )
    write_tsv(DATA / "countries.tsv", src_countries,
              ["iso2", "name_zh", "aliases", "name_en"], countries)

    report = collisions_report(places, by_short, rank, countries,
                               "generated by scripts/gen_gazetteer.py from data/places.tsv, "
                               "data/countries.tsv, data/regions.tsv, data/place_stoplist.tsv")
    (DATA / "place_collisions.txt").write_bytes(report.encode("utf-8"))

    kinds = defaultdict(int)
    for p in places.values():
        kinds[p["kind"]] += 1
    n_multi = sum(1 for g in by_short.values() if len(g) > 1)
    print(f"places.tsv: {len(places)} rows ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
          f"no coordinates: {sum(1 for p in places.values() if not p['lat'])}")
    print(f"countries.tsv: {len(countries)} rows")
    print(f"place_collisions.txt: {n_multi} short names shared by more than one division")


if __name__ == "__main__":
    main()
