/* legacy.c — TCVN3 (ABC) and VNI Windows text → Unicode (see vn.h and
 * VIETNAMESE.md §4).  Legacy bytes reach us already widened by Word, antiword or
 * pdftotext (byte b as U+00b, symbol fonts as U+F0b, two PDF glyph-name
 * look-alikes) or raw in 8-bit plain text (invalid UTF-8); both are handled.
 * Only the 74 TCVN3 letter bytes are mapped: in real files 0x80–0x9F are
 * Windows-1252 punctuation, so a whole-text iconv would damage them. */
#include "vn.h"
#include "vn_int.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* TCVN3 letter bytes 0xA1..0xFE → code point (0 = not a letter). */
static const uint16_t tcvn3[0x100 - 0xA0] = {
    [0xA1 - 0xA0] = 0x0102, [0xA2 - 0xA0] = 0x00C2, [0xA3 - 0xA0] = 0x00CA, [0xA4 - 0xA0] = 0x00D4,
    [0xA5 - 0xA0] = 0x01A0, [0xA6 - 0xA0] = 0x01AF, [0xA7 - 0xA0] = 0x0110, [0xA8 - 0xA0] = 0x0103,
    [0xA9 - 0xA0] = 0x00E2, [0xAA - 0xA0] = 0x00EA, [0xAB - 0xA0] = 0x00F4, [0xAC - 0xA0] = 0x01A1,
    [0xAD - 0xA0] = 0x01B0, [0xAE - 0xA0] = 0x0111, [0xB5 - 0xA0] = 0x00E0, [0xB6 - 0xA0] = 0x1EA3,
    [0xB7 - 0xA0] = 0x00E3, [0xB8 - 0xA0] = 0x00E1, [0xB9 - 0xA0] = 0x1EA1, [0xBB - 0xA0] = 0x1EB1,
    [0xBC - 0xA0] = 0x1EB3, [0xBD - 0xA0] = 0x1EB5, [0xBE - 0xA0] = 0x1EAF, [0xC6 - 0xA0] = 0x1EB7,
    [0xC7 - 0xA0] = 0x1EA7, [0xC8 - 0xA0] = 0x1EA9, [0xC9 - 0xA0] = 0x1EAB, [0xCA - 0xA0] = 0x1EA5,
    [0xCB - 0xA0] = 0x1EAD, [0xCC - 0xA0] = 0x00E8, [0xCE - 0xA0] = 0x1EBB, [0xCF - 0xA0] = 0x1EBD,
    [0xD0 - 0xA0] = 0x00E9, [0xD1 - 0xA0] = 0x1EB9, [0xD2 - 0xA0] = 0x1EC1, [0xD3 - 0xA0] = 0x1EC3,
    [0xD4 - 0xA0] = 0x1EC5, [0xD5 - 0xA0] = 0x1EBF, [0xD6 - 0xA0] = 0x1EC7, [0xD7 - 0xA0] = 0x00EC,
    [0xD8 - 0xA0] = 0x1EC9, [0xDC - 0xA0] = 0x0129, [0xDD - 0xA0] = 0x00ED, [0xDE - 0xA0] = 0x1ECB,
    [0xDF - 0xA0] = 0x00F2, [0xE1 - 0xA0] = 0x1ECF, [0xE2 - 0xA0] = 0x00F5, [0xE3 - 0xA0] = 0x00F3,
    [0xE4 - 0xA0] = 0x1ECD, [0xE5 - 0xA0] = 0x1ED3, [0xE6 - 0xA0] = 0x1ED5, [0xE7 - 0xA0] = 0x1ED7,
    [0xE8 - 0xA0] = 0x1ED1, [0xE9 - 0xA0] = 0x1ED9, [0xEA - 0xA0] = 0x1EDD, [0xEB - 0xA0] = 0x1EDF,
    [0xEC - 0xA0] = 0x1EE1, [0xED - 0xA0] = 0x1EDB, [0xEE - 0xA0] = 0x1EE3, [0xEF - 0xA0] = 0x00F9,
    [0xF1 - 0xA0] = 0x1EE7, [0xF2 - 0xA0] = 0x0169, [0xF3 - 0xA0] = 0x00FA, [0xF4 - 0xA0] = 0x1EE5,
    [0xF5 - 0xA0] = 0x1EEB, [0xF6 - 0xA0] = 0x1EED, [0xF7 - 0xA0] = 0x1EEF, [0xF8 - 0xA0] = 0x1EE9,
    [0xF9 - 0xA0] = 0x1EF1, [0xFA - 0xA0] = 0x1EF3, [0xFB - 0xA0] = 0x1EF7, [0xFC - 0xA0] = 0x1EF9,
    [0xFD - 0xA0] = 0x00FD, [0xFE - 0xA0] = 0x1EF5,
};

