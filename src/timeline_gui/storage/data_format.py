"""What docs/data-format.md promises of a data file: the schema this version reads and the limits it keeps.

No PyYAML here, so that the About box and the listing reader can name them without loading the YAML reader.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
# A file over one of these limits is refused with a message naming it.
MAX_FILE_BYTES = 1024 * 1024 * 1024
# Values that aliases make the reader walk again (an alias of a list of a thousand places counts a thousand
# and one): at most ten for each value written in the file before, and 10,000 in any case, so that the work
# of reading stays in proportion to the file however its aliases fan out.
ALIAS_NODES_PER_VALUE = 10
MIN_ALIAS_NODES = 10_000
MAX_LIST_ITEMS = 1_000  # items of one bulletin's initiatives, crime_types, places or partners
MAX_TEXT_LENGTH = 2_000
MAX_KEYWORD_LENGTH = 100  # one of a taxonomy entry's keywords
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_NESTING_DEPTH = 1000  # libyaml's own limit on nested lists/mappings; the reader walks far fewer
MAX_ERRORS = 1_000  # a file with more problems is reported up to this many, then the reading stops
