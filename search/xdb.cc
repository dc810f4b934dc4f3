/* xdb.cc — the only C++ in thuvien: Xapian 1.4 behind the C API of xdb.h.
 *
 * Every entry point runs its Xapian work inside guard(), which turns any
 * exception (Xapian::Error, std::bad_alloc, std::exception, anything else) into
 * a tv_err whose message names the database folder and Xapian's reason, so no
 * C++ exception ever unwinds into C.  Readers that meet DatabaseModifiedError
 * (later commits by the writer recycled the blocks of the revision they had
 * open) move to the newest revision and retry once.
 *
 * Memory handed to C callers (strings, id arrays) comes from tv_malloc so it is
 * released with free(); the C++ objects behind the opaque handles use new. */
#include <xapian.h>

#include <dirent.h>
#include <sys/stat.h>

#include <cerrno>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

/* tv.h has no extern "C" guard of its own; xdb.h includes it bare. */
extern "C" {
#include "../common/tv.h"
}
#include "xdb.h"

/* Glass refuses terms longer than this (InvalidArgumentError "Term too long");
 * the whole document would then fail to index.  xdb_doc_add_* silently drop
 * such terms instead: one unsearchable overlong token must not cost the
 * document.  Ids that must stay findable are hashed by the indexer first
 * (SCHEMA_MAX_TERM in schema.h). */
#define XDB_MAX_TERM 245

/* OP_WILDCARD expands to at most this many terms, keeping the most frequent:
 * a short prefix over a large index could otherwise build an OR of millions of
 * postlists. */
#define XDB_WILDCARD_MAX 5000

/* A facet table as a reader loaded it (xdb_facets_build). */
struct facet_table {
	std::string record; /* the "facets:" record it was loaded from ("": none) */
	unsigned last = 0;  /* the last docid it covers */
	std::vector<std::vector<std::string>> values; /* per slot: code - 1 -> value */
	std::vector<std::vector<uint16_t>> codes; /* per slot: by docid; empty: use the stream */
};

/* A document's share of one term's score in top_pick. */
struct top_share {
	Xapian::docid id;
	float v;
};

struct xdb {
	std::string dir;
	bool writable;
	Xapian::Database rd;
	Xapian::WritableDatabase wr;
	Xapian::Database &d() { return writable ? static_cast<Xapian::Database &>(wr) : rd; }
	/* top_pick's work space, kept between calls: each list entry's share
	 * in the order read, the same grouped by docid range, and one range's
	 * sums (kept all clear) */
	std::vector<top_share> shares, grouped;
	std::vector<float> range_sum;
	std::vector<uint64_t> bits; /* xdb_top_rank's candidates, by docid; kept all clear */
	/* xdb_keep_lengths: every document's length by docid (NO_LENGTH: none),
	 * read at revision lens_rev */
	bool keep_lens = false;
	std::vector<Xapian::termcount> lens;
	Xapian::rev lens_rev = 0;
	/* writer: documents replaced in place that the top lists' build saw,
	 * not yet recorded (flush_stale); the build's last docid, read once */
	std::vector<Xapian::docid> stale;
	long top_last = -1;
	facet_table facets;
};

struct xdb_doc {
	Xapian::Document doc;
};

struct xdb_query {
	Xapian::Query q;
};

typedef std::vector<std::pair<std::string, unsigned>> facet_list;

/* Most frequent first; ties keep byte order. */
static void sort_facets(facet_list &fl)
{
	std::stable_sort(fl.begin(), fl.end(),
	                 [](const auto &a, const auto &b) { return a.second > b.second; });
}

struct xdb_mset {
	Xapian::MSet ms;
	/* or, made by xdb_mset_of: these entries and this total instead */
	bool own = false;
	std::vector<xdb_ranked> entries;
	unsigned own_total = 0;
	unsigned size() const { return own ? (unsigned)entries.size() : ms.size(); }
	std::vector<facet_list> facets;
	unsigned first = 0; /* the window xdb_mset_size/docid/weight show (xdb_mset_window) */
	unsigned count = ~0u;
};

/* Index into ms of window entry i, or ms.size() when outside. */
static unsigned mset_at(const xdb_mset *m, unsigned i)
{
	unsigned n = m->size();
	if (i >= m->count || m->first >= n || i >= n - m->first) return n;
	return m->first + i;
}

/* ---- error plumbing -------------------------------------------------------- */

static tv_err xapian_fail(const xdb *db, tv_error *e, const char *what, const Xapian::Error &x)
{
	const char *dir = db ? db->dir.c_str() : "?";
	/* Xapian::Error has no virtual functions, so the class is told by name. */
	if (strcmp(x.get_type(), "DatabaseLockError") == 0)
		return tv_fail(e, TV_ERR_DB,
		               "database %s is being written by another thuvien process (%s)", dir,
		               x.get_msg().c_str());
	if (strcmp(x.get_type(), "DocNotFoundError") == 0)
		return tv_fail(e, TV_ERR_NOT_FOUND, "database %s: %s: no such document (%s)", dir,
		               what, x.get_msg().c_str());
	return tv_fail(e, TV_ERR_DB, "database %s: %s: %s: %s", dir, what, x.get_type(),
	               x.get_msg().c_str());
}

/* Runs f (returning tv_err) with every exception caught.  A reader that sees
 * DatabaseModifiedError moves to the newest revision and runs f once more, so
 * f must be safe to restart. */
template <class F> static tv_err guard(xdb *db, tv_error *e, const char *what, F f)
{
	for (int attempt = 0;; attempt++) {
		try {
			return f();
		} catch (const Xapian::DatabaseModifiedError &x) {
			if (attempt == 0 && db) {
				try {
					db->d().reopen();
					continue;
				} catch (const Xapian::Error &y) {
					return xapian_fail(db, e, what, y);
				} catch (...) {
				}
			}
			return xapian_fail(db, e, what, x);
		} catch (const Xapian::Error &x) {
			return xapian_fail(db, e, what, x);
		} catch (const std::bad_alloc &) {
			return tv_fail(e, TV_ERR_DB, "database %s: %s: out of memory",
			               db ? db->dir.c_str() : "?", what);
		} catch (const std::exception &x) {
			return tv_fail(e, TV_ERR_DB, "database %s: %s: %s",
			               db ? db->dir.c_str() : "?", what, x.what());
		} catch (...) {
			return tv_fail(e, TV_ERR_DB, "database %s: %s: unknown C++ exception",
			               db ? db->dir.c_str() : "?", what);
		}
	}
}

static tv_err need_writer(xdb *db, tv_error *e, const char *what)
{
	if (!db) return tv_fail(e, TV_ERR_USAGE, "%s: no database", what);
	if (!db->writable)
		return tv_fail(e, TV_ERR_USAGE, "database %s: %s: opened read-only",
		               db->dir.c_str(), what);
	return TV_OK;
}

static char *c_copy(const std::string &s, size_t *len)
{
	char *p = (char *)tv_malloc(s.size() + 1);
	memcpy(p, s.data(), s.size());
	p[s.size()] = '\0';
	if (len) *len = s.size();
	return p;
}

static inline bool term_ok(const char *t)
{
	if (!t || !*t) return false;
	return strnlen(t, XDB_MAX_TERM + 1) <= XDB_MAX_TERM;
}

/* ---- database -------------------------------------------------------------- */

/* Docids in metadata: 4 bytes, little-endian. */
static void le32_put(std::string &s, uint32_t v)
{
	char b[4] = {(char)(v & 0xff), (char)(v >> 8 & 0xff), (char)(v >> 16 & 0xff),
	             (char)(v >> 24)};
	s.append(b, 4);
}

