"""After the interview: when to send thank-you notes and follow-ups, a calendar file, a note checker.

The rules, from the course's domain notes:

* Thank-you notes: within 24 hours of the interview, 48 at most; thank them, name one specific
  point from the conversation, restate your enthusiasm, one sentence on what you bring; 5–6
  sentences; a separate note to each interviewer; email is fine (St. Olaf Piper Center,
  THANK_YOU_SOURCE).
* Following up: if they gave a decision date, wait a day or two past it; if not, 5–7 business
  days; at most two follow-ups, about a week apart (JournalismJobs, FOLLOW_UP_SOURCE).

Dates are ``datetime.date``. Business days are Monday to Friday, minus any ``holidays`` given.
The calendar is iCalendar (RFC 5545): all-day events, CRLF line ends, lines folded at 75 octets,
text escaped. Pure: no widgets.

What the planner views save is read and written by :class:`SavedPlanner` (the one place that
knows the store's keys, below), as a :class:`PlannerRecord`.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from course_lib.checklist import Check, Checklist
from course_lib.markup import escape, source_link
from course_lib.worksheets import as_text, words

THANK_YOU_SOURCE = "https://wp.stolaf.edu/pipercenter/how-to-guides/interview-guide/thank-you-notes"
FOLLOW_UP_SOURCE = "https://www.journalismjobs.com/career-advice/21/when-to-follow-up-after-an-interview"

THANK_YOU_DAYS = 1  # within 24 hours
THANK_YOU_LATEST_DAYS = 2  # at most 48 hours
AFTER_DECISION = (1, 2)  # business days past a stated decision date: "a day or two"
NO_DECISION = (5, 7)  # business days after the interview when no date was given
BETWEEN_FOLLOW_UPS = 5  # business days: about a week
MAX_DECISION_WAIT = 366  # days; a decision date further out is most likely a typo in the year
NOTE_SENTENCES = (5, 6)


# --- dates ---------------------------------------------------------------------------------
def as_date(value, what: str = "date") -> date:
    """A ``date`` from a date, a datetime or ISO text ('2026-11-20'); a clear error otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"the {what} {value!r} is not a date like 2026-11-20") from None
    raise TypeError(f"the {what} must be a date, not {type(value).__name__} {value!r}")


def is_business_day(day: date, holidays=()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_business_days(start: date, n: int, holidays=()) -> date:
    """The ``n``-th business day after ``start`` (``n`` = 0: ``start`` itself).

    From a Friday, 1 business day on is the Monday; from a Saturday it is also the Monday.
    """
    start = as_date(start, "start date")
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"the number of business days must be a whole number of at least 0, not {n!r}")
    holidays = frozenset(as_date(h, "holiday") for h in holidays)
    day = start
    if not holidays:  # whole weeks at once: every 5 business days is exactly 7 calendar days
        weeks, n = divmod(n, 5)
        day += timedelta(weeks=weeks)
        if weeks and not is_business_day(day) and n == 0:
            # started on a weekend: 5 business days after Saturday is Friday, not Saturday
            day -= timedelta(days=day.weekday() - 4)
    while n:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            n -= 1
    return day


def business_days_between(start: date, end: date, holidays=()) -> int:
    """How many business days fall after ``start``, up to and including ``end`` (0 if end <= start)."""
    start, end = as_date(start), as_date(end)
    holidays = frozenset(as_date(h, "holiday") for h in holidays)
    return sum(1 for k in range(1, (end - start).days + 1)
               if is_business_day(start + timedelta(days=k), holidays))


