/* fields_ocr.c — letter-level repair of OCR-read header and signature lines
 * for the field parser (fields.c).  Tesseract reads the small capitals of a
 * scanned header worse than the body's lower case: marks go astray
 * ("TRUYÊN" for TRUYỀN, "ĐÓC" for ĐỐC), letters drop or double ("TRUYN",
 * "BANN ÂN" for BAN NHÂN), "h" turns into "ii".  A word is checked against a
 * vocabulary made of the names of bodies and positions (VIETNAMESE.md §2,
 * NĐ 30 Phụ lục II) and of every word of the document's own body, and is
 * replaced only when it is one edit from exactly one well-attested word (or
 * its neighbour pair from one known pair), compared on folded keys, with the
 * marks taken from the vocabulary.  A word the vocabulary knows is kept; the
 * one exception is a whole known name whose letters match on folded keys
 * ("PHÓ HIỆU TRƯỜNG" → "PHÓ HIỆU TRƯỞNG").  fields.c only calls this for
 * documents whose text came from OCR.
 *
 * The entry points are declared in fields.c, their only user. */
#include <stdint.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "fields_ocr.h"

#include "../common/tv.h"
#include "../vn/vn.h"

/* Names of bodies, positions and fixed header phrases, in the spelling of
 * NĐ 30 / HD 36 (lower case).  fields.c adds its own table of known names. */
