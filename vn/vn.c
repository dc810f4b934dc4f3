/* vn.c — Vietnamese text: cleaning, keys (exact and folded), syllable structure,
 * stop words and the tokeniser (see vn.h).  Legacy encodings live in legacy.c and
 * input-method residue in typing.c; both use only the public API below.
 *
 * Everything here runs on the indexer's hot path and in worker threads at once:
 * the only globals are read-only tables, ASCII text takes a byte loop, and the
 * tokeniser reuses two buffers per call instead of allocating per word.
 * Normalisation (NFC) and case mapping come from utf8proc. */
#include "vn.h"
#include "vn_int.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- UTF-8 ------------------------------------------------------------------ */

/* Length of the valid sequence at s (setting *cp), or 0 when s[0] does not start
 * one (stray continuation, overlong, surrogate, beyond U+10FFFF, cut short). */
static size_t u8_dec(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2) return 0;
	if (c < 0xE0) {
		if (n < 2 || (s[1] & 0xC0) != 0x80) return 0;
		*cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if (c < 0xF0) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
		uint32_t v = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)) return 0;
		*cp = v;
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		uint32_t v = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
		             (s[3] & 0x3Fu);
		if (v < 0x10000 || v > 0x10FFFF) return 0;
		*cp = v;
		return 4;
	}
	return 0;
}

/* Next code point of s[*i..n), invalid bytes as U+FFFD (one byte each). */
static uint32_t u8_next(const char *s, size_t n, size_t *i)
{
	uint32_t cp;
	size_t k = u8_dec((const unsigned char *)s + *i, n - *i, &cp);
	if (!k) {
		*i += 1;
		return 0xFFFD;
	}
	*i += k;
	return cp;
}

int vn_utf8_valid(const char *s, size_t n)
{
	uint32_t cp;
	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = u8_dec((const unsigned char *)s + i, n - i, &cp);
		if (!k) return 0;
		i += k;
	}
	return 1;
}

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80) return 0;
	return 1;
}

/* 1 when NFC leaves s[0..n) as it is, by a test that only says yes when sure:
 * every code point is below U+0300 (Latin, no combining marks), a precomposed
 * letter of Latin Extended Additional (U+1E00..U+1EFF: every toned Vietnamese
 * vowel) or common punctuation (U+2010..U+205E).  None of these is a singleton,
 * a composition exclusion or the second half of a canonical pair, so NFC can
 * neither replace nor join any of them.  Anything else (combining marks,
 * Hangul, compatibility characters) goes through utf8proc. */
static int nfc_quick(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = u8_dec((const unsigned char *)s + i, n - i, &cp);
		if (!k) return 0;
		if (!(cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
		      (cp >= 0x2010 && cp <= 0x205E)))
			return 0;
		i += k;
	}
	return 1;
}

/* NFC of valid UTF-8 into out (appended).  utf8proc allocates with malloc.
 * Text typed with precomposed letters (nearly all of it) is NFC already:
 * the quick test saves utf8proc's decompose-and-recompose, which was a fifth
 * of the indexing CPU through vn_upper/vn_lower on every line. */
static void nfc_append(tv_buf *out, const char *s, size_t n)
{
	if (nfc_quick(s, n)) {
		tv_buf_append(out, s, n);
		return;
	}
	utf8proc_uint8_t *d = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &d,
	                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (k < 0) { /* cannot happen on valid input; keep the text rather than lose it */
		tv_buf_append(out, s, n);
		return;
	}
	tv_buf_append(out, (const char *)d, (size_t)k);
	free(d);
}

/* ---- the vowel table (VIETNAMESE.md §3.1) ------------------------------------ */

static const uint16_t vt_fwd[V_COUNT][6] = {
    {0x0061, 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1}, /* a */
    {0x0103, 0x1EB1, 0x1EAF, 0x1EB3, 0x1EB5, 0x1EB7}, /* ă */
    {0x00E2, 0x1EA7, 0x1EA5, 0x1EA9, 0x1EAB, 0x1EAD}, /* â */
    {0x0065, 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9}, /* e */
    {0x00EA, 0x1EC1, 0x1EBF, 0x1EC3, 0x1EC5, 0x1EC7}, /* ê */
    {0x0069, 0x00EC, 0x00ED, 0x1EC9, 0x0129, 0x1ECB}, /* i */
    {0x006F, 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD}, /* o */
    {0x00F4, 0x1ED3, 0x1ED1, 0x1ED5, 0x1ED7, 0x1ED9}, /* ô */
    {0x01A1, 0x1EDD, 0x1EDB, 0x1EDF, 0x1EE1, 0x1EE3}, /* ơ */
    {0x0075, 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5}, /* u */
    {0x01B0, 0x1EEB, 0x1EE9, 0x1EED, 0x1EEF, 0x1EF1}, /* ư */
    {0x0079, 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5}, /* y */
};
uint32_t vn_vowel_cp(int v, int t)
{
	return v >= 0 && v < V_COUNT && t >= 0 && t < 6 ? vt_fwd[v][t] : 0;
}

static const char vt_base[V_COUNT] = "aaaeeiooouuy";

/* The inverse of vt_fwd for lower-case letters, generated from it:
 * (index + 1) << 3 | tone, 0 = not a Vietnamese vowel.  vt_lat covers
 * U+00C0..U+01B0, vt_ext U+1EA0..U+1EF9. */
