"""cn_invest_ie: investment events from Chinese government press releases, with exact values and spans.

>>> from cn_invest_ie import extract
>>> doc = extract("累计签约项目104个，总金额1104.08亿元。")
>>> [(m.label.value, m.text, m.value) for m in doc.mentions]
[('MONEY', '1104.08亿元', Decimal('110408000000'))]
"""

from cn_invest_ie.api import Config, Extractor, extract
from cn_invest_ie.types import Document, Event, EventKind, Label, Mention, Qualifier, Stage

__version__ = "0.1.0"

__all__ = [
    "Config", "Document", "Event", "EventKind", "Extractor", "Label", "Mention", "Qualifier", "Stage",
    "__version__", "extract",
]