static const char *const ocr_phrases[] = {"cộng hòa xã hội chủ nghĩa việt nam",
                                          "độc lập - tự do - hạnh phúc",
                                          "đảng cộng sản việt nam",
                                          "ban chấp hành trung ương",
                                          "ban thường vụ",
                                          "ban bí thư",
                                          "bộ chính trị",
                                          "ủy ban kiểm tra",
                                          "ban tổ chức",
                                          "ban tuyên giáo",
                                          "ban dân vận",
                                          "ban tuyên giáo và dân vận",
                                          "ban nội chính",
                                          "ban kinh tế",
                                          "ban đối ngoại",
                                          "quân ủy trung ương",
                                          "đảng ủy khối",
                                          "ban cán sự đảng",
                                          "ban chỉ đạo",
                                          "tiểu ban",
                                          "đại hội",
                                          "đoàn thanh niên cộng sản hồ chí minh",
                                          "mặt trận tổ quốc việt nam",
                                          "ủy ban nhân dân",
                                          "hội đồng nhân dân",
                                          "ủy ban thường vụ quốc hội",
                                          "chủ tịch nước",
                                          "văn phòng chính phủ",
                                          "tòa án nhân dân tối cao",
                                          "viện kiểm sát nhân dân tối cao",
                                          "kiểm toán nhà nước",
                                          "thanh tra chính phủ",
                                          "bộ nội vụ",
                                          "bộ tài chính",
                                          "bộ kế hoạch và đầu tư",
                                          "bộ công an",
                                          "bộ quốc phòng",
                                          "bộ ngoại giao",
                                          "bộ tư pháp",
                                          "bộ y tế",
                                          "bộ giáo dục và đào tạo",
                                          "bộ công thương",
                                          "bộ xây dựng",
                                          "bộ giao thông vận tải",
                                          "bộ khoa học và công nghệ",
                                          "bộ thông tin và truyền thông",
                                          "bộ nông nghiệp và môi trường",
                                          "bộ nông nghiệp và phát triển nông thôn",
                                          "bộ tài nguyên và môi trường",
                                          "bộ văn hóa, thể thao và du lịch",
                                          "bộ lao động - thương binh và xã hội",
                                          "bộ dân tộc và tôn giáo",
                                          "ủy ban dân tộc",
                                          "sở nội vụ",
                                          "sở tài chính",
                                          "sở giáo dục và đào tạo",
                                          "sở y tế",
                                          "sở thông tin và truyền thông",
                                          "sở khoa học và công nghệ",
                                          "sở tư pháp",
                                          "sở xây dựng",
                                          "sở công thương",
                                          "sở kế hoạch và đầu tư",
                                          "sở tài nguyên và môi trường",
                                          "sở văn hóa, thể thao và du lịch",
                                          "sở giao thông vận tải",
                                          "sở nông nghiệp và phát triển nông thôn",
                                          "sở lao động - thương binh và xã hội",
                                          "trường đại học",
                                          "trường cao đẳng",
                                          "học viện",
                                          "đại học",
                                          "trung tâm",
                                          "tổng cục",
                                          "chi cục",
                                          "cục",
                                          "vụ",
                                          "viện",
                                          "sở",
                                          "phòng",
                                          "khoa",
                                          "trường",
                                          "ban",
                                          "tổ",
                                          "hội đồng",
                                          "công nghệ thông tin",
                                          "khoa học máy tính",
                                          "công tác sinh viên",
                                          "đào tạo",
                                          "tổ chức cán bộ",
                                          "kế hoạch tài chính",
                                          "hành chính",
                                          "tổng hợp",
                                          "quản trị",
                                          "khảo thí và đảm bảo chất lượng",
                                          "kinh tế",
                                          "kỹ thuật",
                                          "điện tử",
                                          "viễn thông",
                                          "xã hội",
                                          "nhân văn",
                                          "tự nhiên",
                                          "ngân hàng",
                                          "sư phạm",
                                          "ngoại ngữ",
                                          "y dược",
                                          "nông lâm",
                                          "thủy lợi",
                                          "môi trường",
                                          "tài nguyên",
                                          "văn hóa",
                                          "nghệ thuật",
                                          "thể thao",
                                          "du lịch",
                                          "luật",
                                          "kiến trúc",
                                          "khoa học",
                                          "thông tin",
                                          "truyền thông",
                                          "tỉnh",
                                          "thành phố",
                                          "huyện",
                                          "quận",
                                          "xã",
                                          "phường",
                                          "thị xã",
                                          "thị trấn",
                                          "chủ tịch",
                                          "phó chủ tịch",
                                          "giám đốc",
                                          "phó giám đốc",
                                          "hiệu trưởng",
                                          "phó hiệu trưởng",
                                          "trưởng phòng",
                                          "phó trưởng phòng",
                                          "trưởng ban",
                                          "phó trưởng ban",
                                          "trưởng khoa",
                                          "phó trưởng khoa",
                                          "chánh văn phòng",
                                          "phó chánh văn phòng",
                                          "viện trưởng",
                                          "cục trưởng",
                                          "vụ trưởng",
                                          "bộ trưởng",
                                          "thứ trưởng",
                                          "tổng giám đốc",
                                          "chủ nhiệm",
                                          "phụ trách",
                                          "thay mặt",
                                          "ký thay",
                                          "thừa lệnh",
                                          "thừa ủy quyền",
                                          "thông báo",
                                          "quyết định",
                                          "nghị quyết",
                                          "công văn",
                                          "kế hoạch",
                                          "báo cáo",
                                          "hướng dẫn",
                                          "tờ trình",
                                          "chỉ thị",
                                          "kết luận",
                                          "quy định",
                                          "quy chế",
                                          "chương trình",
                                          "biên bản",
                                          "về việc",
                                          "kính gửi",
                                          "nơi nhận",
                                          "như trên",
                                          NULL};

/* ---- vocabulary ------------------------------------------------------------- */

typedef struct oword {
	char *key;  /* vn_key_exact */
	char *fold; /* vn_key_fold */
	int body;   /* occurrences in the body */
	int cur;    /* part of a known name */
} oword;

typedef struct opair {
	size_t a, b; /* word indices */
	int body, cur;
} opair;

typedef struct ophrase {
	size_t *w; /* word indices */
	size_t n;
	int ambiguous; /* another known name has the same folded letters */
} ophrase;

