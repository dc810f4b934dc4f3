/* test_pdf.c — PDF layout, legacy PDF fonts, OCR of scanned pages and Word 97
 * .doc extraction (indexer/ext_pdf.c, ext_ocr.c, ext_doc.c).  Fixtures in
 * tests/data/pdf come from mkfixtures.sh there; the real corpus is looked up in
 * tests/data/corpus-real, $THUVIEN_CORPUS_REAL or ../shared/corpus-real (beside the project). */
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../indexer/ext_formats.h"
#include "../indexer/fields.h"
#include "tt.h"

static ext_limits lim_default(int ocr, const char *cache)
{
	ext_limits l = {200u << 20, 256u << 20, 64u << 20, 5000, ocr, cache, 1};
	return l;
}

/* Run one handler on a file; *d is always set (free with doc_free). */
static tv_err run_file(const char *path, int is_doc, const ext_limits *lim, tv_doc **d, tv_error *e)
{
	char *data = NULL;
	size_t len = 0;
	*d = doc_new(path, is_doc ? "doc" : "pdf");
	tv_err rc = tv_read_file(path, 1u << 30, &data, &len, e);
	if (rc) return rc;
	ext_input in = {path, data, len, lim};
	rc = is_doc ? ext_doc(&in, *d, e) : ext_pdf(&in, *d, e);
	free(data);
	return rc;
}

static char *fixture(const char *name)
{
	return g_strdup_printf("%s/pdf/%s", tt_data_dir, name);
}

static const char *corpus_dir(void)
{
	static char buf[4096];
	const char *env = getenv("THUVIEN_CORPUS_REAL");
	const char *cands[3] = {NULL, env, "../shared/corpus-real"};
	snprintf(buf, sizeof buf, "%s/corpus-real", tt_data_dir);
	cands[0] = buf;
	for (int i = 0; i < 3; i++) {
		if (!cands[i]) continue;
		char *t = g_strdup_printf("%s/truth.jsonl", cands[i]);
		int ok = g_file_test(t, G_FILE_TEST_EXISTS);
		g_free(t);
		if (ok) {
			if (cands[i] != buf) snprintf(buf, sizeof buf, "%s", cands[i]);
			return buf;
		}
	}
	tt_fail(__FILE__, __LINE__, "corpus-real not found (set THUVIEN_CORPUS_REAL)");
	return NULL;
}

/* path read by its handler with lim; NULL (the failure recorded) when it
 * cannot be. */
static tv_doc *read_ok(const char *path, int is_doc, const ext_limits *lim)
{
	tv_doc *d;
	tv_error e = {0};
	if (run_file(path, is_doc, lim, &d, &e) != TV_OK) {
		tt_fail(__FILE__, __LINE__, "%s: %s", path, e.msg);
		doc_free(d);
		return NULL;
	}
	return d;
}

/* A Word 97 file of the real corpus, read without OCR. */
static tv_doc *real_doc(const char *name)
{
	const char *cd = corpus_dir();
	if (!cd) return NULL;
	char *p = g_strdup_printf("%s/files/%s", cd, name);
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d = read_ok(p, 1, &lim);
	g_free(p);
	return d;
}

/* A scan of the real corpus read with OCR, every page recognised (a cache of
 * its own, empty), by `threads` threads at most (ext_limits.ocr_threads). */
static tv_doc *real_scan(const char *name, int threads)
{
	const char *cd = corpus_dir();
	if (!cd) return NULL;
	char *p = g_strdup_printf("%s/files/%s", cd, name);
	char *dir = tt_tmpdir();
	ext_limits lim = lim_default(1, dir);
	lim.ocr_threads = threads;
	tv_doc *d = read_ok(p, 0, &lim);
	free(dir);
	g_free(p);
	return d;
}

/* The scanned fixture read with OCR, page results cached in cache (NULL:
 * none). */
static tv_doc *ocr_scan(const char *cache)
{
	char *p = fixture("scan.pdf");
	ext_limits lim = lim_default(1, cache);
	tv_doc *d = read_ok(p, 0, &lim);
	g_free(p);
	return d;
}

