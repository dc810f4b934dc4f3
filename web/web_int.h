/* web_int.h — what the files of web/ share: the server state, one request, one
 * response, and the search state read from a URL.  Not for use outside web/. */
#ifndef TV_WEB_INT_H
#define TV_WEB_INT_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdint.h>

#include "../common/tv.h"
#include "../search/search.h"
#include "../search/xdb.h"

#define WEB_PAGE_SIZE 10
#define WEB_MAX_PAGE 500  /* deepest page served (offset cap) */
#define WEB_MAX_PARAM 300 /* bytes of a filter value (loai, cq, ...) */

/* The one server state: built by web_main, read-only while serving. */
typedef struct web_server {
	char *db_dir;
	char *static_dir;     /* realpath of the static folder, or NULL when missing */
	pthread_key_t db_key; /* each pool thread's own read-only xdb handle */
} web_server;

typedef struct web_req {
	web_server *srv;
	struct MHD_Connection *conn;
	const char *url;
	xdb *db;         /* this thread's handle, reopened for this request; NULL if unavailable */
	tv_error db_err; /* why db is NULL */
	tv_strv owned;   /* strings handed out by web_param, freed with the request */
} web_req;

typedef struct web_resp {
	unsigned status;
	const char *ctype;
	const char *cache; /* Cache-Control */
	tv_buf body;
	int fd; /* >= 0: send this file instead of body */
	uint64_t fd_size;
	char *disposition; /* Content-Disposition (built by html/url helpers) */
	char *location;    /* redirect target */
} web_resp;

/* Search state of a URL (/tim and /api/search share it).  Strings are never
 * NULL: "" means unset.  The URL holds the whole state. */
typedef struct web_state {
	const char *q, *loai, *cq, *tu, *den, *sap, *kieu;
	unsigned trang; /* 1-based page */
	unsigned n;     /* results per page */
} web_state;

/* A query-string argument as valid UTF-8 (invalid bytes cleaned by vn_clean),
 * trimmed; "" when absent.  Owned by the request. */
const char *web_param(web_req *r, const char *name);
/* Reads the state from the request.  Returns 0, or an HTTP status (400) with a
 * Vietnamese message in *why. */
unsigned web_state_read(web_req *r, web_state *st, const char **why);
/* srch_opts for a state (pointers into st). */
void web_state_opts(const web_state *st, srch_opts *o);
/* "/tim?q=..&loai=.." for st with one key replaced (key NULL: none); value ""
 * removes it.  Changing a filter goes back to page 1 unless key is "trang". */
void web_state_url(tv_buf *b, const web_state *st, const char *key, const char *value);

/* Pages (render.c). */
void render_search(web_req *r, web_resp *out);
void render_doc(web_req *r, const char *id, web_resp *out);
void render_error(web_resp *out, unsigned status, const char *title, const char *msg);
/* "25/4/2022" from "2022-04-25" (leading zeros dropped, as in running text);
 * partial dates as far as they go.  Appends nothing for NULL. */
void render_date(tv_buf *b, const char *iso, int zeros);
/* The Vietnamese administrative citation of a document record. */
void render_citation(tv_buf *b, const json_t *doc);

/* JSON API (api.c). */
void api_search(web_req *r, web_resp *out);
void api_doc(web_req *r, const char *id, web_resp *out);
void api_opensearch(web_req *r, web_resp *out);
void api_error(web_resp *out, unsigned status, const char *msg);

#endif