static const uint8_t vt_lat[241] = {
    0, 0, 0, 0,  0,  0, 0,  0,  0,  0,  0, 0, 0, 0,  0,  0,  0, 0,  0,  0, 0, 0, 0, 0,  0,  0,  0,
    0, 0, 0, 0,  0,  9, 10, 24, 12, 0,  0, 0, 0, 33, 34, 40, 0, 49, 50, 0, 0, 0, 0, 57, 58, 64, 60,
    0, 0, 0, 81, 82, 0, 0,  98, 0,  0,  0, 0, 0, 16, 0,  0,  0, 0,  0,  0, 0, 0, 0, 0,  0,  0,  0,
    0, 0, 0, 0,  0,  0, 0,  0,  0,  0,  0, 0, 0, 0,  0,  0,  0, 0,  0,  0, 0, 0, 0, 0,  52, 0,  0,
    0, 0, 0, 0,  0,  0, 0,  0,  0,  0,  0, 0, 0, 0,  0,  0,  0, 0,  0,  0, 0, 0, 0, 0,  0,  0,  0,
    0, 0, 0, 0,  0,  0, 0,  0,  0,  0,  0, 0, 0, 0,  0,  0,  0, 0,  0,  0, 0, 0, 0, 0,  0,  0,  0,
    0, 0, 0, 0,  0,  0, 0,  84, 0,  0,  0, 0, 0, 0,  0,  0,  0, 0,  0,  0, 0, 0, 0, 0,  0,  0,  0,
    0, 0, 0, 0,  0,  0, 0,  0,  0,  0,  0, 0, 0, 0,  0,  0,  0, 0,  0,  0, 0, 0, 0, 0,  0,  0,  0,
    0, 0, 0, 0,  0,  0, 0,  0,  0,  72, 0, 0, 0, 0,  0,  0,  0, 0,  0,  0, 0, 0, 0, 0,  88,
};
static const uint8_t vt_ext[90] = {
    0,  13, 0,  11, 0,  26, 0,  25, 0,  27, 0,  28, 0,  29, 0,  18, 0,   17, 0,  19, 0,   20, 0,
    21, 0,  37, 0,  35, 0,  36, 0,  42, 0,  41, 0,  43, 0,  44, 0,  45,  0,  51, 0,  53,  0,  61,
    0,  59, 0,  66, 0,  65, 0,  67, 0,  68, 0,  69, 0,  74, 0,  73, 0,   75, 0,  76, 0,   77, 0,
    85, 0,  83, 0,  90, 0,  89, 0,  91, 0,  92, 0,  93, 0,  97, 0,  101, 0,  99, 0,  100,
};

/* Vowel code ((index + 1) << 3 | tone) of a lower-case code point, 0 if none. */
static unsigned vowel_of(uint32_t cp)
{
	switch (cp) {
	case 'a':
		return (V_A + 1) << 3;
	case 'e':
		return (V_E + 1) << 3;
	case 'i':
		return (V_I + 1) << 3;
	case 'o':
		return (V_O + 1) << 3;
	case 'u':
		return (V_U + 1) << 3;
	case 'y':
		return (V_Y + 1) << 3;
	}
	if (cp >= 0xC0 && cp <= 0x1B0) return vt_lat[cp - 0xC0];
	if (cp >= 0x1EA0 && cp <= 0x1EF9) return vt_ext[cp - 0x1EA0];
	return 0;
}

static int is_dstroke(uint32_t cp)
{
	/* đ Đ, and the look-alikes met after mis-decoding: ð Ð (CP1258 read as 1252), Ɖ ɖ */
	return cp == 0x111 || cp == 0x110 || cp == 0xF0 || cp == 0xD0 || cp == 0x189 || cp == 0x256;
}

static uint32_t lower_cp(uint32_t cp)
{
	if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

static int is_comb(uint32_t cp)
{
	return cp >= 0x300 && cp <= 0x36F;
}

/* ---- clean -------------------------------------------------------------------- */

static int is_tone_mark(uint32_t cp)
{
	/* tones of combining class 230, the ones NFC cannot reorder past a modifier */
	return cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 || cp == 0x340 ||
	       cp == 0x341;
}

static int is_invisible(uint32_t cp)
{
	return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x200E || cp == 0x200F ||
	       cp == 0xFEFF || cp == 0xAD || cp == 0x2060 || (cp >= 0x202A && cp <= 0x202E);
}

static int is_space_like(uint32_t cp)
{
	return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000;
}

/* A modifier (U+0302 circumflex, U+0306 breve) typed after a tone: move it in
 * front of the tone marks, or merge it into a precomposed toned vowel (á + ̂ → ấ),
 * which NFC alone would leave as á + a loose mark.  Returns the new length. */
static size_t repair_modifiers(uint32_t *c, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t cp = c[i];
		if (cp != 0x302 && cp != 0x306) {
			c[o++] = cp;
			continue;
		}
		size_t j = o;
		while (j > 0 && is_tone_mark(c[j - 1])) j--;
		if (j > 0) {
			uint32_t prev = c[j - 1], low = lower_cp(prev);
			unsigned v = vowel_of(low);
			int idx = v ? (int)(v >> 3) - 1 : -1, tone = (int)(v & 7);
			int to = -1;
			if (cp == 0x302 && (idx == V_A || idx == V_E || idx == V_O))
				to = idx == V_A ? V_AA : idx == V_E ? V_EE : V_OO;
			else if (cp == 0x306 && idx == V_A)
				to = V_AW;
			if (to >= 0 && (tone || j < o)) {
				/* merge: the tones after it go back on with NFC */
				uint32_t m = vt_fwd[to][tone];
				c[j - 1] = low == prev ? m : (uint32_t)utf8proc_toupper((int32_t)m);
				continue;
			}
		}
		memmove(c + j + 1, c + j, (o - j) * sizeof *c);
		c[j] = cp;
		o++;
	}
	return o;
}

