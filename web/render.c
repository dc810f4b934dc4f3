/* render.c — the HTML pages: search, document, errors.  Pages are built in a
 * tv_buf through html.h only (every value escaped there); the layout is plain
 * semantic HTML that works without JavaScript, styled by static/style.css. */
#include <stdlib.h>
#include <string.h>

#include "brief.h"
#include "html.h"
#include "web_int.h"

static const char *js(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

/* ---- layout ---------------------------------------------------------------------- */

static void page_begin(tv_buf *b, const char *title)
{
	html_fmt(b,
	         "<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	         "<title>%s%r</title>\n"
	         "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
	         "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
	         "<link rel=\"search\" type=\"application/opensearchdescription+xml\" "
	         "title=\"Thư viện văn bản\" href=\"/opensearch.xml\">\n"
	         "<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n"
	         "<a class=\"skip\" href=\"#noi-dung\">Bỏ qua, đến nội dung chính</a>\n"
	         "<header class=\"top\"><a class=\"brand\" href=\"/\">"
	         "<img src=\"/static/favicon.svg\" alt=\"\" width=\"28\" height=\"28\"> "
	         "Thư viện văn bản</a><a class=\"basket-link\" href=\"/ban-tin\">Bản tin</a>"
	         "</header>\n<main id=\"noi-dung\">\n",
	         title, title && *title ? " — Thư viện văn bản" : "Thư viện văn bản");
}

static void page_end(tv_buf *b)
{
	tv_buf_puts(b, "</main>\n<footer class=\"foot\"><p>Thư viện văn bản Đảng và Nhà nước · "
	               "tìm có dấu hoặc không dấu, theo số hiệu (<code>05-CT/TW</code>, "
	               "<code>chi thi 05</code>) · <a href=\"/api/search?q=\">API JSON</a></p>"
	               "</footer>\n</body>\n</html>\n");
}

static void search_form(tv_buf *b, const web_state *st)
{
	int adv = *st->loai || *st->cq || *st->tu || *st->den || *st->sap || *st->kieu;
	html_fmt(
	    b,
	    "<form class=\"search\" action=\"/tim\" method=\"get\" role=\"search\">\n"
	    "<label for=\"q\" class=\"q-label\">Tìm văn bản</label>\n<div class=\"q-row\">"
	    "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"1000\" "
	    "autocomplete=\"off\" aria-describedby=\"q-help\" "
	    "placeholder=\"Ví dụ: nâng cao tinh thần trách nhiệm, 05-CT/TW, chi thi 05\">"
	    "<button type=\"submit\">Tìm</button></div>\n"
	    "<p id=\"q-help\" class=\"help\">Gõ có dấu hoặc không dấu; "
	    "<code>\"cụm từ\"</code> để tìm đúng cụm, <code>-từ</code> để loại trừ.</p>\n"
	    "<div id=\"goi-y\" class=\"suggest\" aria-live=\"polite\" hidden></div>\n"
	    "<details class=\"adv\"%r><summary>Lọc và sắp xếp</summary>\n<div class=\"adv-grid\">"
	    "<p><label for=\"loai\">Loại văn bản</label>"
	    "<input id=\"loai\" name=\"loai\" value=\"%s\" placeholder=\"Chỉ thị, CT, Nghị "
	    "quyết…\"></p>"
	    "<p><label for=\"cq\">Cơ quan ban hành</label>"
	    "<input id=\"cq\" name=\"cq\" value=\"%s\" placeholder=\"Tỉnh ủy, Bộ Chính trị…\"></p>"
	    "<p><label for=\"tu\">Từ ngày</label>"
	    "<input id=\"tu\" name=\"tu\" value=\"%s\" inputmode=\"numeric\" "
	    "pattern=\"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\" placeholder=\"2016 hoặc 2016-05-15\"></p>"
	    "<p><label for=\"den\">Đến ngày</label>"
	    "<input id=\"den\" name=\"den\" value=\"%s\" inputmode=\"numeric\" "
	    "pattern=\"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\" placeholder=\"2022 hoặc "
	    "2022-12-31\"></p>",
	    st->q, adv ? " open" : "", st->loai, st->cq, st->tu, st->den);
	html_fmt(b,
	         "<p><label for=\"kieu\">Nhóm</label><select id=\"kieu\" name=\"kieu\">"
	         "<option value=\"\">Tất cả</option>"
	         "<option value=\"norm\"%r>Văn bản chính thức</option>"
	         "<option value=\"study\"%r>Tài liệu học tập</option></select></p>"
	         "<p><label for=\"sap\">Sắp xếp</label><select id=\"sap\" name=\"sap\">"
	         "<option value=\"\">Liên quan nhất</option>"
	         "<option value=\"moi\"%r>Mới nhất trước</option>"
	         "<option value=\"cu\"%r>Cũ nhất trước</option></select></p>"
	         "</div></details>\n</form>\n",
	         strcmp(st->kieu, "norm") == 0 ? " selected" : "",
	         strcmp(st->kieu, "study") == 0 ? " selected" : "",
	         strcmp(st->sap, "moi") == 0 ? " selected" : "",
	         strcmp(st->sap, "cu") == 0 ? " selected" : "");
}

void render_error(web_resp *out, unsigned status, const char *title, const char *msg)
{
	web_state st = {"", "", "", "", "", "", "", 1, WEB_PAGE_SIZE};
	out->status = status;
	out->ctype = "text/html; charset=utf-8";
	tv_buf_clear(&out->body);
	page_begin(&out->body, title);
	html_fmt(&out->body,
	         "<section class=\"error\"><h1>%s</h1><p>%s</p>"
	         "<p><a href=\"/\">Về trang chủ</a> hoặc tìm văn bản khác:</p></section>\n",
	         title, msg);
	search_form(&out->body, &st);
	page_end(&out->body);
}

/* ---- small pieces ------------------------------------------------------------------ */

void render_date(tv_buf *b, const char *iso, int zeros)
{
	if (!iso) return;
	int y = 0, m = 0, d = 0;
	int k = sscanf(iso, "%4d-%2d-%2d", &y, &m, &d);
	if (k == 3 && d > 0)
		tv_buf_printf(b, zeros ? "%02d/%02d/%04d" : "%d/%d/%04d", d, m, y);
	else if (k >= 2 && m > 0)
		tv_buf_printf(b, zeros ? "%02d/%04d" : "%d/%04d", m, y);
	else if (k >= 1)
		tv_buf_printf(b, "%04d", y);
	else /* not a date we know: its digits and separators only, safe in HTML and text */
		for (const char *p = iso; *p && p - iso < 32; p++)
			if ((*p >= '0' && *p <= '9') || *p == '-' || *p == '/') tv_buf_putc(b, *p);
}

/* Strip a leading "V/v" (về việc) so the citation does not say it twice. */
static const char *subject_of(const char *title)
{
	if (!title) return NULL;
	if (strncmp(title, "V/v", 3) == 0 || strncmp(title, "v/v", 3) == 0) {
		title += 3;
		while (*title == ' ' || *title == ':' || *title == '.') title++;
		return *title ? title : NULL;
	}
	if (strncmp(title, "Về việc ", strlen("Về việc ")) == 0) return title + strlen("Về việc ");
	if (strncmp(title, "về việc ", strlen("về việc ")) == 0) return title + strlen("về việc ");
	return title;
}

void render_citation(tv_buf *b, const json_t *doc)
{
	const char *type = js(doc, "type"), *num = js(doc, "number"), *date = js(doc, "date");
	const char *issuer = js(doc, "issuer"), *title = js(doc, "title");
	const char *kind = js(doc, "kind");
	if (kind && strcmp(kind, "study") == 0 && !num) {
		/* an article: title, author body, date */
		tv_buf_printf(b, "%s", title ? title : "Tài liệu không tên");
		if (issuer) tv_buf_printf(b, ", %s", issuer);
		if (date) {
			tv_buf_puts(b, ", ");
			render_date(b, date, 0);
		}
		return;
	}
	tv_buf_puts(b, type ? type : "Văn bản");
	if (num) tv_buf_printf(b, " số %s", num);
	if (date) {
		tv_buf_puts(b, " ngày ");
		render_date(b, date, 0);
	}
	if (issuer) tv_buf_printf(b, " của %s", issuer);
	const char *subj = subject_of(title);
	if (subj) tv_buf_printf(b, " về việc %s", subj);
}

static void size_text(tv_buf *b, json_int_t size)
{
	if (size < 1024)
		tv_buf_printf(b, "%lld byte", (long long)size);
	else if (size < 1024 * 1024)
		tv_buf_printf(b, "%lld KB", (long long)(size + 512) / 1024);
	else
		tv_buf_printf(b, "%.1f MB", (double)size / (1024.0 * 1024.0));
}

static const char *provenance_vi(const char *p)
{
	if (strcmp(p, "text") == 0) return "lớp chữ của tệp";
	if (strcmp(p, "legacy") == 0) return "chuyển từ bảng mã cũ (TCVN3/VNI)";
	if (strcmp(p, "ocr") == 0) return "nhận dạng chữ từ ảnh quét (OCR)";
	return p;
}

static const char *kind_vi(const char *k)
{
	if (k && strcmp(k, "norm") == 0) return "Văn bản chính thức";
	if (k && strcmp(k, "study") == 0) return "Tài liệu học tập";
	return NULL;
}

/* ---- search page ------------------------------------------------------------------ */

static void hit_meta(tv_buf *b, const json_t *doc, int exact)
{
	tv_buf_puts(b, "<p class=\"meta\">");
	if (exact) tv_buf_puts(b, "<span class=\"badge\">Đúng số hiệu</span> ");
	const char *type = js(doc, "type"), *num = js(doc, "number"), *issuer = js(doc, "issuer");
	const char *date = js(doc, "date");
	if (!type) type = kind_vi(js(doc, "kind"));
	int sep = 0;
	if (type) html_fmt(b, "<span class=\"type\">%s</span>", type), sep = 1;
	if (num) html_fmt(b, "%r<span class=\"num\">%s</span>", sep ? " " : "", num), sep = 1;
	if (issuer)
		html_fmt(b, "%r<span class=\"issuer\">%s</span>", sep ? " · " : "", issuer),
		    sep = 1;
	if (date) {
		html_fmt(b, "%r<time datetime=\"%s\">", sep ? " · " : "", date);
		render_date(b, date, 1);
		tv_buf_puts(b, "</time>");
	}
	tv_buf_puts(b, "</p>");
}

static void render_hit(tv_buf *b, const web_state *st, const srch_hit *h)
{
	const char *title = js(h->doc, "title");
	const char *path = js(h->doc, "path");
	html_fmt(b, "<li class=\"hit%r\">", h->exact_number ? " exact" : "");
	hit_meta(b, h->doc, h->exact_number);
	html_fmt(b, "<h2><a href=\"/vb/%U", h->id);
	if (*st->q) html_fmt(b, "?q=%u", st->q);
	tv_buf_puts(b, "\">");
	if (title)
		html_text(b, title, strlen(title));
	else if (path)
		html_fmt(b, "%s", strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	else
		tv_buf_puts(b, "(không có trích yếu)");
	tv_buf_puts(b, "</a></h2>");
	if (h->snippet && *h->snippet) {
		tv_buf_puts(b, "<p class=\"snippet\">");
		html_marked(b, h->snippet, strlen(h->snippet), h->hl, h->nhl);
		tv_buf_puts(b, "</p>");
	}
	tv_buf_puts(b, "</li>\n");
}

static void facet_block(tv_buf *b, const web_state *st, const srch_result *res, size_t k)
{
	static const char *names[3] = {"Loại văn bản", "Cơ quan ban hành", "Năm"};
	if (!res->nfacets[k]) return;
	html_fmt(b, "<section class=\"facet\"><h2>%s</h2>", names[k]);
	/* counted over a sample of a large match set: say so, not a false exact figure */
	if (!res->facets_exact) tv_buf_puts(b, "<p class=\"facet-note\">Số lượng ước tính</p>");
	tv_buf_puts(b, "<ul>");
	for (size_t i = 0; i < res->nfacets[k] && i < 15; i++) {
		const srch_facet *f = &res->facets[k][i];
		web_state s2 = *st;
		int active;
		if (k == 0)
			active = strcmp(st->loai, f->value) == 0, s2.loai = f->value;
		else if (k == 1)
			active = strcmp(st->cq, f->value) == 0, s2.cq = f->value;
		else {
			active = strcmp(st->tu, f->value) == 0 && strcmp(st->den, f->value) == 0;
			s2.tu = s2.den = f->value;
		}
		tv_buf_puts(b, "<li><a href=\"");
		web_state_url(b, &s2, "trang", "");
		html_fmt(b, "\"%r>%s <span class=\"count\">%U</span></a></li>",
		         active ? " aria-current=\"true\"" : "", f->value, f->count);
	}
	tv_buf_puts(b, "</ul></section>\n");
}

static void active_filters(tv_buf *b, const web_state *st)
{
	struct {
		const char *label, *key, *val;
	} f[] = {{"Loại", "loai", st->loai},
	         {"Cơ quan", "cq", st->cq},
	         {"Nhóm", "kieu", kind_vi(st->kieu)},
	         {"Từ", "tu", st->tu},
	         {"Đến", "den", st->den}};
	int any = 0;
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		if (!f[i].val || !*f[i].val) continue;
		if (!any) tv_buf_puts(b, "<p class=\"chips\">Đang lọc: ");
		any = 1;
		tv_buf_puts(b, "<a class=\"chip\" href=\"");
		web_state_url(b, st, f[i].key, "");
		html_fmt(b,
		         "\" title=\"Bỏ bộ lọc này\">%s: %s <span aria-hidden=\"true\">×</span>"
		         "<span class=\"sr\"> (bỏ lọc)</span></a> ",
		         f[i].label, f[i].val);
	}
	if (any) tv_buf_puts(b, "</p>\n");
}

static void pagination(tv_buf *b, const web_state *st, unsigned total)
{
	unsigned pages = (total + st->n - 1) / st->n;
	if (pages > WEB_MAX_PAGE) pages = WEB_MAX_PAGE;
	if (pages <= 1) return;
	tv_buf_puts(b, "<nav class=\"pages\" aria-label=\"Phân trang\"><ul>");
	char num[16];
	if (st->trang > 1) {
		snprintf(num, sizeof num, "%u", st->trang - 1);
		tv_buf_puts(b, "<li><a rel=\"prev\" href=\"");
		web_state_url(b, st, "trang", num);
		tv_buf_puts(b, "\">‹ Trước</a></li>");
	}
	unsigned lo = st->trang > 3 ? st->trang - 2 : 1, hi = lo + 4 < pages ? lo + 4 : pages;
	for (unsigned p = lo; p <= hi; p++) {
		snprintf(num, sizeof num, "%u", p);
		if (p == st->trang) {
			html_fmt(b, "<li><span aria-current=\"page\">%U</span></li>", p);
			continue;
		}
		tv_buf_puts(b, "<li><a href=\"");
		web_state_url(b, st, "trang", num);
		html_fmt(b, "\" aria-label=\"Trang %U\">%U</a></li>", p, p);
	}
	if (st->trang < pages) {
		snprintf(num, sizeof num, "%u", st->trang + 1);
		tv_buf_puts(b, "<li><a rel=\"next\" href=\"");
		web_state_url(b, st, "trang", num);
		tv_buf_puts(b, "\">Sau ›</a></li>");
	}
	tv_buf_puts(b, "</ul></nav>\n");
}

static int db_ready(web_req *r, web_resp *out)
{
	if (r->db) return 1;
	fprintf(stderr, "thuvien serve: %s\n", r->db_err.msg);
	render_error(out, 503, "Chưa mở được kho văn bản",
	             "Cơ sở dữ liệu chưa sẵn sàng (chưa lập chỉ mục hoặc đang bận). "
	             "Hãy chạy “thuvien index” rồi tải lại trang.");
	return 0;
}

void render_search(web_req *r, web_resp *out)
{
	web_state st;
	const char *why;
	unsigned bad = web_state_read(r, &st, &why);
	if (bad) {
		render_error(out, bad, "Yêu cầu không hợp lệ", why);
		return;
	}
	if (!db_ready(r, out)) return;
	int browsing = !*st.q && !*st.loai && !*st.cq && !*st.tu && !*st.den && !*st.kieu;
	srch_opts o;
	web_state_opts(&st, &o);
	srch_result *res = NULL;
	tv_error e = {0};
	tv_err rc = srch_run(r->db, &o, &res, &e);
	if (rc == TV_ERR_TOO_BIG) {
		render_error(out, 400, "Yêu cầu không hợp lệ",
		             "Câu tìm kiếm quá dài hoặc quá phức tạp.");
		return;
	}
	if (rc != TV_OK) {
		fprintf(stderr, "thuvien serve: search \"%.200s\": %s\n", st.q, e.msg);
		render_error(
		    out, 500, "Lỗi khi tìm kiếm",
		    "Máy chủ không thực hiện được tìm kiếm này. Hãy thử lại hoặc đổi câu tìm.");
		return;
	}
	tv_buf *b = &out->body;
	out->status = 200;
	out->ctype = "text/html; charset=utf-8";
	page_begin(b, *st.q ? st.q : (browsing ? "" : "Tìm văn bản"));
	search_form(b, &st);
	tv_buf_puts(b,
	            "<div class=\"layout\">\n<section class=\"results\" aria-labelledby=\"kq\">\n");
	if (browsing)
		tv_buf_puts(b, "<h1 id=\"kq\">Văn bản mới nhất</h1>\n");
	else if (res->total == 0)
		tv_buf_puts(b, "<h1 id=\"kq\">Không tìm thấy văn bản nào</h1>\n");
	else if (*st.q)
		/* past XDB_FACET_CHECK matches the count is Xapian's estimate */
		html_fmt(b, "<h1 id=\"kq\">%s%U kết quả cho “%s”</h1>\n",
		         res->facets_exact ? "" : "Khoảng ", res->total, st.q);
	else
		html_fmt(b, "<h1 id=\"kq\">%U văn bản</h1>\n", res->total);
	if (res->did_you_mean && *res->did_you_mean) {
		html_fmt(b, "<p class=\"dym\">Có phải bạn muốn tìm: <a href=\"");
		web_state_url(b, &st, "q", res->did_you_mean);
		html_fmt(b, "\">%s</a>?</p>\n", res->did_you_mean);
	}
	active_filters(b, &st);
	if (res->total == 0)
		tv_buf_puts(
		    b,
		    "<p class=\"empty\">Thử bỏ bớt từ, bỏ bộ lọc, hoặc gõ số hiệu "
		    "theo cách khác (ví dụ <code>05-CT/TW</code>, <code>chi thi 05</code>).</p>\n");
	if (res->nhits) {
		html_fmt(b, "<ol class=\"hits\" start=\"%U\">\n", (st.trang - 1) * st.n + 1);
		/* a document whose own number was asked for leads, whatever its score */
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < res->nhits; i++)
				if ((res->hits[i].exact_number != 0) == (pass == 0))
					render_hit(b, &st, &res->hits[i]);
		tv_buf_puts(b, "</ol>\n");
	}
	if (!browsing) pagination(b, &st, res->total);
	tv_buf_puts(b, "</section>\n");
	if (res->total) {
		tv_buf_puts(b, "<aside class=\"facets\" aria-label=\"Lọc theo\">\n");
		for (size_t k = 0; k < 3; k++) facet_block(b, &st, res, k);
		tv_buf_puts(b, "</aside>\n");
	}
	tv_buf_puts(b, "</div>\n");
	page_end(b);
	srch_result_free(res);
}

