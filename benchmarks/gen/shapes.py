"""Journey shapes: the steps of each kind of journey, who does them, what they need and capture."""

from __future__ import annotations

from dataclasses import dataclass

from .words import CORE


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
