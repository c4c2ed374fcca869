"""The people breachsim makes up for a Dutch scenario have names a Dutch person has: none of
the medieval nobles, surname-first entries or regnal numbers in Faker's Dutch surname list."""

from __future__ import annotations

from faker.providers.person.nl_NL import Provider

from breachsim.engine.cast import faker_for


def test_generated_dutch_names_leave_out_what_no_dutch_person_is_called():
    names = [faker_for("nl_NL", 7, "people", n).name() for n in range(3000)]
    odd = {"Aelftrud van Wessex", "Bourgondië, van", "The Elder", "VI", "Klomp Jan",
           "Coreth von und zu Coredo und Starkenberg"}
    assert not [name for name in names if any(part in name for part in odd)]
    assert not [name for name in names if "," in name]
    fake = faker_for("nl_NL", 7, "surnames")
    surnames = {fake.last_name() for _ in range(20_000)}
    assert len(surnames) > 0.9 * len(set(Provider.last_names))  # the rest is all still there
    assert {"de Vries", "van Dijk", "Jansen"} <= surnames
