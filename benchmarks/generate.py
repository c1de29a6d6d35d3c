"""Generate synthetic, realistic and clean journeybook playbooks of a chosen size.

Why: journeybook's checks join across files (answers against journeys,
handoffs against what downstream steps need), so their cost grows with the
playbook. To measure `check` and `build` on something the size of a large
organisation we need playbooks that are big, realistic in shape and text, and
*clean*: a benchmark that stops at the first error measures nothing.
Everything is derived from one `random.Random(seed)`, so the same size and seed
always give byte-identical files, and timings compare like with like.

Usage:
    python benchmarks/generate.py L /tmp/pb-L [--seed 1]
    python benchmarks/generate.py --scale 100 /tmp/pb-100x

or from Python: `generate("M", Path("/tmp/pb-M"), seed=1)` returns the counts.

How the rules are kept by construction:

- Asks never look alike: each question is a point (x, y) of a prime grid,
  mapped to five vocabulary slots (product, kind of question, context,
  problem, place) by x, y, x+y, x+2y and x+3y (mod q). Two distinct points
  agree in at most one slot, so any two asks differ in at least four of five
  (measured: trigram Dice at most 0.77 at size L, the checker warns at 0.88).
- Answers never conflict: a second answer either repeats the owner
  department's decision, or both answers carry disjoint `when` conditions.
  Journeys only `say` questions whose first answer has no condition.
- Journeys follow four shapes whose department changes are O → A (→ B) → O,
  at most three, with rework loops inside one department. What a handoff
  carries is computed from what later steps need, so nothing needed is lost
  and nothing is asked twice.

The YAML is written as text (f-strings), not with yaml.dump, because that is an
order of magnitude faster; `text()` quotes every scalar that YAML could read
as anything other than the text written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# --------------------------------------------------------------------------- sizes


@dataclass(frozen=True)
class Size:
    """How many of each entity a generated playbook holds."""

    questions: int
    journeys: int
    departments: int
    people: int
    tools: int


EXAMPLE = Size(questions=15, journeys=6, departments=6, people=13, tools=8)
"""Roughly the shipped example playbook; `--scale N` multiplies every count by N."""

SIZES: dict[str, Size] = {
    "XS": EXAMPLE,
    "M": Size(questions=1_000, journeys=100, departments=20, people=200, tools=50),
    "L": Size(questions=10_000, journeys=1_000, departments=100, people=1_000, tools=200),
}

QUESTIONS_PER_TOPIC = 20
REVIEW_FROM, REVIEW_UNTIL = dt.date(2027, 1, 1), dt.date(2028, 12, 31)


def scaled(n: int) -> Size:
    """The example playbook, N times larger in every count."""
    if n < 1:
        raise ValueError("--scale must be at least 1")
    e = EXAMPLE
    return Size(e.questions * n, e.journeys * n, e.departments * n, e.people * n, e.tools * n)


# --------------------------------------------------------------------------- vocabulary

BRANDS = [
    "Aria", "Borealis", "Cobalt", "Dune", "Ember", "Fjord", "Granite", "Halo", "Iris", "Juniper", "Kestrel", "Lumen",
]  # fmt: skip
PRODUCT_TYPES = [
    "espresso machine", "washing machine", "dishwasher", "fridge freezer", "robot vacuum", "smart thermostat",
    "laptop", "tablet", "soundbar", "smart TV", "e-bike", "air purifier", "heat pump", "tumble dryer", "oven",
    "induction hob",
]  # fmt: skip
SERIES = [
    "Breeze", "Nova", "Pulse", "Orbit", "Terra", "Vista", "Flux", "Prime", "Echo", "Zen", "Atlas", "Spark",
    "Tidal", "Summit", "Quartz", "Aurora", "Vector",
]  # fmt: skip
"""Model series: 17 is prime, so (7*brand + type) mod 17 differs between any two brands of one type and
any two types of one brand. Two products then never share their model name, which keeps asks about
look-alike products apart."""

# part → its faults, separated by "; ". One problem slot value is "part + fault".
_FAULTS = {
    "display": (
        "flickers on and off; stays black; shows error code E4; has dead pixels; freezes on the logo; "
        "is too dim to read; shows the wrong language; cracked; shows stripes; turns itself off"
    ),
    "power button": (
        "does nothing; sticks when pressed; needs several presses; fell off; blinks red; "
        "switches it off at random; is stuck down; cracked in half; gives a small shock; "
        "clicks but nothing starts"
    ),
    "app connection": (
        "keeps dropping; never completes the pairing; asks for a code that never comes; "
        "shows the wrong device; stopped after the app update; lost all my settings; works only at night; "
        "times out every time; says the device is offline; rejects my password"
    ),
    "Wi-Fi module": (
        "cannot find my network; drops every few minutes; is very slow; "
        "disconnects when the microwave runs; forgets the password; shows no signal; overheats; "
        "blocks the router; only finds the guest network; stopped working"
    ),
    "motor": (
        "makes a grinding noise; hums but does not turn; smells of burning; stops halfway; runs all night; "
        "vibrates the whole kitchen; starts very slowly; trips the fuse; runs backwards; gets very hot"
    ),
    "door seal": (
        "leaks water; came loose; has gone mouldy; is torn; lets cold air out; smells bad; squeaks; "
        "will not close properly; has shrunk; sticks to the door"
    ),
    "fan": (
        "is very loud; does not start; rattles; runs all the time; spins too slowly; whistles; "
        "blows hot air; is full of dust; stops after a minute; clicks loudly"
    ),
    "filter": (
        "is blocked again; warning will not reset; cracked; is the wrong size; keeps popping out; smells; "
        "leaks around the edge; clogs in a week; is missing; turned black"
    ),
    "battery": (
        "drains overnight; will not charge; has swollen; shows the wrong level; lasts one hour; "
        "gets hot when charging; stops at 80 percent; died after the update; rattles inside; "
        "charges very slowly"
    ),
    "control panel": (
        "does not respond to touch; beeps without stopping; shows random numbers; is lit up but dead; "
        "locked itself; ignores the timer; resets every morning; is half dark; has peeling buttons; "
        "got wet and stopped"
    ),
    "heating element": (
        "does not heat; heats only a little; trips the power; smells of plastic; glows red; "
        "takes an hour to warm up; overheats; clicks on and off; heats unevenly; cut out for good"
    ),
    "temperature sensor": (
        "reads far too high; reads far too low; jumps around; shows an error; ignores the setting; "
        "stopped reporting; is out by five degrees; reports frost in summer; freezes the display; "
        "drifts every day"
    ),
    "water pump": (
        "leaks; is noisy; does not pump; runs dry; hums loudly; blocks the drain; stops mid-cycle; "
        "pumps very slowly; makes the floor wet; gurgles all night"
    ),
    "charging port": (
        "is loose; will not hold the plug; sparks; charges only at an angle; is bent; has corroded; "
        "got very hot; is full of fluff; broke off; charges nothing"
    ),
}
PART_FAULTS: list[tuple[str, list[str]]] = [(part, faults.split("; ")) for part, faults in _FAULTS.items()]

WHENS = [  # (long, short)
    ("right after", "right after"), ("a day after", "day after"), ("two days after", "two days after"),
    ("a week after", "week after"), ("three weeks after", "three weeks after"), ("a month after", "month after"),
    ("ever since", "since"), ("shortly after", "shortly after"), ("the morning after", "morning after"),
    ("an hour after", "hour after"), ("six months after", "six months after"), ("just before", "before"),
]  # fmt: skip
EVENTS = [
    ("the delivery", "delivery"), ("the latest software update", "software update"),
    ("the engineer's visit", "engineer visit"), ("a power cut", "power cut"), ("the first use", "first use"),
    ("the warranty repair", "warranty repair"), ("our move to a new flat", "moving flat"),
    ("the installation", "installation"), ("the factory reset", "factory reset"), ("the last service", "last service"),
    ("the holidays", "holidays"), ("the storm last weekend", "storm"),
]  # fmt: skip

# (action text with {n}, short form, id slug, decisions as (decision, say template))
ACTIONS: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    ("who pays for the {n}", "who pays", "who-pays", [
        ("we pay", "We pay for the {n} on your {product}, so there is nothing for you to pay."),
        ("you pay", "The {n} is paid by you; we tell you the exact price before we start."),
        ("shared 50/50", "We share the cost of the {n} with you, half each, and confirm the amount in writing."),
    ]),
    ("can I get a refund for the {n}", "refund", "refund", [
        ("full refund", "You get a full refund for the {n}, back on the card you paid with within 5 working days."),
        ("partial refund", "You get part of the {n} cost back, depending on how long you have had the {product}."),
        ("no refund", "We cannot refund the {n} once it has been done, and we explain why in writing."),
    ]),
    ("is there a charge for the {n}", "charge for", "charge", [
        ("free of charge", "The {n} for your {product} is free of charge."),
        ("49 EUR", "The {n} costs 49 EUR, and we tell you before anything is booked."),
        ("89 EUR", "The {n} costs 89 EUR, including parts and travel."),
    ]),
    ("can you waive the fee for the {n}", "waive fee", "waive-fee", [
        ("yes", "Yes, we waive the fee for the {n} because your {product} failed within its first year."),
        ("no", "We cannot waive the fee for the {n}, but we keep the cost as low as we can."),
    ]),
    ("how long do I wait for the {n}", "wait for", "wait", [
        ("2 days", "The {n} takes up to 2 days; we keep you updated the way you prefer."),
        ("5 days", "Allow up to 5 days for the {n}; your case stays open until it is done."),
        ("10 days", "The {n} can take up to 10 days for this {product}, and we tell you if it will take longer."),
    ]),
    ("do I need my receipt for the {n}", "receipt for", "receipt", [
        ("receipt required", "Please keep your receipt: we need it for the {n}."),
        ("order number is enough", "Your order number is enough for the {n}; you do not need the receipt."),
        ("no proof needed", "You do not need any proof of purchase for the {n}; we find the order ourselves."),
    ]),
    ("can I book the {n} online", "book online", "book-online", [
        ("yes", "Yes, you can book the {n} online in your account, at a time that suits you."),
        ("no", "The {n} cannot be booked online yet; we book it with you by phone or in a store."),
    ]),
    ("is the {n} covered by my care plan", "care plan", "care-plan", [
        ("covered", "Your care plan covers the {n} for your {product} in full."),
        ("not covered", "The care plan does not cover the {n}; we tell you the price before we go ahead."),
        ("covered after 6 months", "The care plan covers the {n} once it has run for 6 months."),
    ]),
    ("can I cancel the {n}", "cancel", "cancel", [
        ("free up to 24 hours before", "You can cancel the {n} free of charge up to 24 hours before it starts."),
        ("cancellation fee 25 EUR", "You can cancel the {n}; a fee of 25 EUR applies."),
        ("cannot be cancelled", "Once booked, the {n} cannot be cancelled, but we can move it to another day."),
    ]),
    ("how do I pay for the {n}", "pay for", "pay", [
        ("card or invoice", "You can pay for the {n} by card or by invoice."),
        ("card only", "The {n} is paid by card when it is booked."),
        ("added to the next bill", "We add the cost of the {n} to your next bill, so you need to do nothing now."),
    ]),
    ("is there a discount on the {n}", "discount", "discount", [
        ("10 percent", "You get 10 percent off the {n} as a returning customer."),
        ("20 percent", "You get 20 percent off the {n} with your care plan."),
        ("no discount", "There is no discount on the {n}, but the price includes everything."),
    ]),
    ("is the {n} included in the price", "included", "included", [
        ("included", "The {n} is included in the price of your {product}."),
        ("not included", "The {n} is not included in the price; we quote it separately."),
        ("included for care plan members", "The {n} is included if you have a care plan; otherwise we quote it first."),
    ]),
]  # fmt: skip
NOUNS = [
    "repair", "replacement", "engineer visit", "courier collection", "spare part", "loan device", "installation",
    "data transfer", "express delivery", "extended warranty", "annual service", "return shipping",
]  # fmt: skip

SAY_ENDINGS = [
    "We confirm this by email the same day.",
    "Your case number stays the same until you tell us the problem is solved.",
    "You will not have to explain the problem again.",
    "One named colleague follows this up with you.",
    "If anything is unclear, we call you back within one working day.",
]
INTERNAL_NOTES = [
    "Check the purchase date in the {tool} before you confirm.",
    "Amounts above 200 EUR need the approval of the team lead.",
    "Note the decision on the case so the next department sees it.",
    "Do not promise a date before the {tool} shows stock.",
    "If a safety risk is mentioned, escalate to the department lead at once.",
    "Look up earlier contacts in the {tool}; repeat customers get priority.",
]

PLACE_ADJECTIVES = [
    "holiday", "main", "new", "rented", "shared", "family", "small", "student", "weekend", "guest", "old", "top-floor",
]  # fmt: skip
PLACE_ROOMS = [
    "flat", "kitchen", "cottage", "office", "studio", "house", "garage", "cabin", "café", "surgery",
    "workshop", "salon",
]  # fmt: skip

THEMES = [
    "Repairs and costs", "Service visits", "Refunds and fees", "Deliveries and returns", "Care plans",
    "Bookings", "Payments", "Warranty", "Spare parts", "Everyday use",
]  # fmt: skip

FIRST_NAMES = [
    "Dana", "Sam", "Alex", "Priya", "Jonas", "Mei", "Omar", "Lena", "Tomás", "Aisha", "Noah", "Zoë", "Ravi",
    "Ingrid", "Mateo", "Hana", "Felix", "Amara", "Lucas", "Yuki", "Elif", "Kofi", "Nina", "Diego", "Sofia",
    "Arjun", "Clara", "Emeka", "Freya", "Hugo", "Isla", "Jamal", "Kira", "Leo", "Maya", "Nikolai", "Olivia",
    "Pavel", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yosef", "Zara", "Bruno", "Chloé",
    "Dmitri", "Esther", "Farah", "Gustav", "Helena", "Ibrahim", "José", "Katja", "Liam", "Marta", "Nadia",
]  # fmt: skip
LAST_NAMES = [
    "Lee", "Ortiz", "Nguyen", "Patel", "Berg", "Kowalski", "Haddad", "Fischer", "Okafor", "Silva", "Tanaka",
    "Müller", "Dubois", "Rossi", "Khan", "Andersen", "Brown", "Costa", "Novak", "Schmidt", "Yilmaz", "Mensah",
    "García", "Ivanova", "Jensen", "Larsen", "Moreau", "Nakamura", "O'Brien", "Petrov", "Quinn", "Reyes",
    "Santos", "Takahashi", "Umarov", "Vasquez", "Weber", "Xu", "Young", "Zhang", "Abbott", "Bianchi",
    "Chen", "Dias", "Ekström", "Fonseca", "Gallagher", "Horvat", "Ibáñez", "Jovanović", "Keller", "Lindqvist",
    "Mahmoud", "Nilsen", "Osei", "Park", "Ramos", "Sato", "Torres", "Wójcik",
]  # fmt: skip

# (id, name, front office?) — front-office departments own journeys
FUNCTIONS: list[tuple[str, str, bool]] = [
    ("customer-care", "Customer Care", True), ("hardware-support", "Hardware Support", False),
    ("billing", "Billing", False), ("logistics", "Logistics", False), ("sales", "Sales", True),
    ("field-service", "Field Service", False), ("parts", "Parts", False), ("returns", "Returns", False),
    ("account-management", "Account Management", True), ("software-support", "Software Support", False),
    ("repair-workshop", "Repair Workshop", False), ("installations", "Installations", False),
    ("collections", "Collections", False), ("fraud-prevention", "Fraud Prevention", False),
    ("quality", "Quality", False), ("warranty-claims", "Warranty Claims", False),
    ("retail-stores", "Retail Stores", True), ("partner-support", "Partner Support", False),
    ("privacy-office", "Privacy Office", False), ("subscriptions", "Subscriptions", False),
    ("technical-escalations", "Technical Escalations", False), ("credit-control", "Credit Control", False),
    ("onboarding", "Onboarding", True), ("network-operations", "Network Operations", False),
    ("legal", "Legal", False),
]  # fmt: skip
REGIONS = ["North", "South", "East", "West", "Central", "Coast", "Metro", "Highlands", "Islands", "Valley"]

TOOL_QUALIFIERS = [
    "case", "order", "billing", "parts", "warranty", "shipping", "diagnostics", "inventory", "contract",
    "payment", "identity", "knowledge", "scheduling", "returns", "fraud", "network", "firmware", "loyalty",
    "quote", "field-service",
]  # fmt: skip
TOOL_KINDS = ["system", "portal", "console", "tracker", "database", "dashboard", "app", "planner", "ledger", "monitor"]

SEGMENTS: list[tuple[str, str, int, list[str]]] = [
    ("consumer", "Consumer", 2400,
     ["Solved at the first contact", "Never asked for the same thing twice", "A clear price before any work"]),
    ("small-business", "Small business", 12000,
     ["One named contact who follows the problem to the end", "Same-day answer", "A loan device when work stops"]),
    ("enterprise", "Enterprise", 250000,
     ["Agreed response times are met", "One account manager", "A report on every open case"]),
    ("public-sector", "Public sector", 90000,
     ["Written confirmation of every decision", "Data stays in the country", "Predictable costs"]),
    ("students", "Students", 900, ["Help by chat in the evening", "Low prices", "Quick repairs during term"]),
]  # fmt: skip
CHANNELS = ["phone", "email", "chat", "store", "app"]
IMPERSONAL_TERMS = ["policyholder", "account holder", "ticket", "end user"]

CORE = ("case-id", "customer-number", "problem-summary")
"""Captured at every journey's first contact and carried across every handoff."""

