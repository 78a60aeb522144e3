"""Seed workshops from `hotline/workshops/seed_data/workshops.yaml`: real history for demos.

The file holds only facts from the seed deck it names (checked to exist in the seeds folder).
Seeding is idempotent: a workshop whose number already exists is left alone, so it can run on
every `hotline run`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from hotline.platform import Services, dates
from hotline.workshops import events as workshops

SEED_FILE = Path(__file__).resolve().parent / "seed_data" / "workshops.yaml"


def load(path: Path = SEED_FILE) -> dict:
    """The seed file's data."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def seed(services: Services, path: Path = SEED_FILE) -> list[str]:
    """Create the seeded workshops that do not exist yet; returns their numbers."""
    data = load(path)
    source = Path(services.settings.seeds_dir) / data["source"]
    if not source.exists():
        raise FileNotFoundError(f"seed source {source} is missing")
    tz = services.settings.timezone
    created = []
    for row in data["workshops"]:
        if workshops.get(services, row["number"]):
            continue
        workshops.create(
            services,
            workshop_id=row["number"],
            titles=row["titles"],
            descriptions=row.get("descriptions") or {},
            starts_at=dates.parse_local(row["starts_at"], tz),
            ends_at=dates.parse_local(row["ends_at"], tz),
            place=row.get("place", ""),
            address=row.get("address", ""),
            capacity=row.get("capacity"),
            languages=tuple(row.get("languages") or ()),
        )
        created.append(row["number"])
    return created
