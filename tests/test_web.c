/* test_web.c — the web UI and JSON API over HTTP: index the fixtures of
 * tests/data/web (one carries <script> in its title and body), start
 * `thuvien serve --port 0`, and request every route with a tiny socket client,
 * hostile requests included.  Also the escaping module (web/html.h) directly. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/tv.h"
#include "../web/html.h"
#include "tt.h"

/* ---- a server under test -------------------------------------------------------------- */

typedef struct srv {
	pid_t pid;
	int port;
	char *dir;  /* temporary folder: db/, docs/, log */
	char *docs; /* the indexed folder (a copy of tests/data/web) */
} srv;

static int index_docs(const srv *s)
{
	char *out = NULL, *err = NULL;
	int rc = tt_run(&out, &err, "%s index --db %s/db %s", tt_bin, s->dir, s->docs);
	if (rc != 0) tt_fail(__FILE__, __LINE__, "index exited %d: %s", rc, err ? err : "");
	free(out);
	free(err);
	return rc;
}

/* Copy the fixtures, index them, start the server on a free port. */
static int srv_start(srv *s, const char *static_dir)
{
	memset(s, 0, sizeof *s);
	s->dir = tt_tmpdir();
	if (asprintf(&s->docs, "%s/docs", s->dir) < 0) abort();
	if (tt_run(NULL, NULL, "cp -r %s/web %s", tt_data_dir, s->docs) != 0) return 0;
	if (index_docs(s) != 0) return 0;
	char stat_default[1024];
	snprintf(stat_default, sizeof stat_default, "%s/../../web/static", tt_data_dir);
	int fd[2];
	if (pipe(fd) != 0) return 0;
	s->pid = fork();
	if (s->pid == 0) {
		char db[1100], log[1100];
		snprintf(db, sizeof db, "%s/db", s->dir);
		snprintf(log, sizeof log, "%s/server.log", s->dir);
		dup2(fd[1], 1);
		if (!freopen(log, "w", stderr)) _exit(127);
		close(fd[0]);
		close(fd[1]);
		execl(tt_bin, tt_bin, "serve", "--db", db, "--bind", "127.0.0.1", "--port", "0",
		      "--static", static_dir ? static_dir : stat_default, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	/* the first line names the port: "thuvien: serving DB on http://127.0.0.1:PORT/" */
	char line[2048];
	size_t n = 0;
	while (n < sizeof line - 1) {
		ssize_t r = read(fd[0], line + n, 1);
		if (r <= 0 || line[n] == '\n') break;
		n++;
	}
	line[n] = '\0';
	close(fd[0]);
	const char *colon = strrchr(line, ':');
	s->port = colon ? atoi(colon + 1) : 0;
	if (s->port <= 0) tt_fail(__FILE__, __LINE__, "server did not start: \"%s\"", line);
	return s->port > 0;
}

/* SIGTERM, then the exit status (0 when it stopped cleanly). */
static int srv_stop(srv *s)
{
	int st = -1;
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, &st, 0);
	}
	free(s->dir);
	free(s->docs);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

typedef struct resp {
	int status;
	char *head; /* status line and headers */
	char *body;
	size_t len;
} resp;

static void resp_free(resp *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof *r);
}

