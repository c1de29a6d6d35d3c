"""The answer finder's built-in synonym groups: everyday customer-service English, in any business."""

from __future__ import annotations

# Words callers use for the same thing in any business, added to the playbook's own `vocabulary:` (which
# holds its trade's words: windscreen, router…). General customer-service English only, written from how
# callers talk, never from a test phrasing. Each group must be true synonyms to a caller: a group that
# joins opposites ("turned up" and "never turned up") or two senses of one word ("home" the house and "home
# phone") sends callers to the wrong question. A phrase may sit in two groups; it then joins both.
BASE_VOCABULARY: tuple[tuple[str, ...], ...] = (
    ("engineer", "technician", "installer", "fitter", "repairman", "tech", "tradesman", "contractor"),
    ("refund", "money back", "reimburse", "repay", "pay me back", "paid back"),
    ("compensation", "compensate", "goodwill", "goodwill gesture", "knock off", "knocked off", "money off"),
    ("charge", "fee", "cost", "pay for", "penalty"),
    ("pay", "paid"),
    (  # the price went up: renewals, yearly rises, a bill that is more than last time
        *("price rise", "price increase", "price hike", "gone up", "went up", "go up", "goes up", "going up"),
        *("put up", "putting up", "increase", "increased", "rise", "risen", "hike", "dearer", "more expensive"),
        *("paying more", "pay more", "paid more", "charged more", "charging more", "costs more", "higher"),
    ),
    (
        *("cheaper", "better deal", "better price", "discount", "lower price", "for less", "beat", "price match"),
        *("match the price", "undercut", "less elsewhere"),
    ),
    ("overcharged", "charged twice", "double charged", "wrong amount", "extra charge", "unexpected charge"),
    ("free", "no charge", "free of charge", "for nothing"),
    (
        *("broken", "faulty", "not working", "stopped working", "doesnt work", "defective", "isnt working"),
        *("wont work", "playing up", "acting up", "packed up", "packed in", "gone wrong", "on the blink"),
        *("conked out", "malfunctioning"),
    ),
    ("turn up", "turned up", "show up", "showed up", "arrive", "arrival", "on the way", "on its way", "eta"),
    (  # not coming is not coming: "never turned up" must not find "what time will they arrive"
        *("didnt come", "never came", "nobody came", "no one came", "no show", "didnt turn up", "never turned up"),
        *("didnt show", "never showed", "didnt arrive", "never arrived", "doesnt come", "doesnt turn up"),
        *("not turn up", "not come", "not arrive", "missed appointment", "missed visit", "stood up"),
        *("not coming", "isnt coming", "wasnt coming", "never coming"),
    ),
    (
        *("died", "passed away", "deceased", "death", "bereavement", "funeral", "probate", "executor"),
        *("late husband", "late wife", "late father", "late mother", "late dad", "late mum", "late partner"),
        *("lost my husband", "lost my wife", "lost my dad", "lost my mum", "lost my father", "lost my mother"),
    ),
    (
        *("scam", "fraud", "phishing", "fake", "claiming to be", "suspicious", "genuine", "legit", "legitimate"),
        *("is it real", "really you", "really from you", "pretending to be", "scammer", "fraudster", "dodgy", "hoax"),
    ),
    ("bank details", "card details", "card number", "password", "pin", "security details"),
    ("bill", "invoice", "statement"),
    ("repair", "fix", "mend"),
    ("renewal", "renew", "renewing", "auto renew", "auto-renew", "automatically renewed", "rolled over"),
    ("wrong", "mistake", "error", "incorrect"),
    (
        *("how soon", "how quickly", "how fast", "asap", "as soon as possible", "earliest", "soonest"),
        *("first available", "straight away", "urgently", "urgent"),
    ),
    (
        *("account holder", "in his name", "in her name", "in their name", "name on the account"),
        *("named on the account", "bill payer", "main account holder"),
    ),
    ("take over", "put in my name", "into my name", "change the name", "transfer the account"),
    ("stuck", "stranded"),
    ("help", "assistance", "support"),
    ("annual", "annually", "yearly", "every year", "each year", "per year", "once a year"),
    ("letter", "email", "e-mail", "post", "in the post", "message"),
    ("text", "sms"),
    ("wifi", "wi-fi", "wireless", "signal"),
    ("appointment", "booking", "visit", "slot", "send someone", "book in", "booked in", "call out", "callout"),
    (  # can the service be had at an address
        *("available", "availability", "not available", "doesnt reach", "dont reach", "cant get it", "cant supply"),
        *("dont supply", "dont serve", "not served"),
    ),
    ("pay out", "payout", "settlement", "valuation", "market value"),
    ("house", "home"),
    (
        *("move house", "moving house", "moving home", "move home", "moved house", "relocating", "relocate"),
        *("new address", "moving out", "move out", "new house", "new flat", "new home", "new place"),
        *("new property", "house move", "home move"),
    ),
    (
        *("cancel", "terminate", "quit", "switch provider", "switch to another provider", "switching provider"),
        *("leave you", "leaving you", "go elsewhere", "take my business elsewhere", "move to another provider"),
        "moving to another provider",
    ),
    ("cooling off", "change my mind", "changed my mind", "second thoughts", "back out", "pull out"),
    (
        *("sign up", "signed up", "signing up", "join", "joined", "just bought", "just ordered"),
        *("took out", "taken out", "new customer"),
    ),
    (
        *("switched on", "switch on", "turned on", "go live", "goes live", "went live", "activate", "activated"),
        *("activation", "set up", "up and running", "get connected"),
    ),
    (
        *("cut off", "cutting off", "suspend", "suspended", "disconnect", "disconnected", "turn off"),
        *("switched off", "switch off", "shut off"),
    ),
    (
        *("out of contract", "end of contract", "end of my contract", "contract ends", "contract end"),
        *("contract finishes", "still in contract", "in contract", "left on my contract", "left on my deal"),
        *("minimum term", "tied in", "locked in", "free to leave", "free to go"),
    ),
    ("complaint", "complain", "not happy", "unhappy", "disappointed", "fed up", "dissatisfied", "make a complaint"),
    ("poor service", "terrible service", "awful service", "rubbish service", "disgusted", "appalled"),
    ("address", "postcode", "zip code"),
    ("call", "ring", "rang", "phone call", "phoned"),
    (
        *("nuisance calls", "cold calls", "cold callers", "cold calling", "spam calls", "unwanted calls"),
        *("junk calls", "marketing calls", "sales calls", "robocalls", "silent calls", "selling", "sell me"),
    ),
    ("disconnect", "drop out", "cut out", "cutting out", "keeps dropping"),
    ("nobody", "no one", "noone"),
    (
        *("neighbours", "people round here", "in my area", "local area", "nearby", "neighbour", "neighbors"),
        *("neighbor", "my street", "whole street", "round here", "everyone", "everybody", "anyone else", "next door"),
    ),
    ("bounced", "rejected", "declined", "failed", "didnt go through"),
    (
        *("direct debit", "money comes out", "money come out", "money goes out", "money taken", "take the money"),
        *("payment comes out", "payment goes out", "payments come out"),
        *("took the money", "taken the money", "out of my account", "out of my bank", "from my account"),
        "from my bank",
    ),
    (
        *("missed payment", "miss a payment", "missed a payment", "missed my payment", "late payment"),
        *("forgot to pay", "didnt pay", "couldnt pay", "cant pay", "cant afford", "behind on", "arrears"),
        *("overdue", "unpaid", "not paid", "havent paid", "struggling to pay", "financial difficulty", "hardship"),
        "money is tight",
    ),
    (
        *("payday", "pay day", "get paid", "wages", "salary", "paycheck", "pay date", "payment date", "date i pay"),
        *("day i pay", "collection date", "payment day"),
    ),
    (
        *("chase", "chasing", "any update", "no update", "an update", "update me", "updated", "any news"),
        *("no news", "heard nothing", "havent heard", "not heard", "heard back", "get back to me", "got back to me"),
        *("rang me back", "called me back", "call me back", "keep me informed", "kept informed", "keep me posted"),
        *("progress", "status", "going on with", "where are we with"),
    ),
    ("still waiting", "been waiting", "waiting ages", "waiting for ages", "how much longer", "taking so long"),
)
