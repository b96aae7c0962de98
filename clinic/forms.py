"""The admin forms of the clinic's records: opening hours as a row of times for each day, one
clinical lead, and text stored with plain line ends so an untouched field compares equal."""

from django import forms
from django.utils.dates import WEEKDAYS

from .models import Place, TeamMember, Treatment, clinical_lead_other, opening_hours_problem


class ClinicRecordForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        for name, value in cleaned_data.items():
            if isinstance(value, str):
                cleaned_data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned_data


class TeamMemberForm(ClinicRecordForm):
    class Meta:
        model = TeamMember
        fields = TeamMember.CONTENT_FIELDS

    def clean_is_clinical_lead(self):
        lead = self.cleaned_data["is_clinical_lead"]
        other = clinical_lead_other(pk=self.instance.pk) if lead else None
        if other is not None:
            raise forms.ValidationError(
                f"{other} is the clinical lead. Only one person can be: untick it on their "
                "record first."
            )
        return lead


def day_field_names(day: int) -> tuple[str, str]:
    return f"opens_{day}", f"closes_{day}"


def opening_hours_fields() -> dict:
    """An opening and a closing time for each day, as form fields named opens_0, closes_0..."""
    fields = {}
    for day, day_name in WEEKDAYS.items():
        opens, closes = day_field_names(day)
        fields[opens] = forms.TimeField(
            label=f"{day_name} opens",
            required=False,
            widget=forms.TimeInput(format="%H:%M"),
            help_text="As 09:00. Leave both blank on a day it is closed." if day == 0 else "",
        )
        fields[closes] = forms.TimeField(
            label=f"{day_name} closes", required=False, widget=forms.TimeInput(format="%H:%M")
        )
    return fields


# Declared on a class so that the admin's fieldsets can name them.
OpeningHoursFields = type("OpeningHoursFields", (forms.Form,), opening_hours_fields())


class PlaceForm(ClinicRecordForm, OpeningHoursFields):
    """A place, its opening hours typed as an opening and a closing time for each day."""

    class Meta:
        model = Place
        fields = [name for name in Place.CONTENT_FIELDS if name != "opening_hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for entry in self.instance.opening_hours or []:
            opens, closes = day_field_names(entry["day"])
            self.initial.setdefault(opens, entry["opens"])
            self.initial.setdefault(closes, entry["closes"])

    def clean(self):
        cleaned_data = super().clean()
        hours = []
        for day, day_name in WEEKDAYS.items():
            opens, closes = (cleaned_data.get(name) for name in day_field_names(day))
            if opens is None and closes is None:
                continue
            if opens is None or closes is None:
                self.add_error(
                    day_field_names(day)[0 if opens is None else 1],
                    f"Enter both the opening and the closing time for {day_name}, or neither.",
                )
                continue
            hours.append(
                {"day": day, "opens": opens.strftime("%H:%M"), "closes": closes.strftime("%H:%M")}
            )
        problem = opening_hours_problem(hours)
        if problem:
            raise forms.ValidationError(problem)
        self.instance.opening_hours = hours
        return cleaned_data


class TreatmentForm(ClinicRecordForm):
    class Meta:
        model = Treatment
        fields = Treatment.CONTENT_FIELDS
