"""The keyword rules suggesting a classification, their hit rate, and the office's departments.

The rules are data the office edits (a settings page, an xlsx in and out): a text containing a
rule's keyword suggests the rule's class and kind. Each matching class and kind scores the length
of its matched keywords; the best score wins (ties: the rule listed first). The suggestion says
which words matched; the clerk decides.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.callbacks.service import in_month
from frontdesk.codelists import CodeList, save_item
from frontdesk.complaints.common import ComplaintBase, classification
from frontdesk.complaints.labels import DEPARTMENTS, department_label
from frontdesk.complaints.models import Complaint, ComplaintDepartment, ComplaintRule
from frontdesk.complaints.rows import ComplaintClass, DepartmentRow, RuleInput, RuleRow, Suggestion
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError, ValidationErrors
from frontdesk.estate.common import check_period, required_text
from frontdesk.i18n import N_, _

MAX_RULES = 500

#: the rules a new office starts with: (keyword, class, kind), simplified and traditional spellings
DEFAULT_RULES: tuple[tuple[str, str, str], ...] = (
    ("亂收費", "valid", "charges"),
    ("乱收费", "valid", "charges"),
    ("多收", "valid", "charges"),
    ("收費不合理", "valid", "charges"),
    ("收费不合理", "valid", "charges"),
    ("垃圾", "valid", "cleaning"),
    ("不乾淨", "valid", "cleaning"),
    ("不干净", "valid", "cleaning"),
    ("衛生", "valid", "cleaning"),
    ("卫生", "valid", "cleaning"),
    ("停車", "valid", "parking"),
    ("停车", "valid", "parking"),
    ("車位", "valid", "parking"),
    ("车位", "valid", "parking"),
    ("被盜", "valid", "security"),
    ("被盗", "valid", "security"),
    ("保安", "valid", "security"),
    ("陌生人", "valid", "security"),
    ("電梯", "valid", "repair"),
    ("电梯", "valid", "repair"),
    ("修了幾次", "valid", "repair"),
    ("修了几次", "valid", "repair"),
    ("報修", "communicative", "help"),
    ("报修", "communicative", "help"),
    ("漏水", "communicative", "help"),
    ("壞了", "communicative", "help"),
    ("坏了", "communicative", "help"),
    ("請問", "communicative", "enquiry"),
    ("请问", "communicative", "enquiry"),
    ("咨詢", "communicative", "enquiry"),
    ("咨询", "communicative", "enquiry"),
    ("建議", "communicative", "enquiry"),
    ("建议", "communicative", "enquiry"),
    ("太過分", "communicative", "venting"),
    ("太过分", "communicative", "venting"),
    ("受不了", "communicative", "venting"),
)


DEPARTMENT_LIST = CodeList(
    ComplaintDepartment,
    "complaint_department",
    "dept",
    N_("Type the department's name."),
    N_("No department has the code {code}."),
)


def fold(text: str) -> str:
    """Text as rules compare it: full-width forms narrowed, case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True)
class CompiledRules:
    """The rules, folded once: (folded keyword, keyword, class, kind), in the office's order."""

    rules: tuple[tuple[str, str, str, str], ...]

    @classmethod
    def of(cls, rows: Iterable[RuleRow]) -> CompiledRules:
        """The rules ready to match."""
        return cls(tuple((fold(r.keyword), r.keyword, r.cls.value, r.kind) for r in rows))

    def suggest(self, text: str) -> Suggestion:
        """The class and kind the text's keywords point to, with the words that matched."""
        folded = fold(text)
        scores: dict[tuple[str, str], int] = {}
        words: dict[tuple[str, str], list[str]] = {}
        for key, keyword, klass, kind in self.rules:
            if key and key in folded:
                target = (klass, kind)
                scores[target] = scores.get(target, 0) + len(key)
                words.setdefault(target, []).append(keyword)
        if not scores:
            return Suggestion(None, "", ())
        best = max(scores, key=lambda t: scores[t])  # dicts keep insertion order: ties go to the first rule
        return Suggestion(ComplaintClass(best[0]), best[1], tuple(dict.fromkeys(words[best])))


def rule_rows() -> list[RuleRow]:
    """Every rule in the office's order."""
    query = ComplaintRule.select().order_by(ComplaintRule.position, ComplaintRule.id)
    return [RuleRow(r.id, r.keyword, ComplaintClass(r.category), r.kind, r.position) for r in query]


