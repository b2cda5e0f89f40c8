#!/usr/bin/env python3
"""Check an import directory (default import/sample) against schemas/*.json and EXCHANGE.md.

Standard library only. Exits 1 and lists every problem if anything is wrong; otherwise prints
counts as of the reference date (default 2026-11-23):  python3 tools/check_sample.py [DIR] [DATE]
"""

import csv
import datetime as dt
import json
import os
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "import", "sample")
REF = dt.date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else dt.date(2026, 11, 23)
FILES = ["units", "warehouses", "travel_times", "modules", "catalog", "assets", "lots", "standards", "targets"]
CATEGORIES = ["vehicle", "protective", "rescue", "communication", "drone", "pump", "agent", "supply",
              "other"]
CLASSES = ["level1", "level2", "small", "special"]

problems = []


def bad(file, line, column, value, reason):
    problems.append(f"{file}:{line}: {column}={value!r}: {reason}")


def parse_date(s):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return None


def check_type(file, line, col, v):
    t = col["type"]
    if t == "code":
        if v != v.strip() or not re.fullmatch(r"[!-~]+", v):
            bad(file, line, col["name"], v, "code must be printable ASCII without spaces")
    elif t == "enum":
        if v not in [x["en"] for x in col["values"]]:
            bad(file, line, col["name"], v, "not one of the enum words")
    elif t == "date":
        if parse_date(v) is None:
            bad(file, line, col["name"], v, "not a YYYY-MM-DD date")
    elif t == "decimal":
        if not re.fullmatch(r"\d+(\.\d+)?", v):
            bad(file, line, col["name"], v, "not a non-negative decimal with a dot")
    elif t == "integer":
        if not re.fullmatch(r"\d+", v):
            bad(file, line, col["name"], v, "not an integer")
    elif t == "bool":
        if v not in ("yes", "no"):
            bad(file, line, col["name"], v, "not yes/no")
    elif t == "scope":
        if not re.fullmatch(r"(class|unit|warehouse|category):[!-~]+", v):
            bad(file, line, col["name"], v, "not a scope")
    elif t == "what":
        if not re.fullmatch(r"(category:[a-z_]+|[!-~]+)", v):
            bad(file, line, col["name"], v, "not an item code or category:NAME")


def load(name):
    path = os.path.join(DIR, name + ".csv")
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        bad(name + ".csv", 1, "-", "BOM", "sample files are written without a BOM")
    if b"\r" in raw:
        bad(name + ".csv", 1, "-", "CR", "sample files use \\n line ends")
    schema = json.load(open(os.path.join(ROOT, "schemas", name + ".json"), encoding="utf-8"))
    rows = list(csv.DictReader(raw.decode("utf-8").splitlines(keepends=True)))
    header = list(rows[0].keys()) if rows else []
    want = [c["name"] for c in schema["columns"]]
    for w in want:
        if w not in header:
            bad(name + ".csv", 1, w, "", "missing column")
    for h in header:
        if h not in want:
            bad(name + ".csv", 1, h, "", "column not in the schema")
    for i, r in enumerate(rows, start=2):
        r["_line"] = i
        for c in schema["columns"]:
            v = r.get(c["name"]) or ""
            if v == "":
                if c["required"] is True:
                    bad(name + ".csv", i, c["name"], v, "required")
                continue
            check_type(name + ".csv", i, c, v)
    return rows


data = {f: load(f) for f in FILES}
units, whs, mods, cat = data["units"], data["warehouses"], data["modules"], data["catalog"]
assets, lots, stds, tgts = data["assets"], data["lots"], data["standards"], data["targets"]


def unique(rows, key, file):
    seen = set()
    for r in rows:
        if r[key] in seen:
            bad(file, r["_line"], key, r[key], "duplicate")
        seen.add(r[key])
    return seen


unit_codes = unique(units, "code", "units.csv")
wh_codes = unique(whs, "code", "warehouses.csv")
mod_codes = unique(mods, "code", "modules.csv")
item_codes = unique(cat, "item", "catalog.csv")
holders = unit_codes | wh_codes
for file, rows in (("units.csv", units), ("warehouses.csv", whs)):
    for r in rows:
        lat, lon = r.get("lat", ""), r.get("lon", "")
        if bool(lat) != bool(lon):
            bad(file, r["_line"], "lat", lat, "lat and lon go together")
        elif lat and not (abs(float(lat)) <= 90 and abs(float(lon)) <= 180):
            bad(file, r["_line"], "lat", lat, "not a place on Earth")
pairs = set()
for t in data["travel_times"]:
    for col in ("from", "to"):
        if t[col] not in holders:
            bad("travel_times.csv", t["_line"], col, t[col], "no such unit or warehouse")
    if (t["from"], t["to"]) in pairs:
        bad("travel_times.csv", t["_line"], "to", t["to"], "pair given twice")
    pairs.add((t["from"], t["to"]))
    if float(t["minutes"]) <= 0:
        bad("travel_times.csv", t["_line"], "minutes", t["minutes"], "not above 0")