/* Windows-1252 0x80..0x9F, for raw 8-bit text (0 = undefined there). */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* VNI single-byte letters (lower-case bytes; capitals are 0x20 lower). */
static uint32_t vni_single(unsigned b)
{
	switch (b) {
	case 0xF1:
		return 0x0111; /* đ */
	case 0xD1:
		return 0x0110;
	case 0xED:
		return 0x00ED; /* í */
	case 0xCD:
		return 0x00CD;
	case 0xEC:
		return 0x00EC; /* ì */
	case 0xCC:
		return 0x00CC;
	case 0xE6:
		return 0x1EC9; /* ỉ */
	case 0xC6:
		return 0x1EC8;
	case 0xF3:
		return 0x0129; /* ĩ */
	case 0xD3:
		return 0x0128;
	case 0xF2:
		return 0x1ECB; /* ị */
	case 0xD2:
		return 0x1ECA;
	case 0xEE:
		return 0x1EF5; /* ỵ */
	case 0xCE:
		return 0x1EF4;
	case 0xF4:
		return 0x01A1; /* ơ */
	case 0xD4:
		return 0x01A0;
	case 0xF6:
		return 0x01B0; /* ư */
	case 0xD6:
		return 0x01AF;
	}
	return 0;
}

/* A VNI mark byte (lower or upper form): *mod 0 none, 1 circumflex, 2 breve;
 * *tone 0..5 as in vn.c (ngang, huyền, sắc, hỏi, ngã, nặng).  0 if not a mark. */
static int vni_mark(unsigned b, int *mod, int *tone)
{
	if (b >= 0xC0 && b <= 0xDF) b += 0x20;
	static const struct {
		uint8_t b, mod, tone;
	} m[] = {
	    {0xF9, 0, 2}, {0xF8, 0, 1}, {0xFB, 0, 3}, {0xF5, 0, 4}, {0xEF, 0, 5}, {0xE2, 1, 0},
	    {0xE1, 1, 2}, {0xE0, 1, 1}, {0xE5, 1, 3}, {0xE3, 1, 4}, {0xE4, 1, 5}, {0xEA, 2, 0},
	    {0xE9, 2, 2}, {0xE8, 2, 1}, {0xFA, 2, 3}, {0xFC, 2, 4}, {0xEB, 2, 5},
	};
	for (size_t i = 0; i < sizeof m / sizeof *m; i++)
		if (m[i].b == b) {
			*mod = m[i].mod;
			*tone = m[i].tone;
			return 1;
		}
	return 0;
}

/* The letter a VNI base unit + mark make, or 0 when they do not combine. */
static uint32_t vni_combine(unsigned base, int mod, int tone)
{
	int upper = (base >= 'A' && base <= 'Z') || base == 0xD4 || base == 0xD6;
	int row;
	switch (base | (upper && base < 0x80 ? 0x20 : 0)) {
	case 'a':
		row = mod == 1 ? V_AA : mod == 2 ? V_AW : V_A;
		break;
	case 'e':
		row = mod == 2 ? -1 : mod ? V_EE : V_E;
		break;
	case 'o':
		row = mod == 2 ? -1 : mod ? V_OO : V_O;
		break;
	case 'u':
		row = mod ? -1 : V_U;
		break;
	case 'y':
		row = mod ? -1 : V_Y;
		break;
	case 0xF4:
	case 0xD4:
		row = mod ? -1 : V_OW;
		break;
	case 0xF6:
	case 0xD6:
		row = mod ? -1 : V_UW;
		break;
	default:
		row = -1;
	}
	if (row < 0) return 0;
	uint32_t cp = vn_vowel_cp(row, tone);
	return upper ? (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp) : cp;
}

