/* gen.c — deterministic generator of synthetic official documents for the
 * benchmarks.  Document i of a given --seed is always the same: its layout
 * (Party HD 36 or State NĐ 30), issuer, type, number, date, title, recipients,
 * signer and body are drawn from a PRNG seeded by (seed, i), and the prose is
 * recombined from the sentences of the seed texts (../shared/seeds), so the
 * vocabulary and the word statistics are those of real Party writing.
 *
 * Formats: TXT (reading order, as a text export looks), DOCX (libxml2's
 * writer for the XML, libzip for the container; the header is the usual
 * borderless two-column table) and PDF (cairo + pango, A4, real two-column
 * header and justified body).  Work is split over --jobs forked processes,
 * not threads, because a pango font map is not safe to share.
 *
 * It can also write the query list the query benchmarks use (--queries):
 * word windows taken from the seeds, with and without diacritics, and number
 * lookups of documents that exist in the generated range. */
#define _GNU_SOURCE
#include <cairo-pdf.h>
#include <cairo.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <glib.h>
#include <libxml/xmlwriter.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zip.h>

/* ---- PRNG: splitmix64, one stream per document ------------------------------ */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rng_below(rng *r, unsigned n)
{
	return n ? (unsigned)(rng_next(r) % n) : 0;
}

static rng rng_for(uint64_t seed, uint64_t i)
{
	rng r = {seed * 0x2545f4914f6cdd1dULL ^ (i + 1) * 0x9e3779b97f4a7c15ULL};
	rng_next(&r);
	return r;
}

#define PICK(r, arr) (arr[rng_below(r, sizeof arr / sizeof arr[0])])

/* ---- the sentence pool from the seeds ------------------------------------------ */

static GPtrArray *sentences; /* char *, each a sentence ending in . ; or : */

static int word_count(const char *s)
{
	int n = 0, in = 0;
	for (; *s; s++) {
		int sp = *s == ' ' || *s == '\t';
		if (!sp && !in) n++;
		in = !sp;
	}
	return n;
}

/* Footnote marks (⁽¹⁾), markdown emphasis and stray web residue do not belong
 * in generated prose. */
static char *clean_para(const char *p)
{
	GString *g = g_string_new(NULL);
	for (const char *s = p; *s;) {
		gunichar c = g_utf8_get_char(s);
		const char *nx = g_utf8_next_char(s);
		int drop = c == '*' || c == 0x207D || c == 0x207E || c == 0x00B9 || c == 0x00B2 ||
		           c == 0x00B3 || (c >= 0x2070 && c <= 0x2079) || c == '\r';
		if (c == '\n' || c == '\t')
			g_string_append_c(g, ' ');
		else if (!drop)
			g_string_append_len(g, s, nx - s);
		s = nx;
	}
	return g_string_free(g, FALSE);
}

