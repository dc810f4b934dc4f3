/* fields.c — the field parser: reads number, type, issuer, place and date,
 * title, recipients, signer and cited documents off the document model, the
 * way a clerk reads the first and last lines of an official document.
 *
 * The document is first flattened into "lines": one per block line, and a
 * line whose two header columns were merged with a run of spaces (TXT, OCR)
 * is split back into a left and a right segment.  Every rule then works on
 * lines: the header zone (before Kính gửi / Căn cứ / the body), the title under
 * the type heading, and the signature block after the body.  Numbers and type
 * words come from vn/docnum.h, folding and case from vn/vn.h, so the same
 * rules serve the query parser.  Whenever a rule is unsure it leaves the field
 * NULL: a wrong number or issuer in the index is worse than a missing one. */
#include "fields.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "../vn/docnum.h"
#include "../vn/vn.h"
#include "fields_ocr.h"

/* ---- lines ----------------------------------------------------------------- */

typedef struct fline {
	char *text; /* trimmed, markdown emphasis removed */
	char *fold; /* vn_fold_text(text): lower-case ASCII */
	int page;
	doc_col col;
	unsigned flags;
	int seg;    /* 0: first segment of its printed line; >0: a column split off it */
	size_t blk; /* index of the block it came from */
} fline;

typedef struct lines {
	fline *v;
	size_t n, cap;
} lines;

static int is_hspace(char c)
{
	return c == ' ' || c == '\t';
}
static int starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static void push_line(lines *L, const char *s, size_t n, const doc_block *b, size_t blk, int seg,
                      int merged)
{
	while (n && (is_hspace(*s) || *s == '*' || *s == '_' || *s == '#')) {
		/* a lone "*" is the Party star under the issuer: keep it */
		if (*s == '*' && n == 1) break;
		s++, n--;
	}
	while (n > 1 && (is_hspace(s[n - 1]) || s[n - 1] == '*' || s[n - 1] == '_')) n--;
	if (!n || (n == 1 && is_hspace(*s))) return;
	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 256;
		L->v = tv_realloc(L->v, L->cap * sizeof *L->v);
	}
	fline *l = &L->v[L->n++];
	l->text = tv_strndup(s, n);
	l->fold = vn_fold_text(s, n);
	l->page = b->page;
	l->flags = b->flags;
	l->col = merged ? (seg ? DOC_COL_RIGHT : DOC_COL_LEFT) : b->col;
	l->seg = seg;
	l->blk = blk;
}

/* Split one printed line at column gaps: a tab or three or more spaces, unless
 * the gap is a handwritten number gap ("Số:      /TB-ĐT", "3   /2025/QĐ-UBND"). */
static void split_line(lines *L, const char *s, size_t n, const doc_block *b, size_t blk)
{
	size_t start = 0, seg = 0, i = 0;
	int merged = 0;
	/* first pass: does the line split at all? */
	while (i < n) {
		if (is_hspace(s[i])) {
			size_t j = i;
			int tab = 0;
			while (j < n && is_hspace(s[j])) tab |= s[j++] == '\t';
			size_t k = i;
			while (k > start && is_hspace(s[k - 1])) k--;
			int gap = (tab || j - i >= 3) && k > start && j < n;
			if (gap && (s[j] == '/' || s[j] == '-')) gap = 0;
			/* "Số:        /TB-ĐT": the gap is the unwritten number */
			if (gap && s[k - 1] == ':' && k - start <= 6 &&
			    (s[start] == 'S' || s[start] == 's'))
				gap = 0;
			if (gap && i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' && s[j] == '/')
				gap = 0;
			/* a blank day in a date line: "ngày      tháng 5 năm 2023" */
			if (gap && (starts(s + j, "tháng") || starts(s + j, "THÁNG") ||
			            (k >= start + 5 && (!strncmp(s + k - 5, "ngày", 5) ||
			                                !strncmp(s + k - 5, "NGÀY", 5)))))
				gap = 0;
			if (gap) {
				merged = 1;
				push_line(L, s + start, i - start, b, blk, (int)seg++, 1);
				start = j;
			}
			i = j;
		} else
			i++;
	}
	push_line(L, s + start, n - start, b, blk, (int)seg, merged);
}

static void build_lines(const tv_doc *d, lines *L)
{
	for (size_t k = 0; k < d->nblocks; k++) {
		const doc_block *b = &d->blocks[k];
		if (b->flags & (DOC_HEADER | DOC_FOOTER | DOC_FOOTNOTE)) continue;
		const char *s = b->text;
		while (*s) {
			const char *e = strchr(s, '\n');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			if (n && s[n - 1] == '\r') n--;
			split_line(L, s, n, b, k);
			if (!e) break;
			s = e + 1;
		}
	}
}

static void free_lines(lines *L)
{
	for (size_t i = 0; i < L->n; i++) {
		free(L->v[i].text);
		free(L->v[i].fold);
	}
	free(L->v);
}

/* ---- small text helpers ---------------------------------------------------- */

/* s starts with the word p (followed by a non-letter). */
static int starts_word(const char *s, const char *p)
{
	size_t n = strlen(p);
	return strncmp(s, p, n) == 0 && !isalnum((unsigned char)s[n]);
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	int in = 0;
	for (; *s; s++) {
		if (is_hspace(*s))
			in = 0;
		else if (!in)
			in = 1, n++;
	}
	return n;
}

/* Byte offset in s after skipping `words` space-separated words (and the
 * spaces after them).  Folding keeps spaces, so a word count found in the fold
 * maps back to the original text. */
static size_t skip_words(const char *s, size_t words)
{
	size_t i = 0;
	while (s[i] && is_hspace(s[i])) i++;
	while (words-- && s[i]) {
		while (s[i] && !is_hspace(s[i])) i++;
		while (s[i] && is_hspace(s[i])) i++;
	}
	return i;
}

static size_t words_before(const char *fold, size_t off)
{
	size_t n = 0;
	int in = 0;
	for (size_t i = 0; i < off && fold[i]; i++) {
		if (is_hspace(fold[i]))
			in = 0;
		else if (!in)
			in = 1, n++;
	}
	return n;
}

static int has_lower(const char *s)
{
	return vn_has_lower(s, strlen(s));
}

static int has_upper(const char *s)
{
	return vn_has_upper(s, strlen(s));
}

/* Printed in capitals (or in a capitals font whose text arrived in lower case,
 * as TCVN3 .VnTimeH headings do). */
static int is_caps(const fline *l)
{
	if (!has_upper(l->text)) return (l->flags & DOC_CAPS) != 0;
	return !has_lower(l->text) || (l->flags & DOC_CAPS);
}

static int is_rule(const char *s)
{
	int any = 0;
	for (; *s; s++) {
		if (*s == '-' || *s == '_' || *s == '=' || *s == '*' || *s == '.' || *s == '~')
			any = 1;
		else if (!is_hspace(*s) && !((unsigned char)*s == 0xE2)) /* en/em dashes */
			if (!((unsigned char)*s == 0x80 || (unsigned char)*s == 0x93 ||
			      (unsigned char)*s == 0x94))
				return 0;
	}
	return any;
}

static int is_digits(const char *s)
{
	int any = 0;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			any = 1;
		else if (!is_hspace(*s) && *s != '-' && *s != '.')
			return 0;
	}
	return any;
}

static int is_bullet_start(const char *s)
{
	return *s == '-' || *s == '+' || starts(s, "\xE2\x80\x93") || starts(s, "\xE2\x80\x94") ||
	       starts(s, "\xE2\x80\xA2") || starts(s, "\xEF\x82\xB7");
}

static const char *skip_bullet(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	else if (is_bullet_start(s))
		s += 3;
	while (is_hspace(*s)) s++;
	return s;
}

/* A copy of s without a trailing list separator (";", ",", ".") or spaces. */
static char *clean_item(const char *s)
{
	size_t n = strlen(s);
	while (n && (is_hspace(s[n - 1]) || s[n - 1] == ';' || s[n - 1] == ',' || s[n - 1] == '.' ||
	             s[n - 1] == '*'))
		n--;
	if (n >= 2 && s[n - 1] == '/' && s[n - 2] == '.') n -= 2; /* "./." end mark */
	return tv_strndup(s, n);
}

/* Collapse runs of white space to one space. */
static void squeeze(tv_buf *b)
{
	size_t j = 0;
	int sp = 0;
	for (size_t i = 0; i < b->len; i++) {
		char c = b->s[i];
		if (is_hspace(c) || c == '\n') {
			sp = 1;
			continue;
		}
		if (sp && j) b->s[j++] = ' ';
		sp = 0;
		b->s[j++] = c;
	}
	b->len = j;
	if (b->s) b->s[j] = 0;
}

/* ---- natural case ------------------------------------------------------------ */

/* Body words with their printed form, to copy how the document itself writes
 * a name it also prints in capitals in the header. */
typedef struct bword {
	char *key;  /* vn_lower */
	char *form; /* as printed */
	int sent;   /* starts a sentence or line: its capital says nothing */
} bword;

typedef struct body {
	bword *v;
	size_t n, cap;
	int ocr; /* the text came from OCR: the body may also correct letters */
} body;

static void body_add_line(body *B, const char *s)
{
	int sent = 1;
	const char *p = s;
	while (*p) {
		while (*p && (is_hspace(*p) || *p == '(' || *p == '"')) p++;
		if (!*p) break;
		const char *e = p;
		while (*e && !is_hspace(*e)) e++;
		size_t n = (size_t)(e - p);
		while (n && strchr(",;:.)\"!?", p[n - 1])) n--;
		if (n) {
			if (B->n == B->cap) {
				B->cap = B->cap ? B->cap * 2 : 1024;
				B->v = tv_realloc(B->v, B->cap * sizeof *B->v);
			}
			bword *w = &B->v[B->n++];
			w->form = tv_strndup(p, n);
			w->key = vn_lower(p, n);
			w->sent = sent;
		}
		sent = e > p && (e[-1] == '.' || e[-1] == ':' || e[-1] == '!' || e[-1] == '?');
		p = e;
	}
}

static void body_free(body *B)
{
	for (size_t i = 0; i < B->n; i++) {
		free(B->v[i].key);
		free(B->v[i].form);
	}
	free(B->v);
}

/* Casing of words that name kinds of bodies, titles and places, as official
 * documents write them (NĐ 30 Phụ lục II).  Longest first within a head word. */