/* One unit of legacy input: a legacy byte value (b < 0x100) or, for characters
 * outside the legacy range, the code point itself with b = 0x100. */
typedef struct unit {
	uint32_t cp; /* what to emit when the unit is not a legacy letter */
	unsigned b;
} unit;

static size_t utf8_len_at(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
	if (!k || k > n) return 0;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xC0) != 0x80) return 0;
	uint32_t v = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
	for (size_t i = 1; i < k; i++) v = (v << 6) | (s[i] & 0x3Fu);
	if ((k == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
	    (k == 4 && (v < 0x10000 || v > 0x10FFFF)))
		return 0;
	*cp = v;
	return k;
}

static unit next_unit(const char *s, size_t n, size_t *i)
{
	uint32_t cp;
	size_t k = utf8_len_at((const unsigned char *)s + *i, n - *i, &cp);
	unit u;
	if (!k) { /* a raw 8-bit byte */
		unsigned b = (unsigned char)s[(*i)++];
		u.b = b;
		u.cp = b < 0xA0 ? (cp1252_hi[b - 0x80] ? cp1252_hi[b - 0x80] : 0xFFFD) : b;
		return u;
	}
	*i += k;
	u.cp = cp;
	if (cp < 0x100)
		u.b = cp;
	else if (cp >= 0xF000 && cp <= 0xF0FF) {
		u.b = cp - 0xF000; /* symbol-font storage: shown as its byte */
		u.cp = u.b < 0x80 || u.b >= 0xA0
		           ? u.b
		           : (cp1252_hi[u.b - 0x80] ? cp1252_hi[u.b - 0x80] : 0xFFFD);
	} else if (cp == 0x2212)
		u.b = 0xAD;
	else if (cp == 0x2219)
		u.b = 0xB7;
	else
		u.b = 0x100;
	return u;
}

static char *finish(tv_buf *b, int caps)
{
	if (!b->s) return tv_strdup("");
	if (caps) {
		char *up = vn_upper(b->s, b->len);
		tv_buf_free(b);
		return up;
	}
	utf8proc_uint8_t *d = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)b->s, (utf8proc_ssize_t)b->len,
	                                  &d, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (k < 0) return tv_buf_take(b);
	tv_buf_free(b);
	return (char *)d;
}

char *vn_legacy_decode(const char *s, size_t n, vn_enc enc, int caps)
{
	tv_buf b = TV_BUF_INIT;
	if (!s) n = 0;
	tv_buf_reserve(&b, n + n / 2);
	size_t i = 0;
	while (i < n) {
		unit u = next_unit(s, n, &i);
		if (enc == VN_ENC_TCVN3) {
			uint32_t cp = (u.b >= 0xA0 && u.b < 0x100) ? tcvn3[u.b - 0xA0] : 0;
			tv_buf_put_cp(&b, cp ? cp : u.cp);
		} else if (enc == VN_ENC_VNI) {
			int base =
			    u.b < 0x80 || u.b == 0xF4 || u.b == 0xD4 || u.b == 0xF6 || u.b == 0xD6;
			if (base && i < n) {
				size_t j = i;
				unit m = next_unit(s, n, &j);
				int mod, tone;
				uint32_t cp;
				if (m.b < 0x100 && vni_mark(m.b, &mod, &tone) &&
				    (cp = vni_combine(u.b, mod, tone)) != 0) {
					tv_buf_put_cp(&b, cp);
					i = j;
					continue;
				}
			}
			uint32_t one = u.b >= 0xC0 && u.b < 0x100 ? vni_single(u.b) : 0;
			tv_buf_put_cp(&b, one ? one : u.cp);
		} else {
			tv_buf_put_cp(&b, u.cp);
		}
	}
	return finish(&b, caps);
}

/* ---- fonts ------------------------------------------------------------------ */

static int lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