static void add_sentences(const char *para)
{
	char *p = clean_para(para);
	char *s = g_strstrip(p);
	while (*s) {
		char *end = NULL;
		for (char *q = s; *q; q++) {
			/* a sentence ends at ". " before a capital (not "1. ", not "TP. ") */
			if (*q != '.' || !(q[1] == '\0' || q[1] == ' ')) continue;
			if (q[1] == '\0') {
				end = q + 1;
				break;
			}
			const char *nx = q + 2;
			while (*nx == ' ') nx++;
			if (g_unichar_isupper(g_utf8_get_char(nx)) &&
			    !(q > s && q[-1] >= '0' && q[-1] <= '9')) {
				end = q + 1;
				break;
			}
		}
		if (!end) end = s + strlen(s);
		char *sent = g_strndup(s, (gsize)(end - s));
		g_strstrip(sent);
		int wc = word_count(sent);
		if (wc >= 8 && wc <= 70 && g_utf8_validate(sent, -1, NULL) &&
		    !strstr(sent, "Sign In") && !strstr(sent, "http")) {
			/* a sentence fragment must end like one */
			size_t l = strlen(sent);
			if (sent[l - 1] != '.' && sent[l - 1] != ';' && sent[l - 1] != ':') {
				char *t = g_strconcat(sent, ".", NULL);
				g_free(sent);
				sent = t;
			}
			g_ptr_array_add(sentences, sent);
		} else {
			g_free(sent);
		}
		s = end;
		while (*s == ' ') s++;
	}
	g_free(p);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_seeds(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "gen: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	struct dirent *de;
	while ((de = readdir(d)))
		if (g_str_has_suffix(de->d_name, ".txt"))
			g_ptr_array_add(names, g_build_filename(dir, de->d_name, NULL));
	closedir(d);
	/* readdir order is not stable across file systems: sort for determinism */
	qsort(names->pdata, names->len, sizeof(char *), cmp_str);
	sentences = g_ptr_array_new();
	for (guint i = 0; i < names->len; i++) {
		char *text = NULL;
		gsize len;
		if (!g_file_get_contents(names->pdata[i], &text, &len, NULL)) continue;
		char **paras = g_strsplit(text, "\n\n", -1);
		for (char **p = paras; *p; p++) /* list items (Kính gửi, Nơi nhận) are not prose */
			if (word_count(*p) >= 12 && **p != '-' && !strstr(*p, "\n-"))
				add_sentences(*p);
		g_strfreev(paras);
		g_free(text);
	}
	g_ptr_array_free(names, TRUE);
	if (sentences->len < 20) {
		fprintf(stderr, "gen: %s: only %u usable sentences in the seeds\n", dir,
		        sentences->len);
		return -1;
	}
	return 0;
}

/* A topic phrase for a title: a window of 6-13 words of a seed sentence,
 * without its punctuation at the ends, starting in lower case. */
static char *topic_phrase(rng *r)
{
	for (int tries = 0; tries < 20; tries++) {
		const char *s = sentences->pdata[rng_below(r, sentences->len)];
		char **w = g_strsplit(s, " ", -1);
		guint n = g_strv_length(w);
		guint len = 6 + rng_below(r, 8);
		if (n < len + 1) {
			g_strfreev(w);
			continue;
		}
		/* start where a clause starts (sentence start or after a comma) and
		 * stop where one ends, so a title reads as a phrase */
		guint starts[256], ns = 0;
		for (guint k = 0; k + 5 < n && ns < 256; k++)
			if (k == 0 || g_str_has_suffix(w[k - 1], ",")) starts[ns++] = k;
		guint start = starts[rng_below(r, ns)];
		GString *g = g_string_new(NULL);
		for (guint k = start; k < n && k < start + len; k++) {
			if (k > start) g_string_append_c(g, ' ');
			g_string_append(g, w[k]);
			if (k >= start + 4 && strpbrk(w[k], ",.;:")) break;
		}
		g_strfreev(w);
		/* trim punctuation at both ends */
		while (g->len && strchr(",.;:()\"“”", g->str[g->len - 1]))
			g_string_truncate(g, g->len - 1);
		while (g->len && strchr(",.;:()\"", g->str[0])) g_string_erase(g, 0, 1);
		if (g->len < 20) {
			g_string_free(g, TRUE);
			continue;
		}
		gunichar c = g_utf8_get_char(g->str);
		/* keep proper nouns (Đảng, Nhân dân) capitalised only if not first */
		if (g_unichar_isupper(c) && g->str[0] != 'N' && g->str[0] != 'B') {
			char buf[8];
			int l = g_unichar_to_utf8(g_unichar_tolower(c), buf);
			const char *nx = g_utf8_next_char(g->str);
			g_string_erase(g, 0, nx - g->str);
			g_string_prepend_len(g, buf, l);
		}
		return g_string_free(g, FALSE);
	}
	return g_strdup("công tác học tập, quán triệt nghị quyết của Đảng");
}

/* ---- tables (VIETNAMESE.md §1, §2.1-2.3) --------------------------------------- */

static const char *provinces[] = {
    "Bến Tre",   "Long An",  "Phú Thọ",    "Thái Nguyên", "Lào Cai",   "An Giang",   "Nghệ An",
    "Thanh Hóa", "Đồng Nai", "Quảng Ninh", "Hà Tĩnh",     "Bình Định", "Đắk Lắk",    "Gia Lai",
    "Vĩnh Long", "Tây Ninh", "Quảng Ngãi", "Lâm Đồng",    "Cà Mau",    "Tuyên Quang"};

typedef struct party_body {
	const char *superior; /* %s = province in caps; NULL for one-line central bodies */
	const char *issuer;   /* may contain \n for a wrapped name */
	const char *code;
	int central;
	int kind; /* 0 committee (T/M BAN THƯỜNG VỤ), 1 board (K/T TRƯỞNG BAN), 2 office (T/L) */
} party_body;

static const party_body party_bodies[] = {
    {NULL, "BAN CHẤP HÀNH TRUNG ƯƠNG", "TW", 1, 0},
    {"BAN CHẤP HÀNH TRUNG ƯƠNG", "VĂN PHÒNG", "VPTW", 1, 2},
    {"BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC", "BTCTW", 1, 1},
    {"BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BTGDVTW", 1, 1},
    {"BAN CHẤP HÀNH TRUNG ƯƠNG", "ỦY BAN KIỂM TRA", "UBKTTW", 1, 1},
    {"ĐẢNG BỘ TỈNH %s", "TỈNH ỦY", "TU", 0, 0},
    {"TỈNH ỦY %s", "BAN TUYÊN GIÁO", "BTGTU", 0, 1},
    {"TỈNH ỦY %s", "BAN TỔ CHỨC", "BTCTU", 0, 1},
    {"TỈNH ỦY %s", "BAN DÂN VẬN", "BDVTU", 0, 1},
    {"TỈNH ỦY %s", "VĂN PHÒNG", "VPTU", 0, 2},
    {"TỈNH ỦY %s", "ỦY BAN KIỂM TRA", "UBKTTU", 0, 1},
    {"ĐẢNG BỘ TỈNH %s", "ĐẢNG ỦY KHỐI\nCƠ QUAN - DOANH NGHIỆP TỈNH", "ĐUK", 0, 0},
};

typedef struct doc_type {
	const char *code, *name;
} doc_type;

static const doc_type party_types[] = {
    {"NQ", "Nghị quyết"}, {"CT", "Chỉ thị"},  {"KL", "Kết luận"},      {"QĐ", "Quyết định"},
    {"HD", "Hướng dẫn"},  {"BC", "Báo cáo"},  {"KH", "Kế hoạch"},      {"TB", "Thông báo"},
    {"CV", "Công văn"},   {"CV", "Công văn"}, {"CTr", "Chương trình"}, {"TTr", "Tờ trình"},
};

typedef struct state_body {
	const char *superior; /* %s = province in caps */
	const char *issuer;
	const char *code;
	const char *collective; /* "TM. <collective>" */
	const char *head, *deputy;
	int level; /* 0 government, 1 ministry, 2 province, 3 department */
} state_body;

static const state_body state_bodies[] = {
    {NULL, "CHÍNH PHỦ", "CP", "CHÍNH PHỦ", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", 0},
    {NULL, "THỦ TƯỚNG CHÍNH PHỦ", "TTg", NULL, "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", 0},
    {NULL, "BỘ NỘI VỤ", "BNV", NULL, "BỘ TRƯỞNG", "THỨ TRƯỞNG", 1},
    {NULL, "BỘ TÀI CHÍNH", "BTC", NULL, "BỘ TRƯỞNG", "THỨ TRƯỞNG", 1},
    {NULL, "BỘ GIÁO DỤC VÀ ĐÀO TẠO", "BGDĐT", NULL, "BỘ TRƯỞNG", "THỨ TRƯỞNG", 1},
    {NULL, "BỘ Y TẾ", "BYT", NULL, "BỘ TRƯỞNG", "THỨ TRƯỞNG", 1},
    {"ỦY BAN NHÂN DÂN", "TỈNH %s", "UBND", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", 2},
    {"HỘI ĐỒNG NHÂN DÂN", "TỈNH %s", "HĐND", NULL, "CHỦ TỊCH", "PHÓ CHỦ TỊCH", 2},
    {"UBND TỈNH %s", "SỞ NỘI VỤ", "SNV", NULL, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", 3},
    {"UBND TỈNH %s", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT", NULL, "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", 3},
};

static const doc_type state_types[] = {
    {"QĐ", "Quyết định"}, {"KH", "Kế hoạch"},   {"TB", "Thông báo"}, {"BC", "Báo cáo"},
    {"CT", "Chỉ thị"},    {"NQ", "Nghị quyết"}, {"NĐ", "Nghị định"}, {"TT", "Thông tư"},
    {"", "Công văn"},     {"", "Công văn"},     {"HD", "Hướng dẫn"}, {"TTr", "Tờ trình"},
};

static const char *unit_codes[] = {"VP", "VX", "KT", "TCCB", "CCHC", "NC", "KGVX", "TH"};
static const char *surnames[] = {"Nguyễn", "Trần", "Lê",  "Phạm", "Hoàng", "Huỳnh", "Phan",  "Vũ",
                                 "Võ",     "Đặng", "Bùi", "Đỗ",   "Hồ",    "Ngô",   "Dương", "Lý"};
static const char *middles[] = {"Văn",   "Thị",  "Hữu",  "Đức",  "Minh",      "Quốc",
                                "Thanh", "Ngọc", "Xuân", "Hồng", "Thị Hoàng", "Công"};
static const char *givens[] = {"An",    "Bình",  "Cường", "Dũng", "Hà",    "Hải",
                               "Hùng",  "Hương", "Lan",   "Long", "Mai",   "Nam",
                               "Phong", "Quang", "Sơn",   "Tâm",  "Thắng", "Trung",
                               "Tuấn",  "Việt",  "Yến",   "Dự",   "Khánh", "Thủy"};
static const char *openers[] = {"Thực hiện", "Căn cứ", "Triển khai", "Để cụ thể hóa"};
static const char *closers[] = {
    "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo để chỉ đạo.",
    "Các cấp ủy, tổ chức đảng căn cứ nội dung trên tổ chức thực hiện nghiêm túc, hiệu quả.",
    "Giao Văn phòng theo dõi, đôn đốc việc thực hiện và định kỳ báo cáo kết quả.",
};

/* ---- the document model of the generator --------------------------------------- */

#define MAXL 16
typedef struct gdoc {
	int party;
	const char *left[MAXL]; /* header left column, top to bottom (owned strings) */
	int nleft;
	int left_bold[MAXL];
	const char *right[4];
	int nright;
	char *number_line; /* "Số 598-CV/ĐUK" / "Số: 15/QĐ-UBND" */
	char *number;      /* the number itself */
	char *date_line;   /* "Bến Tre, ngày 25 tháng 4 năm 2022" */
	char *type_caps;   /* "NGHỊ QUYẾT" or NULL for a công văn */
	const char *type_name;
	char *title; /* trích yếu */
	GPtrArray *kinh_gui, *body, *noi_nhan, *authority;
	char *signer;
	char *date_iso;
} gdoc;

static char *upper(const char *s)
{
	return g_utf8_strup(s, -1);
}

static char *date_vn(int d, int m, int y)
{
	/* day < 10 and months 1-2 take a leading zero (HD 36, NĐ 30) */
	return g_strdup_printf("ngày %02d tháng %s%d năm %d", d, m <= 2 ? "0" : "", m, y);
}

static char *person(rng *r)
{
	return g_strdup_printf("%s %s %s", PICK(r, surnames), PICK(r, middles), PICK(r, givens));
}

/* Another document's number, cited in the body (a citation graph for search). */
static char *cited_number(rng *r, const char **type_name)
{
	if (rng_below(r, 2)) {
		const doc_type *t = &party_types[rng_below(r, 6)];
		*type_name = t->name;
		const party_body *b = &party_bodies[rng_below(r, 6)];
		return g_strdup_printf("%02u-%s/%s", 1 + rng_below(r, 120), t->code, b->code);
	}
	const doc_type *t = &state_types[rng_below(r, 8)];
	*type_name = t->name;
	const state_body *b = &state_bodies[rng_below(r, 8)];
	if (!strcmp(t->code, "NĐ") || !strcmp(t->code, "TT"))
		return g_strdup_printf("%02u/%u/%s-%s", 1 + rng_below(r, 150),
		                       2010 + rng_below(r, 15), t->code, b->code);
	return g_strdup_printf("%u/%s-%s", 1 + rng_below(r, 3000), t->code, b->code);
}

static void gdoc_make(gdoc *g, uint64_t seed, uint64_t i)
{
	rng r = rng_for(seed, i);
	memset(g, 0, sizeof *g);
	g->kinh_gui = g_ptr_array_new_with_free_func(g_free);
	g->body = g_ptr_array_new_with_free_func(g_free);
	g->noi_nhan = g_ptr_array_new_with_free_func(g_free);
	g->authority = g_ptr_array_new_with_free_func(g_free);
	const char *prov = PICK(&r, provinces);
	char *PROV = upper(prov);
	int y = 2012 + (int)rng_below(&r, 14), m = 1 + (int)rng_below(&r, 12),
	    d = 1 + (int)rng_below(&r, 28);
	g->date_iso = g_strdup_printf("%04d-%02d-%02d", y, m, d);
	unsigned n = 1 + rng_below(&r, rng_below(&r, 4) ? 400 : 3000);
	g->party = rng_below(&r, 10) < 6;
	const char *place;
	int is_cv;
	char *issuer_short;

	if (g->party) {
		const party_body *b = &PICK(&r, party_bodies);
		const doc_type *t = &PICK(&r, party_types);
		if (b->central && (!strcmp(t->code, "TTr"))) t = &party_types[0];
		is_cv = !strcmp(t->code, "CV");
		place = b->central ? "Hà Nội" : prov;
		if (b->superior) {
			g->left[g->nleft] = g_strdup_printf(b->superior, PROV);
			g->left_bold[g->nleft++] = 0;
		}
		char **parts = g_strsplit(b->issuer, "\n", -1);
		for (char **p = parts; *p; p++) {
			g->left[g->nleft] = g_strdup(*p);
			g->left_bold[g->nleft++] = 1;
		}
		g_strfreev(parts);
		g->left[g->nleft] = g_strdup("*");
		g->left_bold[g->nleft++] = 0;
		g->number = g_strdup_printf("%02u-%s/%s", n, t->code, b->code);
		/* Party numbers carry no colon (HD 36); re-typed copies often add one */
		g->number_line =
		    g_strdup_printf("Số %s%s", rng_below(&r, 5) ? "" : ": ", g->number);
		g->right[g->nright++] = g_strdup("ĐẢNG CỘNG SẢN VIỆT NAM");
		g->type_name = t->name;
		issuer_short =
		    g_strdup(b->central ? (b->kind == 0 ? "Ban Bí thư" : "Ban")
		                        : (b->kind == 0 ? "Ban Thường vụ Tỉnh ủy" : "Ban"));
		if (b->kind == 0) {
			g_ptr_array_add(g->authority, g_strdup(b->central ? "T/M BAN BÍ THƯ"
			                                                  : "T/M BAN THƯỜNG VỤ"));
			g_ptr_array_add(g->authority,
			                g_strdup(rng_below(&r, 2) ? "BÍ THƯ" : "PHÓ BÍ THƯ"));
		} else if (b->kind == 1) {
			if (rng_below(&r, 2)) {
				g_ptr_array_add(g->authority, g_strdup("K/T TRƯỞNG BAN"));
				g_ptr_array_add(g->authority, g_strdup("PHÓ TRƯỞNG BAN"));
			} else {
				g_ptr_array_add(g->authority, g_strdup("TRƯỞNG BAN"));
			}
		} else {
			g_ptr_array_add(g->authority, g_strdup("T/L BAN THƯỜNG VỤ"));
			g_ptr_array_add(g->authority, g_strdup("CHÁNH VĂN PHÒNG"));
		}
	} else {
		const state_body *b = &PICK(&r, state_bodies);
		const doc_type *t = &PICK(&r, state_types);
		if (!strcmp(t->code, "NĐ") && b->level != 0) t = &state_types[0];
		if (!strcmp(t->code, "TT") && b->level != 1) t = &state_types[1];
		if (!strcmp(t->code, "NQ") && strcmp(b->code, "HĐND") && strcmp(b->code, "CP"))
			t = &state_types[2];
		is_cv = !*t->code;
		place = b->level <= 1 ? "Hà Nội" : prov;
		if (b->superior) {
			g->left[g->nleft] = g_strdup_printf(b->superior, PROV);
			g->left_bold[g->nleft++] = 0;
		}
		g->left[g->nleft] = g_strdup_printf(b->issuer, PROV);
		g->left_bold[g->nleft++] = 1;
		g->left[g->nleft] = g_strdup("-------");
		g->left_bold[g->nleft++] = 0;
		int normative = !strcmp(t->code, "NĐ") || !strcmp(t->code, "TT") ||
		                (b->level == 0 && !is_cv) ||
		                (!strcmp(t->code, "NQ") && rng_below(&r, 2));
		if (is_cv)
			g->number = g_strdup_printf("%u/%s-%s", n, b->code, PICK(&r, unit_codes));
		else if (normative)
			g->number =
			    g_strdup_printf("%02u/%d/%s-%s", n % 200 + 1, y, t->code, b->code);
		else
			g->number = g_strdup_printf("%u/%s-%s", n, t->code, b->code);
		g->number_line = g_strdup_printf("Số: %s", g->number);
		g->right[g->nright++] =
		    g_strdup(rng_below(&r, 3) ? "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
		                              : "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
		g->right[g->nright++] = g_strdup("Độc lập - Tự do - Hạnh phúc");
		g->type_name = t->name;
		issuer_short = g_strdup(b->level == 2 ? "Ủy ban nhân dân tỉnh" : "cơ quan");
		int deputy = rng_below(&r, 2);
		if (b->collective) {
			char *c = g_strdup_printf("TM. %s", b->collective);
			g_ptr_array_add(g->authority, c);
		}
		if (deputy) {
			g_ptr_array_add(g->authority, g_strdup_printf("KT. %s", b->head));
			g_ptr_array_add(g->authority, g_strdup(b->deputy));
		} else {
			g_ptr_array_add(g->authority, g_strdup(b->head));
		}
	}
	char *dv = date_vn(d, m, y);
	g->date_line = g_strdup_printf("%s, %s", place, dv);
	g_free(dv);
	g->right[g->nright++] = g->date_line;
	g->date_line = NULL;

	char *topic = topic_phrase(&r);
	if (is_cv) {
		if (g->party) {
			/* a Party công văn has no "V/v": the trích yếu starts in capitals */
			char cap[8];
			int l = g_unichar_to_utf8(g_unichar_toupper(g_utf8_get_char(topic)), cap);
			cap[l] = '\0';
			g->title = g_strconcat(cap, g_utf8_next_char(topic), NULL);
		} else {
			g->title = g_strdup_printf("V/v %s", topic);
		}
		/* a công văn's trích yếu sits under the number, in the left column */
		g_ptr_array_add(g->kinh_gui, g_strdup(g->party ? "Các huyện ủy, thị ủy, thành ủy"
		                                               : "Các sở, ban, ngành tỉnh"));
		g_ptr_array_add(g->kinh_gui, g_strdup(g->party ? "Các đảng ủy trực thuộc"
		                                               : "Ủy ban nhân dân các xã, phường"));
	} else {
		g->type_caps = upper(g->type_name);
		g->title = g_strdup_printf("về %s", topic);
	}
	g_free(topic);

	/* Opening: cites another document (numbers people search for). */
	const char *ctype;
	char *cited = cited_number(&r, &ctype);
	char *ctopic = topic_phrase(&r);
	char *cdate = g_strdup_printf("%02u/%u/%u", 1 + rng_below(&r, 28), 1 + rng_below(&r, 12),
	                              2010 + rng_below(&r, 15));
	g_ptr_array_add(g->body, g_strdup_printf("%s %s số %s, ngày %s về %s, %s yêu cầu các cơ "
	                                         "quan, đơn vị thực hiện tốt một số nội dung sau:",
	                                         PICK(&r, openers), ctype, cited, cdate, ctopic,
	                                         issuer_short));
	g_free(cited);
	g_free(ctopic);
	g_free(cdate);
	g_free(issuer_short);
	unsigned npara = 3 + rng_below(&r, 5);
	for (unsigned k = 0; k < npara; k++) {
		GString *p = g_string_new(NULL);
		if (rng_below(&r, 3)) g_string_append_printf(p, "%u. ", k + 1);
		unsigned ns = 2 + rng_below(&r, 4);
		for (unsigned s = 0; s < ns; s++) {
			if (s) g_string_append_c(p, ' ');
			g_string_append(p, sentences->pdata[rng_below(&r, sentences->len)]);
		}
		g_ptr_array_add(g->body, g_string_free(p, FALSE));
	}
	g_ptr_array_add(g->body, g_strdup(PICK(&r, closers)));

	if (is_cv) g_ptr_array_add(g->noi_nhan, g_strdup("Như trên"));
	g_ptr_array_add(g->noi_nhan, g_strdup_printf("Thường trực Tỉnh ủy %s", prov));
	g_ptr_array_add(g->noi_nhan, g_strdup("Các ban, sở, ngành"));
	g_ptr_array_add(g->noi_nhan, g_strdup(g->party ? "Lưu Văn phòng" : "Lưu: VT, TH"));
	g->signer = person(&r);
	g_free(PROV);
}

static void gdoc_free(gdoc *g)
{
	for (int k = 0; k < g->nleft; k++) g_free((char *)g->left[k]);
	for (int k = 0; k < g->nright; k++) g_free((char *)g->right[k]);
	g_free(g->number_line);
	g_free(g->number);
	g_free(g->type_caps);
	g_free(g->title);
	g_free(g->signer);
	g_free(g->date_iso);
	g_ptr_array_free(g->kinh_gui, TRUE);
	g_ptr_array_free(g->body, TRUE);
	g_ptr_array_free(g->noi_nhan, TRUE);
	g_ptr_array_free(g->authority, TRUE);
}

static const char *list_end(const gdoc *g, guint k, guint n)
{
	/* Party items end with ",", State items with ";", the last with "." */
	return k + 1 == n ? "." : g->party ? "," : ";";
}

/* ---- TXT ---------------------------------------------------------------------- */

static int write_txt(const gdoc *g, const char *path)
{
	GString *s = g_string_new(NULL);
	for (int k = 0; k < g->nleft - 1; k++) g_string_append_printf(s, "%s\n", g->left[k]);
	g_string_append_c(s, '\n');
	for (int k = 0; k < g->nright; k++) g_string_append_printf(s, "%s\n", g->right[k]);
	g_string_append_printf(s, "\n%s\n\n%s\n\n", g->left[g->nleft - 1], g->number_line);
	if (g->type_caps) g_string_append_printf(s, "%s\n", g->type_caps);
	g_string_append_printf(s, "%s\n\n", g->title);
	if (g->kinh_gui->len) {
		g_string_append(s, "Kính gửi:\n");
		for (guint k = 0; k < g->kinh_gui->len; k++)
			g_string_append_printf(s, "- %s%s\n", (char *)g->kinh_gui->pdata[k],
			                       list_end(g, k, g->kinh_gui->len));
		g_string_append_c(s, '\n');
	}
	for (guint k = 0; k < g->body->len; k++)
		g_string_append_printf(s, "%s\n\n", (char *)g->body->pdata[k]);
	g_string_append(s, "Nơi nhận:\n");
	for (guint k = 0; k < g->noi_nhan->len; k++)
		g_string_append_printf(s, "- %s%s\n", (char *)g->noi_nhan->pdata[k],
		                       list_end(g, k, g->noi_nhan->len));
	g_string_append_c(s, '\n');
	for (guint k = 0; k < g->authority->len; k++)
		g_string_append_printf(s, "%s\n", (char *)g->authority->pdata[k]);
	g_string_append_printf(s, "\n%s\n", g->signer);
	GError *err = NULL;
	int ok = g_file_set_contents(path, s->str, (gssize)s->len, &err);
	if (!ok) {
		fprintf(stderr, "gen: %s: %s\n", path, err->message);
		g_error_free(err);
	}
	g_string_free(s, TRUE);
	return ok ? 0 : -1;
}

/* ---- DOCX: WordprocessingML through libxml2's writer, zipped by libzip ----------- */

enum { R_B = 1, R_I = 2, R_U = 4 };

static void w_run(xmlTextWriterPtr w, const char *text, int style, int half_points)
{
	xmlTextWriterStartElement(w, BAD_CAST "w:r");
	xmlTextWriterStartElement(w, BAD_CAST "w:rPr");
	xmlTextWriterStartElement(w, BAD_CAST "w:rFonts");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:ascii", BAD_CAST "Times New Roman");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:hAnsi", BAD_CAST "Times New Roman");
	xmlTextWriterEndElement(w);
	if (style & R_B) {
		xmlTextWriterStartElement(w, BAD_CAST "w:b");
		xmlTextWriterEndElement(w);
	}
	if (style & R_I) {
		xmlTextWriterStartElement(w, BAD_CAST "w:i");
		xmlTextWriterEndElement(w);
	}
	if (style & R_U) {
		xmlTextWriterStartElement(w, BAD_CAST "w:u");
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:val", BAD_CAST "single");
		xmlTextWriterEndElement(w);
	}
	char sz[16];
	snprintf(sz, sizeof sz, "%d", half_points);
	xmlTextWriterStartElement(w, BAD_CAST "w:sz");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:val", BAD_CAST sz);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w); /* rPr */
	xmlTextWriterStartElement(w, BAD_CAST "w:t");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:space", BAD_CAST "preserve");
	xmlTextWriterWriteString(w, BAD_CAST text);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w); /* r */
}

static void w_para(xmlTextWriterPtr w, const char *text, int style, int pt, const char *jc)
{
	xmlTextWriterStartElement(w, BAD_CAST "w:p");
	xmlTextWriterStartElement(w, BAD_CAST "w:pPr");
	xmlTextWriterStartElement(w, BAD_CAST "w:spacing");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:after", BAD_CAST "60");
	xmlTextWriterEndElement(w);
	if (jc) {
		xmlTextWriterStartElement(w, BAD_CAST "w:jc");
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:val", BAD_CAST jc);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w); /* pPr */
	if (text && *text) w_run(w, text, style, pt * 2);
	xmlTextWriterEndElement(w);
}

static void w_borderless_table_start(xmlTextWriterPtr w, int left_twips, int right_twips)
{
	xmlTextWriterStartElement(w, BAD_CAST "w:tbl");
	xmlTextWriterStartElement(w, BAD_CAST "w:tblPr");
	xmlTextWriterStartElement(w, BAD_CAST "w:tblW");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:w", BAD_CAST "0");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:type", BAD_CAST "auto");
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "w:tblBorders");
	static const char *sides[] = {"w:top",   "w:left",    "w:bottom",
	                              "w:right", "w:insideH", "w:insideV"};
	for (size_t k = 0; k < 6; k++) {
		xmlTextWriterStartElement(w, BAD_CAST sides[k]);
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:val", BAD_CAST "nil");
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w); /* tblBorders */
	xmlTextWriterEndElement(w); /* tblPr */
	xmlTextWriterStartElement(w, BAD_CAST "w:tblGrid");
	char v[16];
	snprintf(v, sizeof v, "%d", left_twips);
	xmlTextWriterStartElement(w, BAD_CAST "w:gridCol");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:w", BAD_CAST v);
	xmlTextWriterEndElement(w);
	snprintf(v, sizeof v, "%d", right_twips);
	xmlTextWriterStartElement(w, BAD_CAST "w:gridCol");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:w", BAD_CAST v);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w); /* tblGrid */
	xmlTextWriterStartElement(w, BAD_CAST "w:tr");
}

static void w_cell_start(xmlTextWriterPtr w, int twips)
{
	char v[16];
	snprintf(v, sizeof v, "%d", twips);
	xmlTextWriterStartElement(w, BAD_CAST "w:tc");
	xmlTextWriterStartElement(w, BAD_CAST "w:tcPr");
	xmlTextWriterStartElement(w, BAD_CAST "w:tcW");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:w", BAD_CAST v);
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:type", BAD_CAST "dxa");
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

static xmlBufferPtr docx_document_xml(const gdoc *g)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
	xmlTextWriterStartElement(w, BAD_CAST "w:document");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:w",
	                            BAD_CAST
	                            "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
	xmlTextWriterStartElement(w, BAD_CAST "w:body");

	/* header: left issuer block | right national/Party heading, 165 mm wide */
	int lw = 4700, rw = 4650;
	w_borderless_table_start(w, lw, rw);
	w_cell_start(w, lw);
	for (int k = 0; k < g->nleft; k++)
		w_para(w, g->left[k], g->left_bold[k] ? R_B : 0, 13, "center");
	w_para(w, g->number_line, 0, 13, "center");
	if (!g->type_caps) w_para(w, g->title, g->party ? R_I : 0, 12, "center");
	xmlTextWriterEndElement(w); /* tc */
	w_cell_start(w, rw);
	for (int k = 0; k < g->nright; k++) {
		int last = k == g->nright - 1;
		w_para(w, g->right[k], last ? R_I : (k == 0 ? R_B | (g->party ? R_U : 0) : R_B),
		       last ? 14 : (g->party ? 15 : 13), "center");
	}
	xmlTextWriterEndElement(w); /* tc */
	xmlTextWriterEndElement(w); /* tr */
	xmlTextWriterEndElement(w); /* tbl */

	if (g->type_caps) {
		w_para(w, g->type_caps, R_B, 15, "center");
		w_para(w, g->title, R_B, 14, "center");
		w_para(w, "-----", 0, 14, "center");
	}
	if (g->kinh_gui->len) {
		for (guint k = 0; k < g->kinh_gui->len; k++) {
			char *t = g_strdup_printf(
			    "%s- %s%s", k ? "" : "Kính gửi: ", (char *)g->kinh_gui->pdata[k],
			    list_end(g, k, g->kinh_gui->len));
			w_para(w, t, g->party ? 0 : R_I, 14, "center");
			g_free(t);
		}
	}
	for (guint k = 0; k < g->body->len; k++) w_para(w, g->body->pdata[k], 0, 14, "both");

	/* signature block: Nơi nhận | authority, position, name */
	w_borderless_table_start(w, lw, rw);
	w_cell_start(w, lw);
	w_para(w, "Nơi nhận:", g->party ? R_U : R_B | R_I, 12, NULL);
	for (guint k = 0; k < g->noi_nhan->len; k++) {
		char *t = g_strdup_printf("- %s%s", (char *)g->noi_nhan->pdata[k],
		                          list_end(g, k, g->noi_nhan->len));
		w_para(w, t, 0, 11, NULL);
		g_free(t);
	}
	xmlTextWriterEndElement(w);
	w_cell_start(w, rw);
	for (guint k = 0; k < g->authority->len; k++)
		w_para(w, g->authority->pdata[k], k + 1 < g->authority->len ? R_B : 0, 14,
		       "center");
	w_para(w, "", 0, 14, "center");
	w_para(w, g->signer, R_B, 14, "center");
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w); /* tr */
	xmlTextWriterEndElement(w); /* tbl */

	xmlTextWriterEndElement(w); /* body */
	xmlTextWriterEndElement(w); /* document */
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	return buf;
}

static const char ct_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" "
    "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";
static const char rels_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
    "core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>";

/* docProps/core.xml as Word writes it: the author, no title (clerks rarely
 * fill it in), fixed dates. */
static xmlBufferPtr docx_core_xml(const gdoc *g)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
	xmlTextWriterStartElement(w, BAD_CAST "cp:coreProperties");
	xmlTextWriterWriteAttribute(
	    w, BAD_CAST "xmlns:cp",
	    BAD_CAST "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:dc",
	                            BAD_CAST "http://purl.org/dc/elements/1.1/");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:dcterms",
	                            BAD_CAST "http://purl.org/dc/terms/");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:xsi",
	                            BAD_CAST "http://www.w3.org/2001/XMLSchema-instance");
	xmlTextWriterWriteElement(w, BAD_CAST "dc:creator", BAD_CAST g->signer);
	xmlTextWriterStartElement(w, BAD_CAST "dcterms:created");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xsi:type", BAD_CAST "dcterms:W3CDTF");
	xmlTextWriterWriteFormatString(w, "%sT08:00:00Z", g->date_iso);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	return buf;
}