# --------------------------------------------------------------------------- journey shapes


@dataclass(frozen=True)
class StepPlan:
    """One step of a journey shape; role O is the owner's department, A and B two others."""

    key: str
    role: str
    title: str
    do: tuple[str, ...]
    next: tuple[str, ...] = ()
    capture: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    says: bool = False
    confirm: str = ""


@dataclass(frozen=True)
class Shape:
    """A kind of journey: its steps, its customer problems and what can go wrong."""

    kind: str
    weight: int
    steps: tuple[StepPlan, ...]
    outcome: str
    recovery: tuple[str, ...]
    issues: tuple[tuple[str, str], ...] = ()  # (slug, the customer's words); repairs use the problem vocabulary
    a_functions: tuple[str, ...] = ()  # departments that fit role A (and B), best first; any other when none exist
    b_functions: tuple[str, ...] = ()


S = StepPlan
SHAPES: list[Shape] = [
    Shape(
        "repair", 4,
        (
            S("first-contact", "O", "Take the first contact",
              ("Open one case for the {product} problem; every later step works on this case.",
               "Ask for the serial number and purchase date, and note what has already been tried."),
              ("check-warranty",), CORE + ("serial-number", "purchase-date"), says=True),
            S("check-warranty", "O", "Check the warranty",
              ("Check the purchase date against the warranty and the care plan.",
               "Tell the customer what happens next and who will call."),
              ("diagnose",), needs=("purchase-date",)),
            S("diagnose", "A", "Diagnose the fault",
              ("Read the case before calling; never ask again for what is on it.",
               "Run the remote diagnostics on the {part}."),
              ("remote-fix", "send-engineer"), needs=("serial-number", "problem-summary")),
            S("remote-fix", "A", "Fix it remotely",
              ("Guide the customer through the fix for the {part}, or push the fix remotely.",),
              ("test-with-customer",)),
            S("test-with-customer", "A", "Test with the customer",
              ("Test the {product} together while the customer is on the line.",
               "If the fault is still there, go back to the remote fix."),
              ("remote-fix", "confirm-solved")),
            S("send-engineer", "B", "Send an engineer",
              ("Agree a visit slot with the customer.", "Reserve the spare part for the {part} before the visit."),
              ("repair-on-site",), capture=("visit-slot",), needs=("customer-number",)),
            S("repair-on-site", "B", "Repair on site",
              ("Repair or replace the {part}.", "Record what was done on the case."),
              ("confirm-solved",), needs=("visit-slot", "serial-number")),
            S("confirm-solved", "O", "Confirm with the customer",
              ("Call the customer and check the {product} works.", "Close the case only when the customer agrees."),
              needs=("case-id",), says=True,
              confirm="The customer says the {product} works and the {part} problem is gone."),
        ),
        "The customer's {product} works again.",
        ("The engineer misses the agreed visit slot", "The same fault comes back within 30 days"),
        a_functions=("hardware-support", "software-support", "technical-escalations"),
        b_functions=("field-service", "repair-workshop", "parts", "warranty-claims"),
    ),
    Shape(
        "delivery", 2,
        (
            S("first-contact", "O", "Take the first contact",
              ("Open one case for the order; every later step works on this case.",
               "Ask for the order number and what exactly went wrong with the delivery."),
              ("log-the-problem",), CORE + ("order-number",), says=True),
            S("log-the-problem", "O", "Log the delivery problem",
              ("Record what arrived, when, and in what state.",), ("trace-order",), needs=("problem-summary",)),
            S("trace-order", "A", "Trace the order",
              ("Find the parcel in the carrier's tracking.", "Decide between sending it again and a refund."),
              ("reship", "start-refund"), needs=("order-number",)),
            S("reship", "A", "Send the {product} again",
              ("Confirm the delivery address with the customer.", "Ship a new {product} by express."),
              ("track-redelivery",), capture=("delivery-address",)),
            S("track-redelivery", "A", "Track the new delivery",
              ("Follow the parcel until it is delivered.", "If it fails again, send it again."),
              ("reship", "confirm-delivered"), needs=("delivery-address",)),
            S("start-refund", "B", "Start the refund",
              ("Check the payment and start the refund.",), ("pay-refund",), needs=("order-number", "customer-number")),
            S("pay-refund", "B", "Pay the refund",
              ("Pay the money back to the original payment method.", "Record the payment reference on the case."),
              ("confirm-delivered",)),
            S("confirm-delivered", "O", "Confirm with the customer",
              ("Check that the {product} arrived undamaged or the money is back.",),
              needs=("case-id",), says=True,
              confirm="The customer confirms the {product} arrived undamaged or the refund is in their account."),
        ),
        "The customer has the {product} they ordered, undamaged, or their money back.",
        ("The second delivery fails too", "The refund takes longer than promised"),
        (
            ("not-delivered", "My {product} never arrived."),
            ("delivered-damaged", "My {product} arrived damaged."),
            ("wrong-item", "I received the wrong item instead of my {product}."),
            ("missing-parts", "My {product} arrived with parts missing."),
            ("late-delivery", "My {product} is a week late and nobody tells me when it comes."),
            ("delivered-elsewhere", "My {product} was delivered to the wrong address."),
        ),
        a_functions=("logistics", "returns", "parts"),
        b_functions=("billing", "returns", "credit-control"),
    ),
    Shape(
        "billing", 2,
        (
            S("first-contact", "O", "Take the first contact",
              ("Open one case for the billing problem; every later step works on this case.",
               "Ask for the invoice number and the amount in question."),
              ("look-up-account",), CORE + ("invoice-number",), says=True),
            S("look-up-account", "O", "Look up the account",
              ("Check the payments made for the {product}.",), ("review-charge",), needs=("customer-number",)),
            S("review-charge", "A", "Review the charge",
              ("Compare the invoice with the order and the price list.",),
              ("explain-charge", "correct-invoice"), needs=("invoice-number",)),
            S("explain-charge", "A", "Explain the charge",
              ("Explain each line of the invoice in plain words.",), ("confirm-resolved",)),
            S("correct-invoice", "A", "Correct the invoice",
              ("Cancel the wrong invoice and issue a corrected one.",), ("approve-credit",)),
            S("approve-credit", "B", "Approve the credit",
              ("Approve the credit note for the amount charged too much.",),
              ("issue-credit",), needs=("invoice-number", "customer-number")),
            S("issue-credit", "B", "Pay back the difference",
              ("Pay the difference back to the original payment method.",), ("check-credit-posted",)),
            S("check-credit-posted", "B", "Check the money arrived",
              ("Check the payment has been posted.", "If it bounced, pay it again."),
              ("issue-credit", "confirm-resolved")),
            S("confirm-resolved", "O", "Confirm with the customer",
              ("Go through the corrected bill together.",), needs=("case-id",), says=True,
              confirm="The customer agrees the bill for the {product} is right and any overpayment is back."),
        ),
        "The customer's bill for the {product} is correct and any overpayment is back with them.",
        ("The corrected invoice is wrong again", "The customer was sent a payment reminder during the dispute"),
        (
            ("charged-twice", "I was charged twice for my {product}."),
            ("wrong-price", "I paid more for my {product} than the price I was given."),
            ("refund-not-received", "I returned my {product} but never got my money back."),
            ("care-plan-still-billed", "I cancelled the care plan for my {product} but I am still being charged."),
            ("unexpected-fee", "I was billed a service fee for my {product} that nobody mentioned."),
            ("instalment-missing", "My instalment for the {product} does not show on my account."),
        ),
        a_functions=("billing", "subscriptions", "collections"),
        b_functions=("credit-control", "billing", "fraud-prevention"),
    ),
    Shape(
        "installation", 2,
        (
            S("first-contact", "O", "Take the first contact",
              ("Open one case for the installation; every later step works on this case.",
               "Ask for the installation address."),
              ("check-requirements",), CORE + ("installation-address",), says=True),
            S("check-requirements", "O", "Check the requirements",
              ("Ask for photos of where the {product} will go.",), ("plan-installation",),
              capture=("site-photos",)),
            S("plan-installation", "A", "Plan the installation",
              ("Check the photos and decide between a visit and a remote setup.",),
              ("remote-setup", "book-installer"), needs=("installation-address", "site-photos")),
            S("remote-setup", "A", "Set up remotely",
              ("Connect to the {product} and set it up.",), ("guide-customer",)),
            S("guide-customer", "A", "Guide the customer",
              ("Show the customer the main functions of the {product}.",), ("confirm-working",)),
            S("book-installer", "B", "Book the installer",
              ("Agree a visit slot with the customer.",), ("install-on-site",), capture=("visit-slot",),
              needs=("installation-address",)),
            S("install-on-site", "B", "Install on site",
              ("Install the {product}, test it, and take the packaging away.",), ("confirm-working",),
              needs=("visit-slot",)),
            S("confirm-working", "O", "Confirm with the customer",
              ("Check the {product} works as the customer expects.",), needs=("case-id",), says=True,
              confirm="The customer says the {product} is installed and works."),
        ),
        "The customer's {product} is installed and working.",
        ("The installer cannot finish on the day", "Something in the home is damaged during the installation"),
        (
            ("installation", "I need my new {product} installed and working."),
            ("smart-home-setup", "My {product} will not connect to my smart home app."),
            ("swap-old-unit", "I want my old appliance taken away and the new {product} put in."),
            ("mounting", "I need my {product} mounted and set up safely."),
        ),
        a_functions=("installations", "software-support", "technical-escalations"),
        b_functions=("field-service", "installations", "partner-support"),
    ),
]  # fmt: skip
del S

