#!/usr/bin/python3
"""html_check.py - checks on hivediag's HTML case report (issue 25), for test_html.sh.

  html_check.py page HTML            well formed: strict UTF-8, every element
                                     closed in order, no script element, no
                                     event handler, nothing fetched (src,
                                     href, url(), @import), no raw control
                                     or bidirectional character
  html_check.py verdicts HTML JSON   each hive section's verdicts (IMC, MTA),
                                     in order, are the JSON reports' verdicts
  html_check.py text HTML STRING     STRING is in the page's text (as text,
                                     not markup)
  html_check.py png PNG W H          a W x H screenshot with much drawn on it

HTML may be the page hivediag wrote or the DOM Chromium dumped.  Prints what
is wrong and exits 1, or prints a one-line summary and exits 0.
"""
import json
import struct
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Bidirectional controls and separators (util/textutil.c hd_is_display_control).
DISPLAY_CONTROLS = {0x061C, 0x200E, 0x200F, 0x2028, 0x2029} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.text = [], [], []
        self.scripts = 0
        self.external = []      # attributes that would fetch something
        self.css = []           # style sheets and style attributes
        self.sections = []      # per <section class="hive">: {service: status}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name == "style":
                self.css.append(value or "")
            if name in ("src", "href", "xlink:href", "srcset", "action", "data", "poster", "background") \
                    or name.startswith("on") or (tag == "meta" and name == "http-equiv" and value.lower() == "refresh"):
                self.external.append("<%s %s=%r>" % (tag, name, value))
        if tag == "section" and "hive" in (a.get("class") or "").split():
            self.sections.append({})
        if tag == "tr" and "verdict" in (a.get("class") or "").split() and self.sections:
            self.sections[-1][a.get("data-service")] = a.get("data-status")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.errors.append("</%s> at %s closes nothing" % (tag, self.getpos()))
        elif self.stack[-1][0] != tag:
            self.errors.append("</%s> at %s closes <%s> of %s" % (tag, self.getpos(), *self.stack[-1]))
            self.stack.pop()
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "style":
            self.css.append(data)
        else:
            self.text.append(data)


def parse(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8", "strict")
    p = Page()
    p.feed(text)
    p.close()
    return raw, text, p


def check_page(path):
    raw, text, p = parse(path)
    errors = list(p.errors)
    errors += ["<%s> of %s never closed" % t for t in p.stack]
    if p.scripts:
        errors.append("%d script element(s)" % p.scripts)
    errors += ["an attribute that fetches or runs something: %s" % e for e in p.external[:3]]
    for bad in ("url(", "@import"):
        if bad in "".join(p.css).lower():
            errors.append("%r in a style: an external resource" % bad)
    for i, ch in enumerate(text):
        cp = ord(ch)
        if (cp < 0x20 and ch != "\n") or 0x7F <= cp <= 0x9F or cp in DISPLAY_CONTROLS:
            errors.append("raw U+%04X at character %d" % (cp, i))
            break
    if not text.lstrip().lower().startswith("<!doctype html>") and not text.startswith("<html"):
        errors.append("no doctype")
    return errors, "%d bytes, %d hive section(s), every element closed, no script, nothing external" % (
        len(raw), len(p.sections))


def check_verdicts(html, js):
    _, _, p = parse(html)
    doc = json.load(open(js, encoding="utf-8"))
    reports = [r for r in (doc if isinstance(doc, list) else [doc]) if "skipped" not in r]
    want = [{"imc": r["verdicts"]["imc"]["status"], "mta": r["verdicts"]["mta"]["status"]} for r in reports]
    if p.sections != want:
        return ["verdicts in the page %s, in the JSON %s" % (p.sections, want)], ""
    return [], "%d hive(s), verdicts as in the JSON: %s" % (len(want), want)


def check_text(html, s):
    _, _, p = parse(html)
    if s not in "".join(p.text):
        return ["%r is not in the page's text" % s], ""
    return [], "%r is text" % s


def check_png(path, w, h):
    """A blank page of 1000 x 1300 pixels compresses to about 7 KB, a line of
    text on it to 8 KB; the case report's tables and picture to 200 KB."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return ["%s is not a PNG" % path], ""
    width, height = struct.unpack(">II", data[16:24])
    errors = []
    if (width, height) != (int(w), int(h)):
        errors.append("%dx%d, wanted %sx%s" % (width, height, w, h))
    if len(data) < 50000:
        errors.append("%d bytes: a blank or nearly blank page" % len(data))
    return errors, "%dx%d PNG, %d bytes" % (width, height, len(data))


def main():
    mode = sys.argv[1]
    errors, summary = {"page": lambda: check_page(sys.argv[2]),
                       "verdicts": lambda: check_verdicts(sys.argv[2], sys.argv[3]),
                       "text": lambda: check_text(sys.argv[2], sys.argv[3]),
                       "png": lambda: check_png(sys.argv[2], sys.argv[3], sys.argv[4])}[mode]()
    if errors:
        print("\n".join(errors[:10]))
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