for c in unit_codes & wh_codes:
    bad("warehouses.csv", 0, "code", c, "also a unit code")

# units: roots, parents, cycles, class only for stations
parent = {u["code"]: u["parent"] for u in units}
kind = {u["code"]: u["kind"] for u in units}
for u in units:
    if u["parent"] and u["parent"] not in unit_codes:
        bad("units.csv", u["_line"], "parent", u["parent"], "no such unit")
    if u["kind"] == "station" and not u["class"]:
        bad("units.csv", u["_line"], "class", "", "a station needs a class")
    if u["kind"] != "station" and u["class"]:
        bad("units.csv", u["_line"], "class", u["class"], "only stations have a class")
    seen, c = set(), u["code"]
    while c:
        if c in seen:
            bad("units.csv", u["_line"], "parent", u["parent"], "cycle")
            break
        seen.add(c)
        c = parent.get(c, "")
roots = [u["code"] for u in units if not u["parent"]]
for w in whs:
    if w["unit"] not in unit_codes:
        bad("warehouses.csv", w["_line"], "unit", w["unit"], "no such unit")

item = {c["item"]: c for c in cat}
life = {c["item"]: int(c["life_years"]) if c["life_years"] else None for c in cat}
inspect = {c["item"]: int(c["inspect_days"]) if c["inspect_days"] else None for c in cat}


def add_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


# barcodes across assets and lots
seen_bc = set()
for file, rows in (("assets.csv", assets), ("lots.csv", lots)):
    for r in rows:
        b = r["barcode"]
        if b in seen_bc:
            bad(file, r["_line"], "barcode", b, "duplicate across assets and lots")
        seen_bc.add(b)
        if not re.fullmatch(r"[ -~]{1,32}", b):
            bad(file, r["_line"], "barcode", b, "not printable ASCII of 1-32 characters")
        if b.isdigit() and len(b) in (8, 12, 13):
            bad(file, r["_line"], "barcode", b, "all digits of length 8/12/13 reads as EAN/UPC")
        if r["item"] not in item:
            bad(file, r["_line"], "item", r["item"], "no such item")
        if r["owner"] not in holders:
            bad(file, r["_line"], "owner", r["owner"], "no such unit or warehouse")
        if r["module"] and r["module"] not in mod_codes:
            bad(file, r["_line"], "module", r["module"], "no such module")

plates = Counter(a["plate"] for a in assets if a["plate"])
for p, n in plates.items():
    if n > 1:
        bad("assets.csv", 0, "plate", p, f"used {n} times")

for a in assets:
    it = item.get(a["item"])
    if it and it["tracking"] != "serial":
        bad("assets.csv", a["_line"], "item", a["item"], "a lot item in assets.csv")
    if a["location"]:
        if a["location"] not in holders:
            bad("assets.csv", a["_line"], "location", a["location"], "no such unit or warehouse")
        if a["location"] == a["owner"]:
            bad("assets.csv", a["_line"], "location", a["location"], "same as owner")
        if a["status"] not in ("", "ready"):
            bad("assets.csv", a["_line"], "location", a["location"], "checked out but not ready")
    comm = parse_date(a["commissioned"]) if a["commissioned"] else None
    if life.get(a["item"]) and not a["commissioned"]:
        bad("assets.csv", a["_line"], "commissioned", "", "the item has a service life")
    if comm and comm > REF:
        bad("assets.csv", a["_line"], "commissioned", a["commissioned"], "after the reference date")
    li = parse_date(a["last_inspected"]) if a["last_inspected"] else None
    if li and (li > REF or (comm and li < comm)):
        bad("assets.csv", a["_line"], "last_inspected", a["last_inspected"], "outside commissioned..ref")
    if a["plate"] and it and it["category"] != "vehicle":
        bad("assets.csv", a["_line"], "plate", a["plate"], "plate on a non-vehicle")

for l in lots:
    it = item.get(l["item"])
    if it and it["tracking"] != "lot":
        bad("lots.csv", l["_line"], "item", l["item"], "a serial item in lots.csv")
    rec = parse_date(l["received"]) if l["received"] else None
    if rec and rec > REF:
        bad("lots.csv", l["_line"], "received", l["received"], "after the reference date")

for s in stds:
    kind_, _, ref = s["scope"].partition(":")
    ok = {"class": ref in CLASSES, "unit": ref in unit_codes, "warehouse": ref in wh_codes}.get(kind_, False)
    if not ok:
        bad("standards.csv", s["_line"], "scope", s["scope"], "unknown scope")
    if kind_ == "warehouse" and s["module"] not in mod_codes:
        bad("standards.csv", s["_line"], "module", s["module"], "a warehouse line needs a known module")
    if kind_ != "warehouse" and s["module"]:
        bad("standards.csv", s["_line"], "module", s["module"], "module only for warehouse lines")
    w = s["what"]
    if w.startswith("category:"):
        if w[9:] not in CATEGORIES:
            bad("standards.csv", s["_line"], "what", w, "unknown category")
    elif w not in item:
        bad("standards.csv", s["_line"], "what", w, "no such item")

