"""Hexad's REST API (django-ninja) and the personal API tokens it accepts.

The API itself is assembled in `hexad.api.v1` from one router per app (`hexad/<app>/api.py`);
this package holds what every router shares (auth, errors, paging, schemas) and the tokens.
See docs/api.md.
"""