typedef struct fld_ocr {
	oword *w;
	size_t nw, cw;
	size_t *wh; /* hash slots: index + 1, 0 empty */
	size_t whcap;
	opair *p;
	size_t np, cp;
	size_t *ph;
	size_t phcap;
	ophrase *ph_v;
	size_t nph, cph;
} fld_ocr;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static uint64_t hash_pair(size_t a, size_t b)
{
	return ((uint64_t)a * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)b + 0x632BE59BD9B4E019ULL);
}

static void word_rehash(fld_ocr *V)
{
	free(V->wh);
	V->whcap = V->whcap ? V->whcap * 2 : 1024;
	V->wh = tv_calloc(V->whcap, sizeof *V->wh);
	for (size_t i = 0; i < V->nw; i++) {
		size_t s = hash_str(V->w[i].key) & (V->whcap - 1);
		while (V->wh[s]) s = (s + 1) & (V->whcap - 1);
		V->wh[s] = i + 1;
	}
}

/* Index of the word with exact key k, or -1. */
static ssize_t word_find(const fld_ocr *V, const char *k)
{
	if (!V->whcap) return -1;
	size_t s = hash_str(k) & (V->whcap - 1);
	while (V->wh[s]) {
		if (!strcmp(V->w[V->wh[s] - 1].key, k)) return (ssize_t)(V->wh[s] - 1);
		s = (s + 1) & (V->whcap - 1);
	}
	return -1;
}

static size_t word_add(fld_ocr *V, const char *k)
{
	ssize_t f = word_find(V, k);
	if (f >= 0) return (size_t)f;
	if (V->nw == V->cw) {
		V->cw = V->cw ? V->cw * 2 : 512;
		V->w = tv_realloc(V->w, V->cw * sizeof *V->w);
	}
	oword *w = &V->w[V->nw++];
	w->key = tv_strdup(k);
	w->fold = vn_key_fold(k, strlen(k));
	w->body = w->cur = 0;
	if (V->nw * 2 > V->whcap)
		word_rehash(V);
	else {
		size_t s = hash_str(k) & (V->whcap - 1);
		while (V->wh[s]) s = (s + 1) & (V->whcap - 1);
		V->wh[s] = V->nw;
	}
	return V->nw - 1;
}

static void pair_rehash(fld_ocr *V)
{
	free(V->ph);
	V->phcap = V->phcap ? V->phcap * 2 : 1024;
	V->ph = tv_calloc(V->phcap, sizeof *V->ph);
	for (size_t i = 0; i < V->np; i++) {
		size_t s = hash_pair(V->p[i].a, V->p[i].b) & (V->phcap - 1);
		while (V->ph[s]) s = (s + 1) & (V->phcap - 1);
		V->ph[s] = i + 1;
	}
}

static ssize_t pair_find(const fld_ocr *V, size_t a, size_t b)
{
	if (!V->phcap) return -1;
	size_t s = hash_pair(a, b) & (V->phcap - 1);
	while (V->ph[s]) {
		const opair *p = &V->p[V->ph[s] - 1];
		if (p->a == a && p->b == b) return (ssize_t)(V->ph[s] - 1);
		s = (s + 1) & (V->phcap - 1);
	}
	return -1;
}

static opair *pair_add(fld_ocr *V, size_t a, size_t b)
{
	ssize_t f = pair_find(V, a, b);
	if (f >= 0) return &V->p[f];
	if (V->np == V->cp) {
		V->cp = V->cp ? V->cp * 2 : 512;
		V->p = tv_realloc(V->p, V->cp * sizeof *V->p);
	}
	opair *p = &V->p[V->np++];
	p->a = a, p->b = b, p->body = p->cur = 0;
	if (V->np * 2 > V->phcap)
		pair_rehash(V);
	else {
		size_t s = hash_pair(a, b) & (V->phcap - 1);
		while (V->ph[s]) s = (s + 1) & (V->phcap - 1);
		V->ph[s] = V->np;
	}
	return &V->p[pair_find(V, a, b)];
}

/* ---- tokens ------------------------------------------------------------------ */

