#!/usr/bin/python3
"""mkfleet.py [-j JOBS] MKHIVE OUT KIND [ARGS] - the archives of issue 23.

Every hive is samples/healthy-nt4.reg (Contoso / Redmond / EXCH01, DNS domain
contoso.com) with its names changed the way samples/peers/mkarchive.sh does:
organization (Enterprise, the X500 DN's and SiteDN's /o=), site (Site, /ou=),
server (ComputerName, MSExchangeSA Server, the X500 DN's cn=, the TCP/IP
Hostname) and the TCP/IP Domain, every copy of a name consistent.  A hive is
built with MKHIVE once per distinct content (about 3 ms each, JOBS at a time);
where content repeats, the copies are hard links.  Layout: OUT/<case
folder>/<server>/SYSTEM, one case folder per customer.  KIND:

  cross         the cross-shard archive: Contoso (contoso.com) with servers in
                caseA/ (exch01..exch04, exch01 with its SOFTWARE hive) and
                caseB/ (exch05, reinstalled as "Contosso", with a repair copy;
                exch08, correctly spelled, the minority of its own folder's
                hive files); other customers: Fabrikam (caseC/), an unrelated
                company named "Contosso" (caseD/, contosso.net), Tailspin with
                no DNS domain (caseE/).  P1 expected on exch05's two copies only.
  orgs N        N unrelated organizations (random names, seed 23, 1 to 5
                servers each, each its own case folder and DNS domain), with
                near pairs among them as different companies (Contoso and
                Contosso, Fabrikam and Fabrikan, ...).  P1 expected nowhere.
                With --reinstall OUT2: OUT2 is the same archive (hard links)
                but one server of the 4-server customer Contoso reinstalled as
                "Contosso": P1 expected on that server only.
  near N        N servers in one case folder (one scope), their organization
                names all within one edit of each other ("Contoso" and
                "Contoso" + one CJK ideograph each, unique).
  small N [D]   N hives, D (default 1000) distinct servers (customers of 5
                servers), the rest copies of them ("the same hive sent twice",
                under OUT/<case>/sent-KK/<server>/SYSTEM), hard links.

Writes OUT.json (beside OUT, not in it: -r OUT sees hives only): the kind, the counts, and "expect_p1" (paths relative to
OUT of the hives that should get a P1 finding).  Prints one summary line.
"""
import concurrent.futures
import json
import os
import random
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEMPLATE = os.path.join(TOP, "samples", "healthy-nt4.reg")
SOFTWARE = os.path.join(TOP, "samples", "software-sp4.reg")
CITIES = ["Redmond", "Paris", "Lyon", "Oslo", "Berlin", "Madrid", "Lisbon", "Dublin", "Vienna",
          "Prague", "Warsaw", "Munich", "Zurich", "Geneva", "Milan", "Naples", "Seville", "Porto"]
# Near pairs: two different companies each (issue 23: "Contoso" and "Contosso").
NEAR_PAIRS = [("Contoso", "Contosso"), ("Fabrikam", "Fabrikan"), ("Northwind", "Northwnd"),
              ("Adventure", "Adventures"), ("Tailspin", "Tailspinn"), ("Wingtip", "Wingtips"),
              ("Litware", "Litwares"), ("Proseware", "Prosewar")]


class Builder:
    """Builds hives from name sets with mkhive, JOBS at a time."""

    def __init__(self, mkhive, jobs):
        self.mkhive = mkhive
        self.template = open(TEMPLATE, encoding="utf-8").read()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
        self.pending = []
        self.built = 0

    def text(self, org, site, server, domain):
        t = self.template
        lower = server.lower()
        t = t.replace('"EXCH01"', '"%s"' % server).replace("cn=EXCH01/", "cn=%s/" % server)
        t = t.replace('"Hostname"="exch01"', '"Hostname"="%s"' % lower)
        t = t.replace('"Enterprise"="Contoso"', '"Enterprise"="%s"' % org).replace("/o=Contoso/", "/o=%s/" % org)
        t = t.replace('"Site"="Redmond"', '"Site"="%s"' % site).replace("/ou=Redmond", "/ou=%s" % site)
        t = t.replace('"Domain"="contoso.com"', '"Domain"="%s"' % (domain or ""))
        return t

    def hive(self, path, org, site, server, domain):
        """Queue one SYSTEM hive at path."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = self.text(org, site, server, domain).encode("utf-8")
        self.pending.append(self.pool.submit(self._run, [self.mkhive, "-", path], data))

    def software(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.pending.append(self.pool.submit(self._run, [self.mkhive, "-n", "SOFTWARE", SOFTWARE, path], None))

    def _run(self, argv, data):
        p = subprocess.run(argv, input=data, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise RuntimeError("%s: %s" % (" ".join(argv), p.stderr.decode(errors="replace").strip()))

    def wait(self):
        for f in self.pending:
            f.result()
        self.built += len(self.pending)
        self.pending = []


def random_org(rng):
    """A pronounceable name of letters only (digits would make numbered siblings, never near-misses)."""
    syll = ["ka", "to", "ri", "ne", "so", "la", "mi", "vo", "de", "sa", "bru", "tan", "gel", "mor",
            "fin", "dax", "lu", "quo", "zen", "pra", "hol", "ver", "nix", "cor", "bel", "tri", "wen"]
    name = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))
    return name[:1].upper() + name[1:]


def make_cross(b, out):
    """(a): the typo'd server and the majority in different case folders, one DNS domain."""
    rel = []

    def srv(case, server, org, site, domain, sub="", name="SYSTEM"):
        p = os.path.join(case, server.lower(), sub, name)
        b.hive(os.path.join(out, p), org, site, server, domain)
        rel.append(p)
        return p

    for n in range(1, 5):
        srv("caseA", "EXCH0%d" % n, "Contoso", "Redmond", "contoso.com")
    b.software(os.path.join(out, "caseA", "exch01", "SOFTWARE"))
    expect = [srv("caseB", "EXCH05", "Contosso", "Redmond", "contoso.com"),
              srv("caseB", "EXCH05", "Contosso", "Redmond", "contoso.com", sub="repair")]
    srv("caseB", "EXCH08", "Contoso", "Redmond", "contoso.com")
    for n in (1, 2):
        srv("caseC", "FAB0%d" % n, "Fabrikam", "Paris", "fabrikam.com")
        srv("caseD", "CTSSO0%d" % n, "Contosso", "Lyon", "contosso.net")
    srv("caseE", "TAIL01", "Tailspin", "Oslo", None)
    b.wait()
    return {"hives": len(rel) + 1, "expect_p1": sorted(expect), "majority": "Contoso", "typo": "Contosso",
            "typo_server": "EXCH05"}


