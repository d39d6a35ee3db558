"""Month and weekday names in the languages news databases print dates in.

Factiva and Nexis write a document's date in the language of the user's interface, so one
download may say "13 November 2017", "13. November 2017", "13 novembre 2017" or "13 de
noviembre de 2017". Names are matched lower-cased, with or without a final period; no name
means two different months in two languages, which the tests check.
"""

from __future__ import annotations

# One tuple per month: full names and abbreviations in English, German, French, Spanish,
# Italian, Portuguese, Dutch, Swedish/Danish/Norwegian and Russian (nominative and genitive).
_MONTHS: tuple[tuple[str, ...], ...] = (
    ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen")
    + ("janeiro", "januari", "январь", "января", "янв"),
    ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "fév", "fev")
    + ("febrero", "febbraio", "fevereiro", "februari", "февраль", "февраля", "фев", "февр"),
    ("march", "mar", "märz", "maerz", "mär", "mrz", "mars", "marzo", "março", "marco", "maart")
    + ("mrt", "marts", "март", "марта", "мар"),
    ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "апрель", "апреля", "апр"),
    ("may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maj", "май", "мая"),
    ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "июнь", "июня", "июн"),
    ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "июль")
    + ("июля", "июл"),
    ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "augusti", "авг", "август")
    + ("августа",),
    ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set")
    + ("setembro", "сентябрь", "сентября", "сен", "сент"),
    ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro")
    + ("out", "октябрь", "октября", "окт"),
    ("november", "nov", "novembre", "noviembre", "novembro", "ноябрь", "ноября", "ноя", "нояб"),
    ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic")
    + ("dicembre", "dezembro", "desember", "december", "декабрь", "декабря", "дек"),
)

MONTHS: dict[str, int] = {name: number for number, names in enumerate(_MONTHS, 1) for name in names}

# Weekdays may stand before or after a date ("January 11, 2010 Monday", "Montag, 13. November").
WEEKDAYS: frozenset[str] = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs"
    " fri sat sun montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di"
    " mi do fr sa so lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven"
    " sam dim lunes martes miércoles miercoles jueves viernes sábado sabado domingo lunedì"
    " lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi sabato"
    " domenica segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira"
    " maandag dinsdag woensdag donderdag vrijdag zaterdag zondag måndag tisdag onsdag torsdag"
    " fredag lördag söndag mandag tirsdag lørdag søndag понедельник вторник среда четверг"
    " пятница суббота воскресенье".split()
)


def month_number(name: str) -> int | None:
    """1-12 for a month name or abbreviation in any listed language, else None."""
    return MONTHS.get(name.lower().rstrip("."))


def is_weekday(word: str) -> bool:
    return word.lower().strip(".,") in WEEKDAYS
