#!/usr/bin/env python3
# generate-sample.py - writes sample-trade.csv, an illustrative monthly
# breakdown of trade via the New International Land-Sea Trade Corridor.
#
# Copyright 2026 The Corridor Atlas developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Only the calibrated totals are real (Xinhua and the Global Times,
# 25 December 2025).  Everything else - the split by province, partner,
# mode, commodity and month - is made up to look plausible.  See README.md.
#
# Usage, from the repository root:  python3 data/trade/generate-sample.py
#
# Standard library only; one fixed seed and nothing read from the
# environment, so every run writes the same bytes.

import math
import os
import random

SEED = 20251225
OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample-trade.csv")

# ---------------------------------------------------------------------------
# Published figures (yuan).  "增长1.7倍" (a 1.7-fold increase) is +170 %.

TARGETS = [
    # label, provinces, last month, current-year total, growth
    ("all 18 provinces, Jan-Oct 2025", "all", 10, 1_350_000_000_000, 0.179),
    ("western 12, Jan-Sep 2025", "west", 9, 611_500_000_000, 0.193),
    ("Chongqing, Jan-Nov 2025", "cq", 11, 48_960_000_000, 1.70),
]

# ---------------------------------------------------------------------------
# Months 2023-01 ... 2025-11

MONTHS = [(y, m) for y in (2023, 2024, 2025) for m in range(1, 13)
          if (y, m) <= (2025, 11)]
T0 = MONTHS.index((2024, 1))

# Chinese New Year fell on 22 Jan 2023, 10 Feb 2024 and 29 Jan 2025: the
# month holding the holiday dips most, its neighbour a little.
NEW_YEAR_DIP = {
    2023: {1: 0.80, 2: 0.90},
    2024: {1: 0.94, 2: 0.78},
    2025: {1: 0.82, 2: 0.88},
}
# Mild seasonality otherwise: the Golden Week in October, a year-end rush.
SEASON = {1: 1.00, 2: 1.00, 3: 1.00, 4: 1.00, 5: 1.02, 6: 1.04,
          7: 1.02, 8: 1.03, 9: 1.05, 10: 0.96, 11: 1.06, 12: 1.10}
# Fresh fruit (durian, longan, mangosteen, cherries...) peaks in summer.
FRUIT_SEASON = {1: 0.9, 2: 0.7, 3: 0.8, 4: 1.0, 5: 1.3, 6: 1.5,
                7: 1.4, 8: 1.2, 9: 1.0, 10: 0.9, 11: 0.8, 12: 1.0}

# ---------------------------------------------------------------------------
# Provinces: relative weight, yearly growth, affinity by partner region.

WEST = ["CN-CQ", "CN-SC", "CN-GZ", "CN-YN", "CN-XZ", "CN-SN",
        "CN-GS", "CN-QH", "CN-NX", "CN-XJ", "CN-NM", "CN-GX"]
OTHER = ["CN-HN", "CN-HB", "CN-GD", "CN-HI", "CN-HA", "CN-JX"]
PROVINCES = WEST + OTHER