static const char *const known_case[] = {"Ban Chấp hành Trung ương",
                                         "Ban Thường vụ",
                                         "Ban Bí thư",
                                         "Bộ Chính trị",
                                         "Ủy ban nhân dân",
                                         "Hội đồng nhân dân",
                                         "Ủy ban Kiểm tra",
                                         "Ngân hàng Nhà nước Việt Nam",
                                         "Ngân hàng Nhà nước",
                                         "Đảng ủy Khối",
                                         "Đảng bộ Khối",
                                         "Đảng ủy",
                                         "Đảng bộ",
                                         "Đảng đoàn",
                                         "Ban cán sự đảng",
                                         "Chi bộ",
                                         "Tỉnh ủy",
                                         "Thành ủy",
                                         "Huyện ủy",
                                         "Quận ủy",
                                         "Thị ủy",
                                         "Chính phủ",
                                         "Quốc hội",
                                         "Văn phòng",
                                         "Thủ tướng Chính phủ",
                                         "Thủ tướng",
                                         "Phó Thủ tướng",
                                         "Tổng Bí thư",
                                         "Phó Bí thư",
                                         "Bí thư",
                                         "Phó Chủ tịch",
                                         "Chủ tịch",
                                         "Phó Giám đốc",
                                         "Giám đốc",
                                         "Phó Hiệu trưởng",
                                         "Hiệu trưởng",
                                         "Phó Trưởng phòng",
                                         "Trưởng phòng",
                                         "Phó Trưởng ban",
                                         "Trưởng ban",
                                         "Phó Trưởng khoa",
                                         "Trưởng khoa",
                                         "Bộ trưởng",
                                         "Thứ trưởng",
                                         "Phó Thống đốc",
                                         "Thống đốc",
                                         "Chánh Văn phòng",
                                         "Phó Chánh Văn phòng",
                                         "Cục trưởng",
                                         "Phó Cục trưởng",
                                         "Viện trưởng",
                                         "Tổng Giám đốc",
                                         "Trung ương",
                                         "Việt Nam",
                                         "Nhân dân",
                                         "Tổ quốc",
                                         "Nhà nước",
                                         NULL};

/* Words after which a name starts, whose first word is capitalised. */
static const char *const org_heads[] = {"bộ",      "sở",        "phòng",     "khoa",     "trường",
                                        "ban",     "cục",       "viện",      "vụ",       "đoàn",
                                        "hội",     "trung tâm", "văn phòng", "học viện", "đại học",
                                        "chi cục", "tổng cục",  "công ty",   NULL};
/* Words after which a place name follows, every word capitalised. */
static const char *const place_heads[] = {"tỉnh",   "thành phố", "huyện",    "quận", "xã",
                                          "phường", "thị xã",    "thị trấn", "tp.",  NULL};

static char *cap_first(const char *w)
{
	return vn_capitalize(w, strlen(w));
}

/* A word that is not a Vietnamese syllable (UBND, KT&ĐBCL, CNTT) is an
 * abbreviation and keeps its capitals. */
static int is_abbrev(const char *w)
{
	size_t n = strlen(w);
	while (n && strchr(".,;:()-", w[n - 1])) n--;
	size_t i = 0;
	while (i < n && strchr("(\"", w[i])) i++;
	if (i >= n) return 0;
	int letters = 0;
	for (size_t k = i; k < n; k++) {
		unsigned char c = (unsigned char)w[k];
		if (isdigit(c) || c == '&' || c == '/') return 1;
		if (isalpha(c) || c >= 0x80) letters = 1;
	}
	if (!letters) return 0;
	char *lo = vn_lower(w + i, n - i);
	if (vn_is_syllable(lo, strlen(lo))) {
		free(lo);
		return 0;
	}
	/* a vowel with a mark means a word, whatever the syllable check says;
	 * only Đ occurs in abbreviations (ĐUK, KT&ĐBCL) */
	for (const char *q = lo; *q; q++)
		if ((unsigned char)*q >= 0x80) {
			if ((unsigned char)q[0] == 0xC4 && (unsigned char)q[1] == 0x91) {
				q++;
				continue;
			}
			free(lo);
			return 0;
		}
	int r = !vn_is_syllable(lo, strlen(lo));
	free(lo);
	return r;
}

static int is_dash(const char *k)
{
	if (k[0] == '-') return !k[1];
	return k[0] == '\xE2' && k[1] == '\x80' && (k[2] == '\x93' || k[2] == '\x94') && !k[3];
}

/* Bytes of a dash ("-", "–") that s[0..n) starts with and is made of. */
static size_t dash_len(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '-') return 1;
	if (n >= 3 && !memcmp(s, "\xE2\x80\x93", 3)) return 3;
	return 0;
}

static int same_fold(const char *a, const char *b)
{
	char *fa = vn_fold_text(a, strlen(a)), *fb = vn_fold_text(b, strlen(b));
	int r = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return r;
}

static int same_key(const char *a, const char *b)
{
	return strcmp(a, b) == 0 || (is_dash(a) && is_dash(b));
}

static int starts_cap(const char *w)
{
	size_t n1 = 1;
	while (w[n1] && ((unsigned char)w[n1] & 0xC0) == 0x80) n1++;
	char *f = tv_strndup(w, n1);
	int r = has_upper(f) && !has_lower(f);
	free(f);
	return r;
}

/* A capital after a small letter ("NGhỆ", "CôNG"): OCR of a seal or a
 * stamp, whose case says nothing about how the name is written. */
static int odd_case(const char *w)
{
	int seen_lower = 0;
	for (const char *p = w; *p;) {
		size_t n = 1;
		while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80) n++;
		char *c = tv_strndup(p, n);
		if (has_lower(c))
			seen_lower = 1;
		else if (seen_lower && has_upper(c)) {
			free(c);
			return 1;
		}
		free(c);
		p += n;
	}
	return 0;
}

typedef struct word {
	char *orig, *key, *out;
	int fixed; /* cased by the table of known names: the body does not override it */
} word;

/* Fields of activity that name a body's domain (NĐ 30 Phụ lục II: "chức
 * năng, lĩnh vực hoạt động"), folded.  Only used to capitalise a field that
 * follows another one; a field alone follows the ordinary rules. */
static const char *const fields_of_activity[] = {
    "cong nghe",  "thong tin",  "truyen thong", "khoa hoc", "may tinh", "ky thuat",   "dien tu",
    "vien thong", "xa hoi",     "nhan van",     "tu nhien", "kinh te",  "tai chinh",  "ngan hang",
    "su pham",    "ngoai ngu",  "y duoc",       "nong lam", "thuy loi", "moi truong", "tai nguyen",
    "van hoa",    "nghe thuat", "the thao",     "du lich",  "luat",     "kien truc",  NULL};

/* Words of w from i that form a field of activity (0 if none). */
static size_t field_len(const word *w, size_t nw, size_t i)
{
	for (int k = 0; fields_of_activity[k]; k++) {
		size_t kw = count_words(fields_of_activity[k]);
		if (i + kw > nw) continue;
		tv_buf j = TV_BUF_INIT;
		for (size_t t = 0; t < kw; t++) {
			if (t) tv_buf_putc(&j, ' ');
			tv_buf_puts(&j, w[i + t].key);
		}
		char *f = vn_fold_text(tv_buf_str(&j), j.len);
		int eq = !strcmp(f, fields_of_activity[k]);
		free(f);
		tv_buf_free(&j);
		if (eq) return kw;
	}
	return 0;
}

/* known_case folded, and the words of each entry: computed once, where
 * nat_case folded the table again for every word of every name. */
static char *known_fold[sizeof known_case / sizeof *known_case];
static size_t known_words[sizeof known_case / sizeof *known_case];
static pthread_once_t known_once = PTHREAD_ONCE_INIT;

static void fold_known(void)
{
	for (int k = 0; known_case[k]; k++) {
		known_fold[k] = vn_fold_text(known_case[k], strlen(known_case[k]));
		known_words[k] = count_words(known_case[k]);
	}
}

/* Natural case of a text printed in capitals.  Rules first (NĐ 30's way of
 * writing names: the kind of body in lower case after its first letter, the
 * first word of the name capitalised, each part after "và" or a dash too,
 * places in title case, abbreviations in capitals); then the document's own
 * spelling adds the capitals the rules cannot know ("Khối Cơ quan - Doanh
 * nghiệp", "Việt - Hàn"), taken from runs of words the body repeats. */
