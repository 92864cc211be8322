"""Broadsheet: the web platform of an English-language daily newspaper for Korean readers."""
