# thuvien — build, test and run.  `make run` and `make check` are the two
# commands a new user needs (README.md); both install missing Debian packages.

# tcmalloc (minimal): the Xapian writer and poppler allocate per term and per
# object; glibc malloc cost a fifth of indexing time (bench/README.md).
PKGS     := xapian-core poppler-glib cairo libxml-2.0 libmicrohttpd libzip libutf8proc \
            libpcre2-8 jansson tesseract libgsf-1 libtcmalloc_minimal
CC       ?= cc
CXX      ?= g++
OPT      ?= -O2 -g
CFLAGS   += -std=gnu11 $(OPT) -Wall -Wextra -Werror -pthread \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CXXFLAGS += -std=c++17 $(OPT) -Wall -Wextra -Werror -pthread \
            $(shell pkg-config --cflags xapian-core 2>/dev/null)
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm -lstdc++

DB       ?= thuvien-db
PORT     ?= 8080

LIB_C    := $(wildcard common/*.c vn/*.c indexer/*.c search/*.c web/*.c)
LIB_CC   := search/xdb.cc
LIB_OBJ  := $(LIB_C:.c=.o) $(LIB_CC:.cc=.o)
TEST_OBJ := $(patsubst %.c,%.o,$(wildcard tests/*.c))
HEADERS  := $(wildcard common/*.h vn/*.h indexer/*.h search/*.h web/*.h tests/*.h)

.PHONY: all deps check run test accuracy bench clean format

all: thuvien tests/run tools/accuracy

deps:
	@./scripts/install-deps.sh

thuvien: cli/main.o libthuvien.a
	$(CC) $(CFLAGS) -o $@ cli/main.o libthuvien.a $(LDLIBS)

libthuvien.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $(LIB_OBJ)

tests/run: $(TEST_OBJ) libthuvien.a
	$(CC) $(CFLAGS) -o $@ $(TEST_OBJ) libthuvien.a $(LDLIBS)

tools/accuracy: tools/accuracy.o libthuvien.a
	$(CC) $(CFLAGS) -o $@ tools/accuracy.o libthuvien.a $(LDLIBS)

%.o: %.c $(HEADERS)
	$(CC) $(CFLAGS) -c -o $@ $<

%.o: %.cc $(HEADERS)
	$(CXX) $(CXXFLAGS) -c -o $@ $<

# The alias table is compiled in (indexer/fields.c), as C string lines.
indexer/fields.o: indexer/aliases.inc
indexer/aliases.inc: corpus/aliases.tsv
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

# Every test: C unit and end-to-end tests, then the browser tests; one closing line.
# The tests also open exported DOCX files in LibreOffice.
check:
	@THUVIEN_DEPS_EXTRA="libreoffice-writer-nogui" ./scripts/install-deps.sh
	@$(MAKE) --no-print-directory all
	@./tests/run-all.sh

test: all
	./tests/run -d tests/data -b ./thuvien

run: deps
	@$(MAKE) --no-print-directory all
	./thuvien index --db $(DB) corpus
	./thuvien serve --db $(DB) --bind 127.0.0.1 --port $(PORT)

accuracy: deps
	@$(MAKE) --no-print-directory all
	./tools/accuracy --ocr-cache .cache/accuracy-ocr ../shared/corpus-real/truth.jsonl tests/data/fields

# Benchmarks (never part of check): bench-only packages, the tools, every runner.
bench: deps
	@THUVIEN_DEPS_EXTRA="wrk xapian-omega xapian-tools recollcmd" ./scripts/install-deps.sh
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory -C bench
	bench/run-all.sh

clean:
	rm -f thuvien tests/run tools/accuracy libthuvien.a $(LIB_OBJ) $(TEST_OBJ) cli/*.o tools/*.o \
	      indexer/aliases.inc

format:
	clang-format -i $(LIB_C) $(LIB_CC) $(HEADERS) cli/*.c tests/*.c