# --- the plan ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reminder:
    kind: str  # "thank_you", "follow_up_1", "follow_up_2"
    title: str
    day: date  # the day to act: the calendar event
    latest: date  # the end of the window
    detail: str  # why this day, in a sentence or two

    def window(self) -> str:
        if self.latest == self.day:
            return _long(self.day)
        return f"{_long(self.day)} (at the latest {_long(self.latest)})"


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@dataclass(frozen=True)
class FollowUpPlan:
    interview: date
    decision: date | None
    reminders: tuple[Reminder, ...]
    company: str = ""

    def __getitem__(self, kind: str) -> Reminder:
        for r in self.reminders:
            if r.kind == kind:
                return r
        raise KeyError(kind)

    def __repr__(self) -> str:
        return "Follow-up plan: " + ", ".join(f"{r.kind} {r.day.isoformat()}" for r in self.reminders)

    def _repr_html_(self) -> str:
        rows = "".join(
            f'<li data-kind="{r.kind}" data-date="{r.day.isoformat()}" data-latest="{r.latest.isoformat()}">'
            f"<strong>{escape(r.title)}</strong>: {escape(r.window())}<br><small>{escape(r.detail)}</small></li>"
            for r in self.reminders
        )
        return (f'<div class="course-planner-dates"><ul>{rows}</ul><p><small>Rules: '
                f'{source_link(THANK_YOU_SOURCE, prefix="thank-you notes, ")}; '
                f'{source_link(FOLLOW_UP_SOURCE, prefix="follow-ups, ")}.</small></p></div>')

    def ics(self, *, now: datetime | None = None) -> str:
        return to_ics(self, now=now)


def follow_up_plan(interview, decision=None, *, company: str = "", holidays=()) -> FollowUpPlan:
    """The thank-you deadline and up to two follow-ups, from the interview date and any decision date.

    With a decision date, the first follow-up waits a day or two (business days) past it; without
    one, 5–7 business days after the interview. It never comes before the thank-you window has
    closed. The second follow-up is about a week (5 business days) after the first.
    """
    interview = as_date(interview, "interview date")
    decision = None if decision in (None, "") else as_date(decision, "decision date")
    if decision is not None and decision < interview:
        raise ValueError(f"the decision date ({decision.isoformat()}) is before the interview "
                         f"({interview.isoformat()}): check both dates")
    if decision is not None and (decision - interview).days > MAX_DECISION_WAIT:
        raise ValueError(f"the decision date ({decision.isoformat()}) is more than a year after the "
                         f"interview ({interview.isoformat()}): check the year")
    where = f" ({company.strip()[:80]})" if company and company.strip() else ""

    thank_you = Reminder(
        "thank_you", f"Send thank-you notes{where}",
        interview + timedelta(days=THANK_YOU_DAYS), interview + timedelta(days=THANK_YOU_LATEST_DAYS),
        "One short note to each person you met, within 24 hours of the interview (48 at most). "
        "Email is fine.")

    if decision is not None:
        first, last = (add_business_days(decision, n, holidays) for n in AFTER_DECISION)
        why = (f"They said they would decide by {_long(decision)}. Give them a day or two past it, "
               "then ask politely whether there is any news.")
    else:
        first, last = (add_business_days(interview, n, holidays) for n in NO_DECISION)
        why = ("They gave no date for a decision, so wait 5–7 business days, then ask politely about "
               "the timeline.")
    earliest = add_business_days(thank_you.latest, 1, holidays)  # never chase before thanking
    if first < earliest:
        first, last = earliest, max(last, earliest)
        why += " (Moved so that it comes after your thank-you notes.)"
    follow_1 = Reminder("follow_up_1", f"First follow-up{where}", first, last, why)
    follow_2 = Reminder(
        "follow_up_2", f"Second and last follow-up{where}",
        add_business_days(first, BETWEEN_FOLLOW_UPS, holidays), add_business_days(last, BETWEEN_FOLLOW_UPS, holidays),
        "Only if you still have no answer: one more short, friendly note, about a week after the first. "
        "After that, stop chasing and put your energy into other applications.")
    return FollowUpPlan(interview, decision, (thank_you, follow_1, follow_2), company=company.strip()[:200])


# --- iCalendar (RFC 5545) ------------------------------------------------------------------
PRODID = "-//Second interview course//Follow-up planner//EN"
_UID_NAMESPACE = uuid.UUID("3f1d1c2e-5b7a-4c8e-9a51-2a6f0e9c7d40")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # RFC 5545 forbids controls in text, except tab


