/* tv.c — errors, allocation, tv_buf and tv_strv (see tv.h). */
#include "tv.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *tv_strerror(tv_err code)
{
	switch (code) {
	case TV_OK:
		return "ok";
	case TV_ERR_IO:
		return "input/output error";
	case TV_ERR_FORMAT:
		return "corrupt or mislabelled file";
	case TV_ERR_TRUNCATED:
		return "truncated file";
	case TV_ERR_ENCRYPTED:
		return "encrypted file";
	case TV_ERR_TOO_BIG:
		return "over the size limit";
	case TV_ERR_HOSTILE:
		return "refused as unsafe";
	case TV_ERR_ENCODING:
		return "bad text encoding";
	case TV_ERR_EMPTY:
		return "no text";
	case TV_ERR_UNSUPPORTED:
		return "unsupported format";
	case TV_ERR_DB:
		return "database error";
	case TV_ERR_NOT_FOUND:
		return "not found";
	case TV_ERR_USAGE:
		return "usage error";
	case TV_ERR_BUSY:
		return "busy";
	case TV_ERR_INTERNAL:
		return "internal error";
	}
	return "unknown error";
}

tv_err tv_fail(tv_error *e, tv_err code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
		e->code = code;
	}
	return code;
}

void tv_error_clear(tv_error *e)
{
	if (e) {
		e->code = TV_OK;
		e->msg[0] = '\0';
	}
}

static void oom(size_t n)
{
	fprintf(stderr, "thuvien: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *tv_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) oom(n);
	return p;
}

void *tv_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) oom(n * size);
	return p;
}

void *tv_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) oom(n);
	return q;
}

char *tv_strdup(const char *s)
{
	return tv_strndup(s, strlen(s));
}

char *tv_strndup(const char *s, size_t n)
{
	char *p = tv_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void tv_buf_reserve(tv_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap) return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) cap *= 2;
	b->s = tv_realloc(b->s, cap);
	b->cap = cap;
	b->s[b->len] = '\0'; /* a buffer reserved and taken before any append is "" */
}

void tv_buf_put_cp(tv_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	tv_buf_append(b, u, n);
}

void tv_buf_vprintf(tv_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) return;
	tv_buf_reserve(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void tv_buf_printf(tv_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tv_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void tv_buf_clear(tv_buf *b)
{
	b->len = 0;
	if (b->s) b->s[0] = '\0';
}

char *tv_buf_take(tv_buf *b)
{
	char *s = b->s ? b->s : tv_strdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void tv_buf_free(tv_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void tv_strv_push_owned(tv_strv *sv, char *s)
{
	if (sv->n == sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = tv_realloc(sv->v, sv->cap * sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
}

void tv_strv_push(tv_strv *sv, const char *s)
{
	tv_strv_push_owned(sv, tv_strdup(s));
}

int tv_strv_contains(const tv_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0) return 1;
	return 0;
}

void tv_strv_free(tv_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++) free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

int tv_rm_flat(const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp) return errno == ENOENT ? 0 : -1;
	struct dirent *de;
	tv_buf p = TV_BUF_INIT;
	while ((de = readdir(dp))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
		tv_buf_clear(&p);
		tv_buf_printf(&p, "%s/%s", dir, de->d_name);
		unlink(p.s);
	}
	tv_buf_free(&p);
	closedir(dp);
	return rmdir(dir);
}

tv_err tv_read_file(const char *path, size_t limit, char **out, size_t *len, tv_error *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) return tv_fail(e, TV_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && (size_t)st.st_size > limit) {
		fclose(f);
		return tv_fail(e, TV_ERR_TOO_BIG, "%s: %lld bytes is over the %zu-byte limit", path,
		               (long long)st.st_size, limit);
	}
	tv_buf b = TV_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > limit) {
			fclose(f);
			tv_buf_free(&b);
			return tv_fail(e, TV_ERR_TOO_BIG, "%s: over the %zu-byte limit", path,
			               limit);
		}
		tv_buf_append(&b, chunk, n);
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		tv_buf_free(&b);
		return tv_fail(e, TV_ERR_IO, "%s: read error", path);
	}
	if (len) *len = b.len;
	*out = tv_buf_take(&b);
	return TV_OK;
}

uint64_t tv_hash64(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL ^ seed;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

double tv_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t set_slot(char *const *slots, size_t cap, const char *str)
{
	size_t i = (size_t)tv_hash64(str, strlen(str), 0) & (cap - 1);
	while (slots[i] && strcmp(slots[i], str) != 0) i = (i + 1) & (cap - 1);
	return i;
}

int tv_set_has(const tv_set *s, const char *str)
{
	return s->cap && s->slots[set_slot(s->slots, s->cap, str)] != NULL;
}

int tv_set_add(tv_set *s, const char *str)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		char **slots = tv_calloc(cap, sizeof *slots);
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i]) slots[set_slot(slots, cap, s->slots[i])] = s->slots[i];
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	size_t i = set_slot(s->slots, s->cap, str);
	if (s->slots[i]) return 0;
	s->slots[i] = tv_strdup(str);
	s->n++;
	return 1;
}

void tv_set_free(tv_set *s)
{
	for (size_t i = 0; i < s->cap; i++) free(s->slots[i]);
	free(s->slots);
	s->slots = NULL;
	s->n = s->cap = 0;
}