static uint32_t le32_get(const unsigned char *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

#define TOP_KEY "top:" /* the top lists (below) */
/* the docids replaced in place since the last build, 4 bytes each (xdb_top_rank) */
#define STALE_KEY "top-stale:"
/* the average length the last build weighed the lists' entries with (%.17g) */
#define AVLEN_KEY "top-avlen:"

static bool top_info(Xapian::Database &d, unsigned *k, unsigned *min_df, unsigned *last,
                     std::string *key);

/* A document replaced in place keeps its docid, and the top lists' entries
 * for it describe the old text: xdb_top_rank must read it from the posting
 * lists.  Recorded with the next commit (flush_stale). */
static void note_replaced(xdb *db, Xapian::docid id)
{
	if (db->top_last < 0) {
		unsigned k, min_df, last = 0;
		db->top_last = top_info(db->wr, &k, &min_df, &last, NULL) ? (long)last : 0;
	}
	if ((long)id <= db->top_last) db->stale.push_back(id);
}

/* Appends the noted docids to the record (inside guard: throws). */
static void flush_stale(xdb *db)
{
	if (db->stale.empty()) return;
	std::string s = db->wr.get_metadata(STALE_KEY);
	for (Xapian::docid id : db->stale) le32_put(s, id);
	db->wr.set_metadata(STALE_KEY, s);
	db->stale.clear();
}

tv_err xdb_open(const char *dir, int mode, xdb **out, tv_error *e)
{
	*out = NULL;
	if (!dir || !*dir) return tv_fail(e, TV_ERR_USAGE, "database: no folder given");
	if (mode == XDB_READ) {
		/* Xapian would say "Couldn't detect type of database"; a missing
		 * folder deserves plainer words, and must never be created. */
		struct stat st;
		if (stat(dir, &st) != 0)
			return tv_fail(e, TV_ERR_DB,
			               "database %s does not exist (index some documents first)",
			               dir);
		if (!S_ISDIR(st.st_mode))
			return tv_fail(e, TV_ERR_DB, "database %s is not a folder", dir);
	}
	xdb *db = NULL;
	tv_err rc;
	try {
		db = new xdb;
		db->dir = dir;
		db->writable = mode != XDB_READ;
	} catch (...) {
		delete db;
		return tv_fail(e, TV_ERR_DB, "database %s: out of memory", dir);
	}
	rc = guard(db, e, db->writable ? "open for writing" : "open for reading", [&] {
		if (db->writable)
			db->wr = Xapian::WritableDatabase(
			    dir, Xapian::DB_CREATE_OR_OPEN |
			             (mode == XDB_SCRATCH ? Xapian::DB_NO_SYNC : 0));
		else
			db->rd = Xapian::Database(dir);
		return TV_OK;
	});
	if (rc != TV_OK) {
		delete db;
		return rc;
	}
	*out = db;
	return TV_OK;
}

void xdb_close(xdb *db)
{
	if (!db) return;
	if (db->writable) {
		tv_error e;
		tv_error_clear(&e);
		/* close() has no error channel; losing a commit silently is worse
		 * than a line on stderr. */
		if (guard(db, &e, "commit on close", [&] {
			    flush_stale(db);
			    db->wr.commit();
			    db->wr.close();
			    return TV_OK;
		    }) != TV_OK)
			fprintf(stderr, "thuvien: %s\n", e.msg);
	}
	try {
		delete db;
	} catch (...) {
	}
}

tv_err xdb_merge_into(const char *const *srcs, size_t n, const char *dest, tv_error *e)
{
	xdb tmpdb; /* names dest in guard's messages */
	tmpdb.dir = dest;
	tmpdb.writable = false;
	std::string tmp = std::string(dest) + "/merge.tmp";
	tv_rm_flat(tmp.c_str()); /* left by a run that was stopped */
	tv_err rc = guard(&tmpdb, e, "merge", [&] {
		if (Xapian::Database(dest).get_lastdocid() != 0)
			return tv_fail(e, TV_ERR_USAGE,
			               "database %s: merge: the database already has documents",
			               dest);
		Xapian::Database all;
		for (size_t i = 0; i < n; i++) all.add_database(Xapian::Database(srcs[i]));
		all.compact(tmp);
		return TV_OK;
	});
	if (rc != TV_OK) {
		tv_rm_flat(tmp.c_str());
		return rc;
	}
	/* the tables first, the version file that names their roots last */
	DIR *dp = opendir(tmp.c_str());
	if (!dp) return tv_fail(e, TV_ERR_IO, "%s: %s", tmp.c_str(), strerror(errno));
	std::vector<std::string> names;
	while (struct dirent *de = readdir(dp))
		if (de->d_name[0] != '.') names.push_back(de->d_name);
	closedir(dp);
	std::stable_partition(names.begin(), names.end(),
	                      [](const std::string &f) { return f != "iamglass"; });
	for (const std::string &f : names) {
		std::string from = tmp + "/" + f, to = std::string(dest) + "/" + f;
		if (rename(from.c_str(), to.c_str()) != 0) {
			rc = tv_fail(e, TV_ERR_IO,
			             "database %s: merge: cannot move %s into place: %s", dest,
			             f.c_str(), strerror(errno));
			break;
		}
	}
	tv_rm_flat(tmp.c_str());
	return rc;
}

tv_err xdb_commit(xdb *db, tv_error *e)
{
	tv_err rc = need_writer(db, e, "commit");
	if (rc != TV_OK) return rc;
	return guard(db, e, "commit", [&] {
		flush_stale(db);
		db->wr.commit();
		return TV_OK;
	});
}

tv_err xdb_reopen(xdb *db, int *changed, tv_error *e)
{
	if (changed) *changed = 0;
	if (!db) return tv_fail(e, TV_ERR_USAGE, "reopen: no database");
	return guard(db, e, "reopen", [&] {
		bool moved = db->d().reopen();
		if (changed) *changed = moved ? 1 : 0;
		return TV_OK;
	});
}

void xdb_keep_lengths(xdb *db)
{
	if (db && !db->writable) db->keep_lens = true;
}

#define NO_LENGTH ((Xapian::termcount)-1)

/* Every document's length by docid (NO_LENGTH: no such document), in one pass
 * over the length list.  Throws what Xapian throws. */
static std::vector<Xapian::termcount> all_lengths(Xapian::Database &d)
{
	std::vector<Xapian::termcount> v((size_t)d.get_lastdocid() + 1, NO_LENGTH);
	for (auto it = d.postlist_begin(""); it != d.postlist_end(""); ++it)
		v[*it] = it.get_doclength();
	return v;
}

/* The lengths xdb_keep_lengths keeps, read again when the revision moved;
 * NULL when they are not kept.  Throws what Xapian throws. */
static const std::vector<Xapian::termcount> *kept_lengths(xdb *db)
{
	if (!db->keep_lens) return NULL;
	Xapian::Database &d = db->d();
	Xapian::rev rev = d.get_revision();
	if (db->lens.empty() || rev != db->lens_rev) {
		db->lens = all_lengths(d);
		db->lens_rev = rev;
	}
	return &db->lens;
}

/* One number read from the database (0 when it cannot be read). */
template <class F> static unsigned long db_number(xdb *db, const char *what, F f)
{
	unsigned long n = 0;
	if (!db) return 0;
	guard(db, NULL, what, [&] {
		n = f(db->d());
		return TV_OK;
	});
	return n;
}

unsigned xdb_doccount(xdb *db)
{
	return (unsigned)db_number(db, "doccount",
	                           [](Xapian::Database &d) { return d.get_doccount(); });
}

unsigned long xdb_revision(xdb *db)
{
	return db_number(db, "revision", [](Xapian::Database &d) { return d.get_revision(); });
}

unsigned xdb_lastdocid(xdb *db)
{
	return (unsigned)db_number(db, "last document id",
	                           [](Xapian::Database &d) { return d.get_lastdocid(); });
}

tv_err xdb_set_metadata(xdb *db, const char *key, const char *val, tv_error *e)
{
	tv_err rc = need_writer(db, e, "set metadata");
	if (rc != TV_OK) return rc;
	if (!key || !*key)
		return tv_fail(e, TV_ERR_USAGE, "database %s: metadata key is empty",
		               db->dir.c_str());
	return guard(db, e, "set metadata", [&] {
		db->wr.set_metadata(key, val ? val : "");
		return TV_OK;
	});
}

tv_err xdb_get_metadata(xdb *db, const char *key, char **val, tv_error *e)
{
	*val = NULL;
	if (!db) return tv_fail(e, TV_ERR_USAGE, "get metadata: no database");
	if (!key || !*key)
		return tv_fail(e, TV_ERR_USAGE, "database %s: metadata key is empty",
		               db->dir.c_str());
	return guard(db, e, "get metadata", [&] {
		std::string v = db->d().get_metadata(key);
		*val = c_copy(v, NULL);
		return TV_OK;
	});
}

/* ---- building documents ---------------------------------------------------- */

xdb_doc *xdb_doc_new(void)
{
	try {
		return new xdb_doc;
	} catch (...) {
		/* Same policy as tv_malloc: allocation failure stops the program. */
		fprintf(stderr, "thuvien: out of memory\n");
		abort();
	}
}

void xdb_doc_free(xdb_doc *d)
{
	try {
		delete d;
	} catch (...) {
	}
}

void xdb_doc_add_posting(xdb_doc *d, const char *term, unsigned pos, unsigned wdfinc)
{
	if (!d || !term_ok(term)) return;
	try {
		d->doc.add_posting(term, pos, wdfinc);
	} catch (...) {
	}
}

void xdb_doc_add_term(xdb_doc *d, const char *term, unsigned wdfinc)
{
	if (!d || !term_ok(term)) return;
	try {
		d->doc.add_term(term, wdfinc);
	} catch (...) {
	}
}

unsigned xdb_doc_nterms(const xdb_doc *d)
{
	if (!d) return 0;
	try {
		return d->doc.termlist_count();
	} catch (...) {
		return 0;
	}
}

void xdb_doc_add_boolean(xdb_doc *d, const char *term)
{
	if (!d || !term_ok(term)) return;
	try {
		d->doc.add_boolean_term(term);
	} catch (...) {
	}
}

void xdb_doc_set_value(xdb_doc *d, unsigned slot, const char *val, size_t len)
{
	if (!d || slot == Xapian::BAD_VALUENO) return;
	try {
		if (val && len)
			d->doc.add_value(slot, std::string(val, len));
		else
			d->doc.remove_value(slot);
	} catch (...) {
	}
}

void xdb_doc_set_data(xdb_doc *d, const char *data, size_t len)
{
	if (!d) return;
	try {
		d->doc.set_data(data ? std::string(data, len) : std::string());
	} catch (...) {
	}
}

/* Writes d under idterm (NULL or "": no id).  is_new: the caller knows no
 * document carries idterm, so it is added without looking the term up. */
static tv_err write_doc(xdb *db, const char *idterm, xdb_doc *d, bool is_new, unsigned *docid,
                        tv_error *e)
{
	if (docid) *docid = 0;
	tv_err rc = need_writer(db, e, "write document");
	if (rc != TV_OK) return rc;
	if (!d) return tv_fail(e, TV_ERR_USAGE, "database %s: write: no document", db->dir.c_str());
	if (idterm && *idterm && !term_ok(idterm))
		return tv_fail(e, TV_ERR_USAGE,
		               "database %s: id term longer than %d bytes: %.60s...",
		               db->dir.c_str(), XDB_MAX_TERM, idterm);
	return guard(db, e, "write document", [&] {
		Xapian::docid id;
		if (idterm && *idterm) {
			/* The document must carry its id term, or the next
			 * replace would not find it and add a duplicate. */
			d->doc.add_boolean_term(idterm);
			/* replace_document(term) costs about twice add_document
			 * (measured 2.8 s against 1.4 s per 1,000 documents) even
			 * when nothing carries the term; most documents are new
			 * to the index, and the writer's term frequency already
			 * counts its own uncommitted changes. */
			if (is_new || db->wr.get_termfreq(idterm) == 0) {
				id = db->wr.add_document(d->doc);
			} else {
				id = db->wr.replace_document(idterm, d->doc);
				note_replaced(db, id);
			}
		} else {
			id = db->wr.add_document(d->doc);
		}
		if (docid) *docid = id;
		return TV_OK;
	});
}

tv_err xdb_replace(xdb *db, const char *idterm, xdb_doc *d, unsigned *docid, tv_error *e)
{
	return write_doc(db, idterm, d, false, docid, e);
}

tv_err xdb_add(xdb *db, const char *idterm, xdb_doc *d, tv_error *e)
{
	return write_doc(db, idterm, d, true, NULL, e);
}

tv_err xdb_delete(xdb *db, const char *term, tv_error *e)
{
	tv_err rc = need_writer(db, e, "delete");
	if (rc != TV_OK) return rc;
	/* An empty term would mean "every document" to Xapian. */
	if (!term_ok(term))
		return tv_fail(e, TV_ERR_USAGE, "database %s: delete: empty or overlong term",
		               db->dir.c_str());
	return guard(db, e, "delete", [&] {
		db->wr.delete_document(term);
		return TV_OK;
	});
}

tv_err xdb_add_synonym(xdb *db, const char *key, const char *term, tv_error *e)
{
	tv_err rc = need_writer(db, e, "add synonym");
	if (rc != TV_OK) return rc;
	if (!term_ok(key) || !term_ok(term))
		return tv_fail(e, TV_ERR_USAGE,
		               "database %s: synonym: empty or overlong key or term",
		               db->dir.c_str());
	return guard(db, e, "add synonym", [&] {
		db->wr.add_synonym(key, term);
		return TV_OK;
	});
}

/* ---- reading documents ----------------------------------------------------- */

tv_err xdb_find(xdb *db, const char *term, unsigned *docid, tv_error *e)
{
	*docid = 0;
	if (!db) return tv_fail(e, TV_ERR_USAGE, "find: no database");
	if (!term || !*term)
		return tv_fail(e, TV_ERR_NOT_FOUND, "database %s: find: empty term",
		               db->dir.c_str());
	return guard(db, e, "find", [&] {
		Xapian::Database &x = db->d();
		Xapian::PostingIterator it = x.postlist_begin(term);
		if (it == x.postlist_end(term))
			return tv_fail(e, TV_ERR_NOT_FOUND, "database %s: no document carries %s",
			               db->dir.c_str(), term);
		*docid = *it;
		return TV_OK;
	});
}

tv_err xdb_get_data(xdb *db, unsigned docid, char **data, size_t *len, tv_error *e)
{
	*data = NULL;
	if (len) *len = 0;
	if (!db) return tv_fail(e, TV_ERR_USAGE, "get data: no database");
	if (docid == 0)
		return tv_fail(e, TV_ERR_NOT_FOUND, "database %s: no document 0", db->dir.c_str());
	return guard(db, e, "get document data", [&] {
		std::string s = db->d().get_document(docid).get_data();
		*data = c_copy(s, len);
		return TV_OK;
	});
}

tv_err xdb_get_value(xdb *db, unsigned docid, unsigned slot, char **val, size_t *len, tv_error *e)
{
	*val = NULL;
	if (len) *len = 0;
	if (!db) return tv_fail(e, TV_ERR_USAGE, "get value: no database");
	if (docid == 0)
		return tv_fail(e, TV_ERR_NOT_FOUND, "database %s: no document 0", db->dir.c_str());
	return guard(db, e, "get value", [&] {
		std::string s = db->d().get_document(docid).get_value(slot);
		*val = c_copy(s, len);
		return TV_OK;
	});
}

unsigned xdb_termfreq(xdb *db, const char *term)
{
	unsigned n = 0;
	/* Xapian reads "" as "every document"; no document carries an empty term. */
	if (!db || !term || !*term) return 0;
	guard(db, NULL, "termfreq", [&] {
		n = db->d().get_termfreq(term);
		return TV_OK;
	});
	return n;
}

/* Walks a term iterator from prefix, calling cb.  After a retry (the reader
 * reopened) it resumes just past the last term already reported, so the caller
 * never sees a term twice. */
template <class Begin, class End>
static tv_err walk_terms(xdb *db, const char *prefix, xdb_term_cb cb, void *ud, tv_error *e,
                         const char *what, Begin begin, End end, bool freq_from_db)
{
	std::string pfx = prefix ? prefix : "";
	std::string last;
	bool started = false;
	return guard(db, e, what, [&] {
		Xapian::TermIterator it = begin(), stop = end();
		it.skip_to(started ? last : pfx);
		if (started && it != stop && *it == last) ++it;
		for (; it != stop; ++it) {
			std::string t = *it;
			if (t.compare(0, pfx.size(), pfx) != 0) break;
			unsigned f = freq_from_db ? db->d().get_termfreq(t) : it.get_termfreq();
			last = t;
			started = true;
			if (cb && cb(t.c_str(), f, ud)) break;
		}
		return TV_OK;
	});
}

tv_err xdb_allterms(xdb *db, const char *prefix, xdb_term_cb cb, void *ud, tv_error *e)
{
	if (!db) return tv_fail(e, TV_ERR_USAGE, "allterms: no database");
	return walk_terms(
	    db, prefix, cb, ud, e, "list terms",
	    [&] { return db->d().allterms_begin(prefix ? prefix : ""); },
	    [&] { return db->d().allterms_end(prefix ? prefix : ""); }, false);
}

tv_err xdb_doc_terms(xdb *db, unsigned docid, const char *prefix, xdb_term_cb cb, void *ud,
                     tv_error *e)
{
	if (!db) return tv_fail(e, TV_ERR_USAGE, "document terms: no database");
	if (docid == 0)
		return tv_fail(e, TV_ERR_NOT_FOUND, "database %s: no document 0", db->dir.c_str());
	/* A termlist's own get_termfreq() is the collection-wide count too, but
	 * asking the database directly keeps the meaning obvious. */
	return walk_terms(
	    db, prefix, cb, ud, e, "list document terms",
	    [&] { return db->d().termlist_begin(docid); },
	    [&] { return db->d().termlist_end(docid); }, true);
}

tv_err xdb_postlist(xdb *db, const char *term, unsigned **ids, size_t *n, tv_error *e)
{
	*ids = NULL;
	*n = 0;
	if (!db) return tv_fail(e, TV_ERR_USAGE, "postlist: no database");
	if (!term || !*term) return TV_OK;
	return guard(db, e, "postlist", [&] {
		Xapian::Database &x = db->d();
		std::vector<unsigned> v;
		v.reserve(x.get_termfreq(term));
		for (Xapian::PostingIterator it = x.postlist_begin(term),
		                             end = x.postlist_end(term);
		     it != end; ++it)
			v.push_back(*it);
		if (!v.empty()) {
			*ids = (unsigned *)tv_malloc(v.size() * sizeof **ids);
			memcpy(*ids, v.data(), v.size() * sizeof **ids);
		}
		*n = v.size();
		return TV_OK;
	});
}

tv_err xdb_synonyms(xdb *db, const char *key, xdb_term_cb cb, void *ud, tv_error *e)
{
	if (!db) return tv_fail(e, TV_ERR_USAGE, "synonyms: no database");
	if (!key || !*key) return TV_OK;
	/* Synonym lists are short: collect first so a retry cannot repeat a
	 * callback, then report outside the Xapian calls. */
	std::vector<std::string> v;
	tv_err rc = guard(db, e, "synonyms", [&] {
		v.clear();
		Xapian::Database &x = db->d();
		for (Xapian::TermIterator it = x.synonyms_begin(key), end = x.synonyms_end(key);
		     it != end; ++it)
			v.push_back(*it);
		return TV_OK;
	});
	if (rc != TV_OK) return rc;
	for (const std::string &s : v)
		if (cb && cb(s.c_str(), 1, ud)) break;
	return TV_OK;
}

/* ---- queries --------------------------------------------------------------- */

/* Queries are built in C code that has no error channel here; on a C++ failure
 * the result is the empty query (matches nothing), which is never NULL. */
static xdb_query *wrap(const Xapian::Query &q)
{
	try {
		return new xdb_query{q};
	} catch (...) {
		fprintf(stderr, "thuvien: out of memory\n");
		abort();
	}
}

xdb_query *xdb_query_term(const char *term, unsigned wqf, unsigned pos)
{
	try {
		/* Query("") would match every document; a missing term matches none. */
		if (!term || !*term) return wrap(Xapian::Query());
		return wrap(Xapian::Query(term, wqf ? wqf : 1, pos));
	} catch (...) {
		return wrap(Xapian::Query());
	}
}

xdb_query *xdb_query_combine(xdb_op op, xdb_query *const *subs, size_t n, unsigned window)
{
	Xapian::Query::op xop;
	switch (op) {
	case XDB_OP_AND:
		xop = Xapian::Query::OP_AND;
		break;
	case XDB_OP_OR:
		xop = Xapian::Query::OP_OR;
		break;
	case XDB_OP_AND_NOT:
		xop = Xapian::Query::OP_AND_NOT;
		break;
	case XDB_OP_AND_MAYBE:
		xop = Xapian::Query::OP_AND_MAYBE;
		break;
	case XDB_OP_FILTER:
		xop = Xapian::Query::OP_FILTER;
		break;
	case XDB_OP_PHRASE:
		xop = Xapian::Query::OP_PHRASE;
		break;
	case XDB_OP_NEAR:
		xop = Xapian::Query::OP_NEAR;
		break;
	case XDB_OP_SYNONYM:
		xop = Xapian::Query::OP_SYNONYM;
		break;
	case XDB_OP_MAX:
		xop = Xapian::Query::OP_MAX;
		break;
	default:
		return wrap(Xapian::Query());
	}
	try {
		std::vector<Xapian::Query> v;
		v.reserve(n);
		for (size_t i = 0; i < n; i++)
			if (subs && subs[i]) v.push_back(subs[i]->q);
		/* AND_NOT / FILTER / AND_MAYBE are positional: a missing first
		 * operand must not promote the second to "first". */
		if ((op == XDB_OP_AND_NOT || op == XDB_OP_FILTER || op == XDB_OP_AND_MAYBE) &&
		    (n == 0 || !subs || !subs[0]))
			return wrap(Xapian::Query());
		if (v.empty()) return wrap(Xapian::Query());
		return wrap(Xapian::Query(xop, v.begin(), v.end(), window));
	} catch (...) {
		return wrap(Xapian::Query());
	}
}

xdb_query *xdb_query_scale(const xdb_query *q, double factor)
{
	try {
		if (!q) return wrap(Xapian::Query());
		if (!(factor > 0)) factor = 0; /* negative or NaN: Xapian throws */
		return wrap(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor));
	} catch (...) {
		return wrap(Xapian::Query());
	}
}

