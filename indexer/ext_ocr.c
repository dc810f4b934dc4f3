/* ext_ocr.c — OCR of one PDF page with Tesseract's Vietnamese model.
 *
 * The page is rendered by poppler into a cairo image at 300 dpi, turned into an
 * 8-bit grey image and handed to Tesseract; its text lines (RIL_TEXTLINE) with
 * their boxes become blocks flagged DOC_OCR, with the same column hints the text
 * layer gets (ext_pdf.c), so the field parser sees one kind of page.
 *
 * Threads: a TessBaseAPI is not thread-safe and loading the model costs ~0.3 s,
 * so each worker thread keeps its own, created on first use and deleted when the
 * thread exits (a pthread key destructor).  Tesseract's OpenMP team is limited to
 * one thread: the indexer already runs one worker per core.
 *
 * Cache: the result of a page is stored under lim->ocr_cache in a small text
 * file named by a hash of the rendered pixels, so re-indexing never repeats OCR. */
#define _GNU_SOURCE
#include <cairo.h>
#include <dlfcn.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tesseract/capi.h>
#include <unistd.h>

#include "../vn/vn.h"
#include "ext_formats.h"

#define OCR_DPI 300
#define OCR_MAX_PIXELS (7000 * 7000) /* a poster-sized page is scaled down to this */
#define OCR_LANG "vie"
#define OCR_CACHE_MAGIC "thuvien-ocr 4"

/* ---- per-thread Tesseract -------------------------------------------------- */

static pthread_key_t tess_key;
static pthread_once_t tess_once = PTHREAD_ONCE_INIT;
static __thread TessBaseAPI *tl_api;
static __thread int tl_init_failed;

static void tess_destroy(void *p)
{
	if (p) {
		TessBaseAPIEnd(p);
		TessBaseAPIDelete(p);
	}
}

static void tess_key_init(void)
{
	pthread_key_create(&tess_key, tess_destroy);
}

/* OMP_THREAD_LIMIT is read by libgomp when it loads, before main, so setting it
 * here would be too late; omp_set_num_threads works per thread at any time.  It
 * is looked up at run time so thuvien needs no OpenMP headers or flags. */
static void limit_openmp(void)
{
	void (*set_threads)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
	if (set_threads) set_threads(1);
}

static TessBaseAPI *tess_get(tv_error *e)
{
	if (tl_api) return tl_api;
	if (tl_init_failed) {
		tv_fail(e, TV_ERR_INTERNAL, "tesseract: cannot load language '%s'", OCR_LANG);
		return NULL;
	}
	pthread_once(&tess_once, tess_key_init);
	limit_openmp();
	TessBaseAPI *api = TessBaseAPICreate();
	if (TessBaseAPIInit3(api, NULL, OCR_LANG) != 0) {
		TessBaseAPIDelete(api);
		tl_init_failed = 1;
		tv_fail(e, TV_ERR_INTERNAL,
		        "tesseract: cannot load language '%s' (install tesseract-ocr-vie)",
		        OCR_LANG);
		return NULL;
	}
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	/* keep Tesseract quiet on stderr; the debug file is its own idea of logging */
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	tl_api = api;
	pthread_setspecific(tess_key, api);
	return api;
}

/* ---- rendering ----------------------------------------------------------- */

typedef struct gray_img {
	unsigned char *px;
	int w, h;
	double scale; /* pixels per point */
} gray_img;

static int render_gray(PopplerPage *page, gray_img *out, tv_error *e)
{
	double pw, ph;
	poppler_page_get_size(page, &pw, &ph);
	if (!(pw > 1 && ph > 1 && pw < 1e5 && ph < 1e5)) {
		tv_fail(e, TV_ERR_FORMAT, "page size %.0fx%.0f pt cannot be rendered", pw, ph);
		return -1;
	}
	double scale = OCR_DPI / 72.0;
	if (pw * scale * ph * scale > OCR_MAX_PIXELS) scale = sqrt(OCR_MAX_PIXELS / (pw * ph));
	int w = (int)ceil(pw * scale), h = (int)ceil(ph * scale);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		tv_fail(e, TV_ERR_INTERNAL, "cairo: cannot allocate a %dx%d image", w, h);
		return -1;
	}
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	const unsigned char *src = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	unsigned char *px = tv_malloc((size_t)w * (size_t)h);
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(src + (size_t)y * (size_t)stride);
		unsigned char *o = px + (size_t)y * (size_t)w;
		for (int x = 0; x < w; x++) {
			uint32_t v = row[x];
			unsigned r = (v >> 16) & 0xFF, g = (v >> 8) & 0xFF, b = v & 0xFF;
			o[x] = (unsigned char)((r * 77 + g * 150 + b * 29) >> 8);
		}
	}
	cairo_surface_destroy(s);
	out->px = px;
	out->w = w;
	out->h = h;
	out->scale = scale;
	return 0;
}

/* ---- recognised lines ---------------------------------------------------- */

typedef struct oline {
	char *text;
	float x0, x1, y0, y1;
	int para_end;
	doc_col col;
} oline;

