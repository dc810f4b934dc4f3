/* docnum.c — document numbers (số và ký hiệu) and document type words.
 *
 * One grammar (VIETNAMESE.md §1.4) serves documents and queries: a PCRE2
 * pattern, compiled once per mode, finds a candidate; small C helpers then
 * decide what its groups mean (type code or issuer), drop trailing groups that
 * are ordinary words ("1520/QĐ-UBND - Ban ..."), and build the canonical form
 * and the style-independent keys that let 05-CT/TW, 05/CT-TW, CT05 and
 * "chỉ thị 05" meet (§6.3).  Quantifiers are possessive or bounded, so the
 * work per candidate is bounded and dn_find_all stays linear in the text. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "docnum.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vn.h"

/* ---- type codes (§2.1) ----------------------------------------------------- */

enum {
	DN_Q = 1
}; /* users type this code in queries ("ct 05"); codes that are
      also ordinary words when folded ("da", "bs") are left out */

typedef struct dn_type {
	const char *code; /* as printed: case-significant letters kept */
	const char *name; /* the first row of a code gives its name */
	const char *fold; /* the name folded, to match words typed without marks */
	unsigned flags;
} dn_type;

static const dn_type dn_types[] = {
    {"NQ", "Nghị quyết", "nghi quyet", DN_Q},
    {"QĐ", "Quyết định", "quyet dinh", DN_Q},
    {"CT", "Chỉ thị", "chi thi", DN_Q},
    {"KL", "Kết luận", "ket luan", DN_Q},
    {"QĐi", "Quy định", "quy dinh", DN_Q},
    {"QĐi", "Quy định", "qui dinh", 0},
    {"QyĐ", "Quy định", "quy dinh", DN_Q},
    {"QC", "Quy chế", "quy che", DN_Q},
    {"TT", "Thông tư", "thong tu", DN_Q},
    {"TT", "Thông tri", "thong tri", 0},
    {"TTLT", "Thông tư liên tịch", "thong tu lien tich", DN_Q},
    {"TTLB", "Thông tư liên bộ", "thong tu lien bo", 0},
    {"NĐ", "Nghị định", "nghi dinh", DN_Q},
    {"HD", "Hướng dẫn", "huong dan", DN_Q},
    {"BC", "Báo cáo", "bao cao", DN_Q},
    {"KH", "Kế hoạch", "ke hoach", DN_Q},
    {"CTr", "Chương trình", "chuong trinh", DN_Q},
    {"CTr", "Chương trình hành động", "chuong trinh hanh dong", 0},
    {"TB", "Thông báo", "thong bao", DN_Q},
    {"TC", "Thông cáo", "thong cao", DN_Q},
    {"TTr", "Tờ trình", "to trinh", DN_Q},
    {"ĐA", "Đề án", "de an", DN_Q},
    {"DA", "Dự án", "du an", 0},
    {"PA", "Phương án", "phuong an", DN_Q},
    {"BB", "Biên bản", "bien ban", DN_Q},
    {"CV", "Công văn", "cong van", DN_Q},
    {"CĐ", "Công điện", "cong dien", DN_Q},
    {"HĐ", "Hợp đồng", "hop dong", 0},
    {"BGN", "Bản ghi nhớ", "ban ghi nho", 0},
    {"BTT", "Bản thỏa thuận", "ban thoa thuan", 0},
    {"GUQ", "Giấy ủy quyền", "giay uy quyen", 0},
    {"GM", "Giấy mời", "giay moi", 0},
    {"GGT", "Giấy giới thiệu", "giay gioi thieu", 0},
    {"GNP", "Giấy nghỉ phép", "giay nghi phep", 0},
    {"PG", "Phiếu gửi", "phieu gui", 0},
    {"PC", "Phiếu chuyển", "phieu chuyen", 0},
    {"PB", "Phiếu báo", "phieu bao", 0},
    {"BS", "Bản sao", "ban sao", 0},
    {"SY", "Bản sao y", "ban sao y", 0},
    {"TrS", "Bản trích sao", "ban trich sao", 0},
    {"SL", "Bản sao lục", "ban sao luc", 0},
    {"VBHN", "Văn bản hợp nhất", "van ban hop nhat", DN_Q},
    {"PL", "Pháp lệnh", "phap lenh", DN_Q},
    {"L", "Lệnh", "lenh", 0},
};
#define DN_NTYPES (sizeof dn_types / sizeof dn_types[0])

/* Issuer codes a user may type as a separate word after the serial ("qd 1520
 * ubnd"), folded (§2.2, §2.3).  Two-letter codes that are also folded words
 * ("tu", "du") count only when typed in capitals. */
static const char *const dn_issuers[] = {
    "TW",     "VPTW",  "BTCTW",   "BTGTW",  "BDVTW", "BTGDVTW", "BNCTW",   "BKTTW", "BDNTW",
    "UBKTTW", "QUTW",  "DUCA",    "THU",    "DUK",   "DUQS",    "DUBP",    "BTCTU", "BTGTU",
    "BDVTU",  "BNCTU", "VPTU",    "UBKTTU", "BTCHU", "BTGHU",   "BDVHU",   "VPHU",  "UBKTHU",
    "BCSD",   "TWDTN", "CP",      "TTG",    "VPCP",  "UBND",    "HDND",    "CTN",   "BNV",
    "BTC",    "BCA",   "BQP",     "BNG",    "BTP",   "BYT",     "BGDDT",   "BCT",   "BXD",
    "BKHCN",  "BNNMT", "BVHTTDL", "BDTTG",  "NHNN",  "TANDTC",  "VKSNDTC", "KTNN",  "TTCP",
};