static int connect_to(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	struct timeval tv = {20, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void read_resp(int fd, resp *r)
{
	tv_buf b = TV_BUF_INIT;
	char chunk[16384];
	ssize_t k;
	while ((k = read(fd, chunk, sizeof chunk)) > 0) tv_buf_append(&b, chunk, (size_t)k);
	close(fd);
	const char *all = tv_buf_str(&b);
	const char *sep = strstr(all, "\r\n\r\n");
	size_t hl = sep ? (size_t)(sep - all) : b.len;
	r->head = tv_strndup(all, hl);
	r->len = sep ? b.len - hl - 4 : 0;
	r->body = tv_malloc(r->len + 1);
	if (r->len) memcpy(r->body, sep + 4, r->len);
	r->body[r->len] = '\0';
	r->status = strncmp(r->head, "HTTP/1.", 7) == 0 ? atoi(r->head + 9) : 0;
	tv_buf_free(&b);
}

/* Send raw bytes (anything: bad UTF-8, "..") and read the whole answer. */
static resp http_raw(const srv *s, const char *req, size_t n)
{
	resp r = {0};
	int fd = connect_to(s->port);
	if (fd < 0) {
		tt_fail(__FILE__, __LINE__, "cannot connect to port %d", s->port);
		r.head = tv_strdup("");
		r.body = tv_strdup("");
		return r;
	}
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(fd, req + off, n - off);
		if (w <= 0) break;
		off += (size_t)w;
	}
	read_resp(fd, &r);
	return r;
}

static resp http(const srv *s, const char *method, const char *target)
{
	tv_buf q = TV_BUF_INIT;
	tv_buf_printf(&q, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n",
	              method, target, s->port);
	resp r = http_raw(s, q.s, q.len);
	tv_buf_free(&q);
	return r;
}

/* Value of a response header (case-insensitive name), copied into out. */
static int header(const resp *r, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);
	for (const char *p = r->head; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			p += nl + 1;
			while (*p == ' ') p++;
			size_t k = strcspn(p, "\r\n");
			if (k >= cap) k = cap - 1;
			memcpy(out, p, k);
			out[k] = '\0';
			return 1;
		}
	}
	return 0;
}

static json_t *get_json(const srv *s, const char *target, int want_status)
{
	resp r = http(s, "GET", target);
	if (r.status != want_status)
		tt_fail(__FILE__, __LINE__, "%s: status %d, want %d", target, r.status,
		        want_status);
	json_t *j = tt_json(r.body);
	resp_free(&r);
	return j;
}

/* Id of the first result of an API search, or 0. */
static unsigned first_id(const srv *s, const char *target)
{
	json_t *j = get_json(s, target, 200);
	unsigned id = (unsigned)json_integer_value(
	    json_object_get(json_array_get(json_object_get(j, "results"), 0), "id"));
	json_decref(j);
	return id;
}

static int utf8_ok(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t k = c < 0x80         ? 1
		           : (c >> 5) == 6  ? 2
		           : (c >> 4) == 14 ? 3
		           : (c >> 3) == 30 ? 4
		                            : 0;
		if (!k || i + k > n) return 0;
		for (size_t j = 1; j < k; j++)
			if ((s[i + j] & 0xC0) != 0x80) return 0;
		i += k;
	}
	return 1;
}

/* ---- the escaping module ------------------------------------------------------------- */

TT(html_escapes_text_and_attribute_contexts)
{
	tv_buf b = TV_BUF_INIT;
	html_text(&b, "<a href=\"x\">&'", 14);
	TT_STREQ(b.s, "&lt;a href=\"x\"&gt;&amp;'");
	tv_buf_clear(&b);
	html_attr(&b, "\"><script>'", 11);
	TT_STREQ(b.s, "&quot;&gt;&lt;script&gt;&#39;");
	tv_buf_clear(&b);
	html_fmt(&b, "<p title=\"%s\">%s %d %U %z %%</p>%r", "a\"b", "<i>", -3, 7u, (size_t)9,
	         "<br>");
	TT_STREQ(b.s, "<p title=\"a&quot;b\">&lt;i&gt; -3 7 9 %</p><br>");
	tv_buf_free(&b);
}

TT(url_encoding_of_vietnamese_and_reserved_characters)
{
	tv_buf b = TV_BUF_INIT;
	html_url(&b, "số 05/CT&x=\"<");
	TT_STREQ(b.s, "s%E1%BB%91%2005%2FCT%26x%3D%22%3C");
	tv_buf_free(&b);
}

