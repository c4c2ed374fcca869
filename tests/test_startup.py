"""Start-up hygiene (issue 15): a command imports what it uses and no more. Each check runs in a
fresh interpreter and looks at ``sys.modules`` afterwards; none of them times anything
(benchmarks/bench_startup.py does)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest

from .conftest import ROOT

SCENARIO = ROOT / "scenarios" / "hospital-ransomware.scenario.yaml"
PLAN = ROOT / "tests" / "playthroughs" / "hospital-ransomware.good.plan.yaml"

#: run the command line in this process, then print its exit code and what it imported
COMMAND = """
import json, sys
from breachsim.cli import main
try:
    main({args!r})
except SystemExit as stop:
    code = stop.code
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
"""


def imported_by(*args: str) -> tuple[int, set[str]]:
    """The exit code of ``breachsim ARGS`` run in a fresh interpreter, and every module it
    imported (its output is left out)."""
    done = subprocess.run([sys.executable, "-c", COMMAND.format(args=list(args))],
                          capture_output=True, text=True, check=True, timeout=120)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    return seen["code"], set(seen["modules"])


def of(modules: set[str], *names: str) -> list[str]:
    """The modules in ``modules`` that are one of ``names`` or inside one of them."""
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_validate_imports_neither_the_app_nor_what_only_play_and_graph_need():
    code, modules = imported_by("validate", str(SCENARIO))
    assert code == 0
    assert of(modules, "textual", "rich", "faker", "networkx", "platformdirs", "sqlite3") == []
    assert of(modules, "breachsim.tui", "breachsim.engine", "breachsim.store",
              "breachsim.storm", "breachsim.application.config") == []


def test_headless_play_imports_neither_the_app_nor_networkx(tmp_path):
    code, modules = imported_by("play", str(SCENARIO), "--plan", str(PLAN),
                                "--store", str(tmp_path / "s.sqlite3"))
    assert code == 0
    assert of(modules, "textual", "rich", "networkx", "breachsim.tui",
              "breachsim.application.config") == []


#: open the app on the briefing as ``breachsim run hospital-ransomware`` does, headless, and
#: print the screen shown and what was imported by then
FIRST_FRAME = """
import asyncio, json, sys
from breachsim.cli import _load_or_exit, _settings_or_exit
from breachsim.store import open_store
from breachsim.tui.app import BreachsimApp

