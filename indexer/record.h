/* record.h — turns an extracted, analysed document into what the index stores:
 * the Xapian terms by the term scheme (search/schema.h), the value slots, and
 * the stored JSON record that `show`, the JSON API and the web pages read back.
 * Runs on the indexer's worker threads; touches no database. */
#ifndef TV_RECORD_H
#define TV_RECORD_H

#include <jansson.h>
#include <stdint.h>

#include "../search/xdb.h"
#include "doc.h"
#include "fields.h"

typedef struct rec_file {
	const char *path; /* absolute path: the document's identity */
	int64_t size;
	int64_t mtime_ns;
} rec_file;

/* The id term of a file (Q + path, hashed when too long); caller frees. */
char *rec_idterm(const char *path);
/* The incremental signature "size:mtime_ns"; caller frees. */
char *rec_sig(int64_t size, int64_t mtime_ns);

/* Builds the stored JSON record (new reference) from the document and fields. */
json_t *rec_json(const tv_doc *d, const fld_fields *f, const rec_file *file);

/* Builds the Xapian document for a record.  spell (may be NULL) receives the
 * exact words with marks seen, for the writer's "did you mean" synonyms. */
xdb_doc *rec_build(const tv_doc *d, const fld_fields *f, json_t *record, const rec_file *file,
                   tv_set *spell);

/* The term a file's passages carry (XA + path, hashed when long); caller frees. */
char *rec_parent_term(const char *path);

/* Passages of a study material: each body paragraph of at least a dozen words
 * becomes its own small index document (kind "passage", the parent's path and
 * title in its data, the numbers it cites as XC terms), so a key point can link
 * to the paragraph that explains it.  *out is malloc'd; returns the count. */
size_t rec_passages(const tv_doc *d, const json_t *record, const rec_file *file, xdb_doc ***out);

#endif
