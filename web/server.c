/* server.c — `thuvien serve`: libmicrohttpd setup, routing, static files and
 * downloads.  A bounded pool of threads answers requests; each pool thread owns
 * one read-only Xapian handle (xdb is not thread-safe) and moves it to the
 * newest revision before every request, so a re-index shows up without a
 * restart.  Pages are built by render.c, JSON by api.c. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "brief.h"
#include "html.h"
#include "web.h"
#include "web_int.h"

/* Pool threads: one per core (at least 2, at most 16).  Searches are CPU-bound
 * once the index is in the page cache: on 2 cores under wrk, 2 threads
 * answered ~500 req/s with p99 34 ms, 4 threads ~450 req/s with p99 55 ms. */
#define WEB_THREADS_MIN 2
#define WEB_THREADS_MAX 16
/* Connections are kept alive between requests (a browser holds a few for up to
 * WEB_TIMEOUT_S), so the limit counts idle ones too; their memory pools are
 * mapped on accept but touched only as used. */
#define WEB_MAX_CONNECTIONS 512
#define WEB_TIMEOUT_S 30
/* Room for a request line with a long query, so an over-long query gets our
 * Vietnamese 400 page instead of a bare "414" from the library. */
#define WEB_CONN_MEMORY (256 * 1024)

/* ---- per-thread database handles ---------------------------------------------------- */

static void db_key_free(void *p)
{
	xdb_close(p);
}

static xdb *thread_db(web_server *s, tv_error *e)
{
	xdb *db = pthread_getspecific(s->db_key);
	if (db) {
		if (xdb_reopen(db, NULL, e) == TV_OK) return db;
		/* the database was replaced or damaged under us: start afresh */
		xdb_close(db);
		pthread_setspecific(s->db_key, NULL);
		db = NULL;
	}
	if (xdb_open(s->db_dir, XDB_READ, &db, e) != TV_OK) return NULL;
	xdb_keep_lengths(db); /* a pool thread answers many queries */
	pthread_setspecific(s->db_key, db);
	return db;
}

/* ---- static files and downloads ------------------------------------------------------ */

static const char *mime_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot) return "application/octet-stream";
	static const char *map[][2] = {
	    {".css", "text/css; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".xml", "application/xml; charset=utf-8"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".pdf", "application/pdf"},
	    {".doc", "application/msword"},
	    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcasecmp(dot, map[i][0]) == 0) return map[i][1];
	return "application/octet-stream";
}

/* A relative name made of plain segments: letters, digits, . _ -, none starting
 * with a dot (so no "..", no hidden files), no empty segment, not absolute. */
