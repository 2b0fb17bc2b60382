"""Reading plotly figures as AppTest sees them (JSON specs whose arrays may come base64-encoded)."""

from __future__ import annotations

import base64
import json
import struct

_FORMATS = {"f8": "d", "f4": "f", "i1": "b", "i2": "h", "i4": "i", "u1": "B", "u2": "H", "u4": "I"}


def values(array) -> list[float]:
    """Plotly JSON arrays come as lists or as {"dtype", "bdata"} (base64)."""
    if isinstance(array, dict) and "bdata" in array:
        raw = base64.b64decode(array["bdata"])
        fmt = _FORMATS[array["dtype"]]
        return list(struct.unpack(f"<{len(raw) // struct.calcsize(fmt)}{fmt}", raw))
    return list(array)


def figures(at) -> list[dict]:
    """Every plotly chart an AppTest run shows, as a JSON dict."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