/* ---- characters ------------------------------------------------------------- */

/* Decode one code point of valid UTF-8. */
static uint32_t cp_at(const unsigned char *p, const unsigned char *e, size_t *len)
{
	unsigned c = p[0];
	if (c < 0x80 || p + 1 >= e) {
		*len = 1;
		return c;
	}
	if (c < 0xE0 && p + 2 <= e) {
		*len = 2;
		return ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
	}
	if (c < 0xF0 && p + 3 <= e) {
		*len = 3;
		return ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
	}
	if (p + 4 <= e) {
		*len = 4;
		return ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
		       (p[3] & 0x3Fu);
	}
	*len = 1;
	return c;
}

static int is_hy(uint32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63 ||
	       c == 0xFF0D;
}
static int is_sl(uint32_t c)
{
	return c == '/' || c == 0x2044 || c == 0x2215 || c == 0xFF0F;
}
static int is_dd(uint32_t c)
{
	return c == 0x110 || c == 0x111 || c == 0xD0 || c == 0xF0;
}
static int is_dd_upper(uint32_t c)
{
	return c == 0x110 || c == 0xD0;
}
static int is_orgch(uint32_t c)
{
	return (c < 0x80 && (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ||
	                     c == '&' || c == '.')) ||
	       is_dd(c);
}

/* Strict UTF-8 check (no overlongs, surrogates or code points past U+10FFFF),
 * the same rules PCRE2 applies, so a subject that passes needs no check there. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *e)
{
	unsigned c = p[0];
	if (c < 0x80) return 1;
	size_t need;
	unsigned lo = 0x80, hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		if (c == 0xE0) lo = 0xA0;
		if (c == 0xED) hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		if (c == 0xF0) lo = 0x90;
		if (c == 0xF4) hi = 0x8F;
	} else
		return 0;
	if ((size_t)(e - p) < need) return 0;
	if (p[1] < lo || p[1] > hi) return 0;
	for (size_t i = 2; i < need; i++)
		if ((p[i] & 0xC0) != 0x80) return 0;
	return need;
}

/* NULL if s is valid UTF-8; else a copy of the same length where each byte of
 * a bad sequence is '?', so offsets found in the copy hold for s. */
static char *utf8_sanitize(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	while (p < e) {
		size_t l = utf8_seq(p, e);
		if (!l) break;
		p += l;
	}
	if (p == e) return NULL;
	char *c = tv_malloc(n + 1);
	memcpy(c, s, n);
	c[n] = 0;
	unsigned char *q = (unsigned char *)c + (p - (const unsigned char *)s);
	unsigned char *qe = (unsigned char *)c + n;
	while (q < qe) {
		size_t l = utf8_seq(q, qe);
		if (!l) {
			*q++ = '?';
			continue;
		}
		q += l;
	}
	return c;
}

/* ---- small fixed-size writer ------------------------------------------------ */

typedef struct dn_w {
	char *s;
	size_t cap, n;
	int ok;
} dn_w;

static dn_w w_init(char *s, size_t cap)
{
	s[0] = 0;
	return (dn_w){s, cap, 0, 1};
}
static void w_put(dn_w *w, const char *p, size_t n)
{
	if (!w->ok || w->n + n + 1 > w->cap) {
		w->ok = 0;
		return;
	}
	memcpy(w->s + w->n, p, n);
	w->n += n;
	w->s[w->n] = 0;
}
static void w_putc(dn_w *w, char c)
{
	w_put(w, &c, 1);
}

/* Append a code piece: Ð/ð (Latin eth, from CP1258 text read as 1252) become
 * Đ/đ; with up, ASCII and đ are upper-cased. */
static void w_code(dn_w *w, const char *p, size_t n, int up)
{
	const unsigned char *u = (const unsigned char *)p, *e = u + n;
	while (u < e) {
		size_t l;
		uint32_t c = cp_at(u, e, &l);
		if (is_dd(c))
			w_put(w, (up || is_dd_upper(c)) ? "Đ" : "đ", 2);
		else if (c < 0x80)
			w_putc(w, (char)(up && c >= 'a' && c <= 'z' ? c - 32 : c));
		else
			w_put(w, (const char *)u, l);
		u += l;
	}
}

/* ---- code and issuer lookup ------------------------------------------------- */

/* Key of a code for comparison: ASCII upper case; the Đ family as "Đ", or as
 * "D" when fold.  Returns 0 if it does not fit or holds other characters. */
static int code_norm(const char *p, size_t n, int fold, char *out, size_t cap)
{
	dn_w w = w_init(out, cap);
	const unsigned char *u = (const unsigned char *)p, *e = u + n;
	while (u < e) {
		size_t l;
		uint32_t c = cp_at(u, e, &l);
		if (is_dd(c))
			w_put(&w, fold ? "D" : "Đ", fold ? 1 : 2);
		else if (c < 0x80 && c > ' ')
			w_putc(&w, (char)(c >= 'a' && c <= 'z' ? c - 32 : c));
		else
			return 0;
		u += l;
	}
	return w.ok && w.n > 0;
}

/* The type whose code equals p[0..n) ignoring case; with fold, also ignoring
 * Đ/D (exact spellings win: "hd" is HD, not HĐ).  *exact says which. */
