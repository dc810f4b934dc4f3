/* test_perf.c — the behaviour behind the speed-ups of issue 8 stays right:
 * the writer's add-instead-of-replace path, NFC's quick path in case mapping,
 * the UTF-8 path of plain-text extraction, the body text kept beside the JSON
 * record (SLOT_TEXT), bounded snippets, the exact-phrase bonus by bigrams,
 * sampled facets that say so, and broad queries ranked from top lists. */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../indexer/extract.h"
#include "../search/schema.h"
#include "../search/search.h"
#include "../search/xdb.h"
#include "../vn/vn.h"
#include "tt.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		tt_fail(__FILE__, __LINE__, "cannot write %s", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

/* A document with one F term per word and one G term per adjacent pair (as
 * the indexer writes them), a type value, an id term and, when date is given
 * (YYYYMMDD), the date value and year term. */
static void put_doc_dated(xdb *db, unsigned n, const char *words, const char *type,
                          const char *date)
{
	xdb_doc *d = xdb_doc_new();
	char buf[512], id[32], prev[128] = "";
	snprintf(buf, sizeof buf, "%s", words);
	unsigned pos = 0;
	for (char *sv, *w = strtok_r(buf, " ", &sv); w; w = strtok_r(NULL, " ", &sv)) {
		char t[128];
		snprintf(t, sizeof t, "%s%s", PFX_FOLD, w);
		xdb_doc_add_posting(d, t, ++pos, 1);
		if (prev[0]) {
			snprintf(t, sizeof t, "%s%s_%s", PFX_FBIGRAM, prev, w);
			xdb_doc_add_term(d, t, 1);
		}
		snprintf(prev, sizeof prev, "%s", w);
	}
	if (type) xdb_doc_set_value(d, SLOT_TYPE, type, strlen(type));
	if (date) {
		xdb_doc_set_value(d, SLOT_DATE, date, 8);
		snprintf(buf, sizeof buf, "%s%.4s", PFX_YEAR, date);
		xdb_doc_add_boolean(d, buf);
	}
	snprintf(buf, sizeof buf, "{\"path\":\"/d/%u\"}", n);
	xdb_doc_set_data(d, buf, strlen(buf));
	snprintf(id, sizeof id, "%s/d/%u", PFX_ID, n);
	tv_error e;
	if (xdb_replace(db, id, d, NULL, &e) != TV_OK)
		tt_fail(__FILE__, __LINE__, "replace %u: %s", n, e.msg);
	xdb_doc_free(d);
}

static void put_doc(xdb *db, unsigned n, const char *words, const char *type)
{
	put_doc_dated(db, n, words, type, NULL);
}

TT(replace_in_the_same_uncommitted_batch_keeps_one_document)
{
	char *dir = tt_tmpdir();
	xdb *db = NULL;
	tv_error e;
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	put_doc(db, 1, "mot", NULL);
	put_doc(db, 2, "hai", NULL);
	put_doc(db, 1, "ba", NULL); /* not committed yet: must replace, not add */
	TT_INTEQ(xdb_doccount(db), 2);
	TT_INTEQ(xdb_termfreq(db, PFX_FOLD "mot"), 0);
	TT_INTEQ(xdb_termfreq(db, PFX_FOLD "ba"), 1);
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	put_doc(db, 2, "bon", NULL); /* after a commit */
	put_doc(db, 3, "nam", NULL);
	TT_INTEQ(xdb_doccount(db), 3);
	TT_INTEQ(xdb_termfreq(db, PFX_FOLD "hai"), 0);
	TT_INTEQ(xdb_termfreq(db, PFX_ID "/d/2"), 1);
	xdb_close(db);
	free(dir);
}

TT(case_mapping_of_precomposed_and_decomposed_text_agrees)
{
	char *a =
	    vn_lower("ĐẢNG ỦY Hà Nội – “Nghị Quyết”", strlen("ĐẢNG ỦY Hà Nội – “Nghị Quyết”"));
	TT_STREQ(a, "đảng ủy hà nội – “nghị quyết”");
	free(a);
	/* NFD: n g h i + U+0323 (dot below) composes to ị before mapping */
	const char nfd[] = "NGHI\xcc\xa3 quyê\xcc\x81t";
	char *b = vn_lower(nfd, strlen(nfd));
	TT_STREQ(b, "nghị quyết");
	free(b);
	char *c = vn_upper("nghị quyết đảng", strlen("nghị quyết đảng"));
	TT_STREQ(c, "NGHỊ QUYẾT ĐẢNG");
	free(c);
	/* a compatibility singleton (U+212B ANGSTROM SIGN) still goes through NFC */
	char *d = vn_lower("\xe2\x84\xab", 3);
	TT_STREQ(d, "å");
	free(d);
	/* invalid bytes: replaced, never read past the end */
	char *f = vn_lower("A\xff\xe1\xba", 4);
	TT_ASSERT(f && f[0] == 'a');
	free(f);
}