TT(marks_wrap_ranges_and_skip_bad_ones)
{
	const char *s = "học tập <b>";
	tv_buf b = TV_BUF_INIT;
	size_t ok[] = {0, 5, 6, 5}; /* "học" and "tập": 5 bytes each */
	html_marked(&b, s, strlen(s), ok, 2);
	TT_STREQ(b.s, "<mark>học</mark> <mark>tập</mark> &lt;b&gt;");
	tv_buf_clear(&b);
	/* out of bounds, zero length, overlapping, inside a character: never a broken page */
	size_t bad[] = {999, 3, 0, 0, 2, 1, 0, 4, 3, 1};
	html_marked(&b, s, strlen(s), bad, 5);
	TT_STREQ(b.s, "h<mark>ọ</mark>c tập &lt;b&gt;");
	tv_buf_free(&b);
}

/* ---- HTTP ----------------------------------------------------------------------------- */

TT(search_page_shows_results_marks_facets_and_form_state)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(&s, "GET", "/tim?q=h%E1%BB%8Dc+t%E1%BA%ADp&sap=moi");
	TT_INTEQ(r.status, 200);
	char ct[200] = "";
	header(&r, "Content-Type", ct, sizeof ct);
	TT_STREQ(ct, "text/html; charset=utf-8");
	TT_CHECK(strstr(r.body, "<html lang=\"vi\">") != NULL);
	TT_CHECK(strstr(r.body, "<label for=\"q\"") != NULL);
	TT_CHECK(strstr(r.body, "value=\"học tập\"") != NULL);      /* the box keeps the query */
	TT_CHECK(strstr(r.body, "value=\"moi\" selected") != NULL); /* and the sort */
	TT_CHECK(strstr(r.body, "kết quả cho “học tập”") != NULL);
	TT_CHECK(strstr(r.body, "<mark>") != NULL);
	TT_CHECK(strstr(r.body, "<h2>Loại văn bản</h2>") != NULL);
	TT_CHECK(strstr(r.body, "href=\"/tim?q=h%E1%BB%8Dc%20t%E1%BA%ADp&amp;loai=") != NULL);
	TT_CHECK(strstr(r.body, "class=\"hit") != NULL);
	TT_CHECK(utf8_ok((unsigned char *)r.body, r.len));
	resp_free(&r);
	TT_INTEQ(srv_stop(&s), 0);
}

TT(home_page_without_query_lists_documents)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(&s, "GET", "/");
	TT_INTEQ(r.status, 200);
	TT_CHECK(strstr(r.body, "Tìm văn bản") != NULL);
	TT_CHECK(strstr(r.body, "placeholder=\"Ví dụ:") != NULL);
	resp_free(&r);
	srv_stop(&s);
}

TT(api_search_returns_the_json_contract_with_page)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	json_t *j = get_json(&s, "/api/search?q=hoc+tap+lam+theo&n=2", 200);
	TT_ASSERT(j);
	TT_STREQ(json_string_value(json_object_get(j, "query")), "hoc tap lam theo");
	TT_CHECK(json_integer_value(json_object_get(j, "total")) >= 2);
	TT_INTEQ(json_array_size(json_object_get(j, "results")), 2);
	TT_INTEQ(json_integer_value(json_object_get(j, "page")), 1);
	TT_INTEQ(json_integer_value(json_object_get(j, "per_page")), 2);
	TT_CHECK(json_is_object(json_object_get(json_object_get(j, "facets"), "type")));
	json_decref(j);
	resp r = http(&s, "GET", "/api/search?q=x");
	char ct[200] = "";
	header(&r, "Content-Type", ct, sizeof ct);
	TT_STREQ(ct, "application/json; charset=utf-8");
	resp_free(&r);
	srv_stop(&s);
}

TT(number_query_puts_that_document_first_with_badge)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	json_t *j = get_json(&s, "/api/search?q=05-CT%2FTW", 200);
	TT_ASSERT(j);
	json_t *r0 = json_array_get(json_object_get(j, "results"), 0);
	TT_STREQ(json_string_value(json_object_get(r0, "number")), "05-CT/TW");
	TT_CHECK(json_is_true(json_object_get(r0, "exact_number")));
	json_decref(j);
	resp r = http(&s, "GET", "/tim?q=05-CT%2FTW");
	TT_INTEQ(r.status, 200);
	const char *badge = strstr(r.body, "Đúng số hiệu");
	const char *first_hit = strstr(r.body, "<li class=\"hit");
	TT_ASSERT(badge && first_hit);
	/* the badge belongs to the first hit: no other hit starts before it */
	const char *second = strstr(first_hit + 1, "<li class=\"hit");
	TT_CHECK(!second || badge < second);
	resp_free(&r);
	srv_stop(&s);
}