RECOVERY_ACTIONS = [
    "Call the customer the same day",
    "Apologise and explain what happens next",
    "Offer a loan device at our cost",
    "Book the next step with priority",
    "Refund the delivery or visit fee",
    "Give the customer a direct number for the owner of the case",
]

# --------------------------------------------------------------------------- YAML text

_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[A-Za-zÀ-ÿ][\w ,.'()/?!;&+@€’–—-]*")
_PLAIN_NUMBER_FIRST = re.compile(r"\d+ [A-Za-z][\w ,.'()/?!;&+@€’–—-]*")
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@cache
def text(value: str) -> str:
    """A YAML scalar that always reads back as exactly `value`, as text.

    Plain when it is obviously text (starts with a letter, no `:` or `#`, not
    a YAML 1.1 boolean or null word); otherwise double-quoted, which JSON's
    string syntax is a valid subset of.
    """
    plain = _PLAIN.fullmatch(value) or _PLAIN_NUMBER_FIRST.fullmatch(value)
    if plain and value == value.strip() and value.lower() not in _YAML_WORDS:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    # JSON leaves these raw, but YAML reads them as line breaks
    return quoted.replace("\u0085", "\\N").replace("\u2028", "\\L").replace("\u2029", "\\P")


def ident(value: str) -> str:
    """An id as YAML, after checking it is a slug of at most 64 characters."""
    if not _ID.fullmatch(value) or len(value) > 64:
        raise ValueError(f"generated an invalid id: {value!r}")
    return text(value)


def flow(ids: Iterable[str]) -> str:
    """A flow list of ids: `[a, b]`."""
    return "[" + ", ".join(ident(i) for i in ids) + "]"


def block(lines: list[str], indent: str, key: str, items: Sequence[str]) -> None:
    """Append `key:` followed by a block list of texts."""
    lines.append(f"{indent}{key}:")
    lines.extend(f"{indent}  - {text(item)}" for item in items)


def slug(words: str) -> str:
    """`Tomás O'Brien` → `tomas-obrien`."""
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")


def product_name(brand: int, kind: int) -> str:
    """`Lumen Breeze 40 air purifier`: brand, model series and number, product type."""
    series = SERIES[(7 * brand + kind) % len(SERIES)]
    return f"{BRANDS[brand]} {series} {10 * (1 + (brand + 2 * kind) % 9)} {PRODUCT_TYPES[kind]}"


def product_type(product: str) -> str:
    return product.split(" ", 3)[3]


def product_slug(product: str) -> str:
    """Ids name the brand and the type, not the model: `lumen-air-purifier`."""
    return slug(f"{product.split(' ', 1)[0]} {product_type(product)}")


def capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


# --------------------------------------------------------------------------- model


@dataclass
class Person:
    id: str
    name: str
    email: str
    department: str


@dataclass
class Department:
    id: str
    name: str
    function: str  # the id in FUNCTIONS: `billing` for `billing-north`
    front: bool
    contact: str
    lead: str = ""
    tools: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


@dataclass
class Answer:
    by: str
    decision: str
    say: str
    show_by: bool = True
    internal: str = ""
    when: tuple[str, tuple[str, ...]] | None = None  # (dimension, values)
    effective_from: str = ""


@dataclass
class Question:
    id: str
    ask: str
    also_asked: list[str]
    owner: str
    show_owner: bool
    public: bool
    review_by: str
    product: str
    answers: list[Answer] = field(default_factory=list)
    sayable: bool = False  # first answer unconditioned, second agrees


@dataclass
class Topic:
    id: str
    title: str
    owner: str
    department: str
    review_by: str
    questions: list[Question] = field(default_factory=list)


@dataclass
class Step:
    id: str
    title: str
    department: str
    do: list[str]
    next: list[str]
    capture: list[str]
    needs: list[str]
    say: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    carry: dict[str, list[str]] = field(default_factory=dict)  # handoff target → what travels
    confirm: str = ""


@dataclass
class Journey:
    id: str
    area: str
    title: str
    problem: str
    outcome: str
    owner: str
    segments: list[str]
    channels: list[str]
    resolution: str
    max_handoffs: int | None
    review_by: str
    public: bool
    steps: list[Step]
    recovery: list[tuple[str, str, list[str]]]  # (trigger, owner, do)


@dataclass
class Playbook:
    people: list[Person]
    departments: list[Department]
    tools: list[tuple[str, str]]
    topics: list[Topic]
    journeys: list[Journey]
    extra_answers: dict[str, list[tuple[str, Answer]]]  # department → (question id, answer) for its own file


# --------------------------------------------------------------------------- building


def review_date(rng: random.Random) -> str:
    span = (REVIEW_UNTIL - REVIEW_FROM).days
    return (REVIEW_FROM + dt.timedelta(days=rng.randrange(span + 1))).isoformat()


def numbered(names: list[str], n: int) -> list[str]:
    """The first n names, then the names again with " 2", " 3", ... when the list runs out."""
    return [names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "") for i in range(n)]


