"""The password policy: one validator per rule, everywhere Django checks a password."""

import pytest
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


RULE_CODES = [
    "password_too_short",
    "password_has_space",
    "password_no_upper",
    "password_no_lower",
    "password_no_digit",
    "password_no_symbol",
]
RULES = [
    ("Short#1a", "password_too_short", "at least 12 characters"),
    ("Has a space#123", "password_has_space", "must not contain spaces"),
    ("Tab\tinside#12A", "password_has_space", "must not contain spaces"),
    ("nouppercase#123", "password_no_upper", "one upper-case letter"),
    ("NOLOWERCASE#123", "password_no_lower", "one lower-case letter"),
    ("NoDigitsHere#!", "password_no_digit", "one digit"),
    ("NoSymbolsHere123", "password_no_symbol", "one symbol"),
]


@pytest.mark.parametrize(("password", "code", "message"), RULES)
def test_each_rule_rejects_with_its_own_message(password, code, message):
    with pytest.raises(ValidationError) as raised:
        validate_password(password)
    errors = raised.value.error_list
    assert [error.code for error in errors] == [code]
    assert message in errors[0].messages[0]


@pytest.mark.parametrize("password", ["Correct-Horse-42", "Élan_vital_2024", "ÜBER.straße.99"])
def test_a_password_meeting_every_rule_passes(password):
    validate_password(password)


def test_a_password_breaking_every_rule_hears_of_each():
    with pytest.raises(ValidationError) as raised:
        validate_password("   ")
    codes = {error.code for error in raised.value.error_list}
    assert codes >= set(RULE_CODES)


def test_every_rule_has_a_french_message_and_help_text():
    with translation.override("fr"):
        with pytest.raises(ValidationError) as raised:
            validate_password("   ")
        messages = [message for error in raised.value.error_list for message in error.messages]
        help_texts = password_validators_help_texts()
    assert any("au moins 12 caractères" in message for message in messages)
    assert any("majuscule" in message for message in messages)
    assert "Pas d'espace" in help_texts and "Au moins un chiffre" in help_texts


def test_the_rules_are_the_configured_validators():
    codes = [getattr(v, "code", None) for v in get_default_password_validators()]
    assert codes[:6] == RULE_CODES


def test_wagtail_user_forms_apply_the_policy(db):
    from wagtail.users.forms import UserCreationForm

    data = {
        "email": "editor@example.org",
        "first_name": "Edi",
        "last_name": "Tor",
        "password1": "nouppercase#123",
        "password2": "nouppercase#123",
    }
    form = UserCreationForm(data=data)
    assert not form.is_valid()
    assert "one upper-case letter" in str(form.errors)


def test_createsuperuser_applies_the_policy(db, monkeypatch, capsys):
    """`createsuperuser` asks again when a password breaks a rule (answers scripted here)."""
    from django.contrib.auth.management.commands import createsuperuser

    answers = iter(["weakpassword", "weakpassword", "n", "Strong#Password1", "Strong#Password1"])
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    call_command("createsuperuser", email="boss@example.org", interactive=True, stdin=None)
    err = capsys.readouterr().err
    assert "one upper-case letter" in err and "one symbol" in err
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(email="boss@example.org").check_password("Strong#Password1")