static int plain_relpath(const char *rel)
{
	size_t n = strlen(rel);
	if (n == 0 || n > 200) return 0;
	int seg_start = 1;
	for (const char *p = rel; *p; p++) {
		char c = *p;
		if (c == '/') {
			if (seg_start) return 0;
			seg_start = 1;
			continue;
		}
		if (seg_start && c == '.') return 0;
		seg_start = 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return !seg_start;
}

static int open_regular(const char *path, web_resp *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return 0;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	out->fd = fd;
	out->fd_size = (uint64_t)st.st_size;
	return 1;
}

static void serve_static(web_server *s, const char *rel, web_resp *out)
{
	if (!s->static_dir || !plain_relpath(rel)) {
		render_error(out, 404, "Không tìm thấy trang", "Không có tệp này.");
		return;
	}
	tv_buf p = TV_BUF_INIT;
	tv_buf_printf(&p, "%s/%s", s->static_dir, rel);
	char real[PATH_MAX];
	size_t dl = strlen(s->static_dir);
	/* a symlink may point anywhere: only what resolves inside the folder is served */
	int inside =
	    realpath(p.s, real) && strncmp(real, s->static_dir, dl) == 0 && real[dl] == '/';
	tv_buf_free(&p);
	if (!inside || !open_regular(real, out)) {
		render_error(out, 404, "Không tìm thấy trang", "Không có tệp này.");
		return;
	}
	out->status = 200;
	out->ctype = mime_of(real);
	out->cache = "public, max-age=3600";
}

static void serve_file(web_req *r, const char *id, web_resp *out)
{
	size_t n = strlen(id);
	int digits = n > 0 && n <= 9;
	for (size_t i = 0; i < n && digits; i++) digits = id[i] >= '0' && id[i] <= '9';
	if (!digits || strtoul(id, NULL, 10) == 0) {
		render_error(out, 404, "Không tìm thấy tệp", "Mã văn bản phải là một số.");
		return;
	}
	if (!r->db) {
		render_error(out, 503, "Chưa mở được kho văn bản", "Cơ sở dữ liệu chưa sẵn sàng.");
		return;
	}
	/* the path comes from the index record, never from the request */
	json_t *d = NULL;
	const char *path = NULL;
	if (srch_doc(r->db, id, &d, NULL) == TV_OK)
		path = json_string_value(json_object_get(d, "path"));
	if (!path || !open_regular(path, out)) {
		json_decref(d);
		render_error(out, 404, "Không tìm thấy tệp",
		             "Văn bản không có trong thư viện, hoặc tệp gốc đã bị chuyển đi.");
		return;
	}
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	/* RFC 6266: an ASCII fallback name, and the real name UTF-8 percent-encoded */
	tv_buf cd = TV_BUF_INIT;
	tv_buf_puts(&cd, "attachment; filename=\"");
	for (const char *p = base; *p; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		         (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
		tv_buf_putc(&cd, ok ? c : '_');
	}
	tv_buf_puts(&cd, "\"; filename*=UTF-8''");
	html_url(&cd, base);
	out->disposition = tv_buf_take(&cd);
	out->status = 200;
	/* HTML from the library is never rendered under our origin */
	const char *m = mime_of(base);
	out->ctype = strncmp(m, "text/css", 8) == 0 || strncmp(m, "text/javascript", 15) == 0 ||
	                     strncmp(m, "image/svg", 9) == 0 ||
	                     strncmp(m, "application/xml", 15) == 0
	                 ? "application/octet-stream"
	                 : m;
	out->cache = "no-cache";
	json_decref(d);
}

/* ---- the basket (bản tin) ------------------------------------------------------------ */

/* /ban-tin/them?muc=ITEM&ve=/vb/12, /ban-tin/bo?muc=ITEM, /ban-tin/xoa: change
 * the basket cookie and go back.  Plain links, so no JavaScript is needed; the
 * new cookie is returned for handle() to set (web_resp has no header list). */
static char *basket_edit(web_req *r, const char *op, web_resp *out)
{
	char *list = render_basket_list(r, 0); /* here ?muc= is the item, not the list */
	const char *item = web_param(r, "muc");
	char *next = strcmp(op, "xoa") == 0
	                 ? tv_strdup("")
	                 : brief_list_edit(list, strcmp(op, "them") == 0 ? '+' : '-', item);
	free(list);
	const char *back = web_param(r, "ve");
	/* only a path of this site: no "//host", no scheme, no header injection */
	int local = back[0] == '/' && back[1] != '/' && back[1] != '\\' && !strpbrk(back, "\r\n");
	out->location = tv_strdup(local && strcmp(op, "them") == 0 ? back : "/ban-tin");
	out->status = 303;
	out->ctype = "text/html; charset=utf-8";
	out->cache = "no-store";
	tv_buf_puts(&out->body, "<!doctype html><title>Bản tin</title>");
	tv_buf c = TV_BUF_INIT;
	tv_buf_printf(&c, "%s=", BRIEF_COOKIE);
	for (const char *p = next; *p; p++) tv_buf_putc(&c, *p == ',' ? '|' : *p);
	tv_buf_printf(&c, "; Path=/; Max-Age=%d; SameSite=Lax; HttpOnly", *next ? 30 * 86400 : 0);
	free(next);
	return tv_buf_take(&c);
}

static void basket_export(web_req *r, int docx, web_resp *out)
{
	char *list = render_basket_list(r, 1);
	json_t *br = NULL;
	tv_error e = {0};
	if (!r->db) {
		render_error(out, 503, "Chưa mở được kho văn bản", "Cơ sở dữ liệu chưa sẵn sàng.");
	} else if (!*list || brief_build(r->db, list, 0, &br, &e) != TV_OK) {
		render_error(out, 404, "Bản tin trống",
		             "Chưa có mục nào để xuất. Hãy thêm văn bản, điểm chính hoặc đoạn tài "
		             "liệu vào bản tin.");
	} else if (!docx) {
		out->status = 200;
		out->ctype = "text/html; charset=utf-8";
		brief_html(&out->body, br, "/static/brief.css");
	} else if (brief_docx(br, &out->body, &e) != TV_OK) {
		fprintf(stderr, "thuvien serve: %s\n", e.msg);
		render_error(out, 500, "Không tạo được tệp DOCX", "Lỗi khi ghi tệp; hãy thử lại.");
	} else {
		out->status = 200;
		out->ctype =
		    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		out->disposition = tv_strdup("attachment; filename=\"ban-tin.docx\"");
	}
	out->cache = "no-store";
	json_decref(br);
	free(list);
}

/* ---- routing ------------------------------------------------------------------------ */

static void route(web_req *r, web_resp *out, char **cookie)
{
	const char *u = r->url;
	if (strcmp(u, "/ban-tin") == 0)
		render_basket(r, out);
	else if (strcmp(u, "/ban-tin/them") == 0 || strcmp(u, "/ban-tin/bo") == 0 ||
	         strcmp(u, "/ban-tin/xoa") == 0)
		*cookie = basket_edit(r, u + 9, out);
	else if (strcmp(u, "/ban-tin/in") == 0)
		basket_export(r, 0, out);
	else if (strcmp(u, "/ban-tin.docx") == 0)
		basket_export(r, 1, out);
	else if (strcmp(u, "/") == 0 || strcmp(u, "/tim") == 0)
		render_search(r, out);
	else if (strncmp(u, "/vb/", 4) == 0)
		render_doc(r, u + 4, out);
	else if (strncmp(u, "/tep/", 5) == 0)
		serve_file(r, u + 5, out);
	else if (strcmp(u, "/api/search") == 0)
		api_search(r, out);
	else if (strncmp(u, "/api/doc/", 9) == 0)
		api_doc(r, u + 9, out);
	else if (strncmp(u, "/api/", 5) == 0)
		api_error(out, 404, "Không có API này.");
	else if (strcmp(u, "/opensearch.xml") == 0)
		api_opensearch(r, out);
	else if (strncmp(u, "/static/", 8) == 0)
		serve_static(r->srv, u + 8, out);
	else if (strcmp(u, "/favicon.ico") == 0)
		serve_static(r->srv, "favicon.svg", out);
	else
		render_error(out, 404, "Không tìm thấy trang",
		             "Địa chỉ này không có trong thư viện. Hãy kiểm tra lại đường dẫn.");
}

static int needs_db(const char *u)
{
	return strcmp(u, "/") == 0 || strcmp(u, "/tim") == 0 || strncmp(u, "/vb/", 4) == 0 ||
	       strncmp(u, "/ban-tin", 8) == 0 || strncmp(u, "/tep/", 5) == 0 ||
	       strncmp(u, "/api/search", 11) == 0 || strncmp(u, "/api/doc/", 9) == 0;
}

static void add_headers(struct MHD_Response *mr, const web_resp *out, int download)
{
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        out->ctype ? out->ctype : "text/plain");
	MHD_add_response_header(
	    mr, "Content-Security-Policy",
	    download ? "sandbox; default-src 'none'"
	             : "default-src 'self'; img-src 'self' data:; object-src 'none'; "
	               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, "Referrer-Policy", "same-origin");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        out->cache ? out->cache : "no-cache");
	if (out->disposition) MHD_add_response_header(mr, "Content-Disposition", out->disposition);
	if (out->location) MHD_add_response_header(mr, MHD_HTTP_HEADER_LOCATION, out->location);
	if (out->status == 405) MHD_add_response_header(mr, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
}

/* One line per request on stderr, control characters dropped (URLs are hostile). */
static void log_line(const char *method, const char *url, unsigned status, double ms)
{
	char clean[201];
	size_t k = 0;
	for (const char *p = url; *p && k < sizeof clean - 1; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f) clean[k++] = *p;
	clean[k] = '\0';
	fprintf(stderr, "%s %s %u %.1fms\n", method, clean, status, ms);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_size, void **con_cls)
{
	(void)version;
	(void)upload_data;
	static int whole; /* *con_cls once the headers were seen */
	int get = strcmp(method, "GET") == 0, head = strcmp(method, "HEAD") == 0;
	if (get || head) {
		/* Answered once the request is complete: a response queued on the
		 * first call (headers only) makes libmicrohttpd close the
		 * connection, and every request then paid a new one (measured:
		 * `Connection: close` on every answer).  A body is ignored. */
		if (!*con_cls) {
			*con_cls = &whole;
			return MHD_YES;
		}
		if (*upload_size) {
			*upload_size = 0;
			return MHD_YES;
		}
	}
	web_server *s = cls;
	double t0 = tv_now();
	web_resp out = {.fd = -1};
	web_req r = {.srv = s, .conn = conn, .url = url};
	char *cookie = NULL;
	if (!get && !head) {
		/* answered on the first call, before any body is read */
		render_error(&out, 405, "Phương thức không được hỗ trợ",
		             "Thư viện chỉ nhận yêu cầu xem (GET, HEAD).");
	} else {
		if (needs_db(url)) r.db = thread_db(s, &r.db_err);
		route(&r, &out, &cookie);
	}
	int download = strncmp(url, "/tep/", 5) == 0 && out.fd >= 0;
	struct MHD_Response *mr;
	if (out.fd >= 0) {
		mr = MHD_create_response_from_fd64(out.fd_size, out.fd);
	} else {
		size_t len = out.body.len;
		char *body = tv_buf_take(&out.body);
		mr = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!mr) free(body);
	}
	enum MHD_Result ok = MHD_NO;
	if (mr) {
		add_headers(mr, &out, download);
		if (cookie) MHD_add_response_header(mr, MHD_HTTP_HEADER_SET_COOKIE, cookie);
		ok = MHD_queue_response(conn, out.status ? out.status : 500, mr);
		MHD_destroy_response(mr);
	} else if (out.fd >= 0) {
		close(out.fd);
	}
	log_line(method, url, out.status, (tv_now() - t0) * 1000.0);
	tv_buf_free(&out.body);
	free(out.disposition);
	free(out.location);
	free(cookie);
	tv_strv_free(&r.owned);
	return ok;
}

