/* accuracy.c — how well the field parser reads real documents.  For every line
 * of a truth file (corpus-real/truth.jsonl: one JSON object per document with
 * the expected fields, the document under files/ beside it) and every labelled
 * document tests/data/fields/NAME.json (fields of NAME.txt beside it), the file
 * is extracted with ext_file, read with fld_extract, and compared field by
 * field.  Prints a per-field table with separate columns for documents with a
 * text layer, scanned (OCR) documents and legacy-encoded (TCVN3/VNI) ones;
 * --verbose lists every mismatch.
 *
 * Usage: accuracy [--verbose] [--no-ocr] [--ocr-cache DIR] TRUTH.jsonl [LABEL_DIR...]
 *
 * Scanned pages are read by OCR unless --no-ocr is given, as the indexer does,
 * so that the "ocr" column measures what a user of the library gets;
 * --ocr-cache keeps page results between runs (the indexer's cache format).
 *
 * Comparison: white space collapsed and NFC on both sides; null against null
 * is right, a value against null (or null against a value) is wrong.  The date
 * is compared with "date", or with "date_partial" when the day was left blank.
 * Lists (kinh_gui, noi_nhan, cites) must hold the same items; order is free.
 * signer_authority lines are joined by " / " by the parser and by "; " in the
 * truth file: both separators are taken as the same. */
#define _GNU_SOURCE
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/tv.h"
#include "../indexer/extract.h"
#include "../indexer/fields.h"
#include "../vn/vn.h"

enum { CAT_TEXT, CAT_OCR, CAT_LEGACY, CAT_ALL, NCAT };
static const char *const cat_name[NCAT] = {"text", "ocr", "legacy", "all"};

static const char *const field_names[] = {"number",
                                          "type",
                                          "issuer",
                                          "issuer_parent",
                                          "place",
                                          "date",
                                          "title",
                                          "signer",
                                          "signer_title",
                                          "signer_position",
                                          "signer_authority",
                                          "kinh_gui",
                                          "noi_nhan",
                                          "cites",
                                          NULL};
#define NFIELDS 14

#define USAGE                                                                                      \
	"usage: accuracy [--verbose] [--no-ocr] [--ocr-cache DIR] TRUTH.jsonl [LABEL_DIR...]\n"

static int right[NFIELDS][NCAT], total[NFIELDS][NCAT];
static int verbose;

/* Whitespace collapsed, NFC, authority separators unified; caller frees. */
static char *norm(const char *s)
{
	if (!s) return NULL;
	char *c = vn_clean(s, strlen(s));
	tv_buf b = TV_BUF_INIT;
	int sp = 0;
	for (const char *p = c; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			sp = 1;
			continue;
		}
		if (sp && b.len) tv_buf_putc(&b, ' ');
		sp = 0;
		tv_buf_putc(&b, *p);
	}
	free(c);
	char *r = tv_buf_take(&b);
	for (char *q; (q = strstr(r, "; ")) != NULL;) {
		/* "; " → " / " */
		tv_buf t = TV_BUF_INIT;
		tv_buf_append(&t, r, (size_t)(q - r));
		tv_buf_puts(&t, " / ");
		tv_buf_puts(&t, q + 2);
		free(r);
		r = tv_buf_take(&t);
	}
	return r;
}

static char *strv_join(const tv_strv *v)
{
	if (!v->n) return NULL;
	/* sorted copy so that order does not matter */
	char **c = tv_malloc(v->n * sizeof *c);
	for (size_t i = 0; i < v->n; i++) c[i] = norm(v->v[i]);
	for (size_t i = 1; i < v->n; i++)
		for (size_t j = i; j > 0 && strcmp(c[j], c[j - 1]) < 0; j--) {
			char *t = c[j];
			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	tv_buf b = TV_BUF_INIT;
	for (size_t i = 0; i < v->n; i++) {
		if (i) tv_buf_puts(&b, " | ");
		tv_buf_puts(&b, c[i]);
		free(c[i]);
	}
	free(c);
	return tv_buf_take(&b);
}

static char *json_list(json_t *a)
{
	if (!json_is_array(a) || !json_array_size(a)) return NULL;
	tv_strv v = TV_STRV_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) if (json_is_string(x)) tv_strv_push(&v, json_string_value(x));
	char *r = strv_join(&v);
	tv_strv_free(&v);
	return r;
}

static char *got_field(const fld_fields *f, int k)
{
	const char *s = NULL;
	switch (k) {
	case 0:
		s = f->number;
		break;
	case 1:
		s = f->type;
		break;
	case 2:
		s = f->issuer;
		break;
	case 3:
		s = f->issuer_parent;
		break;
	case 4:
		s = f->place;
		break;
	case 5:
		s = f->date;
		break;
	case 6:
		s = f->title;
		break;
	case 7:
		s = f->signer;
		break;
	case 8:
		s = f->signer_title;
		break;
	case 9:
		s = f->signer_position;
		break;
	case 10:
		s = f->signer_authority;
		break;
	case 11:
		return strv_join(&f->kinh_gui);
	case 12:
		return strv_join(&f->noi_nhan);
	case 13:
		return strv_join(&f->cites);
	}
	return norm(s);
}