typedef struct otok {
	const char *s; /* whole token in the text */
	size_t n;
	size_t lead, core; /* bytes of leading punctuation, of the word */
	char *key, *fold;  /* of the core; NULL when the core is not a word */
	int casep;         /* 0 lower, 1 capitalised, 2 capitals */
	int glued;         /* no punctuation between this token and the previous word */
	char *out;         /* replacement key (lower case), "" to drop, or NULL */
	int fixed;
} otok;

static int is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Bytes of punctuation (ASCII or typographic quotes/dashes) at s. */
static size_t punct_len(const char *s, size_t n)
{
	if (!n) return 0;
	if (strchr("()[]{}\"'.,;:!?*<>|/-", *s) && *s) return 1;
	static const char *const u[] = {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98",
	                                "\xE2\x80\x99", "\xE2\x80\x93", "\xE2\x80\x94",
	                                "\xE2\x80\xA6", "\xE2\x80\x9E", NULL};
	for (int i = 0; u[i]; i++)
		if (n >= 3 && !memcmp(s, u[i], 3)) return 3;
	return 0;
}

/* A word: its folded form is ASCII letters only and carries a vowel, so
 * numbers, codes and abbreviations without vowels (CNTT, KSTTHC) are not. */
static int word_fold_ok(const char *f)
{
	int vowel = 0;
	if (!*f) return 0;
	for (; *f; f++) {
		if (*f < 'a' || *f > 'z') return 0;
		if (strchr("aeiouy", *f)) vowel = 1;
	}
	return vowel;
}

static size_t tokenize(const char *text, otok **out)
{
	otok *v = NULL;
	size_t n = 0, cap = 0;
	const char *p = text;
	int prev_trail = 1;
	while (*p) {
		while (is_sp(*p)) p++;
		if (!*p) break;
		const char *e = p;
		while (*e && !is_sp(*e)) e++;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = tv_realloc(v, cap * sizeof *v);
		}
		otok *t = &v[n++];
		memset(t, 0, sizeof *t);
		t->s = p;
		t->n = (size_t)(e - p);
		size_t a = 0, k;
		while (a < t->n && (k = punct_len(p + a, t->n - a))) a += k;
		size_t b = t->n;
		while (b > a) {
			size_t back = 1;
			while (back < b - a && ((unsigned char)p[b - back] & 0xC0) == 0x80) back++;
			if (punct_len(p + b - back, back) == back)
				b -= back;
			else
				break;
		}
		t->lead = a;
		t->core = b - a;
		if (t->core) {
			char *f = vn_key_fold(p + a, t->core);
			if (word_fold_ok(f)) {
				t->fold = f;
				t->key = vn_key_exact(p + a, t->core);
				char *lo = vn_lower(p + a, t->core), *up = vn_upper(p + a, t->core);
				if (!strncmp(lo, p + a, t->core) && strlen(lo) == t->core)
					t->casep = 0;
				else if (!strncmp(up, p + a, t->core) && strlen(up) == t->core &&
				         t->core > 2)
					t->casep = 2;
				else
					t->casep = 1;
				free(lo);
				free(up);
			} else
				free(f);
		}
		t->glued = !prev_trail && a == 0;
		prev_trail = b < t->n;
		p = e;
	}
	*out = v;
	return n;
}

static void free_tokens(otok *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].fold);
		free(v[i].out);
	}
	free(v);
}

/* ---- building ------------------------------------------------------------------ */

fld_ocr *fld_ocr_new(void);
void fld_ocr_add_phrase(fld_ocr *V, const char *phrase);
void fld_ocr_add_body(fld_ocr *V, const char *line);
char *fld_ocr_fix(const fld_ocr *V, const char *text, int in_body);
void fld_ocr_free(fld_ocr *V);

