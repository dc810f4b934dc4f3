/* test_realfiles.c — the real documents of ../shared/corpus-real end to end
 * through the CLI, OCR on: every file indexes, every scan is found by the words
 * of its title, its provenance says "ocr", and a second index that starts
 * from the first one's OCR cache repeats no OCR.
 *
 * OCR of the seven scans costs about a minute on two cores, so the library is
 * indexed once, by whichever test runs first, and the others reuse it. */
#define _GNU_SOURCE
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "tt.h"

#define REAL_DIR "../shared/corpus-real"

static char *real_dir;  /* corpus-real, found beside the tree or from tests/data */
static char *lib_dir;   /* temp dir holding db/ once indexed */
static char *index_out; /* stdout of that index run */
static int index_rc = -1;

static double now_s(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static int find_real(void)
{
	if (real_dir) return 1;
	char cand[2][4096];
	snprintf(cand[0], sizeof cand[0], "%s", REAL_DIR);
	snprintf(cand[1], sizeof cand[1], "%s/../../../shared/corpus-real", tt_data_dir);
	for (int i = 0; i < 2; i++) {
		char path[4200];
		snprintf(path, sizeof path, "%s/truth.jsonl", cand[i]);
		FILE *f = fopen(path, "r");
		if (f) {
			fclose(f);
			real_dir = strdup(cand[i]);
			return 1;
		}
	}
	return 0;
}

/* Index corpus-real/files once per run of the test runner; 1 when the
 * library is there.  The runner forks each test, so "once" is kept on disk:
 * the library sits beside the runner's per-test temporary folders, and the
 * index run's output is saved in it when the run succeeded. */
static int ensure_library(void)
{
	if (index_rc >= 0) return index_rc == 0;
	if (!find_real()) {
		tt_fail(__FILE__, __LINE__, "corpus-real not found (%s)", REAL_DIR);
		index_rc = 1;
		return 0;
	}
	char *t = tt_tmpdir();
	char *slash = strrchr(t, '/');
	if (slash) *slash = 0;
	if (asprintf(&lib_dir, "%s/realfiles", t) < 0) abort();
	free(t);
	char done[4200];
	snprintf(done, sizeof done, "%s/index.out", lib_dir);
	FILE *f = fopen(done, "r");
	if (f) {
		char buf[512] = "";
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = 0;
		fclose(f);
		index_out = strdup(buf);
		index_rc = 0;
		return 1;
	}
	double t0 = now_s();
	index_rc = tt_run(&index_out, NULL,
	                  "rm -rf %s && mkdir -p %s && %s index --jobs 2 --db %s/db %s/files",
	                  lib_dir, lib_dir, tt_bin, lib_dir, real_dir);
	fprintf(stderr, "  [realfiles: indexed with OCR in %.1f s]\n", now_s() - t0);
	if (index_rc != 0) {
		tt_fail(__FILE__, __LINE__, "index exited %d", index_rc);
		return 0;
	}
	f = fopen(done, "w");
	if (f) {
		fputs(index_out ? index_out : "", f);
		fclose(f);
	}
	return 1;
}

/* truth.jsonl entries of scanned documents, as a JSON array; caller decrefs. */
static json_t *scanned_truth(void)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/truth.jsonl", real_dir);
	FILE *f = fopen(path, "r");
	if (!f) return NULL;
	json_t *all = json_array();
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		json_t *o = json_loads(line, 0, NULL);
		if (o && json_is_true(json_object_get(o, "scanned"))) json_array_append(all, o);
		json_decref(o);
	}
	free(line);
	fclose(f);
	return all;
}

static const char *base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;
	return s ? s + 1 : p;
}

/* The first n words of a title, without characters the shell or the query
 * syntax would take ("'", quotes, a leading "-"). */
static char *title_query(const char *title, int n)
{
	size_t len = strlen(title);
	char *q = malloc(len + 1), *o = q;
	int words = 0, in_word = 0;
	for (const char *p = title; *p && words <= n; p++) {
		char c = *p;
		if (c == '\'' || c == '"' || c == '\\' || c == '(' || c == ')') c = ' ';
		if (c == ' ') {
			if (in_word) words++;
			in_word = 0;
			if (words >= n) break;
			if (o > q) *o++ = ' ';
			continue;
		}
		if (!in_word && c == '-') continue;
		in_word = 1;
		*o++ = c;
	}
	*o = 0;
	return q;
}