static const dn_type *code_find(const char *p, size_t n, int fold, unsigned need, int *exact)
{
	char k[32], t[32];
	if (exact) *exact = 0;
	if (!code_norm(p, n, 0, k, sizeof k)) return NULL;
	for (size_t i = 0; i < DN_NTYPES; i++) {
		if ((dn_types[i].flags & need) != need) continue;
		if (code_norm(dn_types[i].code, strlen(dn_types[i].code), 0, t, sizeof t) &&
		    strcmp(k, t) == 0) {
			if (exact) *exact = 1;
			return &dn_types[i];
		}
	}
	if (!fold || !code_norm(p, n, 1, k, sizeof k)) return NULL;
	for (size_t i = 0; i < DN_NTYPES; i++) {
		if ((dn_types[i].flags & need) != need) continue;
		if (code_norm(dn_types[i].code, strlen(dn_types[i].code), 1, t, sizeof t) &&
		    strcmp(k, t) == 0)
			return &dn_types[i];
	}
	return NULL;
}

/* 1 if p[0..n) folds to a known issuer code (§2.2, §2.3). */
static int issuer_known(const char *p, size_t n)
{
	char k[32];
	if (!code_norm(p, n, 1, k, sizeof k)) return 0;
	for (size_t i = 0; i < sizeof dn_issuers / sizeof dn_issuers[0]; i++)
		if (strcmp(k, dn_issuers[i]) == 0) return 1;
	/* the National Assembly and its standing committee carry a term number */
	const char *d = NULL;
	if (strncmp(k, "QH", 2) == 0)
		d = k + 2;
	else if (strncmp(k, "UBTVQH", 6) == 0)
		d = k + 6;
	return d && d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9' && !d[2];
}

/* Letters of a group: U upper (A-Z, Đ), L lower (a-z, đ). */
static void grp_case(const char *p, size_t n, int *U, int *L)
{
	const unsigned char *u = (const unsigned char *)p, *e = u + n;
	*U = *L = 0;
	while (u < e) {
		size_t l;
		uint32_t c = cp_at(u, e, &l);
		if ((c >= 'A' && c <= 'Z') || is_dd_upper(c))
			++*U;
		else if ((c >= 'a' && c <= 'z') || c == 0x111 || c == 0xF0)
			++*L;
		u += l;
	}
}

/* ---- the grammar ------------------------------------------------------------ */

#define HY "[\\x{2D}\\x{2010}-\\x{2015}\\x{2212}\\x{FE63}\\x{FF0D}]"
#define SL "[/\\x{2044}\\x{2215}\\x{FF0F}]"
#define SP "\\h*+"
#define UPD "A-Z\\x{110}\\x{D0}"
#define LOD "a-z\\x{111}\\x{F0}"
#define CODE "[" UPD "][" UPD LOD "]{0,6}+"
#define ORG "[" UPD "][" UPD LOD "0-9&.]{0,23}+"
#define ORGS ORG "(?:" SP HY SP ORG ")*"
/* Groups: 1 serial; Party 2 type 3 issuer 4 suffix; Party without hyphen
 * 5 type 6 issuer; State with year 7 year 8 type 9 separator 10 issuer; State
 * without year 11 first group 12 separator 13 rest. */
#define CORE                                                                                       \
	"(?<![\\p{L}\\p{N}/_&.-])(\\d{1,5}[a-z]?)(?:" SP HY SP "(" CODE ")" SP SL SP "(" ORGS      \
	")(" SL "[a-z]{1,4}(?![\\p{L}\\p{N}]))?"                                                   \
	"|\\h++(" CODE ")" SP SL SP "(" ORGS ")"                                                   \
	"|" SP SL SP "((?:19|20)\\d\\d)" SP SL SP "(?:(" CODE ")" SP "(" HY "|[_/])" SP ")?(" ORGS \
	")"                                                                                        \
	"|" SP SL SP "(" ORG ")(?:" SP "(" HY "|[_/])" SP "(" ORGS "))?"                           \
	")(?![\\p{L}\\p{N}&])"
#define PREFIX "^\\h*+(?:S(?:ố|ô|o)" SP ":?" SP ")?"

typedef enum { M_FIND = 0, M_PARSE, M_QUERY, M_COUNT } dn_mode;

static pcre2_code *dn_re[M_COUNT];
static pthread_once_t dn_once = PTHREAD_ONCE_INIT;

static void dn_compile(void)
{
	static const char *const pat[M_COUNT] = {CORE, "(?i)" PREFIX CORE, "(?i)" CORE};
	for (int m = 0; m < M_COUNT; m++) {
		int err;
		PCRE2_SIZE at;
		dn_re[m] = pcre2_compile((PCRE2_SPTR)pat[m], PCRE2_ZERO_TERMINATED,
		                         PCRE2_UTF | PCRE2_UCP, &err, &at, NULL);
		/* JIT is an optimisation only: the interpreter gives the same answers */
		if (dn_re[m]) pcre2_jit_compile(dn_re[m], PCRE2_JIT_COMPLETE);
	}
}

static int dn_ready(void)
{
	pthread_once(&dn_once, dn_compile);
	return dn_re[M_FIND] && dn_re[M_PARSE] && dn_re[M_QUERY];
}

/* ---- reading a match -------------------------------------------------------- */

typedef struct dn_grp {
	const char *p;
	size_t n;
	char sep; /* separator printed before it: '-', '/', '_' or 0 */
} dn_grp;

/* Split an issuer list "TANDTC - VKSNDTC-BTP" into groups; trailing dots
 * (sentence ends) are not part of a group. */
static size_t split_groups(const char *p, const char *end, dn_grp *g, size_t max)
{
	const unsigned char *u = (const unsigned char *)p, *e = (const unsigned char *)end;
	size_t k = 0;
	char sep = 0;
	while (u < e && k < max) {
		size_t l;
		uint32_t c = cp_at(u, e, &l);
		if (is_orgch(c)) {
			const unsigned char *s = u;
			while (u < e && is_orgch(cp_at(u, e, &l))) u += l;
			size_t n = (size_t)(u - s);
			while (n && s[n - 1] == '.') n--;
			if (n) g[k++] = (dn_grp){(const char *)s, n, sep};
			sep = 0;
			continue;
		}
		if (is_hy(c))
			sep = '-';
		else if (is_sl(c))
			sep = '/';
		else if (c == '_')
			sep = '_';
		u += l;
	}
	return k;
}

