"""The words of the assessment, in English and Dutch: one sentence per rule, plus labels.

Only breachsim's own templates are formatted here (with numbers); nothing an author wrote.
"""

from __future__ import annotations

from typing import Any

#: rule key → (English, Dutch)
REASONS: dict[str, tuple[str, str]] = {
    # confidentiality: what the data could do in the wrong hands
    "conf.special": (
        "Special-category data (such as health, genetic or criminal data) is involved: "
        "disclosure can do lasting harm, so the risk is high.",
        "Het gaat om bijzondere persoonsgegevens (zoals gezondheids-, genetische of "
        "strafrechtelijke gegevens): openbaarmaking kan blijvende schade doen, dus het risico "
        "is hoog."),
    "conf.context_special": (
        "The data looks ordinary, but who you are gives it away (for example the client list "
        "of a clinic): it counts as special-category data, so the risk is high.",
        "De gegevens lijken gewoon, maar wie u bent verraadt meer (bijvoorbeeld de klantenlijst "
        "van een kliniek): ze tellen als bijzondere persoonsgegevens, dus het risico is hoog."),
    "conf.fraud": (
        "Financial, payment, login or identity-document data is involved: it can be used for "
        "fraud or identity theft, which is a risk to the people affected.",
        "Het gaat om financiële gegevens, betaal- of inloggegevens of identiteitsbewijzen: "
        "daarmee is fraude of identiteitsdiefstal mogelijk, een risico voor de betrokkenen."),
    "conf.malicious": (
        "Someone acted on purpose: data that enables fraud is now in hostile hands, so the "
        "risk is high.",
        "Iemand deed dit met opzet: gegevens waarmee fraude mogelijk is zijn in kwade handen, "
        "dus het risico is hoog."),
    "conf.malicious_assumed": (
        "It is not known who caused the breach, so bad intent cannot be ruled out; with data "
        "that enables fraud, that makes the risk high.",
        "Het is niet bekend wie het lek veroorzaakte, dus kwade opzet is niet uit te sluiten; "
        "met gegevens waarmee fraude mogelijk is, maakt dat het risico hoog."),
    "conf.ordinary": (
        "Ordinary personal data (such as names and contact details) was exposed: a risk, for "
        "instance of phishing or unwanted contact.",
        "Gewone persoonsgegevens (zoals namen en contactgegevens) lagen open: een risico, "
        "bijvoorbeeld op phishing of ongewenst contact."),
    "conf.criminal": (
        "An outside attacker took, or may have taken, the data: in criminals' hands even "
        "ordinary data serves phishing, scams and identity fraud, so the risk is high.",
        "Een aanvaller van buiten heeft de gegevens buitgemaakt, of kan dat hebben gedaan: in "
        "handen van criminelen dienen ook gewone gegevens voor phishing, oplichting en "
        "identiteitsfraude, dus het risico is hoog."),
    "conf.criminal_assumed": (
        "Who caused the breach, or whether data was taken, is not known yet: theft by an outside "
        "attacker cannot be ruled out, and in criminals' hands even ordinary data makes the risk "
        "high.",
        "Wie het lek veroorzaakte, of dat er gegevens zijn meegenomen, is nog niet bekend: "
        "diefstal door een aanvaller van buiten is niet uit te sluiten, en in handen van "
        "criminelen maken ook gewone gegevens het risico hoog."),
    "conf.unknown_data": (
        "Which kinds of data are involved is not known yet: treated as ordinary personal data "
        "until it is.",
        "Welke soorten gegevens het betreft is nog niet bekend: tot dat vaststaat geldt het als "
        "gewone persoonsgegevens."),
    "conf.vulnerable": (
        "Children or other vulnerable people are among those affected: the risk goes up a "
        "level.",
        "Onder de betrokkenen zijn kinderen of andere kwetsbare mensen: het risico gaat een "
        "niveau omhoog."),
    "conf.number_of_people": (
        "About {count} people are affected: at that scale the risk goes up a level.",
        "Het gaat om ongeveer {count} mensen: op die schaal gaat het risico een niveau omhoog."),
    "conf.volume": (
        "About {count} records are involved and the number of people is not known: at that "
        "scale the risk goes up a level.",
        "Het gaat om ongeveer {count} records en het aantal mensen is onbekend: op die schaal "
        "gaat het risico een niveau omhoog."),
    "conf.no_exfiltration": (
        "Nothing was copied or taken away: the exposure stayed contained, so the risk comes "
        "down a level.",
        "Er is niets gekopieerd of meegenomen: de blootstelling bleef beperkt, dus het risico "
        "gaat een niveau omlaag."),
    "conf.not_identifiable": (
        "The people cannot be identified from the data: its disclosure is unlikely to affect "
        "them.",
        "De mensen zijn niet uit de gegevens te herleiden: openbaarmaking raakt hen naar "
        "verwachting niet."),
    "conf.encrypted": (
        "The data was encrypted with a state-of-the-art method and the key is safe: it is "
        "unintelligible to whoever holds it.",
        "De gegevens waren versleuteld volgens de stand van de techniek en de sleutel is "
        "veilig: voor wie ze heeft zijn ze onleesbaar."),
    "conf.key_compromised": (
        "The data was encrypted, but the key was compromised as well: the encryption no longer "
        "protects it.",
        "De gegevens waren versleuteld, maar ook de sleutel is gelekt: de versleuteling "
        "beschermt niet meer."),
    "conf.key_compromised_assumed": (
        "The data was encrypted, but it is not known whether the key is safe: treated as "
        "compromised until that is established.",
        "De gegevens waren versleuteld, maar het is niet bekend of de sleutel veilig is: tot "
        "dat vaststaat geldt hij als gelekt."),
    "conf.trusted": (
        "The only recipient is a trusted party that has deleted or returned the data: the risk "
        "is gone.",
        "De enige ontvanger is een vertrouwde partij die de gegevens heeft verwijderd of "
        "teruggegeven: het risico is weg."),
    "conf.recovered": (
        "The data was recovered and nobody is known to have copied it: the risk comes down a "
        "level.",
        "De gegevens zijn terug en er is niet bekend dat iemand ze heeft gekopieerd: het risico "
        "gaat een niveau omlaag."),
    "conf.mistake_undone": (
        "Ordinary data of a few people went astray by mistake and has been returned or "
        "deleted: the breach is unlikely to affect them.",
        "Gewone gegevens van een paar mensen kwamen per vergissing verkeerd terecht en zijn "
        "teruggegeven of verwijderd: het lek raakt hen naar verwachting niet."),
    # integrity: altered data
    "integ.restored": (
        "The altered data can be put right from a backup or the recovered original: little "
        "lasting effect.",
        "De gewijzigde gegevens zijn te herstellen met een back-up of het teruggevonden "
        "origineel: weinig blijvend effect."),
    "integ.restored_special": (
        "The altered data can be put right, but wrong health or other special-category data may "
        "have been relied on meanwhile: a risk.",
        "De gewijzigde gegevens zijn te herstellen, maar intussen is misschien op foute "
        "gezondheids- of andere bijzondere gegevens vertrouwd: een risico."),
    "integ.lost": (
        "The correct data cannot be restored: people may be judged or served on wrong data, a "
        "risk.",
        "De juiste gegevens zijn niet te herstellen: mensen kunnen op foute gegevens worden "
        "beoordeeld of geholpen, een risico."),
    "integ.lost_assumed": (
        "It is not known whether a backup or the original exists: assumed the correct data "
        "cannot be restored, a risk.",
        "Het is niet bekend of er een back-up of het origineel is: aangenomen dat de juiste "
        "gegevens niet te herstellen zijn, een risico."),
    "integ.lost_special": (
        "Special-category data was altered and cannot be put right: people may be treated on "
        "wrong data, so the risk is high.",
        "Bijzondere persoonsgegevens zijn gewijzigd en niet te herstellen: mensen kunnen op "
        "foute gegevens worden behandeld, dus het risico is hoog."),
    "integ.lost_special_assumed": (
        "Special-category data was altered and it is not known whether it can be restored: "
        "assumed it cannot, so the risk is high.",
        "Bijzondere persoonsgegevens zijn gewijzigd en het is niet bekend of ze te herstellen "
        "zijn: aangenomen van niet, dus het risico is hoog."),
    # availability: lost or unreachable data
    "avail.short": (
        "The data was restored within {hours} h: no lasting effect on the people.",
        "De gegevens waren binnen {hours} uur terug: geen blijvend effect voor de mensen."),
    "avail.short_special": (
        "The data was restored within {hours} h, but with special-category data (such as "
        "patient records) even a short outage can hurt people, for instance by delaying care: "
        "a risk.",
        "De gegevens waren binnen {hours} uur terug, maar bij bijzondere gegevens (zoals "
        "patiëntdossiers) kan ook een korte uitval mensen schaden, bijvoorbeeld door uitgestelde "
        "zorg: een risico."),
    "avail.backup": (
        "A backup is available and nothing shows a long outage or a service people depend on: "
        "the loss of availability is unlikely to affect them.",
        "Er is een back-up en niets wijst op een lange uitval of een dienst waar mensen van "
        "afhangen: het verlies van beschikbaarheid raakt hen naar verwachting niet."),
    "avail.long": (
        "The data was unavailable for {hours} h: people may miss services they rely on, a "
        "risk.",
        "De gegevens waren {hours} uur onbereikbaar: mensen kunnen diensten missen waar ze op "
        "rekenen, een risico."),
    "avail.long_assumed": (
        "The data can be restored, but it is not known how long that takes: treated as a long "
        "outage, a risk.",
        "De gegevens zijn te herstellen, maar niet bekend is hoe lang dat duurt: het geldt als "
        "een lange uitval, een risico."),
    "avail.long_special": (
        "Special-category data such as patient records was unavailable for {hours} h: care may "
        "be delayed, so the risk is high.",
        "Bijzondere persoonsgegevens zoals patiëntdossiers waren {hours} uur onbereikbaar: zorg "
        "kan vertraging oplopen, dus het risico is hoog."),
    "avail.long_special_assumed": (
        "Special-category data such as patient records is unavailable and it is not known for "
        "how long: treated as a long outage, so the risk is high.",
        "Bijzondere persoonsgegevens zoals patiëntdossiers zijn onbereikbaar en niet bekend is "
        "hoe lang: het geldt als een lange uitval, dus het risico is hoog."),
    "avail.lost": (
        "The data is lost for good (no backup, not recovered): a risk.",
        "De gegevens zijn voorgoed verloren (geen back-up, niet teruggevonden): een risico."),
    "avail.lost_assumed": (
        "It is not known whether a backup exists or the data was recovered: assumed lost for "
        "good, a risk.",
        "Het is niet bekend of er een back-up is of de gegevens terug zijn: aangenomen dat ze "
        "voorgoed verloren zijn, een risico."),
    "avail.lost_special": (
        "Special-category data is lost for good: the risk is high.",
        "Bijzondere persoonsgegevens zijn voorgoed verloren: het risico is hoog."),
    "avail.lost_special_assumed": (
        "Special-category data is gone and it is not known whether a backup exists: assumed "
        "lost for good, so the risk is high.",
        "Bijzondere persoonsgegevens zijn weg en het is niet bekend of er een back-up is: "
        "aangenomen dat ze voorgoed verloren zijn, dus het risico is hoog."),
    # who must act, and how
    "role.processor": (
        "You are the processor: tell the controller without undue delay (Art. 33(2)). The "
        "controller weighs the risk and notifies the authority and the people; its clock "
        "starts when you tell it.",
        "U bent de verwerker: licht de verwerkingsverantwoordelijke zonder onnodige vertraging "
        "in (art. 33(2)). Die weegt het risico en meldt bij de toezichthouder en de "
        "betrokkenen; de termijn loopt vanaf uw melding."),
    "role.assumed": (
        "It is not known whether you act as controller or as processor: assessed as the "
        "controller, who has to notify.",
        "Het is niet bekend of u verwerkingsverantwoordelijke of verwerker bent: beoordeeld "
        "als verwerkingsverantwoordelijke, die moet melden."),
    "exception.public": (
        "The contact details were lost with the data: reaching each person would take "
        "disproportionate effort, so inform them through a public communication instead "
        "(Art. 34(3)(c)).",
        "De contactgegevens zijn met de gegevens verloren: iedereen apart bereiken kost "
        "onevenredig veel moeite, dus informeer hen met een openbare mededeling "
        "(art. 34(3)(c))."),
    # careful assumptions the answer rests on
    "assume.nature": (
        "What kind of breach this is, is not known yet: disclosure, alteration and loss are all "
        "assumed possible.",
        "Wat voor lek dit is, is nog niet bekend: openbaarmaking, wijziging en verlies worden "
        "alle drie mogelijk geacht."),
    "assume.exfiltration": (
        "It is not known whether data was copied or taken: assumed it may have been.",
        "Het is niet bekend of er gegevens zijn gekopieerd of meegenomen: aangenomen van wel."),
    "assume.risk_source": (
        "It is not known who caused the breach: bad intent is assumed possible.",
        "Het is niet bekend wie het lek veroorzaakte: kwade opzet wordt mogelijk geacht."),
    "assume.encryption": (
        "It is not known whether the data was encrypted with a safe key: treated as readable.",
        "Het is niet bekend of de gegevens versleuteld waren met een veilige sleutel: ze "
        "gelden als leesbaar."),
    "assume.backup": (
        "It is not known whether a backup exists or how fast it restores: no quick restore is "
        "assumed.",
        "Het is niet bekend of er een back-up is of hoe snel die terugzet: er wordt geen snel "
        "herstel aangenomen."),
    "assume.data_recovered": (
        "It is not known whether the data was recovered: assumed it was not.",
        "Het is niet bekend of de gegevens terug zijn: aangenomen van niet."),
    "assume.recipients_trusted": (
        "It is not known whether the recipient can be trusted and has deleted the data: "
        "assumed not.",
        "Het is niet bekend of de ontvanger te vertrouwen is en de gegevens heeft verwijderd: "
        "aangenomen van niet."),
    "assume.identifiable": (
        "It is not known whether the people can be identified from the data: assumed they "
        "can.",
        "Het is niet bekend of de mensen uit de gegevens te herleiden zijn: aangenomen van wel."),
}