void fld_ocr_add_phrase(fld_ocr *V, const char *phrase)
{
	otok *t;
	size_t n = tokenize(phrase, &t);
	ophrase ph = {tv_malloc((n ? n : 1) * sizeof(size_t)), 0, 0};
	ssize_t prev = -1;
	for (size_t i = 0; i < n; i++) {
		if (!t[i].key) continue;
		size_t w = word_add(V, t[i].key);
		V->w[w].cur = 1;
		if (prev >= 0) pair_add(V, (size_t)prev, w)->cur = 1;
		prev = (ssize_t)w;
		ph.w[ph.n++] = w;
	}
	free_tokens(t, n);
	if (ph.n < 2) {
		free(ph.w);
		return;
	}
	/* the same folded letters as a name already known with other marks:
	 * neither may overrule a printed word */
	for (size_t k = 0; k < V->nph; k++) {
		ophrase *o = &V->ph_v[k];
		if (o->n != ph.n) continue;
		int same_fold = 1, same = 1;
		for (size_t j = 0; j < ph.n && same_fold; j++) {
			same_fold = !strcmp(V->w[o->w[j]].fold, V->w[ph.w[j]].fold);
			same = same && o->w[j] == ph.w[j];
		}
		if (same_fold && same) {
			free(ph.w);
			return;
		}
		if (same_fold) o->ambiguous = ph.ambiguous = 1;
	}
	if (V->nph == V->cph) {
		V->cph = V->cph ? V->cph * 2 : 128;
		V->ph_v = tv_realloc(V->ph_v, V->cph * sizeof *V->ph_v);
	}
	V->ph_v[V->nph++] = ph;
}

fld_ocr *fld_ocr_new(void)
{
	fld_ocr *V = tv_calloc(1, sizeof *V);
	for (int i = 0; ocr_phrases[i]; i++) fld_ocr_add_phrase(V, ocr_phrases[i]);
	return V;
}

void fld_ocr_add_body(fld_ocr *V, const char *line)
{
	otok *t;
	size_t n = tokenize(line, &t);
	ssize_t prev = -1;
	for (size_t i = 0; i < n; i++) {
		if (!t[i].key) {
			prev = -1;
			continue;
		}
		size_t w = word_add(V, t[i].key);
		V->w[w].body++;
		if (prev >= 0 && t[i].glued) pair_add(V, (size_t)prev, w)->body++;
		prev = t[i].n > t[i].lead + t[i].core ? -1 : (ssize_t)w;
	}
	free_tokens(t, n);
}

void fld_ocr_free(fld_ocr *V)
{
	if (!V) return;
	for (size_t i = 0; i < V->nw; i++) {
		free(V->w[i].key);
		free(V->w[i].fold);
	}
	for (size_t i = 0; i < V->nph; i++) free(V->ph_v[i].w);
	free(V->w);
	free(V->wh);
	free(V->p);
	free(V->ph);
	free(V->ph_v);
	free(V);
}

/* ---- distance ------------------------------------------------------------------ */

/* 1 if a and b differ by one insertion, deletion or substitution. */
static int one_edit(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la < lb) {
		const char *t = a;
		a = b, b = t;
		size_t x = la;
		la = lb, lb = x;
	}
	if (la - lb > 1) return 0;
	size_t i = 0;
	while (i < lb && a[i] == b[i]) i++;
	if (la == lb) return strcmp(a + i + 1, b + i + 1) == 0;
	return strcmp(a + i + 1, b + i) == 0;
}

/* Shapes Tesseract confuses, one edit each: "h" read as "ii"/"li", "m" as "rn". */
static int confusion(const char *a, const char *b)
{
	static const char *const cf[][2] = {{"ii", "h"}, {"li", "h"}, {"rn", "m"},
	                                    {"cl", "d"}, {"vv", "w"}, {NULL, NULL}};
	for (int k = 0; cf[k][0]; k++)
		for (int side = 0; side < 2; side++) {
			const char *x = side ? b : a, *y = side ? a : b;
			size_t fl = strlen(cf[k][0]), tl = strlen(cf[k][1]), lx = strlen(x);
			if (lx + tl - fl != strlen(y)) continue;
			for (const char *h = strstr(x, cf[k][0]); h; h = strstr(h + 1, cf[k][0])) {
				size_t off = (size_t)(h - x);
				if (!strncmp(y, x, off) && !strncmp(y + off, cf[k][1], tl) &&
				    !strcmp(y + off + tl, h + fl))
					return 1;
			}
		}
	return 0;
}

