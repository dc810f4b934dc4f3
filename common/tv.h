/* tv.h — what every thuvien module shares: one error type, one growable string,
 * one string vector, and allocation that never returns NULL.
 *
 * Errors follow curl's habit: a single enum for the whole program, functions
 * return it, and a tv_error carries the code plus a human message naming the
 * file and the reason.  Allocation failure aborts (as Redis' zmalloc does): a
 * half-built index is worse than a stopped one, and every caller stays simple. */
#ifndef TV_H
#define TV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tv_err {
	TV_OK = 0,
	TV_ERR_IO,          /* cannot open, read or write a file */
	TV_ERR_FORMAT,      /* the file is not what its name says, or is corrupt */
	TV_ERR_TRUNCATED,   /* the file ends early */
	TV_ERR_ENCRYPTED,   /* the file is password-protected */
	TV_ERR_TOO_BIG,     /* over a size limit (file, decompressed part, query) */
	TV_ERR_HOSTILE,     /* refused as dangerous: external entities, zip bombs */
	TV_ERR_ENCODING,    /* text is not valid UTF-8 or a known legacy encoding */
	TV_ERR_EMPTY,       /* no text could be obtained */
	TV_ERR_UNSUPPORTED, /* a format thuvien does not read */
	TV_ERR_DB,          /* the Xapian database reported an error */
	TV_ERR_NOT_FOUND,   /* no such document */
	TV_ERR_USAGE,       /* bad arguments */
	TV_ERR_BUSY,        /* what it needs is in use: a caller that must not wait tries later */
	TV_ERR_INTERNAL,
} tv_err;

typedef struct tv_error {
	tv_err code;
	char msg[512];
} tv_error;

/* Short English name of a code ("corrupt or mislabelled file"). */
const char *tv_strerror(tv_err code);
/* Record an error in e (if not NULL) with a printf-style message; returns code. */
tv_err tv_fail(tv_error *e, tv_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tv_error_clear(tv_error *e);

/* Allocation: abort with a message on failure, never return NULL. */
void *tv_malloc(size_t n);
void *tv_calloc(size_t n, size_t size);
void *tv_realloc(void *p, size_t n);
char *tv_strdup(const char *s);
char *tv_strndup(const char *s, size_t n);

/* tv_buf: the one growable string.  s is always NUL-terminated (once any
 * append happened); len excludes the NUL.  A zeroed tv_buf is empty and valid. */
typedef struct tv_buf {
	char *s;
	size_t len, cap;
} tv_buf;

#define TV_BUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void tv_buf_reserve(tv_buf *b, size_t extra);
/* Appending is inline: the analysers append a byte or a word at a time, and
 * as calls these were 10% of indexing a DOCX (callgrind). */
static inline void tv_buf_append(tv_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) tv_buf_reserve(b, n);
	if (n) memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}
static inline void tv_buf_puts(tv_buf *b, const char *s)
{
	tv_buf_append(b, s, strlen(s));
}
static inline void tv_buf_putc(tv_buf *b, char c)
{
	tv_buf_append(b, &c, 1);
}
void tv_buf_put_cp(tv_buf *b, uint32_t cp); /* append one code point as UTF-8 */
void tv_buf_printf(tv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tv_buf_vprintf(tv_buf *b, const char *fmt, va_list ap);
void tv_buf_clear(tv_buf *b); /* len = 0, keeps memory */
/* Returns the string (caller frees) and leaves b empty; never NULL. */
char *tv_buf_take(tv_buf *b);
void tv_buf_free(tv_buf *b);
/* Pointer to the contents, "" when empty. */
static inline const char *tv_buf_str(const tv_buf *b)
{
	return b->s ? b->s : "";
}

/* tv_strv: a growable vector of owned strings. */
typedef struct tv_strv {
	char **v;
	size_t n, cap;
} tv_strv;

#define TV_STRV_INIT                                                                               \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void tv_strv_push(tv_strv *sv, const char *s); /* copies s */
void tv_strv_push_owned(tv_strv *sv, char *s); /* takes s */
int tv_strv_contains(const tv_strv *sv, const char *s);
void tv_strv_free(tv_strv *sv);

/* Whole-file read with a size limit; *out is NUL-terminated, caller frees. */
tv_err tv_read_file(const char *path, size_t limit, char **out, size_t *len, tv_error *e);

/* Removes a flat folder: its files, then itself (a Xapian database folder has
 * no subfolders).  0, or -1 with errno set; a missing folder is not an error. */
int tv_rm_flat(const char *dir);

/* 64-bit FNV-1a, for content hashes and cache keys (not cryptographic). */
uint64_t tv_hash64(const void *data, size_t n, uint64_t seed);

/* Seconds since an arbitrary point, monotonic. */
double tv_now(void);

/* tv_set: a set of owned strings (open addressing), for de-duplication on hot
 * paths.  A zeroed tv_set is empty and valid. */
typedef struct tv_set {
	char **slots;
	size_t n, cap;
} tv_set;

#define TV_SET_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
/* Adds a copy of s; returns 1 if it was new, 0 if already present. */
int tv_set_add(tv_set *s, const char *str);
int tv_set_has(const tv_set *s, const char *str);
void tv_set_free(tv_set *s);
#ifdef __cplusplus
}
#endif
#endif