TT(type_facet_link_filters_results)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	json_t *all = get_json(&s, "/api/search?q=h%E1%BB%8Dc+t%E1%BA%ADp", 200);
	TT_ASSERT(all);
	json_t *types = json_object_get(json_object_get(all, "facets"), "type");
	const char *type = json_object_iter_key(json_object_iter(types));
	TT_ASSERT(type);
	unsigned want = (unsigned)json_integer_value(json_object_get(types, type));
	tv_buf t = TV_BUF_INIT;
	tv_buf_puts(&t, "/api/search?q=h%E1%BB%8Dc+t%E1%BA%ADp&loai=");
	html_url(&t, type);
	json_t *f = get_json(&s, t.s, 200);
	TT_ASSERT(f);
	TT_INTEQ(json_integer_value(json_object_get(f, "total")), want);
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(f, "results"), i, h)
	    TT_STREQ(json_string_value(json_object_get(h, "type")), type);
	/* the page shows the filter as a removable chip */
	tv_buf_clear(&t);
	tv_buf_puts(&t, "/tim?q=h%E1%BB%8Dc+t%E1%BA%ADp&loai=");
	html_url(&t, type);
	resp r = http(&s, "GET", t.s);
	TT_CHECK(strstr(r.body, "Đang lọc: ") != NULL);
	TT_CHECK(strstr(r.body, "aria-current=\"true\"") != NULL);
	resp_free(&r);
	tv_buf_free(&t);
	json_decref(all);
	json_decref(f);
	srv_stop(&s);
}

TT(document_page_has_fields_citation_highlights_and_cited_by)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	unsigned ct = first_id(&s, "/api/search?q=05-CT%2FTW");
	unsigned cv = first_id(&s, "/api/search?q=12-CV%2F%C4%90UK");
	TT_ASSERT(ct && cv && ct != cv);
	char path[200];
	snprintf(path, sizeof path, "/vb/%u?q=phong+c%%C3%%A1ch", ct);
	resp r = http(&s, "GET", path);
	TT_INTEQ(r.status, 200);
	TT_CHECK(strstr(r.body, "<th scope=\"row\">Số, ký hiệu</th><td>05-CT/TW</td>") != NULL);
	TT_CHECK(strstr(r.body, "<th scope=\"row\">Ngày ban hành</th><td>15/05/2016</td>") != NULL);
	TT_CHECK(strstr(r.body, "Chỉ thị số 05-CT/TW ngày 15/5/2016 của ") != NULL);
	TT_CHECK(strstr(r.body, "<mark>phong</mark> <mark>cách</mark>") != NULL);
	TT_CHECK(strstr(r.body, "Sao chép trích dẫn") != NULL);
	char link[64];
	snprintf(link, sizeof link, "<a href=\"/vb/%u\">", cv);
	TT_CHECK(strstr(r.body, link) != NULL); /* cited by the letter */
	snprintf(link, sizeof link, "href=\"/tep/%u\"", ct);
	TT_CHECK(strstr(r.body, link) != NULL);
	resp_free(&r);
	/* the letter links back to what it cites */
	snprintf(path, sizeof path, "/vb/%u", cv);
	r = http(&s, "GET", path);
	TT_CHECK(strstr(r.body, "href=\"/tim?q=so%3A05-CT%2FTW\"") != NULL);
	TT_CHECK(strstr(r.body, "về việc triển khai thực hiện Chỉ thị 05-CT/TW") != NULL);
	resp_free(&r);
	srv_stop(&s);
}