/* 0 equal, 1 one OCR edit apart, 2 further.  Short words only match exactly:
 * one letter of a two-letter word is half the word. */
static int fold_dist(const char *a, const char *b)
{
	if (!strcmp(a, b)) return 0;
	if (strlen(a) < 3 || strlen(b) < 3) return 2;
	return one_edit(a, b) || confusion(a, b) ? 1 : 2;
}

/* ---- fixing ------------------------------------------------------------------ */

typedef struct fixer {
	const fld_ocr *V;
	otok *t;
	size_t n;
	int in_body;
} fixer;

/* Occurrences of word w / pair (a, b) in the text being fixed, when that text
 * is itself part of the body: it must not vouch for its own misreadings. */
static int own_word(const fixer *F, size_t w)
{
	if (!F->in_body) return 0;
	int c = 0;
	for (size_t i = 0; i < F->n; i++)
		if (F->t[i].key && !strcmp(F->t[i].key, F->V->w[w].key)) c++;
	return c;
}

static int own_pair(const fixer *F, size_t a, size_t b)
{
	if (!F->in_body) return 0;
	int c = 0;
	for (size_t i = 1; i < F->n; i++)
		if (F->t[i].glued && F->t[i - 1].key && F->t[i].key &&
		    !strcmp(F->t[i - 1].key, F->V->w[a].key) &&
		    !strcmp(F->t[i].key, F->V->w[b].key))
			c++;
	return c;
}

static int body_count(const fixer *F, size_t w)
{
	int c = F->V->w[w].body - own_word(F, w);
	return c > 0 ? c : 0;
}

/* The vocabulary knows the word: a known name, or the body uses it. */
static int known(const fixer *F, const char *key)
{
	ssize_t w = word_find(F->V, key);
	return w >= 0 && (F->V->w[w].cur || body_count(F, (size_t)w) >= 1);
}

/* Well attested: a candidate replacement must be a known name's word or be
 * used at least twice in the body (one use may be a misreading itself). */
static int attested(const fixer *F, size_t w)
{
	return F->V->w[w].cur || body_count(F, w) >= 2;
}

static int pair_known(const fixer *F, const char *ka, const char *kb)
{
	ssize_t a = word_find(F->V, ka), b = word_find(F->V, kb);
	if (a < 0 || b < 0) return 0;
	ssize_t p = pair_find(F->V, (size_t)a, (size_t)b);
	if (p < 0) return 0;
	const opair *q = &F->V->p[p];
	return q->cur || q->body - own_pair(F, (size_t)a, (size_t)b) >= 1;
}

/* The key a token reads as now (its replacement if any). */
static const char *cur_key(const otok *t)
{
	return t->out ? t->out : t->key;
}

static void set_out(otok *t, const char *k)
{
	free(t->out);
	t->out = tv_strdup(k);
	t->fixed = 1;
}

