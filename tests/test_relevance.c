/* test_relevance.c — Vietnamese search traps, asserting ranks: old and new
 * tone placement, NFD documents, no-diacritics queries, đ/d, bà vs ba, and
 * legacy TCVN3/VNI documents found by Unicode queries. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../common/tv.h"
#include "../search/search.h"
#include "tt.h"

/* The trap documents of tests/data/vn (see its README), copied one by one into a
 * library and indexed into dir/db; the *.expected.txt files stay out, or they
 * would compete with the documents they describe. */
static char *trap_library(void)
{
	static const char *traps[] = {"oldtone.txt", "newtone.txt", "nfd.txt", "tcvn3.docx",
	                              "vni.docx",    "mixed.docx",  "ba.txt",  "ba-grandmother.txt",
	                              "dang.txt",    "dang-do.txt"};
	char *dir = tt_tmpdir();
	if (tt_run(NULL, NULL, "mkdir -p %s/lib", dir) != 0)
		tt_fail(__FILE__, __LINE__, "could not make %s/lib", dir);
	for (size_t i = 0; i < sizeof traps / sizeof *traps; i++)
		if (tt_run(NULL, NULL, "cp %s/vn/%s %s/lib/", tt_data_dir, traps[i], dir) != 0)
			tt_fail(__FILE__, __LINE__, "missing fixture %s/vn/%s", tt_data_dir,
			        traps[i]);
	char *out = NULL, *err = NULL;
	int rc = tt_run(&out, &err, "%s index --db %s/db %s/lib", tt_bin, dir, dir);
	if (rc != 0 || !strstr(out, " 0 failed"))
		tt_fail(__FILE__, __LINE__, "index: rc %d, %s %s", rc, out, err);
	free(out);
	free(err);
	return dir;
}

/* 1-based rank of the first result whose path ends with name; 0 if absent. */
static int rank_of(const char *dir, const char *query, const char *name)
{
	char *out = NULL;
	int rc =
	    tt_run(&out, NULL, "%s search --db %s/db --json --limit 50 '%s'", tt_bin, dir, query);
	if (rc != 0) {
		free(out);
		return -1;
	}
	json_t *j = tt_json(out);
	free(out);
	int rank = 0;
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "results"), i, r)
	{
		const char *p = json_string_value(json_object_get(r, "path"));
		size_t pl = p ? strlen(p) : 0, nl = strlen(name);
		if (pl >= nl && strcmp(p + pl - nl, name) == 0) {
			rank = (int)i + 1;
			break;
		}
	}
	json_decref(j);
	return rank;
}

#define RANK(dir, q, name, want)                                                                   \
	do {                                                                                       \
		int got = rank_of(dir, q, name);                                                   \
		if (got != (want))                                                                 \
			tt_fail(__FILE__, __LINE__, "\"%s\": %s ranked %d, want %d", q, name, got, \
			        want);                                                             \
	} while (0)

TT(query_without_diacritics_finds_marked_document)
{
	char *dir = trap_library();
	RANK(dir, "cong tac hoa giai o co so", "oldtone.txt", 1);
	RANK(dir, "thu gom rac thai", "newtone.txt", 1);
	RANK(dir, "chuyen doi so", "nfd.txt", 1);
	free(dir);
}

TT(new_style_query_finds_old_style_document_and_reverse)
{
	char *dir = trap_library();
	RANK(dir, "hòa giải", "oldtone.txt", 1);  /* document has hoà */
	RANK(dir, "sức khỏe", "oldtone.txt", 1);  /* document has khoẻ */
	RANK(dir, "hoà thuận", "newtone.txt", 1); /* document has hòa */
	RANK(dir, "thuỷ sản", "newtone.txt", 1);  /* document has thủy */
	free(dir);
}

TT(nfc_query_finds_nfd_document)
{
	char *dir = trap_library();
	RANK(dir, "chuyển đổi số", "nfd.txt", 1);
	free(dir);
}

TT(nfd_query_finds_nfc_document)
{
	char *dir = trap_library();
	/* "thủy sản" typed decomposed, as a Mac sends it */
	RANK(dir, "thu\xcc\x89y sa\xcc\x89n", "newtone.txt", 1);
	free(dir);
}

TT(marked_query_prefers_exact_spelling_over_folded_lookalike)
{
	char *dir = trap_library();
	RANK(dir, "bà", "ba-grandmother.txt", 1);
	RANK(dir, "ba", "ba.txt", 1); /* bare "ba" is also an exact spelling */
	RANK(dir, "đảng", "dang.txt", 1);
	RANK(dir, "dang dở", "dang-do.txt", 1);
	free(dir);
}

TT(folded_query_matches_both_lookalikes)
{
	char *dir = trap_library();
	TT_CHECK(rank_of(dir, "dang", "dang.txt") > 0);
	TT_CHECK(rank_of(dir, "dang", "dang-do.txt") > 0);
	TT_CHECK(rank_of(dir, "ba", "ba-grandmother.txt") > 0);
	free(dir);
}

TT(unicode_query_finds_legacy_documents)
{
	char *dir = trap_library();
	RANK(dir, "Dân vận khéo", "tcvn3.docx", 1);
	RANK(dir, "chi bộ thôn Đông", "tcvn3.docx", 1);
	RANK(dir, "lịch tiếp công dân", "vni.docx", 1);
	RANK(dir, "Lê Minh Tú", "mixed.docx", 1);
	free(dir);
}

