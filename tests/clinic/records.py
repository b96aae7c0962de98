"""What the clinic tests enter: admin form data for each kind, the admin steps every record goes
through (add as a draft, send for review, publish), and records published through the editorial
workflow as a clinical reviewer would. For tests only: the site itself seeds nothing clinical."""

from clinic.models import Place, TeamMember, Treatment
from editorial.workflow import draft_publish, draft_save

TEAM_MEMBER = {
    "name": "Ana Ruiz",
    "credentials": "MD",
    "role": "Anesthesiologist",
    "role_es": "Anestesióloga",
    "biography": "Ana trained in anesthesia and has given infusions for ten years.",
    "biography_es": "Ana se formó en anestesia y da infusiones desde hace diez años.",
    "languages": "English, Spanish",
    "languages_es": "inglés, español",
    "is_physician": "on",
    "is_clinical_lead": "on",
    "order": "1",
}

PLACE = {
    "name": "Riverside clinic",
    "name_es": "Clínica Riverside",
    "street_address": "120 Riverside Avenue, Suite 4",
    "locality": "Springfield",
    "region": "IL",
    "postal_code": "62701",
    "phone": "(555) 010-0199",
    "order": "1",
    "directions": "The entrance is beside the pharmacy.",
    "directions_es": "La entrada está al lado de la farmacia.",
    "parking": "Free parking behind the building.",
    "parking_es": "Estacionamiento gratis detrás del edificio.",
    "step_free_access": "A ramp at the front door and a lift to Suite 4.",
    "step_free_access_es": "Una rampa en la puerta y un ascensor a la Suite 4.",
    "room": "A quiet room with a reclining chair and dim lights.",
    "room_es": "Una sala tranquila con un sillón reclinable y luz suave.",
    **{f"opens_{day}": "09:00" for day in range(5)},
    **{f"closes_{day}": "17:00" for day in range(5)},
}

TREATMENT = {
    "name": "IV ketamine infusion",
    "name_es": "Infusión de ketamina por vía intravenosa",
    "session": "A nurse puts a small tube in your arm. The medicine drips in slowly.",
    "session_es": "Una enfermera le pone un tubo fino en el brazo. El medicamento entra despacio.",
    "chair_minutes": "40",
    "monitoring_minutes": "60",
    "visit_minutes": "150",
    "usual_course": "6 sessions over 2 to 3 weeks",
    "usual_course_es": "6 sesiones en 2 a 3 semanas",
    "price_from": "",
    "price_to": "",
    "order": "1",
}


def admin_path(model: str, *parts) -> str:
    return "/".join([f"/admin/clinic/{model}", *map(str, parts), ""])


def record_add(client, model: str, data: dict) -> int:
    """Add a record in the admin as staff do (a draft visitors cannot see); return its key."""
    from django.apps import apps

    response = client.post(admin_path(model, "add"), {**data, "_save": "Save"})
    assert response.status_code == 302, response.content.decode()[:4000]
    return apps.get_model("clinic", model).objects.latest("pk").pk


def record_change(client, model: str, pk: int, data: dict) -> None:
    response = client.post(admin_path(model, pk, "change"), {**data, "_save": "Save"})
    assert response.status_code == 302, response.content.decode()[:4000]


def record_submit_and_publish(editor_session, reviewer_session, model: str, pk: int) -> None:
    """Send the draft for review as the editor, then publish it as the clinical reviewer."""
    response = editor_session.post(admin_path(model, pk, "submit"), {"note": "Please check."})
    assert response.status_code == 302
    review = reviewer_session.get(admin_path(model, pk, "review"))
    assert review.status_code == 200
    response = reviewer_session.post(admin_path(model, pk, "review"), {"action": "publish"})
    assert response.status_code == 302


HOURS = [{"day": day, "opens": "09:00", "closes": "17:00"} for day in range(5)]

# What tests publish directly (not through the admin's form), by the model's own field names.
ANA = {
    "name": "Ana Ruiz",
    "credentials": "MD",
    "role": "Anesthesiologist",
    "role_es": "Anestesióloga",
}
# The rest of Ana's record, for a team page or a clinical lead who reviews every page.
ANA_IN_FULL = {
    "biography": "Ana trained in anesthesia and has given infusions for ten years.",
    "biography_es": "Ana se formó en anestesia y da infusiones desde hace diez años.",
    "languages": "English, Spanish",
    "languages_es": "inglés, español",
    "is_physician": True,
    "is_clinical_lead": True,
}
RIVERSIDE = {
    "name": "Riverside clinic",
    "street_address": "120 Riverside Avenue, Suite 4",
    "locality": "Springfield",
    "region": "IL",
    "postal_code": "62701",
    "opening_hours": HOURS,
}
INFUSION = {
    "name": "IV ketamine infusion",
    "session": "A nurse puts a small tube in your arm. The medicine drips in slowly.",
    "chair_minutes": 40,
    "monitoring_minutes": 60,
    "visit_minutes": 150,
    "usual_course": "6 sessions over 2 to 3 weeks",
}


def record_publish(*, model, reviewer, **values):
    record = model.objects.create(**values)  # a draft-only row, as the admin's add makes
    draft_save(record=record, content=record.revision_content(), user=None)
    return draft_publish(record=model.objects.get(pk=record.pk), user=reviewer)


def team_member_publish(*, reviewer, **values) -> TeamMember:
    """Ana, published: her name, credentials and role, with any other values given."""
    return record_publish(model=TeamMember, reviewer=reviewer, **{**ANA, **values})


def place_publish(*, reviewer, **values) -> Place:
    return record_publish(model=Place, reviewer=reviewer, **{**RIVERSIDE, **values})


def treatment_publish(*, reviewer, **values) -> Treatment:
    return record_publish(model=Treatment, reviewer=reviewer, **{**INFUSION, **values})


def changes_save(record, *, user, **values) -> None:
    """Save a draft of a record (its draft, if one is waiting) with these values changed, by
    their names in a revision ("photo_id", not "photo")."""
    if record._state.adding:
        record.save()  # a seeded singleton's row that an earlier live-server test emptied away
    else:
        record = type(record).objects.get(pk=record.pk)  # not a cached copy (SiteSettings.load)
    draft_save(
        record=record, content={**record.draft_object.revision_content(), **values}, user=user
    )


def changes_publish(record, *, user, **values):
    """Save these changes as a draft and publish it, as a clinical reviewer does."""
    changes_save(record, user=user, **values)
    return draft_publish(record=type(record).objects.get(pk=record.pk), user=user)


def clinic_records_publish(*, reviewer, photo=None, map_image=None) -> dict:
    member = team_member_publish(reviewer=reviewer, **ANA_IN_FULL, photo=photo)
    place = place_publish(
        reviewer=reviewer,
        name_es="Clínica Riverside",
        directions="The entrance is beside the pharmacy.",
        parking="Free parking behind the building.",
        step_free_access="A ramp at the front door and a lift to Suite 4.",
        room="A quiet room with a reclining chair and dim lights.",
        map_image=map_image,
    )
    treatment = treatment_publish(
        reviewer=reviewer, name_es="Infusión de ketamina por vía intravenosa"
    )
    return {"member": member, "place": place, "treatment": treatment}