vn_enc vn_font_encoding(const char *font, int *caps)
{
	if (caps) *caps = 0;
	if (!font) return VN_ENC_UNICODE;
	/* PDF subset tag: six capitals and '+' */
	size_t k = 0;
	while (k < 6 && font[k] >= 'A' && font[k] <= 'Z') k++;
	if (k == 6 && font[6] == '+') font += 7;
	if (lc(font[0]) == 'v' && lc(font[1]) == 'n' && lc(font[2]) == 'i' &&
	    (font[3] == '-' || font[3] == ' ' || font[3] == '_' || font[3] == '\0'))
		return VN_ENC_VNI;
	if (font[0] == '.') font++;
	if (lc(font[0]) != 'v' || lc(font[1]) != 'n') return VN_ENC_UNICODE;
	const char *f = font + 2;
	if (!((*f >= 'A' && *f <= 'Z') || (*f >= 'a' && *f <= 'z'))) return VN_ENC_UNICODE;
	/* caps fonts: an 'H' right after the family name (VnTimeH, VnArialH, VnTimeHBold) */
	f++;
	while (*f >= 'a' && *f <= 'z') f++;
	if (caps && *f == 'H' && !(f[1] >= 'a' && f[1] <= 'z')) *caps = 1;
	return VN_ENC_TCVN3;
}

/* ---- guessing ----------------------------------------------------------------- */

/* How far into a text the guess looks: a few hundred kB settle it. */
#define GUESS_LIMIT (512u * 1024u)

static int is_sep(unsigned char c)
{
	return c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* 1 when the guess below would certainly answer VN_ENC_UNICODE, at a fraction
 * of its cost (it decodes every non-ASCII word twice, as TCVN3 and as VNI: a
 * tenth of the indexing CPU of Unicode text, the same of PDFs).  It walks the
 * same words and counts those that are Vietnamese syllables as they stand
 * (uni) among all of them (w).  A legacy reading needs more than 2 * uni words
 * of its own, and it can have at most w - uni; so 3 * uni >= w settles it.
 * TCVN3 bytes read as Latin-1 have few valid syllables and go the long way. */
static int surely_unicode(const char *s, size_t n)
{
	size_t uni = 0, w = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && is_sep((unsigned char)s[i])) i++;
		size_t a = i;
		int wide = 0;
		while (i < n && !is_sep((unsigned char)s[i])) wide |= (unsigned char)s[i++] >= 0x80;
		if (!wide || i - a > 40) continue;
		w++;
		uni += (size_t)(vn_utf8_valid(s + a, i - a) && vn_is_syllable(s + a, i - a));
	}
	return 3 * uni >= w;
}

vn_enc vn_guess_encoding(const char *s, size_t n)
{
	if (!s) return VN_ENC_UNICODE;
	if (n > GUESS_LIMIT) n = GUESS_LIMIT;
	if (surely_unicode(s, n)) return VN_ENC_UNICODE;
	size_t uni = 0, tc = 0, vni = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && is_sep((unsigned char)s[i])) i++;
		size_t a = i;
		int wide = 0;
		while (i < n && !is_sep((unsigned char)s[i])) wide |= (unsigned char)s[i++] >= 0x80;
		if (!wide || i - a > 40) continue;
		/* only tokens with non-ASCII: the rest read the same in all three */
		int u = vn_utf8_valid(s + a, i - a) && vn_is_syllable(s + a, i - a);
		char *t = vn_legacy_decode(s + a, i - a, VN_ENC_TCVN3, 0);
		char *v = vn_legacy_decode(s + a, i - a, VN_ENC_VNI, 0);
		int tv = vn_is_syllable(t, strlen(t)), vv = vn_is_syllable(v, strlen(v));
		free(t);
		free(v);
		if (u)
			uni++;
		else {
			tc += (size_t)tv;
			vni += (size_t)vv;
		}
	}
	/* Unicode text has its marked words valid as they stand; demand that the
	 * legacy reading wins clearly before rewriting anything. */
	if (tc >= 2 && tc > 2 * uni && tc >= vni) return VN_ENC_TCVN3;
	if (vni >= 2 && vni > 2 * uni && vni > tc) return VN_ENC_VNI;
	return VN_ENC_UNICODE;
}