/* ---- document page ----------------------------------------------------------------- */

static void field_row(tv_buf *b, const char *label, const char *val)
{
	html_fmt(b, "<tr><th scope=\"row\">%s</th><td>", label);
	if (val)
		html_text(b, val, strlen(val));
	else
		tv_buf_puts(b, "<span class=\"unknown\">Không xác định</span>");
	tv_buf_puts(b, "</td></tr>\n");
}

static void list_row(tv_buf *b, const char *label, const json_t *arr)
{
	if (!json_is_array(arr) || !json_array_size(arr)) {
		field_row(b, label, NULL);
		return;
	}
	html_fmt(b, "<tr><th scope=\"row\">%s</th><td><ul class=\"plain\">", label);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);
		if (s) html_fmt(b, "<li>%s</li>", s);
	}
	tv_buf_puts(b, "</ul></td></tr>\n");
}

static void fields_table(tv_buf *b, const json_t *d)
{
	tv_buf t = TV_BUF_INIT;
	tv_buf_puts(b, "<table class=\"fields\"><tbody>\n");
	field_row(b, "Số, ký hiệu", js(d, "number"));
	field_row(b, "Loại văn bản", js(d, "type"));
	const char *iss = js(d, "issuer"), *par = js(d, "issuer_parent");
	if (iss && par) tv_buf_printf(&t, "%s (%s)", iss, par);
	field_row(b, "Cơ quan ban hành", t.len ? t.s : iss);
	field_row(b, "Nơi ban hành", js(d, "place"));
	tv_buf_clear(&t);
	render_date(&t, js(d, "date"), 1);
	field_row(b, "Ngày ban hành", t.len ? t.s : NULL);
	field_row(b, "Trích yếu", js(d, "title"));
	tv_buf_clear(&t);
	const char *keys[] = {"signer_authority", "signer_position", "signer_title", "signer"};
	for (size_t i = 0; i < 4; i++) {
		const char *s = js(d, keys[i]);
		if (!s) continue;
		if (t.len) tv_buf_puts(&t, i == 3 && js(d, "signer_title") ? " " : " — ");
		tv_buf_puts(&t, s);
	}
	field_row(b, "Người ký", js(d, "signer") ? t.s : NULL);
	list_row(b, "Kính gửi", json_object_get(d, "kinh_gui"));
	list_row(b, "Nơi nhận", json_object_get(d, "noi_nhan"));
	field_row(b, "Độ mật", js(d, "security"));
	field_row(b, "Độ khẩn", js(d, "urgency"));
	field_row(b, "Nhóm", kind_vi(js(d, "kind")));
	/* provenance: where the words came from, so a reader knows how far to trust them */
	tv_buf_clear(&t);
	const json_t *prov = json_object_get(d, "provenance");
	size_t i;
	json_t *v;
	json_array_foreach(prov, i, v)
	{
		if (!json_string_value(v)) continue;
		if (t.len) tv_buf_puts(&t, "; ");
		tv_buf_puts(&t, provenance_vi(json_string_value(v)));
	}
	const char *fmt = js(d, "format");
	if (fmt) {
		tv_buf_printf(&t, "%stệp %s", t.len ? " — " : "", fmt);
		json_int_t pages = json_integer_value(json_object_get(d, "pages"));
		if (pages > 0) tv_buf_printf(&t, ", %lld trang", (long long)pages);
	}
	field_row(b, "Nguồn chữ", t.len ? t.s : NULL);
	tv_buf_puts(b, "</tbody></table>\n");
	tv_buf_free(&t);
}