def ics_text(value: str) -> str:
    """Escape text for an iCalendar TEXT value: backslash, ';', ',' and newlines."""
    value = _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line into pieces of at most ``limit`` octets (UTF-8), never inside a character.

    Continuation lines start with one space, which counts towards their length.
    """
    pieces, current, size = [], [], 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        room = limit if not pieces else limit - 1
        if size + n > room:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += n
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _uid(plan: FollowUpPlan, reminder: Reminder) -> str:
    # Stable for the same interview and company: downloading the file again updates the events in
    # a calendar app instead of adding copies.
    key = f"{plan.interview.isoformat()}|{plan.company.casefold()}|{reminder.kind}"
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@second-interview-course"


def to_ics(plan: FollowUpPlan, *, now: datetime | None = None) -> str:
    """The plan as an iCalendar file: one all-day event per reminder, each with a 9:00 alert."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("'now' must carry a time zone (it is written in UTC)")
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{ics_text('Interview follow-up')}"]
    for r in plan.reminders:
        description = f"{r.detail}\nDo it on: {r.window()}.\nRules: {THANK_YOU_SOURCE if r.kind == 'thank_you' else FOLLOW_UP_SOURCE}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(plan, r)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{r.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{r.day + timedelta(days=1):%Y%m%d}",  # DTEND is exclusive: a one-day event
            f"SUMMARY:{ics_text(r.title)}",
            f"DESCRIPTION:{ics_text(description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:PT9H",  # 9:00 on the day
            f"DESCRIPTION:{ics_text(r.title)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# --- the thank-you note ----------------------------------------------------------------------
_ABBREVIATIONS = re.compile(r"\b(Mr|Mrs|Ms|Mx|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|approx|No)\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
_TERMINATED = re.compile(r"[.!?…][\"'”’)\]]*$")
_THANKS = re.compile(r"\b(thank|thanks|grateful|appreciat\w*)\b", re.IGNORECASE)
_ENTHUSIASM = re.compile(
    r"\b(enthusias\w*|excit\w*|eager\w*|keen(?:er)?|thrilled|delighted|"
    r"look(?:ing)? forward to (?:working|joining|contributing|being part)|"
    r"would (?:love|like) to (?:join|be part|work)|(?:very|really|all the more|even more) interested|"
    r"confirm(?:s|ed)? my interest|can't wait|cannot wait)\b",
    re.IGNORECASE,
)
_CONVERSATION = re.compile(
    r"\b(we (?:discussed|talked|spoke|covered)|you (?:mentioned|said|described|explained|told me|shared|showed)|"
    r"our (?:conversation|discussion|talk|chat) (?:about|on|of)|hearing (?:about|how|that)|learning (?:about|how|that))\b",
    re.IGNORECASE,
)
_VALUE = re.compile(
    r"\b(my (?:experience|background|skills?|work)|i (?:can|could|would|will) (?:bring|help|contribute|offer)|"
    r"i bring|bring (?:my|the)|i am confident|i'm confident)\b",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,80}\]")
_STOPWORDS = frozenset(
    "a an and are as at be but by for from had has have how i in into is it its me my of on or our "
    "so that the their them they this to was we were what when which who why will with you your "
    "about after also been being can could did does just more most much not now over some such than "
    "then there these those very would should".split())
COPY_SHARE = 0.5  # this share of shared three-word phrases reads as the same note sent twice
_MAX_COMPARED = 3000  # words compared between notes; enough for any real note
_MAX_POINT_WORDS = 50  # words of "what you discussed" looked for in the note
_MAX_CHECKED = 20_000  # characters of a note that are checked; a real note is under 2,000


def sentences(text: str) -> list[str]:
    """The note's sentences, without the greeting ('Dear Priya,') or the sign-off ('Best wishes, Sam').

    A piece counts as a sentence if it ends with . ! ? or, unpunctuated, has at least four words and
    does not end with a comma. Titles such as 'Dr.' and 'e.g.' do not end a sentence.
    """
    found = []
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0)[:-1] + "\x00", (text or "").replace("\x00", ""))
    for line in protected.splitlines():
        for piece in _SENTENCE_END.split(line.strip()):
            piece = piece.strip()
            if not piece:
                continue
            if _TERMINATED.search(piece) or (len(piece.split()) >= 4 and not piece.endswith(",")):
                found.append(piece.replace("\x00", "."))
    return found


