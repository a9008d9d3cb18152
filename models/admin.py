"""Operator actions behind the CLI: staff users and demo data."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from app.security import hash_password
from models.accounts import User
from models.auth import clean_name, normalize_email, password_problems
from models.base import DomainError
from models.organizations import Membership, Organization, Role
from models.sessions import now

DEMO_PASSWORD = "ezre-demo-password-2026"
DEMO_PEOPLE = [
    ("ada@demo.example.com", "Ada Admin", Role.ADMIN),
    ("eddie@demo.example.com", "Eddie Editor", Role.EDITOR),
    ("rita@demo.example.com", "Rita Reviewer", Role.REVIEWER),
]


async def create_staff_user(email: str, password: str, name: str = "Staff") -> User:
    email = normalize_email(email, "email")
    problems = password_problems(password, email, name)
    if problems:
        raise DomainError(problems)
    user = await User.filter(email=email).first()
    if user is None:
        return await User.create(
            email=email,
            name=clean_name(name, "name"),
            password_hash=hash_password(password),
            is_staff=True,
            email_verified_at=now(),
        )
    user.is_staff = True
    user.password_hash = hash_password(password)
    await user.save(update_fields=["is_staff", "password_hash", "updated_at"])
    return user


async def seed_demo() -> list[str]:
    """A demo organization with one member per role; running it again changes nothing."""
    async with in_transaction():
        org = await Organization.filter(name="Demo Coffee Co.").first()
        if org is None:
            org = await Organization.create(
                name="Demo Coffee Co.",
                timezone="America/New_York",
                website="https://coffee.example",
                brand_voice="Warm, witty and concise. We talk like a barista who knows you.",
            )
        lines = [f"organization: {org.name} (timezone {org.timezone})"]
        for email, name, role in DEMO_PEOPLE:
            user = await User.filter(email=email).first()
            if user is None:
                user = await User.create(
                    email=email,
                    name=name,
                    password_hash=hash_password(DEMO_PASSWORD),
                    email_verified_at=now(),
                )
            await Membership.get_or_create(organization=org, user=user, defaults={"role": role})
            lines.append(f"  {role.value:<8} {email}  password: {DEMO_PASSWORD}")
    return lines