PROVINCE = {
    #         weight growth  affinity by region (default 1)
    "CN-CQ": (2.0, 1.70, {"asean": 1.5, "europe": 1.3, "central-asia": 1.2}),
    "CN-SC": (8.0, 0.18, {"asean": 1.4, "europe": 1.3}),
    "CN-GZ": (3.0, 0.20, {"asean": 1.5}),
    "CN-YN": (10.0, 0.22, {"asean": 3.0, "south-asia": 1.5, "east-asia": 0.5,
                           "europe": 0.5, "north-america": 0.4,
                           "latin-america": 0.4, "africa": 0.5}),
    "CN-XZ": (0.25, 0.15, {"south-asia": 4.0, "asean": 0.6, "east-asia": 0.4,
                           "europe": 0.3, "africa": 0.1, "north-america": 0.2,
                           "latin-america": 0.1, "oceania": 0.1,
                           "middle-east": 0.3}),
    "CN-SN": (4.0, 0.19, {"central-asia": 2.5, "europe": 2.0,
                          "russia-cis": 1.5}),
    "CN-GS": (1.2, 0.16, {"central-asia": 2.0, "middle-east": 1.5,
                          "europe": 1.2, "asean": 0.8}),
    "CN-QH": (0.3, 0.14, {"central-asia": 2.0, "middle-east": 1.5,
                          "asean": 0.8, "latin-america": 0.5}),
    "CN-NX": (0.6, 0.17, {"middle-east": 2.5, "central-asia": 2.0,
                          "asean": 0.8}),
    "CN-XJ": (6.0, 0.18, {"central-asia": 8.0, "russia-cis": 3.0,
                          "europe": 2.0, "south-asia": 1.0, "asean": 0.3,
                          "east-asia": 0.2, "middle-east": 0.5,
                          "africa": 0.2, "north-america": 0.2,
                          "latin-america": 0.2, "oceania": 0.2}),
    "CN-NM": (3.0, 0.15, {"russia-cis": 6.0, "europe": 1.5,
                          "central-asia": 1.0, "east-asia": 0.6,
                          "asean": 0.3, "africa": 0.2, "north-america": 0.3,
                          "latin-america": 0.3, "oceania": 0.4,
                          "middle-east": 0.4, "south-asia": 0.3}),
    "CN-GX": (28.0, 0.14, {"asean": 3.0}),
    "CN-HN": (8.0, 0.17, {"asean": 1.4, "africa": 1.5}),
    "CN-HB": (6.0, 0.17, {"asean": 1.2, "europe": 1.2}),
    "CN-GD": (30.0, 0.15, {"asean": 1.5}),
    "CN-HI": (6.0, 0.20, {"asean": 2.0, "oceania": 1.2, "central-asia": 0.2,
                          "russia-cis": 0.3}),
    "CN-HA": (8.0, 0.16, {"europe": 1.3, "central-asia": 1.3}),
    "CN-JX": (5.0, 0.18, {"asean": 1.2, "africa": 1.2}),
}

# ---------------------------------------------------------------------------
# Partners: region, weight, commodity profile (HS sections).

PARTNERS = [
    ("BN", "asean", 0.5, {"V": 2, "VI": 2, "XVI": 0.5}),
    ("KH", "asean", 2.0, {"XI": 3, "II": 1.5, "XVI": 1, "XVII": 0.5}),
    ("ID", "asean", 7.0, {"V": 3, "III": 2, "XV": 1.5, "XVI": 1, "VI": 0.8}),
    ("LA", "asean", 5.0, {"II": 2, "V": 1.5, "VI": 1.2, "XVI": 1.5,
                          "XVII": 1}),
    ("MY", "asean", 7.0, {"XVI": 3, "III": 2, "II": 1, "VII": 1, "V": 0.8}),
    ("MM", "asean", 4.0, {"II": 2, "V": 1.5, "XI": 1.5, "XVI": 1, "IX": 1}),
    ("PH", "asean", 4.0, {"XVI": 2.5, "II": 1.5, "V": 1, "XV": 0.8}),
    ("SG", "asean", 5.0, {"XVI": 3, "VI": 2, "V": 1, "VII": 0.8}),
    ("TH", "asean", 8.0, {"II": 3, "VII": 2, "XVI": 2, "IV": 1, "XVII": 0.8,
                          "VI": 0.6}),
    ("VN", "asean", 20.0, {"XVI": 4, "II": 2, "XI": 1.5, "XV": 1, "VII": 1,
                           "VI": 0.8, "V": 0.5, "XVII": 0.5}),
    ("JP", "east-asia", 3.0, {"XVI": 3, "VI": 1.5, "XVII": 1, "XV": 1}),
    ("KR", "east-asia", 3.0, {"XVI": 3, "VI": 1.5, "VII": 1}),
    ("HK", "east-asia", 4.0, {"XVI": 4, "IV": 1, "XI": 1}),
    ("IN", "south-asia", 4.0, {"VI": 2, "XVI": 2, "XV": 1, "XI": 1, "V": 0.8}),
    ("BD", "south-asia", 1.5, {"XI": 3, "XVI": 1.5, "VI": 1}),
    ("PK", "south-asia", 1.5, {"XI": 2, "XVI": 1.5, "VI": 1, "II": 0.8}),
    ("KZ", "central-asia", 3.0, {"XV": 2, "V": 1.5, "XVI": 1.5, "XVII": 1.5,
                                 "II": 0.8}),
    ("UZ", "central-asia", 1.5, {"XI": 1.5, "XVI": 1.5, "XVII": 1.5, "II": 1}),
    ("AE", "middle-east", 2.0, {"V": 2, "XVI": 2, "XV": 1, "VII": 1}),
    ("SA", "middle-east", 2.0, {"V": 3, "VII": 2, "VI": 1.5}),
    ("IR", "middle-east", 1.0, {"V": 1.5, "VII": 1.5, "II": 1, "XVI": 1}),
    ("DE", "europe", 2.5, {"XVI": 3, "XVII": 2, "VI": 1.5}),
    ("NL", "europe", 1.5, {"XVI": 2, "IV": 1.5, "VI": 1.5}),
    ("IT", "europe", 1.0, {"XVI": 2, "XI": 1.5, "IV": 1}),
    ("RU", "russia-cis", 3.0, {"V": 2, "XV": 1.5, "IX": 1.5, "XVI": 1.5,
                               "XVII": 1.5, "IV": 1}),
    ("BY", "russia-cis", 0.7, {"VI": 2, "IV": 1.5, "XVI": 1}),
    ("ZA", "africa", 1.0, {"V": 2, "XV": 2, "XVI": 1, "II": 0.8}),
    ("NG", "africa", 0.8, {"XVI": 2, "V": 1.5, "XI": 1}),
    ("KE", "africa", 0.5, {"II": 1.5, "XVI": 1.5, "XVII": 1}),
    ("US", "north-america", 3.0, {"XVI": 3, "VI": 1, "II": 1}),
    ("CA", "north-america", 0.8, {"II": 1.5, "V": 1, "IX": 1, "XVI": 1}),
    ("BR", "latin-america", 2.5, {"II": 3, "V": 2, "I": 1.5, "XVI": 0.8}),
    ("CL", "latin-america", 1.5, {"V": 2, "XV": 2, "II": 1.5}),
    ("MX", "latin-america", 1.0, {"XVI": 2, "XVII": 1.5, "V": 1}),
    ("AU", "oceania", 3.0, {"V": 3, "I": 1, "II": 1, "IV": 0.8}),
    ("NZ", "oceania", 0.8, {"I": 2.5, "IX": 1.5, "II": 1}),
]

