/* lex: the VTL lexer's state and token type (the scanner is grammar/vtl_lexer.re).
 *
 * VTL is lexed in modes kept on a stack: TEXT (template text, directives,
 * comments), EXPR (inside a directive's parentheses, a method call's arguments
 * or an index's brackets) and REF (just after a reference's identifier, where a
 * `.name`, `.name(`, `[` or a formal `}` may continue it). Each EXPR frame knows
 * the bracket that closes it and what it belongs to, so the lexer can emit the
 * directive's closing parenthesis (which swallows trailing blanks and one
 * newline, as Velocity 1.7 does) differently from an inner one. */
#ifndef VTL_VTL_LEX_H
#define VTL_VTL_LEX_H
#include "base/arena.h"
#include "base/srcmap.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lex_mode { LEX_TEXT, LEX_EXPR, LEX_REF };
enum lex_frame_kind { FRAME_TEXT, FRAME_DIRECTIVE, FRAME_CALL, FRAME_INDEX, FRAME_REF };

typedef struct lex_frame {
    unsigned char mode;    /* enum lex_mode */
    unsigned char kind;    /* enum lex_frame_kind */
    bool formal;           /* REF frame opened with ${ */
    int depth;             /* nesting of the closing bracket kind inside this frame */
} lex_frame;

/* Reference flags in lex_token.flags */
#define LEXF_QUIET 1
#define LEXF_FORMAL 2

/* What the parser keeps of a token: its text and flags. The position is in
 * bison's location (yylloc), so it is not copied twice on every shift. */
typedef struct lex_value {
    const char *text;
    uint32_t len;
    uint16_t flags;
    uint16_t escapes;
} lex_value;

/* A token as the lexer produces it: the value the parser keeps (v, whose
 * fields the lexer also names directly) and its position. */
typedef struct lex_token {
    int kind;              /* bison token number */
    vtl_span span;
    union {
        lex_value v;
        struct {
            const char *text;   /* TEXT: the text; identifiers; literals (arena or source) */
            uint32_t len;
            uint16_t flags;     /* LEXF_* */
            uint16_t escapes;   /* backslashes before a reference (capped) */
        };
    };
} lex_token;

#define LEX_MAX_DEPTH 256

typedef struct lexer {
    const unsigned char *src, *cur, *lim, *mar, *tok;
    size_t base;           /* offset added to spans (for interpolated strings) */
    arena *ar;             /* where processed text goes */
    lex_frame stack[LEX_MAX_DEPTH];
    int sp;                /* index of the top frame */
    int pending_escapes;   /* backslashes seen before a reference start */
    bool overflow;         /* nesting too deep */
} lexer;

/* Where a lexer is: restoring it replays the same tokens (a parser that read
 * ahead and gave up uses it). Only the live frames are copied. */
typedef struct lex_mark {
    const unsigned char *cur;
    int sp, pending_escapes;
    lex_frame stack[LEX_MAX_DEPTH];
} lex_mark;

void lex_save(const lexer *lx, lex_mark *m);
void lex_restore(lexer *lx, const lex_mark *m);

/* Start lexing src[0..len) (src[len] must be NUL) in TEXT mode. Spans are
 * reported as offsets + base. Processed text is allocated from ar. */
void lex_init(lexer *lx, const char *src, size_t len, size_t base, arena *ar);
/* Scan the next token into *t; returns its kind (0 at end of input). */
int lex_next(lexer *lx, lex_token *t);

#endif