/* A group is an issuer code when printed mostly in capitals (TTg, ThU, KT&ĐBCL
 * pass, "Ban" does not).  Queries are typed in any case: there a lower-case
 * group passes when the rest of the number vouches for it. */
static int grp_ok(const dn_grp *g, int caseless, int vouched)
{
	int U, L;
	grp_case(g->p, g->n, &U, &L);
	if (U >= 1 && U >= L) return 1;
	if (!caseless) return 0;
	return vouched || issuer_known(g->p, g->n) || code_find(g->p, g->n, 1, 0, NULL);
}

/* A type code: a known one, or (printed documents only) two capitals or more. */
static const dn_type *type_check(const char *p, size_t n, int caseless, int known_only, int *ok)
{
	const dn_type *t = code_find(p, n, caseless, 0, NULL);
	int U, L;
	grp_case(p, n, &U, &L);
	*ok = t || (!known_only && U >= 2 && U >= L);
	return t;
}

/* Type as it goes into dn_number: the table's spelling when the letters are
 * the table's (QĐI → QĐi), else upper-cased as printed. */
static void type_spell(const char *p, size_t n, dn_w *w)
{
	int exact;
	const dn_type *t = code_find(p, n, 0, 0, &exact);
	if (t && exact)
		w_put(w, t->code, strlen(t->code));
	else
		w_code(w, p, n, 1);
}

static int grp_lower(const dn_grp *g)
{
	int U, L;
	grp_case(g->p, g->n, &U, &L);
	return U == 0;
}

/* Issuer groups into w and *end past the last kept one; returns how many were
 * kept (trailing groups that fail the case test are dropped). */
static size_t put_issuer(dn_w *w, dn_grp *g, size_t k, int caseless, int vouched, const char **end)
{
	size_t kept = 0;
	for (size_t i = 0; i < k; i++) {
		if (!grp_ok(&g[i], caseless, vouched || kept > 0)) break;
		if (i) w_putc(w, g[i].sep == '_' ? '_' : g[i].sep == '/' ? '/' : '-');
		w_code(w, g[i].p, g[i].n, grp_lower(&g[i]));
		*end = g[i].p + g[i].n;
		kept++;
	}
	return kept;
}

#define GS(i) (ov[2 * (i)] != PCRE2_UNSET)
#define GP(i) (s + ov[2 * (i)])
#define GN(i) ((size_t)(ov[2 * (i) + 1] - ov[2 * (i)]))
#define GE(i) (s + ov[2 * (i) + 1])

static int put_serial(dn_number *out, const char *p, size_t n)
{
	size_t i = 0;
	while (i + 1 < n && p[i] == '0' && p[i + 1] >= '0' && p[i + 1] <= '9') i++;
	if (n - i == 1 && p[i] == '0') return 0; /* "0" and "00" number nothing */
	if (n - i >= sizeof out->serial) return 0;
	for (size_t j = i; j < n; j++)
		out->serial[j - i] = (char)(p[j] >= 'A' && p[j] <= 'Z' ? p[j] + 32 : p[j]);
	out->serial[n - i] = 0;
	return 1;
}