static int find_block(const tv_doc *d, const char *text)
{
	for (size_t i = 0; i < d->nblocks; i++)
		if (strcmp(d->blocks[i].text, text) == 0) return (int)i;
	return -1;
}

/* Lower case, marks removed, đ → d: to compare words whatever the tone placement. */
static char *fold(const char *s)
{
	char *low = g_utf8_casefold(s, -1);
	char *nfd = g_utf8_normalize(low, -1, G_NORMALIZE_NFD);
	GString *o = g_string_new(NULL);
	for (const char *p = nfd; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_ismark(c)) continue;
		if (c == 0x111) c = 'd';
		g_string_append_unichar(o, c);
	}
	g_free(low);
	g_free(nfd);
	return g_string_free(o, FALSE);
}

/* Share of the words of want found (folded) in the document's text. */
static double words_found(const tv_doc *d, const char *want)
{
	char *text = doc_text(d);
	char *ft = fold(text), *fw = fold(want);
	char **w = g_strsplit_set(fw, " ,.;:()", -1);
	int n = 0, hit = 0;
	for (char **p = w; *p; p++) {
		if (!**p) continue;
		n++;
		hit += strstr(ft, *p) != NULL;
	}
	g_strfreev(w);
	free(text);
	g_free(ft);
	g_free(fw);
	return n ? (double)hit / n : 0;
}

/* ---- PDF layout ----------------------------------------------------------- */

TT(pdf_header_left_column_contiguous_and_in_order)
{
	char *p = fixture("header2col.pdf");
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_OK);
	TT_INTEQ(d->pages, 2);
	TT_ASSERT(d->nblocks >= 8);
	static const char *left[] = {"ỦY BAN NHÂN DÂN TỈNH BẾN TRE", "SỞ NỘI VỤ", "Số: 125/SNV-VP"};
	static const char *right[] = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	                              "Độc lập - Tự do - Hạnh phúc",
	                              "Bến Tre, ngày 05 tháng 3 năm 2024"};
	for (int i = 0; i < 3; i++) {
		TT_STREQ(d->blocks[i].text, left[i]);
		TT_INTEQ(d->blocks[i].col, DOC_COL_LEFT);
		TT_STREQ(d->blocks[3 + i].text, right[i]);
		TT_INTEQ(d->blocks[3 + i].col, DOC_COL_RIGHT);
		TT_INTEQ(d->blocks[i].page, 1);
	}
	TT_CHECK(d->blocks[0].x1 < d->blocks[3].x0);
	TT_STREQ(d->blocks[6].text, "THÔNG BÁO");
	TT_INTEQ(d->blocks[6].col, DOC_COL_FULL);
	doc_free(d);
	g_free(p);
}

TT(pdf_font_flags_bold_italic_caps_centre)
{
	char *p = fixture("header2col.pdf");
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_OK);
	int so = find_block(d, "SỞ NỘI VỤ"),
	    date = find_block(d, "Bến Tre, ngày 05 tháng 3 năm 2024");
	int ubnd = find_block(d, "ỦY BAN NHÂN DÂN TỈNH BẾN TRE"),
	    title = find_block(d, "THÔNG BÁO");
	TT_ASSERT(so >= 0 && date >= 0 && ubnd >= 0 && title >= 0);
	TT_CHECK(d->blocks[so].flags & DOC_BOLD);
	TT_CHECK(d->blocks[so].flags & DOC_CAPS);
	TT_CHECK(!(d->blocks[ubnd].flags & DOC_BOLD));
	TT_CHECK(d->blocks[date].flags & DOC_ITALIC);
	TT_CHECK(!(d->blocks[date].flags & DOC_CAPS));
	TT_CHECK(d->blocks[title].flags & DOC_CENTER);
	TT_CHECK(d->blocks[title].flags & DOC_BOLD);
	TT_CHECK(d->blocks[title].size > 13.5 && d->blocks[title].size < 14.5);
	TT_CHECK(d->source & DOC_SRC_TEXT);
	TT_CHECK(!(d->source & (DOC_SRC_OCR | DOC_SRC_LEGACY)));
	doc_free(d);
	g_free(p);
}

