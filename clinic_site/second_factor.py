"""Staff accounts' second factor: a code from an authenticator app, or a one-time backup code.

Built on django-otp's own devices, as they ship: a TOTPDevice accepts each 30-second code once
(a code seen once cannot be replayed) and slows down guessing; a StaticDevice holds the backup
codes, each deleted as it is used. The sign-in screens are clinic_site/sign_in.py.
"""

import base64
import io
from datetime import timedelta

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODE_COUNT = 10
APP_CODE_LENGTH = 6


def second_factor_is_set_up(*, user) -> bool:
    """Whether the user has confirmed an authenticator app (else they set one up first)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def authenticator_pending(*, user, device_id: int | None) -> tuple[TOTPDevice, bool]:
    """The app being set up in one session, and whether it was made just now.

    Each set-up attempt gets a device of its own, whose id only the session that began it
    holds (security review F1: one shared unconfirmed device let anyone else who knew the
    password read the key being set up, and keep it once the real person confirmed it). A
    reload in the same session keeps its key; set-ups abandoned long ago are deleted.
    """
    if device_id is not None:
        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if device is not None:
            return device, False
    stale = timezone.now() - timedelta(seconds=settings.SECOND_FACTOR_SET_UP_SECONDS)
    TOTPDevice.objects.filter(user=user, confirmed=False, created_at__lt=stale).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False), True


def authenticator_abandon(*, user, device_id: int | None) -> None:
    """Delete a set-up that expired before it was confirmed."""
    if device_id is not None:
        TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).delete()


def authenticator_qr_code(*, device: TOTPDevice) -> str:
    """The device's setup address as a QR code, an SVG data: URI (the site serves it itself)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def authenticator_key_text(*, device: TOTPDevice) -> str:
    """The secret as apps' "enter a setup key" option takes it: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def code_normalise(*, code: str) -> str:
    """Drop the spaces and dashes people type inside codes; backup codes are lower case."""
    return "".join(character for character in code if character not in " -").lower()


def second_factor_verify(*, user, code: str) -> Device | None:
    """Return the user's confirmed device that accepts this code now, or None.

    Six digits are a code from the app; anything else is tried as a backup code. Keeping the
    two apart means a typed backup code never counts as a wrong app code, nor the reverse.
    """
    code = code_normalise(code=code)
    if len(code) == APP_CODE_LENGTH and code.isdigit():
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    # Locked rows: two requests with the same code at once cannot both succeed.
    with transaction.atomic():
        for device in devices.select_for_update():
            if device.verify_token(code):
                return device
    return None


def backup_codes_issue(*, user) -> list[str]:
    """Replace the user's backup codes with new ones, and return them to be shown once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def authenticator_confirm(
    *, user, device: TOTPDevice, code: str
) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the app being set up with a code from it; return it and new backup codes.

    None if the code is wrong (or the device is no longer the one being set up).
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device.pk, user=user, confirmed=False)
            .first()
        )
        if device is None or not device.verify_token(code_normalise(code=code)):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        return device, backup_codes_issue(user=user)


def second_factor_reset(*, user) -> int:
    """Delete all of the user's devices; their next sign-in sets up a new app. Return how many.

    A session they verified with a deleted device is no longer verified (django-otp's
    middleware finds no device), so they are asked to sign in again at once.
    """
    deleted = 0
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            deleted += 1
    return deleted
