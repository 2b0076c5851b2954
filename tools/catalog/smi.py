"""SMI text of product MIBs, shared by tools/catalog/network-products and power-security-products.

parse(paths) reads every OBJECT IDENTIFIER / OBJECT-IDENTITY / MODULE-IDENTITY definition
(ASN.1 comments blanked, the IMPORTS clause dropped; each file its own name space) with the
text a row is classified from: its DESCRIPTION, else the comment on its own line, else the
full-line comment just above it.  resolve(defs, roots) follows parents to numeric OIDs, names a
file imports being rooted by `roots`.  write_table prints a whole .products.tsv.
"""
import re
import sys

DEF_RE = re.compile(
    r"(?<![\w-])([A-Za-z][\w-]*)\s+(OBJECT\s+IDENTIFIER|OBJECT-IDENTITY|MODULE-IDENTITY)\b"
    r"(.*?)::=\s*\{\s*([A-Za-z][\w-]*)((?:\s+\d+)+)\s*\}",
    re.S,
)
DESCR_RE = re.compile(r'\bDESCRIPTION\s*"([^"]*)"', re.S)
RESERVED = {"IMPORTS", "FROM", "SYNTAX", "BEGIN", "END", "DEFINITIONS"}


def blank_comments(text):
    """Return (clean, comments): clean has every comment replaced by spaces (same length,
    newlines kept); comments[i] is the comment text found on line i (or "")."""
    out = []
    comments = []
    for line in text.split("\n"):
        res = []
        found = []
        i, n = 0, len(line)
        instr = False
        while i < n:
            c = line[i]
            if instr:
                res.append(c)
                if c == '"':
                    instr = False
                i += 1
                continue
            if c == '"':
                instr = True
                res.append(c)
                i += 1
                continue
            if line.startswith("--", i):
                j = line.find("--", i + 2)
                end = n if j < 0 else j + 2
                found.append(line[i + 2:(n if j < 0 else j)].strip(" -\t"))
                res.append(" " * (end - i))
                i = end
                continue
            res.append(c)
            i += 1
        out.append("".join(res))
        comments.append(" ".join(f for f in found if f))
    return "\n".join(out), comments


def parse(paths):
    """(file, name) -> dict(name, parent, arcs, kind, text, file); text = description or
    comment.  Each file is its own name space (two Dell modules both define s6000on)."""
    defs = {}
    for path in paths:
        raw = open(path, encoding="utf-8", errors="replace").read()
        clean, comments = blank_comments(raw)
        clean = re.sub(r"\bIMPORTS\b.*?;", lambda m: re.sub(r"[^\n]", " ", m.group(0)), clean,
                       count=1, flags=re.S)
        lines_clean = clean.split("\n")
        for m in DEF_RE.finditer(clean):
            name, kind, body, parent, arcs = m.groups()
            bare = re.sub(r'"[^"]*"', '""', body)
            if name in RESERVED or re.search(r"\bOBJECT\s+IDENTIFIER\b|-IDENTITY\b", bare):
                print("%s: skipped odd definition near %r" % (path, name), file=sys.stderr)
                continue
            arcs = tuple(int(a) for a in arcs.split())
            start_line = clean.count("\n", 0, m.start(1))
            end_line = clean.count("\n", 0, m.end())
            text = ""
            d = DESCR_RE.search(body)
            if d:
                text = " ".join(d.group(1).split())
            elif comments[end_line]:
                text = comments[end_line]
            elif start_line > 0 and comments[start_line - 1] and not lines_clean[start_line - 1].strip():
                text = comments[start_line - 1]
            entry = {"name": name, "parent": parent, "arcs": arcs, "kind": kind.split()[0],
                     "text": text, "file": path}
            if (path, name) in defs:
                print("warning: %s defined twice in %s" % (name, path), file=sys.stderr)
                continue
            defs[(path, name)] = entry
    return defs


def resolve(defs, roots):
    """(file, name) -> OID.  A parent is looked up in the same file first, then in the other
    files (an imported name; it must resolve to one OID there), then in `roots` (name -> OID)."""
    by_name = {}
    for key in defs:
        by_name.setdefault(key[1], []).append(key)
    cache = {}

    def oid(key, depth=0):
        if key in cache:
            return cache[key]
        if depth > 64:
            return None
        p = lookup(key[0], defs[key]["parent"], depth)
        cache[key] = None if p is None else p + defs[key]["arcs"]
        return cache[key]

    def lookup(path, name, depth):
        if (path, name) in defs:
            return oid((path, name), depth + 1)
        found = {oid(k, depth + 1) for k in by_name.get(name, [])} - {None}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            print("warning: imported %s is ambiguous" % name, file=sys.stderr)
            return None
        return roots.get(name)

    out = {}
    bad = []
    for key in defs:
        o = oid(key)
        if o is None:
            bad.append(key[1])
        else:
            out[key] = o
    if bad:
        print("warning: %d unresolved names, e.g. %s" % (len(bad), sorted(bad)[:5]), file=sys.stderr)
    return out


def children(defs, oids, parents):
    """Keys whose direct parent (in the MIB text) is one of `parents`, not MODULE-IDENTITYs."""
    return [k for k, d in defs.items()
            if d["parent"] in parents and k in oids and d["kind"] != "MODULE-IDENTITY"]


def write_table(header, rows, maker):
    """Print a product table: the header comment, the column line, then the rows
    (oid tuple, class, family, name, model), sorted; a second row for one OID is reported."""
    rows = sorted(set(rows))
    seen = {}
    for o, _, _, n, _ in rows:
        if o in seen:
            print("warning: OID %s used by %s and %s" % (".".join(map(str, o)), seen[o], n),
                  file=sys.stderr)
        seen[o] = n
    out = sys.stdout
    out.write(header)
    out.write("# oid\tclass\tfamily\tname\tmodel\n")
    for o, cls, fam, n, model in rows:
        out.write("%s\t%s\t%s\t%s\t%s\n" % (".".join(map(str, o)), cls, fam, n, model))
    print("%s: %d rows" % (maker, len(rows)), file=sys.stderr)