TT(api_doc_returns_stored_fields_and_cited_by)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	unsigned ct = first_id(&s, "/api/search?q=05-CT%2FTW");
	char path[64];
	snprintf(path, sizeof path, "/api/doc/%u", ct);
	json_t *d = get_json(&s, path, 200);
	TT_ASSERT(d);
	TT_INTEQ(json_integer_value(json_object_get(d, "id")), ct);
	TT_STREQ(json_string_value(json_object_get(d, "number")), "05-CT/TW");
	TT_CHECK(json_array_size(json_object_get(d, "cited_by")) >= 1);
	json_decref(d);
	srv_stop(&s);
}

TT(download_sends_the_indexed_file_with_safe_disposition)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	unsigned ct = first_id(&s, "/api/search?q=05-CT%2FTW");
	char path[64];
	snprintf(path, sizeof path, "/tep/%u", ct);
	resp r = http(&s, "GET", path);
	TT_INTEQ(r.status, 200);
	char *want = NULL;
	size_t wl = 0;
	tv_buf f = TV_BUF_INIT;
	tv_buf_printf(&f, "%s/chi-thi-05-CT-TW.txt", s.docs);
	TT_ASSERT(tv_read_file(f.s, 1 << 20, &want, &wl, NULL) == TV_OK);
	TT_INTEQ(r.len, wl);
	TT_CHECK(memcmp(r.body, want, wl) == 0);
	char cd[300] = "";
	header(&r, "Content-Disposition", cd, sizeof cd);
	TT_STREQ(
	    cd,
	    "attachment; filename=\"chi-thi-05-CT-TW.txt\"; filename*=UTF-8''chi-thi-05-CT-TW.txt");
	char csp[200] = "";
	header(&r, "Content-Security-Policy", csp, sizeof csp);
	TT_STREQ(csp, "sandbox; default-src 'none'");
	free(want);
	tv_buf_free(&f);
	resp_free(&r);
	srv_stop(&s);
}

TT(script_in_a_document_is_escaped_on_every_page)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(&s, "GET", "/tim?q=sinh+ho%E1%BA%A1t+chi+b%E1%BB%99");
	TT_INTEQ(r.status, 200);
	TT_CHECK(strstr(r.body, "<script>alert") == NULL);
	TT_CHECK(strstr(r.body, "<img src=x") == NULL);
	TT_CHECK(strstr(r.body, "&lt;script&gt;alert(\"xss-title\")&lt;/script&gt;") != NULL);
	resp_free(&r);
	unsigned id = first_id(&s, "/api/search?q=xss-body");
	TT_ASSERT(id);
	char path[64];
	snprintf(path, sizeof path, "/vb/%u?q=%%3Cscript%%3E", id);
	r = http(&s, "GET", path);
	TT_INTEQ(r.status, 200);
	TT_CHECK(strstr(r.body, "<script>alert") == NULL);
	TT_CHECK(strstr(r.body, "<b>thẻ</b>") == NULL);
	TT_CHECK(strstr(r.body, "&lt;b&gt;thẻ&lt;/b&gt;") != NULL);
	TT_CHECK(strstr(r.body, "&amp; và &#39;nháy đơn&#39;") != NULL ||
	         strstr(r.body, "&amp; và 'nháy đơn'") != NULL);
	resp_free(&r);
	srv_stop(&s);
}

TT(script_in_the_query_is_escaped_in_text_and_attributes)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(
	    &s, "GET",
	    "/tim?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&cq=%22%3E%3Csvg%20onload%3Dx%3E");
	TT_INTEQ(r.status, 200);
	TT_CHECK(strstr(r.body, "<script>alert(1)") == NULL);
	TT_CHECK(strstr(r.body, "<svg") == NULL);
	TT_CHECK(strstr(r.body, "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"") !=
	         NULL);
	resp_free(&r);
	srv_stop(&s);
}