xdb_query *xdb_query_range(unsigned slot, const char *lo, const char *hi)
{
	try {
		if (lo && hi)
			return wrap(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi));
		if (lo) return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo));
		if (hi) return wrap(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi));
		/* Both ends open: every document that has a value in slot. */
		return wrap(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string()));
	} catch (...) {
		return wrap(Xapian::Query());
	}
}

xdb_query *xdb_query_prefix(const char *prefix)
{
	try {
		/* Wildcard "" would expand over the whole vocabulary. */
		if (!prefix || !*prefix) return wrap(Xapian::Query::MatchAll);
		return wrap(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix, XDB_WILDCARD_MAX,
		                          Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
		                          Xapian::Query::OP_OR));
	} catch (...) {
		return wrap(Xapian::Query());
	}
}

xdb_query *xdb_query_all(void)
{
	return wrap(Xapian::Query::MatchAll);
}

int xdb_query_empty(const xdb_query *q)
{
	return !q || q->q.empty();
}

char *xdb_query_describe(const xdb_query *q)
{
	try {
		return c_copy(q ? q->q.get_description() : std::string("Query()"), NULL);
	} catch (...) {
		return tv_strdup("Query(?)");
	}
}

void xdb_query_free(xdb_query *q)
{
	try {
		delete q;
	} catch (...) {
	}
}