char *vn_clean(const char *s, size_t n)
{
	tv_buf b = TV_BUF_INIT;
	if (!s) n = 0;
	uint32_t *c = tv_malloc((n + 1) * sizeof *c);
	size_t m = 0;
	int wide = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp = u8_next(s, n, &i);
		if (cp < 0x20 || cp == 0x7F) {
			if (cp == '\r') {
				if (i < n && s[i] == '\n') continue;
				cp = '\n';
			} else if (cp == '\f' || cp == '\v') {
				cp = '\n'; /* page and section breaks: keep words apart */
			} else if (cp != '\n' && cp != '\t') {
				continue;
			}
		} else if (cp >= 0x80) {
			if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
				cp = '\n';
			else if (cp < 0xA0)
				continue; /* C1 controls */
			else if (is_invisible(cp))
				continue;
			else if (is_space_like(cp))
				cp = ' ';
			else
				wide = 1;
		}
		c[m++] = cp;
	}
	if (wide) m = repair_modifiers(c, m);
	tv_buf_reserve(&b, m + 1);
	for (size_t i = 0; i < m; i++) {
		if (c[i] < 0x80) {
			tv_buf_reserve(&b, 1);
			b.s[b.len++] = (char)c[i];
		} else {
			tv_buf_put_cp(&b, c[i]);
		}
	}
	free(c);
	if (!b.s) return tv_strdup("");
	b.s[b.len] = '\0';
	if (!wide) return tv_buf_take(&b);
	tv_buf out = TV_BUF_INIT;
	nfc_append(&out, b.s, b.len);
	tv_buf_free(&b);
	return out.s ? tv_buf_take(&out) : tv_strdup("");
}

/* ---- syllables (VIETNAMESE.md §3.3) -------------------------------------------- */

/* Letters of a word for the syllable parser: ASCII consonants as themselves,
 * đ as 'D', vowels as 0x80 | index (tone kept apart). */
#define L_VOWEL 0x80
#define MAX_SYL 10

enum { F_ANY, F_NONE, F_NEED }; /* whether a consonant final may/must follow */

#define G1(a) ((a) + 1)
#define G2(a, b) (G1(a) | ((b) + 1) << 4)
#define G3(a, b, c) (G2(a, b) | ((c) + 1) << 8)

/* Vowel groups with their semivowel glides; "qu" and "gi" onsets take their u/i. */
static const struct {
	uint16_t g;
	uint8_t fin;
} groups[] = {
    {G1(V_A), F_ANY},
    {G1(V_AW), F_NEED},
    {G1(V_AA), F_NEED},
    {G1(V_E), F_ANY},
    {G1(V_EE), F_ANY},
    {G1(V_I), F_ANY},
    {G1(V_O), F_ANY},
    {G1(V_OO), F_ANY},
    {G1(V_OW), F_ANY},
    {G1(V_U), F_ANY},
    {G1(V_UW), F_ANY},
    {G1(V_Y), F_ANY},
    {G2(V_A, V_I), F_NONE},
    {G2(V_A, V_O), F_NONE},
    {G2(V_A, V_U), F_NONE},
    {G2(V_A, V_Y), F_NONE},
    {G2(V_AA, V_U), F_NONE},
    {G2(V_AA, V_Y), F_NONE},
    {G2(V_E, V_O), F_NONE},
    {G2(V_EE, V_U), F_NONE},
    {G2(V_I, V_A), F_NONE},
    {G2(V_I, V_EE), F_NEED},
    {G2(V_I, V_U), F_NONE},
    {G2(V_O, V_A), F_ANY},
    {G2(V_O, V_AW), F_NEED},
    {G2(V_O, V_E), F_ANY},
    {G2(V_O, V_I), F_NONE},
    {G2(V_OO, V_I), F_NONE},
    {G2(V_OW, V_I), F_NONE},
    {G2(V_O, V_O), F_NEED},
    {G2(V_U, V_A), F_NONE},
    {G2(V_U, V_AA), F_NEED},
    {G2(V_U, V_EE), F_ANY},
    {G2(V_U, V_I), F_NONE},
    {G2(V_U, V_OO), F_NEED},
    {G2(V_U, V_OW), F_NONE},
    {G2(V_U, V_Y), F_ANY},
    {G2(V_UW, V_A), F_NONE},
    {G2(V_UW, V_I), F_NONE},
    {G2(V_UW, V_OW), F_NEED},
    {G2(V_UW, V_U), F_NONE},
    {G2(V_Y, V_EE), F_NEED},
    {G3(V_I, V_EE, V_U), F_NONE},
    {G3(V_O, V_A, V_I), F_NONE},
    {G3(V_O, V_A, V_Y), F_NONE},
    {G3(V_O, V_E, V_O), F_NONE},
    {G3(V_U, V_AA, V_Y), F_NONE},
    {G3(V_U, V_OO, V_I), F_NONE},
    {G3(V_U, V_Y, V_A), F_NONE},
    {G3(V_U, V_Y, V_EE), F_NEED},
    {G3(V_U, V_Y, V_U), F_NONE},
    {G3(V_UW, V_OW, V_I), F_NONE},
    {G3(V_UW, V_OW, V_U), F_NONE},
    {G3(V_Y, V_EE, V_U), F_NONE},
};