LANDLOCKED = {"LA", "KZ", "UZ", "BY"}

# Yuan per tonne, relative (scaled at the end so that the whole file
# averages 6,000 yuan a tonne).
DENSITY = {"I": 1.5, "II": 0.9, "III": 1.0, "IV": 1.2, "V": 0.35, "VI": 0.9,
           "VII": 1.3, "IX": 0.5, "XI": 2.5, "XV": 1.1, "XVI": 3.5,
           "XVII": 2.5}
MODE_DENSITY = {"rail-sea": 1.0, "cross-border-rail": 1.2,
                "cross-border-road": 1.5, "air": 8.0, "other": 0.8}

# Commodities each mode carries well (default 1, 0 = never).
MODE_COMMODITY = {
    "rail-sea": {},
    "cross-border-rail": {"III": 0.5},
    "cross-border-road": {"V": 0.2, "IX": 0.3, "XV": 0.5, "III": 0.3},
    "air": {"XVI": 4, "II": 0.6, "I": 0.4, "IV": 0.5, "XI": 1, "VI": 0.3,
            "V": 0, "IX": 0, "XV": 0, "III": 0, "VII": 0, "XVII": 0},
    "other": {"V": 4, "II": 1, "IX": 1, "XVI": 0.2, "XI": 0.1, "XVII": 0.1},
}

MODES = ["rail-sea", "cross-border-rail", "cross-border-road", "air", "other"]

# How likely a commodity lane is to be an export (from the province to
# the partner) rather than an import: the corridor sends out machinery,
# vehicles and textiles and brings in fruit, ores, timber and palm oil.
EXPORT_CHANCE = {"I": 0.3, "II": 0.25, "III": 0.2, "IV": 0.5, "V": 0.2,
                 "VI": 0.6, "VII": 0.5, "IX": 0.2, "XI": 0.8, "XV": 0.6,
                 "XVI": 0.7, "XVII": 0.85}

EURASIAN = {"KZ", "UZ", "RU", "BY", "DE", "NL", "IT"}
EURASIAN_RAIL = {"CN-CQ": 1.0, "CN-SC": 1.0, "CN-SN": 1.2, "CN-XJ": 1.5,
                 "CN-GS": 0.8, "CN-NM": 1.5, "CN-NX": 0.5, "CN-QH": 0.4,
                 "CN-HA": 0.8, "CN-HB": 0.6, "CN-HN": 0.4, "CN-GD": 0.1,
                 "CN-JX": 0.2, "CN-GZ": 0.1}