def _content_words(text: str) -> list[str]:
    return [w for w in dict.fromkeys(words(text)) if len(w) >= 4 and w not in _STOPWORDS]


def _shingles(text: str) -> set[tuple[str, ...]]:
    ws = words(text)[:_MAX_COMPARED]
    return {tuple(ws[k:k + 3]) for k in range(len(ws) - 2)}


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _name_parts(name: str) -> list[str]:
    titles = {"mr", "mrs", "ms", "mx", "dr", "prof", "sir", "madam"}
    return [w for w in words(name) if w not in titles and len(w) >= 2]


def check_note(note: str, *, interviewer: str = "", discussed: str = "", interview=None, sent=None,
               others=()) -> Checklist:
    """Check a thank-you note against the rules above; every verdict says what it saw.

    ``interviewer`` is who it is for and ``discussed`` what you talked about (both optional);
    ``interview`` and ``sent`` are dates (sent: the day you send it, usually today); ``others`` is
    a list of (interviewer, note) pairs for the other people you met, so copies are caught.
    """
    title = f"Your note to {_quote(interviewer, 60)}" if interviewer.strip() else "Your note"
    if not note or not note.strip():
        return Checklist(title, (), empty_message="Nothing written yet: feedback appears as you type.")
    full_length = len(note)
    note, discussed = note[:_MAX_CHECKED], discussed[:_MAX_CHECKED]  # keeps every keystroke quick
    others = [(name, (text or "")[:_MAX_CHECKED]) for name, text in others]
    checks = [_timing(interview, sent)]

    thanks = _THANKS.search(note)
    checks.append(Check("Thanks them", bool(thanks),
                        f"You say '{thanks.group(0)}'." if thanks else "Thank them for their time, near the start."))

    said = set(words(note))
    points = [w for w in _content_words(discussed)[:_MAX_POINT_WORDS] if w in said]
    cue = _CONVERSATION.search(note)
    if points:
        checks.append(Check("Names a specific point", True,
                            "It mentions what you talked about: " + ", ".join(f"'{p}'" for p in points[:5]) + "."))
    elif cue:
        checks.append(Check("Names a specific point", True, f"You refer to the conversation: '{cue.group(0)}'."))
    else:
        hint = f" such as '{_quote(discussed, 60)}'" if discussed.strip() else ""
        checks.append(Check("Names a specific point", False,
                            f"Name one thing you talked about{hint}, so they know the note was written for them."))

    keen = _ENTHUSIASM.search(note)
    checks.append(Check("Restates your enthusiasm", bool(keen),
                        f"You say '{keen.group(0)}'." if keen else
                        "Say that you want the job, e.g. 'The conversation made me even keener to join.'"))

    value = _VALUE.search(note)
    checks.append(Check("Says what you bring", bool(value),
                        f"You say '{value.group(0)}'." if value else
                        "Add one sentence on what you would bring, e.g. 'My experience in ... would help with ...'"))

    checks.append(_length(note, full_length))
    checks.append(_one_per_interviewer(note, interviewer, others))

    gaps = _PLACEHOLDER.findall(note)
    checks.append(Check("Ready to send", not gaps,
                        "No [gaps] left to fill." if not gaps else
                        "Fill in " + ", ".join(f"'{g}'" for g in gaps[:3]) + (" and more." if len(gaps) > 3 else ".")))
    return Checklist(title, tuple(checks))


def _length(note: str, full_length: int) -> Check:
    """5–6 sentences (a note cut for checking says it was far too long)."""
    n = len(sentences(note))
    low, high = NOTE_SENTENCES
    if full_length > _MAX_CHECKED:
        return Check(f"{low}–{high} sentences", False,
                     f"{full_length:,} characters: far too long for a note (only the first "
                     f"{_MAX_CHECKED:,} were checked). Cut it down to {low}–{high} sentences.")
    return Check(f"{low}–{high} sentences", low <= n <= high,
                 f"{n} sentence{'s' if n != 1 else ''}." + ("" if low <= n <= high else
                 " Add a sentence." if n < low else " Cut it down: short notes get read."))


