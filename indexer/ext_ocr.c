/* ext_ocr.c — OCR of one PDF page with Tesseract's Vietnamese model.
 *
 * The page is rendered by poppler into a cairo image at 300 dpi, turned into an
 * 8-bit grey image and handed to Tesseract; its text lines (RIL_TEXTLINE) with
 * their boxes become blocks flagged DOC_OCR, with the same column hints the text
 * layer gets (ext_pdf.c), so the field parser sees one kind of page.  The
 * header's lines are then read again alone at 400 dpi: the number and date
 * lines to find their handwritten blanks (see "header re-read" below), the
 * issuer lines to get their small print right.
 *
 * Threads: a TessBaseAPI is not thread-safe and loading the model costs ~0.3 s
 * and 40 MB, so engines are kept in a pool: a page takes one, idle or new, and
 * gives it back; no more exist than lim->ocr_threads (the indexer's jobs), so a
 * scan's helper thread reads with the engine of a worker that has no file.
 * ext_ocr_release frees them.  Recognition runs on the calling thread, with no
 * OpenMP team (limit_openmp): the indexer already runs one worker per core.
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
#include <stdatomic.h>
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
#define OCR_CACHE_MAGIC "thuvien-ocr 7"

/* ---- progress ------------------------------------------------------------ */

/* Pages recognised (cache hits included) and pages in recognition now, for
 * the indexer's progress bar; atomics, bumped from the worker threads. */
static atomic_uint ocr_done, ocr_busy;

unsigned ext_ocr_progress(unsigned *busy)
{
	if (busy) *busy = atomic_load(&ocr_busy);
	return atomic_load(&ocr_done);
}

/* ---- the engines ------------------------------------------------------------ */

/* Engines idle between pages, and how many exist; a worker takes one for a
 * page and gives it back, so that a scan's helper thread (ext_pdf.c, "OCR
 * ahead") can use the engine of a worker with nothing to read instead of
 * loading a model of its own (40 MB and 0.3 s). */
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cv = PTHREAD_COND_INITIALIZER;
static TessBaseAPI **idle;
static int nidle, nengines, cap_idle, init_failed;
static unsigned loads; /* engines made since the program started */

/* Tesseract's LSTM asks for a team of its own size in its parallel loops, which
 * omp_set_num_threads does not cap: on 2 cores a 4-page scan then took 85 s,
 * 42 of them in the kernel waking and parking the team, against 12 s with no
 * team (same text).  OMP_THREAD_LIMIT is read by libgomp when it loads, before
 * main, so setting it here would be too late; a limit of 0 active parallel
 * levels makes every parallel region run on the thread that meets it, whatever
 * size it asks for.  Looked up at run time, so thuvien needs no OpenMP headers
 * or flags.  Made on every thread that recognises, as OpenMP may keep it per
 * thread (an engine can be taken by another thread than made it). */
static void limit_openmp(void)
{
	static __thread int done;
	if (done) return;
	void (*set_levels)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
	if (set_levels) set_levels(0);
	done = 1;
}

/* A new engine (under pool_mu: one is set up at a time, and Tesseract's debug
 * file, where its messages go (nowhere, not stderr), is named once: it is
 * process-wide state, which a second engine would otherwise write while the
 * first reads it). */
static TessBaseAPI *engine_new(tv_error *e)
{
	static int quiet;
	TessBaseAPI *api = TessBaseAPICreate();
	if (TessBaseAPIInit3(api, NULL, OCR_LANG) != 0) {
		TessBaseAPIDelete(api);
		init_failed = 1;
		tv_fail(e, TV_ERR_INTERNAL,
		        "tesseract: cannot load language '%s' (install tesseract-ocr-vie)",
		        OCR_LANG);
		return NULL;
	}
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	if (!quiet) TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	quiet = 1;
	nengines++;
	loads++;
	return api;
}

/* An engine for one page (*out): an idle one, else a new one while fewer
 * than `most` exist, else (wait) the next one given back.  A helper (!wait)
 * gets TV_ERR_BUSY instead of waiting; e is set only when the model failed. */