/* An excerpt of at most max bytes, cut at a space, never inside a character. */
static void excerpt(tv_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max) {
		html_text(b, s, n);
		return;
	}
	size_t cut = max;
	while (cut > max / 2 && s[cut] != ' ') cut--;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
	html_text(b, s, cut);
	tv_buf_puts(b, " …");
}

/* "+ Bản tin" beside an item: a plain link that adds it to the basket cookie
 * and comes back here, so the basket works without JavaScript. */
static void basket_link(tv_buf *b, const char *item, const char *back)
{
	html_fmt(b,
	         " <a class=\"add-brief\" href=\"/ban-tin/them?muc=%u&amp;ve=%u\" "
	         "data-muc=\"%s\" rel=\"nofollow\">+ Bản tin</a>",
	         item, back, item);
}

static void keypoints(tv_buf *b, const json_t *d)
{
	const json_t *kps = json_object_get(d, "keypoints");
	if (!json_is_array(kps) || !json_array_size(kps)) return;
	json_int_t docid = json_integer_value(json_object_get(d, "id"));
	tv_buf_puts(b,
	            "<section class=\"kps\" aria-labelledby=\"h-kp\"><h2 id=\"h-kp\">Nội dung chính"
	            "</h2>\n<ul class=\"kp\">\n");
	size_t i;
	json_t *kp;
	json_array_foreach(kps, i, kp)
	{
		const char *marker = js(kp, "marker"), *label = js(kp, "label"),
		           *text = js(kp, "text");
		json_int_t level = json_integer_value(json_object_get(kp, "level"));
		html_fmt(b, "<li class=\"lv%d\" id=\"kp%z\"><p class=\"kp-head\">",
		         level > 0 && level < 5 ? (int)level : 1, i + 1);
		if (marker) html_fmt(b, "<span class=\"marker\">%s</span> ", marker);
		html_fmt(b, "<strong>%s</strong>", label ? label : "");
		tv_buf item = TV_BUF_INIT, back = TV_BUF_INIT;
		tv_buf_printf(&item, "kp:%lld.%zu", (long long)docid, i + 1);
		tv_buf_printf(&back, "/vb/%lld#kp%zu", (long long)docid, i + 1);
		basket_link(b, item.s, back.s);
		tv_buf_puts(b, "</p>");
		if (text && (!label || strcmp(text, label) != 0)) {
			tv_buf_puts(b, "<p class=\"kp-text\">");
			excerpt(b, text, 1200);
			tv_buf_puts(b, "</p>");
		}
		const json_t *rel = json_object_get(kp, "related");
		if (json_is_array(rel) && json_array_size(rel)) {
			html_fmt(
			    b,
			    "<details class=\"related\" open><summary>Tài liệu giải thích điểm "
			    "này (%z)</summary><ul>",
			    json_array_size(rel));
			size_t k;
			json_t *p;
			json_array_foreach(rel, k, p)
			{
				json_int_t pid = json_integer_value(json_object_get(p, "id"));
				json_int_t pn = json_integer_value(json_object_get(p, "passage"));
				const char *pt = js(p, "title"), *ptext = js(p, "text");
				tv_buf_puts(b, "<li>");
				if (pid > 0)
					html_fmt(
					    b,
					    "<a class=\"passage-link\" href=\"/vb/%U#p%d\">%s</a>",
					    (unsigned)pid, (int)pn, pt ? pt : "Tài liệu");
				else
					html_fmt(b, "<strong>%s</strong>", pt ? pt : "Tài liệu");
				if (json_is_true(json_object_get(p, "cites")))
					tv_buf_puts(
					    b,
					    " <span class=\"badge\">dẫn chiếu văn bản này</span>");
				if (pid > 0) {
					tv_buf_clear(&item);
					tv_buf_printf(&item, "dv:%lld.%lld", (long long)pid,
					              (long long)pn);
					basket_link(b, item.s, back.s);
				}
				if (ptext) {
					tv_buf_puts(b, "<blockquote>");
					excerpt(b, ptext, 400);
					tv_buf_puts(b, "</blockquote>");
				}
				tv_buf_puts(b, "</li>");
			}
			tv_buf_puts(b, "</ul></details>");
		}
		tv_buf_free(&item);
		tv_buf_free(&back);
		tv_buf_puts(b, "</li>\n");
	}
	tv_buf_puts(b, "</ul></section>\n");
}