TT(pdf_paragraph_end_after_short_line_not_inside_paragraph)
{
	char *p = fixture("header2col.pdf");
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_OK);
	int a =
	    find_block(d, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;");
	int b =
	    find_block(d, "Thực hiện Kế hoạch số 25/KH-UBND ngày 10 tháng 01 năm 2024 của Ủy ban "
	                  "nhân dân");
	TT_ASSERT(a >= 0 && b == a + 1);
	TT_CHECK(d->blocks[a].flags & DOC_PARA_END);
	TT_CHECK(!(d->blocks[b].flags & DOC_PARA_END));
	doc_free(d);
	g_free(p);
}

TT(pdf_signature_block_columns_on_page_two)
{
	char *p = fixture("header2col.pdf");
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_OK);
	int noi = find_block(d, "Nơi nhận:"), luu = find_block(d, "- Lưu: VT.");
	int gd = find_block(d, "GIÁM ĐỐC"), name = find_block(d, "Nguyễn Văn An");
	TT_ASSERT(noi >= 0 && luu >= 0 && gd >= 0 && name >= 0);
	TT_INTEQ(d->blocks[noi].page, 2);
	TT_INTEQ(d->blocks[noi].col, DOC_COL_LEFT);
	TT_INTEQ(luu, noi + 2);
	TT_INTEQ(d->blocks[gd].col, DOC_COL_RIGHT);
	TT_INTEQ(name, gd + 1); /* the signer's name follows the title across the signature gap */
	TT_CHECK(gd > luu);
	doc_free(d);
	g_free(p);
}

TT(pdf_max_pages_bounds_reading)
{
	char *p = fixture("header2col.pdf");
	ext_limits lim = lim_default(0, NULL);
	lim.max_pages = 1;
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_OK);
	TT_INTEQ(d->pages, 2); /* the document's length, though only one page was read */
	for (size_t i = 0; i < d->nblocks; i++) TT_INTEQ(d->blocks[i].page, 1);
	TT_CHECK(find_block(d, "GIÁM ĐỐC") < 0);
	doc_free(d);
	g_free(p);
}

TT(pdf_encrypted_gives_encrypted)
{
	char *p = fixture("encrypted.pdf");
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_ERR_ENCRYPTED);
	TT_CHECK(strstr(e.msg, "encrypted.pdf") != NULL);
	TT_INTEQ(d->nblocks, 0);
	doc_free(d);
	g_free(p);
}

TT(pdf_truncated_gives_truncated_with_reason)
{
	char *p = fixture("truncated.pdf");
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_ERR_TRUNCATED);
	TT_CHECK(strstr(e.msg, "truncated.pdf") && strstr(e.msg, "%%EOF"));
	doc_free(d);
	g_free(p);
}

TT(pdf_garbage_and_non_pdf_are_format_errors)
{
	ext_limits lim = lim_default(0, NULL);
	static const char junk[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
	                           "trailer << /Root 1 0 R >>\n%%EOF\n";
	static const char zip[] = "PK\x03\x04 this is a zip, not a pdf";
	tv_error e = {0};
	tv_doc *d = doc_new("junk.pdf", "pdf");
	ext_input in = {"junk.pdf", junk, sizeof junk - 1, &lim};
	tv_err rc = ext_pdf(&in, d, &e);
	TT_CHECK(rc == TV_ERR_FORMAT || rc == TV_ERR_EMPTY);
	TT_INTEQ(d->nblocks, 0);
	doc_free(d);
	d = doc_new("zip.pdf", "pdf");
	ext_input in2 = {"zip.pdf", zip, sizeof zip - 1, &lim};
	TT_INTEQ(ext_pdf(&in2, d, &e), TV_ERR_FORMAT);
	TT_CHECK(strstr(e.msg, "zip.pdf") && strstr(e.msg, "not a PDF"));
	doc_free(d);
}

/* ---- OCR ------------------------------------------------------------------ */

TT(pdf_scan_without_ocr_is_empty_with_reason)
{
	char *p = fixture("scan.pdf");
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_ERR_EMPTY);
	TT_CHECK(strstr(e.msg, "scanned PDF without text layer (OCR disabled)") != NULL);
	doc_free(d);
	g_free(p);
}

