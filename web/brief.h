/* brief.h — the reporter's handout: documents, key points and passages of
 * study materials picked by a reader (the basket of the web UI, or the CLI's
 * `thuvien brief`), each quote followed by its citation in Vietnamese
 * administrative style, exported as printable HTML and as DOCX.
 *
 * An item list is text, so it travels in a URL or a cookie unchanged:
 *   "vb:12,kp:12.3,dv:15.7"
 *   vb:ID      a whole document (its trích yếu)
 *   kp:ID.N    key point N (1-based) of document ID
 *   dv:ID.N    passage N (the paragraph anchored #pN on the page) of study material ID
 * The CLI also accepts a number or path for ID (vb:598-CV/ĐUK, kp:598-CV/ĐUK.3). */
#ifndef TV_WEB_BRIEF_H
#define TV_WEB_BRIEF_H

#include <jansson.h>

#include "../common/tv.h"
#include "../search/xdb.h"

#define BRIEF_MAX_ITEMS 100
#define BRIEF_MAX_LIST 4000 /* bytes of an item list */

/* 1 if s is one well-formed item ("kp:12.3"); with numeric ids only unless
 * loose (the CLI's numbers and paths). */
int brief_item_ok(const char *s, int loose);

/* The list with item added at the end (no duplicate) or removed; items that
 * are not well formed are dropped, and the list is cut at BRIEF_MAX_ITEMS.
 * op: '+' add, '-' remove, '=' just clean.  Returns a malloc'd string. */
char *brief_list_edit(const char *list, char op, const char *item);

/* Resolves every item of list against the library: {"title", "items": [{"ref",
 * "kind", "heading", "text", "citation", "url"}], "missing": [refs]}.  Items
 * that do not resolve are reported in "missing", never guessed.  New
 * reference in *out; fails only on a list with no well-formed item. */
tv_err brief_build(xdb *db, const char *list, int loose, json_t **out, tv_error *e);

/* The handout as one HTML page.  css: a stylesheet URL to link, or NULL to
 * embed the print style (a saved file that opens anywhere).  Appends to b. */
void brief_html(tv_buf *b, const json_t *brief, const char *css);

/* The handout as a DOCX (WordprocessingML in a zip written with libzip),
 * into *out (the bytes; caller frees with tv_buf_free). */
tv_err brief_docx(const json_t *brief, tv_buf *out, tv_error *e);

/* Writes the HTML (when html != NULL) and DOCX (when docx != NULL) files.
 * Entry point of `thuvien brief`; returns the exit code. */
int brief_main(int argc, char **argv);

/* ---- web UI (web/render.c, web/server.c) ---- */

/* The basket lives in this cookie: the item list with '|' for ',' (a comma is
 * not allowed in a cookie value). */
#define BRIEF_COOKIE "ban_tin"
struct web_req;
struct web_resp;
/* The basket's item list of a request (?muc= when url_first and present, else
 * the cookie), cleaned; malloc'd. */
char *render_basket_list(struct web_req *r, int url_first);
/* GET /ban-tin: the basket page with its export links. */
void render_basket(struct web_req *r, struct web_resp *out);

#endif