TT(legacy_document_fields_come_out_in_unicode)
{
	char *dir = trap_library();
	char *out = NULL;
	TT_INTEQ(tt_run(&out, NULL, "%s show --db %s/db --json %s/lib/vni.docx", tt_bin, dir, dir),
	         0);
	json_t *j = tt_json(out);
	TT_ASSERT(j);
	TT_STREQ(json_string_value(json_object_get(j, "number")), "15/TB-UBND");
	TT_STREQ(json_string_value(json_object_get(j, "signer")), "Võ Thị Ngọc Hương");
	const char *title = json_string_value(json_object_get(j, "title"));
	TT_CHECK(title && strstr(title, "tiếp công dân"));
	json_decref(j);
	free(out);
	free(dir);
}

TT(telex_residue_is_understood)
{
	char *dir = trap_library();
	RANK(dir, "hoaf giair", "oldtone.txt", 1);
	RANK(dir, "ddangr", "dang.txt", 1);
	free(dir);
}

static char *did_you_mean(const char *dir, const char *query)
{
	char *out = NULL;
	char *dym = NULL;
	if (tt_run(&out, NULL, "%s search --db %s/db --json '%s'", tt_bin, dir, query) == 0) {
		json_t *j = tt_json(out);
		const char *s = json_string_value(json_object_get(j, "did_you_mean"));
		dym = s ? strdup(s) : NULL;
		json_decref(j);
	}
	free(out);
	return dym;
}

TT(did_you_mean_restores_marks_only_for_bare_queries)
{
	char *dir = trap_library();
	char *dym = did_you_mean(dir, "cong tac hoa giai");
	TT_STREQ(dym, "công tác hòa giải");
	free(dym);
	/* typed with marks: taken as meant, even where a marked look-alike is commoner */
	dym = did_you_mean(dir, "công tác hoà giải");
	TT_CHECK(dym == NULL);
	free(dym);
	free(dir);
}

/* The highlighted words of the first result's snippet, joined by '|'. */
static char *first_highlights(const char *dir, const char *query)
{
	char *out = NULL;
	char *res = NULL;
	if (tt_run(&out, NULL, "%s search --db %s/db --json '%s'", tt_bin, dir, query) == 0) {
		json_t *j = tt_json(out);
		json_t *r = json_array_get(json_object_get(j, "results"), 0);
		const char *snip = json_string_value(json_object_get(r, "snippet"));
		json_t *hl = json_object_get(r, "highlights");
		size_t i, cap = 1024, len = 0;
		json_t *h;
		res = calloc(1, cap);
		json_array_foreach(hl, i, h)
		{
			json_int_t off = json_integer_value(json_array_get(h, 0));
			json_int_t n = json_integer_value(json_array_get(h, 1));
			if (!snip || off < 0 || n <= 0 || (size_t)(off + n) > strlen(snip) ||
			    len + (size_t)n + 2 > cap)
				continue;
			if (len) res[len++] = '|';
			memcpy(res + len, snip + off, (size_t)n);
			len += (size_t)n;
		}
		json_decref(j);
	}
	free(out);
	return res;
}

/* The highlighted words of text for query, joined by '|' (malloc'd). */
static char *lit(const char *query, const char *text)
{
	size_t *r = NULL, n = srch_highlight(query, text, strlen(text), &r);
	tv_buf b = TV_BUF_INIT;
	tv_buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i) tv_buf_putc(&b, '|');
		tv_buf_append(&b, text + r[2 * i], r[2 * i + 1]);
	}
	free(r);
	return tv_buf_take(&b);
}

TT(highlights_match_exact_spellings_in_any_case_form_and_tone_placement)
{
	/* a marked query lights its words however the text writes them (upper
	 * case, old tone placement, decomposed), and no look-alike (hoá, giai);
	 * a bare query lights every spelling */
	const char *text = "HOÀ GIẢI ở cơ sở; hoá giải; Ho\xcc\x80"
	                   "a gia\xcc\x89"
	                   "i; hòa giai.";
	char *m = lit("hòa giải", text);
	TT_STREQ(m, "HOÀ|GIẢI|giải|Ho\xcc\x80"
	            "a|gia\xcc\x89"
	            "i|hòa");
	free(m);
	char *f = lit("hoa giai", text);
	TT_STREQ(f, "HOÀ|GIẢI|hoá|giải|Ho\xcc\x80"
	            "a|gia\xcc\x89"
	            "i|hòa|giai");
	free(f);
}

TT(marked_query_highlights_exact_spellings_only)
{
	char *dir = trap_library();
	/* "hòa giải" typed with marks lights up hoà/hòa giải, never "hóa" */
	char *hl = first_highlights(dir, "hòa giải");
	TT_ASSERT(hl);
	TT_CHECK(strstr(hl, "hoà") != NULL);
	TT_CHECK(strstr(hl, "hoá") == NULL);
	free(hl);
	/* typed bare, folded matching lights up every look-alike */
	hl = first_highlights(dir, "hoa");
	TT_ASSERT(hl);
	int marked = 0; /* a spelling with marks (hòa, hóa, hoà…) lit up by the bare "hoa" */
	for (const char *c = hl; *c; c++) marked |= (unsigned char)*c >= 0x80;
	TT_CHECK(marked);
	free(hl);
	free(dir);
}
