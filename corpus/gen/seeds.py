"""seeds.py — read the five seed texts (corpus/gen/seeds/*.seed) as lists of
blocks, a block being the lines between blank lines.  The generator takes every
value it lays out from these blocks and asserts what it expects to find, so a
changed seed stops the build instead of producing a wrong document.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))


def blocks(prefix):
    """Blocks of the seed whose file name starts with prefix ("000")."""
    d = os.path.join(HERE, 'seeds')
    name = next(f for f in sorted(os.listdir(d)) if f.startswith(prefix))
    with open(os.path.join(d, name), encoding='utf-8') as f:
        text = f.read().replace('\r\n', '\n')
    out, cur = [], []
    for line in text.split('\n'):
        if line.strip():
            cur.append(line.strip())
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def expect(cond, what):
    if not cond:
        raise SystemExit(f'seed does not look as expected: {what}')