/* Turn a match into *out; 0 if the checks reject it. */
static int dn_build(const char *s, const PCRE2_SIZE *ov, dn_mode mode, dn_number *out)
{
	int cl = mode != M_FIND;
	memset(out, 0, sizeof *out);
	if (!put_serial(out, GP(1), GN(1))) return 0;
	dn_w c = w_init(out->canon, sizeof out->canon);
	dn_w ty = w_init(out->type, sizeof out->type);
	dn_w is = w_init(out->issuer, sizeof out->issuer);
	dn_grp g[12];
	const char *end = NULL;
	int ok;
	w_code(&c, GP(1), GN(1), 0);
	if (GS(2) || GS(5)) { /* Party: serial-TYPE/ISSUER */
		int t = GS(2) ? 2 : 5;
		const dn_type *known = type_check(GP(t), GN(t), cl, t == 5, &ok);
		if (!ok) return 0;
		size_t k = split_groups(GP(t + 1), GE(t + 1), g, 12);
		if (!k || !put_issuer(&is, g, k, cl, cl && known, &end)) return 0;
		type_spell(GP(t), GN(t), &ty);
		w_putc(&c, '-');
		w_put(&c, out->type, strlen(out->type));
		w_putc(&c, '/');
		w_put(&c, out->issuer, strlen(out->issuer));
		if (t == 2 && GS(4) && end == GE(3)) {
			/* the suffix ("/nb": internal distribution) after its slash look-alike */
			w_putc(&c, '/');
			const char *sp = GP(4);
			size_t l;
			cp_at((const unsigned char *)sp, (const unsigned char *)GE(4), &l);
			w_put(&c, sp + l, GN(4) - l);
			end = GE(4);
		}
		out->party = 1;
	} else if (GS(7)) { /* State, with year */
		out->year = atoi(GP(7));
		w_putc(&c, '/');
		w_put(&c, GP(7), 4);
		w_putc(&c, '/');
		if (GS(8)) {
			type_check(GP(8), GN(8), cl, 0, &ok);
			if (!ok) {
				dn_grp tg = {GP(8), GN(8), 0};
				if (!grp_ok(&tg, cl, 1)) return 0;
			}
			type_spell(GP(8), GN(8), &ty);
			w_put(&c, out->type, strlen(out->type));
			uint32_t sc = (unsigned char)*GP(9);
			w_putc(&c, sc == '_' ? '_' : sc == '/' ? '/' : '-');
		}
		size_t k = split_groups(GP(10), GE(10), g, 12);
		/* a year vouches for lower-case groups typed in a query */
		if (!k || !put_issuer(&is, g, k, cl, 1, &end)) return 0;
		w_put(&c, out->issuer, strlen(out->issuer));
	} else if (GS(11)) { /* State, no year: 1520/QĐ-UBND, or công văn 8151/BNV-CCHC */
		dn_grp g1 = {GP(11), GN(11), 0};
		size_t gl = g1.n;
		while (gl && g1.p[gl - 1] == '.') gl--;
		g1.n = gl;
		int exact;
		const dn_type *known = code_find(g1.p, g1.n, cl, 0, &exact);
		size_t k = GS(13) ? split_groups(GP(13), GE(13), g, 12) : 0;
		char sep = 0;
		if (GS(12)) {
			uint32_t sc = (unsigned char)*GP(12);
			sep = sc == '_' ? '_' : sc == '/' ? '/' : '-';
		}
		if (k) g[0].sep = sep;
		w_putc(&c, '/');
		if (known) {
			type_spell(g1.p, g1.n, &ty);
			w_put(&c, out->type, strlen(out->type));
			end = g1.p + g1.n;
			size_t kept = k ? put_issuer(&is, g, k, cl, cl, &end) : 0;
			/* "5/CT" alone is too weak to count in running text */
			if (!kept && mode == M_FIND) return 0;
			if (kept) {
				w_putc(&c, sep);
				w_put(&c, out->issuer, strlen(out->issuer));
			}
		} else {
			int U, L;
			grp_case(g1.p, g1.n, &U, &L);
			if (!grp_ok(&g1, cl, 0)) return 0;
			/* a lone group needs two capitals ("305/A" is a room) */
			dn_grp all[13];
			all[0] = g1;
			for (size_t i = 0; i < k; i++) all[i + 1] = g[i];
			size_t kept = put_issuer(&is, all, k + 1, cl, 0, &end);
			if (kept == 1 && mode == M_FIND && U < 2) return 0;
			w_put(&c, out->issuer, strlen(out->issuer));
		}
	} else {
		return 0;
	}
	if (!c.ok || !ty.ok || !is.ok || !end) return 0;
	out->off = ov[2];
	out->len = (size_t)(end - GP(1));
	return 1;
}

/* ---- parse, find ------------------------------------------------------------ */

int dn_parse(const char *s, size_t n, dn_number *out)
{
	if (!s || !out || !n || !dn_ready()) return 0;
	char *copy = utf8_sanitize(s, n);
	const char *subj = copy ? copy : s;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(dn_re[M_PARSE], NULL);
	int ok = 0;
	if (md && pcre2_match(dn_re[M_PARSE], (PCRE2_SPTR)subj, n, 0,
	                      PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, md, NULL) > 0)
		ok = dn_build(subj, pcre2_get_ovector_pointer(md), M_PARSE, out);
	pcre2_match_data_free(md);
	free(copy);
	return ok;
}

size_t dn_find_all(const char *s, size_t n, dn_number **out)
{
	*out = NULL;
	if (!s || !n || !dn_ready()) return 0;
	char *copy = utf8_sanitize(s, n);
	const char *subj = copy ? copy : s;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(dn_re[M_FIND], NULL);
	size_t cnt = 0, cap = 0;
	PCRE2_SIZE at = 0;
	while (md && at < n) {
		int rc = pcre2_match(dn_re[M_FIND], (PCRE2_SPTR)subj, n, at, PCRE2_NO_UTF_CHECK, md,
		                     NULL);
		if (rc <= 0) break;
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		/* a match starts at an ASCII digit, so +1 stays on a character boundary */
		PCRE2_SIZE next = ov[0] + 1;
		dn_number num;
		if (dn_build(subj, ov, M_FIND, &num)) {
			if (cnt == cap) {
				cap = cap ? cap * 2 : 8;
				*out = tv_realloc(*out, cap * sizeof **out);
			}
			(*out)[cnt++] = num;
			next = num.off + num.len;
		}
		at = next;
	}
	pcre2_match_data_free(md);
	free(copy);
	return cnt;
}

/* ---- keys --------------------------------------------------------------------- */

/* Folded ASCII upper-case key of a piece: Đ → D, separators → '.'. */
static void key_piece(dn_w *w, const char *p)
{
	const unsigned char *u = (const unsigned char *)p, *e = u + strlen(p);
	while (u < e) {
		size_t l;
		uint32_t c = cp_at(u, e, &l);
		if (is_dd(c))
			w_putc(w, 'D');
		else if (c == '-' || c == '/' || c == '_')
			w_putc(w, '.');
		else if (c >= 'a' && c <= 'z')
			w_putc(w, (char)(c - 32));
		else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '&' || c == '.')
			w_putc(w, (char)c);
		u += l;
	}
}

static void push_key(tv_strv *keys, const char *k)
{
	if (k[0] && !tv_strv_contains(keys, k)) tv_strv_push(keys, k);
}