static char *nat_case(const char *s, const body *B)
{
	if (!s || !*s) return NULL;
	{
		size_t n1 = 1;
		while (s[n1] && ((unsigned char)s[n1] & 0xC0) == 0x80) n1++;
		if (has_lower(s) && has_upper(s + n1)) return cap_first(s);
	}
	pthread_once(&known_once, fold_known);
	word *w = NULL;
	size_t nw = 0, cw = 0;
	const char *p = s;
	while (*p) {
		while (is_hspace(*p)) p++;
		if (!*p) break;
		const char *e = p;
		while (*e && !is_hspace(*e)) e++;
		/* a dash glued to one side ("VIỆT- HÀN", "VIỆT -HÀN") is a word
		 * of its own, so that the name comes out as "Việt - Hàn" */
		size_t len = (size_t)(e - p), dl = dash_len(p, len), tl = 0;
		if (dl && len > dl && nw > 0) {
			e = p + dl; /* leading dash: the word after it comes next */
		} else if (len > 1 && *e) {
			if (p[len - 1] == '-')
				tl = 1;
			else if (len > 3 && !memcmp(e - 3, "\xE2\x80\x93", 3))
				tl = 3;
			if (tl && len > tl) e -= tl; /* trailing dash: a word of its own */
		}
		if (nw == cw) {
			cw = cw ? cw * 2 : 16;
			w = tv_realloc(w, cw * sizeof *w);
		}
		w[nw].orig = tv_strndup(p, (size_t)(e - p));
		w[nw].key = vn_lower(p, (size_t)(e - p));
		w[nw].out = NULL;
		w[nw].fixed = 0;
		nw++;
		p = e;
	}
	/* 1. rules */
	int cap_next = 0, place = 0, in_org = 0;
	size_t field_start = 0, field_end = 0;
	for (size_t i = 0; i < nw; i++) {
		size_t used = 0;
		int used_k = 0;
		for (int k = 0; known_case[k] && !used; k++) {
			size_t kw = known_words[k];
			if (i + kw > nw) continue;
			const char *kf = known_fold[k];
			tv_buf j = TV_BUF_INIT;
			for (size_t t = 0; t < kw; t++) {
				if (t) tv_buf_putc(&j, ' ');
				tv_buf_puts(&j, w[i + t].key);
			}
			while (j.len && strchr(",;:.", j.s[j.len - 1])) j.s[--j.len] = 0;
			char *jf = vn_fold_text(tv_buf_str(&j), j.len);
			if (strcmp(jf, kf) == 0) {
				const char *q = known_case[k];
				for (size_t t = 0; t < kw; t++) {
					const char *qe = q;
					while (*qe && *qe != ' ') qe++;
					/* the table's spelling when only the tone placement
					 * differs (UỶ BAN → Ủy ban, as NĐ 30 writes it); the
					 * printed letters otherwise (an OCR misreading stays
					 * visible rather than silently corrected) */
					char *tk = vn_key_exact(q, (size_t)(qe - q));
					char *pk = vn_key_exact(w[i + t].key, strlen(w[i + t].key));
					if (!strcmp(tk, pk))
						w[i + t].out = tv_strndup(q, (size_t)(qe - q));
					else if (starts_cap(q))
						w[i + t].out = cap_first(w[i + t].key);
					else
						w[i + t].out = tv_strdup(w[i + t].key);
					free(tk);
					free(pk);
					w[i + t].fixed = 1;
					q = *qe ? qe + 1 : qe;
				}
				used = kw;
				used_k = k;
			}
			free(jf);
			tv_buf_free(&j);
		}
		if (used) {
			/* "Tỉnh ủy Hà Giang", "Đảng bộ tỉnh ...": a place name follows */
			const char *lf = known_fold[used_k];
			if (!strcmp(lf, "tinh uy") || !strcmp(lf, "thanh uy") ||
			    !strcmp(lf, "huyen uy") || !strcmp(lf, "quan uy") ||
			    !strcmp(lf, "thi uy"))
				place = 1;
			i += used - 1;
			in_org = 1;
			cap_next = 0;
			continue;
		}
		word *x = &w[i];
		int is_org = 0, is_place = 0;
		for (int k = 0; org_heads[k]; k++) {
			size_t kw = count_words(org_heads[k]);
			if (kw == 1 && strcmp(x->key, org_heads[k]) == 0) is_org = 1;
			if (kw == 2 && i + 1 < nw) {
				char buf[128];
				snprintf(buf, sizeof buf, "%s %s", x->key, w[i + 1].key);
				if (strcmp(buf, org_heads[k]) == 0) is_org = 2;
			}
		}
		for (int k = 0; place_heads[k]; k++) {
			size_t kw = count_words(place_heads[k]);
			if (kw == 1 && strcmp(x->key, place_heads[k]) == 0) is_place = 1;
			if (kw == 2 && i + 1 < nw) {
				char buf[128];
				snprintf(buf, sizeof buf, "%s %s", x->key, w[i + 1].key);
				if (strcmp(buf, place_heads[k]) == 0) is_place = 2;
			}
		}
		/* inside a field of activity a head word is a plain word ("xã
		 * hội" is not a commune, its "hội" not an association) */
		if (i >= field_end) {
			size_t fk = field_len(w, nw, i);
			if (fk) field_start = i, field_end = i + fk;
		}
		if (i > field_start && i < field_end) is_org = is_place = 0;
		if (is_place && field_len(w, nw, i) > (size_t)is_place) is_place = 0;
		if (is_abbrev(x->orig))
			x->out = vn_upper(x->orig, strlen(x->orig));
		else if (is_place && i + (size_t)is_place < nw) {
			/* NĐ 30: "Ủy ban nhân dân tỉnh Bình Dương" — the kind of
			 * unit in lower case, whatever the body's sentences do;
			 * its special case "Thành phố Hồ Chí Minh" keeps capitals */
			int hcm = 0;
			if (is_place == 2 && i + 4 < nw) {
				char *h = vn_fold_text(w[i + 2].key, strlen(w[i + 2].key));
				hcm = !strcmp(h, "ho");
				free(h);
			}
			x->out = i == 0 || hcm ? cap_first(x->key) : tv_strdup(x->key);
			x->fixed = 1;
			for (int t = 1; t < is_place; t++) w[i + t].fixed = 1;
		} else if (place || cap_next || i == 0 || (is_org == 1 && i + 1 < nw))
			x->out = cap_first(x->key);
		else
			x->out = tv_strdup(x->key);
		int was_capped = cap_next;
		if (is_place && i + (size_t)is_place < nw) {
			for (int t = 1; t < is_place; t++) w[i + t].out = tv_strdup(w[i + t].key);
			i += (size_t)is_place - 1;
			place = 1;
			cap_next = 0;
		} else if (is_org && !place && !(was_capped && is_org == 1)) {
			/* "Khoa Khoa học": a head word that is itself the name's first
			 * word does not capitalise the next one */
			for (int t = 1; t < is_org; t++) w[i + t].out = tv_strdup(w[i + t].key);
			i += (size_t)is_org - 1;
			cap_next = 1;
			in_org = 1;
		} else if (!place) {
			/* the part after "và" or a comma in a name starts with a
			 * capital ("Bộ Văn hóa, Thể thao và Du lịch") */
			size_t kl = strlen(x->key);
			cap_next = in_org &&
			           (strcmp(x->key, "và") == 0 || (kl > 1 && x->key[kl - 1] == ','));
		}
	}
	/* 2. capitals the body gives: runs of 2+ words it repeats, and words it
	 * always writes with a capital where a sentence does not start */
	for (size_t i = 0; B && i < nw; i++) {
		size_t best = 0, bestpos = 0;
		for (size_t k = 0; k < B->n; k++) {
			size_t m = 0;
			while (i + m < nw && k + m < B->n &&
			       (same_key(w[i + m].key, B->v[k + m].key) ||
			        (B->ocr && same_fold(w[i + m].key, B->v[k + m].key))))
				m++;
			if (m > best && m >= 2) {
				int mixed = 0;
				for (size_t t = 0; t < m; t++)
					if (has_lower(B->v[k + t].form) &&
					    !odd_case(B->v[k + t].form))
						mixed = 1;
				if (mixed) best = m, bestpos = k;
			}
		}
		for (size_t t = 0; t < best; t++) {
			const bword *b = &B->v[bestpos + t];
			word *x = &w[i + t];
			/* OCR misreads marks more in small capitals than in the
			 * body's larger lower case: a run of 2+ words the body
			 * repeats with the same letters gives its marks */
			if (B->ocr && strcmp(x->key, b->key) != 0 && !x->fixed &&
			    vn_is_syllable(b->key, strlen(b->key))) {
				int cap = starts_cap(x->out);
				free(x->out);
				x->out = cap ? cap_first(b->key) : tv_strdup(b->key);
			}
			if ((t == 0 && b->sent) || !has_lower(b->form) || odd_case(b->form) ||
			    is_abbrev(x->orig) || x->fixed)
				continue;
			if (starts_cap(b->form) && !starts_cap(x->out)) {
				char *c = cap_first(x->out);
				free(x->out);
				x->out = c;
			}
		}
		if (best >= 2) i += best - 1;
	}
	for (size_t i = 1; B && i < nw; i++) {
		word *x = &w[i];
		if (starts_cap(x->out) || x->fixed || is_dash(x->key) ||
		    !vn_is_syllable(x->key, strlen(x->key)))
			continue;
		size_t capn = 0, lown = 0;
		for (size_t k = 0; k < B->n && lown == 0; k++) {
			if (strcmp(B->v[k].key, x->key) != 0) continue;
			if (odd_case(B->v[k].form)) continue;
			if (!starts_cap(B->v[k].form))
				lown++;
			else if (!B->v[k].sent && has_lower(B->v[k].form))
				capn++;
		}
		if (capn && !lown) {
			char *c = cap_first(x->out);
			free(x->out);
			x->out = c;
		}
	}
	/* proper names the rules cannot know but that are never common nouns */
	for (size_t i = 0; i < nw; i++) {
		char *k = vn_key_exact(w[i].key, strlen(w[i].key));
		int proper = !strcmp(k, "việt");
		free(k);
		if (proper && !starts_cap(w[i].out)) {
			char *c = cap_first(w[i].out);
			free(w[i].out);
			w[i].out = c;
		}
	}
	/* NĐ 30 capitalises each field of activity in a body's name ("Sở Thông
	 * tin và Truyền thông"): a field written straight after a capitalised
	 * field is a field of its own ("Công nghệ Thông tin", "Khoa học Máy
	 * tính", "Khoa học Xã hội và Nhân văn"), not a lower-case complement */
	for (size_t i = 0; i < nw;) {
		size_t k1 = field_len(w, nw, i);
		if (!k1 || !starts_cap(w[i].out)) {
			i++;
			continue;
		}
		size_t j = i + k1, k2 = field_len(w, nw, j);
		if (k2 && !w[j].fixed && !starts_cap(w[j].out)) {
			char *c = cap_first(w[j].out);
			free(w[j].out);
			w[j].out = c;
		}
		i = j;
	}
	/* both sides of a dash in a name: "Việt - Hàn", "Cơ quan - Doanh nghiệp" */
	for (size_t i = 1; i < nw; i++) {
		size_t pl = strlen(w[i - 1].out);
		int after_dash =
		    (is_dash(w[i - 1].key) && i >= 2 && starts_cap(w[i - 2].out)) ||
		    (pl > 1 && w[i - 1].out[pl - 1] == '-' && starts_cap(w[i - 1].out));
		if (after_dash && !starts_cap(w[i].out) && !w[i].fixed) {
			char *c = cap_first(w[i].out);
			free(w[i].out);
			w[i].out = c;
		}
	}
	tv_buf b = TV_BUF_INIT;
	for (size_t i = 0; i < nw; i++) {
		if (i) tv_buf_putc(&b, ' ');
		tv_buf_puts(&b, w[i].out ? w[i].out : w[i].orig);
		free(w[i].orig);
		free(w[i].key);
		free(w[i].out);
	}
	free(w);
	char *r = tv_buf_take(&b);
	char *c = cap_first(r);
	free(r);
	return c;
}

/* ---- recognisers -------------------------------------------------------------- */

static int is_national(const fline *l)
{
	return strstr(l->fold, "cong hoa xa hoi chu nghia viet nam") != NULL ||
	       strstr(l->fold, "doc lap - tu do") != NULL ||
	       strstr(l->fold, "doc lap-tu do") != NULL ||
	       strstr(l->fold, "doc lap – tu do") != NULL || strstr(l->fold, "doc lap") == l->fold;
}

static int is_party_heading(const fline *l)
{
	return strstr(l->fold, "dang cong san viet nam") != NULL;
}

/* A place printed all in capitals or all in lower case: each word of a
 * place name starts with a capital ("HÀ NỘI", "hà nội" → "Hà Nội"). */