static int zip_add_mem(zip_t *z, const char *name, const void *data, size_t len)
{
	zip_source_t *src = zip_source_buffer(z, data, len, 0);
	if (!src) return -1;
	zip_int64_t idx = zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return -1;
	}
	/* a fixed member date keeps the bytes the same from run to run */
	return zip_file_set_mtime(z, (zip_uint64_t)idx, 1704067200, 0) == 0 ? 0 : -1;
}

static int write_docx(const gdoc *g, const char *path)
{
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z) {
		fprintf(stderr, "gen: %s: cannot create zip (libzip error %d)\n", path, zerr);
		return -1;
	}
	xmlBufferPtr doc = docx_document_xml(g);
	int rc = zip_add_mem(z, "[Content_Types].xml", ct_xml, sizeof ct_xml - 1);
	if (!rc) rc = zip_add_mem(z, "_rels/.rels", rels_xml, sizeof rels_xml - 1);
	xmlBufferPtr core = docx_core_xml(g);
	if (!rc)
		rc = zip_add_mem(z, "docProps/core.xml", xmlBufferContent(core),
		                 (size_t)xmlBufferLength(core));
	if (!rc)
		rc = zip_add_mem(z, "word/document.xml", xmlBufferContent(doc),
		                 (size_t)xmlBufferLength(doc));
	if (rc || zip_close(z) != 0) {
		fprintf(stderr, "gen: %s: %s\n", path, zip_strerror(z));
		zip_discard(z);
		rc = -1;
	}
	xmlBufferFree(doc);
	xmlBufferFree(core);
	return rc;
}

