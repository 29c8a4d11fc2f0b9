#!/usr/bin/env python3
"""htmlcheck.py FILE — checks that a report HTML file is well-formed and
self-contained: parsed by Python's html.parser, every non-void element
closed in order, no stray end tag, nothing left open, one <html lang="ja">,
and nothing loaded from outside (no <script>, <link>, <iframe>, <img>,
@import or url(), no src= or href= attributes). Prints the problems and
exits 1 when there are any."""
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr", "path", "circle", "rect", "line", "polyline"}
FORBIDDEN = {"script", "link", "iframe", "img", "object", "embed"}


class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.langs = [], [], []

    def where(self):
        return "line %d col %d" % self.getpos()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in FORBIDDEN:
            self.problems.append("%s: <%s> is not allowed" % (self.where(), tag))
        for k in ("src", "href"):
            if k in a:
                self.problems.append("%s: %s= loads from outside" % (self.where(), k))
        if tag == "html":
            self.langs.append(a.get("lang"))
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.problems.append("%s: <%s> is not allowed" % (self.where(), tag))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            open_ = self.stack[-1][0] if self.stack else "nothing"
            self.problems.append("%s: </%s> closes %s" % (self.where(), tag, open_))
            return
        self.stack.pop()


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    if not text.startswith("<!DOCTYPE html>"):
        print("no <!DOCTYPE html> at the start")
        return 1
    c = Check()
    c.feed(text)
    c.close()
    for tag, pos in c.stack:
        c.problems.append("<%s> opened at line %d is never closed" % (tag, pos[0]))
    if c.langs != ["ja"]:
        c.problems.append("expected one <html lang=\"ja\">, found %r" % c.langs)
    style = "".join(re.findall(r"<style>(.*?)</style>", text, re.S))
    if "@import" in style or "url(" in style:
        c.problems.append("the style loads from outside")
    for p in c.problems[:20]:
        print(p)
    return 1 if c.problems else 0


if __name__ == "__main__":
    sys.exit(main())
