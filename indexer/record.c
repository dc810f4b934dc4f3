/* record.c — index terms, values and the stored JSON of one document (record.h). */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../search/schema.h"
#include "../vn/docnum.h"
#include "../vn/vn.h"
#include "keypoints.h"

static char *path_term(const char *pfx, const char *path)
{
	tv_buf b = TV_BUF_INIT;
	tv_buf_puts(&b, pfx);
	if (strlen(path) + strlen(pfx) + 8 <= SCHEMA_MAX_TERM) {
		tv_buf_puts(&b, path);
	} else {
		/* keep a readable head, make it unique with two hashes of the whole */
		tv_buf_append(&b, path, 180);
		tv_buf_printf(
		    &b, "#%016llx%016llx", (unsigned long long)tv_hash64(path, strlen(path), 0),
		    (unsigned long long)tv_hash64(path, strlen(path), 0x9e3779b97f4a7c15ULL));
	}
	return tv_buf_take(&b);
}

char *rec_idterm(const char *path)
{
	return path_term(PFX_ID, path);
}

char *rec_parent_term(const char *path)
{
	return path_term(PFX_PARENT, path);
}

char *rec_sig(int64_t size, int64_t mtime_ns)
{
	tv_buf b = TV_BUF_INIT;
	tv_buf_printf(&b, "%lld:%lld", (long long)size, (long long)mtime_ns);
	return tv_buf_take(&b);
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *strv_array(const tv_strv *sv)
{
	json_t *a = json_array();
	for (size_t i = 0; i < sv->n; i++) json_array_append_new(a, json_string(sv->v[i]));
	return a;
}

/* A title for documents that are not official ones (articles, outlines): the
 * extractor's hint; else, among the first blocks, the most prominent heading
 * (bold, centred or a heading style; the largest type wins), with a short
 * genre line in capitals ("ĐỀ CƯƠNG TUYÊN TRUYỀN") joined to the subject line
 * under it; else the first block.  Caller frees. */
static char *guess_title(const tv_doc *d)
{
	if (d->title_hint && *d->title_hint) return tv_strdup(d->title_hint);
	const unsigned prominent = DOC_HEADING | DOC_BOLD | DOC_CENTER;
	const unsigned aside = DOC_HEADER | DOC_FOOTER | DOC_FOOTNOTE | DOC_TEXTBOX;
	size_t best = (size_t)-1;
	for (size_t i = 0; i < d->nblocks && i < 12; i++) {
		const doc_block *b = &d->blocks[i];
		if ((b->flags & aside) || !(b->flags & prominent) || strlen(b->text) > 300)
			continue;
		if (best == (size_t)-1 || b->size > d->blocks[best].size + 0.5f) best = i;
	}
	if (best == (size_t)-1) return d->nblocks ? tv_strdup(d->blocks[0].text) : NULL;
	const doc_block *b = &d->blocks[best];
	unsigned words = 1;
	for (const char *p = b->text; *p; p++) words += *p == ' ';
	if ((b->flags & DOC_CAPS) && words <= 6 && best + 1 < d->nblocks) {
		const doc_block *n = &d->blocks[best + 1];
		if ((n->flags & prominent) && !(n->flags & (DOC_CAPS | aside)) &&
		    strlen(n->text) <= 300) {
			tv_buf t = TV_BUF_INIT;
			tv_buf_printf(&t, "%s: %s", b->text, n->text);
			return tv_buf_take(&t);
		}
	}
	return tv_strdup(b->text);
}

json_t *rec_json(const tv_doc *d, const fld_fields *f, const rec_file *file)
{
	json_t *o = json_object();
	json_object_set_new(o, "path", json_string(file->path));
	json_object_set_new(o, "format", json_string(d->format));
	json_object_set_new(o, "pages", json_integer(d->pages));
	json_object_set_new(o, "size", json_integer(file->size));
	json_t *src = json_array();
	if (d->source & DOC_SRC_TEXT) json_array_append_new(src, json_string("text"));
	if (d->source & DOC_SRC_LEGACY) json_array_append_new(src, json_string("legacy"));
	if (d->source & DOC_SRC_OCR) json_array_append_new(src, json_string("ocr"));
	json_object_set_new(o, "provenance", src);
	/* fields read from OCR text are marked as such: a reporter checks them */
	json_object_set_new(o, "fields_from",
	                    json_string(d->source & DOC_SRC_OCR ? "ocr" : "text"));
	json_object_set_new(o, "kind", json_string(f->official ? "norm" : "study"));
	json_object_set_new(o, "number", str_or_null(f->number));
	json_object_set_new(o, "type", str_or_null(f->type));
	json_object_set_new(o, "type_code", str_or_null(f->type_code));
	json_object_set_new(o, "issuer", str_or_null(f->issuer));
	json_object_set_new(o, "issuer_parent", str_or_null(f->issuer_parent));
	json_object_set_new(o, "place", str_or_null(f->place));
	const char *date = f->date ? f->date : (!f->official ? d->date_hint : NULL);
	json_object_set_new(o, "date", str_or_null(date));
	char *guessed = !f->title && !f->official ? guess_title(d) : NULL;
	json_object_set_new(o, "title", str_or_null(f->title ? f->title : guessed));
	free(guessed);
	json_object_set_new(o, "signer", str_or_null(f->signer));
	json_object_set_new(o, "signer_title", str_or_null(f->signer_title));
	json_object_set_new(o, "signer_position", str_or_null(f->signer_position));
	json_object_set_new(o, "signer_authority", str_or_null(f->signer_authority));
	json_t *rcp = strv_array(&f->kinh_gui);
	for (size_t i = 0; i < f->noi_nhan.n; i++)
		if (!tv_strv_contains(&f->kinh_gui, f->noi_nhan.v[i]))
			json_array_append_new(rcp, json_string(f->noi_nhan.v[i]));
	json_object_set_new(o, "recipients", rcp);
	json_object_set_new(o, "kinh_gui", strv_array(&f->kinh_gui));
	json_object_set_new(o, "noi_nhan", strv_array(&f->noi_nhan));
	json_object_set_new(o, "security", str_or_null(f->security));
	json_object_set_new(o, "urgency", str_or_null(f->urgency));
	json_object_set_new(o, "cites", strv_array(&f->cites));
	json_object_set_new(o, "keypoints", f->official ? kp_extract(d) : json_array());
	char *text = doc_text(d);
	json_object_set_new(o, "text", json_string(text));
	free(text);
	return o;
}

/* ---- terms ----------------------------------------------------------------- */

typedef struct term_ctx {
	xdb_doc *x;
	tv_set *spell;
	tv_buf t; /* scratch for prefixed terms */
	char prev_exact[128], prev_fold[128];
	int have_prev;
	int title; /* tokenising the title: add T terms only */
} term_ctx;

static void add_prefixed(term_ctx *c, const char *pfx, const char *a, const char *sep,
                         const char *b, unsigned pos, int positional)
{
	tv_buf_clear(&c->t);
	tv_buf_puts(&c->t, pfx);
	tv_buf_puts(&c->t, a);
	if (sep) {
		tv_buf_puts(&c->t, sep);
		tv_buf_puts(&c->t, b);
	}
	if (positional)
		xdb_doc_add_posting(c->x, c->t.s, pos, 1);
	else
		xdb_doc_add_term(c->x, c->t.s, 1);
}

static int on_token(const vn_token *tk, void *ud)
{
	term_ctx *c = ud;
	if (c->title) {
		add_prefixed(c, PFX_TITLE, tk->fold, NULL, NULL, 0, 0);
		return 0;
	}
	/* exact forms carry no positions: see schema.h */
	xdb_doc_add_term(c->x, tk->exact, 1);
	add_prefixed(c, PFX_FOLD, tk->fold, NULL, NULL, tk->pos, 1);
	if (tk->kind == VN_TOK_CODE) {
		c->have_prev = 0; /* its parts follow */
		return 0;
	}
	if (tk->kind == VN_TOK_WORD) {
		if (c->have_prev) {
			add_prefixed(c, PFX_FBIGRAM, c->prev_fold, "_", tk->fold, 0, 0);
			add_prefixed(c, PFX_BIGRAM, c->prev_exact, "_", tk->exact, 0, 0);
		}
		if (c->spell && tk->has_marks) tv_set_add(c->spell, tk->exact);
		size_t le = strlen(tk->exact), lf = strlen(tk->fold);
		if (le < sizeof c->prev_exact && lf < sizeof c->prev_fold) {
			memcpy(c->prev_exact, tk->exact, le + 1);
			memcpy(c->prev_fold, tk->fold, lf + 1);
			c->have_prev = 1;
		} else {
			c->have_prev = 0;
		}
	} else {
		c->have_prev = 0;
	}
	return 0;
}

/* The fields a result list shows, apart (schema.h: SLOT_BRIEF). */
static void set_brief(xdb_doc *x, const json_t *record)
{
	static const char *const keys[SCHEMA_NBRIEF] = SCHEMA_BRIEF_KEYS;
	json_t *b = json_object();
	for (size_t k = 0; k < SCHEMA_NBRIEF; k++) {
		json_t *v = json_object_get(record, keys[k]);
		json_object_set(b, keys[k], v ? v : json_null());
	}
	char *js = json_dumps(b, JSON_COMPACT);
	xdb_doc_set_value(x, SLOT_BRIEF, js, strlen(js));
	free(js);
	json_decref(b);
}

static void add_number_keys(xdb_doc *x, const char *pfx, const char *number, unsigned wdf)
{
	dn_number n;
	if (!number || !dn_parse(number, strlen(number), &n)) return;
	tv_strv keys = TV_STRV_INIT;
	dn_keys(&n, &keys);
	tv_buf t = TV_BUF_INIT;
	for (size_t i = 0; i < keys.n; i++) {
		tv_buf_clear(&t);
		tv_buf_puts(&t, pfx);
		tv_buf_puts(&t, keys.v[i]);
		if (wdf)
			xdb_doc_add_term(x, t.s, wdf);
		else
			xdb_doc_add_boolean(x, t.s);
	}
	tv_buf_free(&t);
	tv_strv_free(&keys);
}

static void add_words(xdb_doc *x, const char *pfx, const char *text)
{
	if (!text) return;
	char *fold = vn_fold_text(text, strlen(text));
	tv_buf t = TV_BUF_INIT;
	for (char *p = fold; *p;) {
		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) p++;
		char *s = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) p++;
		if (p > s) {
			tv_buf_clear(&t);
			tv_buf_puts(&t, pfx);
			tv_buf_append(&t, s, (size_t)(p - s));
			xdb_doc_add_boolean(x, t.s);
		}
	}
	tv_buf_free(&t);
	free(fold);
}