/* ---- PDF: cairo + pango ---------------------------------------------------------- */

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define MARGIN_L (30 * MM)
#define MARGIN_R (15 * MM)
#define MARGIN_T (20 * MM)
#define MARGIN_B (20 * MM)

typedef struct pdf_ctx {
	cairo_surface_t *surf;
	cairo_t *cr;
	PangoLayout *lay;
	double y;
} pdf_ctx;

static void pdf_font(pdf_ctx *p, int style, double pt)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, "Liberation Serif");
	pango_font_description_set_weight(fd,
	                                  style & R_B ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, style & R_I ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_font_description_set_size(fd, (gint)(pt * PANGO_SCALE));
	pango_layout_set_font_description(p->lay, fd);
	pango_font_description_free(fd);
}

/* Lays text out in a box [x, x+width) from p->y down, breaking pages between
 * lines; returns the y under the last line.  With no_break the caller handles
 * the column (header blocks never cross a page). */
static double pdf_text(pdf_ctx *p, const char *text, double x, double width, int style, double pt,
                       PangoAlignment align, int justify, double y, int no_break)
{
	pdf_font(p, style, pt);
	pango_layout_set_width(p->lay, (int)(width * PANGO_SCALE));
	pango_layout_set_alignment(p->lay, align);
	pango_layout_set_justify(p->lay, justify);
	pango_layout_set_text(p->lay, text, -1);
	PangoLayoutIter *it = pango_layout_get_iter(p->lay);
	do {
		PangoRectangle log;
		pango_layout_iter_get_line_extents(it, NULL, &log);
		double lh = (double)log.height / PANGO_SCALE;
		if (!no_break && y + lh > PAGE_H - MARGIN_B) {
			cairo_show_page(p->cr);
			y = MARGIN_T;
		}
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE -
		              (double)log.y / PANGO_SCALE;
		cairo_move_to(p->cr, x + (double)log.x / PANGO_SCALE, y + base);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		y += lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return y;
}

static int write_pdf(const gdoc *g, const char *path)
{
	pdf_ctx p = {0};
	p.surf = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surf) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "gen: %s: %s\n", path,
		        cairo_status_to_string(cairo_surface_status(p.surf)));
		cairo_surface_destroy(p.surf);
		return -1;
	}
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATOR, "thuvien bench/gen");
	/* a fixed date keeps the bytes the same from run to run */
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATE_DATE,
	                               "2024-01-01T00:00:00Z");
	cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_MOD_DATE, "2024-01-01T00:00:00Z");
	p.cr = cairo_create(p.surf);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	p.lay = pango_cairo_create_layout(p.cr);
	double body_w = PAGE_W - MARGIN_L - MARGIN_R;
	double lx = MARGIN_L - 10 * MM, lwid = 85 * MM, rx = MARGIN_L + 68 * MM, rwid = 100 * MM;

	double yl = MARGIN_T, yr = MARGIN_T;
	for (int k = 0; k < g->nleft; k++)
		yl = pdf_text(&p, g->left[k], lx, lwid, g->left_bold[k] ? R_B : 0, 13,
		              PANGO_ALIGN_CENTER, 0, yl, 1);
	yl = pdf_text(&p, g->number_line, lx, lwid, 0, 13, PANGO_ALIGN_CENTER, 0, yl + 2, 1);
	if (!g->type_caps)
		yl = pdf_text(&p, g->title, lx, lwid, g->party ? R_I : 0, 12, PANGO_ALIGN_CENTER, 0,
		              yl + 4, 1);
	for (int k = 0; k < g->nright; k++) {
		int last = k == g->nright - 1;
		if (last) yr += 12;
		yr = pdf_text(&p, g->right[k], rx, rwid, last ? R_I : R_B, last ? 14 : 13,
		              PANGO_ALIGN_CENTER, 0, yr, 1);
	}
	double y = (yl > yr ? yl : yr) + 14;
	if (g->type_caps) {
		y = pdf_text(&p, g->type_caps, MARGIN_L, body_w, R_B, 15, PANGO_ALIGN_CENTER, 0, y,
		             0);
		y = pdf_text(&p, g->title, MARGIN_L, body_w, R_B, 14, PANGO_ALIGN_CENTER, 0, y, 0);
		y = pdf_text(&p, "-----", MARGIN_L, body_w, 0, 14, PANGO_ALIGN_CENTER, 0, y, 0) + 6;
	}
	for (guint k = 0; k < g->kinh_gui->len; k++) {
		char *t = g_strdup_printf("%s- %s%s",
		                          k ? "" : "Kính gửi: ", (char *)g->kinh_gui->pdata[k],
		                          list_end(g, k, g->kinh_gui->len));
		y = pdf_text(&p, t, MARGIN_L, body_w, g->party ? 0 : R_I, 14, PANGO_ALIGN_CENTER, 0,
		             y, 0);
		g_free(t);
	}
	y += 6;
	for (guint k = 0; k < g->body->len; k++) {
		/* first-line indent as typed documents have it */
		char *t = g_strconcat("        ", (char *)g->body->pdata[k], NULL);
		y = pdf_text(&p, t, MARGIN_L, body_w, 0, 14, PANGO_ALIGN_LEFT, 1, y, 0) + 6;
		g_free(t);
	}
	/* signature block, kept on one page */
	double need = 18.0 * (double)(g->noi_nhan->len + 2);
	if (y + need > PAGE_H - MARGIN_B) {
		cairo_show_page(p.cr);
		y = MARGIN_T;
	}
	double yn = pdf_text(&p, "Nơi nhận:", MARGIN_L, 80 * MM, g->party ? 0 : R_B | R_I, 12,
	                     PANGO_ALIGN_LEFT, 0, y + 8, 1);
	for (guint k = 0; k < g->noi_nhan->len; k++) {
		char *t = g_strdup_printf("- %s%s", (char *)g->noi_nhan->pdata[k],
		                          list_end(g, k, g->noi_nhan->len));
		yn = pdf_text(&p, t, MARGIN_L, 80 * MM, 0, 11, PANGO_ALIGN_LEFT, 0, yn, 1);
		g_free(t);
	}
	double ya = y + 8;
	for (guint k = 0; k < g->authority->len; k++)
		ya =
		    pdf_text(&p, g->authority->pdata[k], rx, 85 * MM,
		             k + 1 < g->authority->len ? R_B : 0, 14, PANGO_ALIGN_CENTER, 0, ya, 1);
	pdf_text(&p, g->signer, rx, 85 * MM, R_B, 14, PANGO_ALIGN_CENTER, 0, ya + 50, 1);
	cairo_show_page(p.cr);

	g_object_unref(p.lay);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surf);
	int rc = cairo_surface_status(p.surf) == CAIRO_STATUS_SUCCESS ? 0 : -1;
	if (rc)
		fprintf(stderr, "gen: %s: %s\n", path,
		        cairo_status_to_string(cairo_surface_status(p.surf)));
	cairo_surface_destroy(p.surf);
	return rc;
}

