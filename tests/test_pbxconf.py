"""Importing a PBX's queue configuration: Asterisk ``queues.conf`` and FreeSWITCH
``callcenter.conf.xml``, written here in the shapes those PBXs ship and read."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import teletraffic as tt
from teletraffic.cli import app
from teletraffic.errors import TeletrafficError

# The stock sample of Asterisk (configs/samples/queues.conf.sample) in its shape: a
# [general] section with two settings, everything else commented out, no queue.
ASTERISK_SAMPLE = """\
;
; Queue configuration
;
[general]
;
; Global settings: members are saved between restarts
;
persistentmembers = yes
;
;autofill = yes
;
monitor-type = MixMonitor
;
;[markq]
;musicclass = default
;strategy = ringall
;timeout = 15
;retry = 5
;member => DAHDI/1
;member => DAHDI/2,10
"""

# The stock FreeSWITCH conf/vanilla/autoload_configs/callcenter.conf.xml in its shape:
# one queue, no agents, no tiers.
FREESWITCH_SAMPLE = """\
<configuration name="callcenter.conf" description="CallCenter">
  <settings>
    <!--<param name="odbc-dsn" value="dsn:user:pass"/>-->
  </settings>
  <queues>
    <queue name="support@default">
      <param name="strategy" value="longest-idle-agent"/>
      <param name="moh-sound" value="$${hold_music}"/>
      <param name="time-base-score" value="system"/>
      <param name="max-wait-time" value="0"/>
      <param name="max-wait-time-with-no-agent" value="0"/>
      <param name="max-wait-time-with-no-agent-time-reached" value="5"/>
      <param name="tier-rules-apply" value="false"/>
      <param name="tier-rule-wait-second" value="300"/>
      <param name="tier-rule-wait-multiply-level" value="true"/>
      <param name="tier-rule-no-agent-no-wait" value="false"/>
      <param name="discard-abandoned-after" value="60"/>
      <param name="abandoned-resume-allowed" value="false"/>
    </queue>
  </queues>
  <agents>
    <!--<agent name="1000@default" type="callback" contact="user/1000@default"/>-->
  </agents>
  <tiers>
    <!-- <tier agent="1000@default" queue="support@default" level="1" position="1"/> -->
  </tiers>