/* ---- running a search ------------------------------------------------------ */

static bool facet_load(xdb *db, const unsigned *slots, size_t n);

/* Facet counts per slot: a document's value read from the facet table where
 * it covers the document, else given by value (a stream, or the document). */
class facet_tally
{
	const facet_table *ft; /* NULL: no table */
	std::vector<std::vector<unsigned>> by_code;
	std::vector<std::map<std::string, unsigned>> by_value;

      public:
	facet_tally(const facet_table *t, size_t n) : ft(t), by_code(n), by_value(n)
	{
		for (size_t k = 0; t && k < n; k++) by_code[k].assign(t->values[k].size() + 1, 0);
	}
	/* Counts document id from the table; false when the table does not
	 * cover it (its value is then for add_value). */
	bool add(size_t k, Xapian::docid id)
	{
		if (!ft || id > ft->last || ft->codes[k].empty()) return false;
		by_code[k][ft->codes[k][id]]++;
		return true;
	}
	void add_value(size_t k, const std::string &v)
	{
		if (!v.empty()) by_value[k][v]++;
	}
	facet_list list(size_t k) const
	{
		std::map<std::string, unsigned> all = by_value[k];
		for (size_t c = 1; c < by_code[k].size(); c++)
			if (by_code[k][c]) all[ft->values[k][c - 1]] += by_code[k][c];
		facet_list fl(all.begin(), all.end());
		sort_facets(fl);
		return fl;
	}
};

/* Counts the facet slots of every document the matcher checks, as
 * ValueCountMatchSpy does, but from the facet table (when there is one) up to
 * its last docid: no value read for those (a number lookup at a million
 * documents spent most of its time reading three values of each of its few
 * hundred matches). */
class TableSpy : public Xapian::MatchSpy
{
	const unsigned *slots;
	size_t n;

      public:
	facet_tally tally;
	TableSpy(const facet_table *t, const unsigned *s, size_t n_) : slots(s), n(n_), tally(t, n_)
	{
	}
	void operator()(const Xapian::Document &doc, double) override
	{
		for (size_t k = 0; k < n; k++)
			if (!tally.add(k, doc.get_docid()))
				tally.add_value(k, doc.get_value(slots[k]));
	}
};

tv_err xdb_search(xdb *db, const xdb_query *q, const xdb_search_opts *o, xdb_mset **out,
                  tv_error *e)
{
	*out = NULL;
	if (!db) return tv_fail(e, TV_ERR_USAGE, "search: no database");
	if (!q || !o)
		return tv_fail(e, TV_ERR_USAGE, "database %s: search: no query", db->dir.c_str());
	xdb_mset *m = NULL;
	tv_err rc = guard(db, e, "search", [&] {
		delete m; /* from a first attempt that met a modified database */
		m = NULL;
		std::unique_ptr<TableSpy> spy; /* Enquire keeps a raw pointer */
		Xapian::Enquire enq(db->d());
		enq.set_query(q->q);
		if (o->sort_slot >= 0)
			enq.set_sort_by_value_then_relevance((Xapian::valueno)o->sort_slot,
			                                     o->sort_descending != 0);
		Xapian::doccount check = o->check_at_least;
		if (o->nfacets && o->facet_slots) {
			bool table = facet_load(db, o->facet_slots, o->nfacets);
			spy.reset(
			    new TableSpy(table ? &db->facets : NULL, o->facet_slots, o->nfacets));
			enq.add_matchspy(spy.get());
			check = std::max<Xapian::doccount>(check, XDB_FACET_CHECK);
		}
		m = new xdb_mset;
		m->ms = enq.get_mset(o->offset, o->limit, check);
		if (spy)
			for (size_t k = 0; k < o->nfacets; k++)
				m->facets.push_back(spy->tally.list(k));
		enq.clear_matchspies();
		return TV_OK;
	});
	if (rc != TV_OK) {
		delete m;
		return rc;
	}
	*out = m;
	return TV_OK;
}

unsigned xdb_mset_size(const xdb_mset *m)
{
	if (!m || m->first >= m->size()) return 0;
	unsigned n = m->size() - m->first;
	return n < m->count ? n : m->count;
}

void xdb_mset_window(xdb_mset *m, unsigned offset, unsigned limit)
{
	if (!m) return;
	m->first = offset;
	m->count = limit;
}

void xdb_mset_move_facets(xdb_mset *to, xdb_mset *from)
{
	if (to && from) to->facets = std::move(from->facets);
}

/* ---- facet table ---------------------------------------------------------------
 *
 * Metadata "facets:" is the record of the last build, "v1 LASTDOCID REVISION
 * slot,slot,..."; "facets:SLOT" the slot's values, each ending in a NUL (code
 * c is the c-th); "facets:SLOT:B" the codes of docids B*FACET_BLOCK+1 on, two
 * bytes each, little-endian (0: no value). */

#define FACET_KEY "facets:"
#define FACET_BLOCK 65536

/* Clears the metadata keys under prefix that kept does not hold (prefix
 * itself, a build's record, stays): what a rebuild no longer writes. */
static void drop_metadata_except(Xapian::WritableDatabase &w, const std::string &prefix,
                                 const std::unordered_set<std::string> &kept)
{
	std::vector<std::string> gone;
	for (auto m = w.metadata_keys_begin(prefix); m != w.metadata_keys_end(prefix); ++m)
		if (*m != prefix && !kept.count(*m)) gone.push_back(*m);
	for (const auto &key : gone) w.set_metadata(key, std::string());
}

static std::string slots_key(const unsigned *slots, size_t n)
{
	std::string key;
	for (size_t k = 0; k < n; k++) key += (k ? "," : "") + std::to_string(slots[k]);
	return key;
}

/* The record's last docid, when it names exactly these slots. */
static bool facet_record(const std::string &rec, const unsigned *slots, size_t n, unsigned *last)
{
	unsigned long rev;
	int off = 0;
	if (sscanf(rec.c_str(), "v1 %u %lu %n", last, &rev, &off) != 2 || off == 0) return false;
	return rec.compare((size_t)off, std::string::npos, slots_key(slots, n)) == 0;
}

