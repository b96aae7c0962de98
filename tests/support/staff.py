"""Staff in tests: signed in with their second factor, as the admin requires of everyone.

staff_sign_in(client, user) is force_login plus what the second sign-in step leaves in the
session: the id of the device that verified the user (django-otp's own tests do the same).
Authenticator is the phone: it reads the set-up key from the page and gives codes as an app
would, each 30-second code used once, then backup codes if it must not wait for the next.
"""

from __future__ import annotations

import base64
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django_otp.oath import hotp

if TYPE_CHECKING:  # models load only inside Django; servers.py uses Authenticator outside it
    from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP_KEY = re.compile(r'<code id="second-factor-key">([A-Z2-7 ]+)</code>')
BACKUP_CODE = re.compile(r"<li><code>([a-z2-7]{8})</code></li>")
TOTP_STEP_SECONDS = 30


def staff_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app, created if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def staff_sign_in(client, user) -> TOTPDevice:
    """Sign the user in on this test client, second factor passed; return their device."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    device = staff_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def device_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code the device's app shows at this Unix time (now by default)."""
    counter = int(((time.time() if at is None else at) - device.t0) // device.step)
    return f"{hotp(device.bin_key, counter, digits=device.digits):0{device.digits}d}"


@dataclass
class Authenticator:
    """An authenticator app on a phone, with the backup codes printed beside it."""

    key: bytes | None = None
    backup_codes: list[str] = field(default_factory=list)
    last_step: int = -1

    def set_up_from(self, page: str) -> None:
        """Take the key from the set-up page, as typing it into the app would."""
        match = SETUP_KEY.search(page)
        assert match, "no set-up key on the page"
        text = match.group(1).replace(" ", "")
        self.key = base64.b32decode(text + "=" * (-len(text) % 8))

    def keep_backup_codes_from(self, page: str) -> None:
        self.backup_codes = BACKUP_CODE.findall(page)
        assert self.backup_codes, "no backup codes on the page"

    def code(self) -> str:
        """A code the site has not seen yet: the app's, or else a backup code."""
        assert self.key is not None, "the app is not set up"
        step = int(time.time() // TOTP_STEP_SECONDS)
        if step > self.last_step:
            self.last_step = step
            return f"{hotp(self.key, step, digits=6):06d}"
        if self.backup_codes:
            return self.backup_codes.pop()
        time.sleep(TOTP_STEP_SECONDS - time.time() % TOTP_STEP_SECONDS + 0.1)
        return self.code()


def admin_sign_in(client, *, username: str, password: str, code: str | None = None, **headers):
    """Sign in through both admin steps on a Django test client; return the last response.

    The code defaults to the one the user's app shows now. If the password step does not lead
    on to the second factor (a wrong password, a lockout), its response is returned.
    """
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    index = reverse("admin:index")
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": index},
        **headers,
    )
    if response.status_code != 302 or not response["Location"].startswith(
        reverse("admin:second_factor")
    ):
        return response
    if code is None:
        code = device_code(staff_device(get_user_model().objects.get(username=username)))
    return client.post(reverse("admin:second_factor"), {"code": code, "next": index}, **headers)