/* On a study material: the documents and key points it explains (the key-point
 * links read backwards) and the documents it cites that are in the library. */
static void explains(tv_buf *b, const json_t *d)
{
	const json_t *ex = json_object_get(d, "explains");
	if (!json_is_array(ex)) return;
	tv_buf_puts(b, "<section class=\"explains\" aria-labelledby=\"h-ex\"><h2 id=\"h-ex\">"
	               "Văn bản được tài liệu này giải thích</h2>");
	if (!json_array_size(ex)) {
		tv_buf_puts(b, "<p class=\"unknown\">Chưa liên kết với văn bản nào trong thư viện."
		               "</p></section>\n");
		return;
	}
	tv_buf_puts(b, "<ul class=\"links\">");
	size_t i;
	json_t *s;
	json_array_foreach(ex, i, s)
	{
		json_int_t id = json_integer_value(json_object_get(s, "id"));
		const char *num = js(s, "number"), *title = js(s, "title"), *type = js(s, "type");
		html_fmt(b, "<li><a href=\"/vb/%U\">", (unsigned)id);
		if (type || num)
			html_fmt(b, "%s%r%s: ", type ? type : "", type && num ? " " : "", num);
		html_fmt(b, "%s</a>", title ? title : "(không có trích yếu)");
		if (json_is_true(json_object_get(s, "cited")))
			tv_buf_puts(b, " <span class=\"badge\">được dẫn chiếu</span>");
		const json_t *pts = json_object_get(s, "keypoints");
		if (json_array_size(pts)) {
			tv_buf_puts(b, "<ul class=\"plain\">");
			size_t k;
			json_t *kp;
			json_array_foreach(pts, k, kp)
			{
				json_int_t n = json_integer_value(json_object_get(kp, "n"));
				html_fmt(b, "<li><a href=\"/vb/%U#kp%d\">Điểm %s %s</a> — đoạn ",
				         (unsigned)id, (int)n, js(kp, "marker"), js(kp, "label"));
				size_t j;
				json_t *pn;
				json_array_foreach(json_object_get(kp, "passages"), j, pn) html_fmt(
				    b, "%r<a href=\"#p%d\">%d</a>", j ? ", " : "",
				    (int)json_integer_value(pn), (int)json_integer_value(pn));
				tv_buf_puts(b, "</li>");
			}
			tv_buf_puts(b, "</ul>");
		}
		tv_buf_puts(b, "</li>");
	}
	tv_buf_puts(b, "</ul></section>\n");
}

