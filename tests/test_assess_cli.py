"""`breachsim assess` on the command line, run as a user runs it."""

from __future__ import annotations

import json

from .conftest import run_cli

FACTS = """\
jurisdiction: NL
language: nl
nature: [confidentiality]
data_categories: [identity, contact, health]
data_subjects: 350
encrypted: false
exfiltration: suspected
risk_source: external_malicious
identifiable: true
data_recovered: false
controller_role: controller
"""


def test_json_goes_to_stdout_with_the_documented_fields(write):
    proc = run_cli("assess", str(write(FACTS, "facts.yaml")), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["risk"] == "high" and data["notify_authority"] and data["notify_subjects"]
    assert data["exception"] is None and data["deadline_hours"] == 72
    assert data["authority"] == "Autoriteit Persoonsgegevens"  # the file's jurisdiction, in nl
    assert data["unknowns"] == []
    assert all(set(r) == {"factor", "effect", "text"} for r in data["reasons"])


def test_text_is_in_the_files_language_and_options_win(write):
    path = str(write(FACTS, "facts.yaml"))
    dutch = run_cli("assess", path)
    assert dutch.returncode == 0 and dutch.stdout.startswith("Risico: een hoog risico")
    english = run_cli("assess", path, "--lang", "en", "--jurisdiction", "ie")
    assert english.returncode == 0
    assert "Notify the authority: yes: Data Protection Commission (DPC), within 72 hours" in (
        english.stdout)


def test_an_empty_mapping_is_all_unknown_and_defaults_to_the_eu(write):
    proc = run_cli("assess", str(write("{}\n", "facts.yaml")), "--format", "json")
    data = json.loads(proc.stdout)
    assert proc.returncode == 0 and data["risk"] == "risk"
    assert data["authority"] == "competent supervisory authority"
    assert "controller_role" in data["unknowns"]


def test_bad_facts_get_the_validators_diagnostics_and_exit_one(write):
    path = write("nature: [confidentiality]\ndata_categories: [helth]\nencryptd: false\n",
                 "facts.yaml")
    proc = run_cli("assess", str(path), "--format", "json")
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert lines[0].endswith("facts.yaml:2:19: error[BS202] 'helth' is not a valid "
                             "data_categories")
    assert "did you mean 'health'?" in proc.stderr
    assert any(line.endswith("facts.yaml:3:1: error[BS200] unknown key 'encryptd'")
               for line in lines)
    assert "Traceback" not in proc.stderr


def test_yaml_syntax_errors_and_missing_files_exit_one(write):
    broken = run_cli("assess", str(write("nature: [confidentiality\n", "facts.yaml")))
    assert broken.returncode == 1 and "error[BS112]" in broken.stderr
    missing = run_cli("assess", "no-such-facts.yaml")
    assert missing.returncode == 1
    assert missing.stderr.startswith("no-such-facts.yaml:1:1: error[BS100] file not found")


def test_an_unknown_jurisdiction_is_a_usage_error(write):
    proc = run_cli("assess", str(write(FACTS, "facts.yaml")), "--jurisdiction", "XX")
    assert proc.returncode == 2 and "expected one of: BE, EU, FR, IE, NL, UK" in proc.stderr


def test_the_example_in_the_rules_doc_is_a_valid_facts_file(write):
    from .conftest import ROOT

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    proc = run_cli("assess", str(write(example, "facts.yaml")), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["risk"] == "high"