TT(pdf_scan_ocr_reads_vietnamese_lines)
{
	tv_doc *d = ocr_scan(NULL);
	TT_ASSERT(d);
	TT_CHECK(d->source & DOC_SRC_OCR);
	TT_ASSERT(d->nblocks >= 3);
	TT_STREQ(d->blocks[0].text, "THÔNG BÁO");
	TT_CHECK(d->blocks[0].flags & DOC_OCR);
	TT_CHECK(d->blocks[0].flags & DOC_CAPS);
	/* centred title: its box straddles the middle of the 595 pt page */
	TT_CHECK(d->blocks[0].x0 < 297 && d->blocks[0].x1 > 297);
	TT_CHECK(words_found(d, "Nhà trường thông báo đến toàn thể sinh viên") >= 0.99);
	TT_CHECK(words_found(d, "lịch kiểm tra hồ sơ học tập của năm học mới") >= 0.8);
	doc_free(d);
}

TT(ocr_cache_is_reused_on_second_run)
{
	char *dir = tt_tmpdir();
	tv_doc *d = ocr_scan(dir);
	TT_ASSERT(d);
	doc_free(d);
	/* one cache file; rewrite its first line's text and expect to read it back */
	GDir *gd = g_dir_open(dir, 0, NULL);
	TT_ASSERT(gd);
	const char *name = g_dir_read_name(gd);
	TT_ASSERT(name && g_str_has_suffix(name, ".ocr"));
	char *cf = g_strdup_printf("%s/%s", dir, name);
	TT_CHECK(g_dir_read_name(gd) == NULL);
	g_dir_close(gd);
	char *body = NULL;
	TT_ASSERT(g_file_get_contents(cf, &body, NULL, NULL));
	char *at = strstr(body, "\tTHÔNG BÁO\n");
	TT_ASSERT(at);
	GString *nb = g_string_new_len(body, at - body);
	g_string_append(nb, "\tTHÔNG BÁO TỪ BỘ NHỚ ĐỆM\n");
	g_string_append(nb, at + strlen("\tTHÔNG BÁO\n"));
	TT_ASSERT(g_file_set_contents(cf, nb->str, (gssize)nb->len, NULL));
	d = ocr_scan(dir);
	TT_ASSERT(d);
	TT_ASSERT(d->nblocks > 0);
	TT_STREQ(d->blocks[0].text, "THÔNG BÁO TỪ BỘ NHỚ ĐỆM");
	doc_free(d);
	g_string_free(nb, TRUE);
	g_free(body);
	g_free(cf);
	free(dir);
}

/* Specks read as "_", "`", "|" at a line's ends and symbols never printed in
 * an official document ("†", "§") inside it are dropped from OCR lines; the
 * cache file goes through the same cleaning, which lets the test feed it. */
TT(ocr_line_noise_at_edges_and_daggers_dropped)
{
	char *dir = tt_tmpdir();
	tv_doc *d = ocr_scan(dir);
	TT_ASSERT(d);
	doc_free(d);
	GDir *gd = g_dir_open(dir, 0, NULL);
	TT_ASSERT(gd);
	const char *name = g_dir_read_name(gd);
	TT_ASSERT(name);
	char *cf = g_strdup_printf("%s/%s", dir, name);
	g_dir_close(gd);
	char *body = NULL;
	TT_ASSERT(g_file_get_contents(cf, &body, NULL, NULL));
	char *at = strstr(body, "\tTHÔNG BÁO\n");
	TT_ASSERT(at);
	GString *nb = g_string_new_len(body, at - body);
	g_string_append(nb, "\t_ PHÒNG CÔNG T† ÁC§ `\n");
	g_string_append(nb, at + strlen("\tTHÔNG BÁO\n"));
	TT_ASSERT(g_file_set_contents(cf, nb->str, (gssize)nb->len, NULL));
	d = ocr_scan(dir);
	TT_ASSERT(d);
	TT_ASSERT(d->nblocks > 0);
	TT_STREQ(d->blocks[0].text, "PHÒNG CÔNG T ÁC");
	doc_free(d);
	g_string_free(nb, TRUE);
	g_free(body);
	g_free(cf);
	free(dir);
}