void dn_keys(const dn_number *num, tv_strv *keys)
{
	if (!num || !keys) return;
	char ser[32], typ[32], iss[160], yr[8] = "", k[256];
	dn_w ws = w_init(ser, sizeof ser), wt = w_init(typ, sizeof typ);
	dn_w wi = w_init(iss, sizeof iss);
	key_piece(&ws, num->serial);
	key_piece(&wt, num->type);
	key_piece(&wi, num->issuer);
	if (!ws.ok || !ser[0] || !wt.ok || !wi.ok) return;
	if (num->year > 0 && num->year < 10000) snprintf(yr, sizeof yr, "%d", num->year);
	/* most specific: the whole number */
	if (iss[0]) {
		snprintf(k, sizeof k, "%s%s%s%s%s.%s", ser, yr[0] ? "." : "", yr, typ[0] ? "." : "",
		         typ, iss);
		push_key(keys, k);
	}
	if (typ[0]) {
		if (yr[0]) {
			snprintf(k, sizeof k, "%s.%s.%s", typ, ser, yr);
			push_key(keys, k);
		}
		snprintf(k, sizeof k, "%s.%s", typ, ser);
		push_key(keys, k);
		if (yr[0] && iss[0]) { /* "qd 1520 ubnd" names no year */
			snprintf(k, sizeof k, "%s.%s.%s", ser, typ, iss);
			push_key(keys, k);
		}
		/* Party quy định are printed QĐ at central level (294-QĐ/TW) and QĐi
		 * by HD 36: both answer "quy định 294", which looks up QD.294 */
		if (strcmp(typ, "QDI") == 0 || strcmp(typ, "QYD") == 0) {
			snprintf(k, sizeof k, "QD.%s", ser);
			push_key(keys, k);
		}
	} else if (!yr[0] && iss[0]) {
		/* a State công văn's symbol has no type code (8151/BNV-CCHC) */
		snprintf(k, sizeof k, "CV.%s", ser);
		push_key(keys, k);
	}
}

/* ---- type words ---------------------------------------------------------------- */

const char *dn_type_name(const char *code)
{
	if (!code || !*code) return NULL;
	const dn_type *t = code_find(code, strlen(code), 1, 0, NULL);
	return t ? t->name : NULL;
}

/* Fold s to lower ASCII with single spaces; 0 if it does not fit. */
static int fold_words(const char *s, size_t n, char *out, size_t cap)
{
	char *f = vn_fold_text(s, n);
	size_t k = 0;
	int ok = 1;
	for (const char *p = f; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!k || out[k - 1] == ' ') continue;
			c = ' ';
		}
		if (k + 1 >= cap) {
			ok = 0;
			break;
		}
		out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	while (k && out[k - 1] == ' ') k--;
	out[k] = 0;
	free(f);
	return ok;
}

const char *dn_type_code(const char *word, size_t n)
{
	char f[64];
	if (!word || !n || n > 60) return NULL; /* the longest name is 31 bytes */
	size_t i = 0;
	while (i < n && (word[i] == ' ' || word[i] == '\t')) i++;
	if (!fold_words(word + i, n - i, f, sizeof f)) return NULL;
	for (size_t t = 0; t < DN_NTYPES; t++)
		if (strcmp(f, dn_types[t].fold) == 0) return dn_types[t].code;
	return NULL;
}

/* ---- queries ------------------------------------------------------------------ */

typedef struct dn_tok {
	size_t off, len;
	char f[48]; /* folded; "" if too long */
} dn_tok;

static int tok_sep(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' ||
	       c == '(' || c == ')' || c == '"' || c == '\'' || c == '?' || c == '!';
}

static size_t tokenize(const char *s, size_t n, dn_tok **out)
{
	size_t cnt = 0, cap = 0, i = 0;
	*out = NULL;
	while (i < n) {
		while (i < n &&
		       (tok_sep((unsigned char)s[i]) || ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
		                                         (unsigned char)s[i + 1] == 0xA0)))
			i += (unsigned char)s[i] == 0xC2 ? 2 : 1;
		if (i >= n) break;
		size_t b = i;
		while (
		    i < n && !tok_sep((unsigned char)s[i]) &&
		    !((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0))
			i++;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			*out = tv_realloc(*out, cap * sizeof **out);
		}
		dn_tok *t = &(*out)[cnt++];
		t->off = b;
		t->len = i - b;
		t->f[0] = 0;
		if (t->len < sizeof t->f) {
			char *f = vn_key_fold(s + b, t->len);
			size_t fl = strlen(f);
			if (fl < sizeof t->f) {
				for (size_t j = 0; j <= fl; j++)
					t->f[j] =
					    (char)(f[j] >= 'A' && f[j] <= 'Z' ? f[j] + 32 : f[j]);
			}
			free(f);
		}
	}
	return cnt;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}
static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Type words or a query code starting at token i: returns tokens used. */
static size_t match_type(const dn_tok *t, size_t nt, size_t i, const dn_type **ty, int *word)
{
	char buf[96];
	for (size_t len = 4; len >= 1; len--) {
		if (i + len > nt) continue;
		dn_w w = w_init(buf, sizeof buf);
		for (size_t j = 0; j < len; j++) {
			if (!t[i + j].f[0]) w.ok = 0;
			if (j) w_putc(&w, ' ');
			w_put(&w, t[i + j].f, strlen(t[i + j].f));
		}
		if (!w.ok) continue;
		for (size_t k = 0; k < DN_NTYPES; k++)
			if (strcmp(buf, dn_types[k].fold) == 0) {
				*ty = &dn_types[k];
				*word = 1;
				return len;
			}
	}
	const dn_type *c = code_find(t[i].f, strlen(t[i].f), 1, DN_Q, NULL);
	if (c && t[i].f[0]) {
		*ty = c;
		*word = 0;
		return 1;
	}
	return 0;
}

/* Serial with optional "/year" or "/ISSUER" from folded text p: "05",
 * "15/2020", "05/tw".  Fills out->serial, year; the issuer, if any, is pointed to in orig. */
