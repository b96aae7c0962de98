"""The clinical review of December 2026 corrected the summary's guidance texts (contraindications
as the guidelines word them, the infusion driving rule, dated label references, new medicines).

A text that staff never edited still holds the earlier seed word for word: it takes the corrected
seed from screener/guidance_texts/. A text staff edited is left as they wrote it (its fields no
longer match the earlier seed), so a clinical reviewer's wording is never replaced. New texts
(stroke, ketamine before) are added by the post-migrate load, as for any new factor.
"""

import hashlib

from django.db import migrations

# SHA-256 (first 16 hex digits) of each field of each text as seeded before the correction.
PREVIOUS_SEEDS = {
    "depression-treatments": {
        "questions_to_ask": "d31014ca53161608",
        "questions_to_ask_es": "659fa6cdf24cbccd",
        "title": "4eebedc0b2ed6005",
        "title_es": "2af4f49278aaf89a",
        "why_it_matters": "16882b51abec89c0",
        "why_it_matters_es": "b5d8c57491dda288",
    },
    "medicines": {
        "questions_to_ask": "867095011b7863e6",
        "questions_to_ask_es": "dffdf8046723b764",
        "title": "f74d37a222f1d11e",
        "title_es": "99045c9c53ee4df7",
        "why_it_matters": "f507c31f2fa571b4",
        "why_it_matters_es": "4268eeff20174e67",
    },
    "opioids": {
        "questions_to_ask": "63a1d0d235ad797c",
        "questions_to_ask_es": "26c5992816db086f",
        "title": "8bc86ffa0ff1f51e",
        "title_es": "aa847dbfab6fab08",
        "why_it_matters": "0f9334a00ee5833b",
        "why_it_matters_es": "1ab47ef5ad9d3164",
    },
    "precaution-bladder": {
        "questions_to_ask": "f844bbc51a07e44b",
        "questions_to_ask_es": "e259869e6b6b80a7",
        "title": "e8f044e75b5fefaf",
        "title_es": "00a6a1da8c929adb",
        "why_it_matters": "a57d1e41fccd424f",
        "why_it_matters_es": "ec132c3c076fd324",
    },
    "precaution-blood-pressure": {
        "questions_to_ask": "55620ff58d8714a1",
        "questions_to_ask_es": "7d553654caecf85f",
        "title": "220c7da0b7aa80b4",
        "title_es": "7bfbb7b0a57680d0",
        "why_it_matters": "089f831bca3bae58",
        "why_it_matters_es": "afd58015de1c6ac5",
    },
    "precaution-brain-vessels": {
        "questions_to_ask": "1a80ab4ed004f111",
        "questions_to_ask_es": "254d2f4f529d30c6",
        "title": "59541fc02331bc57",
        "title_es": "e58e86d95330e099",
        "why_it_matters": "9362bdf3802ce9b2",
        "why_it_matters_es": "cc6e0d79047fcdf2",
    },
    "precaution-heart": {
        "questions_to_ask": "61fdb8dd7d742a04",
        "questions_to_ask_es": "e0b3b331e7ff4860",
        "title": "e269749b099184d7",
        "title_es": "5bef5344831031ce",
        "why_it_matters": "d8a0bd2e72707f64",
        "why_it_matters_es": "5aea2b9009cbcb75",
    },
    "precaution-ketamine-reaction": {
        "questions_to_ask": "2be99a933453c2fd",
        "questions_to_ask_es": "73b7cf86e26556ad",
        "title": "3d207a4712a5240f",
        "title_es": "aba59ff05e8871ef",
        "why_it_matters": "c6fb353eaf8f4fd8",
        "why_it_matters_es": "fc575d7170125b77",
    },
    "precaution-liver": {
        "questions_to_ask": "a64bc81ce354dbe6",
        "questions_to_ask_es": "ff38280afea02b66",
        "title": "0a3ec212284f2286",
        "title_es": "6c4d1b80eede6e1f",
        "why_it_matters": "8983b9065ffb68ac",
        "why_it_matters_es": "16e28a76dd0b315d",
    },
    "precaution-pregnancy": {
        "questions_to_ask": "d966c60012f58f45",
        "questions_to_ask_es": "72bf37e0254ae602",
        "title": "8d62e749787506c5",
        "title_es": "77292f96f5583332",
        "why_it_matters": "0cc766bb308122de",
        "why_it_matters_es": "98a283745842bba9",
    },
    "precaution-psychosis-mania": {
        "questions_to_ask": "b43091310740dc49",
        "questions_to_ask_es": "cd9aced3fc834ff1",
        "title": "ad0f5b852fe39f20",
        "title_es": "7be87a64ba80e7f3",
        "why_it_matters": "45e282dcb8e064eb",
        "why_it_matters_es": "1dc4145287862711",
    },
    "precaution-raised-pressure": {
        "questions_to_ask": "2cdf1da32a7a632e",
        "questions_to_ask_es": "2a9c5a5c58d24bc0",
        "title": "c175766f6e9a0041",
        "title_es": "81831760c0491a8c",
        "why_it_matters": "66e375403cda0296",
        "why_it_matters_es": "52948a8f0bfc9c1f",
    },
    "precaution-substance-misuse": {
        "questions_to_ask": "3427b2a344cd1a6c",
        "questions_to_ask_es": "830996140f1c7777",
        "title": "a56d6049ae2821e2",
        "title_es": "ea94f531986614d7",
        "why_it_matters": "c9f994b236a90409",
        "why_it_matters_es": "09d85902235514ec",
    },
    "precautions-none": {
        "questions_to_ask": "3f5ab0e1bb4b1ecb",
        "questions_to_ask_es": "e3d3a07c1d0cb7d3",
        "title": "1ea275561f87f557",
        "title_es": "244357caa235740b",
        "why_it_matters": "36c8e96eda549a37",
        "why_it_matters_es": "59e94e258ee88a47",
    },
    "ride-home": {
        "questions_to_ask": "ae9256c493c37dde",
        "questions_to_ask_es": "a41b48eadaee43fb",
        "title": "6ebd6f75436b1c90",
        "title_es": "63667da0451f2fd6",
        "why_it_matters": "20a89a20ec2b9d35",
        "why_it_matters_es": "44f18abe105ce8e6",
    },
}


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def guidance_corrections_apply(apps, schema_editor):
    from clinic_site.markdown import markdown_render
    from screener.guidance import GUIDANCE_DIRECTORY, SPANISH, guidance_sources

    FactorGuidance = apps.get_model("screener", "FactorGuidance")
    english = guidance_sources(directory=GUIDANCE_DIRECTORY)
    spanish = guidance_sources(directory=GUIDANCE_DIRECTORY / SPANISH)
    for row in FactorGuidance.objects.filter(factor__in=PREVIOUS_SEEDS):
        previous = PREVIOUS_SEEDS[row.factor]
        changed = False
        for suffix, sources in (("", english), ("_es", spanish)):
            source = sources.get(row.factor)
            if source is None:
                continue
            for name, value in (
                ("title", source.title),
                ("why_it_matters", source.why_it_matters),
                ("questions_to_ask", source.questions_to_ask),
            ):
                field = name + suffix
                if previous.get(field) == _digest(getattr(row, field)):
                    setattr(row, field, value)
                    changed = True
        if changed:
            # Historical models have no save() of their own: render the Markdown here.
            row.why_it_matters_html = markdown_render(text=row.why_it_matters)
            row.why_it_matters_es_html = markdown_render(text=row.why_it_matters_es)
            row.save()


class Migration(migrations.Migration):
    dependencies = [
        ("screener", "0003_factorguidance_questions_to_ask_es_and_more"),
    ]

    operations = [
        migrations.RunPython(guidance_corrections_apply, migrations.RunPython.noop),
    ]