/* The whole name as one term: folded words joined by '_' (XJ), so an issuer
 * filter can ask for exactly the facet value shown. */
static void add_full_name(xdb_doc *x, const char *pfx, const char *text)
{
	if (!text) return;
	char *key = vn_fold_joined(text, strlen(text), '_', SCHEMA_MAX_TERM - 8);
	if (*key) {
		tv_buf t = TV_BUF_INIT;
		tv_buf_printf(&t, "%s%s", pfx, key);
		xdb_doc_add_boolean(x, t.s);
		tv_buf_free(&t);
	}
	free(key);
}

static void add_bool(xdb_doc *x, const char *pfx, const char *v)
{
	tv_buf t = TV_BUF_INIT;
	tv_buf_puts(&t, pfx);
	tv_buf_puts(&t, v);
	xdb_doc_add_boolean(x, t.s);
	tv_buf_free(&t);
}

/* "YYYYMMDD" from "YYYY-MM-DD" or "YYYY-MM" (day 00); 0 on anything else. */
static int date_value(const char *iso, char out[9])
{
	if (!iso || strlen(iso) < 7 || iso[4] != '-') return 0;
	memcpy(out, iso, 4);
	memcpy(out + 4, iso + 5, 2);
	if (strlen(iso) >= 10 && iso[7] == '-')
		memcpy(out + 6, iso + 8, 2);
	else
		memcpy(out + 6, "00", 2);
	out[8] = '\0';
	return 1;
}

