"""The Spanish interface is complete: every string the code and templates mark for translation
has a Spanish translation in locale/es/LC_MESSAGES/django.po, none of them fuzzy (issue 18).

The test extracts the strings as a developer would (makemessages, in a scratch copy of the
project so the real file is untouched) and reads what that leaves untranslated or fuzzy: a
string added to a template without a translation fails here, naming the string and its file.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
# The project and every app in it (a folder with an apps.py), so a new app's strings count too.
COPIED = [
    "manage.py",
    "templates",
    *sorted(path.name for path in ROOT.iterdir() if (path / "apps.py").is_file()),
]


def entries_needing_work(po_file: Path) -> str:
    """The untranslated and fuzzy entries of a .po file, as GNU gettext's msgattrib lists them."""
    found = []
    for option in ("--untranslated", "--only-fuzzy"):
        listed = subprocess.run(
            ["msgattrib", option, "--no-obsolete", "--no-wrap", str(po_file)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found.append(listed.strip())
    return "\n\n".join(text for text in found if text)


def test_the_check_finds_untranslated_and_fuzzy_entries(tmp_path):
    if not shutil.which("msgattrib"):
        skip_or_fail("GNU gettext (msgattrib) is not installed: apt-get install gettext")
    po_file = tmp_path / "django.po"
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: templates/a.html:1\nmsgid "Yes"\nmsgstr "Sí"\n\n'
        '#: templates/a.html:2\nmsgid "No"\nmsgstr ""\n\n'
        '#: templates/a.html:3\n#, fuzzy\nmsgid "Not sure"\nmsgstr "No sé"\n',
        encoding="utf-8",
    )
    listed = entries_needing_work(po_file)
    assert 'msgid "No"' in listed and 'msgid "Not sure"' in listed
    assert 'msgid "Yes"' not in listed


@pytest.mark.slow
def test_every_interface_string_has_a_spanish_translation(tmp_path):
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        skip_or_fail("GNU gettext (xgettext, msgmerge) is not installed: apt-get install gettext")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    copied_po = tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"
    copied_po.parent.mkdir(parents=True)
    shutil.copy(PO_FILE, copied_po)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    problems = entries_needing_work(copied_po)
    assert not problems, f"Strings without a finished Spanish translation:\n{problems}"


def test_the_compiled_translations_are_in_use():
    """The set-up compiled the .po file, so Django serves the Spanish (no extra step)."""
    with translation.override("es"):
        assert translation.gettext("Need help now?") != "Need help now?"
