/* brief.c — the reporter's handout (brief.h): resolve picked items against the
 * library, cite each one, and write it as HTML (through html.h, the one HTML
 * escaper) and as DOCX (WordprocessingML zipped with libzip; xml_text below is
 * the one XML escaper of that format). */
#define _GNU_SOURCE
#include "brief.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "../search/search.h"
#include "html.h"
#include "web_int.h"

static const char *js(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

/* ---- item lists ------------------------------------------------------------------ */

static int digits(const char *s, size_t n)
{
	if (!n || n > 9) return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i])) return 0;
	return 1;
}

int brief_item_ok(const char *s, int loose)
{
	size_t n = strlen(s);
	if (n < 4 || n > 300 || s[2] != ':') return 0;
	int vb = strncmp(s, "vb:", 3) == 0, kp = strncmp(s, "kp:", 3) == 0,
	    dv = strncmp(s, "dv:", 3) == 0;
	if (!vb && !kp && !dv) return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == ',') return 0;
	const char *id = s + 3;
	if (vb) return loose ? *id != '\0' : digits(id, strlen(id));
	const char *dot = strrchr(id, '.');
	if (!dot || !digits(dot + 1, strlen(dot + 1)) || atoi(dot + 1) < (kp ? 1 : 0)) return 0;
	return loose ? dot > id : digits(id, (size_t)(dot - id));
}

char *brief_list_edit(const char *list, char op, const char *item)
{
	tv_strv v = TV_STRV_INIT;
	tv_buf cur = TV_BUF_INIT;
	for (const char *p = list ? list : "";; p++) {
		if (*p == ',' || *p == '\0') {
			const char *s = tv_buf_str(&cur);
			if (brief_item_ok(s, 0) && !tv_strv_contains(&v, s) &&
			    !(op == '-' && item && strcmp(s, item) == 0) && v.n < BRIEF_MAX_ITEMS)
				tv_strv_push(&v, s);
			tv_buf_clear(&cur);
			if (!*p) break;
		} else if (!isspace((unsigned char)*p)) {
			tv_buf_putc(&cur, *p);
		}
	}
	tv_buf_free(&cur);
	if (op == '+' && item && brief_item_ok(item, 0) && !tv_strv_contains(&v, item) &&
	    v.n < BRIEF_MAX_ITEMS)
		tv_strv_push(&v, item);
	tv_buf out = TV_BUF_INIT;
	for (size_t i = 0; i < v.n; i++) tv_buf_printf(&out, "%s%s", i ? "," : "", v.v[i]);
	tv_strv_free(&v);
	return out.s ? tv_buf_take(&out) : tv_strdup("");
}

/* ---- citations --------------------------------------------------------------------- */

/* The issuer as cited: a header split over lines ("ĐẢNG ỦY KHỐI / CƠ QUAN - DOANH
 * NGHIỆP TỈNH" under "ĐẢNG BỘ TỈNH BẾN TRE") leaves a dangling "tỉnh"; the
 * province comes from the line above, as a reader of the header would take it. */
static void issuer_cited(tv_buf *b, const json_t *d)
{
	const char *iss = js(d, "issuer"), *par = js(d, "issuer_parent");
	if (!iss) return;
	tv_buf_puts(b, iss);
	static const char *levels[] = {" tỉnh", " thành phố", " huyện", " quận"};
	for (size_t i = 0; par && i < sizeof levels / sizeof *levels; i++) {
		size_t n = strlen(iss), l = strlen(levels[i]);
		if (n < l || strcmp(iss + n - l, levels[i]) != 0) continue;
		const char *at = strstr(par, levels[i]);
		if (at && at[l] == ' ' && at[l + 1]) tv_buf_puts(b, at + l);
		break;
	}
}

/* "(Công văn số 598-CV/ĐUK ngày 25/4/2022 của Đảng ủy Khối … tỉnh Bến Tre, điểm 3)";
 * a study material: "(title, author or site, date; tệp name, đoạn N)". */