def build_departments(size: Size) -> list[Department]:
    if size.departments < 3:
        raise ValueError("a journey needs at least 3 departments")
    regional = size.departments > len(FUNCTIONS)  # then every function exists once per region
    departments = []
    for i in range(size.departments):
        function, name, front = FUNCTIONS[i % len(FUNCTIONS)]
        department_id = function
        if regional:
            region = numbered(REGIONS, i // len(FUNCTIONS) + 1)[-1]
            department_id, name = f"{function}-{slug(region)}", f"{name} ({region})"
        contact = f"+1 555 {1000 + i:04d} ext. {4100 + i}"
        departments.append(Department(department_id, name, function, front, contact))
    return departments


def build_tools(size: Size) -> list[tuple[str, str]]:
    q, k = len(TOOL_QUALIFIERS), len(TOOL_KINDS)
    # i → (i mod q, (i div q + i) mod k) is one-to-one over q*k, and mixes kinds early on
    base = [f"{TOOL_QUALIFIERS[i % q]} {TOOL_KINDS[(i // q + i) % k]}" for i in range(q * k)]
    names = numbered(base, size.tools)
    return [(slug(name), capitalise(name.replace("-", " "))) for name in names]


def build_people(size: Size, departments: list[Department], rng: random.Random) -> list[Person]:
    if size.people < size.departments:
        raise ValueError("every department needs at least one person to lead it")
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    people, seen = [], set()
    for i in range(size.people):
        first, last = pairs[i % len(pairs)]
        name = f"{first} {last}" + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "")
        person_id = slug(name)
        while person_id in seen:  # two names that only differ by accents
            person_id += "-x"
        seen.add(person_id)
        # the first person of each department leads it; everyone else joins one at random
        department = departments[i] if i < len(departments) else rng.choice(departments)
        email = f"{slug(first).replace('-', '.')}.{slug(last).replace('-', '')}{i // len(pairs) or ''}@example.com"
        people.append(Person(person_id, name, email, department.id))
        department.people.append(person_id)
    for department in departments:
        department.lead = department.people[0]
    return people


