"""The words generated playbooks are made of: products, faults, questions, names, departments, segments."""

from __future__ import annotations

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

# --------------------------------------------------------------------------- more words for the largest sizes
# Up to 139 × 139 = 19,321 questions the grid takes its slot values from the lists above only, so every
# playbook of that size is byte-identical to what earlier versions wrote. Beyond it (2× and 4× L), each slot
# list is extended with these: new values, never variants of old ones, so two asks still differ in four of
# five slots by whole words. With them every slot has at least 240 values: up to 239 × 239 = 57,121 questions.

MORE_BRANDS = ["Meridian", "Nimbus", "Opal"]  # 15 brands: (7*brand + type) mod 17 still tells them apart
MORE_NOUNS = [
    "screen protector", "battery swap", "software reset", "descaling service", "filter change", "trade-in",
    "recycling pickup", "wall mounting",
]  # fmt: skip
MORE_EVENTS = [
    ("the firmware recall", "firmware recall"), ("the heatwave", "heatwave"),
    ("the kitchen renovation", "renovation"), ("the new router", "new router"),
    ("a flood in the basement", "basement flood"), ("the price change", "price change"),
    ("the birthday party", "birthday party"), ("the spring clean", "spring clean"),
]  # fmt: skip
_MORE_FAULTS = {
    "drain hose": (
        "is kinked; has split open; came off the tap; drips at the joint; smells of drains; froze solid; "
        "is far too short; was chewed by the dog; slipped out of the sink; bulges in the middle"
    ),
    "lid hinge": (
        "snapped off; creaks loudly; will not stay open; is bent out of shape; lost a screw; "
        "drops the lid on my hand; rusted through; wobbles sideways; jams halfway; pinches fingers"
    ),
    "remote control": (
        "does nothing at all; eats batteries; only works up close; presses buttons twice; "
        "lost its back cover; controls the neighbour's set; has a sticky keypad; was never paired; "
        "shows a flashing light; changes channel by itself"
    ),
    "speaker": (
        "crackles; is silent; buzzes at high volume; sounds muffled; pops when switched on; "
        "plays only in mono; echoes; hisses constantly; cuts out mid-song; distorts every voice"
    ),
    "drum": (
        "will not spin; bangs against the side; has a sharp edge; leaves rust marks; is off its bearing; "
        "locks with clothes inside; turns only one way; scrapes on every turn; wobbles loose; tears the laundry"
    ),
    "water tank": (
        "cracked along the base; never fills up; overflows on the counter; grows green slime; "
        "will not click into place; tastes of metal; empties by itself; shows full when dry; "
        "lost its float; warps in the heat"
    ),
    "camera": (
        "shows a blurred picture; records nothing; lost its night vision; points at the ceiling; "
        "misses every visitor; saves only black clips; sends alerts for leaves; blinks blue all day; "
        "fogged up inside; streams with a long delay"
    ),
    "keypad": (
        "accepts no code; beeps for every key; has a dead number five; lights up by itself; "
        "peeled at the corners; swaps two digits; locked me out; ignores the cancel key; "
        "stays lit all night; types letters twice"
    ),
    "lamp": (
        "burnt out again; flickers like a candle; stays on when off; glows far too blue; melted its cover; "
        "buzzes while lit; fell into the appliance; dims by itself; shows a brown stain; never switches on"
    ),
    "wheel": (
        "squeaks on the floor; fell off; is flat; drags to the left; left black marks; is cracked through; "
        "spins freely without moving; locks up on carpets; wobbles like mad; picks up every hair"
    ),
}
MORE_PART_FAULTS: list[tuple[str, list[str]]] = [(part, faults.split("; ")) for part, faults in _MORE_FAULTS.items()]
MORE_PLACE_ROOMS = ["bungalow", "loft", "farmhouse", "caravan", "apartment", "bakery", "clinic", "boathouse"]