static void cite(tv_buf *b, const json_t *d, const char *point, long passage)
{
	tv_buf_putc(b, '(');
	const char *num = js(d, "number"), *date = js(d, "date"), *type = js(d, "type");
	const char *kind = js(d, "kind");
	if (kind && strcmp(kind, "study") == 0 && !num) {
		tv_buf_puts(b, js(d, "title") ? js(d, "title") : "Tài liệu không tên");
		if (js(d, "issuer")) tv_buf_printf(b, ", %s", js(d, "issuer"));
		if (date) {
			tv_buf_puts(b, ", ");
			render_date(b, date, 0);
		}
		const char *path = js(d, "path");
		if (path)
			tv_buf_printf(b, "; tệp %s",
			              strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	} else {
		tv_buf_puts(b, type ? type : "Văn bản");
		if (num) tv_buf_printf(b, " số %s", num);
		if (date) {
			tv_buf_puts(b, " ngày ");
			render_date(b, date, 0);
		}
		if (js(d, "issuer")) {
			tv_buf_puts(b, " của ");
			issuer_cited(b, d);
		}
	}
	if (point) tv_buf_printf(b, ", điểm %s", point);
	if (passage >= 0) tv_buf_printf(b, ", đoạn %ld", passage);
	tv_buf_putc(b, ')');
}

/* ---- resolving ------------------------------------------------------------------------ */

static json_t *item_new(const char *ref, const char *kind, const char *heading, const char *text,
                        const char *citation, const char *url)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "ref", ref, "kind", kind, "heading",
	                 heading ? heading : "", "text", text ? text : "", "citation", citation,
	                 "url", url);
}

static json_t *resolve(xdb *db, const char *ref)
{
	char kind[3] = {ref[0], ref[1], 0};
	char *id = tv_strdup(ref + 3);
	long n = -1;
	if (strcmp(kind, "vb") != 0) {
		char *dot = strrchr(id, '.');
		n = atol(dot + 1);
		*dot = '\0';
	}
	json_t *d = NULL, *item = NULL;
	if (srch_doc(db, id, &d, NULL) != TV_OK || !js(d, "path")) goto done;
	long docid = (long)json_integer_value(json_object_get(d, "id"));
	tv_buf c = TV_BUF_INIT, h = TV_BUF_INIT, u = TV_BUF_INIT;
	if (strcmp(kind, "vb") == 0) {
		cite(&c, d, NULL, -1);
		const char *type = js(d, "type"), *num = js(d, "number");
		if (type || num)
			tv_buf_printf(&h, "%s%s%s", type ? type : "", type && num ? " " : "",
			              num ? num : "");
		tv_buf_printf(&u, "/vb/%ld", docid);
		item = item_new(ref, kind, h.len ? h.s : js(d, "title"),
		                js(d, "title") ? js(d, "title") : "", c.s, u.s);
	} else if (strcmp(kind, "kp") == 0) {
		json_t *kp = json_array_get(json_object_get(d, "keypoints"), (size_t)(n - 1));
		if (kp && n >= 1) {
			char mk[16];
			snprintf(mk, sizeof mk, "%s", js(kp, "marker") ? js(kp, "marker") : "");
			size_t ml = strlen(mk);
			while (ml && (mk[ml - 1] == '.' || mk[ml - 1] == ')' || mk[ml - 1] == ','))
				mk[--ml] = '\0';
			cite(&c, d, ml ? mk : NULL, -1);
			tv_buf_printf(&h, "Điểm %s: %s",
			              ml                 ? mk
			              : js(kp, "marker") ? js(kp, "marker")
			                                 : "",
			              js(kp, "label") ? js(kp, "label") : "");
			tv_buf_printf(&u, "/vb/%ld#kp%ld", docid, n);
			item = item_new(ref, kind, h.s, js(kp, "text"), c.s, u.s);
		}
	} else {
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(d, "passages"), i, p)
		{
			if (json_integer_value(json_object_get(p, "n")) != n) continue;
			cite(&c, d, NULL, n);
			tv_buf_printf(&u, "/vb/%ld#p%ld", docid, n);
			item = item_new(ref, kind, js(d, "title"), js(p, "text"), c.s, u.s);
			break;
		}
	}
	tv_buf_free(&c);
	tv_buf_free(&h);
	tv_buf_free(&u);