TT(ocr_progress_counts_each_page_and_nothing_left_running)
{
	char *dir = tt_tmpdir();
	unsigned busy = 99, before = ext_ocr_progress(&busy);
	TT_INTEQ(busy, 0);
	tv_doc *d = ocr_scan(dir);
	TT_ASSERT(d);
	int pages = d->pages;
	doc_free(d);
	/* a cache hit is a page done too */
	d = ocr_scan(dir);
	TT_ASSERT(d);
	doc_free(d);
	TT_INTEQ(ext_ocr_progress(&busy) - before, 2 * pages);
	TT_INTEQ(busy, 0);
	free(dir);
}

/* Threads of this process now (each test runs in a process of its own). */
static int thread_count(void)
{
	GDir *gd = g_dir_open("/proc/self/task", 0, NULL);
	int n = 0;
	if (!gd) return -1;
	while (g_dir_read_name(gd)) n++;
	g_dir_close(gd);
	return n;
}

/* Tesseract's LSTM asks OpenMP for a team of its own size in every step; on 2
 * cores that team spent most of its time waking and parking threads (a 4-page
 * scan took 85 s, 42 of them in the kernel, instead of 12 s).  Recognition
 * must stay on the worker's own thread, and leave no OpenMP team behind. */
TT(ocr_recognises_on_the_calling_thread_only)
{
	char *dir = tt_tmpdir(); /* empty: the page is recognised, not read back */
	int before = thread_count();
	TT_ASSERT(before >= 1);
	tv_doc *d = ocr_scan(dir);
	TT_ASSERT(d);
	TT_CHECK(d->source & DOC_SRC_OCR);
	TT_INTEQ(thread_count(), before);
	doc_free(d);
	free(dir);
}

/* got has want's blocks: text, page, flags and layout hints. */
static void same_blocks(const tv_doc *want, const tv_doc *got)
{
	TT_INTEQ(got->nblocks, want->nblocks);
	for (size_t i = 0; i < want->nblocks && i < got->nblocks; i++) {
		const doc_block *a = &want->blocks[i], *b = &got->blocks[i];
		TT_STREQ(b->text, a->text);
		TT_INTEQ(b->page, a->page);
		TT_INTEQ(b->flags, a->flags);
		TT_INTEQ(b->col, a->col);
		TT_CHECK(b->x0 == a->x0 && b->x1 == a->x1 && b->y == a->y && b->size == a->size);
	}
}

/* A page recognised now and the same page read back from the cache give the
 * same document, boxes and all: a first index and a re-index must read the
 * same fields (with exact boxes against the cache's 0.1 pt, corpus-real
 * v04.pdf lost its signer on the first index only). */
TT(ocr_first_read_gives_what_the_cache_gives)
{
	char *dir = tt_tmpdir();
	tv_doc *d[2];
	for (int run = 0; run < 2; run++) TT_ASSERT((d[run] = ocr_scan(dir)) != NULL);
	TT_ASSERT(d[0]->nblocks >= 3);
	same_blocks(d[0], d[1]);
	doc_free(d[0]);
	doc_free(d[1]);
	free(dir);
}

/* A scan's later pages are read on a helper thread while the worker reads
 * the first ones (ext_pdf.c, "OCR ahead"); the document must be the one a
 * single thread gives, block for block.  Both runs recognise every page: each
 * has an empty cache of its own. */