/* The full text with each passage of a study material wrapped in an anchor
 * (#p<N>, the paragraph a key point links to), found in reading order. */
static void full_text(tv_buf *b, const json_t *d, const char *text, const size_t *hl, size_t nhl)
{
	json_int_t docid = json_integer_value(json_object_get(d, "id"));
	size_t n = strlen(text), at = 0, h = 0;
	const json_t *pass = json_object_get(d, "passages");
	size_t i;
	json_t *p;
	/* highlight ranges of one segment, shifted to it; ranges are in order */
	size_t *seg = tv_malloc((nhl ? nhl : 1) * 2 * sizeof *seg);
#define SEGMENT(a, z)                                                                              \
	do {                                                                                       \
		size_t k_ = 0;                                                                     \
		while (h < nhl && hl[2 * h] < (a)) h++;                                            \
		for (size_t j_ = h; j_ < nhl && hl[2 * j_] + hl[2 * j_ + 1] <= (z); j_++, k_++) {  \
			seg[2 * k_] = hl[2 * j_] - (a);                                            \
			seg[2 * k_ + 1] = hl[2 * j_ + 1];                                          \
		}                                                                                  \
		html_marked(b, text + (a), (z) - (a), seg, k_);                                    \
	} while (0)
	json_array_foreach(pass, i, p)
	{
		const char *pt = js(p, "text");
		if (!pt) continue;
		const char *f = strstr(text + at, pt);
		if (!f) continue;
		size_t s = (size_t)(f - text), e = s + strlen(pt);
		SEGMENT(at, s);
		int pn = (int)json_integer_value(json_object_get(p, "n"));
		html_fmt(b, "<span class=\"passage\" id=\"p%d\">", pn);
		SEGMENT(s, e);
		tv_buf item = TV_BUF_INIT, back = TV_BUF_INIT;
		tv_buf_printf(&item, "dv:%lld.%d", (long long)docid, pn);
		tv_buf_printf(&back, "/vb/%lld#p%d", (long long)docid, pn);
		basket_link(b, item.s, back.s);
		tv_buf_free(&item);
		tv_buf_free(&back);
		tv_buf_puts(b, "</span>");
		at = e;
	}
	SEGMENT(at, n);
#undef SEGMENT
	free(seg);
}