static char *place_case(const char *s)
{
	size_t n1 = 1;
	while (s[n1] && ((unsigned char)s[n1] & 0xC0) == 0x80) n1++;
	if (has_lower(s) && has_upper(s + n1)) return tv_strdup(s);
	char *lo = vn_lower(s, strlen(s));
	tv_buf b = TV_BUF_INIT;
	int at_start = 1;
	for (const char *p = lo; *p;) {
		size_t n = 1;
		while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80) n++;
		if (at_start && !is_hspace(*p) && *p != '.') {
			char *u = vn_upper(p, n);
			tv_buf_puts(&b, u);
			free(u);
			at_start = 0;
		} else {
			tv_buf_append(&b, p, n);
			if (is_hspace(*p) || *p == '.') at_start = 1;
		}
		p += n;
	}
	free(lo);
	char *r = tv_buf_take(&b);
	if (!strncmp(r, "Tp.", 3)) r[1] = 'P'; /* TP. is an abbreviation */
	return r;
}

/* "Bến Tre, ngày 25 tháng 4 năm 2022": fills the ISO date (or "YYYY-MM" when
 * the day is blank) and the place; returns 1 if the line is a date line. */
static int parse_date_line(const fline *l, char **date, char **place)
{
	const char *f = l->fold;
	const char *p = f;
	while ((p = strstr(p, "ngay")) != NULL) {
		if (p > f && isalpha((unsigned char)p[-1])) {
			p++;
			continue;
		}
		const char *q = p + 4;
		while (*q && (is_hspace(*q) || *q == '.' || *q == '_' || *q == ':')) q++;
		int day = 0;
		if (isdigit((unsigned char)*q)) {
			day = atoi(q);
			while (isdigit((unsigned char)*q)) q++;
		} else if ((l->flags & DOC_OCR) && *q && !starts(q, "thang")) {
			/* a handwritten day OCR could not read ("ngày À¿È tháng 5"):
			 * the day stays unknown, month, year and place are still read */
			const char *e = q;
			while (*e && !is_hspace(*e)) e++;
			if (e - q <= 4) q = e;
		}
		while (*q && (is_hspace(*q) || *q == '.' || *q == '_')) q++;
		if (!starts(q, "thang")) {
			p++;
			continue;
		}
		q += 5;
		while (*q && (is_hspace(*q) || *q == '.' || *q == '_')) q++;
		int month = 0;
		if (isdigit((unsigned char)*q)) {
			month = atoi(q);
			while (isdigit((unsigned char)*q)) q++;
		}
		while (*q && (is_hspace(*q) || *q == '.' || *q == '_')) q++;
		if (!starts(q, "nam")) {
			p++;
			continue;
		}
		q += 3;
		while (*q && is_hspace(*q)) q++;
		if (!(isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) &&
		      isdigit((unsigned char)q[2]) && isdigit((unsigned char)q[3])))
			return 0;
		int year = atoi(q);
		if (year < 1945 || year > 2100 || month < 1 || month > 12 || day < 0 || day > 31)
			return 0;
		char buf[16];
		if (day)
			snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
		else
			snprintf(buf, sizeof buf, "%04d-%02d", year, month);
		*date = tv_strdup(buf);
		*place = NULL;
		/* the place is what precedes the comma before "ngày" */
		size_t pre = (size_t)(p - f);
		size_t comma = pre;
		while (comma > 0 && is_hspace(f[comma - 1])) comma--;
		if (comma > 0 && f[comma - 1] == ',') {
			size_t wb = words_before(f, comma - 1);
			size_t ob = skip_words(l->text, wb);
			/* find the same comma in the original: the last ',' before ob */
			size_t oe = ob;
			while (oe > 0 && l->text[oe - 1] != ',') oe--;
			if (oe > 0) {
				tv_buf pl = TV_BUF_INIT;
				tv_buf_append(&pl, l->text, oe - 1);
				squeeze(&pl);
				/* a merged "Số: ..." or issuer before the place: keep the tail
				 * after the last token carrying a digit or a slash */
				const char *t = tv_buf_str(&pl);
				const char *start = t;
				for (const char *c = t; *c; c++)
					if ((isdigit((unsigned char)*c) || *c == '/') &&
					    strncmp(t, "TP", 2) != 0) {
						const char *e = c;
						while (*e && *e != ' ') e++;
						start = *e ? e + 1 : e;
					}
				while (*start == ' ') start++;
				size_t wc = count_words(start);
				if (*start && wc <= 6 &&
				    (has_upper(start) || (l->flags & DOC_LEGACY)))
					*place = place_case(start);
				tv_buf_free(&pl);
			}
		}
		return 1;
	}
	return 0;
}

/* "Số 598 -CV/ĐUK", "Số: 15/2020/NĐ-CP", "SỐ:  144 /2002/QĐ/BTC".  Returns 1
 * with the number, 2 for a blank number ("Số:      /TB-ĐT"), 0 otherwise. */
static int parse_number_line(const char *text, dn_number *out)
{
	const char *p = text;
	while (*p) {
		int at_word = p == text || is_hspace(p[-1]);
		size_t pl = 0;
		if (at_word && (starts(p, "Số") || starts(p, "SỐ") || starts(p, "số")))
			pl = 4;
		else if (at_word &&
		         (starts(p, "Sô") || starts(p, "SÔ") || starts(p, "Só") || starts(p, "SÓ")))
			pl = 3; /* "Só": the mark OCR most often misreads on "Số" */
		else if (at_word && (starts(p, "So") || starts(p, "SO")))
			pl = 2;
		if (pl && p > text) {
			/* mid-line only after a capitals header part merged into the line
			 * ("BAN CHẤP HÀNH TRUNG ƯƠNG Số 294-QĐ/TW"), never in a sentence */
			char *pre = tv_strndup(text, (size_t)(p - text));
			if (has_lower(pre)) pl = 0;
			free(pre);
		}
		if (pl) {
			const char *q = p + pl;
			if (!(*q == ':' || is_hspace(*q) || isdigit((unsigned char)*q))) {
				p++;
				continue;
			}
			while (*q == ':' || is_hspace(*q) || *q == '.') q++;
			/* a stray dash before a handwritten number ("Số: -40 /TB-CTSV") */
			if (*q == '-' && isdigit((unsigned char)q[1])) q++;
			if (isdigit((unsigned char)*q)) {
				if (dn_parse(q, strlen(q), out)) return 1;
				dn_number *all = NULL;
				size_t n = dn_find_all(q, strlen(q), &all);
				int ok = n > 0 && all[0].off == 0;
				if (ok) *out = all[0];
				free(all);
				if (ok) return 1;
				return 0;
			}
			if (*q == '/' || starts(q, "\xE2\x80\xA6")) return 2;
			return 0;
		}
		p++;
	}
	return 0;
}

static int is_authority(const fline *l, size_t *plen)
{
	const char *f = l->fold;
	static const char *const party[] = {"t/m", "k/t", "t/l", "t.m", "k.t", "t.l", NULL};
	static const char *const state[] = {"tuq", "tm", "kt", "tl", "q", NULL};
	if (count_words(f) > 14) return 0;
	size_t n = strlen(f);
	if (n && (f[n - 1] == ';' || f[n - 1] == ',')) return 0;
	for (int i = 0; party[i]; i++)
		if (starts(f, party[i]) && (is_hspace(f[3]) || isalpha((unsigned char)f[3]))) {
			if (plen) *plen = 3;
			return 1;
		}
	for (int i = 0; state[i]; i++) {
		size_t k = strlen(state[i]);
		if (!starts(f, state[i])) continue;
		size_t j = k;
		while (is_hspace(f[j])) j++;
		if (f[j] != '.' && f[j] != '/') continue;
		j++;
		while (is_hspace(f[j])) j++;
		if (!isalpha((unsigned char)f[j])) continue;
		if (plen) *plen = j;
		return 1;
	}
	return 0;
}

/* "T/M BAN THƯỜNG VỤ" → "T/M Ban Thường vụ"; "KT.CHỦ TỊCH" → "KT. Chủ tịch". */
static char *norm_authority(const fline *l, size_t plen, const body *B)
{
	const char *f = l->fold;
	char pre[8];
	if (f[1] == '/' || f[1] == '.') {
		snprintf(pre, sizeof pre, "%c/%c", toupper((unsigned char)f[0]),
		         toupper((unsigned char)f[2]));
	} else {
		size_t k = 0;
		while (isalpha((unsigned char)f[k]) && k < 4)
			pre[k] = (char)toupper((unsigned char)f[k]), k++;
		pre[k++] = '.';
		pre[k] = 0;
	}
	/* plen counts folded bytes; the prefix is ASCII in both forms */
	const char *rest = l->text;
	size_t i = 0, seen = 0;
	while (rest[i] && seen < plen) {
		if (!is_hspace(rest[i]) || !is_hspace(f[seen])) {
		}
		i++, seen++;
	}
	while (is_hspace(rest[i])) i++;
	char *nc = nat_case(rest + i, B);
	tv_buf b = TV_BUF_INIT;
	tv_buf_printf(&b, "%s %s", pre, nc ? nc : "");
	free(nc);
	return tv_buf_take(&b);
}

static const char *const titles[] = {
    "GS.TSKH.",  "GS.TS.",       "PGS.TS.",     "PGS. TS.",    "GS. TS.", "TSKH.",     "GS.",
    "PGS.",      "ThS.",         "Ths.",        "TS.",         "KS.",     "BS.",       "CN.",
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá",  "Thượng tá", "Trung tá",
    "Thiếu tá",  "Đại úy",       "Thượng úy",   NULL};

/* A personal name line, with an optional academic prefix or rank. */
static int is_name_line(const char *s, char **name, char **title)
{
	const char *p = s;
	const char *tt = NULL;
	for (int i = 0; titles[i]; i++)
		if (starts(p, titles[i])) {
			tt = titles[i];
			p += strlen(titles[i]);
			break;
		}
	while (is_hspace(*p)) p++;
	size_t nw = count_words(p);
	if (nw < 2 || nw > 5 || strlen(p) > 60) return 0;
	const char *q = p;
	while (*q) {
		while (is_hspace(*q)) q++;
		if (!*q) break;
		const char *e = q;
		while (*e && !is_hspace(*e)) e++;
		size_t n = (size_t)(e - q);
		size_t n1 = 1;
		while (n1 < n && ((unsigned char)q[n1] & 0xC0) == 0x80) n1++;
		/* a word of one letter is no part of a name: "Chương I" heads a
		 * chapter.  (This held only by chance before: the lower-casing of
		 * the empty rest returned unterminated memory, almost never "".) */
		if (n1 >= n) return 0;
		char *first = tv_strndup(q, n1), *rest = tv_strndup(q + n1, n - n1);
		int ok = has_upper(first) && !has_lower(first) && !has_upper(rest) &&
		         vn_is_syllable(q, n);
		free(first);
		free(rest);
		if (!ok) return 0;
		q = e;
	}
	if (name) {
		tv_buf b = TV_BUF_INIT;
		tv_buf_puts(&b, p);
		squeeze(&b);
		*name = tv_buf_take(&b);
	}
	if (title) *title = tt ? tv_strndup(tt, strlen(tt)) : NULL;
	if (title && *title) {
		size_t n = strlen(*title);
		if (n && (*title)[n - 1] == ' ') (*title)[n - 1] = 0;
	}
	return 1;
}