TT(txt_valid_unicode_vietnamese_is_kept_as_is)
{
	char *dir = tt_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/vb.txt", dir);
	const char *text =
	    "Hà Nội, ngày 15 tháng 5 năm 2016. Nghị quyết của Đảng về công tác cán bộ.";
	write_file(path, text);
	tv_doc *d = NULL;
	tv_error e;
	TT_ASSERT(ext_file(path, NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 1);
	TT_STREQ(d->blocks[0].text, text);
	TT_INTEQ(d->source & DOC_SRC_LEGACY, 0);
	doc_free(d);
	/* TCVN3 bytes read as Latin-1 and saved as UTF-8 (the fixture of
	 * test_extract): valid UTF-8 that must still be decoded */
	snprintf(path, sizeof path, "%s/extract/tcvn3.txt", tt_data_dir);
	TT_ASSERT(ext_file(path, NULL, &d, &e) == TV_OK);
	TT_ASSERT(d->nblocks == 1);
	TT_STREQ(d->blocks[0].text, "nghị quyết của Đảng và cán bộ");
	TT_CHECK(d->source & DOC_SRC_LEGACY);
	doc_free(d);
	free(dir);
}

/* `thuvien index` of DIR/lib into DIR/db, opened for reading; NULL on failure. */
static xdb *index_lib(const char *dir)
{
	char *out = NULL;
	int rc = tt_run(&out, NULL, "%s index --db %s/db %s/lib", tt_bin, dir, dir);
	free(out);
	if (rc != 0) return NULL;
	char dbdir[4200];
	snprintf(dbdir, sizeof dbdir, "%s/db", dir);
	xdb *db = NULL;
	tv_error e;
	return xdb_open(dbdir, XDB_READ, &db, &e) == TV_OK ? db : NULL;
}

/* A long text file whose query words stand only near the end. */
static void write_long(const char *path, const char *tail)
{
	FILE *f = fopen(path, "wb");
	if (!f) return;
	fputs("Báo cáo kết quả công tác năm.\n\n", f);
	for (int i = 0; i < 3000; i++) fputs("nội dung thường lệ của văn bản ", f);
	fprintf(f, "\n\n%s\n", tail);
	fclose(f);
}

TT(body_text_lives_beside_the_record_and_show_restores_it)
{
	char *dir = tt_tmpdir();
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "mkdir -p %s/lib", dir);
	TT_ASSERT(tt_run(NULL, NULL, "%s", cmd) == 0);
	char path[4200];
	snprintf(path, sizeof path, "%s/lib/dai.txt", dir);
	write_long(path, "Đề nghị tăng cường hòa giải ở cơ sở.");
	snprintf(path, sizeof path, "%s/lib/khac.txt", dir);
	write_file(path, "Báo cáo khác.\n\nCông tác hoa giai ở cơ sở được tổ chức.\n");
	xdb *db = index_lib(dir);
	TT_ASSERT(db);
	tv_error e;

	/* the stored JSON has no "text"; SLOT_TEXT has it */
	unsigned id = 0;
	char idterm[4300];
	snprintf(idterm, sizeof idterm, "%s%s/lib/dai.txt", PFX_ID, dir);
	TT_ASSERT(xdb_find(db, idterm, &id, &e) == TV_OK);
	char *data = NULL, *val = NULL;
	size_t len = 0, vlen = 0;
	TT_ASSERT(xdb_get_data(db, id, &data, &len, &e) == TV_OK);
	json_t *rec = tt_json(data);
	TT_CHECK(rec && json_object_get(rec, "path") && !json_object_get(rec, "text"));
	json_decref(rec);
	TT_CHECK(len < 2000);
	TT_ASSERT(xdb_get_value(db, id, SLOT_TEXT, &val, &vlen, &e) == TV_OK);
	TT_CHECK(vlen > 90000 && strstr(val, "tăng cường hòa giải") != NULL);
	free(data);
	free(val);

	/* srch_doc puts it back */
	json_t *doc = NULL;
	char ref[16];
	snprintf(ref, sizeof ref, "%u", id);
	TT_ASSERT(srch_doc(db, ref, &doc, &e) == TV_OK);
	const char *t = json_string_value(json_object_get(doc, "text"));
	TT_CHECK(t && strlen(t) > 90000 && strstr(t, "tăng cường hòa giải"));
	json_decref(doc);

	/* the snippet finds words 18,000 words in; the exact phrase ranks first */
	srch_opts o = {.query = "\"hòa giải\"", .limit = 10};
	srch_result *r = NULL;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 2);
	const char *p0 = json_string_value(json_object_get(r->hits[0].doc, "path"));
	TT_CHECK(p0 && strstr(p0, "dai.txt"));
	TT_CHECK(r->hits[0].score > r->hits[1].score);
	TT_CHECK(r->hits[0].snippet && strstr(r->hits[0].snippet, "hòa giải ở cơ sở"));
	TT_CHECK(r->hits[0].nhl >= 2);
	json_t *js = srch_result_json(r);
	TT_CHECK(json_is_true(json_object_get(js, "facets_exact")));
	json_decref(js);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