/* 1. a whole known name of 2+ words whose folded letters match: its marks. */
static void fix_phrases(fixer *F)
{
	const fld_ocr *V = F->V;
	for (size_t i = 0; i < F->n;) {
		size_t best = 0;
		const ophrase *bp = NULL;
		for (size_t k = 0; k < V->nph; k++) {
			const ophrase *ph = &V->ph_v[k];
			if (ph->n <= best || i + ph->n > F->n) continue;
			int ok = 1;
			for (size_t j = 0; j < ph->n && ok; j++) {
				const otok *t = &F->t[i + j];
				ok = t->fold && !t->fixed && !strcmp(t->fold, V->w[ph->w[j]].fold);
			}
			if (ok) best = ph->n, bp = ph;
		}
		/* the printed words may be a reading of their own: every pair of
		 * them known from the body ("khóa học" beside "khoa học") */
		int printed_known = bp != NULL;
		for (size_t j = 0; bp && j + 1 < bp->n && printed_known; j++)
			printed_known = pair_known(F, F->t[i + j].key, F->t[i + j + 1].key);
		if (!bp || bp->ambiguous || printed_known) {
			i += best ? best : 1;
			continue;
		}
		for (size_t j = 0; j < bp->n; j++) {
			otok *t = &F->t[i + j];
			if (strcmp(t->key, V->w[bp->w[j]].key) != 0) set_out(t, V->w[bp->w[j]].key);
			t->fixed = 1;
		}
		i += best;
	}
}

/* A candidate reading of one token (or of two tokens read as one). */
typedef struct cand {
	ssize_t a, b; /* word indices; b < 0 for a single word */
	int ctx, dist;
} cand;

static int ctx_score(const fixer *F, size_t i, size_t j, const char *first, const char *last)
{
	int s = 0;
	if (i > 0 && F->t[i].glued && F->t[i - 1].fold &&
	    pair_known(F, cur_key(&F->t[i - 1]), first))
		s++;
	if (j + 1 < F->n && F->t[j + 1].glued && F->t[j + 1].fold &&
	    pair_known(F, last, cur_key(&F->t[j + 1])))
		s++;
	return s;
}

/* Pick the one best candidate: most context, then nearest; a tie between
 * different readings is no answer. */
static const cand *pick(const cand *c, size_t nc)
{
	const cand *best = NULL;
	int tie = 0;
	for (size_t k = 0; k < nc; k++) {
		if (!best || c[k].ctx > best->ctx ||
		    (c[k].ctx == best->ctx && c[k].dist < best->dist)) {
			best = &c[k];
			tie = 0;
		} else if (c[k].ctx == best->ctx && c[k].dist == best->dist)
			tie = 1;
	}
	return tie ? NULL : best;
}

static void push_cand(cand **c, size_t *nc, size_t *cc, cand x)
{
	if (*nc == *cc) {
		*cc = *cc ? *cc * 2 : 16;
		*c = tv_realloc(*c, *cc * sizeof **c);
	}
	(*c)[(*nc)++] = x;
}

/* 2. two unknown neighbours that are one known pair or one known word with a
 * letter moved or lost across the gap ("BANN ÂN" → "ban nhân"). */
static void fix_pairs(fixer *F)
{
	const fld_ocr *V = F->V;
	for (size_t i = 0; i + 1 < F->n; i++) {
		otok *x = &F->t[i], *y = &F->t[i + 1];
		if (!x->fold || !y->fold || x->fixed || y->fixed || !y->glued) continue;
		if (known(F, x->key) || known(F, y->key)) continue;
		size_t lx = strlen(x->fold), ly = strlen(y->fold);
		char *cat = tv_malloc(lx + ly + 1);
		memcpy(cat, x->fold, lx);
		memcpy(cat + lx, y->fold, ly + 1);
		cand *c = NULL;
		size_t nc = 0, cc = 0;
		for (size_t p = 0; p < V->np; p++) {
			const opair *q = &V->p[p];
			if (!q->cur && q->body - own_pair(F, q->a, q->b) < 2) continue;
			const char *fa = V->w[q->a].fold, *fb = V->w[q->b].fold;
			size_t la = strlen(fa), lb = strlen(fb);
			char *pc = tv_malloc(la + lb + 1);
			memcpy(pc, fa, la);
			memcpy(pc + la, fb, lb + 1);
			int d = fold_dist(cat, pc);
			free(pc);
			if (d <= 1)
				push_cand(
				    &c, &nc, &cc,
				    (cand){(ssize_t)q->a, (ssize_t)q->b,
				           ctx_score(F, i, i + 1, V->w[q->a].key, V->w[q->b].key),
				           d});
		}
		for (size_t w = 0; w < V->nw; w++) {
			if (!attested(F, w)) continue;
			int d = fold_dist(cat, V->w[w].fold);
			if (d <= 1)
				push_cand(&c, &nc, &cc,
				          (cand){(ssize_t)w, -1,
				                 ctx_score(F, i, i + 1, V->w[w].key, V->w[w].key),
				                 d});
		}
		const cand *b = nc ? pick(c, nc) : NULL;
		if (b) {
			set_out(x, V->w[b->a].key);
			set_out(y, b->b >= 0 ? V->w[b->b].key : "");
			i++;
		}
		free(c);
		free(cat);
	}
}

