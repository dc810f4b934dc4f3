/* api.c — the JSON API (/api/search, /api/doc/ID) and the OpenSearch
 * description.  JSON comes from search.h through jansson; nothing here builds
 * JSON by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "web_int.h"

static void send_json(web_resp *out, unsigned status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	out->status = status;
	out->ctype = "application/json; charset=utf-8";
	tv_buf_clear(&out->body);
	tv_buf_puts(&out->body, s ? s : "{}");
	tv_buf_putc(&out->body, '\n');
	free(s);
	json_decref(j);
}

void api_error(web_resp *out, unsigned status, const char *msg)
{
	send_json(out, status, json_pack("{s:s, s:i}", "error", msg, "status", (int)status));
}

static int db_ready(web_req *r, web_resp *out)
{
	if (r->db) return 1;
	fprintf(stderr, "thuvien serve: %s\n", r->db_err.msg);
	api_error(out, 503, "Cơ sở dữ liệu chưa sẵn sàng.");
	return 0;
}

void api_search(web_req *r, web_resp *out)
{
	web_state st;
	const char *why;
	unsigned bad = web_state_read(r, &st, &why);
	if (bad) {
		api_error(out, bad, why);
		return;
	}
	if (!db_ready(r, out)) return;
	srch_opts o;
	web_state_opts(&st, &o);
	srch_result *res = NULL;
	tv_error e = {0};
	tv_err rc = srch_run(r->db, &o, &res, &e);
	if (rc == TV_ERR_TOO_BIG) {
		api_error(out, 400, "Câu tìm kiếm quá dài hoặc quá phức tạp.");
		return;
	}
	if (rc != TV_OK) {
		fprintf(stderr, "thuvien serve: api search \"%.200s\": %s\n", st.q, e.msg);
		api_error(out, 500, "Không thực hiện được tìm kiếm.");
		return;
	}
	json_t *j = srch_result_json(res);
	json_object_set_new(j, "page", json_integer(st.trang));
	json_object_set_new(j, "per_page", json_integer(st.n));
	srch_result_free(res);
	send_json(out, 200, j);
}

void api_doc(web_req *r, const char *id, web_resp *out)
{
	size_t n = strlen(id);
	int digits = n > 0 && n <= 9;
	for (size_t i = 0; i < n && digits; i++) digits = id[i] >= '0' && id[i] <= '9';
	if (!digits || strtoul(id, NULL, 10) == 0) {
		api_error(out, 404, "Mã văn bản phải là một số.");
		return;
	}
	if (!db_ready(r, out)) return;
	json_t *d = NULL;
	if (srch_doc(r->db, id, &d, NULL) != TV_OK ||
	    !json_string_value(json_object_get(d, "path"))) {
		json_decref(d);
		api_error(out, 404, "Không tìm thấy văn bản.");
		return;
	}
	send_json(out, 200, d);
}

/* Host as the client named it, if it is a plain host[:port]; else NULL. */
static const char *safe_host(web_req *r)
{
	const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
	if (!h || !*h || strlen(h) > 255) return NULL;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == ':' ||
		      *p == '[' || *p == ']'))
			return NULL;
	return h;
}

void api_opensearch(web_req *r, web_resp *out)
{
	const char *host = safe_host(r);
	tv_buf base = TV_BUF_INIT;
	if (host) tv_buf_printf(&base, "http://%s", host);
	out->status = 200;
	out->ctype = "application/opensearchdescription+xml; charset=utf-8";
	out->cache = "no-cache"; /* built from the Host header */
	/* XML needs the same five escapes as an HTML attribute */
	html_fmt(
	    &out->body,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
	    "  <ShortName>Thư viện văn bản</ShortName>\n"
	    "  <Description>Tìm văn bản Đảng và Nhà nước, có dấu hoặc không dấu</Description>\n"
	    "  <InputEncoding>UTF-8</InputEncoding>\n"
	    "  <Language>vi</Language>\n"
	    "  <Image height=\"16\" width=\"16\" "
	    "type=\"image/svg+xml\">%s/static/favicon.svg</Image>\n"
	    "  <Url type=\"text/html\" method=\"get\" template=\"%s/tim?q={searchTerms}\"/>\n"
	    "  <Url type=\"application/json\" method=\"get\" "
	    "template=\"%s/api/search?q={searchTerms}\"/>\n"
	    "</OpenSearchDescription>\n",
	    tv_buf_str(&base), tv_buf_str(&base), tv_buf_str(&base));
	tv_buf_free(&base);
}
