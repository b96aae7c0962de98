"""Move requests to the worklist's statuses, and give each view record its request's reference.

"Contacted" meant someone had been in touch but not what came of it, so it becomes "Trying to
reach": the front desk then moves each one on. View records keep the reference as text, so
they say which request was opened after the request is purged.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def statuses_and_references_forward(apps, schema_editor):
    ConsultationRequest = apps.get_model("consultations", "ConsultationRequest")
    ConsultationRequestView = apps.get_model("consultations", "ConsultationRequestView")
    ConsultationRequest.objects.filter(status="contacted").update(status="trying")
    ConsultationRequestView.objects.filter(reference="").update(
        reference=Subquery(
            ConsultationRequest.objects.filter(pk=OuterRef("consultation_request_id")).values(
                "reference"
            )[:1]
        )
    )


def statuses_backward(apps, schema_editor):
    ConsultationRequest = apps.get_model("consultations", "ConsultationRequest")
    ConsultationRequest.objects.filter(status__in=["trying", "booked"]).update(status="contacted")
    ConsultationRequest.objects.filter(status="not_going_ahead").update(status="closed")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_front_desk_worklist_and_encrypted_fields"),
    ]

    operations = [
        migrations.RunPython(statuses_and_references_forward, statuses_backward),
    ]
