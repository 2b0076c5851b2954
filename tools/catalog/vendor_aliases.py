"""The catalog's vendor table (Sources/Fingerprinting/Catalog/00-vendors.yaml) as the Python tools read
it: one reader for tools/bench (canonical spellings of labelled makers) and tools/catalog (the
reachability check), so they cannot drift from each other.
"""
import os, re

FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                    "Sources", "Fingerprinting", "Catalog", "00-vendors.yaml")


def entries(path=FILE):
    """The entries in file order, each (canonical name, [alias pattern source])."""
    result, name = [], None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*- name: (.+?)\s*$", line)
        if m: name = m.group(1).strip("'\""); continue
        m = re.match(r"\s*aliases: \[(.*)\]\s*(?:#.*)?$", line)
        if m and name:
            result.append((name, [a.replace("''", "'") for a in re.findall(r"'((?:[^']|'')*)'", m.group(1))]))
    return result


def table(path=FILE):
    """(compiled pattern, canonical name) in file order, as Census applies them (the first match
    wins); a pattern Python's re cannot compile is left out."""
    compiled = []
    for name, aliases in entries(path):
        for alias in aliases:
            try: compiled.append((re.compile(alias), name))
            except re.error: pass
    return compiled


def owner(text, table):
    """The canonical name of the first alias of `table` that matches `text`, or None."""
    for pattern, name in table:
        if pattern.search(text): return name
    return None


def canonical(text, table):
    """`text` in Census's spelling (3Com → HPE, Enterasys → Extreme Networks): its owner, else itself."""
    return owner(text, table) or text