static void links(tv_buf *b, const json_t *d)
{
	const json_t *cites = json_object_get(d, "cites");
	if (json_is_array(cites) && json_array_size(cites)) {
		tv_buf_puts(b,
		            "<section aria-labelledby=\"h-cites\"><h2 id=\"h-cites\">Văn bản được "
		            "dẫn chiếu</h2><ul class=\"links\">");
		size_t i;
		json_t *v;
		json_array_foreach(cites, i, v)
		{
			const char *num = json_string_value(v);
			if (!num) continue;
			tv_buf t = TV_BUF_INIT;
			tv_buf_printf(&t, "so:%s", num);
			html_fmt(b, "<li><a href=\"/tim?q=%u\">%s</a></li>", t.s, num);
			tv_buf_free(&t);
		}
		tv_buf_puts(b, "</ul></section>\n");
	}
	const json_t *cb = json_object_get(d, "cited_by");
	tv_buf_puts(b, "<section aria-labelledby=\"h-citedby\"><h2 id=\"h-citedby\">Văn bản dẫn "
	               "chiếu đến văn bản này</h2>");
	if (!json_is_array(cb) || !json_array_size(cb)) {
		tv_buf_puts(
		    b, "<p class=\"unknown\">Chưa có văn bản nào trong thư viện dẫn chiếu.</p>");
	} else {
		tv_buf_puts(b, "<ul class=\"links cited-by\">");
		size_t i;
		json_t *s;
		json_array_foreach(cb, i, s)
		{
			/* passages of a study material cite too; their material is listed itself */
			if (!js(s, "path")) continue;
			json_int_t id = json_integer_value(json_object_get(s, "id"));
			const char *num = js(s, "number"), *title = js(s, "title"),
			           *type = js(s, "type");
			html_fmt(b, "<li><a href=\"/vb/%U\">", (unsigned)id);
			if (type || num)
				html_fmt(b, "%s%r%s: ", type ? type : "", type && num ? " " : "",
				         num);
			html_fmt(b, "%s</a>", title ? title : "(không có trích yếu)");
			const char *date = js(s, "date");
			if (date) {
				tv_buf_puts(b, " <span class=\"muted\">");
				render_date(b, date, 1);
				tv_buf_puts(b, "</span>");
			}
			tv_buf_puts(b, "</li>");
		}
		tv_buf_puts(b, "</ul>");
	}
	tv_buf_puts(b, "</section>\n");
}