static tv_err engine_take(int most, int wait, TessBaseAPI **out, tv_error *e)
{
	limit_openmp();
	*out = NULL;
	tv_err rc = TV_ERR_BUSY;
	pthread_mutex_lock(&pool_mu);
	for (;;) {
		if (init_failed) {
			rc = tv_fail(e, TV_ERR_INTERNAL, "tesseract: cannot load language '%s'",
			             OCR_LANG);
			break;
		}
		if (nidle) {
			*out = idle[--nidle];
			rc = TV_OK;
			break;
		}
		if (nengines < (most > 1 ? most : 1)) {
			*out = engine_new(e);
			rc = *out ? TV_OK : TV_ERR_INTERNAL;
			break;
		}
		if (!wait) break;
		pthread_cond_wait(&pool_cv, &pool_mu);
	}
	pthread_mutex_unlock(&pool_mu);
	return rc;
}

static void engine_give(TessBaseAPI *api)
{
	pthread_mutex_lock(&pool_mu);
	if (nidle == cap_idle) {
		cap_idle = cap_idle ? cap_idle * 2 : 4;
		idle = tv_realloc(idle, (size_t)cap_idle * sizeof *idle);
	}
	idle[nidle++] = api;
	pthread_cond_signal(&pool_cv);
	pthread_mutex_unlock(&pool_mu);
}

/* extract.h */
unsigned ext_ocr_loads(void)
{
	pthread_mutex_lock(&pool_mu);
	unsigned n = loads;
	pthread_mutex_unlock(&pool_mu);
	return n;
}

/* extract.h */
void ext_ocr_release(void)
{
	pthread_mutex_lock(&pool_mu);
	for (int i = 0; i < nidle; i++) {
		TessBaseAPIEnd(idle[i]);
		TessBaseAPIDelete(idle[i]);
	}
	nengines -= nidle;
	nidle = 0;
	pthread_mutex_unlock(&pool_mu);
}

/* ---- rendering ----------------------------------------------------------- */

typedef struct gray_img {
	unsigned char *px;
	int w, h;
	double scale; /* pixels per point */
} gray_img;

/* Render the part [x0,x1]x[y0,y1] of the page (points) at dpi into grey.
 * red: take the red channel instead of the luminance, which makes blue ink
 * (handwritten numbers and dates) as dark as print and fades red seals. */
static int render_region(PopplerPage *page, double x0, double y0, double x1, double y1, double dpi,
                         int red, gray_img *out, tv_error *e)
{
	double pw = x1 - x0, ph = y1 - y0;
	if (!(pw > 1 && ph > 1 && pw < 1e5 && ph < 1e5)) {
		tv_fail(e, TV_ERR_FORMAT, "page size %.0fx%.0f pt cannot be rendered", pw, ph);
		return -1;
	}
	double scale = dpi / 72.0;
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
	cairo_translate(cr, -x0, -y0);
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
			o[x] = red ? (unsigned char)r
			           : (unsigned char)((r * 77 + g * 150 + b * 29) >> 8);
		}
	}
	cairo_surface_destroy(s);
	out->px = px;
	out->w = w;
	out->h = h;
	out->scale = scale;
	return 0;
}

static int render_gray(PopplerPage *page, gray_img *out, tv_error *e)
{
	double pw, ph;
	poppler_page_get_size(page, &pw, &ph);
	return render_region(page, 0, 0, pw, ph, OCR_DPI, 0, out, e);
}

/* ---- recognised lines ---------------------------------------------------- */

typedef struct oline {
	char *text;
	float x0, x1, y0, y1;
	int para_end;
	float conf; /* mean word confidence of the read, 0 when loaded from the cache */
	doc_col col;
} oline;

typedef struct olines {
	oline *v;
	size_t n, cap;
} olines;

/* Specks at a line's ends read as "_", "~", "`", "|" or quotes ("_ UBND TỈNH",
 * "Số: 40 /TB `"), and a few symbols never printed in an official document
 * ("†", "§", "¿") land inside words: they are dropped.  Tabs and newlines
 * become spaces, one line per block (the cache file relies on it).  Caller
 * frees. */
