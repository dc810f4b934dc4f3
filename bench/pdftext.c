/* pdftext.c — the floor for PDF indexing: bare poppler-glib text extraction
 * (poppler_page_get_text on every page) over the PDFs of a folder, in one
 * process on N threads, doing nothing with the text but counting it.  What
 * thuvien's indexer does on top of this (layout hints, fields, terms, Xapian)
 * is measured against this figure by bench/index.sh.
 *
 * With --layout it also asks for what thuvien's PDF handler uses on top
 * (poppler_page_get_text_layout and _get_text_attributes), to tell poppler's
 * share from thuvien's own.
 *
 * usage: pdftext [--jobs N] [--layout] DIR   prints files, pages, bytes, seconds */
#define _GNU_SOURCE
#include <dirent.h>
#include <glib.h>
#include <poppler.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct job {
	char **files;
	size_t n;
	atomic_size_t next;
	atomic_size_t pages, chars, failed;
	int layout;
} job;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg)
{
	job *j = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&j->next, 1);
		if (i >= j->n) break;
		/* read the file ourselves, as the indexer does, then parse from memory */
		gchar *data = NULL;
		gsize len = 0;
		GError *err = NULL;
		if (!g_file_get_contents(j->files[i], &data, &len, &err)) {
			fprintf(stderr, "pdftext: %s: %s\n", j->files[i], err->message);
			g_error_free(err);
			atomic_fetch_add(&j->failed, 1);
			continue;
		}
		GBytes *bytes = g_bytes_new_take(data, len);
		PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
		if (!doc) {
			fprintf(stderr, "pdftext: %s: %s\n", j->files[i], err->message);
			g_error_free(err);
			g_bytes_unref(bytes);
			atomic_fetch_add(&j->failed, 1);
			continue;
		}
		int np = poppler_document_get_n_pages(doc);
		size_t chars = 0;
		for (int p = 0; p < np; p++) {
			PopplerPage *page = poppler_document_get_page(doc, p);
			if (!page) continue;
			char *text = poppler_page_get_text(page);
			if (text) chars += strlen(text);
			if (j->layout && text && *text) {
				PopplerRectangle *rects = NULL;
				guint nrects = 0;
				poppler_page_get_text_layout(page, &rects, &nrects);
				GList *attrs = poppler_page_get_text_attributes(page);
				poppler_page_free_text_attributes(attrs);
				g_free(rects);
			}
			g_free(text);
			g_object_unref(page);
		}
		atomic_fetch_add(&j->pages, (size_t)np);
		atomic_fetch_add(&j->chars, chars);
		g_object_unref(doc);
		g_bytes_unref(bytes);
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int jobs = 2, layout = 0;
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--jobs") && i + 1 < argc)
			jobs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--layout"))
			layout = 1;
		else if (argv[i][0] != '-')
			dir = argv[i];
		else {
			fprintf(stderr, "usage: pdftext [--jobs N] [--layout] DIR\n");
			return 1;
		}
	}
	if (!dir || jobs < 1 || jobs > 64) {
		fprintf(stderr, "usage: pdftext [--jobs N] [--layout] DIR\n");
		return 1;
	}
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return 1;
	}
	job j = {0};
	j.layout = layout;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!g_str_has_suffix(de->d_name, ".pdf")) continue;
		if (j.n == cap) {
			cap = cap ? cap * 2 : 1024;
			j.files = realloc(j.files, cap * sizeof *j.files);
			if (!j.files) return 1;
		}
		j.files[j.n++] = g_build_filename(dir, de->d_name, NULL);
	}
	closedir(d);
	qsort(j.files, j.n, sizeof *j.files, cmp_str);
	double t0 = now();
	pthread_t th[64];
	for (int i = 0; i < jobs; i++) pthread_create(&th[i], NULL, worker, &j);
	for (int i = 0; i < jobs; i++) pthread_join(th[i], NULL);
	double el = now() - t0;
	printf("%zu files, %zu pages, %zu bytes of text, %zu failed, %.2f s, %.1f files/s\n", j.n,
	       (size_t)j.pages, (size_t)j.chars, (size_t)j.failed, el, el > 0 ? j.n / el : 0);
	for (size_t i = 0; i < j.n; i++) g_free(j.files[i]);
	free(j.files);
	return j.failed ? 1 : 0;
}