static int all_digits(const char *s)
{
	if (!*s || strlen(s) > 9) return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9') return 0;
	return 1;
}

void render_doc(web_req *r, const char *id, web_resp *out)
{
	if (!all_digits(id) || strtoul(id, NULL, 10) == 0) {
		render_error(out, 404, "Không tìm thấy văn bản",
		             "Địa chỉ văn bản phải là một số (ví dụ /vb/12).");
		return;
	}
	const char *raw = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "q");
	if (raw && strlen(raw) > SRCH_MAX_QUERY) {
		render_error(out, 400, "Yêu cầu không hợp lệ",
		             "Câu tìm kiếm quá dài: tối đa 1000 byte.");
		return;
	}
	const char *q = web_param(r, "q");
	if (!db_ready(r, out)) return;
	json_t *d = NULL;
	tv_error e = {0};
	if (srch_doc(r->db, id, &d, &e) != TV_OK) {
		render_error(
		    out, 404, "Không tìm thấy văn bản",
		    "Thư viện không có văn bản với mã này. Có thể văn bản đã bị xóa khỏi chỉ mục.");
		return;
	}
	if (!js(d, "path")) {
		/* a passage of a study material: show the material it belongs to */
		const char *pp = js(d, "parent_path");
		json_t *p = NULL;
		if (pp && srch_doc(r->db, pp, &p, NULL) == TV_OK && js(p, "path")) {
			tv_buf loc = TV_BUF_INIT;
			tv_buf_printf(&loc, "/vb/%lld",
			              (long long)json_integer_value(json_object_get(p, "id")));
			out->location = tv_buf_take(&loc);
			out->status = 302;
			out->ctype = "text/html; charset=utf-8";
			tv_buf_puts(&out->body, "<!doctype html><title>Chuyển trang</title>");
		} else {
			render_error(out, 404, "Không tìm thấy văn bản",
			             "Mã này không phải một văn bản.");
		}
		json_decref(p);
		json_decref(d);
		return;
	}
	json_int_t docid = json_integer_value(json_object_get(d, "id"));
	const char *title = js(d, "title"), *path = js(d, "path"), *type = js(d, "type");
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	tv_buf *b = &out->body;
	out->status = 200;
	out->ctype = "text/html; charset=utf-8";
	page_begin(b, title ? title : base);
	if (*q)
		html_fmt(
		    b, "<nav class=\"crumbs\"><a href=\"/tim?q=%u\">← Kết quả tìm “%s”</a></nav>\n",
		    q, q);
	tv_buf_puts(b, "<article class=\"doc\">\n<header class=\"doc-head\">");
	if (type || js(d, "number"))
		html_fmt(b, "<p class=\"kicker\">%s%r%s</p>", type ? type : "",
		         type && js(d, "number") ? " " : "", js(d, "number"));
	html_fmt(b, "<h1>%s</h1>\n", title ? title : base);
	html_fmt(b, "<p class=\"actions\"><a class=\"btn\" href=\"/tep/%U\">Tải tệp gốc (%s, ",
	         (unsigned)docid, js(d, "format") ? js(d, "format") : "tệp");
	size_text(b, json_integer_value(json_object_get(d, "size")));
	html_fmt(b,
	         ")</a> <a class=\"btn ghost\" href=\"/api/doc/%U\">Dữ liệu JSON</a> "
	         "<button type=\"button\" class=\"btn ghost js-print\" hidden>In văn bản</button>",
	         (unsigned)docid);
	tv_buf vb = TV_BUF_INIT, vback = TV_BUF_INIT;
	tv_buf_printf(&vb, "vb:%lld", (long long)docid);
	tv_buf_printf(&vback, "/vb/%lld", (long long)docid);
	basket_link(b, vb.s, vback.s);
	tv_buf_free(&vb);
	tv_buf_free(&vback);
	tv_buf_puts(b, "</p>\n");
	tv_buf_puts(b, "</header>\n");
	tv_buf cit = TV_BUF_INIT;
	render_citation(&cit, d);
	tv_buf_puts(b,
	            "<section class=\"cite\" aria-labelledby=\"h-cite\"><h2 id=\"h-cite\">Trích dẫn"
	            "</h2>\n<p id=\"trich-dan\" class=\"citation\">");
	html_text(b, cit.s, cit.len);
	tv_buf_puts(
	    b, "</p>\n<p><button type=\"button\" class=\"btn js-copy\" data-target=\"trich-dan\" "
	       "hidden>Sao chép trích dẫn</button> <span class=\"copied\" role=\"status\"></span>"
	       "</p></section>\n");
	tv_buf_free(&cit);
	tv_buf_puts(
	    b, "<section aria-labelledby=\"h-info\"><h2 id=\"h-info\">Thông tin văn bản</h2>\n");
	fields_table(b, d);
	tv_buf_puts(b, "</section>\n");
	keypoints(b, d);
	explains(b, d);
	links(b, d);
	const char *text = js(d, "text");
	tv_buf_puts(
	    b,
	    "<section class=\"full\" aria-labelledby=\"h-full\"><h2 id=\"h-full\">Toàn văn</h2>\n");
	if (text) {
		size_t n = strlen(text), *hl = NULL, nhl = 0;
		if (*q) nhl = srch_highlight(q, text, n, &hl);
		if (nhl)
			html_fmt(b, "<p class=\"muted\">%z chỗ khớp với “%s” được tô sáng.</p>\n",
			         nhl, q);
		tv_buf_puts(b, "<div class=\"fulltext\">");
		full_text(b, d, text, hl, nhl);
		tv_buf_puts(b, "</div>\n");
		free(hl);
	} else {
		tv_buf_puts(b, "<p class=\"unknown\">Không đọc được chữ của văn bản này.</p>\n");
	}
	tv_buf_puts(b, "</section>\n</article>\n");
	page_end(b);
	json_decref(d);
}

