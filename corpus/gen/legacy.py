"""legacy.py — encode Unicode Vietnamese into the 8-bit encodings of the 1990s
(TCVN3 / ABC and VNI Windows), the way the bytes end up inside a DOCX: Word
keeps each legacy byte b as the character U+00b, with a legacy font on the run.

The tables are VIETNAMESE.md §4.4 (TCVN3) and §4.5 (VNI); decoders are kept
here too so that the generator can prove every fixture round-trips before it
writes the file.
"""

import unicodedata

# §4.4: byte -> letter, all 74 letters TCVN3 has.
TCVN3_DECODE = {
    0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
    0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ',
    0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ',
    0xBB: 'ằ', 0xBC: 'ẳ', 0xBD: 'ẵ', 0xBE: 'ắ', 0xC6: 'ặ',
    0xC7: 'ầ', 0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ',
    0xCC: 'è', 0xCE: 'ẻ', 0xCF: 'ẽ', 0xD0: 'é', 0xD1: 'ẹ',
    0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ',
    0xD7: 'ì', 0xD8: 'ỉ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị',
    0xDF: 'ò', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ',
    0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ', 0xE8: 'ố', 0xE9: 'ộ',
    0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ',
    0xEF: 'ù', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ',
    0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ', 0xF8: 'ứ', 0xF9: 'ự',
    0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ',
}
TCVN3_ENCODE = {v: k for k, v in TCVN3_DECODE.items()}
assert len(TCVN3_DECODE) == 74


def _is_viet_letter(ch):
    return not ch.isascii() and ch.isalpha()


def tcvn3_segments(text, body_font='.VnTime', caps_font='.VnTimeH'):
    """Encode text for a normal-weight TCVN3 font.  TCVN3 has no toned
    capitals, so typists switched that one letter to the caps ("H") font and
    typed its lower-case code: 'Ủy' becomes [('.VnTimeH','ñ'), ('.VnTime','y')].
    Returns a list of (font, stored-string) runs."""
    out = []
    for ch in unicodedata.normalize('NFC', text):
        if ch in TCVN3_ENCODE:
            seg = (body_font, chr(TCVN3_ENCODE[ch]))
        elif ch.isascii() or not ch.isalpha():
            if not ch.isascii() and ord(ch) < 0x100:
                raise ValueError(f'{ch!r} has no TCVN3 byte')
            # Punctuation outside Latin-1 (curly quotes, dashes) is stored as the
            # Unicode character Word shows for the cp1252 byte: keep it.
            seg = (body_font, ch)
        elif ch.lower() in TCVN3_ENCODE:
            seg = (caps_font, chr(TCVN3_ENCODE[ch.lower()]))
        else:
            raise ValueError(f'{ch!r} has no TCVN3 byte')
        if out and out[-1][0] == seg[0]:
            out[-1] = (seg[0], out[-1][1] + seg[1])
        else:
            out.append(seg)
    return out


def tcvn3_caps(text, style='lower'):
    """Encode a heading meant for a caps font (.VnTimeH).  style 'lower': every
    letter typed in lower case (what most files hold: 'bé tµi chÝnh' shows BỘ
    TÀI CHÍNH); 'capslock': ASCII letters and Ă Â Ê Ô Ơ Ư Đ in capitals, toned
    letters with their lower-case code (what Caps Lock + a TCVN3 keyboard
    produces)."""
    out = []
    for ch in unicodedata.normalize('NFC', text):
        low = ch.lower()
        if style == 'capslock' and ch.upper() in TCVN3_ENCODE:
            out.append(chr(TCVN3_ENCODE[ch.upper()]))
        elif style == 'capslock' and ch.isascii():
            out.append(ch.upper())
        elif low in TCVN3_ENCODE:
            out.append(chr(TCVN3_ENCODE[low]))
        elif ch.isascii() or not ch.isalpha():
            out.append(low)
        else:
            raise ValueError(f'{ch!r} has no TCVN3 byte')
    return ''.join(out)


def tcvn3_decode(stored, caps=False):
    s = ''.join(TCVN3_DECODE.get(ord(c), c) for c in stored)
    return s.upper() if caps else s


# §4.5: VNI = ASCII base letter + one mark byte; a few letters are one byte.
_TONES = {'\u0301': 0, '\u0300': 1, '\u0309': 2, '\u0303': 3, '\u0323': 4}  # sắc huyền hỏi ngã nặng
_VNI_TONE_LOW = [0xF9, 0xF8, 0xFB, 0xF5, 0xEF]
_VNI_CIRC_LOW = [0xE1, 0xE0, 0xE5, 0xE3, 0xE4]
_VNI_BREVE_LOW = [0xE9, 0xE8, 0xFA, 0xFC, 0xEB]
_VNI_I_LOW = [0xED, 0xEC, 0xE6, 0xF3, 0xF2]


