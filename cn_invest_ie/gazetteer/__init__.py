"""Gazetteers: administrative places (``places``)."""

from cn_invest_ie.gazetteer.places import Gazetteer, GazetteerDataError, Place, PlaceHit

__all__ = ["Gazetteer", "GazetteerDataError", "Place", "PlaceHit"]