/* XDB_FACET_CHECK + 500 documents in DIR, odd ones with odd_words and type
 * "Chỉ thị", even ones with even_words and "Công văn"; opened for reading. */
static xdb *alternating_db(const char *dir, const char *odd_words, const char *even_words)
{
	xdb *db = NULL;
	tv_error e;
	if (xdb_open(dir, XDB_WRITE, &db, &e) != TV_OK) return NULL;
	for (unsigned i = 1; i <= XDB_FACET_CHECK + 500; i++)
		put_doc(db, i, i % 2 ? odd_words : even_words, i % 2 ? "Chỉ thị" : "Công văn");
	tv_err rc = xdb_commit(db, &e);
	xdb_close(db);
	db = NULL;
	return rc == TV_OK && xdb_open(dir, XDB_READ, &db, &e) == TV_OK ? db : NULL;
}

TT(facets_over_a_broad_match_are_sampled_and_say_so)
{
	char *dir = tt_tmpdir();
	unsigned n = XDB_FACET_CHECK + 500;
	xdb *db = alternating_db(dir, "alpha beta", "alpha gamma");
	TT_ASSERT(db);
	tv_error e;

	srch_opts o = {.query = "alpha", .limit = 5};
	srch_result *r = NULL;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->total, n);
	unsigned seen = 0;
	for (size_t i = 0; i < r->nfacets[0]; i++) seen += r->facets[0][i].count;
	/* at least the checked sample; the matcher may check more */
	TT_CHECK(seen >= XDB_FACET_CHECK && seen <= n);
	json_t *js = srch_result_json(r);
	TT_CHECK(json_is_false(json_object_get(js, "facets_exact")));
	json_decref(js);
	srch_result_free(r);

	/* a narrow match is counted whole */
	srch_opts o2 = {.query = "alpha beta", .limit = 5};
	TT_ASSERT(srch_run(db, &o2, &r, &e) == TV_OK);
	TT_INTEQ(r->total, n / 2);
	TT_INTEQ(r->nfacets[0], 1);
	TT_STREQ(r->facets[0][0].value, "Chỉ thị");
	TT_INTEQ(r->facets[0][0].count, n / 2);
	json_t *js2 = srch_result_json(r);
	TT_CHECK(json_is_true(json_object_get(js2, "facets_exact")));
	json_decref(js2);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

/* The number put_doc gave the document of hit i. */
static unsigned hit_n(const srch_result *r, size_t i)
{
	const char *p = json_string_value(json_object_get(r->hits[i].doc, "path"));
	return p && strncmp(p, "/d/", 3) == 0 ? (unsigned)atoi(p + 3) : 0;
}

#define BROAD_DOCS 6000

/* BROAD_DOCS documents with "alpha beta"; the ten numbered 10, 610, 1210, ...
 * four times (they weigh most), the rest once; types alternate.  Top lists of 50 for terms in 100
 * documents or more.  Opened for reading. */