TT(ocr_ahead_gives_what_one_thread_gives)
{
	tv_doc *d[2];
	unsigned ahead_before = ext_pdf_pages_ahead();
	TT_ASSERT((d[0] = real_scan("v04.pdf", 1)) != NULL); /* a 4-page scan */
	TT_INTEQ(ext_pdf_pages_ahead(), ahead_before);
	TT_ASSERT((d[1] = real_scan("v04.pdf", 2)) != NULL);
	/* the helper took pages from the end until it met the worker */
	TT_CHECK(ext_pdf_pages_ahead() - ahead_before >= 1);
	TT_CHECK(d[0]->source & DOC_SRC_OCR);
	TT_INTEQ(d[1]->source, d[0]->source);
	TT_CHECK(d[0]->nblocks > 20);
	same_blocks(d[0], d[1]);
	TT_INTEQ(d[0]->nblocks ? d[0]->blocks[d[0]->nblocks - 1].page : 0, 4);
	doc_free(d[0]);
	doc_free(d[1]);
}

/* The helper reads with an engine a worker has left idle (ext_ocr.c's pool):
 * three scans, each with a helper beside the reader, load two engines in all,
 * not one more per helper (40 MB of model each). */
TT(ocr_helper_reads_with_the_workers_engines)
{
	ext_ocr_release();
	unsigned loads = ext_ocr_loads(), ahead = ext_pdf_pages_ahead();
	for (int run = 0; run < 3; run++) {
		tv_doc *d = real_scan("v07.pdf", 2); /* a 2-page scan */
		TT_CHECK(d && (d->source & DOC_SRC_OCR) && d->nblocks > 5);
		doc_free(d);
	}
	TT_CHECK(ext_pdf_pages_ahead() - ahead >= 3); /* the helper read a page each time */
	TT_INTEQ(ext_ocr_loads() - loads, 2);
}

TT(ocr_cache_corrupt_file_is_ignored)
{
	char *dir = tt_tmpdir();
	tv_doc *d = ocr_scan(dir);
	TT_ASSERT(d);
	doc_free(d);
	GDir *gd = g_dir_open(dir, 0, NULL);
	TT_ASSERT(gd);
	char *cf = g_strdup_printf("%s/%s", dir, g_dir_read_name(gd));
	g_dir_close(gd);
	TT_ASSERT(g_file_set_contents(cf, "not a cache file\n\t\t\n", -1, NULL));
	d = ocr_scan(dir);
	TT_ASSERT(d);
	TT_ASSERT(d->nblocks > 0);
	TT_STREQ(d->blocks[0].text, "THÔNG BÁO");
	doc_free(d);
	g_free(cf);
	free(dir);
}

/* ---- legacy PDF fonts ------------------------------------------------------- */

TT(pdf_tcvn3_fonts_decode_issuer_in_unicode)
{
	const char *cd = corpus_dir();
	TT_ASSERT(cd);
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	char *p = g_strdup_printf("%s/files/l05.pdf", cd);
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_OK);
	TT_ASSERT(d->nblocks > 6);
	/* the issuer wraps onto two lines of the left column (.VnTimeH: caps) */
	TT_STREQ(d->blocks[0].text, "NGÂN HÀNG NHÀ NƯỚC");
	TT_STREQ(d->blocks[1].text, "VIỆT NAM");
	TT_INTEQ(d->blocks[0].col, DOC_COL_LEFT);
	TT_CHECK(d->blocks[0].flags & DOC_LEGACY);
	TT_CHECK(d->source & DOC_SRC_LEGACY);
	TT_CHECK(find_block(d, "Số : 01/2006/TT-NHNN") >= 0);
	doc_free(d);
	g_free(p);
	p = g_strdup_printf("%s/files/l06.pdf", cd);
	TT_INTEQ(run_file(p, 0, &lim, &d, &e), TV_OK);
	TT_STREQ(d->blocks[0].text, "CHÍNH PHỦ");
	TT_CHECK(find_block(d, "NGHỊ ĐỊNH CỦA CHÍNH PHỦ") >= 0);
	TT_CHECK(find_block(d, "Số: 109/2004/NĐ-CP") >= 0);
	TT_INTEQ(d->pages, 30);
	doc_free(d);
	g_free(p);
}