/* ---- the basket (bản tin) -------------------------------------------------------------- */

/* The basket's items: ?muc= when the URL names them (a shared link), else the
 * cookie the "+ Bản tin" links keep.  Returns a malloc'd, cleaned list. */
char *render_basket_list(web_req *r, int url_first)
{
	const char *m = url_first ? web_param(r, "muc") : "";
	if (*m) return brief_list_edit(m, '=', NULL);
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, BRIEF_COOKIE);
	char *l = tv_strdup(c ? c : "");
	for (char *p = l; *p; p++)
		if (*p == '|') *p = ',';
	char *clean = brief_list_edit(l, '=', NULL);
	free(l);
	return clean;
}

void render_basket(web_req *r, web_resp *out)
{
	char *list = render_basket_list(r, 1);
	if (*list && !db_ready(r, out)) {
		free(list);
		return;
	}
	tv_buf *b = &out->body;
	out->status = 200;
	out->ctype = "text/html; charset=utf-8";
	out->cache = "no-store";
	page_begin(b, "Bản tin");
	tv_buf_puts(b, "<article class=\"basket\"><h1>Bản tin — tài liệu sinh hoạt</h1>\n");
	json_t *br = NULL;
	if (!*list || brief_build(r->db, list, 0, &br, NULL) != TV_OK) {
		tv_buf_puts(b,
		            "<p class=\"unknown\">Bản tin chưa có mục nào. Trên trang một văn bản, "
		            "bấm <strong>+ Bản tin</strong> bên cạnh văn bản, một điểm chính hoặc "
		            "một đoạn tài liệu để thêm vào đây.</p>\n");
	} else {
		html_fmt(b,
		         "<p class=\"actions\"><a class=\"btn\" href=\"/ban-tin/in?muc=%u\">Bản in "
		         "(HTML)</a> <a class=\"btn\" href=\"/ban-tin.docx?muc=%u\">Tải DOCX</a> "
		         "<a class=\"btn ghost\" href=\"/ban-tin?muc=%u\">Đường dẫn chia sẻ</a> "
		         "<a class=\"btn ghost\" href=\"/ban-tin/xoa\" rel=\"nofollow\">Xóa "
		         "hết</a></p>\n"
		         "<ol class=\"brief-items\">\n",
		         list, list, list);
		size_t i;
		json_t *it;
		json_array_foreach(json_object_get(br, "items"), i, it)
		{
			html_fmt(b,
			         "<li data-muc=\"%s\"><p class=\"kp-head\"><a href=\"%s\">%s</a> "
			         "<a class=\"remove-brief\" href=\"/ban-tin/bo?muc=%u\" "
			         "rel=\"nofollow\">Bỏ</a></p><blockquote>",
			         js(it, "ref"), js(it, "url"), js(it, "heading"), js(it, "ref"));
			excerpt(b, js(it, "text") ? js(it, "text") : "", 600);
			html_fmt(b, "</blockquote><p class=\"citation\">%s</p></li>\n",
			         js(it, "citation"));
		}
		tv_buf_puts(b, "</ol>\n");
		json_t *miss = json_object_get(br, "missing");
		if (json_array_size(miss))
			html_fmt(b, "<p class=\"muted\">%z mục không còn trong thư viện.</p>\n",
			         json_array_size(miss));
	}
	tv_buf_puts(b, "</article>\n");
	page_end(b);
	json_decref(br);
	free(list);
}