static char *trim_noise(const char *text)
{
	char *c = vn_clean(text, strlen(text));
	tv_buf b = TV_BUF_INIT;
	for (const char *p = c; *p; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		if (u == 0x2020 || u == 0x2021 || u == 0xA7 || u == 0xBF || u == 0xA1 || u == 0xA6)
			continue;
		if (u == '\n' || u == '\t' || u == '\r') u = ' ';
		tv_buf_put_cp(&b, u);
	}
	free(c);
	char *t = tv_buf_take(&b);
	static const char edge[] = "_~`|'\"";
	size_t n = strlen(t), a = 0;
	while (a < n && (strchr(edge, t[a]) || t[a] == ' ')) a++;
	while (n > a && (strchr(edge, t[n - 1]) || t[n - 1] == ' ')) n--;
	memmove(t, t + a, n - a);
	t[n - a] = 0;
	return t;
}

static void olines_push(olines *l, const char *text, float x0, float x1, float y0, float y1)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = tv_realloc(l->v, l->cap * sizeof *l->v);
	}
	oline *o = &l->v[l->n++];
	memset(o, 0, sizeof *o);
	o->text = trim_noise(text);
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
		out->v[out->n - 1].conf = (float)(sa->conf / sa->nwords);
	}
	tv_buf_clear(&sa->text);
	sa->nwords = 0;
	sa->conf = 0;
}

static tv_err recognise(TessBaseAPI *api, const gray_img *img, olines *out, tv_error *e)
{
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

/* ---- header re-read ------------------------------------------------------ */

/* The number and the day (often the month too) of an official document are
 * written by hand into blanks of the printed header ("Số:  79 /TB-ĐT",
 * "ngày 6 tháng 12 năm 2021"), usually in blue ink, and a full-page read turns
 * them into noise ("#2", "J2").  So the two header lines are read again at a
 * higher resolution, in the red channel (blue ink dark, red seals faded), first
 * symbol by symbol to find where the printed words end, then each blank alone
 * with only digits allowed.  What the full-page read saw in a number or day
 * blank is not trusted (it reads "09" as "03" as readily as "40" as "40"): a
 * blank whose digits the second read does not confirm is emptied, so the field
 * parser leaves the number null and the date partial - a wrong number is worse
 * than none.  Other header lines (issuer, superior body) are read again too and
 * kept when Tesseract is surer of the new text. */

#define REREAD_DPI 400
#define HEADER_BAND 0.4 /* the top part of a page where the header sits */

typedef struct osym {
	char t[16]; /* UTF-8 of the symbol */
	int l, r;   /* pixels of the region image */
	int word;   /* first symbol of a word */
} osym;

typedef struct osyms {
	osym *v;
	size_t n, cap;
	char *fold; /* one folded byte per symbol: where the printed words are */
} osyms;

static void osyms_free(osyms *s)
{
	free(s->v);
	free(s->fold);
	memset(s, 0, sizeof *s);
}

static int recognise_region(TessBaseAPI *api, const gray_img *img, TessPageSegMode psm)
{
	TessBaseAPISetImage(api, img->px, img->w, img->h, 1, img->w);
	TessBaseAPISetSourceResolution(api, (int)lround(img->scale * 72));
	TessBaseAPISetPageSegMode(api, psm);
	int rc = TessBaseAPIRecognize(api, NULL);
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	return rc;
}

/* Symbols of one line image, with their x extent. */
static void read_symbols(TessBaseAPI *api, const gray_img *img, osyms *out)
{
	memset(out, 0, sizeof *out);
	if (recognise_region(api, img, PSM_SINGLE_LINE) != 0) {
		TessBaseAPIClear(api);
		return;
	}
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	if (it) {
		const TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
		do {
			int l, t, r, b;
			if (!TessPageIteratorBoundingBox(pit, RIL_SYMBOL, &l, &t, &r, &b)) continue;
			char *txt = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL);
			if (!txt) continue;
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 64;
				out->v = tv_realloc(out->v, out->cap * sizeof *out->v);
			}
			osym *o = &out->v[out->n++];
			snprintf(o->t, sizeof o->t, "%s", txt);
			TessDeleteText(txt);
			o->l = l;
			o->r = r;
			o->word = TessPageIteratorIsAtBeginningOf(pit, RIL_WORD);
		} while (TessResultIteratorNext(it, RIL_SYMBOL));
		TessResultIteratorDelete(it);
	}
	TessBaseAPIClear(api);
	out->fold = tv_malloc(out->n + 1);
	for (size_t i = 0; i < out->n; i++) {
		char *k = vn_key_fold(out->v[i].t, strlen(out->v[i].t));
		char c = k && k[0] ? k[0] : '?';
		free(k);
		out->fold[i] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
	}
	out->fold[out->n] = 0;
}

