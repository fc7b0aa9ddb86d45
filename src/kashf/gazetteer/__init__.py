"""Syrian place names: the gazetteer and place spotting.

>>> from kashf.gazetteer import find_places
>>> m = find_places("اشتباكات في ريف الرقة الشرقي")[0]
>>> (m.admin1, m.location, m.geo_precision)
('Ar-Raqqa', 'Ar-Raqqa', 2)

The table ships with the package (OCHA/UNCS 2015 COD and GeoNames, see NOTICE.md) and loads
lazily on first use; ``kashf gazetteer import FILE.csv`` adds the user's own places.
"""

from __future__ import annotations

from kashf.gazetteer.gazetteer import Gazetteer, user_data_dir, user_places_path
from kashf.gazetteer.model import ACLED_ADMIN1, Place, PlaceMention
from kashf.gazetteer.spotting import find_places

__all__ = [
    "ACLED_ADMIN1",
    "Gazetteer",
    "Place",
    "PlaceMention",
    "find_places",
    "user_data_dir",
    "user_places_path",
]