xdb_doc *rec_build(const tv_doc *d, const fld_fields *f, json_t *record, const rec_file *file,
                   tv_set *spell)
{
	xdb_doc *x = xdb_doc_new();
	term_ctx c = {.x = x, .spell = spell};

	/* Body: each block continues the positions; a gap of 8 keeps phrases and
	 * bigrams from spanning blocks. */
	unsigned pos = 1;
	for (size_t i = 0; i < d->nblocks; i++) {
		c.have_prev = 0;
		pos = vn_tokenize(d->blocks[i].text, strlen(d->blocks[i].text), pos, on_token, &c) +
		      8;
	}
	/* Title words, and the number as written, weigh more in ranking. */
	const char *title = json_string_value(json_object_get(record, "title"));
	if (title) {
		c.title = 1;
		vn_tokenize(title, strlen(title), 0, on_token, &c);
		c.title = 0;
	}
	tv_buf_free(&c.t);

	char *idterm = rec_idterm(file->path);
	xdb_doc_add_boolean(x, idterm);
	free(idterm);
	add_number_keys(x, PFX_NUMBER, f->number, 1);
	for (size_t i = 0; i < f->cites.n; i++) add_number_keys(x, PFX_CITES, f->cites.v[i], 1);
	if (f->type_code) add_bool(x, PFX_TYPE, f->type_code);
	add_words(x, PFX_ISSUER, f->issuer);
	add_words(x, PFX_ISSUER, f->issuer_parent);
	add_full_name(x, PFX_ISSUER_FULL, f->issuer);
	add_bool(x, PFX_FORMAT, d->format);
	add_bool(x, PFX_KIND, f->official ? "norm" : "study");
	if (d->source & DOC_SRC_TEXT) add_bool(x, PFX_SOURCE, "text");
	if (d->source & DOC_SRC_LEGACY) add_bool(x, PFX_SOURCE, "legacy");
	if (d->source & DOC_SRC_OCR) add_bool(x, PFX_SOURCE, "ocr");

	const char *date = json_string_value(json_object_get(record, "date"));
	char dv[9];
	if (date_value(date, dv)) {
		xdb_doc_set_value(x, SLOT_DATE, dv, 8);
		xdb_doc_set_value(x, SLOT_YEAR, dv, 4);
		char y[4 + 1 + 4];
		snprintf(y, sizeof y, "%.4s", dv);
		add_bool(x, PFX_YEAR, y);
	}
	if (f->type)
		xdb_doc_set_value(x, SLOT_TYPE, f->type, strlen(f->type));
	else if (!f->official)
		xdb_doc_set_value(x, SLOT_TYPE, "Tài liệu", strlen("Tài liệu"));
	if (f->issuer) xdb_doc_set_value(x, SLOT_ISSUER, f->issuer, strlen(f->issuer));
	char *sig = rec_sig(file->size, file->mtime_ns);
	xdb_doc_set_value(x, SLOT_SIG, sig, strlen(sig));
	free(sig);
	xdb_doc_set_value(x, SLOT_PATH, file->path, strlen(file->path));
	set_brief(x, record);

	/* the text goes to its own slot (schema.h); the record keeps it for the caller */
	json_t *text = json_object_get(record, "text");
	if (json_is_string(text)) {
		json_incref(text);
		xdb_doc_set_value(x, SLOT_TEXT, json_string_value(text), json_string_length(text));
		json_object_del(record, "text");
	} else {
		text = NULL;
	}
	char *data = json_dumps(record, JSON_COMPACT);
	xdb_doc_set_data(x, data, strlen(data));
	free(data);
	if (text) json_object_set_new(record, "text", text);
	return x;
}