done:
	json_decref(d);
	free(id);
	return item;
}

tv_err brief_build(xdb *db, const char *list, int loose, json_t **out, tv_error *e)
{
	*out = NULL;
	if (!list || strlen(list) > BRIEF_MAX_LIST)
		return tv_fail(e, TV_ERR_USAGE, "item list missing or longer than %d bytes",
		               BRIEF_MAX_LIST);
	json_t *items = json_array(), *missing = json_array();
	size_t good = 0;
	tv_buf cur = TV_BUF_INIT;
	tv_strv seen = TV_STRV_INIT;
	for (const char *p = list;; p++) {
		if (*p == ',' || *p == '\0') {
			const char *s = tv_buf_str(&cur);
			if (brief_item_ok(s, loose) && !tv_strv_contains(&seen, s) &&
			    good < BRIEF_MAX_ITEMS) {
				good++;
				tv_strv_push(&seen, s);
				json_t *it = resolve(db, s);
				if (it)
					json_array_append_new(items, it);
				else
					json_array_append_new(missing, json_string(s));
			}
			tv_buf_clear(&cur);
			if (!*p) break;
		} else if (!isspace((unsigned char)*p) || loose) {
			tv_buf_putc(&cur, *p);
		}
	}
	tv_buf_free(&cur);
	tv_strv_free(&seen);
	if (!good) {
		json_decref(items);
		json_decref(missing);
		return tv_fail(
		    e, TV_ERR_USAGE,
		    "no well-formed item in the list (expected vb:ID, kp:ID.N, dv:ID.N)");
	}
	*out = json_pack("{s:s, s:o, s:o}", "title", "Tài liệu sinh hoạt", "items", items,
	                 "missing", missing);
	return TV_OK;
}

/* ---- HTML ---------------------------------------------------------------------------- */

static const char *print_css =
    "body{font-family:'Times New Roman',Times,serif;font-size:14pt;line-height:1.5;"
    "max-width:42em;margin:2em auto;padding:0 1em;color:#111}"
    "h1{text-align:center;font-size:16pt;text-transform:uppercase}"
    "h2{font-size:14pt;margin:1.4em 0 .3em}"
    "blockquote{margin:.3em 0 .3em 1.5em;text-align:justify;white-space:pre-line}"
    "p.cite{font-style:italic;text-align:right;margin:0 0 1em}"
    "p.muted{color:#555;font-size:11pt}"
    "@media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}}";

void brief_html(tv_buf *b, const json_t *brief, const char *css)
{
	const char *title = js(brief, "title") ? js(brief, "title") : "Tài liệu sinh hoạt";
	html_fmt(b,
	         "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	         "<title>%s</title>\n",
	         title);
	if (css)
		html_fmt(b, "<link rel=\"stylesheet\" href=\"%s\">\n", css);
	else
		html_fmt(b, "<style>%r</style>\n", print_css);
	html_fmt(b, "</head>\n<body class=\"brief\">\n<article>\n<h1>%s</h1>\n", title);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(brief, "items"), i, it)
	{
		html_fmt(b, "<section class=\"item\" id=\"muc-%z\">\n<h2>%s</h2>\n", i + 1,
		         js(it, "heading"));
		html_fmt(b, "<blockquote>%s</blockquote>\n", js(it, "text"));
		html_fmt(b, "<p class=\"cite\">%s</p>\n</section>\n", js(it, "citation"));
	}
	json_t *missing = json_object_get(brief, "missing");
	if (json_array_size(missing)) {
		tv_buf_puts(b, "<p class=\"muted\">Không tìm thấy trong thư viện: ");
		json_t *m;
		json_array_foreach(missing, i, m)
		    html_fmt(b, "%r%s", i ? ", " : "", json_string_value(m));
		tv_buf_puts(b, ".</p>\n");
	}
	tv_buf_puts(b, "</article>\n</body>\n</html>\n");
}

/* ---- DOCX ---------------------------------------------------------------------------- */

/* The one XML escaper of the DOCX writer: & < > " escaped, and the characters
 * XML 1.0 forbids (C0 controls other than tab) dropped, so any stored text
 * yields a well-formed part.  Newlines are handled by the caller (w:br). */