/* ASCII letter of a vowel index, for comparing groups folded ("quyet" ~ yê). */
static uint16_t group_fold(uint16_t g)
{
	uint16_t f = 0;
	for (int k = 0; k < 3; k++) {
		unsigned v = (g >> (4 * k)) & 15;
		if (!v) break;
		int idx = (int)v - 1;
		int b = vt_base[idx] == 'a'   ? V_A
		        : vt_base[idx] == 'e' ? V_E
		        : vt_base[idx] == 'o' ? V_O
		        : vt_base[idx] == 'u' ? V_U
		                              : idx;
		f |= (uint16_t)((b + 1) << (4 * k));
	}
	return f;
}

/* Onsets b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x, and
 * finals c ch m n ng nh p t (gi and qu are settled by the parser itself). */
static int pair_is(const uint8_t *l, char a, char b)
{
	return l[0] == a && l[1] == b;
}

static int valid_onset(const uint8_t *l, int n)
{
	if (n == 1) return l[0] != 'q' && strchr("bcdDghklmnprstvx", l[0]) != NULL;
	if (n == 2)
		return pair_is(l, 'c', 'h') || pair_is(l, 'g', 'h') || pair_is(l, 'k', 'h') ||
		       pair_is(l, 'n', 'g') || pair_is(l, 'n', 'h') || pair_is(l, 'p', 'h') ||
		       pair_is(l, 't', 'h') || pair_is(l, 't', 'r');
	return n == 3 && l[0] == 'n' && l[1] == 'g' && l[2] == 'h';
}

static int valid_final(const uint8_t *l, int n)
{
	if (n == 1) return l[0] == 'c' || l[0] == 'm' || l[0] == 'n' || l[0] == 'p' || l[0] == 't';
	return n == 2 && (pair_is(l, 'c', 'h') || pair_is(l, 'n', 'g') || pair_is(l, 'n', 'h'));
}

typedef struct syl {
	int onset;   /* letters in the onset */
	int nv;      /* letters in the vowel group */
	int tone_at; /* canonical index of the tone letter in the word */
	int stop;    /* final is c ch p t */
} syl;

static int is_front(int idx)
{
	return idx == V_E || idx == V_EE || idx == V_I || idx == V_Y;
}

/* Parse toneless letters l[0..n) as onset + vowel group + final.  folded: the
 * word has no marks at all, so a group matches any group with the same ASCII
 * letters.  Returns 1 and fills *o when the word is a well-formed syllable. */
static int syl_parse(const uint8_t *l, int n, int folded, syl *o)
{
	int i = 0;
	while (i < n && !(l[i] & L_VOWEL)) i++;
	if (i == n || i > 3) return 0;
	int on = i;
	/* gi + vowel: the i belongs to the onset (già, giữa), not in gì, gìn */
	if (on == 1 && l[0] == 'g' && l[1] == (L_VOWEL | V_I) && n > 2 && (l[2] & L_VOWEL)) on = 2;
	/* qu: the u always belongs to the onset */
	if (on == 1 && l[0] == 'q') {
		if (l[1] != (L_VOWEL | V_U) || n < 3 || !(l[2] & L_VOWEL)) return 0;
		on = 2;
	}
	/* (gi and qu are settled above; their second letter is coded as a vowel) */
	if (on && !(on == 2 && (l[0] == 'g' || l[0] == 'q') && (l[1] & L_VOWEL)) &&
	    !valid_onset(l, on))
		return 0;
	int v0 = on, nv = 0;
	while (v0 + nv < n && (l[v0 + nv] & L_VOWEL)) nv++;
	if (nv > 3) return 0;
	int fl = n - v0 - nv;
	if (fl > 2) return 0;
	if (fl && !valid_final(l + v0 + nv, fl)) return 0;
	uint16_t g = 0;
	for (int k = 0; k < nv; k++) g |= (uint16_t)(((l[v0 + k] & 0x7F) + 1) << (4 * k));
	if (folded) g = group_fold(g);
	int found = 0;
	for (size_t k = 0; k < sizeof groups / sizeof *groups && !found; k++) {
		uint16_t gg = folded ? group_fold(groups[k].g) : groups[k].g;
		if (gg != g) continue;
		if ((groups[k].fin == F_NONE && fl) || (groups[k].fin == F_NEED && !fl)) continue;
		found = 1;
	}
	if (!found) return 0;
	/* spelling of the onset before front vowels: k gh ngh before e ê i y only */
	int first = l[v0] & 0x7F;
	if (on == 1 && l[0] == 'k' && !is_front(first)) return 0;
	if (on >= 2 && l[on - 1] == 'h' && l[on - 2] == 'g' && !is_front(first)) return 0;
	if (on == 1 && l[0] == 'c' && is_front(first)) return 0;
	if (on == 2 && l[0] == 'n' && l[1] == 'g' && is_front(first)) return 0;
	if (on == 1 && l[0] == 'g' && first != V_I && is_front(first)) return 0;
	/* tone position (UniKey's rule; oa/oe/uy with no final: on the first vowel) */
	int at = 0;
	if (nv == 1) {
		at = 0;
	} else {
		int mod = -1;
		for (int k = 0; k < nv; k++) {
			int idx = l[v0 + k] & 0x7F;
			if (idx == V_AW || idx == V_AA || idx == V_EE || idx == V_OO ||
			    idx == V_OW || idx == V_UW)
				mod = k;
		}
		if (mod >= 0)
			at = mod;
		else if (nv == 3)
			at = 1;
		else
			at = fl ? 1 : 0;
	}
	o->onset = on;
	o->nv = nv;
	o->tone_at = v0 + at;
	o->stop = fl && (l[v0 + nv] == 'c' || l[v0 + nv] == 'p' || l[v0 + nv] == 't');
	return 1;
}