def _up(b):
    return b - 0x20  # every VNI mark and single-byte letter: capital = lower - 0x20


_VIET_LOWER = {unicodedata.normalize('NFC', b + t)
               for b in ('a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y')
               for t in ('', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323')} - set('aeiouy')
_VIET_LOWER.add('đ')
assert len(_VIET_LOWER) == 67


def vni_encode_char(ch):
    if ch.isascii():
        return ch
    if ch.lower() not in _VIET_LOWER:
        raise ValueError(f'{ch!r} is not a Vietnamese letter')
    if ch in 'đĐ':
        return chr(0xF1 if ch == 'đ' else 0xD1)
    upper = ch.isupper()
    d = unicodedata.normalize('NFD', ch.lower())
    base, marks = d[0], d[1:]
    tone = next((_TONES[m] for m in marks if m in _TONES), None)
    circ, breve, horn = '\u0302' in marks, '\u0306' in marks, '\u031b' in marks
    if base not in 'aeiouy':
        raise ValueError(f'{ch!r} has no VNI form')
    fix = (lambda b: _up(b)) if upper else (lambda b: b)
    B = base.upper() if upper else base
    if base == 'i':
        return chr(fix(_VNI_I_LOW[tone]))
    if base == 'y' and tone == 4:
        return chr(fix(0xEE))
    if horn:
        single = 0xF4 if base == 'o' else 0xF6
        return chr(fix(single)) + ('' if tone is None else chr(fix(_VNI_TONE_LOW[tone])))
    if circ:
        return B + chr(fix(0xE2 if tone is None else _VNI_CIRC_LOW[tone]))
    if breve:
        return B + chr(fix(0xEA if tone is None else _VNI_BREVE_LOW[tone]))
    if tone is None:
        raise ValueError(f'{ch!r} has no VNI form')
    return B + chr(fix(_VNI_TONE_LOW[tone]))


def vni_encode(text):
    return ''.join(vni_encode_char(c) for c in unicodedata.normalize('NFC', text))


def _vni_table():
    """Every Vietnamese letter -> VNI string, for the decoder."""
    letters = set()
    for cp in list(range(0xC0, 0x1B1)) + list(range(0x1EA0, 0x1EFA)):
        c = chr(cp)
        try:
            enc = vni_encode_char(c)
        except ValueError:
            continue
        if enc != c or cp in (0xCC, 0xCD, 0xEC, 0xED):
            letters.add((enc, c))
    return letters


_VNI_PAIRS = {}
_VNI_SINGLE = {}
for _enc, _c in _vni_table():
    if len(_enc) == 2:
        _VNI_PAIRS[_enc] = _c
    else:
        _VNI_SINGLE[_enc] = _c


def vni_decode(stored):
    out, i = [], 0
    while i < len(stored):
        pair = stored[i:i + 2]
        if len(pair) == 2 and pair in _VNI_PAIRS:
            out.append(_VNI_PAIRS[pair])
            i += 2
            continue
        # ơ/ư single byte followed by a tone byte
        c = _VNI_SINGLE.get(stored[i], stored[i])
        out.append(c)
        i += 1
    return unicodedata.normalize('NFC', ''.join(out))


def _check_tables():
    viet = [chr(cp) for cp in list(range(0xC0, 0x1B1)) + list(range(0x1EA0, 0x1EFA))]
    n = 0
    for c in viet:
        try:
            enc = vni_encode_char(c)
        except ValueError:
            continue
        n += 1
        assert vni_decode(enc) == c, (c, enc, vni_decode(enc))
    assert n == 134, n  # 67 letters per case
    # spot checks straight from §4.5 and §4.3
    assert vni_encode('được') == 'ñöôïc'
    assert vni_encode('Ấ') == 'AÁ'
    assert vni_encode('Ợ') == 'ÔÏ'
    assert vni_encode('nghị quyết') == 'nghò quyeát'
    assert vni_encode('tỉnh ủy') == 'tænh uûy'
    assert ''.join(s for _, s in tcvn3_segments('nghị quyết')) == 'nghÞ quyÕt'
    assert ''.join(s for _, s in tcvn3_segments('trưởng')) == 'tr\u00adëng'
    assert tcvn3_caps('BỘ TÀI CHÍNH') == 'bé tµi chÝnh'


_check_tables()