TT(static_files_served_and_traversal_refused)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(&s, "GET", "/static/style.css");
	TT_INTEQ(r.status, 200);
	char ct[100] = "";
	header(&r, "Content-Type", ct, sizeof ct);
	TT_STREQ(ct, "text/css; charset=utf-8");
	resp_free(&r);
	static const char *bad[] = {
	    "/static/../html.c",       "/static/%2e%2e/html.c",
	    "/static/%2E%2E%2Fhtml.c", "/static/..%2f..%2fMakefile",
	    "/static//etc/passwd",     "/static/%2fetc%2fpasswd",
	    "/static/.hidden",         "/static/",
	    "/static/a/../../html.c",  "/tep/..%2f..%2fetc%2fpasswd",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = http(&s, "GET", bad[i]);
		if (r.status != 404)
			tt_fail(__FILE__, __LINE__, "%s: status %d, want 404", bad[i], r.status);
		TT_CHECK(strstr(r.body, "#include") == NULL && strstr(r.body, "root:") == NULL);
		resp_free(&r);
	}
	srv_stop(&s);
}

TT(static_symlink_leading_outside_is_refused)
{
	char *st = tt_tmpdir();
	TT_ASSERT(tt_run(NULL, NULL,
	                 "cp %s/../../web/static/style.css %s/ && ln -s /etc/passwd %s/pw.txt",
	                 tt_data_dir, st, st) == 0);
	srv s;
	TT_ASSERT(srv_start(&s, st));
	resp r = http(&s, "GET", "/static/pw.txt");
	TT_INTEQ(r.status, 404);
	TT_CHECK(strstr(r.body, "root:") == NULL);
	resp_free(&r);
	r = http(&s, "GET", "/static/style.css");
	TT_INTEQ(r.status, 200);
	resp_free(&r);
	srv_stop(&s);
	free(st);
}

TT(over_long_query_gets_a_vietnamese_400)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	tv_buf t = TV_BUF_INIT;
	tv_buf_puts(&t, "/tim?q=");
	for (int i = 0; i < 100 * 1024 / 6; i++) tv_buf_puts(&t, "%C3%A1"); /* 100 KB of "á" */
	resp r = http(&s, "GET", t.s);
	TT_INTEQ(r.status, 400);
	TT_CHECK(strstr(r.body, "Câu tìm kiếm quá dài") != NULL);
	resp_free(&r);
	/* just over the limit, by bytes after decoding, through the API too */
	tv_buf_clear(&t);
	tv_buf_puts(&t, "/api/search?q=");
	for (int i = 0; i < 1001; i++) tv_buf_putc(&t, 'a');
	json_t *j = get_json(&s, t.s, 400);
	TT_CHECK(j && strstr(json_string_value(json_object_get(j, "error")), "quá dài"));
	json_decref(j);
	tv_buf_free(&t);
	srv_stop(&s);
}

TT(invalid_utf8_in_the_query_is_cleaned)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(&s, "GET", "/tim?q=h%FF%FEc%C3+t%E1%BA&loai=%C0%AF");
	TT_INTEQ(r.status, 200);
	TT_CHECK(utf8_ok((unsigned char *)r.body, r.len));
	resp_free(&r);
	/* raw (unencoded) high bytes on the request line */
	const char raw[] =
	    "GET /api/search?q=\xff\xfe\xc3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	r = http_raw(&s, raw, sizeof raw - 1);
	TT_CHECK(r.status == 200 || r.status == 400);
	TT_CHECK(utf8_ok((unsigned char *)r.body, r.len));
	resp_free(&r);
	srv_stop(&s);
}

TT(unknown_routes_and_ids_are_vietnamese_404s)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	static const char *pages[] = {"/khong-co",
	                              "/vb/999999",
	                              "/vb/abc",
	                              "/vb/12abc",
	                              "/vb/",
	                              "/vb/0",
	                              "/vb/99999999999999999999",
	                              "/tep/999999",
	                              "/tep/abc",
	                              "/tim/",
	                              "/vb/-1"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		resp r = http(&s, "GET", pages[i]);
		if (r.status != 404)
			tt_fail(__FILE__, __LINE__, "%s: status %d, want 404", pages[i], r.status);
		TT_CHECK(strstr(r.body, "Không tìm thấy") != NULL);
		TT_CHECK(strstr(r.body, "lang=\"vi\"") != NULL);
		resp_free(&r);
	}
	static const char *api[] = {"/api/doc/abc", "/api/doc/999999", "/api/khong-co"};
	for (size_t i = 0; i < sizeof api / sizeof *api; i++) {
		json_t *j = get_json(&s, api[i], 404);
		TT_CHECK(j && json_is_string(json_object_get(j, "error")));
		json_decref(j);
	}
	srv_stop(&s);
}