/* Letters of lower-case code points c[0..n): fills l and the tone; 0 if the word
 * has a non-Vietnamese letter or two toned vowels. */
static int to_letters(const uint32_t *c, int n, uint8_t *l, int *tone, int *marks)
{
	*tone = 0;
	*marks = 0;
	for (int i = 0; i < n; i++) {
		uint32_t cp = c[i];
		unsigned v = vowel_of(cp);
		if (v) {
			int idx = (int)(v >> 3) - 1, t = (int)(v & 7);
			l[i] = (uint8_t)(L_VOWEL | idx);
			if (t) {
				if (*tone) return 0;
				*tone = t;
			}
			if (t || cp >= 0x80) *marks = 1;
		} else if (cp == 0x111) {
			l[i] = 'D';
			*marks = 1;
		} else if (cp >= 'b' && cp <= 'x' && cp != 'f' && cp != 'j' && cp != 'w') {
			l[i] = (uint8_t)cp;
		} else {
			return 0;
		}
	}
	return 1;
}

/* ---- keys -------------------------------------------------------------------- */

/* Lower-case NFC code points of a word into c (capacity cap); returns the count,
 * or -1 when the word is longer than cap. */
static int word_cps(const char *s, size_t n, uint32_t *c, int cap)
{
	int m = 0, comb = 0;
	for (size_t i = 0; i < n;) {
		if (m == cap) return -1;
		uint32_t cp = u8_next(s, n, &i);
		comb |= is_comb(cp);
		c[m++] = cp;
	}
	if (comb) { /* NFD or stray marks: repair and compose, then start again */
		size_t k = repair_modifiers(c, (size_t)m);
		tv_buf t = TV_BUF_INIT, u = TV_BUF_INIT;
		for (size_t i = 0; i < k; i++) tv_buf_put_cp(&t, c[i]);
		nfc_append(&u, tv_buf_str(&t), t.len);
		m = 0;
		for (size_t i = 0; i < u.len && m >= 0;) {
			if (m == cap)
				m = -1;
			else
				c[m++] = u8_next(u.s, u.len, &i);
		}
		tv_buf_free(&t);
		tv_buf_free(&u);
		if (m < 0) return -1;
	}
	for (int i = 0; i < m; i++) c[i] = lower_cp(c[i]);
	return m;
}

#define KEY_CPS 64

/* Exact key of s[0..n) appended to out. */
static void key_exact_into(tv_buf *out, const char *s, size_t n)
{
	if (is_ascii(s, n)) {
		tv_buf_reserve(out, n);
		for (size_t i = 0; i < n; i++) {
			char ch = s[i];
			out->s[out->len++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
		}
		out->s[out->len] = '\0';
		return;
	}
	uint32_t c[KEY_CPS];
	int m = word_cps(s, n, c, KEY_CPS);
	if (m < 0) { /* not a syllable: NFC and lower case are all it needs */
		char *low = vn_lower(s, n);
		tv_buf_puts(out, low);
		free(low);
		return;
	}
	uint8_t l[MAX_SYL];
	int tone, marks;
	syl y;
	if (m <= MAX_SYL && to_letters(c, m, l, &tone, &marks) && syl_parse(l, m, 0, &y)) {
		for (int i = 0; i < m; i++) {
			if (l[i] & L_VOWEL)
				c[i] = vt_fwd[l[i] & 0x7F][i == y.tone_at ? tone : 0];
			else if (l[i] == 'D')
				c[i] = 0x111;
		}
	}
	for (int i = 0; i < m; i++) tv_buf_put_cp(out, c[i]);
}

char *vn_key_exact(const char *word, size_t n)
{
	tv_buf b = TV_BUF_INIT;
	key_exact_into(&b, word ? word : "", word ? n : 0);
	return b.s ? tv_buf_take(&b) : tv_strdup("");
}

/* Fold one code point into out: ASCII lower case, marks dropped, đ → d, other
 * letters through a compatibility decomposition without marks. */
static void fold_cp(tv_buf *out, uint32_t cp)
{
	if (cp < 0x80) {
		tv_buf_putc(out, (char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp));
		return;
	}
	if (is_comb(cp)) return;
	if (is_dstroke(cp)) {
		tv_buf_putc(out, 'd');
		return;
	}
	uint32_t low = lower_cp(cp);
	unsigned v = vowel_of(low);
	if (v) {
		tv_buf_putc(out, vt_base[(v >> 3) - 1]);
		return;
	}
	utf8proc_int32_t d[8];
	int bound = 0;
	utf8proc_ssize_t k = utf8proc_decompose_char(
	    (utf8proc_int32_t)cp, d, 8,
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &bound);
	if (k < 0 || k > 8) {
		tv_buf_put_cp(out, low);
		return;
	}
	for (utf8proc_ssize_t i = 0; i < k; i++) tv_buf_put_cp(out, (uint32_t)d[i]);
}

static void fold_into(tv_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80) {
			tv_buf_putc(out, (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch));
			i++;
			continue;
		}
		fold_cp(out, u8_next(s, n, &i));
	}
}