/* 3. one unknown word: the one well-attested word its folded letters are (or
 * are one edit from) that forms a known pair with a neighbour; a reading no
 * neighbour vouches for is a guess ("QUẢNG BÌNK" is not "thương binh"). */
static void fix_words(fixer *F)
{
	const fld_ocr *V = F->V;
	for (size_t i = 0; i < F->n; i++) {
		otok *t = &F->t[i];
		if (!t->fold || t->fixed) continue;
		/* A known word stays, unless only its marks are wrong and the
		 * text says so on both sides: the printed word pairs with
		 * neither neighbour, and a word of the same letters pairs with
		 * both ("tư vấn và tuyên dụng" beside the body's "tuyển dụng") */
		int kn = known(F, t->key);
		if (kn && ctx_score(F, i, i, t->key, t->key) > 0) continue;
		cand *c = NULL;
		size_t nc = 0, cc = 0;
		for (size_t w = 0; w < V->nw; w++) {
			if (!attested(F, w)) continue;
			if (kn && !strcmp(V->w[w].key, t->key)) continue;
			int d = fold_dist(t->fold, V->w[w].fold);
			if (kn && (d != 0 || ctx_score(F, i, i, V->w[w].key, V->w[w].key) < 2))
				continue;
			if (d <= 1)
				push_cand(&c, &nc, &cc,
				          (cand){(ssize_t)w, -1,
				                 ctx_score(F, i, i, V->w[w].key, V->w[w].key), d});
		}
		const cand *b = nc ? pick(c, nc) : NULL;
		if (b && b->ctx > 0) set_out(t, V->w[b->a].key);
		free(c);
	}
}

static char *recase(const char *key, int casep)
{
	if (casep == 2) return vn_upper(key, strlen(key));
	if (casep == 1) return vn_capitalize(key, strlen(key));
	return tv_strdup(key);
}

/* The text with its misread words replaced, punctuation and the printed case
 * kept; runs of spaces become one.  in_body: the text is also one of the body
 * lines the vocabulary was built from.  Caller frees. */
char *fld_ocr_fix(const fld_ocr *V, const char *text, int in_body)
{
	fixer F = {V, NULL, 0, in_body};
	F.n = tokenize(text, &F.t);
	/* known names are printed in capitals; in lower-case text a folded
	 * match says too little ("khóa học" is no misread "khoa học") */
	if (!in_body) fix_phrases(&F);
	fix_pairs(&F);
	fix_words(&F);
	tv_buf b = TV_BUF_INIT;
	for (size_t i = 0; i < F.n; i++) {
		const otok *t = &F.t[i];
		if (t->out && !*t->out && t->n == t->core)
			continue; /* merged into the previous word */
		if (b.len && !(t->out && !*t->out)) tv_buf_putc(&b, ' ');
		if (!t->out) {
			tv_buf_append(&b, t->s, t->n);
			continue;
		}
		tv_buf_append(&b, t->s, t->lead);
		char *w = recase(t->out, t->casep);
		tv_buf_puts(&b, w);
		free(w);
		tv_buf_append(&b, t->s + t->lead + t->core, t->n - t->lead - t->core);
	}
	free_tokens(F.t, F.n);
	return tv_buf_take(&b);
}