tv_err xdb_facets_build(xdb *db, const unsigned *slots, size_t n, tv_error *e)
{
	tv_err rc = need_writer(db, e, "build facet table");
	if (rc != TV_OK) return rc;
	return guard(db, e, "build facet table", [&] {
		Xapian::WritableDatabase &w = db->wr;
		Xapian::docid last = w.get_lastdocid();
		std::unordered_set<std::string> kept;
		auto put = [&](const std::string &key, const std::string &val) {
			w.set_metadata(key, val);
			kept.insert(key);
		};
		for (size_t k = 0; k < n; k++) {
			std::unordered_map<std::string, unsigned> code_of;
			std::string dict;
			std::vector<uint16_t> codes((size_t)last + 1, 0);
			bool over = false;
			for (auto v = w.valuestream_begin(slots[k]);
			     v != w.valuestream_end(slots[k]); ++v) {
				auto it = code_of.find(*v);
				unsigned c;
				if (it != code_of.end()) {
					c = it->second;
				} else if (code_of.size() < 65535) {
					c = (unsigned)code_of.size() + 1;
					code_of.emplace(*v, c);
					dict += *v;
					dict += '\0';
				} else {
					over = true;
					break;
				}
				if (v.get_docid() <= last) codes[v.get_docid()] = (uint16_t)c;
			}
			const std::string base = FACET_KEY + std::to_string(slots[k]);
			if (over) continue; /* the stream, then */
			put(base, dict);
			for (size_t b = 0; b * FACET_BLOCK < last; b++) {
				size_t lo = b * FACET_BLOCK + 1,
				       hi = std::min<size_t>(last, (b + 1) * FACET_BLOCK);
				std::string blob;
				blob.reserve((hi - lo + 1) * 2);
				for (size_t id = lo; id <= hi; id++) {
					blob += (char)(codes[id] & 0xff);
					blob += (char)(codes[id] >> 8);
				}
				put(base + ":" + std::to_string(b), blob);
			}
		}
		drop_metadata_except(w, FACET_KEY, kept); /* slots or blocks no longer built */
		w.set_metadata(FACET_KEY, "v1 " + std::to_string(last) + " " +
		                              std::to_string(w.get_revision()) + " " +
		                              slots_key(slots, n));
		return TV_OK;
	});
}

int xdb_facets_state(xdb *db, const unsigned *slots, size_t n, unsigned *built_last)
{
	int built = 0;
	*built_last = 0;
	if (!db) return 0;
	guard(db, NULL, "facet table", [&] {
		built = facet_record(db->d().get_metadata(FACET_KEY), slots, n, built_last);
		return TV_OK;
	});
	return built;
}

/* db->facets, loaded again when the build changed; false when no table
 * covers these slots.  Throws as Xapian does (leaving the old table). */
static bool facet_load(xdb *db, const unsigned *slots, size_t n)
{
	Xapian::Database &d = db->d();
	std::string rec = d.get_metadata(FACET_KEY);
	unsigned last;
	if (!facet_record(rec, slots, n, &last)) return false;
	if (rec == db->facets.record) return true;
	facet_table ft;
	ft.last = last;
	for (size_t k = 0; k < n; k++) {
		const std::string base = FACET_KEY + std::to_string(slots[k]);
		std::string dict = d.get_metadata(base);
		std::vector<std::string> vals;
		for (size_t i = 0, j; i < dict.size(); i = j + 1) {
			j = dict.find('\0', i);
			if (j == std::string::npos) j = dict.size();
			vals.push_back(dict.substr(i, j - i));
		}
		std::vector<uint16_t> codes;
		if (!vals.empty()) {
			codes.assign((size_t)last + 1, 0);
			for (size_t b = 0; b * FACET_BLOCK < last; b++) {
				std::string blob = d.get_metadata(base + ":" + std::to_string(b));
				const unsigned char *u = (const unsigned char *)blob.data();
				for (size_t i = 0; i + 1 < blob.size(); i += 2) {
					size_t id = b * FACET_BLOCK + 1 + i / 2;
					unsigned c = u[i] | (unsigned)u[i + 1] << 8;
					if (id <= last && c <= vals.size()) codes[id] = (uint16_t)c;
				}
			}
		}
		ft.values.push_back(std::move(vals));
		ft.codes.push_back(std::move(codes));
	}
	ft.record = rec;
	db->facets = std::move(ft);
	return true;
}

/* m's facets counted over ids. */
static void count_facets(xdb *db, xdb_mset *m, std::vector<Xapian::docid> ids,
                         const unsigned *slots, size_t n)
{
	std::sort(ids.begin(), ids.end());
	std::vector<facet_list> out(n);
	tv_err rc = guard(db, NULL, "count facets", [&] {
		facet_tally tally(facet_load(db, slots, n) ? &db->facets : NULL, n);
		for (size_t k = 0; k < n; k++) {
			/* from the table up to its last docid, the rest from the stream */
			size_t i = 0;
			while (i < ids.size() && tally.add(k, ids[i])) i++;
			Xapian::ValueIterator v = db->d().valuestream_begin(slots[k]);
			Xapian::ValueIterator end = db->d().valuestream_end(slots[k]);
			for (; i < ids.size() && v != end; i++) {
				if (v.get_docid() < ids[i]) v.skip_to(ids[i]);
				if (v != end && v.get_docid() == ids[i]) tally.add_value(k, *v);
			}
			out[k] = tally.list(k);
		}
		return TV_OK;
	});
	if (rc == TV_OK) m->facets = std::move(out);
}

void xdb_mset_count_facets(xdb *db, xdb_mset *m, const unsigned *slots, size_t n)
{
	if (!db || !m) return;
	std::vector<Xapian::docid> ids;
	for (unsigned i = 0; i < m->size(); i++)
		ids.push_back(m->own ? m->entries[i].id : *m->ms[i]);
	count_facets(db, m, std::move(ids), slots, n);
}

void xdb_mset_count_facets_of(xdb *db, xdb_mset *m, const unsigned *of, size_t nof,
                              const unsigned *slots, size_t n)
{
	if (db && m) count_facets(db, m, std::vector<Xapian::docid>(of, of + nof), slots, n);
}

xdb_mset *xdb_mset_of(const xdb_ranked *r, size_t n, unsigned total)
{
	try {
		xdb_mset *m = new xdb_mset;
		m->own = true;
		m->entries.assign(r, r + n);
		m->own_total = total;
		return m;
	} catch (...) {
		return NULL;
	}
}

unsigned xdb_mset_total(const xdb_mset *m)
{
	return !m ? 0 : m->own ? m->own_total : m->ms.get_matches_estimated();
}

unsigned xdb_mset_docid(const xdb_mset *m, unsigned i)
{
	if (!m || (i = mset_at(m, i)) >= m->size()) return 0;
	if (m->own) return m->entries[i].id;
	try {
		return *m->ms[i];
	} catch (...) {
		return 0;
	}
}

double xdb_mset_weight(const xdb_mset *m, unsigned i)
{
	if (!m || (i = mset_at(m, i)) >= m->size()) return 0;
	if (m->own) return m->entries[i].score;
	try {
		return m->ms[i].get_weight();
	} catch (...) {
		return 0;
	}
}

void xdb_mset_facets(const xdb_mset *m, size_t k, xdb_facet_cb cb, void *ud)
{
	if (!m || !cb || k >= m->facets.size()) return;
	for (const auto &v : m->facets[k])
		if (cb(v.first.c_str(), v.second, ud)) break;
}

void xdb_mset_free(xdb_mset *m)
{
	try {
		delete m;
	} catch (...) {
	}
}

/* ---- top lists: the candidates of a broad query -------------------------------------
 *
 * Metadata "top:" holds the record of the last build (top_info); "top:TERM" the
 * K documents where TERM weighs most, 6 bytes each: docid (little-endian
 * uint32) and the BM25 within-document part scaled to 0..65535. */

/* BM25's within-document part as Xapian's BM25Weight computes it with its
 * default parameters (k1 = 1, b = 0.5, lengths normalised to at least half the
 * average): between 0 and 2. */
static double tf_part(double wdf, double len, double avlen)
{
	const double k1 = 1.0, b = 0.5;
	double norm = avlen > 0 ? len / avlen : 1.0;
	if (norm < 0.5) norm = 0.5;
	return wdf * (k1 + 1) / (wdf + k1 * ((1 - b) + b * norm));
}

/* Entry j of a list: its docid and its within-document part (0..65535). */
static inline Xapian::docid top_entry_id(const unsigned char *b, size_t j)
{
	return le32_get(b + 6 * j);
}

static inline unsigned top_entry_q(const unsigned char *b, size_t j)
{
	return b[6 * j + 4] | b[6 * j + 5] << 8;
}

/* What a build was asked for: "K MIN_DF|prefix|prefix...". */
static std::string spec_key(const xdb_top_spec *s)
{
	std::string key = std::to_string(s->k) + " " + std::to_string(s->min_df);
	for (size_t i = 0; i < s->nprefixes; i++) key += std::string("|") + s->prefixes[i];
	return key;
}

/* The record of the last build, "v2 LASTDOCID " + spec_key: false when there
 * is none (or one in an older form, whose lists are then not used). */
static bool top_info(Xapian::Database &d, unsigned *k, unsigned *min_df, unsigned *last,
                     std::string *key)
{
	std::string v = d.get_metadata(TOP_KEY);
	int off = 0;
	if (sscanf(v.c_str(), "v2 %u %n", last, &off) != 1 || off == 0) return false;
	if (sscanf(v.c_str() + off, "%u %u", k, min_df) != 2) return false;
	if (key) *key = v.substr((size_t)off);
	return true;
}