char *vn_key_fold(const char *word, size_t n)
{
	tv_buf b = TV_BUF_INIT;
	if (word) fold_into(&b, word, n);
	return b.s ? tv_buf_take(&b) : tv_strdup("");
}

char *vn_fold_text(const char *s, size_t n)
{
	return vn_key_fold(s, n);
}

static char *map_case(const char *s, size_t n, int upper)
{
	tv_buf b = TV_BUF_INIT, t = TV_BUF_INIT;
	if (!s) n = 0;
	if (!nfc_quick(s, n)) {
		/* NFC first, so that a decomposed letter maps as one */
		tv_buf c = TV_BUF_INIT;
		for (size_t i = 0; i < n;) tv_buf_put_cp(&c, u8_next(s, n, &i));
		nfc_append(&t, tv_buf_str(&c), c.len);
		tv_buf_free(&c);
		s = tv_buf_str(&t);
		n = t.len;
	}
	tv_buf_reserve(&b, n);
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80) {
			if (upper && ch >= 'a' && ch <= 'z')
				ch = (unsigned char)(ch - 32);
			else if (!upper && ch >= 'A' && ch <= 'Z')
				ch = (unsigned char)(ch + 32);
			tv_buf_putc(&b, (char)ch);
			i++;
			continue;
		}
		utf8proc_int32_t cp = (utf8proc_int32_t)u8_next(s, n, &i);
		tv_buf_put_cp(&b, (uint32_t)(upper ? utf8proc_toupper(cp) : utf8proc_tolower(cp)));
	}
	tv_buf_free(&t);
	return b.s ? tv_buf_take(&b) : tv_strdup("");
}

char *vn_lower(const char *s, size_t n)
{
	return map_case(s, n, 0);
}
char *vn_upper(const char *s, size_t n)
{
	return map_case(s, n, 1);
}

/* Which of the case mappings would change s: CASE_LOWER if vn_upper would (it
 * has a small letter), CASE_UPPER if vn_lower would; without building either
 * when s is NFC already.  Stops once the flags in `enough` are found. */
enum { CASE_LOWER = 1, CASE_UPPER = 2 };

static int case_flags(const char *s, size_t n, int enough)
{
	if (!s) return 0;
	if (!nfc_quick(s, n)) { /* the mappings compose first: compare with them */
		char *up = vn_upper(s, n), *lo = vn_lower(s, n);
		int r = (strlen(up) == n && !memcmp(up, s, n) ? 0 : CASE_LOWER) |
		        (strlen(lo) == n && !memcmp(lo, s, n) ? 0 : CASE_UPPER);
		free(up);
		free(lo);
		return r;
	}
	int r = 0;
	for (size_t i = 0; i < n && (r & enough) != enough;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80) {
			r |= ch >= 'a' && ch <= 'z'   ? CASE_LOWER
			     : ch >= 'A' && ch <= 'Z' ? CASE_UPPER
			                              : 0;
			i++;
			continue;
		}
		uint32_t cp = u8_next(s, n, &i); /* valid: nfc_quick checked the bytes */
		if ((uint32_t)utf8proc_toupper((utf8proc_int32_t)cp) != cp) r |= CASE_LOWER;
		if ((uint32_t)utf8proc_tolower((utf8proc_int32_t)cp) != cp) r |= CASE_UPPER;
	}
	return r;
}

int vn_in_capitals(const char *s, size_t n)
{
	return case_flags(s, n, CASE_LOWER) == CASE_UPPER;
}

int vn_has_lower(const char *s, size_t n)
{
	return (case_flags(s, n, CASE_LOWER) & CASE_LOWER) != 0;
}

int vn_has_upper(const char *s, size_t n)
{
	return (case_flags(s, n, CASE_UPPER) & CASE_UPPER) != 0;
}