# Into ASEAN by train: the China-Laos Railway (Kunming-Vientiane, on to
# Thailand) and the line through Pingxiang to Vietnam.
ASEAN_RAIL = {"CN-YN": 1.5, "CN-GX": 1.0, "CN-CQ": 1.0, "CN-SC": 0.8,
              "CN-GZ": 0.6, "CN-HN": 0.5, "CN-HB": 0.4, "CN-GD": 0.4,
              "CN-HA": 0.3, "CN-JX": 0.3, "CN-SN": 0.3}
ASEAN_RAIL_PARTNER = {"LA": 2.0, "TH": 0.35, "VN": 0.3}
# Trucks over the land borders.
ROAD = {("CN-GX", "VN"): 1.2, ("CN-YN", "VN"): 0.6, ("CN-YN", "LA"): 1.2,
        ("CN-YN", "MM"): 1.5, ("CN-YN", "TH"): 0.4, ("CN-GX", "TH"): 0.3,
        ("CN-GX", "LA"): 0.2, ("CN-XJ", "KZ"): 0.8, ("CN-XJ", "UZ"): 0.5,
        ("CN-XJ", "PK"): 0.5, ("CN-NM", "RU"): 0.4}
ROAD_LONG_HAUL = {"CN-CQ": 0.25, "CN-SC": 0.15, "CN-GZ": 0.15,
                  "CN-GD": 0.12, "CN-HN": 0.08, "CN-HB": 0.06}
AIR_PARTNERS = {"JP", "KR", "HK", "SG", "TH", "MY", "VN", "ID", "PH", "IN",
                "AE", "DE", "NL", "US", "AU"}
AIR_PROVINCES = {"CN-CQ": 1.0, "CN-SC": 1.2, "CN-SN": 0.8, "CN-YN": 0.7,
                 "CN-GX": 0.4, "CN-GD": 0.6, "CN-HN": 0.6, "CN-HB": 0.6,
                 "CN-HA": 1.0, "CN-JX": 0.3, "CN-HI": 0.5, "CN-GZ": 0.3,
                 "CN-XJ": 0.2}
# Other: the Myanmar pipelines, Lancang-Mekong barges, coastal lighters.
OTHER_MODE = {("CN-YN", "MM"): 0.6, ("CN-YN", "LA"): 0.1,
              ("CN-YN", "TH"): 0.08, ("CN-GX", "VN"): 0.12,
              ("CN-HI", "VN"): 0.15, ("CN-HI", "SG"): 0.1,
              ("CN-GD", "VN"): 0.05, ("CN-GD", "HK"): 0.15,
              ("CN-HI", "HK"): 0.1}


def mode_weight(province, partner, region, mode):
    """How much of a province-partner flow goes by a mode (0 = none)."""
    if mode == "rail-sea":
        if partner in LANDLOCKED or partner == "RU":
            return 0.0
        w = 1.0
        if province == "CN-XJ" or province == "CN-NM":
            w = 0.3
        if partner in EURASIAN:
            w *= 0.8
        return w
    if mode == "cross-border-rail":
        if partner in EURASIAN:
            w = EURASIAN_RAIL.get(province, 0.0)
            return w * (2.5 if partner in {"KZ", "UZ", "RU", "BY"} else 0.4)
        if partner in ASEAN_RAIL_PARTNER:
            return ASEAN_RAIL.get(province, 0.0) * ASEAN_RAIL_PARTNER[partner]
        return 0.0
    if mode == "cross-border-road":
        if (province, partner) in ROAD:
            return ROAD[(province, partner)]
        if partner in {"VN", "LA", "TH", "MM"}:
            return ROAD_LONG_HAUL.get(province, 0.0)
        return 0.0
    if mode == "air":
        if partner in AIR_PARTNERS:
            return 0.035 * AIR_PROVINCES.get(province, 0.0)
        return 0.0
    if mode == "other":
        return OTHER_MODE.get((province, partner), 0.0)
    raise ValueError(mode)


