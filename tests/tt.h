/* tt.h — the tiny test framework.  A test is a function registered with TT():
 *
 *     TT(number_with_spaces_around_hyphen) {
 *         dn_number n;
 *         TT_ASSERT(dn_parse("Số 598 -CV/ĐUK", 17, &n));
 *         TT_STREQ(n.canon, "598-CV/ĐUK");
 *     }
 *
 * Checks record a failure with file:line and the values, and the test goes on
 * (TT_ASSERT returns from the test, since what follows usually depends on it).
 * tests/runner.c runs every registered test (or those whose name contains argv[1])
 * and ends with "N passed, N failed". */
#ifndef TT_H
#define TT_H

#include <stdio.h>
#include <string.h>

typedef void (*tt_fn)(void);
void tt_register(const char *name, const char *file, tt_fn fn);
void tt_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Directory of fixtures (tests/data) and of the built binary, set by the runner. */
extern const char *tt_data_dir;
extern const char *tt_bin; /* path of the thuvien executable */
/* A fresh temporary directory for this test (removed at exit); caller frees. */
char *tt_tmpdir(void);
/* Run a shell command; *out and *err (either may be NULL) receive its stdout
 * and stderr (malloc'd).  Returns the exit status (or -1). */
int tt_run(char **out, char **err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Parse JSON text with jansson; NULL (and a test failure) if invalid.  The
 * returned json_t * is a new reference; declared void * so tt.h needs no jansson. */
void *tt_json(const char *text);

#define TT(name)                                                                                   \
	static void tt_##name(void);                                                               \
	__attribute__((constructor)) static void tt_reg_##name(void)                               \
	{                                                                                          \
		tt_register(#name, __FILE__, tt_##name);                                           \
	}                                                                                          \
	static void tt_##name(void)

#define TT_CHECK(cond)                                                                             \
	do {                                                                                       \
		if (!(cond)) tt_fail(__FILE__, __LINE__, "check failed: %s", #cond);               \
	} while (0)
#define TT_ASSERT(cond)                                                                            \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			tt_fail(__FILE__, __LINE__, "assertion failed: %s", #cond);                \
			return;                                                                    \
		}                                                                                  \
	} while (0)
#define TT_STREQ(a, b)                                                                             \
	do {                                                                                       \
		const char *tt_a = (a), *tt_b = (b);                                               \
		if (!tt_a || !tt_b || strcmp(tt_a, tt_b) != 0)                                     \
			tt_fail(__FILE__, __LINE__, "%s == %s: got \"%s\", want \"%s\"", #a, #b,   \
			        tt_a ? tt_a : "(null)", tt_b ? tt_b : "(null)");                   \
	} while (0)
#define TT_INTEQ(a, b)                                                                             \
	do {                                                                                       \
		long long tt_a = (long long)(a), tt_b = (long long)(b);                            \
		if (tt_a != tt_b)                                                                  \
			tt_fail(__FILE__, __LINE__, "%s == %s: got %lld, want %lld", #a, #b, tt_a, \
			        tt_b);                                                             \
	} while (0)

#endif
