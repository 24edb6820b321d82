"""The documents' colours, as the PDF stylesheet (templates/style.css, paged.css) sets them.

One design in every format: the DOCX and XLSX writers take their colours from here, and
tests/test_office_design.py checks that each one is the stylesheet's.
"""

NAVY = "1F3B5C"  # titles and headings
ACCENT = "2F5597"  # cover band, heading rules, table header rows, links
ORANGE = "E08A1E"  # the short rule on the cover
TEXT = "222B36"  # body text
MUTED = "5B6775"  # running header, footer, cover labels and date, captions
RULE = "C8D3DF"  # running header rule, the rule above the cover date
COVER_RULE = "D5DDE7"  # between the cover's label/value lines
TABLE_BORDER = "B9C6D6"
HEADER_TEXT = "FFFFFF"  # on ACCENT
ZEBRA = "F3F6FA"  # every second body row
KV_LABEL = "EAF0F7"  # label column of two-column tables
NOTE_FILL = "F1F5FA"
GOOD, GOOD_FILL = "1E7B34", "E6F4EA"
BAD, BAD_FILL = "B3261E", "FBE9E7"