int xdb_top_state(xdb *db, const xdb_top_spec *s, unsigned *built_last)
{
	int built = 0;
	*built_last = 0;
	if (!db) return 0;
	guard(db, NULL, "top lists", [&] {
		unsigned k, min_df;
		std::string key;
		built =
		    top_info(db->d(), &k, &min_df, built_last, &key) && (!s || key == spec_key(s));
		return TV_OK;
	});
	return built;
}

tv_err xdb_top_build(xdb *db, const xdb_top_spec *s, tv_error *e)
{
	tv_err rc = need_writer(db, e, "build top lists");
	if (rc != TV_OK) return rc;
	const char *const *prefixes = s->prefixes;
	size_t nprefixes = s->nprefixes;
	unsigned k = s->k, min_df = s->min_df;
	return guard(db, e, "build top lists", [&] {
		Xapian::WritableDatabase &w = db->wr;
		Xapian::docid last = w.get_lastdocid();
		double avlen = w.get_avlength();
		/* every length once, instead of a lookup per posting */
		std::vector<Xapian::termcount> len = all_lengths(w);
		std::unordered_set<std::string> kept;
		std::vector<std::pair<double, Xapian::docid>> heap;
		auto worse = [](const std::pair<double, Xapian::docid> &a,
		                const std::pair<double, Xapian::docid> &b) {
			return a.first > b.first;
		};
		for (size_t p = 0; p < nprefixes; p++) {
			/* "" stands for the terms with no prefix (prefixes are
			 * capitals: schema.h) */
			bool bare = !*prefixes[p];
			for (auto t = w.allterms_begin(prefixes[p]);
			     t != w.allterms_end(prefixes[p]); ++t) {
				if (t.get_termfreq() < min_df) continue;
				const std::string term = *t;
				if (bare && term[0] >= 'A' && term[0] <= 'Z') continue;
				heap.clear();
				for (auto pl = w.postlist_begin(term); pl != w.postlist_end(term);
				     ++pl) {
					Xapian::docid d = *pl;
					double s = tf_part(pl.get_wdf(),
					                   d < len.size() ? len[d] : avlen, avlen);
					if (heap.size() < k) {
						heap.emplace_back(s, d);
						std::push_heap(heap.begin(), heap.end(), worse);
					} else if (s > heap.front().first) {
						std::pop_heap(heap.begin(), heap.end(), worse);
						heap.back() = {s, d};
						std::push_heap(heap.begin(), heap.end(), worse);
					}
				}
				std::string blob;
				blob.reserve(heap.size() * 6);
				for (const auto &h : heap) {
					unsigned q = (unsigned)(h.first / 2.0 * 65535.0 + 0.5);
					if (q > 65535) q = 65535;
					le32_put(blob, h.second);
					blob += (char)(q & 0xff);
					blob += (char)(q >> 8);
				}
				w.set_metadata(TOP_KEY + term, blob);
				kept.insert(TOP_KEY + term);
			}
		}
		/* lists of terms no longer carried by min_df documents */
		drop_metadata_except(w, TOP_KEY, kept);
		w.set_metadata(TOP_KEY, "v2 " + std::to_string(last) + " " + spec_key(s));
		char av[32];
		snprintf(av, sizeof av, "%.17g", avlen);
		w.set_metadata(AVLEN_KEY, av);
		/* the lists now see every document as it is */
		w.set_metadata(STALE_KEY, "");
		db->stale.clear();
		db->top_last = last;
		return TV_OK;
	});
}

/* What top_pick read of a term: its frequency and its list ("": none). */
struct term_read {
	double tf;
	std::string list;
};

/* xdb_top_candidates' choice, into best (score, docid), at most max; *k,
 * *min_df and *built_last receive the build's list length, its least term
 * frequency and its last docid, reads (unless NULL) what it read of each term.
 * false when no lists were built.  Throws what Xapian throws. */
static bool top_pick(xdb *db, const char *const *terms, const double *weights, size_t n,
                     unsigned max, std::vector<std::pair<double, Xapian::docid>> &best,
                     unsigned *k_out, unsigned *min_df_out, unsigned *built_out,
                     std::unordered_map<std::string, term_read> *reads)
{
	best.clear();
	Xapian::Database &d = db->d();
	unsigned k, min_df, built_last;
	if (!top_info(d, &k, &min_df, &built_last, NULL)) return false;
	*k_out = k;
	*min_df_out = min_df;
	*built_out = built_last;
	double N = d.get_doccount(), avlen = d.get_avlength();
	Xapian::docid last = d.get_lastdocid();
	std::vector<top_share> &shares = db->shares;
	shares.clear();
	/* Documents up to built_last missing from full lists get
	 * XDB_TOP_ABSENT x each one's smallest entry (xdb.h): all of them
	 * (absent, below) once at the end, minus it for each list that
	 * names the document (every entry is at least the smallest, so
	 * scores stay positive, and 0 still means untouched). */
	double absent = 0;
	auto add = [&](Xapian::docid id, double v) {
		if (id <= last && v > 0) shares.push_back({id, (float)v});
	};
	/* postings of a list walked whole or from a docid on, scored as the
	 * build scores them */
	auto walk = [&](const std::string &term, double wt, Xapian::docid from) {
		Xapian::PostingIterator pl = d.postlist_begin(term), end = d.postlist_end(term);
		if (from > 1) pl.skip_to(from);
		for (; pl != end; ++pl)
			add(*pl, wt * tf_part(pl.get_wdf(), pl.get_doclength(), avlen));
	};
	for (size_t i = 0; i < n; i++) {
		const std::string term = terms[i];
		double tf = d.get_termfreq(term);
		std::string blob = tf ? d.get_metadata(TOP_KEY + term) : std::string();
		if (tf == 0) {
			if (reads) (*reads)[term] = {0, ""};
			continue;
		}
		/* BM25's idf, kept positive for words in most documents */
		double idf = std::log((N - tf + 0.5) / (tf + 0.5));
		if (idf < 0.05) idf = 0.05;
		double wt = weights[i] * idf;
		if (!blob.empty()) {
			const unsigned char *b = (const unsigned char *)blob.data();
			size_t len = blob.size() / 6;
			unsigned least = 65535;
			for (size_t j = 0; j < len; j++) least = std::min(least, top_entry_q(b, j));
			/* a list of fewer than k: every document with the term */
			double miss = len >= k ? XDB_TOP_ABSENT * wt * least / 65535.0 * 2.0 : 0;
			absent += miss;
			/* (written in place: a push_back per entry costs more
			 * than the rest of the loop) */
			const double unit = wt / 65535.0 * 2.0;
			size_t used = shares.size();
			shares.resize(used + len);
			top_share *o = shares.data() + used;
			for (size_t j = 0; j < len; j++) {
				Xapian::docid id = top_entry_id(b, j);
				double v = unit * top_entry_q(b, j) - miss;
				if (id > last || !(v > 0)) continue;
				o->id = id;
				o->v = (float)v;
				o++;
			}
			shares.resize((size_t)(o - shares.data()));
			/* documents added since the build: the end of the list */
			if (last > built_last) walk(term, wt, built_last + 1);
		} else if (tf <= 4.0 * min_df) {
			walk(term, wt, 1); /* a rarer term: its whole list is short */
		} else if (last > built_last) {
			walk(term, wt, built_last + 1); /* broad since the build */
		}
		if (reads) (*reads)[term] = {tf, std::move(blob)};
	}
	/* Summed one docid range at a time, each range's sums small enough
	 * to stay in the core's cache (one array over every docid, 4 MB at a
	 * million, does not: the profile showed most of the loop waiting on
	 * its loads).  A stable grouping keeps each document's shares in the
	 * order read, so the float sums are those of a plain walk. */
	const unsigned shift = 13;
	size_t nrange = ((size_t)last >> shift) + 1;
	std::vector<size_t> start(nrange + 1, 0);
	for (const top_share &t : shares) start[(t.id >> shift) + 1]++;
	for (size_t r = 0; r < nrange; r++) start[r + 1] += start[r];
	std::vector<top_share> &grouped = db->grouped;
	grouped.resize(shares.size());
	{
		std::vector<size_t> at(start.begin(), start.end() - 1);
		for (const top_share &t : shares) grouped[at[t.id >> shift]++] = t;
	}
	std::vector<float> &sum = db->range_sum;
	sum.resize((size_t)1 << shift, 0.0f);
	/* the max best by score, then docid: a heap with the worst on top */
	auto better = [](const std::pair<double, Xapian::docid> &a,
	                 const std::pair<double, Xapian::docid> &b) {
		return a.first > b.first || (a.first == b.first && a.second < b.second);
	};
	std::vector<Xapian::docid> seen;
	for (size_t r = 0; r < nrange; r++) {
		seen.clear();
		const Xapian::docid base = (Xapian::docid)(r << shift);
		for (size_t x = start[r]; x < start[r + 1]; x++) {
			float &v = sum[grouped[x].id - base];
			if (v == 0.0f) seen.push_back(grouped[x].id);
			v += grouped[x].v;
		}
		for (Xapian::docid id : seen) {
			/* later documents were read from every list's posting list */
			std::pair<double, Xapian::docid> c(
			    sum[id - base] + (id <= built_last ? absent : 0.0), id);
			sum[id - base] = 0.0f;
			if (best.size() < max) {
				best.push_back(c);
				std::push_heap(best.begin(), best.end(), better);
			} else if (better(c, best.front())) {
				std::pop_heap(best.begin(), best.end(), better);
				best.back() = c;
				std::push_heap(best.begin(), best.end(), better);
			}
		}
	}
	return true;
}