async def main():
    app = BreachsimApp(open_store(sys.argv[1]), _settings_or_exit().settings,
                       scenario=_load_or_exit("hospital-ransomware"), tick_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(json.dumps({"screen": type(app.screen).__name__, "modules": sorted(sys.modules)}))

asyncio.run(main())
"""


def test_the_apps_first_frame_imports_its_screen_and_not_the_exercise(tmp_path):
    """Up to the briefing the app has neither the exercise (the director, the state, the
    storm, the rules, the action forms) nor any other screen; a config without ``keys`` does
    not list the bindings of every screen."""
    env = {**os.environ, "BREACHSIM_CONFIG": str(tmp_path / "none.yaml")}
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(tmp_path / "s.sqlite3")],
                          capture_output=True, text=True, check=True, timeout=120, env=env)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    modules = set(seen["modules"])
    assert seen["screen"] == "BriefingScreen"
    assert of(modules, "faker", "networkx", "breachsim.application.exercise",
              "breachsim.application.session", "breachsim.engine.director",
              "breachsim.engine.actions", "breachsim.engine.state", "breachsim.storm",
              "breachsim.rules") == []
    assert of(modules, "breachsim.tui.screens", "breachsim.tui.widgets") == [
        "breachsim.tui.screens", "breachsim.tui.screens.briefing",
        "breachsim.tui.widgets", "breachsim.tui.widgets.keybar"]  # the briefing's own keys


def test_the_screens_package_gives_every_screen_on_first_use():
    from breachsim.tui import screens
    from breachsim.tui.screens.briefing import BriefingScreen

    assert screens.BriefingScreen is BriefingScreen
    assert len(screens.SCREENS) == len(set(screens.SCREENS)) == len(screens.__all__) - 1
    with pytest.raises(AttributeError, match="no_such_screen"):
        screens.no_such_screen  # noqa: B018


def test_version_and_new_import_no_pydantic_and_no_scenario_models(tmp_path):
    for args in (["--version"], ["new", "--out", str(tmp_path / "n.scenario.yaml")]):
        code, modules = imported_by(*args)
        assert code == 0
        assert of(modules, "pydantic", "yaml", "jinja2", "breachsim.scenario.model",
                  "breachsim.scenario.loader") == [], args


def test_sessions_imports_no_pydantic(tmp_path):
    """The offsets it shows come from ``scenario.durations``, which holds no pydantic type."""
    code, modules = imported_by("sessions", "--store", str(tmp_path / "s.sqlite3"))
    assert code == 0
    assert of(modules, "pydantic", "jinja2", "breachsim.scenario.model") == []


def test_the_settings_and_the_scenario_package_do_not_import_the_loader():
    """The package's small modules (vocabulary, durations, diagnostics) and the app's settings
    come without the loader and its models; ``load`` and the models arrive on first use."""
    code = (
        "import sys\n"
        "import breachsim.application.config, breachsim.scenario.diagnostics\n"
        "before = sorted(m for m in sys.modules if m in ('breachsim.scenario.loader', "
        "'breachsim.scenario.model', 'jinja2'))\n"
        "from breachsim.scenario import Inject, LoadResult, Scenario, load\n"
        "from breachsim.scenario import loader, model\n"
        "same = [load is loader.load, LoadResult is loader.LoadResult, "
        "Scenario is model.Scenario, Inject is model.Inject]\n"
        "print(before, same)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[] [True, True, True, True]"


def test_the_scenario_package_still_refuses_unknown_names():
    import breachsim.scenario

    with pytest.raises(AttributeError, match="no_such_thing"):
        breachsim.scenario.no_such_thing  # noqa: B018


def test_the_command_line_freezes_what_is_alive_before_the_interpreter_shuts_down():
    # exit handlers run last-registered first: this one, registered before the command,
    # runs after the command line's own
    code = ("import atexit, gc\n"
            "atexit.register(lambda: print('frozen:', gc.get_freeze_count() > 0))\n"
            "from breachsim.cli import main\n"
            "main(['new'])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.strip().splitlines()[-1] == "frozen: True"


def test_the_engine_faker_gives_what_a_faker_with_every_provider_gives():
    """The cast's Faker loads only the providers it needs; a method that comes to need another
    one (a template method added, a Faker upgrade) shows here as a difference or an error."""
    from faker import Faker
    from faker.config import AVAILABLE_LOCALES

    from breachsim.engine.cast import PROVIDERS, FakeNamespace, _faker, curated
    from breachsim.scenario.templates import FAKE_METHODS
    from breachsim.scenario.vocab import LOCALES

    calls = {name: () for name in FAKE_METHODS if name not in ("date", "time")}
    calls |= {"date_between_dates": (date(2015, 1, 1), date(2025, 12, 31)),
              "random_int": (0, 59)}
    for locale in (code for code in LOCALES if code in AVAILABLE_LOCALES):
        full, ours = curated(Faker(locale), locale), _faker(locale)
        assert sorted(p.__provider__ for p in ours.providers) == sorted(PROVIDERS)
        for seed in range(12):
            for fake in (full, ours):
                fake.seed_instance(seed)
            for name, args in calls.items():
                assert getattr(ours, name)(*args) == getattr(full, name)(*args), (locale, name)
        fake = FakeNamespace(locale, 1, "inject")
        assert all(isinstance(getattr(fake, name)(), str) for name in FAKE_METHODS)


def test_no_model_takes_a_builtin_list_as_a_default_factory():
    """pydantic reads each default factory's signature; the first builtin one it reads in a
    process loads the tokenizer to parse it (``scenario.model.no_items`` is ours instead)."""
    from pydantic import BaseModel

    import breachsim.application.config
    import breachsim.application.plan
    import breachsim.engine.actions
    import breachsim.rules.assessment
    import breachsim.scenario.model
    import breachsim.storm.params  # noqa: F401

    def models(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from models(sub)

    ours = {m for m in models(BaseModel) if m.__module__.startswith("breachsim.")}
    assert len(ours) > 30
    assert [(m.__name__, name) for m in ours for name, info in m.model_fields.items()
            if info.default_factory is list] == []
