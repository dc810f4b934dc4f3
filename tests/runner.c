/* runner.c — runs the registered tests (see tt.h) and prints "N passed, N failed".
 * Usage: tests/run [-d DATA_DIR] [-b THUVIEN_BIN] [NAME_SUBSTRING]
 * Each test runs in a child process, so a crash or hang fails that test only. */
#define _GNU_SOURCE
#include "tt.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
	const char *name, *file;
	tt_fn fn;
} tt_case;

static tt_case *cases;
static size_t ncases, capcases;
static int failures; /* in the child: failures of the running test */
const char *tt_data_dir = "tests/data";
const char *tt_bin = "./thuvien";
static char tmproot[] = "/tmp/thuvien-test-XXXXXX";
static int tmpcount;

void tt_register(const char *name, const char *file, tt_fn fn)
{
	if (ncases == capcases) {
		capcases = capcases ? capcases * 2 : 256;
		cases = realloc(cases, capcases * sizeof *cases);
		if (!cases) abort();
	}
	cases[ncases++] = (tt_case){name, file, fn};
}

void tt_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "    %s:%d: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	failures++;
}

char *tt_tmpdir(void)
{
	char *p;
	if (asprintf(&p, "%s/t%d", tmproot, ++tmpcount) < 0) abort();
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", p, p);
	if (system(cmd) != 0) abort();
	return p;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) return strdup("");
	size_t cap = 4096, n = 0, r;
	char *b = malloc(cap);
	while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (n + 1 == cap) b = realloc(b, cap *= 2);
	}
	fclose(f);
	if (!b) abort();
	b[n] = '\0';
	return b;
}

int tt_run(char **out, char **err, const char *fmt, ...)
{
	char *cmd, *full;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0) abort();
	va_end(ap);
	char o[600], e[600];
	snprintf(o, sizeof o, "%s/out.%d", tmproot, (int)getpid());
	snprintf(e, sizeof e, "%s/err.%d", tmproot, (int)getpid());
	if (asprintf(&full, "( %s ) >'%s' 2>'%s' </dev/null", cmd, o, e) < 0) abort();
	int st = system(full);
	free(full);
	free(cmd);
	if (out) *out = slurp(o);
	if (err) *err = slurp(e);
	unlink(o);
	unlink(e);
	return st == -1 ? -1 : (WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

void *tt_json(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text ? text : "", 0, &je);
	if (!j) tt_fail(__FILE__, __LINE__, "invalid JSON (%s): %.200s", je.text, text ? text : "");
	return j;
}

static int cmp_case(const void *a, const void *b)
{
	const tt_case *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	return c ? c : strcmp(x->name, y->name);
}

int main(int argc, char **argv)
{
	const char *filter = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "d:b:")) != -1) {
		if (opt == 'd')
			tt_data_dir = optarg;
		else if (opt == 'b')
			tt_bin = optarg;
		else {
			fprintf(stderr, "usage: %s [-d DATA_DIR] [-b THUVIEN] [FILTER]\n", argv[0]);
			return 1;
		}
	}
	if (optind < argc) filter = argv[optind];
	if (!mkdtemp(tmproot)) {
		perror("mkdtemp");
		return 1;
	}
	qsort(cases, ncases, sizeof *cases, cmp_case);
	int passed = 0, failed = 0;
	for (size_t i = 0; i < ncases; i++) {
		if (filter && !strstr(cases[i].name, filter) && !strstr(cases[i].file, filter))
			continue;
		fflush(stdout);
		fflush(stderr);
		pid_t pid = fork();
		if (pid == 0) {
			alarm(300);
			failures = 0;
			cases[i].fn();
			fflush(stdout);
			_exit(failures ? 1 : 0);
		}
		int st = 0;
		waitpid(pid, &st, 0);
		int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
		if (ok) {
			passed++;
			printf("ok   %s\n", cases[i].name);
		} else {
			failed++;
			if (WIFSIGNALED(st))
				printf("FAIL %s (signal %d)\n", cases[i].name, WTERMSIG(st));
			else
				printf("FAIL %s\n", cases[i].name);
		}
	}
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmproot);
	if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmproot);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