static void xml_text(tv_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&':
			tv_buf_puts(b, "&amp;");
			break;
		case '<':
			tv_buf_puts(b, "&lt;");
			break;
		case '>':
			tv_buf_puts(b, "&gt;");
			break;
		case '"':
			tv_buf_puts(b, "&quot;");
			break;
		default:
			if (c >= 0x20 || c == '\t') tv_buf_putc(b, (char)c);
		}
	}
}

/* One paragraph: style bits b(old) i(talic) c(enter) r(ight) j(ustify) q(uote indent). */
static void w_para(tv_buf *x, const char *text, const char *style, unsigned half_points)
{
	tv_buf_puts(x, "<w:p><w:pPr><w:spacing w:after=\"120\"/>");
	if (strchr(style, 'q')) tv_buf_puts(x, "<w:ind w:left=\"567\"/>");
	const char *jc = strchr(style, 'c')   ? "center"
	                 : strchr(style, 'r') ? "right"
	                 : strchr(style, 'j') ? "both"
	                                      : NULL;
	if (jc) tv_buf_printf(x, "<w:jc w:val=\"%s\"/>", jc);
	tv_buf_puts(x, "</w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" "
	               "w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>");
	if (strchr(style, 'b')) tv_buf_puts(x, "<w:b/>");
	if (strchr(style, 'i')) tv_buf_puts(x, "<w:i/>");
	tv_buf_printf(x, "<w:sz w:val=\"%u\"/><w:lang w:val=\"vi-VN\"/></w:rPr>", half_points);
	const char *p = text ? text : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		tv_buf_puts(x, "<w:t xml:space=\"preserve\">");
		xml_text(x, p, n);
		tv_buf_puts(x, "</w:t>");
		if (!nl) break;
		tv_buf_puts(x, "<w:br/>");
		p = nl + 1;
	}
	tv_buf_puts(x, "</w:r></w:p>\n");
}

static const char *ct_xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";
static const char *rels_xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

static int zip_put(zip_t *z, const char *name, const char *data, size_t n)
{
	zip_source_t *src = zip_source_buffer(z, data, n, 0);
	if (!src) return -1;
	if (zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

tv_err brief_docx(const json_t *brief, tv_buf *out, tv_error *e)
{
	tv_buf doc = TV_BUF_INIT;
	tv_buf_puts(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	                  "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
	                  "wordprocessingml/2006/main\"><w:body>\n");
	const char *title = js(brief, "title") ? js(brief, "title") : "Tài liệu sinh hoạt";
	char *up = tv_strdup(title);
	w_para(&doc, up, "bc", 32);
	free(up);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(brief, "items"), i, it)
	{
		w_para(&doc, js(it, "heading"), "b", 28);
		w_para(&doc, js(it, "text"), "qj", 28);
		w_para(&doc, js(it, "citation"), "ir", 26);
	}
	/* A4, margins of HD 36: top/bottom 20 mm, left 30 mm, right 15 mm */
	tv_buf_puts(&doc, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" "
	                  "w:right=\"851\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"709\" "
	                  "w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n");
	char tmpl[] = "/tmp/thuvien-brief-XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0) {
		tv_buf_free(&doc);
		return tv_fail(e, TV_ERR_IO, "%s: cannot create a temporary file", tmpl);
	}
	close(fd);
	tv_err rc = TV_OK;
	int zerr = 0;
	zip_t *z = zip_open(tmpl, ZIP_TRUNCATE, &zerr);
	if (!z) {
		rc =
		    tv_fail(e, TV_ERR_IO, "%s: cannot write the zip (libzip error %d)", tmpl, zerr);
	} else if (zip_put(z, "[Content_Types].xml", ct_xml, strlen(ct_xml)) ||
	           zip_put(z, "_rels/.rels", rels_xml, strlen(rels_xml)) ||
	           zip_put(z, "word/document.xml", doc.s, doc.len)) {
		rc = tv_fail(e, TV_ERR_IO, "%s: cannot add a part: %s", tmpl, zip_strerror(z));
		zip_discard(z);
	} else if (zip_close(z) < 0) {
		rc = tv_fail(e, TV_ERR_IO, "%s: cannot finish the zip: %s", tmpl, zip_strerror(z));
		zip_discard(z);
	}
	if (rc == TV_OK) {
		FILE *f = fopen(tmpl, "rb");
		char buf[65536];
		size_t n;
		if (!f) rc = tv_fail(e, TV_ERR_IO, "%s: cannot read back", tmpl);
		while (f && (n = fread(buf, 1, sizeof buf, f)) > 0) tv_buf_append(out, buf, n);
		if (f) fclose(f);
	}
	unlink(tmpl);
	tv_buf_free(&doc);
	return rc;
}