</configuration>
"""

HERE = Path(__file__).resolve().parent / "pbxconf"
QUEUES_CONF = (HERE / "queues.conf").read_text()
"""Two queues from a template, members with penalties, comments of both kinds."""
CALLCENTER_XML = (HERE / "callcenter.conf.xml").read_text()
"""A queue, three agents (one logged out), tiers with levels and positions."""


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def put(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return put


def runs(imported: tt.PbxImport) -> tt.SimulationResult:
    """The imported scenario passes check (it loaded) and runs, after a dump and a read."""
    again = tt.parse_scenario(imported.to_yaml())
    assert again == imported.scenario
    return tt.simulate(again, replications=2, seed=1)


def test_asterisks_stock_sample_imports_and_says_it_holds_no_queue(write: Callable) -> None:
    imported = tt.import_pbx(write("queues.conf", ASTERISK_SAMPLE))
    assert imported.source == "Asterisk"
    assert imported.notes[0].startswith("The file defines no queue")
    assert any("PLACEHOLDER: department 'queue'" in n for n in imported.notes)
    assert [str(u) for u in imported.unmapped] == [
        "[general] persistentmembers = yes (line 8): a global setting",
        "[general] monitor-type = MixMonitor (line 12): a global setting",
    ]
    assert runs(imported).value("offered") > 0


def test_freeswitchs_stock_sample_imports_a_queue_with_no_agents(write: Callable) -> None:
    imported = tt.import_pbx(write("callcenter.conf.xml", FREESWITCH_SAMPLE))
    (dept,) = imported.scenario.departments or []
    assert (dept.name, dept.staff, dept.strategy) == ("support@default", 0, "longest-idle-agent")
    assert dept.join_empty
    assert not dept.leave_when_empty
    assert dept.max_wait is None  # max-wait-time 0: none
    assert imported.notes[0] == (
        "Queue support@default: strategy longest-idle-agent, 0 members (no one answers "
        "until members are added)."
    )
    keys = [u.key for u in imported.unmapped]
    assert "moh-sound" in keys
    assert "discard-abandoned-after" in keys
    assert "tier-rules-apply" not in keys  # false: as simulated
    assert runs(imported).value("answered") == 0


def test_queues_conf_queues_templates_members_and_penalties(write: Callable) -> None:
    imported = tt.import_pbx(write("queues.conf", QUEUES_CONF), calls_per_hour=30, talk="3m")
    sales, support = imported.scenario.departments or []
    assert sales.name == "sales"
    assert (sales.strategy, sales.ring_timeout, sales.retry) == ("rrmemory", 20.0, 4.0)
    assert sales.wrap_up.expected == 10.0
    assert [m.name for m in sales.members or []] == ["Anna", "Boris", "Vera"]
    assert [m.penalty for m in sales.members or []] == [0, 0, 5]
    assert (sales.max_callers, sales.join_empty, sales.leave_when_empty) == (6, False, True)
    assert imported.scenario.answer_time == 30.0
    # app_queue's defaults where the file is silent; roundrobin is rrmemory
    assert (support.strategy, support.ring_timeout, support.retry) == ("rrmemory", 15.0, 5.0)
    assert (support.join_empty, support.leave_when_empty) == (True, False)
    assert [str(u) for u in imported.unmapped] == [
        "[general] persistentmembers = yes (line 2): a global setting",
        "[sales] musicclass = default (line 5): not simulated",
    ]
    # announce-frequency: announcements every 60 s, which change nothing until the
    # scenario says what callers do on hearing them
    assert sales.announce is None
    assert support.announce is not None
    assert support.announce.every == 60.0
    assert not support.announce.leave_if_longer
    assert support.announce.patience_extra == 0.0
    assert not any("calls per hour" in n for n in imported.notes)  # given, no placeholder
    assert any("PLACEHOLDER: callers hold 2 minutes" in n for n in imported.notes)
    result = runs(imported)
    assert result.value("answered", "staff:sales/1") > result.value("answered", "staff:sales/3")


def test_callcenter_xml_agents_tiers_and_queue_params(write: Callable) -> None:
    imported = tt.import_pbx(write("callcenter.conf.xml", CALLCENTER_XML))
    (dept,) = imported.scenario.departments or []
    assert dept.strategy == "top-down"
    # 1003 is logged out, 1004 is no agent: two members, tiers as given (default 1, 1)
    assert [(m.name, m.level, m.position) for m in dept.members or []] == [
        ("1001@default", 2, 1),
        ("1002@default", 1, 1),
    ]
    assert dept.max_wait == 120.0
    assert (dept.join_empty, dept.leave_when_empty) == (False, True)
    assert dept.ring_timeout == 15.0  # the agents' leg_timeout wins over the setting
    assert dept.wrap_up.expected == 15.0  # the mean of 10 and 20
    text = [str(u) for u in imported.unmapped]
    assert "[agents] 1003@default = Logged Out: takes no calls" in text
    assert "[agent 1001@default] max-no-answer = 3: not simulated" in text
    assert "[tiers] 1004@default -> sales@default = : no such agent taking calls" in text
    assert any("agents differ" in t for t in text)
    result = runs(imported)
    # level 1 (1002, listed second) answers first: it carries more than level 2
    assert result.value("answered", "staff:sales@default/2") > result.value(
        "answered", "staff:sales@default/1"
    )


def test_a_strategy_the_pbx_does_not_have_is_named_with_file_and_line(write: Callable) -> None:
    path = write("queues.conf", "[q]\nstrategy = fastest\n")
    with pytest.raises(TeletrafficError, match=r"line 2: \[q\] strategy = 'fastest'"):
        tt.import_pbx(path)
    path = write("callcenter.conf.xml", CALLCENTER_XML.replace("top-down", "fastest"))
    with pytest.raises(TeletrafficError, match="not a mod_callcenter strategy"):
        tt.import_pbx(path)


def test_a_template_used_before_it_is_defined_is_named(write: Callable) -> None:
    with pytest.raises(TeletrafficError, match=r"line 1: section \[q\] inherits from \[tpl\]"):
        tt.import_pbx(write("queues.conf", "[q](tpl)\nstrategy = linear\n"))


def test_xml_with_entity_declarations_is_refused(write: Callable) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><configuration/>'
    with pytest.raises(TeletrafficError, match="DOCTYPE or ENTITY"):
        tt.import_pbx(write("callcenter.conf.xml", bomb))


def test_cli_import_writes_a_scenario_that_loads(write: Callable, tmp_path: Path) -> None:
    conf = write("queues.conf", QUEUES_CONF)
    out = tmp_path / "imported.yaml"
    result = CliRunner().invoke(
        app, ["import", str(conf), "-o", str(out), "--calls-per-hour", "20", "--channels", "8"]
    )
    assert result.exit_code == 0, result.output
    assert "Queue sales: strategy rrmemory, 3 members." in result.output
    assert "[sales] musicclass = default (line 5): not simulated" in result.output
    scenario = tt.load_scenario(out)
    assert scenario.lines[0].channels == 8
    assert out.read_text().startswith("# Imported from an Asterisk configuration.\n")


def test_cli_import_bad_file_exits_2_without_a_traceback(write: Callable) -> None:
    conf = write("queues.conf", "[q]\ntimeout = soon\n")
    result = CliRunner().invoke(app, ["import", str(conf)])
    assert result.exit_code == 2
    assert "timeout = 'soon' is not a number" in result.output
    assert "Traceback" not in result.output


def test_check_describes_the_imported_queues_in_words(write: Callable) -> None:
    imported = tt.import_pbx(write("queues.conf", QUEUES_CONF))
    words = tt.describe_scenario(imported.scenario)
    assert "sales (3 staff, answers inbound, rrmemory, rings 20s, wrap-up 10s, " in words
    assert "penalties 0/0/5, retry 4s, holds at most 6)" in words
    assert "callers join with nobody on shift, callers stay when everyone leaves" in words


def test_every_key_the_table_names_has_its_reader() -> None:
    """The module's table of queues.conf keys and the readers of its keys agree: a key
    left out of ``_KEYS`` would be listed as not mapped, though the table says it is."""
    from teletraffic.pbxconf import queues_conf

    listed = set(re.findall(r"^``([a-z-]+)(?: =>)?``", queues_conf.__doc__ or "", re.MULTILINE))
    assert "announce-frequency" in listed
    assert listed == set(queues_conf._KEYS)