size_t xdb_top_candidates(xdb *db, const char *const *terms, const double *weights, size_t n,
                          unsigned max, unsigned **out)
{
	*out = NULL;
	if (!db || !n || !max) return 0;
	std::vector<std::pair<double, Xapian::docid>> best;
	tv_err rc = guard(db, NULL, "top candidates", [&] {
		unsigned k, min_df, built_last;
		top_pick(db, terms, weights, n, max, best, &k, &min_df, &built_last, NULL);
		return TV_OK;
	});
	if (rc != TV_OK || best.empty()) return 0;
	unsigned *ids = (unsigned *)tv_malloc(best.size() * sizeof *ids);
	for (size_t i = 0; i < best.size(); i++) ids[i] = best[i].second;
	*out = ids;
	return best.size();
}

/* The documents of a sorted docid list, as a query (a filter: no weight). */
class IdSource : public Xapian::PostingSource
{
	std::vector<Xapian::docid> ids;
	size_t i = 0;
	bool started = false;

      public:
	explicit IdSource(std::vector<Xapian::docid> v) : ids(std::move(v)) {}
	Xapian::doccount get_termfreq_min() const override { return 0; }
	Xapian::doccount get_termfreq_est() const override { return ids.size(); }
	Xapian::doccount get_termfreq_max() const override { return ids.size(); }
	void init(const Xapian::Database &) override
	{
		i = 0;
		started = false;
	}
	void next(double) override
	{
		if (started)
			++i;
		else
			started = true;
	}
	void skip_to(Xapian::docid did, double) override
	{
		if (!started) started = true;
		if (i < ids.size() && ids[i] >= did) return;
		i = std::lower_bound(ids.begin() + i, ids.end(), did) - ids.begin();
	}
	bool at_end() const override { return started && i >= ids.size(); }
	Xapian::docid get_docid() const override { return ids[i]; }
	Xapian::PostingSource *clone() const override { return new IdSource(ids); }
};

/* Xapian's BM25 term weight (BM25Weight::init, default parameters, wqf 1,
 * no relevance set) times the query's scale factor: tf_part times this is
 * the term's share of a document's weight, as the matcher computes it. */
static double bm25_termweight(double N, double tf, double factor)
{
	double tw = (N - tf + 0.5) / (tf + 0.5);
	if (tw < 2) tw = tw * 0.5 + 1;
	return std::log(tw) * factor;
}

/* The docids recorded as replaced in place since the lists' build (sorted). */
static std::vector<Xapian::docid> stale_ids(Xapian::Database &d)
{
	std::string s = d.get_metadata(STALE_KEY);
	std::vector<Xapian::docid> v;
	v.reserve(s.size() / 4);
	const unsigned char *b = (const unsigned char *)s.data();
	for (size_t i = 0; i + 4 <= s.size(); i += 4) v.push_back(le32_get(b + i));
	std::sort(v.begin(), v.end());
	return v;
}

/* The sorted ids that match filter. */
static std::vector<Xapian::docid> matching(Xapian::Database &d, std::vector<Xapian::docid> ids,
                                           const xdb_query *filter)
{
	size_t n = ids.size();
	Xapian::Query x(Xapian::Query::OP_FILTER,
	                Xapian::Query((new IdSource(std::move(ids)))->release()), filter->q);
	Xapian::Enquire enq(d);
	enq.set_query(x);
	enq.set_weighting_scheme(Xapian::BoolWeight());
	Xapian::MSet ms = enq.get_mset(0, (Xapian::doccount)n);
	std::vector<Xapian::docid> kept;
	for (auto it = ms.begin(); it != ms.end(); ++it) kept.push_back(*it);
	std::sort(kept.begin(), kept.end());
	return kept;
}