def assign_tools(departments: list[Department], tools: list[tuple[str, str]], rng: random.Random) -> None:
    tool_ids = [t[0] for t in tools]
    for i, tool_id in enumerate(tool_ids):  # every tool belongs somewhere
        departments[i % len(departments)].tools.append(tool_id)
    for i, department in enumerate(departments):
        if not department.tools:
            department.tools.append(tool_ids[i % len(tool_ids)])
        extra = rng.sample(tool_ids, min(len(tool_ids), rng.randint(1, 4)))
        department.tools.extend(t for t in extra if t not in department.tools)


def smallest_prime_grid(n: int) -> int:
    """The smallest prime q >= 5 with q*q >= n (5 keeps the five slot forms below independent)."""
    q = 5
    while q * q < n or any(q % d == 0 for d in range(2, int(q**0.5) + 1)):
        q += 1
    return q


@dataclass(frozen=True)
class Slots:
    """What one ask is made of. Any two questions share at most one of these five values."""

    product: str
    kind: tuple[int, str]  # (action index, noun)
    context: tuple[str, str]  # (long, short)
    problem: tuple[str, str]  # (part, fault)
    place: str


@dataclass(frozen=True)
class Vocabulary:
    """Shuffled slot values; index i of each list is one value of that slot."""

    products: list[str]
    kinds: list[tuple[int, str]]
    contexts: list[tuple[str, str]]
    problems: list[tuple[str, str]]
    places: list[str]

    @classmethod
    def shuffled(cls, rng: random.Random) -> Vocabulary:
        products = [product_name(b, t) for b in range(len(BRANDS)) for t in range(len(PRODUCT_TYPES))]
        kinds = [(a, n) for a in range(len(ACTIONS)) for n in NOUNS]
        contexts = [(f"{w} {e}", f"{ws} {es}") for w, ws in WHENS for e, es in EVENTS]
        problems = [(part, fault) for part, faults in PART_FAULTS for fault in faults]
        places = [f"{adjective} {room}" for adjective in PLACE_ADJECTIVES for room in PLACE_ROOMS]
        for values in (products, kinds, contexts, problems, places):
            rng.shuffle(values)
        return cls(products, kinds, contexts, problems, places)

    @property
    def capacity(self) -> int:
        return min(len(self.products), len(self.kinds), len(self.contexts), len(self.problems), len(self.places))

    def slots(self, x: int, y: int, q: int) -> Slots:
        """Point (x, y) of the q×q grid. The forms x, y, x+y, x+2y, x+3y are pairwise independent mod a
        prime q >= 5, so two distinct points agree in at most one slot and differ in at least four."""
        return Slots(
            self.products[x],
            self.kinds[y],
            self.contexts[(x + y) % q],
            self.problems[(x + 2 * y) % q],
            self.places[(x + 3 * y) % q],
        )