int vn_has_marks(const char *word, size_t n)
{
	if (!word) return 0;
	for (size_t i = 0; i < n;) {
		if ((unsigned char)word[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp = u8_next(word, n, &i);
		if (is_dstroke(cp) || is_comb(cp) || vowel_of(lower_cp(cp))) return 1;
	}
	return 0;
}

int vn_is_syllable(const char *word, size_t n)
{
	if (!word || !n) return 0;
	uint32_t c[MAX_SYL];
	int m = word_cps(word, n, c, MAX_SYL);
	if (m <= 0) return 0;
	uint8_t l[MAX_SYL];
	int tone, marks;
	syl y;
	if (!to_letters(c, m, l, &tone, &marks)) return 0;
	if (!syl_parse(l, m, !marks, &y)) return 0;
	/* after c ch p t only sắc or nặng */
	if (y.stop && (tone == 1 || tone == 3 || tone == 4)) return 0;
	return 1;
}

/* ---- stop words (VIETNAMESE.md §5.4) ------------------------------------------ */

/* Exact keys, canonical tone placement (checked by the tests). */
static const char *const stop_exact[] = {
    "và",      "của",       "các",     "những",  "là",      "có",       "được",     "cho",
    "trong",   "với",       "để",      "đã",     "sẽ",      "đang",     "này",      "đó",
    "một",     "theo",      "về",      "từ",     "trên",    "tại",      "khi",      "thì",
    "mà",      "như",       "cũng",    "không",  "nhiều",   "hơn",      "rất",      "lại",
    "ra",      "vào",       "đến",     "nên",    "bị",      "do",       "vì",       "nếu",
    "nhưng",   "hoặc",      "cùng",    "còn",    "đều",     "việc",     "sự",       "nhằm",
    "qua",     "sau",       "trước",   "giữa",   "đối với", "bao gồm",  "trong đó", "thông qua",
    "nhất là", "đồng thời", "như sau", "cụ thể", "các cấp", "hiện nay", "ngày",     "tháng",
    "năm",     "số",
};

/* Folded forms accepted for words typed without marks.  Folds that also spell
 * frequent content words are left out ("dang" is Đảng as often as đang, "so" is
 * Sở, "nam" Nam, "co" cơ quan, "tu" tư tưởng, "qua" kết quả, "neu" nêu gương):
 * a stop word only lowers a weight, a content word taken for one loses a hit. */
static const char *const stop_fold[] = {
    "va",        "cua",     "cac",     "nhung",   "la",       "duoc",      "voi",
    "se",        "nay",     "mot",     "theo",    "tren",     "khi",       "khong",
    "nhieu",     "rat",     "vao",     "hoac",    "deu",      "viec",      "nham",
    "truoc",     "giua",    "doi voi", "bao gom", "trong do", "thong qua", "nhat la",
    "dong thoi", "nhu sau", "cu the",  "cac cap", "hien nay",
};

/* Key of a (possibly multi-word) phrase: words keyed one by one, single spaces. */
static void phrase_key(tv_buf *out, const char *s, size_t n, int fold)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) i++;
		size_t a = i;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') i++;
		if (i == a) break;
		if (out->len) tv_buf_putc(out, ' ');
		if (fold)
			fold_into(out, s + a, i - a);
		else
			key_exact_into(out, s + a, i - a);
	}
}

int vn_is_stopword(const char *word, size_t n)
{
	if (!word || !n || n > 64) return 0;
	int marks = vn_has_marks(word, n);
	tv_buf k = TV_BUF_INIT;
	phrase_key(&k, word, n, !marks);
	const char *key = tv_buf_str(&k);
	int hit = 0;
	if (marks) {
		for (size_t i = 0; i < sizeof stop_exact / sizeof *stop_exact && !hit; i++)
			hit = strcmp(key, stop_exact[i]) == 0;
	} else {
		for (size_t i = 0; i < sizeof stop_fold / sizeof *stop_fold && !hit; i++)
			hit = strcmp(key, stop_fold[i]) == 0;
	}
	tv_buf_free(&k);
	return hit;
}

/* ---- tokenise ---------------------------------------------------------------- */

/* Longest token (bytes) reported: Xapian refuses terms over 245 bytes and the
 * indexer adds prefixes and bigrams; longer runs are hashes, base64, garbage. */
#define TOK_MAX 100

static int is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (cp == 0xFFFD) return 0;
	if (vowel_of(cp) || is_dstroke(cp)) return 1;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
		return 1;
	default:
		return 0;
	}
}

/* The ASCII joiner a code point stands for inside a code, 0 if none. */
static char joiner_of(uint32_t cp)
{
	switch (cp) {
	case '-':
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2212:
	case 0xFE63:
	case 0xFF0D:
		return '-';
	case '/':
	case 0x2044:
	case 0x2215:
	case 0xFF0F:
		return '/';
	case '.':
		return '.';
	case '&':
		return '&';
	case ',':
		return ',';
	}
	return 0;
}

typedef struct seg {
	size_t off, len;
	int digits; /* all ASCII digits */
	char join;  /* joiner after this part (0 for the last) */
} seg;

typedef struct tok_ctx {
	tv_buf ex, fo;
	seg *segs;
	size_t nseg, cap;
	int folds_only; /* vn_tokenize_folds: no exact keys */
} tok_ctx;

static void keys_of(tok_ctx *c, const char *s, size_t len)
{
	tv_buf_clear(&c->ex);
	tv_buf_clear(&c->fo);
	if (!c->folds_only) key_exact_into(&c->ex, s, len);
	fold_into(&c->fo, s, len);
	if (!c->ex.s) tv_buf_append(&c->ex, "", 0);
	if (!c->fo.s) tv_buf_append(&c->fo, "", 0);
}

/* Emit one part (a word or number); returns the callback's verdict. */
static int emit_part(tok_ctx *c, const char *s, const seg *g, unsigned pos, vn_token_cb cb,
                     void *ud)
{
	vn_token t;
	keys_of(c, s + g->off, g->len);
	t.kind = g->digits ? VN_TOK_NUMBER : VN_TOK_WORD;
	t.exact = c->folds_only ? NULL : c->ex.s;
	t.fold = c->fo.s;
	t.has_marks = !g->digits && vn_has_marks(s + g->off, g->len);
	t.pos = pos;
	t.off = g->off;
	t.len = g->len;
	return cb(&t, ud);
}

/* Emit a chunk of parts joined without spaces; returns -1 to stop, else the
 * number of positions used. */
