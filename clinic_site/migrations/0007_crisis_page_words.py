"""The "Need help now?" page's own words become part of the site settings, so staff change them
through review like the crisis numbers beside them (issue 25); the defaults are the words the
template and its Spanish translation had."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_site", "0006_site_settings_through_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="crisis_page_lead",
            field=models.TextField(
                default="If you are thinking about harming yourself, or you feel you cannot keep yourself safe, you do not have to wait. Help is available now.",
                help_text="Above the crisis numbers. Short sentences: a person in crisis reads this.",
                verbose_name="'Need help now?' first paragraph",
            ),
        ),
        migrations.AddField(
            model_name="sitesettings",
            name="crisis_page_lead_es",
            field=models.TextField(
                default="Si está pensando en hacerse daño, o siente que no puede mantenerse a salvo, no tiene que esperar. Hay ayuda disponible ahora mismo.",
                verbose_name="'Need help now?' first paragraph (Spanish)",
            ),
        ),
        migrations.AddField(
            model_name="sitesettings",
            name="crisis_page_not_emergency",
            field=models.TextField(
                default="Talk to your doctor, or call us on {phone} ({opening_hours}). This website cannot give you urgent help and our messages are not monitored around the clock.",
                help_text="{phone} shows the clinic's phone number as a link to call; {opening_hours} shows the opening hours.",
                verbose_name="'If it is not an emergency' paragraph",
            ),
        ),
        migrations.AddField(
            model_name="sitesettings",
            name="crisis_page_not_emergency_es",
            field=models.TextField(
                default="Hable con su médico, o llámenos al {phone} ({opening_hours}). Este sitio web no puede darle ayuda urgente, y nadie revisa nuestros mensajes las 24 horas del día.",
                verbose_name="'If it is not an emergency' paragraph (Spanish)",
            ),
        ),
    ]