/* ---- Word 97 .doc ----------------------------------------------------------- */

TT(doc_corpus_files_extract_title_and_issuer)
{
	const char *cd = corpus_dir();
	TT_ASSERT(cd);
	char *tp = g_strdup_printf("%s/truth.jsonl", cd);
	char *all = NULL;
	TT_ASSERT(g_file_get_contents(tp, &all, NULL, NULL));
	int seen = 0;
	char **lines = g_strsplit(all, "\n", -1);
	for (char **l = lines; *l; l++) {
		if (!**l) continue;
		json_t *j = json_loads(*l, 0, NULL);
		if (!j) continue;
		const char *file = json_string_value(json_object_get(j, "file"));
		const char *title = json_string_value(json_object_get(j, "title"));
		const char *issuer = json_string_value(json_object_get(j, "issuer"));
		if (file && g_str_has_suffix(file, ".doc") && title && issuer) {
			char *p = g_strdup_printf("%s/files/%s", cd, file);
			ext_limits lim = lim_default(0, NULL);
			tv_doc *d;
			tv_error e = {0};
			tv_err rc = run_file(p, 1, &lim, &d, &e);
			if (rc != TV_OK) tt_fail(__FILE__, __LINE__, "%s: %s", file, e.msg);
			double t = words_found(d, title), s = words_found(d, issuer);
			if (t < 1.0 || s < 1.0)
				tt_fail(__FILE__, __LINE__,
				        "%s: title words %.2f, issuer words %.2f", file, t, s);
			seen++;
			doc_free(d);
			g_free(p);
		}
		json_decref(j);
	}
	TT_INTEQ(seen, 7);
	g_strfreev(lines);
	g_free(all);
	g_free(tp);
}

TT(doc_tcvn3_caps_font_and_header_columns)
{
	tv_doc *d = real_doc("l01.doc");
	TT_ASSERT(d);
	TT_ASSERT(d->nblocks > 10);
	/* "bé tµi chÝnh" in .VnTimeH → capitals; the header typed with spaces is split */
	TT_STREQ(d->blocks[0].text, "BỘ TÀI CHÍNH");
	TT_INTEQ(d->blocks[0].col, DOC_COL_LEFT);
	TT_CHECK(d->blocks[0].flags & DOC_LEGACY);
	TT_CHECK(d->blocks[0].flags & DOC_CAPS);
	int so = find_block(d, "Số:  144 /2002/QĐ/BTC");
	int ch = find_block(d, "CỘNG HOÀ XÃ HỘI CHỦ  NGHĨA VIỆT NAM");
	TT_ASSERT(so > 0 && ch > so);
	TT_INTEQ(d->blocks[ch].col, DOC_COL_RIGHT);
	TT_CHECK(find_block(d, "QUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH") > ch);
	TT_CHECK(d->source & DOC_SRC_LEGACY);
	doc_free(d);
}

TT(doc_vni_runs_decoded_unicode_runs_kept)
{
	tv_doc *d = real_doc("l04.doc");
	TT_ASSERT(d);
	TT_STREQ(d->blocks[0].text, "ỦY BAN NHÂN DÂN");
	TT_CHECK(find_block(d, "Số: 991/QĐ-UBND") >= 0);
	char *text = doc_text(d);
	TT_CHECK(strstr(text, "Trương Tấn Thiệu") != NULL); /* typed in Unicode in the VNI file */
	free(text);
	doc_free(d);
}

