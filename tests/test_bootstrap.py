"""What each bootstrap command runs, with installation and the commands themselves stubbed out."""

from __future__ import annotations

import pytest

from wbdash import bootstrap


@pytest.fixture
def calls(monkeypatch):
    ran: list[list[str]] = []
    outcomes: dict[str, int] = {}
    monkeypatch.setattr(bootstrap, "ensure_environment", lambda: None)
    monkeypatch.setattr(bootstrap, "ensure_system_packages", lambda command: None)
    monkeypatch.setattr(bootstrap, "SHARED_SOURCES", bootstrap.REPO_ROOT / "no-such-folder")

    def fake_run(args: list[str]) -> int:
        ran.append(args[1:])  # without the interpreter's path
        return outcomes.get(" ".join(args[2:4]), outcomes.get(args[2], 0))  # by "module command" or module

    monkeypatch.setattr(bootstrap, "run", fake_run)
    return ran, outcomes


PREPARE = ["-m", "wbdash", "prepare-assets"]
RUFF = ["-m", "ruff", "check", "."]


def test_test_runs_the_whole_suite_then_the_benchmarks(calls):
    ran, _ = calls
    assert bootstrap.main(["test"]) == 0
    assert ran == [PREPARE, RUFF, ["-m", "pytest"], ["-m", "tests.benchmarks.run", *bootstrap.TEST_BENCHMARK_ARGS]]


def test_failing_tests_skip_the_benchmarks_and_fail(calls):
    ran, outcomes = calls
    outcomes["pytest"] = 1
    assert bootstrap.main(["test"]) == 1
    assert ran == [PREPARE, RUFF, ["-m", "pytest"]]


def test_lint_errors_stop_before_pytest(calls):
    ran, outcomes = calls
    outcomes["ruff"] = 1
    assert bootstrap.main(["test"]) == 1
    assert ran == [PREPARE, RUFF]


@pytest.mark.parametrize("command", [["start"], ["test"], ["bench"]])
def test_missing_assets_stop_every_command(calls, command):
    ran, outcomes = calls
    outcomes["wbdash"] = 3
    assert bootstrap.main(command) == 3
    assert ran == [PREPARE]


def test_a_failing_benchmark_fails_the_command(calls):
    _, outcomes = calls
    outcomes["tests.benchmarks.run"] = 1
    assert bootstrap.main(["test"]) == 1


def test_arguments_go_to_pytest_and_skip_the_benchmarks(calls):
    ran, _ = calls
    assert bootstrap.main(["test", "-k", "overview"]) == 0
    assert ran == [PREPARE, RUFF, ["-m", "pytest", "-k", "overview"]]


def test_bench_runs_the_benchmarks_alone(calls):
    ran, _ = calls
    assert bootstrap.main(["bench", "--only", "a"]) == 0
    assert ran == [PREPARE, ["-m", "tests.benchmarks.run", "--only", "a"]]


def test_serve_runs_the_replicas_behind_haproxy(calls):
    ran, _ = calls
    assert bootstrap.main(["serve", "--replicas", "2", "--port", "9000"]) == 0
    assert ran == [PREPARE, ["-m", "wbdash.replicas", "--replicas", "2", "--port", "9000"]]


def test_start_runs_the_dashboard(calls):
    ran, _ = calls
    assert bootstrap.main(["start"]) == 0
    assert ran == [PREPARE, ["-m", "streamlit", "run", "dashboard.py"]]


def test_unknown_command_prints_usage(calls, capsys):
    assert bootstrap.main(["deploy"]) == 2
    assert "bootstrap test" in capsys.readouterr().out


def test_with_the_source_texts_beside_the_checkout_evidence_is_checked_before_pytest(calls, monkeypatch, tmp_path):
    ran, outcomes = calls
    monkeypatch.setattr(bootstrap, "SHARED_SOURCES", tmp_path)
    validate = ["-m", "wbdash", "validate", "--sources", str(tmp_path)]
    assert bootstrap.main(["test"]) == 0
    assert ran[:4] == [PREPARE, RUFF, validate, ["-m", "pytest"]]
    ran.clear()
    outcomes["wbdash validate"] = 1  # a phrase not found in its document stops the run
    assert bootstrap.main(["test"]) == 1
    assert ran == [PREPARE, RUFF, validate]


def test_system_packages_follow_the_command(monkeypatch, tmp_path):
    monkeypatch.setattr(bootstrap.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(bootstrap, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setattr(bootstrap, "PDFTOPPM", tmp_path / "no-pdftoppm")
    monkeypatch.setattr(bootstrap, "HAPROXY", tmp_path / "no-haproxy")
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: None)
    assert bootstrap.missing_system_packages("start") == ["libpango-1.0-0", "libpangoft2-1.0-0"]
    assert bootstrap.missing_system_packages("serve") == ["libpango-1.0-0", "libpangoft2-1.0-0", "haproxy"]
    assert bootstrap.missing_system_packages("test") == ["libpango-1.0-0", "libpangoft2-1.0-0", "chromium", "poppler-utils",
                                                         "haproxy"]
    monkeypatch.setattr(bootstrap.ctypes.util, "find_library", lambda name: f"lib{name}.so")
    assert bootstrap.missing_system_packages("start") == []