LABELS: dict[str, tuple[str, str]] = {
    "risk": ("Risk", "Risico"),
    "none": ("unlikely to result in a risk", "waarschijnlijk geen risico"),
    "risk.risk": ("a risk to the people affected", "een risico voor de betrokkenen"),
    "high": ("a high risk to the people affected", "een hoog risico voor de betrokkenen"),
    "authority": ("Notify the authority", "Melden bij de toezichthouder"),
    "authority.yes": ("yes: {authority}, within {hours} hours of becoming aware",
                      "ja: {authority}, binnen {hours} uur na het ontdekken"),
    "authority.no": ("no; record the breach in your own register (Art. 33(5))",
                     "nee; leg het lek vast in uw eigen register (art. 33(5))"),
    "authority.processor": ("not yourself: tell the controller (Art. 33(2))",
                            "niet zelf: licht de verwerkingsverantwoordelijke in (art. 33(2))"),
    "subjects": ("Tell the people affected", "De betrokkenen informeren"),
    "subjects.yes": ("yes, without undue delay (Art. 34)",
                     "ja, zonder onnodige vertraging (art. 34)"),
    "subjects.public": ("yes, through a public communication (Art. 34(3)(c))",
                        "ja, met een openbare mededeling (art. 34(3)(c))"),
    "subjects.no": ("not required", "niet verplicht"),
    "exception": ("Exception", "Uitzondering"),
    "unintelligible": ("Art. 34(3)(a): the data is unintelligible",
                       "art. 34(3)(a): de gegevens zijn onleesbaar"),
    "measures_removed_risk": ("Art. 34(3)(b): measures took away the high risk",
                              "art. 34(3)(b): maatregelen hebben het hoge risico weggenomen"),
    "disproportionate_effort": ("Art. 34(3)(c): a public communication instead",
                                "art. 34(3)(c): een openbare mededeling in plaats daarvan"),
    "unknowns": ("Rests on facts not yet known", "Berust op nog onbekende feiten"),
    "why": ("Why", "Waarom"),
    "enisa": ("ENISA severity", "ENISA-ernst"),
    "raises": ("raises", "verhoogt"),
    "lowers": ("lowers", "verlaagt"),
    "decides": ("decides", "beslist"),
    "low": ("low", "laag"),
    "medium": ("medium", "gemiddeld"),
    "high.enisa": ("high", "hoog"),
    "very_high": ("very high", "zeer hoog"),
}


def say(key: str, language: str, table: dict[str, tuple[str, str]] = REASONS,
        **values: Any) -> str:
    english, dutch = table[key]
    text = dutch if language == "nl" else english
    return text.format(**{k: number(v, language) for k, v in values.items()})


def label(key: str, language: str, **values: Any) -> str:
    return say(key, language, LABELS, **values)


def number(value: Any, language: str) -> str:
    """1234.5 → '1,234.5' in English, '1.234,5' in Dutch."""
    if not isinstance(value, int | float):
        return str(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    if language == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text