/* Lines in a signature block that are not the signer: "(đã ký)", the
 * digital-signature stamp, the seal. */
static int is_sig_noise(const fline *l)
{
	const char *f = l->fold;
	while (*f == '(' || *f == '[' || is_hspace(*f)) f++;
	return starts(f, "da ky") || starts(f, "ky ten") || starts(f, "nguoi ky") ||
	       starts(f, "thoi gian ky") || starts(f, "co quan:") || starts(f, "email") ||
	       starts(f, "ngay ky") || starts(f, "ky boi") || starts(f, "chu ky") ||
	       starts(f, "dong dau") || starts(f, "(ky") || is_rule(l->text) || is_digits(l->text);
}

/* OCR of a signature block: the seal's ring text and the signature's strokes
 * come out as debris ("/Q}Ÿ IRƯỜNG", "}IỆT - HÀN „<⁄", "Ẹ").  A line is debris
 * when it has fewer than two letters or a character no header line prints
 * (brackets, quotes, symbols, letters outside Vietnamese). */
static const char vn_letters[] = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợ"
                                 "ùúủũụưừứửữựỳýỷỹỵđ";

/* 1 if p starts a letter of the Vietnamese alphabet (either case). */
static int letter_at(const char *p)
{
	unsigned char ch = (unsigned char)*p;
	if (ch < 0x80) return isalpha(ch) != 0;
	if (ch < 0xC0) return 0;
	size_t n = 1;
	while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80) n++;
	char *lo = vn_lower(p, n);
	int r = strlen(lo) >= 2 && strstr(vn_letters, lo) != NULL;
	free(lo);
	return r;
}

static int is_ocr_debris(const fline *l)
{
	if (!(l->flags & DOC_OCR)) return 0;
	char *lo = vn_lower(l->text, strlen(l->text));
	int letters = 0, junk = 0;
	for (const char *p = lo; *p && !junk;) {
		unsigned char ch = (unsigned char)*p;
		size_t n = 1;
		while (p[n] && ((unsigned char)p[n] & 0xC0) == 0x80) n++;
		if (ch < 0x80) {
			if (isalpha(ch))
				letters++;
			else if (!isdigit(ch) && !is_hspace((char)ch) && !strchr(".,-/&():;'", ch))
				junk = 1;
		} else {
			char cp[8] = {0};
			memcpy(cp, p, n < 7 ? n : 7);
			if (strstr(vn_letters, cp))
				letters++;
			else
				junk = 1;
		}
		p += n;
	}
	free(lo);
	return junk || letters < 2;
}

/* The name line of an OCR signature block without the debris around it:
 * quotes and strokes before the name ("“S-Huỳnh Ngọc Thọ.", "TS.I Huỳnh
 * Ngọc Thọ"), a full stop after it.  Whatever is left must still pass
 * is_name_line.  Caller frees. */
static char *ocr_clean_name(const char *s)
{
	const char *p = s;
	/* leading debris: anything up to the first letter */
	while (*p && !letter_at(p)) p++;
	tv_buf b = TV_BUF_INIT;
	const char *tt = NULL;
	for (int i = 0; titles[i]; i++)
		if (starts(p, titles[i])) {
			tt = titles[i];
			break;
		}
	if (tt) {
		tv_buf_puts(&b, tt);
		tv_buf_putc(&b, ' ');
		p += strlen(tt);
		/* a signature stroke read as a letter between title and name */
		while (*p == 'I' || *p == 'l' || *p == '|' || *p == '!' || is_hspace(*p)) {
			if (*p != ' ' && p[1] && !is_hspace(p[1]) && *p != '|') {
				/* "TS.Ilona": a letter of the name itself */
				if (isalpha((unsigned char)p[1]) || (unsigned char)p[1] >= 0x80)
					break;
			}
			p++;
		}
	} else {
		/* a lost title glued to the name by a dash: "S-Huỳnh" */
		size_t k = 0;
		while (k < 3 && isalpha((unsigned char)p[k])) k++;
		if (k && p[k] == '-' &&
		    ((unsigned char)p[k + 1] >= 0x80 || isupper((unsigned char)p[k + 1])))
			p += k + 1;
	}
	tv_buf_puts(&b, p);
	while (b.len && strchr(".,;:|'\"", b.s[b.len - 1])) b.s[--b.len] = 0;
	squeeze(&b);
	return tv_buf_take(&b);
}

/* "TRƯỞNG PHÒNG", "Trưởng ban": a position, though its folded letters
 * begin like "trường" (a school, an issuing body). */
static int starts_position_head(const char *text)
{
	size_t e = 0;
	while (text[e] && !is_hspace(text[e])) e++;
	char *k = vn_key_exact(text, e);
	int r = !strcmp(k, "trưởng");
	free(k);
	return r;
}

/* is_name_line on a line of the document, OCR debris removed first. */
static int sig_name_line(const fline *l, char **name, char **title)
{
	if (!(l->flags & DOC_OCR)) return is_name_line(l->text, name, title);
	char *t = ocr_clean_name(l->text);
	int r = is_name_line(t, name, title);
	free(t);
	return r;
}

static const char *const org_starts[] = {
    "dang bo",   "dang uy",   "chi bo",   "tinh uy",    "thanh uy",  "huyen uy",     "quan uy",
    "thi uy",    "ban ",      "uy ban",   "ubnd",       "hdnd",      "hoi dong",     "bo ",
    "so ",       "truong ",   "phong ",   "khoa ",      "van phong", "dai hoc",      "hoc vien",
    "vien ",     "cuc ",      "tong cuc", "trung tam",  "cong ty",   "tong cong ty", "chinh phu",
    "quoc hoi",  "ngan hang", "toa an",   "thu tuong",  "chu tich",  "bo truong",    "doan ",
    "cong doan", "mat tran",  "hoi ",     "thanh doan", "tinh doan", "benh vien",    "chi cuc",
    "kho bac",   "thanh tra", "cong an",  "dang doan",  "tap doan",  "ubmttq",       "uy ban",
    "vu ",       NULL};

static int starts_org(const char *fold)
{
	for (int i = 0; org_starts[i]; i++)
		if (starts(fold, org_starts[i]) || strcmp(fold, org_starts[i]) == 0) return 1;
	size_t n = strlen(fold);
	for (int i = 0; org_starts[i]; i++) {
		size_t k = strlen(org_starts[i]);
		if (org_starts[i][k - 1] == ' ' && n == k - 1 &&
		    strncmp(fold, org_starts[i], n) == 0)
			return 1;
	}
	return 0;
}

/* ---- the parser ------------------------------------------------------------------ */

typedef struct ctx {
	lines L;
	body B;
	size_t H;        /* end of the header zone */
	size_t end;      /* end of the main document (a second document may follow) */
	ssize_t num_at;  /* line of the number */
	ssize_t date_at; /* line of the date */
	ssize_t head_at; /* line of the type heading */
	size_t title_end;
	fld_fields *f;
	fld_ocr *ocr; /* OCR documents: the vocabulary for letter repair, else NULL */
} ctx;

static char *join_range(ctx *c, size_t a, size_t b, size_t skip_words_first)
{
	tv_buf t = TV_BUF_INIT;
	for (size_t i = a; i < b; i++) {
		const char *s = c->L.v[i].text;
		if (i == a) s += skip_words(s, skip_words_first);
		tv_buf_putc(&t, ' ');
		tv_buf_puts(&t, s);
	}
	squeeze(&t);
	char *r = tv_buf_take(&t);
	return r;
}

/* OCR documents: build the repair vocabulary (known names, the body's words)
 * and repair the short capitals lines, where issuer, type heading, authority
 * and position are printed.  Mixed-case lines are body text and vocabulary;
 * the title among them is repaired when it is read (ocr_title). */
static void ocr_repair(ctx *c)
{
	lines *L = &c->L;
	c->ocr = fld_ocr_new();
	for (int k = 0; known_case[k]; k++) fld_ocr_add_phrase(c->ocr, known_case[k]);
	for (size_t i = 0; i < L->n; i++)
		if (has_lower(L->v[i].text)) fld_ocr_add_body(c->ocr, L->v[i].text);
	for (size_t i = 0; i < L->n; i++) {
		fline *l = &L->v[i];
		if (!(l->flags & DOC_OCR) || has_lower(l->text) || !is_caps(l) ||
		    count_words(l->fold) > 16)
			continue;
		char *t = fld_ocr_fix(c->ocr, l->text, 0);
		if (strcmp(t, l->text) != 0) {
			free(l->text);
			free(l->fold);
			l->text = t;
			l->fold = vn_fold_text(t, strlen(t));
		} else
			free(t);
	}
}

/* A title read off OCR lines, its misread words repaired (the title is also
 * body text: ocr_repair left it alone).  Takes and returns ownership. */
static char *ocr_title(ctx *c, char *t)
{
	if (!c->ocr || !t) return t;
	char *r = fld_ocr_fix(c->ocr, t, has_lower(t));
	free(t);
	return r;
}

/* A trích yếu is a name, not a sentence: a full stop after its last word is
 * dropped (not the point of an abbreviation such as "TP." or "UBND.").  */
static void drop_final_stop(char *t)
{
	if (!t) return;
	size_t n = strlen(t);
	if (n < 3 || t[n - 1] != '.' || t[n - 2] == '.') return;
	size_t b = n - 1;
	while (b && !is_hspace(t[b - 1])) b--;
	char *w = tv_strndup(t + b, n - 1 - b);
	int abbrev = strchr(w, '.') || (!has_lower(w) && !strpbrk(w, "0123456789"));
	int word = *w && !abbrev;
	free(w);
	if (word) t[n - 1] = 0;
}

