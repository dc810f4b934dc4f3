"""make_corpus.py — regenerate the sample library (corpus/) and the Vietnamese
trap documents (tests/data/vn/) from the seed texts in corpus/gen/seeds/.
Python 3 standard library only; corpus/make-corpus.sh runs this and then
LibreOffice for the PDF.  Usage: python3 make_corpus.py ROOT (the project root).
"""

import os
import sys

import articles
import letter
import outline
import traps


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), '..', '..'))
    corpus = os.path.join(root, 'corpus')
    van_ban = os.path.join(corpus, 'van-ban')
    tai_lieu = os.path.join(corpus, 'tai-lieu')
    vn = os.path.join(root, 'tests', 'data', 'vn')
    for d in (van_ban, tai_lieu, vn):
        os.makedirs(d, exist_ok=True)

    letter.build(os.path.join(van_ban, '598-CV-DUK.docx'))
    arts, _ = articles.build(tai_lieu)
    by_seed = {a['seed']: a for a in arts}
    articles.write_txt(by_seed['003'], os.path.join(tai_lieu, by_seed['003']['slug'] + '.txt'))
    outline.build(os.path.join(tai_lieu, 'de-cuong-tuyen-truyen-mau.docx'),
                  {k: a['title'] for k, a in by_seed.items()})
    traps.build(vn)


if __name__ == '__main__':
    main()
