"""Encrypt the personal details of requests saved before encryption, and index them for search.

0005 made the columns encrypted fields; rows saved before it still hold plain text, which the
fields read as it is. Saving each row through the field encrypts it (an empty value becomes
NULL), and the search hashes are made from the plain values. Backward, the plain text is
written back with SQL, since the fields would encrypt whatever the ORM saves.
"""

from django.db import migrations

from consultations import search

PERSONAL_FIELDS = ["name", "phone", "email", "message", "shared_summary_html"]


def requests_encrypt(apps, schema_editor):
    ConsultationRequest = apps.get_model("consultations", "ConsultationRequest")
    for row in ConsultationRequest.objects.all().iterator():
        row.name_index = search.name_index(name=row.name or "")
        row.phone_hash = search.phone_hash(phone=row.phone or "")
        row.email_hash = search.email_hash(email=row.email or "")
        row.save(update_fields=[*PERSONAL_FIELDS, "name_index", "phone_hash", "email_hash"])


def requests_decrypt(apps, schema_editor):
    ConsultationRequest = apps.get_model("consultations", "ConsultationRequest")
    table = schema_editor.quote_name(ConsultationRequest._meta.db_table)
    columns = ", ".join(f"{schema_editor.quote_name(name)} = %s" for name in PERSONAL_FIELDS)
    with schema_editor.connection.cursor() as cursor:
        for row in ConsultationRequest.objects.all().iterator():
            values = [getattr(row, name) or "" for name in PERSONAL_FIELDS]
            cursor.execute(f"UPDATE {table} SET {columns} WHERE id = %s", [*values, row.pk])


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0006_worklist_statuses_and_view_references"),
    ]

    operations = [
        migrations.RunPython(requests_encrypt, requests_decrypt),
    ]
