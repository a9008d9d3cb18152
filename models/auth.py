"""Account rules: sign-up, sign-in with lockout and TOTP, email verification, password reset."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction
from zxcvbn import zxcvbn

from app.security import (
    burn_password_check,
    decrypt,
    encrypt,
    hash_password,
    hash_token,
    new_token,
    verify_password,
)
from app.settings import get_settings
from models.accounts import AuthSession, EmailToken, EmailTokenPurpose, User
from models.audit import AuditAction, record_for_user
from models.base import DomainError, ErrorCode, Problem, invalid
from models.mail import OutboxMessage, app_link, deliver_after_commit, queue_mail
from models.sessions import SessionTokens, now, revoke_sessions, start_session

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
TOTP_ISSUER = "Ezre Comms"


def normalize_email(email: str, *path: str) -> str:
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise DomainError.of(ErrorCode.INVALID_EMAIL, str(exc), *path) from exc
    return result.normalized.lower()


def password_problems(password: str, *hints: str, path: str = "password") -> list[Problem]:
    if len(password) < MIN_PASSWORD_LENGTH:
        message = f"Use at least {MIN_PASSWORD_LENGTH} characters."
    elif len(password) > MAX_PASSWORD_LENGTH:
        message = f"Use at most {MAX_PASSWORD_LENGTH} characters."
    elif zxcvbn(password, user_inputs=[h for h in hints if h])["score"] < 2:
        message = "This password is too common or easy to guess."
    else:
        return []
    return [Problem(ErrorCode.WEAK_PASSWORD, message, (path,))]


def clean_name(name: str, *path: str) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise invalid("Give a name of 1 to 200 characters.", *path)
    return name


async def sign_up(email: str, password: str, name: str) -> tuple[User, SessionTokens]:
    problems: list[Problem] = []
    try:
        email = normalize_email(email, "email")
    except DomainError as exc:
        problems += exc.problems
    try:
        name = clean_name(name, "name")
    except DomainError as exc:
        problems += exc.problems
    problems += password_problems(password, email, name)
    if problems:
        raise DomainError(problems)
    password_hash = hash_password(password)
    taken = DomainError.of(
        ErrorCode.EMAIL_TAKEN, "An account with this email already exists.", "email"
    )
    async with in_transaction():
        if await User.filter(email=email).exists():
            raise taken
        try:
            user = await User.create(email=email, name=name, password_hash=password_hash)
        except IntegrityError:
            # A concurrent sign-up with this email committed between the check and the insert.
            raise taken from None
        tokens = await start_session(user)
        mail = await _verification_mail(user)
    await deliver_after_commit(mail)
    return user, tokens


async def log_in(email: str, password: str, totp_code: str | None) -> tuple[User, SessionTokens]:
    settings = get_settings()
    bad = DomainError.of(ErrorCode.INVALID_CREDENTIALS, "Email or password is incorrect.")
    try:
        email = normalize_email(email)
    except DomainError:
        burn_password_check(password)
        raise bad from None
    failure: DomainError | None = None
    locked_now = False
    async with in_transaction():
        # The row lock serializes attempts on one account so the failure count is exact.
        user = await User.filter(email=email).select_for_update().first()
        if user is None or not user.is_active:
            burn_password_check(password)
            raise bad
        if user.locked_until is not None and user.locked_until > now():
            raise _locked(user)
        if not verify_password(user.password_hash, password):
            failure = bad
        elif user.two_factor_enabled and not totp_code:
            # The password was right: say a code is needed, but do not reset the failure count.
            raise DomainError.of(
                ErrorCode.TWO_FACTOR_REQUIRED, "Enter the code from your app.", "totpCode"
            )
        elif user.two_factor_enabled and not await _accept_totp(user, totp_code or ""):
            failure = DomainError.of(
                ErrorCode.INVALID_TWO_FACTOR_CODE, "The code is not valid.", "totpCode"
            )
        if failure is not None:
            user.failed_login_count += 1
            if user.failed_login_count >= settings.login_max_failures:
                user.locked_until = now() + timedelta(minutes=settings.login_lock_minutes)
                user.failed_login_count = 0
                locked_now = True
            await user.save(update_fields=["failed_login_count", "locked_until", "updated_at"])
            await record_for_user(AuditAction.SIGN_IN_FAILED, user.id)
            if locked_now:
                await record_for_user(AuditAction.ACCOUNT_LOCKED, user.id)
        else:
            await User.filter(id=user.id).update(
                failed_login_count=0,
                locked_until=None,
                last_login_at=now(),
                login_count=F("login_count") + 1,
            )
            await user.refresh_from_db()
            tokens = await start_session(user)
            await record_for_user(AuditAction.SIGN_IN, user.id)
            return user, tokens
    # Failures are committed above before the error is answered.
    raise _locked(user) if locked_now else failure


def _locked(user: User) -> DomainError:
    until = user.locked_until.isoformat() if user.locked_until else ""
    return DomainError.of(
        ErrorCode.ACCOUNT_LOCKED,
        f"Too many failed attempts; the account is locked until {until}.",
    )


async def log_out(session_id: int) -> None:
    await revoke_sessions(AuthSession.filter(id=session_id), "logout")


async def _new_email_token(user: User, purpose: EmailTokenPurpose, ttl: timedelta) -> str:
    token = new_token()
    await EmailToken.create(
        user=user,
        purpose=purpose,
        token_hash=hash_token(token),
        email=user.email,
        expires_at=now() + ttl,
    )
    return token


async def _verification_mail(user: User) -> OutboxMessage:
    ttl = timedelta(hours=get_settings().email_verification_ttl_hours)
    token = await _new_email_token(user, EmailTokenPurpose.VERIFY_EMAIL, ttl)
    link = app_link("verify-email", token)
    return await queue_mail(
        user.email,
        "Confirm your email address",
        f"Hello {user.name},\n\nConfirm your email address for Ezre Comms:\n{link}\n\n"
        f"The link works once and expires in {ttl.total_seconds() / 3600:.0f} hours.",
        "verify_email",
    )


async def request_email_verification(user: User) -> None:
    if user.email_verified_at is not None:
        raise DomainError.of(ErrorCode.ALREADY_VERIFIED, "Your email is already verified.")
    async with in_transaction():
        mail = await _verification_mail(user)
    await deliver_after_commit(mail)


async def _claim_email_token(token: str, purpose: EmailTokenPurpose) -> EmailToken:
    """Mark a token used exactly once (compare-and-set) and return it."""
    token_hash = hash_token(token)
    claimed = await EmailToken.filter(
        token_hash=token_hash, purpose=purpose, used_at=None, expires_at__gt=now()
    ).update(used_at=now())
    if not claimed:
        raise DomainError.of(
            ErrorCode.INVALID_TOKEN, "This link is invalid, used or expired.", "token"
        )
    return await EmailToken.get(token_hash=token_hash).select_related("user")


async def verify_email(token: str) -> User:
    async with in_transaction():
        row = await _claim_email_token(token, EmailTokenPurpose.VERIFY_EMAIL)
        user = row.user
        if row.email != user.email:
            raise DomainError.of(
                ErrorCode.INVALID_TOKEN, "This link was for a previous address.", "token"
            )
        if user.email_verified_at is None:
            user.email_verified_at = now()
            await user.save(update_fields=["email_verified_at", "updated_at"])
    return user


async def request_password_reset(email: str) -> None:
    """Same outcome whether or not the account exists: nothing here tells them apart."""
    try:
        email = normalize_email(email, "email")
    except DomainError:
        return
    mail = None
    async with in_transaction():
        user = await User.filter(email=email, is_active=True).first()
        if user is not None:
            ttl = timedelta(minutes=get_settings().password_reset_ttl_minutes)
            token = await _new_email_token(user, EmailTokenPurpose.RESET_PASSWORD, ttl)
            mail = await queue_mail(
                user.email,
                "Reset your password",
                f"Hello {user.name},\n\nSomeone asked to reset your Ezre Comms password. "
                f"If it was you, choose a new one here:\n{app_link('reset-password', token)}\n\n"
                f"The link works once and expires in {ttl.total_seconds() / 60:.0f} minutes. "
                "If it was not you, ignore this mail.",
                "reset_password",
            )
    await deliver_after_commit(mail)


async def reset_password(token: str, new_password: str) -> User:
    async with in_transaction():
        row = await _claim_email_token(token, EmailTokenPurpose.RESET_PASSWORD)
        user = row.user
        if not user.is_active:
            raise DomainError.of(
                ErrorCode.INVALID_TOKEN, "This link is invalid, used or expired.", "token"
            )
        problems = password_problems(new_password, user.email, user.name, path="newPassword")
        if problems:
            raise DomainError(problems)  # rolls back the claim: the link still works
        user.password_hash = hash_password(new_password)
        user.failed_login_count = 0
        user.locked_until = None
        await user.save(
            update_fields=["password_hash", "failed_login_count", "locked_until", "updated_at"]
        )
        await revoke_sessions(AuthSession.filter(user_id=user.id), "password_reset")
        # Any other reset link sent earlier dies with this one.
        await EmailToken.filter(
            user_id=user.id, purpose=EmailTokenPurpose.RESET_PASSWORD, used_at=None
        ).update(used_at=now())
    return user


# Two-factor authentication (TOTP)


def _totp(user: User) -> pyotp.TOTP:
    assert user.totp_secret_encrypted is not None
    return pyotp.TOTP(decrypt(user.totp_secret_encrypted))


async def _accept_totp(user: User, code: str) -> bool:
    """Accept a code from the current or an adjacent 30 s step, never the same step twice."""
    if user.totp_secret_encrypted is None:
        return False
    totp = _totp(user)
    current = totp.timecode(now())
    for step in (current, current - 1, current + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code.strip()):
            user.totp_last_step = step
            await User.filter(id=user.id).update(totp_last_step=step)
            return True
    return False


async def enable_two_factor(user: User) -> tuple[str, str]:
    if user.two_factor_enabled:
        raise DomainError.of(
            ErrorCode.TWO_FACTOR_ALREADY_ENABLED, "Two-factor authentication is already on."
        )
    secret = pyotp.random_base32()
    user.totp_secret_encrypted = encrypt(secret)
    user.totp_last_step = None
    await user.save(update_fields=["totp_secret_encrypted", "totp_last_step", "updated_at"])
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)
    return secret, uri


async def confirm_two_factor(user: User, code: str) -> User:
    if user.two_factor_enabled:
        raise DomainError.of(
            ErrorCode.TWO_FACTOR_ALREADY_ENABLED, "Two-factor authentication is already on."
        )
    if user.totp_secret_encrypted is None:
        raise DomainError.of(
            ErrorCode.TWO_FACTOR_NOT_ENABLED, "Start with enableTwoFactor to get a secret."
        )
    if not await _accept_totp(user, code):
        raise DomainError.of(ErrorCode.INVALID_TWO_FACTOR_CODE, "The code is not valid.", "code")
    user.totp_enabled_at = now()
    await user.save(update_fields=["totp_enabled_at", "updated_at"])
    return user


async def disable_two_factor(user: User, code: str) -> User:
    if not user.two_factor_enabled:
        raise DomainError.of(
            ErrorCode.TWO_FACTOR_NOT_ENABLED, "Two-factor authentication is not on."
        )
    if not await _accept_totp(user, code):
        raise DomainError.of(ErrorCode.INVALID_TWO_FACTOR_CODE, "The code is not valid.", "code")
    user.totp_enabled_at = None
    user.totp_secret_encrypted = None  # type: ignore[assignment]
    user.totp_last_step = None
    await user.save(
        update_fields=["totp_enabled_at", "totp_secret_encrypted", "totp_last_step", "updated_at"]
    )
    return user
