# The DynamoDB engine (issue 4): sources appended to libvtl, and its tests.
# Generated grammar files (ddb_lexer.re / ddb_parser.y) go to the build tree
# like the VTL grammar's.

DDB_GRAMMAR_OUT = grammar/ddb_parser.c grammar/ddb_parser.h grammar/ddb_lexer.c
BUILT_SOURCES += $(DDB_GRAMMAR_OUT)
CLEANFILES += $(DDB_GRAMMAR_OUT)

grammar/ddb_parser.h: grammar/ddb_parser.c
grammar/ddb_parser.c: $(srcdir)/grammar/ddb_parser.y
	$(AM_V_GEN)$(MKDIR_P) grammar && \
	$(BISON) -Wall -Werror -Wno-counterexamples --defines=grammar/ddb_parser.h -o grammar/ddb_parser.c $(srcdir)/grammar/ddb_parser.y

grammar/ddb_lexer.c: $(srcdir)/grammar/ddb_lexer.re grammar/ddb_parser.h
	$(AM_V_GEN)$(MKDIR_P) grammar && \
	$(RE2C) -W -Werror --no-generation-date --no-version -o $@ $(srcdir)/grammar/ddb_lexer.re

libvtl_la_SOURCES += \
	src/ddb/ddb_num.c src/ddb/ddb_num.h \
	src/ddb/ddb_json.c src/ddb/ddb_json.h \
	src/ddb/ddb_direct.c src/ddb/ddb_direct.h \
	src/ddb/ddb_jsonw.c src/ddb/ddb_jsonw.h \
	src/ddb/ddb_attr.c src/ddb/ddb_attr.h \
	src/ddb/ddb_expr.c src/ddb/ddb_expr.h \
	src/ddb/ddb_lex.h \
	src/ddb/ddb_reserved.c src/ddb/ddb_reserved.h \
	src/ddb/ddb_parse.c src/ddb/ddb_parse.h \
	src/ddb/ddb_eval.c src/ddb/ddb_eval.h \
	src/ddb/ddb_update.c src/ddb/ddb_update.h \
	src/ddb/ddb_tree.c src/ddb/ddb_tree.h \
	src/ddb/ddb_table.c src/ddb/ddb_table.h \
	src/ddb/ddb_db.c src/ddb/ddb_db.h \
	src/ddb/ddb_req.c src/ddb/ddb_req.h \
	src/ddb/ddb_write.c src/ddb/ddb_write.h \
	src/ddb/ddb_read.c src/ddb/ddb_read.h \
	src/ddb/ddb_api.c
vtlinclude_HEADERS += include/vtl/vtl_ddb.h
nodist_libvtl_la_SOURCES += $(DDB_GRAMMAR_OUT)

EXTRA_DIST += grammar/ddb_parser.y grammar/ddb_lexer.re

# ---------------------------------------------------------------- tests
if HAVE_CHECK
check_PROGRAMS += tests/unit/check_ddb
tests_unit_check_ddb_SOURCES = tests/unit/check_ddb.c tests/unit/check_ddb_suites.h \
	tests/unit/check_ddb_num.c tests/unit/check_ddb_value.c tests/unit/check_ddb_expr.c \
	tests/unit/check_ddb_update.c tests/unit/check_ddb_ops.c tests/unit/check_ddb_direct.c
tests_unit_check_ddb_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ddb_LDADD = libvtl.la $(CHECK_LIBS)
TESTS += tests/unit/check_ddb
endif
TESTS += tests/golden/run-ddb-golden
EXTRA_DIST += tests/golden/run-ddb-golden

# ---------------------------------------------------------------- benchmark
# bench/ddb/run drives it (built with the rest so the figures use this build).
noinst_PROGRAMS += bench/ddb/ddb_bench
bench_ddb_ddb_bench_SOURCES = bench/ddb/ddb_bench.c
bench_ddb_ddb_bench_LDADD = libvtl.la