static xdb *broad_db(const char *dir)
{
	static const char *const pfx[] = {PFX_FOLD, PFX_FBIGRAM, PFX_TITLE};
	xdb *db = NULL;
	tv_error e;
	if (xdb_open(dir, XDB_WRITE, &db, &e) != TV_OK) return NULL;
	for (unsigned i = 1; i <= BROAD_DOCS; i++) {
		/* dated over 2000-2019 (a few days a year), every 7th undated */
		char date[9];
		snprintf(date, sizeof date, "%04u%02u%02u", 2000 + i % 20, 1 + i % 12, 1 + i % 3);
		put_doc_dated(db, i,
		              i % 600 == 10 ? "alpha beta alpha beta alpha beta alpha beta delta"
		                            : "alpha beta gamma epsilon zeta eta theta iota",
		              i % 2 ? "Chỉ thị" : "Công văn", i % 7 ? date : NULL);
	}
	tv_err rc = xdb_commit(db, &e);
	xdb_top_spec spec = {pfx, 3, 50, 100};
	if (rc == TV_OK) rc = xdb_top_build(db, &spec, &e);
	if (rc == TV_OK) rc = xdb_commit(db, &e);
	xdb_close(db);
	db = NULL;
	return rc == TV_OK && xdb_open(dir, XDB_READ, &db, &e) == TV_OK ? db : NULL;
}

/* Runs o as asked into *r and ranking every match into *rx; 1 when both ran. */
static int run_both(xdb *db, srch_opts o, srch_result **r, srch_result **rx)
{
	tv_error e;
	*r = *rx = NULL;
	if (srch_run(db, &o, r, &e) != TV_OK) return 0;
	o.exhaustive = 1;
	return srch_run(db, &o, rx, &e) == TV_OK;
}

TT(broad_query_ranks_its_top_list_candidates_exactly)
{
	char *dir = tt_tmpdir();
	xdb *db = broad_db(dir);
	TT_ASSERT(db);
	unsigned built_last = 0;
	TT_CHECK(xdb_top_state(db, NULL, &built_last) && built_last == BROAD_DOCS);
	tv_error e;

	/* the ten strongest, in the order the whole ranking gives them */
	srch_opts o = {.query = "alpha beta", .limit = 5};
	srch_result *r = NULL, *rx = NULL;
	TT_ASSERT(run_both(db, o, &r, &rx));
	TT_INTEQ(r->nhits, 5);
	TT_INTEQ(r->total, BROAD_DOCS);
	TT_CHECK(!r->facets_exact);
	TT_CHECK(rx->facets_exact == 0); /* a sample too, but unscaled */
	for (size_t i = 0; i < r->nhits; i++) {
		TT_INTEQ(hit_n(r, i) % 600, 10);
		TT_INTEQ(hit_n(r, i), hit_n(rx, i));
		TT_CHECK(r->hits[i].score == rx->hits[i].score);
	}
	/* the facets of the candidates, scaled to the total */
	unsigned sum = 0;
	for (size_t i = 0; i < r->nfacets[0]; i++) sum += r->facets[0][i].count;
	TT_CHECK(sum + 2 >= BROAD_DOCS && sum <= BROAD_DOCS + 2);
	srch_result_free(r);
	srch_result_free(rx);
	o.offset = 5; /* the next page: the other five */
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 5);
	for (size_t i = 0; i < r->nhits; i++) TT_INTEQ(hit_n(r, i) % 600, 10);
	srch_result_free(r);

	/* too few candidates for the page asked: the whole query answers */
	srch_opts deep = {.query = "alpha beta", .offset = 150, .limit = 100};
	TT_ASSERT(srch_run(db, &deep, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 100);
	TT_INTEQ(r->total, BROAD_DOCS);
	srch_result_free(r);
	xdb_close(db);

	/* a document added after the build is a candidate without a rebuild */
	TT_ASSERT(xdb_open(dir, XDB_WRITE, &db, &e) == TV_OK);
	put_doc(db, 9999,
	        "alpha beta alpha beta alpha beta alpha beta alpha beta alpha beta alpha beta "
	        "alpha beta alpha beta alpha beta",
	        "Công văn");
	TT_ASSERT(xdb_commit(db, &e) == TV_OK);
	xdb_close(db);
	TT_ASSERT(xdb_open(dir, XDB_READ, &db, &e) == TV_OK);
	o.offset = 0;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 5);
	TT_INTEQ(hit_n(r, 0), 9999);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

/* Writes files first..first+n-1 of a library: short texts sharing common words. */
static void write_lib(const char *dir, unsigned first, unsigned n)
{
	char path[4200];
	for (unsigned i = first; i < first + n; i++) {
		snprintf(path, sizeof path, "%s/lib/v%05u.txt", dir, i);
		write_file(path, i % 2 ? "Thông báo.\n\nHọc tập và làm theo tư tưởng.\n"
		                       : "Kế hoạch.\n\nHọc tập nghị quyết của Đảng.\n");
	}
}

/* Whether pages a and b hold the same documents in the same order. */
static int same_page(const srch_result *a, const srch_result *b)
{
	if (a->nhits != b->nhits) return 0;
	for (size_t i = 0; i < a->nhits; i++)
		if (a->hits[i].id != b->hits[i].id) return 0;
	return 1;
}