/* Horizontal rules (the line under the issuer) reach into a blank's box;
 * a row dark over a third of its width is a rule, not a stroke of a digit. */
static void drop_rules(gray_img *g)
{
	for (int y = 0; y < g->h; y++) {
		unsigned char *row = g->px + (size_t)y * (size_t)g->w;
		int dark = 0;
		for (int x = 0; x < g->w; x++) dark += row[x] < 140;
		if (dark * 3 > g->w) memset(row, 0xFF, (size_t)g->w);
	}
}

/* Black and white, strokes thickened by one pixel when `grow`: thin pen
 * strokes survive Tesseract's own thresholding better this way. */
static gray_img binarise(const gray_img *g, int grow)
{
	gray_img o = {tv_malloc((size_t)g->w * (size_t)g->h), g->w, g->h, g->scale};
	size_t n = (size_t)g->w * (size_t)g->h;
	for (size_t i = 0; i < n; i++) o.px[i] = g->px[i] < 160 ? 0 : 0xFF;
	if (grow) {
		unsigned char *q = tv_malloc(n);
		memcpy(q, o.px, n);
		for (int y = 1; y + 1 < g->h; y++)
			for (int x = 1; x + 1 < g->w; x++) {
				size_t i = (size_t)y * (size_t)g->w + (size_t)x;
				if (!o.px[i - 1] || !o.px[i + 1] || !o.px[i - (size_t)g->w] ||
				    !o.px[i + (size_t)g->w])
					q[i] = 0;
			}
		free(o.px);
		o.px = q;
	}
	return o;
}

static gray_img halve(const gray_img *g)
{
	gray_img o = {NULL, g->w / 2, g->h / 2, g->scale / 2};
	o.px = tv_malloc((size_t)(o.w ? o.w : 1) * (size_t)(o.h ? o.h : 1));
	for (int y = 0; y < o.h; y++)
		for (int x = 0; x < o.w; x++) {
			const unsigned char *p = g->px + (size_t)(2 * y) * (size_t)g->w + 2 * x;
			o.px[(size_t)y * (size_t)o.w + x] =
			    (unsigned char)((p[0] + p[1] + p[g->w] + p[g->w + 1]) / 4);
		}
	return o;
}

/* One digits-only read; *conf is Tesseract's mean confidence.  Caller frees. */
static char *digits_once(TessBaseAPI *api, const gray_img *g, int *conf)
{
	*conf = 0;
	if (g->w < 8 || g->h < 8 || recognise_region(api, g, PSM_SINGLE_LINE) != 0) {
		TessBaseAPIClear(api);
		return tv_strdup("");
	}
	char *txt = TessBaseAPIGetUTF8Text(api);
	*conf = TessBaseAPIMeanTextConf(api);
	tv_buf d = TV_BUF_INIT;
	for (const char *p = txt ? txt : ""; *p; p++)
		if (*p >= '0' && *p <= '9') tv_buf_putc(&d, *p);
	if (txt) TessDeleteText(txt);
	TessBaseAPIClear(api);
	if (!d.len) {
		tv_buf_free(&d);
		return tv_strdup("");
	}
	return tv_buf_take(&d);
}

#define VOTE_MIN_CONF 60 /* a read below this does not vote */
#define VOTE_TOP_CONF 90 /* the best read must be at least this sure */

/* Digits written in the pixel columns [l, r) of the line image, or NULL.
 * Handwriting fools Tesseract with high confidence now and then, so the blank
 * is read four ways (grey, black and white, thickened, half size) and the
 * digits are taken only when every sure read says the same and one of them is
 * very sure.  Caller frees. */