/* ---- main --------------------------------------------------------------------------- */

static const char *serve_help =
    "usage: thuvien serve [--db DIR] [--bind 127.0.0.1] [--port 8080] [--static DIR]\n"
    "Serve the Vietnamese web UI and the JSON API.\n\n"
    "  --db DIR      database folder (default $THUVIEN_DB, else ./thuvien-db)\n"
    "  --bind ADDR   address to listen on (default 127.0.0.1; IPv6 allowed)\n"
    "  --port N      TCP port (default 8080; 0 picks a free one, printed at start)\n"
    "  --static DIR  folder of CSS/JS/icons (default web/static beside the program)\n";

static char *find_static(const char *opt)
{
	char real[PATH_MAX];
	if (opt) return realpath(opt, real) ? tv_strdup(real) : NULL;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	tv_strv tries = TV_STRV_INIT;
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) *slash = '\0';
		tv_buf b = TV_BUF_INIT;
		tv_buf_printf(&b, "%s/web/static", exe);
		tv_strv_push_owned(&tries, tv_buf_take(&b));
		tv_buf_printf(&b, "%s/../share/thuvien/static", exe);
		tv_strv_push_owned(&tries, tv_buf_take(&b));
	}
	tv_strv_push(&tries, "web/static");
	char *found = NULL;
	for (size_t i = 0; i < tries.n && !found; i++) {
		struct stat st;
		if (realpath(tries.v[i], real) && stat(real, &st) == 0 && S_ISDIR(st.st_mode))
			found = tv_strdup(real);
	}
	tv_strv_free(&tries);
	return found;
}