size_t xdb_top_rank(xdb *db, const xdb_words *cand, const xdb_words *q, const xdb_query *filter,
                    const char *const *exclude, size_t nexclude, unsigned want, unsigned max,
                    xdb_ranked **out)
{
	*out = NULL;
	if (!db || !cand || !q || !cand->n || !q->n || !max || !want) return 0;
	std::vector<xdb_ranked> ranked;
	tv_err rc = guard(db, NULL, "rank candidates", [&] {
		ranked.clear();
		std::vector<std::pair<double, Xapian::docid>> best;
		std::unordered_map<std::string, term_read> reads;
		unsigned k, min_df, built_last;
		if (!top_pick(db, cand->terms, cand->weights, cand->n, max, best, &k, &min_df,
		              &built_last, &reads) ||
		    best.empty())
			return TV_OK;
		Xapian::Database &d = db->d();
		double N = d.get_doccount(), avlen = d.get_avlength();
		std::vector<Xapian::docid> ids;
		for (const auto &b : best) ids.push_back(b.second);
		std::sort(ids.begin(), ids.end());
		if (filter) ids = matching(d, std::move(ids), filter);
		for (size_t x = 0; x < nexclude && !ids.empty(); x++) {
			if (!d.get_termfreq(exclude[x])) continue;
			Xapian::PostingIterator pl = d.postlist_begin(exclude[x]),
			                        end = d.postlist_end(exclude[x]);
			std::vector<Xapian::docid> kept;
			for (Xapian::docid id : ids) {
				if (pl != end) pl.skip_to(id);
				if (pl == end || *pl != id) kept.push_back(id);
			}
			ids.swap(kept);
		}
		const size_t m = ids.size(), n = q->n;
		if (!m) return TV_OK;
		/* a list entry stands for a candidate the build saw as it is */
		std::vector<Xapian::docid> stale = stale_ids(d);
		std::vector<char> from_list(m), dead(m);
		for (size_t j = 0; j < m; j++)
			from_list[j] = ids[j] <= built_last &&
			               !std::binary_search(stale.begin(), stale.end(), ids[j]);
		/* lengths, read when a posting is (-1: not yet); a candidate
		 * without one was deleted */
		std::vector<double> len(m, -1.0);
		/* (js ascending) */
		const std::vector<Xapian::termcount> *kept = kept_lengths(db);
		auto read_len = [&](const std::vector<size_t> &js) {
			Xapian::PostingIterator pl, end;
			bool opened = false;
			for (size_t j : js) {
				if (len[j] >= 0 || dead[j]) continue;
				if (kept) {
					Xapian::termcount l =
					    ids[j] < kept->size() ? (*kept)[ids[j]] : NO_LENGTH;
					if (l != NO_LENGTH)
						len[j] = l;
					else
						dead[j] = 1;
					continue;
				}
				if (!opened) {
					pl = d.postlist_begin("");
					end = d.postlist_end("");
					opened = true;
				}
				if (pl != end) pl.skip_to(ids[j]);
				if (pl != end && *pl == ids[j])
					len[j] = pl.get_doclength();
				else
					dead[j] = 1;
			}
		};
		/* tp[j * n + i]: term i's within-document part in candidate j,
		 * < 0 while unknown; ub[j * n + i] its bound meanwhile */
		std::vector<double> tp(m * n, -1.0), ub(m * n, 2.0);
		std::vector<char> entry(m * n); /* tp is a list entry's, rounded */
		auto at = [&](Xapian::docid id) {
			return (size_t)(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
		};
		std::vector<uint64_t> &bits = db->bits;
		if (bits.size() < (size_t)(ids.back() >> 6) + 1)
			bits.resize((ids.back() >> 6) + 1, 0);
		for (size_t j = 0; j < m; j++) bits[ids[j] >> 6] |= 1ull << (ids[j] & 63);
		auto is_cand = [&](Xapian::docid id) {
			return id < (Xapian::docid)bits.size() * 64 &&
			       (bits[id >> 6] >> (id & 63) & 1);
		};
		/* The lists hold parts at the build's average length, rounded to
		 * 16 bits.  A part grows with the average (a document is then
		 * shorter than most) by at most the ratio of today's average to
		 * the build's, so an entry or a list's smallest entry bounds a
		 * part today once rounded up and times that ratio. */
		double built_avlen = std::atof(d.get_metadata(AVLEN_KEY).c_str());
		const double drift =
		    built_avlen > 0 && avlen > built_avlen ? avlen / built_avlen : 1.0;
		auto entry_bound = [&](double v) {
			return std::min(2.0, drift * (v + 1.0 / 65535));
		};
		std::vector<double> tw(n);
		std::vector<std::tuple<size_t, size_t, Xapian::termcount>> shorts; /* j, i, wdf */
		for (size_t i = 0; i < n; i++) {
			/* (most of q's terms were read for the candidates) */
			const std::string term = q->terms[i];
			auto it = reads.find(term);
			double tf = it != reads.end() ? it->second.tf : d.get_termfreq(term);
			std::string blob = !tf                 ? std::string()
			                   : it != reads.end() ? std::move(it->second.list)
			                                       : d.get_metadata(TOP_KEY + term);
			tw[i] = bm25_termweight(N, tf, q->weights[i]);
			const unsigned char *b = (const unsigned char *)blob.data();
			size_t nb = blob.size() / 6;
			if (tf == 0) {
				for (size_t j = 0; j < m; j++) tp[j * n + i] = 0;
			} else if (nb) {
				/* from the list: what it names; what a full list
				 * leaves out weighs at most its smallest entry, and
				 * a shorter one holds every document with the term */
				unsigned least = 65535;
				for (size_t e = 0; e < nb; e++) {
					least = std::min(least, top_entry_q(b, e));
					Xapian::docid id = top_entry_id(b, e);
					size_t j;
					/* (an entry rounded to 0 still has the term) */
					if (is_cand(id) && from_list[j = at(id)]) {
						tp[j * n + i] =
						    std::max<double>(top_entry_q(b, e), 0.5) /
						    65535.0 * 2.0;
						entry[j * n + i] = 1;
					}
				}
				for (size_t j = 0; j < m; j++) {
					if (!from_list[j] || tp[j * n + i] >= 0) continue;
					if (nb < k)
						tp[j * n + i] = 0;
					else
						ub[j * n + i] = entry_bound(least / 65535.0 * 2.0);
				}
			} else if (tf <= 4.0 * min_df) {
				/* no list, a short posting list: read it whole */
				for (size_t j = 0; j < m; j++) tp[j * n + i] = 0;
				for (auto pl = d.postlist_begin(term); pl != d.postlist_end(term);
				     ++pl)
					if (is_cand(*pl))
						shorts.emplace_back(at(*pl), i, pl.get_wdf());
			}
		}
		for (size_t j = 0; j < m; j++) bits[ids[j] >> 6] = 0;
		if (!shorts.empty()) {
			std::vector<size_t> js;
			for (const auto &t : shorts) js.push_back(std::get<0>(t));
			std::sort(js.begin(), js.end());
			read_len(js);
			for (const auto &[j, i, wdf] : shorts)
				tp[j * n + i] = dead[j] ? 0.0 : tf_part(wdf, len[j], avlen);
		}
		/* Each candidate's score lies between its known parts (lo; a
		 * list entry counts as its value) and those plus its unknown
		 * parts' bounds and its entries' (hi).  The page is the `want`
		 * best by lo once each of them is known in full and exactly (so
		 * it exists and carries every required term) and scores at least
		 * every other candidate's hi.  Until then: the page's entries are
		 * made exact and its unknown parts read from the posting lists
		 * (each term's list walked once in docid order); or else the
		 * entries of the others that could still reach the page are made
		 * exact, and then the one term that leaves most in doubt over
		 * them is read for them.  The rest are presumed to match (a broad
		 * query's candidates nearly all do) and count in the facets. */
		std::vector<double> lo(m), hi(m);
		auto bound = [&](size_t j) {
			lo[j] = hi[j] = 0;
			for (size_t i = 0; i < n; i++) {
				double v = tp[j * n + i];
				if (v == 0 && q->must && q->must[i]) dead[j] = 1; /* no match */
				lo[j] += v >= 0 ? tw[i] * v : 0;
				hi[j] += tw[i] * (v < 0              ? ub[j * n + i]
				                  : entry[j * n + i] ? entry_bound(v)
				                                     : v);
			}
		};
		for (size_t j = 0; j < m; j++) bound(j);
		auto better = [&](size_t a, size_t b) {
			return lo[a] > lo[b] || (lo[a] == lo[b] && ids[a] < ids[b]);
		};
		/* reads term i from its posting list for the candidates js
		 * (ascending) that lack it */
		auto read_term = [&](size_t i, const std::vector<size_t> &js) {
			read_len(js);
			Xapian::PostingIterator pl, end;
			bool opened = false;
			for (size_t j : js) {
				double &v = tp[j * n + i];
				if (v >= 0 || dead[j]) continue;
				if (!opened) {
					pl = d.postlist_begin(q->terms[i]);
					end = d.postlist_end(q->terms[i]);
					opened = true;
				}
				if (pl != end) pl.skip_to(ids[j]);
				v = pl != end && *pl == ids[j]
				        ? tf_part(pl.get_wdf(), len[j], avlen)
				        : 0.0;
			}
			for (size_t j : js) bound(j);
		};
		/* A list entry is the part at the build's average length, in 16
		 * bits.  With the document's length, it gives back the wdf (an
		 * integer) when only one wdf rounds to it, and so the exact part
		 * at today's average; -1 when it cannot (the posting list then
		 * tells). */
		auto exact_part = [&](double v, double L) {
			const double half = 1.0001 / 65535;
			if (!(built_avlen > 0) || !(v < 2)) return -1.0;
			double K = 0.5 + 0.5 * std::max(L / built_avlen, 0.5); /* k1 = 1, b = 0.5 */
			double w = std::round(v * K / (2 - v));
			if (w < 1 || std::fabs(tf_part(w, L, built_avlen) - v) > half ||
			    std::fabs(tf_part(w + 1, L, built_avlen) - v) <= half ||
			    (w > 1 && std::fabs(tf_part(w - 1, L, built_avlen) - v) <= half))
				return -1.0;
			return tf_part(w, L, avlen);
		};
		/* the lengths of the candidates js (ascending), then their list
		 * entries made exact (a bound when they cannot be); false when
		 * there were no entries */
		auto make_exact = [&](const std::vector<size_t> &js) {
			read_len(js);
			bool any = false;
			for (size_t j : js)
				for (size_t i = 0; i < n && !any; i++) any = entry[j * n + i];
			if (!any) return false;
			for (size_t j : js) {
				for (size_t i = 0; i < n; i++)
					if (entry[j * n + i]) {
						double &v = tp[j * n + i];
						entry[j * n + i] = 0;
						ub[j * n + i] = entry_bound(v);
						v = dead[j] ? 0.0 : exact_part(v, len[j]);
					}
				bound(j);
			}
			return true;
		};
		std::vector<size_t> page;
		for (;;) {
			std::vector<size_t> alive;
			for (size_t j = 0; j < m; j++)
				if (!dead[j]) alive.push_back(j);
			size_t top = std::min<size_t>(want, alive.size());
			std::partial_sort(alive.begin(), alive.begin() + top, alive.end(), better);
			page.assign(alive.begin(), alive.begin() + top);
			if (!top) break;
			std::vector<size_t> sorted(page);
			std::sort(sorted.begin(), sorted.end());
			if (make_exact(sorted)) continue; /* (sorted again on them) */
			bool open = false;
			for (size_t i = 0; i < n; i++) {
				bool unknown = false;
				for (size_t j : page) unknown = unknown || tp[j * n + i] < 0;
				if (unknown) read_term(i, sorted);
				open = open || unknown;
			}
			if (open) continue;
			bool gone = false; /* (make_exact's lengths: deleted since the build) */
			for (size_t j : page) gone = gone || dead[j];
			if (gone) continue;
			double need = lo[page.back()];
			std::vector<size_t> doubt;
			for (size_t x = top; x < alive.size(); x++)
				if (hi[alive[x]] > need ||
				    (hi[alive[x]] == need && ids[alive[x]] < ids[page.back()]))
					doubt.push_back(alive[x]);
			if (doubt.empty()) break;
			std::sort(doubt.begin(), doubt.end());
			/* an entry is a bound too (rounded, at the build's average) */
			if (make_exact(doubt)) continue;
			size_t pick = 0;
			double most = -1;
			for (size_t i = 0; i < n; i++) {
				double sum = 0;
				for (size_t j : doubt)
					if (tp[j * n + i] < 0) sum += tw[i] * ub[j * n + i];
				if (sum > most) {
					most = sum;
					pick = i;
				}
			}
			if (most <= 0) break; /* (cannot happen: doubt has unknown parts) */
			read_term(pick, doubt);
		}
		std::vector<char> on(m);
		for (size_t j : page) {
			ranked.push_back({ids[j], lo[j]});
			on[j] = 1;
		}
		for (size_t j = 0; j < m; j++)
			if (!dead[j] && !on[j]) ranked.push_back({ids[j], lo[j]});
		return TV_OK;
	});
	if (rc != TV_OK || ranked.empty()) return 0;
	*out = (xdb_ranked *)tv_malloc(ranked.size() * sizeof **out);
	std::copy(ranked.begin(), ranked.end(), *out);
	return ranked.size();
}

xdb_query *xdb_query_docids(const unsigned *ids, size_t n)
{
	try {
		std::vector<Xapian::docid> v(ids, ids + n);
		std::sort(v.begin(), v.end());
		v.erase(std::unique(v.begin(), v.end()), v.end());
		return new xdb_query{Xapian::Query((new IdSource(std::move(v)))->release())};
	} catch (...) {
		return NULL;
	}
}

xdb_query *xdb_query_none_of(xdb *db, const char *const *terms, size_t n)
{
	if (!db) return NULL;
	std::vector<Xapian::docid> ids;
	tv_err rc = guard(db, NULL, "documents without terms", [&] {
		ids.clear();
		Xapian::Database &d = db->d();
		Xapian::doccount carried = 0;
		for (size_t i = 0; i < n; i++) carried += d.get_termfreq(terms[i]);
		if (carried >= d.get_doccount()) return TV_OK;
		std::vector<bool> seen((size_t)d.get_lastdocid() + 1, false);
		for (size_t i = 0; i < n; i++)
			for (auto pl = d.postlist_begin(terms[i]); pl != d.postlist_end(terms[i]);
			     ++pl)
				if (*pl < seen.size()) seen[*pl] = true;
		for (auto pl = d.postlist_begin(""); pl != d.postlist_end(""); ++pl)
			if (*pl < seen.size() && !seen[*pl]) ids.push_back(*pl);
		return TV_OK;
	});
	if (rc != TV_OK || ids.empty()) return NULL;
	try {
		return new xdb_query{Xapian::Query((new IdSource(std::move(ids)))->release())};
	} catch (...) {
		return NULL;
	}
}