static char *read_digits(TessBaseAPI *api, const gray_img *line, int l, int r, int maxlen)
{
	if (l < 0) l = 0;
	if (r > line->w) r = line->w;
	if (r - l < 4) return NULL;
	/* a white margin around the blank: Tesseract misses ink that touches the
	 * image's edge */
	int pad = line->h / 2;
	gray_img sub = {NULL, r - l + 2 * pad, line->h + 2 * pad, line->scale};
	sub.px = tv_malloc((size_t)sub.w * (size_t)sub.h);
	memset(sub.px, 0xFF, (size_t)sub.w * (size_t)sub.h);
	for (int y = 0; y < line->h; y++)
		memcpy(sub.px + (size_t)(y + pad) * (size_t)sub.w + pad,
		       line->px + (size_t)y * (size_t)line->w + l, (size_t)(r - l));
	drop_rules(&sub);
	gray_img v[4];
	v[0] = sub;
	v[1] = binarise(&sub, 0);
	v[2] = binarise(&sub, 1);
	v[3] = halve(&v[2]);
	TessBaseAPISetVariable(api, "tessedit_char_whitelist", "0123456789");
	char *best = NULL;
	int best_conf = 0, votes = 0, clash = 0;
	for (int k = 0; k < 4; k++) {
		int conf;
		char *t = digits_once(api, &v[k], &conf);
		if (conf >= VOTE_MIN_CONF && *t) {
			votes++;
			if (best && strcmp(best, t) != 0) clash = 1;
			if (!best || conf > best_conf) {
				free(best);
				best = t;
				best_conf = conf;
				t = NULL;
			}
		}
		free(t);
		free(v[k].px);
	}
	TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
	if (best &&
	    (clash || votes < 2 || best_conf < VOTE_TOP_CONF || (int)strlen(best) > maxlen)) {
		free(best);
		best = NULL;
	}
	return best;
}

/* Index of the first symbol at or after `from` where word w starts in the
 * folded symbols, or (size_t)-1. */
static size_t find_fold(const osyms *s, size_t from, const char *w)
{
	if (from > s->n) return (size_t)-1;
	const char *p = strstr(s->fold + from, w);
	return p ? (size_t)(p - s->fold) : (size_t)-1;
}

/* Byte offset of the first of the spellings in s at or after from, its
 * length in *len; -1 when none is there. */
static long find_any(const char *s, size_t from, const char *const *sp, size_t *len)
{
	const char *best = NULL;
	for (size_t i = 0; sp[i]; i++) {
		const char *p = strstr(s + from, sp[i]);
		if (p && (!best || p < best)) {
			best = p;
			*len = strlen(sp[i]);
		}
	}
	return best ? (long)(best - s) : -1;
}

static void put_trimmed(tv_buf *o, const char *s, size_t n)
{
	while (n && (*s == ' ')) s++, n--;
	while (n && s[n - 1] == ' ') n--;
	tv_buf_append(o, s, n);
}

/* "Số: ___ /TB-ĐT": the blank lies between the end of "Số" (and its colon)
 * and the first slash.  Only the blank of the line's text is replaced: the
 * symbols of this second read serve to find it, their letters are no better
 * than the first read's. */
static char *reread_number(TessBaseAPI *api, const gray_img *img, const char *text)
{
	osyms s;
	read_symbols(api, img, &s);
	char *res = NULL;
	size_t so = find_fold(&s, 0, "so");
	size_t slash = so == (size_t)-1 ? so : find_fold(&s, so + 2, "/");
	const char *tslash = strchr(text, '/');
	if (slash != (size_t)-1 && slash + 1 < s.n && tslash) {
		size_t after = so + 2;
		if (after < slash && s.v[after].t[0] == ':') after++;
		/* the slash's box often takes in the end of the last digit */
		int right = s.v[slash].l - 1;
		if (slash > after && s.v[slash - 1].r + 1 > right) right = s.v[slash - 1].r + 1;
		char *dig = read_digits(api, img, s.v[after - 1].r + 2, right, 6);
		tv_buf o = TV_BUF_INIT;
		tv_buf_printf(&o, "Số: %s %s", dig ? dig : "", tslash);
		res = tv_buf_take(&o);
		free(dig);
	}
	osyms_free(&s);
	return res;
}

