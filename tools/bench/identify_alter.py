"""The altered copies of recordings tools/bench/identify reads for --new-products and --perturb,
and the same change applied to a label (imported by its scorer).

    list | python3 identify_alter.py SOURCE TARGET NEW_PRODUCTS(0|1) PERTURB(''|respace|versions|entity|names|maker-names|nul|mib2)

Each recording SOURCE/<name>.snmprec named on stdin is written to TARGET/<name>.snmprec:
- new products: a sysObjectID under a maker's arc moved to a product number no maker has used
  (1.3.6.1.4.1.9.1.617 -> 1.3.6.1.4.1.9.1.617999); agent toolkits' (net-snmp 8072, UCD-SNMP 2021)
  and Microsoft's (311) arcs name an operating system, not a product, and are left;
- respace: sysDescr's runs of spaces, tabs and line breaks collapsed to one space;
- versions: every dotted number in every text value moved one on (`later_release`);
- entity: ENTITY-MIB's entPhysicalClass column left out, as restricted views and trimmed agents
  do: the chassis must be found from the other columns;
- names: what the administrator sets said otherwise: sysName, sysContact, sysLocation, and the
  host name a Unix-like sysDescr carries after the kernel's name ("Linux <host> 5.15…") where it
  is the sysName's (an appliance's firmware may name its product there instead) (`renamed`);
- maker-names: the same objects set to what administrators often write, another maker's name and
  product: the host "juniper-ex4300-core1", a contact "HPE support contract 4471", a location
  "Rack 3 (Cisco cabinet), floor 2" — words a device's own answers never lend;
- nul: a NUL octet after every text value (not after octets that are not text, such as an
  address), as agents that count C's string terminator send them;
- mib2: MIB-2's objects alone (1.3.6.1.2.1: the system group, interfaces, ENTITY-MIB, host
  resources and the rest), as a community whose view stops there answers: none of the maker's
  own objects (1.3.6.1.4.1) or any other subtree.
"""
import binascii, os, re, sys

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
ENT_PHYSICAL_CLASS = "1.3.6.1.2.1.47.1.1.1.1.5."
MIB2 = "1.3.6.1.2.1."
SYS_CONTACT, SYS_NAME, SYS_LOCATION = "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0"
# uname -a's shape, which net-snmp and its kin write as sysDescr: the kernel's name, then the host's.
UNAME = re.compile(r"^((?:Linux|FreeBSD|NetBSD|OpenBSD|DragonFly|SunOS|Darwin|HP-UX|AIX|IRIX64|IRIX|OSF1|ULTRIX|BSD/OS) )(\S+)( )")
RENAMED = {
    "names": {SYS_NAME: "site7-dev42", SYS_CONTACT: "noc@example.net", SYS_LOCATION: "Floor 2, comms room"},
    "maker-names": {SYS_NAME: "juniper-ex4300-core1", SYS_CONTACT: "HPE support contract 4471",
                    SYS_LOCATION: "Rack 3 (Cisco cabinet), floor 2"},
}
SYS_OBJECT_ID = re.compile(r"(1\.3\.6\.1\.2\.1\.1\.2\.0\|6\|1\.3\.6\.1\.4\.1\.\d+(?:\.\d+)*\.)(\d+)$")
OS_ARCS = ("8072", "2021", "311")
# A dotted number: digits and dots, not part of a longer run of them ("7.1.045", "05.03.0000.0010",
# "Rel.NSAE.8.4.0.8").
DOTTED = re.compile(r"(?<!\d)(?<!\d\.)\d+(?:\.\d+)+(?!\.?\d)")


def later_release(text):
    """`text` as the next release would write it: each part of each dotted number one on, zero
    padding kept; numbers without a dot stay.

    >>> later_release("Version 7.1.045, Release 2432P06")
    'Version 8.2.046, Release 2432P06'
    >>> later_release("AIX version: 05.03.0000.0010; 5.99; v3.6.9 (build 12.); Rel.NSAE.8.4.0.8")
    'AIX version: 06.04.0001.0011; 6.100; v4.7.10 (build 12.); Rel.NSAE.9.5.1.9'
    """
    return DOTTED.sub(lambda m: ".".join(str(int(p) + 1).zfill(len(p)) for p in m.group(0).split(".")), text)


def renamed(oid, value, host=None, mode="names"):
    """A system group value as another administrator would set it (None: not theirs to set);
    `host` is the recording's sysName, `mode` names or maker-names.

    >>> renamed("1.3.6.1.2.1.1.1.0", "Linux nas-backup 4.4.302+ #72806 SMP x86_64", "nas-backup.example.org")
    'Linux site7-dev42 4.4.302+ #72806 SMP x86_64'
    >>> renamed("1.3.6.1.2.1.1.1.0", "Linux AD-1800-FP2 2.6.30 #1 SMP x86_64", "DUMSYS-85") is None
    True
    >>> renamed("1.3.6.1.2.1.1.1.0", "Cisco IOS Software, C2960 Software", "core-1") is None
    True
    >>> renamed("1.3.6.1.2.1.1.5.0", "DiskStation")
    'site7-dev42'
    >>> renamed("1.3.6.1.2.1.1.1.0", "Linux nas-backup 4.4.302+ #72806", "nas-backup", "maker-names")
    'Linux juniper-ex4300-core1 4.4.302+ #72806'
    """
    if oid == SYS_DESCR:
        m = UNAME.match(value)
        names = {host.lower(), host.split(".")[0].lower()} if host else set()
        if not m or m.group(2).lower() not in names:
            return None
        return m.group(1) + RENAMED[mode][SYS_NAME] + m.group(3) + value[m.end():]
    return RENAMED[mode].get(oid)