class Noise:
    """Deterministic noise from one Mersenne Twister, using only
    random() so the stream is the same on every Python 3."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def uniform(self):
        return self.rng.random()

    def normal(self):
        u1 = 1.0 - self.rng.random()
        u2 = self.rng.random()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def lognormal(self, sigma):
        return math.exp(sigma * self.normal() - 0.5 * sigma * sigma)


def group_of(province):
    if province == "CN-CQ":
        return "cq"
    return "west" if province in WEST else "other"


def build_series(noise, directions):
    """Every lane (province, partner, mode, commodity) with its
    direction and raw monthly values, before calibration.  Directions
    come from their own random stream, so the values do not depend on
    them."""
    lanes = []
    for province in PROVINCES:
        p_weight, growth, affinity = PROVINCE[province]
        monthly_growth = math.log(1.0 + growth) / 12.0
        for partner, region, c_weight, profile in PARTNERS:
            flow = p_weight * c_weight * affinity.get(region, 1.0)
            for mode in MODES:
                m_weight = mode_weight(province, partner, region, mode)
                if m_weight <= 0.0:
                    continue
                lane_weight = flow * m_weight * noise.lognormal(0.35)
                # Thin lanes carry one or two commodities, big ones four.
                if lane_weight < 0.5:
                    continue
                k = 1 if lane_weight < 2 else 2 if lane_weight < 10 else \
                    3 if lane_weight < 60 else 4
                fit = MODE_COMMODITY[mode]
                scored = []
                for section, share in profile.items():
                    s = share * fit.get(section, 1.0)
                    if s > 0:
                        scored.append((s * noise.lognormal(0.3), section))
                scored.sort(key=lambda x: (-x[0], x[1]))
                chosen = scored[:k]
                total = sum(s for s, _ in chosen)
                # Small lanes ship in some months only.
                gap = 0.0 if lane_weight >= 3 else 0.25
                lane_trend = noise.normal() * 0.03 / 12.0
                for share, section in chosen:
                    base = lane_weight * share / total
                    values = []
                    level = noise.lognormal(0.1)
                    for t, (year, month) in enumerate(MONTHS):
                        # AR(1)-style drift so neighbouring months look alike
                        level = math.exp(0.7 * math.log(level)
                                         + 0.3 * 0.1 * noise.normal())
                        v = (base * level
                             * math.exp((monthly_growth + lane_trend) * (t - T0))
                             * NEW_YEAR_DIP[year].get(month, 1.0)
                             * SEASON[month]
                             * noise.lognormal(0.12))
                        if section == "II":
                            v *= FRUIT_SEASON[month]
                        if noise.uniform() < gap:
                            v = 0.0
                        values.append(v)
                    density = (6000.0 * DENSITY[section] * MODE_DENSITY[mode])
                    densities = [density * noise.lognormal(0.1) for _ in MONTHS]
                    export = directions.uniform() < EXPORT_CHANCE[section]
                    lanes.append({
                        "province": province, "partner": partner,
                        "mode": mode, "commodity": section,
                        "direction": "export" if export else "import",
                        "group": group_of(province),
                        "values": values, "densities": densities,
                    })
    return lanes


def window(year, last):
    return [t for t, (y, m) in enumerate(MONTHS) if y == year and m <= last]


def group_sum(lanes, groups, ts, factors=None):
    s = 0.0
    for lane in lanes:
        if lane["group"] in groups:
            f = factors[lane["group"]] if factors else None
            for t in ts:
                s += lane["values"][t] * (f[t] if f else 1.0)
    return s


def fit_trend(raw24, raw25, target24, target25):
    """Find a and b so that a*exp(b*(t-T0)) times the raw monthly sums
    adds up to both targets.  raw24/raw25: {t: raw sum}."""
    def sums(b):
        s24 = sum(v * math.exp(b * (t - T0)) for t, v in raw24.items())
        s25 = sum(v * math.exp(b * (t - T0)) for t, v in raw25.items())
        return s24, s25

    want = target25 / target24
    lo, hi = -2.0, 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        s24, s25 = sums(mid)
        if s25 / s24 < want:
            lo = mid
        else:
            hi = mid
    b = 0.5 * (lo + hi)
    s24, s25 = sums(b)
    a = target25 / s25
    # The trend starts in January 2024; 2023 keeps the raw profile.
    return [a * math.exp(b * (max(t, T0) - T0)) for t in range(len(MONTHS))]


def monthly(lanes, group, ts):
    return {t: sum(l["values"][t] for l in lanes if l["group"] == group)
            for t in ts}


def calibrate(lanes):
    """Scale each province group (Chongqing, the other western regions,
    the rest) by a smooth exponential trend so the published figures
    come out exactly.  Solved in order: Chongqing first, then the other
    western regions given Chongqing, then the rest given both."""
    (_, _, m_all, a25, g_all), (_, _, m_w, w25, g_w), (_, _, m_cq, c25, g_cq) = TARGETS
    a24, w24, c24 = a25 / (1 + g_all), w25 / (1 + g_w), c25 / (1 + g_cq)
    factors = {}

    factors["cq"] = fit_trend(monthly(lanes, "cq", window(2024, m_cq)),
                              monthly(lanes, "cq", window(2025, m_cq)),
                              c24, c25)
    done = {"cq"}
    rest24 = w24 - group_sum(lanes, done, window(2024, m_w), factors)
    rest25 = w25 - group_sum(lanes, done, window(2025, m_w), factors)
    factors["west"] = fit_trend(monthly(lanes, "west", window(2024, m_w)),
                                monthly(lanes, "west", window(2025, m_w)),
                                rest24, rest25)
    done = {"cq", "west"}
    rest24 = a24 - group_sum(lanes, done, window(2024, m_all), factors)
    rest25 = a25 - group_sum(lanes, done, window(2025, m_all), factors)
    factors["other"] = fit_trend(monthly(lanes, "other", window(2024, m_all)),
                                 monthly(lanes, "other", window(2025, m_all)),
                                 rest24, rest25)
    return factors


def main():
    noise = Noise(SEED)
    lanes = build_series(noise, Noise(SEED + 1))
    factors = calibrate(lanes)

    rows = []
    for lane in lanes:
        f = factors[lane["group"]]
        for t, (year, month) in enumerate(MONTHS):
            v = lane["values"][t] * f[t]
            if v <= 0.0:
                continue
            value = int(round(v))
            if value < 1:
                continue
            rows.append([year, month, lane, value, lane["densities"][t]])

    # Tonnes: scale the densities so the file averages 6,000 yuan a tonne.
    raw_tonnes = sum(value / d for _, _, _, value, d in rows)
    total_value = sum(r[3] for r in rows)
    k = (total_value / 6000.0) / raw_tonnes

    rows.sort(key=lambda r: (r[0], r[1], r[2]["province"], r[2]["partner"],
                             MODES.index(r[2]["mode"]), r[2]["commodity"]))
    by_mode = dict.fromkeys(MODES, 0)
    exports = 0
    total_tonnes = 0
    with open(OUTPUT, "w", encoding="utf-8", newline="") as out:
        out.write("period,province,partner,mode,direction,value_cny,tonnes,teu,commodity\n")
        for year, month, lane, value, density in rows:
            tonnes = max(1, int(round(value / density * k)))
            teu = ""
            if lane["mode"] in ("rail-sea", "cross-border-rail"):
                teu = str(max(1, int(round(tonnes / 12.0))))
            by_mode[lane["mode"]] += value
            if lane["direction"] == "export":
                exports += value
            total_tonnes += tonnes
            out.write(f"{year:04d}-{month:02d},{lane['province']},"
                      f"{lane['partner']},{lane['mode']},{lane['direction']},"
                      f"{value},{tonnes},"
                      f"{teu},{lane['commodity']}\n")

    # Check the published figures against the written values.
    def written(groups, year, last):
        s = 0
        for y, m, lane, value, _ in rows:
            if y == year and m <= last and (groups is None or lane["group"] in groups):
                s += value
        return s

    scopes = {"all": None, "west": {"cq", "west"}, "cq": {"cq"}}
    print(f"wrote {os.path.basename(OUTPUT)}: {len(rows)} rows, "
          f"{MONTHS[0][0]}-{MONTHS[0][1]:02d} to {MONTHS[-1][0]}-{MONTHS[-1][1]:02d}")
    ok = True
    for label, scope, last, target, growth in TARGETS:
        cur = written(scopes[scope], 2025, last)
        prev = written(scopes[scope], 2024, last)
        rate = cur / prev - 1.0
        err_v = abs(cur / target - 1.0)
        err_g = abs((1.0 + rate) / (1.0 + growth) - 1.0)
        ok = ok and err_v < 0.001 and err_g < 0.001
        print(f"  {label}: {cur / 1e9:,.3f} bn yuan (target {target / 1e9:,.3f}); "
              f"change {rate * 100:+.2f} % (target {growth * 100:+.1f} %)")
    print("  by mode: " + ", ".join(
        f"{m} {by_mode[m] / total_value * 100:.1f} %" for m in MODES))
    print(f"  exports {exports / total_value * 100:.1f} %, imports "
          f"{(total_value - exports) / total_value * 100:.1f} %")
    print(f"  average {total_value / total_tonnes:,.0f} yuan a tonne")
    if not ok:
        raise SystemExit("calibration is off by more than 0.1 %")


if __name__ == "__main__":
    main()