/* ---- CLI ------------------------------------------------------------------------------ */

static const char *brief_help =
    "usage: thuvien brief [--db DIR] [--html FILE] [--docx FILE] [--title TEXT] ITEM...\n"
    "  Assemble a handout from documents, key points and passages, every quote followed\n"
    "  by its citation.  ITEM: vb:ID, kp:ID.N (key point N), dv:ID.N (passage N); ID is\n"
    "  a document id, number (598-CV/ĐUK) or path.  Items may also be given as one\n"
    "  comma-separated list.  Without --html/--docx the HTML goes to stdout.\n";

static int write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "thuvien brief: %s: cannot write\n", path);
		return 1;
	}
	int bad = fwrite(data, 1, n, f) != n;
	bad |= fclose(f) != 0;
	if (bad) fprintf(stderr, "thuvien brief: %s: write failed\n", path);
	return bad;
}

int brief_main(int argc, char **argv)
{
	const char *db_dir = getenv("THUVIEN_DB") ? getenv("THUVIEN_DB") : "thuvien-db";
	const char *html = NULL, *docx = NULL, *title = NULL;
	static struct option opts[] = {{"db", 1, 0, 'd'},   {"html", 1, 0, 'H'},
	                               {"docx", 1, 0, 'D'}, {"title", 1, 0, 't'},
	                               {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db_dir = optarg;
			break;
		case 'H':
			html = optarg;
			break;
		case 'D':
			docx = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'h':
			fputs(brief_help, stdout);
			return 0;
		default:
			fputs(brief_help, stderr);
			return 1;
		}
	}
	if (optind >= argc) {
		fputs(brief_help, stderr);
		return 1;
	}
	tv_buf list = TV_BUF_INIT;
	for (int i = optind; i < argc; i++)
		tv_buf_printf(&list, "%s%s", list.len ? "," : "", argv[i]);
	tv_error e = {0};
	xdb *db = NULL;
	json_t *b = NULL;
	int rc = 1;
	if (xdb_open(db_dir, XDB_READ, &db, &e) != TV_OK ||
	    brief_build(db, list.s, 1, &b, &e) != TV_OK) {
		fprintf(stderr, "thuvien brief: %s\n", e.msg);
		goto out;
	}
	if (title) json_object_set_new(b, "title", json_string(title));
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(b, "missing"), i, m)
	    fprintf(stderr, "thuvien brief: %s: not in the library\n", json_string_value(m));
	rc = json_array_size(json_object_get(b, "items")) ? 0 : 1;
	tv_buf h = TV_BUF_INIT;
	brief_html(&h, b, NULL);
	if (html)
		rc |= write_file(html, h.s, h.len);
	else if (!docx)
		fwrite(h.s, 1, h.len, stdout);
	tv_buf_free(&h);
	if (docx) {
		tv_buf d = TV_BUF_INIT;
		if (brief_docx(b, &d, &e) != TV_OK) {
			fprintf(stderr, "thuvien brief: %s\n", e.msg);
			rc = 1;
		} else {
			rc |= write_file(docx, d.s, d.len);
		}
		tv_buf_free(&d);
	}
	if (rc == 0)
		fprintf(stderr, "%zu items%s%s%s%s\n", json_array_size(json_object_get(b, "items")),
		        html ? ", " : "", html ? html : "", docx ? ", " : "", docx ? docx : "");
out:
	json_decref(b);
	xdb_close(db);
	tv_buf_free(&list);
	return rc;
}
