"""org.yaml and segments.yaml as typed objects: people, departments, tools, channels and customer segments."""

from __future__ import annotations

from dataclasses import dataclass, field

from .schema import Field, Id, ListOf, Number, Obj, Source, Text, suppress_field
from .schema_values import source_field


@dataclass(frozen=True)
class Person:
    src: Source = source_field()
    id: str = ""
    name: str = ""
    email: str | None = None
    phone: str | None = None
    department: str | None = None
    role: str | None = None
    github: str | None = None


@dataclass(frozen=True)
class Department:
    src: Source = source_field()
    id: str = ""
    name: str = ""
    lead: str | None = None
    contact: str | None = None
    tools: tuple[str, ...] = ()
    description: str | None = None
    suppress: dict[str, str] = field(default_factory=dict)
    github_team: str | None = None


@dataclass(frozen=True)
class Tool:
    src: Source = source_field()
    id: str = ""
    name: str = ""
    description: str | None = None


@dataclass(frozen=True)
class OrgFile:
    src: Source = source_field()
    people: tuple[Person, ...] = ()
    departments: tuple[Department, ...] = ()
    tools: tuple[Tool, ...] = ()
    channels: tuple[str, ...] = ()


ORG = Obj(
    OrgFile,
    "org.yaml",
    {
        "people": Field(
            ListOf(
                Obj(
                    Person,
                    "a person",
                    {
                        "id": Field(Id(), "a unique id such as dana-lee", required=True),
                        "name": Field(Text(), "the person's full name", required=True),
                        "email": Field(Text(), "how colleagues reach them"),
                        "phone": Field(Text(), "phone or extension"),
                        "department": Field(Id("department"), "the department they work in"),
                        "role": Field(Text(), "job title, shown in the directory"),
                        "github": Field(Text(), "GitHub user name, for `journeybook codeowners`"),
                    },
                )
            ),
            "everyone who owns or leads something",
        ),
        "departments": Field(
            ListOf(
                Obj(
                    Department,
                    "a department",
                    {
                        "id": Field(Id(), "a unique id such as customer-care", required=True),
                        "name": Field(Text(), "the name staff know it by", required=True),
                        "lead": Field(Id("person"), "the person accountable for the department"),
                        "contact": Field(Text(), "how other departments reach it"),
                        "tools": Field(ListOf(Id("tool")), "tools the department has access to"),
                        "description": Field(Text(), "what the department does"),
                        "suppress": suppress_field(),
                        "github_team": Field(Text(), "GitHub team (org/team), for `journeybook codeowners`"),
                    },
                )
            ),
            "departments that answer customers or work on their problems",
        ),
        "tools": Field(
            ListOf(
                Obj(
                    Tool,
                    "a tool",
                    {
                        "id": Field(Id(), "a unique id such as crm", required=True),
                        "name": Field(Text(), "the tool's name", required=True),
                        "description": Field(Text(), "what staff use it for"),
                    },
                )
            ),
            "systems staff use",
        ),
        "channels": Field(ListOf(Id()), "ways customers reach us, e.g. [phone, email, chat]"),
    },
    doc="people, departments, tools and channels",
)


@dataclass(frozen=True)
class Segment:
    src: Source = source_field()
    id: str = ""
    name: str = ""
    lifetime_value: float | None = None
    expectations: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class SegmentsFile:
    src: Source = source_field()
    segments: tuple[Segment, ...] = ()


SEGMENTS = Obj(
    SegmentsFile,
    "segments.yaml",
    {
        "segments": Field(
            ListOf(
                Obj(
                    Segment,
                    "a segment",
                    {
                        "id": Field(Id(), "a unique id such as small-business", required=True),
                        "name": Field(Text(), "the segment's name", required=True),
                        "lifetime_value": Field(Number(), "typical customer lifetime value, shown as why this matters"),
                        "expectations": Field(ListOf(Text()), "what these customers expect, most important first"),
                        "description": Field(Text(), "who these customers are"),
                    },
                )
            ),
            "customer segments",
        ),
    },
    doc="customer segments",
)
