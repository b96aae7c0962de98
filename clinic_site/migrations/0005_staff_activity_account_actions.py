from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic_site", "0004_sitesettings_crisis_line_name_es_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="staffactivity",
            name="action",
            field=models.CharField(
                choices=[
                    ("signed-in", "Signed in"),
                    ("wrong-password", "Failed sign-in: wrong password or locked out"),
                    ("wrong-code", "Failed sign-in: wrong second-factor code"),
                    ("second-factor-set-up", "Set up their second factor"),
                    ("second-factor-reset", "Reset a colleague's second factor"),
                    ("password-accepted", "Password right, code not yet given"),
                    ("set-up-started", "Opened a set-up link: set-up key shown"),
                    ("sign-in-paused", "Sign-in paused after many failed attempts"),
                    ("sign-in-unlocked", "Unlocked a colleague's sign-in"),
                    ("invited", "Invited a colleague"),
                    ("invite-accepted", "Accepted their invitation and chose a password"),
                    ("password-changed", "Changed their password"),
                    ("password-reset", "Chose a new password from a reset email"),
                    ("backup-codes-made", "Made new backup codes"),
                ],
                max_length=30,
            ),
        ),
        migrations.AddIndex(
            model_name="staffactivity",
            index=models.Index(fields=["username", "at"], name="staffactivity_username_at"),
        ),
        migrations.AddIndex(
            model_name="staffactivity",
            index=models.Index(fields=["subject_username", "at"], name="staffactivity_subject_at"),
        ),
    ]