def ask_texts(slots: Slots, rng: random.Random) -> tuple[str, list[str]]:
    """The question as a customer asks it, and 1-3 other phrasings (each naming three slots)."""
    product, place = slots.product, slots.place
    action_index, noun = slots.kind
    action = ACTIONS[action_index][0].format(n=noun)
    part, fault = slots.problem
    ctx_long, ctx_short = slots.context
    templates = [
        f"The {part} on my {product} in our {place} {fault} {ctx_long}. {capitalise(action)}?",
        f"My {product}'s {part} {fault} {ctx_long} — {action}? It's the one in our {place}.",
        f"{capitalise(ctx_long)} the {part} of the {product} in our {place} {fault}. {capitalise(action)}?",
        f"{capitalise(action)} if the {part} on the {product} in our {place} {fault} {ctx_long}?",
    ]
    ask = rng.choice(templates)
    short_kind = f"{ACTIONS[action_index][1]} {noun}"
    phrasings = [
        f"{product} {part} {fault}, {short_kind}",
        f"{short_kind} for my {product} when the {part} {fault}",
        f"{product} in the {place}, {short_kind} {ctx_short}",
        f"{part} {fault} {ctx_short} on my {product}",
    ]
    chosen = rng.sample(phrasings, rng.randint(1, 3))
    return ask, [p.lower() if rng.random() < 0.3 else p for p in chosen]


def say_text(action: int, decision_index: int, noun: str, product: str, rng: random.Random) -> str:
    said = ACTIONS[action][3][decision_index][1].format(n=noun, product=product)
    if rng.random() < 0.5:
        said += " " + rng.choice(SAY_ENDINGS)
    return said


def internal_note(department: Department, tool_names: dict[str, str], rng: random.Random) -> str:
    return rng.choice(INTERNAL_NOTES).format(tool=tool_names[rng.choice(department.tools)].lower())


def build_answers(
    question: Question,
    kind: tuple[int, str],
    owner_department: Department,
    other: Department,
    tool_names: dict[str, str],
    rng: random.Random,
) -> None:
    """Two answers that never conflict: the same decision, or disjoint conditions."""
    action, noun = kind
    decisions = ACTIONS[action][3]
    first = rng.randrange(len(decisions))
    segment_ids = [s[0] for s in SEGMENTS]

    def answer(department: Department, index: int) -> Answer:
        made = Answer(department.id, decisions[index][0], say_text(action, index, noun, question.product, rng))
        if rng.random() < 0.3:
            made.internal = internal_note(department, tool_names, rng)
        return made

    a, b = answer(owner_department, first), answer(other, first)
    a.show_by = rng.random() < 0.5  # `by` defaults to the owner's department
    roll = rng.random()
    if roll < 0.6:  # the other department agrees
        question.sayable = True
        if rng.random() < 0.3:
            b.when = ("segment", tuple(sorted(rng.sample(segment_ids, 2), key=segment_ids.index)))
        elif rng.random() < 0.2:
            b.effective_from = "2026-01-01"
    else:  # it decides differently, for other customers or another channel
        b = answer(other, (first + 1 + rng.randrange(len(decisions) - 1)) % len(decisions))
        dimension, values = ("segment", segment_ids) if roll < 0.85 else ("channel", CHANNELS)
        special = rng.choice(values)
        b.when = (dimension, (special,))
        a.when = (dimension, tuple(v for v in values if v != special))
    question.answers = [a, b]


def build_topics(
    size: Size,
    departments: list[Department],
    people: dict[str, Person],
    tool_names: dict[str, str],
    rng: random.Random,
) -> tuple[list[Topic], dict[str, list[tuple[str, Answer]]]]:
    vocab = Vocabulary.shuffled(rng)
    q = smallest_prime_grid(size.questions)
    if q > vocab.capacity:
        raise ValueError(f"at most {vocab.capacity**2:,} distinct questions can be generated; ask for fewer")
    by_id = {d.id: d for d in departments}
    topics: list[Topic] = []
    extra: dict[str, list[tuple[str, Answer]]] = {}
    chunks = max(1, round(q / QUESTIONS_PER_TOPIC))
    for i in range(size.questions):
        x, y = divmod(i, q)
        chunk = y * chunks // q
        if y == 0 or chunk != (y - 1) * chunks // q:
            topics.append(new_topic(len(topics), vocab.products[x], chunk, departments, rng))
        topic = topics[-1]
        slots = vocab.slots(x, y, q)
        product, kind = slots.product, slots.kind
        ask, also_asked = ask_texts(slots, rng)
        owner = topic.owner
        if rng.random() < 0.1:
            owner = rng.choice(by_id[topic.department].people)
        question = Question(
            id=f"{product_slug(product)}-{ACTIONS[kind[0]][2]}-{slug(kind[1])}",
            ask=ask,
            also_asked=also_asked,
            owner=owner,
            show_owner=owner != topic.owner,
            public=rng.random() < 0.3,
            review_by=review_date(rng),
            product=product,
        )
        owner_department = by_id[people[owner].department]
        other = rng.choice([d for d in departments if d is not owner_department])
        build_answers(question, kind, owner_department, other, tool_names, rng)
        if rng.random() < 0.25:  # the other department keeps this answer in its own file
            extra.setdefault(other.id, []).append((question.id, question.answers.pop()))
        topic.questions.append(question)
    return topics, extra


def new_topic(index: int, product: str, chunk: int, departments: list[Department], rng: random.Random) -> Topic:
    department = departments[index % len(departments)]
    theme = numbered(THEMES, chunk + 1)[-1]
    return Topic(
        id=f"{product_slug(product)}-{slug(theme)}",
        title=f"{product} — {theme.lower()}",
        owner=rng.choice(department.people),
        department=department.id,
        review_by=review_date(rng),
    )


def knowledge(steps: list[Step]) -> dict[str, set[str]]:
    """What the customer has given on every path to each step (before it captures)."""
    index = {s.id: s for s in steps}
    preds: dict[str, list[str]] = {s.id: [] for s in steps}
    for s in steps:
        for target in s.next:
            preds[target].append(s.id)
    universe = {item for s in steps for item in s.capture}
    known_in: dict[str, set[str]] = {s.id: set(universe) for s in steps}
    known_in[steps[0].id] = set()
    changed = True
    while changed:
        changed = False
        for s in steps[1:]:
            new = set(universe)
            for p in preds[s.id]:
                new &= known_in[p] | set(index[p].capture)
            if new != known_in[s.id]:
                known_in[s.id], changed = new, True
    return known_in


