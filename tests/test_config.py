"""Configuration parsing: defaults, the `cn` shortcut, and clear refusals that never echo the token."""

from __future__ import annotations

from dataclasses import fields

import pytest

from xingtu_showcase_mcp.config import (
    CHINA_BASE_URL,
    GLOBAL_BASE_URL,
    VARIABLES,
    ConfigError,
    Settings,
    load_settings,
)


def test_every_setting_comes_from_exactly_one_declared_variable() -> None:
    """A setting no variable sets cannot be configured, and two variables setting it contradict each other:
    the declaration in `VARIABLES` is the only place a variable's name, default, meaning and reading live."""
    setters: dict[str, list[str]] = {}
    for variable in VARIABLES:
        for field in variable.read("", variable.name):
            setters.setdefault(field, []).append(variable.name)
    set_by_store = {"store_path", "store_url"}  # XINGTU_SHOWCASE_STORE sets one of them, whichever it names
    assert set(setters) | set_by_store == {f.name for f in fields(Settings)}
    assert all(len(names) == 1 for names in setters.values()), setters
    assert len({v.name for v in VARIABLES}) == len(VARIABLES)


def test_each_declared_default_is_what_an_unset_variable_gives() -> None:
    """README's default column is the declared `default`: it must be what the server really uses."""
    loaded = load_settings({})
    for variable in VARIABLES:
        values = variable.read("", variable.name)
        for field, value in values.items():
            assert getattr(loaded, field) == value
        shown = next(iter(values.values()))
        if variable.default == "(none)":
            assert shown in (None, ()), variable.name
        else:
            assert variable.default in (str(shown).lower(), f"{shown:g}" if isinstance(shown, float) else str(shown)), (
                variable.name
            )


def test_defaults_without_any_variable() -> None:
    s = load_settings({})
    # The environment stores answers in a local file by default; Settings built in code keep them in memory.
    assert s == Settings(token=None, base_url="https://api.justoneapi.com", timeout=55.0, max_retries=2, store="sqlite")


def test_values_are_read_and_trimmed() -> None:
    s = load_settings(
        {
            "JUSTONEAPI_TOKEN": "  abc123  ",
            "JUSTONEAPI_BASE_URL": "http://127.0.0.1:9000/",
            "JUSTONEAPI_TIMEOUT": "12.5",
            "JUSTONEAPI_MAX_RETRIES": "0",
            "XINGTU_SHOWCASE_LOG_LEVEL": "debug",
        }
    )
    assert (s.token, s.base_url, s.timeout, s.max_retries, s.log_level) == (
        "abc123",
        "http://127.0.0.1:9000",
        12.5,
        0,
        "DEBUG",
    )


@pytest.mark.parametrize("word", ["cn", "CN", " cn "])
def test_cn_selects_the_mainland_server(word: str) -> None:
    assert load_settings({"JUSTONEAPI_BASE_URL": word}).base_url == CHINA_BASE_URL == "http://47.117.133.51:30015"
    assert GLOBAL_BASE_URL.startswith("https://")


def test_blank_token_means_no_token() -> None:
    assert load_settings({"JUSTONEAPI_TOKEN": "   "}).token is None


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("JUSTONEAPI_TIMEOUT", "0", "JUSTONEAPI_TIMEOUT"),
        ("JUSTONEAPI_TIMEOUT", "-3", "above 0"),
        ("JUSTONEAPI_TIMEOUT", "soon", "number of seconds"),
        ("JUSTONEAPI_TIMEOUT", "nan", "number of seconds"),
        ("JUSTONEAPI_TIMEOUT", "100000", "at most"),
        ("JUSTONEAPI_MAX_RETRIES", "-1", "whole number"),
        ("JUSTONEAPI_MAX_RETRIES", "2.5", "whole number"),
        ("JUSTONEAPI_MAX_RETRIES", "99", "0 to 10"),
        ("JUSTONEAPI_BASE_URL", "api.justoneapi.com", "http(s)"),
        ("JUSTONEAPI_BASE_URL", "ftp://x", "http(s)"),
        ("JUSTONEAPI_BASE_URL", "https://x/?token=1", "http(s)"),
        ("XINGTU_SHOWCASE_LOG_LEVEL", "loud", "DEBUG"),
    ],
)
def test_invalid_values_name_the_variable_and_the_fix(name: str, value: str, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({name: value})
    assert name in str(caught.value) and says in str(caught.value)


def test_a_malformed_token_is_refused_without_echoing_it() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"JUSTONEAPI_TOKEN": "secret part\x07two"})
    assert "secret" not in str(caught.value) and "JUSTONEAPI_TOKEN" in str(caught.value)


def test_repr_never_shows_the_token() -> None:
    assert "s3cr3t" not in repr(Settings(token="s3cr3t"))


def test_the_settings_repr_names_every_setting_and_no_secret() -> None:
    """Derived from the fields: a setting added later cannot be left out of a log line (store_path and demo
    once were), and no secret value shows, however it is cased."""
    from dataclasses import fields

    secret = "Tok3nValue-abcdef"
    shown = repr(Settings(token=secret, http_token=secret + "h", store_url=f"redis://:{secret}@127.0.0.1:6379/0"))
    assert all(f"{f.name}=" in shown for f in fields(Settings))
    assert secret.lower() not in shown.lower()