typedef struct olines {
	oline *v;
	size_t n, cap;
} olines;

static void olines_push(olines *l, const char *text, float x0, float x1, float y0, float y1)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = tv_realloc(l->v, l->cap * sizeof *l->v);
	}
	oline *o = &l->v[l->n++];
	memset(o, 0, sizeof *o);
	o->text = vn_clean(text, strlen(text));
	/* one line per block: tabs and newlines inside would break the cache file */
	for (char *p = o->text; *p; p++)
		if (*p == '\n' || *p == '\t' || *p == '\r') *p = ' ';
	o->x0 = x0;
	o->x1 = x1;
	o->y0 = y0;
	o->y1 = y1;
}

static void olines_free(olines *l)
{
	for (size_t i = 0; i < l->n; i++) free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Words are gathered into line segments; a wide gap inside a recognised line
 * ends the segment, because Tesseract often reads the two header columns
 * (issuer | national motto) as one line. */
typedef struct segacc {
	tv_buf text;
	int l, t, r, b;
	double conf;
	int nwords;
} segacc;

static void seg_flush(segacc *sa, const gray_img *img, olines *out)
{
	/* very low confidence segments are bleed-through, seals and noise */
	int alnum = 0;
	for (const char *q = tv_buf_str(&sa->text); *q && !alnum; q = g_utf8_next_char(q))
		alnum = g_unichar_isalnum(g_utf8_get_char(q));
	/* rules and frame edges read as "|" or "_" carry no text */
	if (sa->nwords && alnum && sa->conf / sa->nwords >= 30) {
		double k = 1.0 / img->scale;
		olines_push(out, tv_buf_str(&sa->text), (float)(sa->l * k), (float)(sa->r * k),
		            (float)(sa->t * k), (float)(sa->b * k));
	}
	tv_buf_clear(&sa->text);
	sa->nwords = 0;
	sa->conf = 0;
}

static tv_err recognise(const gray_img *img, olines *out, tv_error *e)
{
	TessBaseAPI *api = tess_get(e);
	if (!api) return e ? e->code : TV_ERR_INTERNAL;
	TessBaseAPISetImage(api, img->px, img->w, img->h, 1, img->w);
	TessBaseAPISetSourceResolution(api, (int)lround(img->scale * 72));
	if (TessBaseAPIRecognize(api, NULL) != 0) {
		TessBaseAPIClear(api);
		return tv_fail(e, TV_ERR_INTERNAL, "tesseract: recognition failed");
	}
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	segacc sa = {TV_BUF_INIT, 0, 0, 0, 0, 0, 0};
	if (it) {
		const TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
		do {
			int l, t, r, b;
			if (!TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &t, &r, &b)) continue;
			int newpara = TessPageIteratorIsAtBeginningOf(pit, RIL_PARA) ||
			              TessPageIteratorIsAtBeginningOf(pit, RIL_BLOCK);
			int newline = TessPageIteratorIsAtBeginningOf(pit, RIL_TEXTLINE);
			int h = b - t > sa.b - sa.t ? b - t : sa.b - sa.t;
			if (sa.nwords && (newline || l - sa.r > h || l < sa.l)) {
				size_t before = out->n;
				seg_flush(&sa, img, out);
				if (newpara && out->n > before) out->v[out->n - 1].para_end = 1;
			}
			char *w = TessResultIteratorGetUTF8Text(it, RIL_WORD);
			if (!w) continue;
			if (!sa.nwords) {
				sa.l = l;
				sa.t = t;
				sa.r = r;
				sa.b = b;
			} else {
				tv_buf_putc(&sa.text, ' ');
			}
			tv_buf_puts(&sa.text, w);
			TessDeleteText(w);
			if (l < sa.l) sa.l = l;
			if (t < sa.t) sa.t = t;
			if (r > sa.r) sa.r = r;
			if (b > sa.b) sa.b = b;
			sa.conf += TessResultIteratorConfidence(it, RIL_WORD);
			sa.nwords++;
		} while (TessResultIteratorNext(it, RIL_WORD));
		seg_flush(&sa, img, out);
		TessResultIteratorDelete(it);
	}
	tv_buf_free(&sa.text);
	if (out->n) out->v[out->n - 1].para_end = 1;
	TessBaseAPIClear(api);
	return TV_OK;
}

/* ---- cache --------------------------------------------------------------- */

static char *cache_path(const char *dir, uint64_t key)
{
	tv_buf b = TV_BUF_INIT;
	tv_buf_printf(&b, "%s/%016llx.ocr", dir, (unsigned long long)key);
	return tv_buf_take(&b);
}

/* Returns 1 and fills out when the page is in the cache. */
static int cache_load(const char *path, olines *out)
{
	char *data = NULL;
	size_t len = 0;
	tv_error e;
	if (tv_read_file(path, 64u << 20, &data, &len, &e) != TV_OK) return 0;
	size_t ml = strlen(OCR_CACHE_MAGIC);
	if (len < ml + 1 || memcmp(data, OCR_CACHE_MAGIC, ml) != 0 || data[ml] != '\n') {
		free(data);
		return 0;
	}
	char *p = data + ml + 1;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl) *nl = 0;
		float x0, x1, y0, y1;
		int pe, n = 0;
		char *tab = strchr(p, '\t');
		if (tab && sscanf(p, "%f %f %f %f %d%n", &x0, &x1, &y0, &y1, &pe, &n) == 5 &&
		    p + n <= tab) {
			olines_push(out, tab + 1, x0, x1, y0, y1);
			out->v[out->n - 1].para_end = pe;
		}
		if (!nl) break;
		p = nl + 1;
	}
	free(data);
	return 1;
}

