#!/usr/bin/env python3
"""Turns tests/fixtures/facts/names-own.txt (LANG<TAB>TEXT with {p:..} {l:..} {o:..} marks)
into score-facts' document form on stdout: the text without marks, and each mark as an
entity with char offsets into it."""
import json
import re
import sys

KINDS = {"p": "person", "l": "place", "o": "organization"}
MARK = re.compile(r"\{([plo]):([^{}]+)\}")


def record(prefix, n, lang, marked):
    text, ents, pos = [], [], 0
    for m in MARK.finditer(marked):
        text.append(marked[pos:m.start()])
        start = sum(len(t) for t in text)
        text.append(m.group(2))
        ents.append({"kind": KINDS[m.group(1)], "start": start,
                     "end": start + len(m.group(2)), "text": m.group(2)})
        pos = m.end()
    text.append(marked[pos:])
    plain = "".join(text)
    if "{" in plain or "}" in plain:
        raise SystemExit(f"line {n}: a mark is not closed")
    return {"id": f"{prefix}-{n:02}", "lang": lang, "ref": "2024-10-01T09:00:00",
            "text": plain, "kinds": ["person", "place", "organization"], "entities": ents}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/facts/names-own.txt"
    # Ids from the file's name: names-own-01, names-own-2-01, ...
    prefix = path.rsplit("/", 1)[-1].removesuffix(".txt")
    n = 0
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        lang, marked = line.split("\t", 1)
        n += 1
        print(json.dumps(record(prefix, n, lang, marked), ensure_ascii=False))


main()
