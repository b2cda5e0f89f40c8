#!/usr/bin/env python3
"""Write the fictional sample detachment (清州市消防救援支队) to import/sample/*.csv.

Deterministic: a fixed seed, no clock. Standard library only.
Run from the repository root:  python3 tools/gen_sample.py
The reference date REF is the "today" that the spread of over-age, overdue and expiring
stock is built around. The output is checked by tools/check_sample.py.
"""

import csv
import datetime as dt
import os
import random
import sys

SEED = 20261123
REF = dt.date(2026, 11, 23)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "import", "sample")

rng = random.Random(SEED)


# ---------------------------------------------------------------- helpers

def write_csv(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if r.get(h) is None else r[h] for h in header])
    return len(rows)


def iso(d):
    return d.isoformat() if d else ""


def add_years(d, years):
    """Calendar years; 29 February ends on 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def rand_date(lo, hi):
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def dec(x):
    """Decimal text with a dot, no exponent, no trailing zeros."""
    s = f"{x:.3f}".rstrip("0").rstrip(".")
    return s if s else "0"


# ---------------------------------------------------------------- units

ROOT = "ZD-QZ"
units = [dict(code=ROOT, name="清州市消防救援支队", kind="detachment", parent="", **{"class": ""})]

BRIGADES = [
    ("DD-01", "青阳区消防救援大队"),
    ("DD-02", "东湖区消防救援大队"),
    ("DD-03", "临江县消防救援大队"),
    ("DD-04", "石门县消防救援大队"),
    ("DD-05", "云岭县消防救援大队"),
    ("DD-06", "平川市消防救援大队"),
]
for code, name in BRIGADES:
    units.append({"code": code, "name": name, "kind": "brigade", "parent": ROOT, "class": ""})

# (code, name, parent, class)
STATIONS = [
    ("ZHAN-0001", "清州市消防救援支队特勤一站", ROOT, "special"),
    ("ZHAN-0101", "青阳区人民路消防救援站", "DD-01", "level1"),
    ("ZHAN-0102", "青阳区滨江消防救援站", "DD-01", "level1"),
    ("ZHAN-0103", "青阳区高新区消防救援站", "DD-01", "level2"),
    ("ZHAN-0104", "青阳区西关小型消防救援站", "DD-01", "small"),
    ("ZHAN-0201", "东湖区湖滨路消防救援站", "DD-02", "level1"),
    ("ZHAN-0202", "东湖区长兴消防救援站", "DD-02", "level2"),
    ("ZHAN-0203", "东湖区机场路消防救援站", "DD-02", "level2"),
    ("ZHAN-0204", "东湖区桃园小型消防救援站", "DD-02", "small"),
    ("ZHAN-0301", "临江县城关消防救援站", "DD-03", "level1"),
    ("ZHAN-0302", "临江县港口消防救援站", "DD-03", "level2"),
    ("ZHAN-0303", "临江县白沙小型消防救援站", "DD-03", "small"),
    ("ZHAN-0304", "临江化工园区特勤消防救援站", "DD-03", "special"),
    ("ZHAN-0401", "石门县城关消防救援站", "DD-04", "level1"),
    ("ZHAN-0402", "石门县经开区消防救援站", "DD-04", "level2"),
    ("ZHAN-0403", "石门县龙潭小型消防救援站", "DD-04", "small"),
    ("ZHAN-0501", "云岭县城关消防救援站", "DD-05", "level1"),
    ("ZHAN-0502", "云岭县云台山小型消防救援站", "DD-05", "small"),
    ("ZHAN-0601", "平川市城区消防救援站", "DD-06", "level1"),
    ("ZHAN-0602", "平川市南湖消防救援站", "DD-06", "level2"),
]
for code, name, parent, cls in STATIONS:
    units.append({"code": code, "name": name, "kind": "station", "parent": parent, "class": cls})

TOWNSHIP = [
    ("XZ-0301", "临江县白沙镇专职消防队", "DD-03"),
    ("XZ-0401", "石门县龙潭镇专职消防队", "DD-04"),
    ("XZ-0501", "云岭县云台镇专职消防队", "DD-05"),
]
for code, name, parent in TOWNSHIP:
    units.append({"code": code, "name": name, "kind": "township", "parent": parent, "class": ""})

MICRO = [
    ("WX-0101", "青阳区东门社区微型消防站", "ZHAN-0101"),
    ("WX-0201", "东湖区长兴街道微型消防站", "ZHAN-0202"),
    ("WX-0601", "平川市古城景区微型消防站", "ZHAN-0601"),
]
for code, name, parent in MICRO:
    units.append({"code": code, "name": name, "kind": "micro", "parent": parent, "class": ""})

STATION_CLASS = {s[0]: s[3] for s in STATIONS}

# ---------------------------------------------------------------- warehouses

warehouses = [
    dict(code="CK-SJ", name="清州市应急装备物资储备库", level="city", unit=ROOT, agreement="no", partner=""),
    dict(code="CK-XJ-01", name="青阳区应急装备物资储备库", level="county", unit="DD-01", agreement="no", partner=""),
    dict(code="CK-XJ-03", name="临江县应急装备物资储备库", level="county", unit="DD-03", agreement="no", partner=""),
    dict(code="CK-XJ-04", name="石门县应急装备物资储备库", level="county", unit="DD-04", agreement="no", partner=""),
    dict(code="CK-XJ-05", name="云岭县应急装备物资储备库", level="county", unit="DD-05", agreement="no", partner=""),
    dict(code="CK-XY-01", name="临江石化协议储备库", level="city", unit=ROOT, agreement="yes",
         partner="清州临江石油化工有限公司"),
]

# ---------------------------------------------------------------- modules

modules = [
    ("geological", "地质灾害", "Geological disaster"),
    ("water", "水域", "Water rescue"),
    ("mountain", "山岳", "Mountain rescue"),
    ("petrochemical", "石油化工", "Petrochemical"),
    ("building", "建筑火灾", "Building fire"),
    ("forest", "森林", "Forest fire"),
    ("life_support", "生活保障", "Life support"),
    ("general", "通用", "General"),
]

# ---------------------------------------------------------------- catalogue
# item, name, category, tracking, uom, life_years, inspect_days, high_end, unit_price

CATALOG = [
    ("V-SG", "水罐消防车", "vehicle", "serial", "辆", 15, 365, "no", "980000.00"),
    ("V-PM", "泡沫消防车", "vehicle", "serial", "辆", 15, 365, "no", "1650000.00"),
    ("V-JY", "抢险救援消防车", "vehicle", "serial", "辆", 15, 365, "no", "2800000.00"),
    ("V-DG", "登高平台消防车", "vehicle", "serial", "辆", 15, 365, "yes", "5800000.00"),
    ("V-YT", "云梯消防车", "vehicle", "serial", "辆", 15, 365, "yes", "4600000.00"),
    ("V-JP", "举高喷射消防车", "vehicle", "serial", "辆", 15, 365, "yes", "4200000.00"),
    ("V-TX", "通信指挥消防车", "vehicle", "serial", "辆", 12, 365, "yes", "2100000.00"),
    ("V-GQ", "供气消防车", "vehicle", "serial", "辆", 12, 365, "no", "1350000.00"),
    ("V-QC", "器材消防车", "vehicle", "serial", "辆", 12, 365, "no", "760000.00"),
    ("V-PY", "排烟消防车", "vehicle", "serial", "辆", 12, 365, "no", "1900000.00"),
    ("V-YG", "远程供水泵组消防车", "vehicle", "serial", "辆", 15, 365, "yes", "6000000.00"),
    ("P-KH", "正压式消防空气呼吸器", "protective", "serial", "套", 8, 365, "no", "9800.00"),
    ("P-FH", "重型防化服", "protective", "serial", "套", 5, 365, "no", "32000.00"),
    ("P-GR", "隔热服", "protective", "serial", "套", 5, None, "no", "2600.00"),
    ("P-FZ", "消防员灭火防护服", "protective", "serial", "套", 5, None, "no", "3200.00"),
    ("P-TK", "消防头盔", "protective", "serial", "顶", 5, None, "no", "680.00"),
    ("R-PC", "液压破拆工具组", "rescue", "serial", "套", 10, 365, "no", "128000.00"),
    ("R-SM", "音视频生命探测仪", "rescue", "serial", "台", 8, 365, "yes", "186000.00"),
    ("R-LD", "雷达生命探测仪", "rescue", "serial", "台", 8, 365, "yes", "480000.00"),
    ("R-GJ", "高压起重气垫", "rescue", "serial", "套", 10, 365, "no", "42000.00"),
    ("R-PT", "救生抛投器", "rescue", "serial", "台", 8, 365, "no", "6500.00"),
    ("R-XP", "橡皮艇", "rescue", "serial", "艘", 8, 365, "no", "18000.00"),
    ("R-CF", "冲锋舟", "rescue", "serial", "艘", 10, 365, "no", "86000.00"),
    ("R-SS", "绳索救援装备", "rescue", "serial", "套", 5, 180, "no", "26000.00"),
    ("C-TC", "单兵图传", "communication", "serial", "台", 6, None, "no", "38000.00"),
    ("C-WX", "卫星电话", "communication", "serial", "台", 6, None, "no", "12000.00"),
    ("C-DJ", "350M对讲机", "communication", "serial", "台", 6, None, "no", "3800.00"),
    ("C-BX", "卫星便携站", "communication", "serial", "台", 8, 365, "yes", "420000.00"),
    ("D-ZC", "侦察无人机", "drone", "serial", "台", 5, 180, "yes", "168000.00"),
    ("B-FT", "浮艇泵", "pump", "serial", "台", 10, 365, "no", "26000.00"),
    ("B-ST", "手抬机动泵", "pump", "serial", "台", 10, 365, "no", "18500.00"),
    ("S-FD", "移动发电机", "supply", "serial", "台", 10, 180, "no", "12000.00"),
    ("A-AF", "水成膜泡沫灭火剂", "agent", "lot", "t", None, None, "no", "18500.00"),
    ("A-KR", "抗溶性泡沫灭火剂", "agent", "lot", "t", None, None, "no", "24000.00"),
    ("A-GF", "干粉灭火剂", "agent", "lot", "kg", None, None, "no", "12.50"),
    ("S-ZP", "救灾帐篷", "supply", "lot", "顶", None, None, "no", "1800.00"),
    ("S-ZC", "折叠床", "supply", "lot", "张", None, None, "no", "260.00"),
    ("S-MB", "棉被", "supply", "lot", "床", None, None, "no", "180.00"),
    ("S-SP", "应急食品", "supply", "lot", "箱", None, None, "no", "120.00"),
    ("S-YS", "饮用水", "supply", "lot", "箱", None, None, "no", "36.00"),
    ("S-RY", "发电机燃油", "supply", "lot", "L", None, None, "no", "8.20"),
    ("O-SD", "沙袋", "other", "lot", "个", None, None, "no", "3.50"),
    ("O-JS", "救生衣", "other", "lot", "件", None, None, "no", "180.00"),
]
ITEM = {c[0]: c for c in CATALOG}
LIFE = {c[0]: c[5] for c in CATALOG}
INSPECT = {c[0]: c[6] for c in CATALOG}

# ---------------------------------------------------------------- assets

assets = []
barcodes = set()


def new_barcode(prefix):
    while True:
        b = prefix + f"{rng.randint(0, 99999999):08d}"
        if b not in barcodes:
            barcodes.add(b)
            return b


SERIAL_PREFIX = {
    "P-KH": "RHZK6.8", "P-FH": "FH", "P-GR": "GR", "P-FZ": "ZFMH", "P-TK": "FTK",
    "R-PC": "HRS", "R-SM": "SJ", "R-LD": "LD", "R-GJ": "QD", "R-PT": "PT", "R-XP": "XP",
    "R-CF": "CF", "R-SS": "SS", "C-TC": "TC", "C-WX": "TT", "C-DJ": "PD", "C-BX": "BX",
    "D-ZC": "M30T", "B-FT": "FTB", "B-ST": "JBQ", "S-FD": "GF",
}
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
plates = set()


def new_plate():
    while True:
        p = f"清A·{rng.randint(0, 9999):04d}应急"
        if p not in plates:
            plates.add(p)
            return p


def commissioned_for(item, fresh=False):
    """Most pieces well inside their life; about one in twelve past it."""
    life = LIFE[item]
    if fresh:
        age_days = rng.randint(30, 3 * 365)
    elif rng.random() < (0.13 if item.startswith("V-") else 0.085):
        age_days = int(life * 365.25) + rng.randint(1, (6 if item.startswith("V-") else 4) * 365)
    else:
        age_days = rng.randint(20, int(life * 365.25) - 10)
    d = REF - dt.timedelta(days=age_days)
    return max(d, dt.date(2006, 1, 4))


def last_inspected_for(item, commissioned):
    days = INSPECT[item]
    if days is None:
        return None
    r = rng.random()
    if r < 0.05:
        return None  # never recorded: overdue
    if r < 0.15:
        d = REF - dt.timedelta(days=days + rng.randint(1, 240))  # overdue
    else:
        d = REF - dt.timedelta(days=rng.randint(0, days - 1))
    return max(d, commissioned)


def add_asset(item, owner, module=None, fresh=False):
    comm = commissioned_for(item, fresh)
    serial = ""
    plate = ""
    if item.startswith("V-"):
        serial = "LQZ" + "".join(rng.choice(VIN_CHARS) for _ in range(8)) + f"{comm.year % 100:02d}" + \
                 f"{rng.randint(0, 9999):04d}"
        plate = new_plate()
    else:
        serial = f"{SERIAL_PREFIX[item]}-{comm.year}{rng.randint(1, 99999):05d}"
    assets.append(dict(
        barcode=new_barcode("QZ"), item=item, serial=serial, owner=owner, location="",
        module=module or "", status="ready", commissioned=comm,
        last_inspected=last_inspected_for(item, comm), plate=plate,
    ))


def spread(n, jitter):
    return max(0, n + rng.randint(-jitter, jitter))


# Duty vehicles: the class standard, with some stations short and some over.
VEHICLE_MIX = {
    "level1": ["V-SG", "V-SG", "V-PM", "V-JY", "V-DG", "V-QC", "V-SG", "V-YT"],
    "level2": ["V-SG", "V-SG", "V-JY", "V-PM", "V-SG"],
    "small": ["V-SG", "V-JY", "V-SG"],
    "special": ["V-JY", "V-JY", "V-DG", "V-YT", "V-JP", "V-PM", "V-GQ", "V-PY", "V-SG", "V-QC"],
}
VEHICLE_STD = {"level1": 6, "level2": 4, "small": 2, "special": 8}
VEHICLE_DELTA = {  # fixed, so the picture is stable: who is short, who is over
    "ZHAN-0102": -1, "ZHAN-0203": -1, "ZHAN-0303": -1, "ZHAN-0502": -1, "ZHAN-0401": -2,
    "ZHAN-0101": 1, "ZHAN-0001": 2, "ZHAN-0201": 1, "ZHAN-0602": 1,
}
STATION_GEAR = {  # per class: item -> (typical count, jitter)
    "level1": {"P-KH": (33, 3), "P-TK": (40, 4), "P-FZ": (40, 4), "P-GR": (5, 1), "P-FH": (5, 1),
               "R-PC": (2, 0), "R-SM": (1, 0), "R-GJ": (1, 0), "R-PT": (2, 1), "R-SS": (2, 1),
               "C-DJ": (22, 2), "C-TC": (2, 0), "C-WX": (1, 0), "B-ST": (2, 0), "D-ZC": (1, 0)},
    "level2": {"P-KH": (22, 2), "P-TK": (28, 3), "P-FZ": (28, 3), "P-GR": (3, 1), "P-FH": (3, 1),
               "R-PC": (1, 0), "R-PT": (1, 0), "R-SS": (1, 0), "C-DJ": (13, 1), "C-TC": (1, 0),
               "B-ST": (1, 0)},
    "small": {"P-KH": (11, 1), "P-TK": (15, 2), "P-FZ": (15, 2), "P-GR": (2, 0), "R-PC": (1, 0),
              "C-DJ": (7, 1), "B-ST": (1, 0)},
    "special": {"P-KH": (44, 3), "P-TK": (50, 4), "P-FZ": (50, 4), "P-GR": (8, 2), "P-FH": (9, 1),
                "R-PC": (3, 0), "R-SM": (2, 0), "R-LD": (1, 0), "R-GJ": (2, 0), "R-PT": (3, 0),
                "R-SS": (4, 1), "R-XP": (2, 0), "C-DJ": (30, 3), "C-TC": (4, 0), "C-WX": (2, 0),
                "C-BX": (1, 0), "B-ST": (2, 0), "B-FT": (1, 0), "D-ZC": (2, 0)},
}

for code, _, _, cls in STATIONS:
    n = VEHICLE_STD[cls] + VEHICLE_DELTA.get(code, 0)
    mix = VEHICLE_MIX[cls]
    for i in range(n):
        add_asset(mix[i % len(mix)], code)
    for item, (k, j) in STATION_GEAR[cls].items():
        for _ in range(spread(k, j)):
            add_asset(item, code)

# The 化工园区 special station has an extra foam tender.
add_asset("V-PM", "ZHAN-0304")

# Detachment HQ: command and support vehicles.
for item in ["V-TX", "V-GQ", "V-QC", "V-YG"]:
    add_asset(item, ROOT)
for _ in range(12):
    add_asset("C-DJ", ROOT)
add_asset("C-BX", ROOT)
add_asset("D-ZC", ROOT)

# Township teams and micro stations: light equipment.
for code, _, _ in TOWNSHIP:
    add_asset("V-SG", code)
    for item, k in [("P-KH", 6), ("P-TK", 10), ("P-FZ", 10), ("C-DJ", 4), ("B-ST", 1)]:
        for _ in range(spread(k, 1)):
            add_asset(item, code)
for code, _, _ in MICRO:
    for item, k in [("P-KH", 2), ("P-TK", 6), ("P-FZ", 6), ("C-DJ", 3)]:
        for _ in range(spread(k, 1)):
            add_asset(item, code)

# Warehouse module baselines (also written to standards.csv) and the stock put against them.
# warehouse -> module -> [(what, required)]
BASELINES = {
    "CK-SJ": {
        "water": [("R-CF", 10), ("R-XP", 12), ("B-FT", 6), ("R-PT", 20), ("O-JS", 200), ("O-SD", 5000)],
        "geological": [("R-SM", 4), ("R-LD", 2), ("R-PC", 6), ("R-GJ", 4)],
        "mountain": [("R-SS", 20), ("D-ZC", 2)],
        "petrochemical": [("P-FH", 30), ("P-KH", 60), ("A-AF", 20), ("A-GF", 5000)],
        "building": [("P-KH", 80), ("P-GR", 20), ("P-FZ", 100)],
        "forest": [("B-ST", 10), ("C-DJ", 30), ("S-YS", 300)],
        "life_support": [("S-ZP", 100), ("S-ZC", 300), ("S-MB", 300), ("S-SP", 500), ("S-YS", 1000),
                         ("S-FD", 10), ("S-RY", 2000)],
        "general": [("C-DJ", 60), ("C-WX", 10), ("C-TC", 8), ("C-BX", 2), ("D-ZC", 4)],
    },
    "CK-XJ-01": {
        "water": [("R-CF", 4), ("R-XP", 4), ("O-JS", 80), ("O-SD", 2000)],
        "building": [("P-KH", 30), ("P-GR", 8)],
        "life_support": [("S-ZP", 30), ("S-MB", 100), ("S-YS", 300)],
    },
    "CK-XJ-03": {
        "water": [("R-CF", 6), ("B-FT", 4), ("O-JS", 120), ("O-SD", 3000)],
        "petrochemical": [("P-FH", 16), ("A-AF", 10), ("A-KR", 5)],
        "life_support": [("S-ZP", 30), ("S-SP", 200), ("S-YS", 300)],
    },
    "CK-XJ-04": {
        "geological": [("R-SM", 2), ("R-PC", 3), ("R-GJ", 2)],
        "mountain": [("R-SS", 10)],
        "life_support": [("S-ZP", 40), ("S-ZC", 100), ("S-MB", 100), ("S-SP", 200)],
    },
    "CK-XJ-05": {
        "forest": [("B-ST", 8), ("C-DJ", 20), ("S-YS", 200), ("S-RY", 1000)],
        "mountain": [("R-SS", 12), ("D-ZC", 2)],
        "geological": [("R-SM", 2), ("R-PC", 2)],
    },
    "CK-XY-01": {
        "petrochemical": [("A-AF", 30), ("A-KR", 10), ("A-GF", 8000), ("P-FH", 20), ("V-PM", 2)],
    },
}
# Fixed shortfalls so that some module lines are short, whatever the draw:
SHORT = {("CK-SJ", "water", "R-CF"): 7, ("CK-SJ", "geological", "R-LD"): 1,
         ("CK-XJ-03", "petrochemical", "A-AF"): 6.5, ("CK-XJ-05", "mountain", "D-ZC"): 1,
         ("CK-SJ", "life_support", "S-ZP"): 72, ("CK-XY-01", "petrochemical", "A-KR"): 7.5}

lot_plan = []  # (owner, module, item, total quantity)
for wh, mods in BASELINES.items():
    for module, lines in mods.items():
        for item, req in lines:
            if (wh, module, item) in SHORT:
                qty = SHORT[(wh, module, item)]
            else:
                qty = req * rng.choice([1.0, 1.0, 1.1, 1.2, 0.9, 1.0, 1.05])
            if ITEM[item][3] == "serial":
                for _ in range(int(round(qty))):
                    add_asset(item, wh, module, fresh=rng.random() < 0.3)
            else:
                lot_plan.append((wh, module, item, qty))

# Stock at warehouses that no baseline asks for (spare, general).
for _ in range(15):
    add_asset("P-TK", "CK-SJ", "general")
for _ in range(6):
    add_asset("R-PT", "CK-XJ-01", "water")

# ---- statuses, check-outs

HOLDERS = [s[0] for s in STATIONS] + [t[0] for t in TOWNSHIP]
for a in assets:
    end = add_years(a["commissioned"], LIFE[a["item"]])
    over = end <= REF
    r = rng.random()
    if over and r < 0.12:
        a["status"] = "retired"
    elif r < 0.035:
        a["status"] = "maintenance"
    elif r < 0.047:
        a["status"] = "out_of_service"
    elif not over and r > 0.995:
        a["status"] = "retired"  # written off early: damaged on an incident

for a in assets:
    if a["status"] == "ready" and rng.random() < 0.03:
        own = a["owner"]
        a["location"] = rng.choice([h for h in HOLDERS if h != own])

# ---------------------------------------------------------------- lots

lots = []
LOT_SHELF = {  # item -> (shelf life in days, lot size range)
    "A-AF": (8 * 365, (0.5, 2.5)), "A-KR": (6 * 365, (0.5, 2.0)), "A-GF": (5 * 365, (200, 800)),
    "S-ZP": (None, (5, 15)), "S-ZC": (None, (10, 40)), "S-MB": (None, (10, 40)),
    "S-SP": (2 * 365, (20, 60)), "S-YS": (365, (30, 100)), "S-RY": (365, (100, 400)),
    "O-SD": (None, (300, 1000)), "O-JS": (None, (10, 40)),
}
INTEGRAL = {"S-ZP", "S-ZC", "S-MB", "S-SP", "S-YS", "O-SD", "O-JS"}


def lot_number(item, received):
    return f"{received:%Y%m%d}-{item[2:]}{rng.randint(1, 99):02d}"


def add_lot(item, owner, module, qty):
    shelf, _ = LOT_SHELF[item]
    if shelf is None:
        received = rand_date(dt.date(2015, 1, 1), REF - dt.timedelta(days=10))
        expires = None
    else:
        mode = rng.choices(["ok", "soon", "expired"], [0.80, 0.11, 0.09])[0]
        if mode == "expired":
            expires = REF - dt.timedelta(days=rng.randint(1, 200))
        elif mode == "soon":
            expires = REF + dt.timedelta(days=rng.randint(0, 90))
        else:
            expires = REF + dt.timedelta(days=rng.randint(91, max(120, shelf - 30)))
        received = expires - dt.timedelta(days=shelf)
        if received > REF:
            received = REF - dt.timedelta(days=rng.randint(5, 60))
    if item in INTEGRAL:
        qty = max(1, int(round(qty)))
    lots.append(dict(barcode=new_barcode("QZL"), item=item, lot=lot_number(item, received), owner=owner,
                     module=module or "", quantity=dec(qty), expires=expires, received=received))


for owner, module, item, total in lot_plan:
    lo, hi = LOT_SHELF[item][1]
    left = total
    while left > 0:
        size = rng.uniform(lo, hi)
        if item in ("A-AF", "A-KR"):
            size = round(size * 2) / 2  # half tonnes
        elif item == "A-GF":
            size = round(size / 25) * 25  # 25 kg bags
        else:
            size = round(size)
        size = max(size, lo if item not in INTEGRAL else 1)
        if size >= left or left - size < lo / 2:
            size = left
        add_lot(item, owner, module, size)
        left = round(left - size, 3)

# Foam and powder at the stations that fight industrial fires, water at every level-1 and special station.
for code, _, _, cls in STATIONS:
    if cls == "special":
        for _ in range(3):
            add_lot("A-AF", code, None, rng.choice([2, 2.5, 3, 4]))
        add_lot("A-GF", code, None, rng.choice([500, 750, 1000]))
        add_lot("S-YS", code, None, rng.randint(30, 60))
    elif cls == "level1":
        add_lot("A-AF", code, None, rng.choice([1, 1.5, 2]))
        add_lot("A-GF", code, None, rng.choice([200, 250, 300]))
        add_lot("S-YS", code, None, rng.randint(20, 40))
        add_lot("S-SP", code, None, rng.randint(10, 30))
    elif cls == "level2":
        add_lot("A-AF", code, None, rng.choice([0.5, 1]))
        add_lot("S-YS", code, None, rng.randint(10, 30))
    else:
        add_lot("S-YS", code, None, rng.randint(5, 15))
for code, _, _ in TOWNSHIP:
    add_lot("A-AF", code, None, 0.5)
    add_lot("S-YS", code, None, rng.randint(5, 10))

# ---------------------------------------------------------------- standards

standards = [
    ("class:level1", "", "category:vehicle", "6"),
    ("class:level2", "", "category:vehicle", "4"),
    ("class:small", "", "category:vehicle", "2"),
    ("class:special", "", "category:vehicle", "8"),
    ("class:level1", "", "P-KH", "30"),
    ("class:level1", "", "R-PC", "2"),
    ("class:level1", "", "R-SM", "1"),
    ("class:level1", "", "C-DJ", "20"),
    ("class:level1", "", "P-FH", "4"),
    ("class:level1", "", "P-GR", "4"),
    ("class:level2", "", "P-KH", "20"),
    ("class:level2", "", "R-PC", "1"),
    ("class:level2", "", "C-DJ", "12"),
    ("class:level2", "", "P-FH", "2"),
    ("class:small", "", "P-KH", "10"),
    ("class:small", "", "R-PC", "1"),
    ("class:small", "", "C-DJ", "6"),
    ("class:special", "", "P-KH", "40"),
    ("class:special", "", "R-PC", "3"),
    ("class:special", "", "R-SM", "2"),
    ("class:special", "", "R-LD", "1"),
    ("class:special", "", "P-FH", "8"),
    ("class:special", "", "D-ZC", "1"),
    ("unit:ZHAN-0304", "", "V-PM", "2"),
    ("unit:ZHAN-0304", "", "A-AF", "10"),
    ("unit:ZD-QZ", "", "V-TX", "1"),
    ("unit:ZD-QZ", "", "V-GQ", "1"),
    ("unit:XZ-0301", "", "category:vehicle", "1"),
]
for wh, mods in BASELINES.items():
    for module, lines in mods.items():
        for item, req in lines:
            standards.append((f"warehouse:{wh}", module, item, dec(req)))

# ---------------------------------------------------------------- targets

targets = [
    ("high_end_share", "category:vehicle", "30", "2025-12-31", "“十四五”消防救援事业发展规划"),
    ("high_end_share", "category:rescue", "30", "2025-12-31", "“十四五”消防救援事业发展规划"),
    ("compliance_rate", "", "95", "2025-12-31", "县级“十四五”规划"),
    ("compliance_rate", "", "100", "2025-12-31", "省级“十四五”规划"),
    ("equipped_rate", "", "100", "2025-12-31", "省级“十四五”规划"),
    ("over_age", "", "0", "2022-12-31", "“十四五”规划：2022年底前超期装备全部更新"),
    ("compliance_rate", "unit:DD-01", "90", "2025-12-31", "清州市“十四五”消防救援事业发展规划"),
    ("compliance_rate", "unit:DD-05", "90", "2025-12-31", "清州市“十四五”消防救援事业发展规划"),
    ("saturation", "", "100", "2026-12-31", "清州市应急装备物资储备建设方案"),
]

# ---------------------------------------------------------------- write

# ---------------------------------------------------------------- places
# Locations (decimal degrees, WGS-84) of a made-up city in hilly country: the two urban districts
# around the city seat, the riverside county with its chemical park to the north-east, the
# counties to the south-west and (mountainous, far) to the south-east, and the county-level city
# to the north-west, which has no depot of its own. Fixed numbers, no random draws, so that the
# rest of the sample is the same as before they were added.
LOCATIONS = {
    "ZD-QZ": ("28.7012", "118.4021"), "DD-01": ("28.6905", "118.3788"),
    "DD-02": ("28.7231", "118.4702"), "DD-03": ("28.9318", "118.7196"),
    "DD-04": ("28.3815", "118.2032"), "DD-05": ("28.1006", "118.8512"),
    "DD-06": ("28.9795", "118.0486"),
    "ZHAN-0001": ("28.7088", "118.4156"),
    "ZHAN-0101": ("28.6952", "118.3852"), "ZHAN-0102": ("28.6721", "118.3619"),
    "ZHAN-0103": ("28.7203", "118.3412"), "ZHAN-0104": ("28.6833", "118.3307"),
    "ZHAN-0201": ("28.7302", "118.4855"), "ZHAN-0202": ("28.7508", "118.4630"),
    "ZHAN-0203": ("28.7611", "118.5232"), "ZHAN-0204": ("28.7055", "118.5108"),
    "ZHAN-0301": ("28.9297", "118.7233"), "ZHAN-0302": ("28.9602", "118.7560"),
    "ZHAN-0303": ("29.0541", "118.8605"), "ZHAN-0304": ("28.9765", "118.7891"),
    "ZHAN-0401": ("28.3842", "118.2061"), "ZHAN-0402": ("28.4207", "118.2412"),
    "ZHAN-0403": ("28.2718", "118.0815"),
    "ZHAN-0501": ("28.1033", "118.8547"), "ZHAN-0502": ("27.9621", "119.0288"),
    "ZHAN-0601": ("28.9811", "118.0452"), "ZHAN-0602": ("28.9402", "118.0733"),
    "XZ-0301": ("29.0566", "118.8571"), "XZ-0401": ("28.2745", "118.0790"),
    "XZ-0501": ("27.9648", "119.0251"),
    "WX-0101": ("28.6981", "118.3905"), "WX-0201": ("28.7533", "118.4671"),
    "WX-0601": ("28.9898", "118.0366"),
    "CK-SJ": ("28.6644", "118.4377"), "CK-XJ-01": ("28.7016", "118.3512"),
    "CK-XJ-03": ("28.9211", "118.7402"), "CK-XJ-04": ("28.3925", "118.2219"),
    "CK-XJ-05": ("28.1118", "118.8307"), "CK-XY-01": ("28.9724", "118.7823"),
}

# What the service's own map system says a few roads take, in minutes: the mountain roads of
# 云岭县 are slower than an estimate from the distance, the expressway to 平川市 faster.
TRAVEL_TIMES = [
    ("CK-SJ", "DD-05", "118"), ("CK-SJ", "ZHAN-0501", "116"), ("CK-SJ", "ZHAN-0502", "142"),
    ("CK-XJ-05", "ZHAN-0502", "41"), ("CK-XJ-05", "XZ-0501", "44"),
    ("CK-SJ", "DD-06", "52"), ("CK-SJ", "ZHAN-0601", "50"), ("CK-SJ", "ZHAN-0602", "47"),
    ("CK-XJ-03", "ZHAN-0303", "27"), ("CK-XY-01", "ZHAN-0304", "6"),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    counts = {}
    located = lambda rows: [{**r, "lat": LOCATIONS[r["code"]][0], "lon": LOCATIONS[r["code"]][1]}
                            for r in rows]
    counts["units.csv"] = write_csv(
        "units.csv", ["code", "name", "kind", "parent", "class", "lat", "lon"], located(units))
    counts["warehouses.csv"] = write_csv(
        "warehouses.csv", ["code", "name", "level", "unit", "agreement", "partner", "lat", "lon"],
        located(warehouses))
    counts["travel_times.csv"] = write_csv(
        "travel_times.csv", ["from", "to", "minutes"],
        [dict(zip(["from", "to", "minutes"], t)) for t in TRAVEL_TIMES])
    counts["modules.csv"] = write_csv(
        "modules.csv", ["code", "name_zh", "name_en"],
        [dict(code=c, name_zh=z, name_en=e) for c, z, e in modules])
    cat_header = ["item", "name", "category", "tracking", "uom", "life_years", "inspect_days", "high_end",
                  "unit_price"]
    counts["catalog.csv"] = write_csv("catalog.csv", cat_header, [dict(zip(cat_header, c)) for c in CATALOG])
    a_header = ["barcode", "item", "serial", "owner", "location", "module", "status", "commissioned",
                "last_inspected", "plate"]
    counts["assets.csv"] = write_csv("assets.csv", a_header, [
        {**a, "commissioned": iso(a["commissioned"]), "last_inspected": iso(a["last_inspected"])}
        for a in assets])
    l_header = ["barcode", "item", "lot", "owner", "module", "quantity", "expires", "received"]
    counts["lots.csv"] = write_csv("lots.csv", l_header, [
        {**l, "expires": iso(l["expires"]), "received": iso(l["received"])} for l in lots])
    s_header = ["scope", "module", "what", "required"]
    counts["standards.csv"] = write_csv("standards.csv", s_header, [dict(zip(s_header, s)) for s in standards])
    t_header = ["metric", "scope", "target", "deadline", "source"]
    counts["targets.csv"] = write_csv("targets.csv", t_header, [dict(zip(t_header, t)) for t in targets])
    for name, n in counts.items():
        print(f"{name:16} {n:5} rows")


if __name__ == "__main__":
    sys.exit(main())