def plan_handoffs(steps: list[Step]) -> None:
    """Fill each cross-department `next` with what later steps need (plus the case basics)."""
    index = {s.id: s for s in steps}
    known_in = knowledge(steps)
    for s in steps:
        missing = set(s.needs) - known_in[s.id] - set(s.capture)
        if missing:
            raise AssertionError(f"journey shape bug: {s.id} needs {sorted(missing)}")

    def needed_from(start: str) -> set[str]:
        seen, todo, needed = set(), [start], set(CORE)
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                needed |= set(index[current].needs)
                todo.extend(index[current].next)
        return needed

    for s in steps:
        known_out = known_in[s.id] | set(s.capture)
        for target in s.next:
            if index[target].department != s.department:
                s.carry[target] = [item for item in order_items(known_out & needed_from(target))]


def order_items(items: set[str]) -> list[str]:
    """Core items first, in their usual order, then the rest alphabetically."""
    return [c for c in CORE if c in items] + sorted(items - set(CORE))


def build_journeys(
    size: Size,
    departments: list[Department],
    people: dict[str, Person],
    topics: list[Topic],
    rng: random.Random,
) -> list[Journey]:
    front_people = [p for d in departments if d.front for p in d.people]
    products = sorted({q.product for t in topics for q in t.questions}, key=slug)
    rng.shuffle(products)
    sayable: dict[tuple[str, bool], list[str]] = {}
    for topic in topics:
        for question in topic.questions:
            if question.sayable:
                sayable.setdefault((question.product, False), []).append(question.id)
                sayable.setdefault(("", False), []).append(question.id)
                if question.public:
                    sayable.setdefault((question.product, True), []).append(question.id)
                    sayable.setdefault(("", True), []).append(question.id)
    shapes = [shape for shape in SHAPES for _ in range(shape.weight)]
    journeys: list[Journey] = []
    taken: set[str] = set()
    for j in range(size.journeys):
        product = products[j % len(products)]
        owner = people[rng.choice(front_people)]
        for _ in range(1000):
            shape = rng.choice(shapes)
            issue_slug, title, problem, part = choose_issue(shape, product, rng)
            journey_id = f"{product_slug(product)}-{issue_slug}"
            if journey_id not in taken and len(journey_id) <= 64:
                break
        else:
            raise ValueError("ran out of distinct journeys; ask for fewer")
        taken.add(journey_id)
        public = rng.random() < 0.1 and ("", True) in sayable
        journey = build_journey(journey_id, shape, product, part, owner, departments, public, sayable, rng)
        journey.title, journey.problem = title, problem
        journeys.append(journey)
    return journeys


def choose_issue(shape: Shape, product: str, rng: random.Random) -> tuple[str, str, str, str]:
    """(id part, title, the customer's words, the part concerned) for one journey."""
    if shape.issues:
        issue_slug, words = rng.choice(shape.issues)
        return issue_slug, f"{product} — {issue_slug.replace('-', ' ')}", words.format(product=product), "unit"
    part, faults = rng.choice(PART_FAULTS)
    fault = rng.choice(faults)
    words = f"My {product}'s {part} {fault} and I need it working again."
    return f"{slug(part)}-{slug(fault)}", f"{product} — the {part} {fault}", words, part


def pick_roles(
    shape: Shape, owner_department: str, departments: list[Department], rng: random.Random
) -> list[Department]:
    """Two departments for roles A and B: ones whose function fits, else any others."""
    chosen: list[Department] = []
    for functions in (shape.a_functions, shape.b_functions):
        taken = {owner_department, *(d.id for d in chosen)}
        fitting = [d for d in departments if d.id not in taken and d.function in functions]
        chosen.append(rng.choice(fitting or [d for d in departments if d.id not in taken]))
    return chosen


def build_journey(
    journey_id: str,
    shape: Shape,
    product: str,
    part: str,
    owner: Person,
    departments: list[Department],
    public: bool,
    sayable: dict[tuple[str, bool], list[str]],
    rng: random.Random,
) -> Journey:
    by_id = {d.id: d for d in departments}
    others = pick_roles(shape, owner.department, departments, rng)
    roles = {"O": by_id[owner.department], "A": others[0], "B": others[1]}
    fill = {"product": product, "part": part}
    pool = sayable.get((product, public)) or sayable[("", public)]
    steps = []
    for plan in shape.steps:
        department = roles[plan.role]
        k = rng.randint(1 if plan.key == "first-contact" else 0, min(2, len(department.tools)))
        steps.append(
            Step(
                id=plan.key,
                title=plan.title.format(**fill),
                department=department.id,
                do=[line.format(**fill) for line in plan.do],
                next=list(plan.next),
                capture=list(plan.capture),
                needs=list(plan.needs),
                say=sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 2))))) if plan.says else [],
                tools=rng.sample(department.tools, k),
                confirm=plan.confirm.format(**fill),
            )
        )
    plan_handoffs(steps)
    recovery = [
        (trigger, rng.choice([owner.id, roles["O"].lead]), rng.sample(RECOVERY_ACTIONS, 2))
        for trigger in rng.sample(shape.recovery, rng.randint(1, len(shape.recovery)))
    ]
    return Journey(
        id=journey_id,
        area=slug(product_type(product)) + "s",
        title="",
        problem="",
        outcome=shape.outcome.format(**fill),
        owner=owner.id,
        segments=sorted(rng.sample([s[0] for s in SEGMENTS], rng.randint(1, 3)), key=[s[0] for s in SEGMENTS].index),
        channels=sorted(rng.sample(CHANNELS, rng.randint(1, 3)), key=CHANNELS.index),
        resolution=rng.choice(["3 days", "5 days", "10 days", "2 weeks"]),
        max_handoffs=3 if rng.random() < 0.5 else None,
        review_by=review_date(rng),
        public=public,
        steps=steps,
        recovery=recovery,
    )


def build(size: Size, seed: int) -> Playbook:
    rng = random.Random(seed)
    departments = build_departments(size)
    tools = build_tools(size)
    people = build_people(size, departments, rng)
    assign_tools(departments, tools, rng)
    people_by_id = {p.id: p for p in people}
    tool_names = dict(tools)
    topics, extra = build_topics(size, departments, people_by_id, tool_names, rng)
    journeys = build_journeys(size, departments, people_by_id, topics, rng)
    return Playbook(people, departments, tools, topics, journeys, extra)


# --------------------------------------------------------------------------- writing YAML


def settings_yaml(size_label: str) -> str:
    return "\n".join(
        [
            f"organization: {text(f'Northwind Appliances ({size_label} benchmark)')}",
            "defaults:",
            "  max_handoffs: 3",
            "  review_every: 180 days",
            "shared_record: false",
            "similarity: 0.88",
            f"impersonal_terms: [{', '.join(text(t) for t in IMPERSONAL_TERMS)}]",
            "rules:",
            "  no-recovery: info",
            "",
        ]
    )


def org_yaml(playbook: Playbook) -> str:
    lines = ["people:"]
    for p in playbook.people:
        lines += [
            f"  - id: {ident(p.id)}",
            f"    name: {text(p.name)}",
            f"    email: {text(p.email)}",
            f"    department: {ident(p.department)}",
        ]
    lines.append("departments:")
    for d in playbook.departments:
        lines += [
            f"  - id: {ident(d.id)}",
            f"    name: {text(d.name)}",
            f"    lead: {ident(d.lead)}",
            f"    contact: {text(d.contact)}",
            f"    tools: {flow(d.tools)}",
        ]
    lines.append("tools:")
    for tool_id, name in playbook.tools:
        lines += [f"  - id: {ident(tool_id)}", f"    name: {text(name)}"]
    lines += [f"channels: {flow(CHANNELS)}", ""]
    return "\n".join(lines)


