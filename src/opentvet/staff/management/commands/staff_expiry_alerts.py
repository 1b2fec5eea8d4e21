"""List qualifications that expire soon, for the person and the HR officers of their institution.

No mail server is needed: the alerts are printed and recorded as audit entries
(``qualification_expiry_alert``), once per qualification and day.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from opentvet.core.audit import audit_log
from opentvet.core.models import AuditEntry, Membership
from opentvet.core.scopes import scopes_disabled
from opentvet.staff.selectors import EXPIRY_WINDOW_DAYS, all_expiring


class Command(BaseCommand):
    help = "Cảnh báo văn bằng, chứng chỉ sắp hết hạn (in ra và ghi nhật ký)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=EXPIRY_WINDOW_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        count = 0
        with scopes_disabled(), transaction.atomic():
            items = list(all_expiring(within_days=options["days"], today=today))
            institutions = {q.staff.institution.path for q in items}
            hr: dict[str, list[str]] = {}
            for m in Membership.objects.filter(
                is_active=True, role__permissions__codename="staff.change"
            ).select_related("organisation", "user"):
                for path in institutions:
                    if path.startswith(m.organisation.path) or m.organisation.path.startswith(path):
                        hr.setdefault(path, []).append(str(m.user.email or m.user.phone))
            for q in items:
                already = AuditEntry.all_objects.filter(
                    verb="qualification_expiry_alert",
                    object_type="staff.qualification",
                    object_id=str(q.pk),
                    at__date=today,
                ).exists()
                recipients = sorted(
                    {
                        *(hr.get(q.staff.institution.path, [])),
                        *([q.staff.user.email] if q.staff.user and q.staff.user.email else []),
                    }
                )
                self.stdout.write(
                    f"{q.staff.institution.code}\t{q.staff.full_name}\t{q.name}\t"
                    f"{q.expires_on:%d/%m/%Y}\t{', '.join(recipients)}"
                )
                if not already:
                    audit_log(
                        actor=None,
                        verb="qualification_expiry_alert",
                        instance=q,
                        organisation=q.staff.institution,
                        action=AuditEntry.Action.ACTION,
                        changes={
                            "expires_on": [None, q.expires_on.isoformat()],
                            "to": [None, recipients],
                        },
                    )
                count += 1
        self.stdout.write(f"{count}")