static int num_piece(const char *p, const char *orig, size_t olen, dn_number *out, const char **iss,
                     size_t *issn)
{
	size_t d = 0;
	while (is_digit(p[d])) d++;
	if (d < 1 || d > 5) return 0;
	size_t e = d;
	if (is_alpha(p[e]) && !is_alpha(p[e + 1])) e++;
	if (!put_serial(out, p, e)) return 0;
	*iss = NULL;
	*issn = 0;
	if (!p[e]) return 1;
	if (p[e] != '/') return 0;
	const char *r = p + e + 1;
	size_t rl = strlen(r);
	if (rl == 4 && (strncmp(r, "19", 2) == 0 || strncmp(r, "20", 2) == 0) && is_digit(r[2]) &&
	    is_digit(r[3])) {
		out->year = atoi(r);
		return 1;
	}
	/* an issuer: take it from the original text, which keeps Đ */
	const char *sl = memchr(orig, '/', olen);
	if (!sl || !rl || !is_alpha(r[0])) return 0;
	for (size_t i = 0; i < rl; i++)
		if (!is_alpha(r[i]) && !is_digit(r[i]) && r[i] != '&') return 0;
	*iss = sl + 1;
	*issn = olen - (size_t)(sl + 1 - orig);
	return 1;
}

/* An issuer typed as its own word: capitals as typed, or a known code. */
static int issuer_word(const char *s, const dn_tok *t)
{
	const char *p = s + t->off;
	if (!t->f[0] || !is_alpha(t->f[0])) return 0;
	for (const char *q = t->f; *q; q++)
		if (!is_alpha(*q) && !is_digit(*q) && *q != '&') return 0;
	/* only ASCII letters and the Đ family: other marks make it a word */
	const unsigned char *u = (const unsigned char *)p, *e = u + t->len;
	int U = 0, L = 0;
	while (u < e) {
		size_t l;
		uint32_t c = cp_at(u, e, &l);
		if (c >= 0x80 && !is_dd(c)) return 0;
		u += l;
	}
	grp_case(p, t->len, &U, &L);
	if (U >= 2 && L == 0) return 1;
	size_t fl = strlen(t->f);
	return issuer_known(p, t->len) &&
	       (fl >= 3 || strcmp(t->f, "tw") == 0 || strcmp(t->f, "cp") == 0);
}

static int year_tok(const dn_tok *t)
{
	const char *f = t->f;
	return strlen(f) == 4 && (strncmp(f, "19", 2) == 0 || strncmp(f, "20", 2) == 0) &&
	       is_digit(f[2]) && is_digit(f[3]);
}

static int so_tok(const dn_tok *t)
{
	return strcmp(t->f, "so") == 0 || strcmp(t->f, "so:") == 0 || strcmp(t->f, "so.") == 0;
}

/* The spelling a query code stands for: the table's (qd → QĐ); a Party quy
 * định is looked up as QĐ (see dn_keys). */
static const char *query_type(const dn_type *ty)
{
	if (strcmp(ty->code, "QĐi") == 0 && strcmp(ty->fold, "quy dinh") == 0) return "QĐ";
	return ty->code;
}

static void finish_query(const char *s, const dn_tok *t, size_t nt, size_t first, size_t k,
                         const char *type, dn_number *out)
{
	/* optional year and issuer words after the serial */
	if (k < nt && !out->year && year_tok(&t[k])) out->year = atoi(t[k++].f);
	const char *iss = NULL;
	size_t issn = 0;
	if (!out->issuer[0] && k < nt && issuer_word(s, &t[k])) {
		iss = s + t[k].off;
		issn = t[k].len;
		k++;
	}
	dn_w w = w_init(out->type, sizeof out->type);
	w_put(&w, type, strlen(type));
	if (iss) {
		dn_w wi = w_init(out->issuer, sizeof out->issuer);
		w_code(&wi, iss, issn, 1);
		if (!wi.ok) out->issuer[0] = 0;
	}
	if (out->issuer[0]) { /* enough to cite: State style */
		dn_w c = w_init(out->canon, sizeof out->canon);
		w_put(&c, out->serial, strlen(out->serial));
		if (out->year) {
			char y[8];
			snprintf(y, sizeof y, "/%d", out->year);
			w_put(&c, y, strlen(y));
		}
		w_putc(&c, '/');
		w_put(&c, out->type, strlen(out->type));
		w_putc(&c, '-');
		w_put(&c, out->issuer, strlen(out->issuer));
		if (!c.ok) out->canon[0] = 0;
	}
	out->off = t[first].off;
	out->len = t[k - 1].off + t[k - 1].len - out->off;
}