static char *want_field(json_t *t, int k)
{
	if (k >= 11) return json_list(json_object_get(t, field_names[k]));
	json_t *v = json_object_get(t, field_names[k]);
	if (k == 5 && !json_is_string(v)) v = json_object_get(t, "date_partial");
	return json_is_string(v) ? norm(json_string_value(v)) : NULL;
}

static int category(json_t *t)
{
	const char *tl = json_string_value(json_object_get(t, "text_layer"));
	if (json_is_true(json_object_get(t, "scanned"))) return CAT_OCR;
	if (tl && strncmp(tl, "legacy", 6) == 0) return CAT_LEGACY;
	if (tl && (!strcmp(tl, "none") || !strcmp(tl, "garbled-ocr") ||
	           !strcmp(tl, "signature-stamp-only")))
		return CAT_OCR;
	return CAT_TEXT;
}

static void check(const char *path, json_t *t, const ext_limits *lim)
{
	int cat = category(t);
	tv_doc *d = NULL;
	tv_error e;
	fld_fields f;
	memset(&f, 0, sizeof f);
	if (ext_file(path, lim, &d, &e) != TV_OK) {
		fprintf(stderr, "%s\n", e.msg);
	} else {
		fld_extract(d, &f);
	}
	for (int k = 0; k < NFIELDS; k++) {
		char *g = got_field(&f, k), *w = want_field(t, k);
		int ok = (!g && !w) || (g && w && strcmp(g, w) == 0);
		total[k][cat]++, total[k][CAT_ALL]++;
		if (ok)
			right[k][cat]++, right[k][CAT_ALL]++;
		else if (verbose)
			printf("  %-10s %-16s got  %s\n  %-10s %-16s want %s\n",
			       path + (strrchr(path, '/') ? strrchr(path, '/') - path + 1 : 0),
			       field_names[k], g ? g : "null", "", "", w ? w : "null");
		free(g);
		free(w);
	}
	fld_free(&f);
	doc_free(d);
}

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? tv_strndup(path, (size_t)(s - path)) : tv_strdup(".");
}

int main(int argc, char **argv)
{
	ext_limits lim = ext_default_limits();
	lim.ocr = 1;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--no-ocr"))
			lim.ocr = 0;
		else if (!strcmp(argv[i], "--ocr-cache") && i + 1 < argc)
			lim.ocr_cache = argv[++i];
		else {
			fprintf(stderr, USAGE);
			return 1;
		}
	}
	if (i >= argc) {
		fprintf(stderr, USAGE);
		return 1;
	}
	int docs = 0;
	/* the truth file */
	FILE *fp = fopen(argv[i], "r");
	if (!fp) {
		fprintf(stderr, "accuracy: cannot open %s\n", argv[i]);
		return 1;
	}
	char *dir = dir_of(argv[i]);
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, fp) > 0) {
		json_error_t je;
		json_t *t = json_loads(line, 0, &je);
		if (!t) continue;
		const char *file = json_string_value(json_object_get(t, "file"));
		if (file) {
			char *path;
			if (asprintf(&path, "%s/files/%s", dir, file) < 0) abort();
			check(path, t, &lim);
			free(path);
			docs++;
		}
		json_decref(t);
	}
	free(line);
	free(dir);
	fclose(fp);
	/* labelled documents: NAME.json beside the file it names (or NAME.txt) */
	for (i++; i < argc; i++) {
		DIR *dd = opendir(argv[i]);
		if (!dd) {
			fprintf(stderr, "accuracy: cannot open %s\n", argv[i]);
			continue;
		}
		struct dirent *de;
		tv_strv names = TV_STRV_INIT;
		while ((de = readdir(dd)) != NULL) {
			size_t n = strlen(de->d_name);
			if (n > 5 && !strcmp(de->d_name + n - 5, ".json"))
				tv_strv_push(&names, de->d_name);
		}
		closedir(dd);
		for (size_t k = 0; k < names.n; k++) {
			char *jp;
			if (asprintf(&jp, "%s/%s", argv[i], names.v[k]) < 0) abort();
			json_error_t je;
			json_t *t = json_load_file(jp, 0, &je);
			if (t) {
				const char *file = json_string_value(json_object_get(t, "file"));
				char *path;
				if (file) {
					if (asprintf(&path, "%s/%s", argv[i], file) < 0) abort();
				} else {
					path = tv_strdup(jp);
					strcpy(path + strlen(path) - 5, ".txt");
				}
				check(path, t, &lim);
				free(path);
				json_decref(t);
				docs++;
			} else
				fprintf(stderr, "%s: %s\n", jp, je.text);
			free(jp);
		}
		tv_strv_free(&names);
	}
	printf("\n%d documents\n%-18s", docs, "field");
	for (int c = 0; c < NCAT; c++) printf("  %-14s", cat_name[c]);
	printf("\n");
	for (int k = 0; k < NFIELDS; k++) {
		printf("%-18s", field_names[k]);
		for (int c = 0; c < NCAT; c++) {
			if (total[k][c])
				printf("  %3d/%-3d %4.0f%% ", right[k][c], total[k][c],
				       100.0 * right[k][c] / total[k][c]);
			else
				printf("  %-14s", "-");
		}
		printf("\n");
	}
	return 0;
}