/* "Đà Nẵng, ngày __ tháng __ năm 2021": the blanks after "ngày" and "tháng". */
static char *reread_date(TessBaseAPI *api, const gray_img *img, const char *text)
{
	static const char *const sp_ngay[] = {"ngày", "Ngày", "NGÀY", "ngay", NULL};
	static const char *const sp_thang[] = {"tháng", "Tháng", "THÁNG", "thang", NULL};
	static const char *const sp_nam[] = {"năm", "Năm", "NĂM", "nam", NULL};
	osyms s;
	read_symbols(api, img, &s);
	char *res = NULL;
	size_t ng = find_fold(&s, 0, "ngay");
	size_t th = ng == (size_t)-1 ? ng : find_fold(&s, ng + 4, "thang");
	size_t nm = th == (size_t)-1 ? th : find_fold(&s, th + 5, "nam");
	size_t lng = 0, lth = 0, lnm = 0;
	long tng = find_any(text, 0, sp_ngay, &lng);
	long tth = tng < 0 ? -1 : find_any(text, (size_t)tng + lng, sp_thang, &lth);
	long tnm = tth < 0 ? -1 : find_any(text, (size_t)tth + lth, sp_nam, &lnm);
	if (nm != (size_t)-1 && tnm >= 0) {
		char *day = read_digits(api, img, s.v[ng + 3].r + 2, s.v[th].l - 1, 2);
		char *mon = read_digits(api, img, s.v[th + 4].r + 2, s.v[nm].l - 1, 2);
		int dv = day ? atoi(day) : 0, mv = mon ? atoi(mon) : 0;
		if (dv < 1 || dv > 31) dv = 0;
		if (mv < 1 || mv > 12) mv = 0;
		{
			/* a day that did not read twice alike is left blank; a month
			 * keeps what the line read said, as it is more often printed */
			tv_buf o = TV_BUF_INIT;
			size_t e_ng = (size_t)tng + lng, e_th = (size_t)tth + lth;
			tv_buf_append(&o, text, e_ng);
			tv_buf_putc(&o, ' ');
			if (dv)
				tv_buf_printf(&o, "%d", dv);
			else
				tv_buf_puts(&o, "...");
			tv_buf_putc(&o, ' ');
			tv_buf_append(&o, text + tth, lth);
			tv_buf_putc(&o, ' ');
			if (mv)
				tv_buf_printf(&o, "%d", mv);
			else
				put_trimmed(&o, text + e_th, (size_t)tnm - e_th);
			tv_buf_putc(&o, ' ');
			tv_buf_puts(&o, text + tnm);
			res = tv_buf_take(&o);
		}
		free(day);
		free(mon);
	}
	osyms_free(&s);
	return res;
}

/* Folded text of a recognised line starts like a number line / holds a date. */
static int is_number_line(const char *fold)
{
	if (strncmp(fold, "so", 2) != 0 || !(fold[2] == ':' || fold[2] == ' ' || fold[2] == '.'))
		return 0;
	return strchr(fold, '/') != NULL;
}

static int is_date_line(const char *fold)
{
	const char *a = strstr(fold, "ngay");
	const char *b = a ? strstr(a, "thang") : NULL;
	return b && strstr(b, "nam") != NULL;
}

static size_t words_in(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && (p == s || p[-1] == ' ')) n++;
	return n;
}

/* A printed header line (issuer, superior body, motto) read again alone at
 * the higher resolution; the new text replaces the old only when Tesseract is
 * surer of it and it has about as many words. */