TT(head_answers_without_body_and_post_is_405)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(&s, "HEAD", "/tim?q=hoc");
	TT_INTEQ(r.status, 200);
	TT_INTEQ(r.len, 0);
	resp_free(&r);
	const char post[] =
	    "POST /tim HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\nq=abc";
	r = http_raw(&s, post, sizeof post - 1);
	TT_INTEQ(r.status, 405);
	char allow[64] = "";
	header(&r, "Allow", allow, sizeof allow);
	TT_STREQ(allow, "GET, HEAD");
	resp_free(&r);
	r = http(&s, "DELETE", "/vb/1");
	TT_INTEQ(r.status, 405);
	resp_free(&r);
	srv_stop(&s);
}

TT(security_headers_on_pages_api_and_errors)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	static const char *t[] = {"/", "/api/search?q=a", "/khong-co", "/static/app.js"};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		resp r = http(&s, "GET", t[i]);
		char v[300] = "";
		TT_CHECK(header(&r, "Content-Security-Policy", v, sizeof v) &&
		         strncmp(v, "default-src 'self'", 18) == 0);
		TT_CHECK(header(&r, "X-Content-Type-Options", v, sizeof v) &&
		         strcmp(v, "nosniff") == 0);
		TT_CHECK(header(&r, "Referrer-Policy", v, sizeof v));
		resp_free(&r);
	}
	srv_stop(&s);
}

TT(opensearch_description_uses_a_clean_host_only)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(&s, "GET", "/opensearch.xml");
	TT_INTEQ(r.status, 200);
	char want[128];
	snprintf(want, sizeof want, "template=\"http://127.0.0.1:%d/tim?q={searchTerms}\"", s.port);
	TT_CHECK(strstr(r.body, want) != NULL);
	resp_free(&r);
	const char evil[] =
	    "GET /opensearch.xml HTTP/1.1\r\nHost: a\"><x y=\"\r\nConnection: close\r\n\r\n";
	r = http_raw(&s, evil, sizeof evil - 1);
	TT_CHECK(r.status == 200 || r.status == 400);
	TT_CHECK(strstr(r.body, "<x ") == NULL);
	resp_free(&r);
	srv_stop(&s);
}

TT(pages_and_limits_are_capped_and_links_keep_state)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	resp r = http(&s, "GET", "/tim?q=h%E1%BB%8Dc&n=1&kieu=study");
	TT_INTEQ(r.status, 200);
	resp_free(&r);
	r = http(&s, "GET", "/tim?q=h%E1%BB%8Dc&n=1");
	TT_INTEQ(r.status, 200);
	TT_CHECK(strstr(r.body, "&amp;n=1&amp;trang=2\"") != NULL);
	TT_CHECK(strstr(r.body, "aria-current=\"page\">1<") != NULL);
	resp_free(&r);
	json_t *j = get_json(&s, "/api/search?q=hoc&trang=99999999999&n=100000", 200);
	TT_CHECK(j && json_integer_value(json_object_get(j, "per_page")) == 100);
	TT_CHECK(j && json_integer_value(json_object_get(j, "page")) == 500);
	json_decref(j);
	j = get_json(&s, "/api/search?q=hoc&tu=abc", 400);
	json_decref(j);
	srv_stop(&s);
}