/* ---- queries -------------------------------------------------------------------- */

/* No diacritics, đ → d: how many people type (VIETNAMESE.md §6.1). */
static char *strip_marks(const char *s)
{
	char *nfd = g_utf8_normalize(s, -1, G_NORMALIZE_NFD);
	GString *g = g_string_new(NULL);
	for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_combining_class(c) != 0 || (c >= 0x300 && c <= 0x36f)) continue;
		if (c == 0x111) c = 'd';
		if (c == 0x110) c = 'D';
		g_string_append_unichar(g, c);
	}
	g_free(nfd);
	return g_string_free(g, FALSE);
}

static int all_letters(const char *w)
{
	if (!*w) return 0;
	for (const char *p = w; *p; p = g_utf8_next_char(p))
		if (!g_unichar_isalpha(g_utf8_get_char(p))) return 0;
	return 1;
}

static int write_queries(const char *path, uint64_t seed, unsigned nwords, unsigned nnum,
                         uint64_t first, uint64_t count)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	rng r = rng_for(seed ^ 0x51e5, 0);
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
	for (unsigned tries = 0; words->len < nwords && tries < nwords * 50; tries++) {
		const char *s = sentences->pdata[rng_below(&r, sentences->len)];
		char *low = g_utf8_strdown(s, -1);
		/* punctuation becomes a space, character by character (a byte set
		 * would cut the multi-byte letters) */
		GString *sp = g_string_new(NULL);
		for (const char *p = low; *p; p = g_utf8_next_char(p)) {
			gunichar uc = g_utf8_get_char(p);
			if (g_unichar_isalpha(uc) || g_unichar_ismark(uc))
				g_string_append_unichar(sp, uc);
			else
				g_string_append_c(sp, ' ');
		}
		char **w = g_strsplit(sp->str, " ", -1);
		g_string_free(sp, TRUE);
		GPtrArray *ok = g_ptr_array_new();
		for (char **p = w; *p; p++)
			if (all_letters(*p) && g_utf8_strlen(*p, -1) >= 2) g_ptr_array_add(ok, *p);
		unsigned len = 2 + rng_below(&r, 3);
		if (ok->len > len) {
			unsigned st = rng_below(&r, ok->len - len);
			GString *q = g_string_new(NULL);
			for (unsigned k = st; k < st + len; k++) {
				if (k > st) g_string_append_c(q, ' ');
				g_string_append(q, ok->pdata[k]);
			}
			if (!g_hash_table_contains(seen, q->str)) {
				g_hash_table_add(seen, g_strdup(q->str));
				g_ptr_array_add(words, g_string_free(q, FALSE));
			} else {
				g_string_free(q, TRUE);
			}
		}
		g_ptr_array_free(ok, TRUE);
		g_strfreev(w);
		g_free(low);
	}
	for (guint k = 0; k < words->len; k++) fprintf(f, "words\t%s\n", (char *)words->pdata[k]);
	for (guint k = 0; k < words->len; k++) {
		char *fold = strip_marks(words->pdata[k]);
		fprintf(f, "fold\t%s\n", fold);
		g_free(fold);
	}
	/* number lookups of documents in the generated range, typed three ways */
	for (unsigned k = 0; k < nnum && count; k++) {
		gdoc g;
		gdoc_make(&g, seed, first + rng_below(&r, (unsigned)count));
		switch (k % 3) {
		case 0:
			fprintf(f, "number\t%s\n", g.number);
			break;
		case 1:
			fprintf(f, "number\tsố %s\n", g.number);
			break;
		default: {
			char *fold = strip_marks(g.type_name);
			char *low = g_utf8_strdown(fold, -1);
			int n = atoi(g.number);
			fprintf(f, "number\t%s %d\n", low, n);
			g_free(low);
			g_free(fold);
		}
		}
		gdoc_free(&g);
	}
	g_ptr_array_free(words, TRUE);
	g_hash_table_destroy(seen);
	return fclose(f) == 0 ? 0 : -1;
}

