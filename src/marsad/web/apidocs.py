"""The API's own reference page (/docs), drawn on the server from the OpenAPI schema.

FastAPI's default /docs loads Swagger UI from a CDN, which the dashboard's
Content-Security-Policy blocks (and marsad must work offline): the page was blank. This
page needs no script and nothing from another host: every operation with its method,
path, summary, description, parameters and request body."""

from __future__ import annotations

from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return components.get(ref.rsplit("/", 1)[1], {})
    return schema


def _type(schema: dict, components: dict) -> str:
    """A parameter's type in a few words ("string", "integer 1..500", "one of: type, actor")."""
    schema = _resolve(schema, components)
    options = [_resolve(s, components) for s in schema.get("anyOf", [])]
    options = [s for s in options if s.get("type") != "null"] or [schema]
    words = []
    for s in options:
        if "enum" in s:
            words.append("one of: " + ", ".join(str(v) for v in s["enum"]))
            continue
        kind = s.get("type", "any")
        if kind == "array":
            kind = f"list of {_type(s.get('items', {}), components)}"
        if s.get("format"):
            kind += f" ({s['format']})"
        lo, hi = s.get("minimum"), s.get("maximum")
        if lo is not None or hi is not None:
            kind += f" {'' if lo is None else lo}..{'' if hi is None else hi}"
        if s.get("maxLength") is not None:
            kind += f", at most {s['maxLength']} characters"
        words.append(kind)
    return " or ".join(words)


def operations(spec: dict) -> list[dict[str, Any]]:
    """Every operation of an OpenAPI document, in path order, ready for the page."""
    components = spec.get("components", {}).get("schemas", {})
    out = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = []
            for p in op.get("parameters", []):
                schema = p.get("schema", {})
                params.append({"name": p["name"], "in": p.get("in", ""), "required": bool(p.get("required")),
                               "type": _type(schema, components), "default": schema.get("default"),
                               "description": p.get("description") or schema.get("description") or ""})
            body = op.get("requestBody", {}).get("content", {})
            out.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "tags": op.get("tags", []),
                        "parameters": params, "body": list(body),
                        "anchor": f"{method}-{path.strip('/').replace('/', '-').replace('{', '').replace('}', '')}"})
    return out
