"""`manage.py demo_totp USERNAME`: the current second-factor code of a demo staff account."""

from __future__ import annotations

import binascii
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.data.accounts import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the current one-time code of a demo staff account (only accounts with the published demo secret)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        device = TOTPDevice.objects.filter(user__username=options["username"], confirmed=True).first()
        # Only the published demo secret: this must never print a real person's code.
        if device is None or device.key != DEMO_TOTP_KEY:
            raise CommandError(f"{options['username']} is not a demo account with the demo second factor.")
        code = totp(binascii.unhexlify(device.key), step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