def checked_rules(rules: Sequence[RuleInput]) -> list[tuple[str, str, str]]:
    """Each rule checked (``rules.N.keyword``, ``rules.N.cls``, ``rules.N.kind``); all errors at once."""
    errors: dict[str, str] = {}
    good: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    if len(rules) > MAX_RULES:
        raise ValidationError("rules", _("At most {n} rules.").format(n=MAX_RULES))
    for n, rule in enumerate(rules):
        try:
            keyword = required_text(f"rules.{n}.keyword", rule.keyword, 40, _("Type the keyword."))
            klass, kind = classification(rule.cls, rule.kind)
        except ValidationError as exc:
            field = exc.field if exc.field.startswith("rules.") else f"rules.{n}.{exc.field}"
            errors[field] = exc.message
            continue
        if fold(keyword) in seen:
            errors[f"rules.{n}.keyword"] = _("The keyword {k} is listed twice.").format(k=keyword)
            continue
        seen.add(fold(keyword))
        good.append((keyword, klass.value, kind))
    if errors:
        raise ValidationErrors(errors)
    return good


def seed_defaults() -> None:
    """The default rules and departments (the migration, on a database that has none)."""
    if not ComplaintRule.select().exists():
        ComplaintRule.insert_many(
            [(k, c, t, n) for n, (k, c, t) in enumerate(DEFAULT_RULES)],
            fields=[
                ComplaintRule.keyword,
                ComplaintRule.category,
                ComplaintRule.kind,
                ComplaintRule.position,
            ],
        ).execute()
    for position, code in enumerate(DEPARTMENTS):
        ComplaintDepartment.insert(code=code, position=position).on_conflict_ignore().execute()


@dataclass(frozen=True)
class HitRate:
    """How often the clerk kept the rules' suggestion at intake (complaints with a suggestion only)."""

    suggested: int
    kept: int

    @property
    def rate(self) -> float:
        """Kept out of suggested (0 when none)."""
        return self.kept / self.suggested if self.suggested else 0.0


class RuleService(ComplaintBase):
    """The keyword rules, the suggestion, its hit rate, and the departments' list."""

    def rules(self, *, actor: Actor) -> list[RuleRow]:
        """The keyword rules in order.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            return rule_rows()

    def replace_rules(self, *, actor: Actor, rules: Sequence[RuleInput]) -> list[RuleRow]:
        """Replace the whole list of rules (the settings page's table, or the office's sheet), audited.

        Raises:
            PermissionDenied: the actor may not change settings.
            ValidationErrors: rules with a missing keyword, a keyword twice, or a wrong class or kind
                (``rules.N.keyword`` / ``rules.N.cls`` / ``rules.N.kind``); nothing is changed.
        """
        confirm(actor, Permission.SETTINGS)
        good = checked_rules(rules)
        with transaction():
            before = [(r.keyword, r.cls.value, r.kind) for r in rule_rows()]
            ComplaintRule.delete().execute()
            if good:
                ComplaintRule.insert_many(
                    [(k, c, t, n) for n, (k, c, t) in enumerate(good)],
                    fields=[
                        ComplaintRule.keyword,
                        ComplaintRule.category,
                        ComplaintRule.kind,
                        ComplaintRule.position,
                    ],
                ).execute()
            audit.record(
                actor,
                "update",
                "complaint_rules",
                before={"rules": [":".join(r) for r in before]},
                after={"rules": [":".join(r) for r in good]},
            )
            return rule_rows()

    def suggest(self, *, actor: Actor, text: str) -> Suggestion:
        """The class and kind the office's rules suggest for a complaint's text, with the words matched.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            return CompiledRules.of(rule_rows()).suggest(text)

    def hit_rate(self, *, actor: Actor, month: str = "") -> HitRate:
        """How often the suggestion was kept at intake, over the office's history (or one month).

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: ``month`` is not YYYY-MM.
        """
        actor.require(Permission.DESK_WORK)
        where = Complaint.suggested != ""
        if month:
            where &= in_month(Complaint.received_on, check_period("month", month))
        with storage_errors():
            suggested = Complaint.select().where(where).count()
            kept = Complaint.select().where(where & (Complaint.suggested == Complaint.intake_class)).count()
        return HitRate(suggested, kept)

    def departments(self, *, actor: Actor, include_inactive: bool = False) -> list[DepartmentRow]:
        """The departments complaints go to, in the office's order.

        Raises:
            PermissionDenied: the actor may not do desk work.
        """
        actor.require(Permission.DESK_WORK)
        query = ComplaintDepartment.select().order_by(ComplaintDepartment.position, ComplaintDepartment.code)
        if not include_inactive:
            query = query.where(ComplaintDepartment.active)
        with storage_errors():
            return [DepartmentRow(d.code, department_label(d.code, d.name), d.active) for d in query]

    def save_department(
        self, *, actor: Actor, code: str = "", name: str, active: bool = True
    ) -> DepartmentRow:
        """Add a department (no ``code``) or rename, hide or show one, audited.

        Raises:
            PermissionDenied: the actor may not change settings.
            NotFound: no department has ``code``.
            ValidationError: ``name`` empty (for a new one) or too long.
        """
        confirm(actor, Permission.SETTINGS)
        code, text = save_item(actor, DEPARTMENT_LIST, code, name, active)
        return DepartmentRow(code, department_label(code, text), active)
