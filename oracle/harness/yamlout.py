"""A small block-style YAML emitter for generated manifests (no third-party modules)."""
import json
import re

_PLAIN = re.compile(r'^[A-Za-z_/][A-Za-z0-9_./-]*$')
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def scalar(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    s = str(v)
    if _PLAIN.match(s) and s.lower() not in _RESERVED:
        return s
    return json.dumps(s)


def emit(v, indent=0):
    pad = "  " * indent
    out = []
    if isinstance(v, dict):
        if not v:
            return pad + "{}\n"
        for k, x in v.items():
            key = scalar(k)
            if isinstance(x, (dict, list)) and x:
                out.append(f"{pad}{key}:\n{emit(x, indent + 1)}")
            elif isinstance(x, dict):
                out.append(f"{pad}{key}: {{}}\n")
            elif isinstance(x, list):
                out.append(f"{pad}{key}: []\n")
            else:
                out.append(f"{pad}{key}: {scalar(x)}\n")
        return "".join(out)
    if isinstance(v, list):
        for x in v:
            if isinstance(x, dict) and x:
                body = emit(x, indent + 1)
                first = body[len(pad) + 2:]
                out.append(f"{pad}- {first}")
            elif isinstance(x, list) and x:
                out.append(f"{pad}-\n{emit(x, indent + 1)}")
            else:
                out.append(f"{pad}- {scalar(x) if not isinstance(x, (dict, list)) else ('{}' if isinstance(x, dict) else '[]')}\n")
        return "".join(out)
    return pad + scalar(v) + "\n"


def stream(objs, header=None):
    parts = []
    for o in objs:
        parts.append(emit(o))
    text = "---\n".join(parts)
    if header:
        text = "".join(f"# {line}\n" for line in header.splitlines()) + text
    return text
