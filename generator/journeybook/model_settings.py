"""journeybook.yaml as typed objects: the organisation's settings, defaults, limits and site options."""

from __future__ import annotations

from dataclasses import dataclass, field

from .load import Limits as LoadLimits
from .schema import (
    Boolean,
    Choice,
    Duration,
    DurationType,
    Field,
    Id,
    Integer,
    ListOf,
    MapOf,
    Number,
    Obj,
    Source,
    Text,
)
from .schema_values import source_field
from .searchfiles import VOCABULARY_FIELD

SEVERITIES = ("error", "warning", "info", "off")


@dataclass(frozen=True)
class Defaults:
    src: Source = source_field()
    max_handoffs: int = 3
    review_every: Duration | None = None


@dataclass(frozen=True)
class SiteSettings:
    src: Source = source_field()
    offline: bool = False
    meaning: bool = False


@dataclass(frozen=True)
class Settings:
    src: Source | None = field(default=None, compare=False, repr=False)
    organization: str = ""
    defaults: Defaults = field(default_factory=lambda: Defaults(src=None))  # type: ignore[arg-type]
    shared_record: bool = False
    similarity: float = 0.88
    impersonal_terms: tuple[str, ...] = ()
    rules: dict[str, str] = field(default_factory=dict)
    limits: LoadLimits = LoadLimits()
    site: SiteSettings = field(default_factory=lambda: SiteSettings(src=None))  # type: ignore[arg-type]
    vocabulary: tuple[tuple[str, ...], ...] = ()  # synonym groups for the answer finder (searchfiles.py)
    dimensions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # `when` dimensions besides segment/channel


def _limits(
    src: Source, max_file_bytes: int = LoadLimits.max_file_bytes, max_total_bytes: int = LoadLimits.max_total_bytes
) -> LoadLimits:
    return LoadLimits(max_file_bytes, max_total_bytes)


SETTINGS = Obj(
    Settings,
    "journeybook.yaml",
    {
        "organization": Field(Text(), "the organisation's name, shown in the site's title"),
        "defaults": Field(
            Obj(
                Defaults,
                "defaults",
                {
                    "max_handoffs": Field(
                        Integer(0, 100), "handoffs allowed per journey unless it sets targets.max_handoffs"
                    ),
                    "review_every": Field(
                        DurationType(), "content without review_by is due this long after its last git change"
                    ),
                },
            ),
            "defaults for journeys and questions",
        ),
        "shared_record": Field(Boolean(), "true: every department sees everything captured on the case"),
        "similarity": Field(Number(0, 1), "threshold for possible-duplicate-question, from 0 to 1"),
        "impersonal_terms": Field(ListOf(Text()), "words that must not name the customer in customer-facing text"),
        "rules": Field(
            MapOf(Text(), Choice(*SEVERITIES), "a mapping of rule id: severity"),
            "severity per rule: error, warning, info or off",
        ),
        "limits": Field(
            Obj(
                _limits,
                "limits",
                {
                    "max_file_bytes": Field(Integer(1, 10**12), "largest YAML file read, in bytes"),
                    "max_total_bytes": Field(Integer(1, 10**13), "largest playbook read, in bytes"),
                },
            ),
            "input size caps, checked before parsing",
        ),
        "site": Field(
            Obj(
                SiteSettings,
                "site",
                {
                    "offline": Field(Boolean(), "true: the built site also works opened straight from disk"),
                    "meaning": Field(
                        Boolean(),
                        "true: the answer finder also matches meaning with a small sentence model (served sites only)",
                    ),
                },
            ),
            "site build options",
        ),
        "vocabulary": VOCABULARY_FIELD,
        "dimensions": Field(
            MapOf(Id(), ListOf(Text()), "a mapping of dimension: values"),
            "`when` dimensions besides segment and channel, with their values, e.g. {product: [car, van]}",
        ),
    },
    doc="journeybook settings (every key optional)",
)