/* ---- main ---------------------------------------------------------------------- */

static const char *usage =
    "usage: gen --seeds DIR [--seed S] --format txt|docx|pdf --out DIR [--first I]\n"
    "           [--count N] [--per-dir K] [--jobs J]\n"
    "       gen --seeds DIR [--seed S] --queries FILE [--words W] [--numbers M]\n"
    "           [--first I] [--count N]\n"
    "Writes documents first..first+count-1 (vb-NNNNNNN.<fmt>; with --per-dir K in\n"
    "sub-folders dNNNN of K files), the same bytes for the same seed and index,\n"
    "or a query list (kind<TAB>query lines) for bench/qbench and bench/http.sh.\n";

static int mkdirs(const char *dir)
{
	char *tmp = g_strdup(dir);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/') continue;
		*p = '\0';
		mkdir(tmp, 0777);
		*p = '/';
	}
	int rc = mkdir(tmp, 0777) == 0 || errno == EEXIST ? 0 : -1;
	if (rc) fprintf(stderr, "gen: %s: %s\n", dir, strerror(errno));
	g_free(tmp);
	return rc;
}

static int gen_range(const char *fmt, const char *out, uint64_t seed, uint64_t first,
                     uint64_t count, unsigned per_dir, unsigned job, unsigned jobs)
{
	int failed = 0;
	long last_dir = -1;
	for (uint64_t k = job; k < count; k += jobs) {
		uint64_t i = first + k;
		char path[8192];
		if (per_dir) {
			long dn = (long)(k / per_dir);
			char dir[4096];
			snprintf(dir, sizeof dir, "%s/d%04ld", out, dn);
			if (dn != last_dir) {
				if (mkdirs(dir)) return 1;
				last_dir = dn;
			}
			snprintf(path, sizeof path, "%s/vb-%07llu.%s", dir, (unsigned long long)i,
			         fmt);
		} else {
			snprintf(path, sizeof path, "%s/vb-%07llu.%s", out, (unsigned long long)i,
			         fmt);
		}
		gdoc g;
		gdoc_make(&g, seed, i);
		int rc = !strcmp(fmt, "txt")    ? write_txt(&g, path)
		         : !strcmp(fmt, "docx") ? write_docx(&g, path)
		                                : write_pdf(&g, path);
		gdoc_free(&g);
		if (rc) failed++;
	}
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	static struct option lo[] = {{"seeds", 1, 0, 's'},
	                             {"seed", 1, 0, 'S'},
	                             {"format", 1, 0, 'f'},
	                             {"out", 1, 0, 'o'},
	                             {"first", 1, 0, 'i'},
	                             {"count", 1, 0, 'n'},
	                             {"per-dir", 1, 0, 'p'},
	                             {"jobs", 1, 0, 'j'},
	                             {"queries", 1, 0, 'q'},
	                             {"words", 1, 0, 'w'},
	                             {"numbers", 1, 0, 'm'},
	                             {"help", 0, 0, 'h'},
	                             {0, 0, 0, 0}};
	const char *seeds = NULL, *fmt = NULL, *out = NULL, *queries = NULL;
	uint64_t seed = 1, first = 0, count = 0;
	unsigned per_dir = 0, jobs = 1, nwords = 40, nnum = 20;
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			seeds = optarg;
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'i':
			first = strtoull(optarg, NULL, 10);
			break;
		case 'n':
			count = strtoull(optarg, NULL, 10);
			break;
		case 'p':
			per_dir = (unsigned)atoi(optarg);
			break;
		case 'j':
			jobs = (unsigned)atoi(optarg);
			break;
		case 'q':
			queries = optarg;
			break;
		case 'w':
			nwords = (unsigned)atoi(optarg);
			break;
		case 'm':
			nnum = (unsigned)atoi(optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 1;
		}
	}
	if (!seeds || (!queries && (!fmt || !out))) {
		fputs(usage, stderr);
		return 1;
	}
	if (fmt && strcmp(fmt, "txt") && strcmp(fmt, "docx") && strcmp(fmt, "pdf")) {
		fprintf(stderr, "gen: unknown format %s\n", fmt);
		return 1;
	}
	if (jobs < 1 || jobs > 64) jobs = 1;
	if (load_seeds(seeds)) return 1;
	if (queries) return write_queries(queries, seed, nwords, nnum, first, count) ? 1 : 0;
	if (mkdirs(out)) return 1;
	if (jobs == 1) return gen_range(fmt, out, seed, first, count, per_dir, 0, 1);
	/* per_dir folders are shared by the jobs: create them before forking */
	if (per_dir)
		for (uint64_t dn = 0; dn * per_dir < count; dn++) {
			char dir[4096];
			snprintf(dir, sizeof dir, "%s/d%04llu", out, (unsigned long long)dn);
			if (mkdirs(dir)) return 1;
		}
	fflush(NULL);
	pid_t *kids = calloc(jobs, sizeof *kids);
	for (unsigned j = 0; j < jobs; j++) {
		kids[j] = fork();
		if (kids[j] == 0) _exit(gen_range(fmt, out, seed, first, count, per_dir, j, jobs));
		if (kids[j] < 0) {
			fprintf(stderr, "gen: fork: %s\n", strerror(errno));
			return 1;
		}
	}
	int rc = 0;
	for (unsigned j = 0; j < jobs; j++) {
		int st;
		waitpid(kids[j], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st)) rc = 1;
	}
	free(kids);
	return rc;
}