for t in tgts:
    if t["scope"]:
        k, _, ref = t["scope"].partition(":")
        if not ((k == "unit" and ref in unit_codes) or (k == "category" and ref in CATEGORIES)):
            bad("targets.csv", t["_line"], "scope", t["scope"], "unknown scope")

if problems:
    print(f"{len(problems)} problem(s):")
    for p in problems[:200]:
        print("  " + p)
    sys.exit(1)

# ---------------------------------------------------------------- counts as of REF

live = [a for a in assets if a["status"] != "retired"]


def over_age(a):
    y = life[a["item"]]
    return bool(y) and add_years(parse_date(a["commissioned"]), y) <= REF


def overdue(a):
    d = inspect[a["item"]]
    if not d:
        return False
    return not a["last_inspected"] or (REF - parse_date(a["last_inspected"])).days > d


def ready(a):
    return a["status"] in ("", "ready") and not a["location"] and not over_age(a) and not overdue(a)


def expired(l):
    return bool(l["expires"]) and parse_date(l["expires"]) < REF


def expiring(l):
    return bool(l["expires"]) and REF <= parse_date(l["expires"]) <= REF + dt.timedelta(days=90)


print(f"{DIR}: valid; reference date {REF}")
print(f"  units {len(units)} ({dict(Counter(kind.values()))}), root {roots}")
print(f"  warehouses {len(whs)}, modules {len(mods)}, catalogue items {len(cat)}")
print(f"  assets {len(assets)}: status {dict(Counter(a['status'] or 'ready' for a in assets))}")
print(f"  not retired {len(live)}: over-age {sum(map(over_age, live))}, "
      f"inspection overdue {sum(map(overdue, live))} "
      f"(never inspected {sum(1 for a in live if inspect[a['item']] and not a['last_inspected'])}), "
      f"checked out {sum(1 for a in live if a['location'])}, ready {sum(map(ready, live))}")
veh = [a for a in live if item[a["item"]]["category"] == "vehicle"]
print(f"  vehicles (not retired) {len(veh)}: over-age {sum(map(over_age, veh))}, "
      f"high-end {sum(1 for a in veh if item[a['item']]['high_end'] == 'yes')}")
lots_pos = [l for l in lots if Decimal(l["quantity"]) > 0]
print(f"  lots {len(lots)} (with stock {len(lots_pos)}): expired {sum(map(expired, lots_pos))}, "
      f"expiring within 90 days {sum(map(expiring, lots_pos))}")

# standards: held per line, equipped and compliance
below = defaultdict(set)
for c in unit_codes:
    p = c
    while p:
        below[p].add(c)
        p = parent.get(p, "")


def held(owner, what, module=None):
    n = Decimal(0)
    for a in live:
        if a["owner"] == owner and (module is None or a["module"] == module) and (
                a["item"] == what or what == "category:" + item[a["item"]]["category"]):
            n += 1
    for l in lots:
        if l["owner"] == owner and (module is None or l["module"] == module) and (
                l["item"] == what or what == "category:" + item[l["item"]]["category"]):
            n += Decimal(l["quantity"])
    return n


lines = defaultdict(list)  # holder -> [(module, what, required)]
cls = {u["code"]: u["class"] for u in units}
for s in stds:
    k, _, ref = s["scope"].partition(":")
    targets_ = [c for c in unit_codes if cls[c] == ref] if k == "class" else [ref]
    for t in targets_:
        lines[t].append((s["module"] or None, s["what"], Decimal(s["required"])))
met = sum(1 for t, ls in lines.items() if all(held(t, w, m) >= r for m, w, r in ls))
req_sum = sum(r for ls in lines.values() for _, _, r in ls)
got_sum = sum(min(held(t, w, m), r) for t, ls in lines.items() for m, w, r in ls)
print(f"  standards: {len(stds)} lines; holders with lines {len(lines)}, all lines equipped {met} "
      f"(compliance {100 * met / len(lines):.1f} %), equipped rate {100 * got_sum / req_sum:.1f} %")
short_v = [t for t in lines if cls.get(t) and held(t, "category:vehicle") <
           next(r for m, w, r in lines[t] if w == "category:vehicle")]
print(f"  stations short of duty vehicles: {len(short_v)} {sorted(short_v)}")

sat = []
for t, ls in sorted(lines.items()):
    if t not in wh_codes:
        continue
    for m in sorted({m for m, _, _ in ls}):
        mine = [(w, r) for mm, w, r in ls if mm == m]
        got = sum(min(held(t, w, m), r) for w, r in mine)
        sat.append(f"{t}/{m} {100 * got / sum(r for _, r in mine):.0f}%")
print(f"  module saturation: {', '.join(sat)}")