static void find_header_zone(ctx *c)
{
	lines *L = &c->L;
	size_t lim = L->n < 120 ? L->n : 120;
	c->H = lim;
	for (size_t i = 0; i < lim; i++) {
		const fline *l = &L->v[i];
		if (l->page > 2 || (i > 10 && strlen(l->text) > 300) ||
		    starts(l->fold, "kinh gui") || starts(l->fold, "can cu") ||
		    starts(l->fold, "noi nhan")) {
			c->H = i;
			return;
		}
	}
}

/* The incoming-mail stamp ("ĐẾN Số: 1015 Ngày: …") and certified-copy blocks
 * ("SAO Y BẢN CHÍNH") carry numbers that are not the document's. */
static int near_stamp(ctx *c, size_t i)
{
	const char *f = c->L.v[i].fold;
	if (starts_word(f, "den") || strstr(f, "cong van den")) return 1;
	/* the stamp's label printed on a line of its own above its number */
	if (i > 0 && (strcmp(c->L.v[i - 1].fold, "den") == 0 ||
	              strcmp(c->L.v[i - 1].fold, "cong van den") == 0))
		return 1;
	for (size_t k = i >= 3 ? i - 3 : 0; k <= i; k++) {
		f = c->L.v[k].fold;
		if (strstr(f, "sao y") || strstr(f, "sao luc") || strstr(f, "trich sao")) return 1;
	}
	return 0;
}

static void find_number_date(ctx *c)
{
	fld_fields *f = c->f;
	c->num_at = c->date_at = -1;
	for (size_t i = 0; i < c->H; i++) {
		const fline *l = &c->L.v[i];
		if (c->num_at < 0) {
			dn_number dn;
			int r = parse_number_line(l->text, &dn);
			if (r && !near_stamp(c, i)) {
				c->num_at = (ssize_t)i;
				if (r == 1 && dn.canon[0]) f->number = tv_strdup(dn.canon);
				if (r == 1 && f->party < 0) f->party = dn.party;
				if (r == 1 && dn.type[0] && dn_type_name(dn.type))
					f->type_code = tv_strdup(dn.type);
			}
		}
		if (c->date_at < 0 && parse_date_line(l, &f->date, &f->place))
			c->date_at = (ssize_t)i;
	}
}

/* A second document in the same file: another national/Party heading followed
 * by a different number.  An attachment repeating the header keeps the number. */
static void find_end(ctx *c)
{
	c->end = c->L.n;
	size_t from = c->num_at >= 0 ? (size_t)c->num_at + 8 : c->H + 8;
	for (size_t i = from; i < c->L.n; i++) {
		const fline *l = &c->L.v[i];
		if (!(is_national(l) || is_party_heading(l)) || !is_caps(l)) continue;
		for (size_t k = i >= 6 ? i - 6 : 0; k < c->L.n && k < i + 12; k++) {
			dn_number dn;
			if (parse_number_line(c->L.v[k].text, &dn) == 1 &&
			    (!c->f->number || strcmp(dn.canon, c->f->number) != 0) &&
			    !near_stamp(c, k)) {
				size_t cut = i;
				/* the new document starts at its issuer lines, just above */
				while (cut > from && i - cut < 6 &&
				       c->L.v[cut - 1].page == l->page && is_caps(&c->L.v[cut - 1]))
					cut--;
				c->end = cut;
				return;
			}
		}
	}
}

static size_t type_words(const char *text, const char **code);

/* When the number line could not be read (a handwritten number under OCR),
 * what ends the issuer block instead: the number's label itself, the type
 * heading, the trích yếu of a letter, Kính gửi. */
static int ends_issuer(const fline *l)
{
	const char *f = l->fold;
	if ((starts_word(f, "so") &&
	     (f[2] == ':' || f[3] == ':' || isdigit((unsigned char)f[3]))) ||
	    starts(f, "so:") || starts(f, "v/v") || starts(f, "ve viec") || starts(f, "kinh gui"))
		return 1;
	const char *code = NULL;
	size_t nw = count_words(f);
	return is_caps(l) && nw && type_words(l->text, &code) == nw;
}

static void find_issuer(ctx *c)
{
	fld_fields *f = c->f;
	size_t stop = c->H;
	if (c->num_at >= 0) stop = (size_t)c->num_at;
	tv_strv units = TV_STRV_INIT;
	tv_buf cur = TV_BUF_INIT;
	int have = 0, prev_bold = -1;
	for (size_t i = 0; i < stop; i++) {
		const fline *l = &c->L.v[i];
		if (c->num_at < 0 && ends_issuer(l)) break;
		if (l->seg > 0 || l->col == DOC_COL_RIGHT) continue;
		if (is_party_heading(l) || is_rule(l->text) || is_digits(l->text)) {
			/* a rule or star under the issuer ends it */
			if (have && is_rule(l->text) && i > 0) {
			}
			continue;
		}
		char *date = NULL, *place = NULL;
		int isdate = parse_date_line(l, &date, &place);
		free(date);
		free(place);
		if (isdate) continue;
		tv_buf text = TV_BUF_INIT;
		tv_buf_puts(&text, l->text);
		/* an interleaved national heading or motto on the same line: cut it out */
		static const char *const cut[] = {"cong hoa xa hoi chu nghia viet nam", "doc lap",
		                                  "dang cong san viet nam", NULL};
		for (int k = 0; cut[k]; k++) {
			const char *h = strstr(l->fold, cut[k]);
			if (!h) continue;
			size_t wb = words_before(l->fold, (size_t)(h - l->fold));
			text.len = skip_words(l->text, wb);
			text.s[text.len] = 0;
			break;
		}
		squeeze(&text);
		if (!text.len) {
			tv_buf_free(&text);
			continue;
		}
		fline tmp = *l;
		tmp.text = text.s;
		char *fold = vn_fold_text(text.s, text.len);
		tmp.fold = fold;
		int skip = !is_caps(&tmp) || count_words(fold) > 16 ||
		           (strpbrk(fold, "0123456789") && count_words(fold) < 3) ||
		           strcmp(fold, "mat") == 0 || strcmp(fold, "khan") == 0 ||
		           strcmp(fold, "hoa toc") == 0 || strcmp(fold, "thuong khan") == 0 ||
		           strstr(fold, "du thao") || strstr(fold, "luu hanh noi bo");
		if (!skip) {
			int bold = (l->flags & DOC_BOLD) != 0;
			int newunit = !have || starts_org(fold);
			if (have && cur.len &&
			    (cur.s[cur.len - 1] == '-' ||
			     (cur.len > 3 && !strcmp(cur.s + cur.len - 3, " VÀ"))))
				newunit = 0;
			if (have && prev_bold == 0 && bold) newunit = 1;
			if (newunit && have) {
				tv_strv_push(&units, tv_buf_str(&cur));
				tv_buf_clear(&cur);
			}
			if (cur.len) tv_buf_putc(&cur, ' ');
			tv_buf_append(&cur, text.s, text.len);
			have = 1;
			prev_bold = bold;
		}
		free(fold);
		tv_buf_free(&text);
	}
	if (have) tv_strv_push(&units, tv_buf_str(&cur));
	tv_buf_free(&cur);
	if (units.n >= 1) f->issuer = nat_case(units.v[units.n - 1], &c->B);
	if (units.n >= 2) f->issuer_parent = nat_case(units.v[units.n - 2], &c->B);
	tv_strv_free(&units);
}

/* How many leading words of fold form a type word; sets *code. */
static size_t type_words(const char *text, const char **code)
{
	size_t nw = count_words(text);
	for (size_t k = nw < 4 ? nw : 4; k >= 1; k--) {
		size_t e = skip_words(text, k);
		while (e && is_hspace(text[e - 1])) e--;
		const char *cd = dn_type_code(text, e);
		if (cd) {
			*code = cd;
			return k;
		}
	}
	return 0;
}

static int title_stop(const fline *l)
{
	const char *f = l->fold;
	return is_rule(l->text) || starts(f, "can cu") || starts(f, "kinh gui") ||
	       starts(f, "thuc hien") || starts_word(f, "dieu") || starts(f, "phan ") ||
	       starts(f, "chuong ") || (isdigit((unsigned char)f[0]) && strchr(f, '.') == f + 1) ||
	       starts(f, "i.") || strlen(l->text) > 300 || l->seg > 0 || l->col == DOC_COL_RIGHT;
}

static void find_type_title(ctx *c)
{
	fld_fields *f = c->f;
	lines *L = &c->L;
	c->head_at = -1;
	c->title_end = c->H;
	size_t from = 0;
	size_t lim = c->H + 4 < c->end ? c->H + 4 : c->end;
	for (size_t i = from; i < lim; i++) {
		const fline *l = &L->v[i];
		if (l->seg > 0 || l->col == DOC_COL_LEFT || !is_caps(l) || is_national(l)) continue;
		const char *code = NULL;
		size_t tw = type_words(l->text, &code);
		if (!tw) continue;
		c->head_at = (ssize_t)i;
		free(f->type_code);
		f->type_code = tv_strdup(code);
		const char *nm = dn_type_name(code);
		{
			size_t e = skip_words(l->text, tw);
			while (e && is_hspace(l->text[e - 1])) e--;
			char *printed = tv_strndup(l->text, e);
			char *pf = vn_fold_text(printed, strlen(printed));
			char *nf = nm ? vn_fold_text(nm, strlen(nm)) : NULL;
			if (nm && nf && !strcmp(pf, nf))
				f->type = tv_strdup(nm);
			else {
				char *lo = vn_lower(printed, strlen(printed));
				f->type = cap_first(lo);
				free(lo);
			}
			free(printed);
			free(pf);
			free(nf);
		}
		/* the title: rest of the heading line, then the lines under it */
		size_t a = i, skipw = tw;
		const char *rest = l->fold + skip_words(l->fold, tw);
		if (!*rest || starts_word(rest, "cua")) a = i + 1, skipw = 0;
		while (a < lim && starts_word(L->v[a].fold, "cua") && a <= i + 2) a++;
		size_t b = a;
		int caps0 = -1;
		unsigned fmt0 = 0;
		while (b < c->end && b < a + 6) {
			const fline *t = &L->v[b];
			if (title_stop(t)) break;
			char *dd = NULL, *pp = NULL;
			int isdate = parse_date_line(t, &dd, &pp);
			free(dd);
			free(pp);
			if (isdate) break;
			int cp = is_caps(t);
			unsigned fm = t->flags & (DOC_BOLD | DOC_CENTER);
			if (caps0 < 0)
				caps0 = cp, fmt0 = fm;
			else if (cp != caps0 || (fmt0 && fm != fmt0))
				break;
			size_t tl = strlen(t->text);
			b++;
			if (t->text[tl - 1] == ':') break;
		}
		if (b > a) {
			char *raw = ocr_title(c, join_range(c, a, b, skipw));
			if (*raw) {
				if (caps0 == 1)
					f->title = nat_case(raw, &c->B);
				else
					f->title = cap_first(raw);
			}
			free(raw);
			drop_final_stop(f->title);
		}
		c->title_end = b;
		return;
	}
}

