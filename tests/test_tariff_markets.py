"""Menus per market: ``--tariffs us`` plans in dollars, ``eu`` in euros, ``ru`` in roubles.

Each shipped menu is illustrative (every entry says so), complete (a menu in another
currency than the built-in one cannot borrow its prices), and read by name; a file of
that name in the working folder comes first. The loader is held to the house's sizes.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from typer.testing import CliRunner

import teletraffic.costs
import teletraffic.tariffs
from teletraffic.cli import app
from teletraffic.errors import ScenarioError
from teletraffic.tariffs import MARKETS, TARIFF_ENTRIES, load_tariffs, market_menu

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("market", "currency"), [("ru", "RUB"), ("us", "USD"), ("eu", "EUR")])
def test_each_market_has_its_menu_in_its_currency(market: str, currency: str) -> None:
    menu = load_tariffs(market)
    assert menu.currency == currency
    assert Path(menu.source) == ROOT / "scenarios" / MARKETS[market]
    assert menu.illustrative == tuple(TARIFF_ENTRIES)  # every price is illustrative
    assert all(getattr(menu, name) is not None for name in TARIFF_ENTRIES)
    text = (ROOT / "scenarios" / MARKETS[market]).read_text(encoding="utf-8")
    assert "ILLUSTRATIVE" in text


def test_the_russian_menu_is_the_default() -> None:
    assert load_tariffs("ru") == load_tariffs()
    assert load_tariffs(" US ").currency == "USD"


def test_menus_bill_as_their_markets_do() -> None:
    us, eu = load_tariffs("us"), load_tariffs("eu")
    assert us.ip is not None
    assert us.ip.per_concurrent_call > 0
    assert us.ip.billing == "60/60"
    assert eu.ip is not None
    assert eu.ip.included_minutes_per_channel > 0
    assert eu.city_number is not None
    assert eu.city_number.connection_fee > 0


def test_a_file_of_the_markets_name_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "us").write_text("currency: RUB\nip: {per_channel: 1}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    menu = load_tariffs("us")
    assert menu.currency == "RUB"
    assert menu.ip is not None
    assert menu.ip.per_channel == 1


def test_an_unknown_market_names_the_markets() -> None:
    assert market_menu("mars") is None
    with pytest.raises(ScenarioError, match=r"no such file \(nor a market's menu: ru, us, eu\)"):
        load_tariffs("mars")


def test_a_bad_billing_in_a_menu_names_field_and_line(tmp_path: Path) -> None:
    menu = tmp_path / "menu.yaml"
    menu.write_text("currency: RUB\nip:\n  billing: 60\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_tariffs(menu)
    [(path, message, line)] = err.value.problems
    assert (path, line) == ("ip.billing", 3)
    assert message.startswith("should be first/then seconds such as 60/60, got 60")


def test_plan_with_the_us_menu_prints_dollars() -> None:
    out = CliRunner().invoke(
        app,
        [
            "plan",
            "--calls-per-hour",
            "20",
            "--talk",
            "2m",
            "--target-busy",
            "5%",
            "--tariffs",
            "us",
            "-r",
            "3",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "USD a month" in out.stdout
    assert "RUB" not in out.stdout
    assert "tariffs/us.yaml" in out.stdout  # the prices are said to be illustrative


@pytest.mark.parametrize("module", [teletraffic.tariffs, teletraffic.costs])
def test_no_function_of_the_money_modules_is_over_80_lines(module: object) -> None:
    source = inspect.getsource(module)  # type: ignore[arg-type]
    assert len(source.splitlines()) <= 800
    long = [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef) and (node.end_lineno or 0) - node.lineno >= 80
    ]
    assert long == []