/* ---- passages ---------------------------------------------------------------- */

#define PASSAGE_MIN_WORDS 12

static int count_word(const vn_token *t, void *ud)
{
	if (t->kind != VN_TOK_CODE) ++*(unsigned *)ud;
	return 0;
}

/* Numbers a text cites, by number or by name (alias table), de-duplicated. */
static void cited_numbers(const char *text, size_t len, tv_strv *out)
{
	dn_number *nums = NULL;
	size_t nn = dn_find_all(text, len, &nums);
	for (size_t k = 0; k < nn; k++)
		if (!tv_strv_contains(out, nums[k].canon)) tv_strv_push(out, nums[k].canon);
	free(nums);
	tv_strv named = TV_STRV_INIT;
	fld_resolve_aliases(text, len, &named);
	for (size_t k = 0; k < named.n; k++)
		if (!tv_strv_contains(out, named.v[k])) tv_strv_push(out, named.v[k]);
	tv_strv_free(&named);
}

size_t rec_passages(const tv_doc *d, const json_t *record, const rec_file *file, xdb_doc ***out)
{
	*out = NULL;
	size_t n = 0, cap = 0;
	char *parent = rec_parent_term(file->path);
	const char *title = json_string_value(json_object_get(record, "title"));
	/* numbers a section heading cites ("VI. … (Công văn số 598-CV/ĐUK)") hold for
	 * every passage under it */
	tv_strv section = TV_STRV_INIT;
	for (size_t i = 0; i < d->nblocks; i++) {
		const doc_block *b = &d->blocks[i];
		if (b->flags & DOC_HEADING) {
			tv_strv_free(&section);
			cited_numbers(b->text, strlen(b->text), &section);
			continue;
		}
		if (b->flags & (DOC_HEADER | DOC_FOOTER)) continue;
		size_t len = strlen(b->text);
		unsigned words = 0;
		vn_tokenize(b->text, len, 0, count_word, &words);
		if (words < PASSAGE_MIN_WORDS) continue;
		xdb_doc *x = xdb_doc_new();
		term_ctx c = {.x = x};
		vn_tokenize(b->text, len, 1, on_token, &c);
		tv_buf_free(&c.t);
		xdb_doc_add_boolean(x, parent);
		add_bool(x, PFX_KIND, KIND_PASSAGE);
		tv_strv cites = TV_STRV_INIT;
		cited_numbers(b->text, len, &cites);
		for (size_t k = 0; k < section.n; k++)
			if (!tv_strv_contains(&cites, section.v[k]))
				tv_strv_push(&cites, section.v[k]);
		for (size_t k = 0; k < cites.n; k++) add_number_keys(x, PFX_CITES, cites.v[k], 1);
		tv_strv_free(&cites);
		json_t *data =
		    json_pack("{s:s, s:i, s:o, s:s}", "parent_path", file->path, "passage", (int)i,
		              "title", title ? json_string(title) : json_null(), "text", b->text);
		char *js = json_dumps(data, JSON_COMPACT);
		xdb_doc_set_data(x, js, strlen(js));
		free(js);
		json_decref(data);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = tv_realloc(*out, cap * sizeof **out);
		}
		(*out)[n++] = x;
	}
	tv_strv_free(&section);
	free(parent);
	return n;
}