def altered_value(oid, value, perturb, host=None):
    """A text value changed as `perturb` says (None: left as it is)."""
    if perturb in RENAMED:
        return renamed(oid, value, host, perturb)
    if perturb == "respace" and oid == SYS_DESCR:
        return " ".join(value.split())
    if perturb == "versions":
        return later_release(value)
    if perturb == "nul" and value and all(c.isprintable() or c in "\r\n\t" for c in value):
        return value + "\0"  # text only: an address or other octets stay as they are
    return None


def altered_line(line, new_products, perturb, host=None):
    """One snmprec line as the altered recording holds it (None: left out); `host` is the
    recording's sysName (for `names` and `maker-names`).

    >>> altered_line("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.617", True, "")
    '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.9.1.617999'
    >>> altered_line("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10", True, "")
    '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10'
    >>> altered_line("1.3.6.1.2.1.1.1.0|4x|41202042200d0a43", False, "respace")
    '1.3.6.1.2.1.1.1.0|4x|4120422043'
    >>> altered_line("1.3.6.1.2.1.1.5.0|4|core  1.2", False, "respace")
    '1.3.6.1.2.1.1.5.0|4|core  1.2'
    >>> altered_line("1.3.6.1.2.1.47.1.1.1.1.10.1|4|15.2(4)E10 1.0.3", False, "versions")
    '1.3.6.1.2.1.47.1.1.1.1.10.1|4|16.3(4)E10 2.1.4'
    >>> altered_line("1.3.6.1.2.1.1.5.0|4|core-1", False, "nul")
    '1.3.6.1.2.1.1.5.0|4x|636f72652d3100'
    >>> altered_line("1.3.6.1.2.1.2.2.1.6.1|4x|001b21a0b1c2", False, "nul")
    '1.3.6.1.2.1.2.2.1.6.1|4x|001b21a0b1c2'
    >>> altered_line("1.3.6.1.2.1.47.1.1.1.1.5.1001|2|3", False, "entity") is None
    True
    >>> altered_line("1.3.6.1.2.1.47.1.1.1.1.13.1001|4|WS-C3850-48P", False, "entity")
    '1.3.6.1.2.1.47.1.1.1.1.13.1001|4|WS-C3850-48P'
    >>> altered_line("1.3.6.1.4.1.12356.100.1.1.1.0|4|FG100F3G19000000", False, "mib2") is None
    True
    >>> altered_line("1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.12356.101.1.1004", False, "mib2")
    '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.12356.101.1.1004'
    """
    if perturb == "entity" and line.startswith(ENT_PHYSICAL_CLASS):
        return None
    if perturb == "mib2" and not line.startswith(MIB2):
        return None
    if new_products:
        m = SYS_OBJECT_ID.match(line)
        if m and m.group(1).split("|")[2].split(".")[6] not in OS_ARCS:
            return f"{m.group(1)}{m.group(2)}999"
    parts = line.split("|", 2)
    if perturb and len(parts) == 3 and parts[1] in ("4", "4x"):
        oid, kind, value = parts
        # Hex values read byte for byte; plain ones as the file was read (undecodable bytes escaped).
        encoding, errors = ("latin-1", "strict") if kind == "4x" else ("utf-8", "surrogateescape")
        try:
            text = binascii.unhexlify(value.strip()).decode(encoding) if kind == "4x" else value
        except (binascii.Error, ValueError):
            return line
        new = altered_value(oid, text, perturb, host)
        if new is not None and new != text:
            if kind == "4x" or any(c in new for c in "\r\n|\0"):
                return f"{oid}|4x|{binascii.hexlify(new.encode(encoding, errors)).decode()}"
            return f"{oid}|4|{new}"
    return line


def system_name(lines):
    """The recording's sysName, as text (None: it has none).

    >>> system_name(["1.3.6.1.2.1.1.1.0|4|x", "1.3.6.1.2.1.1.5.0|4x|6e61732d31"])
    'nas-1'
    """
    for line in lines:
        oid, _, rest = line.partition("|")
        if oid == SYS_NAME:
            kind, _, value = rest.partition("|")
            try:
                return binascii.unhexlify(value.strip()).decode("latin-1") if kind == "4x" else value
            except (binascii.Error, ValueError):
                return None
    return None


def main():
    source, target, new_products, perturb = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
    for rec in sys.stdin.read().split():
        os.makedirs(os.path.dirname(f"{target}/{rec}"), exist_ok=True)
        with open(f"{source}/{rec}.snmprec", errors="surrogateescape") as f, \
                open(f"{target}/{rec}.snmprec", "w", errors="surrogateescape") as out:
            lines = [line.rstrip("\n") for line in f]
            host = system_name(lines) if perturb in RENAMED else None
            for line in lines:
                new = altered_line(line, new_products, perturb, host)
                if new is not None:
                    out.write(new + "\n")


if __name__ == "__main__":
    main()