TT(reindexed_database_is_seen_without_restart)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	json_t *j = get_json(&s, "/api/search?q=zyxwvu", 200);
	TT_INTEQ(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	tv_buf p = TV_BUF_INIT;
	tv_buf_printf(&p, "%s/moi.txt", s.docs);
	FILE *f = fopen(p.s, "w");
	TT_ASSERT(f);
	fputs("Tài liệu mới có từ zyxwvu để thử lập chỉ mục lại khi máy chủ đang chạy.\n", f);
	fclose(f);
	TT_ASSERT(index_docs(&s) == 0);
	/* every pool thread must see it, not only the one that happened to reopen */
	for (int i = 0; i < 8; i++) {
		j = get_json(&s, "/api/search?q=zyxwvu", 200);
		TT_INTEQ(json_integer_value(json_object_get(j, "total")), 1);
		json_decref(j);
	}
	tv_buf_free(&p);
	srv_stop(&s);
}

/* Reads one response of a kept-alive connection (its Content-Length) from fd
 * into b; the status, or 0 when the connection ended first. */
static int read_one(int fd, tv_buf *b)
{
	char c[4096];
	ssize_t k;
	const char *sep;
	while (!(sep = strstr(tv_buf_str(b), "\r\n\r\n"))) {
		if ((k = read(fd, c, sizeof c)) <= 0) return 0;
		tv_buf_append(b, c, (size_t)k);
	}
	size_t head = (size_t)(sep - b->s) + 4;
	const char *cl = strcasestr(b->s, "\r\nContent-Length:");
	size_t want = head + (cl && cl < sep ? strtoul(cl + 17, NULL, 10) : 0);
	while (b->len < want) {
		if ((k = read(fd, c, sizeof c)) <= 0) return 0;
		tv_buf_append(b, c, (size_t)k);
	}
	return strncmp(b->s, "HTTP/1.1 ", 9) == 0 ? atoi(b->s + 9) : 0;
}

TT(one_connection_answers_request_after_request)
{
	/* HTTP/1.1 keeps the connection open: a browser's page, its style and
	 * script, and a client's searches reuse it instead of connecting again */
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	int fd = connect_to(s.port);
	TT_ASSERT(fd >= 0);
	const char *req = "GET /api/search?q=h%E1%BB%8Dc+t%E1%BA%ADp HTTP/1.1\r\nHost: x\r\n\r\n";
	for (int i = 0; i < 3; i++) {
		tv_buf b = TV_BUF_INIT;
		TT_CHECK(write(fd, req, strlen(req)) == (ssize_t)strlen(req));
		int status = read_one(fd, &b);
		TT_INTEQ(status, 200);
		if (status != 200) { /* (the connection was closed) */
			tv_buf_free(&b);
			break;
		}
		TT_CHECK(!strcasestr(tv_buf_str(&b), "Connection: close"));
		json_t *j = tt_json(strstr(tv_buf_str(&b), "\r\n\r\n") + 4);
		TT_CHECK(json_is_integer(json_object_get(j, "total")));
		json_decref(j);
		tv_buf_free(&b);
	}
	close(fd);
	TT_INTEQ(srv_stop(&s), 0);
}

TT(concurrent_requests_are_all_answered)
{
	srv s;
	TT_ASSERT(srv_start(&s, NULL));
	enum { N = 24 };
	int fds[N];
	const char *req = "GET /api/search?q=h%E1%BB%8Dc+t%E1%BA%ADp HTTP/1.1\r\nHost: "
	                  "x\r\nConnection: close\r\n\r\n";
	for (int i = 0; i < N; i++) {
		fds[i] = connect_to(s.port);
		TT_ASSERT(fds[i] >= 0);
		TT_ASSERT(write(fds[i], req, strlen(req)) == (ssize_t)strlen(req));
	}
	long long total = -1;
	for (int i = 0; i < N; i++) {
		resp r = {0};
		read_resp(fds[i], &r);
		TT_INTEQ(r.status, 200);
		json_t *j = tt_json(r.body);
		long long t = json_integer_value(json_object_get(j, "total"));
		if (total < 0) total = t;
		TT_INTEQ(t, total); /* every thread's own handle gives the same answer */
		json_decref(j);
		resp_free(&r);
	}
	TT_INTEQ(srv_stop(&s), 0);
}
