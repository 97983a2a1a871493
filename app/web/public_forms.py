"""What the public site's forms share (credit repair, objections): CSRF protection without a
session, and the contact fields.

CSRF: the page that shows a form sets the ``ecocredit_form`` cookie (a random seed, HttpOnly,
SameSite=Lax) and puts ``HMAC(secret, seed)`` in the form's hidden ``csrf_token``; the POST must
carry both and come from this site (``app.web.csrf.check_csrf``: Origin/Referer and token).

    token = form_token(request)                 # in the GET handler, before rendering
    response = render(...)
    remember_form_seed(request, response)       # sets the cookie when it was new
    check_form(request, submitted)              # in the POST handler (403 when it fails)
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from fastapi import Request
from fastapi.responses import Response

from app.kit import clock
from app.kit.errors import FieldError
from app.web.csrf import check_csrf, derive_token
from app.web.deps import get_settings

FORM_COOKIE = "ecocredit_form"
_PURPOSE = "public-form"


def _seed(request: Request) -> str:
    seed = getattr(request.state, "form_seed", None) or request.cookies.get(FORM_COOKIE)
    if not seed or len(seed) > 64:
        seed = secrets.token_urlsafe(24)
        request.state.form_seed = seed
        request.state.form_seed_new = True
    return str(seed)


def form_token(request: Request) -> str:
    """The CSRF token of the forms on this page (creates the seed when there is none)."""
    return derive_token(get_settings(request).secret_key, _PURPOSE, _seed(request))


def remember_form_seed(request: Request, response: Response) -> Response:
    """Set the seed cookie on ``response`` when this request created it."""
    if getattr(request.state, "form_seed_new", False):
        response.set_cookie(
            FORM_COOKIE,
            str(request.state.form_seed),
            httponly=True,
            secure=get_settings(request).environment != "development",
            samesite="lax",
            path="/",
        )
    return response


def check_form(request: Request, submitted: str) -> None:
    """403 (``csrf_failed``) unless the form came from this site with its token."""
    seed = request.cookies.get(FORM_COOKIE)
    expected = derive_token(get_settings(request).secret_key, _PURPOSE, seed) if seed else "-"
    check_csrf(request, expected, submitted or "")


# --- case numbers -------------------------------------------------------------------------

NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: easy to read out


def case_number(prefix: str) -> str:
    """``prefix`` + today (YYYYMMDD) + 10 random characters (50 bits): unguessable, so that a
    number alone reveals nothing (lookups ask for a second factor anyway)."""
    tail = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(10))
    return f"{prefix}{clock.today():%Y%m%d}{tail}"


def normalise_number(raw: str | None) -> str:
    """A case number as typed: full-width, spaces, hyphens and lower case forgiven."""
    text = unicodedata.normalize("NFKC", raw or "").upper()
    return "".join(c for c in text if c.isalnum())[:40]


# --- contact fields ------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{9,11}")  # area code (3-4 digits, leading 0) and 7-8 digits


def _clean(raw: str | None) -> str:
    return unicodedata.normalize("NFKC", raw or "").strip()


def parse_phone(raw: str | None, field: str, problems: list[FieldError]) -> str:
    """A mainland mobile (11 digits, 1[3-9]…) or landline (area code + number) as digits only;
    spaces, hyphens, brackets and a +86 prefix are ignored."""
    text = _clean(raw)
    digits = re.sub(r"[\s\-()（）]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not text:
        problems.append(FieldError(field, "请填写联系电话", "required"))
        return ""
    if not digits.isdigit() or not (_MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits)):
        message = "联系电话应为11位手机号码或带区号的固定电话，如 13800000000 或 0535-6123456"
        problems.append(FieldError(field, message, "phone_format"))
        return ""
    return digits


def required_line(
    raw: str | None, field: str, label: str, limit: int, problems: list[FieldError]
) -> str:
    """A one-line text field, required, at most ``limit`` characters, control characters
    refused."""
    text = _clean(raw)
    if not text:
        problems.append(FieldError(field, f"请填写{label}", "required"))
    elif len(text) > limit:
        problems.append(FieldError(field, f"{label}不能超过{limit}个字", "too_long"))
    elif any(not c.isprintable() for c in text):
        problems.append(FieldError(field, f"{label}含有不可见字符", "control_characters"))
    return text


def required_text(
    raw: str | None, field: str, label: str, limit: int, problems: list[FieldError]
) -> str:
    """A multi-line text field, required, at most ``limit`` characters."""
    text = (raw or "").replace("\r\n", "\n").strip()
    if not text:
        problems.append(FieldError(field, f"请填写{label}", "required"))
    elif len(text) > limit:
        problems.append(FieldError(field, f"{label}不能超过{limit}个字", "too_long"))
    return text