/* Công văn: no type heading; the trích yếu sits under the number ("V/v ..."
 * in State letters, italic text in Party letters) and Kính gửi follows. */
static void find_letter(ctx *c, ssize_t kinh_at)
{
	fld_fields *f = c->f;
	lines *L = &c->L;
	if (c->head_at >= 0 || c->num_at < 0) return;
	int has_vv = 0;
	size_t a = (size_t)c->num_at + 1, b;
	size_t lim = kinh_at >= 0 ? (size_t)kinh_at : (c->H + 2 < c->end ? c->H + 2 : c->end);
	/* skip what the header puts between the number and the trích yếu */
	while (a < lim) {
		const fline *l = &L->v[a];
		char *dd = NULL, *pp = NULL;
		int isdate = parse_date_line(l, &dd, &pp);
		free(dd);
		free(pp);
		if (isdate || l->seg > 0 || l->col == DOC_COL_RIGHT || is_rule(l->text) ||
		    is_national(l) || is_party_heading(l) || is_digits(l->text))
			a++;
		else
			break;
	}
	if (a >= lim) return;
	has_vv = starts(L->v[a].fold, "v/v") || starts(L->v[a].fold, "ve viec");
	if (!has_vv && kinh_at < 0) return;
	for (b = a; b < lim && b < a + 5; b++) {
		const fline *l = &L->v[b];
		if (l->seg > 0 || l->col == DOC_COL_RIGHT) continue;
		char *dd = NULL, *pp = NULL;
		int isdate = parse_date_line(l, &dd, &pp);
		free(dd);
		free(pp);
		if (isdate || title_stop(l) || (b > a && is_caps(l))) break;
	}
	tv_buf t = TV_BUF_INIT;
	for (size_t i = a; i < b; i++) {
		const fline *l = &L->v[i];
		if (l->seg > 0 || l->col == DOC_COL_RIGHT) continue;
		tv_buf_putc(&t, ' ');
		tv_buf_puts(&t, l->text);
	}
	squeeze(&t);
	if (t.len) {
		char *raw = ocr_title(c, tv_buf_take(&t));
		f->title = cap_first(raw);
		free(raw);
		drop_final_stop(f->title);
	}
	tv_buf_free(&t);
	c->title_end = b;
	if (!f->type) {
		/* a Party letter carries CV in its number; a State letter has none */
		if (f->type_code && strcmp(f->type_code, "CV") != 0 && dn_type_name(f->type_code)) {
			f->type = tv_strdup(dn_type_name(f->type_code));
		} else if (has_vv || kinh_at >= 0) {
			free(f->type_code);
			f->type_code = tv_strdup("CV");
			const char *nm = dn_type_name("CV");
			f->type = tv_strdup(nm ? nm : "Công văn");
		}
	}
}

static void collect_items(ctx *c, size_t at, size_t lim, size_t plen_words, tv_strv *out,
                          int stop_at_period)
{
	lines *L = &c->L;
	const fline *h = &L->v[at];
	/* text after "Kính gửi:" on the same line */
	const char *colon = strchr(h->text, ':');
	size_t off = colon ? (size_t)(colon - h->text) + 1 : skip_words(h->text, plen_words);
	const char *inl = h->text + off;
	while (is_hspace(*inl)) inl++;
	int last_open = 0;
	if (*inl) {
		char *it = clean_item(skip_bullet(inl));
		if (*it)
			tv_strv_push_owned(out, it);
		else
			free(it);
		size_t n = strlen(inl);
		last_open = n && !strchr(";,.", inl[n - 1]);
		if (n && inl[n - 1] == '.' && stop_at_period && !is_bullet_start(inl)) return;
	}
	for (size_t i = at + 1; i < lim; i++) {
		const fline *l = &L->v[i];
		if (l->seg > 0 || l->col == DOC_COL_RIGHT) continue;
		size_t pl;
		if (is_authority(l, &pl) || is_sig_noise(l)) {
			if (is_sig_noise(l) && !is_rule(l->text)) continue;
			break;
		}
		if (is_bullet_start(l->text)) {
			char *it = clean_item(skip_bullet(l->text));
			if (*it)
				tv_strv_push_owned(out, it);
			else
				free(it);
			size_t n = strlen(l->text);
			last_open = !strchr(";,.", l->text[n - 1]);
			if (l->text[n - 1] == '.' && stop_at_period) break;
			continue;
		}
		/* a wrapped item continues on a line of its own */
		if (out->n && last_open && !is_caps(l) && count_words(l->fold) <= 12 &&
		    !is_name_line(l->text, NULL, NULL)) {
			char *prev = out->v[out->n - 1];
			tv_buf b = TV_BUF_INIT;
			tv_buf_puts(&b, prev);
			tv_buf_putc(&b, ' ');
			tv_buf_puts(&b, l->text);
			char *it = clean_item(tv_buf_str(&b));
			tv_buf_free(&b);
			free(prev);
			out->v[out->n - 1] = it;
			size_t n = strlen(l->text);
			last_open = !strchr(";,.", l->text[n - 1]);
			if (l->text[n - 1] == '.' && stop_at_period) break;
			continue;
		}
		break;
	}
}

static void find_signature(ctx *c, size_t from)
{
	fld_fields *f = c->f;
	lines *L = &c->L;
	ssize_t a = -1;
	size_t plen = 0;
	for (size_t i = from; i < c->end; i++)
		if (is_authority(&L->v[i], &plen) &&
		    (is_caps(&L->v[i]) || !has_lower(L->v[i].text + 3))) {
			a = (ssize_t)i;
			break;
		}
	tv_buf auth = TV_BUF_INIT, pos = TV_BUF_INIT;
	size_t i;
	ssize_t pos_at = -1;
	int pos_done = 0, pos_far = 0;
	size_t pos_first = 0;
	int ocr_block = a >= 0 && (L->v[a].flags & DOC_OCR);
	if (a >= 0) {
		for (i = (size_t)a; i < c->end && i < (size_t)a + 8; i++) {
			const fline *l = &L->v[i];
			if (l->seg == 0 && l->col != DOC_COL_RIGHT &&
			    (is_bullet_start(l->text) || starts(l->fold, "noi nhan")))
				continue;
			size_t pl;
			if (!is_authority(l, &pl)) break;
			char *one = norm_authority(l, pl, &c->B);
			if (auth.len) tv_buf_puts(&auth, " / ");
			tv_buf_puts(&auth, one);
			free(one);
		}
		f->signer_authority = tv_buf_take(&auth);
	} else {
		/* no authority line: the signature sits near "Nơi nhận" or after the
		 * body's end mark; look for a short capitals line over a name */
		i = from;
	}
	size_t lim = i + 14 < c->end ? i + 14 : c->end;
	size_t scan_to = a >= 0 ? lim : c->end;
	for (size_t k = i; k < scan_to; k++) {
		const fline *l = &L->v[k];
		if (l->seg == 0 && l->col != DOC_COL_RIGHT &&
		    (is_bullet_start(l->text) || starts(l->fold, "noi nhan")))
			continue;
		if (is_sig_noise(l)) continue;
		char *name = NULL, *title = NULL;
		if (sig_name_line(l, &name, &title)) {
			if (a < 0) {
				/* find the capitals line above it (position or unit) */
				ssize_t p = -1;
				for (ssize_t q = (ssize_t)k - 1;
				     q >= (ssize_t)from && q >= (ssize_t)k - 6; q--) {
					const fline *t = &L->v[q];
					if (is_sig_noise(t) || is_ocr_debris(t)) continue;
					if (t->seg == 0 && t->col != DOC_COL_RIGHT &&
					    is_bullet_start(t->text))
						continue;
					if (is_caps(t) && count_words(t->fold) <= 10 &&
					    !is_national(t))
						p = q;
					break;
				}
				if (p < 0) {
					free(name);
					free(title);
					continue;
				}
				pos_at = p;
			}
			f->signer = name;
			f->signer_title = title;
			break;
		}
		/* the position may wrap: "PHÓ TRƯỞNG PHÒNG PHỤ TRÁCH" / "PHÒNG KT&ĐBCLGD";
		 * under OCR only capitals lines straight under the authority are
		 * the position: seal text and strokes come after it */
		if (a >= 0 && (l->flags & DOC_OCR) && !pos_done &&
		    (is_ocr_debris(l) || !is_caps(l))) {
			if (pos.len) pos_done = 1;
			continue;
		}
		if (a >= 0 && !pos_done && count_words(l->fold) <= 10 && !is_authority(l, NULL)) {
			if (!pos.len) pos_first = k;
			if (l->page != L->v[a].page) pos_far = 1;
			if (pos.len) tv_buf_putc(&pos, ' ');
			tv_buf_puts(&pos, l->text);
		}
	}
	if (pos_at >= 0 && f->signer) {
		const fline *p = &L->v[pos_at];
		if (starts_org(p->fold) && !starts(p->fold, "thu tuong") &&
		    !starts(p->fold, "chu tich") && !starts(p->fold, "bo truong") &&
		    !starts_position_head(p->text))
			f->signer_authority = nat_case(p->text, &c->B);
		else
			f->signer_position = nat_case(p->text, &c->B);
	} else if (pos.len && f->signer)
		f->signer_position = nat_case(tv_buf_str(&pos), &c->B);
	else if (pos.len && ocr_block && !pos_far && pos_first <= i + 1)
		/* OCR often loses the typed name under the signature and the
		 * seal; the clean capitals lines under the authority still hold */
		f->signer_position = nat_case(tv_buf_str(&pos), &c->B);
	tv_buf_free(&pos);
	if (!f->signer && !(ocr_block && f->signer_position)) {
		/* keep an authority only with a signer found under it */
		free(f->signer_authority);
		f->signer_authority = NULL;
	}
}

