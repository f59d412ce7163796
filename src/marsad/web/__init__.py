"""The dashboard and JSON API over the store (`marsad serve`).

Server-rendered pages (Jinja2, autoescaped) with a little JavaScript of our own in
static/; Leaflet comes from the XStatic-Leaflet package, never from a CDN. Every page
has a JSON twin described by FastAPI's /openapi.json:

    /                       map, control-over-time slider, timeline     /map.json /timeline.json /control.json
    /events                 events list with filters and paging          /events.json
    /event/{id}             reconciled fields, claims side by side       /event/{id}.json
    /article/{id}           cleaned text with mentions, its claims       /article/{id}.json
    /control/{place_id}     a place's control history with evidence      /control/{place_id}.json
    /sources, /source/{n}   claimants and how their figures compare      /sources.json /source/{n}.json
    /search?q=              full-text over articles, and events          /search.json
    POST /api/ingest        upload or paste an article (token needed)

Filters (date range, actor, type, source kind, place or country, status, minimum
fatalities) are query parameters, so a view is shared by its URL.
"""

from marsad.web.app import create_app

__all__ = ["create_app"]
