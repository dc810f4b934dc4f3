/* vn.h — Vietnamese text handling, the one module that both the indexer and the
 * query parser call, so a document and a query are always analysed alike.
 *
 *   clean:    bytes → valid UTF-8, NFC, tone-before-modifier repaired,
 *             invisible characters removed (after legacy decoding only)
 *   legacy:   TCVN3 (ABC) and VNI Windows text → Unicode, per run/span, by font
 *             name or by a heuristic for plain text
 *   keys:     exact key (lower case, one canonical tone placement, i/y kept) and
 *             folded key (ASCII: no marks, đ→d)
 *   tokenise: syllables/words and codes with positions and byte offsets
 *   typing:   Telex/VNI residue ("nghij quyeets") → syllables
 *
 * Every function returning char * returns a malloc'd string the caller frees. */
#ifndef TV_VN_H
#define TV_VN_H

#include <stddef.h>
#include <stdint.h>

#include "../common/tv.h"

/* ---- clean ---------------------------------------------------------------- */

/* 1 if s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int vn_utf8_valid(const char *s, size_t n);

/* Clean text for storage and display: invalid UTF-8 bytes become U+FFFD,
 * NFC, a tone mark typed before its modifier (a U+0301 U+0302) repaired,
 * U+200B/U+FEFF/U+00AD/U+2060 removed, NBSP and other spaces → ' ', CR LF → LF,
 * control characters other than \n \t dropped.  Hyphen/slash look-alikes are kept
 * (they matter in document numbers; the tokeniser maps them). */
char *vn_clean(const char *s, size_t n);

/* ---- legacy encodings ----------------------------------------------------- */

typedef enum vn_enc { VN_ENC_UNICODE = 0, VN_ENC_TCVN3, VN_ENC_VNI } vn_enc;

/* The encoding a font name signals: ".VnTime", "VnTimeH", "ABCDEF+VnTimeHBold"
 * → TCVN3 (and *caps = 1 for the H fonts); "VNI-Times" → VNI; otherwise UNICODE.
 * caps may be NULL. */
vn_enc vn_font_encoding(const char *font, int *caps);

/* Decode a run of legacy text as it arrives in DOCX/.doc/PDF: each legacy byte b
 * as the code point U+00b (or U+F0b for symbol fonts, and the PDF look-alikes
 * U+2212 → 0xAD, U+2219 → 0xB7).  Characters outside the legacy range pass
 * through.  caps: upper-case the result (TCVN3 H fonts).  Output is NFC. */
char *vn_legacy_decode(const char *s, size_t n, vn_enc enc, int caps);

/* Guess the encoding of text with no font information (plain text, unknown
 * fonts): decodes both ways and counts tokens that become valid Vietnamese
 * syllables.  Never says TCVN3/VNI for ordinary Unicode Vietnamese. */
vn_enc vn_guess_encoding(const char *s, size_t n);

/* ---- keys ------------------------------------------------------------------ */

/* Exact key of one word: lower case, NFC, tone on one canonical position
 * (hòa/hoà → one form, ủy/uỷ → one form).  Non-Vietnamese words are just
 * lower-cased. */
char *vn_key_exact(const char *word, size_t n);
/* Folded key: lower-case ASCII, marks removed, đ/Đ/Ð/ð → d. */
char *vn_key_fold(const char *word, size_t n);
/* Fold a whole text the same way (keeps spaces and punctuation). */
char *vn_fold_text(const char *s, size_t n);
/* The folded words of a text joined by sep, at most max bytes of whole words:
 * "Đảng ủy Khối" → "dang_uy_khoi".  One key for a whole name (an issuer), the
 * same for the indexer and the query filter. */
char *vn_fold_joined(const char *s, size_t n, char sep, size_t max);
/* Lower-case a whole text (NFC, Vietnamese aware). */
char *vn_lower(const char *s, size_t n);
/* The text with its first letter upper-cased ("đảng ủy" → "Đảng ủy"). */
char *vn_capitalize(const char *s, size_t n);
/* Upper-case a whole text. */
char *vn_upper(const char *s, size_t n);
/* 1 if the text is in capitals: vn_upper would leave it as it is and vn_lower
 * would not (a letter with a small form, none without).  Without building
 * either: it stops at the first small letter. */
int vn_in_capitals(const char *s, size_t n);
/* 1 if vn_upper would change the text (it has a small letter), and if vn_lower
 * would (a capital); without building the mapping. */
int vn_has_lower(const char *s, size_t n);
int vn_has_upper(const char *s, size_t n);
/* 1 if the word carries any Vietnamese mark or đ. */
int vn_has_marks(const char *word, size_t n);
/* 1 if the (exact or folded) word is a well-formed Vietnamese syllable. */
int vn_is_syllable(const char *word, size_t n);
/* 1 if the word is an administrative stop word (§5.4 list; compared folded). */
int vn_is_stopword(const char *word, size_t n);

/* ---- tokenise -------------------------------------------------------------- */

typedef enum vn_tok_kind {
	VN_TOK_WORD = 0, /* letters (a syllable, or a foreign word) */
	VN_TOK_NUMBER,   /* digits, possibly with . or , inside (2.689, 2021) */
	VN_TOK_CODE,     /* letters/digits joined by - / . & without spaces: 05-CT/TW, QĐ-UBND */
} vn_tok_kind;

typedef struct vn_token {
	vn_tok_kind kind;
	const char *exact; /* exact key (see vn_key_exact); valid during the callback */
	const char *fold;  /* folded key */
	int has_marks;     /* the word carries marks */
	unsigned pos;      /* term position: parts of a code share the sequence p, p+1, ...;
	                      a CODE token carries the position of its first part */
	size_t off, len;   /* bytes in the input text */
} vn_token;

/* Called for each token; return non-zero to stop. */
typedef int (*vn_token_cb)(const vn_token *t, void *ud);

/* Tokenise NFC text.  Words, numbers and codes are reported in order; a CODE
 * token (05-CT/TW) is reported first, then each of its parts (05, ct, tw) as
 * WORD/NUMBER tokens.  Positions start at first_pos; returns the position after
 * the last token (so callers can chain blocks with a gap). */
unsigned vn_tokenize(const char *s, size_t n, unsigned first_pos, vn_token_cb cb, void *ud);
/* vn_tokenize without the exact keys (t->exact is NULL), about twice as fast:
 * for callers that need a word's exact key only now and then, which
 * vn_key_exact(s + t->off, t->len) then gives (snippets: search.c). */
unsigned vn_tokenize_folds(const char *s, size_t n, unsigned first_pos, vn_token_cb cb, void *ud);

/* ---- typing residue -------------------------------------------------------- */

/* If an ASCII token is Telex or VNI input-method residue that decodes to a valid
 * syllable ("quyeets" → "quyết", "nghi5" → "nghị", "ddangr" → "đảng"), return
 * the syllable; otherwise NULL.  Plain valid syllables ("nghi") and codes ("TW")
 * return NULL. */
char *vn_typing_decode(const char *word, size_t n);

#endif