/* The typed forms without a full number, starting at token i. */
static int query_at(const char *s, const dn_tok *t, size_t nt, size_t i, dn_number *out)
{
	const dn_type *ty = NULL;
	int word = 0;
	const char *iss;
	size_t issn;
	memset(out, 0, sizeof *out);
	size_t used = match_type(t, nt, i, &ty, &word);
	if (used) { /* chỉ thị (số) 05, CT 05, nđ 15/2020 */
		size_t k = i + used;
		int so = 0;
		if (k < nt && so_tok(&t[k])) {
			so = 1;
			k++;
		}
		if (k >= nt || !num_piece(t[k].f, s + t[k].off, t[k].len, out, &iss, &issn))
			return 0;
		/* "kế hoạch 2021" names a year, not plan number 2021 */
		if (word && !so && !out->year && !iss && year_tok(&t[k]) &&
		    !(k + 1 < nt && issuer_word(s, &t[k + 1])))
			return 0;
		if (iss) {
			dn_w wi = w_init(out->issuer, sizeof out->issuer);
			w_code(&wi, iss, issn, 1);
			if (!wi.ok) return 0;
		}
		finish_query(s, t, nt, i, k + 1, query_type(ty), out);
		return 1;
	}
	const char *f = t[i].f;
	size_t fl = strlen(f);
	if (!fl) return 0;
	/* glued: CT05, ct-05, ND15, qd1520/ubnd */
	size_t a = 0;
	while (a < fl && is_alpha(f[a])) a++;
	if (a >= 1 && a < fl) {
		const dn_type *c = code_find(f, a, 1, DN_Q, NULL);
		size_t b = a + (f[a] == '-' || f[a] == '.');
		if (c && is_digit(f[b])) {
			/* the original bytes of the piece after the code: skip as many
			 * characters as the folded code has (codes are one letter each) */
			const unsigned char *u = (const unsigned char *)s + t[i].off,
			                    *e = u + t[i].len;
			for (size_t j = 0; j < b && u < e; j++) {
				size_t l;
				cp_at(u, e, &l);
				u += l;
			}
			if (!num_piece(f + b, (const char *)u, (size_t)(e - u), out, &iss, &issn))
				return 0;
			if (iss) {
				dn_w wi = w_init(out->issuer, sizeof out->issuer);
				w_code(&wi, iss, issn, 1);
				if (!wi.ok) return 0;
			}
			finish_query(s, t, nt, i, i + 1, query_type(c), out);
			return 1;
		}
	}
	/* 05CT, 05-ct; or 598 CV (DUK) */
	size_t d = 0;
	while (d < fl && is_digit(f[d])) d++;
	if (d >= 1 && d <= 5) {
		size_t b = d + (f[d] == '-');
		const dn_type *c = NULL;
		if (fl - b >= 2) {
			int all = 1;
			for (size_t j = b; j < fl; j++) all = all && is_alpha(f[j]);
			if (all) c = code_find(f + b, fl - b, 1, DN_Q, NULL);
		}
		if (c) {
			if (!put_serial(out, f, d)) return 0;
			finish_query(s, t, nt, i, i + 1, query_type(c), out);
			return 1;
		}
		/* "598 CV": a year-like number before a code is a year ("2020 ct") */
		if (d == fl && i + 1 < nt && !year_tok(&t[i])) {
			const dn_type *c2 =
			    code_find(t[i + 1].f, strlen(t[i + 1].f), 1, DN_Q, NULL);
			if (c2 && t[i + 1].f[0] && put_serial(out, f, d)) {
				finish_query(s, t, nt, i, i + 2, query_type(c2), out);
				return 1;
			}
		}
	}
	memset(out, 0, sizeof *out);
	return 0;
}

/* A full number found in a query: take in "số" and a type word before it when
 * they agree ("chi thi so 05-CT/TW"); a công văn-looking "05/TW" after "CT"
 * gets the type. */
static void query_extend(const dn_tok *t, size_t nt, dn_number *num)
{
	size_t j = 0;
	while (j < nt && t[j].off != num->off) j++;
	if (j == nt || j == 0) return;
	size_t k = j;
	if (so_tok(&t[k - 1])) k--;
	for (size_t len = 4; len >= 1; len--) {
		if (k < len) continue;
		const dn_type *ty = NULL;
		int word;
		if (match_type(t, nt, k - len, &ty, &word) != len) continue;
		char a[32], b[32];
		const char *qt = query_type(ty);
		int agree = !num->type[0];
		if (!agree && code_norm(num->type, strlen(num->type), 1, a, sizeof a) &&
		    code_norm(qt, strlen(qt), 1, b, sizeof b))
			agree =
			    strcmp(a, b) == 0 || (strcmp(a, "QDI") == 0 && strcmp(b, "QD") == 0);
		if (!agree) break;
		if (!num->type[0] && !num->party && !num->year) {
			/* 05/TW → 05/CT-TW */
			char canon[sizeof num->canon];
			const char *sl = strchr(num->canon, '/');
			if (sl) {
				snprintf(canon, sizeof canon, "%.*s%s-%s",
				         (int)(sl - num->canon + 1), num->canon, qt, sl + 1);
				if (strlen(canon) < sizeof canon - 1)
					memcpy(num->canon, canon, sizeof canon);
			}
			snprintf(num->type, sizeof num->type, "%s", qt);
		}
		k -= len;
		break;
	}
	if (k < j) {
		size_t end = num->off + num->len;
		num->off = t[k].off;
		num->len = end - num->off;
	}
}

int dn_parse_query(const char *s, size_t n, dn_number *out)
{
	if (!s || !out || !n || !dn_ready()) return 0;
	char *copy = utf8_sanitize(s, n);
	const char *subj = copy ? copy : s;
	dn_tok *t = NULL;
	size_t nt = tokenize(subj, n, &t);
	int ok = 0;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(dn_re[M_QUERY], NULL);
	PCRE2_SIZE at = 0;
	while (md && at < n) {
		if (pcre2_match(dn_re[M_QUERY], (PCRE2_SPTR)subj, n, at, PCRE2_NO_UTF_CHECK, md,
		                NULL) <= 0)
			break;
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (dn_build(subj, ov, M_QUERY, out)) {
			query_extend(t, nt, out);
			ok = 1;
			break;
		}
		at = ov[0] + 1;
	}
	pcre2_match_data_free(md);
	for (size_t i = 0; !ok && i < nt; i++) ok = query_at(subj, t, nt, i, out);
	if (!ok) memset(out, 0, sizeof *out);
	free(t);
	free(copy);
	return ok;
}