static void reread_line(PopplerPage *page, TessBaseAPI *api, oline *o, double pw, double ph)
{
	double h = o->y1 - o->y0;
	double x0 = o->x0 - 0.5 * h, x1 = o->x1 + 0.5 * h, y0 = o->y0 - 0.3 * h,
	       y1 = o->y1 + 0.3 * h;
	if (x0 < 0) x0 = 0;
	if (y0 < 0) y0 = 0;
	if (x1 > pw) x1 = pw;
	if (y1 > ph) y1 = ph;
	gray_img img = {0};
	if (render_region(page, x0, y0, x1, y1, REREAD_DPI, 0, &img, NULL) != 0) return;
	if (recognise_region(api, &img, PSM_SINGLE_LINE) == 0) {
		char *txt = TessBaseAPIGetUTF8Text(api);
		int conf = TessBaseAPIMeanTextConf(api);
		char *t = txt ? trim_noise(txt) : NULL;
		if (txt) TessDeleteText(txt);
		size_t wn = t ? words_in(t) : 0, wo = words_in(o->text);
		if (t && conf > o->conf + 3 && wn + 1 >= wo && wn <= wo + 1) {
			free(o->text);
			o->text = t;
			o->conf = (float)conf;
			t = NULL;
		}
		free(t);
	}
	TessBaseAPIClear(api);
	free(img.px);
}

static void reread_header(PopplerPage *page, TessBaseAPI *api, olines *l, double pw, double ph)
{
	int got_number = 0, got_date = 0;
	for (size_t i = 0; i < l->n && !(got_number && got_date); i++) {
		oline *o = &l->v[i];
		if (o->y0 > ph * HEADER_BAND) continue;
		char *fold = vn_fold_text(o->text, strlen(o->text));
		int num = !got_number && is_number_line(fold);
		int date = !num && !got_date && is_date_line(fold);
		free(fold);
		if (!num && !date) {
			if (o->y0 <= ph * HEADER_BAND * 0.75) reread_line(page, api, o, pw, ph);
			continue;
		}
		/* handwriting rises above and sinks below the printed line */
		double h = o->y1 - o->y0;
		double x0 = o->x0 - h, x1 = o->x1 + h, y0 = o->y0 - 0.6 * h, y1 = o->y1 + 0.5 * h;
		if (x0 < 0) x0 = 0;
		if (y0 < 0) y0 = 0;
		if (x1 > pw) x1 = pw;
		if (y1 > ph) y1 = ph;
		gray_img img = {0};
		if (render_region(page, x0, y0, x1, y1, REREAD_DPI, 1, &img, NULL) != 0) continue;
		char *t = num ? reread_number(api, &img, o->text) : reread_date(api, &img, o->text);
		free(img.px);
		if (num) got_number = 1;
		if (date) got_date = 1;
		if (!t) continue;
		char *c = vn_clean(t, strlen(t));
		free(t);
		free(o->text);
		o->text = c;
	}
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

/* A line's box as the cache file gives it back (to 0.1 pt): a page read now
 * must give the document a re-index will read from the cache.  With the exact
 * boxes, the first index of corpus-real v04.pdf found no signer and every
 * later one found it. */
static float cached_coord(float v)
{
	char b[48];
	snprintf(b, sizeof b, "%.1f", v);
	return strtof(b, NULL);
}

static void as_cached(olines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		oline *o = &l->v[i];
		o->x0 = cached_coord(o->x0);
		o->x1 = cached_coord(o->x1);
		o->y0 = cached_coord(o->y0);
		o->y1 = cached_coord(o->y1);
	}
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

tv_err ext_ocr_page(void *poppler_page, int pageno, const ext_limits *lim, int spare, tv_doc *d,
                    tv_error *e)
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
	atomic_fetch_add(&ocr_busy, 1);
	if (!cached) {
		TessBaseAPI *api;
		rc = engine_take(lim ? lim->ocr_threads : 1, !spare, &api, e);
		if (api) {
			rc = recognise(api, &img, &lines, e);
			if (rc == TV_OK) {
				double pw, ph;
				poppler_page_get_size(page, &pw, &ph);
				reread_header(page, api, &lines, pw, ph);
			}
			engine_give(api);
		}
		if (rc == TV_OK && cpath) cache_store(cdir, cpath, &lines);
		if (rc == TV_OK) as_cached(&lines);
	}
	atomic_fetch_sub(&ocr_busy, 1);
	if (rc == TV_OK) atomic_fetch_add(&ocr_done, 1);
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