def _timing(interview, sent) -> Check:
    label = "Sent within 24 hours"
    if interview is None or sent is None:
        return Check(label, None, "Add your interview date to check the timing.")
    interview, sent = as_date(interview, "interview date"), as_date(sent, "sending date")
    days = (sent - interview).days
    if days < 0:
        return Check(label, None, f"The interview is on {_long(interview)}: send the note by "
                                  f"{_long(interview + timedelta(days=THANK_YOU_DAYS))}.")
    if days <= THANK_YOU_DAYS:
        return Check(label, True, "Sent today, it arrives within 24 hours of the interview.")
    if days <= THANK_YOU_LATEST_DAYS:
        return Check(label, False, "Today is the last day of the 48-hour limit: send it today.")
    return Check(label, False, f"The interview was {days} days ago: notes belong within 24 hours, "
                               "48 at most. Send it now, briefly.")


def _one_per_interviewer(note: str, interviewer: str, others) -> Check:
    label = "One note per interviewer"
    name = interviewer.strip()
    mine = _shingles(note)
    for other_name, other_note in others:
        if name and other_name and _name_parts(other_name) == _name_parts(name) and _name_parts(name):
            return Check(label, False, f"Another note is also for {_quote(other_name, 60)}: one note per person.")
        theirs = _shingles(other_note or "")
        if mine and theirs:
            shared = len(mine & theirs) / min(len(mine), len(theirs))
            if shared >= COPY_SHARE:
                who = f"the note to {_quote(other_name, 60)}" if other_name and other_name.strip() else "another note"
                return Check(label, False, f"{shared:.0%} of its wording is the same as {who}. "
                                           "Write each note for its reader.")
    if not name:
        return Check(label, None, "Add the interviewer's name to check that the note speaks to them.")
    parts = _name_parts(name)[:5]
    if parts and not set(parts) & set(words(note)):
        return Check(label, False, f"Address it to {_quote(name, 60)} by name.")
    return Check(label, True, f"Addressed to {_quote(name, 60)}, and different from your other notes.")


# --- a first draft -----------------------------------------------------------------------------
# Three ways to say each part; a different mix for each interviewer, so no two drafts read alike.
_DRAFT = (
    ("Thank you for meeting me to talk about the {role}{at}.",
     "Thank you for taking the time to speak with me about the {role}{at}.",
     "Many thanks for our conversation about the {role}{at}."),
    ("I especially enjoyed our discussion of {point}.",
     "Hearing about {point} was the part of the day I keep thinking about.",
     "I learned a lot when you told me about {point}."),
    ("The conversation made me even more enthusiastic about joining {team}.",
     "I left even more excited about the chance to join {team}.",
     "It made me all the more keen to be part of {team}."),
    ("I believe my experience in [your strongest skill] would help the team from the start.",
     "I am confident I could bring [your strongest skill] to the role.",
     "My background in [your strongest skill] fits well with what you described."),
    ("Please let me know if I can send you anything else.",
     "If any further information would help, I will gladly provide it.",
     "I look forward to hearing from you about the next steps."),
)