def org_customers(n, rng):
    """n customers: (org, site, domain, servers) with unique case-folded names and domains."""
    orgs, seen = [], set()
    for a, c in NEAR_PAIRS:
        orgs += [a, c]
    seen = {o.casefold() for o in orgs}
    while len(orgs) < n:
        o = random_org(rng)
        if o.casefold() not in seen:
            seen.add(o.casefold())
            orgs.append(o)
    orgs = orgs[:n]
    rng.shuffle(orgs)
    customers = []
    for o in orgs:
        k = 4 if o == "Contoso" else rng.choice([1] * 16 + [2, 2, 3] + [rng.randint(4, 5)])
        domain = "contoso.com" if o == "Contoso" else o.lower() + ".com"
        customers.append((o, rng.choice(CITIES), domain, k))
    return customers


def make_orgs(b, out, n, variant):
    rng = random.Random(23)
    customers = org_customers(n, rng)
    hives, contoso = [], None
    for i, (org, site, domain, k) in enumerate(customers):
        case = "c%05d" % i
        for s in range(1, k + 1):
            server = "S%05dX%d" % (i, s)
            p = os.path.join(case, server.lower(), "SYSTEM")
            b.hive(os.path.join(out, p), org, site, server, domain)
            hives.append(p)
            if org == "Contoso" and s == 3:
                contoso = (p, site, server, domain)
    b.wait()
    info = {"hives": len(hives), "organizations": n, "expect_p1": []}
    if variant:
        # The same archive, hard links, but one Contoso server reinstalled as "Contosso".
        for p in hives:
            os.makedirs(os.path.dirname(os.path.join(variant, p)), exist_ok=True)
            if p != contoso[0]:
                os.link(os.path.join(out, p), os.path.join(variant, p))
        b.hive(os.path.join(variant, contoso[0]), "Contosso", contoso[1], contoso[2], contoso[3])
        b.wait()
        vinfo = dict(info, expect_p1=[contoso[0]], kind="orgs-reinstall", reinstalled=contoso[0])
        with open(variant.rstrip("/") + ".json", "w") as f:
            json.dump(vinfo, f, indent=1)
    return info


def make_near(b, out, n):
    """(c): every organization name within one edit of every other, one scope."""
    for i in range(n):
        org = "Contoso" if i == 0 else "Contoso" + chr(0x4E00 + i)
        server = "N%05d" % i
        b.hive(os.path.join(out, "case", server.lower(), "SYSTEM"), org, "Redmond", server, "contoso.com")
    b.wait()
    return {"hives": n, "expect_p1": None}


def make_small(b, out, n, distinct):
    rng = random.Random(23)
    distinct = min(distinct, n)
    base = []
    for i in range(distinct):
        case = "c%04d" % (i // 5)
        if i % 5 == 0:
            org = random_org(rng)
            site = rng.choice(CITIES)
        server = "M%05d" % i
        p = os.path.join(case, "sent-00", server.lower(), "SYSTEM")
        b.hive(os.path.join(out, p), org, site, server, org.lower() + ".com")
        base.append(p)
    b.wait()
    made = distinct
    k = 1
    while made < n:
        for p in base:
            if made >= n:
                break
            q = p.replace("sent-00", "sent-%02d" % k, 1)
            os.makedirs(os.path.dirname(os.path.join(out, q)), exist_ok=True)
            os.link(os.path.join(out, p), os.path.join(out, q))
            made += 1
        k += 1
    return {"hives": n, "distinct": distinct, "expect_p1": None}


def main(argv):
    jobs = 2
    if argv[:1] == ["-j"]:
        jobs = int(argv[1])
        argv = argv[2:]
    if len(argv) < 3:
        sys.exit(__doc__)
    mkhive, out, kind, args = argv[0], argv[1], argv[2], argv[3:]
    t0 = time.monotonic()
    b = Builder(mkhive, jobs)
    os.makedirs(out, exist_ok=True)
    if kind == "cross":
        info = make_cross(b, out)
    elif kind == "orgs":
        variant = args[2] if len(args) >= 3 and args[1] == "--reinstall" else None
        info = make_orgs(b, out, int(args[0]), variant)
    elif kind == "near":
        info = make_near(b, out, int(args[0]))
    elif kind == "small":
        info = make_small(b, out, int(args[0]), int(args[1]) if len(args) > 1 else 1000)
    else:
        sys.exit("mkfleet.py: unknown kind " + kind)
    info["kind"] = kind
    with open(out.rstrip("/") + ".json", "w") as f:
        json.dump(info, f, indent=1)
    print("mkfleet: %s: %d hives (%d built with mkhive) in %.1f s" %
          (kind, info["hives"], b.built, time.monotonic() - t0))


if __name__ == "__main__":
    main(sys.argv[1:])