static void find_marks(ctx *c)
{
	fld_fields *f = c->f;
	static const struct {
		const char *fold, *val;
		int urgent;
	} marks[] = {{"tuyet mat", "TUYỆT MẬT", 0},
	             {"toi mat", "TỐI MẬT", 0},
	             {"mat", "MẬT", 0},
	             {"luu hanh noi bo", "Lưu hành nội bộ", 0},
	             {"thuong khan", "THƯỢNG KHẨN", 1},
	             {"hoa toc", "HỎA TỐC", 1},
	             {"khan", "KHẨN", 1},
	             {NULL, NULL, 0}};
	size_t lim = c->H + 3 < c->L.n ? c->H + 3 : c->L.n;
	for (size_t i = 0; i < c->L.n; i++) {
		if (i >= lim && i + 5 < c->L.n) continue; /* header and the last lines only */
		const fline *l = &c->L.v[i];
		char buf[64];
		size_t j = 0;
		for (const char *p = l->fold; *p && j < sizeof buf - 1; p++)
			if (isalpha((unsigned char)*p) || (*p == ' ' && j && buf[j - 1] != ' '))
				buf[j++] = *p;
		while (j && buf[j - 1] == ' ') j--;
		buf[j] = 0;
		for (int k = 0; marks[k].fold; k++) {
			if (strcmp(buf, marks[k].fold) != 0) continue;
			/* "Mật" alone must be printed as a mark, in capitals */
			if (k < 3 && !is_caps(l)) continue;
			char **slot = marks[k].urgent ? &f->urgency : &f->security;
			if (!*slot) *slot = tv_strdup(marks[k].val);
		}
	}
}

static void find_cites(ctx *c, const tv_doc *d)
{
	fld_fields *f = c->f;
	tv_buf all = TV_BUF_INIT;
	size_t last_blk = c->end < c->L.n ? c->L.v[c->end].blk : d->nblocks;
	for (size_t k = 0; k < last_blk && k < d->nblocks; k++) {
		const doc_block *b = &d->blocks[k];
		if (b->flags & (DOC_HEADER | DOC_FOOTER)) continue;
		tv_buf_puts(&all, b->text);
		tv_buf_putc(&all, '\n');
	}
	/* numbers on "Số" lines of the header and stamps are not citations */
	tv_strv own = TV_STRV_INIT;
	if (f->number) tv_strv_push(&own, f->number);
	for (size_t i = 0; i < c->end; i++) {
		dn_number dn;
		if (near_stamp(c, i) && parse_number_line(c->L.v[i].text, &dn) == 1)
			tv_strv_push(&own, dn.canon);
	}
	dn_number *nums = NULL;
	size_t n = dn_find_all(tv_buf_str(&all), all.len, &nums);
	for (size_t i = 0; i < n; i++) {
		const char *cn = nums[i].canon;
		if (!cn[0] || tv_strv_contains(&own, cn) || tv_strv_contains(&f->cites, cn))
			continue;
		if (!strcmp(nums[i].type, "SY") || !strcmp(nums[i].type, "SL") ||
		    !strcmp(nums[i].type, "TrS"))
			continue;
		tv_strv_push(&f->cites, cn);
	}
	free(nums);
	tv_strv named = TV_STRV_INIT;
	fld_resolve_aliases(tv_buf_str(&all), all.len, &named);
	for (size_t i = 0; i < named.n; i++)
		if (!tv_strv_contains(&own, named.v[i]) && !tv_strv_contains(&f->cites, named.v[i]))
			tv_strv_push(&f->cites, named.v[i]);
	tv_strv_free(&named);
	tv_strv_free(&own);
	tv_buf_free(&all);
}

void fld_extract(const tv_doc *doc, fld_fields *f)
{
	memset(f, 0, sizeof *f);
	f->party = -1;
	if (!doc) return;
	ctx c;
	memset(&c, 0, sizeof c);
	c.f = f;
	build_lines(doc, &c.L);
	lines *L = &c.L;
	if (doc->source & DOC_SRC_OCR) ocr_repair(&c);
	find_header_zone(&c);
	for (size_t i = 0; i < L->n && c.B.n < 30000; i++)
		if (has_lower(L->v[i].text)) body_add_line(&c.B, L->v[i].text);
	c.B.ocr = (doc->source & DOC_SRC_OCR) != 0;
	/* the heading tells Party from State */
	int heading = 0;
	for (size_t i = 0; i < c.H && i < 40; i++) {
		const fline *l = &L->v[i];
		if (!is_caps(l)) continue;
		if (is_party_heading(l))
			heading = 1, f->party = 1;
		else if (strstr(l->fold, "cong hoa xa hoi chu nghia viet nam"))
			heading = 1, f->party = 0;
	}
	find_number_date(&c);
	find_end(&c);
	int has_number_line = c.num_at >= 0;
	find_issuer(&c);
	find_type_title(&c);
	ssize_t kinh_at = -1;
	size_t kl = c.H + 3 < c.end ? c.H + 3 : c.end;
	for (size_t i = c.num_at >= 0 ? (size_t)c.num_at : 0; i < kl; i++)
		if (starts(L->v[i].fold, "kinh gui")) {
			kinh_at = (ssize_t)i;
			break;
		}
	find_letter(&c, kinh_at);
	f->official = heading || (has_number_line && (f->issuer || f->type));
	if (!f->official) {
		/* an article or study text: header fields would be guesses */
		free(f->number), f->number = NULL;
		free(f->type), f->type = NULL;
		free(f->type_code), f->type_code = NULL;
		free(f->issuer), f->issuer = NULL;
		free(f->issuer_parent), f->issuer_parent = NULL;
		free(f->title), f->title = NULL;
		free(f->date), f->date = NULL;
		free(f->place), f->place = NULL;
		f->party = -1;
	} else {
		if (kinh_at >= 0) collect_items(&c, (size_t)kinh_at, c.end, 2, &f->kinh_gui, 1);
		size_t sig_from = c.title_end > c.H ? c.title_end : c.H;
		if (kinh_at >= 0 && (size_t)kinh_at + 1 > sig_from) sig_from = (size_t)kinh_at + 1;
		find_signature(&c, sig_from);
		for (size_t i = sig_from; i < c.end; i++)
			if (starts(L->v[i].fold, "noi nhan")) {
				collect_items(&c, i, c.end, 2, &f->noi_nhan, 1);
				break;
			}
		find_marks(&c);
	}
	find_cites(&c, doc);
	body_free(&c.B);
	free_lines(&c.L);
	fld_ocr_free(c.ocr);
}

void fld_free(fld_fields *f)
{
	if (!f) return;
	free(f->number);
	free(f->type);
	free(f->type_code);
	free(f->issuer);
	free(f->issuer_parent);
	free(f->place);
	free(f->date);
	free(f->title);
	free(f->signer);
	free(f->signer_title);
	free(f->signer_position);
	free(f->signer_authority);
	free(f->security);
	free(f->urgency);
	tv_strv_free(&f->kinh_gui);
	tv_strv_free(&f->noi_nhan);
	tv_strv_free(&f->cites);
	memset(f, 0, sizeof *f);
}

/* ---- named references ------------------------------------------------------------ */

typedef struct alias {
	char *fold;   /* folded name, single spaces */
	char *number; /* canonical number */
} alias;

static alias *aliases;
static size_t naliases, capaliases;
static pthread_once_t alias_once = PTHREAD_ONCE_INIT;

/* One line of an alias table: NAME <TAB> NUMBER; '#' starts a comment. */
static void add_alias_line(char *line)
{
	if (line[0] == '#' || line[0] == '\n') return;
	char *tab = strchr(line, '\t');
	if (!tab) return;
	*tab = 0;
	char *num = tab + 1;
	num[strcspn(num, "\t\r\n")] = 0;
	while (*num == ' ') num++;
	if (!*num || !*line) return;
	dn_number dn;
	const char *canon = dn_parse(num, strlen(num), &dn) ? dn.canon : num;
	tv_buf b = TV_BUF_INIT;
	char *fold = vn_fold_text(line, strlen(line));
	tv_buf_puts(&b, fold);
	free(fold);
	squeeze(&b);
	if (!b.len) {
		tv_buf_free(&b);
		return;
	}
	if (naliases == capaliases) {
		capaliases = capaliases ? capaliases * 2 : 64;
		aliases = tv_realloc(aliases, capaliases * sizeof *aliases);
	}
	aliases[naliases].fold = tv_buf_take(&b);
	aliases[naliases].number = tv_strdup(canon);
	naliases++;
}

/* Every line of an alias table's text. */
static void add_alias_text(const char *text)
{
	for (const char *s = text; *s;) {
		size_t n = strcspn(s, "\n");
		char line[1024];
		if (n < sizeof line) {
			memcpy(line, s, n);
			line[n] = 0;
			add_alias_line(line);
		}
		s += n + (s[n] == '\n');
	}
}

/* corpus/aliases.tsv as it was at build time (the Makefile writes
 * aliases.inc from it): the table is part of the program, so a run gives the
 * same citations from whatever folder it is started in. */
static const char builtin_aliases[] =
#include "aliases.inc"
    ;

static void load_aliases(void)
{
	add_alias_text(builtin_aliases);
	const char *user = getenv("THUVIEN_ALIASES");
	char *text = NULL;
	size_t len;
	if (user && *user && tv_read_file(user, 16u << 20, &text, &len, NULL) == TV_OK)
		add_alias_text(text);
	free(text);
}

void fld_resolve_aliases(const char *text, size_t n, tv_strv *cites)
{
	if (!text || !n) return;
	pthread_once(&alias_once, load_aliases);
	if (!naliases) return;
	char *raw = vn_fold_text(text, n);
	tv_buf b = TV_BUF_INIT;
	tv_buf_puts(&b, raw);
	free(raw);
	/* one space between words, so line breaks inside a name still match */
	squeeze(&b);
	const char *s = tv_buf_str(&b);
	/* in order of appearance */
	typedef struct hit {
		size_t at;
		const char *num;
	} hit;
	hit *hits = NULL;
	size_t nh = 0;
	for (size_t k = 0; k < naliases; k++) {
		const char *p = s;
		size_t al = strlen(aliases[k].fold);
		while ((p = strstr(p, aliases[k].fold)) != NULL) {
			int left = p == s || !isalnum((unsigned char)p[-1]);
			int right = !isalnum((unsigned char)p[al]);
			if (left && right) {
				hits = tv_realloc(hits, (nh + 1) * sizeof *hits);
				hits[nh].at = (size_t)(p - s);
				hits[nh].num = aliases[k].number;
				nh++;
				break;
			}
			p++;
		}
	}
	for (size_t i = 1; i < nh; i++)
		for (size_t j = i; j > 0 && hits[j].at < hits[j - 1].at; j--) {
			hit t = hits[j];
			hits[j] = hits[j - 1];
			hits[j - 1] = t;
		}
	for (size_t i = 0; i < nh; i++)
		if (!tv_strv_contains(cites, hits[i].num)) tv_strv_push(cites, hits[i].num);
	free(hits);
	tv_buf_free(&b);
}