TT(broad_query_newest_first_walks_the_newest_years_and_matches_the_full_sort)
{
	char *dir = tt_tmpdir();
	xdb *db = broad_db(dir);
	TT_ASSERT(db);
	tv_error e;
	/* page 1; a page across the 2019/2018 boundary (about 257 a year); deep
	 * pages reaching the undated documents, which sort last */
	unsigned offsets[] = {0, 250, 5140, 5900};
	for (size_t k = 0; k < sizeof offsets / sizeof *offsets; k++) {
		srch_opts o = {
		    .query = "alpha beta", .limit = 20, .offset = offsets[k], .sort_date = 1};
		srch_result *r = NULL, *rx = NULL;
		TT_ASSERT(run_both(db, o, &r, &rx));
		TT_INTEQ(r->nhits, 20);
		TT_CHECK(same_page(r, rx));
		TT_INTEQ(r->total, BROAD_DOCS);
		srch_result_free(r);
		srch_result_free(rx);
	}
	/* the newest page holds 2019's documents and says its facets are estimates */
	srch_opts o = {.query = "alpha beta", .limit = 5, .sort_date = 1};
	srch_result *r = NULL;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_CHECK(!r->facets_exact);
	for (size_t i = 0; i < r->nhits; i++) TT_INTEQ(hit_n(r, i) % 20, 19);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}

TT(index_builds_top_lists_once_the_library_is_large_and_keeps_them_for_a_few_more)
{
	char *dir = tt_tmpdir();
	TT_ASSERT(tt_run(NULL, NULL, "mkdir -p %s/lib", dir) == 0);
	write_lib(dir, 0, XDB_TOP_MIN_DF - 1); /* too small: no term can be that common */
	xdb *db = index_lib(dir);
	TT_ASSERT(db);
	unsigned built_last = 0;
	TT_CHECK(!xdb_top_state(db, NULL, &built_last));
	xdb_close(db);

	write_lib(dir, XDB_TOP_MIN_DF - 1, 1);
	db = index_lib(dir);
	TT_ASSERT(db);
	TT_CHECK(xdb_top_state(db, NULL, &built_last));
	TT_INTEQ(built_last, xdb_lastdocid(db));
	/* "học tập" is in every document: its lists exist and rank them */
	unsigned *ids = NULL;
	const char *terms[] = {PFX_FOLD "hoc", PFX_FBIGRAM "hoc_tap"};
	double w[] = {1, 1};
	TT_INTEQ(xdb_top_candidates(db, terms, w, 2, 10, &ids), 10);
	free(ids);
	xdb_close(db);

	/* ten more documents: read from the ends of the posting lists, no rebuild */
	unsigned before = built_last;
	write_lib(dir, XDB_TOP_MIN_DF, 10);
	db = index_lib(dir);
	TT_ASSERT(db);
	TT_CHECK(xdb_top_state(db, NULL, &built_last));
	TT_INTEQ(built_last, before);
	TT_INTEQ(xdb_lastdocid(db), before + 10);
	xdb_close(db);
	free(dir);
}

TT(narrow_query_runs_whole_with_exact_facets)
{
	char *dir = tt_tmpdir();
	TT_ASSERT(tt_run(NULL, NULL, "mkdir -p %s/lib", dir) == 0);
	char path[4200];
	for (int i = 0; i < 6; i++) {
		snprintf(path, sizeof path, "%s/lib/ke%d.txt", dir, i);
		write_file(path, "Báo cáo.\n\nNâng cao tinh thần trách nhiệm của cán bộ.\n");
		snprintf(path, sizeof path, "%s/lib/xa%d.txt", dir, i);
		write_file(path, "Báo cáo.\n\nTrách nhiệm của cán bộ là giữ vững tinh thần.\n");
	}
	xdb *db = index_lib(dir);
	TT_ASSERT(db);
	tv_error e;
	srch_opts o = {.query = "tinh thần trách nhiệm", .limit = 3};
	srch_result *r = NULL;
	TT_ASSERT(srch_run(db, &o, &r, &e) == TV_OK);
	TT_INTEQ(r->nhits, 3);
	TT_INTEQ(r->total, 12);
	TT_CHECK(r->facets_exact);
	unsigned counted = 0;
	for (size_t i = 0; i < r->nfacets[0]; i++) counted += r->facets[0][i].count;
	TT_INTEQ(counted, 12);
	srch_result_free(r);
	xdb_close(db);
	free(dir);
}