TT(doc_header_table_cells_have_row_and_cell)
{
	const char *cd = corpus_dir();
	TT_ASSERT(cd);
	char *p = g_strdup_printf("%s/files/h02.doc", cd);
	ext_limits lim = lim_default(0, NULL);
	tv_doc *d;
	tv_error e = {0};
	TT_INTEQ(run_file(p, 1, &lim, &d, &e), TV_OK);
	int a = find_block(d, "ỦY BAN NHÂN DÂN"),
	    b = find_block(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	int n = find_block(d, "Số:09/2010/QĐ-UBND"), t = find_block(d, "QUYẾT ĐỊNH");
	TT_ASSERT(a >= 0 && b >= 0 && n >= 0 && t >= 0);
	TT_CHECK(d->blocks[a].flags & DOC_TABLE);
	TT_INTEQ(d->blocks[a].table, 1);
	TT_INTEQ(d->blocks[a].cell, 0);
	TT_INTEQ(d->blocks[b].cell, 1);
	TT_INTEQ(d->blocks[b].row, d->blocks[a].row);
	TT_CHECK(d->blocks[n].row > d->blocks[a].row);
	TT_INTEQ(d->blocks[n].cell, 0);
	TT_CHECK(!(d->blocks[t].flags & DOC_TABLE));
	TT_INTEQ(d->blocks[t].table, 0);
	doc_free(d);
	g_free(p);
}

/* Set fEncrypted in the FIB of a real file: the handler must refuse it. */
TT(doc_password_protected_gives_encrypted)
{
	const char *cd = corpus_dir();
	TT_ASSERT(cd);
	char *p = g_strdup_printf("%s/files/h01.doc", cd);
	char *data = NULL;
	size_t len = 0;
	tv_error e = {0};
	TT_ASSERT(tv_read_file(p, 1u << 30, &data, &len, &e) == TV_OK);
	size_t fib = 0;
	for (size_t off = 512; off + 512 <= len; off += 512)
		if ((unsigned char)data[off] == 0xEC && (unsigned char)data[off + 1] == 0xA5) {
			fib = off;
			break;
		}
	TT_ASSERT(fib);
	data[fib + 0x0B] |= 0x01;
	ext_limits lim = lim_default(0, NULL);
	ext_input in = {"locked.doc", data, len, &lim};
	tv_doc *d = doc_new("locked.doc", "doc");
	TT_INTEQ(ext_doc(&in, d, &e), TV_ERR_ENCRYPTED);
	TT_CHECK(strstr(e.msg, "locked.doc") != NULL);
	TT_INTEQ(d->nblocks, 0);
	doc_free(d);
	free(data);
	g_free(p);
}

TT(doc_truncated_or_foreign_bytes_are_refused)
{
	const char *cd = corpus_dir();
	TT_ASSERT(cd);
	char *p = g_strdup_printf("%s/files/h03.doc", cd);
	char *data = NULL;
	size_t len = 0;
	tv_error e = {0};
	TT_ASSERT(tv_read_file(p, 1u << 30, &data, &len, &e) == TV_OK);
	ext_limits lim = lim_default(0, NULL);
	ext_input in = {"cut.doc", data, len / 3, &lim};
	tv_doc *d = doc_new("cut.doc", "doc");
	tv_err rc = ext_doc(&in, d, &e);
	TT_CHECK(rc == TV_ERR_FORMAT || rc == TV_ERR_TRUNCATED);
	doc_free(d);
	static const char txt[] = "Đây là văn bản thuần, không phải tệp Word.";
	ext_input in2 = {"plain.doc", txt, sizeof txt - 1, &lim};
	d = doc_new("plain.doc", "doc");
	TT_INTEQ(ext_doc(&in2, d, &e), TV_ERR_FORMAT);
	TT_CHECK(strstr(e.msg, "plain.doc") != NULL);
	doc_free(d);
	free(data);
	g_free(p);
}

/* A decree's "Chương I" is a chapter heading, not the signer: a word of one
 * letter is no part of a name.  (Held by chance before: the lower case of the
 * empty rest of "I" was unterminated memory, and the signer changed from one
 * indexing run to the next.) */
TT(word_decree_signer_is_not_its_chapter_heading)
{
	tv_doc *d = real_doc("l02.doc");
	TT_ASSERT(d);
	TT_ASSERT(find_block(d, "Chương I") >= 0);
	fld_fields f;
	fld_extract(d, &f);
	TT_STREQ(f.signer, "Phan Văn Khải");
	fld_free(&f);
	doc_free(d);
}
