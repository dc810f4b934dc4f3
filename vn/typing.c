/* typing.c — Telex and VNI input-method residue → syllables (VIETNAMESE.md §6.2).
 * A query typed with the input method switched off arrives as "nghij quyeets"
 * or "nghi5 quye61t".  Decoding is deliberately timid: a token is rewritten only
 * when it is not already a syllable, not a code or a common English word, and
 * decodes to a well-formed syllable; a wrong rewrite costs more than a miss. */
#include "vn.h"
#include "vn_int.h"

#include <stdlib.h>
#include <string.h>

/* ASCII words that would decode to a valid syllable ("test" → tét, "now" → nơ,
 * "its" → ít).  Sorted for bsearch. */
static const char *const english[] = {
    "ar",   "as",   "ax",   "bar",  "bars", "been", "beer",  "best", "bets",  "bits", "boom",
    "bots", "bow",  "bows", "box",  "bus",  "bust", "car",   "cast", "cats",  "cops", "cost",
    "cow",  "cows", "cuts", "dawn", "ddos", "deer", "doom",  "dos",  "dots",  "down", "dust",
    "er",   "es",   "ex",   "gas",  "gets", "gown", "has",   "hats", "her",   "hex",  "his",
    "hits", "host", "how",  "if",   "is",   "its",  "kits",  "last", "lawn",  "lax",  "lest",
    "lets", "lex",  "list", "los",  "lost", "lots", "low",   "lows", "lux",   "mar",  "mas",
    "mast", "max",  "mist", "mix",  "moon", "most", "mow",   "must", "nest",  "nets", "nix",
    "noon", "nor",  "now",  "nuts", "of",   "or",   "os",    "ox",   "past",  "pawn", "peer",
    "per",  "pest", "pets", "pix",  "pos",  "post", "pots",  "rest", "rex",   "room", "row",
    "rows", "rust", "sax",  "seen", "seer", "sets", "sex",   "sir",  "six",   "soon", "sos",
    "sow",  "tar",  "tax",  "teen", "test", "tex",  "these", "this", "those", "thus", "tips",
    "tops", "tow",  "town", "tux",  "ur",   "us",   "vast",  "vest", "vow",   "vox",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_english(const char *w)
{
	return bsearch(&w, english, sizeof english / sizeof *english, sizeof *english, cmp_str) !=
	       NULL;
}

enum { M_NONE, M_CIRC, M_BREVE, M_HORN };

typedef struct letter {
	char c;  /* ASCII letter */
	char m;  /* modifier */
	char dd; /* d → đ */
} letter;

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* The Unicode letter for c with modifier m and tone t (0..5), or 0. */
static uint32_t compose(char c, int m, int t)
{
	int row = -1;
	switch (c) {
	case 'a':
		row = m == M_NONE ? 0 : m == M_BREVE ? 1 : m == M_CIRC ? 2 : -1;
		break;
	case 'e':
		row = m == M_NONE ? 3 : m == M_CIRC ? 4 : -1;
		break;
	case 'i':
		row = m == M_NONE ? 5 : -1;
		break;
	case 'o':
		row = m == M_NONE ? 6 : m == M_CIRC ? 7 : m == M_HORN ? 8 : -1;
		break;
	case 'u':
		row = m == M_NONE ? 9 : m == M_HORN ? 10 : -1;
		break;
	case 'y':
		row = m == M_NONE ? 11 : -1;
		break;
	}
	return row < 0 ? 0 : vn_vowel_cp(row, t);
}

/* Horn (Telex w, VNI 7): "uo" → ươ, else the last a/o/u (a takes a breve for w). */
static int apply_horn(letter *l, int n, int breve_ok)
{
	for (int k = 0; k + 1 < n; k++)
		if (l[k].c == 'u' && l[k + 1].c == 'o' && l[k + 1].m == M_NONE &&
		    (l[k].m == M_NONE || l[k].m == M_HORN)) {
			l[k].m = M_HORN;
			l[k + 1].m = M_HORN;
			return 1;
		}
	for (int k = n - 1; k >= 0; k--) {
		if (!is_vowel(l[k].c)) continue;
		if (l[k].m != M_NONE) continue;
		if (l[k].c == 'o' || l[k].c == 'u') {
			l[k].m = M_HORN;
			return 1;
		}
		if (l[k].c == 'a' && breve_ok) {
			l[k].m = M_BREVE;
			return 1;
		}
	}
	return 0;
}

/* Modifier m on the last vowel c of the group (VNI 6 and 8). */
static int apply_on(letter *l, int n, const char *which, int m)
{
	for (int k = n - 1; k >= 0; k--)
		if (strchr(which, l[k].c) && l[k].m == M_NONE) {
			l[k].m = (char)m;
			return 1;
		}
	return 0;
}

#define MAX_LETTERS 8

char *vn_typing_decode(const char *word, size_t n)
{
	if (!word || n < 2 || n > 12) return NULL;
	char w[16];
	int lower = 0, digits = 0;
	for (size_t i = 0; i < n; i++) {
		char c = word[i];
		if (c >= 'a' && c <= 'z')
			lower = 1;
		else if (c >= '0' && c <= '9')
			digits = 1;
		else if (!(c >= 'A' && c <= 'Z'))
			return NULL;
		w[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	w[n] = '\0';
	/* all capitals: a code or an abbreviation (TW, UBND), never residue */
	if (!lower) return NULL;
	if (vn_is_syllable(w, n) || is_english(w)) return NULL;

	letter l[MAX_LETTERS];
	int nl = 0, tone = -1, used = 0, vowel = 0;
	for (size_t i = 0; i < n; i++) {
		char c = w[i];
		if (digits) { /* VNI */
			if (c >= '0' && c <= '9') {
				int ok = 0;
				if (c >= '1' && c <= '5') {
					if (!vowel || tone >= 0) return NULL;
					static const int vt[] = {2, 1, 3, 4,
					                         5}; /* 1 sắc 2 huyền 3 hỏi */
					tone = vt[c - '1'];
					ok = 1;
				} else if (c == '6') {
					ok = apply_on(l, nl, "aeo", M_CIRC);
				} else if (c == '7') {
					ok = apply_horn(l, nl, 0);
				} else if (c == '8') {
					ok = apply_on(l, nl, "a", M_BREVE);
				} else if (c == '9') {
					ok = nl > 0 && l[0].c == 'd' && !l[0].dd;
					if (ok) l[0].dd = 1;
				}
				if (!ok) return NULL;
				used = 1;
				continue;
			}
		} else { /* Telex */
			int t = c == 's'   ? 2
			        : c == 'f' ? 1
			        : c == 'r' ? 3
			        : c == 'x' ? 4
			        : c == 'j' ? 5
			                   : -1;
			if (t >= 0 && vowel) {
				if (tone >= 0) return NULL; /* "ss" undoes: not residue */
				tone = t;
				used = 1;
				continue;
			}
			if (c == 'w' && vowel) {
				if (!apply_horn(l, nl, 1)) return NULL;
				used = 1;
				continue;
			}
			if ((c == 'a' || c == 'e' || c == 'o') && nl > 0 && l[nl - 1].c == c &&
			    l[nl - 1].m == M_NONE) {
				l[nl - 1].m = M_CIRC;
				used = 1;
				continue;
			}
			if (c == 'd' && nl == 1 && l[0].c == 'd' && !l[0].dd) {
				l[0].dd = 1;
				used = 1;
				continue;
			}
		}
		if (nl == MAX_LETTERS) return NULL;
		l[nl++] = (letter){c, M_NONE, 0};
		vowel |= is_vowel(c);
	}
	/* one letter and a digit is a label (a1, A4 paper), not "á" */
	if (!used || !vowel || (digits && nl < 2)) return NULL;
	if (tone < 0) tone = 0;

	/* a stop final (c ch p t) carries sắc or nặng in real syllables */
	char last = l[nl - 1].c;
	int stop = last == 'c' || last == 'p' || last == 't' ||
	           (last == 'h' && nl > 1 && l[nl - 2].c == 'c');
	if (stop && tone != 2 && tone != 5) return NULL;

	tv_buf b = TV_BUF_INIT;
	int toned = 0;
	for (int k = 0; k < nl; k++) {
		if (is_vowel(l[k].c)) {
			uint32_t cp = compose(l[k].c, l[k].m, toned ? 0 : tone);
			if (!cp) {
				tv_buf_free(&b);
				return NULL;
			}
			toned = 1;
			tv_buf_put_cp(&b, cp);
		} else if (l[k].m != M_NONE) {
			tv_buf_free(&b);
			return NULL;
		} else if (l[k].dd) {
			tv_buf_put_cp(&b, 0x111);
		} else {
			tv_buf_putc(&b, l[k].c);
		}
	}
	char *out = NULL;
	if (vn_is_syllable(b.s, b.len)) out = vn_key_exact(b.s, b.len); /* canonical tone */
	tv_buf_free(&b);
	return out;
}
