"""English dates as the program writes them ("15 April 2027"), day first, in every English locale;
the other languages use Django's own formats for them (decision 0018)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
MONTH_DAY_FORMAT = "j M"