/* Best effort: a cache that cannot be written only costs time. */
static void cache_store(const char *dir, const char *path, const olines *l)
{
	mkdir(dir, 0777);
	tv_buf tmp = TV_BUF_INIT;
	tv_buf_printf(&tmp, "%s.%ld.tmp", path, (long)gettid());
	FILE *f = fopen(tmp.s, "w");
	if (!f) {
		tv_buf_free(&tmp);
		return;
	}
	fprintf(f, "%s\n", OCR_CACHE_MAGIC);
	for (size_t i = 0; i < l->n; i++)
		fprintf(f, "%.1f %.1f %.1f %.1f %d\t%s\n", l->v[i].x0, l->v[i].x1, l->v[i].y0,
		        l->v[i].y1, l->v[i].para_end, l->v[i].text);
	if (fclose(f) == 0)
		rename(tmp.s, path);
	else
		unlink(tmp.s);
	tv_buf_free(&tmp);
}

/* ---- layout hints -------------------------------------------------------- */

/* A line sits in one half while another line at the same height sits in the
 * other: the two-column header or signature block. */
static void assign_columns(olines *l, double pw)
{
	double mid = pw / 2, tol = pw * 0.06;
	for (size_t i = 0; i < l->n; i++) {
		oline *a = &l->v[i];
		int left = a->x1 <= mid + tol, right = a->x0 >= mid - tol;
		if (!left && !right) continue;
		for (size_t j = 0; j < l->n; j++) {
			oline *b = &l->v[j];
			if (j == i || b->y1 < a->y0 || b->y0 > a->y1) continue;
			if (left && b->x0 >= mid - tol && b->x0 > a->x1) a->col = DOC_COL_LEFT;
			if (right && b->x1 <= mid + tol && b->x1 < a->x0) a->col = DOC_COL_RIGHT;
		}
	}
	/* within a run of column lines, the left column comes first, as in ext_pdf */
	oline *tmp = tv_malloc((l->n ? l->n : 1) * sizeof *tmp);
	for (size_t i = 0; i < l->n;) {
		if (l->v[i].col == DOC_COL_FULL) {
			i++;
			continue;
		}
		size_t j = i, k = 0;
		while (j < l->n && l->v[j].col != DOC_COL_FULL) j++;
		for (int side = DOC_COL_LEFT; side <= DOC_COL_RIGHT; side++)
			for (size_t m = i; m < j; m++)
				if ((int)l->v[m].col == side) tmp[k++] = l->v[m];
		memcpy(&l->v[i], tmp, k * sizeof *tmp);
		i = j;
	}
	free(tmp);
}

tv_err ext_ocr_page(void *poppler_page, int pageno, const ext_limits *lim, tv_doc *d, tv_error *e)
{
	PopplerPage *page = poppler_page;
	gray_img img = {0};
	if (render_gray(page, &img, e) != 0) return e ? e->code : TV_ERR_INTERNAL;
	olines lines = {0};
	char *cpath = NULL;
	int cached = 0;
	const char *cdir = lim ? lim->ocr_cache : NULL;
	if (cdir && *cdir) {
		uint64_t seed =
		    tv_hash64(OCR_CACHE_MAGIC OCR_LANG, strlen(OCR_CACHE_MAGIC OCR_LANG), 0);
		uint64_t key = tv_hash64(img.px, (size_t)img.w * (size_t)img.h, seed);
		cpath = cache_path(cdir, key);
		cached = cache_load(cpath, &lines);
	}
	tv_err rc = TV_OK;
	if (!cached) {
		rc = recognise(&img, &lines, e);
		if (rc == TV_OK && cpath) cache_store(cdir, cpath, &lines);
	}
	free(img.px);
	free(cpath);
	if (rc != TV_OK) {
		olines_free(&lines);
		return rc;
	}
	double pw, ph;
	poppler_page_get_size(page, &pw, &ph);
	assign_columns(&lines, pw);
	for (size_t i = 0; i < lines.n; i++) {
		oline *o = &lines.v[i];
		unsigned flags = DOC_OCR | (o->para_end ? DOC_PARA_END : 0);
		doc_block *b = doc_add(d, o->text, strlen(o->text), pageno, flags);
		if (!b) continue;
		b->col = o->col;
		b->x0 = o->x0;
		b->x1 = o->x1;
		b->y = o->y1;
		/* a text line's box is about 1.2 times the font size */
		b->size = (o->y1 - o->y0) / 1.2f;
	}
	if (lines.n) d->source |= DOC_SRC_OCR;
	olines_free(&lines);
	return TV_OK;
}