static long emit_chunk(tok_ctx *c, const char *s, unsigned pos, vn_token_cb cb, void *ud)
{
	seg *g = c->segs;
	size_t k = c->nseg;
	size_t off = g[0].off, end = g[k - 1].off + g[k - 1].len;
	int number = 1;
	for (size_t i = 0; i < k; i++)
		if (!g[i].digits || (i + 1 < k && g[i].join != '.' && g[i].join != ',')) number = 0;
	if (k == 1 || number) {
		if (end - off > TOK_MAX) return 0;
		seg whole = {off, end - off, number, 0};
		return emit_part(c, s, &whole, pos, cb, ud) ? -1 : 1;
	}
	unsigned p = pos;
	if (end - off <= TOK_MAX) {
		vn_token t;
		tv_buf_clear(&c->ex);
		tv_buf_clear(&c->fo);
		for (size_t i = 0; i < k; i++) {
			if (!c->folds_only) key_exact_into(&c->ex, s + g[i].off, g[i].len);
			fold_into(&c->fo, s + g[i].off, g[i].len);
			if (i + 1 < k) {
				if (!c->folds_only) tv_buf_putc(&c->ex, g[i].join);
				tv_buf_putc(&c->fo, g[i].join);
			}
		}
		t.kind = VN_TOK_CODE;
		t.exact = c->folds_only ? NULL : c->ex.s;
		t.fold = c->fo.s;
		t.has_marks = vn_has_marks(s + off, end - off);
		t.pos = pos;
		t.off = off;
		t.len = end - off;
		if (cb(&t, ud)) return -1;
	}
	for (size_t i = 0; i < k; i++) {
		if (g[i].len > TOK_MAX) continue;
		if (emit_part(c, s, &g[i], p, cb, ud)) return -1;
		p++;
	}
	return (long)(p - pos);
}

static void push_seg(tok_ctx *c, seg g)
{
	if (c->nseg == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->segs = tv_realloc(c->segs, c->cap * sizeof *c->segs);
	}
	c->segs[c->nseg++] = g;
}

/* Code point at s[i] without moving; its length in *len (1 for invalid bytes). */
static uint32_t peek(const char *s, size_t n, size_t i, size_t *len)
{
	size_t j = i;
	uint32_t cp = u8_next(s, n, &j);
	*len = j - i;
	return cp;
}

static unsigned tokenize(const char *s, size_t n, unsigned first_pos, int folds_only,
                         vn_token_cb cb, void *ud)
{
	tok_ctx c = {TV_BUF_INIT, TV_BUF_INIT, NULL, 0, 0, folds_only};
	unsigned pos = first_pos;
	size_t i = 0;
	if (!s) n = 0;
	while (i < n) {
		size_t l;
		uint32_t cp = peek(s, n, i, &l);
		if (!is_word_cp(cp)) {
			i += l;
			continue;
		}
		/* a chunk: runs of word characters joined by single joiners */
		c.nseg = 0;
		for (;;) {
			seg g = {i, 0, 1, 0};
			while (i < n) {
				unsigned char ch = (unsigned char)s[i];
				if (ch < 0x80) {
					if (!((ch >= 'a' && ch <= 'z') ||
					      (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
						break;
					if (ch > '9') g.digits = 0;
					i++;
					continue;
				}
				cp = peek(s, n, i, &l);
				if (!is_word_cp(cp)) break;
				g.digits = 0;
				i += l;
			}
			g.len = i - g.off;
			if (i >= n) {
				push_seg(&c, g);
				break;
			}
			cp = peek(s, n, i, &l);
			char j = joiner_of(cp);
			size_t l2 = 0;
			uint32_t nx = i + l < n ? peek(s, n, i + l, &l2) : 0;
			int ok = j && i + l < n && is_word_cp(nx);
			/* a comma only inside a number: 1,5 but not "a,b" */
			if (ok && j == ',')
				ok = g.digits && nx >= '0' && nx <= '9' &&
				     (c.nseg == 0 || (c.segs[c.nseg - 1].digits &&
				                      (c.segs[c.nseg - 1].join == '.' ||
				                       c.segs[c.nseg - 1].join == ',')));
			if (!ok) {
				push_seg(&c, g);
				break;
			}
			g.join = j;
			push_seg(&c, g);
			i += l;
		}
		long used = emit_chunk(&c, s, pos, cb, ud);
		if (used < 0) break;
		pos += (unsigned)used;
	}
	tv_buf_free(&c.ex);
	tv_buf_free(&c.fo);
	free(c.segs);
	return pos;
}

unsigned vn_tokenize(const char *s, size_t n, unsigned first_pos, vn_token_cb cb, void *ud)
{
	return tokenize(s, n, first_pos, 0, cb, ud);
}

unsigned vn_tokenize_folds(const char *s, size_t n, unsigned first_pos, vn_token_cb cb, void *ud)
{
	return tokenize(s, n, first_pos, 1, cb, ud);
}

char *vn_fold_joined(const char *s, size_t n, char sep, size_t max)
{
	char *fold = vn_fold_text(s, n);
	tv_buf b = TV_BUF_INIT;
	tv_buf_puts(&b, "");
	for (char *p = fold; *p;) {
		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) p++;
		char *st = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) p++;
		size_t w = (size_t)(p - st);
		if (!w || b.len + w + 1 > max) continue;
		if (b.len) tv_buf_putc(&b, sep);
		tv_buf_append(&b, st, w);
	}
	free(fold);
	return tv_buf_take(&b);
}

char *vn_capitalize(const char *s, size_t n)
{
	if (!n) return tv_strndup(s, 0);
	size_t n1 = 1; /* the first code point */
	while (n1 < n && ((unsigned char)s[n1] & 0xC0) == 0x80) n1++;
	char *u = vn_upper(s, n1);
	tv_buf b = TV_BUF_INIT;
	tv_buf_puts(&b, u);
	tv_buf_append(&b, s + n1, n - n1);
	free(u);
	return tv_buf_take(&b);
}