def segments_yaml() -> str:
    lines = ["segments:"]
    for segment_id, name, value, expectations in SEGMENTS:
        lines += [f"  - id: {ident(segment_id)}", f"    name: {text(name)}", f"    lifetime_value: {value}"]
        block(lines, "    ", "expectations", expectations)
    lines.append("")
    return "\n".join(lines)


def answer_lines(lines: list[str], answer: Answer, indent: str, question: str = "") -> None:
    first = f"{indent}- "
    rest = indent + "  "
    if question:
        lines.append(f"{first}question: {ident(question)}")
        first = rest
    if answer.show_by or question:
        lines.append(f"{first}by: {ident(answer.by)}")
        first = rest
    lines.append(f"{first}decision: {text(answer.decision)}")
    lines.append(f"{rest}say: {text(answer.say)}")
    if answer.internal:
        lines.append(f"{rest}internal: {text(answer.internal)}")
    if answer.when:
        lines.append(f"{rest}when: {{{answer.when[0]}: {flow(answer.when[1])}}}")
    if answer.effective_from:
        lines.append(f"{rest}effective: {{from: {answer.effective_from}}}")


def topic_yaml(topic: Topic) -> str:
    lines = [
        f"topic: {ident(topic.id)}",
        f"title: {text(topic.title)}",
        f"owner: {ident(topic.owner)}",
        f"review_by: {topic.review_by}",
        "questions:",
    ]
    for q in topic.questions:
        lines += [f"  - id: {ident(q.id)}", f"    ask: {text(q.ask)}"]
        block(lines, "    ", "also_asked", q.also_asked)
        if q.show_owner:
            lines.append(f"    owner: {ident(q.owner)}")
        if q.public:
            lines.append("    audience: public")
        lines += [f"    review_by: {q.review_by}", "    answers:"]
        for answer in q.answers:
            answer_lines(lines, answer, "      ")
    lines.append("")
    return "\n".join(lines)


def answers_yaml(entries: list[tuple[str, Answer]]) -> str:
    lines = ["answers:"]
    for question_id, answer in entries:
        answer_lines(lines, answer, "  ", question_id)
    lines.append("")
    return "\n".join(lines)


def journey_yaml(j: Journey) -> str:
    lines = [
        f"id: {ident(j.id)}",
        f"title: {text(j.title)}",
        f"problem: {text(j.problem)}",
        f"outcome: {text(j.outcome)}",
        f"owner: {ident(j.owner)}",
        f"segments: {flow(j.segments)}",
        f"channels: {flow(j.channels)}",
        "targets:",
        f"  resolution: {text(j.resolution)}",
    ]
    if j.max_handoffs is not None:
        lines.append(f"  max_handoffs: {j.max_handoffs}")
    lines.append(f"review_by: {j.review_by}")
    if j.public:
        lines.append("audience: public")
    lines.append("steps:")
    for s in j.steps:
        step_lines(lines, s)
    lines.append("recovery:")
    for trigger, owner, actions in j.recovery:
        lines += [f"  - trigger: {text(trigger)}", f"    owner: {ident(owner)}"]
        block(lines, "    ", "do", actions)
    lines.append("")
    return "\n".join(lines)


def step_lines(lines: list[str], s: Step) -> None:
    lines += [f"  - id: {ident(s.id)}", f"    title: {text(s.title)}", f"    department: {ident(s.department)}"]
    block(lines, "    ", "do", s.do)
    for key, values in (("say", s.say), ("needs", s.needs), ("capture", s.capture), ("tools", s.tools)):
        if values:
            lines.append(f"    {key}: {flow(values)}")
    if s.next:
        lines.append("    next:")
        for target in s.next:
            if target in s.carry:
                lines += [f"      - step: {ident(target)}", f"        carry: {flow(s.carry[target])}"]
            else:
                lines.append(f"      - {ident(target)}")
    if s.confirm:
        lines += ["    closes: true", f"    confirm: {text(s.confirm)}"]


def render(playbook: Playbook, size_label: str) -> dict[str, str]:
    """Relative path → file text, for the whole playbook."""
    files = {
        "journeybook.yaml": settings_yaml(size_label),
        "org.yaml": org_yaml(playbook),
        "segments.yaml": segments_yaml(),
    }
    for topic in playbook.topics:
        files[f"policies/{topic.department}/{topic.id}.yaml"] = topic_yaml(topic)
    for department_id, entries in sorted(playbook.extra_answers.items()):
        files[f"policies/{department_id}/answers.yaml"] = answers_yaml(entries)
    for journey in playbook.journeys:
        files[f"journeys/{journey.area}/{journey.id}.yaml"] = journey_yaml(journey)
    return files


# --------------------------------------------------------------------------- entry points

PLAYBOOK_ENTRIES = ("journeybook.yaml", "org.yaml", "segments.yaml", "policies", "journeys")


def resolve_size(size: str | int) -> tuple[str, Size]:
    """A size name (XS, M, L) or a scale factor (int, or "100x")."""
    if isinstance(size, int):
        return f"{size}x", scaled(size)
    if size.upper() in SIZES:
        return size.upper(), SIZES[size.upper()]
    if size.lower().endswith("x") and size[:-1].isdigit():
        return size.lower(), scaled(int(size[:-1]))
    raise ValueError(f"unknown size {size!r}: use one of {', '.join(SIZES)} or a scale like 100x")


def generate(size: str | int, out_dir: Path, seed: int = 1, force: bool = False) -> dict[str, int]:
    """Write a playbook of `size` into `out_dir`; returns the counts of what was written.

    An existing playbook in `out_dir` is replaced only with `force`; nothing
    else in the folder is touched.
    """
    label, chosen = resolve_size(size)
    out_dir = Path(out_dir)
    existing = [out_dir / e for e in PLAYBOOK_ENTRIES if (out_dir / e).exists()]
    if existing and not force:
        raise FileExistsError(f"{out_dir} already holds a playbook; use --force to replace it")
    for path in existing:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    playbook = build(chosen, seed)
    files = render(playbook, label)
    total = 0
    for relative, content in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    questions = [q for t in playbook.topics for q in t.questions]
    return {
        "files": len(files),
        "bytes": total,
        "questions": len(questions),
        "answers": sum(len(q.answers) for q in questions) + sum(len(e) for e in playbook.extra_answers.values()),
        "topics": len(playbook.topics),
        "journeys": len(playbook.journeys),
        "steps": sum(len(j.steps) for j in playbook.journeys),
        "departments": len(playbook.departments),
        "people": len(playbook.people),
        "tools": len(playbook.tools),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", help=f"one of {', '.join(SIZES)} (or use --scale)")
    parser.add_argument("out_dir", type=Path, help="folder to write the playbook into")
    parser.add_argument("--scale", type=int, help="N times the example playbook instead of a named size")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace a playbook already in OUT_DIR")
    args = parser.parse_args(argv)
    if (args.size is None) == (args.scale is None):
        parser.error("give either a size or --scale N")
    started = time.perf_counter()
    try:
        counts = generate(args.scale if args.scale is not None else args.size, args.out_dir, args.seed, args.force)
    except (ValueError, FileExistsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{value:,} {key}" for key, value in counts.items())
    print(f"wrote {args.out_dir} in {seconds:.2f} s: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
