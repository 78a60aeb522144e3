"""Which service is near a texter: the towns of the seed directory, with no external geocoder.

A location shared on WhatsApp (latitude, longitude) goes to the nearest town below, by great-
circle distance, when one is within `MAX_KM`; a town's name sent as text (a keyword of
content/lieux.yaml) goes to that town. Each town names the content message that lists its
services (content/lieux.yaml, sourced from the seeds); the coordinates are the towns' centres,
used only to rank them and never shown. The address and label a texter shares are not read.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hotline.text import normalize

EARTH_KM = 6371.0
MAX_KM = 30.0  # farther than this from every town: ask for the commune instead


@dataclass(frozen=True)
class Town:
    """A town of the directory: its name, centre, the message of its services, and its names."""

    name: str
    latitude: float
    longitude: float
    message: str
    aliases: tuple[str, ...]


TOWNS = (
    Town("Bruxelles", 50.8467, 4.3525, "near_brussels",
         ("bruxelles", "brussel", "brussels", "bruselas", "bruksel", "بروكسل", "بروکسل")),
    Town("Liège", 50.6326, 5.5797, "near_apd", ("liege", "luik", "lieja", "لييج")),
    Town("Namur", 50.4674, 4.8718, "near_apd", ("namur", "namen", "نامور")),
    Town("Mons", 50.4542, 3.9567, "near_apd", ("mons", "bergen", "مونس")),
    Town("Braine-le-Comte", 50.6079, 4.1420, "near_apd", ("braine le comte",)),
    Town("Charleroi", 50.4108, 4.4446, "near_charleroi", ("charleroi", "شارلروا")),
    Town("Thuin", 50.3397, 4.2856, "near_thuin", ("thuin",)),
)  # fmt: skip


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): plenty for ranking towns a few dozen km apart."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def nearest(latitude: float, longitude: float) -> Town | None:
    """The directory's town nearest to a point, or None when none is within MAX_KM."""
    town = min(TOWNS, key=lambda t: distance_km(latitude, longitude, t.latitude, t.longitude))
    far = distance_km(latitude, longitude, town.latitude, town.longitude) > MAX_KM
    return None if far else town


def named(text: str) -> Town | None:
    """The town whose name starts the text ("Liège", "luik svp"), if any."""
    words = normalize(text)
    for town in TOWNS:
        if any(words == alias or words.startswith(alias + " ") for alias in town.aliases):
            return town
    return None