int web_main(int argc, char **argv)
{
	const char *db = NULL, *bind = "127.0.0.1", *port_s = "8080", *stat_opt = NULL;
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},   {"bind", required_argument, NULL, 'b'},
	    {"port", required_argument, NULL, 'p'}, {"static", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'b':
			bind = optarg;
			break;
		case 'p':
			port_s = optarg;
			break;
		case 's':
			stat_opt = optarg;
			break;
		case 'h':
			fputs(serve_help, stdout);
			return 0;
		default:
			fputs(serve_help, stderr);
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "thuvien serve: unexpected argument '%s'\n%s", argv[optind],
		        serve_help);
		return 1;
	}
	char *end = NULL;
	long port = strtol(port_s, &end, 10);
	if (!*port_s || *end || port < 0 || port > 65535) {
		fprintf(stderr, "thuvien serve: --port %s: not a port number\n", port_s);
		return 1;
	}
	if (!db) db = getenv("THUVIEN_DB");
	if (!db || !*db) db = "thuvien-db";

	web_server srv = {.db_dir = tv_strdup(db)};
	srv.static_dir = find_static(stat_opt);
	if (stat_opt && !srv.static_dir) {
		fprintf(stderr, "thuvien serve: --static %s: no such folder\n", stat_opt);
		free(srv.db_dir);
		return 1;
	}
	if (!srv.static_dir)
		fprintf(stderr, "thuvien serve: web/static not found; pages will have no style\n");

	struct sockaddr_in sa4 = {0};
	struct sockaddr_in6 sa6 = {0};
	struct sockaddr *sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
	if (inet_pton(AF_INET, bind, &sa4.sin_addr) == 1) {
		sa4.sin_family = AF_INET;
		sa4.sin_port = htons((uint16_t)port);
		sa = (struct sockaddr *)&sa4;
	} else if (inet_pton(AF_INET6, bind, &sa6.sin6_addr) == 1) {
		sa6.sin6_family = AF_INET6;
		sa6.sin6_port = htons((uint16_t)port);
		sa = (struct sockaddr *)&sa6;
		flags |= MHD_USE_IPv6;
	} else {
		fprintf(stderr, "thuvien serve: --bind %s: not an IPv4 or IPv6 address\n", bind);
		free(srv.db_dir);
		free(srv.static_dir);
		return 1;
	}

	/* warn early when there is nothing to serve yet; requests retry the open */
	xdb *probe = NULL;
	tv_error e = {0};
	if (xdb_open(srv.db_dir, XDB_READ, &probe, &e) != TV_OK)
		fprintf(stderr, "thuvien serve: %s (run `thuvien index --db %s FOLDER`)\n", e.msg,
		        db);
	else
		xdb_close(probe);

	/* the pool threads inherit this mask, so only sigwait below sees the signals */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cores < WEB_THREADS_MIN   ? WEB_THREADS_MIN
	                   : cores > WEB_THREADS_MAX ? WEB_THREADS_MAX
	                                             : (unsigned)cores;
	pthread_key_create(&srv.db_key, db_key_free);
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, (uint16_t)port, NULL, NULL, handle, &srv, MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)WEB_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "thuvien serve: cannot listen on %s port %ld: %s\n", bind, port,
		        strerror(errno));
		pthread_key_delete(srv.db_key);
		free(srv.db_dir);
		free(srv.static_dir);
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned real_port = info ? info->port : (unsigned)port;
	printf("thuvien: serving %s on http://%s%s%s:%u/\n", srv.db_dir,
	       sa == (struct sockaddr *)&sa6 ? "[" : "", bind,
	       sa == (struct sockaddr *)&sa6 ? "]" : "", real_port);
	fflush(stdout);

	int sig = 0;
	sigwait(&sigs, &sig);
	fprintf(stderr, "thuvien serve: signal %d, stopping\n", sig);
	MHD_stop_daemon(d);
	pthread_key_delete(srv.db_key);
	free(srv.db_dir);
	free(srv.static_dir);
	return 0;
}
