"""Text as a phone sees it: SMS segments, GSM-7 or UCS-2, SMS-safe rendering (sms), and the
normalisation every keyword comparison starts from (normalize).
"""

from __future__ import annotations

from hotline.text.normalization import normalize

# isort: split
# facets last: they may import modules that import the names above
from hotline.text import sms

__all__ = [
    "normalize",
    "sms",
]