TT(real_files_all_index_without_failure)
{
	if (!ensure_library()) return;
	unsigned indexed = 0, unchanged = 0, removed = 0, failed = 99;
	TT_ASSERT(sscanf(index_out, "%u indexed, %u unchanged, %u removed, %u failed", &indexed,
	                 &unchanged, &removed, &failed) == 4);
	TT_INTEQ(indexed, 21);
	TT_INTEQ(failed, 0);
}

TT(scanned_real_files_found_by_title_words)
{
	if (!ensure_library()) return;
	json_t *sc = scanned_truth();
	TT_ASSERT(sc);
	TT_CHECK(json_array_size(sc) == 7);
	size_t i;
	json_t *t;
	json_array_foreach(sc, i, t)
	{
		const char *file = json_string_value(json_object_get(t, "file"));
		const char *title = json_string_value(json_object_get(t, "title"));
		if (!file || !title) continue;
		char *q = title_query(title, 8);
		char *out = NULL;
		int rc = tt_run(&out, NULL, "%s search --db %s/db --json --limit 3 '%s'", tt_bin,
		                lib_dir, q);
		json_t *j = rc == 0 ? tt_json(out) : NULL;
		int found = 0;
		json_t *res = j ? json_object_get(j, "results") : NULL;
		for (size_t k = 0; k < json_array_size(res) && k < 3; k++) {
			const char *p =
			    json_string_value(json_object_get(json_array_get(res, k), "path"));
			if (p && strcmp(base_name(p), file) == 0) found = 1;
		}
		if (!found)
			tt_fail(__FILE__, __LINE__, "%s not in the top 3 for \"%s\" (rc %d)", file,
			        q, rc);
		json_decref(j);
		free(out);
		free(q);
	}
	json_decref(sc);
}

TT(scanned_real_file_shows_ocr_provenance)
{
	if (!ensure_library()) return;
	json_t *sc = scanned_truth();
	TT_ASSERT(sc && json_array_size(sc) > 0);
	size_t i;
	json_t *t;
	json_array_foreach(sc, i, t)
	{
		const char *file = json_string_value(json_object_get(t, "file"));
		char *out = NULL;
		int rc = tt_run(&out, NULL, "%s show --db %s/db --json %s/files/%s", tt_bin,
		                lib_dir, real_dir, file);
		TT_INTEQ(rc, 0);
		json_t *j = rc == 0 ? tt_json(out) : NULL;
		json_t *doc = j && json_object_get(j, "provenance") ? j : json_object_get(j, "doc");
		json_t *prov = json_object_get(doc, "provenance");
		int ocr = 0;
		for (size_t k = 0; k < json_array_size(prov); k++)
			if (strcmp(json_string_value(json_array_get(prov, k)) ?: "", "ocr") == 0)
				ocr = 1;
		if (!ocr) tt_fail(__FILE__, __LINE__, "%s: provenance lacks \"ocr\"", file);
		json_decref(j);
		free(out);
	}
	json_decref(sc);
}

/* Number of files in dir (the OCR cache: one file per page). */
static int count_files(const char *dir)
{
	char *out = NULL;
	tt_run(&out, NULL, "ls -1 '%s' 2>/dev/null | wc -l", dir);
	int n = out ? atoi(out) : -1;
	free(out);
	return n;
}

TT(reindex_with_warm_ocr_cache_repeats_no_ocr)
{
	if (!ensure_library()) return;
	char cache[4200];
	snprintf(cache, sizeof cache, "%s/db/ocr-cache", lib_dir);
	int pages = count_files(cache);
	TT_ASSERT(pages >= 7); /* at least one page per scan */
	char *dir = tt_tmpdir();
	TT_INTEQ(tt_run(NULL, NULL, "mkdir -p %s/db && cp -r %s %s/db/", dir, cache, dir), 0);
	char *out = NULL;
	double t0 = now_s();
	int rc = tt_run(&out, NULL, "%s index --jobs 2 --db %s/db %s/files", tt_bin, dir, real_dir);
	double el = now_s() - t0;
	fprintf(stderr, "  [realfiles: re-indexed with a warm OCR cache in %.1f s]\n", el);
	TT_INTEQ(rc, 0);
	TT_CHECK(out && strstr(out, "21 indexed") && strstr(out, " 0 failed"));
	char cache2[4200];
	snprintf(cache2, sizeof cache2, "%s/db/ocr-cache", dir);
	/* a page missing from the cache would have been recognised and added */
	TT_INTEQ(count_files(cache2), pages);
	free(out);
	free(dir);
}