def draft_note(interviewer: str, discussed: str, *, role: str = "", company: str = "", variant: int = 0) -> str:
    """A five-sentence first draft for the learner to edit; [brackets] mark what only they can fill in."""
    v = max(0, int(variant))
    point = _quote(" ".join(discussed.split()).rstrip(".!?;,:"), 200) or "[one thing you talked about]"
    values = {
        "role": f"{_quote(role.strip(), 80)} role" if role.strip() else "role",
        "at": f" at {_quote(company.strip(), 80)}" if company.strip() else "",
        "point": point,
        "team": _quote(company.strip(), 80) if company.strip() else "your team",
    }
    body = " ".join(options[(v + k * (v // 3)) % 3].format(**values) for k, options in enumerate(_DRAFT))
    greeting = f"Dear {_quote(interviewer.strip(), 80)}," if interviewer.strip() else "Dear [their name],"
    return f"{greeting}\n\n{body}\n\nBest wishes,\n[Your name]"


# --- what the planner views save -------------------------------------------------------------
# Section ``planner`` of the progress store:
#   interview_date, decision_date  ISO date text ('2026-11-20') or None
#   company, role                  text (used in the calendar and the drafts)
#   thank_you:<n>                  {"name", "discussed", "note"} for interviewer n (1, 2, ...)
#   follow_up                      the dates planned: {"thank_you": iso, "follow_up_1": iso, ...}
SECTION = "planner"
DATE_KEYS = ("interview_date", "decision_date")
TEXT_KEYS = ("company", "role")
_NOTE = "thank_you:"


def saved_date(value) -> date | None:
    """A saved date, or None when there is none or it cannot be read (the history still holds it)."""
    try:
        return None if value in (None, "") else as_date(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class ThankYouNote:
    """The thank-you note to interviewer ``number`` as the learner wrote it."""

    number: int
    name: str = ""
    discussed: str = ""
    note: str = ""

    def saved(self) -> dict:
        return {"name": self.name, "discussed": self.discussed, "note": self.note}


@dataclass(frozen=True)
class PlannerRecord:
    """Everything the planner views saved. ``notes`` runs from interviewer 1 to the highest number
    saved, an empty note standing in for a number never written."""

    interview_date: date | None = None
    decision_date: date | None = None
    company: str = ""
    role: str = ""
    notes: tuple[ThankYouNote, ...] = ()

    def written_notes(self) -> list[ThankYouNote]:
        return [n for n in self.notes if n.note.strip()]

    def plan(self) -> FollowUpPlan | None:
        """The follow-up plan, or None without an interview date or when the dates do not fit."""
        if self.interview_date is None:
            return None
        try:
            return follow_up_plan(self.interview_date, self.decision_date, company=self.company)
        except ValueError:
            return None


def _note(number: int, value) -> ThankYouNote:
    value = value if isinstance(value, dict) else {}
    return ThankYouNote(number, *(as_text(value.get(k)) for k in ("name", "discussed", "note")))


class SavedPlanner:
    """The planner's part of the progress store (see the keys above)."""

    def __init__(self, store):
        self.store = store

    def read(self) -> PlannerRecord:
        saved = self.store.items(SECTION)
        numbered = {int(k[len(_NOTE):]): v for k, v in saved.items() if k.startswith(_NOTE) and k[len(_NOTE):].isdigit()}
        highest = max((n for n in numbered if n > 0), default=0)
        return PlannerRecord(saved_date(saved.get("interview_date")), saved_date(saved.get("decision_date")),
                             as_text(saved.get("company")), as_text(saved.get("role")),
                             tuple(_note(n, numbered.get(n)) for n in range(1, highest + 1)))

    def save_date(self, key: str, day: date | None) -> None:
        if key not in DATE_KEYS:
            raise KeyError(f"the planner keeps {', '.join(DATE_KEYS)}, not {key!r}")
        self.store.save(SECTION, key, day.isoformat() if day else None)

    def save_text(self, key: str, text: str) -> None:
        if key not in TEXT_KEYS:
            raise KeyError(f"the planner keeps {', '.join(TEXT_KEYS)}, not {key!r}")
        self.store.save(SECTION, key, text, typing=True)

    def save_note(self, note: ThankYouNote) -> None:
        self.store.save(SECTION, f"{_NOTE}{note.number}", note.saved(), typing=True)

    def save_plan(self, plan: FollowUpPlan) -> None:
        self.store.save(SECTION, "follow_up", {r.kind: r.day.isoformat() for r in plan.reminders})

    def started(self) -> bool:
        return bool(self.store.items(SECTION))

    def texts(self) -> dict:
        """Everything saved, as saved: what a learner shares when they include their texts."""
        return self.store.items(SECTION)
